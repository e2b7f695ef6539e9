"""Where the history is and how it is reached: its location (a SQLite file path or a
database URL) made a SQLAlchemy URL, described without password, and the engine for it
(SQLite in WAL mode with immediate write transactions, or PostgreSQL through psycopg)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from mayadeen.history.locks import BUSY_TIMEOUT, begin_immediate, until_not_busy
from mayadeen.history.search import add_sqlite_functions
from mayadeen.history.sql import encode_json


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


def create_engine(url: sa.URL) -> sa.Engine:
    """The engine of the history at ``url`` (from :func:`database_url`), no connection
    pooled. Raises :class:`ModuleNotFoundError` when the dialect's driver is missing."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return sa.create_engine(url, poolclass=NullPool, json_serializer=encode_json)


#: The page size of a new SQLite history (SQLite's default is 4 KiB). A page holds whole rows
#: of a table: the packed revision of a long article (:mod:`~mayadeen.history.packing`) is
#: 2-4 KB, one to a 4 KiB page with the rest of it empty, five to a 16 KiB one (a fifth less
#: file at the issue's article size), a dozen to a 32 KiB one (70 bytes an article less than
#: 16 KiB at 100k; a record takes about 4% more CPU, as a commit writes whole pages; 64 KiB
#: pages saved nothing more and took 25% more).
PAGE_SIZE = 32768


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    """An engine for a SQLite history: WAL (each commit is a write to the log, which survives
    a killed process) and ``BEGIN IMMEDIATE`` transactions. A deferred transaction that reads
    and then writes gets ``SQLITE_BUSY`` at once, without waiting, when another process wrote
    in between; an immediate one waits its turn (:func:`~mayadeen.history.locks.begin_immediate`).
    A reader's connection (execution option ``mayadeen_read_only``) begins deferred and takes
    no write lock. Every connection has the SQL functions the search index is kept with
    (:func:`~mayadeen.history.search.add_sqlite_functions`); a new file has pages of
    :data:`PAGE_SIZE`."""
    engine = sa.create_engine(
        url,
        poolclass=NullPool,
        json_serializer=encode_json,
        connect_args={"timeout": BUSY_TIMEOUT},
    )

    @sa.event.listens_for(engine, "connect")
    def connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the transactions begin as below
        add_sqlite_functions(dbapi_connection)
        # A new file's pages (an existing file keeps its own: only VACUUM changes them).
        dbapi_connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
        _switch_to_wal(dbapi_connection)
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @sa.event.listens_for(engine, "begin")
    def begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get("mayadeen_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            begin_immediate(connection.connection.dbapi_connection)

    return engine


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """The busy timeout does not cover the switch of a new database to WAL: ``PRAGMA
    journal_mode=WAL`` reads the file header, then upgrades its read lock to a write lock, and
    a connection holding a read lock that finds another's write lock gets ``SQLITE_BUSY`` at
    once (the writer may be waiting for that read lock to go: a deadlock). The processes that
    open the history take turns (:func:`~mayadeen.history.locks.turn`), and the switch is
    retried while another program writes the file."""
    until_not_busy(db, "PRAGMA journal_mode=WAL", pause=0.05)
