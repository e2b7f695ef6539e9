"""Pending stories: paths a run found and chose to fetch, not written yet. A later run fetches
them again (up to ``MAYADEEN_MAX_ATTEMPTS`` failed runs), until they are written or settled."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from mayadeen.history.articles import now

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    path TEXT PRIMARY KEY,
    found_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
"""


class Pending:
    """The ``pending`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add(self, paths: Iterable[str]) -> None:
        found_at = now()
        self.db.executemany(
            "INSERT OR IGNORE INTO pending (path, found_at) VALUES (?, ?)",
            [(p, found_at) for p in paths],
        )

    def paths(self, max_attempts: int) -> list[str]:
        """Pending paths that failed fewer than ``max_attempts`` runs, oldest first."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT path FROM pending WHERE attempts < ? ORDER BY found_at, path",
                (max_attempts,),
            )
        ]

    def resolve(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` need no more fetching (written, gone, or not stories)."""
        self.db.executemany("DELETE FROM pending WHERE path = ?", [(p,) for p in paths])

    def fail(self, path: str) -> None:
        """The story at ``path`` could not be fetched in this run."""
        self.db.execute("UPDATE pending SET attempts = attempts + 1 WHERE path = ?", (path,))
