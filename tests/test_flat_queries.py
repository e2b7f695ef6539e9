"""Queries that do not grow with the corpus (issue 26), on SQLite and PostgreSQL
(``history_at``): search reads the newest matches first and stops (SQLite: the FTS5 rowid is
the article's search key, which follows publication time) and gives what sorting every match
gave, ties included; quoted phrases; export walks an index in its order; migration 0005 keys
and re-indexes an existing history. Behaviour only: the timings are the bench's."""

from __future__ import annotations

import itertools
import random
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from mayadeen.corpus import Corpus
from mayadeen.extraction.folding import REMOVED, REPLACED
from mayadeen.history import History, search
from mayadeen.history.engine import create_engine, database_url
from mayadeen.history.migrate import HEAD
from mayadeen.history.schema import articles, revisions
from mayadeen.history.search import (
    INDEX_WRITES,
    KEY_BITS,
    POSTGRES_ARABIC,
    Query,
    add_sqlite_functions,
    key_minute,
    key_range,
)
from tests.articles import WORDS, expected, ids, stories, story
from tests.migrations import alembic_config, record_unkeyed


@pytest.fixture
def made(history_at: str) -> list[dict[str, Any]]:
    made = stories()
    history = History(history_at, group_records=True)
    for item in made:
        history.record(item, [])
    history.close()
    return made


def test_search_gives_the_newest_matches_in_order_ties_included(
    history_at: str, made: list[dict[str, Any]]
) -> None:
    with Corpus.open(history_at) as corpus:
        for words in (["ceasefire"], ["sanctions", "vote"], ["harbour", "drought", "relief"]):
            for limit in (1, 5, 20, 500):
                assert ids(corpus, " ".join(words), limit=limit) == expected(made, words, limit)
            assert ids(corpus, " ".join(words), since="2026-06-01") == expected(
                made, words, since="2026-06-01"
            )
            assert ids(corpus, " ".join(words), section="culture") == expected(
                made, words, section="culture"
            )
        assert ids(corpus, "ceasefire", limit=0) == []


def test_a_new_revision_moves_the_story_in_the_index(history_at: str) -> None:
    history = History(history_at)
    old = story(1, "2026-01-01T10:00:00+00:00", "harbour drought")
    history.record(old, [])
    history.record(story(2, "2026-02-01T10:00:00+00:00", "harbour relief"), [])
    redated = old | {"revision": 2, "published_at": "2026-03-01T10:00:00+00:00"}
    history.record(redated | {"body": "harbour relief council"}, [])
    history.close()
    with Corpus.open(history_at) as corpus:
        assert ids(corpus, "harbour") == ["1", "2"]
        assert ids(corpus, "drought") == []  # the old revision's word is out
        assert ids(corpus, "relief council") == ["1"]


def test_quoted_words_are_a_phrase(history_at: str) -> None:
    history = History(history_at)
    for n, body in enumerate(
        [
            "The council held a sanctions vote on Monday.",  # the phrase
            "The vote on new sanctions was put off.",  # both words, apart
            "Sanctions voted through after the ceasefire talks.",  # stemmed, in order
            "Talks on the ceasefire resumed.",
        ],
        start=1,
    ):
        history.record(story(n, f"2026-11-0{n}T10:00:00+00:00", body), [])
    history.close()
    with Corpus.open(history_at) as corpus:
        assert ids(corpus, "sanctions vote") == ["3", "2", "1"]
        assert ids(corpus, '"sanctions vote"') == ["3", "1"]
        assert ids(corpus, '"vote sanctions"') == []
        assert ids(corpus, '"ceasefire talks" council') == []
        assert ids(corpus, '"ceasefire talks"') == ["3"]
        assert ids(corpus, 'talks "ceasefire resumed"') == ["4"]
        [hit] = corpus.search('"held a sanctions vote"')
        assert hit.article_id == "1" and "**" in hit.snippet  # FTS5 marks the phrase whole
        assert "held a sanctions vote" in hit.snippet.replace("**", "")


def test_a_query_is_words_and_quoted_phrases() -> None:
    assert Query.parse('sanctions "Security Council vote" today') == Query(
        ("sanctions", "today"), (("Security", "Council", "vote"),)
    )
    assert Query.parse('"one" "unclosed phrase') == Query(("one",), (("unclosed", "phrase"),))
    assert Query.parse('"') == Query(())
    assert Query.parse('a "b c"').fts5() == '"a" "b c"'


