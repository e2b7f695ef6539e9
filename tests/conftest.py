"""Shared fixtures: the replica is built once per test session and served on 127.0.0.1; a
throwaway PostgreSQL cluster, one per session, with a fresh database for each test asking."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.postgres import PostgresServer
from tests.replica.build import build
from tests.replica.server import serve


@pytest.fixture(scope="session")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built replica: ``site/``, ``urls.txt``, ``manifest.json``."""
    out = tmp_path_factory.mktemp("replica")
    build(out)
    return out


@pytest.fixture(scope="session")
def manifest(replica: Path) -> dict:
    return json.loads((replica / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def replica_url(replica: Path) -> Iterator[str]:
    """Base URL of the replica, served for the whole session."""
    with serve(replica / "site") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the whole session (tests/postgres.py);
    the tests asking for it are skipped when PostgreSQL is not installed."""
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:PORT/NAME`` of a fresh empty database of the test's
    own, dropped after it."""
    name = f"test_{uuid.uuid4().hex}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        with contextlib.suppress(psycopg.Error):
            postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def history_at(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's history is, once on each backend: a SQLite file in the test's folder, or
    a fresh database on the tests' PostgreSQL server (skipped, saying how to install it, where
    PostgreSQL is not installed)."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite3")
    return request.getfixturevalue("postgres_url")
