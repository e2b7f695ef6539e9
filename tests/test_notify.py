"""Alerts, with real servers: a local HTTP server receives the webhook's POST, a local SMTP
server (aiosmtpd) the email; ``scrapy crawl`` sends them before it exits. A failed run
notifies by default, a successful one with ``MAYADEEN_NOTIFY_ON=always``, a Scrapyd job
with the settings it was scheduled with; a notification that cannot be delivered is a
warning, and the crawl's exit status and feeds stay as they are."""

from __future__ import annotations

import email
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.crawl import LOCAL_SETTINGS, PROJECT_ROOT, crawl, read_jsonl
from tests.scrapyd import Scrapyd, deploy

pytestmark = pytest.mark.subprocess  # every test runs a crawl (or Scrapyd's)


@dataclass
class Received:
    """What the local servers received."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    mails: list[tuple[str, list[str], Message]] = field(default_factory=list)

    def clear(self) -> None:
        self.posts.clear()
        self.mails.clear()


class Webhook(BaseHTTPRequestHandler):
    received: Received

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.posts.append(
            {"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)}
        )
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Mailbox:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content)
        self.received.mails.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Servers:
    webhook: str
    smtp_port: int
    received: Received


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    received = Received()
    http = ThreadingHTTPServer(("127.0.0.1", 0), type("Hook", (Webhook,), {"received": received}))
    threading.Thread(target=http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    smtp = Controller(Mailbox(received), hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        yield Servers(f"http://127.0.0.1:{http.server_port}/hooks/abc", smtp.port, received)
    finally:
        smtp.stop()
        http.shutdown()
        http.server_close()


def notify_settings(webhook: str, smtp_port: int, **more: str) -> dict[str, str]:
    return {
        "MAYADEEN_NOTIFY_WEBHOOK": webhook,
        "MAYADEEN_NOTIFY_EMAIL": "ops@example.org, editor@example.org",
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_FROM": "mayadeen@example.org",
        "MAYADEEN_NOTIFY_TIMEOUT": "10",
        **more,
    }


def urls(manifest: dict, n: int) -> list[str]:
    return [a["url"] for a in manifest["articles"][:n]]


def test_a_failed_run_notifies_by_webhook_and_email(
    servers: Servers, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    servers.received.clear()
    gone = f"{replica_url}/news/politics/no-such-story"
    out, log = tmp_path / "x.jsonl", tmp_path / "crawl.log"
    settings = notify_settings(servers.webhook, servers.smtp_port, MAYADEEN_MIN_ITEMS="5")
    result = crawl(
        "article",
        replica_url,
        [out],
        args={"urls": ",".join([*urls(manifest, 2), gone])},
        settings=settings,
        log_file=log,
    )
    assert result.returncode == 1
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "Crawl FAILED: only 2 article(s) written" in lines[-1]

    (post,) = servers.received.posts
    assert post["path"] == "/hooks/abc" and post["type"] == "application/json"
    assert list(post["json"]) == ["text"]
    text = post["json"]["text"]
    assert text.startswith(
        "mayadeen: the article crawl FAILED: only 2 article(s) written, fewer than "
        "MAYADEEN_MIN_ITEMS=5\n\nstarted: "
    )
    assert ", finish reason: finished\n" in text
    # Four pages: robots.txt, two stories and one gone.
    assert "new: 2, updated: 0, unchanged: 0, dropped: 0, unreachable: 1 (of 4 pages)" in text
    assert f"unreachable: http_404 (1)\n  {gone}\n" in text
    assert f"log: {log}\n" in text
    assert f"summary: {tmp_path / 'x.jsonl.summary.json'}\n" in text
    assert f"report: {tmp_path / 'x.jsonl.report.html'}\n" in text

    (sender, recipients, mail) = servers.received.mails[0]
    assert len(servers.received.mails) == 1
    assert sender == "mayadeen@example.org"
    assert recipients == ["ops@example.org", "editor@example.org"]
    assert mail["Subject"].startswith("[mayadeen] article crawl FAILED: only 2 article(s)")
    assert mail["To"] == "ops@example.org, editor@example.org"
    assert mail.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n") == text
    # Delivered before the verdict, which stays the last line.
    sent = [i for i, line in enumerate(lines) if "Notification sent: " in line]
    assert len(sent) == 2 and max(sent) < len(lines) - 1
    assert "the webhook at 127.0.0.1" in lines[sent[0]] + lines[sent[1]]
    assert "/hooks/abc" not in "\n".join(lines)  # a webhook URL is a secret: never logged


def test_a_successful_run_notifies_only_when_asked(
    servers: Servers, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    servers.received.clear()
    settings = notify_settings(servers.webhook, servers.smtp_port)
    args = {"urls": ",".join(urls(manifest, 3))}
    quiet = crawl("article", replica_url, [tmp_path / "a.jsonl"], args=args, settings=settings)
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    assert servers.received.posts == [] and servers.received.mails == []

    settings["MAYADEEN_NOTIFY_ON"] = "always"
    loud = crawl("article", replica_url, [tmp_path / "b.jsonl"], args=args, settings=settings)
    assert loud.returncode == 0, loud.stderr[-2000:]
    assert "Crawl succeeded: 0 article(s) written" in loud.stderr.splitlines()[-1]
    text = servers.received.posts[0]["json"]["text"]
    assert text.startswith("mayadeen: the article crawl succeeded: 0 article(s) written\n")
    assert "new: 0, updated: 0, unchanged: 3, dropped: 0, unreachable: 0 (of 4 pages)" in text
    assert "log: standard error of the crawl (no LOG_FILE)" in text
    (_, _, mail) = servers.received.mails[0]
    assert mail["Subject"] == "[mayadeen] article crawl succeeded: 0 article(s) written"


def test_an_undeliverable_notification_changes_nothing(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    nowhere = free_port()  # nothing listens there: neither the webhook nor the SMTP server
    settings = notify_settings(
        f"http://127.0.0.1:{nowhere}/hook", nowhere, MAYADEEN_NOTIFY_ON="always"
    )
    args = {"urls": ",".join(urls(manifest, 3))}
    out = tmp_path / "x.jsonl"
    result = crawl("article", replica_url, [out], args=args, settings=settings)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert "Crawl succeeded: 3 article(s) written (3 new, 0 updated)" in lines[-1]
    warnings = [line for line in lines if "Could not send the notification" in line]
    assert len(warnings) == 2 and all(" WARNING: " in line for line in warnings)
    assert " ERROR: " not in result.stderr
    written = {i["article_id"] for i in read_jsonl(out)}
    assert written == {a["article_id"] for a in manifest["articles"][:3]}
    summary = json.loads((tmp_path / "x.jsonl.summary.json").read_text(encoding="utf-8"))
    assert summary["articles"]["written"] == 3 and summary["failed"] == []
    # A failed run still exits 1.
    settings["MAYADEEN_MIN_ITEMS"] = "5"
    again = crawl("article", replica_url, [tmp_path / "y.jsonl"], args=args, settings=settings)
    assert again.returncode == 1
    assert "Crawl FAILED: only 0 article(s) written" in again.stderr.splitlines()[-1]


def test_a_scrapyd_job_notifies_with_its_own_settings(
    servers: Servers,
    scrapyd: Scrapyd,
    replica_url: str,
    tmp_path: Path,
) -> None:
    servers.received.clear()
    deploy(scrapyd, tmp_path)
    settings = {
        **LOCAL_SETTINGS,
        "MAYADEEN_BASE_URL": replica_url,
        **notify_settings(servers.webhook, servers.smtp_port, MAYADEEN_MIN_ITEMS="1000"),
    }
    answer = scrapyd.json(
        "/schedule.json",
        {
            "project": "mayadeen",
            "spider": "sections",
            "sections": "politics",
            "setting": [f"{k}={v}" for k, v in settings.items()],
        },
    )
    job = answer["jobid"]
    scrapyd.wait(job)
    log = scrapyd.log(job)
    assert "Crawl FAILED: only " in log.strip().splitlines()[-1]
    (post,) = servers.received.posts
    text = post["json"]["text"]
    assert text.startswith("mayadeen: the sections crawl FAILED: only ")
    assert f"log: {scrapyd.home / 'logs' / 'mayadeen' / 'sections' / job}.log\n" in text
    (_, _, mail) = servers.received.mails[0]
    assert mail["Subject"].startswith("[mayadeen] sections crawl FAILED: only ")


def test_a_bad_notify_on_value_is_one_line_before_anything_starts(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "article", "-a", "url=http://x/y"]
    command += ["-s", "MAYADEEN_NOTIFY_ON=sometimes", "-s", f"MAYADEEN_DATA_DIR={tmp_path}"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: MAYADEEN_NOTIFY_ON='sometimes': expected one of failed, always"
    )
    assert list(tmp_path.iterdir()) == []  # nothing started
