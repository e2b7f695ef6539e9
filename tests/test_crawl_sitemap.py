"""End to end: the ``sitemap`` backfill spider on the replica's sitemaps.

What a crawl should find comes from the replica's manifest: its monthly sitemaps list every
article of their month (by publication in Beirut time, as the site dates its pages) and the
author pages.
"""

from __future__ import annotations

import gzip
import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from tests.crawl import crawl, parse_stats, read_jsonl
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # every test runs scrapy crawl

BEIRUT = ZoneInfo("Asia/Beirut")


def ids_published_in(manifest: dict, months: list[str] | None = None) -> list[str]:
    """Sorted ids of the articles published in the given ``YYYY-M`` months (default: all)."""
    ids = []
    for article in manifest["articles"]:
        day = datetime.fromisoformat(article["published"]).astimezone(BEIRUT)
        if months is None or f"{day.year}-{day.month}" in months:
            ids.append(article["article_id"])
    return sorted(ids)


def listed_urls(site: Path) -> int:
    """How many URLs the monthly sitemaps list, stories and other pages."""
    count = 0
    for file in (site / "sitemaps" / "all").glob("sitemap-*.xml"):
        locs = Selector(text=file.read_text(encoding="utf-8"), type="xml")
        locs.remove_namespaces()
        count += len(locs.xpath("//url/loc"))
    return count


def run(base_url: str, out: Path, **args: str) -> tuple[list[dict], dict, str]:
    jsonl, log = out / "items.jsonl", out / "crawl.log"
    result = crawl("sitemap", base_url, [jsonl], args=args, log_file=log)
    assert result.returncode == 0, result.stderr[-3000:]
    text = log.read_text(encoding="utf-8")
    return read_jsonl(jsonl), parse_stats(text), text


def test_all_months(replica: Path, replica_url: str, manifest: dict, tmp_path: Path) -> None:
    items, stats, log = run(replica_url, tmp_path)
    assert sorted(i["article_id"] for i in items) == ids_published_in(manifest)
    stories = len(manifest["articles"])
    assert stats["mayadeen/sitemap/story_urls"] == stories
    authors = listed_urls(replica / "site") - stories
    assert authors > 0
    assert stats["mayadeen/skipped/not_a_story_url"] == authors
    assert " ERROR: " not in log


def test_month_window(replica_url: str, manifest: dict, tmp_path: Path) -> None:
    items, stats, _ = run(replica_url, tmp_path, since="2024-01", until="2024-06")
    expected = ids_published_in(manifest, [f"2024-{m}" for m in range(1, 7)])
    assert expected
    assert sorted(i["article_id"] for i in items) == expected
    assert stats["mayadeen/sitemap/urlset"] == 6
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
    assert re.search(r"WARNING: Sitemap \S+sitemap-2024-2\.xml failed: not a sitemap", log)
    assert sorted(i["article_id"] for i in items) == ids_published_in(manifest, ["2024-3"])


def test_gzipped_sitemaps_are_read(replica: Path, manifest: dict, tmp_path: Path) -> None:
    """The index lists a gzipped index, which lists a gzipped monthly sitemap.

    The replica's server answers ``/sitemaps/...xml`` from those files; any other path
    ``P`` from the file ``P.html`` (as ``text/html``): that is how the ``.xml.gz`` files
    are served here, gzip bytes with no ``Content-Encoding``, as a site serves them."""
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    sitemaps = site / "sitemaps"
    monthly = sitemaps / "all" / "sitemap-2024-3.xml"
    (sitemaps / "all" / "sitemap-2024-3.xml.gz.html").write_bytes(
        gzip.compress(monthly.read_bytes())
    )
    monthly.unlink()
    index = (sitemaps / "all.xml").read_text(encoding="utf-8")
    (sitemaps / "archive.xml.gz.html").write_bytes(
        gzip.compress(index.replace("/sitemap-2024-3.xml<", "/sitemap-2024-3.xml.gz<").encode())
    )
    (sitemaps / "all.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://english.almayadeen.net/sitemaps/archive.xml.gz</loc></sitemap>"
        "</sitemapindex>\n",
        encoding="utf-8",
    )
    with serve(site) as base_url:
        items, stats, log = run(base_url, tmp_path, since="2024-03", until="2024-03")
    expected = ids_published_in(manifest, ["2024-3"])
    assert expected
    assert sorted(i["article_id"] for i in items) == expected
    assert stats["mayadeen/sitemap/sitemapindex"] == 2
    assert stats["mayadeen/sitemap/urlset"] == 1
    assert "mayadeen/sitemap/invalid" not in stats
    assert " ERROR: " not in log


def test_a_gzipped_sitemap_served_as_xml_is_read(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    """A monthly sitemap whose bytes are gzip, under its ``.xml`` path and an XML content type
    (no ``Content-Encoding``): read by its bytes, as ``.xml.gz`` files are."""
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    monthly = site / "sitemaps" / "all" / "sitemap-2024-3.xml"
    monthly.write_bytes(gzip.compress(monthly.read_bytes()))
    with serve(site) as base_url:
        items, stats, log = run(base_url, tmp_path, since="2024-03", until="2024-03")
    expected = ids_published_in(manifest, ["2024-3"])
    assert expected
    assert sorted(i["article_id"] for i in items) == expected
    assert stats["mayadeen/sitemap/urlset"] == 1
    assert "mayadeen/sitemap/invalid" not in stats
    assert " ERROR: " not in log


def test_bad_window_fails_clearly(replica_url: str, tmp_path: Path) -> None:
    result = crawl(
        "sitemap", replica_url, [tmp_path / "x.jsonl"], args={"since": "2024-7", "until": "2024-01"}
    )
    assert result.returncode != 0
    assert "is after" in result.stderr


def test_monthly_sitemaps_are_read_one_after_the_other(replica: Path, tmp_path: Path) -> None:
    """Memory stays flat however many months a backfill reads: a monthly sitemap is asked
    for once the stories of the one before it have been requested, so the stories queued
    are at most two months'. (Requests sent together may reach the server in either order:
    checked against the month before the one before.)"""
    month_of: dict[str, str] = {}
    for file in (replica / "site" / "sitemaps" / "all").glob("sitemap-*.xml"):
        locs = Selector(text=file.read_text(encoding="utf-8"), type="xml")
        locs.remove_namespaces()
        for loc in locs.xpath("//url/loc/text()").getall():
            month_of[unquote(re.sub(r"^https?://[^/]+", "", loc))] = file.name
    with serve(replica / "site") as base_url:
        run(base_url, tmp_path)
        served = [unquote(s.path) for s in base_url.log]
    sitemaps = [p.rsplit("/", 1)[1] for p in served if p.startswith("/sitemaps/all/")]
    assert len(sitemaps) == len(set(month_of.values())) > 3
    for earlier, _, later in zip(sitemaps, sitemaps[1:], sitemaps[2:], strict=False):
        asked = served.index(f"/sitemaps/all/{later}")
        stories = {p for p, month in month_of.items() if month == earlier and "/authors/" not in p}
        assert stories <= set(served[:asked]), f"{later} before the stories of {earlier}"
