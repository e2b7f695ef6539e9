"""``make demo``: build and serve the bundled replica on 127.0.0.1, crawl all of it with the
``sections`` spider (menus, listings, "More" pages, then every story).

Writes data/demo/articles.jsonl and data/demo/articles.csv (and the run's summary and HTML
report beside the first) and the crawl's history, data/demo/history.sqlite3 (what ``make
browse`` opens), then stops the server. ``--edition ar`` (``make demo EDITION=ar``) does the
same with the Arabic edition's replica (``-a edition=ar``), in data/demo/ar/. On a terminal,
the crawl's progress line shows; its log goes to data/demo/crawl.log. Exits non-zero when the
crawl fails or misses a replica article. No network beyond loopback. Each run starts a new
history (the last one is removed first): every run writes every article, so the demo gives the
same result however often it runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mayadeen.monitoring.htmlreport import report_path  # noqa: E402
from tests.crawl import crawl, read_jsonl  # noqa: E402
from tests.replica.build import build  # noqa: E402
from tests.replica.server import serve  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=("en", "ar"), default="en")
    edition = parser.parse_args().edition
    english = edition == "en"
    replica = ROOT / "build" / ("replica" if english else f"replica-{edition}")
    out = ROOT / "data" / "demo" / ("" if english else edition)
    out.mkdir(parents=True, exist_ok=True)
    build(replica, edition=edition)
    manifest = json.loads((replica / "manifest.json").read_text(encoding="utf-8"))
    prefix = "" if english else f"{edition}:"  # an article's identity: edition and post id
    expected = {prefix + article["article_id"] for article in manifest["articles"]}
    jsonl, csv_path, log = out / "articles.jsonl", out / "articles.csv", out / "crawl.log"
    history = out / "history.sqlite3"  # the crawl's default, in its data folder
    for left in (history, *(Path(f"{history}{end}") for end in ("-wal", "-shm", ".lock"))):
        left.unlink(missing_ok=True)  # a new history: every article is written again
    with serve(replica / "site") as base_url:
        print(f"replica of {len(expected)} articles served at {base_url}")
        # On a terminal, the crawl's progress line shows there; its log goes to the file.
        result = crawl(
            "sections",
            base_url,
            [jsonl, csv_path],
            args={"edition": edition},
            log_file=log,
            inherit_stderr=sys.stderr.isatty(),
        )
    if result.returncode != 0:
        print(f"crawl failed (exit {result.returncode}); see {log}", file=sys.stderr)
        return result.returncode
    items = read_jsonl(jsonl)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{jsonl.relative_to(ROOT)}: {len(items)} articles")
    print(f"{csv_path.relative_to(ROOT)}: {len(rows)} articles")
    print(f"crawl log: {log.relative_to(ROOT)}")
    browse = "make browse" if english else f"make browse EDITION={edition}"
    print(f"history: {history.relative_to(ROOT)} (to browse it: {browse})")
    print(f"run report: {report_path(Path(f'{jsonl}.summary.json')).relative_to(ROOT)}")
    ids = [item["article_id"] for item in items]
    if sorted(ids) != sorted(expected) or len(rows) != len(items):
        missing = len(expected - set(ids))
        print(
            f"{missing} replica articles missing, {len(ids) - len(set(ids))} doubled",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
