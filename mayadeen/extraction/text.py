"""Text and date normalization shared by the field extractors."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

from parsel import Selector
from w3lib.html import remove_tags, replace_entities

from mayadeen import site


def clean_text(value: Any) -> str | None:
    """Entities decoded, tags out, NBSP and runs of white space folded, NFC; ``None`` if empty."""
    if value is None:
        return None
    text = str(value)
    if "<" in text:
        text = remove_tags(text)
    if "&" in text:
        text = replace_entities(text)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text or None


def node_text(node: Selector) -> str | None:
    """The visible text of a selected element: see :func:`element_text`."""
    return element_text(node.root)


def element_text(element: Any) -> str | None:
    """The visible text of an lxml element, cleaned: scripts, styles and comments left out,
    inline elements joined without a space (``<a>X</a>.`` reads "X."), ``<br>`` a space."""
    parts: list[str] = []
    _collect_text(element, parts)
    return clean_text("".join(parts))


def _collect_text(element: Any, parts: list[str]) -> None:
    tag = element.tag
    if tag == "br":
        parts.append(" ")
        return
    if not isinstance(tag, str) or tag in ("script", "style"):
        return  # a comment or processing instruction, or code: its tail is the parent's
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def parse_datetime(raw: str | None, naive_tz: Any = UTC) -> datetime | None:
    """Parse an ISO 8601 date; a value without offset is read in ``naive_tz``.

    Returns ``None`` for empty values and the CMS's placeholders.
    """
    if not raw or site.PLACEHOLDER_DATE_RE.match(raw.strip()):
        return None
    try:  # Python 3.11 reads the CMS's seven fractional digits (and "Z") as they are
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=naive_tz)
    return parsed


def parse_visible_date(raw: str | None) -> datetime | None:
    """Parse a reader-facing date such as ``27 Feb 2023 23:54`` (Beirut local time)."""
    text = clean_text(raw)
    if not text:
        return None
    for fmt in site.VISIBLE_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=site.SITE_TZ)
        except ValueError:
            continue
    return None


def to_utc_iso(moment: datetime | None) -> str | None:
    """``2024-03-19T07:18:39+00:00``: UTC, whole seconds."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def unique(values: list[str | None]) -> list[str]:
    """Non-empty values, first occurrence kept, order kept."""
    return list(dict.fromkeys(v for v in values if v))
