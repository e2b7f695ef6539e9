"""scrapy-splash 0.11.1 (its latest release) made to work on the Scrapy this project pins.

Three breakages, one fix each, and a fourth fix for deprecation warnings.
``tests/test_splash_compat.py`` fails as soon as a fix is no longer needed (a new
scrapy-splash release, or a Scrapy that restores the old API), so this module can then
shrink. Import scrapy-splash through this module only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy.utils.url
import w3lib.url
from scrapy import Request
from scrapy.crawler import Crawler

# Fix 1: scrapy-splash imports ``canonicalize_url`` from ``scrapy.utils.url``, which Scrapy
# 2.16 removed (w3lib has it, and Scrapy's was an alias of it). Without the alias the import
# of scrapy_splash fails (upstream issue scrapy-plugins/scrapy-splash#332).
NEEDS_CANONICALIZE_ALIAS = not hasattr(scrapy.utils.url, "canonicalize_url")
if NEEDS_CANONICALIZE_ALIAS:
    scrapy.utils.url.canonicalize_url = w3lib.url.canonicalize_url  # type: ignore[attr-defined]

import scrapy_splash  # noqa: E402
from scrapy_splash import (  # noqa: E402  (re-exported: use these names)
    SplashAwareFSCacheStorage,
    SplashRequest,
    SplashRequestFingerprinter,
)

__all__ = [
    "SplashAwareFSCacheStorage",
    "SplashCookiesMiddleware",
    "SplashDeduplicateArgsMiddleware",
    "SplashMiddleware",
    "SplashRequest",
    "SplashRequestFingerprinter",
]


class SplashDeduplicateArgsMiddleware(scrapy_splash.SplashDeduplicateArgsMiddleware):
    """Fix 2: the upstream spider middleware has a synchronous ``process_spider_output`` and
    a ``process_start_requests``; Scrapy 2.16+ refuses the first at engine start and never
    calls the second. Same logic, in the asynchronous form Scrapy calls now."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SplashDeduplicateArgsMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        if not hasattr(spider, "state"):
            spider.state = {}
        spider.state.setdefault(self.local_values_key, {})
        async for request in start:
            yield self._process_request(request, spider)

    async def process_spider_output(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for element in result:
            if isinstance(element, Request):
                yield self._process_request(element, self.crawler.spider)
            else:
                yield element


class SplashMiddleware(scrapy_splash.SplashMiddleware):
    """Fix 3: the upstream downloader middleware calls the downloader's private
    ``_get_slot_key``, which Scrapy 2.14 removed; every SplashRequest then failed (and the
    crawl still exited 0). The public ``get_slot_key(request)`` does the same job.

    Fix 4: Scrapy deprecates middleware methods that take a ``spider`` argument (one
    warning each per crawl, and a breakage to come): these take none and pass the spider on.
    """

    def _get_slot_key(self, request_or_response: Any) -> str:
        return self.crawler.engine.downloader.get_slot_key(request_or_response)

    def process_request(self, request: Request) -> Any:  # type: ignore[override]
        return super().process_request(request, self.crawler.spider)

    def process_response(self, request: Request, response: Any) -> Any:  # type: ignore[override]
        return super().process_response(request, response, self.crawler.spider)


class SplashCookiesMiddleware(scrapy_splash.SplashCookiesMiddleware):
    """Fix 4, as for :class:`SplashMiddleware`."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SplashCookiesMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware

    def process_request(self, request: Request) -> Any:  # type: ignore[override]
        return super().process_request(request, self.crawler.spider)

    def process_response(self, request: Request, response: Any) -> Any:  # type: ignore[override]
        return super().process_response(request, response, self.crawler.spider)
