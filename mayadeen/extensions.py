"""Extensions: the history recorder and the run's verdict."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mayadeen.state import store_for, url_paths

#: Drops after which the fetched page needs no fetching again.
SETTLED_DROPS = frozenset({"unchanged", "duplicate"})


def articles_written(stats: StatsCollector) -> int:
    """New and changed articles the run emitted."""
    return sum(stats.get_value(f"mayadeen/articles_{kind}") or 0 for kind in ("new", "updated"))


class HistoryRecorder:
    """Records each article in the history once the feeds have written it.

    Connected to ``item_scraped`` after Scrapy's feed exporter (it is built later, see
    ``EXTENSIONS``), so by the time it records an article the article's line is in every
    feed file. Also settles pending stories, finishes the run, and reports what the
    incremental crawl cost (``mayadeen/requests_per_new_article``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HistoryRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.engine_stopped, signal=signals.engine_stopped)
        return recorder

    def item_scraped(self, item: Any, response: Response) -> None:
        if (store := store_for(self.crawler)) is not None:
            store.record(ItemAdapter(item).asdict(), url_paths([response.url]))

    def item_dropped(self, item: Any, response: Response, exception: Exception) -> None:
        store = store_for(self.crawler)
        if store is not None and getattr(exception, "reason", None) in SETTLED_DROPS:
            store.record(ItemAdapter(item).asdict(), url_paths([response.url]))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        written = articles_written(stats)
        requests = stats.get_value("downloader/request_count") or 0
        if written:
            stats.set_value("mayadeen/requests_per_new_article", round(requests / written, 3))
        if (store := store_for(self.crawler)) is not None:
            store.finish_run(reason)

    def engine_stopped(self) -> None:
        """Close the history last: feeds may still open (empty) files while closing."""
        if (store := store_for(self.crawler)) is not None:
            store.close()


class RunVerdict:
    """Decides at the end whether the run failed, says so in one line, and makes
    ``scrapy crawl`` exit 1 (see :mod:`mayadeen.commands.crawl`).

    A run fails when it did not finish normally (its finish reason is not ``finished``) or
    logged an error. Expected trouble (a story gone, a page that is not an article) is
    logged as a warning and does not fail the run.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunVerdict:
        verdict = cls(crawler)
        crawler.signals.connect(verdict.spider_closed, signal=signals.spider_closed)
        return verdict

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        problems = []
        if reason != "finished":
            problems.append(f"finish reason {reason!r}")
        errors = (stats.get_value("log_count/ERROR") or 0) + (
            stats.get_value("log_count/CRITICAL") or 0
        )
        if errors:
            problems.append(f"{errors} error(s) logged")
        if problems:
            self.crawler.mayadeen_failed = problems
            stats.set_value("mayadeen/failed", "; ".join(problems))
            spider.logger.error("Crawl FAILED: %s", "; ".join(problems))
        else:
            spider.logger.info("Crawl succeeded: %d article(s) written", articles_written(stats))
