"""How listings were walked: those walked only part of the way (``-a max_pages``), with the
page to read on from; and how many runs a spider made (every Nth walks every listing)."""

from __future__ import annotations

import sqlalchemy as sa

from mayadeen.history.schema import runs
from mayadeen.history.schema import unfinished_walks as walks
from mayadeen.history.sql import insert, transactional


class Walks:
    """The ``unfinished_walks`` table; each call runs inside the caller's transaction."""

    def __init__(self, db: sa.Connection) -> None:
        self.db = db

    @transactional
    def runs(self, spider: str) -> int:
        """How many runs of ``spider`` the history has recorded (a run begun included)."""
        query = sa.select(sa.func.count()).select_from(runs).where(runs.c.spider == spider)
        return int(self.db.execute(query).scalar_one())

    @transactional
    def unfinished(self) -> dict[str, int]:
        """Listing path -> the first page an earlier walk of it did not read."""
        rows = self.db.execute(sa.select(walks.c.listing, walks.c.resume_page))
        return {listing: page for listing, page in rows}

    @transactional
    def stopped(self, listing: str, resume_page: int) -> None:
        """Pages of ``listing`` from ``resume_page`` on were not read (stories only move to
        later pages as new ones come, so they are there or further)."""
        statement = insert(self.db, walks).values(listing=listing, resume_page=resume_page)
        further = sa.case(
            (statement.excluded.resume_page > walks.c.resume_page, statement.excluded.resume_page),
            else_=walks.c.resume_page,
        )
        self.db.execute(
            statement.on_conflict_do_update(
                index_elements=["listing"], set_={"resume_page": further}
            )
        )

    @transactional
    def finished(self, listing: str) -> None:
        """The walk of ``listing`` reached its end."""
        self.db.execute(walks.delete().where(walks.c.listing == listing))
