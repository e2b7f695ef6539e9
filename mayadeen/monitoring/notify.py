"""Alerts: the run's verdict sent to a webhook and by email, opt-in.

``MAYADEEN_NOTIFY_WEBHOOK=URL`` posts ``{"text": message}`` (Slack's and Mattermost's
incoming-webhook format); ``MAYADEEN_NOTIFY_EMAIL=addr1,addr2`` mails the same message
through Scrapy's mail settings (``MAIL_HOST``, ``MAIL_PORT``, ``MAIL_FROM``, ``MAIL_USER``,
``MAIL_PASS``, ``MAIL_TLS``, ``MAIL_SSL``). Failed runs notify; ``MAYADEEN_NOTIFY_ON=always``
every run. Both are sent with the standard library (``urllib``, ``smtplib``) in Twisted's
thread pool, each bounded by ``MAYADEEN_NOTIFY_TIMEOUT``, and the verdict waits for them
(:data:`mayadeen.signals.run_finished`), so a one-shot ``scrapy crawl`` exits after they are
delivered. One that cannot be delivered is a warning: the crawl's outcome, its feeds and its
summary stay as they are.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from mayadeen import signals as mayadeen_signals
from mayadeen.monitoring.htmlreport import report_path

logger = logging.getLogger(__name__)

#: ``MAYADEEN_NOTIFY_ON``: which runs notify.
NOTIFY_ON = ("failed", "always")
#: Unreachable pages named in a message (all are counted, and listed in the summary).
MAX_URLS = 5


def message(summary: dict[str, Any], summary_file: Path, log_file: str | None) -> tuple[str, str]:
    """The notification of a run: ``(subject, text)``. Says the spider, the verdict in
    words, the counts (new, updated, dropped, unreachable) and where the log, the summary
    and the HTML report are."""
    spider, articles = summary["spider"], summary["articles"]
    problems: list[str] = summary["failed"]
    dropped = {k: v for k, v in summary["dropped"].items() if k != "unchanged"}
    if problems:
        verdict = f"FAILED: {'; '.join(problems)}"
        subject = f"[mayadeen] {spider} crawl FAILED: {problems[0]}"
    else:
        verdict = f"succeeded: {articles['written']} article(s) written"
        subject = f"[mayadeen] {spider} crawl succeeded: {articles['written']} article(s) written"
    lines = [
        f"mayadeen: the {spider} crawl {verdict}",
        "",
        f"started: {summary['started']}, finish reason: {summary['finish_reason']}",
        f"new: {articles['new']}, updated: {articles['updated']}, "
        f"unchanged: {articles['unchanged'] + articles['known_skipped']}, "
        f"dropped: {sum(dropped.values())}, unreachable: {summary['pages_failed']} "
        f"(of {summary['pages']} pages)",
    ]
    if dropped:
        lines.append("dropped: " + ", ".join(f"{k} ({v})" for k, v in dropped.items()))
    if bad := summary["bad_values"]:
        lines.append("bad values skipped: " + ", ".join(f"{k} ({v})" for k, v in bad.items()))
    if summary["failures"]:
        reasons = ", ".join(f"{k} ({v})" for k, v in summary["failures"].items())
        lines.append(f"unreachable: {reasons}")
        lines += [f"  {url}" for url in summary["unreachable"][:MAX_URLS]]
        if summary["pages_failed"] > MAX_URLS:
            lines.append(f"  ... {summary['pages_failed'] - MAX_URLS} more in the summary")
    lines += [
        "",
        f"log: {log_file or 'standard error of the crawl (no LOG_FILE)'}",
        f"summary: {summary_file}",
    ]
    if (report := report_path(summary_file)).exists():
        lines.append(f"report: {report}")
    return subject[:200], "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Mail:
    """How to send mail: Scrapy's ``MAIL_*`` settings."""

    host: str
    port: int
    sender: str
    user: str | None
    password: str | None
    tls: bool
    ssl: bool

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Mail:
        return cls(
            host=settings.get("MAIL_HOST"),
            port=settings.getint("MAIL_PORT"),
            sender=settings.get("MAIL_FROM"),
            user=settings.get("MAIL_USER") or None,
            password=settings.get("MAIL_PASS") or None,
            tls=settings.getbool("MAIL_TLS"),
            ssl=settings.getbool("MAIL_SSL"),
        )

    def send(self, to: list[str], subject: str, text: str, timeout: float) -> None:
        """Blocking: one message to ``to`` (``MAIL_SSL``: SMTP over TLS; ``MAIL_TLS``:
        STARTTLS; ``MAIL_USER``: log in)."""
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, ", ".join(to), subject
        mail["Date"] = formatdate(localtime=True)
        mail.set_content(text)
        smtp_class = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=timeout) as smtp:
            if self.tls and not self.ssl:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(mail)


