"""Stored page text made safe to print: a page's title or body can hold control characters
(``ESC]0;...BEL`` sets a terminal's title, ``ESC[2J`` clears its screen) and bidi overrides
(U+202E reverses what follows). Commands print such text through :func:`printable` (or
:func:`printable_json`), which shows each of these characters as its escape (``\\x1b``,
``\\u202e``); newlines and tabs stay as they are."""

from __future__ import annotations

import json
import re
from typing import Any

#: C0 controls but tab and newline, DEL, C1 controls, and the bidi marks, embeddings,
#: overrides and isolates (U+061C, U+200E-F, U+202A-E, U+2066-9).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every :data:`UNSAFE` character shown as its Python escape."""
    return UNSAFE.sub(_escape, text)


def printable_json(value: Any) -> str:
    """``value`` as indented JSON (UTF-8 text, not ASCII-escaped) in which every
    :data:`UNSAFE` character is a ``\\uXXXX`` escape: the same JSON value, safe to print."""
    dumped = json.dumps(value, ensure_ascii=False, indent=2)
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
