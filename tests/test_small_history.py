"""A smaller history (issue 26): revisions' bulky fields packed (mayadeen.history.packing), the
migration 0007 that packs an existing history in place and back, every revision reading back
identical through it, search unchanged, and the fields a browser reads left plain."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from contextlib import closing
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from mayadeen.corpus import Corpus
from mayadeen.history import History, packing
from mayadeen.history import revisions as revision_rows
from mayadeen.history import search as history_search
from mayadeen.history.articles import Articles, url_paths
from mayadeen.history.engine import PAGE_SIZE, create_engine, database_url
from mayadeen.history.migrate import HEAD
from mayadeen.history.schema import articles, revisions
from mayadeen.history.search import key_range
from tests.articles import article
from tests.corpus import scrapy
from tests.migrations import alembic_config

ENGLISH = (
    "Mediators said on Sunday that technical teams would meet again before the end of the "
    "week. The ceasefire talks resumed in Doha, officials familiar with the matter said."
)
ARABIC = (
    "قالَ المُدِيرُ إِنَّ المَدْرَسَةَ سَتَسْتَقْبِلُ الطُّلّابَ يَوْمَ الإِثْنَيْنِ. "
    "وَأَضافَ أَنَّ المُفاوَضاتِ حَوْلَ وَقْفِ إِطْلاقِ النّارِ مُسْتَمِرَّةٌ."
)


def item(n: int, revision: int, rnd: random.Random) -> dict[str, Any]:
    """Revision ``revision`` of invented story ``n``: English or Arabic text, a big or tiny
    body (or none), images or none, fields left empty."""
    arabic = n % 2 == 1
    text = ARABIC if arabic else ENGLISH
    body = {
        0: " ".join([text] * rnd.randint(40, 80)) + f"\n\nRevision {revision}.",  # ~10-20 KB
        1: text,
        2: "",
        3: None,
        4: f'{text}\n\n"Quoted", \\ back-slashed, {{braces}} and a tab\there.',
    }[n % 5]
    images = [
        {
            "url": f"https://english-media.almayadeen.net/media/image/2026/1/{n}/{k}.jpg?v=3",
            "caption": f"{text[: 20 * (k + 1)]} ({revision})",
            "credit": None if k else "Al Mayadeen",
        }
        for k in range(n % 3)
    ]
    fields = asdict(
        article(
            article_id=f"ar:{n}" if arabic else str(n),
            url=f"https://english.almayadeen.net/news/politics/story-{n}-{revision}",
            title=f"{text[:40]} {n}" if revision < 3 else f"Update: {text[:40]} {n}",
            summary=None if n % 4 == 0 else text[:90],
            body=body,
            section=["Politics", "Culture", None][n % 3],
            published_at=f"2026-0{1 + n % 9}-1{n % 10}T10:00:0{n % 7}+00:00",
            modified_at=f"2026-10-1{revision}T0{revision}:00:00+00:00",
            published_at_raw=f"2026-0{1 + n % 9}-1{n % 10}T13:00:0{n % 7}+03:00",
            authors=[f"Author {n}", "مراسل الميادين"][: 1 + n % 2],
            tags=["Gaza", "غزة"][: n % 3],
            post_type="News",
            language="ar" if arabic else "en",
            edition="ar" if arabic else "en",
            images=images,
            image_url=images[0]["url"] if images else None,
            word_count=len((body or "").split()),
            revision=revision,
            scraped_at=f"2026-11-2{revision}T10:00:00+00:00",
        )
    )
    return fields


def corpus_items(count: int = 25, seed: int = 26) -> dict[str, list[dict[str, Any]]]:
    """Every revision of ``count`` invented stories: 1 to 3 each."""
    rnd = random.Random(seed)
    stories = {}
    for n in range(count):
        versions = [item(n, revision, rnd) for revision in range(1, 2 + n % 3)]
        stories[versions[0]["article_id"]] = versions
    return stories


def read_back(values: dict[str, Any]) -> dict[str, Any]:
    """An item as the history gives it back: its fields, plus ``seen_at``."""
    return {**values, "seen_at": values["scraped_at"]}


def _record_unpacked(db: sa.Connection, versions: list[dict[str, Any]]) -> None:
    """Record every revision of one story as the code before 0007 did: every field in
    its column or in ``data``; the latest in ``articles`` (keyed for search as 0005 keys it)."""
    for values in versions:
        row = {"article_id": values["article_id"], "revision": values["revision"]}
        row |= {"seen_at": values["scraped_at"]} | revision_rows.to_row(values)
        added = sa.insert(revisions).values(row).returning(revisions.c.revision_id)
        latest_id = db.execute(added).scalar_one()
    latest = versions[-1]
    row = {name: latest.get(name) for name in ("url", "published_at", "modified_at")}
    row |= {"article_id": latest["article_id"], "revision": latest["revision"]}
    row |= {"first_seen": versions[0]["scraped_at"], "last_seen": latest["scraped_at"]}
    row |= {"fingerprint": revision_rows.fingerprint(latest), "latest_revision_id": latest_id}
    if db.dialect.name == "sqlite":  # its key in the search index (Articles._search_key)
        low, high = key_range(latest["published_at"])
        taken = db.execute(
            sa.select(sa.func.max(articles.c.search_key)).where(
                articles.c.search_key >= low, articles.c.search_key < high
            )
        ).scalar()
        row["search_key"] = low if taken is None else taken + 1
    db.execute(sa.insert(articles).values(row))
    if db.dialect.name == "sqlite":  # what the triggers noted, written from 0006's view
        db.exec_driver_sql("DELETE FROM article_search_pending")
        db.exec_driver_sql("INSERT INTO article_search (article_search) VALUES ('rebuild')")


def _rows(db: sa.Connection) -> list[dict[str, Any]]:
    """Every revision, as :func:`~mayadeen.history.revisions.to_item` reads its row."""
    query = sa.text("SELECT * FROM revisions ORDER BY article_id, revision")
    return [revision_rows.to_item(row) for row in db.execute(query).mappings()]


#: FTS5's check that its index holds exactly what its content gives (SQLite).
CHECK = "INSERT INTO article_search (article_search, rank) VALUES (?, 1)"


def _searches(corpus: Corpus) -> list[list[dict[str, Any]]]:
    return [
        [hit.asdict() for hit in corpus.search(words, limit=50)]
        for words in ("ceasefire", "teams week", "المفاوضات", '"technical teams"', "update")
    ]


# --- packing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"body": ENGLISH * 50, "images": [{"url": "https://x/1.jpg", "caption": "c"}]},
        {"body": ARABIC, "images": [], "image_url": None},
        {"body": "", "images": [], "image_url": None},
        {"body": None, "images": None, "image_url": None},
        {"body": 'a\n\n{"json": "like"}\nb\\', "image_url": "https://x/\n.jpg"},
        {"images": [{"caption": "قال\n", "credit": None}], "image_url": "u"},  # PostgreSQL's
        {},
    ],
)
def test_packed_fields_come_back_exactly(values: dict[str, Any]) -> None:
    packed = packing.pack(values)
    assert packed[0] == packing.FORMAT
    assert packing.unpack(packed) == values
    assert packing.body_of(packed) == values.get("body")  # as packed
    packing._bodies.clear()
    assert packing.body_of(packed) == values.get("body")  # unpacked
    assert packing.body_of(None) is None


def test_a_packed_body_is_smaller() -> None:
    body = " ".join([ENGLISH] * 20)
    assert len(packing.pack({"body": body})) < len(body.encode()) / 4
    # The dictionary makes a short text small too.
    assert len(packing.pack({"body": ENGLISH})) < 0.75 * len(ENGLISH.encode())


def test_format_1_never_changes() -> None:
    """A packed value of format 1 is read with exactly this dictionary: changing it would
    make every history packed with it unreadable (a new dictionary is a new format)."""
    assert packing.DICTIONARIES[1] is packing.DICTIONARY_1
    assert hashlib.sha256(packing.DICTIONARY_1).hexdigest() == (
        "dedf1a038e755c0af132be0cceb10d9698aa7a0ee26b9653c44cc4bae2358b03"
    )
    # Packed on 2026-12-07: the frame refers to the dictionary (63 bytes for 118 of text).
    frozen = bytes.fromhex(
        "0128b52ffd2078ad0100a07b73223a5b5d7d0a6d6565742eb1d8a6d98ad8b30a0007660192028902928720"
        "271ecac906b8e482351df8a51b0826c9d0215c01"
    )
    assert packing.unpack(frozen) == {
        "images": [],
        "body": "the United Nations said in a statement on Monday that the Security Council "
        "would meet. قال الرئيس",
    }


def _frame(text: bytes) -> bytes:
    """A value of format 1 holding ``text``, whatever it is."""
    return bytes((1,)) + packing._compressor.compress(text, mode=packing._END)


@pytest.mark.parametrize(
    "damaged",
    [b"", b"\x00abc", b"\x01not a frame", b"\x09" + b"x" * 9, "no JSON\nbody", "[1]\nbody"],
)
def test_a_damaged_value_is_an_error(damaged: bytes | str) -> None:
    if isinstance(damaged, str):
        damaged = _frame(damaged.encode())
    with pytest.raises(packing.PackingError):
        packing.unpack(damaged)


# --- the history --------------------------------------------------------------------------


def test_a_revision_is_packed_and_its_browsed_fields_stay_plain(history_at: str) -> None:
    """The fields a browser reads (the columns, the small members of ``data``) are plain SQL
    on either database, no function of the history's needed; the bulky ones are packed."""
    stories = corpus_items(6)
    history = History(history_at)
    for versions in stories.values():
        for values in versions:
            history.record(values, [])
    history.close()
    latest = {versions[-1]["article_id"]: versions[-1] for versions in stories.values()}
    small = ("post_type", "authors", "tags", "edition", "language")
    small += ("published_at_raw", "modified_at_raw")
    columns = ("title", "summary", "section", "published_at", "modified_at", "url")
    if "://" in history_at:
        engine = sa.create_engine(database_url(history_at))
        with engine.connect() as db:
            members = ", ".join(f"r.data -> '{name}'" for name in small)
            rows = db.exec_driver_sql(
                f"SELECT r.article_id, {', '.join(f'r.{c}' for c in columns)}, {members}, "
                "r.body, r.data ->> 'images', r.packed IS NULL FROM revisions r "
                "JOIN articles a ON a.latest_revision_id = r.revision_id"
            ).all()
        engine.dispose()
    else:
        with closing(sqlite3.connect(history_at)) as db:  # plain: no mayadeen_* function
            members = ", ".join(f"json_quote(json_extract(r.data, '$.{name}'))" for name in small)
            rows = db.execute(
                f"SELECT r.article_id, {', '.join(f'r.{c}' for c in columns)}, {members}, "
                "r.body, json_extract(r.data, '$.images'), r.packed IS NULL FROM revisions r "
                "JOIN articles a ON a.latest_revision_id = r.revision_id"
            ).fetchall()
            end = 1 + len(columns) + len(small)
            rows = [(*row[:7], *map(json.loads, row[7:end]), *row[end:]) for row in rows]
    assert len(rows) == len(latest)
    for article_id, *plain, body, images, unpacked in rows:
        values = latest[article_id]
        assert plain == [values[name] for name in (*columns, *small)]
        assert images is None and not unpacked  # the images are packed on both
        if "://" in history_at:
            assert body == values["body"]  # PostgreSQL compresses long text itself
        else:
            assert body is None


