"""``scrapy shell`` without side effects, a live-site URL fetched on ``MAYADEEN_BASE_URL``
(see :class:`mayadeen.commands.NoSideEffects`). ``fetch(...)`` inside the shell takes the
URL as given."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShellCommand
from scrapy.utils.url import guess_scheme

from mayadeen.commands import NoSideEffects


class Command(NoSideEffects, ScrapyShellCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # A local file stays a file: only a live-site URL moves.
        super().run([self.on_base(guess_scheme(url)) for url in args], opts)
