"""``sections`` spider: the main job. Walks the header menus, pages through every listing,
and parses each story once.

    scrapy crawl sections
    scrapy crawl sections -a sections=politics,opinion -a max_pages=2 -a since=2025-01-01

Listings are read first; stories are fetched once the listings are exhausted, so each
story is fetched once per run and its item lists every menu trail that showed it.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import scrapy
from parsel import Selector
from pydantic import Field
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from mayadeen import site
from mayadeen.extraction import listing
from mayadeen.extraction.article import NotAnArticle
from mayadeen.items import Article
from mayadeen.params import (
    CommaList,
    FirstDay,
    FreshParam,
    PositiveInt,
    RenderParam,
    SpiderParams,
)
from mayadeen.spiders.base import SETTLED_FAILURES, MayadeenSpider
from mayadeen.state import ArticleStore, store_for, url_paths


class SectionsParams(RenderParam, FreshParam, SpiderParams):
    """Arguments of the ``sections`` spider."""

    sections: CommaList = Field(
        default_factory=list,
        description="Menu entries to crawl, comma-separated (politics,opinion), matched "
        "case-insensitively by label or last path segment (default: all).",
    )
    max_pages: PositiveInt | None = Field(
        default=None,
        description="Listing pages per section, the first included (default: no limit).",
    )
    since: FirstDay | None = Field(
        default=None,
        description="YYYY-MM-DD or YYYY-MM (its first day): stop paging a section once a "
        "whole listing page is older, and drop older articles (by UTC publication date).",
    )


class SectionsSpider(MayadeenSpider[SectionsParams]):
    name = "sections"
    max_pages: int | None = None
    since: date | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wanted: list[str] = self.args.sections
        #: story path -> menu trails that showed it (insertion ordered)
        self.found: dict[str, dict[str, None]] = {}
        self.scheduled: set[str] = set()
        #: stories requested this run, and those whose request has ended
        self.requested: set[str] = set()
        self.to_fetch: deque[str] = deque()
        self.done: set[str] = set()
        self.listing_paths: frozenset[str] = frozenset()
        self.store: ArticleStore | None = None
        #: paths of stories the history has, with their publication time
        self.known: dict[str, str | None] = {}
        self.refresh_after = ""
        #: listing path -> the page an earlier, shorter walk of it stopped before
        self.unfinished: dict[str, int] = {}
        self.backfill_pages = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SectionsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.schedule_stories, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.store = store_for(self.crawler)
        if self.store is not None:
            self.known = self.store.known_paths()
            self.unfinished = self.store.unfinished_walks()
            self.backfill_pages = self.crawler.settings.getint("MAYADEEN_BACKFILL_PAGES")
            hours = self.crawler.settings.getfloat("MAYADEEN_REFRESH_HOURS")
            self.refresh_after = (datetime.now(UTC) - timedelta(hours=hours)).isoformat()
        yield self.page_request(
            self.site_url("/"), "listing", callback=self.parse_home, errback=self.entry_failed
        )

    # --- menus ----------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        entries = listing.menu_entries(response.selector, response.url)
        self.report_menus(entries)
        self.listing_paths = frozenset(e.path.rstrip("/") for e in entries)
        chosen = self.choose(entries)
        stats = self.crawler.stats
        stats.set_value("mayadeen/sections", len(chosen))
        for entry in chosen:
            yield self.page_request(
                self.site_url(entry.path),
                "listing",
                callback=self.parse_listing,
                errback=self.download_failed,
                cb_kwargs={"entry": entry, "listing_paths": self.listing_paths},
            )

    def report_menus(self, entries: list[listing.MenuEntry]) -> None:
        tops = {e.trail.split(" > ")[0] for e in entries}
        missing = [m for m in site.EXPECTED_MENUS if m not in tops]
        if not entries:
            self.logger.warning("No header menu found on the homepage: nothing to crawl")
        elif missing:
            self.logger.warning(
                "Menus missing or renamed: %s; crawling the %d entries still found: %s",
                ", ".join(missing),
                len(entries),
                ", ".join(e.trail for e in entries),
            )

    def choose(self, entries: list[listing.MenuEntry]) -> list[listing.MenuEntry]:
        entries = [e for e in entries if e.path.rstrip("/") not in site.SKIP_MENU_PATHS]
        if not self.wanted:
            return entries
        chosen = [e for e in entries if any(e.matches(w) for w in self.wanted)]
        unknown = [w for w in self.wanted if not any(e.matches(w) for e in entries)]
        if unknown:
            self.logger.warning(
                "No menu entry matches %s; entries are: %s",
                ", ".join(unknown),
                ", ".join(f"{e.label} ({e.path})" for e in entries),
            )
        return chosen

    # --- listings -------------------------------------------------------------------

    def parse_listing(
        self,
        response: Response,
        entry: listing.MenuEntry,
        listing_paths: frozenset[str] = frozenset(),
    ) -> Iterator[scrapy.Request]:
        """First page of a section: its cards, its async widgets, then its "More" pages.

        ``listing_paths`` (the menu's paths) travel with the request: with several workers
        (``MAYADEEN_REDIS_URL``) the one parsing this page may not have read the menus."""
        self.listing_paths |= listing_paths
        stats = self.crawler.stats
        stats.inc_value("mayadeen/listing_pages")
        paths = self.collect(response.selector, response.url, entry)
        if not paths:
            stats.inc_value("mayadeen/listing_empty")
            self.logger.warning("Listing %s (%s) shows no stories", entry.trail, response.url)
        postid = listing.page_postid(response.selector)
        for url in listing.async_widget_urls(response.selector, response.url, postid):
            yield scrapy.Request(
                url,
                callback=self.parse_fragment,
                errback=self.download_failed,
                cb_kwargs={
                    "entry": entry,
                    "listing_url": response.url,
                    "listing_paths": self.listing_paths,
                },
            )
        more = listing.load_more(response.selector)
        if more is None:
            self.walk_finished(entry)  # a listing of one page
        elif next_page := self.next_page(entry, more.next_page, response.selector, paths):
            yield self.more_request(more, response.url, postid, next_page, entry)

    def more_request(
        self,
        more: listing.LoadMore,
        listing_url: str,
        postid: str,
        page: int,
        entry: listing.MenuEntry,
    ) -> scrapy.Request:
        return scrapy.Request(
            more.url(listing_url, postid, page),
            callback=self.parse_more,
            errback=self.download_failed,
            cb_kwargs={
                "entry": entry,
                "more": more,
                "listing_url": listing_url,
                "postid": postid,
                "page": page,
                "listing_paths": self.listing_paths,
            },
        )

    def parse_more(
        self,
        response: Response,
        entry: listing.MenuEntry,
        more: listing.LoadMore,
        listing_url: str,
        postid: str,
        page: int,
        listing_paths: frozenset[str] = frozenset(),
    ) -> Iterator[scrapy.Request]:
        """A ``/GetMore`` answer: older cards, or an empty body at the end."""
        self.listing_paths |= listing_paths
        stats = self.crawler.stats
        if not response.text.strip():
            stats.inc_value("mayadeen/getmore_end")
            self.walk_finished(entry)
            return
        stats.inc_value("mayadeen/getmore_pages")
        fragment = Selector(text=response.text)
        paths = self.collect(fragment, listing_url, entry)
        if next_page := self.next_page(entry, page + 1, fragment, paths):
            yield self.more_request(more, listing_url, postid, next_page, entry)

    def parse_fragment(
        self,
        response: Response,
        entry: listing.MenuEntry,
        listing_url: str,
        listing_paths: frozenset[str] = frozenset(),
    ) -> None:
        """A ``/LoadWidget`` answer: more cards of the section."""
        self.listing_paths |= listing_paths
        self.crawler.stats.inc_value("mayadeen/loadwidget_pages")
        self.collect(Selector(text=response.text), listing_url, entry)

    def next_page(
        self, entry: listing.MenuEntry, page: int, shown: Selector, paths: list[str]
    ) -> int | None:
        """The listing page to ask for after the one ``shown`` (with ``paths``): ``page``,
        a deeper one where an earlier run stopped short (see :meth:`walk_unfinished`), or
        none."""
        stats = self.crawler.stats
        resume = self.unfinished.get(entry.path)  # the first page an earlier walk did not read
        # Read on from one page early: stories deleted since then move the rest up.
        start = max(2, resume - 1) if resume is not None else None
        if self.max_pages is not None and page > self.max_pages:
            stats.inc_value("mayadeen/paging_stopped/max_pages")
            self.walk_unfinished(entry, page)
            return None
        dates = listing.card_dates(shown)
        if self.since and dates and max(dates) < self.since:
            stats.inc_value("mayadeen/paging_stopped/since")
            return None
        if start is not None and page >= start:  # completing an earlier, shorter walk
            if page >= resume + self.backfill_pages:
                stats.inc_value("mayadeen/paging_stopped/backfill_pages")
                self.walk_unfinished(entry, page)
                return None
            return page
        if self.known and paths and all(self.settled(p) for p in paths):
            if start is not None:
                stats.inc_value("mayadeen/paging_resumed")
                self.logger.info(
                    "%s: an earlier run stopped before page %d; reading on from there",
                    entry.trail,
                    resume,
                )
                return start
            stats.inc_value("mayadeen/paging_stopped/known")
            return None
        return page

    def walk_unfinished(self, entry: listing.MenuEntry, page: int) -> None:
        """The walk of a listing stopped short of its end, before ``page``: the history
        remembers it, and the next incremental run reads on from there,
        ``MAYADEEN_BACKFILL_PAGES`` pages a run, until the listing's end."""
        if self.store is not None:
            self.store.walk_unfinished(entry.path, page)

    def walk_finished(self, entry: listing.MenuEntry) -> None:
        if self.store is not None and entry.path in self.unfinished:
            self.store.walk_finished(entry.path)
            self.crawler.stats.inc_value("mayadeen/paging_completed")

    def collect(self, selector: Selector, listing_url: str, entry: listing.MenuEntry) -> list[str]:
        """Record the stories a listing shows (and where); returns their paths."""
        skipped: Counter[str] = Counter()
        paths = listing.story_paths(selector, listing_url, self.listing_paths, skipped)
        for path in paths:
            self.found.setdefault(path, {})[entry.trail] = None
        stats = self.crawler.stats
        stats.inc_value(f"mayadeen/found/{entry.trail}", len(paths))
        for reason, count in skipped.items():
            stats.inc_value(f"mayadeen/skipped/{reason}", count)
        return paths

    # --- stories --------------------------------------------------------------------

    def settled(self, path: str) -> bool:
        """A story the history has, too old to change still (``MAYADEEN_REFRESH_HOURS``)."""
        return path in self.known and (self.known[path] or "") < self.refresh_after

    def wants_story(self, path: str) -> bool:
        if self.settled(path):
            self.crawler.stats.inc_value("mayadeen/incremental/known_skipped")
            return False
        return True

    def schedule_stories(self) -> None:
        """When the listings are done, fetch every story found (or left pending by an
        earlier run) that is not known yet: ``MAYADEEN_STORY_BATCH`` at a time, the next
        batch when the last is done, so memory does not grow with the size of the crawl."""
        wanted = [p for p in self.found if p not in self.scheduled and self.wants_story(p)]
        if self.store is not None and not self.scheduled:
            max_attempts = self.crawler.settings.getint("MAYADEEN_MAX_ATTEMPTS")
            earlier = [p for p in self.store.pending_paths(max_attempts) if p not in self.found]
            self.crawler.stats.set_value("mayadeen/incremental/pending_retried", len(earlier))
            wanted += earlier
            self.scheduled.update(self.found)  # decided once: fetched or known
        if wanted:
            if self.store is not None:
                self.store.add_pending(wanted)  # before any is fetched: a kill loses none
            self.requested.update(wanted)
            self.scheduled.update(wanted)
            self.to_fetch.extend(wanted)
            self.crawler.stats.set_value("mayadeen/stories_found", len(self.found))
        if not self.to_fetch:
            return
        batch = self.crawler.settings.getint("MAYADEEN_STORY_BATCH")
        for _ in range(min(batch, len(self.to_fetch))):
            path = self.to_fetch.popleft()
            self.crawler.engine.crawl(
                self.page_request(
                    self.site_url(path),
                    "story",
                    callback=self.parse_story,
                    errback=self.story_failed,
                    # the trails travel with the request: another worker may parse it
                    cb_kwargs={"path": path, "trails": list(self.found.get(path, {}))},
                )
            )
        raise DontCloseSpider

    def parse_story(
        self, response: Response, path: str, trails: list[str] | None = None
    ) -> Iterator[Article]:
        self.done.add(path)
        result = self.extract(response)
        if isinstance(result, NotAnArticle):
            if self.store is not None and result.reason != "challenge_page":
                self.store.resolve_pending(path)  # settled: it is not a story
            return
        canonical = next(iter(url_paths([result.url])), path)
        if canonical != path and canonical in self.found:
            if canonical in self.requested and canonical not in self.done:
                # An old slug of a story whose current address is still to come: hand the
                # listings that showed this one over to it; one item, all listings.
                self.found[canonical].update(self.found.get(path, {}))
                self.crawler.stats.inc_value("mayadeen/aliases_merged")
                if self.store is not None:
                    self.store.resolve_pending(path)
                return
            self.logger.info("%s is an old address of %s, already written", path, canonical)
        found = {**dict.fromkeys(trails or ()), **self.found.get(path, {})}
        result.found_in = list({**found, **self.found.get(canonical, {})})
        if self.since and result.published_at and result.published_at[:10] < str(self.since):
            self.crawler.stats.inc_value("mayadeen/dropped/older_than_since")
            if self.store is not None:
                self.store.resolve_pending(path)
            return
        yield result

    def story_failed(self, failure: Failure) -> None:
        """A story that could not be fetched: settled when it is gone or bad input, else
        kept pending, to be tried again next run."""
        path = failure.request.cb_kwargs["path"]
        self.done.add(path)
        reason = self.count_failure(failure)
        if self.store is not None:
            if reason in SETTLED_FAILURES:
                self.store.resolve_pending(path)
            else:
                self.store.fail_pending(path)
