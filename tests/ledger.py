"""Runs of ``scrapy crawl sections`` on one history against a live site, and what they wrote.

A :class:`Ledger` keeps one data folder (its history, and one JSON Lines feed per run,
``feeds/run-N.jsonl``): it runs crawls in this process (fast) or as processes, as a user
would (``scrapy crawl sections``: two at once, or killed), notes what each did, and checks
the rule of issue 22 (:meth:`Ledger.check`): after one normal run that ends by itself,
every story the site shows is written to some feed, and in the history, exactly once per
revision.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mayadeen.history import History
from tests.crawl import PROJECT_ROOT, crawl_in_process, crawl_settings, parse_stats
from tests.livesite import LiveSite

#: A storm run: one retry only (so that a page can fail for a run), short timeouts.
STORM_SETTINGS = {"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "1"}


@dataclass
class Ledger:
    """One data folder's runs against ``site`` (see the module's docstring)."""

    site: LiveSite
    data: Path
    #: what each run did, one line each (a failing test's message)
    steps: list[str] = field(default_factory=list)
    runs: int = 0

    @property
    def history_file(self) -> Path:
        return self.data / "history.sqlite3"

    def feed(self) -> Path:
        self.runs += 1
        (self.data / "feeds").mkdir(parents=True, exist_ok=True)
        return self.data / "feeds" / f"run-{self.runs}.jsonl"

    def note(self, what: str, stats: dict | None = None, written: int | None = None) -> None:
        """Note a step: ``what``, how many stories it wrote, its policy's stats."""
        policy = {
            k.removeprefix("mayadeen/incremental/"): v
            for k, v in sorted((stats or {}).items())
            if k.startswith(("mayadeen/incremental/", "mayadeen/paging_stopped"))
        }
        reason = (stats or {}).get("finish_reason")
        self.steps.append(
            f"{what}: wrote {written}, {reason or ''} {policy if stats else ''}".rstrip()
        )

    # --- runs ---------------------------------------------------------------------------

    def run(
        self, what: str, args: dict[str, str] | None = None, settings: dict[str, str] | None = None
    ) -> dict:
        """A ``sections`` run in this process; returns its stats."""
        crawl = crawl_in_process(
            "sections",
            self.site.base_url,
            self.data,
            args=args,
            settings=settings,
            feeds=[self.feed()],
        )
        self.note(what, crawl.stats, len(crawl.items))
        return crawl.stats

    def command(
        self, feed: Path, args: dict[str, str] | None = None, loglevel: str = "INFO"
    ) -> list[str]:
        """``scrapy crawl sections`` as a user types it, writing ``feed``."""
        command = [sys.executable, "-m", "scrapy", "crawl", "sections", "--loglevel", loglevel]
        for name, value in (args or {}).items():
            command += ["-a", f"{name}={value}"]
        for name, value in crawl_settings(self.site.base_url, self.data).items():
            command += ["-s", f"{name}={value}"]
        return [*command, "-O", str(feed), "--logfile", str(feed.with_suffix(".log"))]

    def start(self, args: dict[str, str] | None = None, loglevel: str = "INFO") -> subprocess.Popen:
        feed = self.feed()
        return subprocess.Popen(
            self.command(feed, args, loglevel),
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )

    def log_stats(self, process: subprocess.Popen) -> dict:
        log = Path(process.args[process.args.index("--logfile") + 1])
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        return parse_stats(text) if "Dumping Scrapy stats:" in text else {}

    def feed_of(self, process: subprocess.Popen) -> Path:
        return Path(process.args[process.args.index("-O") + 1])

    def two_at_once(self) -> None:
        """Two ``scrapy crawl sections`` processes started together on the one history."""
        processes = [self.start(), self.start()]
        for process in processes:
            process.wait(timeout=300)
        for n, process in enumerate(processes):
            written = len(read_feed(self.feed_of(process)))
            self.note(
                f"two at once ({n + 1}), exit {process.returncode}",
                self.log_stats(process),
                written,
            )

    def killed(self, after_lines: int, args: dict[str, str] | None = None) -> bool:
        """A ``scrapy crawl sections`` process SIGKILLed once its (debug) log has
        ``after_lines`` lines (a user's kill at some moment of the run); whether it was
        killed (it may have ended first)."""
        process = self.start(args, loglevel="DEBUG")
        log = Path(process.args[process.args.index("--logfile") + 1])
        deadline = time.monotonic() + 300
        killed = False
        while process.poll() is None and time.monotonic() < deadline:
            if log.exists() and log.read_bytes().count(b"\n") >= after_lines:
                os.kill(process.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        process.wait(timeout=60)
        written = len(read_feed(self.feed_of(process)))
        what = f"killed after {after_lines} log lines" if killed else "ended before its kill"
        self.note(f"{what}, exit {process.returncode}", self.log_stats(process), written)
        return killed

    def final(self) -> dict:
        """The normal run the rule is about: no faults, and time moved a week on (past any
        back-off of the stories that failed)."""
        self.site.calm()
        later = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0).isoformat()
        stats = self.run("final normal run (a week later)", settings={"MAYADEEN_CLOCK": later})
        return stats

    # --- the rule -----------------------------------------------------------------------

    def written(self) -> dict[tuple[str, int], list[str]]:
        """(article id, revision) -> the feeds that hold it (a feed twice if it has it twice)."""
        written: dict[tuple[str, int], list[str]] = {}
        for feed in sorted((self.data / "feeds").glob("*.jsonl")):
            for item in read_feed(feed):
                written.setdefault((item["article_id"], item["revision"]), []).append(feed.name)
        return written

    def stored(self) -> dict[str, int]:
        """Article id -> its revision, as the history holds them."""
        history = History(str(self.history_file))
        try:
            with history.db.begin():
                rows = history.db.exec_driver_sql("SELECT article_id, revision FROM articles")
                return {str(article_id): revision for article_id, revision in rows}
        finally:
            history.close()

    def check(self) -> None:
        """Issue 22's rule, after :meth:`final`: the feeds hold every story the site shows
        (and no other), none twice for one revision (two runs started together included:
        each story is claimed by one); the history holds every one."""
        shown = self.site.shown()
        written = self.written()
        doubled = {key: feeds for key, feeds in written.items() if len(feeds) > 1}
        ids = {article_id for article_id, _ in written}
        lost = sorted(set(shown) - ids)
        stored = self.stored()
        problems = []
        if lost:
            problems.append(f"lost (in no feed): {self.explain(lost)}")
        if doubled:
            problems.append(f"written twice for one revision: {doubled}")
        if extra := sorted(ids - set(shown)):
            problems.append(f"written but not on the site: {extra}")
        if unstored := sorted(set(shown) - set(stored)):
            problems.append(f"not in the history: {self.explain(unstored)}")
        assert not problems, "\n".join(
            [*problems, f"{len(shown)} stories on the site; the runs:", *self.steps]
        )

    def explain(self, ids: list[str]) -> str:
        by_id = {a.id: a for a in self.site.published}
        return "; ".join(
            f"{i} {by_id[i].path} (published {by_id[i].published:%Y-%m-%d %H:%M}, "
            f"story {self.site.published.index(by_id[i]) + 1} of {len(by_id)}, "
            f"listings {', '.join(self.site.listings_of(i))})"
            for i in ids
        )


def read_feed(feed: Path) -> list[dict]:
    """The items of a JSON Lines feed (every line whole: a killed run's too)."""
    if not feed.exists():
        return []
    return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line]
