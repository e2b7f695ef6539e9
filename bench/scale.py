"""``make bench-scale``: the corpus at 10k, 100k (and 1M) articles, on SQLite and PostgreSQL,
every figure of issue 26 measured side by side in one run, with its ratio to the smallest size.

    python bench/scale.py [--sizes 10000,100000] [--million] [--backends sqlite,postgresql]

For each backend and size, a new history: a full ``sections`` crawl of the replica
(``tests/replica``, served by nginx) first, so that the history knows the replica's stories
and its listings' watermarks as a scheduled crawl leaves them, then the rest of the N articles
generated and recorded through the project's own code (``bench/filler.py``: fixed seed, 3%
edited). Then:

- **size**: bytes per article (SQLite: the file, its WAL checkpointed; PostgreSQL: the sum of
  ``pg_total_relation_size`` of its tables, after ``VACUUM ANALYZE``: the throwaway server
  runs no autovacuum, which a real one would have run after such a load);
- **search** in-process (:meth:`mayadeen.corpus.Corpus.search`, ``limit=20``, the median of
  21 after one untimed): a common word, a rare word, two words, a quoted phrase (its time is
  shown only if the hits hold the phrase: ``n/a`` if quotes were not phrase search), a
  phrase of two common words seldom next to each other in its order, the common word
  ``--since`` a recent day and ``--section Politics``; ``revisions`` of an edited article
  and opening the history, the same way;
- **export**: ``scrapy export --format jsonl``: seconds to its first row (from the call of
  ``Corpus.articles``), the peak disk of its temporary files (SQLite's, in a fresh
  ``SQLITE_TMPDIR``; PostgreSQL's, in the cluster's ``pgsql_tmp``), its rows;
- **an incremental ``sections`` run** with nothing new on the replica: spider open to close
  (``elapsed_time_seconds``, the median of 3 runs) and its requests;
- **peak RSS** of ``scrapy search``, ``scrapy revisions``, ``scrapy export`` and the crawl
  (``bench/probe.py``).

Writes ``bench/scale-results.json`` and the scale table of ``bench/README.md`` (between the
``scale`` markers), unless ``--out`` names another file. ``--sizes 500 --backends sqlite`` is
the smoke test's run (``tests/test_bench.py``): its figures say nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import filler, scale_table  # noqa: E402
from bench.common import SETTINGS, replica  # noqa: E402
from bench.filler import QUERIES  # noqa: E402
from mayadeen.corpus import Corpus  # noqa: E402
from tests.crawl import parse_stats  # noqa: E402
from tests.replica.nginx import serve_nginx  # noqa: E402

#: The throwaway PostgreSQL cluster's memory and checkpoints, as a server holding a history
#: of a million articles would have them (the tests' cluster has PostgreSQL's defaults: 128 MB
#: of shared buffers, a checkpoint every 1 GB of WAL, which a fill of 1M passes hundreds of
#: times).
POSTGRES_SETTINGS = {
    "shared_buffers": "4GB",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "1h",
    "maintenance_work_mem": "1GB",
}
#: Timed runs of each in-process measure (after one untimed run): the median of 21, as a
#: measure under a millisecond moved by half from one median of 5 to the next.
RUNS = 21
#: The ``--since`` of the filtered search: the last year of the generated articles and the
#: replica's stories.
SINCE = "2022-01-01"
SECTION = "Politics"
#: The searches timed: name -> (words, filters).
SEARCHES: dict[str, tuple[str, dict[str, str]]] = {
    "common": (QUERIES["common"], {}),
    "rare": (QUERIES["rare"], {}),
    "two_words": (QUERIES["two_words"], {}),
    "phrase": (QUERIES["phrase"], {}),
    "phrase_apart": (QUERIES["phrase_apart"], {}),
    "since": (QUERIES["common"], {"since": SINCE}),
    "section": (QUERIES["common"], {"section": SECTION}),
}
MILLION = 1_000_000
#: Incremental runs measured per history (their median: one takes a tenth of a second, which
#: moves by half from one to the next).
INCREMENTAL_RUNS = 5


def median_ms(call: Callable[[], Any]) -> float:
    """Milliseconds of ``call``: the median of :data:`RUNS` after one untimed run."""
    call()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


class Backend:
    """Where the histories of one backend are made: :meth:`new` a history, :meth:`drop` it."""

    name = ""
    #: Folders where the backend's temporary files go during an export.
    temp_dirs: tuple[str, ...] = ()

    def new(self, size: int, work: Path) -> str:
        raise NotImplementedError

    def settle(self, location: str) -> None:
        """After the fill: the state a history is in when it is read."""

    def size_bytes(self, location: str) -> int:
        raise NotImplementedError

    def drop(self, location: str) -> None:
        raise NotImplementedError


class SQLite(Backend):
    name = "sqlite"

    def new(self, size: int, work: Path) -> str:
        folder = work / f"sqlite-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.temp_dirs = (str(folder / "tmp"),)
        Path(self.temp_dirs[0]).mkdir()
        return str(folder / "history.sqlite3")

    def settle(self, location: str) -> None:
        with contextlib.closing(sqlite3.connect(location)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size_bytes(self, location: str) -> int:
        return sum(
            Path(location + suffix).stat().st_size
            for suffix in ("", "-wal")
            if Path(location + suffix).exists()
        )

    def drop(self, location: str) -> None:
        shutil.rmtree(Path(location).parent, ignore_errors=True)


class PostgreSQL(Backend):
    name = "postgresql"

    def __init__(self, server: Any) -> None:
        self.server = server
        self.temp_dirs = (str(server.data_dir / "base" / "pgsql_tmp"),)

    def new(self, size: int, work: Path) -> str:
        name = f"scale_{size}"
        self.server.drop_database(name)
        return str(self.server.create_database(name))

    def settle(self, location: str) -> None:
        import psycopg

        # The checkpoint writes the fill's pages now, not while the figures are measured
        # (a run whose checkpointer was writing a 1M fill's read its incremental runs at
        # 1.58x the 10k's; the same histories measured again after a checkpoint, 1.02x).
        with psycopg.connect(location, autocommit=True) as db:
            db.execute("VACUUM ANALYZE")
            db.execute("CHECKPOINT")

    def size_bytes(self, location: str) -> int:
        import psycopg

        with psycopg.connect(location) as db:
            row = db.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')"
            ).fetchone()
        return int(row[0] or 0) if row else 0

    def drop(self, location: str) -> None:
        self.server.drop_database(location.rsplit("/", 1)[1])


@contextlib.contextmanager
def backends(names: list[str]) -> Iterator[list[Backend]]:
    """The backends asked for; PostgreSQL on a throwaway cluster (``tests/postgres.py``),
    stopped and removed at the end."""
    made: list[Backend] = []
    with contextlib.ExitStack() as stack:
        for name in names:
            if name == "sqlite":
                made.append(SQLite())
            elif name == "postgresql":
                from tests.postgres import PostgresServer, find_bin_dir

                if find_bin_dir() is None:
                    raise SystemExit("PostgreSQL is not installed (initdb): --backends sqlite")
                server = PostgresServer(POSTGRES_SETTINGS)
                made.append(PostgreSQL(stack.enter_context(server)))
            else:
                raise SystemExit(f"unknown backend {name!r}: sqlite or postgresql")
        yield made


def child_env(backend: Backend) -> dict[str, str]:
    """The environment of a measured command: this project first on the path, and SQLite's
    temporary files where they are watched."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    if backend.name == "sqlite":
        env["SQLITE_TMPDIR"] = backend.temp_dirs[0]
    return env