@pytest.mark.subprocess  # scrapy revisions
def test_migration_0007_packs_every_revision_in_place_and_back(
    history_at: str, tmp_path: Path
) -> None:
    stories = corpus_items()
    everything = [
        read_back(values) for _, versions in sorted(stories.items()) for values in versions
    ]
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.upgrade(alembic_config(db), "0006")
        with db.begin():
            for versions in stories.values():
                _record_unpacked(db, versions)
        with db.begin():
            assert _rows(db) == everything  # the old form, as written
            if db.dialect.name == "sqlite":
                db.exec_driver_sql(CHECK, ("integrity-check",))
            command.upgrade(alembic_config(db), "0007")
        with db.begin():
            assert (
                db.exec_driver_sql("SELECT count(*) FROM revisions WHERE packed IS NULL").scalar()
                == 0
            )
            if db.dialect.name == "sqlite":  # every body packed, the index as it was
                assert (
                    db.exec_driver_sql(
                        "SELECT count(*) FROM revisions WHERE body IS NOT NULL"
                    ).scalar()
                    == 0
                )
                db.exec_driver_sql(CHECK, ("integrity-check",))  # the index is its content's
    engine.dispose()

    with Corpus.open(history_at) as corpus:  # at HEAD, the packed rows read as before
        assert [r for a in sorted(stories) for r in corpus.revisions(a)] == everything
        every = sorted(
            corpus.articles(revisions=True), key=lambda r: (r["article_id"], r["revision"])
        )
        assert every == everything
        migrated_hits = _searches(corpus)
    assert all(migrated_hits)  # each query finds stories
    for article_id in ("ar:5", "8"):  # three revisions each, Arabic and English
        shown = scrapy("revisions", article_id, "--json", history=history_at)
        assert shown.returncode == 0, shown.stderr[-2000:]
        assert [row["item"] for row in json.loads(shown.stdout)] == [
            read_back(values) for values in stories[article_id]
        ]

    # The same stories recorded by today's code find the same hits, with the same snippets.
    fresh = str(tmp_path / "fresh.sqlite3") if "://" not in history_at else None
    if fresh is not None:
        history = History(fresh)
        for versions in stories.values():
            for values in versions:
                history.record(values, [])
        history.close()
        with Corpus.open(fresh) as corpus:
            assert _searches(corpus) == migrated_hits

    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.downgrade(alembic_config(db), "0006")
        with db.begin():
            columns = {c["name"] for c in sa.inspect(db).get_columns("revisions")}
            assert "packed" not in columns
            assert _rows(db) == everything  # unpacked: the old form again
            data = db.exec_driver_sql("SELECT data FROM revisions").scalars().all()
            assert all("images" in (d if isinstance(d, dict) else json.loads(d)) for d in data)
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
    engine.dispose()


