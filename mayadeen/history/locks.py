"""How processes sharing the history take turns: the openers of a SQLite history one at a
time (a file lock), a SQLite write transaction begun as soon as the write lock is free
(``BEGIN IMMEDIATE``, tried again fast), and the migrations of a PostgreSQL history one at a
time (an advisory lock)."""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

#: Seconds a statement waits for another process's lock on the history.
BUSY_TIMEOUT = 10.0
#: PostgreSQL advisory lock held while a process checks and migrates the schema.
MIGRATION_LOCK = 0x6D617961  # "maya"


@contextmanager
def turn(url: sa.URL) -> Iterator[None]:
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


def migration_lock(db: sa.Connection) -> None:
    """On PostgreSQL, wait for the processes checking or migrating the schema before this
    one; held until ``db``'s transaction ends."""
    db.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def begin_immediate(db: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE`` on ``db``, waiting up to ``BUSY_TIMEOUT`` for another process's
    write lock, trying again every millisecond. SQLite's own wait (the busy timeout, kept for
    the other statements) sleeps up to 100 ms between two tries: a crawl committing its
    records in groups holds the lock most of the time and frees it for a few milliseconds
    between two groups, which such tries miss (a writer waited up to 6 s for groups of 1 s)."""
    db.execute("PRAGMA busy_timeout=0")
    try:
        until_not_busy(db, "BEGIN IMMEDIATE", pause=0.001)
    finally:
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000:.0f}")


def until_not_busy(db: sqlite3.Connection, statement: str, pause: float) -> None:
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
