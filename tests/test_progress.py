"""The live progress line: ``scrapy crawl`` under a pseudo-terminal shows one line that
updates in place, the log printed whole above it; with standard error to a file, nothing
of it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from scrapy import Request

from mayadeen.monitoring.progress import CrawlProgress
from tests.crawl import PROJECT_ROOT, crawl_settings

#: ANSI control sequences (colours, erase line, cursor).
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] (INFO|WARNING|ERROR): ")


def command(base_url: str, tmp_path: Path, *extra: str) -> list[str]:
    """``scrapy crawl sections`` over the Politics section, slowed down (a delay between
    requests) so that it lasts a few seconds: the line is redrawn twice a second."""
    settings = crawl_settings(
        base_url,
        tmp_path / "data",
        {"DOWNLOAD_DELAY": "0.05", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"},
    )
    line = [sys.executable, "-m", "scrapy", "crawl", "sections", "-a", "sections=politics"]
    for name, value in settings.items():
        line += ["-s", f"{name}={value}"]
    return [*line, "-O", str(tmp_path / "out.jsonl"), *extra]


def run_on_a_terminal(argv: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run ``argv`` with standard error on a pseudo-terminal (160 columns); returns its
    exit status and everything it wrote there."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    process = subprocess.Popen(
        argv,
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process has ended and everything was read
                break
            if not chunk:
                break
            output += chunk
        else:
            process.kill()
    finally:
        os.close(master)
    return process.wait(timeout=30), output.decode("utf-8", "replace")


def frames(output: str) -> list[str]:
    """The progress line's successive states (control sequences removed)."""
    text = ANSI.sub("", output)
    return [part.strip() for part in re.split(r"[\r\n]", text) if "pages done" in part]


@pytest.mark.subprocess
def test_on_a_terminal_one_line_updates_in_place(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    log = tmp_path / "crawl.log"
    status, output = run_on_a_terminal(command(replica_url, tmp_path, "--logfile", str(log)))
    assert status == 0, output[-2000:]
    states = frames(output)
    assert len(states) >= 4, states
    done = [int(re.search(r"(\d+) pages done", s)[1]) for s in states]
    assert done == sorted(done) and len(set(done)) >= 3, states
    stories = sum("/news/politics" in a["sections"] for a in manifest["articles"])
    final = states[-1]
    assert final.startswith("stories") and f"{stories}/{stories} stories" in final, final
    assert f"{stories} articles" in final and "0 queued" in final
    assert any(re.search(r"/\d+ stories .* \d+:\d\d:\d\d left$", s) for s in states), states
    # In place: redrawn after a carriage return, one line feed at the very end.
    assert output.count("\n") == 1
    assert output.count("\r") >= len(states) - 1
    # The log file is the usual one, its verdict last.
    text = log.read_text(encoding="utf-8")
    assert "pages done" not in text and "\x1b" not in text
    assert "Crawl succeeded: " in text.splitlines()[-1]


@pytest.mark.subprocess
def test_on_a_terminal_the_log_prints_whole_above_the_line(
    replica_url: str, tmp_path: Path
) -> None:
    status, output = run_on_a_terminal(command(replica_url, tmp_path))
    assert status == 0, output[-2000:]
    assert len(frames(output)) >= 4
    # Each log line whole, on a line of its own: what follows the line's last redraw (the
    # terminal ends lines with CR LF).
    text = ANSI.sub("", output).replace("\r\n", "\n")
    lines = [line.split("\r")[-1] for line in text.split("\n")]
    logged = [line for line in lines if LOG_LINE.match(line)]
    for message in ("Spider opened", "Stored jsonl feed", "Run summary", "Crawl succeeded: "):
        assert any(message in line for line in logged), message
    assert not any("pages done" in line for line in logged)
    assert "Crawl succeeded: " in [line for line in lines if line.strip()][-1]


@pytest.mark.subprocess
def test_standard_error_to_a_file_has_no_progress_line(replica_url: str, tmp_path: Path) -> None:
    err = tmp_path / "stderr.txt"
    with err.open("w") as stderr:
        status = subprocess.run(
            command(replica_url, tmp_path), cwd=PROJECT_ROOT, stderr=stderr, check=False
        ).returncode
    text = err.read_text(encoding="utf-8")
    assert status == 0, text[-2000:]
    assert "pages done" not in text and "\x1b" not in text and "\r" not in text
    assert "Crawl succeeded: " in text.splitlines()[-1]


def test_the_total_is_known_once_nothing_but_stories_is_left() -> None:
    def request(url: str, callback: str, **meta: object) -> Request:
        def named() -> None: ...

        named.__name__ = callback
        return Request(url, callback=named, meta=meta)

    counts = CrawlProgress()
    counts.scheduled(request("http://x/", "parse_home"))
    counts.answered(request("http://x/", "parse_home"))
    counts.scheduled(request("http://x/news", "parse_listing"))
    counts.scheduled(request("http://x/a", "parse_story"))
    assert counts.stage == "stories" and counts.stories_total(held_back=0) is None
    counts.failed("http://x/news")  # the listing failed: nothing else to read
    assert counts.stories_total(held_back=5) == 6
    counts.scheduled(request("http://x/a", "parse_story", retry_times=1))  # the same page
    counts.scheduled(request("http://x/b", "parse_story", redirect_urls=["http://x/a"]))
    counts.answered(request("http://x/b", "parse_story"))
    assert (counts.pages_done, counts.pages_open, counts.stories_total(0)) == (3, 0, 1)
