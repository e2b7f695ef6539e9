"""The incremental policy: what decides whether a story is fetched again.

A run with a history (:mod:`mayadeen.history`) fetches only what may have changed since the
runs before it; a run without one (``-a fresh=1``, ``-s MAYADEEN_HISTORY=``) fetches
everything, and every question here then answers "fetch it". The spiders ask; this module
decides, from the history and the settings:

- **A known story is settled** when the history has it (written, or dropped as unchanged or
  duplicate) and it is not due for a refresh: ``sections`` does not fetch it again.
- **Recent stories are refreshed from the history**, with back-off: one published within
  ``MAYADEEN_REFRESH_HOURS`` (it may still change) is due once its age has doubled since a
  crawl last saw it, and at the latest ``MAYADEEN_REFRESH_INTERVAL_HOURS`` after (0: every
  run). A story first seen 10 minutes old is fetched again at 20 minutes, 40, 80, ... A
  ``sections`` run fetches the due ones whether or not a listing it reads shows them
  (``mayadeen/incremental/refreshed``); with ``-a sections``, only those its listings show.
- **A listing page shows nothing to fetch** when every story on it is settled: ``sections``
  stops paging that listing (``mayadeen/paging_stopped/known``).
- **Global listings first.** An incremental ``sections`` run reads the homepage, then only
  the top-level listings (News, Articles, ...) it cannot prove hold nothing new, then only
  the listings under those it could not prove either (a section's, a region's). The
  homepage proves a top-level listing when it shows the newest story the history has under
  that listing's path (refreshes come from the history); a listing proves itself when its walk
  reaches a page of settled stories or its end. This assumes (nowhere verified) that
  listings are time-ordered and that a top-level listing shows every story of the listings
  under it. Every ``MAYADEEN_FULL_WALK_EVERY``-th run reads every listing, as a run
  without history does, and counts the new stories the shortcut would have missed
  (``mayadeen/incremental/shortcut_missed``): a live site that breaks the assumption shows
  up there.
- **A listing's walk resumes** where an earlier, shorter walk (``-a max_pages``) stopped: one
  page early (deleted stories move the rest up), ``MAYADEEN_BACKFILL_PAGES`` pages a run,
  until the listing's end.
- **Pending stories** are those a run chose to fetch and did not write: each is recorded
  before any is fetched (a killed run loses none), and later runs fetch it again, until it
  is written, settled (gone: :data:`SETTLED_FAILURES`; not a story) or failed in
  ``MAYADEEN_MAX_ATTEMPTS`` runs. A story that failed (blocked, an error) ``k`` times is
  tried again, even when a listing shows it, only from ``MAYADEEN_RETRY_AFTER_HOURS`` *
  (2^k - 1) hours after it was first found: back-off across runs.
- **A story under an old address is known**: the history keeps every address of a story,
  an old slug merged into the current one in a run included.
- **A story in a sitemap is unchanged** when the history has it and the sitemap's
  ``<lastmod>`` is not later than the history's ``modified_at``: ``sitemap`` does not fetch it.

Whether a fetched article is *written* (new, changed or unchanged) is
:class:`mayadeen.pipelines.HistoryPipeline`'s to say.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cached_property

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from mayadeen.extraction.text import parse_datetime
from mayadeen.history import History, HistoryKeeper
from mayadeen.history.articles import LOOKUP_PAGE

logger = logging.getLogger(__name__)

#: When a story the history has was published and modified (ISO 8601 or ``None`` each).
Times = tuple[str | None, str | None]
#: Download failures that trying again will not mend: the page is gone, or is bad input.
SETTLED_FAILURES = frozenset({"http_404", "http_410", "offsite", "redirect_loop", "too_large"})
#: Pages that are no story but may be one next time: a challenge answered instead.
UNSETTLED_NOT_STORIES = frozenset({"challenge_page"})


#: The policy's settings: each a number of hours, or a whole number (of pages, runs).
HOURS = ("MAYADEEN_REFRESH_HOURS", "MAYADEEN_REFRESH_INTERVAL_HOURS", "MAYADEEN_RETRY_AFTER_HOURS")
COUNTS = ("MAYADEEN_BACKFILL_PAGES", "MAYADEEN_MAX_ATTEMPTS", "MAYADEEN_FULL_WALK_EVERY")


def policy_settings(settings: BaseSettings) -> dict[str, float]:
    """The policy's settings, checked (``ValueError`` naming the setting otherwise;
    ``scrapy crawl`` says so in one line before anything starts)."""
    numbers: dict[str, float] = {}
    for name in (*HOURS, *COUNTS):
        whole = name in COUNTS
        try:
            value = settings.getint(name) if whole else settings.getfloat(name)
        except ValueError:
            value = -1
        if value < 0:
            kind = "a whole number" if whole else "a number of hours"
            raise ValueError(f"{name}={settings.get(name)!r}: expected {kind}, 0 or more")
        numbers[name] = value
    return numbers


def refresh_due(published: datetime, seen: datetime, now: datetime, interval: timedelta) -> bool:
    """Whether a recent story, published at ``published`` and last seen by a crawl at
    ``seen``, is due for a refresh at ``now``: its age has doubled since, or ``interval``
    (``MAYADEEN_REFRESH_INTERVAL_HOURS``) has passed."""
    return now - seen >= min(max(seen - published, timedelta(0)), interval)


class Incremental:
    """The incremental policy of one crawl (see the module's docstring), asked by its
    spider. Inactive (everything is fetched) when the crawl keeps no history."""

    def __init__(self, crawler: Crawler) -> None:
        """Made with the spider, before the crawl starts (``crawler.stats`` comes later)."""
        self.crawler = crawler
        number = policy_settings(crawler.settings)
        self.now = datetime.now(UTC)
        hours = number["MAYADEEN_REFRESH_HOURS"]
        self.refresh_after = (self.now - timedelta(hours=hours)).isoformat()
        self.refresh_interval = timedelta(hours=number["MAYADEEN_REFRESH_INTERVAL_HOURS"])
        self.backfill_pages = int(number["MAYADEEN_BACKFILL_PAGES"])
        self.max_attempts = int(number["MAYADEEN_MAX_ATTEMPTS"])
        self.full_walk_every = int(number["MAYADEEN_FULL_WALK_EVERY"])
        self.retry_after = timedelta(hours=number["MAYADEEN_RETRY_AFTER_HOURS"])
        #: listing path -> the newest publication time under it, as asked of the history
        self._newest: dict[str, str | None] = {}
        #: the stories due for a refresh are fetched from the history (:meth:`refresh`)
        self.refreshing = False

    @property
    def stats(self) -> StatsCollector:
        return self.crawler.stats

    @cached_property
    def history(self) -> History | None:
        """The crawl's history, ``None`` without one. First asked once the spider has
        started: its keeper opens it when the spider opens."""
        keeper = self.crawler.get_extension(HistoryKeeper)
        return keeper.history if keeper is not None else None

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

    @cached_property
    def _unfinished(self) -> dict[str, int]:
        """Listing path -> the first page an earlier walk of it did not read."""
        return self.history.walks.unfinished() if self.history is not None else {}

    # --- stories ------------------------------------------------------------------------

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
        return datetime.now(UTC) < due

    def to_fetch(self, paths: Iterable[str]) -> list[str]:
        """Of the stories listings showed, those to fetch: all but the settled ones (counted
        as ``mayadeen/incremental/known_skipped``) and those backing off after failures
        (``mayadeen/incremental/backing_off``). They are recorded as pending before any is
        fetched: a run killed in between loses none."""
        paths = list(paths)
        unsettled = [p for p, times in self._stored(paths) if times is None or p in self._due]
        if skipped := len(paths) - len(unsettled):
            self.stats.inc_value("mayadeen/incremental/known_skipped", skipped)
        wanted = [p for p in unsettled if not self.backing_off(p)]
        if waiting := len(unsettled) - len(wanted):
            self.stats.inc_value("mayadeen/incremental/backing_off", waiting)
        if self.history is not None:
            self.history.pending.add(wanted)
        return wanted

    def refresh(self, exclude: Container[str] = ()) -> list[str]:
        """The recent stories due for a refresh (but those in ``exclude``: already to be
        fetched), to fetch whether or not a listing shows them, counted as
        ``mayadeen/incremental/refreshed``. Recorded as pending, as :meth:`to_fetch` does."""
        if self.history is None:
            return []
        due = [p for p in sorted(self._due) if p not in exclude and not self.backing_off(p)]
        self.refreshing = True
        self.stats.set_value("mayadeen/incremental/refreshed", len(due))
        self.history.pending.add(due)
        return due

    def pending(self) -> list[str]:
        """Stories earlier runs chose to fetch and did not write, to fetch again (counted as
        ``mayadeen/incremental/pending_retried``): those that failed in fewer than
        ``MAYADEEN_MAX_ATTEMPTS`` runs and are not backing off."""
        if self.history is None:
            return []
        earlier = self.history.pending.paths(self.max_attempts)
        due = [path for path in earlier if not self.backing_off(path)]
        self.stats.set_value("mayadeen/incremental/pending_retried", len(due))
        if waiting := len(earlier) - len(due):
            self.stats.inc_value("mayadeen/incremental/backing_off", waiting)
        return due

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
        again next run."""
        if reason in SETTLED_FAILURES:
            self.story_done(path)
        elif self.history is not None:
            self.history.pending.fail(path)

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

    # --- listings -----------------------------------------------------------------------

    def full_walk(self, spider: str) -> bool:
        """Whether this run reads every listing: without a history, and every
        ``MAYADEEN_FULL_WALK_EVERY``-th run of ``spider`` with one (the first included; 1:
        every run). Else it reads the global listings first (see the module's docstring)."""
        if self.history is None or self.full_walk_every <= 1:
            return True
        return (self.history.walks.runs(spider) - 1) % self.full_walk_every == 0

    def shows_newest(self, shown: Iterable[str], listing: str) -> bool:
        """Whether ``shown`` (a global listing's stories, the homepage's) includes the newest
        story the history has under the path ``listing``: then, listings being time-ordered,
        every story under it that is new is shown too (and those due for a refresh are
        fetched from the history: :meth:`refresh`)."""
        prefix = listing.rstrip("/") + "/"
        if prefix not in self._newest:
            history = self.history
            self._newest[prefix] = history.articles.newest_under(prefix) if history else None
        if (newest := self._newest[prefix]) is None:
            return False
        under = [path for path in shown if path.startswith(prefix)]
        return any(times and (times[0] or "") >= newest for _, times in self._stored(under))

    def nothing_new(self, paths: list[str]) -> bool:
        """A listing page that shows only settled stories (or, once the ones due for a
        refresh are fetched from the history, only known ones)."""
        return bool(paths) and all(
            times is not None and (self.refreshing or path not in self._due)
            for path, times in self._stored(paths)
        )

    def next_page(self, listing: str, page: int, paths: list[str]) -> int | None:
        """The page of ``listing`` to read after one that showed ``paths``: ``page``, a
        deeper one where an earlier, shorter walk stopped, or none (the walk ends)."""
        resume = self._unfinished.get(listing)
        # Read on from one page early: stories deleted since then move the rest up.
        start = max(2, resume - 1) if resume is not None else None
        if start is not None and page >= start:  # completing an earlier, shorter walk
            if page >= resume + self.backfill_pages:
                self.stats.inc_value("mayadeen/paging_stopped/backfill_pages")
                self.walk_stopped(listing, page)
                return None
            return page
        if self.nothing_new(paths):
            if start is not None:
                self.stats.inc_value("mayadeen/paging_resumed")
                logger.info(
                    "%s: an earlier run stopped before page %d; reading on from there",
                    listing,
                    resume,
                )
                return start
            self.stats.inc_value("mayadeen/paging_stopped/known")
            return None
        return page

    def walk_stopped(self, listing: str, page: int) -> None:
        """The walk of ``listing`` stopped short of its end, before ``page``: the next
        incremental run reads on from there."""
        if self.history is not None:
            self.history.walks.stopped(listing, page)

    def walk_ended(self, listing: str) -> None:
        """The walk of ``listing`` reached its end (``mayadeen/paging_completed`` when an
        earlier walk had stopped short)."""
        if self.history is not None and listing in self._unfinished:
            self.history.walks.finished(listing)
            self.stats.inc_value("mayadeen/paging_completed")
