"""Two ``sections`` workers sharing one crawl through a real Redis (scrapy-redis).

Needs Debian's ``redis-server`` (CI installs it); skipped otherwise.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT, parse_stats, read_jsonl
from tests.replica.server import serve

REDIS_SERVER = shutil.which("redis-server")


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


def worker(base_url: str, redis_url: str, out: Path, data: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scrapy", "crawl", "sections", "-O", str(out)]
    settings = {
        **LOCAL_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data),
        "MAYADEEN_REDIS_URL": redis_url,
        "MAYADEEN_REDIS_IDLE_SECONDS": "15",  # the engine looks for work every 5 s when idle
        "DOWNLOAD_DELAY": "0.05",  # a crawl long enough for the second worker to join
        "LOG_FILE": str(out.with_suffix(".log")),
    }
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(command, cwd=PROJECT_ROOT)


def test_two_workers_split_one_crawl(
    replica: Path, manifest: dict, redis_url: str, tmp_path: Path
) -> None:
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    with serve(replica / "site") as base_url:
        workers = [worker(base_url, redis_url, out, tmp_path / "data") for out in outs]
        codes = [w.wait(timeout=300) for w in workers]  # both end by themselves
        served = base_url.counts()
    logs = [out.with_suffix(".log").read_text(encoding="utf-8") for out in outs]
    assert codes == [0, 0], [log[-2000:] for log in logs]

    union = Counter(i["article_id"] for out in outs for i in read_jsonl(out))
    assert union == Counter({a["article_id"]: 1 for a in manifest["articles"]})
    # Each URL fetched once in all (robots.txt once per worker: Scrapy fetches it directly).
    twice = {path: n for path, n in served.items() if n > 1 and path != "/robots.txt"}
    assert not twice
    stats = [parse_stats(log) for log in logs]
    assert all(s.get("item_scraped_count", 0) > 0 for s in stats)  # both did real work
    fetched = sum(s["downloader/request_count"] for s in stats)
    assert fetched == sum(served.values())