def test_search_keys_follow_the_publication_time() -> None:
    times = [
        None,
        "0001-01-01T00:00:00+00:00",
        "2015-01-01T00:00:00+00:00",
        "2015-01-01T00:01:00+00:00",
        "2015-12-31T23:59:00+00:00",
        "2016-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59+00:00",
    ]
    ranges = [key_range(t) for t in times]
    assert all(high - low == 1 << KEY_BITS for low, high in ranges[1:])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))  # in order
    assert ranges[-1][1] < 2**63 and ranges[0] == (0, ranges[1][0])  # undated: the oldest
    assert key_range("2015-01-01T00:00:59+00:00") == ranges[2]  # a minute's seconds share it
    assert key_minute("2015-01-01T00:01:00+00:00") == key_minute(times[2]) + 1
    assert key_minute("yesterday") is None and key_range("yesterday") == ranges[0]


def _newest(made: list[dict[str, Any]], word: str, dialect: str) -> list[str]:
    """The ids of the stories holding ``word``, as ``ORDER BY published_at DESC, article_id
    DESC`` sorts them: undated last on SQLite, first on PostgreSQL (nulls sort first there,
    descending)."""
    hits = [s for s in made if word in s["body"].split()]
    dated = dialect == "sqlite"
    hits.sort(
        key=lambda s: (
            (s["published_at"] is not None) == dated,
            s["published_at"] or "",
            s["article_id"],
        )
    )
    return [s["article_id"] for s in reversed(hits)]


def test_a_minute_holding_more_articles_than_its_keys(history_at: str) -> None:
    """70 stories in one minute (SQLite: 4 keys), others in the minutes around it and some
    undated: search's order unchanged; SQLite's keys unique and none below its minute's."""
    rnd = random.Random(9)
    crowded = [f"2026-05-01T10:01:{rnd.randrange(60):02d}+00:00" for _ in range(70)]
    around = [f"2026-05-01T10:0{m}:30+00:00" for m in (0, 0, 2, 2, 2, 3, 9)]
    times = [*crowded, *around, None, None, None]
    made = [
        story(100 + n, published, " ".join(rnd.choices(WORDS, k=3)) + " harbour")
        for n, published in enumerate(times)
    ]
    rnd.shuffle(made)
    history = History(history_at, group_records=True)
    for item in made:
        history.record(item, [])
    moved = made[0] | {"revision": 2, "published_at": "2026-05-01T10:02:10+00:00"}
    history.record(moved, [])  # out of its minute: a new key, after the crowd's
    made[0] = moved
    dialect = history.dialect
    history.close()
    if dialect == "sqlite":
        with closing(sqlite3.connect(history_at)) as db:
            rows = db.execute("SELECT search_key, published_at FROM articles").fetchall()
        keys = [(key, key_range(published)[0]) for key, published in rows]
        assert len({key for key, _ in keys}) == len(made)
        assert all(key >= low for key, low in keys)
        assert max(key for key, _ in keys) >= key_range("2026-05-01T10:04:00+00:00")[0]
    with Corpus.open(history_at) as corpus:
        for word in ("harbour", "vote"):
            for limit in (1, 4, 5, 20, 49, 60, 100):
                assert ids(corpus, word, limit=limit) == _newest(made, word, dialect)[:limit]


def _index_matches_its_text(path: Path) -> None:
    """FTS5's check that the index holds exactly the text of the view it indexes (the
    latest revisions by key), and no change waits to be written into it."""
    with closing(sqlite3.connect(path)) as db:
        add_sqlite_functions(db)
        db.execute(
            "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)"
        )
        assert db.execute("SELECT count(*) FROM article_search_pending").fetchone() == (0,)


