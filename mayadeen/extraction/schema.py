"""JSON-Schema building blocks for the article item's fields.

Each field declared in :mod:`mayadeen.extraction.fields` carries its own fragment (built
from these); :data:`mayadeen.items.ARTICLE_SCHEMA`, which the validation pipeline checks
items against, is assembled from them. Kept in Python (not a data file) so it travels inside
the Scrapyd egg.
"""

from __future__ import annotations

from typing import Any

#: An ISO 8601 instant with its offset (a date without a time zone is not valid).
AWARE_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"

Schema = dict[str, Any]

TEXT: Schema = {"type": "string", "minLength": 1}
OPTIONAL_TEXT: Schema = {"type": ["string", "null"], "minLength": 1}
HTTP_URL: Schema = {"type": "string", "pattern": r"^https?://"}
DATETIME: Schema = {"type": "string", "pattern": AWARE_DATETIME}
COUNT: Schema = {"type": "integer", "minimum": 0}
STRING_LIST: Schema = {"type": "array", "items": TEXT}
IMAGES: Schema = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["url"],
        "properties": {"url": HTTP_URL, "caption": OPTIONAL_TEXT, "credit": OPTIONAL_TEXT},
    },
}


def or_null(schema: Schema) -> Schema:
    """``schema``, or ``null``."""
    return {"anyOf": [schema, {"type": "null"}]}


def type_label(schema: Schema) -> str:
    """The schema's type in words, for the docs: ``string``, ``int or null``,
    ``list of strings``, ``list of objects``."""
    if "anyOf" in schema:
        return " or ".join(type_label(option) for option in schema["anyOf"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(f"list of {type_label(schema['items'])}s")
        else:
            words.append({"integer": "int", "object": "object"}.get(kind, kind))
    return " or ".join(words)
