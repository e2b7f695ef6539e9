"""Feed exporters: a CSV that spreadsheets open safely."""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter

#: Lists of strings (authors, tags) are joined with this in CSV cells.
LIST_SEPARATOR = " | "
#: Nested fields, written as JSON (an empty list as ``[]``).
JSON_FIELDS = frozenset({"images"})
#: A cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ArticleCsvItemExporter(CsvItemExporter):
    """CSV with one row per article, UTF-8 with a byte-order mark (spreadsheets need it to
    tell UTF-8; Python reads it with ``encoding="utf-8-sig"``).

    Lists of strings are joined with ``list_separator`` (default ``" | "``); nested values
    (``images``) are written as JSON; text that a spreadsheet would execute as a formula is
    prefixed with ``'`` unless ``neutralize_formulas=False`` (set it in the feed's
    ``item_export_kwargs``).
    """

    def __init__(
        self,
        file: Any,
        *,
        list_separator: str = LIST_SEPARATOR,
        neutralize_formulas: bool = True,
        **kwargs: Any,
    ) -> None:
        self.list_separator = list_separator
        self.neutralize_formulas = neutralize_formulas
        if kwargs.get("encoding") in (None, "utf-8"):
            kwargs["encoding"] = "utf-8-sig"  # a BOM, so spreadsheets read UTF-8
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if name in JSON_FIELDS or isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, list):
            value = self.list_separator.join(str(v) for v in value)
        if (
            self.neutralize_formulas
            and isinstance(value, str)
            and value.startswith(FORMULA_PREFIXES)
        ):
            value = "'" + value
        return super().serialize_field(field, name, value)
