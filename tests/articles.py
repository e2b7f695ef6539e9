"""Articles and crawlers for the pipeline and history tests: an item as a spider gives it,
a crawler with the history's keeper, and its history opened."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from mayadeen.history import History, HistoryKeeper
from mayadeen.items import Article, content_hash
from mayadeen.spiders.article import ArticleSpider


def crawler_for(tmp_path: Path, settings: dict | None = None, **spider_args: str):
    """A crawler with the history's keeper (the history opens on ``spider_opened``)."""
    settings = {
        "MAYADEEN_DATA_DIR": str(tmp_path),
        "MAYADEEN_BASE_URL": "https://x",
        "EXTENSIONS": {"mayadeen.history.HistoryKeeper": -1},
        **(settings or {}),
    }
    crawler = get_crawler(ArticleSpider, settings)
    crawler.spider = ArticleSpider.from_crawler(crawler, url="https://x/y", **spider_args)
    crawler.stats.open_spider()
    return crawler


def article(**overrides: object) -> Article:
    values = {
        "article_id": "1234567",
        "url": "https://english.almayadeen.net/news/politics/talks",
        "title": "Talks resume",
        "published_at": "2024-03-19T07:18:39+00:00",
        "modified_at": "2024-03-19T07:18:39+00:00",
        "body": "One.\n\nTwo.",
        "scraped_at": "2026-11-28T10:00:00+00:00",
        "word_count": 2,
    }
    values.update(overrides)
    item = Article(**values)  # type: ignore[arg-type]
    item.content_hash = content_hash(item.title, item.body)
    return item


def opened(crawler) -> History | None:
    """Open the crawl's history as its keeper does when the spider opens; ``None``: no
    history."""
    keeper = crawler.get_extension(HistoryKeeper)
    if keeper is None:
        return None
    keeper.spider_opened(crawler.spider)
    return keeper.history
