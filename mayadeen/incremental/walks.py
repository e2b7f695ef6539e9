"""Which listings a ``sections`` run reads, and how far: the listings' watermarks.

**A watermark** is kept per listing in the history (:class:`mayadeen.history.walks.Walks`):
every story the listing shows that was published at or before its time is in the history, or
pending there (recorded before it is fetched, so a run killed later loses none). Only a walk
that *completed* sets one, when the run ends, after its stories were recorded:

- a walk completes when it reaches the listing's end, or a page whose last card is a story
  the history has, published at or before the listing's watermark (the stories below it
  are older, so covered already); every story it showed on the way is then written,
  settled, or pending;
- a walk stopped short (``-a max_pages``, ``-a since``, a listing page that failed) sets
  none, and a listing that no walk completed is read to its end;
- the new watermark is the newest publication time among the stories of the walk's first
  page (a pinned older story there does not lower it); it never moves back.

**Which listings a run reads** (:meth:`ListingWalks.kind`):

- ``full``: every listing, each to its watermark (or end): without a history, with several
  workers, when the history has no completed full walk, and every
  ``MAYADEEN_FULL_WALK_EVERY``-th run after the last completed one (runs begun since, this
  one included);
- ``shortcut``: the homepage and every top-level listing (News, Articles, ...), each to its
  watermark; a listing under a top-level one (a section) only when that one's walk did not
  complete in this run, and one under none (a region) only when some top-level walk did not.
  This assumes that a top-level listing shows every story of the listings under it; full
  walks count the stories that broke it (``mayadeen/incremental/shortcut_missed``);
- ``limited``: ``-a sections``: the listings asked for, each to its watermark.

The homepage proves nothing: it is curated (pinned, featured), not ordered by time; the
stories it shows are fetched when new, like any listing's.

Stats: ``mayadeen/incremental/walk`` (the kind) and ``walk_reason``;
``mayadeen/incremental/listings_read/<why>`` and ``listings_skipped/<why>``;
``mayadeen/incremental/watermarks_advanced``; ``mayadeen/paging_stopped/covered``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from scrapy.statscollectors import StatsCollector

from mayadeen.extraction.listing import MenuEntry
from mayadeen.extraction.text import parse_datetime
from mayadeen.history import History

logger = logging.getLogger(__name__)

#: When a story the history has was published and modified (ISO 8601 or ``None`` each).
Times = tuple[str | None, str | None]
#: Paths -> each with its times (``None``: not a known story), as the policy asks the history.
Lookup = Callable[[Iterable[str]], Iterator[tuple[str, Times | None]]]


class Kind(StrEnum):
    """How a run walks its listings (see the module's docstring)."""

    FULL = "full"
    SHORTCUT = "shortcut"
    LIMITED = "limited"


class Outcome(StrEnum):
    """How a listing's walk ended in this run."""

    #: reached a page of stories its watermark covers
    COVERED = "covered"
    #: reached the listing's end
    ENDED = "ended"
    #: stopped short: ``-a max_pages``, ``-a since``, or a page that could not be read
    MAX_PAGES = "max_pages"
    SINCE = "since"
    FAILED = "failed"


COMPLETE = frozenset({Outcome.COVERED, Outcome.ENDED})


@dataclass
class Walk:
    """One listing's walk in this run."""

    #: the listing's watermark when the run began (``None``: no walk of it completed)
    covered_to: str | None
    #: the stories its first page showed (the new watermark is the newest of them)
    first_page: tuple[str, ...] = ()
    outcome: Outcome | None = None
    #: its stories are recorded (written, settled or pending): it may set its watermark
    recorded: bool = False

    @property
    def complete(self) -> bool:
        return self.outcome in COMPLETE


class ListingWalks:
    """The listing walks of one run, against the history's watermarks. Without a history
    every walk goes to the listing's end and nothing is written."""

    def __init__(self, history: History | None, stats: StatsCollector, lookup: Lookup) -> None:
        self.history = history
        self.stats = stats
        self.lookup = lookup
        #: watermarks are written at the end (not with several workers: none sees a whole walk)
        self.writes = history is not None
        self.kind_: Kind | None = None
        self._walks: dict[str, Walk] = {}
        self._watermarks: dict[str, str] | None = None
        #: the top-level menu entries' trails ("News") -> their listings' paths
        self.tops: dict[str, str] = {}
        #: a shortcut run's listings under the top-level ones, read only where needed
        self.deferred: list[MenuEntry] = []

    # --- reads --------------------------------------------------------------------------

    def watermark(self, listing: str) -> str | None:
        if self.history is None:
            return None
        if self._watermarks is None:
            self._watermarks = self.history.walks.watermarks()
        return self._watermarks.get(listing)

    def kind(self, spider: str, full_walk_every: int, *, limited: bool, shared: bool) -> Kind:
        """How this run walks (see the module's docstring), with why in the stats."""
        since = None
        if self.history is None:
            kind, why = Kind.FULL, "no history"
        elif shared:
            kind, why = Kind.FULL, "several workers"
            self.writes = False
        elif limited:
            kind, why = Kind.LIMITED, "-a sections"
        else:
            since = self.history.walks.runs_since_full_walk(spider, self.history.runs.run_id)
            if since is None:
                kind, why = Kind.FULL, "no completed full walk yet"
            elif full_walk_every <= 1 or since >= full_walk_every:
                kind, why = Kind.FULL, f"every {full_walk_every}th run"
            else:
                kind, why = Kind.SHORTCUT, f"run {since} since the last full walk"
        self.kind_ = kind
        self.stats.set_value("mayadeen/incremental/walk", str(kind))
        self.stats.set_value("mayadeen/incremental/walk_reason", why)
        return kind

    # --- which listings ---------------------------------------------------------------------

    def plan(self, kind: Kind, entries: list[MenuEntry]) -> list[MenuEntry]:
        """Of the menu's ``entries``, the listings to read now (counted): every one, but in a
        shortcut run only the top-level ones; the others wait for those walks to end
        (:meth:`needed`)."""
        self.tops = {e.trail: e.path for e in entries if " > " not in e.trail}
        first = entries
        if kind is Kind.SHORTCUT:
            first = [e for e in entries if e.trail in self.tops]
            self.deferred = [e for e in entries if e.trail not in self.tops]
        for entry in first:
            self.read(entry.path, "top_level" if entry.trail in self.tops else str(kind))
        return first

    def needed(self) -> list[MenuEntry]:
        """Once the top-level walks are done: of the deferred listings, those this run must
        read (``top_level_incomplete``); the others are skipped (``top_level_covered``)."""
        entries, self.deferred = self.deferred, []
        needed = []
        for entry in entries:
            if self.covered(entry.trail):
                self.skipped(entry.path, "top_level_covered")
            else:
                self.read(entry.path, "top_level_incomplete")
                needed.append(entry)
        return needed

    def top_level(self, trail: str) -> bool:
        return trail in self.tops

    def covered(self, trail: str) -> bool:
        """Whether this run's walks prove that the listing of ``trail`` holds nothing
        unread: its top-level listing ("News" for "News > Politics") walked to a covered
        page or its end, or, for one under no listing (a region), every top-level one did."""
        group = trail.split(" > ")[0]
        if group in self.tops:
            return self.complete(self.tops[group])
        return bool(self.tops) and all(self.complete(path) for path in self.tops.values())

    def walk(self, listing: str) -> Walk:
        if listing not in self._walks:
            self._walks[listing] = Walk(self.watermark(listing))
        return self._walks[listing]

    def complete(self, listing: str) -> bool:
        """Whether the walk of ``listing`` in this run completed (covered or ended)."""
        return listing in self._walks and self._walks[listing].complete

    def covered_page(self, walk: Walk, paths: list[str]) -> bool:
        """Whether the last card of a page is a story the history has, published at or
        before the listing's watermark: the rest of the listing is covered."""
        if walk.covered_to is None or not paths:
            return False
        ((_, times),) = self.lookup(paths[-1:])
        published = parse_datetime(times[0]) if times else None
        covered_to = parse_datetime(walk.covered_to)
        return published is not None and covered_to is not None and published <= covered_to

    # --- a walk, page by page -----------------------------------------------------------

    def read(self, listing: str, why: str) -> None:
        """``listing`` is read in this run, for ``why`` (counted)."""
        walk = self.walk(listing)
        if walk.covered_to is None:
            why = "no_watermark"
        self.stats.inc_value(f"mayadeen/incremental/listings_read/{why}")
        logger.debug("Listing %s read (%s)", listing, why)

    def skipped(self, listing: str, why: str) -> None:
        self.stats.inc_value(f"mayadeen/incremental/listings_skipped/{why}")
        logger.debug("Listing %s skipped (%s)", listing, why)

    def after_page(self, listing: str, page: int, paths: list[str]) -> bool:
        """A page of ``listing`` (its ``page``-th, the first 1) showed ``paths``, in order:
        whether to read the next one."""
        walk = self.walk(listing)
        if page == 1:
            walk.first_page = tuple(paths)
        if self.covered_page(walk, paths):
            self.stats.inc_value("mayadeen/paging_stopped/covered")
            walk.outcome = Outcome.COVERED
            return False
        return True

    def ended(self, listing: str) -> None:
        """The walk of ``listing`` reached its end."""
        self.walk(listing).outcome = Outcome.ENDED

    def stopped(self, listing: str, outcome: Outcome) -> None:
        """The walk of ``listing`` stopped short (a page failed: whatever it reached)."""
        walk = self.walk(listing)
        if outcome is Outcome.FAILED or walk.outcome is None:
            walk.outcome = outcome

    def stories_recorded(self) -> None:
        """The stories every completed walk showed are recorded now (written, settled, or
        pending): those walks may set their watermarks when the run ends."""
        for walk in self._walks.values():
            walk.recorded = walk.recorded or walk.complete

    # --- the run's end ------------------------------------------------------------------

    def finish(self, now: str, *, since: bool) -> None:
        """Write the watermarks of the walks that completed and whose stories were recorded
        (none after ``-a since``, which drops the older stories it reads), and how the run
        walked."""
        if self.history is None or self.kind_ is None or not self.writes:
            return
        advanced = {}
        if not since:
            for listing, walk in self._walks.items():
                if walk.recorded and (newest := self._newest(walk.first_page)) is not None:
                    advanced[listing] = newest
        self.history.walks.advance(advanced, now)
        self.stats.set_value("mayadeen/incremental/watermarks_advanced", len(advanced))
        complete = not since and bool(self._walks) and all(w.recorded for w in self._walks.values())
        if self.history.runs.run_id is not None:
            self.history.walks.walked(self.history.runs.run_id, str(self.kind_), complete)

    def _newest(self, paths: Iterable[str]) -> str | None:
        """The newest publication time of the stories at ``paths`` the history has."""
        times = [
            (parsed, stored[0])
            for _, stored in self.lookup(paths)
            if stored and (parsed := parse_datetime(stored[0])) is not None
        ]
        return max(times)[1] if times else None
