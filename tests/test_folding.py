"""Text folded for search (``mayadeen.extraction.folding``): each rule, NFC, non-Arabic text
unchanged, and the way back from a span of the folded text to the text."""

from __future__ import annotations

import unicodedata

import pytest

from mayadeen.extraction.folding import REMOVED, Folded, fold, fold_or_none, folds_to_itself

FATHA, DAMMA, KASRA, SHADDA, SUKUN, TANWEEN = (
    "\u064e",
    "\u064f",
    "\u0650",
    "\u0651",
    "\u0652",
    "\u064c",
)
TATWEEL = "\u0640"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        # harakat: fatha, damma, kasra, shadda, sukun, tanween
        (f"م{FATHA}د{SUKUN}ر{FATHA}س{FATHA}ة{TANWEEN}", "مدرسه"),
        (f"ع{DAMMA}ل{DAMMA}و{SUKUN}م{KASRA}", "علوم"),
        (f"إن{SHADDA}", "ان"),
        # superscript alef (U+0670) and alef wasla (U+0671)
        ("ٱلرَّحْمَٰن", "الرحمن"),
        # Quranic annotation marks (U+06D6-06ED), small waw (U+06E5)
        ("عَلَىٰ\u06d6", "علي"),
        ("لَهُۥ", "له"),
        # tatweel
        (f"كت{TATWEEL}{TATWEEL}{TATWEEL}اب", "كتاب"),
        # the alef forms
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آخر", "اخر"),
        # ta marbuta, alef maqsura
        ("مدرسة", "مدرسه"),
        ("فى", "في"),
        # honorific signs (U+0610-061A) over a name
        ("محمد\u0610", "محمد"),
    ],
)
def test_each_rule(written: str, folded: str) -> None:
    assert fold(written) == folded
    assert fold(folded) == folded  # folding twice is folding once


def test_what_is_kept() -> None:
    # hamza on waw and ya, lone hamza, Arabic-Indic digits, Persian letters, the Quranic
    # signs that are not marks (end of ayah, rub el hizb, sajdah), RLM and ALM
    kept = "مؤتمر سئل جزء ١٢٣ ۴۵ پ چ ک گ \u06dd\u06de\u06e9 \u200f\u061c"
    assert fold(kept) == kept


def test_nfc_first() -> None:
    # alef + hamza above (decomposed) is أ, folded to ا; waw + hamza above is ؤ, kept
    assert fold("\u0627\u0654حمد") == "احمد"
    assert fold("\u0648\u0654") == "ؤ"
    # Latin in NFD is made NFC: accents are the search engine's business
    assert fold("cafe\u0301") == "café"


@pytest.mark.parametrize(
    "text",
    [
        "The strikes continued for a second day; talks resume (2026).",
        "Zürich, São Paulo, Ελλάδα, Россия, 東京, emoji 🙂, “quotes” — dashes…",
        "",
    ],
)
def test_non_arabic_text_folds_to_itself(text: str) -> None:
    assert fold(text) == text
    assert not Folded.of(text).changed
    assert folds_to_itself(text)


@pytest.mark.parametrize("text", ["مدرسة", "كتـاب", "cafe\u0301", "ا\u0654"])
def test_text_that_folds_to_something_else_is_told(text: str) -> None:
    assert not folds_to_itself(text)
    assert folds_to_itself(fold(text)) and folds_to_itself("مدرسه كتاب")


def test_every_arabic_combining_mark_is_removed() -> None:
    marks = {chr(c) for c in range(0x0600, 0x0700) if unicodedata.category(chr(c)) == "Mn"}
    assert marks <= set(REMOVED)
    assert {unicodedata.category(c) for c in REMOVED} == {"Mn", "Lm"}


def test_null_stays_null() -> None:
    assert fold_or_none(None) is None
    assert fold_or_none("أ") == "ا"


def test_a_span_of_the_fold_is_a_span_of_the_text_with_its_marks() -> None:
    text = f"قالَ أَحْمَدُ: الكتـ{TATWEEL}ـابُ"
    folded = Folded.of(text)
    assert folded.folded == "قال احمد: الكتاب"
    start = folded.folded.index("احمد")
    span = text[folded.position(start) : folded.position(start + len("احمد"))]
    assert span == "أَحْمَدُ"  # its last vowel included
    end = len(folded.folded)
    assert text[folded.position(end - len("الكتاب")) : folded.position(end)] == "الكتـ\u0640ـابُ"
    assert folded.position(0) == 0 and folded.position(end) == len(text)
    # positions of text that folds to itself are its own
    plain = Folded.of("no change")
    assert [plain.position(i) for i in range(10)] == list(range(10))
