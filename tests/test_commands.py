"""Scrapy's own commands (``parse``, ``fetch``, ``shell``, ``check``) and ``savefixture``:
no side effects, and a live-site URL read on ``MAYADEEN_BASE_URL``.

Each runs as users run it, a ``scrapy`` subprocess, from an empty working directory with the
default data dir (``data/`` there): whatever a command wrote would show in that directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands import LIVE, run_scrapy
from tests.crawl import LOCAL_SETTINGS

pytestmark = pytest.mark.subprocess  # every test runs a scrapy command


@pytest.fixture(scope="module")
def article(manifest: dict) -> dict:
    """A news story, addressed on the live host (as users copy it from a browser)."""
    return next(a for a in manifest["articles"] if a["paths"][0].startswith("/news/politics/"))


def live_url(article: dict) -> str:
    return LIVE + article["paths"][0]


@pytest.mark.parametrize(
    "command",
    [
        ["parse", "--spider", "article", "{url}"],  # the README's line, as written
        ["parse", "--spider", "article", "--nolinks", "-a", "url={url}", "{url}"],
        ["fetch", "--nolog", "{url}"],
        ["fetch", "--nolog", "--spider", "article", "{url}"],
        ["shell", "{url}", "-c", "(response.url, response.css('meta[name=postid]').get())"],
        ["shell", "--spider", "sections", "{url}", "-c", "response.css('title').get()"],
    ],
    ids=["parse", "parse-with-url", "fetch", "fetch-spider", "shell", "shell-spider"],
)
def test_command_reads_the_page_on_the_base_and_writes_nothing(
    command: list[str], article: dict, replica_url: str, tmp_path: Path
) -> None:
    args = [part.format(url=live_url(article)) for part in command]
    result = run_scrapy(tmp_path, args, {**LOCAL_SETTINGS, "MAYADEEN_BASE_URL": replica_url})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if command[0] == "parse":
        assert f"'article_id': '{article['article_id']}'" in result.stdout
    elif command[0] == "fetch":
        assert f'<meta name="postid" content="{article["article_id"]}"' in result.stdout
    elif "sections" in command:
        assert "<title>" in result.stdout
    else:
        assert replica_url + article["paths"][0] in result.stdout
        assert article["article_id"] in result.stdout
    assert list(tmp_path.iterdir()) == []  # no history, no feeds, no run summary


def test_shell_keeps_a_local_file_a_file(replica: Path, article: dict, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes((replica / "site" / f"{article['paths'][0].lstrip('/')}.html").read_bytes())
    result = run_scrapy(tmp_path, ["shell", "./page.html", "-c", "response.url"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == page.as_uri()
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_savefixture_writes_only_the_fixture(
    article: dict, replica_url: str, tmp_path: Path
) -> None:
    args = ["savefixture", live_url(article), "--dir", "saved", "--name", "page"]
    result = run_scrapy(tmp_path, args, {**LOCAL_SETTINGS, "MAYADEEN_BASE_URL": replica_url})
    assert result.returncode == 0, result.stderr[-3000:]
    assert [p.name for p in tmp_path.iterdir()] == ["saved"]
    assert sorted(p.name for p in (tmp_path / "saved").iterdir()) == [
        "page.expected.json",
        "page.html",
        "page.json",
    ]


def test_check_runs_and_writes_nothing(tmp_path: Path) -> None:
    result = run_scrapy(tmp_path, ["check"], {"MAYADEEN_BASE_URL": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Ran 0 contracts" in result.stderr
    assert list(tmp_path.iterdir()) == []
