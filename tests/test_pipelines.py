"""Each pipeline on its own, and the crawl history (store) with its crash recovery."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from mayadeen.items import Article, content_hash
from mayadeen.pipelines import (
    DedupePipeline,
    Dropped,
    HistoryPipeline,
    ValidatePipeline,
)
from mayadeen.spiders.article import ArticleSpider
from mayadeen.state import ArticleStore, read_feed, store_for


def crawler_for(tmp_path: Path, state: str | None = None, **spider_args: str):
    settings = {"MAYADEEN_DATA_DIR": str(tmp_path), "MAYADEEN_BASE_URL": "https://x"}
    if state is not None:
        settings["MAYADEEN_STATE"] = state
    crawler = get_crawler(ArticleSpider, settings)
    crawler.spider = ArticleSpider.from_crawler(crawler, url="https://x/y", **spider_args)
    crawler.stats.open_spider()
    return crawler


def article(**overrides: object) -> Article:
    values = {
        "article_id": "1234567",
        "url": "https://english.almayadeen.net/news/politics/talks",
        "title": "Talks resume",
        "published_at": "2024-03-19T07:18:39+00:00",
        "modified_at": "2024-03-19T07:18:39+00:00",
        "body": "One.\n\nTwo.",
        "scraped_at": "2026-11-28T10:00:00+00:00",
        "word_count": 2,
    }
    values.update(overrides)
    item = Article(**values)  # type: ignore[arg-type]
    item.content_hash = content_hash(item.title, item.body)
    return item


# --- validate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"article_id": None}, "missing_article_id"),
        ({"title": None}, "missing_title"),
        ({"body": None}, "missing_body"),
        ({"url": None}, "missing_url"),
        ({"published_at": None}, "missing_published_at"),
        ({"published_at": "2024-03-19T07:18:39"}, "invalid_published_at"),  # no time zone
        ({"word_count": -3}, "invalid_word_count"),
        ({"article_id": "12ab"}, "invalid_article_id"),
        ({"images": [{"caption": "x"}]}, "invalid_images"),
    ],
)
def test_validate_drops_with_a_counted_reason(tmp_path: Path, overrides: dict, reason: str) -> None:
    crawler = crawler_for(tmp_path)
    with pytest.raises(Dropped) as dropped:
        ValidatePipeline(crawler).process_item(article(**overrides))
    assert dropped.value.reason == reason
    assert crawler.stats.get_value(f"mayadeen/dropped/{reason}") == 1


def test_a_story_without_text_passes_validation_with_an_empty_body(tmp_path: Path) -> None:
    video = article(body="", word_count=0, reading_time=None, video_duration=95)
    assert ValidatePipeline(crawler_for(tmp_path)).process_item(video).body == ""


def test_validate_passes_a_good_item_and_a_dict(tmp_path: Path) -> None:
    pipeline = ValidatePipeline(crawler_for(tmp_path))
    good = article(images=[{"url": "https://m/a.jpg", "caption": None, "credit": None}])
    assert pipeline.process_item(good) is good
    as_dict = asdict(article())
    assert pipeline.process_item(as_dict) is as_dict


# --- dedupe -------------------------------------------------------------------------


def test_dedupe_by_post_id_within_a_run(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = DedupePipeline(crawler)
    pipeline.process_item(article())
    with pytest.raises(Dropped, match="duplicate"):
        pipeline.process_item(article(url="https://english.almayadeen.net/news/politics/old"))
    pipeline.process_item(article(article_id="7654321"))
    assert crawler.stats.get_value("mayadeen/dropped/duplicate") == 1


# --- history ------------------------------------------------------------------------


def test_history_new_unchanged_changed(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = HistoryPipeline(crawler)
    first = pipeline.process_item(article())
    assert first.revision == 1
    store = store_for(crawler)
    assert store is not None and store.path == tmp_path / "state.sqlite3"
    store.record(asdict(first), ["/news/politics/talks"])

    with pytest.raises(Dropped, match="unchanged"):
        pipeline.process_item(article())
    edited = pipeline.process_item(article(body="One.\n\nTwo, revised."))
    assert edited.revision == 2
    touched = pipeline.process_item(article(modified_at="2024-03-20T00:00:00+00:00"))
    assert touched.revision == 2  # a later modified_at is a change too
    assert crawler.stats.get_value("mayadeen/dropped/unchanged") == 1
    assert crawler.stats.get_value("mayadeen/articles_updated") == 2


@pytest.mark.parametrize(("state", "args"), [("", {}), (None, {"fresh": "1"})])
def test_no_history_when_disabled(tmp_path: Path, state: str | None, args: dict) -> None:
    crawler = crawler_for(tmp_path, state, **args)
    assert store_for(crawler) is None
    pipeline = HistoryPipeline(crawler)
    assert pipeline.process_item(article()).revision == 1
    assert pipeline.process_item(article()).revision == 1
    assert not (tmp_path / "state.sqlite3").exists()


def test_store_keeps_paths_and_settles_pending(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "s.sqlite3")
    store.begin_run("sections")
    store.add_pending(["/news/politics/talks", "/news/politics/old-slug", "/x/other"])
    store.fail_pending("/x/other")
    store.record(asdict(article(revision=1)), ["/news/politics/old-slug"])
    assert store.pending_paths(max_attempts=3) == ["/x/other"]
    assert store.pending_paths(max_attempts=1) == []
    assert set(store.known_paths()) == {"/news/politics/talks", "/news/politics/old-slug"}
    assert store.record(asdict(article(revision=1)), []) is False  # already there
    assert store.record(asdict(article(revision=2, content_hash="f" * 64)), []) is True
    assert store.get("1234567").revision == 2


# --- recovery after a crash ----------------------------------------------------------


def crashed_run(tmp_path: Path, jsonl: bytes, csv_text: str) -> ArticleStore:
    """A store whose last run wrote feeds and died before recording or finishing."""
    store = ArticleStore(tmp_path / "s.sqlite3")
    store.begin_run("sections")
    (tmp_path / "a.jsonl").write_bytes(jsonl)
    (tmp_path / "a.csv").write_text(csv_text, encoding="utf-8-sig")
    store.add_feed(tmp_path / "a.jsonl", "jsonlines")
    store.add_feed(tmp_path / "a.csv", "csv")
    store.db.execute("UPDATE runs SET pid = 999999999")  # a process that no longer exists
    store.close()
    return ArticleStore(tmp_path / "s.sqlite3")


def test_recovery_makes_feeds_agree_and_records_what_they_hold(tmp_path: Path) -> None:
    one = json.dumps(asdict(article(revision=1)))
    two = json.dumps(asdict(article(article_id="2", revision=1)))
    half = json.dumps(asdict(article(article_id="3", revision=1)))[:40]
    csv_text = 'article_id,url,body,revision\r\n1234567,https://x/a,"One.\n\nTwo.",1\r\n2,https://x/b,"half'
    # Killed while writing article 2 to the CSV (after its JSON line) and article 3's line.
    store = crashed_run(tmp_path, f"{one}\n{two}\n{half}".encode(), csv_text)
    assert store.recover() == 1
    assert store.get("1234567") and store.get("2") is None and store.get("3") is None
    assert (tmp_path / "a.jsonl").read_text().splitlines() == [one]  # both feeds agree
    assert [r["article_id"] for _, r in read_feed(tmp_path / "a.csv", "csv")] == ["1234567"]
    assert (tmp_path / "a.csv").read_bytes().endswith(b'"One.\n\nTwo.",1\r\n')
    assert store.recover() == 0  # the crashed run is settled
    finished = store.db.execute("SELECT finish_reason FROM runs").fetchall()
    assert finished == [("recovered",)]


def test_recovery_leaves_a_live_run_alone(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "s.sqlite3")
    store.begin_run("sections")  # this process: alive
    other = ArticleStore(tmp_path / "s.sqlite3")
    other.db.execute("UPDATE runs SET pid = 1")  # init: alive, not us
    assert other.recover() == 0
    assert other.db.execute("SELECT finished_at FROM runs").fetchall() == [(None,)]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [(b'{"article_id": "1", "ti', "jsonlines"), (b"\xef\xbb\xbfarticle_id,ur", "csv")],
)
def test_a_feed_killed_in_its_first_record_is_emptied(
    tmp_path: Path, data: bytes, fmt: str
) -> None:
    feed = tmp_path / "feed"
    feed.write_bytes(data)
    assert read_feed(feed, fmt) == []
    assert feed.read_bytes() == b""
