"""The scale bench's table, made from ``bench/scale-results.json``: one row per figure and
backend, a column per size, the ratio of the largest size to the smallest, the target of
issue 26 and whether it is met at the largest size measured (the targets are for 1M
articles). ``bench/scale.py`` writes it into ``bench/README.md`` (between the ``scale``
markers) after every run; by hand::

    python bench/scale_table.py [bench/scale-results.json] [bench/README.md]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import put_between  # noqa: E402

START, END = "<!-- scale: made by bench/scale.py -->", "<!-- /scale -->"

Run = dict[str, Any]
Results = dict[str, Any]

#: Peak RSS and the figures that must stay flat: the largest size within this of the smallest.
FLAT = 1.3
#: Search at the largest size, SQLite (ms), and PostgreSQL's against SQLite's.
SEARCH_MS, POSTGRES_SEARCH = 50, 1.5
INCREMENTAL = 1.5
FIRST_ROW_S, TEMP_MB = 1.0, 5.0
#: The history's size: the issue's row is a SQLite file's. PostgreSQL's is reported: its own
#: text search keeps a ``tsvector`` and a GIN index an article, more than 4 KB with the rows
#: (bench/README.md).
BYTES_PER_ARTICLE = 4096


@dataclass(frozen=True)
class Figure:
    """One row: its name, its value in a run (a number, or text), how a value reads, its
    target and whether the run at the largest size (and the smallest) meets it."""

    name: str
    value: Callable[[Run], Any]
    shown: Callable[[Any], str]
    target: str
    met: Callable[[Results, str, Run, Run], bool | None]


def _ms(value: Any) -> str:
    return "n/a" if value is None else f"{value:,}"


def _search(name: str, label: str) -> Figure:
    def value(run: Run) -> Any:
        if name == "phrase" and not run.get("phrase_search"):
            return None  # the hits do not all hold the phrase: not phrase search
        return run["search_ms"][name]

    def met(results: Results, backend: str, small: Run, large: Run) -> bool | None:
        if value(large) is None:
            return False
        if backend == "postgresql":
            sqlite = results["backends"].get("sqlite", {}).get("runs", {})
            size = max(results["backends"][backend]["runs"], key=int)
            if size not in sqlite or value(sqlite[size]) is None:
                return None
            return bool(value(large) <= POSTGRES_SEARCH * max(value(sqlite[size]), SEARCH_MS))
        return bool(value(large) <= SEARCH_MS)

    return Figure(
        f"search, {label}, `--limit 20`, in-process ms",
        value,
        _ms,
        f"<= {SEARCH_MS} ms at 1M (PostgreSQL: <= {POSTGRES_SEARCH}x that, or SQLite's if slower)",
        met,
    )


def _flat(name: str, value: Callable[[Run], Any], limit: float = FLAT) -> Figure:
    def met(results: Results, backend: str, small: Run, large: Run) -> bool | None:
        if small is large:  # one size: no ratio to judge
            return None
        return bool(value(large) <= limit * value(small))

    return Figure(name, value, lambda v: f"{v:,}", f"<= {limit}x the smallest", met)


FIGURES = [
    Figure(
        "history, bytes per article",
        lambda run: run["bytes_per_article"],
        lambda v: f"{v:,}",
        f"<= {BYTES_PER_ARTICLE:,} at 1M (a SQLite file; PostgreSQL's reported)",
        lambda results, backend, small, large: (
            None if backend == "postgresql" else large["bytes_per_article"] <= BYTES_PER_ARTICLE
        ),
    ),
    _search("common", "a common word (`said`)"),
    _search("rare", "a rare word (`digitised`)"),
    _search("two_words", "two words (`ceasefire talks`)"),
    _search("phrase", 'a quoted phrase (`"sanctions vote"`; n/a: hits without it)'),
    _search("phrase_apart", 'a phrase of words seldom together (`"vote sanctions"`)'),
    _search("since", "the common word `--since 2022-01-01`"),
    _search("section", "the common word `--section Politics`"),
    _flat("`revisions` of an edited article, in-process ms", lambda run: run["revisions_ms"], 1.5),
    _flat("opening the history, in-process ms", lambda run: run["open_ms"], 1.5),
    _flat(
        "incremental `sections` run, nothing new: spider open to close, s",
        lambda run: run["incremental"]["seconds"],
        INCREMENTAL,
    ),
    _flat("requests per incremental run", lambda run: run["incremental"]["requests"], 1.0),
    Figure(
        "`scrapy export` JSONL: time to the first row, s",
        lambda run: run["export"]["first_row_seconds"],
        lambda v: f"{v:,}",
        f"<= {FIRST_ROW_S} s at 1M",
        lambda results, backend, small, large: large["export"]["first_row_seconds"] <= FIRST_ROW_S,
    ),
    Figure(
        "`scrapy export` JSONL: peak temporary disk, MB",
        lambda run: run["export"]["temp_peak_mb"],
        lambda v: f"{v:,}",
        f"<= {TEMP_MB} MB",
        lambda results, backend, small, large: large["export"]["temp_peak_mb"] <= TEMP_MB,
    ),
    *(
        _flat(
            f"peak RSS of `{name}`, MB" + (" (the incremental run)" if key == "crawl" else ""),
            lambda run, n=key: run["peak_rss_mb"][n],
        )
        for name, key in (
            ("scrapy search", "search"),
            ("scrapy revisions", "revisions"),
            ("scrapy export", "export"),
            ("scrapy crawl sections", "crawl"),
        )
    ),
]


def _size(size: str) -> str:
    n = int(size)
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return f"{n:,}"


def missing(results: Results) -> list[str]:
    """The figures a run did not produce."""
    gone = []
    for backend, data in results["backends"].items():
        for size, run in data["runs"].items():
            for figure in FIGURES:
                try:
                    figure.value(run)
                except (KeyError, TypeError) as exc:
                    gone.append(f"{backend} {size} {figure.name}: {exc!r}")
    return gone


def render(results: Results) -> str:
    """The Markdown table of ``results``."""
    sizes = sorted({s for b in results["backends"].values() for s in b["runs"]}, key=int)
    head = ["figure", "backend", *map(_size, sizes), "ratio", "target", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for figure in FIGURES:
        for backend, data in results["backends"].items():
            runs = data["runs"]
            ordered = sorted(runs, key=int)
            small, large = runs[ordered[0]], runs[ordered[-1]]
            cells = []
            for size in sizes:
                cells.append(figure.shown(figure.value(runs[size])) if size in runs else "")
            first, last = figure.value(small), figure.value(large)
            ratio = f"{last / first:.2f}x" if first and last is not None and len(runs) > 1 else ""
            met = figure.met(results, backend, small, large)
            verdict = {True: "met", False: "**missed**", None: ""}[met]
            row = [figure.name, backend, *cells, ratio, figure.target, verdict]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def update(readme: Path, results: Results) -> None:
    """Put the table of ``results`` between the markers in ``readme``."""
    put_between(readme, START, END, render(results))


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "scale-results.json"
    readme = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / "README.md"
    update(readme, json.loads(path.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
