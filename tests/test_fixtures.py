"""Saved pages (``scrapy savefixture``) against the expected JSON beside each, field by field.

``tests/fixtures/pages/<source>/`` holds pages saved with their URL, the date they were
captured (``fetched_at``) and where from (``source``: ``replica`` for the local replica,
``live`` for the real site), so a later capture of the real site sits beside the replica's.
A live page that parses badly is saved under ``live/``, its expected file corrected by hand,
and the parser fixed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mayadeen.commands.savefixture import expected_output
from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT

PAGES_DIR = Path(__file__).parent / "fixtures" / "pages"
SOURCES = ("replica", "live")
PAGES = sorted(PAGES_DIR.glob("*/*.html"))


def load(page: Path, suffix: str) -> dict:
    return json.loads(page.with_name(page.stem + suffix).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_saved_page_parses_as_expected(page: Path) -> None:
    meta, expected = load(page, ".json"), load(page, ".expected.json")
    assert {"url", "fetched_url", "status", "fetched_at", "source"} <= set(meta)
    assert datetime.fromisoformat(meta["fetched_at"]).tzinfo is not None  # when captured
    # Where it was captured: its folder, and the host it was fetched from (the live site's
    # own, or another one serving the replica).
    assert meta["source"] == page.parent.name
    fetched_live = urlsplit(meta["fetched_url"]).hostname == urlsplit(meta["url"]).hostname
    assert fetched_live == (meta["source"] == "live"), meta["fetched_url"]
    got = expected_output(page.read_text(encoding="utf-8"), meta["url"])
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, wrong
    assert set(got) == set(expected)


def test_there_are_saved_pages_each_in_a_folder_of_its_source() -> None:
    assert PAGES
    assert {p.parent.name for p in PAGES} <= set(SOURCES)
    loose = sorted(p.name for p in PAGES_DIR.glob("*.html"))
    assert not loose, f"move these into {PAGES_DIR}/live/ or replica/: {loose}"


@pytest.mark.subprocess
def test_savefixture_saves_page_meta_and_parser_output(
    replica: Path, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    article = next(a for a in manifest["articles"] if "/videos/" in a["url"])
    command = [sys.executable, "-m", "scrapy", "savefixture", article["url"]]
    command += ["--dir", str(tmp_path), "--name", "saved"]
    local = {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": replica_url,
        "MAYADEEN_DATA_DIR": str(tmp_path / "data"),
    }
    for name, value in local.items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    page = tmp_path / "saved.html"
    served = replica / "site" / f"{article['paths'][0].lstrip('/')}.html"
    assert page.read_bytes() == served.read_bytes()
    meta = load(page, ".json")
    assert meta["url"] == article["url"] and meta["status"] == 200
    assert meta["fetched_url"].startswith(replica_url) and meta["source"] == "replica"
    want = json.loads(served.with_name(served.stem + ".expected.json").read_text())
    want.pop("found_in")
    assert load(page, ".expected.json") == want
    assert not (tmp_path / "data").exists()  # no history, no feeds
