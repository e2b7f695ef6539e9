"""``make bench``: every cost target of the project, measured side by side in one run.

Everything runs on this machine against replicas served by nginx on 127.0.0.1, and every
figure that matters is a ratio measured in the same run (absolute times here are noisy):

- **crawl throughput**: the full ``sections`` crawl (parsing, pipelines, feeds, history)
  against a null spider that follows the same links without doing any of that
  (``bench/null_spider.py``); target >= 0.85;
- **CPU per article** (``bench/cpu.py``): the ``article`` crawl against bare Scrapy on the same
  static pages; target >= 0.85;
- **extraction** (``bench/cpu.py``): our article parser against trafilatura on the same
  replica pages, and body-text F1 against the replica's ground truth; targets: >= 10x faster,
  F1 >= 0.99;
- **memory** (``bench/memory.py``): peak RSS of a full ``sections`` crawl and of a ``sitemap``
  backfill at the small and the large size; target: the large within 1.3x of the small;
- **requests per scheduled run** (``bench/schedule.py``): after a full crawl, 5 and then 100
  new stories; target: <= 3 requests per new story;
- **the corpus**: the large replica's articles recorded in a new SQLite history (revision,
  search index, paths; committed in groups, as a crawl does), in CPU time per article, the
  best of ``--rounds`` passes (``bench/record.py``; it also measures another commit's code
  side by side), against the ``article`` crawl's (target: <= 10%); then full-text search
  over them, the slowest median of a few kinds of query (target: < 100 ms).

    python bench/run.py [--small 5000] [--large 50000] [--pages 3000] [--quick]

Writes ``bench/results.json`` and the table of ``bench/README.md`` (``bench/table.py``).
``--quick`` runs every measure at small sizes (a minute or two; ``tests/test_bench.py`` runs
it so that no row rots): its figures say nothing and it writes neither file by default.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    common,
    cpu,
    memory,
    record,
    schedule,
    table,
)
from bench.common import replica  # noqa: E402
from mayadeen.corpus import Corpus  # noqa: E402
from tests.replica.nginx import serve_nginx  # noqa: E402

#: Sizes of ``--quick``: every measure, in a minute or two.
QUICK = {"small": 150, "large": 450, "new": [5, 100], "pages": 100, "rounds": 1}


def crawl(spider: str, base_url: str, data_dir: Path) -> dict[str, Any]:
    """One crawl with a new history in ``data_dir`` (``null``: the null spider); its stats."""
    shutil.rmtree(data_dir, ignore_errors=True)
    args = ["runspider", str(ROOT / "bench/null_spider.py")] if spider == "null" else None
    return common.crawl(args or ["crawl", spider], base_url, data_dir)


def throughput(site: Path, work: Path) -> dict[str, Any]:
    """The full ``sections`` crawl against the null spider on the same replica."""
    with serve_nginx(site) as url:
        null = crawl("null", url, work / "data-null")
        full = crawl("sections", url, work / "data-small")

    def per_second(stats: dict[str, Any], key: str) -> float:
        return round(stats.get(key, 0) / stats["elapsed_time_seconds"], 1)

    results = {
        "articles": full["item_scraped_count"],
        "null_stories_per_second": per_second(null, "bench/stories_fetched"),
        "full_articles_per_second": per_second(full, "item_scraped_count"),
    }
    results["ratio"] = round(
        results["full_articles_per_second"] / results["null_stories_per_second"], 3
    )
    return results


#: Searches timed over the corpus: a rare word, a common one, two words, and filters.
SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("digitised", {}),
    ("said", {}),
    ("ceasefire talks", {}),
    ("said", {"section": "Politics"}),
    ("said", {"since": "2026-01-01"}),
]


def corpus(site: Path, work: Path, crawl_ms_per_article: float, rounds: int) -> dict[str, Any]:
    """Every article of ``site`` (its expected items) recorded in a new SQLite history, as
    a crawl records them (committed in groups), in CPU time per article, the last commit
    included: the best of ``rounds`` (a pass moves by about 10% from one to the next); then
    the searches of :data:`SEARCHES` on the last one's history, 15 times each."""
    path = work / "corpus" / "history.sqlite3"
    items = record.replica_items(site)
    record_ms = min(record.record_ms(items, path) for _ in range(rounds))
    timings = {}
    with Corpus.open(path) as opened:
        for words, filters in SEARCHES:
            runs = []
            for _ in range(15):
                started = time.perf_counter()
                opened.search(words, **filters)
                runs.append((time.perf_counter() - started) * 1000)
            label = " ".join([words, *(f"--{k} {v}" for k, v in filters.items())])
            timings[label] = round(sorted(runs)[len(runs) // 2], 2)
    return {
        "articles": len(items),
        "record_ms_per_article": round(record_ms, 3),
        "crawl_ms_per_article": round(crawl_ms_per_article, 3),
        "record_share_of_crawl": round(record_ms / crawl_ms_per_article, 3),
        "search_median_ms": timings,
        "search_slowest_median_ms": max(timings.values()),
    }


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every measure, each printed as it is done; the results (``bench/table.py`` rows)."""
    results: dict[str, Any] = {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "command": "make bench  # python bench/run.py " + " ".join(sys.argv[1:]),
    }

    def done(key: str, value: dict[str, Any]) -> None:
        results[key] = value
        print(json.dumps({key: value}), flush=True)

    small, large = replica(work, args.small), replica(work, args.large)
    done("throughput", throughput(small, work))
    done("per_article", cpu.per_article(work, args.pages, args.rounds, site=small))
    done("extraction", cpu.extraction(small / "site", args.pages))
    done("memory", memory.peak_memory(work, args.small, args.large))
    done("schedule", schedule.requests_per_run(work, args.small, args.new))
    crawl_ms = results["per_article"]["cpu_ms_per_article_full"]
    done("corpus", corpus(large / "site", work, crawl_ms, args.rounds))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--new", type=int, nargs=2, default=[5, 100])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="every measure, small sizes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--out", type=Path, help="default: bench/results.json (not --quick)")
    args = parser.parse_args()
    if args.quick:
        for name, value in QUICK.items():
            setattr(args, name, value)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = measure(args, work)
    if gone := table.missing(results):
        raise SystemExit(f"measures not produced: {gone}")
    out = args.out or (None if args.quick else ROOT / "bench" / "results.json")
    if out is not None:
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {out}")
    if not args.quick and args.out is None:
        table.update(ROOT / "bench" / "README.md", results)
        print("wrote the table of bench/README.md")
    print(table.render(results))


if __name__ == "__main__":
    main()
