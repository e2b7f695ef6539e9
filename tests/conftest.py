"""Shared fixtures: the replica is built once per test session and served on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

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
