"""What an article's latest revision holds, not repeated in ``articles`` (issue 26, "a
smaller history").

``articles.url`` and ``articles.content_hash`` were copies of the latest revision's URL and
text hash (``revisions.url``, ``revisions.data``'s ``content_hash``): about 160 bytes an
article. Where an article has a latest revision, they are now null: its URL is read from
the revision (:meth:`mayadeen.history.articles.Articles.recent`), and its fingerprint, not
the hash, tells a changed page. An article recorded before revisions were kept (no latest
revision) keeps both.

The upgrade nulls them only where they are the latest revision's; the downgrade copies them
back from it.

Revision ID: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


#: The latest revision of the article of the row updated, as ``r``.
LATEST = "FROM revisions r WHERE r.revision_id = articles.latest_revision_id"


def _revision_hash(dialect: str) -> str:
    """The SQL of the latest revision's ``content_hash`` (in its ``data``)."""
    if dialect == "sqlite":
        return "json_extract(r.data, '$.content_hash')"
    return "(r.data ->> 'content_hash')"


def upgrade() -> None:
    db = op.get_bind()
    hashed = _revision_hash(db.dialect.name)
    same = "IS" if db.dialect.name == "sqlite" else "IS NOT DISTINCT FROM"  # nulls equal
    db.execute(
        sa.text(
            "UPDATE articles SET url = NULL, content_hash = NULL "
            f"WHERE latest_revision_id IS NOT NULL AND EXISTS (SELECT 1 {LATEST} "
            f"AND r.url {same} articles.url AND {hashed} {same} articles.content_hash)"
        )
    )


def downgrade() -> None:
    db = op.get_bind()
    hashed = _revision_hash(db.dialect.name)
    db.execute(
        sa.text(
            f"UPDATE articles SET url = (SELECT r.url {LATEST}), "
            f"content_hash = (SELECT {hashed} {LATEST}) "
            "WHERE latest_revision_id IS NOT NULL AND url IS NULL AND content_hash IS NULL"
        )
    )
