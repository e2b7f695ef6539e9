"""Full-text search over the latest revision of every article: SQLite's FTS5 or PostgreSQL's
text search, behind one function.

Both index the text folded for search (:func:`mayadeen.extraction.folding.fold`: Arabic
short vowels, other marks and tatweel out, the alef forms, ta marbuta and alef maqsura
folded), never changing the stored text, and fold the query the same way; text with no
Arabic folds to itself, so English is indexed and found as it always was.

- SQLite: the FTS5 table ``article_search`` indexes the view ``article_search_text``: the
  ``revisions`` rows' title, summary and body folded by the SQL function ``mayadeen_fold``,
  which every connection of the history's engine has (:func:`add_sqlite_functions`); Porter
  stemming; triggers on ``articles`` keep exactly the latest revisions in it.
- PostgreSQL: a GIN index on :data:`POSTGRES_DOCUMENT` over ``revisions`` (folded by
  ``translate()``); the query joins the latest revisions, so nothing needs keeping up.

Both match every word of the query (stemmed: "strikes" finds "strike"), newest first. The
database marks the words found in a snippet of the folded text; the snippet a hit shows is
the same stretch of the stored text with the same words marked, made for the hits returned
only (:func:`unfold_snippet`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
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
#: The text of a revision (table aliased as ``{t}``) that PostgreSQL indexes, folded.
_POSTGRES_TEXT = (
    "coalesce({t}title, '') || ' ' || coalesce({t}summary, '') || ' ' || coalesce({t}body, '')"
)
#: The text PostgreSQL indexes, of the revisions table aliased as ``{t}``; the migration that
#: made the index keeps its own copy of this expression, and the two must stay equal.
POSTGRES_DOCUMENT = "to_tsvector('english', " + POSTGRES_FOLD.replace("{}", _POSTGRES_TEXT) + ")"
#: The text a PostgreSQL snippet is cut from, of the revisions table aliased as ``r``.
POSTGRES_HEADLINE_TEXT = (
    "coalesce(r.title, '') || ' — ' || coalesce(r.summary, '') || ' ' || coalesce(r.body, '')"
)


def add_sqlite_functions(db: sqlite3.Connection) -> None:
    """Give a connection to a SQLite history the SQL function its search index is kept with:
    ``mayadeen_fold(text)`` (:func:`~mayadeen.extraction.folding.fold`; null stays null),
    which the triggers on ``articles`` and the index's view call. A connection without it
    cannot change an article's latest revision ("no such function: mayadeen_fold")."""
    db.create_function(SQLITE_FOLD, 1, fold_or_none, deterministic=True)


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


def words_of(query: str) -> list[str]:
    """The words of a user's query (punctuation and operators are not syntax here), folded
    for search (:func:`~mayadeen.extraction.folding.fold`)."""
    return re.findall(r"\w+", fold(query))


def search(
    db: sa.Connection,
    query: str,
    *,
    since: str | None = None,
    section: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Articles whose latest revision has every word of ``query`` in its title, lead or body,
    newest first; only those published on or after ``since`` (``YYYY-MM-DD``) and in
    ``section`` (any case), when given."""
    words = words_of(query)
    if not words:
        raise ValueError(f"nothing to search for in {query!r}: give one or more words")
    params: dict[str, Any] = {"limit": limit, "since": since, "section": section}
    params |= {"open": OPEN, "close": CLOSE}
    filters = ""
    if since:
        filters += " AND r.published_at >= :since"
    if section:
        filters += " AND lower(r.section) = lower(:section)"
    columns = "r.revision_id, r.article_id, r.published_at, r.title, r.url, r.section"
    if db.dialect.name == "sqlite":
        params["match"] = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = f"""
            SELECT {columns},
                snippet(article_search, -1, :open, :close, '{ELLIPSIS}', 24) AS snippet
            FROM article_search JOIN revisions r ON r.revision_id = article_search.rowid
            WHERE article_search MATCH :match {filters}
            ORDER BY r.published_at DESC, r.article_id DESC LIMIT :limit"""
    else:
        params["words"] = " ".join(words)
        params["options"] = (
            f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords=30, MinWords=12, '
            'MaxFragments=1, FragmentDelimiter=" … "'
        )
        document = POSTGRES_DOCUMENT.format(t="r.")
        text = POSTGRES_FOLD.format(POSTGRES_HEADLINE_TEXT)
        sql = f"""
            SELECT {columns},
                ts_headline('english', {text}, q, :options) AS snippet
            FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id,
                plainto_tsquery('english', :words) AS q
            WHERE {document} @@ q {filters}
            ORDER BY r.published_at DESC, r.article_id DESC LIMIT :limit"""
    rows = db.execute(sa.text(sql), params).mappings().all()
    stored = _stored_texts(db, [row["revision_id"] for row in rows])
    hits = []
    for row in rows:
        title, summary, body = stored[row["revision_id"]]
        if db.dialect.name == "sqlite":
            texts = [text for text in (title, summary, body) if text is not None]
        else:  # POSTGRES_HEADLINE_TEXT
            texts = [f"{title or ''} — {summary or ''} {body or ''}"]
        fields = {k: v for k, v in row.items() if k not in ("revision_id", "snippet")}
        hits.append(Hit(**fields, snippet=unfold_snippet(row["snippet"] or "", texts)))
    return hits


def _stored_texts(
    db: sa.Connection, revision_ids: Sequence[int]
) -> dict[int, tuple[str | None, str | None, str | None]]:
    """The title, summary and body of each revision of ``revision_ids``: the stored text."""
    if not revision_ids:
        return {}
    columns = (revisions.c.title, revisions.c.summary, revisions.c.body)
    query = sa.select(revisions.c.revision_id, *columns).where(
        revisions.c.revision_id.in_(revision_ids)
    )
    return {revision_id: tuple(texts) for revision_id, *texts in db.execute(query)}


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
