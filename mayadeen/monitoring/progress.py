"""The live progress line of ``scrapy crawl`` on a terminal.

One line on standard error, redrawn in place twice a second, the log printed above it::

  stories ━╺━ 212/487 stories · 331 pages done, 29 queued · 204 articles · 61 pages/s · 0:00:04 left

The stage (menus, listings, sitemaps, stories) is that of the requests the spider makes;
the estimate of the time left appears when the total is known: once no menu, listing or
sitemap page is left to read, the stories requested, and those the ``sections`` spider
still holds back for its next batches, are all there is. Drawn with rich.

On when standard error is a terminal and ``MAYADEEN_PROGRESS`` is on, which the project's
``crawl`` command makes the default (``-s MAYADEEN_PROGRESS=0`` turns it off). In a log
file, under Scrapyd or cron (standard error is no terminal) it is off: the log is as ever.
"""

from __future__ import annotations

import atexit
import logging
import sys
import time
from collections import Counter, deque
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Column
from rich.text import Text
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from twisted.internet.task import LoopingCall

from mayadeen import signals as mayadeen_signals
from mayadeen.monitoring.report import articles_written

#: The stage of a request, by its callback's name (the spiders' own methods).
STAGES = {
    "parse_home": "menus",
    "parse_listing": "listings",
    "parse_more": "listings",
    "parse_fragment": "listings",
    "parse_sitemap": "sitemaps",
    "parse_story": "stories",
    "parse_article": "stories",
}
#: The stages in the order a crawl goes through them (``pages``: a request of another
#: kind); the line shows the latest begun.
ORDER = ("pages", "menus", "listings", "sitemaps", "stories")
#: Seconds between redraws, and over which the rate is measured.
INTERVAL = 0.5
RATE_WINDOW = 10.0


class CrawlProgress:
    """Counts a crawl's pages by stage: begun (scheduled), and still open (not answered,
    not failed), by URL; a retried request is the same page, a redirect moves the page to
    its new address, and a duplicate the scheduler drops was never one."""

    def __init__(self) -> None:
        self.open: dict[str, Counter[str]] = {stage: Counter() for stage in ORDER}
        self.done: Counter[str] = Counter()
        #: the latest stage begun; none before the first request
        self.stage = "starting"

    def scheduled(self, request: Request) -> None:
        stage = stage_of(request)
        if self.stage not in ORDER or ORDER.index(stage) > ORDER.index(self.stage):
            self.stage = stage
        if "retry_times" in request.meta:
            return
        if redirects := request.meta.get("redirect_urls"):
            self._close(redirects[-1], count=False)
        self.open[stage][request.url] += 1

    def dropped(self, request: Request) -> None:
        self._close(request.url, count=False)

    def answered(self, request: Request) -> None:
        self._close(request.url)

    def failed(self, url: str) -> None:
        self._close(url)

    def _close(self, url: str, count: bool = True) -> None:
        for stage, pages in self.open.items():
            if pages[url] > 0:
                pages[url] -= 1
                if not pages[url]:
                    del pages[url]
                if count:
                    self.done[stage] += 1
                return

    @property
    def pages_done(self) -> int:
        return sum(self.done.values())

    @property
    def pages_open(self) -> int:
        return sum(sum(pages.values()) for pages in self.open.values())

    def stories_total(self, held_back: int) -> int | None:
        """All the stories of the crawl, when known: nothing else left to read."""
        if any(self.open[stage] for stage in ORDER[:-1]):
            return None
        return self.done["stories"] + sum(self.open["stories"].values()) + held_back


def stage_of(request: Request) -> str:
    callback = getattr(request.callback, "__name__", "")
    return STAGES.get(callback, "pages")


class ProgressLine:
    """The extension: :class:`CrawlProgress` drawn on standard error with rich."""

    def __init__(self, crawler: Crawler, stream: TextIO) -> None:
        self.crawler = crawler
        self.counts = CrawlProgress()
        self.console = Console(file=stream)
        self.bar = Progress(
            TextColumn("{task.description:>8}"),
            BarColumn(bar_width=20),
            TextColumn("{task.fields[line]}", table_column=Column(no_wrap=True)),
            console=self.console,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self.task = self.bar.add_task("starting", total=None, line="")
        self.samples: deque[tuple[float, int, int]] = deque()
        self.loop = LoopingCall(self.update)
        self.moved: list[tuple[logging.StreamHandler[Any], Any]] = []
        self.started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        stream = sys.stderr
        if not crawler.settings.getbool("MAYADEEN_PROGRESS") or not stream.isatty():
            raise NotConfigured  # with a message, Scrapy would warn of it in every log
        line = cls(crawler, stream)
        connect = crawler.signals.connect
        connect(line.start, signal=signals.spider_opened)
        connect(line.counts.scheduled, signal=signals.request_scheduled)
        connect(line.counts.dropped, signal=signals.request_dropped)
        connect(line.response_received, signal=signals.response_received)
        connect(line.counts.failed, signal=mayadeen_signals.page_failed)
        connect(line.stop, signal=signals.spider_closed)
        connect(line.stop, signal=signals.engine_stopped)
        return line

    def response_received(self, response: Response, request: Request) -> None:
        self.counts.answered(request)

    def start(self, spider: Spider) -> None:
        self.bar.start()  # from here on, sys.stderr prints above the line
        # The log's handlers on standard error print above the line too, unwrapped.
        for handler in logging.getLogger().handlers:
            if type(handler) is logging.StreamHandler and handler.stream is self.console.file:
                self.moved.append((handler, handler.setStream(_Above(self.console))))
        self.started = True
        atexit.register(self.stop)  # the cursor back, whatever ends the process
        self.loop.start(INTERVAL)

    def stop(self, *_: Any) -> None:
        if not self.started:
            return
        self.started = False
        if self.loop.running:
            self.loop.stop()
        self.update()
        for handler, stream in self.moved:
            handler.setStream(stream)
        self.bar.stop()
        atexit.unregister(self.stop)

    def update(self) -> None:
        counts, now = self.counts, time.monotonic()
        done, stories = counts.pages_done, counts.done["stories"]
        self.samples.append((now, done, stories))
        while now - self.samples[0][0] > RATE_WINDOW:
            self.samples.popleft()
        then, done_then, stories_then = self.samples[0]
        elapsed = now - then
        rate = (done - done_then) / elapsed if elapsed else 0.0
        parts = [
            f"{done} pages done, {counts.pages_open} queued",
            f"{articles_written(self.crawler.stats)} articles",
            f"{rate:.1f} pages/s",
        ]
        total = None
        if counts.stage == "stories":
            held_back = len(getattr(self.crawler.spider, "queue", ()))  # sections' batches
            total = counts.stories_total(held_back)
            parts.insert(0, f"{stories}/{total if total is not None else '?'} stories")
        if total is not None and total > stories > stories_then:
            left = (total - stories) * elapsed / (stories - stories_then)
            parts.append(f"{_duration(left)} left")
        self.bar.update(
            self.task,
            description=counts.stage,
            completed=stories,
            total=total,
            line=" · ".join(parts),
        )
        self.bar.refresh()


class _Above:
    """A stream for a log handler: each line printed above the live line, as it is (the
    terminal wraps it, rich does not)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.partial = ""

    def write(self, text: str) -> int:
        *lines, self.partial = (self.partial + text).split("\n")
        for line in lines:
            self.console.print(Text(line), soft_wrap=True, highlight=False)
        return len(text)

    def flush(self) -> None:
        pass


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
