"""A hostile network and bad input: retries, Retry-After, blocks, layout drift, odd pages."""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.utils.test import get_crawler

from mayadeen.extraction.article import ArticlePage, extract_article
from mayadeen.pipelines import Dropped, ValidatePipeline
from mayadeen.spiders.article import ArticleSpider
from tests.crawl import Crawl, crawl_in_process
from tests.expectations import assert_items_as_expected, expected_by_id
from tests.replica.server import Faults, serve

LIVE = "https://english.almayadeen.net"

#: Faster than a live crawl, slow enough to let a hung answer time out.
FAULTY_NETWORK = {"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "3", "MAYADEEN_RETRY_BACKOFF": "0.05"}


def sections(base_url: str, out: Path, **settings: str) -> Crawl:
    """The ``sections`` spider in process, writing ``items.jsonl`` (and its summary) in
    ``out``."""
    return crawl_in_process(
        "sections", base_url, out, settings=settings, feeds=[out / "items.jsonl"]
    )


def crawl_articles(base_url: str, out: Path, urls: list[str], **settings: str) -> Crawl:
    """The ``article`` spider in process on ``urls``, writing ``x.jsonl`` (and its summary)
    in ``out``."""
    return crawl_in_process(
        "article",
        base_url,
        out,
        args={"urls": ",".join(urls)},
        settings=settings,
        feeds=[out / "x.jsonl"],
    )


@pytest.mark.slow
def test_a_fifth_of_requests_failing_every_way_still_yields_every_article_once(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    faults = Faults(
        rate=0.2,
        kinds=(
            *("500", "502", "503", "429", "reset", "truncate", "timeout"),
            *("challenge403", "challenge503", "challenge200"),
        ),
        seed=3,
        max_per_path=2,
        hang_seconds=2.0,
    )
    with serve(replica / "site", faults=faults) as base_url:
        crawled = sections(base_url, tmp_path, **FAULTY_NETWORK)
        outcomes = {outcome for _, _, outcome in base_url.log}
    assert outcomes >= {"500", "429", "reset", "truncate", "timeout", "challenge200"}
    stats = crawled.stats
    assert stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    assert sorted(i["article_id"] for i in crawled.items) == sorted(expected_by_id(replica))
    assert_items_as_expected(crawled.items, replica)  # nothing from an error or challenge page
    assert stats["retry/count"] > 0
    assert stats["mayadeen/blocked"] > 0
    assert stats.get("mayadeen/not_article/challenge_page", 0) == 0  # never reached a parser


@pytest.mark.slow
def test_retry_after_is_obeyed(replica: Path, manifest: dict, tmp_path: Path) -> None:
    urls = [a["url"] for a in manifest["articles"][:4]]
    faults = Faults(rate=1.0, kinds=("429",), max_per_path=1, retry_after=1)
    with serve(replica / "site", faults=faults) as base_url:
        crawled = crawl_articles(base_url, tmp_path, urls, **FAULTY_NETWORK)
        served = list(base_url.log)
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    assert len(crawled.items) == 4
    times: dict[str, list[tuple[float, object]]] = defaultdict(list)
    for moment, path, outcome in served:
        times[path].append((moment, outcome))
    story_paths = [p for p in times if p.startswith(("/news/", "/articles/", "/videos/"))]
    assert story_paths
    for path in story_paths:
        (first, outcome), (second, _) = times[path][:2]
        assert outcome == "429"
        assert second - first >= 0.95, f"{path} retried {second - first:.2f}s after its 429"
    assert crawled.stats["mayadeen/slowed_down"] >= 1


def test_a_sustained_block_stops_the_crawl_as_blocked(replica: Path, tmp_path: Path) -> None:
    with serve(replica / "site", faults=Faults(block_after=40)) as base_url:
        crawled = sections(base_url, tmp_path, **FAULTY_NETWORK, MAYADEEN_BLOCK_LIMIT="10")
    stats = crawled.stats
    assert stats["mayadeen/verdict"] == "failed"
    assert stats["finish_reason"] == "blocked"
    assert "Crawl FAILED: the site blocked the crawl (" in crawled.log.splitlines()[-1]
    assert stats["mayadeen/blocked"] >= 10
    summary = json.loads((tmp_path / "items.jsonl.summary.json").read_text())
    assert summary["finish_reason"] == "blocked" and summary["blocked"] >= 10
    assert all(i["title"] != "Just a moment..." for i in crawled.items)


def test_unreachable_pages_are_listed_at_the_end(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    doomed = [a["paths"][0] for a in manifest["articles"][:2]]
    faults = Faults(rate=1.0, kinds=("503",), max_per_path=10)  # every request fails
    with serve(replica / "site", faults=faults) as base_url:
        crawled = crawl_articles(base_url, tmp_path, [LIVE + p for p in doomed], **FAULTY_NETWORK)
    # Two pages given up on are a warning, not a failed run (MAYADEEN_FAILED_PAGES_MIN).
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    summary = json.loads((tmp_path / "x.jsonl.summary.json").read_text())
    assert sorted(summary["unreachable"]) == sorted(base_url + p for p in doomed)
    assert summary["failures"] == {"http_503": 2} and summary["failed"] == []
    assert "failed pages (2):" in crawled.log
    assert crawled.log.splitlines()[-1].endswith(
        "Crawl succeeded: 0 article(s) written; 2 page(s) failed (http_503 (2)), "
        "listed in the summary"
    )


def test_offsite_redirects_loops_and_oversized_pages_are_counted(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    stories = [a["paths"][0] for a in manifest["articles"][:6]]
    faults = Faults(
        redirect_offsite=frozenset(stories[:1]),
        redirect_loop=frozenset(stories[1:2]),
        oversized=frozenset(stories[2:3]),
        oversized_bytes=3_000_000,
    )
    with serve(replica / "site", faults=faults) as base_url:
        crawled = crawl_articles(
            base_url,
            tmp_path,
            [LIVE + p for p in stories],
            **FAULTY_NETWORK,
            DOWNLOAD_MAXSIZE="1000000",
            REDIRECT_MAX_TIMES="5",
        )
    stats = crawled.stats
    assert len(crawled.items) == 3  # the other three still came through
    assert stats["offsite/filtered"] == 1
    assert stats["mayadeen/download_failed/redirect_loop"] == 1
    assert stats["mayadeen/download_failed/too_large"] == 1


# --- layout drift -----------------------------------------------------------------------


def test_a_theme_change_that_hides_the_body_fails_the_run_and_says_why(
    replica: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="p-content"' in text:
            page.write_text(text.replace('class="p-content"', 'class="article-text"'), "utf-8")
    with serve(site) as base_url:
        crawled = sections(base_url, tmp_path)
    items = crawled.items
    assert crawled.stats["mayadeen/verdict"] == "failed"
    assert re.search(r"Crawl FAILED: .*body coverage 0% < 95%", crawled.log)
    summary = json.loads((tmp_path / "items.jsonl.summary.json").read_text())
    assert summary["coverage"]["body"]["share"] == 0.0
    assert summary["coverage"]["title"] == {"share": 1.0, "of": summary["articles"]["parsed"]}
    assert any("body coverage" in problem for problem in summary["failed"])
    # No text story came out empty: each was dropped for its missing body. Only the stories
    # whose metadata says they have no words (videos, galleries, ...) came out, as they are.
    assert {i["body"] for i in items} == {""}
    paths = [urlsplit(i["url"]).path for i in items]
    assert all(re.match(r"/(videos|infographs|in-pictures|newscast)/", p) for p in paths)
    assert summary["dropped"]["missing_body"] == summary["articles"]["parsed"] - len(items)
    assert summary["dropped"]["missing_body"] > 100


# --- odd pages --------------------------------------------------------------------------


def article_page(replica: Path) -> tuple[str, str]:
    page = next((replica / "site" / "news" / "politics").glob("*.html"))
    return page.read_text(encoding="utf-8"), f"{LIVE}/news/politics/x"


def test_impossible_dates_are_dropped_with_a_reason(replica: Path) -> None:
    html, url = article_page(replica)
    broken = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", "2024-02-30T25:61:00", html)
    broken = re.sub(r'class="post-date">[^<]*<', 'class="post-date">31 Feb 2024 25:61<', broken)
    article = extract_article(ArticlePage(broken, url))
    assert article.published_at is None and article.title
    crawler = get_crawler(ArticleSpider, {"MAYADEEN_BASE_URL": LIVE})
    crawler.stats.open_spider()
    with pytest.raises(Dropped) as dropped:
        ValidatePipeline.from_crawler(crawler).process_item(article)
    assert dropped.value.reason == "missing_published_at"
    assert crawler.stats.get_stats() == {"mayadeen/dropped/missing_published_at": 1}


def test_malformed_html_and_missing_metadata_still_parse(replica: Path) -> None:
    html, url = article_page(replica)
    expected = extract_article(ArticlePage(html, url))
    # Unclosed tags everywhere after the body starts: lxml recovers.
    malformed = re.sub(r"</(p|div|span|figure|figcaption|a)>", "", html)
    assert extract_article(ArticlePage(malformed, url)).article_id == expected.article_id
    # No metadata block, meta tags or JSON-LD: the visible markup carries the core fields.
    bare = re.sub(r"<script[^>]*(tawsiyat|ld\+json)[^>]*>.*?</script>", "", html, flags=re.S)
    bare = re.sub(r"<meta [^>]*>", "", bare)
    bare = bare.replace(
        "<head>",
        '<head><meta property="og:type" content="article">'
        f'<meta name="postid" content="{expected.article_id}">',
        1,
    )
    fallback = extract_article(ArticlePage(bare, url))
    assert (fallback.title, fallback.body) == (expected.title, expected.body)
    assert fallback.published_at[:16] == expected.published_at[:16]  # the visible minute


def test_a_page_in_the_wrong_charset_does_not_crash_the_crawl(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    story = manifest["articles"][0]
    page = site / f"{story['paths'][0].lstrip('/')}.html"
    text = page.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1256"')
    page.write_bytes(text.encode("utf-8"))  # declared windows-1256, really UTF-8
    with serve(site) as base_url:
        crawled = crawl_articles(base_url, tmp_path, [story["url"]])
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-2000:]
    (item,) = crawled.items
    assert item["article_id"] == story["article_id"]  # ids and dates survive a bad charset


def test_an_xml_bomb_sitemap_is_not_expanded(replica: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    bomb += "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    bomb += ']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>'
    (site / "sitemaps" / "all" / "sitemap-2024-1.xml").write_text(bomb)
    with serve(site) as base_url:
        crawled = crawl_in_process(
            "sitemap", base_url, tmp_path, args={"since": "2024-01", "until": "2024-02"}
        )
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-2000:]
    assert crawled.stats.get("mayadeen/skipped/not_a_story_url", 0) <= 10  # nothing blew up
    assert crawled.items  # February's stories came through
