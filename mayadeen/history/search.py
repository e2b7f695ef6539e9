"""Full-text search over the latest revision of every article: SQLite's FTS5 or PostgreSQL's
text search, behind one function.

Both index the text folded for search (:func:`mayadeen.extraction.folding.fold`: Arabic
short vowels, other marks and tatweel out, the alef forms, ta marbuta and alef maqsura
folded), never changing the stored text, and fold the query the same way; text with no
Arabic folds to itself, so English is indexed and found as it always was.

- SQLite: the FTS5 table ``article_search`` indexes the view ``article_search_text``: each
  article's latest revision's title, summary and body (unpacked by the SQL function
  ``mayadeen_body``: :mod:`~mayadeen.history.packing`) folded by the SQL function
  ``mayadeen_fold``, both of which every connection of the history's engine has
  (:func:`add_sqlite_functions`); Porter stemming; triggers on ``articles`` keep exactly the
  latest revisions in it. Its rowid is the article's ``search_key`` (:func:`key_range`),
  which follows publication time: FTS5 walks the matches newest first, and a search stops
  after the newest ``limit`` instead of sorting every match.
- PostgreSQL: a GIN index on :data:`POSTGRES_DOCUMENT` over ``revisions`` (folded by
  ``translate()``); the query joins the latest revisions, so nothing needs keeping up.

Both match every word of the query (stemmed: "strikes" finds "strike") and every quoted
phrase (its words next to each other, in order: ``"sanctions vote"``), newest first. The
database marks the words found in a snippet of the folded text; the snippet a hit shows is
the same stretch of the stored text with the same words marked, made for the hits returned
only (:func:`unfold_snippet`).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mayadeen.extraction.folding import (
    REMOVED,
    REPLACED,
    Folded,
    fold,
    fold_or_none,
    folds_to_itself,
)
from mayadeen.history.packing import body_of
from mayadeen.history.schema import revisions

#: What a snippet puts around each matched word.
MARK = "**"
#: What the database puts around a matched word, for :func:`unfold_snippet` to find them
#: (control characters: no stored text holds one), each made :data:`MARK` in the end.
OPEN, CLOSE = "\x02", "\x03"
_MARKS = re.compile(f"[{OPEN}{CLOSE}]")
#: What SQLite's ``snippet()`` puts where it cuts a text.
ELLIPSIS = "…"
#: The SQL function of a SQLite history that folds text for search (its index's content).
SQLITE_FOLD = "mayadeen_fold"
#: The SQL function of a SQLite history that unpacks a revision's body for its index.
SQLITE_BODY = "mayadeen_body"


def _unicode_literal(chars: str) -> str:
    return "U&'" + "".join(f"\\{ord(c):04X}" for c in chars) + "'"


#: PostgreSQL's :func:`~mayadeen.extraction.folding.fold` of the text ``{}`` (stored text is
#: NFC already): ``translate()`` replaces each of the first string's characters by the one at
#: the same place in the second, and removes those past its end.
POSTGRES_FOLD = (
    "translate({}, "
    + _unicode_literal("".join(REPLACED) + REMOVED)
    + ", "
    + _unicode_literal("".join(REPLACED.values()))
    + ")"
)
#: Every character :data:`POSTGRES_FOLD` changes is in this class (the Arabic block).
POSTGRES_ARABIC = "[\\u0600-\\u06FF]"


def postgres_fold(text: str) -> str:
    """PostgreSQL's :func:`~mayadeen.extraction.folding.fold` of the SQL expression ``text``
    as a query or an index computes it: :data:`POSTGRES_FOLD` when ``text`` has a character
    of :data:`POSTGRES_ARABIC`, else ``text`` as it is (what ``translate()`` would give).
    ``translate()`` costs about 2 ms on an article's text, the test a twentieth of it."""
    return (
        f"CASE WHEN ({text}) ~ '{POSTGRES_ARABIC}' THEN {POSTGRES_FOLD.format(text)} "
        f"ELSE {text} END"
    )


#: The text of a revision (table aliased as ``{t}``) that PostgreSQL indexes.
_POSTGRES_TEXT = (
    "coalesce({t}title, '') || ' ' || coalesce({t}summary, '') || ' ' || coalesce({t}body, '')"
)
#: The text PostgreSQL indexes, folded, of the revisions table aliased as ``{t}``: the
#: column ``revisions.search_document`` is generated from it (stored), and the GIN index
#: ``ix_revisions_search`` is on that column. The migration that made it (0005) keeps its
#: own copy of this expression, and the two must stay equal.
POSTGRES_DOCUMENT = "to_tsvector('english', " + postgres_fold(_POSTGRES_TEXT) + ")"
#: The text a PostgreSQL snippet is cut from, of the revisions table aliased as ``r``.
POSTGRES_HEADLINE_TEXT = (
    "coalesce(r.title, '') || ' — ' || coalesce(r.summary, '') || ' ' || coalesce(r.body, '')"
)


def add_sqlite_functions(db: sqlite3.Connection) -> None:
    """Give a connection to a SQLite history the SQL functions its search index is kept with:
    ``mayadeen_fold(text)`` (:func:`~mayadeen.extraction.folding.fold`; null stays null) and
    ``mayadeen_body(packed)`` (a revision's packed body:
    :func:`~mayadeen.history.packing.body_of`), which the triggers on ``articles`` and the
    index's view call. A connection without them cannot change an article's latest revision
    ("no such function: mayadeen_fold")."""
    db.create_function(SQLITE_FOLD, 1, fold_or_none, deterministic=True)
    db.create_function(SQLITE_BODY, 1, body_of, deterministic=True)


