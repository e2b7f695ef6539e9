"""Each fix of ``mayadeen.network.splash`` is still needed: these fail the day one is not.

When one fails, scrapy-splash (or Scrapy) has changed: drop that fix from the module and
this test with it.
"""

from __future__ import annotations

import inspect
import sys

from scrapy.core.downloader import Downloader
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from mayadeen.network import (
    splash as splash_compat,  # first: scrapy_splash cannot be imported without it
)
from mayadeen.spiders.article import ArticleSpider

scrapy_splash = splash_compat.scrapy_splash
UPSTREAM_DEDUPE = scrapy_splash.middleware.SplashDeduplicateArgsMiddleware
UPSTREAM_SPLASH = scrapy_splash.middleware.SplashMiddleware
UPSTREAM_COOKIES = scrapy_splash.middleware.SplashCookiesMiddleware


def test_fix_1_scrapy_lacks_canonicalize_url_and_scrapy_splash_still_imports_it() -> None:
    assert splash_compat.NEEDS_CANONICALIZE_ALIAS
    for module in (sys.modules["scrapy_splash.dupefilter"], sys.modules["scrapy_splash.request"]):
        assert "from scrapy.utils.url import canonicalize_url" in inspect.getsource(module)


def test_fix_2_upstream_dedupe_middleware_is_still_synchronous() -> None:
    assert not inspect.isasyncgenfunction(UPSTREAM_DEDUPE.process_spider_output)
    assert not hasattr(UPSTREAM_DEDUPE, "process_start")
    ours = splash_compat.SplashDeduplicateArgsMiddleware
    assert inspect.isasyncgenfunction(ours.process_spider_output)
    assert inspect.isasyncgenfunction(ours.process_start)


def test_fix_3_downloader_has_no_private_slot_key_and_upstream_still_calls_it() -> None:
    assert not hasattr(Downloader, "_get_slot_key")
    assert hasattr(Downloader, "get_slot_key")
    assert "downloader._get_slot_key(" in inspect.getsource(UPSTREAM_SPLASH._get_slot_key)


def test_fix_4_upstream_middlewares_still_take_a_spider_argument() -> None:
    for cls in (UPSTREAM_SPLASH, UPSTREAM_COOKIES):
        for method in (cls.process_request, cls.process_response):
            assert "spider" in inspect.signature(method).parameters


def test_splash_requests_are_fingerprinted_with_their_arguments() -> None:
    """Deduplication and the HTTP cache key on URL *and* Splash arguments."""
    crawler = get_crawler(
        ArticleSpider,
        {"REQUEST_FINGERPRINTER_CLASS": "mayadeen.network.splash.SplashRequestFingerprinter"},
    )
    fingerprint = crawler.request_fingerprinter.fingerprint
    url = "http://127.0.0.1:1/news"

    def splash(**args: float) -> Request:
        return splash_compat.SplashRequest(url, endpoint="render.html", args=args)

    assert fingerprint(splash(wait=1.0)) == fingerprint(splash(wait=1.0))
    assert fingerprint(splash(wait=1.0)) != fingerprint(splash(wait=2.0))
    assert fingerprint(splash(wait=1.0)) != fingerprint(Request(url))
