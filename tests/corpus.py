"""Crawls that make a corpus with edited stories, for the corpus, browse and export tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.crawl import PROJECT_ROOT, crawl_in_process

EDITS = [
    ("From the archive: cinemas of Damascus", "From the archive: the lost cinemas of Damascus"),
    (
        "The archive was digitised over several years.",
        "The archive was digitised over two decades by volunteers.",
    ),
]


def scrapy(*args: str, history: str) -> subprocess.CompletedProcess[str]:
    """``scrapy ARGS -s MAYADEEN_HISTORY=history``, in the project, as a user runs it."""
    command = [sys.executable, "-m", "scrapy", *args, "-s", f"MAYADEEN_HISTORY={history}"]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)


def crawl_urls(base_url: str, paths: list[str], data: Path, history: str) -> list[dict]:
    """The ``article`` spider over ``paths`` of ``base_url``, with ``history``; its items."""
    urls = ",".join(base_url + path for path in paths)
    result = crawl_in_process(
        "article", base_url, data, args={"urls": urls}, settings={"MAYADEEN_HISTORY": history}
    )
    assert result.stats.get("mayadeen/verdict") == "succeeded", result.log[-2000:]
    return result.items


def edit(site: Path) -> None:
    page = site / f"{EDITED.lstrip('/')}.html"
    html = page.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in html
        html = html.replace(old, new)
    page.write_text(html, encoding="utf-8")


def story_paths(manifest: dict[str, Any], count: int) -> list[str]:
    """Paths of ``count`` text stories of the replica, the edited one first."""
    paths = [a["paths"][0] for a in manifest["articles"] if a["has_text"]]
    return [EDITED, *[p for p in paths if p != EDITED][: count - 1]]


#: The replica story edited in these tests: its title and a sentence of its body.
EDITED = "/in-pictures/from-the-archive--cinemas-of-damascus"
