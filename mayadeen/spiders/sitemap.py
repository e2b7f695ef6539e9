"""``sitemap`` spider: backfill from the monthly sitemaps.

    scrapy crawl sitemap                              # every month the index lists
    scrapy crawl sitemap -a since=2024-01 -a until=2024-06

Reads the sitemap index, keeps the monthly sitemaps inside the window, and parses every
story URL in them. Other URLs (author pages, ...) are skipped and counted; a missing or
malformed sitemap is logged and counted, and the rest goes on. Gzipped sitemaps
(``.xml.gz``) are read as Scrapy's ``SitemapSpider`` reads them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from pydantic import Field, model_validator
from scrapy.http import Response
from scrapy.spiders import SitemapSpider
from scrapy.utils.gz import gzip_magic_number
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from mayadeen import site
from mayadeen.extraction.text import parse_int
from mayadeen.history import url_paths
from mayadeen.incremental import Incremental
from mayadeen.spiders.base import MayadeenSpider
from mayadeen.spiders.params import EditionParam, FreshParam, Month, RenderParam, SpiderParams


class SitemapParams(RenderParam, FreshParam, EditionParam, SpiderParams):
    """Arguments of the ``sitemap`` spider: a window of months (a day means its month)."""

    since: Month | None = Field(
        default=None, description="First month, YYYY-MM or YYYY-MM-DD (default: the first)."
    )
    until: Month | None = Field(
        default=None, description="Last month, YYYY-MM or YYYY-MM-DD (default: the last)."
    )

    @model_validator(mode="after")
    def _window(self) -> SitemapParams:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"since ({self.since[0]}-{self.since[1]:02d}) is after "
                f"until ({self.until[0]}-{self.until[1]:02d})"
            )
        return self


class SitemapBackfillSpider(MayadeenSpider[SitemapParams], SitemapSpider):
    """Scrapy's ``SitemapSpider`` with the site's rules in its ``sitemap_filter()``: the
    months in the window, the story URLs, the known stories the ``<lastmod>`` says are
    unchanged; what it leaves out is counted.

    Scrapy's ``start()`` and sitemap callback (``_parse_sitemap``) are replaced, as they
    cannot do what is needed here: their requests carry no errback (a failed sitemap or
    story would be no counted page, and a failed index could not end the run), they fetch
    a sitemap's URLs as written (live-host URLs are fetched on ``MAYADEEN_BASE_URL`` here)
    and never through Splash, and an invalid sitemap is only a log line (an invalid index
    must end the run; a body that is not XML at all raises there). ``sitemap_rules`` and
    ``sitemap_follow`` (URL patterns, and silent) go with them: stories are told by
    :meth:`mayadeen.site.Edition.is_story_path` (``in_sitemap``), in the filter, which counts the
    others. Kept from Scrapy: the gzip handling (``_get_sitemap_body``: ``.xml.gz`` files
    decompressed within ``DOWNLOAD_MAXSIZE``), told by the body's bytes before its content
    type (Scrapy reads an XML response's body as it is, so a gzipped sitemap served as XML
    would be "not a sitemap"), ``Sitemap`` (entities never expanded) and ``sitemap_filter``.
    """

    name = "sitemap"
    #: on the crawled site (``MAYADEEN_BASE_URL``)
    sitemap_urls = (site.SITEMAP_INDEX_PATH,)
    #: the window, as (year, month); None: open
    since: tuple[int, int] | None = None
    until: tuple[int, int] | None = None

    #: which known stories are unchanged, against the history
    incremental: Incremental

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SitemapBackfillSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.incremental = Incremental(crawler)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.sitemap_urls:
            yield self.sitemap_request(url)

    def sitemap_request(
        self, url: str, later: tuple[str, ...] = (), priority: int = 0
    ) -> scrapy.Request:
        """A sitemap (XML, never rendered); ``later``: the monthly sitemaps to read after it,
        one at a time (see :meth:`parse_sitemap`)."""
        return scrapy.Request(
            self.site_url(url),
            callback=self.parse_sitemap,
            errback=self.sitemap_failed,
            priority=priority,
            cb_kwargs={"later": later},
        )

    def next_sitemap(self, later: tuple[str, ...]) -> Iterator[scrapy.Request]:
        """The first of the sitemaps ``later``, carrying the rest. It waits (a lower
        priority) until no story is left to request: the stories queued are at most two
        months' however many months are read, and the sitemaps travel with the requests
        (another worker may read the next one)."""
        if later:
            yield self.sitemap_request(later[0], later[1:], priority=-1)

    def in_window(self, loc: str) -> bool:
        """Whether a monthly sitemap's month lies in ``since``..``until`` (unknown: yes)."""
        match = site.SITEMAP_MONTH_RE.search(urlsplit(loc).path)
        year, number = (parse_int(match[g]) for g in ("year", "month")) if match else (None, None)
        if year is None or number is None:
            return True
        month = (year, number)
        return (not self.since or month >= self.since) and (not self.until or month <= self.until)

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap in the response; gzip bytes are decompressed whatever the content type
        says (Scrapy's would pass an XML response's gzipped body on as it is)."""
        if gzip_magic_number(response) and type(response) is not Response:
            response = Response(
                response.url, body=response.body, headers=response.headers, request=response.request
            )
        return super()._get_sitemap_body(response)

    def parse_sitemap(
        self, response: Response, later: tuple[str, ...] = ()
    ) -> Iterator[scrapy.Request]:
        """An index: its sitemaps in the window, read one after the other. A monthly
        sitemap: its stories, then the next sitemap."""
        sitemap = read_sitemap(self._get_sitemap_body(response))
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self.crawler.stats.inc_value("mayadeen/sitemap/invalid")
            self.report(response.url, "not a sitemap")
        elif sitemap.type == "sitemapindex":
            self.crawler.stats.inc_value("mayadeen/sitemap/sitemapindex")
            later = (*(entry["loc"] for entry in self.sitemap_filter(sitemap)), *later)
        else:
            self.crawler.stats.inc_value("mayadeen/sitemap/urlset")
            for entry in self.sitemap_filter(sitemap):
                yield self.page_request(
                    self.site_url(entry["loc"]),
                    "story",
                    callback=self.parse_article,
                    errback=self.download_failed,
                )
        yield from self.next_sitemap(later)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Of an index (a ``Sitemap`` of type ``sitemapindex``), the sitemaps whose month is
        in the window; of a monthly sitemap, its story URLs less the known stories its
        ``<lastmod>`` says are unchanged. What is left out is counted."""
        stats = self.crawler.stats
        if isinstance(entries, Sitemap) and entries.type == "sitemapindex":
            for entry in entries:
                if self.in_window(entry["loc"]):
                    yield entry
                else:
                    stats.inc_value("mayadeen/sitemap/months_outside_window")
            return
        # A month's stories: the history is asked about them at once.
        listed = [(entry, self.story_path(entry["loc"])) for entry in entries]
        stories = {
            path: entry.get("lastmod")
            for entry, path in listed
            if self.site.is_story_path(path, in_sitemap=True)
        }
        unchanged = self.incremental.unchanged(stories)
        for entry, path in listed:
            if path not in stories:
                stats.inc_value("mayadeen/skipped/not_a_story_url")
                continue
            stats.inc_value("mayadeen/sitemap/story_urls")
            if path in unchanged:
                stats.inc_value("mayadeen/incremental/known_skipped")
            else:
                yield entry

    @staticmethod
    def story_path(url: str) -> str:
        """The path the history keys the story at ``url`` by."""
        return next(iter(url_paths([url])), "")

    def sitemap_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A sitemap that could not be fetched: counted and logged; the others go on (the
        next one is this errback's output)."""
        self.crawler.stats.inc_value("mayadeen/sitemap/failed")
        self.report(failure.request.url, self.count_failure(failure))
        yield from self.next_sitemap(failure.request.cb_kwargs.get("later", ()))

    def report(self, url: str, problem: str) -> None:
        """A bad monthly sitemap is a warning (the others go on); a bad index, the end."""
        if urlsplit(url).path == site.SITEMAP_INDEX_PATH:
            self.cannot_start(url, problem)
        else:
            self.logger.warning("Sitemap %s failed: %s", url, problem)


def read_sitemap(body: bytes | None) -> Sitemap | None:
    """The sitemap in ``body``, or ``None`` when it holds none (Scrapy 2.19's ``Sitemap``
    raises ``StopIteration`` on a body that is not XML at all)."""
    try:
        return Sitemap(body) if body and body.strip() else None
    except (StopIteration, ValueError):
        return None
