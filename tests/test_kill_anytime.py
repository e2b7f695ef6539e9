"""Issue 22: ``scrapy crawl sections`` SIGKILLed at any moment, then one normal run: every
story once.

A live replica of 100 stories (:mod:`tests.livesite`); runs killed as a user's ``kill -9``
would kill them, at seeded moments (once their debug log has so many lines: before the
first listing, among the listings, among the stories, while the feed is written); some
seeds publish stories between the kills. Then one normal run, and
:meth:`tests.ledger.Ledger.check`: every story in some feed and in the history, no revision
written twice. ``KILL_ANYTIME_SEEDS=N`` runs N seeds (default 6).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.ledger import Ledger
from tests.livesite import LiveSite

pytestmark = pytest.mark.subprocess  # crawls run and are killed as processes

SEEDS = range(int(os.environ.get("KILL_ANYTIME_SEEDS", "6")))
#: Lines a whole first run of 100 stories logs at DEBUG level: ~636 (its startup ~60).
RUN_LINES = 600


@pytest.mark.parametrize("seed", SEEDS)
def test_killed_at_any_moment_then_one_normal_run_writes_every_story_once(
    seed: int, tmp_path: Path
) -> None:
    rng = random.Random(f"kill-anytime:{seed}")
    with LiveSite(seed=seed, initial=100) as site:
        ledger = Ledger(site, tmp_path)
        ledger.steps.append(f"a site of 100 stories (seed {seed})")
        killed = 0
        for _ in range(rng.randint(1, 3)):
            killed += ledger.killed(rng.randint(1, RUN_LINES))
            if rng.random() < 0.3:
                new = rng.randint(1, 5)
                site.publish(new)
                ledger.steps.append(f"publish {new}")
        ledger.run("one normal run")
        ledger.check()
    assert killed, "no run was killed: kill them earlier (RUN_LINES)"
