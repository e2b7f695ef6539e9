"""How listings were walked: per listing, the watermark a completed walk left (every story
it shows published up to a time is in the history or pending), and how each run walked
(a full walk is due by completed full walks)."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from mayadeen.history.schema import runs, watermarks
from mayadeen.history.scope import ENGLISH, Scope
from mayadeen.history.sql import insert, transactional


class Walks:
    """The ``watermarks`` table and the ``runs`` table's walk columns; each call runs inside
    the caller's transaction. Listings and spiders are the ``scope``'s edition's (see
    :mod:`~mayadeen.history.scope`)."""

    def __init__(self, db: sa.Connection, scope: Scope = ENGLISH) -> None:
        self.db = db
        self.scope = scope

    @transactional
    def watermarks(self) -> dict[str, str]:
        """Listing path -> the publication time up to which it is covered."""
        rows = self.db.execute(
            sa.select(watermarks.c.listing, watermarks.c.covered_to).where(
                self.scope.owns(watermarks.c.listing)
            )
        )
        return {self.scope.path(listing): covered_to for listing, covered_to in rows}

    @transactional
    def advance(self, covered: Mapping[str, str], as_of: str) -> None:
        """Each listing of ``covered`` is covered up to its time, as of ``as_of``; a
        watermark never moves back (another run may have moved it further meanwhile)."""
        if not covered:
            return
        statement = insert(self.db, watermarks)
        new, old = statement.excluded.covered_to, watermarks.c.covered_to
        further = sa.case((new > old, new), else_=old)
        self.db.execute(
            statement.on_conflict_do_update(
                index_elements=["listing"],
                set_={"covered_to": further, "as_of": statement.excluded.as_of},
            ),
            [
                {"listing": self.scope.key(k), "covered_to": v, "as_of": as_of}
                for k, v in sorted(covered.items())
            ],
        )

    @transactional
    def walked(self, run_id: int, walk: str, complete: bool) -> None:
        """Run ``run_id`` walked its listings so (``full``, ``shortcut``, ``limited``), every
        one of them to a covered page or its end if ``complete``."""
        self.db.execute(
            runs.update().where(runs.c.run_id == run_id).values(walk=walk, walk_complete=complete)
        )

    @transactional
    def runs_since_full_walk(self, spider: str, run_id: int | None) -> int | None:
        """How many runs of ``spider`` began after its last completed full walk, up to
        ``run_id`` (this run) included; ``None`` when none completed."""
        spider = self.scope.key(spider)
        last = self.db.execute(
            sa.select(sa.func.max(runs.c.run_id)).where(
                runs.c.spider == spider, runs.c.walk == "full", runs.c.walk_complete
            )
        ).scalar()
        if last is None:
            return None
        query = sa.select(sa.func.count()).where(runs.c.spider == spider, runs.c.run_id > last)
        if run_id is not None:
            query = query.where(runs.c.run_id <= run_id)
        return int(self.db.execute(query).scalar_one())
