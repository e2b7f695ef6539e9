"""Requests per scheduled run: what an incremental ``sections`` run costs per new story.

    python bench/schedule.py --base 5000 --new 5 100   # builds replicas under build/bench

A full ``sections`` crawl of the replica plus ``base`` stories makes a history; then, for
each N of ``new``, the replica gains N stories (the newest of all) and one incremental run
starts from a copy of that history: an ordinary scheduled run (the global listings first)
and, for comparison, the full walk every ``MAYADEEN_FULL_WALK_EVERY``-th run makes. Target:
at most 3 requests per new story when 5 are new, for the scheduled run.

The replica's stories are old, so no known story is due for a refresh there. The live site's
are not: the ``live`` run (5 new) first makes the history look as a 30-minute schedule leaves
it on a site publishing 10 stories an hour (:func:`live_history`), and counts the refreshes of
recent stories apart from the requests for the new ones.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import crawl, replica  # noqa: E402
from mayadeen import settings as project  # noqa: E402
from mayadeen.incremental import refresh_due  # noqa: E402
from tests.replica.nginx import serve_nginx  # noqa: E402

#: The runs measured after the full crawl: a scheduled run, and a full walk.
RUNS = {"scheduled": {}, "full_walk": {"MAYADEEN_FULL_WALK_EVERY": "1"}}
#: The live-like schedule of the ``live`` run: stories an hour, minutes between runs.
LIVE_PER_HOUR, LIVE_EVERY = 10, 30


def live_history(history_file: Path, now: datetime) -> dict[str, Any]:
    """Make the history look as a run every :data:`LIVE_EVERY` minutes leaves it on a site
    publishing :data:`LIVE_PER_HOUR` stories an hour: its newest stories published one after
    the other back over ``MAYADEEN_REFRESH_HOURS``, each last seen when the refresh policy
    (:func:`mayadeen.incremental.refresh_due`) last fetched it, and the listings' watermarks
    at the newest of them (the last run's first pages showed it). Returns how many were made
    recent and how often each is fetched over that window."""
    window = timedelta(hours=project.MAYADEEN_REFRESH_HOURS)
    interval = timedelta(hours=project.MAYADEEN_REFRESH_INTERVAL_HOURS)
    step, every = timedelta(hours=1) / LIVE_PER_HOUR, timedelta(minutes=LIVE_EVERY)
    runs = [now - every * k for k in range(int(window / every) + 1, 0, -1)]  # before now
    rows, fetched = [], 0
    with sqlite3.connect(history_file) as db:
        newest = db.execute(
            "SELECT article_id FROM articles ORDER BY published_at DESC LIMIT ?",
            (int(window / step),),
        ).fetchall()
        for rank, (article_id,) in enumerate(newest):
            published = now - step * (rank + 0.5)
            seen, fetched = None, 0  # the last story's: published about a window ago
            for run in (r for r in runs if r >= published):
                if seen is None or refresh_due(published, seen, run, interval):
                    seen, fetched = run, fetched + 1
            if seen is not None:
                rows.append((published.isoformat(), seen.isoformat(), article_id))
        db.executemany(
            "UPDATE articles SET published_at = ?, last_seen = ? WHERE article_id = ?", rows
        )
        if rows:
            db.execute("UPDATE watermarks SET covered_to = ?", (max(r[0] for r in rows),))
    db.close()
    return {"recent_stories": len(rows), "fetches_per_story_in_window": fetched}


def sections(base_url: str, data_dir: Path, settings: dict[str, str]) -> dict[str, Any]:
    """A ``sections`` crawl with the history in ``data_dir``: its final stats."""
    return crawl(["crawl", "sections"], base_url, data_dir, settings)


def requests_per_run(work: Path, base: int, new: list[int]) -> dict[str, Any]:
    """After a full crawl of the replica plus ``base`` stories, one incremental run per N of
    ``new`` (N more stories), each from a copy of the full crawl's history: per N and per
    kind of run (:data:`RUNS`), the requests, story pages fetched, articles written and
    requests per new article."""
    full_dir = work / f"schedule-{base}" / "full"
    shutil.rmtree(full_dir.parent, ignore_errors=True)
    full_dir.mkdir(parents=True)
    with serve_nginx(replica(work, base)) as url:
        full = sections(url, full_dir, {})
    results: dict[str, Any] = {
        "base_articles": full.get("item_scraped_count", 0),
        "full_crawl_requests": full["downloader/request_count"],
    }
    for count in new:
        runs = RUNS if count != new[0] else {**RUNS, "live": {}}
        with serve_nginx(replica(work, base + count)) as url:
            for kind, settings in runs.items():
                data_dir = full_dir.parent / f"{kind}-{count}"
                shutil.copytree(full_dir, data_dir, ignore=shutil.ignore_patterns("*.log"))
                live = {}
                if kind == "live":
                    live = live_history(data_dir / "history.sqlite3", datetime.now(UTC))
                stats = sections(url, data_dir, settings)
                run = {**measured(stats), **live}
                results.setdefault(f"new_{count}", {})[kind] = run
                print(json.dumps({f"new_{count}": {kind: run}}), flush=True)
    return results


def measured(stats: dict[str, Any]) -> dict[str, Any]:
    """What a run's ``stats`` say of its cost: requests per new article leave out the
    refreshes of known stories (counted apart)."""
    written = stats.get("mayadeen/articles_new", 0)
    refreshed = stats.get("mayadeen/incremental/refreshed", 0)
    requests = stats["downloader/request_count"]
    return {
        "new_articles": written,
        "requests": requests,
        "refreshed": refreshed,
        "story_pages": stats.get("mayadeen/articles_parsed", 0),
        "listing_pages": stats.get("mayadeen/listing_pages", 0)
        + stats.get("mayadeen/getmore_pages", 0),
        "requests_per_new_article": (
            round((requests - refreshed) / written, 3) if written else None
        ),
        "shortcut_missed": stats.get("mayadeen/incremental/shortcut_missed"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=5000)
    parser.add_argument("--new", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(requests_per_run(args.work, args.base, args.new), indent=2))


if __name__ == "__main__":
    main()
