"""What a crawled page costs beyond Scrapy's own work: settings that exist only to save CPU
stay only while they do."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerRunner
from scrapy.http import Response
from scrapy.settings import Settings
from twisted.internet.defer import Deferred

from mayadeen import settings as project_settings
from tests.crawl import _call_in_reactor, _reactor

#: Pages of the measuring crawl: ``data:`` URIs, answered without any network.
PAGES = 10


class OneItemSpider(scrapy.Spider):
    """A story page's shape: one item per page."""

    name = "one_item"
    start_urls = [f"data:,page-{n}" for n in range(PAGES)]  # noqa: RUF012 (Scrapy's own)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, str]]:
        yield {"page": response.url}


def _count_tasks(concurrent_items: int) -> Deferred[int]:
    """In the reactor thread: crawl :class:`OneItemSpider` with Scrapy's defaults and
    ``CONCURRENT_ITEMS``, counting the asyncio tasks created on the loop meanwhile."""
    loop = asyncio.get_running_loop()
    created = 0

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task:
        nonlocal created
        created += 1
        return asyncio.Task(coro, loop=loop, **kwargs)

    settings = Settings(
        {"CONCURRENT_ITEMS": concurrent_items, "LOG_ENABLED": False, "TELNETCONSOLE_ENABLED": False}
    )
    loop.set_task_factory(factory)
    done = CrawlerRunner(settings).crawl(OneItemSpider)

    def finished(result: Any) -> Any:
        loop.set_task_factory(None)
        return result

    return done.addBoth(finished).addCallback(lambda _: created)


def tasks_per_page(concurrent_items: int) -> float:
    """Asyncio tasks a one-item-per-page crawl creates, per page."""
    _reactor()
    return _call_in_reactor(_count_tasks, concurrent_items) / PAGES


def test_scrapy_still_makes_concurrent_items_tasks_for_a_one_item_page() -> None:
    """The reason for ``CONCURRENT_ITEMS = 1`` in settings.py: Scrapy 2.19 starts that many
    worker tasks for every callback's output, one item or a hundred."""
    extra = tasks_per_page(100) - tasks_per_page(1)
    assert extra >= 90, (
        f"a one-item page now costs {extra:.1f} more asyncio tasks with CONCURRENT_ITEMS=100 "
        "than with 1 (it was 99): "
        "Scrapy no longer needs CONCURRENT_ITEMS=1: remove it from settings.py"
    )


def test_the_project_makes_a_handful_of_tasks_per_page() -> None:
    """Scrapy's 100 made 108 a page here, the project's value 9."""
    assert tasks_per_page(project_settings.CONCURRENT_ITEMS) < 20
