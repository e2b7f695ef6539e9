"""End to end: repeated crawls against a changing replica, default feeds, killed crawls."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from mayadeen import site
from mayadeen.history import History
from tests.crawl import (
    LOCAL_SETTINGS,
    PROJECT_ROOT,
    crawl,
    crawl_in_process,
    parse_stats,
    read_jsonl,
)
from tests.replica.build import build
from tests.replica.server import serve


def sections(base_url: str, data: Path, name: str, **settings: str) -> tuple[list[dict], dict]:
    """A ``sections`` crawl with history in ``data``; items written to ``data/name.jsonl``."""
    out, log = data / f"{name}.jsonl", data / f"{name}.log"
    result = crawl("sections", base_url, [out], settings=settings, log_file=log, data_dir=data)
    assert result.returncode == 0, result.stderr[-3000:]
    text = log.read_text(encoding="utf-8")
    assert " ERROR: " not in text, text[-3000:]
    return read_jsonl(out), parse_stats(text)


@pytest.fixture(scope="module")
def changed_replica(manifest: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The replica again, with 5 new articles and 2 edited ones (the first also retitled)."""
    politics = [a for a in manifest["articles"] if "/news/politics" in a["sections"]]
    opinion = [a for a in manifest["articles"] if "/articles/opinion" in a["sections"]]
    edited = (politics[5]["article_id"], opinion[1]["article_id"])
    out = tmp_path_factory.mktemp("replica-v2")
    build(out, extra_articles=5, edited_ids=edited)
    new_manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    added = {a["article_id"] for a in new_manifest["articles"] if a.get("extra")}
    assert len(added) == 5
    return {"out": out, "edited": edited, "added": added}


@pytest.mark.subprocess
def test_second_crawl_yields_exactly_new_and_changed_with_revisions(
    replica_url: str, manifest: dict, changed_replica: dict, tmp_path: Path
) -> None:
    # Refresh every known story every run: edits to old stories are then seen
    # (docs/architecture.md).
    refetch_all = {
        "MAYADEEN_REFRESH_HOURS": str(24 * 365 * 100),
        "MAYADEEN_REFRESH_INTERVAL_HOURS": "0",
    }
    first, _ = sections(replica_url, tmp_path, "first", **refetch_all)
    assert len(first) == len(manifest["articles"])
    assert {i["revision"] for i in first} == {1}

    with serve(changed_replica["out"] / "site") as base_url:
        second, stats = sections(base_url, tmp_path, "second", **refetch_all)
    revisions = {i["article_id"]: i["revision"] for i in second}
    assert revisions == {
        **dict.fromkeys(changed_replica["added"], 1),
        **dict.fromkeys(changed_replica["edited"], 2),
    }
    assert stats["mayadeen/dropped/unchanged"] == len(manifest["articles"]) - 2

    with serve(changed_replica["out"] / "site") as base_url:
        third, stats = sections(base_url, tmp_path, "third", **refetch_all)
    assert third == []


@pytest.mark.subprocess
def test_incremental_crawl_fetches_only_listings_then_only_new_stories(
    replica_url: str, manifest: dict, changed_replica: dict, tmp_path: Path
) -> None:
    sections(replica_url, tmp_path, "first")
    again, stats = sections(replica_url, tmp_path, "again")
    assert again == []
    assert stats.get("mayadeen/articles_parsed", 0) == 0  # no story page fetched
    # The homepage proves nothing: each top-level listing is read to its first page, whose
    # stories the first (complete) walk covered; the listings under them are then skipped.
    tops = len(site.EXPECTED_MENUS)
    assert stats["mayadeen/incremental/walk"] == "shortcut"
    assert stats["mayadeen/incremental/listings_read/top_level"] == tops
    assert stats["mayadeen/paging_stopped/covered"] == tops
    skipped = stats["mayadeen/incremental/listings_skipped/top_level_covered"]
    assert skipped == stats["mayadeen/sections"] - tops
    # robots.txt, the homepage, each top-level listing's first page (In Pictures loads its
    # cards with one async widget too)
    assert stats["downloader/request_count"] == 2 + tops + stats["mayadeen/loadwidget_pages"]

    with serve(changed_replica["out"] / "site") as base_url:
        new, stats = sections(base_url, tmp_path, "new")
    # The 5 new stories, at the top of their listings, and the retitled story: its new
    # address is on the homepage (a new address is fetched: a new revision). The other edit
    # is to an old story deeper down, which an incremental walk does not reach (the sitemap
    # backfill does).
    assert {i["article_id"]: i["revision"] for i in new} == {
        **dict.fromkeys(changed_replica["added"], 1),
        changed_replica["edited"][0]: 2,
    }
    assert stats["mayadeen/articles_parsed"] == len(new)
    # What the 5 new stories cost: every request of the run, shared out; no full walk.
    requests = stats["downloader/request_count"]
    assert stats["mayadeen/requests_per_new_article"] == round(requests / len(new), 3)
    assert requests <= 3 * len(new)


