"""The code base stays ruff-clean (lint and format), as CI and reviewers expect."""

from __future__ import annotations

import subprocess
import sys

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