def test_the_index_is_written_once_a_group_and_holds_the_latest_text(tmp_path: Path) -> None:
    """A group's records note their changes; the index gets them at the group's commit (in
    key order), the same text as written one by one; a group rolled back leaves none."""
    path = tmp_path / "history.sqlite3"
    history = History(path, group_records=True)
    made = [story(n, f"2026-0{1 + n % 9}-01T10:00:00+00:00", f"harbour {n}") for n in range(30)]
    for item in made[::-1]:  # newest first, as a crawl meets them
        history.record(item, [])
    assert history.batch is not None and history.batch.records == 30
    with closing(sqlite3.connect(path)) as db:  # nothing of the open group is committed
        assert db.execute("SELECT count(*) FROM article_search_pending").fetchone() == (0,)
    pending = history.db.exec_driver_sql("SELECT count(*) FROM article_search_pending")
    assert pending.scalar() == 30  # noted in the group, written at its commit
    history.record(made[3] | {"revision": 2, "body": "relief"}, [])  # twice in a group
    redated = made[4] | {"revision": 2, "published_at": "2025-01-01T10:00:00+00:00"}
    history.record(redated, [])
    history.commit()
    _index_matches_its_text(path)
    history.record(made[5] | {"revision": 2, "body": "drought"}, [])
    history.batch.rollback()
    history.record(made[6] | {"revision": 2, "body": "council"}, [])
    history.close()
    _index_matches_its_text(path)
    alone = History(path)  # no group: written with each record
    alone.record(made[7] | {"revision": 2, "body": "vote"}, [])
    alone.close()
    _index_matches_its_text(path)
    with Corpus.open(path) as corpus:
        assert ids(corpus, "relief") == ["3"] and ids(corpus, "drought") == []
        assert ids(corpus, "council") == ["6"] and ids(corpus, "vote") == ["7"]
        assert ids(corpus, "harbour", limit=100)[-1] == "4"  # redated: now the oldest
        assert len(ids(corpus, "harbour", limit=100)) == 27  # 30 less 3, 6 and 7


def test_postgresql_folds_only_text_with_arabic() -> None:
    """Every character PostgreSQL's fold changes is in the class that decides to fold."""
    assert POSTGRES_ARABIC == "[\\u0600-\\u06FF]"
    assert all("\u0600" <= c <= "\u06ff" for c in REMOVED + "".join(REPLACED))


def test_export_reads_in_order_from_an_index(history_at: str, made: list[dict[str, Any]]) -> None:
    order = sorted(made, key=lambda s: (s["published_at"], s["article_id"]))
    with Corpus.open(history_at) as corpus:
        assert [a["article_id"] for a in corpus.articles()] == [s["article_id"] for s in order]
        since = [a["article_id"] for a in corpus.articles(since="2026-06-01")]
        assert since == [s["article_id"] for s in order if s["published_at"] >= "2026-06-01"]


def test_sqlite_plans_walk_indexes_without_sorting(tmp_path: Path) -> None:
    """The query plans of an export, a run's recent stories and a search: an index walked,
    no temporary B-tree (which sorts the whole corpus before the first row)."""
    path = tmp_path / "history.sqlite3"
    History(path).close()
    engine = create_engine(database_url(path))
    with engine.connect() as db:

        def plan(sql: str) -> str:
            return " | ".join(row[3] for row in db.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))

        export = plan(
            "SELECT r.* FROM revisions r JOIN articles a ON a.article_id = r.article_id "
            "AND a.latest_revision_id = r.revision_id WHERE r.published_at >= '2026' "
            "ORDER BY r.published_at, r.article_id, r.revision"
        )
        assert "ix_revisions_published" in export and "TEMP B-TREE" not in export
        every = plan("SELECT * FROM revisions ORDER BY published_at, article_id, revision")
        assert "ix_revisions_published" in every and "TEMP B-TREE" not in every
        recent = plan(
            "SELECT coalesce(a.url, r.url) FROM articles a LEFT OUTER JOIN revisions r "
            "ON r.revision_id = a.latest_revision_id "
            "WHERE a.published_at >= '2026' AND a.article_id NOT LIKE 'ar:%'"
        )
        assert "ix_articles_published_at" in recent and "INTEGER PRIMARY KEY" in recent
        search = plan(
            "SELECT s.rowid FROM article_search s CROSS JOIN articles a ON a.search_key = s.rowid "
            "WHERE article_search MATCH 'x' ORDER BY s.rowid DESC LIMIT 5"
        )
        assert "ix_articles_search_key" in search and "TEMP B-TREE" not in search
        for write in INDEX_WRITES[:2]:  # a group's notes first, not every article
            notes = plan("SELECT " + write.text.split(" SELECT ", 1)[1])
            assert notes.startswith("SCAN p") and "SCAN a" not in notes
    engine.dispose()


