"""``scrapy parse`` without side effects, a live-site URL fetched on ``MAYADEEN_BASE_URL``.

    scrapy parse --spider article https://english.almayadeen.net/news/politics/some-story

Shows what one page parses to. Nothing is written: no history, no feeds, no run report
(:class:`mayadeen.commands.NoSideEffects`). Spider arguments (``-a``) are checked first, as
``scrapy crawl`` checks them; the ``article`` spider needs none (the page is the URL given).
"""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParseCommand

from mayadeen.commands import NoSideEffects, check_feed_paths, check_spider_arguments


class Command(NoSideEffects, ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        check_feed_paths(self.settings)
        if opts.spider:
            check_spider_arguments(self.settings, opts.spider, opts.spargs, crawl=False)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run([self.on_base(url) for url in args], opts)
