"""Reads that do not grow with the corpus: indexes the run's and the readers' queries walk,
and SQLite's search index keyed by publication time.

- ``articles.search_key`` (SQLite; null on PostgreSQL): the rowid of the article's latest
  revision in the FTS5 table ``article_search``, its publication minute times 2^2 plus a
  number making it unique (mayadeen.history.search.key_range), so that FTS5 reads the
  matches newest first and a search stops after the newest few. The view
  ``article_search_text`` (the folded text) is read by that key, the triggers on
  ``articles`` note in ``article_search_pending`` what the index needs (written into it in
  key order, by mayadeen.history.search.write_sqlite_index), and the index is built again.
- ``ix_articles_published_at`` (a run's recent articles), ``ix_articles_search_key``;
  ``ix_revisions_published`` (published_at, article_id, revision: an export's order, walked
  without a sort) takes the place of ``ix_revisions_published_at``.

Revision ID: 0005
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: mayadeen.history.search.KEY_BITS, kept here: the index's rowids depend on it.
KEY_BITS = 2
_MINUTE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)")

FTS_OPTIONS = "tokenize='porter unicode61 remove_diacritics 2'"

#: PostgreSQL: the text indexed, folded as 0004 folds it but only where it has an Arabic
#: character (translate() changes nothing else, and costs twenty times the test): the
#: column ``revisions.search_document``'s expression, ``search.POSTGRES_DOCUMENT``.
_TEXT = "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, '')"
_TRANSLATE = (
    r"U&'\0623\0625\0622\0671\0629\0649\0610\0611\0612\0613\0614\0615\0616\0617\0618\0619"
    r"\061A\0640\064B\064C\064D\064E\064F\0650\0651\0652\0653\0654\0655\0656\0657\0658\0659"
    r"\065A\065B\065C\065D\065E\065F\0670\06D6\06D7\06D8\06D9\06DA\06DB\06DC\06DF\06E0\06E1"
    r"\06E2\06E3\06E4\06E5\06E6\06E7\06E8\06EA\06EB\06EC\06ED', "
    r"U&'\0627\0627\0627\0627\0647\064A'"
)
POSTGRES_DOCUMENT = (
    f"to_tsvector('english', CASE WHEN ({_TEXT}) ~ '[\\u0600-\\u06FF]' "
    f"THEN translate({_TEXT}, {_TRANSLATE}) ELSE {_TEXT} END)"
)
#: 0004's, for the downgrade.
POSTGRES_DOCUMENT_0004 = f"to_tsvector('english', translate({_TEXT}, {_TRANSLATE}))"


def _key_low(published_at):
    """The least search key of ``published_at`` (mayadeen.history.search.key_range), kept
    here: 0 without a time, else its minute times 2^KEY_BITS."""
    match = _MINUTE.match(published_at or "")
    if match is None:
        return 0
    year, month, day, hour, minute = map(int, match.groups())
    return ((((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute) << KEY_BITS


def _fill_search_keys() -> None:
    db = op.get_bind()
    rows = db.execute(
        sa.text(
            "SELECT article_id, published_at FROM articles "
            "WHERE latest_revision_id IS NOT NULL ORDER BY published_at, article_id"
        )
    )
    # In time order, each key the least unused one at or above the article's least (the
    # undated first, from 0): unique, never below an article's least, as the code's keys.
    keys, last = [], None
    for article_id, published_at in rows:
        low = _key_low(published_at)
        last = low if last is None or last < low else last + 1
        keys.append({"key": last, "id": article_id})
    for start in range(0, len(keys), 10000):
        db.execute(
            sa.text("UPDATE articles SET search_key = :key WHERE article_id = :id"),
            keys[start : start + 10000],
        )


def _drop_sqlite_index() -> None:
    op.execute("DROP TRIGGER article_search_latest")
    op.execute("DROP TRIGGER article_search_new")
    op.execute("DROP TABLE article_search")
    op.execute("DROP VIEW article_search_text")


def _sqlite_index_by_key() -> None:
    """The FTS5 index read by search key, the triggers that note what it needs, every
    latest revision in it."""
    op.execute(
        "CREATE VIEW article_search_text AS SELECT a.search_key AS search_key, "
        "mayadeen_fold(r.title) AS title, mayadeen_fold(r.summary) AS summary, "
        "mayadeen_fold(r.body) AS body "
        "FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id"
    )
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, "
        f"content='article_search_text', content_rowid='search_key', {FTS_OPTIONS})"
    )
    # The triggers note each article whose text changes, with what the index holds of it
    # (the first change since the index was last written); mayadeen.history.search's
    # write_sqlite_index writes the notes into the index in key order (FTS5 writes out
    # what it holds in memory whenever a key comes below the one before it).
    op.execute(
        "CREATE TABLE article_search_pending (article_id TEXT PRIMARY KEY, "
        "old_key INTEGER, old_revision_id INTEGER)"
    )
    # A connection without mayadeen_fold (another program's) cannot write the index: it
    # fails here, changing nothing, instead of leaving a note it cannot write.
    note = (
        "INSERT INTO article_search_pending (article_id, old_key, old_revision_id) "
        "SELECT new.article_id, {}, {} WHERE mayadeen_fold('') IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM article_search_pending WHERE article_id = new.article_id);"
    )
    op.execute(
        "CREATE TRIGGER article_search_new AFTER INSERT ON articles "
        f"WHEN new.search_key IS NOT NULL BEGIN {note.format('NULL', 'NULL')} END"
    )
    op.execute(
        "CREATE TRIGGER article_search_latest AFTER UPDATE OF latest_revision_id, search_key "
        f"ON articles BEGIN {note.format('old.search_key', 'old.latest_revision_id')} END"
    )
    op.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")


def _sqlite_index_by_revision() -> None:
    """0004's index: read by revision id."""
    op.execute(
        "CREATE VIEW article_search_text AS SELECT revision_id, mayadeen_fold(title) AS title, "
        "mayadeen_fold(summary) AS summary, mayadeen_fold(body) AS body FROM revisions"
    )
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, "
        f"content='article_search_text', content_rowid='revision_id', {FTS_OPTIONS})"
    )
    delete = (
        "INSERT INTO article_search (article_search, rowid, title, summary, body) "
        "SELECT 'delete', revision_id, title, summary, body FROM article_search_text "
        "WHERE revision_id = old.latest_revision_id;"
    )
    insert = (
        "INSERT INTO article_search (rowid, title, summary, body) "
        "SELECT revision_id, title, summary, body FROM article_search_text "
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
        "SELECT c.revision_id, c.title, c.summary, c.body FROM articles a "
        "JOIN article_search_text c ON c.revision_id = a.latest_revision_id"
    )


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.add_column("articles", sa.Column("search_key", sa.BigInteger))
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_search_key", "articles", ["search_key"], unique=True)
    op.drop_index("ix_revisions_published_at", "revisions")
    op.create_index(
        "ix_revisions_published", "revisions", ["published_at", "article_id", "revision"]
    )
    if postgresql:
        # The indexed text stored: a phrase's matches are checked against it, not made
        # again (a few ms an article), and a search walking recent revisions by time tests
        # each one's cheaply.
        op.execute("DROP INDEX ix_revisions_search")
        op.execute(
            "ALTER TABLE revisions ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) STORED"
        )
        op.execute("CREATE INDEX ix_revisions_search ON revisions USING gin (search_document)")
    else:
        _fill_search_keys()
        _drop_sqlite_index()
        _sqlite_index_by_key()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP INDEX ix_revisions_search")
        op.execute("ALTER TABLE revisions DROP COLUMN search_document")
        op.execute(
            f"CREATE INDEX ix_revisions_search ON revisions USING gin ({POSTGRES_DOCUMENT_0004})"
        )
    else:
        _drop_sqlite_index()  # before the articles table is copied without search_key
        op.execute("DROP TABLE article_search_pending")
    op.drop_index("ix_revisions_published", "revisions")
    op.create_index("ix_revisions_published_at", "revisions", ["published_at"])
    op.drop_index("ix_articles_search_key", "articles")
    op.drop_index("ix_articles_published_at", "articles")
    with op.batch_alter_table("articles") as articles:
        articles.drop_column("search_key")
    if not postgresql:
        _sqlite_index_by_revision()
