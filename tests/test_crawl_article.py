"""End to end: ``scrapy crawl article`` against the served replica (``scrapy parse``:
``tests/test_commands.py``)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mayadeen.items import ARTICLE_FIELDS
from tests.crawl import crawl, parse_stats, read_jsonl

LIVE = "https://english.almayadeen.net"


@pytest.fixture(scope="module")
def crawled(replica: Path, replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("crawl")
    jsonl, csv_path, log = out / "articles.jsonl", out / "articles.csv", out / "crawl.log"
    result = crawl(
        "article",
        replica_url,
        [jsonl, csv_path],
        args={"urls_file": str(replica / "urls.txt")},
        log_file=log,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {"items": read_jsonl(jsonl), "csv": csv_path, "log": log.read_text()}


def expected_by_id(replica: Path) -> dict[str, dict]:
    return {
        data["article_id"]: data
        for f in (replica / "site").rglob("*.expected.json")
        if (data := json.loads(f.read_text(encoding="utf-8")))
    }


def test_every_replica_article_is_scraped_once_and_correct(crawled: dict, replica: Path) -> None:
    items = crawled["items"]
    expected = expected_by_id(replica)
    ids = [item["article_id"] for item in items]
    assert sorted(ids) == sorted(expected)  # each exactly once
    for item in items:
        want = expected[item["article_id"]]
        assert {k: item[k] for k in want} == want
        assert item["scraped_at"].endswith("+00:00")
    assert " ERROR: " not in crawled["log"]
    assert not (crawled["csv"].parent / "article").exists()  # -O replaced the default feeds


def test_csv_round_trips_to_the_jsonl_items(crawled: dict) -> None:
    with crawled["csv"].open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ARTICLE_FIELDS
        rows = {row["article_id"]: row for row in reader}
    for item in crawled["items"]:
        row = rows[item["article_id"]]
        assert json.loads(row["images"]) == item["images"]
        assert (row["authors"].split(" | ") if row["authors"] else []) == item["authors"]
        assert (row["tags"].split(" | ") if row["tags"] else []) == item["tags"]
        assert row["body"] == (item["body"] or "")
        assert row["word_count"] == str(item["word_count"])


def test_changed_slug_old_url_gives_the_same_article(
    manifest: dict, replica_url: str, tmp_path: Path
) -> None:
    moved = next(a for a in manifest["articles"] if len(a["paths"]) > 1)
    out, log = tmp_path / "moved.jsonl", tmp_path / "crawl.log"
    urls = ",".join(f"https://english.almayadeen.net{p}" for p in moved["paths"])
    result = crawl("article", replica_url, [out], args={"urls": urls}, log_file=log)
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_jsonl(out)
    assert len(moved["paths"]) == 2
    assert [(i["article_id"], i["url"]) for i in items] == [(moved["article_id"], moved["url"])]
    assert "'mayadeen/dropped/duplicate': 1" in log.read_text()


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
    out, log = tmp_path / "out.jsonl", tmp_path / "crawl.log"
    result = crawl("article", replica_url, [out], args={"urls": ",".join(urls)}, log_file=log)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [i["article_id"] for i in read_jsonl(out)] == [article["article_id"]]
    text = log.read_text()
    stats = parse_stats(text)
    assert stats["mayadeen/bad_input/offsite_url"] == 1
    assert stats["mayadeen/bad_input/not_http_url"] == 1
    assert stats["mayadeen/bad_input/not_a_url"] == 1
    assert stats["downloader/request_count"] == 2  # robots.txt and the page
    assert "offsite/filtered" not in stats
    assert (
        "Not fetching 'https://example.com/news/politics/elsewhere': "
        f"off-site: this crawl reads {replica_url} only"
    ) in text


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
        result = crawl(
            "article", replica_url, [tmp_path / fresh / "out.jsonl"], args, data_dir=data
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert len(read_jsonl(tmp_path / fresh / "out.jsonl")) == 1
        assert (data / "state.sqlite3").exists() is history


def test_missing_arguments_fail_with_a_clear_message(replica_url: str, tmp_path: Path) -> None:
    result = crawl("article", replica_url, [tmp_path / "none.jsonl"])
    assert result.returncode == 2
    assert result.stderr == (
        "error: invalid spider arguments for article: no pages to fetch: "
        "give -a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH\n"
    )
    assert list(tmp_path.iterdir()) == []
