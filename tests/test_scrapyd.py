"""End to end on a real Scrapyd: deploy with scrapyd-deploy, schedule twice, read items and logs.

Scrapyd runs from a temporary folder with the project's shipped ``scrapyd/scrapyd.conf``
(only its port and polling interval changed), basic auth on, on 127.0.0.1.
"""

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
from tests.replica.build import build
from tests.replica.server import serve

pytestmark = pytest.mark.subprocess  # Scrapyd runs each crawl in a process

USER, PASSWORD = "crawler", "s3cret"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def test_scheduled_crawls_on_scrapyd(
    scrapyd: Scrapyd, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    deploy(scrapyd, tmp_path)
    assert scrapyd.json("/listspiders.json?project=mayadeen")["spiders"] == [
        "article",
        "sections",
        "sitemap",
    ]

    first = scrapyd.schedule(replica_url)
    assert scrapyd.wait(first)["spider"] == "sections"
    first_items = scrapyd.items(first)
    assert sorted(i["article_id"] for i in first_items) == sorted(
        a["article_id"] for a in manifest["articles"]
    )

    grown = tmp_path / "replica-v2"
    build(grown, extra_articles=4)
    added = {
        a["article_id"]
        for a in json.loads((grown / "manifest.json").read_text())["articles"]
        if a.get("extra")
    }
    with serve(grown / "site") as grown_url:
        second = scrapyd.schedule(grown_url)
        scrapyd.wait(second)
    second_items = scrapyd.items(second)
    assert {i["article_id"] for i in second_items} == added
    assert len(second_items) == len(added)

    jobs = scrapyd.json("/listjobs.json?project=mayadeen")
    assert {j["id"] for j in jobs["finished"]} >= {first, second}
    for job in (first, second):
        log = scrapyd.log(job)
        assert " ERROR: " not in log and " CRITICAL: " not in log, log[-3000:]
        assert "Crawl succeeded" in log

    # Without credentials, nothing: not the API, not the items, not the logs.
    for path in ("/daemonstatus.json", f"/items/mayadeen/sections/{first}.jl"):
        assert scrapyd.call(path, auth=False)[0] == 401
    assert scrapyd.call(f"/logs/mayadeen/sections/{first}.log", auth=False)[0] == 401


def test_a_failed_job_shows_as_failed(scrapyd: Scrapyd, tmp_path: Path) -> None:
    deploy(scrapyd, tmp_path)
    job = scrapyd.schedule("http://127.0.0.1:9")  # nothing listens there
    scrapyd.wait(job)
    assert "Crawl FAILED" in scrapyd.log(job)
    scrapyd_log = (scrapyd.home / "scrapyd.out").read_text()
    assert "Process died: exitstatus=1" in scrapyd_log


def run_schedule(
    scrapyd: Scrapyd, *args: str, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    """``scrapyd/schedule ARGS`` as cron runs it, against this Scrapyd."""
    env = {
        **os.environ,
        "SCRAPYD_URL": scrapyd.url,
        "SCRAPYD_USERNAME": USER,
        "SCRAPYD_PASSWORD": password,
    }
    return subprocess.run(
        [str(PROJECT_ROOT / "scrapyd" / "schedule"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_schedule_script_fails_when_scrapyd_refuses(
    scrapyd: Scrapyd, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    deploy(scrapyd, tmp_path)
    # Scrapyd answers HTTP 200 with {"status": "error", ...}: cron must see a failure.
    refused = run_schedule(scrapyd, "nosuchspider")
    assert refused.returncode != 0
    assert "spider 'nosuchspider' not found" in refused.stderr
    # Wrong credentials: HTTP 401.
    unauthorized = run_schedule(scrapyd, "sections", password="wrong")
    assert unauthorized.returncode != 0
    assert "401" in unauthorized.stderr

    url = "https://english.almayadeen.net" + manifest["articles"][0]["paths"][0]
    settings = {**LOCAL_SETTINGS, "MAYADEEN_BASE_URL": replica_url}
    args = ["-d", f"url={url}", *(f"-dsetting={k}={v}" for k, v in settings.items())]
    accepted = run_schedule(scrapyd, "article", *args)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    job = json.loads(accepted.stdout)["jobid"]
    assert scrapyd.wait(job)["spider"] == "article"
    status, body = scrapyd.call(f"/items/mayadeen/article/{job}.jl")
    assert status == 200, body
    assert [json.loads(line)["article_id"] for line in body.decode().splitlines()] == [
        manifest["articles"][0]["article_id"]
    ]
