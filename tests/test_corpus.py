"""The article corpus in the history, on SQLite and on a real PostgreSQL (``history_at``):
revisions kept, full-text search, the ``search``, ``revisions`` and ``export`` commands, the
Python API, and the migration of a history made before revisions were kept."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mayadeen.corpus import Corpus, word_diff
from mayadeen.corpus import export as export_module
from mayadeen.history import History
from mayadeen.history.schema import metadata
from tests.corpus import EDITED, EDITS, crawl_urls, edit, scrapy, story_paths
from tests.crawl import PROJECT_ROOT, read_jsonl
from tests.replica.server import serve

FIXTURES = Path(__file__).parent / "fixtures" / "history"
#: A history file made by the crawler before revisions were kept (12 articles crawled with
#: ``article`` from the replica, one pending story, one unfinished walk, one finished run).
BEFORE_REVISIONS = FIXTURES / "before-revisions.sqlite3"


@pytest.fixture
def site(replica: Path, tmp_path: Path) -> Path:
    """A copy of the replica's site that a test may edit."""
    return Path(shutil.copytree(replica / "site", tmp_path / "site"))


# --- revisions ------------------------------------------------------------------------


@pytest.mark.subprocess
def test_an_edited_article_gets_a_second_revision_that_revisions_shows(
    history_at: str, site: Path, manifest: dict, tmp_path: Path
) -> None:
    paths = story_paths(manifest, 4)
    with serve(site) as base_url:
        first = crawl_urls(base_url, paths, tmp_path / "one", history_at)
        again = crawl_urls(base_url, paths, tmp_path / "two", history_at)
        edit(site)
        edited = crawl_urls(base_url, paths, tmp_path / "three", history_at)
    assert len(first) == 4 and again == []  # an unchanged re-crawl adds nothing
    assert [(i["title"], i["revision"]) for i in edited] == [(EDITS[0][1], 2)]
    with Corpus.open(history_at) as corpus:
        article_id = edited[0]["article_id"]
        assert [r["revision"] for r in corpus.revisions(article_id)] == [1, 2]
        assert sum(1 for _ in corpus.articles(revisions=True)) == 5
        change = corpus.changes(article_id)[1]
    assert {"title", "body"} <= set(change.changed) and "published_at" not in change.changed

    shown = scrapy("revisions", article_id, history=history_at)
    assert shown.returncode == 0, shown.stderr
    assert "revision 2, first seen" in shown.stdout
    assert "title: From the archive: {+the lost+} cinemas of Damascus" in shown.stdout
    assert "digitised over [-several years.-] {+two decades by volunteers.+}" in shown.stdout
    as_json = json.loads(scrapy("revisions", article_id, "--json", history=history_at).stdout)
    assert [r["revision"] for r in as_json] == [1, 2]
    assert as_json[1]["item"]["title"] == EDITS[0][1]


@pytest.mark.subprocess
def test_revisions_of_an_unknown_article_say_so(history_at: str) -> None:
    History(history_at).close()
    shown = scrapy("revisions", "999", history=history_at)
    assert shown.returncode == 1
    assert "no revisions of 999" in shown.stderr and "no such article" in shown.stderr


def test_word_diff_keeps_context_around_each_change() -> None:
    words = " ".join(f"w{n}" for n in range(40))
    diff = word_diff(words, words.replace("w20", "new words"))
    context = "w12 w13 w14 w15 w16 w17 w18 w19 [-w20-] {+new words+} w21 w22 w23 w24 w25 w26"
    assert diff == f"… {context} w27 w28 …"
    assert word_diff("a b", "a b c") == "a b {+c+}"
    assert word_diff(None, "a") == "{+a+}"


# --- search ---------------------------------------------------------------------------


@pytest.fixture
def searched(history_at: str, replica: Path, manifest: dict, tmp_path: Path) -> str:
    """A history holding a few replica stories, the edited story's first revision among them."""
    with serve(replica / "site") as base_url:
        crawl_urls(base_url, story_paths(manifest, 6), tmp_path / "crawl", history_at)
    return history_at


