"""The Datasette plugin of ``scrapy browse``, registered by its command for its own Datasette
only (nothing is installed for another Datasette):

- every connection gets the SQL function ``mayadeen_fold`` that SQLite's search index is kept
  with (its content view calls it: counting or reading the index needs it);
- a search (``_search``, ``_search_COLUMN``) is folded as the indexed text is
  (:func:`~mayadeen.extraction.folding.fold`), so that an Arabic word is found however its
  vowels, alef forms, ta marbuta or alef maqsura were written (English is unchanged);
- a story id in the stories table and the canned queries links to the story's revisions
  side by side (the canned query ``story_revisions``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from mayadeen.extraction.folding import fold
from mayadeen.history.search import add_sqlite_functions

#: The canned query that shows one story's revisions; its parameter.
REVISIONS_QUERY = "story_revisions"
REVISIONS_PARAMETER = "story"
#: The columns that hold a story id: the view's, and the canned queries' label.
STORY_ID_COLUMNS = frozenset({"article_id", "Story id"})

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    add_sqlite_functions(conn)


@hookimpl
def asgi_wrapper() -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def folding_search(scope: Scope, receive: Any, send: Any) -> None:
            if scope["type"] == "http" and b"_search" in scope.get("query_string", b""):
                scope = dict(scope, query_string=fold_search(scope["query_string"]))
            await app(scope, receive, send)

        return folding_search

    return wrap


def fold_search(query_string: bytes) -> bytes:
    """``query_string`` with the value of each search parameter (``_search``,
    ``_search_COLUMN``) folded for search; the other parameters as they were."""
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    folded = [
        (name, fold(value) if name == "_search" or name.startswith("_search_") else value)
        for name, value in pairs
    ]
    return urlencode(folded).encode("ascii")


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """A story id (a cell of :data:`STORY_ID_COLUMNS` in the view ``stories`` or a query's
    result) as a link to its revisions; ``None`` leaves any other cell to Datasette."""
    if column not in STORY_ID_COLUMNS or not isinstance(value, str):
        return None
    if table not in (None, "stories"):
        return None
    path = datasette.urls.database(database) + "/" + REVISIONS_QUERY
    href = f"{path}?{REVISIONS_PARAMETER}={quote(value, safe='')}"
    title = "every revision of this story"
    return Markup(f'<a href="{escape(href)}" title="{title}">{escape(value)}</a>')