def test_a_new_sqlite_history_has_large_pages_and_an_old_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    new, old = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(old)) as db:  # made by the code before (SQLite's default)
        db.execute("CREATE TABLE made_before (x)")
    History(new).close()
    History(old).close()
    sizes = []
    for path in (new, old):
        with closing(sqlite3.connect(path)) as db:
            sizes.append(db.execute("PRAGMA page_size").fetchone()[0])
    assert sizes == [PAGE_SIZE, 4096]


# --- 0008: data without repeats ---------------------------------------------------------------


def _odd(stories: dict[str, list[dict[str, Any]]]) -> None:
    """Revisions whose ``content_hash`` is null or stale, whose ``scraped_at`` is not when
    they were seen, whose fields left out when null are not: read back as they were."""
    firsts = [versions[0] for versions in stories.values()]
    firsts[0]["content_hash"] = None
    firsts[1]["content_hash"] = "stale"
    firsts[2]["scraped_at"] = None  # seen at another time (the row's seen_at)
    firsts[3]["source"], firsts[3]["found_in"] = "The Northern Ledger", ["/news"]


def _seen(values: dict[str, Any]) -> str:
    return values["scraped_at"] or "2026-12-01T00:00:00+00:00"


def _record_0007(db: sa.Connection, versions: list[dict[str, Any]]) -> None:
    """Record every revision of one story as the code of 0007 did (packed, ``data`` whole),
    the search index written from its notes."""
    for values in versions:
        row = {"article_id": values["article_id"], "revision": values["revision"]}
        row |= {"seen_at": _seen(values)} | revision_rows.to_row(values)
        data = dict(row["data"])
        packed = {name: data.pop(name, None) for name in packing.PACKED[db.dialect.name][1:]}
        if db.dialect.name == "sqlite":
            packed = {"body": row["body"], **packed}
            row["body"] = None
        row |= {"data": data, "packed": packing.pack(packed)}
        added = sa.insert(revisions).values(row).returning(revisions.c.revision_id)
        latest_id = db.execute(added).scalar_one()
    latest = versions[-1]
    row = {name: latest.get(name) for name in ("url", "published_at", "modified_at")}
    row |= {"article_id": latest["article_id"], "revision": latest["revision"]}
    row |= {"first_seen": _seen(versions[0]), "last_seen": _seen(latest)}
    row |= {"fingerprint": revision_rows.fingerprint(latest), "latest_revision_id": latest_id}
    if db.dialect.name == "sqlite":
        low, _ = key_range(latest["published_at"])
        taken = db.execute(
            sa.select(sa.func.max(articles.c.search_key)).where(articles.c.search_key >= low)
        ).scalar()
        row["search_key"] = low if taken is None else taken + 1
    db.execute(sa.insert(articles).values(row))
    if db.dialect.name == "sqlite":
        history_search.write_sqlite_index(db)


