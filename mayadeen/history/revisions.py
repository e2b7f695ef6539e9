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
#: Text fields whose changes :func:`mayadeen.corpus.word_diff` shows word by word.
TEXT_FIELDS = ("title", "summary", "body")


#: The JSON a fingerprint hashes (made once, not a call).
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def fingerprint(item: Mapping[str, Any]) -> str:
    """SHA-256 of the page's fields of ``item``: equal exactly when the page says the same."""
    page = {name: item.get(name) for name in PAGE_FIELDS}
    return hashlib.sha256(_canonical(page).encode("utf-8")).hexdigest()


def to_row(item: Mapping[str, Any], packed: Collection[str] = ()) -> dict[str, Any]:
    """The ``revisions`` columns of an item (without ids and times), its fields ``packed``
    (:data:`mayadeen.history.packing.PACKED`) in the column ``packed``: a column's null, out
    of ``data``. Without ``packed``, no ``packed`` column (the row of a revision as it was
    before the migration 0007)."""
    row = {name: None if name in packed else item.get(name) for name in COLUMNS}
    row["data"] = {
        name: item.get(name)
        for name in ARTICLE_FIELDS
        if name not in COLUMNS and name not in packed and name not in {"article_id", "revision"}
    }
    if packed:
        row["packed"] = pack({name: item.get(name) for name in packed})
    return row


def to_item(row: Mapping[str, Any]) -> dict[str, Any]:
    """The item a ``revisions`` row holds, its fields in the item's order, plus ``seen_at``
    (its packed fields unpacked; a row without a ``packed`` column has none)."""
    data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
    values = {**data, **{name: row[name] for name in COLUMNS}}
    if (packed := row.get("packed")) is not None:
        values |= unpack(packed)
    values |= {"article_id": row["article_id"], "revision": row["revision"]}
    item = {name: values.get(name) for name in ARTICLE_FIELDS}
    item["seen_at"] = row["seen_at"]
    return item
