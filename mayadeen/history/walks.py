"""Listings walked only part of the way (``-a max_pages``), with the page to read on from."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS unfinished_walks (
    listing TEXT PRIMARY KEY,
    resume_page INTEGER NOT NULL
);
"""


class Walks:
    """The ``unfinished_walks`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def unfinished(self) -> dict[str, int]:
        """Listing path -> the first page an earlier walk of it did not read."""
        return dict(self.db.execute("SELECT listing, resume_page FROM unfinished_walks"))

    def stopped(self, listing: str, resume_page: int) -> None:
        """Pages of ``listing`` from ``resume_page`` on were not read (stories only move to
        later pages as new ones come, so they are there or further)."""
        self.db.execute(
            """INSERT INTO unfinished_walks VALUES (?, ?) ON CONFLICT (listing)
            DO UPDATE SET resume_page = max(resume_page, excluded.resume_page)""",
            (listing, resume_page),
        )

    def finished(self, listing: str) -> None:
        """The walk of ``listing`` reached its end."""
        self.db.execute("DELETE FROM unfinished_walks WHERE listing = ?", (listing,))
