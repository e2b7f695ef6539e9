"""The per-article benchmark's baseline: plain Scrapy fetching a list of pages and doing
nothing with them (no parsing, no pipelines, no feeds, no history, no project settings).

    scrapy runspider bench/bare_spider.py -a urls_file=URLS   # from outside the project
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = urls_file

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in Path(self.urls_file).read_text(encoding="utf-8").split():
            yield scrapy.Request(url)

    def parse(self, response: Response, **kwargs: Any) -> None:
        self.crawler.stats.inc_value("bench/pages_fetched")
