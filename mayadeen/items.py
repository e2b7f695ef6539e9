"""The article item, where Scrapy users look for it: one record per story, identified by the
site's post id. Its fields are declared once, in :mod:`mayadeen.extraction.fields`; this
module gives them under their usual names, and how code reads any item's fields.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from typing import Any

from itemadapter import ItemAdapter

from mayadeen.extraction.fields import (
    ARTICLE_FIELDS,
    ARTICLE_SCHEMA,
    CRAWL_FIELDS,
    Article,
    content_hash,
    field_table,
)

__all__ = [
    "ARTICLE_FIELDS",
    "ARTICLE_SCHEMA",
    "CRAWL_FIELDS",
    "Article",
    "content_hash",
    "field_table",
    "fields_of",
]


def fields_of(item: Any) -> dict[str, Any]:
    """The item's fields and their values as they are, nothing copied (for code that reads
    them and changes none): a dict is itself, a dataclass instance its attributes."""
    if isinstance(item, dict):
        return item
    if is_dataclass(item) and hasattr(item, "__dict__"):
        return vars(item)
    return dict(ItemAdapter(item).items())
