"""Issue 22's rule, model-based: whatever runs came before, one normal run loses no story.

A Hypothesis state machine over a live replica (:mod:`tests.livesite`) and one history: its
rules publish stories and run ``sections`` in every way a user or the site can make a run
partial (``-a max_pages``, ``-a sections``, ``-a since``, a fault storm, two runs at once,
a run SIGKILLed at some moment); at the end, one normal run (no faults, a week later: past
every back-off), then :meth:`tests.ledger.Ledger.check`: every story the site shows is in
some feed and in the history, and no (article id, revision) is written twice.

Runs are in this process (fast), but two at once and killed ones, which are processes as
a user's would be. Deterministic examples (``derandomize``), no example database: CI runs
the same sequences every time. ``NO_STORY_LOST_EXAMPLES`` / ``NO_STORY_LOST_STEPS`` ask for
more (e.g. 200 and 12 locally); a different ``NO_STORY_LOST_SEED`` draws other sequences.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from tests.ledger import STORM_SETTINGS, Ledger
from tests.livesite import SECTIONS, LiveSite

pytestmark = pytest.mark.subprocess  # crawls run and are killed as processes

EXAMPLES = int(os.environ.get("NO_STORY_LOST_EXAMPLES", "25"))
STEPS = int(os.environ.get("NO_STORY_LOST_STEPS", "6"))
#: Menu entries ``-a sections`` may name: sections, top-level listings, a region.
WANTED = ("politics", "economy", "opinion", "analysis", "news", "articles", "mena", "europe")


class NoStoryLost(RuleBasedStateMachine):
    """Runs on one history against a live site that publishes between them."""

    def __init__(self) -> None:
        super().__init__()
        self.data = Path(tempfile.mkdtemp(prefix="no-story-lost-"))
        self.ledger: Ledger | None = None

    @initialize(seed=st.integers(0, 2**16), initial=st.integers(10, 60))
    def open_site(self, seed: int, initial: int) -> None:
        site = LiveSite(seed=seed + int(os.environ.get("NO_STORY_LOST_SEED", "0")), initial=initial)
        site.start()
        self.ledger = Ledger(site, self.data)
        self.ledger.steps.append(f"a site of {initial} stories (seed {seed})")

    @property
    def site(self) -> LiveSite:
        assert self.ledger is not None
        return self.ledger.site

    @rule(n=st.integers(1, 8), section=st.none() | st.sampled_from(SECTIONS))
    def publish(self, n: int, section: str | None) -> None:
        self.site.publish(n, section)
        self.ledger.steps.append(f"publish {n} into {section or 'any section'}")

    @rule()
    def run_normally(self) -> None:
        self.ledger.run("normal run")

    @rule(pages=st.integers(1, 3))
    def run_with_max_pages(self, pages: int) -> None:
        self.ledger.run(f"-a max_pages={pages}", args={"max_pages": str(pages)})

    @rule(wanted=st.sampled_from(WANTED))
    def run_some_sections(self, wanted: str) -> None:
        self.ledger.run(f"-a sections={wanted}", args={"sections": wanted})

    @rule(back=st.integers(0, 3))
    def run_since(self, back: int) -> None:
        months = self.site.months()
        month = months[max(0, len(months) - 1 - back)]
        self.ledger.run(f"-a since={month}", args={"since": month})

    @rule(seed=st.integers(0, 2**16))
    def run_in_a_fault_storm(self, seed: int) -> None:
        self.site.storm(seed)
        try:
            self.ledger.run(f"fault storm (seed {seed})", settings=STORM_SETTINGS)
        finally:
            self.site.calm()

    @rule()
    def run_two_at_once(self) -> None:
        self.ledger.two_at_once()

    @rule(lines=st.integers(1, 400))
    def run_and_kill(self, lines: int) -> None:
        self.ledger.killed(lines)

    def teardown(self) -> None:
        try:
            if self.ledger is not None:
                self.ledger.final()
                self.ledger.check()
        finally:
            if self.ledger is not None:
                self.ledger.site.stop()
            shutil.rmtree(self.data, ignore_errors=True)


NoStoryLost.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
TestNoStoryLost = NoStoryLost.TestCase
