"""A Scrapy extension that lets Twisted drop the download timers it no longer needs.

Every download sets two Twisted timers, cancelled as it ends: its ``DOWNLOAD_TIMEOUT``
(180 s) and the connection pool's idle timeout (240 s). Twisted drops cancelled timers from
its heap only when a timer of its own comes due, and on the asyncio reactor Scrapy 2.19 runs
its own loops (the engine's heartbeat, the slots' cleanup) on asyncio: nothing comes due
before the first download's timeout, so every download of a crawl's first minutes keeps two
dead timers (some 400 bytes) until then. A 50,000-story backfill piled up 100,000 of them,
a peak 10 to 25 MB higher, and higher the faster the crawl. A Twisted tick every
``MAYADEEN_TIMER_SWEEP`` seconds (0: none) lets Twisted drop them as it goes.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet.interfaces import IReactorTime
from twisted.internet.task import LoopingCall


class TimerSweep:
    """A no-op Twisted tick from the engine's start to its stop (see the module's docstring).
    ``clock``: the reactor's, unless a test gives another."""

    def __init__(self, interval: float, clock: IReactorTime | None = None) -> None:
        self.interval = interval
        self.clock = clock
        self.tick: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TimerSweep:
        interval = crawler.settings.getfloat("MAYADEEN_TIMER_SWEEP")
        if interval <= 0:
            raise NotConfigured
        sweep = cls(interval)
        crawler.signals.connect(sweep.engine_started, signal=signals.engine_started)
        crawler.signals.connect(sweep.engine_stopped, signal=signals.engine_stopped)
        return sweep

    def engine_started(self) -> None:
        # Made now, not before: the reactor is the crawl's (a LoopingCall takes the
        # installed one, and importing it too early would install Twisted's default).
        self.tick = LoopingCall(lambda: None)
        if self.clock is not None:
            self.tick.clock = self.clock
        self.tick.start(self.interval, now=False)

    def engine_stopped(self) -> None:
        if self.tick is not None and self.tick.running:
            self.tick.stop()
