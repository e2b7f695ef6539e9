"""A crawl's records committed in groups on SQLite (``mayadeen.history.sql.Batch``): what joins
a group, what commits it, what a failed group and a killed crawl leave; the fingerprint of a
changed article computed once."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from scrapy import signals
from scrapy.http import HtmlResponse

from mayadeen import signals as mayadeen_signals
from mayadeen.history import History, HistoryKeeper, recover, revisions, schema
from mayadeen.history import database as history_database
from mayadeen.history import keeper as history_keeper
from mayadeen.history.articles import LATEST_KEYS, REVISION_KEYS, Articles
from mayadeen.items import ARTICLE_FIELDS
from mayadeen.pipelines import HistoryPipeline
from tests.articles import article, crawler_for, opened
from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT


def item(article_id: str, **overrides: Any) -> dict[str, Any]:
    url = f"https://english.almayadeen.net/news/politics/story-{article_id}"
    return asdict(article(article_id=article_id, url=url, revision=1, **overrides))


def committed(path: Path, table: str = "articles") -> int:
    """Rows of ``table`` that another process sees."""
    db = sqlite3.connect(path)
    try:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def groups_of(monkeypatch: pytest.MonkeyPatch) -> Callable[[int, float], None]:
    """Set the size and age of a group of records, for the histories opened next."""

    def set_to(records: int, seconds: float) -> None:
        monkeypatch.setattr(history_database, "GROUP_RECORDS", records)
        monkeypatch.setattr(history_database, "GROUP_SECONDS", seconds)
        monkeypatch.setattr(history_keeper, "GROUP_SECONDS", seconds)

    return set_to


def test_records_are_committed_when_their_group_is_full(
    tmp_path: Path, groups_of: Callable[[int, float], None]
) -> None:
    groups_of(3, 60)
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    history.record(item("1"), [])
    history.settle(item("1"), ["/news/politics/old-slug"])
    assert committed(path) == 0
    stored = history.articles.get("1")  # a lookup reads in the group, and leaves it open
    assert stored is not None and stored.revision == 1
    assert history.batch is not None and history.batch.transaction is not None
    history.record(item("2"), [])
    assert committed(path) == 2 and committed(path, "paths") == 3
    history.record(item("3"), [])
    history.close()  # commits the last group
    assert committed(path) == 3


def test_a_group_s_paths_and_pending_stories_are_written_at_its_commit_as_one_by_one(
    tmp_path: Path, groups_of: Callable[[int, float], None]
) -> None:
    """In one statement each for the group, with the result of one statement a record: a
    path shown by two records belongs to the later one's article."""
    groups_of(100, 60)
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    history.pending.add(["/news/politics/moved", "/news/politics/story-1", "/x/other"])
    history.record(item("1"), ["/news/politics/moved"])
    history.record(item("2"), [])
    history.settle(item("2"), ["/news/politics/moved"])  # seen again under the old path
    assert committed(path, "paths") == 0 and committed(path, "pending") == 3
    history.commit()
    db = sqlite3.connect(path)
    located = dict(db.execute("SELECT path, article_id FROM paths"))
    pending = [p for (p,) in db.execute("SELECT path FROM pending")]
    db.close()
    assert located == {
        "/news/politics/moved": "2",
        "/news/politics/story-1": "1",
        "/news/politics/story-2": "2",
    }
    assert pending == ["/x/other"]
    history.close()


WRITES: dict[str, Callable[[History], Any]] = {
    "pending.add": lambda h: h.pending.add(["/news/politics/next"]),
    "pending.fail": lambda h: h.pending.fail("/news/politics/next"),
    "pending.paths": lambda h: h.pending.paths(3),
    "walks.advance": lambda h: h.walks.advance({"/news": "2025-01-01T00:00:00+00:00"}, "now"),
    "walks.watermarks": lambda h: h.walks.watermarks(),
    "walks.runs_since_full_walk": lambda h: h.walks.runs_since_full_walk("sections", None),
    "runs.begin": lambda h: h.runs.begin("sections", "w"),
    "runs.add_feed": lambda h: h.runs.add_feed("/tmp/x.jsonl", "jsonlines"),
    "runs.finish": lambda h: h.runs.finish("finished"),
    "articles.add_paths": lambda h: h.articles.add_paths("1", ["/a"]),
    "articles.recent": lambda h: h.articles.recent("2000-01-01"),
    "articles.count": lambda h: h.articles.count(),
}


