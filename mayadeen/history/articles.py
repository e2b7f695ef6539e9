"""The articles the history has: each post id's latest revision written, and every URL path
it was fetched or published under."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

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
"""


def now() -> str:
    """The time, as the history writes it (UTC, ISO 8601, whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def url_paths(urls: Iterable[str | None]) -> set[str]:
    """Decoded paths of ``urls``, without trailing slashes, as the spiders key stories."""
    return {unquote(urlsplit(u).path).rstrip("/") for u in urls if u}


@dataclass(frozen=True)
class Stored:
    """What the history knows of one article."""

    revision: int
    content_hash: str | None
    modified_at: str | None


class Articles:
    """The ``articles`` and ``paths`` tables."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> Stored | None:
        row = self.db.execute(
            "SELECT revision, content_hash, modified_at FROM articles WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return Stored(*row) if row else None

    def record(self, item: dict[str, Any], paths: Iterable[str]) -> bool:
        """Store a written article (newer revisions only) under ``paths``; ``True`` if
        anything changed. The item has an ``article_id``."""
        article_id = item["article_id"]
        revision = int(item.get("revision") or 1)
        stored = self.get(article_id)
        changed = stored is None or stored.revision < revision
        if changed:
            seen = item.get("scraped_at") or now()
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
                    seen,
                    seen,
                ),
            )
        else:
            self.db.execute(
                "UPDATE articles SET last_seen = ? WHERE article_id = ?", (now(), article_id)
            )
        self.db.executemany(
            "INSERT OR REPLACE INTO paths VALUES (?, ?)", [(p, article_id) for p in paths]
        )
        return changed

    def known_paths(
        self, column: Literal["published_at", "modified_at"] = "published_at"
    ) -> dict[str, str | None]:
        """Every path of a recorded article, with that article's ``published_at`` (or
        ``modified_at``)."""
        if column not in ("published_at", "modified_at"):
            raise ValueError(column)
        return dict(
            self.db.execute(
                f"SELECT p.path, a.{column} FROM paths p JOIN articles a USING (article_id)"
            )
        )
