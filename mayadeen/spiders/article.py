"""``article`` spider: fetch and parse the pages you name.

scrapy crawl article -a url=https://english.almayadeen.net/news/politics/some-story
scrapy crawl article -a urls=URL1,URL2
scrapy crawl article -a urls_file=urls.txt      # one URL a line; blank lines and # skipped
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy

from mayadeen.spiders.base import MayadeenSpider


class ArticleSpider(MayadeenSpider):
    name = "article"

    def __init__(
        self,
        url: str | None = None,
        urls: str | None = None,
        urls_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_list: list[str] = []
        if url:
            self.start_list.append(url.strip())
        if urls:
            self.start_list.extend(u.strip() for u in urls.split(",") if u.strip())
        if urls_file:
            self.start_list.extend(read_urls_file(urls_file))
        if not self.start_list:
            raise ValueError(
                "the article spider needs pages to fetch: "
                "-a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH"
            )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_list:
            yield scrapy.Request(
                self.site_url(url), callback=self.parse_article, errback=self.download_failed
            )

    def parse(self, response: Any, **kwargs: Any) -> Any:
        """Default callback (used by ``scrapy parse``): the page is an article."""
        return self.parse_article(response)


def read_urls_file(path: str) -> list[str]:
    """URLs from a text file: one a line, blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"cannot read urls_file {path!r}: {exc.strerror}") from exc
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]
