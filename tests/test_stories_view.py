"""The view ``stories`` (migration 0006), on SQLite and PostgreSQL (``history_at``): one row a
story, its latest revision, with the fields of ``data`` a reader filters on as columns
(authors and tags as JSON arrays); the migration goes down and up again."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from alembic import command

from mayadeen.history import History
from mayadeen.history.engine import create_engine, database_url
from mayadeen.history.migrate import HEAD
from tests.articles import article
from tests.migrations import alembic_config


def _story(title: str, **fields: Any) -> dict[str, Any]:
    values = {
        "article_id": "ar:77",
        "url": "https://www.almayadeen.net/news/politics/story-77",
        "title": title,
        "section": "سياسة",
        "post_type": "News",
        "edition": "ar",
        "language": "ar",
        "authors": ["Ali Hassan", "Mona Said"],
        "tags": ["Gaza", "Lebanon"],
        "published_at": "2026-05-31T22:30:00+00:00",
        "published_at_raw": "2026-06-01T01:30:00+03:00",
        "modified_at_raw": None,
    }
    return asdict(article(**(values | fields)))


def _rows(history_at: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        rows = [dict(row) for row in db.execute(sa.text("SELECT * FROM stories")).mappings()]
    engine.dispose()
    return rows


def test_stories_shows_each_story_once_with_its_latest_revision(history_at: str) -> None:
    history = History(history_at)
    history.record(_story("First headline", revision=1), [])
    history.record(_story("Second headline", revision=2), [])
    history.record(asdict(article(article_id="5", title="English", authors=[], tags=[])), [])
    history.close()

    rows = {row["article_id"]: row for row in _rows(history_at)}
    assert set(rows) == {"ar:77", "5"}
    arabic = rows["ar:77"]
    times = {"search_key", "first_seen", "last_seen"}
    assert {k: v for k, v in arabic.items() if k not in times} == {
        "article_id": "ar:77",
        "title": "Second headline",
        "summary": None,
        "section": "سياسة",
        "type": "News",
        "edition": "ar",
        "language": "ar",
        "published_at": "2026-05-31T22:30:00+00:00",
        "published_at_raw": "2026-06-01T01:30:00+03:00",
        "modified_at": "2024-03-19T07:18:39+00:00",
        "modified_at_raw": None,
        "month": "2026-05",
        "day": "2026-05-31",
        "url": "https://www.almayadeen.net/news/politics/story-77",
        "revisions": 2,
        "authors": arabic["authors"],
        "tags": arabic["tags"],
    }
    assert json.loads(arabic["authors"]) == ["Ali Hassan", "Mona Said"]
    assert json.loads(arabic["tags"]) == ["Gaza", "Lebanon"]
    assert json.loads(rows["5"]["authors"]) == [] and rows["5"]["edition"] == "en"
    assert (arabic["search_key"] is None) == history_at.startswith("postgresql")


def test_the_migration_goes_down_and_up_again(history_at: str) -> None:
    History(history_at).close()
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.downgrade(alembic_config(db), "0005")
            assert "stories" not in sa.inspect(db).get_view_names()
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
            assert "stories" in sa.inspect(db).get_view_names()
    engine.dispose()
