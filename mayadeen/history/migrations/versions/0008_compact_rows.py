"""A smaller history still (issue 26): revisions' ``data`` without what it repeats, SQLite's
``paths`` without rowid, and no index nothing reads.

- SQLite: ``paths`` made a table ``WITHOUT ROWID`` (its rows in the index on ``path``,
  not in a table and an index both).
- Both: each revision's ``data`` compacted in place
  (:func:`mayadeen.history.revisions.compact`): ``scraped_at`` left out where it is the
  row's ``seen_at``, the null fields no SQL reads left out; read back, the revision is the
  same item (:func:`mayadeen.history.revisions.to_item`).
- Both: the index ``ix_revisions_seen_at`` dropped: no query of the project's reads it.

Downgrading makes each of these as it was. On PostgreSQL the upgrade ends with ``ANALYZE
revisions``: a search plans by the statistics of the words indexed, which the rewrite of
every row leaves stale until autovacuum comes.

Revision ID: 0008
"""

import json

import sqlalchemy as sa
from alembic import op

from mayadeen.history.revisions import compact, expand

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: Revisions converted a statement.
PAGE = 1000

_revisions = sa.table(
    "revisions",
    sa.column("revision_id", sa.Integer),
    sa.column("seen_at", sa.Text),
    sa.column("data", sa.JSON),
)


def _sqlite_paths(rowid: bool) -> None:
    """``paths`` copied to a table with a rowid or without one."""
    without = "" if rowid else " WITHOUT ROWID"
    op.execute(
        "CREATE TABLE paths_new (path TEXT NOT NULL, article_id TEXT NOT NULL, "
        f"PRIMARY KEY (path)){without}"
    )
    op.execute("INSERT INTO paths_new (path, article_id) SELECT path, article_id FROM paths")
    op.execute("DROP TABLE paths")
    op.execute("ALTER TABLE paths_new RENAME TO paths")


def _convert(compacting: bool) -> None:
    """Every revision's ``data`` compacted (``compacting``) or made whole, a page of revisions
    a statement."""
    db = op.get_bind()
    read = sa.select(_revisions).where(_revisions.c.revision_id > sa.bindparam("after"))
    read = read.order_by(_revisions.c.revision_id).limit(PAGE)
    write = (
        _revisions.update()
        .where(_revisions.c.revision_id == sa.bindparam("id"))
        .values(data=sa.bindparam("new_data", type_=sa.JSON))
    )
    convert = compact if compacting else expand
    after = 0
    while rows := db.execute(read, {"after": after}).mappings().all():
        changes = []
        for row in rows:
            data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
            new = convert(data, row["seen_at"])
            if new != data or list(new) != list(data):
                changes.append({"id": row["revision_id"], "new_data": new})
        if changes:
            db.execute(write, changes)
        after = rows[-1]["revision_id"]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_revisions_seen_at", "revisions")
    _convert(compacting=True)
    if sqlite:
        _sqlite_paths(rowid=False)
    else:  # every row rewritten: the planner's statistics (which a search's plan reads) anew
        op.execute("ANALYZE revisions")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_paths(rowid=True)
    _convert(compacting=False)
    op.create_index("ix_revisions_seen_at", "revisions", ["seen_at"])
