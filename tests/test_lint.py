"""The code base stays ruff-clean (lint and format), as CI and reviewers expect, and keeps its
layout's import rules (import-linter's contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawl import PROJECT_ROOT

pytestmark = pytest.mark.subprocess  # ruff


def test_ruff_check_and_format() -> None:
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    """No package imports a layer above it (docs/architecture.md, "Map of the code")."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
