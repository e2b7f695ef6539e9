"""Crash recovery: a run killed between writing an article to its feeds and recording it
leaves lines the history lacks. The next run, on opening the history, reads back the feeds of
every run that did not finish, drops a half-written last record, makes the feeds agree, and
records what they hold: the history then matches exactly what the outputs contain."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mayadeen.history.database import History

logger = logging.getLogger(__name__)


def recover(history: History, worker: str | None = None) -> int:
    """Record what the crashed runs of ``worker`` (see :meth:`~mayadeen.history.runs.Runs.
    crashed`; by default every crashed run) wrote but did not record; returns how many
    articles."""
    total = 0
    for run_id, feeds in history.runs.crashed(worker).items():
        recovered = sum(history.record(item, []) for item in settle_feeds(feeds))
        total += recovered
        history.runs.finish("recovered", run_id)
        logger.warning(
            "Run %s did not finish: read back its %d feed file(s), %d article(s) recorded",
            run_id,
            len(feeds),
            recovered,
        )
    return total


def read_feed(path: Path, feed_format: str) -> list[tuple[int, dict[str, Any]]]:
    """The complete records of a feed file, each with the byte offset where it starts.

    A half-written last record (the process was killed while writing it) is cut off the file.
    """
    if not path.exists():
        return []
    data = path.read_bytes()
    ends = _record_ends(data, feed_format)
    complete = ends[-1] if ends else 0
    if complete < len(data):
        logger.warning(
            "Cutting a half-written record (%d bytes) off %s", len(data) - complete, path
        )
        truncate(path, complete)
    starts = [0, *ends][: len(ends)]
    chunks = [
        (start, data[start:end].decode("utf-8-sig"))
        for start, end in zip(starts, ends, strict=True)
    ]
    if feed_format != "csv":
        return [(start, json.loads(text)) for start, text in chunks if text.strip()]
    if not chunks:
        return []
    header = next(csv.reader(io.StringIO(chunks[0][1], newline="")))
    return [(start, dict(zip(header, _csv_row(text), strict=False))) for start, text in chunks[1:]]


def settle_feeds(feeds: list[tuple[Path, str]]) -> list[dict[str, Any]]:
    """Make a crashed run's feeds agree, and return the articles they hold.

    The feeds are written one after the other for each item, so a kill can leave the last
    item in some feeds and not in others: that item is cut from the feeds that have it
    (it was not recorded, so the next run writes it again, to all of its feeds).
    """
    # A feed whose file is missing was never opened: it holds nothing.
    records = {path: read_feed(path, fmt) for path, fmt in feeds}
    if not records:
        return []
    ids = [{r.get("article_id") for _, r in recs} for recs in records.values()]
    in_all = set.intersection(*ids)
    for path, recs in records.items():
        while recs and recs[-1][1].get("article_id") not in in_all:
            offset, _ = recs.pop()
            logger.warning("Cutting an article that not every feed holds off %s", path)
            truncate(path, offset)
    # Prefer a JSON Lines feed: it keeps the values' types.
    best = min(records, key=lambda p: dict(feeds)[p] == "csv")
    return [record for _, record in records[best]]


def _csv_row(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text, newline="")), [])


def truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


def _record_ends(data: bytes, feed_format: str) -> list[int]:
    """Byte offsets just past each complete record (a CSV header counts as one)."""
    ends, quotes, start = [], 0, 0
    while (newline := data.find(b"\n", start)) != -1:
        # A CSV record ends at a newline outside quotes: an even number of quotes so far.
        quotes += data.count(b'"', start, newline) if feed_format == "csv" else 0
        if quotes % 2 == 0:
            ends.append(newline + 1)
        start = newline + 1
    return ends
