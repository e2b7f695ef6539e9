"""The page of ``scrapy browse`` in a real headless Chromium (the system's, driven by
Playwright: no browser is downloaded), as a reader uses it: on a history that crawls of the
replicas made (freshly migrated: the crawl creates it) with English and Arabic stories, one of
them retitled by a re-crawl, ``scrapy browse`` runs on a free port; a search for a word of
one story's body shows that story, the box keeping the word as typed (an Arabic word typed
as the story writes it, which the index holds folded); a search that finds nothing shows no
rows; the stories' headers read as words and sort by their columns; a click on a section
facet leaves only that section's stories; the "headline changed" query shows both
headlines, and its story id opens the story's revisions side by side; an insert typed in
the SQL box is refused and the file is unchanged; the chart of stories per day is drawn.
Every request the page makes goes to 127.0.0.1 (any other is aborted, and fails the test),
and no script error is raised."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from datasette.utils import to_css_class
from playwright.sync_api import Browser, Page, Route, sync_playwright

from mayadeen.extraction.folding import fold
from mayadeen.history.search import add_sqlite_functions
from tests.browse import scrapy_browse
from tests.corpus import EDITS, crawl_urls, edit, story_paths
from tests.crawl import crawl_in_process
from tests.replica.server import serve

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.requires_chromium,
    pytest.mark.skipif(
        CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium; .ci/run does)"
    ),
]

ENGLISH_STORIES = 8
ARABIC_STORIES = 3
#: How long a page may take to load or draw, in milliseconds.
TIMEOUT = 20_000


@pytest.fixture(scope="module")
def history(
    replica: Path,
    manifest: dict,
    replica_ar: Path,
    manifest_ar: dict,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A new history: English replica stories (the first retitled by a second crawl), then
    Arabic ones."""
    folder = tmp_path_factory.mktemp("browse-page")
    site = Path(shutil.copytree(replica / "site", folder / "site"))
    at = folder / "history.sqlite3"
    paths = story_paths(manifest, ENGLISH_STORIES)
    with serve(site) as base_url:
        assert len(crawl_urls(base_url, paths, folder / "one", str(at))) == ENGLISH_STORIES
        edit(site)
        assert len(crawl_urls(base_url, paths, folder / "two", str(at))) == 1
    arabic = [a["paths"][0] for a in manifest_ar["articles"] if a["has_text"]][:ARABIC_STORIES]
    with serve(replica_ar / "site") as base_url:
        crawled = crawl_in_process(
            "article",
            base_url,
            folder / "three",
            args={"urls": ",".join(base_url + path for path in arabic), "edition": "ar"},
            settings={"MAYADEEN_HISTORY": str(at)},
        )
    assert crawled.stats.get("mayadeen/verdict") == "succeeded", crawled.log[-2000:]
    assert len(crawled.items) == ARABIC_STORIES
    return at


@pytest.fixture(scope="module")
def browsing(history: Path) -> Iterator[str]:
    with scrapy_browse(history) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, browsing: str) -> Iterator[Page]:
    """A new page that reaches only ``browsing``'s server; after the test, none of its
    requests went elsewhere and none of its scripts raised an error."""
    context = browser.new_context(viewport={"width": 1200, "height": 1400})
    context.set_default_timeout(TIMEOUT)
    elsewhere: list[str] = []
    errors: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith(browsing):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    opened = context.new_page()
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert elsewhere == [], "requests beyond the server"
    assert errors == [], "script errors"


def _stories(history: Path) -> list[dict[str, Any]]:
    """Each story's latest revision (the view ``stories``) with its body (packed on SQLite:
    read by the history's own SQL function)."""
    db = sqlite3.connect(history)
    add_sqlite_functions(db)
    db.row_factory = sqlite3.Row
    rows = db.execute(
        "SELECT s.*, coalesce(r.body, mayadeen_body(r.packed)) AS body FROM stories s "
        "JOIN articles a USING (article_id) "
        "JOIN revisions r ON r.revision_id = a.latest_revision_id"
    ).fetchall()
    db.close()
    return [dict(row) for row in rows]


def _word_only_in(story: dict[str, Any], others: list[dict[str, Any]], arabic: bool) -> str:
    """A word of ``story``'s body that no other story holds, not even as the start of a word
    (stemming): for Arabic, one that folding changes (``أ``, ``ة``, ...), as the story writes
    it."""
    text_of = [" ".join(filter(None, (s["title"], s["summary"], s["body"]))) for s in others]
    elsewhere = fold(" ".join(text_of)).lower()
    pattern = r"[\u0621-\u064a]{5,}" if arabic else r"[A-Za-z]{8,}"
    for word in re.findall(pattern, story["body"]):
        folded = fold(word).lower()
        if (not arabic or folded != word) and not re.search(r"\b" + folded[:6], elsewhere):
            return word
    raise AssertionError(f"no word of {story['article_id']} is its own")