@pytest.mark.parametrize("call", WRITES.values(), ids=WRITES.keys())
def test_any_other_call_commits_the_open_group_first(
    tmp_path: Path, groups_of: Callable[[int, float], None], call: Callable[[History], Any]
) -> None:
    """What a call writes (a story recorded as pending before it is fetched) is committed
    when it returns, with the records before it."""
    groups_of(100, 60)
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    history.record(item("1"), [])
    history.record(item("2"), [])
    assert committed(path) == 0
    call(history)
    assert committed(path) == 2
    assert history.batch is not None and history.batch.transaction is None
    assert not history.db.in_transaction()
    history.record(item("3"), [])  # a new group
    assert committed(path) == 2
    history.close()
    assert committed(path) == 3


def test_a_group_is_committed_once_it_is_old(
    tmp_path: Path, groups_of: Callable[[int, float], None]
) -> None:
    groups_of(100, 0.2)
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    assert history.batch is not None and history.batch.due_in() is None
    history.record(item("1"), [])
    assert 0 < history.batch.due_in() <= 0.2  # type: ignore[operator]
    time.sleep(0.25)
    assert committed(path) == 0
    history.record(item("2"), [])  # the group is old: committed after this record
    assert committed(path) == 2
    history.close()


def test_postgresql_keeps_one_transaction_an_article(postgres_url: str) -> None:
    """Two workers each holding the row locks of a group would deadlock."""
    history = History(postgres_url, group_records=True)
    assert history.batch is None
    history.record(item("1"), [])
    assert not history.db.in_transaction()
    other = sa.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    with other.connect() as db:
        assert db.exec_driver_sql("SELECT article_id FROM articles").scalars().all() == ["1"]
    other.dispose()
    history.close()


