"""The history as it was before revisions were kept: articles, paths, pending stories,
unfinished walks, runs and their feeds. A history file made then has these tables and no
version: it is marked as this one, then upgraded.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("article_id", sa.Text, primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("modified_at", sa.Text),
        sa.Column("first_seen", sa.Text, nullable=False),
        sa.Column("last_seen", sa.Text, nullable=False),
    )
    op.create_table(
        "paths",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, nullable=False),
    )
    op.create_table(
        "pending",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("found_at", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "unfinished_walks",
        sa.Column("listing", sa.Text, primary_key=True),
        sa.Column("resume_page", sa.Integer, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("spider", sa.Text, nullable=False),
        sa.Column("host", sa.Text, nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        sa.Column("finish_reason", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "run_feeds",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("format", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("run_feeds", "runs", "unfinished_walks", "pending", "paths", "articles"):
        op.drop_table(table)
