"""The crawl history: what earlier runs wrote, so that later runs emit only what changed.

One SQLite file (``MAYADEEN_STATE``, default ``<MAYADEEN_DATA_DIR>/state.sqlite3``) holds:

- ``articles``: per post id, the latest revision written, its content hash and dates;
- ``paths``: every URL path an article was fetched or published under;
- ``pending``: story paths a run found and has not written yet (fetched again next run);
- ``unfinished_walks``: listings whose walk stopped short of their end (``-a max_pages``),
  with the page to read on from;
- ``runs`` and ``run_feeds``: each crawl and the local feed files it wrote.

**Nothing lost, nothing doubled.** An article is recorded only *after* its line is written
to the feeds (see :mod:`mayadeen.extensions`). A run killed between the two leaves lines
that the history lacks; the next run, on opening the store, reads the feeds of every run
that did not finish, drops a half-written last record, and records what they hold. The
history then matches exactly what the outputs contain.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import logging
import os
import socket
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    url TEXT,
    revision INTEGER NOT NULL,
    content_hash TEXT,
    published_at TEXT,
    modified_at TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    path TEXT PRIMARY KEY,
    found_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS unfinished_walks (
    listing TEXT PRIMARY KEY,
    resume_page INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    spider TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT
);
CREATE TABLE IF NOT EXISTS run_feeds (
    run_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
"""

#: Feed formats whose files the store can read back after a crash.
READABLE_FORMATS = frozenset({"jsonlines", "jsonl", "csv"})


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


#: Seconds a statement waits for another process's lock on the history.
BUSY_TIMEOUT = 10.0


def _open_history(path: Path) -> sqlite3.Connection:
    """Open the history at ``path`` (created if new), safely when processes race to do it.

    The busy timeout is set on connecting, before any statement, but it does not cover the
    switch of a new database to WAL: ``PRAGMA journal_mode=WAL`` reads the file header, then
    upgrades its read lock to a write lock, and a connection holding a read lock that finds
    another's write lock gets ``SQLITE_BUSY`` at once, without waiting (the writer may be
    waiting for that read lock to go: a deadlock). So the crawls opening the history take
    turns, under an exclusive ``flock`` of ``<path>.lock``, and the switch is retried while
    another program writes the file. The schema is created in one transaction.
    """
    with Path(f"{path}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                # WAL: each commit is a write() to the log, which survives a killed process.
                db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                busy = error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} COMMIT;")
    return db


@dataclass(frozen=True)
class Stored:
    """What the history knows of one article."""

    revision: int
    content_hash: str | None
    modified_at: str | None


