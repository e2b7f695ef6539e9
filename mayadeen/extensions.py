"""Extensions: the history recorder."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from mayadeen.state import store_for, url_paths

#: Drops after which the fetched page needs no fetching again.
SETTLED_DROPS = frozenset({"unchanged", "duplicate"})


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
        written = (stats.get_value("mayadeen/articles_new") or 0) + (
            stats.get_value("mayadeen/articles_updated") or 0
        )
        requests = stats.get_value("downloader/request_count") or 0
        if written:
            stats.set_value("mayadeen/requests_per_new_article", round(requests / written, 3))
        if (store := store_for(self.crawler)) is not None:
            store.finish_run(reason)

    def engine_stopped(self) -> None:
        """Close the history last: feeds may still open (empty) files while closing."""
        if (store := store_for(self.crawler)) is not None:
            store.close()
