"""Text folded for search: the spellings of an Arabic word that a reader takes for the same
word made one, so that a search finds a word however it was written. The stored text is
never folded: the search index is fed :func:`fold` of it, the query is folded the same way,
and a snippet is cut from the original text (:class:`Folded` maps one onto the other).

What :func:`fold` does, after Unicode NFC:

- short vowels and the other marks written over or under Arabic letters are removed: every
  combining mark (category Mn) of the Arabic block, U+0610-061A (honorific signs),
  U+064B-065F (harakat: tanween, fatha, damma, kasra, shadda, sukun; maddah, hamza above and
  below), U+0670 (superscript alef), U+06D6-06ED (Quranic annotation marks), with the
  small waw and yeh (U+06E5, U+06E6) that Quranic spelling writes as vowels; the Quranic
  signs that are not marks (end of ayah U+06DD, rub el hizb U+06DE, sajdah U+06E9) stay;
- tatweel (U+0640, the stretching of a joined letter) is removed;
- the alef forms are one: alef with hamza above (أ), with hamza below (إ), with maddah (آ)
  and alef wasla (ٱ) are plain alef (ا);
- ta marbuta (ة) is ha (ه): a final ة is often written ه;
- alef maqsura (ى) is ya (ي): much of the press writes a final ي as ى (فى for في). The
  price: a few words that differ only there (على "on", علي "Ali") are found for each other.

Everything else is left as it is: Latin text, digits (Arabic-Indic digits are not ASCII
digits here), hamza on waw or ya (ؤ ئ), Persian letters. Letter case is the search engine's
(both fold case themselves). Text that holds none of these characters folds to itself once
NFC, so English is searched exactly as before.

The history's search index holds folded text (:mod:`mayadeen.history.search`): a change to
what :func:`fold` does is a change to the index, and needs a migration that builds the index
again (as ``0004`` did).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

ALEF = "\u0627"
#: Each character folded to another: the alef forms (أ إ آ ٱ), ta marbuta, alef maqsura.
REPLACED = {
    "\u0623": ALEF,  # أ alef with hamza above
    "\u0625": ALEF,  # إ alef with hamza below
    "\u0622": ALEF,  # آ alef with maddah above
    "\u0671": ALEF,  # ٱ alef wasla
    "\u0629": "\u0647",  # ة ta marbuta -> ه ha
    "\u0649": "\u064a",  # ى alef maqsura -> ي ya
}
#: Ranges (first, last) of the characters removed: the Arabic block's combining marks,
#: tatweel, and the small waw and yeh of Quranic spelling.
REMOVED_RANGES = (
    (0x0610, 0x061A),  # honorific signs written over a word (Mn)
    (0x0640, 0x0640),  # tatweel (Lm)
    (0x064B, 0x065F),  # harakat, maddah, hamza above and below, ... (Mn)
    (0x0670, 0x0670),  # superscript alef (Mn)
    (0x06D6, 0x06DC),  # Quranic annotation marks (Mn)
    (0x06DF, 0x06E4),  # (Mn)
    (0x06E5, 0x06E6),  # small waw, small yeh (Lm)
    (0x06E7, 0x06E8),  # (Mn)
    (0x06EA, 0x06ED),  # (Mn)
)
#: Every character removed.
REMOVED = "".join(chr(c) for first, last in REMOVED_RANGES for c in range(first, last + 1))

_REMOVED_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in REMOVED_RANGES)
#: A run of removed characters.
_RUNS = re.compile(f"[{_REMOVED_CLASS}]+")
#: Any character :func:`fold` changes.
_FOLDED = re.compile(f"[{_REMOVED_CLASS}{''.join(REPLACED)}]")


def fold(text: str) -> str:
    """``text`` folded for search (see the module): NFC, Arabic marks and tatweel removed,
    the alef forms, ta marbuta and alef maqsura folded. Non-Arabic text is only made NFC."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii() or not _FOLDED.search(text):
        return text  # most text: a search costs less than a copy
    return _replaced(_RUNS.sub("", text))


def folds_to_itself(text: str) -> bool:
    """Whether :func:`fold` leaves ``text`` as it is (quicker than folding it)."""
    return text.isascii() or (unicodedata.is_normalized("NFC", text) and not _FOLDED.search(text))


def _replaced(text: str) -> str:
    for letter, folded in REPLACED.items():
        if letter in text:
            text = text.replace(letter, folded)
    return text


def fold_or_none(text: str | None) -> str | None:
    """:func:`fold`, ``None`` kept: the SQL function ``mayadeen_fold`` of a SQLite history."""
    return None if text is None else fold(text)


@dataclass(frozen=True)
class Folded:
    """A text and its fold, with the way back: a span of :attr:`folded` is a span of
    :attr:`text` (the text made NFC: what a stored text already is).

    A removed character belongs to the character before it (a vowel to its letter), so a
    span of the folded text that ends after a letter ends, in the text, after its marks."""

    text: str
    folded: str
    #: One per run of removed characters, in order: (the position in :attr:`folded` of the
    #: character after the run, the characters removed up to the run's end).
    _runs: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        text = unicodedata.normalize("NFC", text)
        runs, removed = [], 0
        for run in _RUNS.finditer(text):
            removed += run.end() - run.start()
            runs.append((run.end() - removed, removed))
        folded = _replaced(_RUNS.sub("", text)) if runs or _FOLDED.search(text) else text
        return cls(text, folded, tuple(runs))

    @property
    def changed(self) -> bool:
        """Whether the fold differs from the text."""
        return self.folded != self.text

    def position(self, folded_at: int) -> int:
        """Where in :attr:`text` the boundary before ``folded[folded_at]`` is (the end of the
        text for ``len(folded)``): after the marks of the character before it."""
        if folded_at <= 0:
            return 0
        index = bisect.bisect_right(self._runs, (folded_at, len(self.text))) - 1
        return folded_at + (self._runs[index][1] if index >= 0 else 0)
