"""Requests per scheduled run: what an incremental ``sections`` run costs per new story.

    python bench/schedule.py --base 5000 --new 5 100   # builds replicas under build/bench

A full ``sections`` crawl of the replica plus ``base`` stories makes a history; then, for
each N of ``new``, the replica gains N stories (the newest of all) and one incremental run
starts from a copy of that history: an ordinary scheduled run (the global listings first)
and, for comparison, the full walk every ``MAYADEEN_FULL_WALK_EVERY``-th run makes. Target:
at most 2 requests per new story when 5 are new, for the scheduled run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import crawl, replica  # noqa: E402
from tests.replica.nginx import serve_nginx  # noqa: E402

#: The runs measured after the full crawl: a scheduled run, and a full walk.
RUNS = {"scheduled": {}, "full_walk": {"MAYADEEN_FULL_WALK_EVERY": "1"}}


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
        with serve_nginx(replica(work, base + count)) as url:
            for kind, settings in RUNS.items():
                data_dir = full_dir.parent / f"{kind}-{count}"
                shutil.copytree(full_dir, data_dir, ignore=shutil.ignore_patterns("*.log"))
                stats = sections(url, data_dir, settings)
                written = stats.get("mayadeen/articles_new", 0)
                requests = stats["downloader/request_count"]
                run = {
                    "new_articles": written,
                    "requests": requests,
                    "story_pages": stats.get("mayadeen/articles_parsed", 0),
                    "listing_pages": stats.get("mayadeen/listing_pages", 0)
                    + stats.get("mayadeen/getmore_pages", 0),
                    "requests_per_new_article": round(requests / written, 3) if written else None,
                    "shortcut_missed": stats.get("mayadeen/incremental/shortcut_missed"),
                }
                results.setdefault(f"new_{count}", {})[kind] = run
                print(json.dumps({f"new_{count}": {kind: run}}), flush=True)
    return results


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
