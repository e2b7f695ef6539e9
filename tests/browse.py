"""scrapy browse in a child process, and its JSON read."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from tests.crawl import PROJECT_ROOT


@contextmanager
def scrapy_browse(history: Path, output: list[str] | None = None) -> Iterator[str]:
    """``scrapy browse`` on ``history``, on a free port, until the block ends; its address.
    ``output``: where to append what the command printed, once it has stopped."""
    command = [sys.executable, "-m", "scrapy", "browse", "--port", "0"]
    command += ["-s", f"MAYADEEN_HISTORY={history}"]
    child = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert found, line + child.stdout.read()
        address = found.group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urlopen(address + "-/versions.json", timeout=5):
                    break
            except OSError:
                assert child.poll() is None and time.monotonic() < deadline, "no Datasette"
                time.sleep(0.2)
        yield address
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=30)
        if output is not None and child.stdout is not None:
            output.append(child.stdout.read())


def get_json(url: str) -> Any:
    with urlopen(url, timeout=30) as response:
        return json.load(response)
