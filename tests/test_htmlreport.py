"""The crawl at a glance: each run's HTML report (a real crawl of the replica, with a page
gone), opened in headless Chromium: both charts drawn, no script error, nothing loaded
from the network; and the pages as functions of plain data."""

from __future__ import annotations

import shutil
import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree, html

from mayadeen.monitoring.htmlreport import daily_chart, history_page, report_path, run_page
from tests.crawl import Crawl, crawl_in_process
from tests.htmlreport import (
    chart_values,
    external_references,
    needs_chromium,
    open_in_chromium,
)
from tests.replica.server import serve


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@dataclass
class Run:
    crawl: Crawl
    page: Path
    base_url: str
    gone: str


@pytest.fixture(scope="module")
def run(replica: Path, manifest: dict, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``sections`` over Politics and Opinion, on a copy of the replica where one
    Politics story is gone (a 404)."""
    tmp = tmp_path_factory.mktemp("htmlreport")
    site = tmp / "site"
    shutil.copytree(replica / "site", site)
    gone = next(a for a in manifest["articles"] if "/news/politics" in a["sections"])
    (site / f"{gone['paths'][0].lstrip('/')}.html").unlink()
    out = tmp / "out.jsonl"
    with serve(site) as base_url:
        crawled = crawl_in_process(
            "sections", base_url, tmp / "data", {"sections": "politics,opinion"}, feeds=[out]
        )
    page = tmp / "out.jsonl.report.html"
    assert page == report_path(tmp / "out.jsonl.summary.json")
    return Run(crawled, page, base_url, base_url + gone["paths"][0])


def test_each_run_writes_its_report_beside_its_summary(run: Run) -> None:
    assert run.page.is_file()
    assert f"Run report: {run.page}" in run.crawl.log
    # Before the verdict, which stays the last line.
    assert "Crawl succeeded: " in run.crawl.log.strip().splitlines()[-1]


def test_the_report_says_the_verdict_counts_coverage_and_failures(run: Run) -> None:
    text = run.page.read_text(encoding="utf-8")
    doc = html.fromstring(text)
    items = run.crawl.items
    verdict = doc.find_class("verdict")[0]
    assert "succeeded" in verdict.classes
    assert verdict.text_content().startswith(f"Crawl succeeded: {len(items)} article(s) written")
    rows = {tr[0].text_content(): tr[1].text_content() for tr in doc.iter("tr")}
    assert rows["articles written"] == str(len(items))
    assert rows["pages that failed"] == "1"
    assert rows["http_404"] == "1"
    assert rows["title"] == f"100% of {run.crawl.stats['mayadeen/articles_parsed']}"
    assert [li.text_content() for li in doc.cssselect("ul.urls li")] == [run.gone]


def test_the_charts_count_the_articles_written_per_section_and_day(run: Run) -> None:
    doc = html.fromstring(run.page.read_text(encoding="utf-8"))
    sections_svg, days_svg = doc.cssselect("svg.pygal-chart")
    sections = Counter(item["section"] for item in run.crawl.items)
    days = Counter(item["published_at"][:10] for item in run.crawl.items)
    assert len(sections) >= 2
    assert sorted(chart_values(sections_svg)) == sorted(sections.values())
    values = chart_values(days_svg)  # every day from the first to the last, zeros included
    assert sum(values) == len(run.crawl.items) and sorted(v for v in values if v) == sorted(
        days.values()
    )
    labels = sections_svg.xpath(".//*[contains(@class, 'axis')]//*[local-name()='text']/text()")
    assert set(sections) <= set(labels)


def test_the_report_needs_no_network_and_runs_no_script(run: Run) -> None:
    text = run.page.read_text(encoding="utf-8")
    assert external_references(text) == []
    assert "<script" not in text  # pygal's inline config left out too: static SVG
    assert "<script" not in history_page({"Politics": 1}, {"2024-01-01": 1}, {})
    assert external_references('<img src="http://x/a.png">') == ["http://x/a.png"]  # the check


@needs_chromium
@pytest.mark.requires_chromium
def test_chromium_draws_both_charts_without_a_script_error(run: Run, tmp_path: Path) -> None:
    probe, png = open_in_chromium(run.page, tmp_path)
    assert probe["errors"] == [] and probe["console"] == []
    titles = [chart["title"] for chart in probe["charts"]]
    assert titles == ["Articles written per section", "Articles by publication day (UTC)"]
    sections = {item["section"] for item in run.crawl.items}
    days = {item["published_at"][:10] for item in run.crawl.items}
    sections_chart, days_chart = probe["charts"]
    assert sections_chart["bars"] == len(sections) and days_chart["bars"] >= len(days)
    for chart in probe["charts"]:
        assert chart["width"] > 500 and chart["height"] > 200
    assert png_size(png) == (1200, 2400) and len(png) > 50_000


@needs_chromium
@pytest.mark.requires_chromium
def test_the_probe_sees_a_script_error(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head></head><body>"
        '<script>throw new Error("boom")</script></body></html>',
        encoding="utf-8",
    )
    probe, _ = open_in_chromium(page, tmp_path)
    assert probe["errors"] == ["Uncaught Error: boom"] and probe["charts"] == []
    assert "Uncaught Error: boom" in probe["console"][0]


def summary(**changes: object) -> dict:
    """A failed run's summary in which no article was written."""
    base = {
        "spider": "sitemap",
        "started": "2026-11-30T10:00:00+00:00",
        "finish_reason": "finished",
        "pages": 3,
        "pages_received": 0,
        "pages_failed": 3,
        "requests": 12,
        "retries": 9,
        "blocked": 0,
        "articles": {
            "parsed": 0,
            "new": 0,
            "updated": 0,
            "unchanged": 0,
            "known_skipped": 0,
            "written": 0,
        },
        "dropped": {},
        "not_articles": {},
        "bad_values": {"images": 2},
        "failures": {"ConnectionRefusedError": 3},
        "unreachable": ["http://a/<b>&"],
        "coverage": {"title": {"share": None, "of": 0}},
        "failed": ["the site was unreachable (connection refused by a)"],
    }
    return {**base, **changes}


def test_a_run_without_articles_still_has_its_page_and_charts() -> None:
    doc = html.fromstring(run_page(summary(pages_failed=5), {}, {}))
    verdict = doc.find_class("verdict")[0]
    assert "failed" in verdict.classes
    assert verdict.text_content() == (
        "Crawl FAILED: the site was unreachable (connection refused by a)"
    )
    assert doc.cssselect("ul.urls li")[0].text_content() == "http://a/<b>&"  # escaped
    assert doc.cssselect("ul.urls li")[1].text_content() == "... 4 more"
    assert len(doc.cssselect("svg.pygal-chart")) == 2
    assert "bad value skipped: images" in doc.text_content()


def test_days_without_articles_are_drawn_at_zero() -> None:
    svg = etree.fromstring(daily_chart("t", {"a": {"2024-02-27": 2, "2024-03-02": 1}}).encode())
    assert chart_values(svg) == [2, 0, 0, 0, 1]  # 27, 28, 29 February (a leap year), 1, 2 March


@needs_chromium
@pytest.mark.requires_chromium
def test_the_history_page_draws_its_three_charts(tmp_path: Path) -> None:
    page = tmp_path / "corpus.html"
    page.write_text(
        history_page(
            {"Politics": 30, "Opinion": 12, "(no section)": 1},
            {"2024-01-01": 20, "2024-01-03": 23},
            {"2024-01-01": 20, "2024-01-02": 5, "2024-01-03": 30},
        ),
        encoding="utf-8",
    )
    probe, _ = open_in_chromium(page, tmp_path)
    assert probe["errors"] == [] and probe["console"] == []
    assert [chart["bars"] for chart in probe["charts"]] == [3, 2, 3]
