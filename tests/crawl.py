"""Run ``scrapy crawl`` against a local replica, as users run it (a subprocess)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The live site's polite defaults, relaxed for a server on loopback.
LOCAL_SETTINGS = {
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "MAYADEEN_RETRY_BACKOFF": "0.05",
}


def crawl(
    spider: str,
    base_url: str,
    outputs: list[Path],
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    log_file: Path | None = None,
    data_dir: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl SPIDER`` on ``base_url`` writing each of ``outputs`` (overwritten).

    The crawl's data dir (its history, and its default feeds when ``outputs`` is empty) is
    ``data_dir``, by default the folder of the first output: never the project's ``data/``.
    """
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in (args or {}).items():
        command += ["-a", f"{name}={value}"]
    every = {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data_dir or outputs[0].parent),
        **(settings or {}),
    }
    for name, value in every.items():
        command += ["-s", f"{name}={value}"]
    for output in outputs:
        command += ["-O", str(output)]
    if log_file is not None:
        command += ["--logfile", str(log_file)]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, env=os.environ.copy()
    )


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def parse_stats(log: str) -> dict[str, int | float | str]:
    """The stats dump Scrapy logs at the end of a crawl (numbers and quoted strings)."""
    block = log[log.index("Dumping Scrapy stats:") :].split("\n", 1)[1]
    block = block[: block.index("}") + 1]
    stats: dict[str, int | float | str] = {}
    for name, value in re.findall(r"'([^']+)': ('[^']*'|[\d.]+)", block):
        if value.startswith("'"):
            stats[name] = value.strip("'")
        else:
            stats[name] = float(value) if "." in value else int(value)
    return stats
