"""``scrapy crawl`` that exits non-zero when the crawl failed.

Scrapy's own ``crawl`` exits 0 whatever happened once the spider started, so a scheduler
(cron, systemd, Scrapyd's "Process died: exitstatus=1") cannot see a failed run. The verdict
is :class:`mayadeen.monitoring.report.RunReport`'s (the stat ``mayadeen/verdict``); a run that
never reached it (forced shutdown) has failed too.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any, ClassVar

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import check_feed_paths, check_spider_arguments
from mayadeen.incremental import number_setting, policy_settings
from mayadeen.monitoring.notify import notify_on
from mayadeen.network.proxy import proxy_setting

logger = logging.getLogger(__name__)

#: The project's other numeric settings, checked before anything starts: (name, kind,
#: least, most). The incremental policy's are :func:`~mayadeen.incremental.policy_settings`.
NUMBERS = (
    ("MAYADEEN_STORY_BATCH", "a whole number", 1, 10**9),
    ("MAYADEEN_BLOCK_LIMIT", "a whole number", 1, 10**9),
    ("MAYADEEN_FAILED_PAGES_MIN", "a whole number", 0, 10**9),
    ("MAYADEEN_MAX_ERRORS", "a whole number", 0, 10**9),
    ("MAYADEEN_MIN_ITEMS", "a whole number", 0, 10**9),
    ("MAYADEEN_COVERAGE_MIN_ARTICLES", "a whole number", 0, 10**9),
    ("MAYADEEN_REDIS_KEY_TTL", "a whole number", 1, 10**9),
    ("MAYADEEN_FAILED_PAGES_SHARE", "a share", 0, 1),
    ("MAYADEEN_RETRY_BACKOFF", "a number of seconds", 0, 10**6),
    ("MAYADEEN_RETRY_BACKOFF_MAX", "a number of seconds", 0, 10**6),
    ("MAYADEEN_NOTIFY_TIMEOUT", "a number of seconds", 0, 10**6),
    ("MAYADEEN_REDIS_IDLE_SECONDS", "a number of seconds", 0, 10**6),
    ("MAYADEEN_SPLASH_WAIT", "a number of seconds", 0, 10**6),
)


class Command(ScrapyCrawlCommand):
    #: The live progress line is this command's (:mod:`mayadeen.monitoring.progress`; shown when
    #: standard error is a terminal), not that of ``shell``, ``parse`` or ``fetch``.
    default_settings: ClassVar[dict[str, Any]] = {
        **ScrapyCrawlCommand.default_settings,
        "MAYADEEN_PROGRESS": True,
    }

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            notify_on(self.settings)
            proxy_setting(self.settings)
            policy_settings(self.settings)
            for name, kind, least, most in NUMBERS:
                number_setting(self.settings, name, kind, least=least, most=most)
        except ValueError as exc:  # a bad setting: one line, exit status 2
            print(f"error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        check_feed_paths(self.settings)  # -O onto a directory: one line, exit status 2
        if len(args) == 1:  # unknown or bad spider arguments: one line, exit status 2
            check_spider_arguments(self.settings, args[0], opts.spargs, crawl=True)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl <spider>")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:  # Scrapy logged why; no stats were made
            self.exitcode = 1
            return
        verdict = crawler.stats.get_value("mayadeen/verdict") if crawler.stats else None
        if verdict is None:
            # The run never closed: a second Ctrl-C forces an unclean shutdown.
            logger.error(
                "Crawl FAILED: stopped before it could close (a second Ctrl-C, or a crash): "
                "run the same command again to go on, nothing written is lost"
            )
        if verdict != "succeeded":
            self.exitcode = 1
