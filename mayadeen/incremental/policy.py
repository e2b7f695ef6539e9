"""The incremental policy of one crawl: which stories are fetched (again), asked by its spider.

See the package's docstring for the rules; :mod:`mayadeen.incremental.walks` owns the
listings' walks and watermarks. Methods that only read say what they return; those that write
to the history say so in their names (:meth:`Incremental.claim`,
:meth:`Incremental.story_done`, ...).
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cached_property

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from mayadeen.extraction.text import parse_datetime
from mayadeen.history import History, HistoryKeeper
from mayadeen.history.articles import LOOKUP_PAGE
from mayadeen.incremental.clock import clock_from
from mayadeen.incremental.settings import policy_settings
from mayadeen.incremental.walks import ListingWalks, Times

logger = logging.getLogger(__name__)

#: Download failures that trying again will not mend: the page is gone, or is bad input.
SETTLED_FAILURES = frozenset({"http_404", "http_410", "offsite", "redirect_loop", "too_large"})
#: Download failures that are the crawl's, not the story's: its proxy refused the crawl
#: (mayadeen.network.proxy). The story stays pending, its failed runs not counted.
CRAWL_FAILURES = frozenset({"proxy_refused"})
#: Pages that are no story but may be one next time: a challenge answered instead.
UNSETTLED_NOT_STORIES = frozenset({"challenge_page"})


def refresh_due(published: datetime, seen: datetime, now: datetime, interval: timedelta) -> bool:
    """Whether a recent story, published at ``published`` and last seen by a crawl at
    ``seen``, is due for a refresh at ``now``: its age has doubled since, or ``interval``
    (``MAYADEEN_REFRESH_INTERVAL_HOURS``) has passed."""
    return now - seen >= min(max(seen - published, timedelta(0)), interval)


class Incremental:
    """The incremental policy of one crawl, asked by its spider. Inactive (everything is
    fetched, every listing read to its end) when the crawl keeps no history."""

    def __init__(self, crawler: Crawler) -> None:
        """Made with the spider, before the crawl starts (``crawler.stats`` comes later)."""
        self.crawler = crawler
        number = policy_settings(crawler.settings)
        #: the one clock the policy reads (``MAYADEEN_CLOCK``), read once: the run's time
        self.now = clock_from(crawler.settings.get("MAYADEEN_CLOCK"))()
        hours = number["MAYADEEN_REFRESH_HOURS"]
        self.refresh_after = (self.now - timedelta(hours=hours)).isoformat()
        self.refresh_interval = timedelta(hours=number["MAYADEEN_REFRESH_INTERVAL_HOURS"])
        self.max_attempts = int(number["MAYADEEN_MAX_ATTEMPTS"])
        self.full_walk_every = int(number["MAYADEEN_FULL_WALK_EVERY"])
        self.retry_after = timedelta(hours=number["MAYADEEN_RETRY_AFTER_HOURS"])
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @property
    def stats(self) -> StatsCollector:
        return self.crawler.stats

    @cached_property
    def history(self) -> History | None:
        """The crawl's history, ``None`` without one. First asked once the spider has
        started: its keeper opens it when the spider opens."""
        keeper = self.crawler.get_extension(HistoryKeeper)
        return keeper.history if keeper is not None else None

    @cached_property
    def walks(self) -> ListingWalks:
        """The run's listing walks and their watermarks (:mod:`mayadeen.incremental.walks`)."""
        return ListingWalks(self.history, self.stats, self._stored)

    def _stored(self, paths: Iterable[str]) -> Iterator[tuple[str, Times | None]]:
        """Each of ``paths`` with when the history's story there was published and modified
        (``None``: not a known story), asking the history a page of paths at a time: what
        is held in memory is one page, however large the crawl or the history."""
        paths = list(paths)
        for start in range(0, len(paths), LOOKUP_PAGE):
            page = paths[start : start + LOOKUP_PAGE]
            found = self.history.articles.lookup(page) if self.history is not None else {}
            for path in page:
                yield path, found.get(path)

    @cached_property
    def _due(self) -> frozenset[str]:
        """Paths (current ones) of the recent stories due for a refresh."""
        if self.history is None:
            return frozenset()
        recent = self.history.articles.recent(self.refresh_after)
        return frozenset(path for path, times in recent.items() if self.refresh_due(*times))

    def refresh_due(self, published_at: str, last_seen: str) -> bool:
        """Whether a recent story, published at ``published_at`` and last seen by a crawl at
        ``last_seen`` (ISO 8601), is due now: see :func:`refresh_due`."""
        try:
            published, seen = (
                datetime.fromisoformat(published_at),
                datetime.fromisoformat(last_seen),
            )
        except ValueError:
            return True
        if published.tzinfo is None or seen.tzinfo is None:
            return True
        return refresh_due(published, seen, self.now, self.refresh_interval)

    @cached_property
    def _failing(self) -> dict[str, tuple[str, int]]:
        """Pending story that failed in an earlier run -> when first found, and in how many
        runs it failed."""
        return self.history.pending.failing() if self.history is not None else {}

    # --- stories: reads -----------------------------------------------------------------

    def settled(self, path: str) -> bool:
        """A story the history has, not due for a refresh."""
        return self.known(path) and path not in self._due

    def known(self, path: str) -> bool:
        """A story the history has (under this address or another)."""
        return next(self._stored([path]))[1] is not None

    def unknown(self, paths: Iterable[str]) -> list[str]:
        """Of ``paths``, those of no story the history has."""
        return [path for path, times in self._stored(paths) if times is None]

    def backing_off(self, path: str) -> bool:
        """A story that failed in earlier runs and is not due again yet: after ``k`` failed
        runs, not before ``MAYADEEN_RETRY_AFTER_HOURS`` * (2^k - 1) hours from when it was
        first found."""
        if path not in self._failing:
            return False
        found_at, attempts = self._failing[path]
        due = datetime.fromisoformat(found_at) + self.retry_after * (2**attempts - 1)
        return self.now < due

    def to_fetch(self, paths: Iterable[str]) -> list[str]:
        """Of the stories listings showed, those to fetch: all but the settled ones (counted
        as ``mayadeen/incremental/known_skipped``) and those backing off after failures
        (``mayadeen/incremental/backing_off``: they stay pending). Record them with
        :meth:`claim` before fetching any."""
        paths = list(paths)
        unsettled = [p for p, times in self._stored(paths) if times is None or p in self._due]
        if skipped := len(paths) - len(unsettled):
            self.stats.inc_value("mayadeen/incremental/known_skipped", skipped)
        wanted = [p for p in unsettled if not self.backing_off(p)]
        if waiting := len(unsettled) - len(wanted):
            self.stats.inc_value("mayadeen/incremental/backing_off", waiting)
        return wanted

    def due_for_refresh(self, exclude: Container[str] = ()) -> list[str]:
        """The recent stories due for a refresh (but those in ``exclude``: already to be
        fetched), to fetch whether or not a listing shows them, counted as
        ``mayadeen/incremental/refreshed``. Record them with :meth:`claim`."""
        if self.history is None:
            return []
        due = [p for p in sorted(self._due) if p not in exclude and not self.backing_off(p)]
        self.stats.set_value("mayadeen/incremental/refreshed", len(due))
        return due

    def pending(self) -> list[str]:
        """Stories earlier runs chose to fetch and did not write, to fetch again (counted as
        ``mayadeen/incremental/pending_retried``): those that failed in fewer than
        ``MAYADEEN_MAX_ATTEMPTS`` runs and are not backing off, nor claimed by another run
        still going (it fetches them)."""
        if self.history is None:
            return []
        earlier = self.history.pending.paths(self.max_attempts, self.history.runs.holders())
        due = [path for path in earlier if not self.backing_off(path)]
        self.stats.set_value("mayadeen/incremental/pending_retried", len(due))
        if waiting := len(earlier) - len(due):
            self.stats.inc_value("mayadeen/incremental/backing_off", waiting)
        if given_up := self.history.pending.given_up(self.max_attempts):
            self.stats.set_value("mayadeen/incremental/given_up", len(given_up))
            logger.warning(
                "%d stories failed in %d runs and are no longer retried (is the site blocking "
                "this crawler?); `scrapy crawl article -a urls=...` fetches them: %s",
                len(given_up),
                self.max_attempts,
                ", ".join(given_up[:10]),
            )
        return due

    def unchanged(self, lastmods: Mapping[str, str | None]) -> set[str]:
        """Of the stories a sitemap lists (path -> its ``<lastmod>``), those the history has,
        not modified since."""
        unchanged = set()
        for path, times in self._stored(lastmods):
            if times is not None and (stored := parse_datetime(times[1])) is not None:
                listed = parse_datetime(lastmods[path])
                if listed is None or listed <= stored:
                    unchanged.add(path)
        return unchanged

    # --- stories: writes ----------------------------------------------------------------

    def claim(self, paths: Iterable[str]) -> list[str]:
        """The stories at ``paths`` are to be fetched: recorded as pending, claimed by this
        run, before any is fetched, so that a run killed in between loses none. Returns
        those this run is to fetch: not those another run still going claimed first (it
        writes them; counted as ``mayadeen/incremental/claimed_elsewhere``)."""
        paths = list(paths)
        history = self.history
        if history is None:
            return paths
        found_at = self.now.astimezone(UTC).replace(microsecond=0).isoformat()
        if history.runs.run_id is None:  # no run begun (the policy asked outside a crawl)
            history.pending.add(paths, found_at)
            return paths
        held = history.pending.claim(paths, history.runs.run_id, history.runs.holders(), found_at)
        if elsewhere := len(paths) - len(held):
            self.stats.inc_value("mayadeen/incremental/claimed_elsewhere", elsewhere)
        return held

    def take_over(self, paths: Iterable[str]) -> list[str]:
        """Of the stories at ``paths``, claimed by other runs, those still pending whose run
        has ended (or is gone): claimed by this run now, to fetch (counted as
        ``mayadeen/incremental/taken_over``)."""
        history = self.history
        if history is None or history.runs.run_id is None:
            return []
        taken = history.pending.take_over(paths, history.runs.run_id, history.runs.holders())
        self.stats.inc_value("mayadeen/incremental/taken_over", len(taken))
        return taken

    def story_done(self, path: str) -> None:
        """The story at ``path`` needs no more fetching: written under another address, or
        left out of this crawl by the user (``-a since``)."""
        if self.history is not None:
            self.history.pending.resolve([path])

    def alias(self, path: str, article_id: str) -> None:
        """``path`` is an old address of the article ``article_id``, written under its
        current one: a listing showing it later shows a known story."""
        if self.history is not None:
            self.history.articles.add_paths(article_id, [path])
        self.story_done(path)

    def not_a_story(self, path: str, reason: str) -> None:
        """The page at ``path`` is no story (``reason``: see ``mayadeen/not_article/``):
        settled, unless it may be one next time (a challenge page: a failed attempt)."""
        if reason not in UNSETTLED_NOT_STORIES:
            self.story_done(path)
        elif self.history is not None:
            self.history.pending.fail(path)

    def story_failed(self, path: str, reason: str) -> None:
        """The story at ``path`` could not be fetched (``reason``: see
        ``mayadeen/download_failed/``): settled when it is gone or bad input, else fetched
        again next run (a failure of the crawl's own not counted against it)."""
        if reason in CRAWL_FAILURES:
            return
        if reason in SETTLED_FAILURES:
            self.story_done(path)
        elif self.history is not None:
            self.history.pending.fail(path)

    # --- the run's end ------------------------------------------------------------------

    def spider_closed(self, spider: object, reason: str) -> None:
        """The listings' watermarks, and how the run walked, written as the run ends (before
        the history closes, when the engine stops); ``-a since`` moves none."""
        if "walks" not in self.__dict__:  # a run that walked no listing
            return
        since = getattr(spider, "since", None) is not None
        try:
            self.walks.finish(self.now.isoformat(), since=since)
        except SQLAlchemyError:
            logger.exception("Cannot record the listings' watermarks: the next run walks further")
