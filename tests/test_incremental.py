"""The incremental policy (:mod:`mayadeen.incremental`): each decision against a real history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.utils.test import get_crawler

from mayadeen import settings as project
from mayadeen.history import History, HistoryKeeper
from mayadeen.history.schema import runs
from mayadeen.incremental import Incremental, Kind, Outcome
from mayadeen.spiders.sections import SectionsSpider

OLD = "2024-03-19T07:18:39+00:00"
POLICY_SETTINGS = (
    "MAYADEEN_REFRESH_HOURS",
    "MAYADEEN_MAX_ATTEMPTS",
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
    not: seen a minute ago), two pending stories (one failed twice), a listing covered up to
    the old story."""
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
    history.walks.advance({"/news/world": OLD}, OLD)
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
    incremental.claim(wanted)
    assert set(history.pending.paths(max_attempts=3)) >= {"/news/new", "/news/unknown"}


def test_pending_stories_are_retried_until_max_attempts(
    history_file: str, caplog: pytest.LogCaptureFixture
) -> None:
    incremental, _ = policy(history_file, MAYADEEN_MAX_ATTEMPTS="2")
    assert incremental.pending() == ["/news/pending"]  # "/news/failing" failed twice
    assert incremental.stats.get_value("mayadeen/incremental/pending_retried") == 1
    # Given up, but not silently: counted, and named in a warning that says what to do.
    assert incremental.stats.get_value("mayadeen/incremental/given_up") == 1
    assert "/news/failing" in caplog.text and "scrapy crawl article" in caplog.text


def test_a_story_is_recorded_pending_at_the_policys_time(history_file: str) -> None:
    incremental, history = policy(history_file, MAYADEEN_CLOCK="2030-01-01T12:00:00+03:00")
    incremental.claim(["/news/later"])
    incremental.story_failed("/news/later", "http_503")
    assert history.pending.failing()["/news/later"] == ("2030-01-01T09:00:00+00:00", 1)


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


def test_a_walk_stops_at_a_page_whose_last_story_its_watermark_covers(
    history_file: str,
) -> None:
    walks = policy(history_file)[0].walks
    assert not walks.after_page("/news/world", 1, ["/news/fresh", "/news/old"])
    assert walks.complete("/news/world")
    assert walks.stats.get_value("mayadeen/paging_stopped/covered") == 1
    # An older story pinned above new ones proves nothing: the page's last story decides.
    assert walks.after_page("/news/world", 2, ["/news/old", "/news/fresh"])
    # Known, but newer than the watermark: read on.
    assert walks.after_page("/news/world", 2, ["/news/fresh", "/news/new"])
    # No walk of Politics ever completed: known stories prove nothing, read to its end.
    assert walks.after_page("/news/politics", 1, ["/news/new", "/news/old"])
    assert not walks.complete("/news/politics")
    walks.ended("/news/politics")
    assert walks.complete("/news/politics")


def test_watermarks_move_only_for_walks_completed_and_claimed(history_file: str) -> None:
    """A watermark is the newest story of the walk's first page (a pinned older one there
    does not lower it); walks stopped short, or not claimed (their stories not recorded when
    the run ended), move none; one never moves back."""
    incremental, history = policy(history_file)
    walks = incremental.walks
    assert walks.kind("sections", 48, limited=False, shared=False) is Kind.FULL
    walks.after_page("/news", 1, ["/news/old", "/news/new", "/news/unknown"])
    walks.ended("/news")
    walks.after_page("/news/politics", 1, ["/news/seen"])
    walks.stopped("/news/politics", Outcome.MAX_PAGES)
    walks.after_page("/news/world", 1, ["/news/old"])  # covered: would stay at OLD
    walks.stories_recorded()
    walks.after_page("/videos", 1, ["/news/seen"])
    walks.ended("/videos")  # after the claim: its stories were not recorded
    incremental.spider_closed(None, "finished")
    newest = history.articles.lookup(["/news/new"])["/news/new"][0]
    assert history.walks.watermarks() == {"/news": newest, "/news/world": OLD}
    assert incremental.stats.get_value("mayadeen/incremental/watermarks_advanced") == 2
    history.walks.advance({"/news": OLD}, OLD)
    assert history.walks.watermarks()["/news"] == newest


def test_a_run_with_since_moves_no_watermark(history_file: str) -> None:
    incremental, history = policy(history_file)
    walks = incremental.walks
    walks.kind("sections", 48, limited=False, shared=False)
    walks.after_page("/news", 1, ["/news/new"])
    walks.ended("/news")
    walks.stories_recorded()
    walks.finish(OLD, since=True)
    assert history.walks.watermarks() == {"/news/world": OLD}


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
    assert incremental.walks.after_page("/news/world", 2, ["/news/old"])
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


