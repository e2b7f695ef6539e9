"""Keeping revisions: the CPU time of recording an article in a new SQLite history, and the
same measure of this checkout against another commit's code, side by side.

``make bench``'s corpus row (``bench/run.py``) takes :func:`record_ms` of the large
replica's articles against the ``article`` crawl's CPU per article. Both move by about 10%
from one run to the next on this machine, so whether a change made recording dearer is
answered by measuring the two codes at the same time, one after the other, a few rounds:

    python bench/record.py --against 18442b2 [--articles 50000] [--rounds 3]

Each round records the same articles (the replica's, with ``--articles`` extra ones) with
each code in a child process of its own (that code's ``mayadeen`` first on its path; the
other commit's extracted once under the work folder), in alternating order; the best round
of each and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def replica_items(site: Path) -> list[dict[str, Any]]:
    """Every item of the replica ``site`` (its expected ones, by file name) as a crawl would
    record them: revision 1, a fixed time, their content hash."""
    from mayadeen.items import content_hash

    items = []
    for expected in sorted(site.rglob("*.expected.json")):
        item = json.loads(expected.read_text(encoding="utf-8"))
        item |= {
            "revision": 1,
            "scraped_at": "2026-11-30T00:00:00+00:00",
            "content_hash": content_hash(item.get("title"), item.get("body")),
        }
        items.append(item)
    return items


def record_ms(items: list[dict[str, Any]], path: Path) -> float:
    """CPU milliseconds per item of recording ``items`` in a new SQLite history at ``path``
    (its folder made anew) as a crawl does (committed in groups), the last commit included."""
    from mayadeen.history import History

    shutil.rmtree(path.parent, ignore_errors=True)
    path.parent.mkdir(parents=True)
    history = History(path, group_records=True)
    started = time.process_time()
    for item in items:
        history.record(item, [])
    history.commit()
    ms = (time.process_time() - started) * 1000 / len(items)
    history.close()
    return ms


def checkout(rev: str, work: Path) -> Path:
    """The package ``mayadeen`` of ``rev``, extracted once under ``work`` (``git archive``:
    nothing is added to the repository's own folders)."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tree = work / f"code-{commit}"
    if not (tree / "mayadeen").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "mayadeen"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as files:
            files.extractall(tree, filter="data")
    return tree


def child(code: Path, site: Path, history: Path) -> tuple[str, float]:
    """:func:`record_ms` of the items of ``site`` with the code of ``code``, run in a process
    of its own; and the folder of the package ``mayadeen`` it ran."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(code), str(site), str(history)],
        check=True,
        capture_output=True,
        text=True,
    )
    package, ms = result.stdout.strip().splitlines()[-2:]
    return package, float(ms)


def side_by_side(against: str, articles: int, rounds: int, work: Path) -> dict[str, Any]:
    """Recording the items of the replica with ``articles`` extra ones (``make bench``'s large
    one: 50,000) with this checkout's code and ``against``'s, ``rounds`` times each in
    alternating order."""
    from bench.common import replica

    with contextlib.redirect_stdout(sys.stderr):  # what it built: stdout is the result's
        site = replica(work, articles) / "site"
    codes = {"this checkout": ROOT, against: checkout(against, work)}
    times: dict[str, list[float]] = {name: [] for name in codes}
    ran: dict[str, str] = {}
    for n in range(rounds):
        for name in sorted(codes, reverse=n % 2 == 1):
            ran[name], ms = child(codes[name], site, work / "record" / "h.sqlite3")
            times[name].append(ms)
            print(f"round {n + 1}, {name}: {times[name][-1]:.3f} ms", file=sys.stderr)
    best = {name: round(min(ms), 3) for name, ms in times.items()}
    return {
        "articles": len(list(site.rglob("*.expected.json"))),
        "code": ran,
        "rounds": {name: [round(ms, 3) for ms in runs] for name, runs in times.items()},
        "best_ms": best,
        "median_ms": {name: round(statistics.median(ms), 3) for name, ms in times.items()},
        "ratio": round(best["this checkout"] / best[against], 3),
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        code, site, history = sys.argv[2:5]
        sys.path.insert(0, code)
        import mayadeen

        print(Path(mayadeen.__file__).parent)
        print(record_ms(replica_items(Path(site)), Path(history)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="a commit, branch or tag")
    parser.add_argument("--articles", type=int, default=50000, help="the replica's extra ones")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(side_by_side(args.against, args.articles, args.rounds, work), indent=2))


if __name__ == "__main__":
    main()
