"""End to end: ``scrapy crawl article`` and ``scrapy parse`` against the served replica."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mayadeen.items import ARTICLE_FIELDS
from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT, crawl, read_jsonl


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
        assert row["authors"].split(" | ") == item["authors"]
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


def test_scrapy_parse_shows_the_article(manifest: dict, replica_url: str, tmp_path: Path) -> None:
    article = manifest["articles"][0]
    command = [sys.executable, "-m", "scrapy", "parse", "--spider", "article", "--nolinks"]
    local = {**LOCAL_SETTINGS, "MAYADEEN_BASE_URL": replica_url, "MAYADEEN_DATA_DIR": str(tmp_path)}
    for name, value in local.items():
        command += ["-s", f"{name}={value}"]
    command += ["-a", f"url={replica_url}{article['paths'][0]}", replica_url + article["paths"][0]]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"'article_id': '{article['article_id']}'" in result.stdout


def test_missing_arguments_fail_with_a_clear_message(replica_url: str, tmp_path: Path) -> None:
    result = crawl("article", replica_url, [tmp_path / "none.jsonl"])
    assert result.returncode != 0
    assert "-a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH" in result.stderr
