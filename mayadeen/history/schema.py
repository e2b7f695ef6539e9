"""The history's tables, as SQLAlchemy Core describes them: the schema the latest migration
(:mod:`mayadeen.history.migrations`) makes, and what every query is written against, for
SQLite and PostgreSQL alike.

Times are ISO 8601 text, as the items carry them. The full-text index of the latest revisions
is the one part that differs between the two databases; :mod:`mayadeen.history.search` owns it.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: Per post id: the latest revision written, and what decides whether a page changed.
articles = sa.Table(
    "articles",
    metadata,
    sa.Column("article_id", sa.Text, primary_key=True),
    # The URL and text hash of an article recorded before revisions were kept; null where
    # the latest revision holds them (migration 0010).
    sa.Column("url", sa.Text),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.Text),
    sa.Column("published_at", sa.Text),
    # As ``url``, since migration 0011.
    sa.Column("modified_at", sa.Text),
    sa.Column("first_seen", sa.Text, nullable=False),
    sa.Column("last_seen", sa.Text, nullable=False),
    # Hash of every field the page gives (mayadeen.history.revisions.fingerprint: 32 hex
    # digits since migration 0011); null for articles recorded before revisions were kept.
    sa.Column("fingerprint", sa.Text),
    # revisions.revision_id of the latest revision; null as for ``fingerprint``.
    sa.Column("latest_revision_id", sa.Integer),
    # SQLite: the rowid of the latest revision's text in the search index, which follows
    # publication time (mayadeen.history.search.key_range); null on PostgreSQL.
    sa.Column("search_key", sa.BigInteger),
)
# Recent articles (a run's refreshes).
sa.Index("ix_articles_published_at", articles.c.published_at)
sa.Index("ix_articles_search_key", articles.c.search_key, unique=True)

#: Every URL path an article was fetched or published under (SQLite: its rows in the index on
#: ``path`` alone, no rowid table beside it).
paths = sa.Table(
    "paths",
    metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Text, nullable=False),
    sqlite_with_rowid=False,
)

#: Every revision of every article written since revisions are kept: all its fields, the
#: bulky ones packed (:mod:`mayadeen.history.packing`), ``data`` without what it repeats
#: (:func:`mayadeen.history.revisions.compact`).
revisions = sa.Table(
    "revisions",
    metadata,
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
    # The item's other fields, as JSON, but for those packed.
    sa.Column("data", sa.JSON, nullable=False),
    # The bulky fields, compressed (mayadeen.history.packing: the body, whose column is then
    # null, and the images on SQLite; the images on PostgreSQL); null when none are packed.
    sa.Column("packed", sa.LargeBinary),
    sa.UniqueConstraint("article_id", "revision", name="uq_revisions_article_revision"),
    sqlite_autoincrement=True,
)
# PostgreSQL: the migrations add ``search_document``, the indexed text (a stored generated
# column, mayadeen.history.search.POSTGRES_DOCUMENT), left out here: no query selects it;
# and (0012) the GIN index ``ix_revisions_pairs`` of its neighbouring words' pairs.
# The order of an export (mayadeen.corpus), walked without sorting.
sa.Index(
    "ix_revisions_published",
    revisions.c.published_at,
    revisions.c.article_id,
    revisions.c.revision,
)

#: Story paths a run chose to fetch and has not written yet.
pending = sa.Table(
    "pending",
    metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("found_at", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    # the run that recorded it and is to fetch it (runs.run_id; a finished or gone run's
    # claim is free to take)
    sa.Column("claimed_by", sa.Integer),
)

#: Per listing path: every story it shows published at or before ``covered_to`` is in the
#: history or pending, as a walk that completed at ``as_of`` proved (ISO 8601 both).
watermarks = sa.Table(
    "watermarks",
    metadata,
    sa.Column("listing", sa.Text, primary_key=True),
    sa.Column("covered_to", sa.Text, nullable=False),
    sa.Column("as_of", sa.Text, nullable=False),
)

#: Each crawl that used the history; ``worker`` is the machine and data folder it ran in.
runs = sa.Table(
    "runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("spider", sa.Text, nullable=False),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),
    sa.Column("finish_reason", sa.Text),
    sa.Column("worker", sa.Text),
    # How a sections run walked its listings (full, shortcut, limited), and whether every
    # listing it read was walked to a covered page or its end.
    sa.Column("walk", sa.Text),
    sa.Column("walk_complete", sa.Boolean, nullable=False, server_default=sa.false()),
    sqlite_autoincrement=True,
)

#: The local feed files of each run, read back when it did not finish.
run_feeds = sa.Table(
    "run_feeds",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("format", sa.Text, nullable=False),
)
