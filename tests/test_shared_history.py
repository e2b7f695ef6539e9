"""One crawl history on a real PostgreSQL server, shared by workers on several "machines" (data
folders of their own, so worker names of their own). No mocks: real ``scrapy crawl`` workers,
a real Redis, a real PostgreSQL (tests/postgres.py), a replica of the site on loopback.

- Two workers crawl the replica together through Redis into one PostgreSQL history: every
  story is written once across both feeds and recorded once (revision 1, one revision row);
  both runs finish. Stories then appear on the site: an incremental crawl from either
  machine writes exactly those, and the same crawl from the other machine writes nothing.
- A crashed run on the shared history is recovered by its own worker's next run only: not by
  another worker's, and never while its process still runs.
- Processes opening one new PostgreSQL history at the same moment create its schema once,
  and all of them go on to begin their runs.

Needs PostgreSQL and Debian's ``redis-server`` (CI installs both); skipped otherwise.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import traceback
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, LiteralString

import psycopg
import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from scrapy.settings import Settings

from mayadeen.corpus import Corpus
from mayadeen.history import History, recover, worker_name
from mayadeen.history.migrate import MIGRATIONS
from mayadeen.history.schema import runs as runs_table
from tests.crawl import Crawl, crawl_in_process, parse_stats, read_jsonl
from tests.distributed import outcome, trouble, worker
from tests.postgres import PostgresServer
from tests.replica.build import build
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # workers and crashed runs are processes

#: New stories on the site: the first round's, then as many more for the second round.
NEW_PER_ROUND = 3


@pytest.fixture(scope="module")
def later_sites(manifest: dict, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The replica as it is later, twice: with ``NEW_PER_ROUND`` new stories, then with
    ``NEW_PER_ROUND`` more (the newest of all, at the top of their listings). Each: its
    ``site`` folder and the ids of the stories new in it."""
    known = {a["article_id"] for a in manifest["articles"]}
    sites = []
    for round_ in (1, 2):
        out = tmp_path_factory.mktemp(f"replica-later-{round_}")
        build(out, extra_articles=NEW_PER_ROUND * round_)
        ids = {a["article_id"] for a in read_manifest(out)["articles"]}
        assert known < ids and len(ids - known) == NEW_PER_ROUND
        sites.append({"site": out / "site", "new": ids - known})
        known = ids
    return sites


def read_manifest(replica: Path) -> dict:
    return json.loads((replica / "manifest.json").read_text(encoding="utf-8"))


