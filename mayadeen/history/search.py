"""Full-text search over the latest revision of every article: SQLite's FTS5 or PostgreSQL's
text search, behind one function.

- SQLite: the FTS5 table ``article_search`` indexes ``revisions`` rows (title, summary, body;
  Porter stemming); triggers on ``articles`` keep exactly the latest revisions in it.
- PostgreSQL: a GIN index on :data:`POSTGRES_DOCUMENT` over ``revisions``; the query joins the
  latest revisions, so nothing needs keeping up.

Both match every word of the query (stemmed: "strikes" finds "strike"), newest first.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

#: What a snippet puts around each matched word.
MARK = "**"
#: The text PostgreSQL indexes, of the revisions table aliased as ``{t}``; the migration that
#: made the index keeps its own copy of this expression, and the two must stay equal.
POSTGRES_DOCUMENT = (
    "to_tsvector('english', coalesce({t}title, '') || ' ' || coalesce({t}summary, '') || ' ' "
    "|| coalesce({t}body, ''))"
)


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
    """The words of a user's query (punctuation and operators are not syntax here)."""
    return re.findall(r"\w+", query)


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
    filters = ""
    if since:
        filters += " AND r.published_at >= :since"
    if section:
        filters += " AND lower(r.section) = lower(:section)"
    columns = "r.article_id, r.published_at, r.title, r.url, r.section"
    if db.dialect.name == "sqlite":
        params["match"] = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = f"""
            SELECT {columns},
                snippet(article_search, -1, '{MARK}', '{MARK}', '…', 24) AS snippet
            FROM article_search JOIN revisions r ON r.revision_id = article_search.rowid
            WHERE article_search MATCH :match {filters}
            ORDER BY r.published_at DESC, r.article_id DESC LIMIT :limit"""
    else:
        params["words"] = " ".join(words)
        document = POSTGRES_DOCUMENT.format(t="r.")
        text = (
            "coalesce(r.title, '') || ' — ' || coalesce(r.summary, '') || ' ' "
            "|| coalesce(r.body, '')"
        )
        sql = f"""
            SELECT {columns},
                ts_headline('english', {text}, q,
                    'StartSel={MARK}, StopSel={MARK}, MaxWords=30, MinWords=12,
                     MaxFragments=1, FragmentDelimiter=" … "') AS snippet
            FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id,
                plainto_tsquery('english', :words) AS q
            WHERE {document} @@ q {filters}
            ORDER BY r.published_at DESC, r.article_id DESC LIMIT :limit"""
    rows = db.execute(sa.text(sql), params).mappings()
    return [Hit(**row) for row in rows]