def test_migration_0005_keys_an_existing_history(history_at: str) -> None:
    made = stories(60)
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.upgrade(alembic_config(db), "0004")
        with db.begin():
            for item in made:
                record_unkeyed(db, item)
    engine.dispose()

    with Corpus.open(history_at) as corpus:  # migrated to the latest version
        for words in (["ceasefire"], ["sanctions", "vote"]):
            assert ids(corpus, " ".join(words), limit=100) == expected(made, words, 100)
        assert [a["article_id"] for a in corpus.articles()] == [
            s["article_id"]
            for s in sorted(made, key=lambda s: (s["published_at"], s["article_id"]))
        ]
        if corpus.history.dialect == "sqlite":
            rows = corpus.db.execute(sa.select(articles.c.article_id, articles.c.search_key))
            keys = dict(rows.all())
            by_key = sorted(keys, key=keys.__getitem__)
            in_order = sorted(made, key=lambda s: (s["published_at"], s["article_id"]))
            assert by_key == [s["article_id"] for s in in_order]
    history = History(history_at)  # a later record keys its article after the others
    history.record(story(9, "2026-06-01T10:00:00+00:00", "ceasefire talks"), [])
    history.close()
    with Corpus.open(history_at) as corpus:
        assert ids(corpus, "ceasefire", limit=100) == expected(
            [*made, story(9, "2026-06-01T10:00:00+00:00", "ceasefire talks")], ["ceasefire"], 100
        )

    engine = create_engine(database_url(history_at))
    with engine.connect() as db:  # and back: 0004's index finds the same stories
        with db.begin():
            command.downgrade(alembic_config(db), "0004")
        with db.begin():
            if db.dialect.name == "sqlite":
                found = db.exec_driver_sql(
                    "SELECT count(*) FROM article_search WHERE article_search MATCH 'ceasefire'"
                ).scalar()
                assert found == len(expected(made, ["ceasefire"], 1000)) + 1
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
    engine.dispose()


def planned(matches: float, every: float, pairs: float | None = None) -> Any:
    """A stand-in for ``search._planned_rows``: the planner's estimate of the words'
    matches, of a phrase's pairs' (where the query has them: ``pairs``, else as many as
    every revision) and of every revision."""

    def rows(_db: Any, sql: str, _params: Any) -> list[float]:
        with_pairs = sql.count("UNION ALL") == 2
        return [matches, *([every if pairs is None else pairs] if with_pairs else []), every]

    return rows


@pytest.fixture(
    params=[
        "one statement",
        "windows",
        "windows, in order",
        "counted, few",
        "counted, many",
        "pairs, few",
        "pairs, middling",
        "pairs, many",
    ]
)
def postgres_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """PostgreSQL's ways to the newest matches (``search._postgres_newest``): the planner's
    estimate of a small history's matches is few, and all are sorted in one statement; made
    large, they are read in windows of time instead (the first sized from the estimate),
    through the GIN index, or the first one row by row in time order when the estimate puts
    the matches among the newest rows (``search.DENSE_ROWS``); made middling (a word the
    planner has no statistics of), they are counted first, and sorted at once when the
    count is few, else read in windows. A phrase's pairs estimated rare are counted through
    the index of pairs: few, or more but fewer than windows would test (its words common:
    middling), its candidates are read from it alone; many, as above."""
    estimate = {
        "windows": planned(1e9, 1e12),
        "windows, in order": planned(1e9, 1e9),
        "counted, few": planned(1000.0, 1e9),
        "counted, many": planned(1000.0, 1e9),
        "pairs, few": planned(1e9, 1e12, pairs=1000.0),
        "pairs, middling": planned(1e9, 1e12, pairs=1000.0),
        "pairs, many": planned(1e9, 1e12, pairs=1000.0),
    }
    if request.param in estimate:
        monkeypatch.setattr(search, "_planned_rows", estimate[request.param])
    if request.param in ("counted, many", "pairs, middling", "pairs, many"):
        monkeypatch.setattr(search, "FEW_COUNTED", 2)
    if request.param == "pairs, many":
        monkeypatch.setattr(search, "PAIRS_COUNTED", 2)
    return request.param


def test_every_way_gives_the_same_newest_matches(
    history_at: str, made: list[dict[str, Any]], postgres_path: str
) -> None:
    """On both of PostgreSQL's paths (and SQLite's one): the order, ties, filters and limits
    of sorting every match, a limit past the matches included."""
    with Corpus.open(history_at) as corpus:
        for words in (["ceasefire"], ["sanctions", "vote"], ["harbour", "drought", "relief"]):
            for limit in (1, 5, 20, 500, 2**70):
                assert ids(corpus, " ".join(words), limit=limit) == expected(made, words, limit)
            for since in ("2026-06-01", "2026-11-07", "2027-01-01"):
                assert ids(corpus, " ".join(words), since=since) == expected(
                    made, words, since=since
                )
            assert ids(corpus, " ".join(words), section="culture", limit=7) == expected(
                made, words, 7, section="culture"
            )
        # Phrases of two or three words, common or never written so.
        for words in (["sanctions", "vote"], ["vote", "vote"], ["talks", "ceasefire", "talks"]):
            for limit in (1, 5, 500):
                assert ids(corpus, f'"{" ".join(words)}"', limit=limit) == expected(
                    made, words, limit, phrase=True
                )
            assert ids(corpus, f'"{" ".join(words)}"', since="2026-06-01") == expected(
                made, words, phrase=True, since="2026-06-01"
            )


