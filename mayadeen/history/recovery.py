"""Crash recovery: a run killed between writing an article to its feeds and recording it
leaves lines the history lacks. The next run, on opening the history, reads back the feeds of
every run that did not finish, drops a half-written last record, makes the feeds agree, and
records what they hold: the history then matches exactly what the outputs contain."""

from __future__ import annotations

import csv
import io
import json
import logging
import stat
from collections.abc import Iterator
from contextlib import contextmanager
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


class UnreadableFeed(Exception):
    """A crashed run's feed that cannot be read back at all (a directory or a device, no
    permission, a header that is no text): it is skipped, and the message says why."""


def read_feed(path: Path, feed_format: str) -> list[tuple[int, dict[str, Any]]]:
    """The complete records of a feed file, each with the byte offset where it starts.

    A half-written last record (the process was killed while writing it) is cut off the file.
    A record that cannot be read (bad UTF-8, a line that is no JSON object) is skipped, with
    one warning for the file; CSV cells of any size are read. Raises
    :class:`FileNotFoundError` when there is no file, :class:`UnreadableFeed` when the file
    cannot be read at all.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a directory, a device (/dev/full), ...
            raise UnreadableFeed("not a regular file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:  # no permission, ...
        raise UnreadableFeed(exc.strerror or str(exc)) from exc
    ends = _record_ends(data, feed_format)
    complete = ends[-1] if ends else 0
    if complete < len(data):
        logger.warning(
            "Cutting a half-written record (%d bytes) off %s", len(data) - complete, path
        )
        truncate(path, complete)
    starts = [0, *ends][: len(ends)]
    chunks = [(start, data[start:end]) for start, end in zip(starts, ends, strict=True)]
    if feed_format == "csv":
        with _csv_field_limit(len(data)):
            records, bad = _csv_records(path, chunks)
    else:
        records, bad = _json_records(chunks)
    if bad:
        logger.warning(
            "Skipping %d unreadable record(s) of %s (the first at byte %d: %s)",
            len(bad),
            path,
            *bad[0],
        )
    return records


#: Records read, and the records skipped: (byte offset, why).
Records = tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]


def _json_records(chunks: list[tuple[int, bytes]]) -> Records:
    records, bad = [], []
    for start, chunk in chunks:
        try:
            text = chunk.decode("utf-8-sig")
            record = json.loads(text) if text.strip() else None
        except ValueError as exc:  # bad UTF-8, or no JSON
            bad.append((start, _why(exc)))
            continue
        if record is None:
            continue
        if isinstance(record, dict):
            records.append((start, record))
        else:
            bad.append((start, f"a JSON {type(record).__name__}, not an object"))
    return records, bad


def _csv_records(path: Path, chunks: list[tuple[int, bytes]]) -> Records:
    if not chunks:
        return [], []
    try:
        header = _csv_row(chunks[0][1].decode("utf-8-sig"))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFeed(f"its header row: {_why(exc)}") from exc
    records, bad = [], []
    for start, chunk in chunks[1:]:
        try:
            row = _csv_row(chunk.decode("utf-8"))
        except (UnicodeDecodeError, csv.Error) as exc:
            bad.append((start, _why(exc)))
            continue
        records.append((start, dict(zip(header, row, strict=False))))
    return records, bad


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def _csv_field_limit(size: int) -> Iterator[None]:
    """The CSV module's field size limit (128 KiB by default) raised to ``size`` for the
    block: a feed's cell can be as long as the feed."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def settle_feeds(feeds: list[tuple[Path, str]]) -> list[dict[str, Any]]:
    """Make a crashed run's feeds agree, and return the articles they hold.

    The feeds are written one after the other for each item, so a kill can leave the last
    item in some feeds and not in others: that item is cut from the feeds that have it
    (it was not recorded, so the next run writes it again, to all of its feeds). A feed
    that cannot be read back, or that was removed, is skipped with a warning naming it:
    the others are read.
    """
    records: dict[Path, list[tuple[int, dict[str, Any]]]] = {}
    missing = []
    for path, fmt in feeds:
        try:
            records[path] = read_feed(path, fmt)
        except FileNotFoundError:
            missing.append(path)
        except UnreadableFeed as exc:
            logger.warning("Cannot read back the feed %s (%s): skipped", path, exc)
    for path in missing:
        if any(len(recs) > 1 for recs in records.values()):
            logger.warning("The feed %s is gone (removed after its run): skipped", path)
        else:  # never opened: the run was killed before its first line
            records[path] = []
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
    """Cut ``path`` to ``size`` bytes; a file that cannot be changed is left as it is (a
    warning: what was read is recovered all the same)."""
    try:
        with path.open("r+b") as handle:
            handle.truncate(size)
    except OSError as exc:
        logger.warning("Cannot cut %s to %d bytes (%s): left as it is", path, size, exc)


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
