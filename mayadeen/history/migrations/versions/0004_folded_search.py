"""Search that finds an Arabic word however it was written: the full-text index holds the
text folded for search (``mayadeen.extraction.folding.fold``: short vowels, the other
Arabic marks and tatweel out; the alef forms, ta marbuta and alef maqsura folded), and is
built again from the stored revisions, which are not changed. Text without Arabic folds to
itself: its index is what it was.

- SQLite: the FTS5 table ``article_search`` takes its content from the view
  ``article_search_text`` (the revisions' title, summary and body through the SQL function
  ``mayadeen_fold``, which the history's engine gives every connection, this one included);
  its triggers on ``articles`` read that view.
- PostgreSQL: the GIN index ``ix_revisions_search`` is on the folded text (``translate()``).

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: The text PostgreSQL indexes: the same expression as ``search.POSTGRES_DOCUMENT`` (a
#: migration keeps its own copy: it must not change when the code does).
POSTGRES_DOCUMENT = (
    "to_tsvector('english', translate(coalesce(title, '') || ' ' || coalesce(summary, '') "
    "|| ' ' || coalesce(body, ''), "
    r"U&'\0623\0625\0622\0671\0629\0649\0610\0611\0612\0613\0614\0615\0616\0617\0618\0619"
    r"\061A\0640\064B\064C\064D\064E\064F\0650\0651\0652\0653\0654\0655\0656\0657\0658\0659"
    r"\065A\065B\065C\065D\065E\065F\0670\06D6\06D7\06D8\06D9\06DA\06DB\06DC\06DF\06E0\06E1"
    r"\06E2\06E3\06E4\06E5\06E6\06E7\06E8\06EA\06EB\06EC\06ED', "
    r"U&'\0627\0627\0627\0627\0647\064A'))"
)
#: The text 0002 indexed on PostgreSQL, for the downgrade.
POSTGRES_DOCUMENT_0002 = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, ''))"
)
#: SQLite: what the index is fed, per revision.
FOLDED_VIEW = (
    "CREATE VIEW article_search_text AS SELECT revision_id, mayadeen_fold(title) AS title, "
    "mayadeen_fold(summary) AS summary, mayadeen_fold(body) AS body FROM revisions"
)
FTS_OPTIONS = "content_rowid='revision_id', tokenize='porter unicode61 remove_diacritics 2'"


def _sqlite_index(content: str) -> None:
    """SQLite's search index of the latest revisions, its content the table or view
    ``content``: the table, the triggers that keep it, and every latest revision in it."""
    op.execute(
        f"CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, "
        f"content='{content}', {FTS_OPTIONS})"
    )
    # The old latest revision out, the new one in (FTS5 with external content is told what
    # it indexed, to delete it).
    delete = (
        "INSERT INTO article_search (article_search, rowid, title, summary, body) "
        f"SELECT 'delete', revision_id, title, summary, body FROM {content} "
        "WHERE revision_id = old.latest_revision_id;"
    )
    insert = (
        "INSERT INTO article_search (rowid, title, summary, body) "
        f"SELECT revision_id, title, summary, body FROM {content} "
        "WHERE revision_id = new.latest_revision_id;"
    )
    for trigger, event, replaced in (
        ("article_search_new", "INSERT", ""),
        ("article_search_latest", "UPDATE OF latest_revision_id", delete),
    ):
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON articles "
            "WHEN new.latest_revision_id IS NOT NULL "
            f"BEGIN {replaced} {insert} END"
        )
    op.execute(
        "INSERT INTO article_search (rowid, title, summary, body) "
        f"SELECT c.revision_id, c.title, c.summary, c.body FROM articles a "
        f"JOIN {content} c ON c.revision_id = a.latest_revision_id"
    )


def _drop_sqlite_index() -> None:
    op.execute("DROP TRIGGER article_search_latest")
    op.execute("DROP TRIGGER article_search_new")
    op.execute("DROP TABLE article_search")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_revisions_search")
        op.execute(f"CREATE INDEX ix_revisions_search ON revisions USING gin ({POSTGRES_DOCUMENT})")
    else:
        _drop_sqlite_index()
        op.execute(FOLDED_VIEW)
        _sqlite_index("article_search_text")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_revisions_search")
        op.execute(
            f"CREATE INDEX ix_revisions_search ON revisions USING gin ({POSTGRES_DOCUMENT_0002})"
        )
    else:
        _drop_sqlite_index()
        op.execute("DROP VIEW article_search_text")
        _sqlite_index("revisions")
