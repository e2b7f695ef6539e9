"""The article corpus, read from the history: search, every article's latest revision, every
revision of one article and what changed between them. For notebooks and scripts, and behind
the ``scrapy search``, ``scrapy revisions``, ``scrapy export`` and ``scrapy report`` commands::

    from mayadeen.corpus import Corpus

    with Corpus.open("data/history.sqlite3") as corpus:  # or "postgresql://..."
        for hit in corpus.search("ceasefire talks", since="2026-11-01", limit=5):
            print(hit.published_at, hit.title, hit.url, hit.snippet)
        for article in corpus.articles(since="2026-11-01"):
            ...  # a dict of the item's fields, plus ``seen_at``
        for change in corpus.changes("1234567"):
            print(change.revision, change.seen_at, change.changed, change.diffs.get("title"))

Reading never blocks a crawl writing the same history (SQLite's WAL, PostgreSQL's MVCC).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from scrapy.settings import BaseSettings

from mayadeen.history import History, HistoryError, history_location
from mayadeen.history.revisions import PAGE_FIELDS, TEXT_FIELDS, to_item
from mayadeen.history.schema import articles as articles_table
from mayadeen.history.schema import revisions as revisions_table
from mayadeen.history.search import Hit, search

__all__ = ["Change", "Corpus", "Hit", "word_diff"]

#: Unchanged words kept on each side of a change in :func:`word_diff`.
CONTEXT_WORDS = 8


#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Change:
    """One revision of an article and how it differs from the one before: the fields that
    changed (all of them for the first revision known) and, for the changed text fields
    (title, summary, body), a word-level diff (:func:`word_diff`)."""

    revision: int
    seen_at: str
    changed: list[str]
    diffs: dict[str, str] = field(default_factory=dict)
    item: dict[str, Any] = field(default_factory=dict, repr=False)


def word_diff(old: str | None, new: str | None, context: int = CONTEXT_WORDS) -> str:
    """``new`` against ``old`` word by word: ``[-removed words-]`` and ``{+added words+}``,
    with ``context`` unchanged words around each change and ``…`` for the rest."""
    before, after = (old or "").split(), (new or "").split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.extend(_context(before[i1:i2], n == 0, n == len(opcodes) - 1, context))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(parts)


def _context(words: list[str], first: bool, last: bool, context: int) -> list[str]:
    """The unchanged ``words`` shown between changes: ``context`` of them next to each
    change, ``…`` for the rest."""
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if (first and last) or len(words) <= len(head) + len(tail):
        return words
    return [*head, "…", *tail]


def _day(value: date | str | None) -> str | None:
    """A ``since`` bound as the ISO day the history's dates are compared with."""
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else date.fromisoformat(value).isoformat()


class Corpus:
    """Read access to a history (:class:`mayadeen.history.History`): open it by path or URL
    (:meth:`open`) or from the project's settings (:meth:`from_settings`), use it as a context
    manager."""

    def __init__(self, history: History) -> None:
        self.history = history
        # SQLite: reads begin deferred, so a long export takes no write lock.
        self.db = history.db.execution_options(mayadeen_read_only=True)

    @classmethod
    def open(cls, location: str | Path) -> Corpus:
        """The corpus in the history at ``location``: a SQLite file path or a database URL.
        A file that does not exist, or is no SQLite database, is an error: reading commands
        write nothing (a typo would otherwise make an empty history, or a schema in a page)."""
        if "://" not in str(location):
            path = Path(location)
            if not path.exists():
                raise HistoryError(f"no history at {location}: crawl first, or give its path")
            if not path.is_file():
                raise HistoryError(f"{location} is not a history: not a file")
            with path.open("rb") as handle:
                if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    raise HistoryError(f"{location} is not a history: not a SQLite database")
        return cls(History(location))

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Corpus:
        """The corpus in the project's history (``MAYADEEN_HISTORY``)."""
        location = history_location(settings)
        if location is None:
            raise HistoryError("MAYADEEN_HISTORY is empty: this project keeps no history")
        return cls.open(location)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.history.close()

    @property
    def location(self) -> str:
        return self.history.location

    def count(self) -> int:
        """Articles in the history (with or without stored revisions)."""
        return self.history.articles.count()

    def search(
        self,
        words: str,
        *,
        since: date | str | None = None,
        section: str | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        """Articles whose latest revision has every one of ``words`` (stemmed) in its title,
        lead or body, newest first, each with a snippet that marks them (``**word**``).
        ``ValueError`` when ``words`` has no word."""
        with self.db.begin():
            return search(self.db, words, since=_day(since), section=section, limit=limit)

    def articles(
        self, *, since: date | str | None = None, revisions: bool = False
    ) -> Iterator[dict[str, Any]]:
        """The latest revision of every article published on or after ``since`` (every
        revision with ``revisions=True``), as item dicts plus ``seen_at``, by publication
        time (then post id and revision). Articles recorded before revisions were kept have
        no fields to give until a crawl sees them again. Streamed: read in that order from
        an index, a few hundred rows at a time (no sort, nothing the size of the corpus in
        memory or on disk)."""
        query = sa.select(revisions_table)
        if not revisions:
            # Joined by the article's key: the revisions are walked in the index of their
            # order (ix_revisions_published), each looked up in ``articles``; no sort, the
            # first row at once, however large the corpus.
            latest = sa.and_(
                articles_table.c.article_id == revisions_table.c.article_id,
                articles_table.c.latest_revision_id == revisions_table.c.revision_id,
            )
            query = query.join(articles_table, latest)
        if bound := _day(since):
            query = query.where(revisions_table.c.published_at >= bound)
        query = query.order_by(
            revisions_table.c.published_at,
            revisions_table.c.article_id,
            revisions_table.c.revision,
        )
        with self.db.begin():
            result = self.db.execute(query, execution_options={"yield_per": 500})
            for row in result.mappings():
                yield to_item(row)

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        """Every stored revision of one article, oldest first (empty if none)."""
        query = (
            sa.select(revisions_table)
            .where(revisions_table.c.article_id == str(article_id))
            .order_by(revisions_table.c.revision)
        )
        with self.db.begin():
            return [to_item(row) for row in self.db.execute(query).mappings()]

    def changes(self, article_id: str) -> list[Change]:
        """Every stored revision of one article with what changed since the one before."""
        changes, before = [], None
        for item in self.revisions(article_id):
            if before is None:
                changed = [name for name in PAGE_FIELDS if item.get(name) not in (None, "", [])]
                diffs = {}
            else:
                changed = [name for name in PAGE_FIELDS if item.get(name) != before.get(name)]
                diffs = {
                    name: word_diff(before.get(name), item.get(name))
                    for name in TEXT_FIELDS
                    if name in changed
                }
            changes.append(Change(item["revision"], item["seen_at"], changed, diffs, item))
            before = item
        return changes
