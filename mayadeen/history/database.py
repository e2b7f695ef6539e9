"""The history's database, SQLite (a file) or PostgreSQL (a URL): opened safely by crawls
starting together, its schema migrated to the latest version, and its parts, one role each."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy.pool import NullPool

from mayadeen.history.articles import Articles, url_paths
from mayadeen.history.pending import Pending
from mayadeen.history.runs import Runs
from mayadeen.history.sql import Batch
from mayadeen.history.walks import Walks

#: Seconds a statement waits for another process's lock on the history.
BUSY_TIMEOUT = 10.0
#: A crawl's records on a SQLite history are committed in groups (:class:`Batch`): a commit
#: (the search index's pages written) costs as much as the record's own statements. At most
#: this many articles a commit...
GROUP_RECORDS = 100
#: ... and at most this many seconds from the first: another process waiting for the write
#: lock waits this long at most for each group, well within its ``BUSY_TIMEOUT``.
GROUP_SECONDS = 1.0
#: The migrations (:mod:`mayadeen.history.migrations`).
MIGRATIONS = Path(__file__).with_name("migrations")
#: PostgreSQL advisory lock held while a process checks and migrates the schema.
MIGRATION_LOCK = 0x6D617961  # "maya"


class HistoryError(Exception):
    """The history cannot be opened: the message says why, and what to do."""


def database_url(location: str | Path) -> sa.URL:
    """The SQLAlchemy URL of a history given as a file path (SQLite) or a URL
    (``postgresql://user:pass@host:5432/db``, or any ``sqlite:///...``)."""
    text = str(location)
    if "://" not in text:
        return sa.URL.create("sqlite+pysqlite", database=text)
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError as exc:
        raise HistoryError(f"{text!r} is neither a file path nor a database URL") from exc
    if url.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise HistoryError(
            f"{describe(text)}: the history is a SQLite file path or a postgresql:// URL"
        )
    if url.get_backend_name() in ("postgresql", "postgres") and url.get_driver_name() in (
        "psycopg2",  # SQLAlchemy's default for a bare postgresql:// URL
        "psycopg",
    ):
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(location: str | Path) -> str:
    """The history's location for logs and messages: a path, or its URL without password."""
    text = str(location)
    try:
        return text if "://" not in text else sa.make_url(text).render_as_string()
    except sa.exc.ArgumentError:
        return text


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    """An engine for a SQLite history: WAL (each commit is a write to the log, which survives
    a killed process) and ``BEGIN IMMEDIATE`` transactions. A deferred transaction that reads
    and then writes gets ``SQLITE_BUSY`` at once, without waiting, when another process wrote
    in between; an immediate one waits its turn (:func:`_begin_immediate`). A reader's
    connection (execution option ``mayadeen_read_only``) begins deferred and takes no write
    lock."""
    engine = sa.create_engine(
        url,
        poolclass=NullPool,
        json_serializer=_dumps,
        connect_args={"timeout": BUSY_TIMEOUT},
    )

    @sa.event.listens_for(engine, "connect")
    def connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the transactions begin as below
        _switch_to_wal(dbapi_connection)
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @sa.event.listens_for(engine, "begin")
    def begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get("mayadeen_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            _begin_immediate(connection.connection.dbapi_connection)

    return engine


def _begin_immediate(db: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE`` on ``db``, waiting up to ``BUSY_TIMEOUT`` for another process's
    write lock, trying again every millisecond. SQLite's own wait (the busy timeout, kept for
    the other statements) sleeps up to 100 ms between two tries: a crawl committing its
    records in groups holds the lock most of the time and frees it for a few milliseconds
    between two groups, which such tries miss (a writer waited up to 6 s for groups of 1 s)."""
    db.execute("PRAGMA busy_timeout=0")
    try:
        _until_not_busy(db, "BEGIN IMMEDIATE", pause=0.001)
    finally:
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000:.0f}")


def _until_not_busy(db: sqlite3.Connection, statement: str, pause: float) -> None:
    """Run ``statement`` on ``db``, tried again every ``pause`` seconds while another
    connection holds the lock it needs (``SQLITE_BUSY``), up to ``BUSY_TIMEOUT``."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute(statement)
            return
        except sqlite3.OperationalError as error:
            busy = error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(pause)


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """The busy timeout does not cover the switch of a new database to WAL: ``PRAGMA
    journal_mode=WAL`` reads the file header, then upgrades its read lock to a write lock, and
    a connection holding a read lock that finds another's write lock gets ``SQLITE_BUSY`` at
    once (the writer may be waiting for that read lock to go: a deadlock). The processes that
    open the history take turns (:func:`connect`), and the switch is retried while another
    program writes the file."""
    _until_not_busy(db, "PRAGMA journal_mode=WAL", pause=0.05)


def migrate(db: sa.Connection) -> None:
    """Bring the schema to the latest version, in one transaction. A history made before the
    schema had versions is marked as the first one, then upgraded. On PostgreSQL the
    processes take turns under an advisory lock (on SQLite, under :func:`connect`'s)."""
    with db.begin(), _scripts() as scripts:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        config.attributes["connection"] = db
        if db.dialect.name == "postgresql":
            db.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        tables = set(sa.inspect(db).get_table_names())
        if "articles" in tables and "alembic_version" not in tables:
            command.stamp(config, "0001")
        command.upgrade(config, "head")


@contextmanager
def _scripts() -> Iterator[Path]:
    """The migrations' folder. Alembic reads them as files: when the package is inside a
    zip (a Scrapyd egg), they are copied out to a temporary folder first."""
    if MIGRATIONS.is_dir():
        yield MIGRATIONS
        return
    with tempfile.TemporaryDirectory(prefix="mayadeen-migrations-") as folder:
        _copy_tree(resources.files("mayadeen.history.migrations"), Path(folder))
        yield Path(folder)


def _copy_tree(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                (target / entry.name).mkdir()
                _copy_tree(entry, target / entry.name)
        elif entry.name.endswith(".py"):
            (target / entry.name).write_bytes(entry.read_bytes())


@contextmanager
def _turn(url: sa.URL) -> Iterator[None]:
    """Processes opening the same SQLite history take turns, under an exclusive ``flock`` of
    ``<file>.lock`` (released when the file is closed); PostgreSQL needs none here."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Path(f"{path}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def connect(location: str | Path) -> sa.Connection:
    """A connection to the history at ``location`` (created if new, migrated to the latest
    schema), safely when processes race to do it. Raises :class:`HistoryError`."""
    url = database_url(location)  # raises HistoryError
    try:
        if url.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url)
        else:
            engine = sa.create_engine(url, poolclass=NullPool, json_serializer=_dumps)
    except ModuleNotFoundError as exc:
        raise HistoryError(
            f"{describe(location)} needs the {exc.name} package: pip install 'mayadeen[postgresql]'"
        ) from exc
    try:
        with _turn(url):
            db = engine.connect()
            try:
                migrate(db)
            except BaseException:
                db.close()
                raise
    except (OSError, sa.exc.SQLAlchemyError, CommandError) as exc:
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

    def __init__(self, location: str | Path, *, group_records: bool = False) -> None:
        self.location = describe(location)
        self.db = connect(location)
        self.articles = Articles(self.db)
        self.pending = Pending(self.db)
        self.walks = Walks(self.db)
        self.runs = Runs(self.db)
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
            self._known(item["article_id"], every_path)
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
            self._known(item["article_id"], every_path)

    def _known(self, article_id: str, every_path: Iterable[str]) -> None:
        """The article's paths, no longer pending: written now, or, in a group of records,
        at its commit with its other records' (one statement each: no read in the group
        asks about paths or pending stories, any other call commits the group first)."""
        located = dict.fromkeys(sorted(every_path), article_id)
        if self.batch is None:
            self._write_known(located)
        else:
            self.batch.later(self._write_known, located)

    def _write_known(self, located: Mapping[str, str]) -> None:
        self.articles.set_paths(located)
        self.pending.resolve(located)

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
