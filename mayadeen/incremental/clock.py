"""The policy's one clock: every time it reads (refresh windows, back-off, watermarks) comes
from here, so that a test can move time.

``MAYADEEN_CLOCK`` unset: the system's clock (UTC). Tests may set it to a callable returning
an aware :class:`~datetime.datetime` (in process), or to an ISO 8601 time (``-s
MAYADEEN_CLOCK=2026-12-07T12:00:00+00:00``: a run that believes it is then).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def clock_from(setting: Any) -> Clock:
    """The clock ``MAYADEEN_CLOCK`` names (``ValueError`` for one it cannot be)."""
    if setting in (None, ""):
        return system_clock
    if callable(setting):
        return setting
    try:
        fixed = datetime.fromisoformat(str(setting))
    except ValueError:
        fixed = None
    if fixed is None or fixed.tzinfo is None:
        raise ValueError(
            f"MAYADEEN_CLOCK={setting!r}: expected an ISO 8601 time with its offset "
            "(2026-12-07T12:00:00+00:00), or unset for the system's clock"
        )
    return lambda: fixed