@pytest.mark.subprocess
def test_default_feeds_are_named_by_spider_and_time(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "sections"]
    for name, value in {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": replica_url,
        "MAYADEEN_DATA_DIR": str(tmp_path),
    }.items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    jsonl = list((tmp_path / "sections").glob("sections-*.jsonl"))
    csv_files = list((tmp_path / "sections").glob("sections-*.csv"))
    assert len(jsonl) == len(csv_files) == 1
    items = read_jsonl(jsonl[0])
    with csv_files[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(items) == len(rows) == len(manifest["articles"])
    for item, row in zip(items, rows, strict=True):  # same order, same values
        assert list(row) == list(item)
        assert csv_to_item(row) == item
    assert (tmp_path / "history.sqlite3").exists()


def csv_to_item(row: dict[str, str]) -> dict:
    """A CSV row read back into the item's types (as the README documents the format)."""
    item: dict = {}
    for name, cell in row.items():
        if name in ("authors", "tags", "found_in"):
            item[name] = cell.split(" | ") if cell else []
        elif name == "images":
            item[name] = json.loads(cell)
        elif name in ("word_count", "reading_time", "video_duration", "revision"):
            item[name] = int(cell) if cell else None
        elif name == "body":  # never null in an item: "" for a story without text
            item[name] = cell
        else:
            item[name] = cell or None
    return item


@pytest.mark.parametrize("setting", ["MAYADEEN_HISTORY", "MAYADEEN_STATE"])
def test_the_keeper_registers_the_feeds_records_and_finishes_each_run(
    replica_url: str, manifest: dict, tmp_path: Path, setting: str
) -> None:
    """In process: the history (named by its setting or by its former name, which users'
    cron lines still use) is open before the feeds are made, records what they wrote, and
    says at start what it knows."""
    path, feed = tmp_path / "named.sqlite3", tmp_path / "out.jsonl"
    urls = ",".join(a["url"] for a in manifest["articles"][:3])
    ids = {a["article_id"] for a in manifest["articles"][:3]}
    args, settings = {"urls": urls}, {setting: str(path)}
    first = crawl_in_process("article", replica_url, tmp_path, args, settings, feeds=[feed])
    assert {i["article_id"] for i in first.items} == ids
    assert f"History {path}: 0 article(s) known;" in first.log
    again = crawl_in_process("article", replica_url, tmp_path, args, settings, feeds=[feed])
    assert again.items == [] and again.stats["mayadeen/dropped/unchanged"] == 3
    assert f"History {path}: 3 article(s) known;" in again.log
    db = sqlite3.connect(path)
    assert {a for (a,) in db.execute("SELECT article_id FROM articles")} == ids
    runs = db.execute("SELECT run_id, finish_reason FROM runs").fetchall()
    assert runs == [(1, "finished"), (2, "finished")]
    feeds = db.execute("SELECT run_id, path, format FROM run_feeds").fetchall()
    assert feeds == [(n, str(feed.resolve()), "jsonlines") for n in (1, 2)]
    db.close()
    assert not (tmp_path / "history.sqlite3").exists()  # not the default file


# --- killed crawls ---------------------------------------------------------------------


def complete_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def crawl_until_killed(
    base_url: str,
    data: Path,
    kill_after: int | None,
    how: signal.Signals = signal.SIGKILL,
    history: str | None = None,
) -> None:
    """Start a ``sections`` crawl writing default feeds to ``data`` (and its history to
    ``history``, by default in ``data``); send it ``how`` (SIGKILL, or SIGINT as Ctrl-C does)
    once its newest JSONL feed holds ``kill_after`` lines (``0``: as soon as it has one), or
    let it finish (``None``)."""
    command = [sys.executable, "-m", "scrapy", "crawl", "sections", "--loglevel", "WARNING"]
    throttled = {**LOCAL_SETTINGS, "CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.005"}
    for name, value in {
        **throttled,
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data),
        **({"MAYADEEN_HISTORY": history} if history else {}),
    }.items():
        command += ["-s", f"{name}={value}"]
    before = set((data / "sections").glob("*.jsonl"))
    log = (data / "killed.log").open("a")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if kill_after is not None:
                new = set((data / "sections").glob("*.jsonl")) - before
                written = sum(len(complete_lines(f)) for f in new)
                if (kill_after == 0 and new) or (kill_after and written >= kill_after):
                    os.kill(process.pid, how)
                    break
            time.sleep(0.005)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    stderr = (data / "killed.log").read_text()[-3000:]
    if kill_after is None:
        assert process.returncode == 0, stderr
    elif how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL, f"ended before it was killed: {stderr}"
    else:  # a graceful stop: the run is reported as failed ("shutdown")
        assert process.returncode == 1, f"ended before it was interrupted: {stderr}"


