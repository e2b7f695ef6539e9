"""Cancelled download timers are dropped while the crawl goes (``mayadeen.network.timers``),
not minutes later: a 50,000-story crawl's peak memory depended on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from mayadeen import settings as project
from mayadeen.network.timers import TimerSweep
from tests.crawl import _reactor, crawl_in_process

#: The most cancelled timers the reactor's heap held at once in the probed crawl.
most_cancelled: list[int] = []


class HeapProbe:
    """Counts the cancelled calls in the reactor's timer heap at every response (Twisted's
    own bookkeeping, read in the reactor's thread, setting no timer of its own)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HeapProbe:
        probe = cls()
        crawler.signals.connect(probe.response_received, signal=signals.response_received)
        return probe

    def response_received(self, **_: Any) -> None:
        from twisted.internet import reactor

        heap = reactor._pendingTimedCalls  # type: ignore[attr-defined]
        most_cancelled.append(max([*most_cancelled[-1:], sum(c.cancelled for c in heap)]))


def test_the_sweep_ticks_from_the_engines_start_to_its_stop() -> None:
    _reactor()  # the crawls' reactor installed first: a LoopingCall imports the reactor
    clock = task.Clock()
    sweep = TimerSweep(5.0, clock)
    sweep.engine_started()
    assert sweep.tick is not None
    ticks: list[float] = []
    sweep.tick.f = lambda: ticks.append(clock.seconds())
    clock.pump([5, 5, 2])
    sweep.engine_stopped()
    clock.advance(30)
    assert ticks == [5.0, 10.0]
    assert not clock.getDelayedCalls()


def test_cancelled_download_timers_do_not_pile_up_in_a_crawl(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    extensions = {**project.EXTENSIONS, "tests.test_timers.HeapProbe": 0}
    settings = {"MAYADEEN_TIMER_SWEEP": "0.05", "EXTENSIONS": extensions}
    crawled = crawl_in_process("sitemap", replica_url, tmp_path, settings=settings)  # type: ignore[arg-type]
    pages = crawled.stats["downloader/response_count"]
    assert pages > len(manifest["articles"]) and len(most_cancelled) == pages
    # Two timers a download (its timeout, the idle connection's), cancelled as it ends:
    # without the sweep, up to two a page pile up (as many as 460 here); Twisted compacts its
    # heap at a tick once more than 50 are cancelled.
    assert most_cancelled[-1] <= 100, most_cancelled[-1]