def post_webhook(url: str, text: str, timeout: float) -> None:
    """Blocking: POST ``{"text": text}`` as JSON to ``url`` (an error status raises)."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "mayadeen"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=timeout).close()


def notify_on(settings: BaseSettings) -> str:
    """``MAYADEEN_NOTIFY_ON``, checked: ``failed`` or ``always`` (``ValueError`` otherwise;
    ``scrapy crawl`` says so in one line before anything starts)."""
    on = str(settings.get("MAYADEEN_NOTIFY_ON") or "failed").strip().lower()
    if on not in NOTIFY_ON:
        raise ValueError(f"MAYADEEN_NOTIFY_ON={on!r}: expected one of {', '.join(NOTIFY_ON)}")
    return on


class Notifier:
    """Sends the verdict of a run (:data:`~mayadeen.signals.run_finished`) to a webhook
    and by email. Off (``NotConfigured``) unless ``MAYADEEN_NOTIFY_WEBHOOK`` or
    ``MAYADEEN_NOTIFY_EMAIL`` is set."""

    def __init__(self, crawler: Crawler, webhook: str, emails: list[str], always: bool) -> None:
        settings = crawler.settings
        self.webhook = webhook
        self.emails = emails
        self.always = always
        self.timeout = settings.getfloat("MAYADEEN_NOTIFY_TIMEOUT")
        self.mail = Mail.from_settings(settings)
        self.log_file: str | None = settings.get("LOG_FILE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Notifier:
        settings = crawler.settings
        webhook = (settings.get("MAYADEEN_NOTIFY_WEBHOOK") or "").strip()
        emails = [a.strip() for a in settings.getlist("MAYADEEN_NOTIFY_EMAIL") if a.strip()]
        if not webhook and not emails:
            raise NotConfigured  # with a message, Scrapy would warn of it in every log
        notifier = cls(crawler, webhook, emails, always=notify_on(settings) == "always")
        crawler.signals.connect(notifier.run_finished, signal=mayadeen_signals.run_finished)
        return notifier

    def run_finished(self, summary: dict[str, Any], path: Path) -> Deferred[Any] | None:
        """Send the run's notifications; the returned Deferred fires when every one is
        delivered or has failed (never with an error)."""
        if not summary["failed"] and not self.always:
            return None
        subject, text = message(summary, path, self.log_file)
        sent: list[Deferred[Any]] = []
        if self.webhook:
            where = f"the webhook at {urlsplit(self.webhook).hostname}"  # the URL is a secret
            posted = deferToThread(post_webhook, self.webhook, text, self.timeout)
            sent.append(self.logged(posted, where))
        if self.emails:
            where = f"email to {', '.join(self.emails)} via {self.mail.host}:{self.mail.port}"
            mailed = deferToThread(self.mail.send, self.emails, subject, text, self.timeout)
            sent.append(self.logged(mailed, where))
        return DeferredList(sent)

    @staticmethod
    def logged(sending: Deferred[Any], where: str) -> Deferred[Any]:
        def done(_: Any) -> None:
            logger.info("Notification sent: %s", where)

        def failed(failure: Failure) -> None:
            logger.warning("Could not send the notification (%s): %s", where, failure.value)

        return sending.addCallbacks(done, failed)
