"""A story's dates: every place the page states its publication or its last change, parsed
and normalized to UTC (Beirut time with its offset, naive UTC, Beirut minutes on screen).

:data:`DATE_SOURCES` lists them, most trusted first; the first that parses gives the date,
and :func:`date_candidates` lists them all (to see where the page disagrees with itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from mayadeen.extraction import selectors
from mayadeen.extraction.page import ArticlePage, jsonld
from mayadeen.extraction.text import parse_datetime, parse_visible_date, to_utc_iso

#: (source name, raw value, parsed instant): one per place the page states a date.
DateCandidate = tuple[str, str, datetime]


#: (source name, read, parse): ``read(page)`` gives the raw value, ``parse`` its instant.
DateSource = tuple[str, Callable[[ArticlePage], Any], Callable[[str], datetime | None]]


#: Where each date is stated, most trusted first: the block (Beirut time with its offset),
#: the ``article:*_time`` meta tags and JSON-LD (both naive UTC; placeholders on video pages
#: are no date), then the visible date (Beirut time to the minute; the publication only).
DATE_SOURCES: dict[str, tuple[DateSource, ...]] = {
    "published": (
        ("metadata", lambda page: page.meta_value("published_time"), parse_datetime),
        ("meta_tag", lambda page: page.meta_tags.get("article:published_time"), parse_datetime),
        ("jsonld", jsonld("datePublished"), parse_datetime),
        ("jsonld", jsonld("uploadDate"), parse_datetime),
        (
            "visible",
            lambda page: page.css_first(selectors.VISIBLE_DATE, root=page.root),
            parse_visible_date,
        ),
    ),
    "modified": (
        ("metadata", lambda page: page.meta_value("last_updated"), parse_datetime),
        ("meta_tag", lambda page: page.meta_tags.get("article:modified_time"), parse_datetime),
        ("jsonld", jsonld("dateModified"), parse_datetime),
    ),
}


def date_candidates(page: ArticlePage, kind: str) -> list[DateCandidate]:
    """Every statement of the ``published`` or ``modified`` date, most trusted first."""
    return list(iter_date_candidates(page, kind))


def iter_date_candidates(page: ArticlePage, kind: str) -> Iterator[DateCandidate]:
    """The statements of a date (:data:`DATE_SOURCES`) that parse, most trusted first, each
    read only when asked for."""
    for name, read, parse in DATE_SOURCES[kind]:
        raw = read(page)
        if isinstance(raw, str) and (moment := parse(raw)) is not None:
            yield name, raw.strip(), moment


def _stated_date(page: ArticlePage, kind: str) -> tuple[str | None, str | None]:
    """``(UTC ISO 8601, raw)`` of the first statement of the date, or ``(None, None)``."""
    found = next(iter_date_candidates(page, kind), None)
    if found is None:
        return None, None
    _, raw, moment = found
    return to_utc_iso(moment), raw


def published(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(published_at, published_at_raw)``."""
    return page.once("published", lambda page: _stated_date(page, "published"))


def modified(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(modified_at, modified_at_raw)``; when the page states no change, the publication
    date and no raw value."""
    modified_at, raw = page.once("modified", lambda page: _stated_date(page, "modified"))
    return (modified_at, raw) if modified_at else (published(page)[0], None)
