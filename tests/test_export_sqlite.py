"""``scrapy export --format sqlite``: a SQLite copy of a history, SQLite's or PostgreSQL's
(``history_at``), made by the project's migrations then filled a batch at a time: every row
of every table, the view ``stories``, the search index (keyed in publication order, as a
crawl keys it), one file, which ``scrapy browse`` opens with its page."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from mayadeen.corpus import Corpus
from mayadeen.corpus.export import export_sqlite
from mayadeen.history import History
from mayadeen.history import copy as history_copy
from mayadeen.history.migrate import HEAD
from mayadeen.history.schema import metadata
from tests.articles import article, expected, ids, stories, story
from tests.browse import get_json, scrapy_browse
from tests.corpus import scrapy

ARABIC = story(4000, "2026-03-01T08:00:00+00:00", "افْتِتاحُ المَدْرَسَةِ الجَدِيدَةِ في بَيْرُوت", "سياسة")


@pytest.fixture
def made(history_at: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A history of invented stories (one retitled, one Arabic) and a crawl's run."""
    monkeypatch.setattr(history_copy, "BATCH", 7)  # many batches of a small history
    made = [*stories(40), ARABIC]
    history = History(history_at)
    history.runs.begin("sections", "test-worker")
    history.runs.add_feed("/tmp/feed.jsonl", "jsonl")
    for item in made:
        history.record(item, [])
    retitled = made[0] | {"title": "A new headline", "revision": 2}
    history.record(retitled, [])
    history.close()
    made[0] = retitled
    return made


def _rows(db: sa.Connection, table: sa.Table) -> list[tuple[Any, ...]]:
    columns = [c for c in table.c if c.name != "search_key"]
    with db.begin():
        rows = db.execute(sa.select(*columns).order_by(*table.primary_key.columns)).all()
    return [tuple(row) for row in rows]


def test_the_copy_holds_every_row_and_searches_as_the_history_does(
    history_at: str, made: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "copy.sqlite3"
    with Corpus.open(history_at) as corpus:
        assert export_sqlite(corpus.db, target) == len(made)
        source_rows = {t.name: _rows(corpus.db, t) for t in metadata.sorted_tables}
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]  # one file

    db = sqlite3.connect(target)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # no log to carry
    assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    keys = db.execute("SELECT article_id FROM articles ORDER BY search_key").fetchall()
    by_time = sorted(made, key=lambda s: (s["published_at"], s["article_id"]))
    assert [k for (k,) in keys] == [s["article_id"] for s in by_time]
    view = dict(db.execute("SELECT article_id, title FROM stories").fetchall())
    assert view[made[0]["article_id"]] == "A new headline" and len(view) == len(made)
    db.close()
    with Corpus.open(target) as copy:
        assert {t.name: _rows(copy.db, t) for t in metadata.sorted_tables} == source_rows
        assert source_rows["revisions"] and source_rows["runs"]
        for words in (["ceasefire"], ["sanctions", "vote"]):
            assert ids(copy, " ".join(words), limit=100) == expected(made, words, 100)
        assert ids(copy, "المدرسة") == ["4000"]  # folded as the index is


@pytest.mark.subprocess
def test_scrapy_export_format_sqlite_writes_the_copy(
    history_at: str, made: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    result = scrapy("export", "-o", str(target), history=history_at)  # sqlite by its extension
    assert result.returncode == 0, result.stderr
    assert f"{len(made)} article(s) and all their revisions" in result.stderr
    with Corpus.open(target) as copy:
        assert copy.count() == len(made)
    refused = scrapy(
        "export", "--format", "sqlite", "-o", "x", "--since", "2026-01-01", history=history_at
    )
    assert refused.returncode == 2 and "copies the whole history" in refused.stderr


@pytest.mark.subprocess
def test_scrapy_browse_opens_the_copy_with_its_page(
    history_at: str, made: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    with Corpus.open(history_at) as corpus:
        export_sqlite(corpus.db, target)
    with scrapy_browse(target) as address:
        stories = address + "copy/stories.json?"
        found = get_json(stories + urlencode({"_search": "المدرسة", "_shape": "objects"}))
        assert [row["article_id"] for row in found["rows"]] == ["4000"]
        faceted = get_json(stories + "_extra=facet_results&_size=0")["facet_results"]
        sections = {f["value"] for f in faceted.get("results", faceted)["section"]["results"]}
        assert sections == {s["section"] for s in made}
        changed = get_json(address + "copy/headline_changed.json?_shape=objects")["rows"]
        first = f"Story {made[0]['article_id']}"  # as stories() titles it
        assert [row["Headline"] for row in changed] == [first, "A new headline"]


def test_the_copy_is_one_snapshot_while_a_crawl_writes(
    history_at: str, made: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_table = history_copy._copy

    def then_a_crawl_writes(source: Any, target: Any, table: sa.Table, *args: Any) -> int:
        copied = copy_table(source, target, table, *args)
        if table.name == "revisions":  # before the articles are read
            writer = History(history_at)
            writer.record(story(5000, "2026-12-01T00:00:00+00:00", "written meanwhile"), [])
            writer.close()
        return copied

    monkeypatch.setattr(history_copy, "_copy", then_a_crawl_writes)
    target = tmp_path / "copy.sqlite3"
    with Corpus.open(history_at) as corpus:
        assert export_sqlite(corpus.db, target) == len(made)
    db = sqlite3.connect(target)
    assert db.execute("SELECT count(*) FROM stories").fetchone() == (len(made),)
    assert db.execute("SELECT count(*) FROM articles WHERE article_id = '5000'").fetchone() == (0,)
    db.close()
    with Corpus.open(history_at) as corpus:
        assert corpus.count() == len(made) + 1  # it was written


def test_a_copy_killed_halfway_is_not_read_again(history_at: str, tmp_path: Path) -> None:
    History(history_at).close()
    target = tmp_path / "copy.sqlite3"
    left = sqlite3.connect(tmp_path / ".copy.sqlite3.partial")  # what a killed copy left
    left.execute("CREATE TABLE articles (junk)")
    left.close()
    history = History(history_at)
    history.record(asdict(article(article_id="5")), [])
    history.close()
    with Corpus.open(history_at) as corpus:
        assert export_sqlite(corpus.db, target) == 1
    with Corpus.open(target) as copy:
        assert [a["article_id"] for a in copy.articles()] == ["5"]
