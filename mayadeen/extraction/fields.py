"""The article item's fields, each declared once, in column order.

A :class:`Field` states all there is to know of one field: its name, its JSON-Schema fragment
(from which its Python type follows), whether a valid item must have it, what it means, and
where the page states it: its :data:`~mayadeen.extraction.page.Source` s in the order they
are tried (the first that gives a value wins; a later one is read only when every earlier
one gave nothing) and the normalisation the winning value gets, or, for a field with logic
of its own (the dates, the body, the images), the function that reads it. Fields the crawl
sets (``scraped_at``, ``found_in``, ``revision``) have no sources; ``content_hash`` is
derived from two others.

Everything else is derived from :data:`FIELDS`: the item class (:data:`Article`, a
dataclass), its JSON Schema (:data:`ARTICLE_SCHEMA`, what the validation pipeline checks),
the CSV columns and JSON keys (:data:`ARTICLE_FIELDS`, Scrapy's ``FEED_EXPORT_FIELDS``), the
docs' field table (:func:`field_table`) and the extraction itself
(:func:`~mayadeen.extraction.article.extract_article`). Adding a field is adding one
:class:`Field` here.

The order of sources is the same for every field: the CMS's ``tawsiyat`` JSON block (what
the CMS stores; verified on the Arabic sister site), then meta tags, then JSON-LD, then the
visible markup (the theme: its English class names are unverified and may change). Where a
field departs from it, the comment over it says so. Every value leaves extraction clean
(:func:`~mayadeen.extraction.text.clean_text`): no pipeline cleans it again.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any
from urllib.parse import urlsplit

from mayadeen import site
from mayadeen.extraction import selectors
from mayadeen.extraction.dates import modified, published
from mayadeen.extraction.media import image_url, images, video_duration
from mayadeen.extraction.page import (
    ArticlePage,
    Source,
    address_source,
    block,
    class_value,
    first,
    given,
    header_match,
    meta,
    post_id_source,
)
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
from mayadeen.extraction.text import clean_text, node_text, unique

#: How a field with logic of its own reads the page.
Read = Callable[[ArticlePage], Any]


@dataclass(frozen=True)
class Field:
    """One field of the article item, declared once (see the module's docstring)."""

    name: str
    schema: Schema
    doc: str
    required: bool = False
    #: Where the page states the value, most trusted first.
    sources: tuple[Source, ...] = ()
    #: What the winning source's value becomes (the same for every source).
    normalise: Callable[[Any], Any] | None = None
    #: The field's own reader, for a field that is more than its first source.
    read: Read | None = None
    #: Computed from the other fields' values (``content_hash``).
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    #: Set by the crawl, not read from the page.
    crawl: bool = False
    #: The item's value when it is made without one (a scalar field's; a list's is ``[]``).
    default: Any = None

    @property
    def is_list(self) -> bool:
        return self.schema.get("type") == "array"

    @property
    def empty(self) -> Any:
        """The value when the page states none: ``[]`` for a list, else ``None``."""
        return [] if self.is_list else None

    def extract(self, page: ArticlePage) -> Any:
        """The field's value on ``page`` (read once per page)."""
        return page.once(self.name, self._extract)

    def _extract(self, page: ArticlePage) -> Any:
        if self.read is not None:
            value = self.read(page)
        else:
            value = first(page, self.sources)
            if value is not None and self.normalise is not None:
                value = self.normalise(value)
        return self.empty if value is None else value

    def candidates(self, page: ArticlePage) -> list[tuple[str, Any]]:
        """What every source gives on the page, in order: the first one wins."""
        return [(name, value) for name, read in self.sources if given(value := read(page))]


# --- helpers of the fields' sources ------------------------------------------------------


def _without_site_suffix(title: str) -> str | None:
    return clean_text(selectors.TITLE_SUFFIX_RE.sub("", title))


def _split_names(value: str | None) -> list[str]:
    return unique([clean_text(n) for n in selectors.NAME_SEPARATOR_RE.split(value or "")])


def _jsonld_names(value: Any) -> list[str]:
    entries = value if isinstance(value, list) else [value]
    names = [e.get("name") if isinstance(e, dict) else e for e in entries]
    return unique([clean_text(n) for n in names if isinstance(n, str)])


def _byline_names(texts: list[str]) -> list[str]:
    return unique([n for t in texts for n in _split_names(selectors.BYLINE_PREFIX_RE.sub("", t))])


def _split_tags(value: Any) -> list[str]:
    """A comma-separated string's tags; nothing from a value that is no string."""
    return unique([clean_text(t) for t in value.split(",")]) if isinstance(value, str) else []


def _source_line(page: ArticlePage) -> str | None:
    match = header_match(page, selectors.SOURCE_RE)
    return match["source"] if match else None


def body(page: ArticlePage) -> str | None:
    """Paragraph texts of the body container (its one source), blank-line separated;
    boilerplate left out. ``""`` for a story without text (:func:`has_words`) that shows
    none; ``None`` when a text story's body is not found."""
    if page.body_text is None and not has_words(page):
        return ""  # a story without text (a player, a gallery): not a broken page
    return page.body_text


def minutes_computed(page: ArticlePage) -> int | None:
    words = page.word_count
    return max(1, math.ceil(words / selectors.WORDS_PER_MINUTE)) if words else None


def _minutes_stated(page: ArticlePage) -> int | None:
    match = header_match(page, selectors.READING_TIME_RE)
    return page.number("reading_time", "header line", match["minutes"]) if match else None


def content_hash(title: str | None, body: str | None) -> str:
    """Stable hash of an article's text: NFC, whitespace-folded title and body.

    Two fetches of an unchanged story give the same hash whatever the page's
    markup, widgets or scrape time.
    """
    parts = [" ".join(unicodedata.normalize("NFC", s or "").split()) for s in (title, body)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


# --- the fields, in column order ----------------------------------------------------------

FIELDS: tuple[Field, ...] = (
    Field(
        "article_id",
        {"type": "string", "pattern": r"^(?:[a-z]{2}:)?\d+$"},
        "the article's identity, its edition and the site's numeric post id (slugs change when "
        "titles are edited): the post id on the English edition, `ar:<post id>` on the Arabic",
        required=True,
        sources=(
            post_id_source("metadata postid", lambda page: page.meta_value("postid")),
            post_id_source("meta postid", lambda page: page.meta_tags.get("postid")),
        ),
    ),
    # The address fetched when the page names none (or none that is an http(s) address).
    Field(
        "url",
        HTTP_URL,
        "the page's canonical address",
        required=True,
        sources=(
            address_source("url", "metadata url", lambda page: page.meta_value("url")),
            address_source("url", "meta og:url", lambda page: page.meta_tags.get("og:url")),
            address_source(
                "url",
                "canonical link",
                lambda page: page.selector.css(selectors.CANONICAL_LINK).get(),
            ),
            ("address fetched", lambda page: page.url),
        ),
    ),
    Field(
        "title",
        TEXT,
        "the headline",
        required=True,
        sources=(
            ("metadata title", block("title")),
            ("meta og:title", meta("og:title")),
            ("meta title", meta("title")),
            ("headline", lambda page: page.css_first(selectors.TITLE)),
            (
                "document title",
                lambda page: clean_text(page.selector.css(selectors.DOCUMENT_TITLE).get()),
            ),
        ),
        normalise=_without_site_suffix,  # `` | Al Mayadeen English``
    ),
    Field(
        "summary",
        OPTIONAL_TEXT,
        "the lead (null when the page has none)",
        sources=(
            ("metadata description", block("description")),
            ("meta description", meta("description")),
            ("meta og:description", meta("og:description")),
            (
                "lead paragraph",
                lambda page: next(
                    (node_text(n) for q in selectors.LEAD for n in page.root.css(q)[:1]), None
                ),
            ),
        ),
    ),
    # The author classes name each person; the block's and the tag's ``author`` is the
    # byline's one display string ("A, B and C"), split into names.
    Field(
        "authors",
        STRING_LIST,
        "byline names; house bylines (`Al Mayadeen English`) included; empty when the page "
        "names none",
        sources=(
            (
                "metadata author classes",
                lambda page: unique(page.classes.get(selectors.CLASS_AUTHOR, [])),
            ),
            ("metadata author", lambda page: _split_names(clean_text(page.meta_value("author")))),
            ("meta author", lambda page: _split_names(clean_text(page.meta_tags.get("author")))),
            ("jsonld author", lambda page: _jsonld_names(page.jsonld_article.get("author"))),
            (
                "byline",
                lambda page: next(
                    (
                        names
                        for q in selectors.BYLINE
                        if (names := _byline_names(page.root.css(q).getall()))
                    ),
                    [],
                ),
            ),
        ),
    ),
    # The "Source: Agencies" line of the article header: no metadata carries it.
    Field(
        "source",
        OPTIONAL_TEXT,
        'the "Source:" line (`Agencies`), null when the page shows none',
        sources=(("header line", _source_line),),
    ),
    # Dates have sources of their own (:data:`~mayadeen.extraction.dates.DATE_SOURCES`).
    Field(
        "published_at",
        DATETIME,
        "ISO 8601 in UTC, e.g. `2024-03-19T07:18:39+00:00`",
        required=True,
        read=lambda page: published(page)[0],
    ),
    Field(
        "published_at_raw",
        OPTIONAL_TEXT,
        "the value as the page gave it (Beirut time with its offset, e.g. "
        "`2024-03-19T09:18:39+02:00`)",
        read=lambda page: published(page)[1],
    ),
    Field(
        "modified_at",
        or_null(DATETIME),
        "ISO 8601 in UTC, as `published_at`; the publication date when the page states no change",
        read=lambda page: modified(page)[0],
    ),
    Field(
        "modified_at_raw",
        OPTIONAL_TEXT,
        "the value as the page gave it; null when the page states no change",
        read=lambda page: modified(page)[1],
    ),
    Field(
        "post_type",
        OPTIONAL_TEXT,
        "the site's post type (`News`)",
        sources=(
            ("metadata posttype class", lambda page: class_value(page, selectors.CLASS_POST_TYPE)),
        ),
    ),
    Field(
        "section",
        OPTIONAL_TEXT,
        "the site's category (`Politics`)",
        sources=(
            ("metadata category class", lambda page: class_value(page, selectors.CLASS_SECTION)),
            (
                "jsonld articleSection",
                lambda page: clean_text(page.jsonld_article.get("articleSection")),
            ),
            ("category link", lambda page: page.css_first(selectors.SECTION_LINK, root=page.root)),
        ),
    ),
    Field(
        "region",
        OPTIONAL_TEXT,
        "the site's country/region (`Palestine`)",
        sources=(
            ("metadata country class", lambda page: class_value(page, selectors.CLASS_REGION)),
        ),
    ),
    Field(
        "coverage",
        OPTIONAL_TEXT,
        "the running story the site files it under",
        sources=(
            ("metadata coverage class", lambda page: class_value(page, selectors.CLASS_COVERAGE)),
        ),
    ),
    # The block's ``keywords`` is one comma-separated string (duplicates occur). Without the
    # block, the visible tag list comes before the ``keywords`` meta tag.
    Field(
        "tags",
        STRING_LIST,
        "de-duplicated, page order",
        sources=(
            ("metadata keywords", lambda page: _split_tags(page.meta_value("keywords"))),
            (
                "tag links",
                lambda page: unique(
                    [clean_text(t) for q in selectors.TAG_LINKS for t in page.root.css(q).getall()]
                ),
            ),
            ("meta keywords", lambda page: _split_tags(page.meta_tags.get("keywords"))),
        ),
    ),
    Field(
        "body",
        {"type": "string"},
        'plain text, paragraphs separated by a blank line; no "Read more:" lines, related '
        'boxes, tweets, captions or widget text. `""` for a story without text (a video '
        'player, one infographic, a gallery: the metadata says `word_count: "0"`); its images '
        "are then its content",
        required=True,
        read=body,
    ),
    Field("word_count", COUNT, "words in `body`", read=lambda page: page.word_count),
    Field(
        "reading_time",
        or_null(COUNT),
        'minutes: the page\'s "N Min Read", else `ceil(word_count / 200)`',
        sources=(
            ("header line", _minutes_stated),
            ("computed from the words", minutes_computed),
        ),
    ),
    Field(
        "images",
        IMAGES,
        '`{"url", "caption", "credit"}` per figure of the article, lead image first; the '
        "credit is the caption's trailing parenthesis",
        read=images,
    ),
    Field(
        "image_url",
        {"type": ["string", "null"], "pattern": r"^https?://"},
        "the lead image (the page's thumbnail)",
        read=image_url,
    ),
    Field("video_duration", or_null(COUNT), "seconds, for videos", read=video_duration),
    Field(
        "language",
        OPTIONAL_TEXT,
        "`en`, `ar`: as the page says, else its edition's",
        sources=(
            ("metadata lang", block("lang")),
            ("meta inLanguage", meta("inlanguage")),
            ("html lang", lambda page: clean_text(page.selector.xpath(selectors.HTML_LANG).get())),
            ("edition", lambda page: page.edition.language),
        ),
    ),
    Field("scraped_at", DATETIME, "UTC, ISO 8601", crawl=True),
    Field(
        "content_hash",
        {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
        "SHA-256 of the normalized title and body: changes exactly when the text does",
        derive=lambda values: content_hash(values["title"], values["body"]),
    ),
    Field(
        "found_in",
        STRING_LIST,
        "the menu trails of the listings that showed the story (`News > Politics`), `Home` "
        "for the homepage (an incremental run reads it first and may need no other "
        "listing); empty for `article` and `sitemap`",
        crawl=True,
    ),
    Field(
        "revision",
        {"type": ["integer", "null"], "minimum": 1},  # null until the history sets it
        "1 the first time the history sees the article, one more each time it is written "
        "again because it changed",
        crawl=True,
    ),
    # Last, so that the columns of earlier feeds keep their places.
    Field(
        "edition",
        {"type": "string", "enum": sorted(site.EDITIONS)},
        "the site the story is from: `en` (english.almayadeen.net) or `ar` (www.almayadeen.net)",
        required=True,
        read=lambda page: page.edition.code,
        # An item made without it, or stored before there were editions, is an English one.
        default=site.ENGLISH.code,
    ),
)

#: The fields by name.
FIELD: dict[str, Field] = {f.name: f for f in FIELDS}


# --- the kind of story: text, or a video, gallery or infograph that may have none ---------


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _kind_by(rules: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    return next((value for pattern, value in rules if pattern.search(text)), None)


KIND_SOURCES: tuple[Source, ...] = (
    (
        "jsonld type",
        lambda page: next(
            (
                selectors.JSONLD_KINDS[t]
                for t in _as_list(page.jsonld_article.get("@type"))
                if isinstance(t, str) and t in selectors.JSONLD_KINDS
            ),
            None,
        ),
    ),
    (
        "post type",
        lambda page: _kind_by(selectors.POST_TYPE_KINDS, FIELD["post_type"].extract(page) or ""),
    ),
    (
        "url path",
        lambda page: _kind_by(selectors.PATH_KINDS, urlsplit(FIELD["url"].extract(page)).path),
    ),
)


def kind(page: ArticlePage) -> str:
    """``text``, or one of :data:`~mayadeen.extraction.selectors.KINDS`, from the first
    source that tells."""
    return page.once("kind", lambda page: first(page, KIND_SOURCES) or "text")


def has_words(page: ArticlePage) -> bool:
    """Whether the story has text: the metadata's ``word_count`` when it states one, else
    whether it is a text story."""
    count = page.number("word_count", "metadata", page.meta_value("word_count"))
    if count is not None:
        return count > 0
    return kind(page) == "text"


# --- what is derived from the fields --------------------------------------------------------


def python_type(schema: Schema) -> Any:
    """The Python type of a field's values, from its schema."""
    if "anyOf" in schema:
        return python_type(schema["anyOf"][0]) | None
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    types = {"string": str, "integer": int, "array": list[Any], "object": dict[str, Any]}
    known = [types[k] for k in kinds if k in types]
    if not known:
        return Any
    return known[0] if known[0] is list[Any] else known[0] | None


def item_class(declared: tuple[Field, ...]) -> type:
    """The item dataclass of ``declared``: a field each, in order, defaulting to its empty
    value, its schema, meaning and requiredness in the dataclass field's ``metadata``."""
    cls = make_dataclass(
        "Article",
        [
            (
                f.name,
                python_type(f.schema),
                field(
                    default_factory=list,
                    metadata={"schema": f.schema, "doc": f.doc, "required": f.required},
                )
                if f.is_list
                else field(
                    default=f.default,
                    metadata={"schema": f.schema, "doc": f.doc, "required": f.required},
                ),
            )
            for f in declared
        ],
    )
    cls.__module__ = __name__  # where pickle finds it (``make_dataclass`` names its caller's)
    return cls


def item_schema(declared: tuple[Field, ...]) -> Schema:
    """The JSON Schema of a valid item of ``declared``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": [f.name for f in declared if f.required],
        "properties": {f.name: f.schema for f in declared},
    }


def field_table(declared: tuple[Field, ...] = FIELDS) -> str:
    """The markdown table of the item's fields (name, type, meaning), in column order."""
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{f.name}` | {type_label(f.schema)} | {f.doc} |" for f in declared]
    return "\n".join(rows) + "\n"


#: The article item: one record per story, identified by the site's post id.
Article = item_class(FIELDS)
#: The item's fields in column order: the JSON keys and the CSV columns.
ARTICLE_FIELDS: list[str] = [f.name for f in fields(Article)]
#: Fields set by the crawl rather than read from the page.
CRAWL_FIELDS = frozenset(f.name for f in FIELDS if f.crawl)
#: JSON Schema of a valid item.
ARTICLE_SCHEMA: Schema = item_schema(FIELDS)
