"""Downloader middleware: patient retries, and blocks told apart from pages.

Replaces Scrapy's ``RetryMiddleware`` (same settings: ``RETRY_TIMES``, ``RETRY_HTTP_CODES``,
``RETRY_EXCEPTIONS``) and adds what a Cloudflare-fronted site needs:

- **Back-off**: a retry waits ``MAYADEEN_RETRY_BACKOFF`` seconds, doubling each time (at most
  ``MAYADEEN_RETRY_BACKOFF_MAX``), instead of coming back at once.
- **Retry-After**: a 429 or 503 that says how long to wait is obeyed (capped by
  ``MAYADEEN_RETRY_BACKOFF_MAX``), and the whole download slot slows to that pace until a
  good answer comes back.
- **Blocks**: a challenge page ("Just a moment...", ``/cdn-cgi/challenge-platform/``, the
  ``cf-mitigated`` header), whatever its status, 200 included, is never handed to a
  callback: it is counted (``mayadeen/blocked``) and retried later. ``MAYADEEN_BLOCK_LIMIT``
  blocked answers in a row mean a sustained block: the crawl stops with finish reason
  ``blocked`` instead of running on.
- **Unreachable**: what stayed unreachable after the retries is counted
  (``mayadeen/unreachable``); the spider's errback reports it, and the run report lists it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.response import response_status_message

from mayadeen import site
from mayadeen.extraction.text import parse_int


def is_blocked(response: Response) -> bool:
    """A Cloudflare challenge or block, whatever the status."""
    if response.headers.get(b"cf-mitigated", b"").lower() == b"challenge":
        return True
    return isinstance(response, TextResponse) and site.is_challenge_page(response.text)


class PatientRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.backoff = settings.getfloat("MAYADEEN_RETRY_BACKOFF")
        self.backoff_max = settings.getfloat("MAYADEEN_RETRY_BACKOFF_MAX")
        self.block_limit = settings.getint("MAYADEEN_BLOCK_LIMIT")
        self.blocked_in_a_row = 0
        self.slowed: dict[str, float] = {}  # slot key -> its delay before a Retry-After
        self.closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PatientRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Any:
        if request.meta.get("dont_retry", False):
            return response
        if is_blocked(response):
            return await self.blocked(request, response)
        self.blocked_in_a_row = 0
        if response.status not in self.retry_http_codes:
            self.restore_pace(request)
            return response
        wait = self.retry_after(response)
        if wait is not None:
            self.slow_down(request, wait)
        retry = await self.retry(request, response_status_message(response.status), wait)
        return retry or response

    async def process_exception(self, request: Request, exception: Exception) -> Any:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get(
            "dont_retry", False
        ):
            return await self.retry(request, exception)
        return None

    async def blocked(self, request: Request, response: Response) -> Request:
        stats = self.crawler.stats
        stats.inc_value("mayadeen/blocked")
        stats.inc_value(f"mayadeen/blocked/{response.status}")
        self.blocked_in_a_row += 1
        if self.blocked_in_a_row >= self.block_limit:
            if stats.get_value("mayadeen/block_stop") is None:
                stats.set_value("mayadeen/block_stop", response.url)
                self.crawler.spider.logger.error(
                    "Blocked: %d challenge pages in a row (the last at %s); stopping",
                    self.blocked_in_a_row,
                    response.url,
                )
                # Not awaited: closing waits for this very download to end.
                self.closing = asyncio.ensure_future(
                    self.crawler.engine.close_spider_async(reason="blocked")
                )
            raise IgnoreRequest(f"blocked: {response.url}")
        retry = await self.retry(request, "blocked")
        if retry is None:
            raise IgnoreRequest(f"blocked: {response.url}")
        return retry

    async def retry(
        self, request: Request, reason: str | Exception, wait: float | None = None
    ) -> Request | None:
        attempt = request.meta.get("retry_times", 0)
        retry = self._retry(request, reason)
        if retry is None:
            self.crawler.stats.inc_value("mayadeen/unreachable")
            return None
        delay = wait if wait is not None else self.backoff * 2**attempt
        await asyncio.sleep(min(delay, self.backoff_max))
        return retry

    def retry_after(self, response: Response) -> float | None:
        """The seconds a 429 or 503 asks to wait; ``None`` (the back-off's own delay) when
        it says none, or nothing that is a number of seconds (``Retry-After: ²``, a date),
        which is counted (``mayadeen/bad_value/retry_after``)."""
        if response.status not in (429, 503):
            return None
        value = response.headers.get(b"Retry-After", b"").decode("latin-1")
        seconds = parse_int(value)
        if seconds is None and value.strip():
            self.crawler.stats.inc_value("mayadeen/bad_value/retry_after")
        return None if seconds is None else float(seconds)

    def slow_down(self, request: Request, wait: float) -> None:
        """The site asked for a pause: the whole download slot takes it."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None:
            self.slowed.setdefault(key, slot.delay)
            slot.delay = max(slot.delay, min(wait, self.backoff_max))
            self.crawler.stats.inc_value("mayadeen/slowed_down")

    def restore_pace(self, request: Request) -> None:
        if not self.slowed:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if key in self.slowed and (slot := downloader.slots.get(key)) is not None:
            slot.delay = self.slowed.pop(key)
