"""Pending stories: paths a run found and chose to fetch, not written yet. A later run fetches
them again (up to ``MAYADEEN_MAX_ATTEMPTS`` failed runs, backing off between them), until they
are written or settled.

Each is **claimed** by the run that recorded it, the one to fetch it: two runs at once on one
history fetch and write each story once. A claim is free to take once its run is no longer
among the *holders* (the runs that may still write what they claimed:
:meth:`mayadeen.history.runs.Runs.holders`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import sqlalchemy as sa

from mayadeen.history.articles import now
from mayadeen.history.schema import pending
from mayadeen.history.scope import ENGLISH, Scope
from mayadeen.history.sql import insert, transactional

#: Rows :meth:`Pending.add` sends to the database at a time.
ADD_PAGE = 1000


class Pending:
    """The ``pending`` table; each call runs inside the caller's transaction. Paths are the
    ``scope``'s edition's, and only its pending stories are read (see
    :mod:`~mayadeen.history.scope`)."""

    def __init__(self, db: sa.Connection, scope: Scope = ENGLISH) -> None:
        self.db = db
        self.scope = scope
        self._resolve = pending.delete().where(pending.c.path == sa.bindparam("key"))
        self._add = insert(db, pending).on_conflict_do_nothing()

    @transactional
    def add(self, paths: Iterable[str], found_at: str | None = None) -> None:
        """Record ``paths`` as pending, found at ``found_at`` (default: now; those already
        pending keep their record): one statement run for many rows, a page of rows at a
        time, so memory does not grow with the number of paths (one statement with every
        row in it took 8 KB a path)."""
        found_at = found_at or now()
        rows = [{"path": p, "found_at": found_at} for p in sorted(set(self.scope.keys(paths)))]
        for start in range(0, len(rows), ADD_PAGE):
            self.db.execute(self._add, rows[start : start + ADD_PAGE])

    @transactional
    def claim(
        self,
        paths: Iterable[str],
        run_id: int,
        holders: Collection[int] = (),
        found_at: str | None = None,
    ) -> list[str]:
        """Record ``paths`` as pending, found at ``found_at`` (default: now) and claimed by
        run ``run_id``: the new ones, and those pending whose claim is free (held by no run
        of ``holders``). Returns the paths ``run_id`` holds now, in the order given: not
        those another running crawl claimed first (it writes them). A page of rows at a
        time, so memory does not grow with the number of paths."""
        ordered = list(dict.fromkeys(self.scope.keys(paths)))
        statement = insert(self.db, pending)
        statement = statement.on_conflict_do_update(
            index_elements=["path"],
            set_={"claimed_by": statement.excluded.claimed_by},
            where=self._free(holders),
        )
        found_at = found_at or now()
        held: set[str] = set()
        for start in range(0, len(ordered), ADD_PAGE):
            page = sorted(ordered[start : start + ADD_PAGE])
            rows = [{"path": p, "found_at": found_at, "claimed_by": run_id} for p in page]
            self.db.execute(statement, rows)
            held.update(self._held(page, run_id))
        return [self.scope.path(key) for key in ordered if key in held]

    @transactional
    def take_over(self, paths: Iterable[str], run_id: int, holders: Collection[int]) -> list[str]:
        """Of ``paths``, those still pending whose claim is free, claimed by run ``run_id``
        now (another run claimed them and ended without writing them); returns them."""
        ordered = list(dict.fromkeys(self.scope.keys(paths)))
        held: set[str] = set()
        for start in range(0, len(ordered), ADD_PAGE):
            page = ordered[start : start + ADD_PAGE]
            self.db.execute(
                pending.update()
                .where(pending.c.path.in_(page), self._free(holders))
                .values(claimed_by=run_id)
            )
            held.update(self._held(page, run_id))
        return [self.scope.path(key) for key in ordered if key in held]

    @staticmethod
    def _free(holders: Collection[int]) -> sa.ColumnElement[bool]:
        """A pending story's claim is free: held by no run of ``holders``."""
        if not holders:
            return sa.true()
        # run ids inlined (whole numbers): the statement may run for many rows at once
        runs = [sa.literal_column(str(int(run_id))) for run_id in sorted(holders)]
        return sa.or_(pending.c.claimed_by.is_(None), pending.c.claimed_by.not_in(runs))

    def _held(self, paths: list[str], run_id: int) -> Iterator[str]:
        return self.db.execute(
            sa.select(pending.c.path).where(
                pending.c.path.in_(paths), pending.c.claimed_by == run_id
            )
        ).scalars()

    @transactional
    def paths(self, max_attempts: int, holders: Collection[int] = ()) -> list[str]:
        """Pending paths that failed fewer than ``max_attempts`` runs, oldest first, but
        those claimed by a run of ``holders`` (it fetches them)."""
        query = (
            sa.select(pending.c.path)
            .where(
                pending.c.attempts < max_attempts,
                self._free(holders),
                self.scope.owns(pending.c.path),
            )
            .order_by(pending.c.found_at, pending.c.path)
        )
        return [self.scope.path(key) for key in self.db.execute(query).scalars()]

    @transactional
    def given_up(self, max_attempts: int) -> list[str]:
        """Pending paths that failed ``max_attempts`` runs or more: no longer retried."""
        query = (
            sa.select(pending.c.path)
            .where(pending.c.attempts >= max_attempts, self.scope.owns(pending.c.path))
            .order_by(pending.c.found_at, pending.c.path)
        )
        return [self.scope.path(key) for key in self.db.execute(query).scalars()]

    @transactional
    def failing(self) -> dict[str, tuple[str, int]]:
        """Pending paths that failed in at least one run -> (found_at, attempts)."""
        query = sa.select(pending.c.path, pending.c.found_at, pending.c.attempts).where(
            pending.c.attempts > 0, self.scope.owns(pending.c.path)
        )
        return {
            self.scope.path(key): (found_at, attempts)
            for key, found_at, attempts in self.db.execute(query)
        }

    @transactional
    def resolve(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` need no more fetching (written, gone, or not stories)."""
        self.resolve_keys(self.scope.keys(paths))

    @transactional
    def resolve_keys(self, keys: Iterable[str]) -> None:
        """:meth:`resolve`, for path keys (:meth:`Scope.key`)."""
        if rows := [{"key": key} for key in keys]:
            self.db.execute(self._resolve, rows)

    @transactional
    def fail(self, path: str) -> None:
        """The story at ``path`` could not be fetched in this run."""
        self.db.execute(
            pending.update()
            .where(pending.c.path == self.scope.key(path))
            .values(attempts=pending.c.attempts + 1)
        )
