"""The benchmark's table, made from ``bench/results.json``: one row per measure, with its
result, its target and whether it is met. ``bench/run.py`` writes it into ``bench/README.md``
(between the ``results`` markers) after every run; by hand::

    python bench/table.py [bench/results.json] [bench/README.md]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- results: made by bench/table.py -->", "<!-- /results -->"

Results = dict[str, Any]


@dataclass(frozen=True)
class Row:
    """One measure: where its figures are in the results, how they read, its target."""

    key: str
    measure: Callable[[Results], str]
    result: Callable[[Results], str]
    target: str
    met: Callable[[Results], bool]


def _new(count: int) -> Row:
    def run(r: Results) -> Results:
        return r["schedule"][f"new_{count}"]["scheduled"]

    # No story lost: each top-level listing's first page is read every run (the homepage is
    # curated and proves nothing); the floor is those, the homepage, one per story.
    target = 3.0
    return Row(
        "schedule",
        lambda r: (
            f"requests per scheduled `sections` run, {count} new stories after a full "
            f"crawl of {r['schedule']['base_articles']:,} (full walk: "
            f"{r['schedule'][f'new_{count}']['full_walk']['requests']} requests)"
        ),
        lambda r: (
            f"{run(r)['requests']} requests, {run(r)['new_articles']} new: "
            f"**{run(r)['requests_per_new_article']}** per new article"
        ),
        f"<= {target}",
        lambda r: (run(r)["requests_per_new_article"] or 99) <= target,
    )


def _live() -> Row:
    def run(r: Results) -> Results:
        return r["schedule"]["new_5"]["live"]

    target = 3.0
    return Row(
        "schedule",
        lambda r: (
            "requests per scheduled `sections` run on a live-like schedule: 5 new stories, "
            f"the {run(r)['recent_stories']:,} newest known ones published over the last "
            "48 h (10 an hour, a run every 30 minutes: `bench/schedule.py`)"
        ),
        lambda r: (
            f"{run(r)['requests']} requests, {run(r)['refreshed']} of them refreshes of "
            f"recent stories (each fetched {run(r)['fetches_per_story_in_window']} times in "
            f"its first 48 h), {run(r)['new_articles']} new: "
            f"**{run(r)['requests_per_new_article']}** per new article"
        ),
        f"<= {target} (refreshes apart)",
        lambda r: (run(r)["requests_per_new_article"] or 99) <= target,
    )


def _memory(spider: str) -> Row:
    def runs(r: Results) -> Results:
        return r["memory"][spider]

    return Row(
        "memory",
        lambda r: (
            f"memory: peak RSS of a full `{spider}` crawl, "
            f"{runs(r)['small']['articles']:,} vs {runs(r)['large']['articles']:,} articles"
        ),
        lambda r: (
            f"{runs(r)['small']['peak_rss_mb']} MB vs {runs(r)['large']['peak_rss_mb']} "
            f"MB: **{runs(r)['ratio']}x**"
        ),
        "<= 1.3x",
        lambda r: runs(r)["ratio"] <= 1.3,
    )


ROWS = [
    Row(
        "throughput",
        lambda r: (
            "crawl throughput: full `sections` crawl (parse, pipelines, 2 feeds, "
            f"history) vs a null spider on the same links, {r['throughput']['articles']:,} articles"
        ),
        lambda r: (
            f"{r['throughput']['full_articles_per_second']} vs "
            f"{r['throughput']['null_stories_per_second']} articles/s: "
            f"**{r['throughput']['ratio']}**"
        ),
        ">= 0.85",
        lambda r: r["throughput"]["ratio"] >= 0.85,
    ),
    Row(
        "per_article",
        lambda r: (
            "CPU per article: `article` crawl (parse, pipelines, 2 feeds, history) vs "
            f"bare Scrapy on the same {r['per_article']['pages']:,} static pages"
        ),
        lambda r: (
            f"{r['per_article']['cpu_ms_per_article_full']} vs "
            f"{r['per_article']['cpu_ms_per_article_bare']} CPU ms a page: "
            f"**{r['per_article']['cpu_ratio']}** (wall: {r['per_article']['ratio']})"
        ),
        ">= 0.85",
        lambda r: r["per_article"]["cpu_ratio"] >= 0.85,
    ),
    Row(
        "extraction",
        lambda r: (
            "extraction speed: our parser vs trafilatura, "
            f"{r['extraction']['mayadeen']['pages']:,} replica pages"
        ),
        lambda r: (
            f"{r['extraction']['mayadeen']['pages_per_second']} vs "
            f"{r['extraction']['trafilatura']['pages_per_second']} pages/s: "
            f"**{r['extraction']['speedup']}x**"
        ),
        ">= 10x",
        lambda r: r["extraction"]["speedup"] >= 10,
    ),
    Row(
        "extraction",
        lambda r: "extraction quality: body-text F1 vs the replica's ground truth (token level)",
        lambda r: (
            f"**{r['extraction']['mayadeen']['body_f1']}** (trafilatura "
            f"{r['extraction']['trafilatura']['body_f1']})"
        ),
        ">= 0.99",
        lambda r: r["extraction"]["mayadeen"]["body_f1"] >= 0.99,
    ),
    _memory("sections"),
    _memory("sitemap"),
    _new(5),
    _live(),
    _new(100),
    Row(
        "corpus",
        lambda r: (
            "keeping revisions: recording an article in the SQLite history (revision, "
            "search index, paths) vs the full crawl's time per article"
        ),
        lambda r: (
            f"{r['corpus']['record_ms_per_article']} ms vs "
            f"{r['corpus']['crawl_ms_per_article']} ms: "
            f"**{round(100 * r['corpus']['record_share_of_crawl'], 1)}%**"
        ),
        "<= 10%",
        lambda r: r["corpus"]["record_share_of_crawl"] <= 0.10,
    ),
    Row(
        "corpus",
        lambda r: (
            f"search over {r['corpus']['articles']:,} articles (SQLite FTS5), the "
            "slowest median of five kinds of query"
        ),
        lambda r: f"**{r['corpus']['search_slowest_median_ms']} ms**",
        "< 100 ms",
        lambda r: r["corpus"]["search_slowest_median_ms"] < 100,
    ),
]


def missing(results: Results) -> list[str]:
    """The measures a run did not produce (each row's figures must be there)."""
    gone = []
    for row in ROWS:
        try:
            row.measure(results), row.result(results), row.met(results)
        except (KeyError, TypeError) as exc:
            gone.append(f"{row.key}: {exc!r}")
    return gone


def render(results: Results) -> str:
    """The Markdown table of ``results``."""
    lines = ["| measure | result | target | |", "| --- | --- | --- | --- |"]
    for row in ROWS:
        met = "met" if row.met(results) else "**missed**"
        lines.append(f"| {row.measure(results)} | {row.result(results)} | {row.target} | {met} |")
    return "\n".join(lines)


def update(readme: Path, results: Results) -> None:
    """Put the table of ``results`` between the markers in ``readme``."""
    put_between(readme, START, END, render(results))


def put_between(readme: Path, start: str, end: str, table: str) -> None:
    """``table`` in ``readme`` between the lines ``start`` and ``end``, in place of what was."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"{readme} has no {start} ... {end} markers")
    made = f"{start}\n{table}\n{end}"
    readme.write_text(pattern.sub(lambda _: made, text), encoding="utf-8")


def main() -> None:
    results_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results.json"
    readme = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / "README.md"
    update(readme, json.loads(results_path.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
