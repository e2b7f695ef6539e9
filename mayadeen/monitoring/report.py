"""The run report, a Scrapy extension: what happened in a run, its summary (logged and written
as JSON), its monitors and its verdict (:mod:`~mayadeen.monitoring.verdict`).

It learns of the run through Scrapy's stats and signals only (the history's owner is
:class:`mayadeen.history.HistoryKeeper`, an extension of its own).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from mayadeen import signals as mayadeen_signals
from mayadeen.monitoring import verdict


def articles_written(stats: StatsCollector) -> int:
    """New and changed articles the run emitted."""
    return sum(stats.get_value(f"mayadeen/articles_{kind}") or 0 for kind in ("new", "updated"))


class RunReport:
    """The end of every run: a short human summary, a JSON summary, and the verdict.

    The verdict (:mod:`mayadeen.monitoring.verdict` has the policy) is the last line the crawl logs,
    after the feeds are stored: ``Crawl succeeded: ...`` or ``Crawl FAILED: <why, and what to
    do>``; a failed run makes ``scrapy crawl`` exit 1 (:mod:`mayadeen.commands.crawl` reads
    the stat ``mayadeen/verdict``). The summary is logged and written as JSON next to the
    run's first local feed (``<feed>.summary.json``), or to
    ``<MAYADEEN_DATA_DIR>/<spider>/<spider>-<start time>.summary.json``.
    """

    #: Failed pages listed in the summary (all are counted).
    MAX_LISTED = 200

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = datetime.now(UTC)
        self.reason = "not closed"
        self.failed: list[str] = []
        self.failures: Counter[str] = Counter()
        self.errors = _ErrorCounter()
        self.policy = verdict.Policy.from_settings(crawler.settings)
        self.started_engine = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        report = cls(crawler)
        connect = crawler.signals.connect
        connect(report.page_failed, signal=mayadeen_signals.page_failed)
        connect(report.feed_failed, signal=mayadeen_signals.feed_failed)
        connect(report.spider_error, signal=signals.spider_error)
        connect(report.item_error, signal=signals.item_error)
        connect(report.spider_opened, signal=signals.spider_opened)
        connect(report.engine_started, signal=signals.engine_started)
        connect(report.spider_closed, signal=signals.spider_closed)
        connect(report.engine_stopped, signal=signals.engine_stopped)
        return report

    # --- what happened ----------------------------------------------------------------

    def page_failed(self, url: str, reason: str) -> None:
        self.failures[reason] += 1
        if len(self.failed) < self.MAX_LISTED:
            self.failed.append(url)

    def feed_failed(self, error: str) -> None:
        self.crawler.stats.set_value("mayadeen/feed_failed", error)

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        self.errors.note(f"{failure.getErrorMessage()!r} in a callback for {response.url}")

    def item_error(self, item: Any, response: Response, spider: Spider, failure: Failure) -> None:
        self.errors.note(f"{failure.getErrorMessage()!r} in a pipeline, for {response.url}")

    def spider_opened(self, spider: Spider) -> None:
        # Errors in signal handlers (extensions) are logged by Scrapy, nothing more.
        logging.getLogger("scrapy.utils.signal").addHandler(self.errors)

    def engine_started(self) -> None:
        self.started_engine = True

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reason = reason
        stats = self.crawler.stats
        if written := articles_written(stats):
            requests = stats.get_value("downloader/request_count") or 0
            stats.set_value("mayadeen/requests_per_new_article", round(requests / written, 3))
        if not self.started_engine:
            # Closed as it opened (a component raised CloseSpider, e.g. the history could not
            # be opened): Scrapy then never sends engine_stopped, so the run ends here.
            await self.engine_stopped()

    async def engine_stopped(self) -> None:
        """After every ``spider_closed`` handler, the feed exporter's included: the verdict
        is the last line of the crawl, after the handlers of
        :data:`~mayadeen.signals.run_finished` (notifications, the HTML report) are done."""
        logging.getLogger("scrapy.utils.signal").removeHandler(self.errors)
        spider = self.crawler.spider
        summary = self.summary(self.reason)
        base_url = getattr(spider, "base_url", None) or self.crawler.settings.get(
            "MAYADEEN_BASE_URL"
        )
        host = urlsplit(base_url or "").hostname or ""
        problems = verdict.causes(summary, self.policy, host)
        summary["failed"] = problems
        path = self.summary_path(spider)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8")
        except OSError as exc:  # beside a feed that could not be written, say
            spider.logger.warning("Could not write the run summary %s: %s", path, exc)
        spider.logger.info("Run summary (%s):\n%s", path, self.human(summary))
        await self.crawler.signals.send_catch_log_async(
            signal=mayadeen_signals.run_finished, summary=summary, path=path
        )
        stats = self.crawler.stats
        if problems:
            stats.set_value("mayadeen/verdict", "failed")
            spider.logger.error("Crawl FAILED: %s", "; ".join(problems))
        else:
            stats.set_value("mayadeen/verdict", "succeeded")
            spider.logger.info(verdict.success_line(summary))

    # --- the summary ----------------------------------------------------------------

    def summary(self, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()

        def prefixed(prefix: str) -> dict[str, Any]:
            return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

        received = stats.get("response_received_count", 0)
        no_answer = sum(n for r, n in self.failures.items() if not r.startswith("http_"))
        return {
            "spider": self.crawler.spider.name,
            "started": self.started.replace(microsecond=0).isoformat(),
            "finish_reason": reason,
            "pages": received + no_answer,
            "pages_received": received,
            "pages_failed": sum(self.failures.values()),
            "requests": stats.get("downloader/request_count", 0),
            "articles": {
                "parsed": stats.get("mayadeen/articles_parsed", 0),
                "new": stats.get("mayadeen/articles_new", 0),
                "updated": stats.get("mayadeen/articles_updated", 0),
                "unchanged": stats.get("mayadeen/dropped/unchanged", 0),
                "known_skipped": stats.get("mayadeen/incremental/known_skipped", 0),
                "written": articles_written(self.crawler.stats),
            },
            "dropped": prefixed("mayadeen/dropped/"),
            "not_articles": prefixed("mayadeen/not_article/"),
            # Values skipped by field (a javascript: image, a word count of "²"): the story
            # was kept without them.
            "bad_values": prefixed("mayadeen/bad_value/"),
            # How the incremental policy walked (mayadeen.incremental): the shortcut's
            # listings skipped, and on a full walk the stories it would have missed.
            "incremental": prefixed("mayadeen/incremental/"),
            "failures": dict(self.failures.most_common()),
            "blocked": stats.get("mayadeen/blocked", 0),
            "block_stop": stats.get("mayadeen/block_stop"),
            "entry_failed": stats.get("mayadeen/entry_failed"),
            # A proxy that refused the crawl (mayadeen.network.proxy), its password masked.
            "proxy_failed": stats.get("mayadeen/proxy_failed"),
            "feed_failed": stats.get("mayadeen/feed_failed")
            or (
                "Scrapy could not store it, see the log"
                if any(k.startswith("feedexport/failed_count/") for k in stats)
                else None
            ),
            "retries": stats.get("retry/count", 0),
            "programming_errors": {"count": self.errors.count, "first": self.errors.first},
            "unreachable": self.failed,
            "coverage": self.coverage(stats),
        }

    def coverage(self, stats: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Per field: the share of the parsed pages that should have it (by the page's kind:
        no body expected of a video without text) and got it, and how many those were."""
        measured = {}
        for field, _ in self.policy.coverage:
            expected = stats.get(f"mayadeen/coverage_expected/{field}", 0)
            got = stats.get(f"mayadeen/coverage/{field}", 0)
            measured[field] = {
                "share": round(got / expected, 4) if expected else None,
                "of": expected,
            }
        return measured

    def summary_path(self, spider: Spider) -> Path:
        """Beside the run's first local feed file; else in the data dir."""
        feeds = [
            Path(uri.removeprefix("file://"))
            for uri in self.crawler.settings.getdict("FEEDS")
            if "%(" not in uri and urlsplit(uri).scheme in ("", "file")
        ]
        if feeds:
            return feeds[0].with_name(feeds[0].name + ".summary.json")
        stamp = self.started.replace(microsecond=0).isoformat().replace(":", "-")
        data_dir = Path(self.crawler.settings.get("MAYADEEN_DATA_DIR"))
        return data_dir / spider.name / f"{spider.name}-{stamp}.summary.json"

    @staticmethod
    def human(summary: dict[str, Any]) -> str:
        articles = summary["articles"]
        lines = [
            f"  finish reason: {summary['finish_reason']}; {summary['pages']} pages "
            f"({summary['pages_failed']} failed), {summary['requests']} requests, "
            f"{summary['retries']} retries, {summary['blocked']} blocked",
            f"  articles: {articles['parsed']} parsed, {articles['new']} new, "
            f"{articles['updated']} updated, {articles['unchanged']} unchanged, "
            f"{articles['known_skipped']} known and not fetched again",
        ]
        if summary["dropped"]:
            lines.append(f"  dropped: {summary['dropped']}")
        if summary["not_articles"]:
            lines.append(f"  not articles: {summary['not_articles']}")
        if summary["bad_values"]:
            lines.append(f"  bad values skipped (stories kept): {summary['bad_values']}")
        if summary["incremental"]:
            lines.append(f"  incremental: {summary['incremental']}")
        coverage = ", ".join(
            f"{k} {v['share']:.0%} of {v['of']}"
            for k, v in summary["coverage"].items()
            if v["share"] is not None
        )
        lines.append(f"  field coverage: {coverage or 'no article parsed'}")
        if summary["unreachable"]:
            lines.append(f"  failed pages ({summary['pages_failed']}):")
            lines += [f"    {url}" for url in summary["unreachable"][:50]]
        return "\n".join(lines)


class _ErrorCounter(logging.Handler):
    """Counts programming errors: exceptions in callbacks and pipelines (noted by the run
    report) and in signal handlers (ERROR records of Scrapy's signal dispatch)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.first: str | None = None

    def note(self, what: str) -> None:
        self.count += 1
        self.first = self.first or what

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.note(f"{error!r} in {record.getMessage()}" if error else record.getMessage())
