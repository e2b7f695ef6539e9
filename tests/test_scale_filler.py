"""The scale bench's generator (``bench/filler.py``) fills a history as crawls do: every article
and revision recorded, each path known, search finding exactly the articles whose latest text
has the words, and the same corpus for the same seed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench import filler
from bench.filler import QUERIES, Generator, fill
from mayadeen.corpus import Corpus
from mayadeen.history import History

N = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    path = tmp_path_factory.mktemp("scale") / "history.sqlite3"
    done = fill(path, N)
    latest: dict[str, dict] = {}
    every = list(Generator(N).records())
    for item, _paths in every:
        latest[item["article_id"]] = item
    assert done["articles"] == N and done["revisions"] == len(every)
    return path, list(latest.values())


def expected_hits(items: list[dict], words: str) -> set[str]:
    """The articles whose latest title, lead or body has ``words``, by an index of our own
    (SQLite's FTS5 with the history's tokenizer, over the generator's items)."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, summary, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO t (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
        [(int(i["article_id"]), i["title"], i["summary"], i["body"]) for i in items],
    )
    match = " ".join(f'"{w}"' for w in words.replace('"', "").split())
    return {str(rowid) for (rowid,) in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,))}


def test_every_article_revision_and_path_is_in_the_history(generated) -> None:
    path, items = generated
    edited = [i for i in range(N) if filler.edited(26, i)]
    assert edited, "3% of 300: some article is edited"
    with Corpus.open(path) as corpus:
        assert corpus.count() == N
        assert sum(1 for _ in corpus.articles(revisions=True)) == N + len(edited)
        revisions = corpus.revisions(str(filler.FIRST_ID + edited[0]))
        assert [r["revision"] for r in revisions] == [1, 2]
        assert revisions[1]["body"].startswith(revisions[0]["body"])
    history = History(path)
    try:
        paths = [i["url"][len(filler.SITE) :] for i in items]
        assert len(history.articles.lookup(paths)) == N
    finally:
        history.close()


@pytest.mark.parametrize("name", ["common", "rare", "two_words", "phrase"])
def test_search_finds_the_articles_whose_latest_text_has_the_words(generated, name) -> None:
    path, items = generated
    words = QUERIES[name]
    expected = expected_hits(items, words)
    with Corpus.open(path) as corpus:
        hits = corpus.search(words, limit=N)
    found = {hit.article_id for hit in hits}
    if name == "phrase":  # two words today; a phrase, fewer articles, once quotes are phrases
        assert found and found <= expected
    else:
        assert found == expected
    dates = [hit.published_at for hit in hits]
    assert dates == sorted(dates, reverse=True)


def test_the_queries_match_the_shares_they_are_placed_for(generated) -> None:
    _path, items = generated
    common = len(expected_hits(items, QUERIES["common"])) / N
    assert 0.7 <= common <= 0.9
    assert len(expected_hits(items, QUERIES["rare"])) <= 3


def test_the_same_seed_makes_the_same_corpus() -> None:
    first, again, other = Generator(50), Generator(50), Generator(50, seed=27)
    assert first.article(7) == again.article(7)
    assert first.article(7)["body"] != other.article(7)["body"]
    words = first.article(7)["body"].split()
    assert filler.BODY_WORDS[0] <= len(words) <= filler.BODY_WORDS[1] + 50
