"""Less in ``articles`` (issue 26, "a smaller history"): about 60 bytes an article.

- ``articles.modified_at`` is null where the article's latest revision holds it, as
  ``url`` and ``content_hash`` since 0010 (:meth:`mayadeen.history.articles.Articles.lookup`
  reads it there). An article recorded before revisions were kept keeps it.
- A fingerprint (``articles.fingerprint``) keeps the first 32 hex digits of its SHA-256
  (128 bits: :data:`mayadeen.history.revisions.FINGERPRINT_DIGITS`), not 64.

The downgrade copies the modification times back from the revisions, and makes every
fingerprint whole again from its article's latest revision.

Revision ID: 0011
"""

import sqlalchemy as sa
from alembic import op

from mayadeen.history.revisions import page_hash, to_item

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: The latest revision of the article of the row updated, as ``r``.
LATEST = "FROM revisions r WHERE r.revision_id = articles.latest_revision_id"
#: Fingerprints the downgrade makes again a statement.
BATCH = 1000


def upgrade() -> None:
    db = op.get_bind()
    same = "IS" if db.dialect.name == "sqlite" else "IS NOT DISTINCT FROM"  # nulls equal
    db.execute(
        sa.text(
            "UPDATE articles SET modified_at = NULL WHERE latest_revision_id IS NOT NULL "
            f"AND EXISTS (SELECT 1 {LATEST} AND r.modified_at {same} articles.modified_at)"
        )
    )
    db.execute(
        sa.text(
            "UPDATE articles SET fingerprint = substr(fingerprint, 1, 32) "
            "WHERE length(fingerprint) > 32"
        )
    )


def downgrade() -> None:
    db = op.get_bind()
    db.execute(
        sa.text(
            f"UPDATE articles SET modified_at = (SELECT r.modified_at {LATEST}) "
            "WHERE latest_revision_id IS NOT NULL AND modified_at IS NULL"
        )
    )
    latest = sa.text(
        "SELECT r.* FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id "
        "WHERE a.fingerprint IS NOT NULL AND r.revision_id > :after "
        "ORDER BY r.revision_id LIMIT :batch"
    )
    whole = sa.text("UPDATE articles SET fingerprint = :whole WHERE article_id = :article_id")
    after = -1
    while rows := db.execute(latest, {"after": after, "batch": BATCH}).mappings().all():
        db.execute(
            whole,
            [{"whole": page_hash(to_item(row)), "article_id": row["article_id"]} for row in rows],
        )
        after = rows[-1]["revision_id"]
