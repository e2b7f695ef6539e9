"""``article`` spider: fetch and parse the pages you name.

scrapy crawl article -a url=https://english.almayadeen.net/news/politics/some-story
scrapy crawl article -a urls=URL1,URL2
scrapy crawl article -a urls_file=urls.txt      # one URL a line; blank lines and # skipped

URLs on the live host are fetched on ``MAYADEEN_BASE_URL``; a path (``/news/...``) is taken
on it too. A URL on another site, one that is not http(s), or text that is no URL is not
fetched: it is a warning and counts as bad input (``mayadeen/bad_input/<reason>``). When no
URL given can be fetched, the crawl fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from pydantic import Field, PrivateAttr, ValidationInfo, model_validator
from scrapy.exceptions import CloseSpider

from mayadeen import site
from mayadeen.spiders.base import MayadeenSpider
from mayadeen.spiders.params import (
    CommaList,
    EditionParam,
    FreshParam,
    RenderParam,
    SpiderParams,
)

NEEDS_PAGES = "no pages to fetch: give -a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH"


class ArticleParams(RenderParam, FreshParam, EditionParam, SpiderParams):
    """Arguments of the ``article`` spider: the pages, given in any of three ways (all
    combined). ``scrapy crawl`` needs at least one; ``scrapy parse`` takes its URL."""

    url: str | None = Field(default=None, description="A page to fetch.")
    urls: CommaList = Field(
        default_factory=list, description="Pages to fetch, comma-separated: URL1,URL2."
    )
    urls_file: str | None = Field(
        default=None,
        description="A file of pages to fetch: one URL a line; blank lines and # comments skipped.",
    )
    _file_urls: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read_urls_file(self, info: ValidationInfo) -> ArticleParams:
        if self.urls_file:
            self._file_urls = read_urls_file(self.urls_file)
        if info.context and info.context.get("crawl") and not self.start_urls:
            raise ValueError(NEEDS_PAGES)
        return self

    @property
    def start_urls(self) -> list[str]:
        """Every URL given, in order: ``url``, ``urls``, then the file's."""
        return [*filter(None, [(self.url or "").strip()]), *self.urls, *self._file_urls]


class ArticleSpider(MayadeenSpider[ArticleParams]):
    name = "article"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_list: list[str] = self.args.start_urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        urls = [url for given in self.start_list if (url := self.usable_url(given))]
        if not urls:
            problem = NEEDS_PAGES
            if self.start_list:
                problem = (
                    f"none of the {len(self.start_list)} URL(s) given can be fetched "
                    f"from {self.base_url}"
                )
            self.logger.error("Cannot start: %s", problem)
            raise CloseSpider("no_usable_urls")
        for url in urls:
            yield self.page_request(
                url, "story", callback=self.parse_article, errback=self.download_failed
            )

    def usable_url(self, given: str) -> str | None:
        """``given`` as the URL to fetch on the crawled site; ``None`` (counted as
        ``mayadeen/bad_input/<reason>`` and logged) when it cannot be fetched."""
        try:
            parts = urlsplit(given)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            return self.bad_input(given, "not_a_url", "not a URL")
        if parts.scheme and parts.scheme.lower() not in ("http", "https"):
            return self.bad_input(given, "not_http_url", "not an http(s) URL")
        if not parts.netloc if parts.scheme else not given.startswith("/"):
            return self.bad_input(given, "not_a_url", "not a URL (give https://... or a /path)")
        url = self.site_url(given)
        host = urlsplit(url).hostname or ""
        if not any(host == d or host.endswith(f".{d}") for d in self.allowed_domains):
            problem = f"off-site: this crawl reads {self.base_url} only"
            other = site.edition_of_host(parts.hostname)
            if other is not None and other.code != self.edition:
                problem += (
                    f" (a page of the {other.code} edition: crawl it with -a edition={other.code})"
                )
            return self.bad_input(given, "offsite_url", problem)
        return url

    def bad_input(self, given: str, reason: str, problem: str) -> None:
        self.crawler.stats.inc_value(f"mayadeen/bad_input/{reason}")
        self.logger.warning("Not fetching %r: %s", given, problem)

    def parse(self, response: Any, **kwargs: Any) -> Any:
        """Default callback (used by ``scrapy parse``): the page is an article."""
        return self.parse_article(response)


def read_urls_file(path: str) -> list[str]:
    """URLs from a text file: one a line, blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        problem = getattr(exc, "strerror", None) or str(exc)
        raise ValueError(f"cannot read urls_file {path!r}: {problem}") from None
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]
