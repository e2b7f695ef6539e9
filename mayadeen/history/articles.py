"""The articles the history has: each post id's latest revision written, every revision of it,
and every URL path it was fetched or published under."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa

from mayadeen.history import revisions as revision_rows
from mayadeen.history.packing import PACKED
from mayadeen.history.schema import articles, paths, revisions
from mayadeen.history.scope import ENGLISH, Scope
from mayadeen.history.search import key_range, write_sqlite_index
from mayadeen.history.sql import BATCH, Batch, Direct, insert, reads_in_batch, transactional


def now() -> str:
    """The time, as the history writes it (UTC, ISO 8601, whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def url_paths(urls: Iterable[str | None]) -> set[str]:
    """Decoded paths of ``urls``, without trailing slashes, as the spiders key stories; a
    malformed address (``http://[::1``, from a hostile page or sitemap) has none."""
    paths = set()
    for url in urls:
        try:
            path = urlsplit(url).path if url else None
        except ValueError:
            continue
        if path is not None:
            paths.add(unquote(path).rstrip("/"))
    return paths


@dataclass(frozen=True)
class Stored:
    """What the history knows of one article: its latest revision's number, modification
    time, fingerprint and row in ``revisions``; for an article recorded before revisions
    were kept, its text hash instead of the last two (``None``)."""

    revision: int
    content_hash: str | None
    modified_at: str | None
    fingerprint: str | None = None
    latest_revision_id: int | None = None
    search_key: int | None = None

    def same_page(self, item: Mapping[str, Any], fingerprint: str) -> bool:
        """The page says what the latest revision said: the same fields (the item's
        ``fingerprint``; or, for an article recorded before fields were kept, the same text
        and no later modification)."""
        if self.fingerprint is not None:
            return self.fingerprint == fingerprint
        return self.content_hash == item.get("content_hash") and (
            (item.get("modified_at") or "") <= (self.modified_at or "")
        )


#: The parameters of a new revision's ``INSERT``.
REVISION_KEYS = ("article_id", "revision", "seen_at", *revision_rows.COLUMNS, "data", "packed")
#: The parameters of the ``articles`` upsert of a new revision (on PostgreSQL its
#: ``search_key`` too: on SQLite the statement takes the key, :func:`_free_search_key`).
LATEST_KEYS = (
    "article_id",
    "url",
    "revision",
    "content_hash",
    "published_at",
    "modified_at",
    "first_seen",
    "last_seen",
    "fingerprint",
    "latest_revision_id",
)

#: Paths :meth:`Articles.lookup` asks about in one statement.
LOOKUP_PAGE = 500

#: Columns of ``articles`` null where the article has a latest revision, which holds them:
#: its URL (:meth:`Articles.recent` reads it there) and its text's hash (its fingerprint
#: tells a changed page, :meth:`Stored.same_page`), since migration 0010; its modification
#: time (:meth:`Articles.lookup` reads it there), since 0011. An article recorded before
#: revisions were kept has them here.
LATEST_IN_REVISION = ("url", "content_hash", "modified_at")

#: The ``articles`` columns a new revision sets.
LATEST = (
    "url",
    "revision",
    "content_hash",
    "published_at",
    "modified_at",
    "last_seen",
    "fingerprint",
    "latest_revision_id",
    "search_key",
)


def _free_search_key() -> sa.ColumnElement[int]:
    """The search key of an article written (SQLite; see
    :func:`~mayadeen.history.search.key_range`): ``:kept``, its own, when not null; else
    the least key in ``[:low, :high)`` above every key used there, when one is; else (the
    range is full) the least unused key above ``:low``. Computed in the ``INSERT`` itself
    (no statement more an article); the history's writers take turns, so no other can take
    it meanwhile. The last case walks the keys used above ``:low`` one by one: only a minute
    holding more articles than its keys gets there."""
    key, other = articles.c.search_key, articles.alias("other")
    low, high, top = sa.bindparam("low"), sa.bindparam("high"), sa.func.max(key)
    in_range = (
        sa.select(sa.case((top.is_(None), low), (top + 1 < high, top + 1)))
        .where(key >= low, key < high)
        .scalar_subquery()
    )
    taken = sa.exists().where(other.c.search_key == key + 1)
    above = sa.select(key + 1).where(key >= low, ~taken).order_by(key).limit(1).scalar_subquery()
    return sa.func.coalesce(sa.bindparam("kept"), in_range, above)


class Articles:
    """The ``articles``, ``revisions`` and ``paths`` tables, on the history's connection;
    each call runs inside the caller's transaction. Statements are built once (building
    one costs more than running it). Paths are the ``scope``'s edition's (see
    :mod:`~mayadeen.history.scope`); article ids carry their edition already."""

    def __init__(self, db: sa.Connection, scope: Scope = ENGLISH) -> None:
        self.db = db
        self.scope = scope
        self._packed = PACKED[db.dialect.name]
        stored = sa.select(
            articles.c.revision,
            articles.c.content_hash,
            articles.c.modified_at,
            articles.c.fingerprint,
            articles.c.latest_revision_id,
            articles.c.search_key,
        ).where(articles.c.article_id == sa.bindparam("key"))
        self._stored = Direct(db, stored)
        # PostgreSQL: other workers recording the same article wait (SQLite ignores it).
        self._stored_locked = Direct(db, stored.with_for_update())
        add = (
            insert(db, revisions)
            .on_conflict_do_nothing(index_elements=["article_id", "revision"])
            .returning(revisions.c.revision_id)
        )
        self._add = Direct(db, add, REVISION_KEYS, json_keys=["data"])
        latest = insert(db, articles)
        if db.dialect.name == "sqlite":
            latest = latest.values(search_key=_free_search_key())
        latest = latest.on_conflict_do_update(
            index_elements=["article_id"], set_={name: latest.excluded[name] for name in LATEST}
        )
        self._set_latest = Direct(db, latest, LATEST_KEYS)
        path = insert(db, paths)
        self._add_path = path.on_conflict_do_update(
            index_elements=["path"], set_={"article_id": path.excluded.article_id}
        )
        in_latest = revisions.c.revision_id == articles.c.latest_revision_id
        self._lookup = (
            sa.select(
                paths.c.path,
                articles.c.published_at,
                sa.func.coalesce(articles.c.modified_at, revisions.c.modified_at),
            )
            .join(articles, articles.c.article_id == paths.c.article_id)
            .outerjoin(revisions, in_latest)
            .where(paths.c.path.in_(sa.bindparam("paths", expanding=True)))
        )
        self._seen = (
            articles.update()
            .where(articles.c.article_id == sa.bindparam("key"))
            .values(last_seen=sa.bindparam("now"))
        )

    @transactional
    def count(self) -> int:
        return int(self.db.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())

    @reads_in_batch
    def get(self, article_id: str, *, lock: bool = False) -> Stored | None:
        query = self._stored_locked if lock else self._stored
        row = query.first(self.db, {"key": article_id})
        return Stored(*row) if row else None

    @transactional
    def record(self, item: Mapping[str, Any], fingerprint: str | None = None) -> bool:
        """Store a written article (its paths are the caller's: :meth:`set_keys`): a new
        revision when its ``revision`` is newer than the stored one; ``True`` if this call
        stored it (another worker may have stored the same revision first). The item has an
        ``article_id``; ``fingerprint`` is its own, when computed already."""
        article_id = item["article_id"]
        revision = int(item.get("revision") or 1)
        stored = self.get(article_id, lock=True)
        added = False
        if stored is None or stored.revision < revision:
            added = self._add_revision(item, revision, fingerprint, stored)
        if not added:
            self.seen(article_id)
        return added

    def _add_revision(
        self,
        item: Mapping[str, Any],
        revision: int,
        fingerprint: str | None = None,
        stored: Stored | None = None,
    ) -> bool:
        """Store ``item`` as revision ``revision``, the latest (``fingerprint``: the
        item's, when computed already; ``stored``: what the history had of it)."""
        article_id = item["article_id"]
        seen = item.get("scraped_at") or now()
        row = {"article_id": article_id, "revision": revision, "seen_at": seen}
        new_id = self._add.scalar(self.db, row | revision_rows.to_row(item, self._packed, seen))
        if new_id is None:  # another worker recorded this revision first
            return False
        self._set_latest.run(
            self.db,
            {
                "article_id": article_id,
                "revision": revision,
                "published_at": item.get("published_at"),
                "modified_at": item.get("modified_at"),
                "first_seen": seen,
                "last_seen": seen,
                "fingerprint": fingerprint or revision_rows.fingerprint(item),
                "latest_revision_id": new_id,
            }
            | dict.fromkeys(LATEST_IN_REVISION)  # null: the revision holds them
            | self._search_key(item.get("published_at"), stored),
        )
        if self.db.dialect.name == "sqlite":
            batch: Batch | None = self.db.info.get(BATCH)
            if batch is not None and batch.transaction is not None:
                batch.later(self._write_index, {})  # once for the group, at its commit
            else:
                write_sqlite_index(self.db)
        return True

    def _write_index(self, _: Mapping[str, Any]) -> None:
        write_sqlite_index(self.db)

    def _search_key(self, published_at: str | None, stored: Stored | None) -> dict[str, Any]:
        """The parameters of the article's key in SQLite's search index
        (:func:`_free_search_key`): the key it has while its publication minute stays (its
        ``key_range``), else where to take a free one. None on PostgreSQL."""
        if self.db.dialect.name != "sqlite":
            return {"search_key": None}
        low, high = key_range(published_at)
        kept = stored.search_key if stored is not None else None
        return {"kept": kept if kept is not None and low <= kept < high else None} | {
            "low": low,
            "high": high,
        }

    @transactional
    def fill_in(self, item: Mapping[str, Any]) -> bool:
        """An article recorded before revisions were kept, seen again unchanged: its fields
        are stored as its latest revision (the same number). ``True`` if stored."""
        stored = self.get(item["article_id"], lock=True)
        if stored is None or stored.latest_revision_id is not None:
            return False
        return self._add_revision(item, stored.revision, stored=stored)

    @transactional
    def seen(self, article_id: str) -> None:
        """The article was seen again, unchanged."""
        self.db.execute(self._seen, {"key": article_id, "now": now()})

    @transactional
    def add_paths(self, article_id: str, where: Iterable[str]) -> None:
        self.set_keys(dict.fromkeys(sorted(self.scope.keys(set(where))), article_id))

    @transactional
    def set_keys(self, located: Mapping[str, str]) -> None:
        """Each path key of ``located`` (:meth:`Scope.key`) is the address of the article
        it maps to (one statement)."""
        rows = [{"path": key, "article_id": article_id} for key, article_id in located.items()]
        if rows:
            self.db.execute(self._add_path, rows)

    @transactional
    def lookup(self, wanted: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """Of the paths ``wanted``, those of a recorded article -> that article's
        ``published_at`` and ``modified_at`` (a page of paths a statement)."""
        wanted = self.scope.keys(wanted)
        found = {}
        for start in range(0, len(wanted), LOOKUP_PAGE):
            rows = self.db.execute(self._lookup, {"paths": wanted[start : start + LOOKUP_PAGE]})
            found.update(
                (self.scope.path(key), (published, modified)) for key, published, modified in rows
            )
        return found

    @transactional
    def recent(self, since: str) -> dict[str, tuple[str, str]]:
        """Articles published at or after ``since`` (ISO 8601, UTC): the path of each one's
        current URL -> when it was published, and when a crawl last saw it."""
        latest = revisions.c.revision_id == articles.c.latest_revision_id
        query = (
            sa.select(
                sa.func.coalesce(articles.c.url, revisions.c.url),
                articles.c.published_at,
                articles.c.last_seen,
            )
            .select_from(articles.outerjoin(revisions, latest))
            .where(articles.c.published_at >= since, self.scope.owns(articles.c.article_id))
        )  # a range of ix_articles_published_at, the edition tested on each, a row by its id
        return {
            path: (published, seen)
            for url, published, seen in self.db.execute(query)
            for path in url_paths([url])
        }
