"""Feed storage: local files written item by item, and registered with the crawl history.

Scrapy's own file storage buffers what it writes, so a killed crawl can lose the last lines
it had already reported as scraped. This storage writes each record with one unbuffered
``write()``: once the exporter returns, the line is in the operating system's hands and
survives the process. It also announces the files the run writes
(:data:`mayadeen.signals.local_feed`), so that the history can read a crashed run's output
back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage
from scrapy.settings import BaseSettings

from mayadeen import signals as mayadeen_signals


class DurableFileFeedStorage(FileFeedStorage):
    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        # Announced now, before anything is written: Scrapy opens a feed's file only when
        # its first item comes, and a crash can fall between two feeds' first writes.
        # (Scrapy also builds a storage from the unexpanded URI template, to check it.)
        if "%(" not in uri:
            crawler.signals.send_catch_log(
                signal=mayadeen_signals.local_feed,
                path=Path(self.path),
                feed_format=(feed_options or {}).get("format", ""),
            )

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> DurableFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Feed URI parameters: Scrapy's (``%(name)s``, ``%(time)s``, ...) and ``%(data_dir)s``."""
    return {**params, "data_dir": spider.crawler.settings.get("MAYADEEN_DATA_DIR")}


class DefaultFeeds:
    """Scrapy add-on: ``MAYADEEN_FEEDS`` become ``FEEDS`` when the run names none.

    Scrapy merges ``-o``/``-O`` into a project's ``FEEDS`` instead of replacing them, so the
    defaults cannot live in ``FEEDS`` itself if the command line is to replace them.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("MAYADEEN_FEEDS"), "addon")


class CheckedFeedExporter(FeedExporter):
    """Scrapy's feed exporter, with a feed that cannot be written made loud.

    Scrapy's own logs "Error caught on signal handler" and goes on: the crawl then ends
    "finished", and the history would record articles that a feed does not hold. Here a
    feed that cannot be opened or written sends :data:`mayadeen.signals.feed_failed` (the
    history stops recording, the run report fails the run) and stops the crawl.
    """

    def open_spider(self, spider: Spider) -> None:
        try:
            super().open_spider(spider)
        except Exception as exc:  # any storage's error: reported, never a silent feed
            self.failed(spider, exc)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        try:
            super().item_scraped(item, spider)
        except Exception as exc:
            self.failed(spider, exc)

    async def _close_slot(self, slot: Any, spider: Spider) -> None:
        # Scrapy opens a feed that never took an item at close, to store it empty: a feed
        # that could not be opened fails again there, in a task nobody awaits.
        try:
            await super()._close_slot(slot, spider)
        except Exception as exc:
            self.failed(spider, exc)

    def failed(self, spider: Spider, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"
        if self.crawler.stats.get_value("mayadeen/feed_failed") is None:
            spider.logger.error("A feed could not be written (%s): stopping the crawl", error)
            self.crawler.signals.send_catch_log(signal=mayadeen_signals.feed_failed, error=error)
            # Not awaited here (a signal handler); kept, so that it is not collected.
            self.closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="feed_failed")
            )
