"""The real capture of the Arabic homepage (``../shared/reference/``, 2 Nov 2023): the listing
extraction finds every story card it shows.

The counts below were made by hand once, from the capture's markup (every ``<a href>`` and the
JSON-LD ``ItemList``, story links told from author, country, topic and program pages and from
the 15 sub-listings with Latin names such as ``/infograph/arabworld``): 230 distinct stories
are linked; 219 of them by the page's own cards and ``ItemList``; the other 11 only by the
"Most read" widget (``most-read-section``), which a listing's stories leave out as page chrome
(they are other listings' stories, read there). The capture's cards carry no post id (no
``data-postid``; the only numbers in its links are authors'), so a card's identity is its
story page's: the page's own post id is read.

The capture is not part of the project (users who clone it do not have it): the test skips
where it is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from parsel import Selector

from mayadeen import site
from mayadeen.extraction import listing

CAPTURE = Path(__file__).resolve().parents[2] / "shared/reference/ar-homepage-2023-11-02.html"
URL = "https://www.almayadeen.net/"
#: Counted by hand (see the module's docstring).
OWN_CARDS = 219
ONLY_IN_MOST_READ = 11
ITEMLIST_STORIES = 42
STORIES_BY_KIND = {
    "news": 48, "society": 20, "video": 23, "arts-culture": 14, "misc": 15, "sports": 13,
    "health": 14, "technology": 12, "environment": 12, "latestnews": 10, "press": 7,
    "episodes-tv": 8, "articles": 7, "opinion": 6, "infograph": 3, "podcasts": 6,
    "newscast": 4, "reports": 4, "promos": 4,
}  # fmt: skip


@pytest.fixture(scope="module")
def capture() -> Selector:
    if not CAPTURE.exists():
        pytest.skip(f"the reference capture is not here ({CAPTURE}): it is not part of the project")
    return Selector(text=CAPTURE.read_text(encoding="utf-8"))


def test_every_story_card_of_the_real_arabic_homepage_is_found(capture: Selector) -> None:
    menus = listing.menu_entries(capture, URL, site.ARABIC)
    skipped: Counter[str] = Counter()
    found = listing.story_paths(
        capture, URL, frozenset(e.path for e in menus), skipped, site.ARABIC
    )
    assert len(found) == len(set(found)) == OWN_CARDS
    assert set(found) >= set(itemlist_paths(capture))
    assert len(itemlist_paths(capture)) == ITEMLIST_STORIES
    by_kind = Counter(path.split("/")[1] for path in found)
    most_read = set(
        widget_paths(capture, "most-read-section") - set(found)
    )  # stories only the widget shows
    assert len(most_read) == ONLY_IN_MOST_READ
    by_kind.update(path.split("/")[1] for path in most_read)
    assert dict(by_kind) == STORIES_BY_KIND
    assert not {p for p in found if p.startswith(("/authors/", "/country/", "/maingroup/"))}
    assert "/infograph/arabworld" not in found and "/news/politics" not in found
    assert listing.page_postid(capture) == "942476"  # the page's; its cards carry none


def test_the_real_arabic_menus_are_read(capture: Selector) -> None:
    entries = listing.menu_entries(capture, URL, site.ARABIC)
    tops = {e.trail.split(" > ")[0] for e in entries}
    assert set(site.ARABIC.expected_menus) <= tops
    assert [e.path for e in listing.linked_listings(capture, URL, site.ARABIC)] == ["/shortnews"]


def itemlist_paths(capture: Selector) -> list[str]:
    return [
        p
        for url in listing._itemlist_urls(capture)
        if (p := listing._site_path(url, URL, site.ARABIC))
    ]


def widget_paths(capture: Selector, widget_class: str) -> set[str]:
    """The story paths the links inside ``widget_class`` elements point to."""
    links = capture.xpath(f"//*[contains(@class, '{widget_class}')]//a/@href").getall()
    paths = {listing._site_path(href, URL, site.ARABIC) for href in links}
    return {p.rstrip("/") for p in paths if p and site.ARABIC.is_story_path(p)}
