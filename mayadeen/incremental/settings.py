"""The incremental policy's settings, read and checked in one place."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from mayadeen.incremental.clock import clock_from

#: The policy's settings: each a number of hours, or a whole number (of pages, runs).
HOURS = ("MAYADEEN_REFRESH_HOURS", "MAYADEEN_REFRESH_INTERVAL_HOURS", "MAYADEEN_RETRY_AFTER_HOURS")
COUNTS = ("MAYADEEN_MAX_ATTEMPTS", "MAYADEEN_FULL_WALK_EVERY")


def policy_settings(settings: BaseSettings) -> dict[str, float]:
    """The policy's settings, checked (``ValueError`` naming the setting otherwise;
    ``scrapy crawl`` says so in one line before anything starts)."""
    clock_from(settings.get("MAYADEEN_CLOCK"))
    numbers: dict[str, float] = {}
    for name in (*HOURS, *COUNTS):
        whole = name in COUNTS
        try:
            value = settings.getint(name) if whole else settings.getfloat(name)
        except ValueError:
            value = -1
        if value < 0:
            kind = "a whole number" if whole else "a number of hours"
            raise ValueError(f"{name}={settings.get(name)!r}: expected {kind}, 0 or more")
        numbers[name] = value
    return numbers
