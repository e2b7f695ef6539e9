"""``scrapy fetch`` without side effects, a live-site URL fetched on ``MAYADEEN_BASE_URL``
(see :class:`mayadeen.commands.NoSideEffects`)."""

from __future__ import annotations

import argparse

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from mayadeen.commands import NoSideEffects


class Command(NoSideEffects, ScrapyFetchCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run([self.on_base(url) for url in args], opts)
