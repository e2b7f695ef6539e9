"""Extensions: the history recorder and the run report (summary, monitors, verdict)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from mayadeen import site
from mayadeen.state import store_for, url_paths

#: Drops after which the fetched page needs no fetching again.
SETTLED_DROPS = frozenset({"unchanged", "duplicate"})


def articles_written(stats: StatsCollector) -> int:
    """New and changed articles the run emitted."""
    return sum(stats.get_value(f"mayadeen/articles_{kind}") or 0 for kind in ("new", "updated"))


class HistoryRecorder:
    """Records each article in the history once the feeds have written it.

    Connected to ``item_scraped`` after Scrapy's feed exporter (it is built later, see
    ``EXTENSIONS``), so by the time it records an article the article's line is in every
    feed file. Also settles pending stories, finishes the run, and reports what the
    incremental crawl cost (``mayadeen/requests_per_new_article``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HistoryRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.engine_stopped, signal=signals.engine_stopped)
        return recorder

    def item_scraped(self, item: Any, response: Response) -> None:
        if (store := store_for(self.crawler)) is not None:
            store.record(ItemAdapter(item).asdict(), url_paths([response.url]))

    def item_dropped(self, item: Any, response: Response, exception: Exception) -> None:
        store = store_for(self.crawler)
        if store is not None and getattr(exception, "reason", None) in SETTLED_DROPS:
            store.record(ItemAdapter(item).asdict(), url_paths([response.url]))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        written = articles_written(stats)
        requests = stats.get_value("downloader/request_count") or 0
        if written:
            stats.set_value("mayadeen/requests_per_new_article", round(requests / written, 3))
        if (store := store_for(self.crawler)) is not None:
            store.finish_run(reason)

    def engine_stopped(self) -> None:
        """Close the history last: feeds may still open (empty) files while closing."""
        if (store := store_for(self.crawler)) is not None:
            store.close()


class RunReport:
    """The end of every run: monitors, a short human summary, a JSON summary, the verdict.

    Monitors (thresholds are settings):

    - finish reason ``finished`` (a sustained block ends a run with ``blocked``);
    - at most ``MAYADEEN_MAX_ERRORS`` errors logged (default 0);
    - at least ``MAYADEEN_MIN_ITEMS`` articles written (default 0: an incremental run with
      nothing new is fine);
    - field coverage: the share of parsed articles that got each field of
      ``MAYADEEN_COVERAGE`` (default :data:`mayadeen.site.COVERAGE_FIELDS`), checked once at
      least ``MAYADEEN_COVERAGE_MIN_ARTICLES`` were parsed. A theme change that breaks a
      selector shows here, not as quietly empty items.

    A failed monitor makes the run fail: ``Crawl FAILED: <why>`` in the log and
    ``scrapy crawl`` exits 1 (see :mod:`mayadeen.commands.crawl`). The summary is logged and
    written as JSON next to the run's first local feed (``<feed>.summary.json``), or to
    ``<MAYADEEN_DATA_DIR>/<spider>/<spider>-<start time>.summary.json``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = datetime.now(UTC)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        report = cls(crawler)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        return report

    def spider_closed(self, spider: Spider, reason: str) -> None:
        summary = self.summary(reason)
        problems = self.problems(summary)
        summary["failed"] = problems
        path = self.summary_path(spider)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8")
        spider.logger.info("Run summary (%s):\n%s", path, self.human(summary))
        if problems:
            self.crawler.mayadeen_failed = problems
            self.crawler.stats.set_value("mayadeen/failed", "; ".join(problems))
            spider.logger.error("Crawl FAILED: %s", "; ".join(problems))
        else:
            spider.logger.info(
                "Crawl succeeded: %d article(s) written", summary["articles"]["written"]
            )

    def summary(self, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()

        def prefixed(prefix: str) -> dict[str, Any]:
            return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

        parsed = stats.get("mayadeen/articles_parsed", 0)
        coverage = {
            field: round(stats.get(f"mayadeen/coverage/{field}", 0) / parsed, 4) if parsed else None
            for field in self.thresholds()
        }
        return {
            "spider": self.crawler.spider.name,
            "started": self.started.replace(microsecond=0).isoformat(),
            "finish_reason": reason,
            "pages": stats.get("response_received_count", 0),
            "requests": stats.get("downloader/request_count", 0),
            "articles": {
                "parsed": parsed,
                "new": stats.get("mayadeen/articles_new", 0),
                "updated": stats.get("mayadeen/articles_updated", 0),
                "unchanged": stats.get("mayadeen/dropped/unchanged", 0),
                "written": articles_written(self.crawler.stats),
            },
            "dropped": prefixed("mayadeen/dropped/"),
            "not_articles": prefixed("mayadeen/not_article/"),
            "blocked": stats.get("mayadeen/blocked", 0),
            "retries": stats.get("retry/count", 0),
            "errors": stats.get("log_count/ERROR", 0) + stats.get("log_count/CRITICAL", 0),
            "unreachable": list(getattr(self.crawler, "mayadeen_unreachable", [])),
            "coverage": coverage,
        }

    def thresholds(self) -> dict[str, float]:
        configured = self.crawler.settings.getdict("MAYADEEN_COVERAGE")
        return {k: float(v) for k, v in (configured or site.COVERAGE_FIELDS).items()}

    def problems(self, summary: dict[str, Any]) -> list[str]:
        settings = self.crawler.settings
        problems = []
        if summary["finish_reason"] != "finished":
            problems.append(f"finish reason {summary['finish_reason']!r}")
        if summary["errors"] > settings.getint("MAYADEEN_MAX_ERRORS"):
            problems.append(f"{summary['errors']} error(s) logged")
        if summary["articles"]["written"] < settings.getint("MAYADEEN_MIN_ITEMS"):
            problems.append(f"only {summary['articles']['written']} article(s) written")
        if summary["articles"]["parsed"] >= settings.getint("MAYADEEN_COVERAGE_MIN_ARTICLES"):
            for field, least in self.thresholds().items():
                share = summary["coverage"].get(field) or 0.0
                if share < least:
                    problems.append(f"{field} coverage {share:.0%} < {least:.0%}")
        return problems

    def summary_path(self, spider: Spider) -> Path:
        feeds = [
            Path(uri)
            for uri in self.crawler.settings.getdict("FEEDS")
            if "%(" not in uri and "://" not in uri
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
            f"  finish reason: {summary['finish_reason']}; {summary['pages']} pages, "
            f"{summary['requests']} requests, {summary['retries']} retries, "
            f"{summary['blocked']} blocked, {summary['errors']} errors",
            f"  articles: {articles['parsed']} parsed, {articles['new']} new, "
            f"{articles['updated']} updated, {articles['unchanged']} unchanged",
        ]
        if summary["dropped"]:
            lines.append(f"  dropped: {summary['dropped']}")
        if summary["not_articles"]:
            lines.append(f"  not articles: {summary['not_articles']}")
        coverage = ", ".join(
            f"{k} {v:.0%}" for k, v in summary["coverage"].items() if v is not None
        )
        lines.append(f"  field coverage: {coverage or 'no article parsed'}")
        if summary["unreachable"]:
            lines.append(f"  unreachable ({len(summary['unreachable'])}):")
            lines += [f"    {url}" for url in summary["unreachable"][:50]]
        return "\n".join(lines)
