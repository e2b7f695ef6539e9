"""When a run has failed, and why, in words a user acts on: a plain function of the run's
summary (see :class:`mayadeen.monitoring.report.RunReport`) and the thresholds in the settings.

The policy (docs/operations.md has the same table):

=====================================  ==========================================
what happened                          verdict
=====================================  ==========================================
a page unreachable after the retries   warning, listed; tried again next run
too many pages failed                  **failed** (``MAYADEEN_FAILED_PAGES_SHARE`` of the
                                       pages, and at least ``MAYADEEN_FAILED_PAGES_MIN``)
no answer at all from the site         **failed**: the site was unreachable
the entry page (homepage, sitemap      **failed**: nothing could be crawled
index) could not be read
the site blocked the crawl             **failed** (finish reason ``blocked``)
the proxy refused the crawl (407) or   **failed** (finish reason ``proxy_failed``): the
could not be reached                   one cause given, the pages it failed not counted
the history could not be opened        **failed** (finish reason ``history_failed``)
finish reason other than ``finished``  **failed** (Ctrl-C, a stop signal, ...)
a feed could not be written            **failed**; its articles are not marked as written
a callback, pipeline or extension      **failed**: a programming error
raised
a field's coverage dropped             **failed** (``MAYADEEN_COVERAGE``)
fewer articles than                    **failed**
``MAYADEEN_MIN_ITEMS``
=====================================  ==========================================
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings

from mayadeen import site

#: Finish reasons of a run that ended as asked: normally, or at a limit the user set.
GOOD_FINISH_REASONS = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)

#: Network errors in words, by class name: Scrapy's (``scrapy.exceptions``, 2.19), then
#: Twisted's and the builtins they may still surface as.
NETWORK_ERRORS = {
    "CannotResolveHostError": "DNS lookup failed for {host}",
    "DownloadConnectionRefusedError": "connection refused by {host}",
    "DownloadTimeoutError": "{host} did not answer in time",
    "DownloadFailedError": "the downloads from {host} failed",
    "ResponseDataLossError": "{host} cut its answers short",
    "DNSLookupError": "DNS lookup failed for {host}",
    "ConnectionRefusedError": "connection refused by {host}",
    "TCPTimedOutError": "connecting to {host} timed out",
    "TimeoutError": "{host} did not answer in time",
    "ConnectError": "could not connect to {host}",
    "ConnectionLost": "{host} dropped the connections",
    "ResponseNeverReceived": "{host} sent no answer",
}


@dataclass(frozen=True)
class Policy:
    """The thresholds of the verdict, from the settings."""

    failed_share: float = 0.10
    failed_min: int = 3
    max_errors: int = 0
    min_items: int = 0
    coverage: tuple[tuple[str, float], ...] = tuple(site.COVERAGE_FIELDS.items())
    coverage_min_articles: int = 10

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Policy:
        coverage = settings.getdict("MAYADEEN_COVERAGE") or site.COVERAGE_FIELDS
        return cls(
            failed_share=settings.getfloat("MAYADEEN_FAILED_PAGES_SHARE"),
            failed_min=settings.getint("MAYADEEN_FAILED_PAGES_MIN"),
            max_errors=settings.getint("MAYADEEN_MAX_ERRORS"),
            min_items=settings.getint("MAYADEEN_MIN_ITEMS"),
            coverage=tuple((k, float(v)) for k, v in coverage.items()),
            coverage_min_articles=settings.getint("MAYADEEN_COVERAGE_MIN_ARTICLES"),
        )


def network_problem(failures: dict[str, int], host: str) -> str:
    """The most frequent failure, in words: "DNS lookup failed for english.almayadeen.net"."""
    reason = Counter(failures).most_common(1)[0][0] if failures else "no answer"
    return NETWORK_ERRORS.get(reason, f"{reason} for {{host}}").format(host=host)


def failures_in_words(failures: dict[str, int]) -> str:
    """``{"http_503": 8, "TimeoutError": 4}`` -> ``"http_503 (8), TimeoutError (4)"``."""
    return ", ".join(f"{reason} ({n})" for reason, n in Counter(failures).most_common(4))


def causes(summary: dict[str, Any], policy: Policy, host: str) -> list[str]:
    """Why the run failed, one sentence each with what to do; empty when it succeeded."""
    found: list[str] = []
    reason = summary["finish_reason"]
    failures: dict[str, int] = summary["failures"]
    failed, pages = summary["pages_failed"], summary["pages"]
    if summary["feed_failed"]:
        found.append(
            f"a feed could not be written ({summary['feed_failed']}): the crawl was stopped "
            "and what it could not write is not marked as written; fix the path or the disk, "
            "then run again"
        )
    if reason == "shutdown":
        found.append(
            "the crawl was interrupted (Ctrl-C or a stop signal) before the end: run the same "
            "command again to go on, nothing written is lost"
        )
    elif reason == "history_failed":
        found.append(
            "the history could not be opened (the ERROR above says why), so nothing was "
            "fetched: check MAYADEEN_HISTORY (a writable path, or a reachable postgresql:// "
            "URL), then run again"
        )
    elif reason not in GOOD_FINISH_REASONS | {"blocked", "feed_failed", "proxy_failed"}:
        found.append(f"the crawl ended early (finish reason {reason!r}): see the log")
    if summary.get("proxy_failed"):
        # The pages it failed, the entry page's included, are its doing: no other cause.
        found.append(f"{summary['proxy_failed']}, then run again (nothing is lost)")
    elif reason == "blocked":
        found.append(
            f"the site blocked the crawl ({summary['blocked']} challenge pages, the last at "
            f"{summary['block_stop']}): wait, lower the pace or crawl from another address, "
            "then run again"
        )
    elif failed and pages == failed and not summary["pages_received"]:
        found.append(
            f"the site was unreachable ({network_problem(failures, host)}): check the "
            "network, DNS and MAYADEEN_BASE_URL, then run again"
        )
    elif summary["entry_failed"]:
        found.append(
            f"the crawl could not start: {summary['entry_failed']}; nothing else could be "
            "crawled (check MAYADEEN_BASE_URL, or whether the site changed)"
        )
    elif failed >= policy.failed_min and failed > policy.failed_share * pages:
        found.append(
            f"too many pages failed: {failed} of {pages} ({failed / pages:.0%}; limit "
            f"{policy.failed_share:.0%}, at least {policy.failed_min}): "
            f"{failures_in_words(failures)}; the site may be struggling: the failed pages "
            "are listed in the summary"
        )
    errors = summary["programming_errors"]
    if errors["count"] > policy.max_errors:
        found.append(
            f"a programming error: {errors['count']} exception(s) in the crawler's code, the "
            f"first: {errors['first']} (traceback in the log); please report it"
        )
    written = summary["articles"]["written"]
    if written < policy.min_items:
        found.append(
            f"only {written} article(s) written, fewer than MAYADEEN_MIN_ITEMS={policy.min_items}"
        )
    for field, measured in summary["coverage"].items():
        least, share, pages_expected = dict(policy.coverage)[field], *measured.values()
        if pages_expected >= policy.coverage_min_articles and share < least:
            found.append(
                f"{field} coverage {share:.0%} < {least:.0%} (over {pages_expected} pages "
                f"that should have it): the site's layout may have changed; save a page with "
                "`scrapy savefixture URL` and check its parse"
            )
    return found


def success_line(summary: dict[str, Any]) -> str:
    """``Crawl succeeded: ...``: what was written and, when nothing was, why."""
    articles = summary["articles"]
    parts = [f"{articles['written']} article(s) written"]
    if articles["written"]:
        parts[0] += f" ({articles['new']} new, {articles['updated']} updated)"
    if articles["unchanged"] or articles["known_skipped"]:
        parts.append(
            f"{articles['unchanged'] + articles['known_skipped']} already in the history and "
            "unchanged (-a fresh=1 writes everything)"
        )
    if summary["pages_failed"]:
        parts.append(
            f"{summary['pages_failed']} page(s) failed ({failures_in_words(summary['failures'])}),"
            " listed in the summary"
        )
    return "Crawl succeeded: " + "; ".join(parts)
