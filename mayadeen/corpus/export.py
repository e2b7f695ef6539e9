"""Writing the corpus's articles to a file: JSON Lines and CSV through the crawl's own feed
exporters (the same columns and cell rules as a crawl's feeds), Parquet through pyarrow (the
optional extra ``mayadeen[parquet]``), with the item's types as Parquet types; or the whole
history to a SQLite history (:func:`export_sqlite`: what ``scrapy browse`` opens).

Each format writes a temporary file beside the target and renames it when done: an export
that fails leaves the file that was there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from itertools import islice
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from scrapy.exporters import BaseItemExporter, JsonLinesItemExporter

from mayadeen.extraction.schema import Schema
from mayadeen.feeds.exporters import ArticleCsvItemExporter
from mayadeen.history.copy import copy_to_sqlite
from mayadeen.items import ARTICLE_FIELDS, Article

#: Columns of an export: the item's fields, then when the revision was first seen.
EXPORT_FIELDS = [*ARTICLE_FIELDS, "seen_at"]
#: The formats of :func:`export`.
FORMATS = ("jsonl", "csv", "parquet")
#: The format of :func:`export_sqlite`.
SQLITE = "sqlite"
#: Rows per Parquet row group (memory stays flat however large the corpus).
PARQUET_BATCH = 5000


class ExportError(Exception):
    """The export cannot be done: the message says why, and what to do."""


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed to it when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def export(items: Iterable[dict[str, Any]], path: Path, file_format: str) -> int:
    """Write ``items`` to ``path`` in ``file_format`` (one of :data:`FORMATS`); how many."""
    if file_format not in FORMATS:
        raise ExportError(f"unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
    writer = _write_parquet if file_format == "parquet" else _write_with_exporter(file_format)
    with replacing(path) as partial:
        return writer(items, partial)


def export_sqlite(db: sa.Connection, path: Path) -> int:
    """Write the whole history ``db`` reads (every table, every revision) to a SQLite history
    at ``path`` (:func:`~mayadeen.history.copy.copy_to_sqlite`); how many articles."""
    with replacing(path) as partial:
        for left in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm", ".lock"))):
            left.unlink(missing_ok=True)  # what a copy that was killed left
        return copy_to_sqlite(db, partial)


def _write_with_exporter(file_format: str) -> Callable[[Iterable[dict[str, Any]], Path], int]:
    def write(items: Iterable[dict[str, Any]], path: Path) -> int:
        with path.open("wb") as handle:
            exporter = _exporter(file_format, handle)
            exporter.start_exporting()
            count = 0
            for item in items:
                exporter.export_item(item)
                count += 1
            exporter.finish_exporting()
        return count

    return write


def _exporter(file_format: str, handle: IO[bytes]) -> BaseItemExporter:
    if file_format == "csv":
        return ArticleCsvItemExporter(handle, fields_to_export=EXPORT_FIELDS)
    return JsonLinesItemExporter(handle, fields_to_export=EXPORT_FIELDS, ensure_ascii=False)


def _write_parquet(items: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa  # an optional extra
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise ExportError(
            "Parquet needs pyarrow: pip install 'mayadeen[parquet]' (or use --format jsonl)"
        ) from exc
    schema = pa.schema(
        [(f.name, _arrow_type(pa, f.metadata["schema"])) for f in fields(Article)]
        + [("seen_at", pa.string())]
    )
    count, rows = 0, iter(items)
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(rows, PARQUET_BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _arrow_type(pa: Any, schema: Schema) -> Any:
    """The Parquet (Arrow) type of a field, from its JSON-Schema fragment."""
    if "anyOf" in schema:
        return _arrow_type(pa, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    kind = next(k for k in kinds if k != "null")
    if kind == "integer":
        return pa.int64()
    if kind == "array":
        return pa.list_(_arrow_type(pa, schema["items"]))
    if kind == "object":
        return pa.struct([(name, _arrow_type(pa, s)) for name, s in schema["properties"].items()])
    return pa.string()
