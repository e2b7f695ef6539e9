"""End to end: the ``sitemap`` backfill spider on the replica's sitemaps."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from parsel import Selector

from mayadeen.extraction.listing import is_article_path
from tests.crawl import crawl, parse_stats, read_jsonl
from tests.replica.server import serve


def sitemap_stories(site: Path, months: list[str] | None = None) -> set[str]:
    """Story paths listed in the monthly sitemaps (all, or the given ``YYYY-M`` months)."""
    paths = set()
    for file in (site / "sitemaps" / "all").glob("sitemap-*.xml"):
        month = file.stem.removeprefix("sitemap-")
        if months is None or month in months:
            locs = Selector(text=file.read_text(encoding="utf-8"), type="xml")
            locs.remove_namespaces()
            for loc in locs.xpath("//loc/text()").getall():
                path = unquote(urlsplit(loc).path)
                if is_article_path(path):
                    paths.add(path)
    return paths


def ids_of(paths: set[str], manifest: dict) -> set[str]:
    return {a["article_id"] for a in manifest["articles"] if set(a["paths"]) & paths}


def run(base_url: str, out: Path, **args: str) -> tuple[list[dict], dict, str]:
    jsonl, log = out / "items.jsonl", out / "crawl.log"
    result = crawl("sitemap", base_url, [jsonl], args=args, log_file=log)
    assert result.returncode == 0, result.stderr[-3000:]
    text = log.read_text(encoding="utf-8")
    return read_jsonl(jsonl), parse_stats(text), text


def test_all_months(replica: Path, replica_url: str, manifest: dict, tmp_path: Path) -> None:
    items, stats, log = run(replica_url, tmp_path)
    listed = sitemap_stories(replica / "site")
    assert sorted(i["article_id"] for i in items) == sorted(
        a["article_id"] for a in manifest["articles"] if set(a["paths"]) & listed
    )
    assert stats["mayadeen/skipped/not_a_story_url"] > 0  # author pages
    assert " ERROR: " not in log


def test_month_window(replica: Path, replica_url: str, manifest: dict, tmp_path: Path) -> None:
    items, stats, _ = run(replica_url, tmp_path, since="2024-01", until="2024-06")
    months = [f"2024-{m}" for m in range(1, 7)]
    assert {i["article_id"] for i in items} == ids_of(
        sitemap_stories(replica / "site", months), manifest
    )
    assert items
    assert stats["mayadeen/sitemap/months_outside_window"] > 0


def test_missing_and_malformed_sitemaps_are_counted_and_skipped(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    monthly = site / "sitemaps" / "all"
    (monthly / "sitemap-2024-1.xml").unlink()
    (monthly / "sitemap-2024-2.xml").write_text("<html>not a sitemap", encoding="utf-8")
    with serve(site) as base_url:
        items, stats, log = run(base_url, tmp_path, since="2024-01", until="2024-03")
    assert stats["mayadeen/sitemap/failed"] == 1
    assert stats["mayadeen/sitemap/invalid"] == 1
    assert re.search(r"WARNING: Sitemap \S+sitemap-2024-1\.xml failed: http_404", log)
    assert {i["article_id"] for i in items} == ids_of(
        sitemap_stories(replica / "site", ["2024-3"]), manifest
    )


def test_bad_window_fails_clearly(replica_url: str, tmp_path: Path) -> None:
    result = crawl(
        "sitemap", replica_url, [tmp_path / "x.jsonl"], args={"since": "2024-7", "until": "2024-01"}
    )
    assert result.returncode != 0
    assert "is after" in result.stderr
