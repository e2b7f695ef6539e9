"""The history's facade: :func:`connect` opens its database safely when crawls start
together (:mod:`~mayadeen.history.engine`, :mod:`~mayadeen.history.locks`) with the schema
migrated (:mod:`~mayadeen.history.migrate`), and :class:`History` holds its parts, one role
each, and groups a crawl's records in commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mayadeen.history.articles import Articles, url_paths
from mayadeen.history.engine import HistoryError, create_engine, database_url, describe
from mayadeen.history.locks import turn
from mayadeen.history.migrate import MigrationError, migrate
from mayadeen.history.pending import Pending
from mayadeen.history.runs import Runs
from mayadeen.history.scope import ENGLISH, Scope
from mayadeen.history.sql import Batch
from mayadeen.history.walks import Walks

__all__ = ["GROUP_RECORDS", "GROUP_SECONDS", "History", "HistoryError", "connect", "describe"]

#: A crawl's records on a SQLite history are committed in groups (:class:`Batch`): a commit
#: (the search index's pages written) costs as much as the record's own statements. At most
#: this many articles a commit...
GROUP_RECORDS = 100
#: ... and at most this many seconds from the first: another process waiting for the write
#: lock waits this long at most for each group, well within its ``BUSY_TIMEOUT``.
GROUP_SECONDS = 1.0


def connect(location: str | Path) -> sa.Connection:
    """A connection to the history at ``location`` (created if new, migrated to the latest
    schema), safely when processes race to do it. Raises :class:`HistoryError`."""
    url = database_url(location)  # raises HistoryError
    try:
        engine = create_engine(url)
    except ModuleNotFoundError as exc:
        raise HistoryError(
            f"{describe(location)} needs the {exc.name} package: pip install 'mayadeen[postgresql]'"
        ) from exc
    try:
        with turn(url):
            db = engine.connect()
            try:
                migrate(db)
            except BaseException:
                db.close()
                raise
    except (OSError, sa.exc.SQLAlchemyError, MigrationError) as exc:
        cause = getattr(exc, "orig", None) or exc
        raise HistoryError(f"cannot open the history {describe(location)}: {cause}") from exc
    return db


class History:
    """The crawl history, in a SQLite file or a PostgreSQL database (created if new): its
    :attr:`articles` (with every revision), :attr:`pending` stories, listing
    :attr:`walks` (their watermarks) and :attr:`runs`.

    Opened and closed by :class:`mayadeen.history.HistoryKeeper` during a crawl, and by
    :class:`mayadeen.corpus.Corpus` to read it; any number of processes may use the same
    history at the same time.

    With ``group_records`` (a crawl's), the records of a SQLite history (:meth:`record`,
    :meth:`settle`) are committed in groups (:attr:`batch`, see :class:`Batch`), their
    paths and pending stories written at the group's commit; any other transaction,
    :meth:`commit` and :meth:`close` commit the open group first. PostgreSQL
    keeps one transaction an article: a record locks its article's row (``SELECT ... FOR
    UPDATE``) until it commits, and two workers each holding a group of row locks would
    deadlock, waiting for each other's.
    """

    def __init__(
        self, location: str | Path, *, group_records: bool = False, scope: Scope = ENGLISH
    ) -> None:
        self.location = describe(location)
        self.db = connect(location)
        #: The crawl's edition: the paths, pending stories, walks and runs it reads and
        #: writes (:mod:`~mayadeen.history.scope`); articles are recorded under their own.
        self.scope = scope
        self.articles = Articles(self.db, scope)
        self.pending = Pending(self.db, scope)
        self.walks = Walks(self.db, scope)
        self.runs = Runs(self.db, scope)
        self.batch = (
            Batch(self.db, GROUP_RECORDS, GROUP_SECONDS)
            if group_records and self.dialect == "sqlite"
            else None
        )

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.db.dialect.name

    def _transaction(self) -> AbstractContextManager[Any]:
        """Where a record runs: the open group of records, or a transaction of its own."""
        return self.batch.join() if self.batch is not None else self.db.begin()

    def record(
        self, item: Mapping[str, Any], paths: Iterable[str], fingerprint: str | None = None
    ) -> bool:
        """A written article (a new revision when its ``revision`` is newer), under ``paths``
        and its URL's path; its paths are no longer pending. One transaction, or a part of
        the open group of records. ``fingerprint``: the item's, when computed already.
        ``True`` if this call stored a new revision."""
        if not item.get("article_id"):
            return False
        every_path = {*paths, *url_paths([item.get("url")])}
        with self._transaction():
            changed = self.articles.record(item, fingerprint)
            self._known(item, every_path)
        return changed

    def settle(self, item: Mapping[str, Any], paths: Iterable[str]) -> None:
        """An article fetched again and not written (unchanged, or a duplicate in this run):
        its ``paths`` and URL's path are known and no longer pending. An article recorded
        before revisions were kept gets its fields stored now."""
        if not item.get("article_id"):
            return
        every_path = {*paths, *url_paths([item.get("url")])}
        with self._transaction():
            if not self.articles.fill_in(item):
                self.articles.seen(item["article_id"])
            self._known(item, every_path)

    def _known(self, item: Mapping[str, Any], every_path: Iterable[str]) -> None:
        """The article's paths (on its edition's site), no longer pending: written now, or,
        in a group of records, at its commit with its other records' (one statement each:
        no read in the group asks about paths or pending stories, any other call commits
        the group first)."""
        keys = Scope.of_item(item).keys(every_path)
        located = dict.fromkeys(sorted(keys), item["article_id"])
        if self.batch is None:
            self._write_known(located)
        else:
            self.batch.later(self._write_known, located)

    def _write_known(self, located: Mapping[str, str]) -> None:
        self.articles.set_keys(located)
        self.pending.resolve_keys(located)

    def commit(self) -> None:
        """Commit the open group of records, if any."""
        if self.batch is not None:
            self.batch.commit()

    def close(self) -> None:
        """Commit the open group of records, and close the connection."""
        try:
            self.commit()
        finally:
            self.db.close()
            self.db.engine.dispose()
