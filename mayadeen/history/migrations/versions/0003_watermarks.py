"""Listings covered by completed walks; runs say how they walked.

- ``watermarks``: per listing, the newest publication time up to which a completed walk
  proved the history has (or has pending) every story the listing shows, and when;
- ``runs.walk`` (``full``, ``shortcut``, ``limited``) and ``runs.walk_complete``: a full walk
  is due by completed full walks, not by runs begun;
- ``pending.claimed_by``: the run that recorded a pending story and is to fetch it (two runs
  at once fetch and write each story once);
- ``unfinished_walks`` is dropped: a listing that no walk completed is walked to its end.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watermarks",
        sa.Column("listing", sa.Text, primary_key=True),
        sa.Column("covered_to", sa.Text, nullable=False),
        sa.Column("as_of", sa.Text, nullable=False),
    )
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("walk", sa.Text))
        runs.add_column(
            sa.Column("walk_complete", sa.Boolean, nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("pending") as pending:
        pending.add_column(sa.Column("claimed_by", sa.Integer))
    op.drop_table("unfinished_walks")


def downgrade() -> None:
    op.create_table(
        "unfinished_walks",
        sa.Column("listing", sa.Text, primary_key=True),
        sa.Column("resume_page", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("pending") as pending:
        pending.drop_column("claimed_by")
    with op.batch_alter_table("runs") as runs:
        runs.drop_column("walk_complete")
        runs.drop_column("walk")
    op.drop_table("watermarks")