def test_a_rare_word_across_centuries_and_many_undated(history_at: str, postgres_path: str) -> None:
    """A word in a few stories centuries apart, and in many without a date (first on
    PostgreSQL, last on SQLite), among many stories of the newest days: every way finds
    them in order, whatever the limit."""
    times = [f"2026-03-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00" for n in range(60)]
    rare = ["1850-06-01T10:00:00+00:00", "1999-12-31T23:59:59+00:00", "2026-03-15T00:30:00+00:00"]
    made = [story(n, published, "harbour") for n, published in enumerate(times)]
    made += [story(100 + n, published, "drought harbour") for n, published in enumerate(rare)]
    made += [story(200 + n, None, "drought") for n in range(25)]  # type: ignore[arg-type]
    history = History(history_at, group_records=True)
    for item in made:
        history.record(item, [])
    dialect = history.dialect
    history.close()
    with Corpus.open(history_at) as corpus:
        for word in ("drought", "harbour"):
            every = _newest(made, word, dialect)
            for limit in (1, 3, 20, 26, 27, 28, 29, 100, 2**70):
                assert ids(corpus, word, limit=limit) == every[:limit]
        assert ids(corpus, "drought", since="1900-01-01") == ["102", "101"]
        assert ids(corpus, "drought harbour", limit=2) == ["102", "101"]


