"""``scrapy report``: the corpus's charts over a history made by real crawls of the replica
(``sections`` over two sections, then one story edited and fetched again: a second
revision)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree, html

from tests.crawl import PROJECT_ROOT, crawl_in_process
from tests.htmlreport import (
    chart_values,
    external_references,
    needs_chromium,
    open_in_chromium,
)
from tests.replica.build import build
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # every test runs scrapy report


@dataclass
class History:
    data_dir: Path
    items: list[dict]


@pytest.fixture(scope="module")
def history(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> History:
    tmp = tmp_path_factory.mktemp("corpus")
    data = tmp / "data"
    first = crawl_in_process(
        "sections", replica_url, data, {"sections": "politics,opinion"}, feeds=[tmp / "1.jsonl"]
    )
    edited = first.items[0]["article_id"]
    build(tmp / "replica-v2", edited_ids=(edited,))
    manifest = json.loads((tmp / "replica-v2" / "manifest.json").read_text(encoding="utf-8"))
    story = next(a for a in manifest["articles"] if a["article_id"] == edited)
    with serve(tmp / "replica-v2" / "site") as base_url:
        second = crawl_in_process(
            "article",
            base_url,
            data,
            {"url": base_url + story["paths"][0]},
            feeds=[tmp / "2.jsonl"],
        )
    assert [(i["article_id"], i["revision"]) for i in second.items] == [(edited, 2)]
    latest = {i["article_id"]: i for i in [*first.items, *second.items]}
    return History(data, list(latest.values()))


def report(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "report", *args]
    command += ["-s", f"MAYADEEN_DATA_DIR={data_dir}"]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def charts(page: Path) -> list[etree._Element]:
    return html.fromstring(page.read_text(encoding="utf-8")).cssselect("svg.pygal-chart")


def test_the_report_charts_the_whole_history(history: History, tmp_path: Path) -> None:
    page = tmp_path / "out" / "corpus.html"
    result = report("-o", str(page), data_dir=history.data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    n = len(history.items)
    location = history.data_dir / "history.sqlite3"
    assert result.stdout == f"{page}: {n} article(s), {n + 1} revision(s) from {location}\n"
    sections, days, revisions = charts(page)
    expected = Counter(item["section"] for item in history.items)
    assert sorted(chart_values(sections)) == sorted(expected.values())
    published = Counter(item["published_at"][:10] for item in history.items)
    assert sorted(v for v in chart_values(days) if v) == sorted(published.values())
    assert sum(chart_values(revisions)) == n + 1  # both crawls ran today
    text = page.read_text(encoding="utf-8")
    assert "the whole history" in text and external_references(text) == []


def test_since_keeps_the_articles_published_from_that_day(history: History, tmp_path: Path) -> None:
    days = sorted(item["published_at"][:10] for item in history.items)
    since = days[len(days) // 2]
    page = tmp_path / "since.html"
    named = ["--history", str(history.data_dir / "history.sqlite3")]
    result = report("-o", str(page), "--since", since, *named, data_dir=Path("/nonexistent"))
    assert result.returncode == 0, result.stderr[-3000:]
    kept = [item for item in history.items if item["published_at"][:10] >= since]
    assert 0 < len(kept) < len(history.items)
    sections, days_chart, _ = charts(page)
    assert sum(chart_values(sections)) == sum(chart_values(days_chart)) == len(kept)
    assert f"since {since}" in page.read_text(encoding="utf-8")


def test_no_history_or_a_bad_day_is_said_in_one_line(tmp_path: Path) -> None:
    missing = report("-o", str(tmp_path / "x.html"), data_dir=tmp_path / "none")
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"error: no history at {tmp_path / 'none' / 'history.sqlite3'}: crawl first, or give "
        "its path"
    )
    bad = report("-o", str(tmp_path / "x.html"), "--since", "2026-13", data_dir=tmp_path)
    assert bad.returncode == 2 and "--since 2026-13: expected a day, YYYY-MM-DD" in bad.stderr
    assert report(data_dir=tmp_path).returncode == 2  # no -o
    assert not (tmp_path / "x.html").exists()


@needs_chromium
@pytest.mark.requires_chromium
def test_chromium_draws_the_three_charts(history: History, tmp_path: Path) -> None:
    page = tmp_path / "corpus.html"
    assert report("-o", str(page), data_dir=history.data_dir).returncode == 0
    probe, _ = open_in_chromium(page, tmp_path)
    assert probe["errors"] == [] and probe["console"] == []
    assert [chart["title"] for chart in probe["charts"]] == [
        "Articles per section",
        "Articles by publication day (UTC)",
        "Revisions by the day seen (UTC)",
    ]
    assert all(chart["bars"] > 0 and chart["width"] > 500 for chart in probe["charts"])
