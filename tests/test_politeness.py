"""Politeness measured at the server: never more requests in flight than
``CONCURRENT_REQUESTS_PER_DOMAIN``, with and without a download delay.

Scrapy 2.19 breaks that limit when ``DOWNLOAD_DELAY`` is 0 (``mayadeen/network/downloader.py``
explains why and fixes it). ``test_plain_scrapy_still_breaks_the_limit_without_a_delay``
fails the day Scrapy keeps the limit on its own: then drop the fix (the module, the
``DOWNLOADER`` setting) and that test.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mayadeen import settings as project
from tests.crawl import crawl, read_jsonl
from tests.replica.server import Faults, ReplicaURL, serve

#: Seconds the server holds every answer of the crawled pages: long enough for requests
#: sent together to be in flight together, short enough for quick tests.
HOLD = 0.3

#: A spider on plain Scrapy (run from a folder without scrapy.cfg: no project settings).
BURST_SPIDER = '''
import scrapy


class Burst(scrapy.Spider):
    """Requests the homepage N times (distinct queries) and says which downloader ran."""

    name = "burst"

    async def start(self):
        downloader = type(self.crawler.engine.downloader)
        self.logger.info("downloader: %s.%s", downloader.__module__, downloader.__qualname__)
        for i in range(int(self.n)):
            yield scrapy.Request(f"{self.base}/?i={i}", dont_filter=True)

    def parse(self, response):
        yield {"url": response.url}
'''


def fetch(base_url: str, path: str) -> int:
    """GET ``path``; the status."""
    connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def burst(base_url: str, tmp_path: Path, n: int, **settings: str) -> tuple[list[dict], str]:
    """``scrapy runspider`` the burst spider (plain Scrapy) against ``base_url``."""
    (tmp_path / "burst.py").write_text(BURST_SPIDER, encoding="utf-8")
    out, log = tmp_path / "items.jsonl", tmp_path / "crawl.log"
    command = [sys.executable, "-m", "scrapy", "runspider", "burst.py", "-O", str(out)]
    command += ["-a", f"base={base_url}", "-a", f"n={n}", "--logfile", str(log)]
    for name, value in {"TELNETCONSOLE_ENABLED": "False", **settings}.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text[-3000:]
    return read_jsonl(out), text


# --------------------------------------------------------------------------- the measure


def test_the_server_counts_requests_in_flight(replica: Path) -> None:
    with serve(replica / "site", faults=Faults(slow={"/": HOLD})) as base_url:
        statuses = [fetch(base_url, path) for path in ("/", "/live", "/no-such-page")]
        assert statuses == [200, 200, 404]  # one at a time: one in flight
        assert base_url.max_in_flight == 1
        statuses = []
        threads = [
            threading.Thread(target=lambda: statuses.append(fetch(base_url, "/"))) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200, 200, 200]
        assert base_url.max_in_flight == 3  # held together
        assert base_url.server.fault_state.in_flight == 0


def test_requests_without_an_answer_leave_the_count(replica: Path) -> None:
    faults = Faults(rate=1.0, kinds=("reset",), max_per_path=1)
    with serve(replica / "site", faults=faults) as base_url:
        with pytest.raises(ConnectionError):
            fetch(base_url, "/live")
        assert fetch(base_url, "/live") == 200
        assert base_url.server.fault_state.in_flight == 0
        assert base_url.max_in_flight == 1


# --------------------------------------------------------------------------- plain Scrapy


@pytest.mark.subprocess
def test_plain_scrapy_still_breaks_the_limit_without_a_delay(replica: Path, tmp_path: Path) -> None:
    with serve(replica / "site", faults=Faults(slow={"/": HOLD})) as base_url:
        items, log = burst(
            base_url, tmp_path, 6, CONCURRENT_REQUESTS_PER_DOMAIN="1", DOWNLOAD_DELAY="0"
        )
        in_flight = base_url.max_in_flight
    assert "downloader: scrapy.core.downloader.Downloader" in log
    assert len(items) == 6
    assert in_flight > 1, (
        "Scrapy now keeps CONCURRENT_REQUESTS_PER_DOMAIN=1 with DOWNLOAD_DELAY=0 on its own: "
        "drop mayadeen/network/downloader.py, the DOWNLOADER line of mayadeen/settings.py and "
        "this test"
    )


@pytest.mark.parametrize("limit", [1, 2])
@pytest.mark.subprocess
def test_the_fix_alone_keeps_the_limit_on_plain_scrapy(
    replica: Path, tmp_path: Path, limit: int
) -> None:
    with serve(replica / "site", faults=Faults(slow={"/": HOLD})) as base_url:
        items, log = burst(
            base_url,
            tmp_path,
            6,
            CONCURRENT_REQUESTS_PER_DOMAIN=str(limit),
            DOWNLOAD_DELAY="0",
            DOWNLOADER="mayadeen.network.downloader.PoliteDownloader",
        )
        in_flight = base_url.max_in_flight
    assert "downloader: mayadeen.network.downloader.PoliteDownloader" in log
    assert len(items) == 6
    assert in_flight == limit  # never more, and the allowance is used


# --------------------------------------------------------------------------- the project


def crawl_articles(
    replica: Path, manifest: dict, tmp_path: Path, settings: dict[str, str]
) -> tuple[int, int]:
    """``scrapy crawl article`` of 8 stories, each held ``HOLD`` s by the server: the
    number of items and the most requests in flight at the server."""
    articles = manifest["articles"][:8]
    slow = {article["paths"][0]: HOLD for article in articles}
    with serve(replica / "site", faults=Faults(slow=slow)) as base_url:
        assert isinstance(base_url, ReplicaURL)
        out, log = tmp_path / "items.jsonl", tmp_path / "crawl.log"
        result = crawl(
            "article",
            base_url,
            [out],
            args={"urls": ",".join(article["url"] for article in articles)},
            settings={"MAYADEEN_STATE": "", **settings},
            log_file=log,
        )
        in_flight = base_url.max_in_flight
        served = base_url.counts()
    assert result.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
    assert all(served[path] == 1 for path in slow)
    return len(read_jsonl(out)), in_flight


@pytest.mark.parametrize("limit", [1, 2])
@pytest.mark.subprocess
def test_the_project_keeps_the_limit_without_a_delay(
    replica: Path, manifest: dict, tmp_path: Path, limit: int
) -> None:
    items, in_flight = crawl_articles(
        replica,
        manifest,
        tmp_path,
        {"CONCURRENT_REQUESTS_PER_DOMAIN": str(limit), "DOWNLOAD_DELAY": "0"},
    )
    assert items == 8
    assert in_flight == limit  # never more, and the allowance is used


@pytest.mark.subprocess
def test_the_project_defaults_keep_the_limit(replica: Path, manifest: dict, tmp_path: Path) -> None:
    """The project's politeness settings as they are, but a small delay (a quick test)."""
    items, in_flight = crawl_articles(
        replica,
        manifest,
        tmp_path,
        {
            "CONCURRENT_REQUESTS": str(project.CONCURRENT_REQUESTS),
            "CONCURRENT_REQUESTS_PER_DOMAIN": str(project.CONCURRENT_REQUESTS_PER_DOMAIN),
            "AUTOTHROTTLE_ENABLED": str(project.AUTOTHROTTLE_ENABLED),
            "DOWNLOAD_DELAY": "0.05",
            "AUTOTHROTTLE_START_DELAY": "0.05",
        },
    )
    assert items == 8
    assert 1 <= in_flight <= project.CONCURRENT_REQUESTS_PER_DOMAIN
