"""The run ledger: each crawl that used the history, whether it finished, and the local feed
files it wrote (read back by :mod:`mayadeen.history.recovery` when it did not finish)."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

from mayadeen.history.articles import now

SCHEMA = """
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

#: Feed formats whose files can be read back after a crash.
READABLE_FORMATS = frozenset({"jsonlines", "jsonl", "csv"})


class Runs:
    """The ``runs`` and ``run_feeds`` tables; :attr:`run_id` is this process's run, once
    begun."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.run_id: int | None = None

    def begin(self, spider: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (spider, host, pid, started_at) VALUES (?, ?, ?, ?)",
            (spider, socket.gethostname(), os.getpid(), now()),
        )
        self.run_id = int(cursor.lastrowid or 0)
        return self.run_id

    def add_feed(self, path: str | Path, feed_format: str) -> None:
        """Remember a local feed file of this run, to read it back after a crash."""
        if self.run_id is None or feed_format not in READABLE_FORMATS:
            return
        self.db.execute(
            "INSERT OR IGNORE INTO run_feeds VALUES (?, ?, ?)",
            (self.run_id, str(Path(path).resolve()), feed_format),
        )

    def finish(self, reason: str, run_id: int | None = None) -> None:
        """Run ``run_id`` (by default this one) ended, for ``reason``."""
        run_id = self.run_id if run_id is None else run_id
        if run_id is not None:
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ? WHERE run_id = ?",
                (now(), reason, run_id),
            )

    def crashed(self) -> dict[int, list[tuple[Path, str]]]:
        """Runs that did not finish and whose process is gone (a run still going on this
        machine is left alone), with their feed files and formats."""
        crashed = {}
        for run_id, host, pid in self.db.execute(
            "SELECT run_id, host, pid FROM runs WHERE finished_at IS NULL"
        ).fetchall():
            if host == socket.gethostname() and _alive(pid) and pid != os.getpid():
                continue  # still running elsewhere on this machine
            feeds = self.db.execute(
                "SELECT path, format FROM run_feeds WHERE run_id = ?", (run_id,)
            ).fetchall()
            crashed[run_id] = [(Path(path), fmt) for path, fmt in feeds]
        return crashed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
