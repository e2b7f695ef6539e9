"""A smaller SQLite history still (issue 26): its search index without positions, its
revisions' ``data`` without what it repeats, and no index nothing reads.

- SQLite: the FTS5 table ``article_search`` made again with ``detail=none``: it keeps which
  articles have a word, not where (half the index). It matches words as before; a query
  with a phrase is matched there word by word, and each candidate checked by a small index
  with positions of the candidates' text alone, which its snippets are cut from too
  (:mod:`mayadeen.history.search`). The view of its content and the triggers on
  ``articles`` stay as they are; the index is built again from them.
- SQLite: ``paths`` made a table ``WITHOUT ROWID`` (its rows in the index on ``path``,
  not in a table and an index both).
- Both: each revision's ``data`` compacted in place
  (:func:`mayadeen.history.revisions.compact`): ``scraped_at`` left out where it is the
  row's ``seen_at``, the null fields no SQL reads left out; read back, the revision is the
  same item (:func:`mayadeen.history.revisions.to_item`).
- Both: the index ``ix_revisions_seen_at`` dropped: no query of the project's reads it.

Downgrading makes each of these as it was.

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

#: The tokenizer of SQLite's index (0005's, mayadeen.history.search.SQLITE_TOKENIZER).
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
#: Revisions converted a statement.
PAGE = 1000

_revisions = sa.table(
    "revisions",
    sa.column("revision_id", sa.Integer),
    sa.column("seen_at", sa.Text),
    sa.column("data", sa.JSON),
)


def _sqlite_index(detail: str) -> None:
    """``article_search`` made again with ``detail`` (``none``; ``full``, FTS5's default, as
    0005 made it), its content the same view, and built again from it."""
    op.execute("DROP TABLE article_search")
    options = "" if detail == "full" else f", detail={detail}"
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, "
        f"content='article_search_text', content_rowid='search_key', {TOKENIZE}{options})"
    )
    op.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")


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
        _sqlite_index("none")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_index("full")
        _sqlite_paths(rowid=True)
    _convert(compacting=False)
    op.create_index("ix_revisions_seen_at", "revisions", ["seen_at"])