@pytest.mark.subprocess
def test_killed_crawls_lose_nothing_and_double_nothing(
    replica_url: str, manifest: dict, tmp_path: Path, history_at: str
) -> None:
    for kill_after in (0, 1, 40, 60):
        crawl_until_killed(replica_url, tmp_path, kill_after, history=history_at)
    crawl_until_killed(replica_url, tmp_path, 20, signal.SIGINT, history=history_at)  # Ctrl-C
    crawl_until_killed(replica_url, tmp_path, None, history=history_at)

    seen: Counter[str] = Counter()
    for feed in (tmp_path / "sections").glob("*.jsonl"):
        for line in complete_lines(feed):
            seen[json.loads(line)["article_id"]] += 1  # every line is whole
    assert seen == Counter({a["article_id"]: 1 for a in manifest["articles"]})

    csv_seen: Counter[str] = Counter()
    for feed in (tmp_path / "sections").glob("*.csv"):
        with feed.open(encoding="utf-8-sig", newline="") as handle:
            csv_seen.update(row["article_id"] for row in csv.DictReader(handle))
    assert csv_seen == seen

    history = History(history_at)
    with history.db.begin():
        rows = history.db.exec_driver_sql
        stored = {a: r for a, r in rows("SELECT article_id, revision FROM articles")}
        revisions = Counter(a for (a,) in rows("SELECT article_id FROM revisions"))
        assert rows("SELECT COUNT(*) FROM pending").scalar() == 0
        reasons = Counter(r for (r,) in rows("SELECT finish_reason FROM runs"))
    history.close()
    assert stored == dict.fromkeys(seen, 1)
    assert revisions == Counter(dict.fromkeys(seen, 1))  # one revision each, none doubled
    assert reasons == Counter({"recovered": 4, "shutdown": 1, "finished": 1})


@pytest.mark.subprocess
def test_two_crawls_started_together_write_every_story_once(
    replica_url: str, manifest: dict, tmp_path: Path, history_at: str
) -> None:
    """Two ``sections`` crawls started at once on a new history: each story is claimed by
    one of them (recorded pending before it is fetched), so the two feeds hold every story
    once between them."""
    outputs = [tmp_path / "one.jsonl", tmp_path / "two.jsonl"]
    history = {"MAYADEEN_HISTORY": history_at}
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(lambda out: crawl("sections", replica_url, [out], settings=history), outputs)
        )
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr[-2000:]
    written = Counter(item["article_id"] for out in outputs for item in read_jsonl(out))
    assert written == Counter({a["article_id"]: 1 for a in manifest["articles"]})


