"""What a scheduled incremental ``sections`` run reads: the top-level listings, each to the
first page its watermark covers, the others only where those did not complete; a full walk
every Nth run counts what that shortcut missed; a retitled story's old address is known."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mayadeen.history import History
from tests.crawl import Crawl, crawl_in_process
from tests.expectations import retitled
from tests.replica.build import build
from tests.replica.server import serve

pytestmark = pytest.mark.slow  # a whole crawl of the replica, or several, in each test


def sections(base_url: str, data_dir: Path, **settings: str) -> Crawl:
    """A ``sections`` crawl with its history in ``data_dir``; it must succeed."""
    crawled = crawl_in_process("sections", base_url, data_dir, settings=settings)
    assert " ERROR: " not in crawled.log, crawled.log[-3000:]
    assert crawled.stats["mayadeen/verdict"] == "succeeded"
    return crawled


@pytest.fixture
def crawled_once(replica_url: str, tmp_path: Path) -> Path:
    """A data dir whose history has one full crawl of the replica."""
    sections(replica_url, tmp_path)
    return tmp_path


def grown(tmp_path: Path, extra: int) -> Path:
    """The replica plus ``extra`` new stories; returns its site folder."""
    out = tmp_path / f"replica-{extra}"
    build(out, extra_articles=extra)
    return out


def new_stories(out: Path) -> dict[str, str]:
    """Path -> post id of the stories a grown replica added."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {a["paths"][0]: a["article_id"] for a in manifest["articles"] if a.get("extra")}


def scheduled(data_dir: Path, tmp_path: Path, extra: int) -> tuple[Crawl, dict[str, str]]:
    """A scheduled (shortcut) run with the history in ``data_dir`` over the replica plus
    ``extra`` new stories: it writes exactly those. Returns it, and the new stories."""
    out = grown(tmp_path, extra)
    added = new_stories(out)
    with serve(out / "site") as base_url:
        crawled = sections(base_url, data_dir)
    assert sorted(i["article_id"] for i in crawled.items) == sorted(added.values())
    assert crawled.stats["mayadeen/incremental/walk"] == "shortcut"
    return crawled, added


def test_top_level_listings_are_read_to_their_watermarks_and_the_sections_under_them_skipped(
    crawled_once: Path, tmp_path: Path
) -> None:
    """40 new stories: the homepage shows a few, and proves nothing; each top-level listing
    is read until a page whose last story its watermark covers, and they prove that the
    sections and regions under them hold nothing unread."""
    crawled, added = scheduled(crawled_once, tmp_path, 40)
    stats = crawled.stats
    read = {k.removeprefix("mayadeen/found/") for k in stats if k.startswith("mayadeen/found/")}
    tops = {"News", "Articles", "Videos", "Infographs", "In Pictures"}
    assert read == {"Home", *tops}
    assert stats["mayadeen/incremental/listings_read/top_level"] == len(tops)
    skipped = stats["mayadeen/incremental/listings_skipped/top_level_covered"]
    assert skipped == stats["mayadeen/sections"] - len(tops)
    assert stats["mayadeen/paging_stopped/covered"] == len(tops)
    assert stats["mayadeen/articles_parsed"] == len(added)  # no story page twice
    assert stats["downloader/request_count"] <= 1.5 * len(added)