def _cells(page: Page, column: str) -> list[str]:
    """The texts of a column of the page's table, by its name (as Datasette classes it)."""
    cells = f"table.rows-and-columns tbody td.col-{to_css_class(column)}"
    return page.locator(cells).all_inner_texts()


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_a_word_of_one_storys_body_finds_that_story(
    page: Page, browsing: str, history: Path, edition: str
) -> None:
    stories = _stories(history)
    story = next(s for s in stories if s["edition"] == edition and s["revisions"] == 1)
    others = [s for s in stories if s is not story]
    word = _word_only_in(story, others, arabic=edition == "ar")
    assert word not in story["title"]  # found in the body, not the headline

    page.goto(browsing + "history/stories")
    assert len(_cells(page, "article_id")) == len(stories)
    page.fill("input[name=_search]", word)
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(re.compile(r"_search="))
    assert _cells(page, "article_id") == [story["article_id"]]
    assert _cells(page, "title") == [story["title"]]
    # The box keeps the word as typed (the Arabic one is searched folded).
    assert page.input_value("input[name=_search]") == word


def test_a_search_that_finds_nothing_shows_no_rows(page: Page, browsing: str) -> None:
    page.goto(browsing + "history/stories")
    page.fill("input[name=_search]", "zzyzxnothingmatches")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(re.compile(r"_search="))
    page.wait_for_load_state("networkidle")  # every script has run: none raised an error
    assert page.locator("h3").first.inner_text().startswith("0 rows")
    assert page.locator("table.rows-and-columns").count() == 0


def test_the_stories_columns_read_as_words_and_sort_by_their_names(
    page: Page, browsing: str
) -> None:
    page.goto(browsing + "history/stories")
    assert page.title().startswith("Stories (the latest revision of each): ")
    raw = page.locator(f"th.col-{to_css_class('published_at_raw')}")
    assert raw.inner_text().strip() == "Published (as the page gave it)"
    assert page.locator("th.col-article_id").inner_text().strip() == "Story id"
    assert (
        page.locator(".facet-info[data-column=section] .facet-info-name strong")
        .inner_text()
        .startswith("Section")
    )
    meanings = page.locator("dl.column-descriptions")
    assert not meanings.is_visible()  # folded: the stories come first
    page.get_by_text("What the columns mean").click()
    assert "Published (as the page gave it)" in meanings.inner_text()
    raw.get_by_role("link").click()
    page.wait_for_url(re.compile(r"_sort=published_at_raw"))
    published = _cells(page, "published_at_raw")
    assert published == sorted(published)


def test_a_section_facet_leaves_only_that_sections_stories(
    page: Page, browsing: str, history: Path
) -> None:
    stories = _stories(history)
    page.goto(browsing + "history/stories")
    choices = page.locator(".facet-info[data-column=section] li a")
    section = choices.first.inner_text()
    expected = sorted(s["article_id"] for s in stories if s["section"] == section)
    assert 0 < len(expected) < len(stories)
    choices.first.click()
    page.wait_for_url(re.compile(r"section="))
    assert unquote(page.url).endswith(f"section={section}")
    assert sorted(_cells(page, "article_id")) == expected
    assert set(_cells(page, "section")) == {section}


def test_headline_changed_shows_both_headlines_and_leads_to_the_revisions(
    page: Page, browsing: str
) -> None:
    page.goto(browsing)
    page.get_by_role("link", name="stories whose headline changed").click()
    page.wait_for_url(re.compile(r"/headline_changed"))
    assert page.title() == "Stories whose headline changed"
    assert _cells(page, "Headline") == [EDITS[0][0], EDITS[0][1]]

    page.locator(f"td.col-{to_css_class('Story id')} a").first.click()
    page.wait_for_url(re.compile(r"/story_revisions\?story="))
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 2
    assert _cells(page, "Headline") == [EDITS[0][0], EDITS[0][1]]
    assert _cells(page, "Revision") == ["1", "2"]
    assert all(published.endswith("+00:00") for published in _cells(page, "Published (UTC)"))
    assert all(_cells(page, "Published (as the page gave it)"))


def test_an_insert_in_the_sql_box_is_refused(page: Page, browsing: str, history: Path) -> None:
    before = hashlib.sha256(history.read_bytes()).hexdigest()
    page.goto(browsing + "history")
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("insert into runs (spider, host, pid, started_at) values ('x', 'x', 1, 'x')")
    page.locator("form.sql input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"sql=insert"))
    assert "Statement must be a SELECT" in page.locator("body").inner_text()
    assert hashlib.sha256(history.read_bytes()).hexdigest() == before


def test_the_chart_of_stories_per_day_is_drawn(page: Page, browsing: str, history: Path) -> None:
    sections = {s["section"] for s in _stories(history)}
    page.goto(browsing)
    page.get_by_role("link", name="chart of stories per day by section").click()
    page.wait_for_url(re.compile(r"/stories_per_day#g\.mark=bar"))
    canvas = page.wait_for_selector("canvas.marks")
    assert canvas is not None
    # The bars: as many colours as sections (Vega's ten at most), each over many pixels.
    page.wait_for_function(f"() => ({BAR_COLOURS})() >= {min(len(sections), 10)}")
    assert page.evaluate(BAR_COLOURS) >= min(len(sections), 10)


#: The colours of the chart's canvas (not greys: axes, labels) that cover over 100 pixels.
BAR_COLOURS = """() => {
  const canvas = document.querySelector("canvas.marks");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = data.slice(i, i + 4);
    if (a === 0 || Math.max(r, g, b) - Math.min(r, g, b) < 40) continue;
    const key = `${r},${g},${b}`;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return [...counts.values()].filter(n => n > 100).length;
}"""
