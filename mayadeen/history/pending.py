"""Pending stories: paths a run found and chose to fetch, not written yet. A later run fetches
them again (up to ``MAYADEEN_MAX_ATTEMPTS`` failed runs, backing off between them), until they
are written or settled."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from mayadeen.history.articles import now
from mayadeen.history.schema import pending
from mayadeen.history.sql import insert, transactional

#: Rows :meth:`Pending.add` sends to the database at a time.
ADD_PAGE = 1000


class Pending:
    """The ``pending`` table; each call runs inside the caller's transaction."""

    def __init__(self, db: sa.Connection) -> None:
        self.db = db
        self._resolve = pending.delete().where(pending.c.path == sa.bindparam("key"))
        self._add = insert(db, pending).on_conflict_do_nothing()

    @transactional
    def add(self, paths: Iterable[str], found_at: str | None = None) -> None:
        """Record ``paths`` as pending, found at ``found_at`` (default: now; those already
        pending keep their record): one statement run for many rows, a page of rows at a
        time, so memory does not grow with the number of paths (one statement with every
        row in it took 8 KB a path)."""
        found_at = found_at or now()
        rows = [{"path": p, "found_at": found_at} for p in sorted(set(paths))]
        for start in range(0, len(rows), ADD_PAGE):
            self.db.execute(self._add, rows[start : start + ADD_PAGE])

    @transactional
    def paths(self, max_attempts: int) -> list[str]:
        """Pending paths that failed fewer than ``max_attempts`` runs, oldest first."""
        query = (
            sa.select(pending.c.path)
            .where(pending.c.attempts < max_attempts)
            .order_by(pending.c.found_at, pending.c.path)
        )
        return list(self.db.execute(query).scalars())

    @transactional
    def given_up(self, max_attempts: int) -> list[str]:
        """Pending paths that failed ``max_attempts`` runs or more: no longer retried."""
        query = (
            sa.select(pending.c.path)
            .where(pending.c.attempts >= max_attempts)
            .order_by(pending.c.found_at, pending.c.path)
        )
        return list(self.db.execute(query).scalars())

    @transactional
    def failing(self) -> dict[str, tuple[str, int]]:
        """Pending paths that failed in at least one run -> (found_at, attempts)."""
        query = sa.select(pending.c.path, pending.c.found_at, pending.c.attempts).where(
            pending.c.attempts > 0
        )
        return {path: (found_at, attempts) for path, found_at, attempts in self.db.execute(query)}

    @transactional
    def resolve(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` need no more fetching (written, gone, or not stories)."""
        if keys := [{"key": path} for path in paths]:
            self.db.execute(self._resolve, keys)

    @transactional
    def fail(self, path: str) -> None:
        """The story at ``path`` could not be fetched in this run."""
        self.db.execute(
            pending.update().where(pending.c.path == path).values(attempts=pending.c.attempts + 1)
        )