def query(url: str, sql: LiteralString, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of one query on the PostgreSQL database ``url``."""
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def name_of(data: Path) -> str:
    """The worker name a crawl in the data folder ``data`` has (by default)."""
    return worker_name(Settings({"MAYADEEN_DATA_DIR": str(data)}))


def incremental(base_url: str, data: Path, history: str, name: str) -> Crawl:
    """A ``sections`` crawl (no Redis) from the machine whose data folder is ``data``, on the
    shared ``history``, writing ``data/name.jsonl``; it ends without an error."""
    feed = data / f"{name}.jsonl"
    done = crawl_in_process(
        "sections", base_url, data, settings={"MAYADEEN_HISTORY": history}, feeds=[feed]
    )
    assert done.stats.get("finish_reason") == "finished", done.log[-3000:]
    assert " ERROR: " not in done.log and "Traceback" not in done.log, done.log[-3000:]
    assert [i["article_id"] for i in read_jsonl(feed)] == [i["article_id"] for i in done.items]
    return done


def test_two_machines_crawl_into_one_postgresql_history(
    replica: Path,
    manifest: dict,
    later_sites: list[dict],
    redis_url: str,
    postgres_url: str,
    tmp_path: Path,
) -> None:
    machines = [tmp_path / "machine-a", tmp_path / "machine-b"]
    for data in machines:
        data.mkdir()
    outs = [data / "together.jsonl" for data in machines]
    with serve(replica / "site") as base_url:
        workers = [
            worker("sections", base_url, redis_url, out, data, MAYADEEN_HISTORY=postgres_url)
            for out, data in zip(outs, machines, strict=True)
        ]
        codes = [w.wait(timeout=300) for w in workers]
    logs = [out.with_suffix(".log").read_text(encoding="utf-8") for out in outs]
    assert codes == [0, 0] and not any(map(trouble, logs)), outcome(outs, codes)

    # Every story written once across the two machines' feeds; both did some of the work.
    expected = {a["article_id"] for a in manifest["articles"]}
    union = Counter(i["article_id"] for out in outs for i in read_jsonl(out))
    assert union == Counter(expected)
    assert all(parse_stats(log).get("item_scraped_count", 0) > 0 for log in logs)
    # One history for both, on PostgreSQL: each story once, revision 1, one revision row.
    assert dict(query(postgres_url, "SELECT article_id, revision FROM articles")) == (
        dict.fromkeys(expected, 1)
    )
    revisions = query(postgres_url, "SELECT article_id, revision FROM revisions")
    assert Counter(revisions) == Counter((article_id, 1) for article_id in expected)
    assert query(postgres_url, "SELECT worker, finish_reason FROM runs ORDER BY worker") == [
        (name_of(data), "finished") for data in sorted(machines)
    ]
    assert not [p for data in machines for p in data.glob("*.sqlite3*")]  # no local history

    # New stories appear; the first machine to crawl incrementally writes exactly them, the
    # other then nothing. Once from each machine first.
    for n, (later, first) in enumerate(zip(later_sites, [machines, machines[::-1]], strict=True)):
        with serve(later["site"]) as base_url:
            new = incremental(base_url, first[0], postgres_url, f"round-{n}")
            again = incremental(base_url, first[1], postgres_url, f"round-{n}-again")
        assert {i["article_id"]: i["revision"] for i in new.items} == dict.fromkeys(later["new"], 1)
        assert again.items == []

    everything = expected | later_sites[0]["new"] | later_sites[1]["new"]
    with Corpus.open(postgres_url) as corpus:
        articles = Counter((a["article_id"], a["revision"]) for a in corpus.articles())
        assert articles == Counter((article_id, 1) for article_id in everything)
        for article_id in later_sites[1]["new"]:
            assert [r["revision"] for r in corpus.revisions(article_id)] == [1]
    finished = Counter(query(postgres_url, "SELECT worker, finish_reason FROM runs"))
    assert finished == {(name_of(data), "finished"): 3 for data in machines}


# --- crash recovery, worker by worker -----------------------------------------------------


def dead_pid() -> int:
    """The id of a process that ran on this machine and is gone."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def killed_run(history: str, worker: str, feed: Path, item: dict, pid: int) -> int:
    """Leave in ``history`` a run of ``worker`` that wrote ``item`` to its JSON Lines ``feed``
    (then half of another record) but never recorded it nor finished, its process ``pid``."""
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.write_text(json.dumps(item) + '\n{"article_id": "', encoding="utf-8")
    opened = History(history)
    try:
        run_id = opened.runs.begin("sections", worker)
        opened.runs.add_feed(feed, "jsonlines")
        with opened.db.begin():
            opened.db.execute(
                runs_table.update().where(runs_table.c.run_id == run_id).values(pid=pid)
            )
    finally:
        opened.close()
    return run_id


def run_row(history: str, run_id: int) -> tuple[str | None, str | None]:
    """``finish_reason`` and ``worker`` of a run."""
    [(reason, name)] = query(
        history, "SELECT finish_reason, worker FROM runs WHERE run_id = %s", run_id
    )
    return reason, name


def known(history: str) -> set[str]:
    return {article_id for (article_id,) in query(history, "SELECT article_id FROM articles")}


@pytest.fixture(scope="module")
def stories(replica_url: str, manifest: dict, tmp_path_factory: pytest.TempPathFactory) -> list:
    """Four stories of the replica, as a crawl writes them (no history)."""
    articles = manifest["articles"][:4]
    args = {"urls": ",".join(a["url"] for a in articles), "fresh": "1"}
    done = crawl_in_process("article", replica_url, tmp_path_factory.mktemp("stories"), args)
    by_id = {item["article_id"]: item for item in done.items}
    return [by_id[a["article_id"]] for a in articles]


def test_a_crashed_run_is_recovered_by_its_own_worker_only(
    postgres_url: str, stories: list[dict], tmp_path: Path
) -> None:
    crashed, live = stories[0], stories[1]
    feeds = [tmp_path / "a" / "crashed.jsonl", tmp_path / "a" / "live.jsonl"]
    crashed_run = killed_run(postgres_url, "A", feeds[0], crashed, dead_pid())
    live_run = killed_run(postgres_url, "A", feeds[1], live, 1)  # pid 1 runs here: alive
    lines = [feed.read_bytes() for feed in feeds]

    # Worker B opens the history, as its crawls do: A's runs are not B's to recover.
    history = History(postgres_url)
    try:
        assert history.runs.crashed("B") == {}
        assert recover(history, "B") == 0
        history.runs.begin("sections", "B")
        history.runs.finish("finished")
    finally:
        history.close()
    assert run_row(postgres_url, crashed_run) == (None, "A")
    assert known(postgres_url) == set()
    assert [feed.read_bytes() for feed in feeds] == lines  # its feeds untouched

    # A's next run recovers its killed run (the half record cut off), not the live one.
    history = History(postgres_url)
    try:
        assert history.runs.crashed("A") == {crashed_run: [(feeds[0].resolve(), "jsonlines")]}
        assert recover(history, "A") == 1
        assert history.runs.crashed("A") == {}
    finally:
        history.close()
    assert run_row(postgres_url, crashed_run) == ("recovered", "A")
    assert run_row(postgres_url, live_run) == (None, "A")
    assert known(postgres_url) == {crashed["article_id"]}
    assert feeds[0].read_text(encoding="utf-8") == json.dumps(crashed) + "\n"
    assert feeds[1].read_bytes() == lines[1]
    with Corpus.open(postgres_url) as corpus:
        [revision] = corpus.revisions(crashed["article_id"])
    assert {k: v for k, v in revision.items() if k != "seen_at"} == crashed


def test_crawls_recover_their_own_machine_s_killed_run_on_a_shared_history(
    postgres_url: str, replica_url: str, stories: list[dict], tmp_path: Path
) -> None:
    """The same through real crawls: each machine's ``article`` crawl opens the shared
    history; only the one from the killed run's data folder reads its feed back."""
    machines = [tmp_path / "machine-a", tmp_path / "machine-b"]
    crashed, later = stories[0], stories[2:]
    feed = machines[0] / "sections" / "killed.jsonl"
    run_id = killed_run(postgres_url, name_of(machines[0]), feed, crashed, dead_pid())
    settings = {"MAYADEEN_HISTORY": postgres_url}

    done = []
    for data, story in zip(machines[::-1], later, strict=True):  # B first, then A
        done.append(crawl_in_process("article", replica_url, data, {"url": story["url"]}, settings))
        assert [i["article_id"] for i in done[-1].items] == [story["article_id"]]
        assert done[-1].stats.get("finish_reason") == "finished", done[-1].log[-3000:]
        if data == machines[1]:
            assert "did not finish" not in done[-1].log
            assert run_row(postgres_url, run_id) == (None, name_of(machines[0]))
            assert known(postgres_url) == {later[0]["article_id"]}
    assert f"Run {run_id} did not finish: read back its 1 feed file(s), 1 article(s)" in (
        done[-1].log
    )
    assert run_row(postgres_url, run_id) == ("recovered", name_of(machines[0]))
    assert known(postgres_url) == {crashed["article_id"], *(s["article_id"] for s in later)}
    assert feed.read_text(encoding="utf-8") == json.dumps(crashed) + "\n"


# --- a new history opened by many processes at once ---------------------------------------

PROCESSES = 6
DATABASES = 4


def open_and_begin(urls: list[str], n: int, barrier: Any, results: Any) -> None:
    """In a child process: for each history of ``urls`` in turn, at the same moment as the
    other children, open it (making its schema if new), begin a run and close; puts
    ``(n, url, None)`` or the traceback instead of ``None``."""
    for url in urls:
        barrier.wait(timeout=120)
        try:
            history = History(url)
            try:
                history.runs.begin("sections", f"process-{n}")
            finally:
                history.close()
        except BaseException:
            results.put((n, url, traceback.format_exc()))
        else:
            results.put((n, url, None))


@pytest.fixture
def new_databases(postgres_server: PostgresServer) -> Iterator[list[str]]:
    """``DATABASES`` fresh empty databases, dropped after the test."""
    names = [f"test_{uuid.uuid4().hex}" for _ in range(DATABASES)]
    urls = [postgres_server.create_database(name) for name in names]
    try:
        yield urls
    finally:
        for name in names:
            postgres_server.drop_database(name)


def test_processes_opening_a_new_postgresql_history_at_once_all_succeed(
    new_databases: list[str],
) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    children = [
        context.Process(target=open_and_begin, args=(new_databases, n, barrier, results))
        for n in range(PROCESSES)
    ]
    try:
        for child in children:
            child.start()
        outcomes = [results.get(timeout=300) for _ in range(PROCESSES * DATABASES)]
        for child in children:
            child.join(timeout=60)
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
                child.join()
    assert [child.exitcode for child in children] == [0] * PROCESSES
    failed = [error for _, _, error in outcomes if error is not None]
    assert not failed, "\n".join(failed)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    for url in new_databases:
        assert query(url, "SELECT version_num FROM alembic_version") == [(head,)]
        workers = Counter(name for (name,) in query(url, "SELECT worker FROM runs"))
        assert workers == Counter(f"process-{n}" for n in range(PROCESSES))
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            tables = set(sa.inspect(engine).get_table_names())
        finally:
            engine.dispose()
        assert {"articles", "revisions", "runs", "run_feeds", "paths", "pending"} <= tables
