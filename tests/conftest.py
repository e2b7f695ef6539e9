"""Shared fixtures: the replica is built once per test session and served on 127.0.0.1; a
throwaway PostgreSQL cluster, one per session, with a fresh database for each test asking.

And the test tiers (docs/testing.md): a test asking for a service's fixture is marked
``requires_<service>`` here; the rest mark themselves. A test of the fast tier (no such
marker, no ``subprocess``) that starts a child process anyway fails, saying which marker it
lacks.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing.process
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

# Fixtures of services some test modules share: a throwaway Redis, a throwaway Scrapyd.
from tests.distributed import redis_url  # noqa: F401
from tests.postgres import PostgresServer
from tests.replica.build import build
from tests.replica.server import serve
from tests.scrapyd import scrapyd  # noqa: F401

#: A test asking for one of these fixtures (itself or through another) needs the service.
SERVICE_FIXTURES = {
    "postgres_server": "requires_postgres",
    "redis_url": "requires_redis",
    "scrapyd": "requires_scrapyd",
    "splash": "requires_splash",
    "forward_proxy": "requires_proxy",
}
#: The markers saying a test starts a child process (or needs a service, which does). A test
#: with none of these nor ``slow`` (in process, but seconds long) is marked ``fast``: the tier
#: ``make test-fast`` runs.
PROCESS_MARKERS = (
    "requires_postgres",
    "requires_splash",
    "requires_scrapyd",
    "requires_redis",
    "requires_nginx",
    "requires_chromium",
    "requires_proxy",
    "subprocess",
)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by the markers given here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture, marker in SERVICE_FIXTURES.items():
            if fixture in names:
                item.add_marker(marker)
        # history_at asks for postgres_url only when run, in its "postgresql" case.
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("history_at") == "postgresql":
            item.add_marker("requires_postgres")
        if not any(item.get_closest_marker(name) for name in (*PROCESS_MARKERS, "slow")):
            item.add_marker("fast")


#: The child processes each test started (setup included), by node id; the test running.
_started: dict[str, list[str]] = {}
_running: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    popen_init = subprocess.Popen.__init__
    process_start = multiprocessing.process.BaseProcess.start

    def init(self: subprocess.Popen, args: Any, *rest: Any, **kwargs: Any) -> None:
        if _running:
            command = args if isinstance(args, str | bytes) else list(args)[:4]
            _started.setdefault(_running[-1], []).append(str(command))
        popen_init(self, args, *rest, **kwargs)

    def start(self: multiprocessing.process.BaseProcess) -> None:
        if _running:
            _started.setdefault(_running[-1], []).append(f"multiprocessing: {self.name}")
        process_start(self)

    subprocess.Popen.__init__ = init  # type: ignore[method-assign]
    multiprocessing.process.BaseProcess.start = start  # type: ignore[method-assign]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    _running.append(item.nodeid)
    try:
        return (yield)
    finally:
        _running.pop()


@pytest.fixture(autouse=True)
def _fast_tier_starts_no_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test without one of ``PROCESS_MARKERS`` must not start a child process (nor its
    fixtures): ``make test-fast`` would run it, and be slowed down or need a service."""
    yield
    started = _started.pop(request.node.nodeid, [])
    if started and not any(request.node.get_closest_marker(name) for name in PROCESS_MARKERS):
        pytest.fail(
            f"started a child process ({started[0]}) without a marker saying so: mark it "
            "subprocess, or requires_<service> when it needs one (docs/testing.md)",
            pytrace=False,
        )


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
def replica_ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built replica of the Arabic edition (``build(out, edition="ar")``)."""
    out = tmp_path_factory.mktemp("replica-ar")
    build(out, edition="ar")
    return out


@pytest.fixture(scope="session")
def manifest_ar(replica_ar: Path) -> dict:
    return json.loads((replica_ar / "manifest.json").read_text(encoding="utf-8"))


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
