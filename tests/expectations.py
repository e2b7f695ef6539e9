"""What a crawl of the replica should give, read from the build (``tests/replica/README.md``):
the expected item beside every article page, and the manifest's articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def expected_by_id(replica: Path) -> dict[str, dict[str, Any]]:
    """Every ``.expected.json`` of a build, by article id (an old address's copy is the
    same item)."""
    return {
        data["article_id"]: data
        for f in (replica / "site").rglob("*.expected.json")
        if (data := json.loads(f.read_text(encoding="utf-8")))
    }


def page_fields(expected: dict[str, Any]) -> dict[str, Any]:
    """The fields a page determines alone: all but ``found_in`` (the listings that showed
    it, which the expected item leaves empty)."""
    return {k: v for k, v in expected.items() if k != "found_in"}


def assert_items_as_expected(items: list[dict[str, Any]], replica: Path) -> None:
    """Every item has every field its page determines as the expected JSON says."""
    expected = expected_by_id(replica)
    for item in items:
        want = page_fields(expected[item["article_id"]])
        assert {k: item[k] for k in want} == want


def retitled(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest's retitled story: served at its current address and an old one."""
    return next(a for a in manifest["articles"] if len(a["paths"]) > 1)