def probe(backend: Backend, out: Path, args: list[str], watch: bool = False) -> dict[str, Any]:
    """``scrapy ARGS`` through ``bench/probe.py``: what it reports, and its output."""
    command = [sys.executable, "-m", "bench.probe", str(out)]
    for folder in backend.temp_dirs if watch else []:
        command += ["--watch", folder]
    done = subprocess.run(
        [*command, "--", *args],
        cwd=ROOT,
        env=child_env(backend),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"scrapy {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    result = json.loads(out.read_text(encoding="utf-8"))
    result["stdout"] = done.stdout
    return result


def crawl(backend: Backend, location: str, url: str, data_dir: Path) -> dict[str, Any]:
    """A ``sections`` crawl of the replica at ``url`` with the history at ``location``: its
    stats, plus the probe's ``peak_rss_mb``."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    log = data_dir / "crawl.log"
    settings = {
        **SETTINGS,
        "MAYADEEN_BASE_URL": url,
        "MAYADEEN_DATA_DIR": str(data_dir),
        "MAYADEEN_HISTORY": location,
        "LOG_FILE": str(log),
    }
    args = ["crawl", "sections"]
    for name, value in settings.items():
        args += ["-s", f"{name}={value}"]
    measured = probe(backend, data_dir / "probe.json", args)
    stats = parse_stats(log.read_text(encoding="utf-8"))
    if stats.get("log_count/ERROR", 0):
        raise SystemExit(f"the crawl logged errors: see {log}")
    return {**stats, "peak_rss_mb": measured["peak_rss_mb"]}


def phrase_found(corpus: Corpus, words: str, hits: list[Any]) -> bool:
    """Whether every hit of the quoted ``words`` holds them next to each other (stemmed): a
    search that took them for two words finds some apart."""
    first, second = re.findall(r"\w+", words)
    pattern = re.compile(
        rf"\b{first[:-1]}\w*\W+{second[:-1]}\w*\b", re.IGNORECASE
    )  # "sanction(s) vote(s)"
    for hit in hits:
        item = corpus.revisions(hit.article_id)[-1]
        text = " ".join(item.get(name) or "" for name in ("title", "summary", "body"))
        if not pattern.search(text):
            return False
    return bool(hits)


def in_process(location: str, dialect: str, edited: str) -> dict[str, Any]:
    """Searches, revisions and opening the history, in this process (ms)."""
    results: dict[str, Any] = {"search_ms": {}, "hits": {}}
    with Corpus.open(location) as corpus:
        for name, (words, filters) in SEARCHES.items():
            results["search_ms"][name] = median_ms(
                lambda w=words, f=filters: corpus.search(w, limit=20, **f)
            )
            hits = corpus.search(words, limit=20, **filters)
            results["hits"][name] = [hit.article_id for hit in hits]
        phrase = corpus.search(QUERIES["phrase"], limit=20)
        results["phrase_search"] = phrase_found(corpus, QUERIES["phrase"], phrase)
        results["revisions_ms"] = median_ms(lambda: corpus.changes(edited))
        results["articles"] = corpus.count()
        results["edited_revisions"] = len(corpus.revisions(edited))
        if dialect == "sqlite":
            results["matches"] = {
                name: corpus.db.execute(
                    sa.text("SELECT count(*) FROM article_search WHERE article_search MATCH :q"),
                    {"q": " ".join(f'"{w}"' for w in re.findall(r"\w+", words))},
                ).scalar_one()
                for name, (words, _) in SEARCHES.items()
                if name in ("common", "rare", "two_words")
            }
    results["open_ms"] = median_ms(lambda: Corpus.open(location).close())
    return results


def measure(backend: Backend, size: int, work: Path, site: Path, seed: int) -> dict[str, Any]:
    """Every figure for one backend and size (see the module's docstring)."""
    location = backend.new(size, work)
    folder = work / f"{backend.name}-{size}-runs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    result: dict[str, Any] = {}
    try:
        with serve_nginx(site) as url:
            full = crawl(backend, location, url, folder / "full")
        crawled = int(full.get("mayadeen/articles_new", full.get("item_scraped_count", 0)))
        result["replica_articles"] = crawled
        result["fill"] = filler.fill(location, max(size - crawled, 0), seed=seed, progress=True)
        result |= measure_filled(backend, location, size - crawled, site, seed, folder)
        result["revisions_count"] = result["fill"]["revisions"] + crawled
    finally:
        backend.drop(location)
        shutil.rmtree(folder, ignore_errors=True)
    return result


def measure_filled(
    backend: Backend, location: str, filled: int, site: Path, seed: int, folder: Path
) -> dict[str, Any]:
    """Every figure of a history the replica's crawl and ``filled`` generated articles are
    in, settled first (the part of :func:`measure` after the fill)."""
    backend.settle(location)
    edited = next(filler.FIRST_ID + i for i in range(max(filled, 0)) if filler.edited(seed, i))
    result = in_process(location, backend.name, str(edited))
    size_bytes = backend.size_bytes(location)
    result["history_mb"] = round(size_bytes / 1e6, 1)
    result["bytes_per_article"] = round(size_bytes / result["articles"])
    history = ["--history", location]
    search = probe(backend, folder / "search.json", ["search", QUERIES["common"], *history])
    revisions = probe(backend, folder / "revisions.json", ["revisions", str(edited), *history])
    output = folder / "export.jsonl"
    export = probe(
        backend,
        folder / "export.json",
        ["export", "--format", "jsonl", "-o", str(output), *history],
        watch=True,
    )
    with output.open("rb") as rows:
        export_rows = sum(1 for _ in rows)
    output.unlink()
    result["export"] = {
        "first_row_seconds": export.get("first_row_seconds"),
        "temp_peak_mb": export["temp_peak_mb"],
        "seconds": export["seconds"],
        "rows": export_rows,
    }
    with serve_nginx(site) as url:
        runs = [
            crawl(backend, location, url, folder / f"incremental-{n}")
            for n in range(INCREMENTAL_RUNS)
        ]
    again = runs[-1]
    result["incremental"] = {
        "seconds": round(statistics.median(float(r["elapsed_time_seconds"]) for r in runs), 3),
        "requests": again["downloader/request_count"],
        "new_articles": again.get("mayadeen/articles_new", 0),
        "walk": again.get("mayadeen/incremental/walk"),
    }
    result["peak_rss_mb"] = {
        "search": search["peak_rss_mb"],
        "revisions": revisions["peak_rss_mb"],
        "export": export["peak_rss_mb"],
        "crawl": again["peak_rss_mb"],
    }
    result["search_stdout_lines"] = len(search["stdout"].splitlines())
    return result


def ratios(runs: dict[str, Any]) -> dict[str, Any]:
    """Every number of each size's figures divided by the smallest size's."""

    def divide(value: Any, base: Any) -> Any:
        if isinstance(value, dict) and isinstance(base, dict):
            return {k: divide(v, base[k]) for k, v in value.items() if k in base}
        if isinstance(value, int | float) and isinstance(base, int | float) and base:
            if isinstance(value, bool):
                return None
            return round(value / base, 3)
        return None

    sizes = sorted(runs, key=int)
    return {size: divide(runs[size], runs[sizes[0]]) for size in sizes[1:]}


def machine() -> dict[str, Any]:
    import platform

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    site = replica(work.parent, 0)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "command": "make bench-scale  # python bench/scale.py " + " ".join(sys.argv[1:]),
        "seed": args.seed,
        "sizes": args.sizes,
        "queries": {name: [words, filters] for name, (words, filters) in SEARCHES.items()},
        "backends": {},
    }
    with backends(args.backends) as made:
        for backend in made:
            runs: dict[str, Any] = {}
            sizes = args.sizes
            if backend.name == "postgresql" and args.postgresql_sizes:
                sizes = args.postgresql_sizes
            for size in sizes:
                print(f"{backend.name}, {size:,} articles", file=sys.stderr, flush=True)
                runs[str(size)] = measure(backend, size, work, site, args.seed)
                print(json.dumps({backend.name: {size: runs[str(size)]}}), flush=True)
            results["backends"][backend.name] = {
                "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "runs": runs,
                "ratios": ratios(runs),
            }
    return results


def merged(results: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """``results`` with the backends of ``earlier`` that it did not measure (each keeps the
    date it was measured on; the sizes are both's)."""
    for name, result in earlier["backends"].items():
        results["backends"].setdefault(name, {"date": earlier["date"], **result})
    results["sizes"] = sorted({*results["sizes"], *earlier["sizes"]})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="articles per history, comma-separated"
    )
    parser.add_argument("--million", action="store_true", help="and 1,000,000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgresql-sizes", help="PostgreSQL's sizes, when not --sizes (its fill is slower)"
    )
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "scale")
    parser.add_argument("--out", type=Path, help="default: bench/scale-results.json")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the results of the backends not measured now from the file written to",
    )
    args = parser.parse_args()
    million = {MILLION} if args.million else set()
    args.sizes = sorted({int(s) for s in args.sizes.split(",")} | million)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if args.postgresql_sizes:
        args.postgresql_sizes = sorted(int(s) for s in args.postgresql_sizes.split(","))
    results = run(args)
    out = args.out or ROOT / "bench" / "scale-results.json"
    if args.merge and out.exists():
        results = merged(results, json.loads(out.read_text(encoding="utf-8")))
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    if args.out is None:
        scale_table.update(ROOT / "bench" / "README.md", results)
        print("wrote the scale table of bench/README.md")
    print(scale_table.render(results))


if __name__ == "__main__":
    main()
