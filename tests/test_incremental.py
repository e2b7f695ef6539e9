"""The incremental policy (:mod:`mayadeen.incremental`): each decision against a real history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.utils.test import get_crawler

from mayadeen import settings as project
from mayadeen.history import History, HistoryKeeper
from mayadeen.incremental import Incremental
from mayadeen.spiders.sections import SectionsSpider

OLD = "2024-03-19T07:18:39+00:00"
POLICY_SETTINGS = (
    "MAYADEEN_REFRESH_HOURS",
    "MAYADEEN_MAX_ATTEMPTS",
    "MAYADEEN_BACKFILL_PAGES",
    "MAYADEEN_RETRY_AFTER_HOURS",
    "MAYADEEN_FULL_WALK_EVERY",
    "MAYADEEN_REFRESH_INTERVAL_HOURS",
)


def ago(minutes: float) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).replace(microsecond=0).isoformat()


@pytest.fixture
def history_file(history_at: str) -> str:
    """A history from an earlier run (on each backend): an old story (under two paths), two
    recent ones (one due for a refresh: 20 minutes old when last seen, 40 minutes ago; one
    not: seen a minute ago), two pending stories (one failed twice), a listing walked to page
    5 of more."""
    history = History(history_at)
    history.record(
        {"article_id": "1", "url": "https://x/news/old", "published_at": OLD, "modified_at": OLD},
        ["/news/old-slug"],
    )
    for article_id, path, published, seen in (("2", "new", 60, 40), ("3", "seen", 120, 1)):
        story = {"article_id": article_id, "url": f"https://x/news/{path}"}
        history.record(story | {"published_at": ago(published), "scraped_at": ago(seen)}, [])
    history.pending.add(["/news/pending", "/news/failing"])
    history.pending.fail("/news/failing")
    history.pending.fail("/news/failing")
    history.walks.stopped("/news/politics", 5)
    history.close()
    return history_at


def policy(history_file: str | None, **settings: str) -> tuple[Incremental, History | None]:
    """The ``sections`` spider's policy (the project's settings, and ``settings``), its
    history opened as a crawl opens it."""
    crawler = get_crawler(
        SectionsSpider,
        {
            "MAYADEEN_BASE_URL": "https://x",
            **{name: getattr(project, name) for name in POLICY_SETTINGS},
            "MAYADEEN_HISTORY": str(history_file or ""),
            "EXTENSIONS": {"mayadeen.history.HistoryKeeper": -1},
            **settings,
        },
    )
    crawler.spider = SectionsSpider.from_crawler(crawler)
    crawler.stats.open_spider()
    keeper = crawler.get_extension(HistoryKeeper)
    if keeper is None:
        return crawler.spider.incremental, None
    keeper.spider_opened(crawler.spider)
    return crawler.spider.incremental, keeper.history


def test_known_stories_are_settled_unless_due_for_a_refresh(history_file: str) -> None:
    incremental, history = policy(history_file)
    assert incremental.settled("/news/old") and incremental.settled("/news/old-slug")
    assert not incremental.settled("/news/new")  # recent, and its age has doubled since seen
    assert incremental.settled("/news/seen")  # recent, seen a minute ago
    wanted = incremental.to_fetch(["/news/old", "/news/new", "/news/seen", "/news/unknown"])
    assert wanted == ["/news/new", "/news/unknown"]
    assert incremental.stats.get_value("mayadeen/incremental/known_skipped") == 2
    # Pending before any is fetched: a run killed now loses none.
    assert set(history.pending.paths(max_attempts=3)) >= {"/news/new", "/news/unknown"}


def test_pending_stories_are_retried_until_max_attempts(history_file: str) -> None:
    incremental, _ = policy(history_file, MAYADEEN_MAX_ATTEMPTS="2")
    assert incremental.pending() == ["/news/pending"]  # "/news/failing" failed twice
    assert incremental.stats.get_value("mayadeen/incremental/pending_retried") == 1


@pytest.mark.parametrize(
    ("reason", "settled"),
    [("http_404", True), ("http_410", True), ("too_large", True), ("http_503", False)],
)
def test_a_failed_story_is_settled_only_when_gone(
    history_file: str, reason: str, settled: bool
) -> None:
    incremental, history = policy(history_file, MAYADEEN_MAX_ATTEMPTS="1")
    incremental.story_failed("/news/pending", reason)
    assert history.pending.paths(max_attempts=99).count("/news/pending") == (not settled)
    assert incremental.pending() == []  # failed once: no more tries with one attempt


@pytest.mark.parametrize(("reason", "settled"), [("no_post_id", True), ("challenge_page", False)])
def test_a_page_that_is_no_story_is_settled_unless_a_challenge(
    history_file: str, reason: str, settled: bool
) -> None:
    incremental, history = policy(history_file)
    incremental.not_a_story("/news/pending", reason)
    assert ("/news/pending" in history.pending.paths(max_attempts=3)) is not settled


def test_listing_paging_stops_at_known_stories_or_resumes_an_earlier_walk(
    history_file: str,
) -> None:
    incremental, history = policy(history_file, MAYADEEN_BACKFILL_PAGES="2")
    stats = incremental.stats
    assert incremental.next_page("/news/world", 2, ["/news/old", "/news/new"]) == 2
    assert incremental.next_page("/news/world", 2, ["/news/old"]) is None
    assert stats.get_value("mayadeen/paging_stopped/known") == 1
    # Politics stopped before page 5: read on from page 4, two pages a run.
    assert incremental.next_page("/news/politics", 2, ["/news/old"]) == 4
    assert stats.get_value("mayadeen/paging_resumed") == 1
    assert incremental.next_page("/news/politics", 6, ["/news/old"]) == 6
    assert incremental.next_page("/news/politics", 7, ["/news/unknown"]) is None
    assert stats.get_value("mayadeen/paging_stopped/backfill_pages") == 1
    assert history.walks.unfinished() == {"/news/politics": 7}
    incremental.walk_ended("/news/politics")
    assert history.walks.unfinished() == {}
    assert stats.get_value("mayadeen/paging_completed") == 1


@pytest.mark.parametrize(
    ("lastmod", "unchanged"),
    [(None, True), (OLD, True), ("2024-03-19T08:00:00+00:00", False), ("2024-03-18", True)],
)
def test_a_sitemap_story_is_unchanged_by_its_lastmod(
    history_file: str, lastmod: str | None, unchanged: bool
) -> None:
    incremental, _ = policy(history_file)
    listed = {"/news/old": lastmod, "/news/old-slug": lastmod, "/news/unknown": None}
    assert incremental.unchanged(listed) == (
        {"/news/old", "/news/old-slug"} if unchanged else set()
    )


def test_without_history_everything_is_fetched(history_file: str) -> None:
    incremental, history = policy(None)
    assert history is None
    assert incremental.to_fetch(["/news/old", "/news/new"]) == ["/news/old", "/news/new"]
    assert incremental.unknown(["/news/old"]) == ["/news/old"]
    assert incremental.pending() == []
    assert incremental.next_page("/news/politics", 2, ["/news/old"]) == 2
    assert incremental.unchanged({"/news/old": None}) == set()
    incremental.story_failed("/news/pending", "http_503")  # nothing to record: no error
    assert incremental.stats.get_value("mayadeen/incremental/pending_retried") is None


def test_a_failing_story_backs_off_across_runs(history_file: str) -> None:
    """ "/news/failing" failed twice, found just now: not before 1 h x (2^2 - 1) = 3 hours,
    neither as a pending story nor when a listing shows it again."""
    incremental, _ = policy(history_file, MAYADEEN_RETRY_AFTER_HOURS="1")
    assert incremental.backing_off("/news/failing")
    assert incremental.pending() == ["/news/pending"]
    assert incremental.to_fetch(["/news/failing", "/news/pending"]) == ["/news/pending"]
    assert incremental.stats.get_value("mayadeen/incremental/backing_off") == 2
    # Without the back-off (0 hours), it is due again.
    incremental, _ = policy(history_file, MAYADEEN_RETRY_AFTER_HOURS="0")
    assert not incremental.backing_off("/news/failing")
    assert incremental.to_fetch(["/news/failing"]) == ["/news/failing"]


def test_a_challenge_answered_for_a_story_counts_as_a_failed_attempt(history_file: str) -> None:
    incremental, history = policy(history_file)
    incremental.not_a_story("/news/pending", "challenge_page")
    assert history.pending.failing()["/news/pending"][1] == 1


def test_an_old_address_merged_into_the_current_one_is_known(history_file: str) -> None:
    incremental, history = policy(history_file)
    history.pending.add(["/news/old-title"])
    incremental.alias("/news/old-title", "1")
    assert history.articles.lookup(["/news/old-title"]) == {"/news/old-title": (OLD, OLD)}
    assert "/news/old-title" not in history.pending.paths(max_attempts=3)


@pytest.mark.parametrize(("every", "full"), [("1", [True] * 4), ("3", [True, False, False, True])])
def test_every_nth_run_is_a_full_walk(history_file: str, every: str, full: list[bool]) -> None:
    """Run 1 of a spider walks every listing, then one run in ``MAYADEEN_FULL_WALK_EVERY``
    (each policy made here opens the history as a run does: one run more)."""
    walks = [
        policy(history_file, MAYADEEN_FULL_WALK_EVERY=every)[0].full_walk("sections") for _ in full
    ]
    assert walks == full
    assert policy(None)[0].full_walk("sections")  # without history: always


def test_the_homepage_proves_a_listing_when_it_shows_its_newest_known_story(
    history_file: str,
) -> None:
    incremental, _ = policy(history_file)
    # "/news/new" is the newest under /news: due for a refresh, but refreshes come from the
    # history, not from the listings.
    assert incremental.shows_newest(["/news/old", "/news/new"], "/news")
    assert incremental.shows_newest(["/news/new", "/news/fresh"], "/news")
    assert not incremental.shows_newest(["/news/seen", "/news/fresh"], "/news")
    assert not incremental.shows_newest(["/news/old", "/news/fresh"], "/news")
    assert not incremental.shows_newest(["/news/new"], "/videos")  # nothing known there


def test_recent_stories_are_refreshed_from_the_history_with_back_off(history_file: str) -> None:
    incremental, history = policy(history_file)
    assert not incremental.nothing_new(["/news/old", "/news/new"])  # "new" is due
    assert incremental.refresh(exclude={"/news/pending"}) == ["/news/new"]
    assert incremental.stats.get_value("mayadeen/incremental/refreshed") == 1
    assert "/news/new" in history.pending.paths(max_attempts=3)  # a killed run loses none
    # Fetched from the history now: a listing page of known stories shows nothing to fetch.
    assert incremental.nothing_new(["/news/old", "/news/new"])
    assert policy(history_file)[0].refresh(exclude={"/news/new"}) == []
    # Age doubled since seen, or MAYADEEN_REFRESH_INTERVAL_HOURS (12) passed since.
    incremental.now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert incremental.refresh_due("2026-01-01T11:40:00+00:00", "2026-01-01T11:50:00+00:00")
    assert not incremental.refresh_due("2026-01-01T11:30:00+00:00", "2026-01-01T11:50:00+00:00")
    assert not incremental.refresh_due("2025-12-31T00:00:00+00:00", "2026-01-01T01:00:00+00:00")
    assert incremental.refresh_due("2025-12-31T00:00:00+00:00", "2026-01-01T00:00:00+00:00")
    assert incremental.refresh_due("2026-01-01T11:55:00+00:00", "2026-01-01T11:50:00+00:00")


def test_every_story_within_refresh_hours_is_due_every_run_at_interval_zero(
    history_file: str,
) -> None:
    years = str(24 * 365 * 100)
    refresh = policy(history_file, MAYADEEN_REFRESH_HOURS=years)[0].refresh()
    assert refresh == ["/news/new"]  # the old story was seen just now
    every_run = {"MAYADEEN_REFRESH_HOURS": years, "MAYADEEN_REFRESH_INTERVAL_HOURS": "0"}
    assert policy(history_file, **every_run)[0].refresh() == [
        "/news/new",
        "/news/old",
        "/news/seen",
    ]
    assert policy(history_file, MAYADEEN_REFRESH_HOURS="0")[0].refresh() == []


def test_the_history_is_asked_a_page_of_paths_at_a_time(history_file: str) -> None:
    incremental, _ = policy(history_file)
    many = [f"/news/unknown-{i}" for i in range(1200)]
    assert incremental.unknown([*many[:700], "/news/old", *many[700:]]) == many
    assert incremental.to_fetch(["/news/old-slug", *many]) == many
