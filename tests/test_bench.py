"""``make bench`` cannot rot: its quick run (every measure, small sizes, nginx on 127.0.0.1)
produces every row of the table. No timing is asserted: the figures of a quick run say
nothing; the real ones are in bench/results.json and bench/README.md."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scale_table, table
from bench.scale import merged
from tests.crawl import PROJECT_ROOT
from tests.postgres import NOT_INSTALLED, find_bin_dir


@pytest.mark.requires_nginx
@pytest.mark.subprocess
def test_the_quick_benchmark_produces_every_row(tmp_path: Path) -> None:
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx is not installed: apt-get install nginx-light (Debian)")
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        "bench/run.py",
        "--quick",
        "--work",
        str(tmp_path),
        "--out",
        str(out),
    ]
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert table.missing(results) == []
    rendered = table.render(results)
    assert len(rendered.splitlines()) == 2 + len(table.ROWS)
    assert rendered in run.stdout  # the run prints the table it made


def test_the_readme_table_is_the_one_results_json_makes(tmp_path: Path) -> None:
    readme = PROJECT_ROOT / "bench" / "README.md"
    results = json.loads((PROJECT_ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    copy = Path(shutil.copy(readme, tmp_path / "README.md"))
    table.update(copy, results)
    assert copy.read_text(encoding="utf-8") == readme.read_text(encoding="utf-8")


@pytest.mark.requires_nginx
@pytest.mark.subprocess
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.requires_postgres)]
)
def test_the_scale_bench_measures_every_figure_at_a_small_size(
    backend: str, tmp_path: Path
) -> None:
    """``make bench-scale`` at 500 articles on each backend (PostgreSQL on a throwaway
    cluster of its own): every figure, and right counts."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx is not installed: apt-get install nginx-light (Debian)")
    if backend == "postgresql" and find_bin_dir() is None:
        pytest.skip(NOT_INSTALLED)
    out = tmp_path / "scale.json"
    command = [sys.executable, "bench/scale.py", "--sizes", "500", "--backends", backend]
    command += ["--work", str(tmp_path / "scale"), "--out", str(out)]
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert scale_table.missing(results) == []
    measured = results["backends"][backend]["runs"]["500"]
    assert measured["articles"] == 500
    assert measured["export"]["rows"] == 500
    assert (
        measured["revisions_count"] == measured["replica_articles"] + measured["fill"]["revisions"]
    )
    assert measured["edited_revisions"] == 2
    assert measured["incremental"]["new_articles"] == 0
    assert measured["incremental"]["requests"] > 0
    assert len(measured["hits"]["common"]) == 20
    if backend == "sqlite":  # counted in SQLite's index
        assert measured["matches"]["common"] >= 0.7 * 500
    assert measured["search_stdout_lines"] > 0
    assert scale_table.render(results) in run.stdout


def test_the_readme_scale_table_is_the_one_scale_results_json_makes(tmp_path: Path) -> None:
    readme = PROJECT_ROOT / "bench" / "README.md"
    results = json.loads((PROJECT_ROOT / "bench" / "scale-results.json").read_text("utf-8"))
    copy = Path(shutil.copy(readme, tmp_path / "README.md"))
    scale_table.update(copy, results)
    assert copy.read_text(encoding="utf-8") == readme.read_text(encoding="utf-8")


def test_the_size_verdict_is_a_sqlite_files_and_postgresqls_size_is_reported() -> None:
    results = json.loads((PROJECT_ROOT / "bench" / "scale-results.json").read_text("utf-8"))
    sqlite = results["backends"]["sqlite"]["runs"]
    largest = max(sqlite, key=int)

    def size_rows(sqlite_bytes: int) -> list[str]:
        sqlite[largest] = sqlite[largest] | {"bytes_per_article": sqlite_bytes}
        rendered = scale_table.render(results).splitlines()
        return [row for row in rendered if row.startswith("| history, bytes per article")]

    postgresql, met = size_rows(scale_table.BYTES_PER_ARTICLE)
    assert "| postgresql |" in postgresql and postgresql.endswith("|  |")  # no verdict
    assert met.endswith("| met |")
    assert size_rows(scale_table.BYTES_PER_ARTICLE + 1)[1].endswith("| **missed** |")


def test_a_scale_run_merged_keeps_the_backends_it_did_not_measure() -> None:
    earlier = {
        "date": "2026-12-01T00:00:00+00:00",
        "sizes": [10000, 1000000],
        "backends": {"sqlite": {"runs": {"10000": 1}}, "postgresql": {"runs": {"10000": 2}}},
    }
    now = {
        "date": "2026-12-07T00:00:00+00:00",
        "sizes": [10000],
        "backends": {"postgresql": {"date": "2026-12-07T00:00:00+00:00", "runs": {"10000": 3}}},
    }
    result = merged(now, earlier)
    assert result["backends"] == {
        "postgresql": {"date": "2026-12-07T00:00:00+00:00", "runs": {"10000": 3}},
        "sqlite": {"date": "2026-12-01T00:00:00+00:00", "runs": {"10000": 1}},
    }
    assert result["sizes"] == [10000, 1000000]


@pytest.mark.subprocess
def test_the_record_cost_is_measured_against_another_commits_code(tmp_path: Path) -> None:
    """``bench/record.py --against``: both codes measured, each in every round, the older
    one from its own commit's package (``git archive``), not this checkout's."""
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    command = [sys.executable, "bench/record.py", "--against", "HEAD", "--articles", "0"]
    command += ["--rounds", "2", "--work", str(tmp_path)]
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result["articles"] == len(list((tmp_path / "replica-0").rglob("*.expected.json")))
    assert result["articles"] > 100
    assert sorted(result["rounds"]) == ["HEAD", "this checkout"]
    assert all(len(times) == 2 and min(times) > 0 for times in result["rounds"].values())
    extracted = list(tmp_path.glob("code-*/mayadeen/history/database.py"))
    assert len(extracted) == 1
    assert Path(result["code"]["HEAD"]) == extracted[0].parent.parent
    assert Path(result["code"]["this checkout"]) == PROJECT_ROOT / "mayadeen"
