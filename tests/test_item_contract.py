"""The item contract is stated once, in :data:`mayadeen.extraction.fields.FIELDS`: the item
class, the JSON Schema, the CSV columns, the docs' field table and the extraction are made
from it, and the docs hold that table. A new field is one :class:`Field` there."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import fields
from pathlib import Path

import fastjsonschema

from mayadeen.extraction.article import extract_fields
from mayadeen.extraction.fields import (
    FIELDS,
    Field,
    field_table,
    item_class,
    item_schema,
)
from mayadeen.extraction.page import ArticlePage, meta
from mayadeen.extraction.schema import OPTIONAL_TEXT, type_label
from mayadeen.feeds.exporters import ArticleCsvItemExporter
from mayadeen.items import ARTICLE_FIELDS, ARTICLE_SCHEMA, Article
from mayadeen.settings import FEED_EXPORT_FIELDS

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"

#: The fields, in column order, as users' scripts and spreadsheets know them.
CONTRACT = [
    "article_id", "url", "title", "summary", "authors", "source", "published_at",
    "published_at_raw", "modified_at", "modified_at_raw", "post_type", "section", "region",
    "coverage", "tags", "body", "word_count", "reading_time", "images", "image_url",
    "video_duration", "language", "scraped_at", "content_hash", "found_in", "revision", "edition",
]  # fmt: skip


def test_field_names_and_order_are_the_contract() -> None:
    assert ARTICLE_FIELDS == CONTRACT
    assert FEED_EXPORT_FIELDS == CONTRACT


def test_the_schema_is_made_from_the_fields() -> None:
    assert list(ARTICLE_SCHEMA["properties"]) == CONTRACT
    assert ARTICLE_SCHEMA["required"] == [
        "article_id",
        "url",
        "title",
        "published_at",
        "body",
        "edition",
    ]
    for f in fields(Article):
        assert ARTICLE_SCHEMA["properties"][f.name] is f.metadata["schema"]
        assert f.metadata["doc"] and "|" not in f.metadata["doc"]


def test_the_reference_holds_exactly_the_generated_field_table() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    section = re.search(r"^## The article item\n(.*?)(?=^##? |\Z)", text, re.M | re.S)
    assert section, "docs/reference.md has no '## The article item' section"
    tables = re.findall(r"^\|.*\|\n(?:^\|.*\|\n)+", section[1], re.M)
    assert tables == [field_table()], "regenerate it: python -c 'from mayadeen.items import "
    "field_table; print(field_table())'"


def test_type_labels_follow_the_schema() -> None:
    table = field_table().splitlines()
    assert "| `word_count` | int | words in `body` |" in table
    assert table[2 + CONTRACT.index("authors")].startswith("| `authors` | list of strings |")
    assert table[2 + CONTRACT.index("images")].startswith("| `images` | list of objects |")
    assert type_label({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "int or null"
    assert type_label({"type": ["string", "null"]}) == "string or null"


def test_a_new_field_is_one_declaration() -> None:
    """One :class:`Field` more, and the item, its schema, the CSV columns, the docs' table and
    the extraction all have it, in its place, read from its sources in order."""
    dateline = Field(
        "dateline",
        OPTIONAL_TEXT,
        "the city the story is filed from",
        sources=(
            ("meta dateline", meta("dateline")),
            ("meta og:locality", meta("og:locality")),
        ),
        normalise=str.upper,
    )
    declared = (*FIELDS, dateline)
    html = (
        '<html><head><script id="tawsiyat-metadata" type="application/json">'
        '{"postid": "77", "title": "A title", "published_time": "2024-03-19T09:18:39+02:00"}'
        '</script><meta property="og:locality" content="Beirut"></head>'
        '<body><div class="p-content"><p>Words here.</p></div></body></html>'
    )
    values = extract_fields(ArticlePage(html, "https://english.almayadeen.net/news/x/y"), declared)
    assert values["dateline"] == "BEIRUT"  # the second source, normalised
    assert values["title"] == "A title" and values["article_id"] == "77"

    item = item_class(declared)(**values)
    assert [f.name for f in fields(item)][-1] == "dateline"
    schema = item_schema(declared)
    assert schema["properties"]["dateline"] is OPTIONAL_TEXT
    fastjsonschema.compile(schema)(values)  # a valid item with it
    assert "| `dateline` | string or null | the city the story is filed from |" in field_table(
        declared
    )

    out = io.BytesIO()
    exporter = ArticleCsvItemExporter(out, fields_to_export=[f.name for f in declared])
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    header, row = csv.reader(io.StringIO(out.getvalue().decode("utf-8")))
    assert header[-1] == "dateline" and row[-1] == "BEIRUT"


def test_every_page_field_has_sources_or_a_reader() -> None:
    for f in FIELDS:
        assert f.crawl or f.derive or f.read or f.sources, f.name
        assert not (f.read and f.sources), f"{f.name}: a reader and sources"
