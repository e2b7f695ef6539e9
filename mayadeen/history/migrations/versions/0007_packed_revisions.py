"""A smaller history: each revision's bulky fields packed (compressed) in the new column
``revisions.packed`` (:mod:`mayadeen.history.packing`), every existing revision converted in
place.

- SQLite: the body (its column made null), the images and the image's address (out of
  ``data``). The view ``article_search_text`` (the index's content) reads the body as
  ``coalesce(body, mayadeen_body(packed))``, as the index's writes do
  (:func:`mayadeen.history.search.write_sqlite_index`), ``mayadeen_body`` being the SQL function
  the history's engine gives every connection, this one included. The search index is not
  built again: the text it indexes is the same.
- PostgreSQL: the images and the image's address (the body stays text: PostgreSQL
  compresses it, and its search index and snippets read it).

The pages freed are reused by later writes; ``VACUUM`` gives them back to the file system.
Downgrading unpacks every revision and drops the column.

Revision ID: 0007
"""

import json

import sqlalchemy as sa
from alembic import op

from mayadeen.history.packing import pack, unpack

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: mayadeen.history.packing.PACKED, kept here: what this migration packs never changes (the
#: packing's format is the module's: every format it wrote stays readable).
PACKED = {
    "sqlite": ("body", "images", "image_url"),
    "postgresql": ("images", "image_url"),
}
#: Revisions converted a statement.
PAGE = 1000

#: The body the search index reads, of the revisions table aliased as ``r``: before, after.
BODY_0006 = "r.body"
BODY_0007 = "coalesce(r.body, mayadeen_body(r.packed))"

_revisions = sa.table(
    "revisions",
    sa.column("revision_id", sa.Integer),
    sa.column("body", sa.Text),
    sa.column("data", sa.JSON),
    sa.column("packed", sa.LargeBinary),
)


def _convert(packing: bool) -> None:
    """Every revision packed (``packing``) or unpacked, a page of them a statement."""
    db = op.get_bind()
    fields = PACKED[db.dialect.name]
    read = sa.select(_revisions).where(_revisions.c.revision_id > sa.bindparam("after"))
    if not packing:
        read = read.where(_revisions.c.packed.is_not(None))
    read = read.order_by(_revisions.c.revision_id).limit(PAGE)
    write = (
        _revisions.update()
        .where(_revisions.c.revision_id == sa.bindparam("id"))
        .values(
            body=sa.bindparam("new_body", type_=sa.Text),
            data=sa.bindparam("new_data", type_=sa.JSON),
            packed=sa.bindparam("new_packed", type_=sa.LargeBinary),
        )
    )
    after = 0
    while rows := db.execute(read, {"after": after}).mappings().all():
        db.execute(write, [_packed(row, fields) if packing else _unpacked(row) for row in rows])
        after = rows[-1]["revision_id"]


def _data(row: sa.RowMapping) -> dict:
    return row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])


def _packed(row: sa.RowMapping, fields: tuple[str, ...]) -> dict:
    """The new values of a revision's row with its ``fields`` packed."""
    data = _data(row)
    values = {"body": row["body"]} if "body" in fields else {}
    values |= {name: data.pop(name) for name in fields if name in data}
    body = None if "body" in fields else row["body"]
    return {
        "id": row["revision_id"],
        "new_body": body,
        "new_data": data,
        "new_packed": pack(values),
    }


def _unpacked(row: sa.RowMapping) -> dict:
    """The new values of a revision's row with its packed fields back where they were."""
    values = unpack(row["packed"])
    body = values.pop("body", row["body"])
    data = _data(row) | values
    return {"id": row["revision_id"], "new_body": body, "new_data": data, "new_packed": None}


def _sqlite_index_text(body: str) -> None:
    """0005's view of the indexed text (the index's content), the body read as ``body``
    (:data:`BODY_0006`, :data:`BODY_0007`). The triggers on ``articles`` only note which
    articles the index needs: they read no text."""
    op.execute("DROP VIEW article_search_text")
    op.execute(
        "CREATE VIEW article_search_text AS SELECT a.search_key AS search_key, "
        "mayadeen_fold(r.title) AS title, mayadeen_fold(r.summary) AS summary, "
        f"mayadeen_fold({body}) AS body "
        "FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id"
    )


def upgrade() -> None:
    op.add_column("revisions", sa.Column("packed", sa.LargeBinary))
    _convert(packing=True)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index_text(BODY_0007)


def downgrade() -> None:
    _convert(packing=False)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index_text(BODY_0006)
        op.execute("ALTER TABLE revisions DROP COLUMN packed")  # no copy of the table
    else:
        op.drop_column("revisions", "packed")
