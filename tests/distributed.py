"""Redis-shared crawls: a throwaway Redis, a worker process, what its log says."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed: `apt-get install redis-server` (Debian)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def trouble(log: str) -> list[str]:
    """The ERROR and CRITICAL records of a crawl log, and any traceback, each whole."""
    records = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", log)
    return [r for r in records if re.search(r" (ERROR|CRITICAL): |^Traceback", r, re.M)]


def worker(
    spider: str,
    base_url: str,
    redis_url: str,
    out: Path,
    data: Path,
    args: dict[str, str] | None = None,
    **settings: str,
) -> subprocess.Popen[bytes]:
    """A worker of the crawl on ``redis_url``: feed ``out``, log ``out.log``, stderr
    ``out.err``; its history in ``data``."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(out)]
    for name, value in (args or {}).items():
        command += ["-a", f"{name}={value}"]
    every = {
        **LOCAL_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data),
        "MAYADEEN_REDIS_URL": redis_url,
        "MAYADEEN_REDIS_IDLE_SECONDS": "15",  # the engine looks for work every 5 s when idle
        "DOWNLOAD_DELAY": "0.05",  # a crawl long enough for the second worker to join
        "LOG_FILE": str(out.with_suffix(".log")),
        **settings,
    }
    for name, value in every.items():
        command += ["-s", f"{name}={value}"]
    with out.with_suffix(".err").open("wb") as stderr:
        return subprocess.Popen(command, cwd=PROJECT_ROOT, stderr=stderr)


def outcome(outs: list[Path], codes: list[int | None]) -> str:
    """What went wrong, worker by worker: exit code, errors and tracebacks, stderr."""
    report = []
    for out, code in zip(outs, codes, strict=True):
        log = out.with_suffix(".log")
        problems = trouble(log.read_text(encoding="utf-8")) if log.exists() else ["no log"]
        err = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace").strip()
        report += [f"--- {out.stem}: exit code {code}", *problems, *([err] if err else [])]
    return "\n".join(report)


REDIS_SERVER = shutil.which("redis-server")
