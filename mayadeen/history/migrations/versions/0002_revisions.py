"""Every revision of every article, searchable; runs know their worker.

- ``revisions``: all fields of each revision written, with the time first seen;
- ``articles.fingerprint`` and ``articles.latest_revision_id``;
- ``runs.worker``: the machine and data folder of a run, so that only that worker recovers it;
- the full-text index of the latest revisions: SQLite's FTS5 table ``article_search`` (its
  content read from ``revisions``, kept up by triggers on ``articles``), or PostgreSQL's GIN
  index on the revision's text.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

#: The text PostgreSQL indexes: the same expression as ``search.POSTGRES_DOCUMENT`` (a
#: migration keeps its own copy: it must not change when the code does).
POSTGRES_DOCUMENT = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, ''))"
)
#: SQLite's search index: the old latest revision out, the new one in (FTS5 with external
#: content is told what it indexed, to delete it).
SEARCH_DELETE = (
    "INSERT INTO article_search (article_search, rowid, title, summary, body) "
    "SELECT 'delete', revision_id, title, summary, body FROM revisions "
    "WHERE revision_id = old.latest_revision_id;"
)
SEARCH_INSERT = (
    "INSERT INTO article_search (rowid, title, summary, body) "
    "SELECT revision_id, title, summary, body FROM revisions "
    "WHERE revision_id = new.latest_revision_id;"
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("fingerprint", sa.Text))
    op.add_column("articles", sa.Column("latest_revision_id", sa.Integer))
    op.add_column("runs", sa.Column("worker", sa.Text))
    op.create_table(
        "revisions",
        sa.Column("revision_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("seen_at", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("body", sa.Text),
        sa.Column("section", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("modified_at", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("article_id", "revision", name="uq_revisions_article_revision"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_revisions_published_at", "revisions", ["published_at"])
    op.create_index("ix_revisions_seen_at", "revisions", ["seen_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_revisions_search ON revisions USING gin ({POSTGRES_DOCUMENT})")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, "
            "content='revisions', content_rowid='revision_id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        # The index follows each article's latest revision, inside SQLite.
        for trigger, event, replaced in (
            ("article_search_new", "INSERT", ""),
            ("article_search_latest", "UPDATE OF latest_revision_id", SEARCH_DELETE),
        ):
            op.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON articles "
                "WHEN new.latest_revision_id IS NOT NULL "
                f"BEGIN {replaced} {SEARCH_INSERT} END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_revisions_search", "revisions")
    else:
        op.execute("DROP TRIGGER article_search_latest")
        op.execute("DROP TRIGGER article_search_new")
        op.execute("DROP TABLE article_search")
    op.drop_table("revisions")
    with op.batch_alter_table("runs") as runs:
        runs.drop_column("worker")
    with op.batch_alter_table("articles") as articles:
        articles.drop_column("latest_revision_id")
        articles.drop_column("fingerprint")
