"""What every benchmark shares: the crawl settings of a local run and the replicas, built once
under the work folder (``replica-<extra>``) and reused by every measure."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
