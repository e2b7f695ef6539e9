"""JSON Schema of a valid article item, used by the validation pipeline.

Kept in Python (not a data file) so it travels inside the Scrapyd egg.
"""

from __future__ import annotations

from typing import Any

#: An ISO 8601 instant with its offset (a date without a time zone is not valid).
AWARE_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"

_text = {"type": "string", "minLength": 1}
_optional_text = {"type": ["string", "null"], "minLength": 1}
_datetime = {"type": "string", "pattern": AWARE_DATETIME}
_count = {"type": "integer", "minimum": 0}
_string_list = {"type": "array", "items": _text}

ARTICLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["article_id", "url", "title", "published_at", "body"],
    "properties": {
        "article_id": {"type": "string", "pattern": r"^\d+$"},
        "url": {"type": "string", "pattern": r"^https?://"},
        "title": _text,
        "summary": _optional_text,
        "authors": _string_list,
        "source": _optional_text,
        "published_at": _datetime,
        "published_at_raw": _optional_text,
        "modified_at": {"anyOf": [_datetime, {"type": "null"}]},
        "modified_at_raw": _optional_text,
        "post_type": _optional_text,
        "section": _optional_text,
        "region": _optional_text,
        "coverage": _optional_text,
        "tags": _string_list,
        "body": {"type": "string"},  # "" for a story without text (null: missing)
        "word_count": _count,
        "reading_time": {"anyOf": [_count, {"type": "null"}]},
        "images": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "url": {"type": "string", "pattern": r"^https?://"},
                    "caption": _optional_text,
                    "credit": _optional_text,
                },
            },
        },
        "image_url": {"type": ["string", "null"], "pattern": r"^https?://"},
        "video_duration": {"anyOf": [_count, {"type": "null"}]},
        "language": _optional_text,
        "scraped_at": _datetime,
        "content_hash": {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
        "found_in": _string_list,
        "revision": {"type": ["integer", "null"], "minimum": 1},  # set after validation
    },
}
