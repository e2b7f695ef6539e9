"""Listing-page functions on small hand-written pages."""

from __future__ import annotations

from collections import Counter
from datetime import date

from parsel import Selector

from mayadeen.extraction import listing

HOME = "http://127.0.0.1:8000/"

MENU = """<html><head><meta name="postid" content="555"></head><body>
<header><nav class="navbar"><ul class="main_link">
  <li class="nav_item has_dropdown"><a href="/news">News</a>
    <div class="mega_nav"><ul><li><a href="/news/politics">Politics</a></li>
      <li><a href="https://english.almayadeen.net/news/arts-culture">Arts&amp;Culture</a></li></ul></div></li>
  <li class="nav_item has_dropdown"><a>Regions</a>
    <div class="mega_nav"><ul><li><a href="/region/us-canada">US &amp; Canada</a></li></ul>
    </div></li>
  <li class="nav_item"><a href="/infographs">Infographs</a></li>
  <li class="nav_item"><a href="https://twitter.com/x">Elsewhere</a></li>
</ul></nav>
<a href="/news/politics/a-story-in-the-header">ticker</a></header>
<main>
<div class="ow-container" data-filter="type=news">
 <div class="datalist">
  <div class="tab_item_bg"><a href="/news/politics/first-story"><img data-src="x"></a></div>
  <div class="tab_item_info"><a href="https://english.almayadeen.net/news/politics/second--story">
   Second</a><a class="category-meta" href="/news/politics">Politics</a>
   <span class="date">8 Nov 2025</span></div>
  <div class="tab_item_info"><a href="/articles/bare-article-slug">Bare</a>
   <span class="date">12 Oct 2025</span></div>
 </div>
 <div class="loadmoresection"><a class="loadmorebtn" data-widgetid="41"
   data-widgetcode="politics-list" data-nextpage="2" data-ismain="true">More</a></div>
</div>
<div class="asyncwidget" data-widgetid="7" data-widgetkey="featured"></div>
<aside class="most-read-section"><a href="/news/sports/most-read-story">Most read</a></aside>
<script type="application/ld+json">{"@type": "ItemList", "itemListElement": [
 {"@type": "ListItem", "position": 1, "url": "https://english.almayadeen.net/news/politics/first-story"},
 {"@type": "ListItem", "position": 2, "url": "https://english.almayadeen.net/infographs/only-in-jsonld"}]}
</script></main><footer><a href="/news/politics/footer-story">f</a></footer></body></html>"""


def test_menu_entries_keep_trails_and_skip_offsite_and_parentless() -> None:
    entries = listing.menu_entries(Selector(text=MENU), HOME)
    assert [(e.path, e.trail) for e in entries] == [
        ("/news", "News"),
        ("/news/politics", "News > Politics"),
        ("/news/arts-culture", "News > Arts&Culture"),
        ("/region/us-canada", "Regions > US & Canada"),
        ("/infographs", "Infographs"),
    ]
    politics = entries[1]
    assert politics.matches("POLITICS") and politics.matches("politics")
    assert entries[2].matches("arts-culture") and entries[2].matches("arts&culture")
    assert not politics.matches("news")


def test_story_paths_from_cards_and_itemlist_not_chrome_or_widgets() -> None:
    listings = frozenset({"/news", "/news/politics", "/infographs"})
    assert listing.story_paths(Selector(text=MENU), HOME, listings) == [
        "/news/politics/first-story",
        "/news/politics/second--story",
        "/articles/bare-article-slug",
        "/infographs/only-in-jsonld",
    ]


def test_links_left_out_are_counted_by_reason() -> None:
    skipped: Counter[str] = Counter()
    listing.story_paths(Selector(text=MENU), HOME, frozenset({"/news/politics"}), skipped)
    # menu, category and section links; header ticker, side widget and footer links
    assert skipped == Counter({"offsite": 1, "not_a_story_url": 6, "page_chrome": 3})


def test_menu_paths_are_never_stories() -> None:
    assert listing.is_article_path("/articles/opinion")
    assert not listing.is_article_path("/articles/opinion", frozenset({"/articles/opinion"}))
    assert not listing.is_article_path("/authors/some-one")


def test_load_more_builds_the_scripts_url() -> None:
    more = listing.load_more(Selector(text=MENU))
    assert more is not None and more.next_page == 2
    assert more.url("http://127.0.0.1:8000/news/politics", "555", 3) == (
        "http://127.0.0.1:8000/GetMore/news/politics?page=3&type=news"
        "&widgetid=41&widget=politics-list&postid=555&ismain=true&order=1"
    )


def test_load_more_without_ismain_uses_the_bare_endpoint() -> None:
    html = (
        '<div class="ow-container"><div class="loadmoresection"><a class="loadmorebtn" '
        'data-widgetid="9" data-widgetcode="home-list" data-widgetorder="2"></a></div></div>'
    )
    more = listing.load_more(Selector(text=html))
    assert more is not None
    assert more.url("http://h/", "1", 2) == (
        "http://h/GetMore?page=2&widgetid=9&widget=home-list&postid=1&ismain=&order=2"
    )
    assert listing.load_more(Selector(text="<p>no button</p>")) is None


def test_async_widgets_and_card_dates() -> None:
    sel = Selector(text=MENU)
    assert listing.async_widget_urls(sel, HOME, listing.page_postid(sel)) == [
        "http://127.0.0.1:8000/LoadWidget?postid=555&widgetid=7&widget=featured"
    ]
    assert listing.card_dates(sel) == [date(2025, 11, 8), date(2025, 10, 12)]
