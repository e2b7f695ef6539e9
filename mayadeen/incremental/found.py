"""What a ``sections`` run found, kept on disk: every story a listing showed, which listings
showed it, and where it is in the run.

A full walk of the site finds every story it has (50,000 paths, and more in the Arabic
archive); held in Python, they made the run's memory grow with the site. Here they live in
a private temporary SQLite database (deleted when the run ends): what is held in memory is
its page cache, whatever the size of the crawl. The run's stories are asked a page at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from enum import IntEnum

#: Stories asked of the store at a time (what is held in memory at once).
PAGE = 1000
#: The page cache of the store, in KiB (SQLite's negative ``cache_size``).
CACHE_KIB = 4096

SCHEMA = """
CREATE TABLE stories (
    path TEXT PRIMARY KEY,
    stage INTEGER NOT NULL DEFAULT 0,
    -- shown by a listing the shortcut reads too (a top-level one)
    early INTEGER NOT NULL DEFAULT 0,
    -- its place in the queue of stories to request (NULL: not queued)
    queued INTEGER
) WITHOUT ROWID;
CREATE INDEX stories_stage ON stories (stage);
CREATE INDEX stories_queued ON stories (queued) WHERE queued IS NOT NULL;
-- which listings (by trail, numbered in the order first seen) showed which story
CREATE TABLE shown (
    path TEXT NOT NULL,
    trail INTEGER NOT NULL,
    PRIMARY KEY (path, trail)
) WITHOUT ROWID;
"""


class Stage(IntEnum):
    """Where a story is in this run."""

    #: shown by a listing; whether to fetch it is decided once the listings are done
    FOUND = 0
    #: known and settled (:meth:`mayadeen.incremental.Incremental.settled`): not fetched
    SETTLED = 1
    #: to be fetched (pending in the history): queued for its batch, then requested
    WANTED = 2
    #: its request has ended
    DONE = 3
    #: to be fetched, but another run still going claimed it first (it writes it)
    ELSEWHERE = 4


class FoundStories:
    """The stories of one run, by path: stage, the listings that showed each (menu trails,
    in the order first seen), and the queue of those to request."""

    def __init__(self) -> None:
        # "": a private temporary database on disk, deleted when closed
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.executescript(SCHEMA)
        #: the menu trails seen, numbered in the order first seen
        self.trails: list[str] = []
        self._trail_ids: dict[str, int] = {}
        self._next_in_queue = 0

    def close(self) -> None:
        self.db.close()

    def trail_id(self, trail: str) -> int:
        if trail not in self._trail_ids:
            self._trail_ids[trail] = len(self.trails)
            self.trails.append(trail)
        return self._trail_ids[trail]

    # --- writes -------------------------------------------------------------------------

    def shown(self, paths: list[str], trail: str, *, early: bool = False) -> None:
        """The listing of ``trail`` showed the stories at ``paths`` (``early``: a listing
        the shortcut reads too)."""
        self.db.executemany(
            "INSERT INTO stories (path, early) VALUES (?, ?)"
            " ON CONFLICT (path) DO UPDATE SET early = early OR excluded.early",
            [(path, int(early)) for path in paths],
        )
        number = self.trail_id(trail)
        self.db.executemany(
            "INSERT OR IGNORE INTO shown (path, trail) VALUES (?, ?)",
            [(path, number) for path in paths],
        )

    def settle(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` (found) are not to be fetched."""
        self._set_stage(paths, Stage.SETTLED)

    def want(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` are to be fetched: queued, in this order."""
        rows = []
        for path in paths:
            rows.append((path, Stage.WANTED, self._next_in_queue))
            self._next_in_queue += 1
        self.db.executemany(
            "INSERT INTO stories (path, stage, queued) VALUES (?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET stage = excluded.stage, queued = excluded.queued",
            rows,
        )

    def elsewhere(self, paths: Iterable[str]) -> None:
        """The stories at ``paths`` are another run's to fetch (it claimed them first)."""
        self._set_stage(paths, Stage.ELSEWHERE)

    def end(self, path: str) -> None:
        """The request for the story at ``path`` has ended (a worker may end a request
        another worker made, for a story it never saw)."""
        self._set_stage([path], Stage.DONE)

    def take_over(self, old: str, current: str) -> None:
        """The story at ``old`` is an old address of the one at ``current``: the listings
        that showed it showed ``current``."""
        self.db.execute(
            "INSERT OR IGNORE INTO shown (path, trail) SELECT ?, trail FROM shown WHERE path = ?",
            (current, old),
        )

    def _set_stage(self, paths: Iterable[str], stage: Stage) -> None:
        self.db.executemany(
            "INSERT INTO stories (path, stage) VALUES (?, ?)"
            " ON CONFLICT (path) DO UPDATE SET stage = excluded.stage, queued = NULL",
            [(path, stage) for path in paths],
        )

    # --- reads --------------------------------------------------------------------------

    def stage(self, path: str) -> Stage | None:
        """Where the story at ``path`` is (``None``: not in this run)."""
        row = self.db.execute("SELECT stage FROM stories WHERE path = ?", (path,)).fetchone()
        return Stage(row[0]) if row else None

    def early(self, path: str) -> bool:
        row = self.db.execute("SELECT early FROM stories WHERE path = ?", (path,)).fetchone()
        return bool(row and row[0])

    def trails_of(self, path: str) -> list[str]:
        """The trails of the listings that showed the story at ``path``, in the order first
        seen."""
        rows = self.db.execute("SELECT trail FROM shown WHERE path = ? ORDER BY trail", (path,))
        return [self.trails[number] for (number,) in rows]

    def at(self, stage: Stage) -> Iterator[list[str]]:
        """The stories at ``stage`` (:attr:`Stage.FOUND`: those listings showed, not decided
        yet), a page at a time: move each page to another stage before asking for the next
        (:meth:`settle`, :meth:`want`, :meth:`elsewhere`)."""
        while page := [
            path
            for (path,) in self.db.execute(
                "SELECT path FROM stories WHERE stage = ? LIMIT ?", (stage, PAGE)
            )
        ]:
            yield page

    def shown_count(self) -> int:
        """How many stories the listings showed."""
        return self.db.execute("SELECT count(DISTINCT path) FROM shown").fetchone()[0]

    def next_batch(self, size: int) -> list[str]:
        """Up to ``size`` queued stories, in the order queued, taken off the queue."""
        batch = [
            path
            for (path,) in self.db.execute(
                "SELECT path FROM stories WHERE queued IS NOT NULL ORDER BY queued LIMIT ?",
                (size,),
            )
        ]
        self.db.executemany(
            "UPDATE stories SET queued = NULL WHERE path = ?", [(p,) for p in batch]
        )
        return batch
