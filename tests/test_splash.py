"""End to end through a real Splash server: script-inserted listings, stats, the HTTP cache.

Needs Splash installed locally (``scripts/install-splash``, which CI runs); skipped otherwise.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import PROJECT_ROOT, crawl, parse_stats, read_jsonl
from tests.replica.build import build
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # every test runs scrapy crawl

SPLASH_PYTHON = PROJECT_ROOT / ".splash-venv" / "bin" / "python"


def render_count(log: Path) -> int:
    """Pages Splash itself says it rendered."""
    return log.read_text(errors="replace").count('"path": "/render.html"')


@pytest.fixture(scope="module")
def splash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not SPLASH_PYTHON.exists():
        pytest.skip(
            "Splash is not installed: run `scripts/install-splash` (Debian's Qt WebKit and "
            "splash 3.5 from PyPI, into .splash-venv; needs root), or see the README"
        )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("splash") / "splash.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(PROJECT_ROOT / "scripts" / "run-splash"), str(port)], stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_ping", timeout=2):
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def js_replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """The replica with a listing whose cards only a script inserts."""
    out = tmp_path_factory.mktemp("replica-js")
    build(out, js_listing=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with serve(out / "site") as base_url:
        yield base_url, manifest


def sections(base_url: str, out: Path, args: dict, settings: dict) -> tuple[list[dict], dict]:
    jsonl, log = out / "items.jsonl", out / "crawl.log"
    result = crawl(
        "sections", base_url, [jsonl], args={"fresh": "1", **args}, settings=settings, log_file=log
    )
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text[-3000:]
    return read_jsonl(jsonl), parse_stats(text)


def test_script_inserted_articles_are_missed_without_rendering(
    js_replica: tuple[str, dict], tmp_path: Path
) -> None:
    base_url, manifest = js_replica
    js_only = {a["article_id"] for a in manifest["articles"] if a.get("js_only")}
    assert js_only
    items, stats = sections(base_url, tmp_path, {}, {})
    assert not js_only & {i["article_id"] for i in items}
    assert stats["mayadeen/listing_empty"] >= 1
    assert "Listing News > Live Updates" in (tmp_path / "crawl.log").read_text()


def test_rendering_listings_through_splash_finds_them(
    splash: tuple[str, Path], js_replica: tuple[str, dict], tmp_path: Path
) -> None:
    splash_url, splash_log = splash
    base_url, manifest = js_replica
    before = render_count(splash_log)
    items, stats = sections(base_url, tmp_path, {"render": "listings"}, {"SPLASH_URL": splash_url})
    assert sorted(i["article_id"] for i in items) == sorted(
        a["article_id"] for a in manifest["articles"]
    )
    # The listings (and the homepage) went through Splash; the stories did not.
    rendered = stats["splash/render.html/request_count"]
    assert rendered == stats["mayadeen/listing_pages"] + 1
    assert stats["splash/render.html/response_count/200"] == rendered
    assert render_count(splash_log) - before == rendered


def test_rendered_pages_come_from_the_http_cache_the_second_time(
    splash: tuple[str, Path], js_replica: tuple[str, dict], tmp_path: Path
) -> None:
    splash_url, splash_log = splash
    base_url, _ = js_replica
    settings = {
        "SPLASH_URL": splash_url,
        "HTTPCACHE_ENABLED": "True",
        "HTTPCACHE_DIR": str(tmp_path / "cache"),
    }
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first, _ = sections(base_url, tmp_path / "1", {"render": "listings"}, settings)
    renders = render_count(splash_log)
    second, stats = sections(base_url, tmp_path / "2", {"render": "listings"}, settings)
    assert render_count(splash_log) == renders  # Splash was not asked again
    assert stats["httpcache/hit"] == stats["downloader/response_count"]
    assert sorted(i["article_id"] for i in second) == sorted(i["article_id"] for i in first)


def test_a_sitemap_crawl_renders_its_stories_but_not_its_sitemaps(
    splash: tuple[str, Path], replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    splash_url, splash_log = splash
    before = render_count(splash_log)
    jsonl, log = tmp_path / "items.jsonl", tmp_path / "crawl.log"
    # A month whose stories embed no video player: Splash fails a whole page when one of
    # its frames cannot load (scrapinghub/splash#945), and nothing here resolves YouTube.
    result = crawl(
        "sitemap",
        replica_url,
        [jsonl],
        args={"fresh": "1", "render": "all", "since": "2024-04", "until": "2024-04"},
        settings={"SPLASH_URL": splash_url},
        log_file=log,
    )
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text[-3000:]
    stats = parse_stats(text)
    stories = stats["mayadeen/sitemap/story_urls"]
    assert stories > 0
    items = read_jsonl(jsonl)
    assert len(items) == stories
    assert {i["article_id"] for i in items} <= {a["article_id"] for a in manifest["articles"]}
    # Each story went through Splash; the index and the monthly sitemap did not.
    assert stats["splash/render.html/request_count"] == stories
    assert stats["splash/render.html/response_count/200"] == stories
    assert render_count(splash_log) - before == stories
