"""Run one ``scrapy`` command in this process and say what it cost: its peak RSS, its wall
time, and, when asked, the peak disk its temporary files took and when ``Corpus.articles``
gave its first row. For the scale bench (``bench/scale.py``)::

    python -m bench.probe OUT.json [--watch DIR ...] -- search said --history H

At exit, ``OUT.json`` gets ``peak_rss_mb`` (the kernel's ``VmHWM`` of this process: its
peak since it started, as ``exec`` began it afresh), ``seconds`` (the command, imports
included), ``temp_peak_mb`` (the largest total size, sampled every 10 ms, of the files in
the ``--watch`` folders plus the files this process holds open there: SQLite removes its
temporary files as it opens them, so only their descriptors show them) and
``first_row_seconds`` (from the call of :meth:`mayadeen.corpus.Corpus.articles` to its first
row, when the command called it).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Seconds between two samples of the temporary files' size.
SAMPLE_EVERY = 0.01


def peak_rss_mb() -> float:
    """This process's peak resident set size (``VmHWM``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def disk_used(folders: list[str]) -> int:
    """Bytes on disk of the files in ``folders`` and of this process's open files there
    (removed or not), each counted once."""
    seen: dict[tuple[int, int], int] = {}
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            seen[(stat.st_dev, stat.st_ino)] = stat.st_blocks * 512
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        descriptors = []
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if not any(target.startswith(folder.rstrip("/") + "/") for folder in folders):
                continue
            stat = os.stat(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        seen[(stat.st_dev, stat.st_ino)] = stat.st_blocks * 512
    return sum(seen.values())


class Watcher(threading.Thread):
    """Samples :func:`disk_used` of ``folders`` until stopped; :attr:`peak` bytes."""

    def __init__(self, folders: list[str]) -> None:
        super().__init__(daemon=True)
        self.folders = folders
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY):
            self.peak = max(self.peak, disk_used(self.folders))


def time_first_row(result: dict[str, Any]) -> None:
    """Have :meth:`Corpus.articles` note in ``result`` when its first row came."""
    from mayadeen.corpus import Corpus

    articles = Corpus.articles

    def timed(self: Corpus, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        started = time.perf_counter()
        for count, row in enumerate(articles(self, *args, **kwargs)):
            if count == 0:
                result["first_row_seconds"] = round(time.perf_counter() - started, 4)
            yield row

    Corpus.articles = timed  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--watch", action="append", default=[])
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the command after --")
    at = argv.index("--")
    args, command = parser.parse_args(argv[:at]), argv[at + 1 :]
    started = time.monotonic()
    result: dict[str, Any] = {"command": command}
    watcher = Watcher([str(Path(folder).resolve()) for folder in args.watch])
    if args.watch:
        watcher.start()

    def report() -> None:
        watcher.stopped.set()
        result["seconds"] = round(time.monotonic() - started, 3)
        result["peak_rss_mb"] = peak_rss_mb()
        if args.watch:
            watcher.join()
            result["temp_peak_mb"] = round(watcher.peak / 1e6, 3)
        args.out.write_text(json.dumps(result), encoding="utf-8")

    atexit.register(report)
    time_first_row(result)
    from scrapy.cmdline import execute

    execute(["scrapy", *command])


if __name__ == "__main__":
    main()
