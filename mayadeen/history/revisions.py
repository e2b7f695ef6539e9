"""Revisions: what a page said each time it changed. An article's revision is every field the
page gives (not the crawl's own fields); a revision is kept when any of them changed, so a
re-crawl of an unchanged page adds nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from typing import Any

from mayadeen.history.packing import pack, unpack
from mayadeen.items import ARTICLE_FIELDS, CRAWL_FIELDS

#: Fields of an item that are not what the page says: when and how the crawl got it.
NOT_PAGE_FIELDS = CRAWL_FIELDS | {"content_hash"}
#: The page's fields, in the item's order: what a revision is made of.
PAGE_FIELDS = [f for f in ARTICLE_FIELDS if f not in NOT_PAGE_FIELDS]
#: Fields kept in columns of their own (searched, filtered or sorted on); the others are in
#: the revision's ``data``, but for those packed (:mod:`mayadeen.history.packing`).
COLUMNS = ("url", "title", "summary", "body", "section", "published_at", "modified_at")
#: Fields of ``data`` a compacted row (:func:`compact`) leaves out when they are null: none
#: of them read by SQL (the view ``stories`` reads the others).
LEFT_OUT_WHEN_NULL = (
    "source",
    "region",
    "coverage",
    "word_count",
    "reading_time",
    "video_duration",
    "found_in",
)
#: Text fields whose changes :func:`mayadeen.corpus.word_diff` shows word by word.
TEXT_FIELDS = ("title", "summary", "body")


#: The JSON a fingerprint hashes (made once, not a call).
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


#: Hex digits of SHA-256 a fingerprint keeps: 128 bits (migration 0011; 64 before).
FINGERPRINT_DIGITS = 32


def fingerprint(item: Mapping[str, Any]) -> str:
    """The page's fields of ``item`` hashed (:func:`page_hash`, its first
    :data:`FINGERPRINT_DIGITS`): equal exactly when the page says the same."""
    return page_hash(item)[:FINGERPRINT_DIGITS]


def page_hash(item: Mapping[str, Any]) -> str:
    """SHA-256 of the page's fields of ``item``, in hex (the whole fingerprint before the
    migration 0011, which makes it again on a downgrade)."""
    page = {name: item.get(name) for name in PAGE_FIELDS}
    return hashlib.sha256(_canonical(page).encode("utf-8")).hexdigest()


def to_row(
    item: Mapping[str, Any], packed: Collection[str] = (), seen_at: str | None = None
) -> dict[str, Any]:
    """The ``revisions`` columns of an item (without ids and times), its fields ``packed``
    (:data:`mayadeen.history.packing.PACKED`) in the column ``packed``: a column's null, out
    of ``data``, and ``data`` compacted (:func:`compact`; ``seen_at``: the row's). Without
    ``packed``, no ``packed`` column and every field in ``data`` (the row of a revision as
    it was before the migration 0007)."""
    row = {name: None if name in packed else item.get(name) for name in COLUMNS}
    row["data"] = {
        name: item.get(name)
        for name in ARTICLE_FIELDS
        if name not in COLUMNS and name not in packed and name not in {"article_id", "revision"}
    }
    if packed:
        row["packed"] = pack({name: item.get(name) for name in packed})
        row["data"] = compact(row["data"], seen_at)
    return row


def compact(data: Mapping[str, Any], seen_at: str | None) -> dict[str, Any]:
    """A revision's ``data`` without what it repeats (migration 0008): ``scraped_at`` when it
    is the row's ``seen_at`` (no key means that time, where a null is kept as a null), and
    the fields of :data:`LEFT_OUT_WHEN_NULL` that are null (no key: null). :func:`to_item`
    reads either form; this one never changes once written. (``content_hash``, the hash of
    the title and body, stays: checking it costs a hash of the body a record, and making it
    again one a revision read.)"""
    left_out = {name for name in LEFT_OUT_WHEN_NULL if data.get(name, 0) is None}
    if data.get("scraped_at") is not None and data["scraped_at"] == seen_at:
        left_out.add("scraped_at")
    return {name: value for name, value in data.items() if name not in left_out}


def expand(data: Mapping[str, Any], seen_at: str | None) -> dict[str, Any]:
    """``data`` as the rows before :func:`compact` held it: every field there, in the item's
    order (the downgrade of migration 0008)."""
    whole = dict(data)
    whole.setdefault("scraped_at", seen_at)
    for name in LEFT_OUT_WHEN_NULL:
        whole.setdefault(name, None)
    order = {name: n for n, name in enumerate(ARTICLE_FIELDS)}
    return dict(sorted(whole.items(), key=lambda kv: order.get(kv[0], len(order))))


def to_item(row: Mapping[str, Any]) -> dict[str, Any]:
    """The item a ``revisions`` row holds, its fields in the item's order, plus ``seen_at``
    (its packed fields unpacked; a row without a ``packed`` column has none)."""
    data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
    values = {**data, **{name: row[name] for name in COLUMNS}}
    if (packed := row.get("packed")) is not None:
        values |= unpack(packed)
    if "scraped_at" not in data:  # compacted: when it was seen
        values["scraped_at"] = row["seen_at"]
    values |= {"article_id": row["article_id"], "revision": row["revision"]}
    item = {name: values.get(name) for name in ARTICLE_FIELDS}
    item["seen_at"] = row["seen_at"]
    return item
