"""End to end: the ``sections`` spider walking the replica's menus and listings (in process;
``scrapy crawl`` itself for bad arguments and a failed run's exit status)."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mayadeen.extraction.listing import menu_entries
from mayadeen.spiders.sections import SectionsSpider
from tests.crawl import crawl, crawl_in_process
from tests.expectations import assert_items_as_expected, retitled
from tests.replica.server import serve


def run(base_url: str, out: Path, **args: str) -> tuple[list[dict], dict]:
    """Crawl with ``sections`` in process, writing ``items.jsonl`` in ``out``; a crawl
    that succeeds without an error: returns its items and final stats."""
    crawled = crawl_in_process("sections", base_url, out, args, feeds=[out / "items.jsonl"])
    assert " ERROR: " not in crawled.log, crawled.log[-3000:]
    assert crawled.stats["mayadeen/verdict"] == "succeeded"
    return crawled.items, crawled.stats


@pytest.fixture(scope="module")
def full(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict]:
    return run(replica_url, tmp_path_factory.mktemp("sections"))


def menu_paths(base_url: str, out: Path) -> dict[str, str]:
    """Trail -> path of every menu entry, as the crawler reads them."""
    html = (out / "index.html").read_text(encoding="utf-8")
    return {e.trail: e.path for e in menu_entries(Selector(text=html), base_url + "/")}


def test_every_menu_reachable_article_is_scraped_exactly_once(
    full: tuple[list[dict], dict], manifest: dict, replica: Path
) -> None:
    items, stats = full
    counts = Counter(item["article_id"] for item in items)
    assert counts == Counter({a["article_id"]: 1 for a in manifest["articles"]})
    assert_items_as_expected(items, replica)
    assert stats["mayadeen/getmore_pages"] > 0
    assert stats["mayadeen/loadwidget_pages"] >= 1
    assert stats["downloader/request_method_count/GET"] == stats["downloader/response_count"]


def test_found_in_names_every_listing_that_showed_the_article(
    full: tuple[list[dict], dict], manifest: dict, replica: Path, replica_url: str
) -> None:
    items, _ = full
    trail_to_path = menu_paths(replica_url, replica / "site")
    sections = {a["article_id"]: set(a["sections"]) for a in manifest["articles"]}
    for item in items:
        assert {trail_to_path[t] for t in item["found_in"]} == sections[item["article_id"]]


def test_only_the_site_host_is_fetched(full: tuple[list[dict], dict]) -> None:
    _, stats = full
    assert stats.get("offsite/filtered", 0) == 0
    assert stats["downloader/response_status_count/200"] == stats["downloader/response_count"]


def test_sections_filter_by_label_or_slug(replica_url: str, manifest: dict, tmp_path: Path) -> None:
    items, stats = run(replica_url, tmp_path, sections="POLITICS,infographs")
    assert stats["mayadeen/sections"] == 2
    wanted = {
        a["article_id"]
        for a in manifest["articles"]
        if {"/news/politics", "/infographs"} & set(a["sections"])
    }
    assert {i["article_id"] for i in items} == wanted
    assert all(set(i["found_in"]) <= {"News > Politics", "Infographs"} for i in items)


def test_max_pages_limits_paging(replica_url: str, tmp_path: Path) -> None:
    items, stats = run(replica_url, tmp_path, sections="politics", max_pages="2")
    assert stats["mayadeen/listing_pages"] == 1
    assert stats["mayadeen/getmore_pages"] == 1
    assert stats["mayadeen/paging_stopped/max_pages"] == 1
    assert len(items) == 20  # the replica shows 10 cards a page


def test_since_stops_paging_and_drops_older_articles(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    dates = sorted(a["published"][:10] for a in manifest["articles"])
    since = dates[len(dates) * 3 // 4]  # the newest quarter
    items, stats = run(replica_url, tmp_path, since=since)
    newer = {a["article_id"] for a in manifest["articles"] if a["published"][:10] >= since}
    assert {i["article_id"] for i in items} == newer
    assert all(i["published_at"][:10] >= since for i in items)
    assert stats["mayadeen/paging_stopped/since"] > 0


@pytest.mark.parametrize("bad", [{"max_pages": "0"}, {"since": "2024-13-01"}])
@pytest.mark.subprocess
def test_bad_arguments_fail_clearly(replica_url: str, tmp_path: Path, bad: dict) -> None:
    result = crawl("sections", replica_url, [tmp_path / "x.jsonl"], args=bad)
    assert result.returncode != 0
    assert f"-a {next(iter(bad))}=" in result.stderr


def test_a_new_menu_entry_is_crawled_without_code_change(replica: Path, tmp_path: Path) -> None:
    """Add a menu entry (and its listing page) to a copy of the replica."""
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    html, added = re.subn(
        r'(<a href="/infographs">)',
        r'<a href="/news/foreign-press">Foreign Press</a></li><li class="nav_item">\1',
        html,
        count=1,
    )
    assert added == 1
    home.write_text(html, encoding="utf-8")
    # The listing of the new entry shows the foreign-press stories (no "More" button).
    stories = sorted((site / "articles" / "foreign-press").glob("*.html"))
    assert stories
    cards = "".join(
        f'<div class="tab_item_info"><a href="/articles/foreign-press/{s.stem}">{s.stem}</a></div>'
        for s in stories
    )
    (site / "news" / "foreign-press.html").write_text(
        f'<html><head><meta name="postid" content="1"></head><body><main>{cards}</main>'
        "</body></html>",
        encoding="utf-8",
    )
    with serve(site) as base_url:
        items, _ = run(base_url, tmp_path, sections="foreign press")
    ids = {
        json.loads(s.with_name(s.stem + ".expected.json").read_text())["article_id"]
        for s in stories
    }
    assert {i["article_id"] for i in items} == ids
    assert {t for i in items for t in i["found_in"]} == {"Foreign Press"}


def test_missing_menu_is_a_warning_not_a_crash(replica: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    home = site / "index.html"
    home.write_text(
        re.sub(r"<header.*?</header>", "", home.read_text(encoding="utf-8"), flags=re.S),
        encoding="utf-8",
    )
    with serve(site) as base_url:
        crawled = crawl_in_process("sections", base_url, tmp_path)
    assert crawled.stats["mayadeen/verdict"] == "succeeded"
    assert "No header menu found on the homepage" in crawled.log


def test_an_old_slug_hands_its_listings_to_the_current_address(
    manifest: dict, replica: Path
) -> None:
    """Both addresses of a retitled story listed: one item, found in both listings."""
    moved = retitled(manifest)
    current = moved["paths"][0]
    old = next(p for p in moved["paths"] if p != current)
    crawler = get_crawler(SectionsSpider, {"MAYADEEN_BASE_URL": "https://english.almayadeen.net"})
    crawler.stats.open_spider()
    spider = SectionsSpider.from_crawler(crawler)
    # Both requested, neither parsed yet.
    spider.record([current], "News > Politics")
    spider.record([old], "In Pictures")
    spider.stories.want([old, current])

    def page(path: str) -> HtmlResponse:
        body = (replica / "site" / f"{path.lstrip('/')}.html").read_bytes()
        return HtmlResponse(f"https://english.almayadeen.net{path}", body=body, encoding="utf-8")

    assert list(spider.parse_story(page(old), old)) == []
    (item,) = spider.parse_story(page(current), current)
    assert item.article_id == moved["article_id"]
    assert item.found_in == ["News > Politics", "In Pictures"]
    assert crawler.stats.get_value("mayadeen/aliases_merged") == 1


@pytest.mark.subprocess
def test_a_failed_crawl_exits_non_zero_and_says_why(tmp_path: Path) -> None:
    dead = "http://127.0.0.1:9"  # discard port: nothing listens
    result = crawl("sections", dead, [tmp_path / "x.jsonl"], settings={"RETRY_TIMES": "0"})
    assert result.returncode == 1
    assert "Crawl FAILED: " in result.stderr


def test_one_normal_run_completes_what_a_limited_walk_left_out(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    """``-a max_pages`` leaves a section's older stories unseen and sets no watermark: the
    next run reads the listing to its end, and the one after stops at the first page its
    watermark covers."""
    politics = {a["article_id"] for a in manifest["articles"] if "/news/politics" in a["sections"]}

    def again(**args: str) -> tuple[list[dict], dict]:
        crawled = crawl_in_process(
            "sections", replica_url, tmp_path, args={"sections": "politics", **args}
        )
        assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
        return crawled.items, crawled.stats

    limited, stats = again(max_pages="1")
    assert len(limited) == 10 and stats["mayadeen/incremental/watermarks_advanced"] == 0
    rest, stats = again()
    assert stats["mayadeen/incremental/listings_read/no_watermark"] == 1
    assert stats["mayadeen/getmore_end"] == 1  # read to its end
    union = Counter(i["article_id"] for i in [*limited, *rest])
    assert union == Counter(dict.fromkeys(politics, 1))  # every story once, none doubled
    items, stats = again()  # covered now: the first page is enough
    assert items == [] and stats["mayadeen/paging_stopped/covered"] == 1
    assert "mayadeen/getmore_pages" not in stats


def test_the_videos_menu_with_stories_without_text_is_no_false_alarm(
    replica_url: str, manifest: dict, replica: Path, tmp_path: Path
) -> None:
    """Player-only videos and newscasts have no body: they come out with ``body == ""``,
    and the body coverage monitor judges only the stories that have words."""
    videos = {
        a["article_id"]: a for a in manifest["articles"] if a["section"].startswith("/videos")
    }
    assert any(not a["has_text"] for a in videos.values())
    items, stats = run(replica_url, tmp_path, sections="videos")  # exit 0, no ERROR
    assert {i["article_id"] for i in items} == set(videos)
    assert_items_as_expected(items, replica)
    for item in items:
        assert (item["body"] == "") == (not videos[item["article_id"]]["has_text"])
    summary = json.loads((tmp_path / "items.jsonl.summary.json").read_text(encoding="utf-8"))
    # The replica's video pages say word_count "0", as the live ones do: no body expected.
    assert summary["coverage"]["body"]["of"] == stats.get("mayadeen/coverage_expected/body", 0)
    assert summary["coverage"]["title"] == {"share": 1.0, "of": len(items)}
    assert summary["failed"] == []