@dataclass(frozen=True)
class Hit:
    """One article found: its latest revision's date, title, address and a snippet with the
    words found marked (``**word**``)."""

    article_id: str
    published_at: str | None
    title: str | None
    url: str | None
    section: str | None
    snippet: str

    def asdict(self) -> dict[str, Any]:
        return asdict(self)


#: Bits of a search key below its publication minute (:func:`key_range`): that many
#: articles (4) have keys of their own minute; more take keys after it. Few bits keep the
#: keys dense, and so the index small: FTS5 stores each row's key as its distance from the
#: one before in a word's list, in as few bytes as that distance needs.
KEY_BITS = 2
#: The largest key SQLite's rowid holds.
MAX_KEY = 2**63 - 1
_MINUTE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)")
#: The :func:`key_minute` of 0001-01-01T00:00: the keys below this minute's are those of the
#: articles without a publication time (millions fit), older than any other.
FIRST_MINUTE = (((1 * 13 + 1) * 32 + 1) * 24) * 60


def key_minute(published_at: str | None) -> int | None:
    """The publication minute of ``published_at`` (ISO 8601, as the history keeps it) as a
    number that orders as the text does (each part below its radix: months 1-12, days
    1-31); None for a missing or malformed time, which sorts last. The migration 0005
    keeps its own copy: an index's rowids depend on it, so it never changes."""
    match = _MINUTE.match(published_at or "")
    if match is None:
        return None
    year, month, day, hour, minute = map(int, match.groups())
    return (((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute


def key_range(published_at: str | None) -> tuple[int, int]:
    """The keys ``[low, high)`` of a SQLite article published at ``published_at`` in the
    search index (``articles.search_key``, the rowid of its text in ``article_search``):
    its minute's, :func:`key_minute` times 2^:data:`KEY_BITS` and the next
    2^:data:`KEY_BITS - 1`, or those of every article without a time. An article keeps its
    key while its minute stays; a new one takes the key after the greatest used in its
    range (``low`` if none is), or, when the range is full, the least unused key above
    ``low`` (``mayadeen.history.articles``). So a key is unique and never below ``low``: it
    never says its article is older than it is, and a search that has read the keys newest
    first down to one below an article's ``low`` has read every article newer than that
    one's minute (:func:`_sqlite_newest` stops there)."""
    minute = key_minute(published_at)
    if minute is None:
        return 0, FIRST_MINUTE << KEY_BITS
    return minute << KEY_BITS, (minute + 1) << KEY_BITS


#: SQLite: the index's old text of the articles noted in ``article_search_pending`` out,
#: then their latest revisions' in, each in key order. The notes are read first (``CROSS
#: JOIN`` keeps SQLite's join order), each article looked up, and the few rows sorted: left
#: to choose, SQLite walks every article in key order to skip the sort.
INDEX_WRITES = [
    sa.text(
        "INSERT INTO article_search (article_search, rowid, title, summary, body) "
        f"SELECT 'delete', p.old_key, {SQLITE_FOLD}(r.title), {SQLITE_FOLD}(r.summary), "
        f"{SQLITE_FOLD}(coalesce(r.body, {SQLITE_BODY}(r.packed))) FROM article_search_pending p "
        "CROSS JOIN revisions r ON r.revision_id = p.old_revision_id "
        "WHERE p.old_key IS NOT NULL ORDER BY p.old_key"
    ),
    sa.text(
        "INSERT INTO article_search (rowid, title, summary, body) "
        f"SELECT a.search_key, {SQLITE_FOLD}(r.title), {SQLITE_FOLD}(r.summary), "
        f"{SQLITE_FOLD}(coalesce(r.body, {SQLITE_BODY}(r.packed))) FROM article_search_pending p "
        "CROSS JOIN articles a ON a.article_id = p.article_id "
        "CROSS JOIN revisions r ON r.revision_id = a.latest_revision_id "
        "WHERE a.search_key IS NOT NULL ORDER BY a.search_key"
    ),
    sa.text("DELETE FROM article_search_pending"),
]


def write_sqlite_index(db: sa.Connection) -> None:
    """Write into SQLite's search index the changes its triggers noted (the articles whose
    latest revision or key changed), in the caller's transaction: once for a group of
    records, in key order. Written one by one as the triggers fire, out of key order (a
    crawl meets stories newest first, a backfill in any order), each key below the one
    before makes FTS5 write out what it holds in memory: a segment an article, merged
    again and again (2.4 times the time of the same rows in order)."""
    for statement in INDEX_WRITES:
        db.execute(statement)


@dataclass(frozen=True)
class Query:
    """A user's query: its words, and its quoted phrases (each a list of words), folded for
    search (:func:`~mayadeen.extraction.folding.fold`). Punctuation and operators are not
    syntax; double quotes around words make them a phrase, found only as written: the same
    words (stemmed), in that order, next to each other. An unclosed quote runs to the end."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def parse(cls, query: str) -> Query:
        words: list[str] = []
        phrases: list[tuple[str, ...]] = []
        for n, part in enumerate(fold(query).split('"')):
            found = re.findall(r"\w+", part)
            if n % 2 == 0 or len(found) < 2:
                words += found  # outside quotes, or a phrase of one word
            else:
                phrases.append(tuple(found))
        return cls(tuple(words), tuple(phrases))

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def fts5(self) -> str:
        """The query in FTS5's syntax: each word and each phrase a string, all required."""
        return " ".join('"' + " ".join(terms) + '"' for terms in self._terms())

    def _terms(self) -> list[tuple[str, ...]]:
        return [(word,) for word in self.words] + list(self.phrases)


def words_of(query: str) -> list[str]:
    """The words of a user's query (punctuation and operators are not syntax here, quotes
    make a phrase: :class:`Query`), folded for search
    (:func:`~mayadeen.extraction.folding.fold`)."""
    parsed = Query.parse(query)
    return [*parsed.words, *(word for phrase in parsed.phrases for word in phrase)]


def search(
    db: sa.Connection,
    query: str,
    *,
    since: str | None = None,
    section: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Articles whose latest revision has every word and quoted phrase of ``query``
    (:class:`Query`) in its title, lead or body, newest first (by ``published_at``, then
    ``article_id``); only those published on or after ``since`` (``YYYY-MM-DD``) and in
    ``section`` (any case), when given."""
    parsed = Query.parse(query)
    if not parsed:
        raise ValueError(f"nothing to search for in {query!r}: give one or more words")
    if limit <= 0:
        return []
    limit = min(limit, MOST)
    if db.dialect.name == "sqlite":
        rows = _sqlite_newest(db, parsed, since=since, section=section, limit=limit)
        keys = [row["key"] for row in rows]
        snippets = _sqlite_snippets(db, parsed, keys, every_match=not section)
        stored = _stored_texts(db, [row["revision_id"] for row in rows])
        rows = [
            dict(row, snippet=snippets.get(row["key"]), texts=stored[row["revision_id"]])
            for row in rows
        ]
    else:
        with _unprepared(db):
            rows = _postgres_newest(db, parsed, since=since, section=section, limit=limit)
            snippets = _postgres_snippets(db, parsed, rows)
        rows = [
            dict(
                row,
                snippet=snippets[row["revision_id"]][0],
                texts=[snippets[row["revision_id"]][1]],
            )
            for row in rows
        ]
    hits = []
    for row in rows:
        texts = [text for text in row["texts"] if text is not None]
        fields = {name: row[name] for name in ("article_id", "published_at", "title", "url")}
        fields["section"] = row["section"]
        hits.append(Hit(**fields, snippet=unfold_snippet(row["snippet"] or "", texts)))
    return hits


@contextlib.contextmanager
def _unprepared(db: sa.Connection) -> Iterator[None]:
    """No statement prepared on the PostgreSQL connection ``db`` meanwhile (psycopg prepares
    one run five times; PostgreSQL then plans it for any words after five more, with no
    index for a word it cannot see: a search's windows took 10-25 ms instead of 1 from the
    eleventh search of a process on)."""
    raw = db.connection.dbapi_connection
    threshold = raw.prepare_threshold  # type: ignore[union-attr]
    raw.prepare_threshold = None  # type: ignore[union-attr]
    try:
        yield
    finally:
        raw.prepare_threshold = threshold  # type: ignore[union-attr]


#: The columns of a hit, of the revisions table aliased as ``r``.
_COLUMNS = "r.revision_id, r.article_id, r.published_at, r.title, r.url, r.section"
#: Matches a SQLite search reads a statement at first (then twice as many each time, up to
#: :data:`LAST_PAGE`).
FIRST_PAGE = 50
LAST_PAGE = 10_000
#: The most matches a search gives: a larger ``limit`` (``--limit 99999999999999999999``)
#: means every match, and would not fit the databases' integers.
MOST = 2**62


def _filters(since: str | None, section: str | None) -> str:
    filters = ""
    if since:
        filters += " AND r.published_at >= :since"
    if section:
        filters += " AND lower(r.section) = lower(:section)"
    return filters


def _sqlite_newest(
    db: sa.Connection, query: Query, *, since: str | None, section: str | None, limit: int
) -> list[dict[str, Any]]:
    """The newest ``limit`` matches on SQLite: FTS5 reads them by rowid, the search key,
    newest first (``ORDER BY rowid DESC``), a page at a time, and stops once the ``limit``
    newest of those read are newer than any left: every key is at or above the least key of
    its article's minute (:func:`key_range`), so those left, whose keys are below the last
    key read, are older when that is below the least key of the ``limit``-th's minute.
    Those read are sorted as the other backend sorts, by time then post id."""
    sql = sa.text(f"""
        SELECT s.rowid AS key, {_COLUMNS}
        FROM article_search s
            CROSS JOIN articles a ON a.search_key = s.rowid
            CROSS JOIN revisions r ON r.revision_id = a.latest_revision_id
        WHERE article_search MATCH :match AND s.rowid < :below AND s.rowid >= :lowest
            {_filters(since, section)}
        ORDER BY s.rowid DESC LIMIT :page""")
    params: dict[str, Any] = {"match": query.fts5(), "since": since, "section": section}
    params |= {"below": MAX_KEY, "lowest": key_range(f"{since}T00:00")[0] if since else 0}
    page = min(max(FIRST_PAGE, limit + 1), LAST_PAGE)
    rows: list[dict[str, Any]] = []
    while True:
        found = [dict(row) for row in db.execute(sql, params | {"page": page}).mappings()]
        rows += found
        if len(found) < page:
            break
        params["below"] = found[-1]["key"]
        if len(rows) >= limit:
            rows.sort(key=_newest_first, reverse=True)
            if params["below"] < key_range(rows[limit - 1]["published_at"])[0]:
                break
        page = min(page * 2, LAST_PAGE)
    rows.sort(key=_newest_first, reverse=True)
    return rows[:limit]


def _newest_first(row: dict[str, Any]) -> tuple[bool, str, str]:
    """The order of hits, as ``ORDER BY published_at DESC, article_id DESC`` gives it on
    SQLite (no date last), reversed."""
    return row["published_at"] is not None, row["published_at"] or "", row["article_id"]


def _sqlite_snippets(
    db: sa.Connection, query: Query, keys: Sequence[int], *, every_match: bool
) -> dict[int, str]:
    """SQLite's snippet of each of the articles ``keys`` (search keys), its words found
    between :data:`OPEN` and :data:`CLOSE`: made for these only (a snippet reads the text).
    ``every_match``: ``keys`` are every match between the least and the greatest of them
    (no filter left one out), read in one pass over that range; else one by one."""
    if not keys:
        return {}
    sql = f"""
        SELECT rowid, snippet(article_search, -1, :open, :close, '{ELLIPSIS}', 24)
        FROM article_search WHERE article_search MATCH :match"""
    params = {"match": query.fts5(), "open": OPEN, "close": CLOSE}
    if every_match:
        found = db.execute(
            sa.text(sql + " AND rowid BETWEEN :low AND :high"),
            params | {"low": min(keys), "high": max(keys)},
        )
        wanted = set(keys)
        return {key: snippet for key, snippet in found if key in wanted}
    one = sa.text(sql + " AND rowid = :key")
    return {key: snippet for k in keys for key, snippet in db.execute(one, params | {"key": k})}


#: The newest publication times a PostgreSQL search reads at first when the planner cannot
#: say how many matches there are: a day's; then a window :data:`WIDER` times as long before
#: it, and so on, until it holds its ``limit`` matches.
FIRST_WINDOW = timedelta(days=1)
WIDER = 4
#: The least window a PostgreSQL search reads (its first is sized for twice its ``limit``
#: matches from the planner's estimate of how many there are).
LEAST_WINDOW = timedelta(minutes=1)
#: A PostgreSQL search whose matches the planner puts at no more than this (or within its
#: ``limit``) sorts them all in one statement, through the GIN index alone; more are read in
#: windows of time. The estimate of a word missing from the statistics' most common ones is
#: a few dozen at any size; the few it finds cost less to sort than windows to look for.
FEW = 100
#: The planner's estimate of a word it has no statistics of (one not among the most common)
#: is this share of the revisions at most (PostgreSQL's ``DEFAULT_TS_MATCH_SEL``), whatever
#: its matches: when a query is one word estimated at most that, a search counts its
#: matches (up to :data:`FEW_COUNTED`, through the index) to know whether they are few.
UNKNOWN = 0.005
FEW_COUNTED = 500
#: The most candidates of a phrase's pairs a search reads from the index of pairs, sorting
#: them all, instead of windows of time (:func:`_candidates_worth_reading`).
PAIRS_COUNTED = 5000
#: The rows of a PostgreSQL search's first window, read newest first and tested one by one,
#: at most: when the estimate puts twice ``limit`` matches among fewer of the newest rows,
#: the first window is those rows (however long ago they were published: a history may
#: have years with few stories), read so and stopping at its ``limit`` matches, instead of
#: a window of time read through the GIN index, whose every window reads the whole lists of
#: the words' revisions (about 20 ms at 1M for two common words, 4 ms per 10,000 revisions
#: listed). A row costs 5-8 µs this way: about 30 ms at most, whatever the corpus's size.
DENSE_ROWS = 4000


def _postgres_newest(
    db: sa.Connection, query: Query, *, since: str | None, section: str | None, limit: int
) -> list[dict[str, Any]]:
    """The newest ``limit`` matches on PostgreSQL, newest first (nulls first: PostgreSQL
    sorts them so, descending). The planner's estimate of every revision's matches (its
    statistics of the indexed words) decides how: few (:data:`FEW`; or one word counted
    few, :data:`UNKNOWN`) or no more than ``limit``, one statement sorts them all; else
    those without a publication time first, then those of time windows newest first, each
    read through the GIN index and the index on ``published_at`` and sorted alone, until
    ``limit`` are found: a common word stops in the newest window, not after sorting every
    match. The first window is sized to hold twice ``limit`` matches at the estimated
    density, each next one :data:`WIDER` times as long; where that density puts them among
    :data:`DENSE_ROWS` rows at most, the first window is the newest rows that hold twice
    ``limit`` at that density, read newest first and tested one by one, the index of the
    words left out, and the next one :data:`WIDER` times as long as they span. A phrase
    whose pairs of neighbouring words are rare (:func:`phrase_pairs`), though its words are
    not, has its candidates counted through the index of pairs and, when they are fewer than
    the rows windows would test (:func:`_candidates_worth_reading`), read from it alone and
    sorted in one statement. No snippet: made for the hits kept only
    (:func:`_postgres_snippets`)."""
    params: dict[str, Any] = {"since": since, "section": section}
    wanted = _postgres_query(query, params)
    params["pairs"] = phrase_pairs(db, query)

    def matches(
        window: str, *, in_order: bool = False, pairs: bool = False, **bounds: str
    ) -> list[dict[str, Any]]:
        # ts_match_vq is @@ that no index can answer, and no plan sorts: the rows of the
        # window are read newest first (ix_revisions_published) and tested until ``limit``
        # match. (The planner puts the join with ``articles`` at one row, so it would read
        # every row of the window, hash-join and sort them, five times the time at 100k.)
        match = (
            "ts_match_vq(r.search_document, q)" if in_order or pairs else "r.search_document @@ q"
        )
        # With ``pairs``: the candidates are the index of pairs' alone (OFFSET 0 keeps the
        # filters out of the bitmap: ANDed with the index on ``published_at`` it may turn
        # lossy, and every row of a lossy page has its pairs computed again), each tested.
        source = (
            f"(SELECT * FROM revisions r WHERE {_HAS_PAIRS} OFFSET 0)" if pairs else "revisions"
        )
        sql = f"""
            SELECT {_COLUMNS}, r.summary, r.body, CAST(q AS text) AS tsquery
            FROM {source} r
                JOIN articles a
                    ON a.article_id = r.article_id AND a.latest_revision_id = r.revision_id,
                {wanted}
            WHERE {match} AND {window} {_filters(since, section)}
            ORDER BY r.published_at DESC, r.article_id DESC LIMIT :limit"""
        with _planner_setting(db, "enable_sort", "off") if in_order else contextlib.nullcontext():
            found = db.execute(sa.text(sql), params | bounds | {"limit": limit - len(rows)})
            return [dict(row) for row in found.mappings()]

    rows: list[dict[str, Any]] = []
    # Every revision's, the filters left out: the planner has no statistics of lower(section)
    # and would take a common word for a rare one; the windows stop at ``since``.
    parts = [f"SELECT 1 FROM revisions r, {wanted} WHERE r.search_document @@ q"]
    if params["pairs"]:
        parts.append(f"SELECT 1 FROM revisions r WHERE {_HAS_PAIRS}")
    planned = _planned_rows(db, " UNION ALL ".join([*parts, "SELECT 1 FROM revisions"]), params)
    estimate, every = planned[0], planned[-1]
    if estimate <= max(FEW, limit) or (
        len(query.words) == 1
        and not query.phrases
        and estimate <= UNKNOWN * every * 1.01  # rounded to rows
        and _count_up_to(db, "r.search_document @@ q", params, wanted, most=FEW_COUNTED)
        < FEW_COUNTED
    ):
        return matches("TRUE")
    if params["pairs"] and planned[1] <= UNKNOWN * every * 1.01:  # not the most common pairs
        most = _candidates_worth_reading(estimate, limit)
        with _reading_pairs(db):
            if _count_up_to(db, _HAS_PAIRS, params, most=most) < most:
                return matches("TRUE", pairs=True)
    first, newest, undated = db.execute(
        sa.text(
            "SELECT min(published_at), max(published_at), "
            "EXISTS (SELECT 1 FROM revisions WHERE published_at IS NULL) FROM revisions"
        )
    ).one()
    if undated:
        rows += matches("r.published_at IS NULL")
    top, width = None, _first_window(first, newest, estimate, limit)
    dense = math.ceil(2 * limit * every / estimate)  # rows that hold twice ``limit``
    if dense <= DENSE_ROWS and len(rows) < limit and newest is not None:
        # The newest ``dense`` rows, however long ago they were published.
        oldest = db.execute(_OLDEST_OF_NEWEST, {"skip": dense - 1}).scalar()
        if oldest is None or (since is not None and oldest <= since):
            return rows + matches("r.published_at IS NOT NULL", in_order=True)
        rows += matches("r.published_at >= :low", in_order=True, low=oldest)
        # The next window: WIDER times as long as these rows span (the estimate's where a
        # time is not one: a hostile page's, a history written by hand).
        with contextlib.suppress(ValueError):
            width = max(_utc(newest) - _utc(oldest), LEAST_WINDOW) * WIDER
        top = oldest
    while len(rows) < limit and newest is not None:
        window = "r.published_at IS NOT NULL"
        if top is not None:
            window += " AND r.published_at < :top"
        low = _earlier(newest, width)
        if low is None or (since is not None and low <= since):
            rows += matches(window, top=top)  # the rest, as far back as ``since``
            break
        rows += matches(window + " AND r.published_at >= :low", top=top, low=low)
        top, width = low, width * WIDER
    return rows


@contextlib.contextmanager
def _planner_setting(db: sa.Connection, name: str, value: str) -> Iterator[None]:
    """PostgreSQL's setting ``name`` at ``value`` in the transaction meanwhile, then as it
    was."""
    was = db.execute(
        sa.text("SELECT current_setting(:name), set_config(:name, :value, true)"),
        {"name": name, "value": value},
    ).one()[0]
    try:
        yield
    finally:
        db.execute(sa.text("SELECT set_config(:name, :was, true)"), {"name": name, "was": was})


#: The publication time of the ``:skip`` + 1-th newest dated revision (an index-only walk of
#: ``ix_revisions_published``), where a dense first window ends.
_OLDEST_OF_NEWEST = sa.text(
    "SELECT published_at FROM revisions WHERE published_at IS NOT NULL "
    "ORDER BY published_at DESC LIMIT 1 OFFSET :skip"
)


#: A revision has every pair of neighbouring words of the query's phrases (``:pairs``).
_HAS_PAIRS = "mayadeen_pairs(r.search_document) @> CAST(:pairs AS integer[])"
#: PostgreSQL's ``work_mem`` while the index of pairs is read: its bitmap of a pair in every
#: revision of a history of ten million stays exact (a lossy page has each of its rows'
#: pairs computed again, about 0.3 ms a row).
PAIRS_WORK_MEM = "64MB"


def phrase_pairs(db: sa.Connection, query: Query) -> list[int]:
    """PostgreSQL: the numbers of every two neighbouring words of ``query``'s phrases, as
    ``mayadeen_pairs`` (migration 0012) numbers those of a revision; none without phrases
    (or whose words are not next to each other once stop words are left out). A revision
    with a phrase has all of its pairs."""
    if not query.phrases:
        return []
    params = {f"phrase{n}": " ".join(phrase) for n, phrase in enumerate(query.phrases)}
    pairs = " || ".join(f"mayadeen_pairs(to_tsvector('english', :{name}))" for name in params)
    return sorted(set(db.execute(sa.text(f"SELECT {pairs}"), params).scalar_one()))


@contextlib.contextmanager
def _reading_pairs(db: sa.Connection) -> Iterator[None]:
    """Statements that read the index of pairs meanwhile: with :data:`PAIRS_WORK_MEM`, and
    no sequential scan (one computes every row's pairs, about 0.3 ms each: the planner may
    take it where the index's list of new entries is long)."""
    with (
        _planner_setting(db, "work_mem", PAIRS_WORK_MEM),
        _planner_setting(db, "enable_seqscan", "off"),
    ):
        yield


def _count_up_to(
    db: sa.Connection, where: str, params: dict[str, Any], *tables: str, most: int
) -> int:
    """How many revisions (``r``, beside ``tables``) meet ``where``, counted up to ``most``
    through an index."""
    source = ", ".join(["revisions r", *tables])
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT :most) AS found"
    return db.execute(sa.text(sql), params | {"most": most}).scalar_one()


def _candidates_worth_reading(estimate: float, limit: int) -> int:
    """Below how many candidates of a phrase's pairs a search reads them all rather than
    windows of time, whose words the planner puts in ``estimate`` revisions: windows find
    ``limit`` of ``c`` matches by testing about ``2 * limit * estimate / c`` rows with the
    words (each window's reading the words' whole lists besides), reading the candidates
    tests ``c``: the candidates while ``c`` squared is less than ``2 * limit * estimate``;
    :data:`FEW_COUNTED` at least (a phrase of rare words' are few whatever the estimate),
    :data:`PAIRS_COUNTED` at most. (At 1M, ``"security said"``: the words in 337,978
    revisions, the phrase in 1,628, its pairs' candidates 1,744; windows took 6.7 s, the
    candidates 41 ms.)"""
    worth = math.isqrt(int(2 * limit * min(estimate, MOST)))
    return max(FEW_COUNTED, min(PAIRS_COUNTED, worth))


def _postgres_query(query: Query, params: dict[str, Any]) -> str:
    """The FROM item ``wanted`` whose column ``q`` is ``query`` as a ``tsquery`` (its
    parameters added to ``params``)."""
    parts = []
    if query.words:
        params["words"] = " ".join(query.words)
        parts.append("plainto_tsquery('english', :words)")
    for n, phrase in enumerate(query.phrases):
        params[f"phrase{n}"] = " ".join(phrase)
        parts.append(f"phraseto_tsquery('english', :phrase{n})")
    return f"(SELECT {' && '.join(parts)} AS q) AS wanted"


def _planned_rows(db: sa.Connection, sql: str, params: dict[str, Any]) -> list[float]:
    """The rows the planner expects each part of ``sql`` (a ``UNION ALL``) to give
    (``EXPLAIN``: planned, not run)."""
    plan = db.execute(sa.text("EXPLAIN (FORMAT JSON) " + sql), params).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]["Plan"]
    return [float(part["Plan Rows"]) for part in top.get("Plans", [top])]


def _first_window(oldest: str | None, newest: str | None, estimate: float, limit: int) -> timedelta:
    """The first window of a PostgreSQL search: long enough to hold twice ``limit`` of the
    ``estimate`` matches published between ``oldest`` and ``newest`` (a time or a day), if
    spread evenly; :data:`FIRST_WINDOW` when those are not times."""
    try:
        span = _utc(newest) - _utc(oldest)
    except (ValueError, TypeError):
        return FIRST_WINDOW
    if span <= timedelta(0):
        return FIRST_WINDOW
    return max(LEAST_WINDOW, span * min(1.0, 2 * limit / estimate))


def _utc(time: str | None) -> datetime:
    """``time`` (ISO 8601), in UTC when it says no zone."""
    parsed = datetime.fromisoformat(time or "")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _headline_text(row: dict[str, Any]) -> str:
    """:data:`POSTGRES_HEADLINE_TEXT` of a revision's row, before folding."""
    return f"{row['title'] or ''} — {row['summary'] or ''} {row['body'] or ''}"


#: The options of PostgreSQL's snippets (``ts_headline``).
HEADLINE_OPTIONS = (
    f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords=30, MinWords=12, '
    'MaxFragments=1, FragmentDelimiter=" … "'
)
#: An excerpt (:func:`_excerpt_snippets`) begins at the last space or line break at least
#: this many characters before the first match, and ends at the first at least
#: :data:`AFTER` after it.
BEFORE, AFTER = 250, 400
#: The words that may be a query's word a snippet is cut around (:func:`_excerpt_snippets`)
#: looked at in a text, at most: the first match must be among them, else the whole text.
CANDIDATES = 16
#: A query of one word whose ``tsquery`` is this (a lexeme of ASCII letters) may have its
#: snippets cut from excerpts.
_ONE_LEXEME = re.compile(r"'([a-z]+)'")
#: A chunk of text (between spaces) that PostgreSQL's parser makes a word of four ASCII
#: letters or more, among punctuation that is never part of a token: a word a snippet may
#: end at (not short, not a number).
_GOOD_END = re.compile(r"""(?<=\s)["'(\[]*[A-Za-z]{4,}[.,;:!?"')\]]*(?=\s)""")


def _postgres_snippets(
    db: sa.Connection, query: Query, rows: Sequence[dict[str, Any]]
) -> dict[int, tuple[str | None, str]]:
    """PostgreSQL's snippet (``ts_headline``) of each revision of ``rows`` (the hits kept),
    its words found between :data:`OPEN` and :data:`CLOSE`, and the stretch of its text
    (:data:`POSTGRES_HEADLINE_TEXT`) it was cut from. ``ts_headline`` parses the whole text,
    about 0.6 ms an article of the bench's; a query of one word has it parse an excerpt
    around the word's first match instead (:func:`_excerpt_snippets`), which gives the same
    snippet, or the whole text when that cannot be shown."""
    if not rows:
        return {}
    params: dict[str, Any] = {"options": HEADLINE_OPTIONS}
    wanted = _postgres_query(query, params)
    snippets = _excerpt_snippets(db, query, rows, wanted, params)
    left = [row["revision_id"] for row in rows if row["revision_id"] not in snippets]
    if left:
        text = postgres_fold(POSTGRES_HEADLINE_TEXT)
        sql = f"""
            SELECT r.revision_id, ts_headline('english', {text}, q, :options)
            FROM revisions r, {wanted} WHERE r.revision_id = ANY(:ids)"""
        found = dict(db.execute(sa.text(sql), params | {"ids": left}).all())
        whole = {row["revision_id"]: _headline_text(row) for row in rows}
        snippets |= {
            revision_id: (found.get(revision_id), whole[revision_id]) for revision_id in left
        }
    return snippets


def _excerpt_snippets(
    db: sa.Connection,
    query: Query,
    rows: Sequence[dict[str, Any]],
    wanted: str,
    params: dict[str, Any],
) -> dict[int, tuple[str, str]]:
    """The snippets of those of ``rows`` that can be cut from an excerpt of their text, for a
    query of one word (a single lexeme), each with its excerpt (a text without Arabic, as
    the snippet: nothing to unfold). With one word, ``ts_headline`` (``MaxFragments=1``,
    ``MaxWords=30``) takes the first match and stretches it by at most 14 words before and
    29 after, ending on a word that is not short (``ShortWord=3``) nor a number. So an
    excerpt beginning before the first match gives the same snippet when, inside it, a
    word that could end a snippet lies both before and after the snippet made from it (the
    stretch stopped on its own, not at an end of the excerpt); an excerpt ends at a space or
    a line break, which no token crosses (tags could: a text with ``<`` is not cut).

    The first match: the first of the words beginning with the lexeme less its last two
    letters (English stems change at most those: "possibility", "possibl"; "dying", "die")
    that PostgreSQL's stemmer makes the lexeme. Every match is one of those; a word the
    parser reads as part of a larger token (``said.com``) only starts the excerpt earlier."""
    tsquery = rows[0]["tsquery"]
    one = _ONE_LEXEME.fullmatch(tsquery or "")
    if len(query.words) != 1 or query.phrases or one is None:
        return {}
    lexeme = one.group(1)
    prefix = lexeme[: max(1, len(lexeme) - 2)]
    texts, columns = {}, ([], [], [], [], [])  # revision, order, start, end, word
    for row in rows:
        text = _headline_text(row)
        if "<" in text:
            continue
        texts[row["revision_id"]] = text
        for n, at in enumerate(_word_starts(text, prefix)[:CANDIDATES]):
            low, high = _bounds(text, at)
            word = _LETTERS.findall(text, at, at + 200)[0].lower()  # a word starts at ``at``
            for column, value in zip(
                columns, (row["revision_id"], n, low, high, word), strict=True
            ):
                column.append(value)
    if not texts:
        return {}
    sql = f"""
        SELECT x.id, x.low, x.high, CASE WHEN {POSTGRES_HEADLINE_TEXT} !~ '{POSTGRES_ARABIC}'
            THEN ts_headline(
                'english', substr({POSTGRES_HEADLINE_TEXT}, x.low + 1, x.high - x.low), q, :options)
            END
        FROM (
            SELECT DISTINCT ON (c.id) c.id, c.low, c.high
            FROM unnest(
                CAST(:ids AS bigint[]), CAST(:orders AS int[]), CAST(:lows AS int[]),
                CAST(:highs AS int[]), CAST(:candidates AS text[])
            ) AS c(id, n, low, high, w)
            WHERE ts_lexize('english_stem', c.w) = ARRAY[CAST(:lexeme AS text)]
            ORDER BY c.id, c.n
        ) AS x
            JOIN revisions r ON r.revision_id = x.id,
            {wanted}"""
    names = ("ids", "orders", "lows", "highs", "candidates")
    found = db.execute(
        sa.text(sql), params | dict(zip(names, columns, strict=True)) | {"lexeme": lexeme}
    )
    snippets = {}
    for revision_id, low, high, snippet in found:
        text = texts[revision_id]
        if _same_as_whole(snippet, text[low:high], starts=low == 0, ends=high == len(text)):
            snippets[revision_id] = (snippet, text[low:high])  # English: nothing to unfold
    return snippets


_LETTERS = re.compile("[A-Za-z]+")


def _word_starts(text: str, prefix: str) -> list[int]:
    """Where the words of ASCII letters of ``text`` beginning with ``prefix`` (lower case
    letters) begin, in any case, in order: found by their first two letters (``str.find``,
    quicker than a pattern of letters in any case)."""
    first = [prefix[:1], prefix[:1].upper()]
    second = [prefix[1:2], prefix[1:2].upper()] if len(prefix) > 1 else [""]
    found = []
    for start in {a + b for a in first for b in second}:
        at = text.find(start)
        while at >= 0:
            if not _in_word(text, at) and text[at : at + len(prefix)].lower() == prefix:
                found.append(at)
            at = text.find(start, at + 1)
    return sorted(found)


def _in_word(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows an ASCII letter."""
    return at > 0 and text[at - 1].isascii() and text[at - 1].isalpha()


def _bounds(text: str, at: int) -> tuple[int, int]:
    """The excerpt of ``text`` around position ``at``: from just after the last space or line
    break :data:`BEFORE` characters before it (or the start), to the first space or line
    break :data:`AFTER` after it (or the end)."""
    low = max(0, at - BEFORE)
    if low:
        low = max(text.rfind(" ", 0, low), text.rfind("\n", 0, low)) + 1
    high = min(len(text), at + AFTER)
    ends = [end for end in (text.find(" ", high), text.find("\n", high)) if end >= 0]
    return low, min(ends) if ends else len(text)


def _same_as_whole(snippet: str | None, excerpt: str, *, starts: bool, ends: bool) -> bool:
    """Whether ``snippet``, made from ``excerpt``, is the whole text's
    (:func:`_excerpt_snippets`): a word marked, and a word that could end a snippet in the
    excerpt both before and after the snippet's stretch of it (found once), except where
    the excerpt ``starts`` or ``ends`` the whole text."""
    if not snippet or OPEN not in snippet:
        return False
    plain = _MARKS.sub("", snippet)
    at = excerpt.find(plain)
    if at < 0 or excerpt.find(plain, at + 1) >= 0:
        return False
    return bool(
        (starts or _GOOD_END.search(excerpt[:at]))
        and (ends or _GOOD_END.search(excerpt[at + len(plain) :]))
    )


def _earlier(time: str, width: timedelta) -> str | None:
    """``time`` (ISO 8601) less ``width``, as the history writes a time; None when ``time``
    is not one or the result is before year 1."""
    try:
        return (datetime.fromisoformat(time) - width).isoformat()
    except (ValueError, OverflowError):
        return None


def _stored_texts(
    db: sa.Connection, revision_ids: Sequence[int]
) -> dict[int, tuple[str | None, str | None, str | None]]:
    """The title, summary and body of each revision of ``revision_ids``: the stored text
    (a packed body unpacked)."""
    if not revision_ids:
        return {}
    columns = (revisions.c.title, revisions.c.summary, revisions.c.body, revisions.c.packed)
    query = sa.select(revisions.c.revision_id, *columns).where(
        revisions.c.revision_id.in_(revision_ids)
    )
    return {
        revision_id: (title, summary, body if body is not None else body_of(packed))
        for revision_id, title, summary, body, packed in db.execute(query)
    }


def unfold_snippet(snippet: str, texts: Iterable[str]) -> str:
    """The snippet a hit shows: ``snippet``, which the database cut from the fold of one of
    ``texts`` with each word found between :data:`OPEN` and :data:`CLOSE` (and
    :data:`ELLIPSIS` where it cut the text), made the same stretch of that stored text with
    the same words marked with :data:`MARK`. A word's marks hold its vowels and tatweel. A
    snippet of text that folds to itself (English) is the database's, its marks made
    :data:`MARK`; one whose stretch is not found (never seen) is left folded."""
    texts = list(texts)
    if all(folds_to_itself(text) for text in texts):
        return snippet.replace(OPEN, MARK).replace(CLOSE, MARK)
    plain = snippet.replace(OPEN, "").replace(CLOSE, "")
    marks: list[tuple[int, str]] = []  # (position in plain, OPEN or CLOSE)
    for part in _MARKS.finditer(snippet):
        marks.append((part.start() - len(marks), part.group()))
    folded_texts = [Folded.of(text) for text in texts]
    if any(text.changed for text in folded_texts):
        for prefix, suffix in _cuts(plain):
            core = plain[len(prefix) : len(plain) - len(suffix)]
            for text in folded_texts:
                at = text.folded.find(core) if core else -1
                if at >= 0:
                    start = text.position(at)
                    plain = prefix + text.text[start : text.position(at + len(core))] + suffix
                    marks = [
                        (
                            len(prefix)
                            + text.position(at + min(max(p - len(prefix), 0), len(core)))
                            - start,
                            mark,
                        )
                        for p, mark in marks
                    ]
                    return _marked(plain, marks)
    return _marked(plain, marks)


def _cuts(plain: str) -> list[tuple[str, str]]:
    """The ellipses ``plain`` may begin and end with, the likeliest first: both, either,
    neither (a stored text may begin or end with one of its own)."""
    prefix = ELLIPSIS if plain.startswith(ELLIPSIS) else ""
    suffix = ELLIPSIS if plain.endswith(ELLIPSIS) and len(plain) > len(prefix) else ""
    return list(dict.fromkeys([(prefix, suffix), (prefix, ""), ("", suffix), ("", "")]))


def _marked(plain: str, marks: list[tuple[int, str]]) -> str:
    """``plain`` with :data:`MARK` at each of ``marks``' positions."""
    parts, at = [], 0
    for position, _mark in marks:
        parts += [plain[at:position], MARK]
        at = position
    return "".join([*parts, plain[at:]])
