"""The Datasette plugin of ``scrapy browse``, registered by its command for its own Datasette
only (nothing is installed for another Datasette):

- every connection gets the SQL function ``mayadeen_fold`` that SQLite's search index is kept
  with (its content view calls it: counting or reading the index needs it);
- a search (``_search``, ``_search_COLUMN``) is folded as the indexed text is
  (:func:`~mayadeen.extraction.folding.fold`), so that an Arabic word is found however its
  vowels, alef forms, ta marbuta or alef maqsura were written (English is unchanged); the
  search box, and a redirect's address, keep the words as they were typed;
- a table's page gets its columns' labels (its ``labels`` in the ``mayadeen`` plugin's
  metadata) as ``column_labels``, for the templates of ``scrapy browse`` to show;
- datasette-vega's chart is offered on a query's page only: on a table's page it would chart
  one page of rows, and it raises a script error when the table shows none (Datasette lists
  a query's formats only over rows, so its chart always finds them);
- a story id in the stories table and the canned queries links to the story's revisions
  side by side (the canned query ``story_revisions``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable, Generator, MutableMapping
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from mayadeen.extraction.folding import fold
from mayadeen.history.search import add_sqlite_functions

#: The canned query that shows one story's revisions; its parameter.
REVISIONS_QUERY = "story_revisions"
REVISIONS_PARAMETER = "story"
#: The columns that hold a story id: the view's, and the canned queries' label.
STORY_ID_COLUMNS = frozenset({"article_id", "Story id"})
#: The plugin's name in Datasette's metadata (``plugins: {mayadeen: ...}``).
PLUGIN = "mayadeen"
#: Where a request whose search was folded keeps its query string as it came.
TYPED_QUERY = "mayadeen.typed_query_string"
#: A word character: a search without one searches nothing.
WORD = re.compile(r"\w")

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    add_sqlite_functions(conn)


@hookimpl
def asgi_wrapper() -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def folding_search(scope: Scope, receive: Any, send: Any) -> None:
            typed = scope.get("query_string", b"")
            if scope["type"] != "http" or b"_search" not in typed:
                await app(scope, receive, send)
                return

            async def send_typed(message: dict[str, Any]) -> None:
                # A redirect (Datasette's, after a form) keeps the search as it was typed.
                if message["type"] == "http.response.start":
                    headers = [
                        (n, typed_location(v, typed) if n.lower() == b"location" else v)
                        for n, v in message.get("headers", [])
                    ]
                    message = dict(message, headers=headers)
                await send(message)

            folded = dict(scope, query_string=fold_search(typed), **{TYPED_QUERY: typed})
            await app(folded, receive, send_typed)

        return folding_search

    return wrap


def is_search(parameter: str) -> bool:
    """Whether ``parameter`` is a search: ``_search``, ``_search_COLUMN``."""
    return parameter == "_search" or parameter.startswith("_search_")


def fold_search(query_string: bytes) -> bytes:
    """``query_string`` with the value of each search parameter folded for search, and left
    out where it holds no word (a quote alone, an empty phrase: FTS5 refuses what Datasette
    makes of them, and a search of nothing shows every row, as an empty box does); the
    other parameters as they were."""
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    folded = [
        (name, fold(value) if is_search(name) else value)
        for name, value in pairs
        if not is_search(name) or WORD.search(value)
    ]
    return urlencode(folded).encode("ascii")


def typed_location(location: bytes, typed: bytes) -> bytes:
    """``location``, made from a query string that :func:`fold_search` folded from ``typed``,
    with each search parameter's value as ``typed`` gave it."""
    path, mark, query = location.decode("latin-1").partition("?")
    searches = parse_qsl(typed.decode("utf-8", "replace"), keep_blank_values=True)
    as_typed = {fold(value): value for name, value in searches if is_search(name)}
    pairs = [
        (name, as_typed.get(value, value) if is_search(name) else value)
        for name, value in parse_qsl(query, keep_blank_values=True)
    ]
    return (path + mark + urlencode(pairs)).encode("latin-1")


@hookimpl
def extra_template_vars(
    database: str | None, table: str | None, request: Any, datasette: Any
) -> dict[str, Any]:
    """``column_labels``: the labels of the page's table's columns (none but a table's);
    ``search``, when the search was folded: the search box's words as they were typed."""
    config = table and datasette.plugin_config(PLUGIN, database=database, table=table)
    found = {"column_labels": (config or {}).get("labels", {})}
    typed = request.scope.get(TYPED_QUERY, b"") if request is not None else b""
    searched = parse_qs(typed.decode("utf-8", "replace"), keep_blank_values=True)
    if "_search" in searched:
        found["search"] = searched["_search"][0]  # the one Datasette searches: the first
    return found


@hookimpl(wrapper=True)
def extra_js_urls(
    template: str, datasette: Any
) -> Generator[None, list[list[Any]], list[list[Any]]]:
    """The other plugins' scripts, but datasette-vega's on a table's page (see the module)."""
    scripts = yield
    if not template.startswith("table"):
        return scripts
    vega = datasette.urls.static_plugins("datasette_vega", "")
    return [  # each plugin's scripts: a list, or what Datasette awaits to get one
        [url for url in urls if not str(url).startswith(vega)] if isinstance(urls, list) else urls
        for urls in scripts
    ]


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
