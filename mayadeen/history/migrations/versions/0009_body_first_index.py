"""SQLite's search index with the body as its first column (issue 26, "a smaller history").

FTS5 keeps, for each word of each article, the positions where it is; positions in any
column but the first come after two bytes that name the column. The index's columns were
``title, summary, body``: nearly every word an article has is in its body only, and paid
those two bytes (a fifth of the index: 2,346 against 1,841 bytes an article at 10k). The
columns are now ``body, title, summary``; the words of a title or a lead pay them instead.

The view ``article_search_text`` (the index's content) gives its columns in the same order,
and the index is rebuilt from it. Searches find the same articles. A snippet is the best
window of the article's text by FTS5's measure, as before; where a window of the body and
one of the title or lead measure the same, FTS5 takes the first column's, so the body's is
now shown where the title's or the lead's was (0.2% of the snippets of the bench's queries
at 10k; the headline is shown above the snippet anyway).

PostgreSQL's index (a ``tsvector`` of every revision) has no columns: nothing changes there.
Downgrading makes the index as it was.

Revision ID: 0009
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The index's options, as migration 0005 made them.
FTS_OPTIONS = "tokenize='porter unicode61 remove_diacritics 2'"
#: The folded text of each column of the index, by name.
TEXT = {
    "title": "mayadeen_fold(r.title)",
    "summary": "mayadeen_fold(r.summary)",
    "body": "mayadeen_fold(coalesce(r.body, mayadeen_body(r.packed)))",
}


def _sqlite_index(columns: tuple[str, ...]) -> None:
    """The index and its content view made anew with ``columns`` in that order, and filled
    from every article's latest revision."""
    op.execute("DROP TABLE article_search")
    op.execute("DROP VIEW article_search_text")
    texts = ", ".join(f"{TEXT[name]} AS {name}" for name in columns)
    op.execute(
        f"CREATE VIEW article_search_text AS SELECT a.search_key AS search_key, {texts} "
        "FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE article_search USING fts5({', '.join(columns)}, "
        f"content='article_search_text', content_rowid='search_key', {FTS_OPTIONS})"
    )
    op.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")
    # Notes of changes not yet written (none outside a group of records): the index is
    # every article's latest text now, and a note's old text is in it no more.
    op.execute("DELETE FROM article_search_pending")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index(("body", "title", "summary"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index(("title", "summary", "body"))
