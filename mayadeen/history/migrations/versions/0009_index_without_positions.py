"""SQLite's search index without positions (issue 26, a smaller history): the FTS5 table
``article_search`` made again with ``detail=none``, keeping which articles have a word, not
where (half the index: 1.0 KB an article of the bench's corpus at 10k against 2.3 KB).

It matches words as before. FTS5 matches no phrase without positions: a query with one is
matched there word by word, and each candidate is checked by a small index with positions of
the candidates' text alone, which its snippets are cut from too
(:mod:`mayadeen.history.search`, which reads which kind of index a history has): the same
hits and snippets, but a phrase whose words are often in the same article and seldom next to
each other reads many candidates (about 0.3 ms each). The view of its content and the
triggers on ``articles`` stay as they are; the index is built again from them. Downgrading
builds it again with positions. PostgreSQL: nothing.

Revision ID: 0009
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The tokenizer of SQLite's index (0005's, mayadeen.history.search.SQLITE_TOKENIZER).
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index("none")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index("full")
