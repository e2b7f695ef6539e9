"""Search that works for Arabic readers, on SQLite and on a real PostgreSQL (``history_at``):
a word is found with or without its short vowels and tatweel, whatever alef form, ta marbuta
or alef maqsura it was written with; the stored text is never changed; snippets are cut
from it, the words found marked; English is found as before. And migration 0004, which
builds the index again in place: English results the same as the 0003 index gave them,
Arabic ones found."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from mayadeen.corpus import Corpus
from mayadeen.extraction.folding import REMOVED, REPLACED, fold
from mayadeen.history import History
from mayadeen.history.engine import create_engine, database_url
from mayadeen.history.migrate import HEAD
from mayadeen.history.search import MARK, POSTGRES_FOLD, unfold_snippet
from tests.articles import article
from tests.migrations import alembic_config, record_unkeyed

#: Invented Arabic stories: the first written with its vowels, the second without, with
#: tatweel, another alef form and ha for ta marbuta, the third with alef maqsura.
VOWELLED = {
    "article_id": "3001",
    "title": "افْتِتاحُ المَدْرَسَةِ الجَدِيدَةِ في بَيْرُوت",
    "summary": "أَعْلَنَ أَحْمَدُ عَنْ افْتِتاحِ مَدْرَسَةٍ لِلْأَطْفالِ.",
    "body": (
        "قالَ المُدِيرُ إِنَّ المَدْرَسَةَ سَتَسْتَقْبِلُ الطُّلّابَ يَوْمَ الإِثْنَيْنِ. "
        "وَأَضافَ أَنَّ الكِتابَ الأَوَّلَ وَصَلَ إِلى المَكْتَبَةِ. "
        "The strikes did not reach the school, he said in English."
    ),
}
PLAIN = {
    "article_id": "3002",
    "title": "المدرسه القديمه تغلق ابوابها",
    "summary": "قال احمد ان الكتـــاب وصل الى المكتبه",
    "body": "اغلقت المدرسه القديمه في طرابلس بعد مئة عام. وقال المديـر إن الطلاب انتقلوا.",
}
MAQSURA = {
    "article_id": "3003",
    "title": "مؤتمر فى القاهرة",
    "summary": None,
    "body": "عقد المؤتمر فى القاهرة على مدى يومين، وحضره مئة مشارك.",
}
ENGLISH = {
    "article_id": "1001",
    "title": "Talks resume in Doha",
    "summary": "Negotiators met again on Sunday.",
    "body": "The strikes continued for a second day. Talks on a prisoner exchange resumed "
    "in Doha, where negotiators said the striking workers would be heard.",
}
STORIES = [VOWELLED, PLAIN, MAQSURA, ENGLISH]


def item(story: dict[str, Any], day: int) -> dict[str, Any]:
    url = f"https://www.almayadeen.net/news/politics/story-{story['article_id']}"
    published = f"2026-11-{day:02d}T10:00:00+00:00"
    fields = {**story, "published_at": published, "modified_at": published}
    return asdict(article(url=url, revision=1, **fields))


def record(history: History, stories: list[dict[str, Any]]) -> None:
    for day, story in enumerate(stories, start=1):
        history.record(item(story, day), [])


@pytest.fixture
def corpus(history_at: str) -> Iterator[Corpus]:
    history = History(history_at)
    record(history, STORIES)
    history.close()
    with Corpus.open(history_at) as opened:
        yield opened


def found(corpus: Corpus, words: str) -> list[str]:
    return [hit.article_id for hit in corpus.search(words)]


def marked(snippet: str) -> list[str]:
    """The words a snippet marks."""
    pattern = re.escape(MARK) + "(.+?)" + re.escape(MARK)
    return re.findall(pattern, snippet)


def test_a_vowelled_word_is_found_without_its_vowels_and_the_other_way(corpus: Corpus) -> None:
    assert found(corpus, "مدرسة") == ["3001"]  # مَدْرَسَةٍ in its summary
    assert found(corpus, "المدرسة") == ["3002", "3001"]  # ta marbuta or ha, newest first
    assert found(corpus, "المَدْرَسَةُ") == ["3002", "3001"]  # vowels in the query
    assert found(corpus, "الطُّلّابَ") == ["3002", "3001"]
    assert found(corpus, "يوم الاثنين") == ["3001"]  # إِثْنَيْن: every word, any alef


def test_tatweel_alef_forms_ta_marbuta_and_alef_maqsura_are_folded(corpus: Corpus) -> None:
    assert found(corpus, "الكتاب") == ["3002", "3001"]  # الكتـــاب, الكِتابَ
    assert found(corpus, "المـــدير") == ["3002", "3001"]  # tatweel in the query too
    assert found(corpus, "أحمد") == found(corpus, "احمد") == ["3002", "3001"]
    assert found(corpus, "إن") == found(corpus, "ان") == ["3002", "3001"]
    assert found(corpus, "أبوابها") == ["3002"]  # stored ابوابها
    assert found(corpus, "القاهره") == ["3003"]  # stored القاهرة
    assert found(corpus, "في القاهرة") == ["3003"]  # stored فى
    assert found(corpus, "إلى") == ["3002", "3001"]  # الى, إِلى
    assert found(corpus, "المكتبة") == ["3002", "3001"]  # المكتبه, المَكْتَبَةِ
    assert found(corpus, "مدرستنا") == []  # a word, not a part of one


def test_the_stored_text_is_not_changed(corpus: Corpus) -> None:
    stored = {a["article_id"]: a for a in corpus.articles()}
    for story in STORIES:
        for field in ("title", "summary", "body"):
            assert stored[story["article_id"]][field] == story[field]


def cut_from(snippet: str, story: dict[str, Any]) -> bool:
    """Whether ``snippet``, its marks and ellipses left out, is a stretch of the story's stored
    text: of one field (SQLite), or of title, summary and body joined (PostgreSQL)."""
    text = snippet.replace(MARK, "").strip("…")
    joined = f"{story['title']} — {story['summary'] or ''} {story['body']}"
    return any(
        text in field for field in (story["title"], story["summary"] or "", joined, story["body"])
    )


def test_snippets_are_the_stored_text_with_the_words_found_marked(corpus: Corpus) -> None:
    [vowelled] = [hit for hit in corpus.search("مدرسه للأطفال") if hit.article_id == "3001"]
    assert marked(vowelled.snippet) == ["مَدْرَسَةٍ", "لِلْأَطْفالِ"]  # with their vowels
    assert cut_from(vowelled.snippet, VOWELLED)

    hits = corpus.search("الكتاب")
    assert [marked(hit.snippet) for hit in hits] == [["الكتـــاب"], ["الكِتابَ"]]
    assert cut_from(hits[0].snippet, PLAIN) and cut_from(hits[1].snippet, VOWELLED)

    [maqsura] = corpus.search("في مدى")
    assert set(marked(maqsura.snippet)) == {"فى", "مدى"}  # not على
    # An English word of an Arabic story is stemmed, as in any other
    [mixed] = corpus.search("strike school")
    assert mixed.article_id == "3001" and marked(mixed.snippet) == ["strikes", "school"]


def test_english_search_is_as_before(corpus: Corpus) -> None:
    [hit] = corpus.search("strike doha")
    assert hit.article_id == "1001" and hit.title == ENGLISH["title"]
    assert "**Doha**" in hit.snippet and "**striking**" in hit.snippet
    assert found(corpus, "striking") == ["1001", "3001"]  # stemmed: strike
    assert found(corpus, "prisoner exchanges") == ["1001"]


def test_unfold_snippet_maps_the_marks_onto_the_stored_text() -> None:
    text = "قالَ أَحْمَدُ إِنَّ الكتـــابَ وَصَلَ"
    folded = fold(text)
    assert folded == "قال احمد ان الكتاب وصل"
    # as SQLite's snippet() marks them (\x02 \x03), cut with an ellipsis
    snippet = "…\x02احمد\x03 ان \x02الكتاب\x03…"
    assert unfold_snippet(snippet, [text]) == "…**أَحْمَدُ** إِنَّ **الكتـــابَ**…"
    # English: the database's own snippet, its marks made MARK
    assert unfold_snippet("The \x02strikes\x03 went on", ["The strikes went on"]) == (
        "The **strikes** went on"
    )
    # not found (never expected): the folded snippet, marked
    assert unfold_snippet("\x02لا\x03", [text]) == "**لا**"


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_postgres_translate_folds_as_fold_does(history_at: str) -> None:
    text = "".join(REPLACED) + REMOVED + " أَحْمَدُ الكتـــاب مدرسة فى Talks café ؤ ١٢"
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        folded = db.execute(sa.text("SELECT " + POSTGRES_FOLD.format(":text")), {"text": text})
        assert folded.scalar_one() == fold(text)
    engine.dispose()


# --- the migration --------------------------------------------------------------------

#: The search of the 0003 index, as mayadeen.history.search ran it before 0004.
SEARCH_0003 = {
    "sqlite": """
        SELECT r.article_id, r.title,
            snippet(article_search, -1, '**', '**', '…', 24) AS snippet
        FROM article_search JOIN revisions r ON r.revision_id = article_search.rowid
        WHERE article_search MATCH :match
        ORDER BY r.published_at DESC, r.article_id DESC LIMIT 20""",
    "postgresql": """
        SELECT r.article_id, r.title,
            ts_headline('english', coalesce(r.title, '') || ' — ' || coalesce(r.summary, '')
                || ' ' || coalesce(r.body, ''), q,
                'StartSel=**, StopSel=**, MaxWords=30, MinWords=12,
                 MaxFragments=1, FragmentDelimiter=" … "') AS snippet
        FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id,
            plainto_tsquery('english', :words) AS q
        WHERE to_tsvector('english', coalesce(r.title, '') || ' ' || coalesce(r.summary, '')
            || ' ' || coalesce(r.body, '')) @@ q
        ORDER BY r.published_at DESC, r.article_id DESC LIMIT 20""",
}
#: The snippet of ``talks`` in story 1001 since migration 0009 (the body's window).
TALKS_IN_BODY = (
    "The strikes continued for a second day. **Talks** on a prisoner exchange resumed in Doha, "
    "where negotiators said the striking workers would be heard."
)
ENGLISH_QUERIES = ["strike", "striking doha", "talks", "negotiators sunday", "school", "zebra"]


def _search_0003(db: sa.Connection, words: str) -> list[tuple[str, str, str]]:
    params = {"match": " ".join(f'"{w}"' for w in words.split()), "words": words}
    rows = db.execute(sa.text(SEARCH_0003[db.dialect.name]), params)
    return [tuple(row) for row in rows]


def _search_now(corpus: Corpus, words: str) -> list[tuple[str, str | None, str]]:
    return [(hit.article_id, hit.title, hit.snippet) for hit in corpus.search(words)]


def test_migration_0004_indexes_a_history_again_in_place(history_at: str, tmp_path: Path) -> None:
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.upgrade(alembic_config(db), "0003")
        for day, story in enumerate(STORIES, start=1):
            with db.begin():
                record_unkeyed(db, item(story, day))
        with db.begin():
            before = {words: _search_0003(db, words) for words in ENGLISH_QUERIES}
            assert _search_0003(db, "مدرسه") == []  # the 0003 index: stored spellings only
    engine.dispose()
    assert before["strike"] and before["zebra"] == []

    if "://" not in history_at:  # 0009: the body is the index's first column, and where
        # one of its windows measures as the title's, FTS5 shows the first column's
        assert before["talks"] == [("1001", "Talks resume in Doha", "**Talks** resume in Doha")]
        before["talks"] = [("1001", "Talks resume in Doha", TALKS_IN_BODY)]
    with Corpus.open(history_at) as corpus:  # migrated to the latest version
        assert {words: _search_now(corpus, words) for words in ENGLISH_QUERIES} == before
        assert found(corpus, "مدرسه") == ["3001"]
        assert found(corpus, "المدرسة") == ["3002", "3001"]
        stored = {a["article_id"]: a["body"] for a in corpus.articles()}
    assert stored == {story["article_id"]: story["body"] for story in STORIES}

    # Later records keep the index up: a new revision replaces the old one in it
    history = History(history_at)
    edited = {**PLAIN, "body": "أُغْلِقَت المدرسة.", "summary": None}
    history.record(item(edited, 2) | {"revision": 2}, [])
    history.close()
    with Corpus.open(history_at) as corpus:
        assert found(corpus, "طرابلس") == []  # the old revision's word
        assert found(corpus, "اغلقت") == ["3002"]

    # And back: 0003's index, as it was
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.downgrade(alembic_config(db), "0003")
        with db.begin():
            assert _search_0003(db, "strike") == before["strike"]
            assert [row[0] for row in _search_0003(db, "أُغْلِقَت")] == ["3002"]
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
    engine.dispose()


def test_a_sqlite_connection_without_the_fold_cannot_change_the_index(tmp_path: Path) -> None:
    """Another program's connection (no ``mayadeen_fold``) reads the history, and fails
    loudly, changing nothing, where it would change what the index holds."""
    path = tmp_path / "history.sqlite3"
    history = History(path)
    record(history, STORIES)
    history.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH 'مدرسه'")
    with pytest.raises(sqlite3.OperationalError, match="no such function: mayadeen_fold"):
        db.execute("UPDATE articles SET latest_revision_id = latest_revision_id")
    db.rollback()
    db.close()
    with Corpus.open(path) as corpus:
        assert found(corpus, "مدرسه") == ["3001"]
