"""Each pipeline on its own, and the crawl history: its parts, its keeper, crash recovery."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from mayadeen import signals as mayadeen_signals
from mayadeen.feeds.storage import DurableFileFeedStorage
from mayadeen.history import History, HistoryKeeper, history_location, read_feed, recover
from mayadeen.pipelines import (
    DedupePipeline,
    Dropped,
    HistoryPipeline,
    ValidatePipeline,
)
from tests.articles import article, crawler_for, opened

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
    history = opened(crawler)
    assert history is not None and history.location == str(tmp_path / "history.sqlite3")
    first = pipeline.process_item(article())
    assert first.revision == 1
    history.record(asdict(first), ["/news/politics/talks"])

    with pytest.raises(Dropped, match="unchanged"):
        pipeline.process_item(article())
    edited = pipeline.process_item(article(body="One.\n\nTwo, revised."))
    assert edited.revision == 2
    touched = pipeline.process_item(article(modified_at="2024-03-20T00:00:00+00:00"))
    assert touched.revision == 2  # a later modified_at is a change too
    assert crawler.stats.get_value("mayadeen/dropped/unchanged") == 1
    assert crawler.stats.get_value("mayadeen/articles_updated") == 2
    history.close()


@pytest.mark.parametrize(
    ("settings", "args"),
    [({"MAYADEEN_HISTORY": ""}, {}), ({"MAYADEEN_STATE": ""}, {}), ({}, {"fresh": "1"})],
)
def test_no_history_when_disabled(tmp_path: Path, settings: dict, args: dict) -> None:
    crawler = crawler_for(tmp_path, settings, **args)
    pipeline = HistoryPipeline(crawler)
    assert opened(crawler) is None
    assert pipeline.process_item(article()).revision == 1
    assert pipeline.process_item(article()).revision == 1
    assert not (tmp_path / "history.sqlite3").exists()


def test_the_keeper_is_not_configured_for_a_fresh_spider(tmp_path: Path) -> None:
    """As ``scrapy crawl`` builds it: the spider first, then the extensions."""
    crawler = crawler_for(tmp_path, fresh="1")
    with pytest.raises(NotConfigured):
        HistoryKeeper.from_crawler(crawler)


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        ({}, "data/history.sqlite3"),
        ({"MAYADEEN_HISTORY": "h.sqlite3"}, "h.sqlite3"),
        ({"MAYADEEN_STATE": "s.sqlite3"}, "s.sqlite3"),  # its former name: users' cron lines
        ({"MAYADEEN_HISTORY": "h.sqlite3", "MAYADEEN_STATE": "s.sqlite3"}, "h.sqlite3"),
        ({"MAYADEEN_HISTORY": "", "MAYADEEN_STATE": "s.sqlite3"}, None),
        ({"MAYADEEN_STATE": ""}, None),
    ],
)
def test_history_path_setting_and_its_former_name(settings: dict, path: str | None) -> None:
    found = history_location(Settings({"MAYADEEN_DATA_DIR": "data", **settings}))
    assert found == (Path(path) if path else None)


def test_a_data_dir_with_a_former_history_file_keeps_using_it(tmp_path: Path) -> None:
    settings = Settings({"MAYADEEN_DATA_DIR": str(tmp_path)})
    assert history_location(settings) == tmp_path / "history.sqlite3"
    (tmp_path / "state.sqlite3").touch()  # left by a version before the history had its name
    assert history_location(settings) == tmp_path / "state.sqlite3"


@pytest.mark.parametrize("feed_fails", [False, True])
def test_the_keeper_records_what_the_feeds_wrote_and_finishes_the_run(
    tmp_path: Path, feed_fails: bool
) -> None:
    crawler = crawler_for(tmp_path)
    history = opened(crawler)
    assert history is not None
    DurableFileFeedStorage.from_crawler(
        crawler, str(tmp_path / "out.jsonl"), feed_options={"format": "jsonlines"}
    )
    DurableFileFeedStorage.from_crawler(crawler, "%(name)s.csv", feed_options={"format": "csv"})
    send = crawler.signals.send_catch_log

    def scraped(article_id: str) -> None:
        item = article(article_id=article_id, revision=1)
        send(signals.item_scraped, item=item, response=HtmlResponse(item.url), spider=None)

    scraped("1")
    if feed_fails:
        send(mayadeen_signals.feed_failed, error="OSError: disk full")
    scraped("2")
    send(signals.spider_closed, spider=crawler.spider, reason="finished")
    send(signals.engine_stopped)

    db = sqlite3.connect(tmp_path / "history.sqlite3")
    recorded = {a for (a,) in db.execute("SELECT article_id FROM articles")}
    assert recorded == ({"1"} if feed_fails else {"1", "2"})
    feeds = db.execute("SELECT path, format FROM run_feeds").fetchall()
    assert feeds == [(str((tmp_path / "out.jsonl").resolve()), "jsonlines")]
    runs = db.execute("SELECT finish_reason FROM runs").fetchall()
    assert runs == ([(None,)] if feed_fails else [("finished",)])  # open: settled next run
    db.close()


def test_history_keeps_paths_and_settles_pending(history_at: str) -> None:
    history = History(history_at)
    history.runs.begin("sections")
    history.pending.add(["/news/politics/talks", "/news/politics/old-slug", "/x/other"])
    history.pending.fail("/x/other")
    history.record(asdict(article(revision=1)), ["/news/politics/old-slug"])
    assert history.pending.paths(max_attempts=3) == ["/x/other"]
    assert history.pending.paths(max_attempts=1) == []
    known = history.articles.lookup(["/news/politics/talks", "/news/politics/old-slug", "/x/other"])
    assert set(known) == {"/news/politics/talks", "/news/politics/old-slug"}
    assert history.record(asdict(article(revision=1)), []) is False  # already there
    assert history.record(asdict(article(revision=2, content_hash="f" * 64)), []) is True
    assert history.articles.get("1234567").revision == 2


# --- recovery after a crash ----------------------------------------------------------


def sql(history: History, statement: str) -> list[tuple]:
    """Run ``statement`` on the history, committed; its rows, if any."""
    with history.db.begin():
        result = history.db.exec_driver_sql(statement)
        return [tuple(row) for row in result] if result.returns_rows else []


def crashed_run(location: str, tmp_path: Path, jsonl: bytes, csv_text: str) -> History:
    """A history whose last run wrote feeds and died before recording or finishing."""
    history = History(location)
    history.runs.begin("sections")
    (tmp_path / "a.jsonl").write_bytes(jsonl)
    (tmp_path / "a.csv").write_text(csv_text, encoding="utf-8-sig")
    history.runs.add_feed(tmp_path / "a.jsonl", "jsonlines")
    history.runs.add_feed(tmp_path / "a.csv", "csv")
    sql(history, "UPDATE runs SET pid = 999999999")  # a process that no longer exists
    history.close()
    return History(location)


def test_recovery_makes_feeds_agree_and_records_what_they_hold(
    history_at: str, tmp_path: Path
) -> None:
    one = json.dumps(asdict(article(revision=1)))
    two = json.dumps(asdict(article(article_id="2", revision=1)))
    half = json.dumps(asdict(article(article_id="3", revision=1)))[:40]
    csv_text = 'article_id,url,body,revision\r\n1234567,https://x/a,"One.\n\nTwo.",1\r\n2,https://x/b,"half'
    # Killed while writing article 2 to the CSV (after its JSON line) and article 3's line.
    history = crashed_run(history_at, tmp_path, f"{one}\n{two}\n{half}".encode(), csv_text)
    assert recover(history) == 1
    articles = history.articles
    assert articles.get("1234567") and articles.get("2") is None and articles.get("3") is None
    assert (tmp_path / "a.jsonl").read_text().splitlines() == [one]  # both feeds agree
    assert [r["article_id"] for _, r in read_feed(tmp_path / "a.csv", "csv")] == ["1234567"]
    assert (tmp_path / "a.csv").read_bytes().endswith(b'"One.\n\nTwo.",1\r\n')
    assert recover(history) == 0  # the crashed run is settled
    finished = sql(history, "SELECT finish_reason FROM runs")
    assert finished == [("recovered",)]


def test_recovery_leaves_a_live_run_alone(history_at: str) -> None:
    history = History(history_at)
    history.runs.begin("sections")  # this process: alive
    other = History(history_at)
    sql(other, "UPDATE runs SET pid = 1")  # init: alive, not us
    assert recover(other) == 0
    assert sql(other, "SELECT finished_at FROM runs") == [(None,)]


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