#: Queries of every kind: words, phrases (one, two, with words), a word FTS5 cuts in two.
QUERIES_0008 = [
    "ceasefire",
    "teams week",
    "المفاوضات",
    '"technical teams"',
    '"teams technical"',
    '"the ceasefire talks" doha',
    '"technical teams" "ceasefire talks"',
    '"مراسل الميادين"',
    "update",
    "revision_2",
    '"said"',
]


def _search_all(db: sa.Connection) -> list[list[dict[str, Any]]]:
    found = []
    for words in QUERIES_0008:
        for filters in ({}, {"section": "politics"}, {"since": "2026-05-01"}):
            found.append(
                [hit.asdict() for hit in history_search.search(db, words, limit=50, **filters)]
            )
            found.append(
                [hit.asdict() for hit in history_search.search(db, words, limit=2, **filters)]
            )
    return found


def _state(db: sa.Connection) -> tuple[list[Any], list[Any]]:
    """Every revision's row as stored (its ``data`` decoded) and as read back."""
    query = sa.text("SELECT * FROM revisions ORDER BY revision_id")
    rows = []
    for row in db.execute(query).mappings():
        row = dict(row)
        if not isinstance(row["data"], dict):
            row["data"] = json.loads(row["data"])
        rows.append((row, list(row["data"])))
    return rows, [revision_rows.to_item(row) for row in db.execute(query).mappings()]


