"""A SQLite copy of a history (PostgreSQL's, or another SQLite file): a new file made by the
project's own migrations (:func:`~mayadeen.history.database.connect`), so it has the same
tables, views and search index as a history a crawl writes, then filled with every row of
every table, a batch at a time (memory stays flat however large the history). The articles'
search keys are made again in the copy (PostgreSQL has none), in publication order, and the
triggers on ``articles`` note each latest revision for the search index, written a batch
at a time as a crawl's group of records is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mayadeen.history.database import connect
from mayadeen.history.schema import articles, metadata
from mayadeen.history.search import key_range, write_sqlite_index

#: Rows read and written at a time.
BATCH = 2000

Rows = list[dict[str, Any]]


def copy_to_sqlite(source: sa.Connection, path: Path) -> int:
    """Copy the history ``source`` reads into a new SQLite history at ``path`` (which must
    not exist); how many articles. The copy is one file: no write-ahead log is left beside
    it."""
    target = connect(path)
    try:
        with source.begin():
            # One snapshot of every table while a crawl may be writing: SQLite's read
            # transaction is one; PostgreSQL's is one when asked.
            if source.dialect.name == "postgresql":
                source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for table in metadata.sorted_tables:
                if table is not articles:  # last: its triggers index the revisions copied
                    _copy(source, target, table, sa.select(table), lambda rows: rows)
            count = _copy(source, target, articles, _articles_in_order(source), _keyed())
        # Out of WAL (outside a transaction, which SQLAlchemy would begin): one file.
        target.connection.dbapi_connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        target.engine.dispose()
        Path(f"{path}.lock").unlink(missing_ok=True)
    return count


def _copy(
    source: sa.Connection,
    target: sa.Connection,
    table: sa.Table,
    query: sa.Select[Any],
    rows_of: Callable[[Rows], Rows],
) -> int:
    """Every row ``query`` reads from ``source`` into ``table`` of ``target``, a batch a
    transaction, each batch passed through ``rows_of`` first, the search index written with
    it; how many."""
    count = 0
    result = source.execute(query, execution_options={"stream_results": True, "yield_per": BATCH})
    for batch in result.mappings().partitions(BATCH):
        with target.begin():
            target.execute(sa.insert(table), rows_of([dict(row) for row in batch]))
            write_sqlite_index(target)
        count += len(batch)
    return count


def _articles_in_order(source: sa.Connection) -> sa.Select[Any]:
    """The articles in publication order (text order: byte by byte on PostgreSQL too, where
    a locale's order could differ), those without a date first, as the keys are made."""
    published = articles.c.published_at
    if source.dialect.name == "postgresql":
        published = published.collate("C")
    return sa.select(articles).order_by(published.asc().nulls_first(), articles.c.article_id)


def _keyed() -> Callable[[Rows], Rows]:
    """Gives each batch of articles (read in :func:`_articles_in_order`) its search keys, as
    the history gives them (:func:`~mayadeen.history.search.key_range`): the first free key of
    each one's publication minute, or the next one above when the minute's keys are taken
    (read in order, every key given is below the next article's range or in it); none when it
    has no stored revision."""
    taken = -1

    def keyed(rows: Rows) -> Rows:
        nonlocal taken
        keyed_rows = []
        for row in rows:
            key = None
            if row["latest_revision_id"] is not None:
                key = taken = max(key_range(row["published_at"])[0], taken + 1)
            keyed_rows.append(row | {"search_key": key})
        return keyed_rows

    return keyed
