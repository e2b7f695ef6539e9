"""What every benchmark shares: the crawl settings of a local run and the replicas, built once
under the work folder (``replica-<extra>``) and reused by every measure."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.crawl import parse_stats  # noqa: E402
from tests.replica.build import build  # noqa: E402

#: One process, no politeness: the server is local and fast, the crawler is the bottleneck.
SETTINGS = {
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
    "MAYADEEN_PROGRESS": "0",
}


def replica(work: Path, extra: int) -> Path:
    """The replica plus ``extra`` articles, built once and kept under ``work``."""
    out = work / f"replica-{extra}"
    if not (out / "manifest.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        started = time.monotonic()
        build(out, extra_articles=extra)
        print(f"built {out} in {time.monotonic() - started:.0f}s", flush=True)
    return out


def crawl(
    args: list[str], base_url: str, data_dir: Path, settings: dict[str, str] | None = None
) -> dict[str, Any]:
    """``scrapy ARGS`` (``crawl SPIDER`` or ``runspider FILE``) run in the project as a
    subprocess, on ``base_url``, with its data and its log (``crawl.log``) in ``data_dir``,
    :data:`SETTINGS` and ``settings``: its final stats. A failed crawl ends the benchmark."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "crawl.log"
    log.unlink(missing_ok=True)
    command = [sys.executable, "-m", "scrapy", *args]
    every = {
        **SETTINGS,
        "MAYADEEN_BASE_URL": base_url,
        "MAYADEEN_DATA_DIR": str(data_dir),
        "LOG_FILE": str(log),
        **(settings or {}),
    }
    for name, value in every.items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    stats = parse_stats(log.read_text(encoding="utf-8")) if log.exists() else {}
    if result.returncode != 0 or stats.get("log_count/ERROR", 0):
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}); see {log}")
    return stats
