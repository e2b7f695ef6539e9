"""Crawl processes at once: ``sections`` workers sharing one crawl through a real Redis
(scrapy-redis), their shared deduplication by post id, and crawls opening one new history
together.

The Redis tests need Debian's ``redis-server`` (CI installs it); skipped otherwise.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy import Spider
from scrapy.utils.test import get_crawler

from mayadeen.pipelines import DedupePipeline, Dropped
from mayadeen.settings import MAYADEEN_REDIS_KEY_TTL as KEY_TTL
from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT, parse_stats, read_jsonl
from tests.distributed import outcome, trouble, worker
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # workers are scrapy crawl processes


def history_db(data: Path) -> sqlite3.Connection:
    """The crawls' history in ``data`` (connecting would create a missing one, empty)."""
    path = data / "history.sqlite3"
    assert path.exists(), f"no {path.name} in {sorted(p.name for p in data.iterdir())}"
    return sqlite3.connect(path)


@pytest.mark.parametrize("history", [True, False], ids=["history", "fresh"])
def test_two_workers_split_one_crawl(
    replica: Path, manifest: dict, redis_url: str, tmp_path: Path, history: bool
) -> None:
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    args = {} if history else {"fresh": "1"}
    with serve(replica / "site") as base_url:
        workers = [
            worker("sections", base_url, redis_url, out, tmp_path / "data", args) for out in outs
        ]
        codes = [w.wait(timeout=300) for w in workers]  # both end by themselves
        served = base_url.counts()
    logs = [out.with_suffix(".log").read_text(encoding="utf-8") for out in outs]
    assert codes == [0, 0] and not any(trouble(log) for log in logs), outcome(outs, codes)

    # Every story once in the union of the feeds, the retitled one (two addresses) included.
    union = Counter(i["article_id"] for out in outs for i in read_jsonl(out))
    expected = Counter({a["article_id"]: 1 for a in manifest["articles"]})
    missing, doubled = expected - union, union - expected
    assert not missing and not doubled, f"missing: {dict(missing)}, doubled: {dict(doubled)}"
    # Each URL fetched once in all (robots.txt once per worker: Scrapy fetches it directly).
    twice = {path: n for path, n in served.items() if n > 1 and path != "/robots.txt"}
    assert not twice
    stats = [parse_stats(log) for log in logs]
    assert all(s.get("item_scraped_count", 0) > 0 for s in stats)  # both did real work
    fetched = sum(s["downloader/request_count"] for s in stats)
    assert fetched == sum(served.values())
    assert redis.Redis.from_url(redis_url).keys("mayadeen:*") == []  # the last one cleaned up
    if history:
        db = history_db(tmp_path / "data")
        assert dict(db.execute("SELECT article_id, revision FROM articles")) == dict.fromkeys(
            expected, 1
        )
        db.close()


def dedupe_in_a_worker(redis_url: str, ids: list[str], barrier: Any, results: Any) -> None:
    """In a child process: the crawl's dedupe pipeline, as a worker has it, passes ``ids``
    (all at the same moment as the other children); puts the ids it let through."""
    settings = {"MAYADEEN_REDIS_URL": redis_url, "MAYADEEN_REDIS_KEY_TTL": KEY_TTL}
    crawler = get_crawler(Spider, settings)
    crawler.spider = Spider.from_crawler(crawler, name="sections")
    crawler.stats.open_spider()
    pipeline = DedupePipeline(crawler)
    passed = []
    barrier.wait(timeout=60)
    for article_id in ids:
        with contextlib.suppress(Dropped):
            passed.append(pipeline.process_item({"article_id": article_id}))
    duplicates = crawler.stats.get_value("mayadeen/dropped/duplicate", 0)
    results.put(([item["article_id"] for item in passed], duplicates))


