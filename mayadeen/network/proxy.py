"""Every request through one forward proxy (``MAYADEEN_PROXY``), and a proxy that refuses the
crawl ending it at once, in one line.

The site answers data-centre addresses with Cloudflare 403s; a residential or company proxy
gets through. ``MAYADEEN_PROXY=http://user:pass@host:port`` sets it once, for every spider:
:class:`ProxyMiddleware` puts it in each request's ``meta["proxy"]`` (a request that already
names a proxy, or ``None`` for none, keeps its own), and Scrapy's ``HttpProxyMiddleware``
does the rest: it takes the credentials out of the URL into a ``Proxy-Authorization``
header, and the URL left in ``meta["proxy"]`` has no password. The setting wins over the
``http_proxy``/``https_proxy`` environment variables (which Scrapy's middleware honours when
the setting is empty); a host that ``no_proxy`` names is fetched directly either way.

A request rendered by Splash (``-a render``) is fetched by Splash, not by Scrapy: the proxy
goes to Splash as its ``proxy`` argument, and the request to Splash itself is not proxied.

**A proxy that refuses.** A ``407 Proxy Authentication Required`` (plain HTTP through the
proxy, or its answer to an HTTPS ``CONNECT``), or a proxy that cannot be connected to on
every try of a request with no answer through it in between (refused, no such host), means
no request will get through: the middleware logs one error line (the proxy's URL with its
password masked), records it as the stat ``mayadeen/proxy_failed`` (the verdict quotes it),
closes the spider with finish reason ``proxy_failed``, and fails every request still on
its way with :class:`ProxyRefused` without sending it, so the proxy is not hammered by a
crawl's queue.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import SplitResult, urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import error as twisted_error

logger = logging.getLogger(__name__)

#: Failures to reach the proxy itself: through a proxy, every connection is to the proxy
#: (the site's own failures come back as the proxy's 5xx answers).
UNREACHABLE = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    twisted_error.ConnectError,
    twisted_error.DNSLookupError,
)
REFUSED = (DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError)


class ProxyRefused(IgnoreRequest):
    """A request not sent, or not answered, because the proxy refuses the crawl."""


def redact(url: str) -> str:
    """``url`` with its password masked: ``http://user:***@host:port``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.netloc.rpartition('@')[2]}"
    return parts._replace(netloc=netloc).geturl()


def proxy_setting(settings: BaseSettings) -> str:
    """``MAYADEEN_PROXY``, checked: empty, or ``http(s)://[user:pass@]host:port``; raises
    ``ValueError`` (its password masked) otherwise."""
    url = (settings.get("MAYADEEN_PROXY") or "").strip()
    if not url:
        return ""
    try:
        parts: SplitResult | None = urlsplit(url)
        _ = parts.port  # a port that is no number raises
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        # Not a URL we read: whatever stands before an "@" may be the password.
        head, at, host = url.rpartition("@")
        shown = f"{head.partition('://')[0] + '://' if '://' in head else ''}***@{host}"
        raise ValueError(
            f"MAYADEEN_PROXY must be http://[user:password@]host:port, not {shown if at else url}"
        )
    return url


class ProxyMiddleware:
    """Downloader middleware, before Splash's (725) and Scrapy's ``HttpProxyMiddleware``
    (750): the proxy set on each request, and a refusing proxy ending the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.proxy = proxy_setting(crawler.settings)
        self.shown = redact(self.proxy)
        self.no_proxy = getproxies_environment().get("no", "")
        self.bypassed: dict[str, bool] = {}
        self.retries = crawler.settings.getint("RETRY_TIMES")
        self.refusal: str | None = None
        self.unreachable_in_a_row = 0
        self.closing: asyncio.Future[None] | None = None
        if self.proxy:
            logger.info("Every request goes through the proxy %s", self.shown)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        return cls(crawler)

    # --- on the way out ---------------------------------------------------------------

    async def process_request(self, request: Request) -> None:
        if self.refusal is not None and self.through_proxy(request):
            raise ProxyRefused(self.refusal)
        if not self.proxy or "proxy" in request.meta:
            return
        host = urlparse_cached(request).hostname or ""
        if self.bypass(host):
            return
        splash = request.meta.get("splash")
        if isinstance(splash, dict):  # Splash fetches the page: the proxy is its argument
            splash.setdefault("args", {}).setdefault("proxy", self.proxy)
        else:
            request.meta["proxy"] = self.proxy

    def through_proxy(self, request: Request) -> bool:
        """Whether ``request`` would go, or went, through a proxy."""
        if request.meta.get("proxy"):
            return True
        if "proxy" in request.meta or isinstance(request.meta.get("splash"), dict):
            return False
        return bool(self.proxy) and not self.bypass(urlparse_cached(request).hostname or "")

    def bypass(self, host: str) -> bool:
        """``no_proxy`` names ``host``: fetched directly."""
        if host not in self.bypassed:
            self.bypassed[host] = bool(self.no_proxy) and bool(
                proxy_bypass_environment(host, {"no": self.no_proxy})
            )
        return self.bypassed[host]

    # --- on the way back --------------------------------------------------------------

    async def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("proxy"):
            return response
        if response.status == 407:
            self.refused(request, "407 Proxy Authentication Required: a wrong user or password?")
        self.unreachable_in_a_row = 0
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        if not request.meta.get("proxy"):
            return None
        if self.refusal is not None:
            raise ProxyRefused(self.refusal)
        if isinstance(exception, TunnelError) and "'status': 407" in str(exception):
            self.refused(request, "407 Proxy Authentication Required to CONNECT")
        if isinstance(exception, UNREACHABLE):
            self.unreachable_in_a_row += 1
            tries = self.retries + 1
            last_try = request.meta.get("dont_retry") or request.meta.get(
                "retry_times", 0
            ) >= request.meta.get("max_retry_times", self.retries)
            if last_try and self.unreachable_in_a_row >= tries:
                what = (
                    "connection refused"
                    if isinstance(exception, REFUSED)
                    else type(exception).__name__
                )
                self.refused(request, f"{what}, {tries} tries", reached=False)
        return None  # the retry middleware's to handle

    def refused(self, request: Request, why: str, reached: bool = True) -> None:
        """The proxy will let nothing through: one line, the stat, the spider closed; the
        request fails with :class:`ProxyRefused`."""
        if self.refusal is None:
            shown, setting = self.shown, "MAYADEEN_PROXY"
            if request.meta.get("_scheme_proxy"):  # from the environment (Scrapy's middleware)
                shown = redact(request.meta["proxy"])
                setting = f"the {urlparse_cached(request).scheme}_proxy environment variable"
            verb = "refused the crawl" if reached else "could not be reached"
            self.refusal = f"the proxy {shown} {verb} ({why}): check {setting}"
            self.crawler.stats.set_value("mayadeen/proxy_failed", self.refusal)
            logger.error("Stopping: %s", self.refusal)
            # Not awaited: closing waits for this very download to end.
            self.closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="proxy_failed")
            )
        raise ProxyRefused(self.refusal)
