"""Fundus-style: every replica article page against the expected JSON beside it, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mayadeen.extraction.article import ArticlePage, extract_article
from mayadeen.extraction.dates import date_candidates
from mayadeen.items import ARTICLE_FIELDS, CRAWL_FIELDS

PRODUCTION = "https://english.almayadeen.net"
#: Everything the page determines.
COMPARED_FIELDS = [f for f in ARTICLE_FIELDS if f not in CRAWL_FIELDS]


def expected_pages(replica: Path) -> list[tuple[Path, dict]]:
    pages = []
    for expected_file in sorted((replica / "site").rglob("*.expected.json")):
        page_file = expected_file.with_name(expected_file.name.replace(".expected.json", ".html"))
        pages.append((page_file, json.loads(expected_file.read_text(encoding="utf-8"))))
    return pages


def load(page_file: Path, site_dir: Path) -> ArticlePage:
    path = "/" + page_file.relative_to(site_dir).with_suffix("").as_posix()
    return ArticlePage(page_file.read_text(encoding="utf-8"), PRODUCTION + path)


def test_every_article_page_has_an_expected_file(replica: Path, manifest: dict) -> None:
    served = {p for a in manifest["articles"] for p in a["paths"]}
    with_expected = {
        "/" + page.relative_to(replica / "site").with_suffix("").as_posix()
        for page, _ in expected_pages(replica)
    }
    assert served == with_expected
    assert len(manifest["articles"]) >= 150


def test_fields_match_expected_json(replica: Path) -> None:
    """One assertion over all pages, so a failure lists every wrong field of every page."""
    mismatches = []
    pages = expected_pages(replica)
    for page_file, expected in pages:
        item = extract_article(load(page_file, replica / "site"))
        got = {name: getattr(item, name) for name in COMPARED_FIELDS}
        for name in COMPARED_FIELDS:
            if got[name] != expected.get(name):
                mismatches.append(
                    f"{page_file.name}: {name}: got {got[name]!r}, want {expected.get(name)!r}"
                )
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:40])
    assert set(expected) >= set(COMPARED_FIELDS)


def test_every_date_source_gives_the_same_instant(replica: Path) -> None:
    """Beirut-offset metadata, naive-UTC meta tags and JSON-LD, visible Beirut minutes agree."""
    sources_seen: set[str] = set()
    for page_file, _ in expected_pages(replica):
        page = load(page_file, replica / "site")
        for kind in ("published", "modified"):
            candidates = date_candidates(page, kind)
            assert candidates, f"{page_file.name}: no {kind} date"
            exact = {moment for name, _, moment in candidates if name != "visible"}
            assert len(exact) == 1, f"{page_file.name}: {kind} sources disagree: {candidates}"
            instant = exact.pop()
            for name, raw, moment in candidates:
                sources_seen.add(name)
                if name == "visible":  # shown to the minute
                    assert moment == instant.replace(second=0, microsecond=0), (page_file, raw)
    assert sources_seen >= {"metadata", "meta_tag", "jsonld"}


@pytest.mark.parametrize("offset", ["+02:00", "+03:00"])
def test_replica_has_winter_and_summer_dates(replica: Path, offset: str) -> None:
    raws = [e["published_at_raw"] for _, e in expected_pages(replica)]
    assert any(raw.endswith(offset) for raw in raws)
