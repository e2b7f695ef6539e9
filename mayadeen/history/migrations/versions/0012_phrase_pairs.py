"""PostgreSQL: an index of the words next to each other (issue 26, "search at any size").

A ``tsvector``'s GIN index knows which revisions have a word, not where: a quoted phrase is
checked against each revision that has all its words. A phrase of two common words seldom
written together (``"vote sanctions"``: each word in a few percent of the articles, next to
each other in a few hundred of a million) had every revision with both words checked, tens
of thousands at 1M: 0.6-3.7 s.

``mayadeen_pairs(tsvector)`` is every two lexemes at neighbouring positions of a document,
each pair a number (20 bits of the MD5 of ``'first second'``: a collision only adds a
candidate, which the phrase's own test drops), and ``ix_revisions_pairs`` is the GIN index of
those numbers for every revision's ``search_document``. A revision with a phrase has every
pair of its neighbouring words (:func:`mayadeen.history.search.phrase_pairs`): where the
index gives a phrase few candidates, a search reads them alone
(:func:`mayadeen.history.search._postgres_newest`).

About 150 pairs a revision. Building the index reads every revision (about 12 minutes at 1M
with 1 GB of ``maintenance_work_mem``); the statistics of its numbers are gathered at once
(``ANALYZE revisions``), as a search reads them to know which pairs are rare.

SQLite's FTS5 index keeps the positions of the words: nothing changes there.

Revision ID: 0012
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: The pairs of a document. Its cost is high for the planner (about 0.2 ms a revision): it
#: is read through the index, never computed row by row (a search reads the index only where
#: its bitmap stays exact, so that no row is checked again).
PAIRS_FUNCTION = r"""
CREATE FUNCTION mayadeen_pairs(doc tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
    SELECT coalesce(array_agg(DISTINCT
        ('x' || substr(md5(a.lexeme || ' ' || b.lexeme), 1, 5))::bit(20)::integer), '{}')
    FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(doc)) AS a
    JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(doc)) AS b ON b.at = a.at + 1
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PAIRS_FUNCTION)
        op.execute(
            "CREATE INDEX ix_revisions_pairs ON revisions "
            "USING gin (mayadeen_pairs(search_document))"
        )
        op.execute("ANALYZE revisions")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_revisions_pairs")
        op.execute("DROP FUNCTION mayadeen_pairs(tsvector)")
