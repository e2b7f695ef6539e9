"""Running scrapy commands in a child process, as a user types them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LIVE = "https://english.almayadeen.net"


def run_scrapy(
    cwd: Path, args: list[str], settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``scrapy ARGS -s ...`` in ``cwd``, the project found by ``SCRAPY_SETTINGS_MODULE``
    and the data dir left at its default (``cwd/data``)."""
    env = {k: v for k, v in os.environ.items() if k != "MAYADEEN_DATA_DIR"}
    env["SCRAPY_SETTINGS_MODULE"] = "mayadeen.settings"
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