def test_workers_dedupe_post_ids_together(redis_url: str) -> None:
    ids = [str(1_000_000 + n) for n in range(1000)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    children = [
        context.Process(target=dedupe_in_a_worker, args=(redis_url, order, barrier, results))
        for order in (ids, ids[::-1])  # they meet in the middle
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0, 0]
    (passed_a, dropped_a), (passed_b, dropped_b) = (results.get(timeout=10) for _ in children)
    # Each id let through once in all (each process alone would let every id through).
    assert Counter(passed_a + passed_b) == Counter(ids)
    assert dropped_a + dropped_b == len(ids)  # the drop keeps its reason and its stat
    client = redis.Redis.from_url(redis_url)
    assert client.scard("mayadeen:sections:article_ids") == len(ids)  # one of the crawl's keys
    assert 0 < client.ttl("mayadeen:sections:article_ids") <= KEY_TTL


@pytest.mark.parametrize("history", [True, False], ids=["history", "fresh"])
def test_a_story_under_two_addresses_is_written_once_by_two_workers(
    replica_url: str, manifest: dict, redis_url: str, tmp_path: Path, history: bool
) -> None:
    """One worker fetches a retitled story's old address, another (after it) the new one."""
    retitled = next(a for a in manifest["articles"] if len(a["paths"]) > 1)
    client = redis.Redis.from_url(redis_url)
    client.incr("mayadeen:article:workers")  # a third worker, still at work: the crawl goes on
    outs = [tmp_path / f"worker-{n}.jsonl" for n in range(len(retitled["paths"]))]
    for out, path in zip(outs, retitled["paths"], strict=True):
        args = {"url": manifest["host"] + path, **({} if history else {"fresh": "1"})}
        crawl = worker(
            "article",
            replica_url,
            redis_url,
            out,
            tmp_path / "data",
            args,
            MAYADEEN_REDIS_IDLE_SECONDS="1",
        )
        code = crawl.wait(timeout=120)  # ends on the engine's next idle check (5 s)
        log = out.with_suffix(".log").read_text(encoding="utf-8")
        assert code == 0 and not trouble(log), outcome([out], [code])

    assert [[i["article_id"] for i in read_jsonl(out)] for out in outs] == [
        [retitled["article_id"]],
        [],
    ]
    stats = [parse_stats(out.with_suffix(".log").read_text(encoding="utf-8")) for out in outs]
    assert [s.get("mayadeen/articles_parsed") for s in stats] == [1, 1]  # both fetched it
    drops = [{k: v for k, v in s.items() if k.startswith("mayadeen/dropped/")} for s in stats]
    assert drops == [{}, {"mayadeen/dropped/duplicate": 1}]
    assert client.smembers("mayadeen:article:article_ids") == {retitled["article_id"].encode()}


def test_crawl_keys_expire_should_every_worker_be_killed(
    replica: Path, redis_url: str, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(redis_url)
    keys = [f"mayadeen:sections:{k}" for k in ("requests", "dupefilter", "workers", "article_ids")]
    out = tmp_path / "killed.jsonl"
    with serve(replica / "site") as base_url:
        crawl = worker(
            "sections", base_url, redis_url, out, tmp_path / "data", MAYADEEN_REDIS_KEY_TTL="600"
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                ttls = [client.ttl(key) for key in keys]  # -2: no such key (yet), -1: none
                if all(0 < ttl <= 600 for ttl in ttls):
                    break
                ended = crawl.poll() is not None
                assert not ended, f"ended first; TTLs {ttls}\n{outcome([out], [crawl.poll()])}"
                assert time.monotonic() < deadline, f"TTLs {ttls}"
                time.sleep(0.1)
        finally:
            crawl.kill()  # SIGKILL: no chance to clean up
            crawl.wait(timeout=60)
    # The queue comes and goes as it empties; the others stay, and will expire.
    assert all(0 < client.ttl(key) <= 600 for key in keys[1:]), [client.ttl(k) for k in keys]


def test_crawls_started_together_on_a_new_data_dir_all_succeed(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    article = manifest["articles"][0]
    command = [sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"url={article['url']}"]
    for name, value in {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": replica_url,
        "MAYADEEN_DATA_DIR": str(tmp_path / "data"),
    }.items():
        command += ["-s", f"{name}={value}"]
    outs = [tmp_path / f"crawl-{n}.jsonl" for n in range(4)]
    crawls = []
    for out in outs:
        with out.with_suffix(".err").open("wb") as stderr:
            crawls.append(
                subprocess.Popen(
                    [*command, "-O", str(out), "-s", f"LOG_FILE={out.with_suffix('.log')}"],
                    cwd=PROJECT_ROOT,
                    stderr=stderr,
                )
            )
    codes = [c.wait(timeout=120) for c in crawls]
    logs = [out.with_suffix(".log").read_text(encoding="utf-8") for out in outs]
    assert codes == [0] * len(outs) and not any(map(trouble, logs)), outcome(outs, codes)
    # One of them wrote the story; the others found it in the history, unchanged.
    written = [[item["article_id"] for item in read_jsonl(out)] for out in outs]
    assert [article["article_id"]] in written
    assert all(ids in ([], [article["article_id"]]) for ids in written)
    db = history_db(tmp_path / "data")
    reasons = Counter(reason for (reason,) in db.execute("SELECT finish_reason FROM runs"))
    db.close()
    assert reasons == Counter({"finished": len(outs)})
