"""The incremental policy's settings, read and checked in one place."""

from __future__ import annotations

import math

from scrapy.settings import BaseSettings

from mayadeen.incremental.clock import clock_from

#: The policy's settings: each a number of hours, or a whole number (of pages, runs).
HOURS = ("MAYADEEN_REFRESH_HOURS", "MAYADEEN_REFRESH_INTERVAL_HOURS", "MAYADEEN_RETRY_AFTER_HOURS")
COUNTS = ("MAYADEEN_MAX_ATTEMPTS", "MAYADEEN_FULL_WALK_EVERY")
WHOLE = "a whole number"
#: The largest of each (a century of hours; a million runs): time arithmetic stays in range.
MAX_HOURS, MAX_COUNT = 876_000, 1_000_000


def policy_settings(settings: BaseSettings) -> dict[str, float]:
    """The policy's settings, checked (``ValueError`` naming the setting otherwise;
    ``scrapy crawl`` says so in one line before anything starts)."""
    clock_from(settings.get("MAYADEEN_CLOCK"))
    return {
        name: number_setting(settings, name, kind, least=0, most=most)
        for names, kind, most in (
            (HOURS, "a number of hours", MAX_HOURS),
            (COUNTS, WHOLE, MAX_COUNT),
        )
        for name in names
    }


def number_setting(settings: BaseSettings, name: str, kind: str, *, least: int, most: int) -> float:
    """Setting ``name``, of ``kind`` (``"a whole number"``, or a number: ``"a number of
    hours"``...), from ``least`` to ``most``; ``ValueError`` saying what is expected
    otherwise (text, NaN, infinity)."""
    try:
        value = settings.getint(name) if kind == WHOLE else settings.getfloat(name)
    except (ValueError, TypeError, OverflowError):
        value = math.nan
    if not least <= value <= most:  # NaN too
        raise ValueError(
            f"{name}={settings.get(name)!r}: expected {kind} from {least:,} to {most:,}"
        )
    return value
