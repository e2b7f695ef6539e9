"""The item contract is stated once, in :class:`mayadeen.items.Article`: the JSON Schema, the
CSV columns and the docs' field table are made from it, and the docs hold that table."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from mayadeen.extraction.schema import type_label
from mayadeen.items import ARTICLE_FIELDS, ARTICLE_SCHEMA, Article, field_table
from mayadeen.settings import FEED_EXPORT_FIELDS

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"

#: The fields, in column order, as users' scripts and spreadsheets know them.
CONTRACT = [
    "article_id", "url", "title", "summary", "authors", "source", "published_at",
    "published_at_raw", "modified_at", "modified_at_raw", "post_type", "section", "region",
    "coverage", "tags", "body", "word_count", "reading_time", "images", "image_url",
    "video_duration", "language", "scraped_at", "content_hash", "found_in", "revision",
]  # fmt: skip


def test_field_names_and_order_are_the_contract() -> None:
    assert ARTICLE_FIELDS == CONTRACT
    assert FEED_EXPORT_FIELDS == CONTRACT


def test_the_schema_is_made_from_the_fields() -> None:
    assert list(ARTICLE_SCHEMA["properties"]) == CONTRACT
    assert ARTICLE_SCHEMA["required"] == ["article_id", "url", "title", "published_at", "body"]
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