def test_migration_0008_keeps_every_revision_and_every_search_result(history_at: str) -> None:
    stories = corpus_items(40)
    _odd(stories)
    sqlite = "://" not in history_at
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.upgrade(alembic_config(db), "0007")
        with db.begin():
            for versions in stories.values():
                _record_0007(db, versions)
        with db.begin():
            before, items = _state(db)
            assert items == [
                {**values, "seen_at": _seen(values)}
                for versions in stories.values()
                for values in versions
            ]
            hits = _search_all(db) if sqlite else None
            command.upgrade(alembic_config(db), HEAD)
        with db.begin():
            after, items_after = _state(db)
            assert items_after == items  # every revision reads back identical
            data = {(row["article_id"], row["revision"]): row["data"] for row, _ in after}
            odd = [(versions[0]["article_id"], 1) for versions in stories.values()][:4]
            assert [data[key]["content_hash"] for key in odd[:2]] == [None, "stale"]
            assert data[odd[2]]["scraped_at"] is None
            assert data[odd[3]]["source"] and data[odd[3]]["found_in"] == ["/news"]
            usual = [value for key, value in data.items() if key not in odd]
            assert not any({"scraped_at", "coverage"} & set(d) for d in usual)
            assert all(d["content_hash"] for d in usual)  # kept: see revisions.compact
            indexes = {i["name"] for i in sa.inspect(db).get_indexes("revisions")}
            assert "ix_revisions_seen_at" not in indexes
            if sqlite:
                sql = db.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE name = 'paths'"
                ).all()
                assert "WITHOUT ROWID" in dict(sql)["paths"]
                db.exec_driver_sql(CHECK, ("integrity-check",))
                assert _search_all(db) == hits  # the same hits, the same snippets
                assert all(hits[:8])
        with db.begin():
            command.downgrade(alembic_config(db), "0007")
        with db.begin():
            assert _state(db) == (before, items)  # the rows as they were, their keys' order too
            if sqlite:
                db.exec_driver_sql(CHECK, ("integrity-check",))
                assert _search_all(db) == hits
                sql = db.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'paths'")
                assert "WITHOUT ROWID" not in sql.scalar()
        with db.begin():
            command.upgrade(alembic_config(db), HEAD)
    engine.dispose()


def test_a_revision_whose_fields_repeat_nothing_reads_back_as_recorded(history_at: str) -> None:
    stories = corpus_items(8)
    _odd(stories)
    history = History(history_at)
    for versions in stories.values():
        for values in versions:
            history.record(values, [])
    history.close()
    with Corpus.open(history_at) as corpus:
        for article_id, versions in stories.items():
            read = corpus.revisions(article_id)
            assert [{**r, "seen_at": None} for r in read] == [
                {**values, "seen_at": None} for values in versions
            ]
            assert [r["seen_at"] for r in read if r["scraped_at"]] == [
                v["scraped_at"] for v in versions if v["scraped_at"]
            ]


