"""The history file: opened safely when crawls start together, and its parts, one role each."""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mayadeen.history import articles, pending, runs, walks
from mayadeen.history.articles import Articles, url_paths
from mayadeen.history.pending import Pending
from mayadeen.history.runs import Runs
from mayadeen.history.walks import Walks

#: Seconds a statement waits for another process's lock on the history.
BUSY_TIMEOUT = 10.0

SCHEMA = articles.SCHEMA + pending.SCHEMA + walks.SCHEMA + runs.SCHEMA


def open_database(path: Path) -> sqlite3.Connection:
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


class History:
    """The crawl history in one SQLite file, created if new: its :attr:`articles`,
    :attr:`pending` stories, unfinished listing :attr:`walks` and :attr:`runs`.

    Opened and closed by :class:`mayadeen.history.HistoryKeeper` during a crawl; any
    process may open the same file at the same time (SQLite's WAL, see
    :func:`open_database`).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = open_database(self.path)
        self.articles = Articles(self.db)
        self.pending = Pending(self.db)
        self.walks = Walks(self.db)
        self.runs = Runs(self.db)

    def record(self, item: dict[str, Any], paths: Iterable[str]) -> bool:
        """A written article (newer revisions only), under ``paths`` and its URL's path;
        its paths are no longer pending. ``True`` if the article is new or changed."""
        if not item.get("article_id"):
            return False
        every_path = {*paths, *url_paths([item.get("url")])}
        changed = self.articles.record(item, every_path)
        self.pending.resolve(every_path)
        return changed

    def close(self) -> None:
        self.db.close()
