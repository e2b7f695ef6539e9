"""``sections`` spider: the main job. Walks the header menus, pages through every listing,
and parses each story once.

    scrapy crawl sections
    scrapy crawl sections -a sections=politics,opinion -a max_pages=2 -a since=2025-01-01

Listings are read first; stories are fetched once the listings are exhausted, so each
story is fetched once per run and its item lists every menu trail that showed it. Which
stories are fetched again, and how far a listing is paged, is the incremental policy's to
say (:mod:`mayadeen.incremental`): the spider asks and follows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import scrapy
from parsel import Selector
from pydantic import Field
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from mayadeen.extraction import listing
from mayadeen.extraction.article import NotAnArticle
from mayadeen.history import url_paths
from mayadeen.incremental import Incremental, Kind, Outcome
from mayadeen.incremental.found import FoundStories, Stage
from mayadeen.items import Article
from mayadeen.spiders.base import MayadeenSpider
from mayadeen.spiders.params import (
    CommaList,
    EditionParam,
    FirstDay,
    FreshParam,
    PositiveInt,
    RenderParam,
    SpiderParams,
)


class SectionsParams(RenderParam, FreshParam, EditionParam, SpiderParams):
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


#: the trail of stories the homepage shows (an incremental run reads it as a listing)
HOME = "Home"


class SectionsSpider(MayadeenSpider[SectionsParams]):
    name = "sections"
    max_pages: int | None = None
    since: date | None = None
    #: which stories are fetched and how far listings are paged, against the history
    incremental: Incremental

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wanted: list[str] = self.args.sections
        #: the stories of the run (on disk: memory does not grow with the site)
        self.stories = FoundStories()
        #: the menu's paths (a link to one of them is a listing, not a story)
        self.listing_paths: frozenset[str] = frozenset()
        #: a full walk with a history: what the homepage shows (to count what the shortcut
        #: would have missed)
        self.home_paths: frozenset[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SectionsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.incremental = Incremental(crawler)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.stories.close, signal=signals.spider_closed)
        return spider

    @property
    def distributed(self) -> bool:
        """Several workers share the crawl (``MAYADEEN_REDIS_URL``)."""
        return bool(self.crawler.settings.get("MAYADEEN_REDIS_URL"))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # Stories earlier runs left pending first: they come before those found now.
        # Then the recent ones due for a refresh (an incremental run may read no listing
        # that shows them).
        earlier = self.incremental.pending()
        refreshed = [] if self.wanted else self.incremental.due_for_refresh(exclude=set(earlier))
        self.stories.want(self.incremental.claim([*earlier, *refreshed]))
        yield self.page_request(
            self.site_url("/"), "listing", callback=self.parse_home, errback=self.entry_failed
        )

    # --- menus ----------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        """The menus; in an incremental run, the homepage is the first listing read."""
        entries = listing.menu_entries(response.selector, response.url, self.site)
        self.report_menus(entries)
        in_menus = {e.path for e in entries}
        entries += [
            e
            for e in listing.linked_listings(response.selector, response.url, self.site)
            if e.path not in in_menus
        ]
        self.listing_paths = frozenset(e.path.rstrip("/") for e in entries)
        chosen = self.choose(entries)
        stats = self.crawler.stats
        stats.set_value("mayadeen/sections", len(chosen))
        shown = listing.story_paths(
            response.selector, response.url, self.listing_paths, edition=self.site
        )
        walks = self.incremental.walks
        kind = walks.kind(
            self.name,
            self.incremental.full_walk_every,
            limited=bool(self.wanted),
            shared=self.distributed,
        )
        if kind is Kind.SHORTCUT:
            self.record(shown, HOME)
        elif kind is Kind.FULL and self.incremental.history is not None:
            self.home_paths = frozenset(shown)
        for entry in walks.plan(kind, chosen):
            yield self.listing_request(entry)

    def listing_request(self, entry: listing.MenuEntry) -> scrapy.Request:
        return self.page_request(
            self.site_url(entry.path),
            "listing",
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"entry": entry, "listing_paths": self.listing_paths},
        )

    def listing_failed(self, failure: Failure) -> None:
        """A listing page that could not be read: counted, and its walk stopped short."""
        self.count_failure(failure)
        entry = failure.request.cb_kwargs["entry"]
        self.incremental.walks.stopped(entry.path, Outcome.FAILED)

    def report_menus(self, entries: list[listing.MenuEntry]) -> None:
        tops = {e.trail.split(" > ")[0] for e in entries}
        missing = [m for m in self.site.expected_menus if m not in tops]
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
        entries = [e for e in entries if e.path.rstrip("/") not in self.site.skip_menu_paths]
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
                errback=self.listing_failed,
                cb_kwargs={
                    "entry": entry,
                    "listing_url": response.url,
                    "listing_paths": self.listing_paths,
                },
            )
        more = listing.load_more(response.selector)
        if not self.read_on(entry, 1, response.selector, paths):
            return
        if more is None:
            self.incremental.walks.ended(entry.path)  # a listing of one page
        elif self.within_max_pages(entry, more.next_page):
            yield self.more_request(more, response.url, postid, more.next_page, entry)

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
            errback=self.listing_failed,
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
            self.incremental.walks.ended(entry.path)
            return
        stats.inc_value("mayadeen/getmore_pages")
        fragment = Selector(text=response.text)
        paths = self.collect(fragment, listing_url, entry)
        if self.read_on(entry, page, fragment, paths) and self.within_max_pages(entry, page + 1):
            yield self.more_request(more, listing_url, postid, page + 1, entry)

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

    def read_on(
        self, entry: listing.MenuEntry, page: int, shown: Selector, paths: list[str]
    ) -> bool:
        """Whether to read on past the ``page``-th page of a listing (the first: 1), which
        showed ``paths``: not past ``-a since``, nor past a page the listing's watermark
        covers (the incremental policy's to say)."""
        dates = listing.card_dates(shown)
        if self.since and dates and max(dates) < self.since:
            self.crawler.stats.inc_value("mayadeen/paging_stopped/since")
            self.incremental.walks.stopped(entry.path, Outcome.SINCE)
            return False
        return self.incremental.walks.after_page(entry.path, page, paths)

    def within_max_pages(self, entry: listing.MenuEntry, page: int) -> bool:
        """Whether the ``page``-th page of a listing is within ``-a max_pages``."""
        if self.max_pages is not None and page > self.max_pages:
            self.crawler.stats.inc_value("mayadeen/paging_stopped/max_pages")
            self.incremental.walks.stopped(entry.path, Outcome.MAX_PAGES)
            return False
        return True

    def collect(self, selector: Selector, listing_url: str, entry: listing.MenuEntry) -> list[str]:
        """Record the stories a listing shows (and where); returns their paths."""
        skipped: Counter[str] = Counter()
        paths = listing.story_paths(selector, listing_url, self.listing_paths, skipped, self.site)
        self.record(paths, entry.trail, early=self.incremental.walks.top_level(entry.trail))
        for reason, count in skipped.items():
            self.crawler.stats.inc_value(f"mayadeen/skipped/{reason}", count)
        return paths

    def record(self, paths: list[str], trail: str, *, early: bool = False) -> None:
        """The stories at ``paths`` were shown by the listing of ``trail`` (``early``: a
        listing the shortcut reads too)."""
        self.stories.shown(paths, trail, early=early)
        self.crawler.stats.inc_value(f"mayadeen/found/{trail}", len(paths))

    # --- stories --------------------------------------------------------------------

    def idle(self) -> None:
        """Nothing left to read: in an incremental run, the listings under the top-level ones
        that could not prove themselves; then the stories."""
        if needed := self.incremental.walks.needed():
            for entry in needed:
                self.crawler.engine.crawl(self.listing_request(entry))
            raise DontCloseSpider
        self.schedule_stories()

    def schedule_stories(self) -> None:
        """When the listings are done, fetch every story they showed that the incremental
        policy wants (and those earlier runs left pending): ``MAYADEEN_STORY_BATCH`` at a
        time, the next batch when the last is done, so memory does not grow with the size
        of the crawl."""
        decided = False
        for found in self.stories.at(Stage.FOUND):
            decided = True
            self.count_missed(found)
            wanted = self.incremental.to_fetch(found)
            held = self.incremental.claim(wanted)
            self.stories.settle(set(found).difference(wanted))
            self.stories.elsewhere(set(wanted).difference(held))
            self.stories.want(held)
        if decided:
            stats = self.crawler.stats
            stats.set_value("mayadeen/stories_found", self.stories.shown_count())
        # Every listing has been read, and what it showed is recorded.
        self.incremental.walks.stories_recorded()
        size = self.crawler.settings.getint("MAYADEEN_STORY_BATCH")
        if not (batch := self.stories.next_batch(size)):
            self.take_over()
            if not (batch := self.stories.next_batch(size)):
                return
        for path in batch:
            self.crawler.engine.crawl(
                self.page_request(
                    self.site_url(path),
                    "story",
                    callback=self.parse_story,
                    errback=self.story_failed,
                    # decided once per story: no need for the duplicate filter's memory (but
                    # with several workers, it is what stops two fetching one story)
                    dont_filter=not self.distributed,
                    # the trails travel with the request: another worker may parse it
                    cb_kwargs={"path": path, "trails": self.stories.trails_of(path)},
                )
            )
        raise DontCloseSpider

    def take_over(self) -> None:
        """The stories another run claimed first, once this run's own are done: those it
        ended (or died) without writing are this run's to fetch now; those it may still
        write are left to it."""
        for claimed in self.stories.at(Stage.ELSEWHERE):
            taken = self.incremental.take_over(claimed)
            self.stories.settle(set(claimed).difference(taken))
            self.stories.want(taken)

    def count_missed(self, found: list[str]) -> None:
        """In a full walk with a history: the new stories that only the full walk found
        (neither the homepage, nor a top-level listing before it proved itself, nor a
        listing the shortcut would have read showed them), counted as
        ``mayadeen/incremental/shortcut_missed`` and named in a warning."""
        if self.home_paths is None:
            return
        missed = [
            path
            for path in self.incremental.unknown(found)
            if path not in self.home_paths
            and not self.stories.early(path)
            and all(self.incremental.walks.covered(t) for t in self.stories.trails_of(path))
        ]
        self.crawler.stats.inc_value("mayadeen/incremental/shortcut_missed", len(missed))
        if missed:
            self.logger.warning(
                "%d new stories were found only by this full walk: incremental runs between "
                "full walks miss such stories (are the listings still newest first?): %s",
                len(missed),
                ", ".join(missed[:10]),
            )

    def parse_story(
        self, response: Response, path: str, trails: list[str] | None = None
    ) -> Iterator[Article]:
        self.stories.end(path)
        result = self.extract(response)
        if isinstance(result, NotAnArticle):
            self.incremental.not_a_story(path, result.reason)
            return
        canonical = next(iter(url_paths([result.url])), path)
        current = self.stories.trails_of(canonical) if canonical != path else []
        if current:
            if self.stories.stage(canonical) is Stage.WANTED:
                # An old slug of a story whose current address is still to come: hand the
                # listings that showed this one over to it; one item, all listings.
                self.stories.take_over(path, canonical)
                self.crawler.stats.inc_value("mayadeen/aliases_merged")
                self.incremental.alias(path, result.article_id)
                return
            self.logger.info("%s is an old address of %s, already written", path, canonical)
        found = {**dict.fromkeys(trails or ()), **dict.fromkeys(self.stories.trails_of(path))}
        found.update(dict.fromkeys(current))
        result.found_in = list(found)
        if self.since and result.published_at and result.published_at[:10] < str(self.since):
            self.crawler.stats.inc_value("mayadeen/dropped/older_than_since")
            self.incremental.story_done(path)
            return
        yield result

    def story_failed(self, failure: Failure) -> None:
        """A story that could not be fetched: counted, and left to the incremental policy
        (fetched again next run, unless gone)."""
        path = failure.request.cb_kwargs["path"]
        self.stories.end(path)
        self.incremental.story_failed(path, self.count_failure(failure))
