"""The benchmark's baseline: the ``sections`` walk (menus, listings, "More" pages, every
story fetched once) with none of the project's work on the stories: no parsing, no
pipelines, no feeds, no history. Run with ``scrapy runspider bench/null_spider.py``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from mayadeen.spiders.sections import SectionsSpider


class NullSectionsSpider(SectionsSpider):
    name = "null-sections"
    custom_settings = {  # noqa: RUF012 (Scrapy's own attribute)
        "ITEM_PIPELINES": {},
        "MAYADEEN_FEEDS": {},
        "MAYADEEN_HISTORY": "",
        "EXTENSIONS": {},  # none of the project's: no history, no run report
    }

    def parse_story(self, response: Response, path: str, **kwargs: Any) -> Iterator[Any]:
        self.crawler.stats.inc_value("bench/stories_fetched")
        return iter(())