def test_search_finds_an_article_by_words_of_its_body(searched: str) -> None:
    with Corpus.open(searched) as corpus:
        hits = corpus.search("digitised years")  # words of its body, not of its title
        assert [h.url.endswith(EDITED) for h in hits] == [True]
        assert "**digitised**" in hits[0].snippet and "**years**" in hits[0].snippet

        def found(words: str, **filters: str) -> list[str]:
            return [hit.article_id for hit in corpus.search(words, **filters)]

        ids = [hits[0].article_id]
        assert found("digitise") == ids  # stemmed
        assert found("digitised", section="in pictures") == ids  # any case
        assert found("digitised", section="News") == []
        assert found("digitised", since="2030-01-01") == []
        assert found("digitised zebra") == []  # every word must be there
        with pytest.raises(ValueError, match="nothing to search for"):
            corpus.search("?!")


@pytest.mark.subprocess
def test_search_command_prints_newest_first_and_json(searched: str) -> None:
    with Corpus.open(searched) as corpus:
        bodies = {a["article_id"]: set(a["body"].lower().split()) for a in corpus.articles()}
    # A word of most stories (not a stop word, which PostgreSQL leaves out of its index).
    counts = Counter(w for words in bodies.values() for w in words if len(w) > 5 and w.isalpha())
    word = counts.most_common(1)[0][0]
    having = {article_id for article_id, words in bodies.items() if word in words}
    assert len(having) >= 2
    shown = scrapy("search", word, "--json", "--limit", "50", history=searched)
    assert shown.returncode == 0, shown.stderr
    hits = json.loads(shown.stdout)
    assert {h["article_id"] for h in hits} >= having  # and other forms of the word
    dates = [h["published_at"] for h in hits]
    assert dates == sorted(dates, reverse=True)
    text = scrapy("search", "digitised", "--limit", "1", history=searched)
    lines = text.stdout.splitlines()
    assert lines[0].startswith("2") and "cinemas of Damascus" in lines[0]
    assert lines[1].strip().endswith(EDITED) and "**digitised**" in lines[2]
    assert scrapy("search", "digitised", "--since", "someday", history=searched).returncode == 2
    typo = scrapy("search", "digitised", "--limt", "1", history=searched)  # not two words more
    assert typo.returncode == 2 and "no option --limt" in typo.stderr and not typo.stdout


