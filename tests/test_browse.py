"""``scrapy browse``: Datasette on a history that a crawl of the replica made (and a re-crawl
retitled one story in), read through its JSON API: the stories (facets, search), one story's
revisions, the "headline changed" query, and a write refused; a search folded as the index
is. The page in a real browser: tests/test_browse_page.py."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode
from urllib.request import urlopen

import pytest

from tests.browse import get_json, scrapy_browse
from tests.corpus import EDITS, crawl_urls, edit, story_paths
from tests.crawl import PROJECT_ROOT
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess

needs_datasette = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None,
    reason="Datasette is not installed: pip install 'mayadeen[browse]'",
)


@pytest.fixture(scope="module")
def history(replica: Path, manifest: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history of four replica stories, the first of them retitled by a second crawl."""
    folder = tmp_path_factory.mktemp("browse")
    site = Path(shutil.copytree(replica / "site", folder / "site"))
    at = folder / "history.sqlite3"
    paths = story_paths(manifest, 4)
    with serve(site) as base_url:
        assert len(crawl_urls(base_url, paths, folder / "one", str(at))) == 4
        edit(site)
        assert len(crawl_urls(base_url, paths, folder / "two", str(at))) == 1
    return at


@pytest.fixture(scope="module")
def browsing(history: Path) -> Iterator[str]:
    with scrapy_browse(history) as address:
        yield address


@needs_datasette
def test_the_stories_show_every_story_under_its_latest_headline(browsing: str) -> None:
    database = get_json(browsing + "history.json")
    assert {"stories", "articles", "revisions"} <= {
        t["name"] for t in database["views"] + database["tables"]
    }
    rows = get_json(browsing + "history/stories.json?_shape=objects")["rows"]
    assert len(rows) == 4
    assert EDITS[0][1] in {row["title"] for row in rows}
    assert EDITS[0][0] not in {row["title"] for row in rows}
    section = rows[0]["section"]
    only = get_json(
        browsing + "history/stories.json?" + urlencode({"section": section, "_shape": "objects"})
    )
    assert only["rows"] and len(only["rows"]) < 4
    assert {row["section"] for row in only["rows"]} == {section}


@needs_datasette
def test_headline_changed_lists_the_retitled_story_with_both_headlines(browsing: str) -> None:
    changed = get_json(browsing + "history/headline_changed.json?_shape=objects")
    assert [(row["First in revision"], row["Headline"]) for row in changed["rows"]] == [
        (1, EDITS[0][0]),
        (2, EDITS[0][1]),
    ]


@needs_datasette
def test_a_storys_revisions_are_side_by_side(browsing: str) -> None:
    story = get_json(browsing + "history/headline_changed.json?_shape=objects")["rows"][0]
    revisions = get_json(
        browsing
        + "history/story_revisions.json?"
        + urlencode({"story": story["Story id"], "_shape": "objects"})
    )["rows"]
    assert [(row["Revision"], row["Headline"]) for row in revisions] == [
        (1, EDITS[0][0]),
        (2, EDITS[0][1]),
    ]
    assert all(row["Published (UTC)"].endswith("+00:00") for row in revisions)
    assert all(row["Published (as the page gave it)"] for row in revisions)


@needs_datasette
def test_the_stories_have_their_facets_and_a_search(browsing: str) -> None:
    table = get_json(browsing + "history/stories.json?_extra=facet_results")
    facets = table.get("facet_results", {})
    facets = facets.get("results", facets)  # the shape differs between Datasette's versions
    assert {"section", "type", "authors", "tags", "edition", "month"} <= set(facets)
    assert get_json(browsing + "history/stories.json?_search=digitised")["rows"]


@needs_datasette
def test_a_write_is_refused_and_the_file_is_unchanged(browsing: str, history: Path) -> None:
    before = hashlib.sha256(history.read_bytes()).hexdigest()
    sql = "insert into runs (spider, host, pid, started_at) values ('x', 'x', 1, 'x')"
    with pytest.raises(HTTPError) as refused:
        urlopen(browsing + "history.json?" + urlencode({"sql": sql}), timeout=30)
    assert refused.value.code == 400
    assert "SELECT" in refused.value.read().decode()
    assert hashlib.sha256(history.read_bytes()).hexdigest() == before


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    """This Python run with ``args`` in the project's folder, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_a_postgresql_history_is_one_line_pointing_to_a_sqlite_export() -> None:
    result = _python("-m", "scrapy", "browse", "--history", "postgresql://u:secret@h:1/db")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: postgresql://u:***@h:1/db is not SQLite, and Datasette reads SQLite only: copy "
        "it (scrapy export --format sqlite -o history.sqlite3), then scrapy browse --history "
        "history.sqlite3"
    ]


def test_without_datasette_one_line_says_what_to_install() -> None:
    hide = "import sys; sys.modules['datasette'] = None; from scrapy.cmdline import execute; "
    result = _python("-c", hide + "execute(['scrapy', 'browse'])")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: scrapy browse needs Datasette: pip install 'mayadeen[browse]'"
    ]


@needs_datasette
def test_a_search_is_folded_as_the_index_is_and_the_rest_kept() -> None:
    from mayadeen.corpus.browse import fold_search

    query = urlencode({"_search": "المَدْرَسَة", "_search_title": "أحمد", "section": "سياسة"})
    assert parse_qs(fold_search(query.encode()).decode()) == {
        "_search": ["المدرسه"],
        "_search_title": ["احمد"],
        "section": ["سياسة"],
    }
    assert fold_search(b"_search=strikes&_sort=title") == b"_search=strikes&_sort=title"
    assert fold_search(b'_search="&_search_title=""""&_search_summary=%20&_sort=title') == (
        b"_sort=title"
    )


@needs_datasette
def test_bad_requests_get_an_answer_and_one_line_each(history: Path) -> None:
    """A quote alone searched, a sort by no column, a page that is not there: each an answer
    (the stories or an error page), each one line of the server's log, no traceback."""
    output: list[str] = []
    with scrapy_browse(history, output) as address:
        with urlopen(address + "history/stories.json?_search=%22&_shape=objects") as response:
            assert len(json.load(response)["rows"]) == 4
        for bad in ("history/stories?_sort=nope", "nothere"):
            with pytest.raises(HTTPError) as refused:
                urlopen(address + bad, timeout=30)
            assert 400 <= refused.value.code <= 500  # Datasette's page (a bad sort: 500)
    assert "Traceback" not in output[0] and "locals" not in output[0]
    asked = [line for line in output[0].splitlines() if "GET /" in line]
    assert len([line for line in asked if "/-/versions.json" not in line]) == 3  # not the probe's


@needs_datasette
def test_a_redirect_keeps_the_search_as_typed() -> None:
    from mayadeen.corpus.browse import fold_search, typed_location

    typed = urlencode({"_search": "المَدْرَسَة", "_filter_column": "", "section": "سياسة"}).encode()
    redirect = "/history/stories?" + fold_search(typed).decode().replace("&_filter_column=", "")
    assert parse_qs(typed_location(redirect.encode(), typed).decode().partition("?")[2]) == {
        "_search": ["المَدْرَسَة"],
        "section": ["سياسة"],
    }
    assert typed_location(b"/history/stories", typed) == b"/history/stories"
