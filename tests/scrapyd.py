"""A throwaway Scrapyd with the project deployed."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT

USER, PASSWORD = "crawler", "s3cret"


class Scrapyd:
    def __init__(self, url: str, home: Path) -> None:
        self.url, self.home = url, home

    def call(self, path: str, data: dict | None = None, auth: bool = True) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(self.url + path, data=body)
        if auth:
            token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, path: str, data: dict | None = None) -> dict:
        status, body = self.call(path, data)
        assert status == 200, body
        return json.loads(body)

    def schedule(self, base_url: str, **extra: str) -> str:
        settings = {**LOCAL_SETTINGS, "MAYADEEN_BASE_URL": base_url}
        data = {
            "project": "mayadeen",
            "spider": "sections",
            "setting": [f"{k}={v}" for k, v in settings.items()],
            **extra,
        }
        answer = self.json("/schedule.json", data)
        assert answer["status"] == "ok", answer
        return answer["jobid"]

    def wait(self, job: str, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = self.json("/listjobs.json?project=mayadeen")
            for finished in jobs["finished"]:
                if finished["id"] == job:
                    return finished
            time.sleep(0.5)
        raise AssertionError(f"job {job} did not finish: {jobs}")

    def items(self, job: str) -> list[dict]:
        status, body = self.call(f"/items/mayadeen/sections/{job}.jl")
        assert status == 200, body
        return [json.loads(line) for line in body.decode("utf-8").splitlines() if line]

    def log(self, job: str) -> str:
        status, body = self.call(f"/logs/mayadeen/sections/{job}.log")
        assert status == 200, body
        return body.decode("utf-8")


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    conf = (PROJECT_ROOT / "scrapyd" / "scrapyd.conf").read_text()
    conf = conf.replace("http_port = 6800", f"http_port = {port}")
    conf = conf.replace("poll_interval = 5", "poll_interval = 0.2")
    (home / "scrapyd.conf").write_text(conf)
    env = {
        **os.environ,
        "SCRAPYD_USERNAME": USER,
        "SCRAPYD_PASSWORD": PASSWORD,
        "MAYADEEN_DATA_DIR": str(tmp_path / "data"),
    }
    log = (home / "scrapyd.out").open("w")
    process = subprocess.Popen(
        [str(BIN / "scrapyd"), "--nodaemon", "--pidfile="],
        cwd=home,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Scrapyd(f"http://127.0.0.1:{port}", home)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.call("/daemonstatus.json")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (home / "scrapyd.out").read_text()
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


USER, PASSWORD = "crawler", "s3cret"


def deploy(scrapyd: Scrapyd, tmp_path: Path) -> None:
    """``scrapyd-deploy`` from a copy of the project whose target points at this Scrapyd."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mayadeen", "setup.py", "pyproject.toml", "README.md", "scrapy.cfg"):
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    cfg = project / "scrapy.cfg"
    cfg.write_text(cfg.read_text().replace("http://127.0.0.1:6800", scrapyd.url))
    result = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "local", "-p", "mayadeen", "--version", "r1"],
        cwd=project,
        env={**os.environ, "SCRAPYD_USERNAME": USER, "SCRAPYD_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"status": "ok"' in result.stdout, result.stdout


BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
