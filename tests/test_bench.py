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

from bench import table
from tests.crawl import PROJECT_ROOT


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