def test_compact_leaves_out_only_what_it_can_give_back() -> None:
    data = {"authors": None, "source": None, "scraped_at": "t", "content_hash": "h", "x": 1}
    compacted = revision_rows.compact(data, "t")
    assert compacted == {"authors": None, "content_hash": "h", "x": 1}  # authors: SQL reads it
    assert revision_rows.compact(data, "u") == {**compacted, "scraped_at": "t"}
    assert revision_rows.compact({"scraped_at": None}, None) == {"scraped_at": None}
    whole = revision_rows.expand(compacted, "t")
    assert whole == {**data, **{name: None for name in revision_rows.LEFT_OUT_WHEN_NULL}}


# --- 0009: the body first in SQLite's index --------------------------------------------------


def _index_columns(db: sa.Connection) -> list[str]:
    return [row[1] for row in db.exec_driver_sql("PRAGMA table_info(article_search)")]


def _index_bytes(db: sa.Connection) -> int:
    query = "SELECT sum(length(block)) FROM article_search_data"
    return int(db.exec_driver_sql(query).scalar_one())


@pytest.mark.parametrize("history_at", ["sqlite"], indirect=True)
def test_migration_0009_puts_the_body_first_and_finds_the_same(history_at: str) -> None:
    """SQLite only (0009 changes nothing on PostgreSQL, whose phrase search at HEAD reads
    0012's index of pairs, which a history at 0008 has not)."""
    stories = corpus_items(60)
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        with db.begin():
            command.upgrade(alembic_config(db), "0008")
        with db.begin():
            recorded = Articles(db)  # the code of 0008 writes what it writes now
            for versions in stories.values():
                for values in versions:
                    recorded.record(values)
        with db.begin():
            hits = _search_all(db)
            assert all(hits[:8])
            assert _index_columns(db) == ["title", "summary", "body"]
            size = _index_bytes(db)
            command.upgrade(alembic_config(db), "0009")
        with db.begin():
            found = _search_all(db)
            # the same articles; in these stories no window of a body measures as the best
            # of a title or lead, so the snippets are the same too
            assert found == hits
            assert _index_columns(db) == ["body", "title", "summary"]
            db.exec_driver_sql(CHECK, ("integrity-check",))
            assert _index_bytes(db) < size
        with db.begin():
            command.downgrade(alembic_config(db), "0008")
        with db.begin():
            assert _search_all(db) == hits
            assert _index_columns(db) == ["title", "summary", "body"]
            db.exec_driver_sql(CHECK, ("integrity-check",))
    engine.dispose()


# --- 0010: what the latest revision holds, not repeated in articles ---------------------------


def _latest_copies(db: sa.Connection) -> dict[str, tuple[Any, Any]]:
    rows = db.execute(sa.select(articles.c.article_id, articles.c.url, articles.c.content_hash))
    return {article_id: (url, hashed) for article_id, url, hashed in rows}


def _record_before_revisions(db: sa.Connection, **columns: str) -> None:
    """Article 77, as recorded before revisions were kept (no fingerprint, no revision)."""
    db.execute(
        articles.insert().values(
            article_id="77",
            url="https://english.almayadeen.net/news/politics/old-story",
            revision=1,
            content_hash="h",
            published_at="2026-01-01T00:00:00+00:00",
            first_seen="2026-01-01T00:00:00+00:00",
            last_seen="2026-01-01T00:00:00+00:00",
            **columns,
        )
    )


def _recorded_at_head(db: sa.Connection, stories: dict[str, list[dict[str, Any]]]) -> Articles:
    """The history brought to HEAD, then every version of ``stories`` recorded with its
    URL's path (a transaction each)."""
    with db.begin():
        command.upgrade(alembic_config(db), HEAD)
    recorded = Articles(db)
    with db.begin():
        for versions in stories.values():
            for values in versions:
                recorded.record(values)
                recorded.add_paths(values["article_id"], url_paths([values["url"]]))
    return recorded