@pytest.mark.subprocess
def test_commands_on_a_missing_history_say_so(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such.sqlite3")
    for command in (["search", "x"], ["revisions", "1"], ["export", "-o", "x.jsonl"]):
        shown = scrapy(*command, history=missing)
        assert shown.returncode == 1 and f"no history at {missing}" in shown.stderr
    assert not Path(missing).exists()
    command = [sys.executable, "-m", "scrapy", "search", "x", "--history", missing]
    named = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert named.returncode == 1 and f"no history at {missing}" in named.stderr


# --- export ---------------------------------------------------------------------------


def test_parquet_is_written_a_row_group_at_a_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(export_module, "PARQUET_BATCH", 2)

    def items() -> Iterator[dict[str, Any]]:
        for n in range(5):
            yield {"article_id": str(n), "title": f"Story {n}", "tags": ["a", str(n)]}

    path = tmp_path / "out.parquet"
    assert export_module.export(items(), path, "parquet") == 5
    written = pq.ParquetFile(path)
    assert written.metadata.num_row_groups == 3  # 2 + 2 + 1, never the whole at once
    assert [row["tags"] for row in written.read().to_pylist()] == [["a", str(n)] for n in range(5)]


@pytest.mark.subprocess
def test_export_writes_latest_or_every_revision(
    history_at: str, site: Path, manifest: dict, tmp_path: Path
) -> None:
    with serve(site) as base_url:
        crawled = crawl_urls(base_url, story_paths(manifest, 3), tmp_path / "a", history_at)
        edit(site)
        crawl_urls(base_url, [EDITED], tmp_path / "b", history_at)
    out = tmp_path / "out"
    for name in ("latest.parquet", "latest.jsonl", "latest.csv"):
        done = scrapy("export", "-o", str(out / name), history=history_at)
        assert done.returncode == 0 and "3 article(s)" in done.stderr, done.stderr
    every = scrapy(
        "export", "--format", "parquet", "-o", str(out / "all"), "--revisions", history=history_at
    )
    assert every.returncode == 0, every.stderr
    parquet = pq.read_table(out / "latest.parquet").to_pylist()
    jsonl = read_jsonl(out / "latest.jsonl")
    csv_rows = (out / "latest.csv").read_text(encoding="utf-8-sig").splitlines()
    assert parquet == jsonl  # the same articles, with the item's types
    assert len(csv_rows) >= 4 and csv_rows[0].endswith(",revision,edition,seen_at")
    by_id = {item["article_id"]: item for item in crawled}
    for item in jsonl:
        expected = by_id[item["article_id"]]
        if item["url"].endswith(EDITED):
            assert (item["title"], item["revision"]) == (EDITS[0][1], 2)
        else:
            assert {k: item[k] for k in expected} == expected  # every field as written
    revisions = pq.read_table(out / "all").to_pylist()
    assert sorted((r["article_id"], r["revision"]) for r in revisions) == sorted(
        [(i["article_id"], 1) for i in crawled]
        + [(i["article_id"], 2) for i in crawled if i["url"].endswith(EDITED)]
    )
    since = scrapy(
        "export", "-o", str(out / "none.jsonl"), "--since", "2030-01-01", history=history_at
    )
    assert since.returncode == 0 and read_jsonl(out / "none.jsonl") == []


@pytest.mark.subprocess
def test_an_export_that_fails_keeps_the_file_there(history_at: str, tmp_path: Path) -> None:
    History(history_at).close()
    target = tmp_path / "out.jsonl"
    target.write_text("kept\n")
    failed = scrapy("export", "-o", str(target), "--since", "not-a-day", history=history_at)
    assert failed.returncode == 2 and target.read_text() == "kept\n"
    assert list(tmp_path.glob(".*partial")) == []


# --- the schema -----------------------------------------------------------------------


def test_the_migrated_schema_is_the_one_the_code_uses(history_at: str) -> None:
    history = History(history_at)
    with history.db.begin():
        # The full-text index is the one part the tables do not describe (history.search):
        # SQLite's FTS5 tables, PostgreSQL's GIN indexes and the stored text they are on.
        search_index = {
            "article_search",
            "ix_revisions_search",
            "ix_revisions_pairs",
            "search_document",
        }
        context = MigrationContext.configure(
            history.db,
            opts={"include_name": lambda name, *_: not str(name).startswith(tuple(search_index))},
        )
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == "0012"
    history.close()


def test_a_history_made_before_revisions_migrates_without_losing_anything(
    replica: Path, manifest: dict, tmp_path: Path
) -> None:
    path = Path(shutil.copy(BEFORE_REVISIONS, tmp_path / "history.sqlite3"))
    before = _dump(path)
    history = History(path)
    history.close()
    after = _dump(path)
    # Every row kept, new columns empty; listings walked part of the way are forgotten (a
    # listing that no walk completed is read to its end).
    assert after.pop("unfinished_walks") is None and before.pop("unfinished_walks")
    for table, rows in before.items():
        assert [row[: len(rows[0])] for row in after[table]] == rows, table
    assert len(before["articles"]) == 12 and before["pending"]

    # The next crawl of the same (unchanged) stories writes nothing, and fills the corpus in.
    urls = [url for (_, url, *_rest) in before["articles"]]
    paths = ["/" + url.split("/", 3)[3] for url in urls]
    with serve(replica / "site") as base_url:
        written = crawl_urls(base_url, paths, tmp_path / "crawl", str(path))
    assert written == []
    with Corpus.open(path) as corpus:
        articles = list(corpus.articles())
    assert sorted(a["url"] for a in articles) == sorted(urls)
    assert {a["revision"] for a in articles} == {1}


def _dump(path: Path) -> dict[str, list[tuple] | None]:
    db = sqlite3.connect(path)
    tables = ("articles", "paths", "pending", "unfinished_walks", "runs", "run_feeds")
    exists = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    dump = {
        t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) if t in exists else None
        for t in tables
    }
    db.close()
    return dump


def test_schema_version_is_recorded_once(history_at: str) -> None:
    for _ in range(2):
        History(history_at).close()
    engine = sa.create_engine(history_at if "://" in history_at else f"sqlite:///{history_at}")
    with engine.connect() as db:
        assert db.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [("0012",)]
    engine.dispose()
