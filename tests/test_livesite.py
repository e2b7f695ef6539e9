"""The live replica (tests/livesite.py): it publishes, curates its homepage, and storms."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from parsel import Selector

from mayadeen.extraction import listing
from tests.crawl import crawl_in_process
from tests.livesite import SHOWN_NEW, LiveSite


@pytest.fixture
def site() -> Iterator[LiveSite]:
    with LiveSite(seed=5, initial=12) as live:
        yield live


def get(site: LiveSite, path: str) -> tuple[int | str, bytes]:
    """The status (or the error's kind) and body of ``path``."""
    try:
        with urllib.request.urlopen(site.base_url + path, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except Exception as error:  # a dropped connection, a hang, a cut body
        return type(error).__name__, b""


def cards(site: LiveSite, path: str) -> list[str]:
    """The story paths a listing page (or the homepage) shows, in order."""
    status, body = get(site, path)
    assert status == 200
    return listing.story_paths(Selector(text=body.decode()), site.base_url + path)


def test_new_stories_top_their_listings_in_publication_order(site: LiveSite) -> None:
    new = site.publish(3, "/news/politics")
    assert [a.published for a in site.published] == sorted(a.published for a in site.published)
    assert len(site.shown()) == 15 and all(a.id in site.shown() for a in new)
    newest_first = [a.path for a in reversed(new)]
    for listing_path in ("/news/politics", "/news"):
        assert cards(site, listing_path)[:3] == newest_first
        assert "/news/politics" in site.listings_of(new[0].id)
    for story in new:
        status, body = get(site, story.path)
        assert status == 200 and story.id.encode() in body
    # The monthly sitemaps name every story.
    sitemaps = b"".join(
        get(site, f"/sitemaps/all/sitemap-{m[:4]}-{int(m[5:])}.xml")[1] for m in site.months()
    )
    assert sitemaps.count(b"<url>") >= len(site.shown()) - 2  # Beirut months may shift


def test_a_listing_pages_through_every_story_it_shows(site: LiveSite) -> None:
    site.publish(25, "/news/economy")
    _, body = get(site, "/news/economy")
    more = listing.load_more(Selector(text=body.decode()))
    assert more is not None
    postid = listing.page_postid(Selector(text=body.decode()))
    seen = cards(site, "/news/economy")
    page = 2
    while True:
        url = more.url(site.base_url + "/news/economy", postid, page)
        with urllib.request.urlopen(url, timeout=5) as response:
            fragment = response.read()
        if not fragment.strip():
            break
        seen += listing.story_paths(Selector(text=fragment.decode()), url)
        page += 1
    economy = [a.path for a in reversed(site.published) if a.section.path == "/news/economy"]
    assert seen == economy and len(economy) >= 25


def test_the_homepage_pins_an_older_story_and_shows_only_a_few_new_ones(site: LiveSite) -> None:
    site.publish(4, "/news/politics")
    new = site.publish(6, "/news/politics")
    home = set(cards(site, "/"))
    # The two newest, and perhaps one pinned (in three blocks: News, Politics, the latest).
    assert SHOWN_NEW <= len(home & {a.path for a in new}) <= SHOWN_NEW + 2
    # Each block: a pinned older story above its listing's newest ones.
    _, body = get(site, "/")
    blocks = Selector(text=body.decode()).css("section.featured-news")
    news = listing.story_paths(Selector(text=blocks[0].get()), site.base_url + "/")
    newest = cards(site, "/news")
    assert len(news) == SHOWN_NEW + 1 and news[1:] == newest[:SHOWN_NEW]
    assert news[0] in newest[SHOWN_NEW:]  # pinned, older than the two shown after it


@pytest.mark.slow
def test_a_storm_fails_a_seeded_share_of_requests_then_calms(site: LiveSite) -> None:
    paths = [a.path for a in site.published] * 3
    site.storm(seed=7, rate=0.3, max_per_path=1)
    outcomes = Counter(str(get(site, path)[0]) for path in paths)
    assert outcomes["200"] < len(paths) and site.faulted == len(paths) - outcomes["200"]
    assert site.faulted <= len(site.published)  # one fault per address at most
    site.calm()
    assert all(get(site, path)[0] == 200 for path in paths)
    # The same seed fails the same requests on a new site.
    with LiveSite(seed=5, initial=12) as again:
        again.storm(seed=7, rate=0.3, max_per_path=1)
        assert Counter(str(get(again, path)[0]) for path in paths) == outcomes


def test_the_sections_spider_crawls_the_live_site(site: LiveSite, tmp_path: Path) -> None:
    site.publish(5)
    crawl = crawl_in_process("sections", site.base_url, tmp_path, feeds=[tmp_path / "a.jsonl"])
    assert {item["article_id"] for item in crawl.items} == set(site.shown())
    assert crawl.stats["finish_reason"] == "finished"
