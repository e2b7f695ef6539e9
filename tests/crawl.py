"""Two ways to crawl a local replica.

``crawl`` runs ``scrapy crawl`` in a subprocess, as users run it: for tests whose subject is
the process (exit status, the last log line, kills, Scrapyd, several workers).
``crawl_in_process`` runs the same crawl (the project's settings, the same overrides) inside
the test process and returns its items and ``crawler.stats``: for every other test.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import CrawlerRunner
from scrapy.settings import Settings
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IReactorCore

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The live site's polite defaults, relaxed for a server on loopback.
LOCAL_SETTINGS = {
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "MAYADEEN_RETRY_BACKOFF": "0.05",
}


def crawl_settings(
    base_url: str, data_dir: Path, settings: dict[str, str] | None = None
) -> dict[str, str]:
    """The settings a test crawl overrides: loopback speed, the replica, a data dir of its
    own (never the project's ``data/``), then ``settings``."""
    return {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data_dir),
        **(settings or {}),
    }


def crawl(
    spider: str,
    base_url: str,
    outputs: list[Path],
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    log_file: Path | None = None,
    data_dir: Path | None = None,
    inherit_stderr: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl SPIDER`` on ``base_url`` writing each of ``outputs`` (overwritten).

    The crawl's data dir (its history, and its default feeds when ``outputs`` is empty) is
    ``data_dir``, by default the folder of the first output: never the project's ``data/``.
    Its standard error is captured, unless ``inherit_stderr``: then it is this process's (on
    a terminal, the crawl shows its progress line there; give a ``log_file`` for the log).
    """
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in (args or {}).items():
        command += ["-a", f"{name}={value}"]
    for name, value in crawl_settings(base_url, data_dir or outputs[0].parent, settings).items():
        command += ["-s", f"{name}={value}"]
    for output in outputs:
        command += ["-O", str(output)]
    if log_file is not None:
        command += ["--logfile", str(log_file)]
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=None if inherit_stderr else subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


#: ``-O FILE``'s format by extension, for the feeds of an in-process crawl.
FEED_FORMATS = {".jsonl": "jsonlines", ".csv": "csv", ".json": "json"}


@dataclass
class Crawl:
    """What an in-process crawl gave: its items (as dicts, in the order they were
    scraped), its final stats and its log (Scrapy's format, INFO and above)."""

    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str


def crawl_in_process(
    spider: str,
    base_url: str,
    data_dir: Path,
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    feeds: list[Path] | None = None,
) -> Crawl:
    """Crawl ``base_url`` with ``spider`` in this process, with the project's settings and
    ``crawl_settings``'s overrides; wait for the end.

    ``feeds`` are written (overwritten, format by extension) as ``-O`` would; without them
    the crawl writes no feed (its run summary goes to ``data_dir``).
    """
    every = Settings()
    every.setmodule("mayadeen.settings", priority="project")
    every.setdict(crawl_settings(base_url, data_dir, settings), priority="cmdline")
    every.set(
        "FEEDS",
        {str(f): {"format": FEED_FORMATS[f.suffix], "overwrite": True} for f in feeds or []},
        priority="cmdline",
    )
    if not feeds:
        every.set("MAYADEEN_FEEDS", {}, priority="cmdline")
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        items, stats = _call_in_reactor(_run_crawl, every, spider, args or {})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    return Crawl(items, stats, log.getvalue())


def _run_crawl(
    settings: Settings, spider: str, args: dict[str, str]
) -> Deferred[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """In the reactor thread: start the crawl, collecting the items it scrapes."""
    runner = CrawlerRunner(settings)
    crawler = runner.create_crawler(spider)
    items: list[dict[str, Any]] = []

    def collect(item: Any) -> None:
        items.append(ItemAdapter(item).asdict())

    # A strong reference: the dispatcher holds receivers weakly by default.
    crawler.signals.connect(collect, signal=signals.item_scraped, weak=False)
    done = runner.crawl(crawler, **args)
    return done.addCallback(lambda _: (items, crawler.stats.get_stats()))


_reactor_lock = threading.Lock()


def _reactor() -> IReactorCore:
    """Twisted's asyncio reactor (the project's ``TWISTED_REACTOR``), running in a daemon
    thread of this process from the first in-process crawl on.

    A process has one reactor and it cannot be restarted, so every in-process crawl of a
    test session shares it. It runs beside the tests rather than under them (as
    pytest-twisted would) so that the tests' own ``asyncio.run`` calls keep working.
    """
    with _reactor_lock:
        if "twisted.internet.reactor" not in sys.modules:
            from twisted.internet import asyncioreactor

            asyncioreactor.install(asyncio.new_event_loop())
        from twisted.internet import reactor

        if not reactor.running:
            started = threading.Event()
            reactor.callWhenRunning(started.set)
            threading.Thread(
                target=reactor.run,
                kwargs={"installSignalHandlers": False},
                name="twisted-reactor",
                daemon=True,
            ).start()
            started.wait()
    return reactor


def _call_in_reactor(function: Any, *args: Any) -> Any:
    """``function(*args)`` in the reactor thread; waits for the Deferred it returns."""
    from twisted.internet.threads import blockingCallFromThread

    return blockingCallFromThread(_reactor(), function, *args)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def parse_stats(log: str) -> dict[str, int | float | str]:
    """The stats dump Scrapy logs at the end of a crawl (numbers and quoted strings)."""
    block = log[log.index("Dumping Scrapy stats:") :].split("\n", 1)[1]
    block = block[: block.index("}") + 1]
    stats: dict[str, int | float | str] = {}
    for name, value in re.findall(r"'([^']+)': ('[^']*'|[\d.]+)", block):
        if value.startswith("'"):
            stats[name] = value.strip("'")
        else:
            stats[name] = float(value) if "." in value else int(value)
    return stats
