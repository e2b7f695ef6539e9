"""End to end: the ``article`` spider against the served replica (in process; ``scrapy
crawl`` itself for its exit status and usage errors; ``scrapy parse``:
``tests/test_commands.py``)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mayadeen.items import ARTICLE_FIELDS
from tests.crawl import Crawl, crawl, crawl_in_process, parse_stats, read_jsonl
from tests.expectations import expected_by_id, retitled

LIVE = "https://english.almayadeen.net"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the module's crawl: its data dir and its feeds."""
    return tmp_path_factory.mktemp("crawl")


@pytest.fixture(scope="module")
def crawled(replica: Path, replica_url: str, out: Path) -> Crawl:
    return crawl_in_process(
        "article",
        replica_url,
        out,
        args={"urls_file": str(replica / "urls.txt")},
        feeds=[out / "articles.jsonl", out / "articles.csv"],
    )


def test_every_replica_article_is_scraped_once_and_correct(
    crawled: Crawl, replica: Path, out: Path
) -> None:
    expected = expected_by_id(replica)
    ids = [item["article_id"] for item in crawled.items]
    assert sorted(ids) == sorted(expected)  # each exactly once
    for item in crawled.items:
        want = expected[item["article_id"]]
        assert {k: item[k] for k in want} == want
        assert item["scraped_at"].endswith("+00:00")
    assert crawled.stats["mayadeen/verdict"] == "succeeded"
    assert " ERROR: " not in crawled.log
    assert read_jsonl(out / "articles.jsonl") == crawled.items  # the feed holds them all
    assert not (out / "article").exists()  # the run's feeds replaced the default feeds


def test_csv_round_trips_to_the_jsonl_items(crawled: Crawl, out: Path) -> None:
    with (out / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ARTICLE_FIELDS
        rows = {row["article_id"]: row for row in reader}
    for item in crawled.items:
        row = rows[item["article_id"]]
        assert json.loads(row["images"]) == item["images"]
        assert (row["authors"].split(" | ") if row["authors"] else []) == item["authors"]
        assert (row["tags"].split(" | ") if row["tags"] else []) == item["tags"]
        assert row["body"] == (item["body"] or "")
        assert row["word_count"] == str(item["word_count"])


def test_changed_slug_old_url_gives_the_same_article(
    manifest: dict, replica_url: str, tmp_path: Path
) -> None:
    moved = retitled(manifest)
    urls = ",".join(f"{LIVE}{p}" for p in moved["paths"])
    crawled = crawl_in_process("article", replica_url, tmp_path, args={"urls": urls})
    assert len(moved["paths"]) == 2
    assert [(i["article_id"], i["url"]) for i in crawled.items] == [
        (moved["article_id"], moved["url"])
    ]
    assert crawled.stats["mayadeen/dropped/duplicate"] == 1


def test_off_site_and_bad_urls_are_refused_before_any_request(
    manifest: dict, replica_url: str, tmp_path: Path
) -> None:
    article = manifest["articles"][0]
    urls = [
        f"{LIVE}{article['paths'][0]}",
        "https://example.com/news/politics/elsewhere",  # must never be requested
        "ftp://english.almayadeen.net/news/x",
        "news/politics/no-scheme",
    ]
    crawled = crawl_in_process("article", replica_url, tmp_path, args={"urls": ",".join(urls)})
    assert [i["article_id"] for i in crawled.items] == [article["article_id"]]
    stats = crawled.stats
    assert stats["mayadeen/verdict"] == "succeeded"
    assert stats["mayadeen/bad_input/offsite_url"] == 1
    assert stats["mayadeen/bad_input/not_http_url"] == 1
    assert stats["mayadeen/bad_input/not_a_url"] == 1
    assert stats["downloader/request_count"] == 2  # robots.txt and the page
    assert "offsite/filtered" not in stats
    assert (
        "Not fetching 'https://example.com/news/politics/elsewhere': "
        f"off-site: this crawl reads {replica_url} only"
    ) in crawled.log


@pytest.mark.subprocess
def test_no_usable_url_fails_the_crawl(replica_url: str, tmp_path: Path) -> None:
    out, log = tmp_path / "out.jsonl", tmp_path / "crawl.log"
    args = {"url": "https://example.com/x", "urls": "mailto:desk@example.com"}
    result = crawl("article", replica_url, [out], args=args, log_file=log)
    assert result.returncode == 1
    text = log.read_text()
    assert f"Cannot start: none of the 2 URL(s) given can be fetched from {replica_url}" in text
    stats = parse_stats(text)
    assert stats["finish_reason"] == "no_usable_urls"
    assert "downloader/request_count" not in stats


def test_fresh_and_scrapyd_arguments(manifest: dict, replica_url: str, tmp_path: Path) -> None:
    """``-a fresh=ON`` keeps no history; Scrapyd's ``_job`` and ``_version`` do no harm."""
    url = f"{LIVE}{manifest['articles'][0]['paths'][0]}"
    for fresh, history in (("ON", False), ("off", True)):
        data = tmp_path / fresh / "data"
        args = {"url": url, "fresh": fresh, "_job": "0123abcd", "_version": "r7"}
        crawled = crawl_in_process("article", replica_url, data, args)
        assert len(crawled.items) == 1
        assert (data / "history.sqlite3").exists() is history


@pytest.mark.subprocess
def test_missing_arguments_fail_with_a_clear_message(replica_url: str, tmp_path: Path) -> None:
    result = crawl("article", replica_url, [tmp_path / "none.jsonl"])
    assert result.returncode == 2
    assert result.stderr == (
        "error: invalid spider arguments for article: no pages to fetch: "
        "give -a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH\n"
    )
    assert list(tmp_path.iterdir()) == []
