"""What every mayadeen spider shares: the site it crawls and how an article page is parsed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar, get_args
from urllib.parse import urlsplit

import scrapy
from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy_spider_metadata import Args
from twisted.python.failure import Failure

from mayadeen import signals as mayadeen_signals
from mayadeen import site
from mayadeen.extraction.article import (
    ArticlePage,
    NotAnArticle,
    expected_fields,
    extract_article,
)
from mayadeen.items import Article
from mayadeen.network.proxy import ProxyRefused
from mayadeen.spiders.params import SpiderArgumentError, SpiderParams, arguments, describe

ParamsT = TypeVar("ParamsT", bound=SpiderParams)


class MayadeenSpider(Args[ParamsT], scrapy.Spider):
    """Base spider: the edition crawled (``-a edition=``, :data:`mayadeen.site.EDITIONS`), on
    its live site or on the ``MAYADEEN_BASE_URL`` setting (a replica, a mirror).

    A spider declares its arguments as a model (``class XSpider(MayadeenSpider[XParams])``,
    see :mod:`mayadeen.spiders.params`): they are validated when the spider is made (an unknown name
    or a bad value raises :class:`~mayadeen.spiders.params.SpiderArgumentError`), kept as
    ``self.args``, and set as typed attributes (``self.fresh`` is a bool).
    """

    base_url: str = site.PRODUCTION_BASE_URL
    #: the edition crawled (``-a edition=``): its code, and :attr:`site` what differs
    edition: str = "en"
    #: which pages go through Splash: ``none``, ``listings`` or ``all`` (``-a render=``)
    render: str = "none"
    #: run without history (``-a fresh=1``)
    fresh: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().__init__(*args, **kwargs)
        except ValidationError as exc:
            raise SpiderArgumentError(describe(exc, self.name, self.params_model())) from None
        for name in arguments(type(self.args)):
            setattr(self, name, getattr(self.args, name))

    @classmethod
    def params_model(cls) -> type[SpiderParams]:
        """The spider's argument model: ``XParams`` of ``MayadeenSpider[XParams]``."""
        for klass in cls.__mro__:
            for base in klass.__dict__.get("__orig_bases__", ()):
                model = next(iter(get_args(base)), None)
                if isinstance(model, type) and issubclass(model, SpiderParams):
                    return model
        raise TypeError(f"{cls.__name__} declares no arguments: MayadeenSpider[Params]")

    @classmethod
    def check_arguments(
        cls, spargs: dict[str, str], settings: BaseSettings, *, crawl: bool = False
    ) -> None:
        """Raise :class:`~mayadeen.spiders.params.SpiderArgumentError` for arguments the spider
        would refuse, before anything starts (``scrapy crawl`` and ``scrapy parse`` call
        it). ``crawl``: the spider is to crawl from its own start (``scrapy crawl``), so
        arguments it needs for that must be given."""
        model = cls.params_model()
        try:
            params = model.model_validate(spargs, context={"crawl": crawl})
        except ValidationError as exc:
            raise SpiderArgumentError(describe(exc, cls.name, model)) from None
        check_render(getattr(params, "render", "none"), settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> MayadeenSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = (
            crawler.settings.get("MAYADEEN_BASE_URL") or spider.site.base_url
        ).rstrip("/")
        host = urlsplit(spider.base_url).hostname
        if not host:
            raise ValueError(f"MAYADEEN_BASE_URL is not an absolute URL: {spider.base_url!r}")
        spider.allowed_domains = [host]
        check_render(spider.render, crawler.settings)
        return spider

    def page_request(self, url: str, kind: str, **kwargs: Any) -> scrapy.Request:
        """A request for a ``listing`` or ``story`` page: through Splash when ``-a render``
        asks for that kind of page, directly otherwise."""
        if self.render == "all" or (self.render == "listings" and kind == "listing"):
            from mayadeen.network.splash import SplashRequest  # imported only when asked for

            wait = self.crawler.settings.getfloat("MAYADEEN_SPLASH_WAIT")
            return SplashRequest(url, endpoint="render.html", args={"wait": wait}, **kwargs)
        return scrapy.Request(url, **kwargs)

    @property
    def site(self) -> site.Edition:
        """What the crawled edition's site is like: hosts, story paths, menus."""
        return site.EDITIONS[self.edition]

    def site_url(self, url: str) -> str:
        """``url`` made absolute on the crawled site (live-host links moved onto the base)."""
        return self.site.rebase_url(url, self.base_url)

    def download_failed(self, failure: Failure) -> None:
        """Errback of page requests: the failure counted and logged (see
        :meth:`count_failure`). Returns nothing: whatever an errback returns, Scrapy treats
        as the callback's output (a returned string would reach the pipelines as an item)."""
        self.count_failure(failure)

    def count_failure(self, failure: Failure) -> str:
        """A failed download counted (``mayadeen/download_failed/<reason>``), logged as a
        warning and reported (:data:`mayadeen.signals.page_failed`); returns the reason.

        Whether failures fail the run is the verdict's to say (:mod:`mayadeen.monitoring.verdict`):
        one or two never do, many do.
        """
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"mayadeen/download_failed/{reason}")
        if reason != PROXY_REFUSED:  # the proxy's one line said why, for them all
            self.logger.warning("Download failed (%s): %s", reason, failure.request.url)
        self.crawler.signals.send_catch_log(
            signal=mayadeen_signals.page_failed, url=failure.request.url, reason=reason
        )
        return reason

    def entry_failed(self, failure: Failure) -> None:
        """Errback of the page a crawl starts from (homepage, sitemap index): without it
        nothing can be crawled, and the run fails."""
        self.cannot_start(failure.request.url, self.count_failure(failure))

    def cannot_start(self, url: str, problem: str) -> None:
        self.crawler.stats.set_value(
            "mayadeen/entry_failed", f"{url} could not be read ({problem})"
        )
        if problem != PROXY_REFUSED:  # the proxy's one line said why
            self.logger.error("Cannot start: %s could not be read (%s)", url, problem)

    def extract(self, response: Response) -> Article | NotAnArticle:
        """The page's article, or why there is none (counted and logged)."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            return self.not_an_article(NotAnArticle("not_html"), response.url)
        page = ArticlePage.from_response(response, self.site)
        try:
            article = extract_article(page, html=response.text)
        except NotAnArticle as exc:
            self.count_bad_values(page, response.url)
            return self.not_an_article(exc, response.url)
        stats.inc_value("mayadeen/articles_parsed")
        # Measured before any pipeline drops the item, over the pages that should have it.
        for field in expected_fields(page) & site.COVERAGE_FIELDS.keys():
            stats.inc_value(f"mayadeen/coverage_expected/{field}")
            if getattr(article, field):
                stats.inc_value(f"mayadeen/coverage/{field}")
        self.count_bad_values(page, response.url)  # the fields all read, the coverage's too
        return article

    def not_an_article(self, exc: NotAnArticle, url: str) -> NotAnArticle:
        self.crawler.stats.inc_value(f"mayadeen/not_article/{exc.reason}")
        self.logger.warning("Not an article (%s): %s", exc.reason, url)
        return exc

    def count_bad_values(self, page: ArticlePage, url: str) -> None:
        """The page's bad values, skipped (a ``javascript:`` image, a word count of
        ``"²"``), counted by field: ``mayadeen/bad_value/<field>``."""
        if bad := page.bad_values:
            for field, count in bad.items():
                self.crawler.stats.inc_value(f"mayadeen/bad_value/{field}", count)
            self.logger.info("Bad values skipped (%s): %s", ", ".join(sorted(bad)), url)

    def parse_article(self, response: Response) -> Iterator[Article]:
        """Parse an article page; a page that is not one is counted by reason, never emitted."""
        if isinstance(result := self.extract(response), Article):
            yield result


def check_render(render: str, settings: BaseSettings) -> None:
    """Rendering needs a Splash server."""
    if render != "none" and not settings.get("SPLASH_URL"):
        raise SpiderArgumentError(
            f"-a render={render} needs a Splash server: "
            "-s SPLASH_URL=http://127.0.0.1:8050 (see the README)"
        )


#: Why a page failed when the crawl's proxy refused it (:mod:`mayadeen.network.proxy`): the
#: crawl's fault, not the page's.
PROXY_REFUSED = "proxy_refused"


def failure_reason(failure: Failure) -> str:
    """A short name for why a download failed."""
    if failure.check(ProxyRefused):
        return PROXY_REFUSED
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(DownloadCancelledError):
        return "too_large"
    message = str(failure.value)
    if failure.check(IgnoreRequest):
        for marker, reason in (
            ("max redirections", "redirect_loop"),
            ("offsite", "offsite"),
            ("blocked", "blocked"),
        ):
            if marker in message:
                return reason
        return "ignored"
    return type(failure.value).__name__
