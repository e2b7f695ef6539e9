"""Text, numbers, addresses and dates as a page gives them, made safe to store.

Every value is decoded once, where it is read: text from the parsed page (element text,
attributes) is already decoded by the HTML parser, and JSON (the metadata block, JSON-LD) is
decoded by :func:`load_json`, which also decodes the HTML entities in its strings. Then
:func:`clean_text` cleans it, and never decodes or strips markup again: text that looks like
markup (``x<y and y>z``, ``<img src=x>``) stays the text the reader sees.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from w3lib.html import replace_entities

from mayadeen import site
from mayadeen.extraction import selectors

#: The most digits a number read from a page may have (a post id has 7; minutes, seconds,
#: word counts and page numbers fewer): a longer run is no number the site states.
MAX_DIGITS = 9
#: The digits a number may be written in: ASCII, Arabic-Indic (U+0660-0669) and Extended
#: Arabic-Indic (Persian, U+06F0-06F9), each mapped to its ASCII digit.
_DIGITS = {ord(zero) + n: str(n) for zero in ("0", "\u0660", "\u06f0") for n in range(10)}
#: Characters no stored text keeps: C0 and C1 control characters (DEL included) and the bidi
#: embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which reorder or hide
#: text on a terminal or a page. The ones that are white space (tab, line breaks, ...) are
#: left to :func:`clean_text`'s folding; the marks Arabic text needs (LRM U+200E, RLM
#: U+200F, ALM U+061C) are kept.
_UNSAFE_CHARS = "".join(
    re.escape(chr(c))
    for start, end in ((0x00, 0x20), (0x7F, 0xA0), (0x202A, 0x202F), (0x2066, 0x206A))
    for c in range(start, end)
    if not chr(c).isspace()
)
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")


def clean_text(value: Any) -> str | None:
    """Decoded text made safe to store: control characters and bidi overrides out, runs of
    white space (NBSP included) folded to one space, NFC; ``None`` if empty or not text (a
    JSON object or list where text should be). Entities and markup are left as they are:
    the text is decoded already (see the module)."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value)
    if _UNSAFE.search(text):  # rare: most text holds none (a search is cheaper than a copy)
        text = _UNSAFE.sub("", text)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text or None


def load_json(raw: str) -> Any:
    """A JSON document from a page, its strings' HTML entities decoded once (the CMS may
    escape them); raises ``ValueError`` for what is not JSON. An integer literal too long
    for a number (more than 18 digits) stays its digits as a string, for
    :func:`parse_int` to refuse: one bad value, not the whole document."""
    return _decoded(json.loads(raw, parse_int=_json_int))


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= 18 else digits


def _decoded(data: Any) -> Any:
    if isinstance(data, str):
        return replace_entities(data) if "&" in data else data
    if isinstance(data, list):
        return [_decoded(v) for v in data]
    if isinstance(data, dict):
        return {k: _decoded(v) for k, v in data.items()}
    return data


def parse_digits(value: Any, max_digits: int = MAX_DIGITS) -> str | None:
    """A whole number as the page writes it, in ASCII digits: ``" ١٢٣ "`` -> ``"123"``.

    Only ASCII and (Extended) Arabic-Indic digits count, at most ``max_digits`` of them, the
    white space around them aside; a non-negative JSON integer is its digits. Anything else
    (``"²"``, ``"12a"``, ``"-3"``, ``"1.5"``, 40,000 digits, an object) is ``None``: the
    caller counts the value and skips it. ``str.isdigit`` is no test: it accepts ``"²"``,
    which ``int`` refuses."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not 0 < len(text) <= max_digits or not all(ord(c) in _DIGITS for c in text):
        return None
    return text.translate(_DIGITS)


def parse_int(value: Any, max_digits: int = MAX_DIGITS) -> int | None:
    """The number :func:`parse_digits` reads, or ``None``."""
    digits = parse_digits(value, max_digits)
    return None if digits is None else int(digits)


def http_url(value: Any, base: str) -> str | None:
    """``value`` made absolute against ``base``, if it is then an http(s) address with a
    host; ``None`` for anything else (``javascript:``, ``data:``, ``mailto:``, a malformed
    address)."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        # most addresses on a page are absolute already: urljoin would parse them twice more
        absolute = text if text.startswith(("https://", "http://")) else urljoin(base, text)
        parts = urlsplit(absolute)
        host = parts.hostname
    except ValueError:  # "http://[::1": not an address
        return None
    return absolute if parts.scheme in ("http", "https") and host else None


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
    if not raw or selectors.PLACEHOLDER_DATE_RE.match(raw.strip()):
        return None
    try:  # Python 3.11 reads the CMS's seven fractional digits (and "Z") as they are
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=naive_tz)
    return parsed


#: Arabic-Indic and Eastern Arabic-Indic digits, as ASCII ones.
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_ARABIC_MONTH_RE = re.compile(
    "|".join(sorted(map(re.escape, selectors.ARABIC_MONTHS), key=len, reverse=True))
)
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def latin_date_text(text: str) -> str:
    """A date as written on an Arabic page, in the English form the date formats read: its
    digits ASCII, its month names English (``٢ تشرين الثاني ٢٠٢٣`` -> ``2 Nov 2023``).
    Only for parsing: stored text keeps its digits."""
    text = text.translate(_ARABIC_DIGITS)
    return _ARABIC_MONTH_RE.sub(lambda m: _MONTH_ABBR[selectors.ARABIC_MONTHS[m[0]] - 1], text)


def parse_visible_date(raw: str | None) -> datetime | None:
    """Parse a reader-facing date such as ``27 Feb 2023 23:54`` or, on an Arabic page,
    ``٢٧ شباط ٢٠٢٣ ٢٣:٥٤`` (Beirut local time)."""
    text = clean_text(raw)
    if not text:
        return None
    text = latin_date_text(text)
    for fmt in selectors.VISIBLE_DATE_FORMATS:
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
