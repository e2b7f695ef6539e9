"""Saved pages (``scrapy savefixture``) against the expected JSON beside each, field by field.

``tests/fixtures/pages/`` holds pages saved with their URL and fetch time; a live page that
parses badly is saved there, its expected file corrected by hand, and the parser fixed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mayadeen.commands.savefixture import expected_output
from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))


def load(page: Path, suffix: str) -> dict:
    return json.loads(page.with_name(page.stem + suffix).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_saved_page_parses_as_expected(page: Path) -> None:
    meta, expected = load(page, ".json"), load(page, ".expected.json")
    assert {"url", "fetched_url", "status", "fetched_at"} <= set(meta)
    got = expected_output(page.read_text(encoding="utf-8"), meta["url"])
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, wrong
    assert set(got) == set(expected)


def test_there_are_saved_pages() -> None:
    assert PAGES


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
    assert meta["fetched_url"].startswith(replica_url)
    want = json.loads(served.with_name(served.stem + ".expected.json").read_text())
    want.pop("found_in")
    assert load(page, ".expected.json") == want
    assert not (tmp_path / "data").exists()  # no history, no feeds