@pytest.mark.subprocess
def test_sitemap_backfill_fetches_only_what_its_lastmod_says_changed(
    replica_url: str, manifest: dict, changed_replica: dict, tmp_path: Path
) -> None:
    def backfill(base_url: str, name: str) -> tuple[list[dict], dict]:
        out, log = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.log"
        result = crawl("sitemap", base_url, [out], log_file=log, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
        return read_jsonl(out), parse_stats(log.read_text(encoding="utf-8"))

    first, _ = backfill(replica_url, "first")
    assert len(first) == len(manifest["articles"])
    again, stats = backfill(replica_url, "again")
    assert again == [] and stats.get("mayadeen/articles_parsed", 0) == 0
    with serve(changed_replica["out"] / "site") as base_url:
        changed, stats = backfill(base_url, "changed")
    assert {i["article_id"]: i["revision"] for i in changed} == {
        **dict.fromkeys(changed_replica["added"], 1),
        **dict.fromkeys(changed_replica["edited"], 2),
    }
    assert stats["mayadeen/articles_parsed"] == len(changed)


# --- crawls opening one history at once ------------------------------------------------


def open_history_in_rounds(paths: list[Path], barrier: Any, start: Any, results: Any) -> None:
    """In a child process: for each path, open that history at the same instant as the other
    children, and begin a run in it; put ``"ok"`` or the traceback on ``results``."""
    for path in paths:
        if barrier.wait(timeout=60) == 0:
            start.value = time.time() + 0.1
        barrier.wait(timeout=60)
        while time.time() < start.value:
            pass  # spinning, not sleeping: all start within microseconds
        try:
            history = History(path)
            history.runs.begin("race")
            history.close()
            results.put("ok")
        except Exception:  # reported to the test, which shows it
            results.put(traceback.format_exc())


@pytest.mark.subprocess
def test_processes_creating_one_history_together_all_succeed(tmp_path: Path) -> None:
    processes, rounds = 6, 30
    paths = [tmp_path / f"round-{n}" / "history.sqlite3" for n in range(rounds)]
    context = multiprocessing.get_context("spawn")
    barrier, start, results = context.Barrier(processes), context.Value("d"), context.Queue()
    children = [
        context.Process(target=open_history_in_rounds, args=(paths, barrier, start, results))
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _ in range(processes * rounds)]
    for child in children:
        child.join(timeout=60)
    failures = [o for o in outcomes if o != "ok"]
    assert not failures, f"{len(failures)} opening(s) failed, the first:\n{failures[0]}"
    assert [child.exitcode for child in children] == [0] * processes
    for path in paths:
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone() == (processes,)
        db.close()


def test_history_switches_to_wal_once_another_programs_write_ends(tmp_path: Path) -> None:
    """A writer's lock makes ``PRAGMA journal_mode=WAL`` fail at once, busy timeout or not:
    the history waits for it."""
    path = tmp_path / "history.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE other (x)")  # a database in rollback-journal mode
    writer.execute("BEGIN IMMEDIATE")

    def open_history() -> tuple[str, float]:
        start = time.monotonic()
        history = History(path)
        mode = history.db.exec_driver_sql("PRAGMA journal_mode").scalar()
        history.close()
        return mode, time.monotonic() - start

    with ThreadPoolExecutor(1) as pool:
        opened = pool.submit(open_history)
        time.sleep(0.5)
        assert not opened.done()  # waiting for the writer
        writer.execute("INSERT INTO other VALUES (1)")
        writer.execute("COMMIT")
        mode, waited = opened.result(timeout=30)
    writer.close()
    assert mode == "wal" and waited >= 0.5