def test_a_failed_group_is_rolled_back_whole_and_counted_lost(
    tmp_path: Path, groups_of: Callable[[int, float], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    groups_of(100, 60)
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    history.record(item("1"), [])
    history.record(item("2"), [])
    with monkeypatch.context() as patched:  # a record fails
        patched.setattr(history.articles, "get", lambda *args, **kwargs: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            history.record(item("3"), [])
    assert history.batch is not None and history.batch.lost == 3
    assert not history.db.in_transaction()
    assert history.articles.get("1") is None  # rolled back with its group
    history.record(item("4"), [])
    history.record(item("5"), [])
    with monkeypatch.context() as patched:  # the group's commit fails
        patched.setattr(history.articles, "set_keys", lambda located: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            history.commit()
    assert history.batch.lost == 5
    assert not history.db.in_transaction()
    history.record(item("6"), [])
    history.close()
    assert committed(path) == 1
    assert committed(path, "paths") == 1  # the lost records' paths are not written


def test_the_keeper_leaves_a_run_with_lost_records_unfinished_for_the_next_to_recover(
    tmp_path: Path, groups_of: Callable[[int, float], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    groups_of(100, 60)
    crawler = crawler_for(tmp_path)
    history = opened(crawler)
    assert history is not None
    feed = tmp_path / "out.jsonl"
    send = crawler.signals.send_catch_log
    send(mayadeen_signals.local_feed, path=feed, feed_format="jsonlines")
    written = [article(article_id=str(n), revision=1) for n in (1, 2, 3)]
    feed.write_text("".join(json.dumps(asdict(i)) + "\n" for i in written), encoding="utf-8")
    for n, scraped in enumerate(written):
        with monkeypatch.context() as patched:
            if n == 2:  # the third record fails: its group (all three) is rolled back
                patched.setattr(history.articles, "get", lambda *args, **kwargs: 1 / 0)
            response = HtmlResponse(scraped.url)
            send(signals.item_scraped, item=scraped, response=response, spider=None)
    send(signals.spider_closed, spider=crawler.spider, reason="finished")
    send(signals.engine_stopped)

    path = tmp_path / "history.sqlite3"
    assert committed(path) == 0
    db = sqlite3.connect(path)
    assert db.execute("SELECT finish_reason FROM runs").fetchall() == [(None,)]
    db.close()
    later = History(path)
    later.db.exec_driver_sql("UPDATE runs SET pid = 999999999")  # the crawl's process is gone
    later.db.commit()
    assert recover(later) == 3
    later.close()
    assert committed(path) == 3


def test_the_keeper_commits_a_group_once_it_is_old_however_few_records_follow(
    tmp_path: Path, groups_of: Callable[[int, float], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    groups_of(100, 0.2)
    crawler = crawler_for(tmp_path)
    history = opened(crawler)
    keeper = crawler.get_extension(HistoryKeeper)
    delays: list[float] = []

    class Timer:
        def schedule(self, delay: float) -> None:
            delays.append(delay)

        def cancel(self) -> None:
            pass

    monkeypatch.setattr(keeper, "_commit_timer", Timer())
    scraped = article(revision=1)
    keeper.item_scraped(scraped, HtmlResponse(scraped.url))
    assert delays == [0.2]
    path = tmp_path / "history.sqlite3"
    keeper._commit_when_due()  # too early: looks again when the group is due
    assert committed(path) == 0 and 0 < delays[-1] <= 0.2
    time.sleep(delays[-1])
    keeper._commit_when_due()
    assert committed(path) == 1
    assert history is not None and history.batch is not None
    keeper._commit_when_due()  # no group open: nothing to look at again
    assert len(delays) == 2
    keeper.spider_closed("finished")
    keeper.engine_stopped()


def test_the_keeper_commits_its_records_when_the_spider_is_idle(
    tmp_path: Path, groups_of: Callable[[int, float], None]
) -> None:
    groups_of(100, 60)
    crawler = crawler_for(tmp_path)
    opened(crawler)
    keeper = crawler.get_extension(HistoryKeeper)
    scraped = article(revision=1)
    keeper.item_scraped(scraped, HtmlResponse(scraped.url))
    assert committed(tmp_path / "history.sqlite3") == 0
    crawler.signals.send_catch_log(signals.spider_idle, spider=crawler.spider)
    assert committed(tmp_path / "history.sqlite3") == 1
    keeper.engine_stopped()


def test_a_changed_article_s_fingerprint_is_computed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = HistoryPipeline(crawler)
    history = opened(crawler)
    assert history is not None
    keeper = crawler.get_extension(HistoryKeeper)
    first = pipeline.process_item(article())
    keeper.item_scraped(first, HtmlResponse(first.url))

    computed: list[str] = []
    real = revisions.fingerprint

    def counted(fields: Any) -> str:
        computed.append(fields["article_id"])
        return real(fields)

    monkeypatch.setattr(revisions, "fingerprint", counted)
    monkeypatch.setattr("mayadeen.pipelines.fingerprint", counted)
    edited = pipeline.process_item(article(body="One.\n\nTwo, revised."))
    assert edited.revision == 2
    keeper.item_scraped(edited, HtmlResponse(edited.url))
    assert computed == ["1234567"]
    assert keeper.fingerprints == {}
    assert list(asdict(edited)) == list(ARTICLE_FIELDS)  # nothing added to the item
    stored = history.articles.get("1234567")
    assert stored is not None and stored.revision == 2
    assert stored.fingerprint == real(asdict(edited))
    keeper.engine_stopped()


def record_in_groups(path: Path, seconds: float, started: Any) -> None:
    """In a child process: record articles for ``seconds``, as a fast crawl does (groups of
    records that only their age commits, a millisecond between two records)."""
    history_database.GROUP_RECORDS = 10**6
    history_database.GROUP_SECONDS = 0.5
    history = History(path, group_records=True)
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        history.record(item(str(n)), [])
        if n == 0:
            started.set()
        n += 1
        time.sleep(0.001)
    history.close()


@pytest.mark.subprocess
def test_another_process_writes_while_a_crawl_records_in_groups(tmp_path: Path) -> None:
    """A group holds the write lock for up to its age: another process's write waits about
    that long, not until its busy timeout (SQLite's own waits would miss the short moments
    between two groups)."""
    path = tmp_path / "history.sqlite3"
    History(path).close()
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    child = context.Process(target=record_in_groups, args=(path, 8.0, started))
    child.start()
    try:
        assert started.wait(timeout=60)
        other = History(path)
        waits = []
        while child.is_alive() and len(waits) < 15:
            began = time.monotonic()
            other.pending.add([f"/news/politics/next-{len(waits)}"])
            waits.append(time.monotonic() - began)
            time.sleep(0.2)
        other.close()
    finally:
        child.join(timeout=60)
    assert child.exitcode == 0
    assert len(waits) >= 5 and max(waits) < 2.0, waits


# --- a crawl killed while a group is open -------------------------------------------------

#: ``scrapy`` with groups of records that only the end of the crawl commits.
NEVER_COMMITTING_SCRAPY = (
    "import sys; from mayadeen.history import database, keeper; "
    "database.GROUP_RECORDS = 10**6; database.GROUP_SECONDS = keeper.GROUP_SECONDS = 3600.0; "
    "from scrapy.cmdline import execute; execute(['scrapy', *sys.argv[1:]])"
)


def article_crawl(
    base_url: str, data: Path, urls_file: Path, kill_after: int | None = None
) -> None:
    """An ``article`` crawl of ``urls_file`` with its default feeds and history in ``data``;
    with ``kill_after``, groups of records only the end commits, and a SIGKILL once its JSON
    Lines feed holds that many lines."""
    python = ["-c", NEVER_COMMITTING_SCRAPY] if kill_after else ["-m", "scrapy"]
    command = [sys.executable, *python, "crawl", "article", "-a", f"urls_file={urls_file}"]
    settings = {
        **LOCAL_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "DOWNLOAD_DELAY": "0.005",
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data),
        "LOG_LEVEL": "WARNING",
    }
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    with (data / "crawl.err").open("a") as err:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 120
            while kill_after and process.poll() is None and time.monotonic() < deadline:
                if sum(len(lines(f)) for f in (data / "article").glob("*.jsonl")) >= kill_after:
                    os.kill(process.pid, signal.SIGKILL)
                    break
                time.sleep(0.005)
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
    stderr = (data / "crawl.err").read_text()[-3000:]
    assert process.returncode == (-signal.SIGKILL if kill_after else 0), stderr


def lines(feed: Path) -> list[str]:
    return feed.read_text(encoding="utf-8").splitlines()


@pytest.mark.subprocess
def test_a_crawl_killed_with_a_group_of_records_open_loses_and_doubles_nothing(
    replica: Path, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text((replica / "urls.txt").read_text(encoding="utf-8"), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    article_crawl(replica_url, data, urls_file, kill_after=30)
    [killed] = (data / "article").glob("*.jsonl")
    history = data / "history.sqlite3"
    assert len(lines(killed)) >= 30  # (a last line may be half-written)
    assert committed(history) == 0  # every record of the killed run was in the open group

    article_crawl(replica_url, data, urls_file)
    log = (data / "crawl.err").read_text(encoding="utf-8")
    recovered = [line for line in log.splitlines() if "did not finish" in line]
    assert len(recovered) == 1 and "read back its 2 feed file(s)" in recovered[0], log[-3000:]
    killed_ids = [json.loads(line)["article_id"] for line in lines(killed)]
    assert f", {len(killed_ids)} article(s) recorded" in recovered[0]
    [later] = set((data / "article").glob("*.jsonl")) - {killed}
    later_ids = [json.loads(line)["article_id"] for line in lines(later)]
    assert set(later_ids).isdisjoint(killed_ids)
    union = Counter(killed_ids + later_ids)
    assert union == Counter({a["article_id"]: 1 for a in manifest["articles"]})

    db = sqlite3.connect(history)
    assert dict(db.execute("SELECT article_id, revision FROM articles")) == dict.fromkeys(union, 1)
    assert Counter(a for (a,) in db.execute("SELECT article_id FROM revisions")) == union
    reasons = Counter(r for (r,) in db.execute("SELECT finish_reason FROM runs"))
    assert reasons == Counter({"recovered": 1, "finished": 1})
    db.close()


# --- the statements a record runs on SQLite's driver (mayadeen.history.sql.Direct) ------------


def test_a_record_on_the_driver_writes_what_sqlalchemy_writes(tmp_path: Path) -> None:
    stories = [item(str(n), tags=["Gaza", "قصف"], authors=None) for n in (1, 2)]
    history = History(tmp_path / "direct.sqlite3")
    history.record(stories[0], [])  # on the driver
    direct = Articles(history.db)
    with history.db.begin():  # the same record, run by SQLAlchemy itself
        for statement in (direct._add, direct._set_latest):
            statement.sql = None
        direct.record(stories[1])
        rows = history.db.execute(sa.select(schema.revisions).order_by("revision_id"))
        first, second = (dict(row._mapping) for row in rows)
        latest = history.db.execute(sa.select(schema.articles).order_by("article_id")).all()
    history.close()
    assert set(REVISION_KEYS) <= set(first) and set(LATEST_KEYS) <= set(latest[0]._mapping)
    for row in (first, second):
        row.pop("revision_id"), row.pop("article_id"), row.pop("url")
    assert first == second  # the JSON, the packed body, every column alike
    assert first["data"]["tags"] == ["Gaza", "قصف"]
    ids_and_keys = [(row.latest_revision_id, row.search_key is not None) for row in latest]
    assert ids_and_keys == [(1, True), (2, True)]


def test_a_record_runs_on_the_driver_only_in_a_transaction(tmp_path: Path) -> None:
    history = History(tmp_path / "alone.sqlite3")
    try:
        with pytest.raises(RuntimeError, match="outside a transaction"):
            history.articles._stored.first(history.db, {"key": "1"})
    finally:
        history.close()