#: Text that PostgreSQL's parser reads in many ways: hyphenated words, numbers, hosts, paths,
#: quotes, an e-mail, short words, a tag, another alphabet's letters.
ODD = [
    "U.S.", "e.g.", "1.5", "1,000", "10%", "2023,", "3rd", "covid-19", "cease-fire", "Israel's",
    "\u201cquoted\u201d", "\u2014", "it\u2019s", "a-b-c", "-5", "x-", "mid-2023", "ab_cd",
    "O'Neil", "5-year",
    "$5", "end...", "said-so", "3said", "SAID", "Said,", "usaid", "said.com", "/said/path",
    "saids", "saying", "possibility", "possibly", "dying", "die", "agreed", "agree", "a", "of",
    "the", "to", "mail@said.org", "&amp;", "(said)", "[saying]", "Tomás", "naïve", "said2",
]  # fmt: skip
PLAIN = ["the", "of", "and", "to", "in", "that", "said", "says", "saying", "possibility", "dying"]
PLAIN += ["agreed", "harbour", "relief"]
#: The excerpts' margins (search.BEFORE, search.AFTER).
MARGINS = (search.BEFORE, search.AFTER)


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
@pytest.mark.parametrize("margins", [MARGINS, (40, 60), (10, 90)])
def test_snippets_cut_from_excerpts_are_the_whole_texts(
    history_at: str, margins: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's snippet of a one-word query, cut from an excerpt around the first match,
    is the one ``ts_headline`` makes from the whole text, or the whole text's is made:
    texts of every length, the word first or last, in every form, among odd tokens; and
    excerpts too short for the snippet (narrow margins) are found out."""
    monkeypatch.setattr(search, "BEFORE", margins[0])
    monkeypatch.setattr(search, "AFTER", margins[1])
    rnd = random.Random(26)
    made = []
    for n in range(150):
        words = rnd.choices(
            PLAIN + ODD,
            weights=[8] * len(PLAIN) + [1] * len(ODD),
            k=rnd.choice([3, 20, 60, 200, 400, 900]),
        )
        if n % 10 == 0:
            words.insert(rnd.randrange(len(words) + 1), "<b>said\nthis</b>")
        if n % 17 == 0:
            words.insert(rnd.randrange(len(words) + 1), "قال")
        body = rnd.choice([" ", "\n\n", "  "]).join(words)
        published = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+00:00"
        made.append(story(n, published, body) | {"summary": rnd.choice([None, "said so"])})
    history = History(history_at, group_records=True)
    for item in made:
        history.record(item, [])
    history.close()
    cut = []
    excerpt_snippets = search._excerpt_snippets

    def counted(*args: Any) -> dict[int, str]:
        found = excerpt_snippets(*args)
        cut.extend(found)
        return found

    queries = ["said", "saying", "possibility", "dying", "die", "agree", "harbour", "story", "5"]
    with Corpus.open(history_at) as corpus:
        monkeypatch.setattr(search, "_excerpt_snippets", counted)
        fast = {q: corpus.search(q, limit=200) for q in queries}
        monkeypatch.setattr(search, "_excerpt_snippets", lambda *_args: {})
        whole = {q: corpus.search(q, limit=200) for q in queries}
    assert fast == whole
    assert sum(map(len, whole.values())) > 1000
    if margins == MARGINS:
        assert len(cut) > 200  # and the whole text for the others


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_search_prepares_no_statement(history_at: str, made: list[dict[str, Any]]) -> None:
    """PostgreSQL: psycopg prepares a statement run five times, and the server plans it for
    any words after five more (no index for words it cannot see): a search prepares none,
    the connection's setting kept for the rest."""
    with Corpus.open(history_at) as corpus:
        raw = corpus.db.connection.dbapi_connection
        before = raw.prepare_threshold  # type: ignore[union-attr]
        for _ in range(12):
            assert ids(corpus, "ceasefire") == expected(made, ["ceasefire"])
        assert raw.prepare_threshold == before  # type: ignore[union-attr]
        prepared = corpus.db.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements")
        assert prepared.scalar() == 0


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_dense_first_window_is_read_in_time_order(
    history_at: str, made: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: when the estimate puts a search's matches among the newest
    ``DENSE_ROWS`` rows, its first window (those rows) reads them in time order and tests
    each one (on a large history through ``ix_revisions_published``), where the planner
    would take the words' GIN index for ``@@`` (its lists grow with the corpus): planned, in
    a transaction rolled back, with 20,000 more revisions of other words in the window."""
    monkeypatch.setattr(search, "_planned_rows", planned(1e9, 1e9))
    statements: list[tuple[str, Any]] = []
    with Corpus.open(history_at) as corpus:

        @sa.event.listens_for(corpus.db, "before_cursor_execute")
        def seen(_db: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
            if "ORDER BY r.published_at DESC" in sql and "IS NULL" not in sql:
                statements.append((sql, params))

        assert ids(corpus, "ceasefire", limit=3) == expected(made, ["ceasefire"], 3)
    first, params = statements[0]
    engine = create_engine(database_url(history_at))
    with engine.connect() as db, db.begin() as transaction:
        db.exec_driver_sql(
            "INSERT INTO revisions (article_id, revision, seen_at, data, published_at, body) "
            "SELECT 'other' || n, 1, '', '{}', %(low)s, 'harbour drought relief' "
            "FROM generate_series(1, 20000) AS n",
            {"low": params["low"]},
        )
        db.exec_driver_sql("ANALYZE revisions")
        db.exec_driver_sql("SET LOCAL enable_seqscan = off")  # as on a large history

        def plan(sql: str) -> str:
            return " | ".join(row[0] for row in db.exec_driver_sql("EXPLAIN " + sql, params))

        in_order = plan(first)
        indexed = plan(first.replace("ts_match_vq(r.search_document, q)", "r.search_document @@ q"))
        transaction.rollback()
    engine.dispose()
    assert "ix_revisions_search" not in in_order, in_order
    assert "ix_revisions_search" in indexed, indexed


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_dense_first_window_reaches_over_years_without_stories(
    history_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a dense first window is the newest rows, however long ago they were
    published: the newest stories three years after the rest, none of them a match, and
    the first window still holds the ``limit`` newest matches (one statement, no window of
    time stepping back through the empty years)."""
    made = [
        story(n, f"2020-05-{1 + n % 28:02d}T10:00:00+00:00", "ceasefire talks") for n in range(30)
    ]
    made += [story(100 + n, f"2023-0{1 + n}-01T10:00:00+00:00", "harbour") for n in range(3)]
    history = History(history_at, group_records=True)
    for item in made:
        history.record(item, [])
    history.close()
    monkeypatch.setattr(search, "_planned_rows", planned(1e9, 1e9))  # every row
    windows: list[str] = []
    with Corpus.open(history_at) as corpus:

        @sa.event.listens_for(corpus.db, "before_cursor_execute")
        def seen(_db: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
            if "ORDER BY r.published_at DESC" in sql and "IS NULL" not in sql:
                windows.append(sql)

        assert ids(corpus, "ceasefire", limit=5) == expected(made, ["ceasefire"], 5)
    assert len(windows) == 1 and "ts_match_vq" in windows[0]


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_planner_setting_is_changed_for_a_statement_only(history_at: str) -> None:
    """PostgreSQL: a dense first window's statement is planned without sorts, and the
    setting is as it was for the rest of the search's transaction (and a setting of the
    session's own stays)."""
    engine = create_engine(database_url(history_at))
    with engine.connect() as db, db.begin():
        show = sa.text("SELECT current_setting('enable_sort')")
        for before in ("on", "off"):
            db.execute(sa.text("SELECT set_config('enable_sort', :v, true)"), {"v": before})
            with search._planner_setting(db, "enable_sort", "off" if before == "on" else "on"):
                assert db.execute(show).scalar() != before
            assert db.execute(show).scalar() == before
    engine.dispose()


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_dense_search_reads_past_a_time_that_is_not_one(
    history_at: str, made: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the newest revision's publication time is text no date parser reads (a
    history written by hand, a hostile page): a dense search still gives every match in
    order, the next windows sized from the estimate."""
    engine = create_engine(database_url(history_at))
    with engine.begin() as db:
        db.execute(
            revisions.update()
            .where(revisions.c.article_id == made[0]["article_id"])
            .values(published_at="9999-99-99 not a time")
        )
    engine.dispose()
    for limit in (3, 20):
        monkeypatch.setattr(search, "_planned_rows", planned(1e9, 1e9))
        with Corpus.open(history_at) as corpus:
            found = ids(corpus, "ceasefire", limit=limit)
        monkeypatch.setattr(search, "_planned_rows", planned(1.0, 1e9))  # sort all
        with Corpus.open(history_at) as corpus:
            assert found == ids(corpus, "ceasefire", limit=limit)


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_phrase_of_rare_pairs_reads_its_candidates_from_the_index_of_pairs_alone(
    history_at: str, made: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a phrase whose pairs of neighbouring words are rare, its words common,
    reads its candidates through the index of pairs alone (``ix_revisions_pairs``: not ANDed
    with the index on ``published_at`` for ``--since``, whose lossy pages would have every
    row's pairs computed again, nor a scan computing every row's) and tests each one for the
    phrase: planned as the search runs it, with 20,000 more revisions (of no article) that
    have the phrase, before that day."""
    engine = create_engine(database_url(history_at))
    with engine.begin() as db:
        db.exec_driver_sql(
            "INSERT INTO revisions (article_id, revision, seen_at, data, published_at, body) "
            "SELECT 'other' || n, 1, '', '{}', '2026-01-01T00:00:00+00:00', "
            "'the sanctions vote' FROM generate_series(1, 20000) AS n"
        )
    with engine.connect() as db:
        db.exec_driver_sql("ANALYZE revisions")
    engine.dispose()
    monkeypatch.setattr(search, "_planned_rows", planned(1e9, 1e12, pairs=1000.0))
    monkeypatch.setattr(search, "FEW_COUNTED", 10**6)  # the 20,000 counted few
    plans: list[str] = []
    with Corpus.open(history_at) as corpus:

        @sa.event.listens_for(corpus.db, "before_cursor_execute")
        def seen(conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
            if "ORDER BY r.published_at DESC" in sql and not sql.startswith("EXPLAIN"):
                with conn.connection.dbapi_connection.cursor() as cursor:
                    cursor.execute("EXPLAIN " + sql, params)
                    plans.append(" | ".join(row[0] for row in cursor.fetchall()))

        since = "2026-06-01"
        assert ids(corpus, '"sanctions vote"', since=since) == expected(
            made, ["sanctions", "vote"], phrase=True, since=since
        )
    [plan] = plans
    assert "Bitmap Index Scan on ix_revisions_pairs" in plan, plan
    assert "ix_revisions_published" not in plan and "ix_revisions_search" not in plan, plan
    [tested] = [line for line in plan.split(" | ") if "Filter:" in line and "ts_match_vq" in line]
    assert "mayadeen_pairs" not in tested, plan


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_migration_0012_indexes_the_pairs_of_an_existing_history(
    history_at: str, made: list[dict[str, Any]]
) -> None:
    """Migration 0012 on PostgreSQL: an existing history gains the function and the index
    of pairs, with the statistics of its numbers; its phrases are found as before; the
    downgrade takes both away."""
    engine = create_engine(database_url(history_at))
    exists = sa.text(
        "SELECT to_regprocedure('mayadeen_pairs(tsvector)') IS NOT NULL, "
        "to_regclass('ix_revisions_pairs') IS NOT NULL"
    )
    statistics = sa.text("SELECT count(*) FROM pg_stats WHERE tablename = 'ix_revisions_pairs'")
    with engine.connect() as db:
        with db.begin():
            assert db.execute(exists).one() == (True, True)
            command.downgrade(alembic_config(db), "0011")
            assert db.execute(exists).one() == (False, False)
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
            assert db.execute(exists).one() == (True, True)
            assert db.execute(statistics).scalar() == 1
    engine.dispose()
    with Corpus.open(history_at) as corpus:
        for words in (["sanctions", "vote"], ["vote", "vote"]):
            assert ids(corpus, f'"{" ".join(words)}"', limit=500) == expected(
                made, words, 500, phrase=True
            )


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_a_phrase_of_common_words_reads_its_candidates_while_windows_would_test_more(
    history_at: str, made: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: past ``FEW_COUNTED``, a phrase's candidates are read from the index of
    pairs while fewer than the rows windows of time would test (their square under twice
    ``limit`` times the estimate of the words' matches, up to ``PAIRS_COUNTED``), and
    windows are read past that."""
    matches = expected(made, ["sanctions", "vote"], 500, phrase=True)
    assert len(matches) > 4
    monkeypatch.setattr(search, "FEW_COUNTED", 2)
    monkeypatch.setattr(search, "FEW", 0)

    def read_pairs(estimate: float, limit: int) -> bool:
        monkeypatch.setattr(search, "_planned_rows", planned(estimate, 1e12, pairs=1000.0))
        statements: list[str] = []
        with Corpus.open(history_at) as corpus:

            @sa.event.listens_for(corpus.db, "before_cursor_execute")
            def seen(_db: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
                statements.append(sql)

            assert ids(corpus, '"sanctions vote"', limit=limit) == matches[:limit]
        return any("OFFSET 0" in sql for sql in statements)

    # Windows would test millions of rows; then (one hit) one more than the candidates (the
    # square root of twice the estimate, rounded down), then as many.
    assert read_pairs(1e9, 20)
    assert read_pairs((len(matches) + 1) ** 2 / 2, 1)
    assert not read_pairs((len(matches) + 1) ** 2 / 2 - 1, 1)
    monkeypatch.setattr(search, "PAIRS_COUNTED", len(matches))
    assert not read_pairs(1e9, 20)  # more than PAIRS_COUNTED: windows, whatever the words


@pytest.mark.parametrize("history_at", ["postgresql"], indirect=True)
def test_pairs_are_counted_and_read_with_room_for_an_exact_bitmap(
    history_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a phrase's candidates are counted through the index of pairs up to the
    number asked, then read, both with ``work_mem`` at ``PAIRS_WORK_MEM`` and no sequential
    scan."""
    history = History(history_at)
    for n in range(5):
        history.record(story(n, f"2026-11-0{1 + n}T10:00:00+00:00", "the sanctions vote"), [])
    history.close()
    engine = create_engine(database_url(history_at))
    with engine.connect() as db, db.begin():
        pairs = search.phrase_pairs(db, Query.parse('"sanctions vote"'))
        assert len(pairs) == 1 and search.phrase_pairs(db, Query.parse("sanctions vote")) == []
        for most, counted in ((3, 3), (10, 5)):
            assert (
                search._count_up_to(db, search._HAS_PAIRS, {"pairs": pairs}, most=most) == counted
            )
    engine.dispose()
    settings: list[tuple[str, str]] = []
    setting = search._planner_setting

    def recorded(db: sa.Connection, name: str, value: str) -> Any:
        settings.append((name, value))
        return setting(db, name, value)

    monkeypatch.setattr(search, "_planner_setting", recorded)
    monkeypatch.setattr(search, "_planned_rows", planned(1e9, 1e12, pairs=1000.0))
    with Corpus.open(history_at) as corpus:  # (a setting restored: test_a_planner_setting_...)
        assert ids(corpus, '"sanctions vote"') == ["4", "3", "2", "1", "0"]
    assert settings == [("work_mem", search.PAIRS_WORK_MEM), ("enable_seqscan", "off")]
