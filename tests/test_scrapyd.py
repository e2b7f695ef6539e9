"""End to end on a real Scrapyd: deploy with scrapyd-deploy, schedule twice, read items and logs.

Scrapyd runs from a temporary folder with the project's shipped ``scrapyd/scrapyd.conf``
(only its port and polling interval changed), basic auth on, on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT
from tests.replica.build import build
from tests.replica.server import serve
from tests.scrapyd import PASSWORD, USER, Scrapyd, deploy

pytestmark = pytest.mark.subprocess  # Scrapyd runs each crawl in a process


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
