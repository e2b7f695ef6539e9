"""What a ``sections`` run found, kept on disk (:mod:`mayadeen.incremental.found`)."""

from __future__ import annotations

import pytest

from mayadeen.incremental import found as found_module
from mayadeen.incremental.found import FoundStories, Stage


def test_a_story_keeps_every_listing_that_showed_it_in_the_order_first_seen() -> None:
    stories = FoundStories()
    stories.shown(["/news/a", "/news/b"], "News")
    stories.shown(["/news/b"], "News > Politics", early=False)
    stories.shown(["/news/a"], "News")  # shown again: once
    assert stories.trails_of("/news/b") == ["News", "News > Politics"]
    assert stories.trails_of("/news/a") == ["News"]
    assert stories.trails_of("/elsewhere") == []
    assert stories.shown_count() == 2


def test_early_is_kept_once_any_listing_the_shortcut_reads_showed_the_story() -> None:
    stories = FoundStories()
    stories.shown(["/news/a"], "News", early=True)
    stories.shown(["/news/a"], "News > Politics")
    assert stories.early("/news/a")
    stories.shown(["/news/b"], "News > Politics")
    assert not stories.early("/news/b")


def test_found_stories_are_decided_a_page_at_a_time_and_queued_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(found_module, "PAGE", 3)
    stories = FoundStories()
    stories.want(["/earlier"])  # left pending by an earlier run: first in the queue
    paths = [f"/news/{n}" for n in range(8)]
    stories.shown(paths, "News")
    pages = []
    for page in stories.at(Stage.FOUND):
        pages.append(page)
        wanted = [p for p in page if p.endswith(("1", "5", "7"))]
        stories.settle(set(page).difference(wanted))
        stories.want(wanted)
    assert [len(page) for page in pages] == [3, 3, 2]
    assert sorted(p for page in pages for p in page) == paths
    assert stories.stage("/news/0") is Stage.SETTLED
    assert stories.stage("/news/1") is Stage.WANTED
    assert stories.next_batch(2) == ["/earlier", "/news/1"]
    assert stories.next_batch(5) == ["/news/5", "/news/7"]
    assert stories.next_batch(5) == []


def test_an_ended_request_and_an_old_address_handing_over_its_listings() -> None:
    stories = FoundStories()
    stories.shown(["/news/old-slug"], "In Pictures")
    stories.shown(["/news/current"], "News")
    stories.want(["/news/old-slug", "/news/current"])
    stories.end("/news/old-slug")
    stories.end("/from/another/worker")  # never seen here
    assert stories.stage("/news/old-slug") is Stage.DONE
    assert stories.stage("/from/another/worker") is Stage.DONE
    assert stories.next_batch(5) == ["/news/current"]  # an ended story leaves the queue
    stories.take_over("/news/old-slug", "/news/current")
    assert stories.trails_of("/news/current") == ["In Pictures", "News"]