class ArticleStore:
    """SQLite-backed history shared by the spiders, pipelines and the recorder extension."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = _open_history(self.path)
        self.run_id: int | None = None

    def close(self) -> None:
        self.db.close()

    # --- runs and their feeds -------------------------------------------------------

    def begin_run(self, spider: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (spider, host, pid, started_at) VALUES (?, ?, ?, ?)",
            (spider, socket.gethostname(), os.getpid(), _now()),
        )
        self.run_id = int(cursor.lastrowid or 0)
        return self.run_id

    def add_feed(self, path: str | Path, feed_format: str) -> None:
        """Remember a local feed file of the current run, to read it back after a crash."""
        if self.run_id is None or feed_format not in READABLE_FORMATS:
            return
        self.db.execute(
            "INSERT OR IGNORE INTO run_feeds VALUES (?, ?, ?)",
            (self.run_id, str(Path(path).resolve()), feed_format),
        )

    def finish_run(self, reason: str) -> None:
        if self.run_id is not None:
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ? WHERE run_id = ?",
                (_now(), reason, self.run_id),
            )

    def recover(self) -> int:
        """Record what crashed runs wrote but did not record; returns how many articles."""
        total = 0
        for run_id, host, pid in self.db.execute(
            "SELECT run_id, host, pid FROM runs WHERE finished_at IS NULL"
        ).fetchall():
            if host == socket.gethostname() and _alive(pid) and pid != os.getpid():
                continue  # still running elsewhere on this machine
            feeds = self.db.execute(
                "SELECT path, format FROM run_feeds WHERE run_id = ?", (run_id,)
            ).fetchall()
            written = settle_feeds([(Path(path), fmt) for path, fmt in feeds])
            recovered = sum(self.record(item, []) for item in written)
            total += recovered
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = 'recovered' WHERE run_id = ?",
                (_now(), run_id),
            )
            logger.warning(
                "Run %s did not finish: read back its %d feed file(s), %d article(s) recorded",
                run_id,
                len(feeds),
                recovered,
            )
        return total

    # --- articles -------------------------------------------------------------------

    def article_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> Stored | None:
        row = self.db.execute(
            "SELECT revision, content_hash, modified_at FROM articles WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return Stored(*row) if row else None

    def record(self, item: dict[str, Any], paths: Iterable[str]) -> bool:
        """Store a written article (newer revisions only); ``True`` if anything changed."""
        article_id = item.get("article_id")
        revision = int(item.get("revision") or 1)
        if not article_id:
            return False
        stored = self.get(article_id)
        now = _now()
        changed = stored is None or stored.revision < revision
        if changed:
            self.db.execute(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (article_id) DO UPDATE SET url = excluded.url,
                    revision = excluded.revision, content_hash = excluded.content_hash,
                    published_at = excluded.published_at, modified_at = excluded.modified_at,
                    last_seen = excluded.last_seen""",
                (
                    article_id,
                    item.get("url"),
                    revision,
                    item.get("content_hash"),
                    item.get("published_at"),
                    item.get("modified_at"),
                    item.get("scraped_at") or now,
                    item.get("scraped_at") or now,
                ),
            )
        all_paths = {*paths, *url_paths([item.get("url")])}
        self.db.executemany(
            "INSERT OR REPLACE INTO paths VALUES (?, ?)", [(p, article_id) for p in all_paths]
        )
        self.db.executemany("DELETE FROM pending WHERE path = ?", [(p,) for p in all_paths])
        if not changed:
            self.db.execute(
                "UPDATE articles SET last_seen = ? WHERE article_id = ?", (now, article_id)
            )
        return changed

    def known_paths(self, column: str = "published_at") -> dict[str, str | None]:
        """Every path of a recorded article, with that article's ``published_at`` (or
        ``modified_at``)."""
        if column not in ("published_at", "modified_at"):
            raise ValueError(column)
        return dict(
            self.db.execute(
                f"SELECT p.path, a.{column} FROM paths p JOIN articles a USING (article_id)"
            )
        )

    # --- pending stories ------------------------------------------------------------

    def add_pending(self, paths: Iterable[str]) -> None:
        now = _now()
        self.db.executemany(
            "INSERT OR IGNORE INTO pending (path, found_at) VALUES (?, ?)",
            [(p, now) for p in paths],
        )

    def pending_paths(self, max_attempts: int) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT path FROM pending WHERE attempts < ? ORDER BY found_at, path",
                (max_attempts,),
            )
        ]

    def resolve_pending(self, path: str) -> None:
        """The story at ``path`` needs no more fetching (written, gone, or not a story)."""
        self.db.execute("DELETE FROM pending WHERE path = ?", (path,))

    def fail_pending(self, path: str) -> None:
        self.db.execute("UPDATE pending SET attempts = attempts + 1 WHERE path = ?", (path,))

    # --- listings walked only part of the way -----------------------------------------

    def unfinished_walks(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT listing, resume_page FROM unfinished_walks"))

    def walk_unfinished(self, listing: str, resume_page: int) -> None:
        """Pages of ``listing`` from ``resume_page`` on were not read (stories only move to
        later pages as new ones come, so they are there or further)."""
        self.db.execute(
            """INSERT INTO unfinished_walks VALUES (?, ?) ON CONFLICT (listing)
            DO UPDATE SET resume_page = max(resume_page, excluded.resume_page)""",
            (listing, resume_page),
        )

    def walk_finished(self, listing: str) -> None:
        self.db.execute("DELETE FROM unfinished_walks WHERE listing = ?", (listing,))


def url_paths(urls: Iterable[str | None]) -> set[str]:
    """Decoded paths of ``urls``, without trailing slashes, as the spiders key stories."""
    return {unquote(urlsplit(u).path).rstrip("/") for u in urls if u}


def store_for(crawler: Crawler) -> ArticleStore | None:
    """The crawl's history, opened once per crawler: crashed runs recovered, this run begun.

    ``None`` when the run keeps no history: ``-s MAYADEEN_STATE=`` (empty) or ``-a fresh=1``.
    """
    if hasattr(crawler, "mayadeen_store"):
        return crawler.mayadeen_store
    setting = crawler.settings.get("MAYADEEN_STATE")
    fresh = getattr(crawler.spider, "fresh", False) is True
    store = None
    if setting != "" and not fresh:
        path = setting or Path(crawler.settings.get("MAYADEEN_DATA_DIR")) / "state.sqlite3"
        store = ArticleStore(path)
        store.recover()
        store.begin_run(crawler.spider.name)
        logger.info(
            "History %s: %s article(s) known; only new and changed ones are written "
            "(-a fresh=1 for a full export)",
            path,
            f"{store.article_count():,}",
        )
    crawler.mayadeen_store = store
    return store


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- reading feeds back ------------------------------------------------------------


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
