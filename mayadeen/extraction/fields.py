"""The article item's fields, each declared once: one record per story, identified by the
site's post id (:mod:`mayadeen.items` is where Scrapy users find the item).

The fields are a contract (users' scripts read them by name, CSV columns follow their order).
Each field states it once, here: its Python type, its JSON-Schema fragment (``schema``),
whether a valid item must have it (``required``) and its meaning (``doc``), all in the
dataclass field's ``metadata``. :data:`ARTICLE_SCHEMA` (what the validation pipeline checks)
and :func:`field_table` (the item table of ``docs/reference.md``) are generated from them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from mayadeen.extraction.schema import (
    COUNT,
    DATETIME,
    HTTP_URL,
    IMAGES,
    OPTIONAL_TEXT,
    STRING_LIST,
    TEXT,
    Schema,
    or_null,
    type_label,
)


def _value(schema: Schema, doc: str, *, required: bool = False) -> Any:
    """A field that defaults to ``None``, with its contract."""
    return field(default=None, metadata=_contract(schema, doc, required))


def _contract(schema: Schema, doc: str, required: bool = False) -> dict[str, Any]:
    """A field's ``metadata``: its JSON-Schema fragment, meaning and whether it is required."""
    return {"schema": schema, "doc": doc, "required": required}


@dataclass
class Article:
    article_id: str | None = _value(
        {"type": "string", "pattern": r"^\d+$"},
        "the site's numeric post id: the article's identity (slugs change when titles are edited)",
        required=True,
    )
    url: str | None = _value(HTTP_URL, "the page's canonical address", required=True)
    title: str | None = _value(TEXT, "the headline", required=True)
    summary: str | None = _value(OPTIONAL_TEXT, "the lead (null when the page has none)")
    authors: list[str] = field(
        default_factory=list,
        metadata=_contract(
            STRING_LIST,
            "byline names; house bylines (`Al Mayadeen English`) included; empty when the page "
            "names none",
        ),
    )
    source: str | None = _value(
        OPTIONAL_TEXT, 'the "Source:" line (`Agencies`), null when the page shows none'
    )
    published_at: str | None = _value(
        DATETIME, "ISO 8601 in UTC, e.g. `2024-03-19T07:18:39+00:00`", required=True
    )
    published_at_raw: str | None = _value(
        OPTIONAL_TEXT,
        "the value as the page gave it (Beirut time with its offset, e.g. "
        "`2024-03-19T09:18:39+02:00`)",
    )
    modified_at: str | None = _value(
        or_null(DATETIME),
        "ISO 8601 in UTC, as `published_at`; the publication date when the page states no change",
    )
    modified_at_raw: str | None = _value(
        OPTIONAL_TEXT, "the value as the page gave it; null when the page states no change"
    )
    post_type: str | None = _value(OPTIONAL_TEXT, "the site's post type (`News`)")
    section: str | None = _value(OPTIONAL_TEXT, "the site's category (`Politics`)")
    region: str | None = _value(OPTIONAL_TEXT, "the site's country/region (`Palestine`)")
    coverage: str | None = _value(OPTIONAL_TEXT, "the running story the site files it under")
    tags: list[str] = field(
        default_factory=list,
        metadata=_contract(STRING_LIST, "de-duplicated, page order"),
    )
    body: str | None = _value(
        {"type": "string"},
        'plain text, paragraphs separated by a blank line; no "Read more:" lines, related '
        'boxes, tweets, captions or widget text. `""` for a story without text (a video '
        'player, one infographic, a gallery: the metadata says `word_count: "0"`); its images '
        "are then its content",
        required=True,
    )
    word_count: int | None = _value(COUNT, "words in `body`")
    reading_time: int | None = _value(
        or_null(COUNT), 'minutes: the page\'s "N Min Read", else `ceil(word_count / 200)`'
    )
    images: list[dict[str, Any]] = field(
        default_factory=list,
        metadata=_contract(
            IMAGES,
            '`{"url", "caption", "credit"}` per figure of the article, lead image first; the '
            "credit is the caption's trailing parenthesis",
        ),
    )
    image_url: str | None = _value(
        {"type": ["string", "null"], "pattern": r"^https?://"},
        "the lead image (the page's thumbnail)",
    )
    video_duration: int | None = _value(or_null(COUNT), "seconds, for videos")
    language: str | None = _value(OPTIONAL_TEXT, "`en`")
    scraped_at: str | None = _value(DATETIME, "UTC, ISO 8601")
    content_hash: str | None = _value(
        {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
        "SHA-256 of the normalized title and body: changes exactly when the text does",
    )
    found_in: list[str] = field(
        default_factory=list,
        metadata=_contract(
            STRING_LIST,
            "the menu trails of the listings that showed the story (`News > Politics`), `Home` "
            "for the homepage (an incremental run reads it first and may need no other "
            "listing); empty for `article` and `sitemap`",
        ),
    )
    revision: int | None = _value(
        {"type": ["integer", "null"], "minimum": 1},  # null until the history sets it
        "1 the first time the history sees the article, one more each time it is written "
        "again because it changed",
    )


ARTICLE_FIELDS: list[str] = [f.name for f in fields(Article)]
#: Fields set by the crawl rather than read from the page.
CRAWL_FIELDS = frozenset({"scraped_at", "found_in", "revision"})

#: JSON Schema of a valid item, from the fields' ``schema`` and ``required`` metadata.
ARTICLE_SCHEMA: Schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [f.name for f in fields(Article) if f.metadata["required"]],
    "properties": {f.name: f.metadata["schema"] for f in fields(Article)},
}


def field_table() -> str:
    """The markdown table of the item's fields (name, type, meaning), in column order."""
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    rows += [
        f"| `{f.name}` | {type_label(f.metadata['schema'])} | {f.metadata['doc']} |"
        for f in fields(Article)
    ]
    return "\n".join(rows) + "\n"


def content_hash(title: str | None, body: str | None) -> str:
    """Stable hash of an article's text: NFC, whitespace-folded title and body.

    Two fetches of an unchanged story give the same hash whatever the page's
    markup, widgets or scrape time.
    """
    parts = [" ".join(unicodedata.normalize("NFC", s or "").split()) for s in (title, body)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
