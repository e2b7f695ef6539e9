"""Peak memory of a crawl at two sizes: does it grow with the number of stories?

    python bench/memory.py --small 2000 --large 20000   # builds replicas under build/bench

For ``sections`` (a full crawl with a new history) and ``sitemap`` (a backfill of every
month, with a new history), the peak resident set size of the crawl process at the small
and the large size, and their ratio (target: <= 1.3). The peak is the kernel's ``VmHWM``,
read as the spider closes (``bench.cpu.CpuTimeStats``): not ``ru_maxrss`` (nor Scrapy's
``memusage/max``, made from it), which keeps across ``exec`` the peak of the process that
started the crawl (this one, which may have just built a large replica).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import crawl, replica  # noqa: E402
from tests.replica.nginx import serve_nginx  # noqa: E402

SPIDERS = ("sections", "sitemap")


def measured_crawl(spider: str, base_url: str, data_dir: Path) -> dict[str, Any]:
    """A crawl with a new history in ``data_dir``, as a child process: its final stats,
    its peak RSS (MB) and its wall time."""
    shutil.rmtree(data_dir, ignore_errors=True)
    started = time.monotonic()
    stats = crawl(["crawl", spider], base_url, data_dir, {"STATS_CLASS": "bench.cpu.CpuTimeStats"})
    seconds = time.monotonic() - started
    return {
        "articles": stats.get("item_scraped_count", 0),
        "requests": stats["downloader/request_count"],
        "peak_rss_mb": stats["bench/peak_rss_mb"],
        "seconds": round(seconds, 1),
    }


def peak_memory(work: Path, small: int, large: int) -> dict[str, Any]:
    """Peak RSS of a full ``sections`` crawl and of a ``sitemap`` backfill of every month,
    each on the replica plus ``small`` and plus ``large`` stories (built under ``work``,
    served by nginx); per spider the two runs and ``ratio`` (large / small)."""
    results: dict[str, Any] = {}
    for size_name, extra in (("small", small), ("large", large)):
        site = replica(work, extra)
        with serve_nginx(site) as url:
            for spider in SPIDERS:
                run = measured_crawl(spider, url, work / f"memory-{spider}-{extra}")
                results.setdefault(spider, {})[size_name] = run
                print(json.dumps({spider: {size_name: run}}), flush=True)
    for spider in SPIDERS:
        runs = results[spider]
        runs["ratio"] = round(runs["large"]["peak_rss_mb"] / runs["small"]["peak_rss_mb"], 3)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(peak_memory(args.work, args.small, args.large), indent=2))


if __name__ == "__main__":
    main()