def test_migration_0010_leaves_in_articles_only_what_no_revision_holds(history_at: str) -> None:
    stories = corpus_items(30)
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        recorded = _recorded_at_head(db, stories)
        with db.begin():
            now = _latest_copies(db)
            assert set(now.values()) == {(None, None)}  # written so since 0010
            recent = recorded.recent("2000-01-01")
            command.downgrade(alembic_config(db), "0009")
        with db.begin():  # as 0009 kept them: the latest revision's URL and hash
            latest = {versions[-1]["article_id"]: versions[-1] for versions in stories.values()}
            assert _latest_copies(db) == {
                key: (item["url"], item["content_hash"]) for key, item in latest.items()
            }
            odd = min(latest)
            db.execute(articles.update().where(articles.c.article_id == odd).values(url="/moved"))
            _record_before_revisions(db)
            command.upgrade(alembic_config(db), "0010")
        with db.begin():
            after = _latest_copies(db)
            assert after.pop("77") == (
                "https://english.almayadeen.net/news/politics/old-story",
                "h",
            )
            assert after.pop(odd) == ("/moved", latest[odd]["content_hash"])  # not a copy
            assert set(after.values()) == {(None, None)}
            odd_row = articles.update().where(articles.c.article_id == odd)
            db.execute(odd_row.values(url=None, content_hash=None))  # read from its revision
            assert Articles(db).recent("2000-01-01") == recent | {
                "/news/politics/old-story": (
                    "2026-01-01T00:00:00+00:00",
                    "2026-01-01T00:00:00+00:00",
                )
            }
    engine.dispose()


def _modified_and_fingerprints(db: sa.Connection) -> dict[str, tuple[str | None, str | None]]:
    columns = (articles.c.article_id, articles.c.modified_at, articles.c.fingerprint)
    rows = db.execute(sa.select(*columns))
    return {key: (modified, fingerprint) for key, modified, fingerprint in rows}


def test_migration_0011_keeps_a_fingerprint_of_128_bits_and_no_copied_time(
    history_at: str,
) -> None:
    """Migration 0011: ``articles.modified_at`` null where the latest revision holds it (an
    article recorded before revisions keeps its own, a time not the revision's stays), the
    fingerprints cut to 32 hex digits, which a record makes; the downgrade makes them whole
    (SHA-256 of the latest revision's page) and copies the times back; lookups read the
    same times either way."""
    stories = corpus_items(30)
    engine = create_engine(database_url(history_at))
    with engine.connect() as db:
        recorded = _recorded_at_head(db, stories)
        with db.begin():
            latest = {versions[-1]["article_id"]: versions[-1] for versions in stories.values()}
            now = _modified_and_fingerprints(db)
            assert {modified for modified, _ in now.values()} == {None}
            assert {key: fp for key, (_, fp) in now.items()} == {
                key: revision_rows.fingerprint(item) for key, item in latest.items()
            }
            assert all(len(fp) == 32 for _, fp in now.values())
            paths = sorted(url_paths(item["url"] for item in latest.values()))
            looked_up = recorded.lookup(paths)
            assert looked_up == {
                path: (item["published_at"], item["modified_at"])
                for item in latest.values()
                for path in url_paths([item["url"]])
            }
            command.downgrade(alembic_config(db), "0010")
        with db.begin():  # as 0010 kept them: the revision's time, the whole hash
            assert _modified_and_fingerprints(db) == {
                key: (item["modified_at"], revision_rows.page_hash(item))
                for key, item in latest.items()
            }
            odd = min(latest)
            db.execute(
                articles.update()
                .where(articles.c.article_id == odd)
                .values(modified_at="2030-01-01T00:00:00+00:00")
            )
            _record_before_revisions(db, modified_at="2026-01-02T00:00:00+00:00")
            command.upgrade(alembic_config(db), "0011")
        with db.begin():
            after = _modified_and_fingerprints(db)
            assert after.pop("77") == ("2026-01-02T00:00:00+00:00", None)
            fingerprint = revision_rows.fingerprint(latest[odd])
            assert after.pop(odd) == ("2030-01-01T00:00:00+00:00", fingerprint)
            assert after == {
                key: (None, revision_rows.fingerprint(item))
                for key, item in latest.items()
                if key != odd
            }
            assert Articles(db).lookup(paths) == looked_up | {
                path: (latest[odd]["published_at"], "2030-01-01T00:00:00+00:00")
                for path in url_paths([latest[odd]["url"]])
            }
    engine.dispose()
