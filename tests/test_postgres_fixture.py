"""The PostgreSQL fixtures (tests/postgres.py, tests/conftest.py): a real server of the
session's own on 127.0.0.1, a fresh empty database for each test, dropped after it.

Skipped when PostgreSQL is not installed (Debian: ``apt-get install postgresql``).
"""

from __future__ import annotations

import errno
import os
import socket
import urllib.parse
from pathlib import Path

import psycopg
import pytest
import sqlalchemy

from tests.postgres import PostgresServer

# Databases the tests of this module were given, in order: each must be new to the server.
seen: list[str] = []


def dbname(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def test_url_connects_to_a_database_of_its_own(postgres_url: str) -> None:
    parts = urllib.parse.urlsplit(postgres_url)
    assert (parts.scheme, parts.hostname, parts.username) == ("postgresql", "127.0.0.1", "postgres")
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (dbname(postgres_url),)
        conn.execute("CREATE TABLE t (id integer PRIMARY KEY, title text)")
        conn.execute("INSERT INTO t VALUES (1, %s)", ("الميادين",))
        assert conn.execute("SELECT title FROM t").fetchall() == [("الميادين",)]


def test_url_works_with_sqlalchemy(postgres_url: str) -> None:
    """The URL as given (``-s MAYADEEN_STATE=postgresql://...``) picks psycopg 3."""
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            assert conn.execute(sqlalchemy.text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("turn", [1, 2])
def test_each_database_is_new_and_empty(
    postgres_server: PostgresServer, postgres_url: str, turn: int
) -> None:
    name = dbname(postgres_url)
    assert name not in seen
    with psycopg.connect(postgres_url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        assert tables == []
        conn.execute("CREATE TABLE left_behind (turn integer)")  # the next turn must not see it
        # The databases of the tests before were dropped: only this one is left.
        databases = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
    assert databases - {"postgres", "template0", "template1"} == {name}
    seen.append(name)


def test_listens_on_127_0_0_1_only(postgres_server: PostgresServer) -> None:
    port = postgres_server.port
    with psycopg.connect(postgres_server.url()) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert conn.execute("SHOW unix_socket_directories").fetchone() == (
            str(postgres_server.folder),
        )
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    # Bound to all addresses, it would answer on the rest of the loopback network as well.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", port), timeout=5)
    try:
        socket.create_connection(("::1", port), timeout=5).close()
    except OSError as error:
        assert error.errno in (errno.ECONNREFUSED, errno.EADDRNOTAVAIL, errno.ENETUNREACH)
    else:
        pytest.fail(f"the server answers on [::1]:{port}")


def test_server_does_not_run_as_root(postgres_server: PostgresServer) -> None:
    pid = int(postgres_server.data_dir.joinpath("postmaster.pid").read_text().split()[0])
    status = Path(f"/proc/{pid}/status").read_text()
    uid = int(status.split("Uid:")[1].split()[0])
    if os.geteuid() == 0:
        assert uid != 0  # the dedicated system user
    else:
        assert uid == os.geteuid()
