"""CPU per article: the project's ``article`` crawl against bare Scrapy, and its parser against
trafilatura, on the same replica pages.

- :func:`per_article`: ``scrapy crawl article -a urls_file=...`` (parsing, the three
  pipelines, the default JSON Lines and CSV feeds, a new SQLite history) against a bare
  ``scrapy.Spider`` without the project's settings (``bench/bare_spider.py``) fetching the
  same story pages from the same nginx; target: full articles/s >= 0.85x bare pages/s.
- :func:`extraction`: our article parser against trafilatura on the same pages, in CPU
  seconds of this process; targets: >= 10x faster, body F1 >= 0.99.

Both take small sizes for a quick check (``pages=200``). Every crawl also reports its own CPU
seconds between the spider's opening and its closing (:class:`CpuTimeStats`, set as
``STATS_CLASS``): on a machine shared with other work, CPU time moves less than wall time.

    python bench/cpu.py [--pages 3000] [--extraction-pages 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import SETTINGS, replica  # noqa: E402
from mayadeen.site import rebase_url  # noqa: E402
from tests.crawl import parse_stats  # noqa: E402

#: The same for both crawls (the bare one takes no project setting but these).
CRAWL_SETTINGS = {**SETTINGS, "STATS_CLASS": "bench.cpu.CpuTimeStats"}


class CpuTimeStats(MemoryStatsCollector):
    """Scrapy's stats, plus ``bench/cpu_seconds``: the process's CPU time (all its threads)
    from the spider's opening to its closing, start-up and imports left out; and
    ``bench/peak_rss_mb``: the process's peak resident memory, from ``/proc/self/status``
    (``VmHWM``). Not ``ru_maxrss`` (nor Scrapy's ``memusage/max``, made from it): on Linux
    that keeps, across ``exec``, the peak of the process it was forked from, so a crawl
    started by a large benchmark process would report the benchmark's memory."""

    def open_spider(self, spider: Any = None) -> None:
        super().open_spider()
        self.cpu_started = time.process_time()

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        self.set_value("bench/cpu_seconds", round(time.process_time() - self.cpu_started, 3))
        self.set_value("bench/peak_rss_mb", peak_rss_mb())
        super().close_spider(reason=reason)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (``VmHWM``, Linux)."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    return round(int(kilobytes) / 1024, 1)


def story_urls(site: Path, pages: int, base_url: str) -> list[str]:
    """``pages`` story URLs of a built replica, spread evenly over its sorted list (every
    section, extra stories and the base ones), on ``base_url``."""
    urls = (site / "urls.txt").read_text(encoding="utf-8").split()
    if len(urls) < pages:
        raise ValueError(f"{site} has {len(urls)} stories, fewer than {pages}")
    step = len(urls) / pages
    return [rebase_url(urls[int(i * step)], base_url) for i in range(pages)]


def run_crawl(command: list[str], settings: dict[str, str], cwd: Path, log: Path) -> dict:
    """A crawl as a subprocess in ``cwd`` (the project's folder, or one outside any project
    for the bare spider); its final stats, ``bench/cpu_seconds`` included."""
    for name, value in {**CRAWL_SETTINGS, **settings, "LOG_FILE": str(log)}.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    stats = parse_stats(log.read_text(encoding="utf-8"))
    if result.returncode != 0 or stats.get("log_count/ERROR", 0):
        raise RuntimeError(f"crawl failed ({result.returncode}): {command}; see {log}")
    return stats


def full_crawl(urls_file: Path, base_url: str, data_dir: Path) -> dict:
    """``scrapy crawl article`` with the project's settings, default feeds and a new
    history in ``data_dir``."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"urls_file={urls_file}"]
    settings = {"MAYADEEN_BASE_URL": base_url, "MAYADEEN_DATA_DIR": str(data_dir)}
    return run_crawl(command, settings, ROOT, data_dir / "crawl.log")


def bare_crawl(urls_file: Path, data_dir: Path) -> dict:
    """``bench/bare_spider.py`` run from outside the project: Scrapy's defaults only."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    spider = str(ROOT / "bench" / "bare_spider.py")
    command = [sys.executable, "-m", "scrapy", "runspider", spider, "-a", f"urls_file={urls_file}"]
    with tempfile.TemporaryDirectory() as outside:  # no scrapy.cfg above it
        return run_crawl(command, {}, Path(outside), data_dir / "crawl.log")


def per_article(
    work: Path, pages: int = 3000, rounds: int = 3, site: Path | None = None
) -> dict[str, Any]:
    """The full ``article`` crawl against the bare spider on the same ``pages`` story pages
    of a replica served by nginx (``site``: a built replica; default: one built under
    ``work`` with ``pages`` extra stories). Each crawl runs ``rounds`` times, alternating;
    the best round of each counts (fastest, least CPU).

    ``ratio`` is full articles/s over bare pages/s (wall time of the crawl, from the
    spider's opening to its closing); ``cpu_ratio`` the same from CPU time."""
    from tests.replica.nginx import serve_nginx

    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    site = (site or replica(work, pages)).resolve()
    full_runs, bare_runs = [], []
    with serve_nginx(site) as base_url:
        urls_file = work / f"per-article-{pages}.txt"
        urls_file.write_text("\n".join(story_urls(site, pages, base_url)) + "\n", "utf-8")
        for _ in range(rounds):
            bare_runs.append(bare_crawl(urls_file, work / "data-bare"))
            full_runs.append(full_crawl(urls_file, base_url, work / "data-article"))
            if (
                bare_runs[-1].get("bench/pages_fetched"),
                full_runs[-1].get("item_scraped_count"),
            ) != (pages, pages):
                raise RuntimeError(f"not every page fetched or written; see the logs in {work}")
    bare = min(bare_runs, key=lambda s: s["elapsed_time_seconds"])
    full = min(full_runs, key=lambda s: s["elapsed_time_seconds"])
    bare_cpu = min(s["bench/cpu_seconds"] for s in bare_runs) * 1000 / pages
    full_cpu = min(s["bench/cpu_seconds"] for s in full_runs) * 1000 / pages
    result = {
        "pages": pages,
        "rounds": rounds,
        "bare_pages_per_second": round(pages / bare["elapsed_time_seconds"], 1),
        "full_articles_per_second": round(pages / full["elapsed_time_seconds"], 1),
        "cpu_ms_per_article_bare": round(bare_cpu, 3),
        "cpu_ms_per_article_full": round(full_cpu, 3),
    }
    result["ratio"] = round(result["full_articles_per_second"] / result["bare_pages_per_second"], 3)
    result["cpu_ratio"] = round(bare_cpu / full_cpu, 3)
    return result


def f1(got: str | None, want: str | None) -> tuple[int, int, int]:
    """Token overlap: (common, got, want) counts, for a micro-averaged F1."""
    got_tokens, want_tokens = Counter((got or "").split()), Counter((want or "").split())
    return sum((got_tokens & want_tokens).values()), got_tokens.total(), want_tokens.total()


def extraction(site: Path, pages: int = 1000, repeats: int = 5) -> dict[str, Any]:
    """Our parser (the whole item, as the spiders extract it) against trafilatura's body on
    the same ``pages`` replica pages (``site``: a replica's ``site`` folder): pages per CPU
    second of each, the best of ``repeats`` passes (after a warm-up), and body F1 against
    the replica's ground truth (token level, micro-averaged)."""
    import trafilatura  # a benchmark-only dependency (make bench installs it)

    from mayadeen.extraction.article import ArticlePage, extract_article

    samples = []
    for expected in sorted(site.rglob("*.expected.json"))[:pages]:
        page = expected.with_name(expected.name.replace(".expected.json", ".html"))
        url = "https://english.almayadeen.net/" + str(page.relative_to(site).with_suffix(""))
        samples.append((page.read_text("utf-8"), url, json.loads(expected.read_text("utf-8"))))
    results: dict[str, Any] = {}
    for name, extract in (
        ("mayadeen", lambda html, url: extract_article(ArticlePage(html, url)).body),
        ("trafilatura", lambda html, url: trafilatura.extract(html, url=url)),
    ):
        for html, url, _ in samples[:20]:  # warm-up: imports, caches
            extract(html, url)
        seconds = float("inf")
        for _ in range(repeats):
            started = time.process_time()
            bodies = [extract(html, url) for html, url, _ in samples]
            seconds = min(seconds, time.process_time() - started)
        common = got = want = 0
        for body, (_, _, expected) in zip(bodies, samples, strict=True):
            c, g, w = f1(body, expected["body"])
            common, got, want = common + c, got + g, want + w
        precision, recall = common / got if got else 0.0, common / want if want else 0.0
        results[name] = {
            "pages": len(samples),
            "pages_per_second": round(len(samples) / seconds, 1),
            "body_precision": round(precision, 4),
            "body_recall": round(recall, 4),
            "body_f1": round(2 * precision * recall / (precision + recall), 4) if common else 0.0,
        }
    results["speedup"] = round(
        results["mayadeen"]["pages_per_second"] / results["trafilatura"]["pages_per_second"], 1
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--extraction-pages", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="a built replica (default: built in --work)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    measured = per_article(args.work, args.pages, args.rounds, args.site)
    print(json.dumps({"per_article": measured}), flush=True)
    site = args.site or replica(args.work, args.pages)
    print(json.dumps({"extraction": extraction(site / "site", args.extraction_pages)}))


if __name__ == "__main__":
    main()