@pytest.mark.parametrize(
    ("every", "kinds"),
    [("1", "FFFF"), ("3", "FSSFSS")],
)
def test_a_full_walk_is_due_by_completed_full_walks_not_runs_begun(
    history_file: str, every: str, kinds: str
) -> None:
    """Runs walk every listing until one such walk completed, then one run in
    ``MAYADEEN_FULL_WALK_EVERY`` (each policy made here opens the history as a run does: one
    run more). Killed, limited or unclaimed runs complete nothing."""
    for _ in range(3):  # three full walks that did not complete
        walks = policy(history_file, MAYADEEN_FULL_WALK_EVERY=every)[0].walks
        assert walks.kind("sections", int(every), limited=False, shared=False) is Kind.FULL
    seen = ""
    for _ in kinds:
        incremental, _ = policy(history_file, MAYADEEN_FULL_WALK_EVERY=every)
        kind = incremental.walks.kind("sections", int(every), limited=False, shared=False)
        seen += kind.name[0]
        incremental.walks.after_page("/news", 1, ["/news/old"])
        incremental.walks.ended("/news")
        incremental.walks.stories_recorded()
        incremental.spider_closed(None, "finished")
    assert seen == kinds
    assert policy(None)[0].walks.kind("sections", 48, limited=False, shared=False) is Kind.FULL
    shared = policy(history_file)[0].walks
    assert shared.kind("sections", 48, limited=False, shared=True) is Kind.FULL
    assert not shared.writes  # several workers: none sees a whole walk


def test_recent_stories_are_refreshed_from_the_history_with_back_off(history_file: str) -> None:
    incremental, _history = policy(history_file)
    assert not incremental.settled("/news/new")  # due
    assert incremental.due_for_refresh(exclude={"/news/pending"}) == ["/news/new"]
    assert incremental.stats.get_value("mayadeen/incremental/refreshed") == 1
    assert policy(history_file)[0].due_for_refresh(exclude={"/news/new"}) == []
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
    refresh = policy(history_file, MAYADEEN_REFRESH_HOURS=years)[0].due_for_refresh()
    assert refresh == ["/news/new"]  # the old story was seen just now
    every_run = {"MAYADEEN_REFRESH_HOURS": years, "MAYADEEN_REFRESH_INTERVAL_HOURS": "0"}
    assert policy(history_file, **every_run)[0].due_for_refresh() == [
        "/news/new",
        "/news/old",
        "/news/seen",
    ]
    assert policy(history_file, MAYADEEN_REFRESH_HOURS="0")[0].due_for_refresh() == []


def test_the_history_is_asked_a_page_of_paths_at_a_time(history_file: str) -> None:
    incremental, _ = policy(history_file)
    many = [f"/news/unknown-{i}" for i in range(1200)]
    assert incremental.unknown([*many[:700], "/news/old", *many[700:]]) == many
    assert incremental.to_fetch(["/news/old-slug", *many]) == many


def test_stories_to_fetch_are_recorded_pending_only_when_marked(history_file: str) -> None:
    incremental, history = policy(history_file)
    wanted = incremental.to_fetch(["/news/old", "/news/fresh"])
    assert wanted == ["/news/fresh"]
    assert "/news/fresh" not in history.pending.paths(max_attempts=3)  # a read writes nothing
    incremental.claim(wanted)
    assert "/news/fresh" in history.pending.paths(max_attempts=3)


def test_the_policy_reads_one_clock(history_file: str) -> None:
    """``MAYADEEN_CLOCK`` moves the policy's time: the failing story's back-off (3 hours)
    has passed 4 hours on; the recent stories are all due a day on."""
    later = (datetime.now(UTC) + timedelta(hours=4)).isoformat()
    incremental, _ = policy(history_file, MAYADEEN_CLOCK=later)
    assert not incremental.backing_off("/news/failing")
    day = datetime.now(UTC) + timedelta(days=1)
    incremental, _ = policy(history_file, MAYADEEN_CLOCK=lambda: day)
    assert incremental.due_for_refresh() == ["/news/new", "/news/seen"]


def test_two_runs_at_once_fetch_each_story_once_and_take_over_what_an_ended_run_left(
    history_at: str,
) -> None:
    """A story is claimed by the run that records it pending: another run still going (here
    on another machine) leaves it to that run; once that run has ended without writing it,
    the story is the other's to take over."""
    first, second = History(history_at), History(history_at)
    first.runs.begin("sections", "machine-a")
    with first.db.begin():  # as if run on another machine, still going
        first.db.execute(runs.update().values(host="machine-a", pid=1))
    second.runs.begin("sections", "machine-b")
    assert second.runs.holders() == {first.runs.run_id}
    assert first.pending.claim(["/news/a", "/news/b"], first.runs.run_id) == ["/news/a", "/news/b"]
    held = second.pending.claim(["/news/b", "/news/c"], second.runs.run_id, second.runs.holders())
    assert held == ["/news/c"]  # /news/b is the first run's to write
    assert second.pending.paths(3, second.runs.holders()) == ["/news/c"]
    still_going = second.runs.holders()
    assert second.pending.take_over(["/news/a", "/news/b"], second.runs.run_id, still_going) == []
    first.pending.resolve(["/news/a"])  # written by the first run
    first.runs.finish("killed")  # ... which ended without writing /news/b
    assert second.runs.holders() == set()
    taken = second.pending.take_over(["/news/a", "/news/b"], second.runs.run_id, set())
    assert taken == ["/news/b"]  # /news/a is written: not pending, not taken
    first.close()
    second.close()