def test_a_full_walk_every_nth_run_counts_the_new_stories_the_shortcut_missed(
    crawled_once: Path, manifest: dict, tmp_path: Path
) -> None:
    """A site that breaks the assumption: a new story its top-level listing and the
    homepage do not show, only its section and region. Scheduled runs miss it; the full
    walk of every Nth run finds it and says so."""
    out = grown(tmp_path, 5)
    added = new_stories(out)
    hidden = next(path for path in added if path.startswith("/news/"))
    # In its place, an old story (known, settled: not fetched).
    older = next(
        a["paths"][-1] for a in manifest["articles"] if a["paths"][-1].startswith("/news/")
    )
    site = tmp_path / "site"
    shutil.copytree(out / "site", site)
    for page in ("index.html", "news.html"):  # the homepage and News: shown, but not it
        html = (site / page).read_text(encoding="utf-8")
        (site / page).write_text(re.sub(re.escape(hidden) + r"\b", older, html), "utf-8")
    every = {"MAYADEEN_FULL_WALK_EVERY": "2"}  # runs 1 (the crawl made), 3, 5...: full walks
    with serve(site) as base_url:
        scheduled = sections(base_url, crawled_once, **every)
        assert scheduled.stats["mayadeen/incremental/walk"] == "shortcut"
        assert sorted(i["article_id"] for i in scheduled.items) == sorted(
            id_ for path, id_ in added.items() if path != hidden
        )
        full = sections(base_url, crawled_once, **every)
    assert full.stats["mayadeen/incremental/walk"] == "full"
    assert [i["article_id"] for i in full.items] == [added[hidden]]
    assert full.stats["mayadeen/incremental/shortcut_missed"] == 1
    assert "1 new stories were found only by this full walk" in full.log
    assert hidden in full.log


def test_a_retitled_story_under_its_old_address_is_fetched_once_then_known(
    crawled_once: Path, manifest: dict, replica: Path, tmp_path: Path
) -> None:
    """A listing that shows a retitled story's old slug (here the homepage) shows a story
    the history has: fetched once under that address (unchanged, not written), whose
    address the history then keeps; the next run fetches nothing."""
    moved = retitled(manifest)
    old = next(p for p in moved["paths"] if p != moved["paths"][0])
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    card = f'<div class="tab_item_info"><a href="{old}">An old title</a></div>'
    home.write_text(html.replace('<main id="main">', '<main id="main">' + card, 1), "utf-8")
    with serve(site) as base_url:
        first = sections(base_url, crawled_once)
        assert first.items == []
        assert first.stats["mayadeen/articles_parsed"] == 1
        assert first.stats["mayadeen/dropped/unchanged"] == 1
        again = sections(base_url, crawled_once)
    assert again.items == []
    assert again.stats.get("mayadeen/articles_parsed", 0) == 0
    history = History(crawled_once / "history.sqlite3")
    try:
        known = history.articles.lookup(moved["paths"])
    finally:
        history.close()
    assert set(moved["paths"]) <= set(known)


def test_on_a_live_schedule_recent_stories_are_refreshed_from_the_history_with_back_off(
    crawled_once: Path, tmp_path: Path
) -> None:
    """Every known story recent (published an hour ago, the listings' watermarks too), as on
    the live site every 30 minutes: none is fetched again until its age has doubled since
    last seen (three are due), and being recent keeps none from covering a listing."""
    now = datetime.now(UTC).replace(microsecond=0)
    hour_ago = (now - timedelta(hours=1)).isoformat()
    with sqlite3.connect(crawled_once / "history.sqlite3") as db:
        db.execute(
            "UPDATE articles SET published_at = ?, last_seen = ?",
            (hour_ago, (now - timedelta(minutes=5)).isoformat()),
        )
        db.execute("UPDATE watermarks SET covered_to = ?", (hour_ago,))
        due = [row[0] for row in db.execute("SELECT article_id FROM articles LIMIT 3")]
        db.executemany(
            "UPDATE articles SET last_seen = ? WHERE article_id = ?",
            [((now - timedelta(minutes=40)).isoformat(), article_id) for article_id in due],
        )
    db.close()
    crawled, added = scheduled(crawled_once, tmp_path, 5)
    stats = crawled.stats
    assert stats["mayadeen/incremental/refreshed"] == 3
    assert stats["mayadeen/dropped/unchanged"] == 3
    # robots.txt, the homepage, the first page of each top-level listing (and In Pictures'
    # widget), the new stories, the three due
    tops = stats["mayadeen/incremental/listings_read/top_level"]
    assert stats.get("mayadeen/getmore_pages", 0) == 0
    assert stats["downloader/request_count"] == 2 + tops + 1 + len(added) + 3
