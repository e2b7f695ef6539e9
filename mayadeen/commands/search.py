"""``scrapy search "words" [--since YYYY-MM-DD] [--section NAME] [--limit N] [--json]``: the
articles of the history whose latest revision has every word (stemmed), newest first: date,
title, URL, and a snippet with the words marked."""

from __future__ import annotations

import argparse
import re
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus, limit_option, since_option
from mayadeen.history.search import MARK, Hit
from mayadeen.monitoring.terminal import printable, printable_json

BOLD, PLAIN = "\033[1m", "\033[0m"


class Command(ReadsCorpus, ScrapyCommand):
    def syntax(self) -> str:
        return '"words" [--since YYYY-MM-DD] [--section NAME] [--limit N] [--json]'

    def short_desc(self) -> str:
        return "Search the articles in the history (full text, newest first)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
        parser.add_argument("--section", metavar="NAME", help="only this section (any case)")
        parser.add_argument(
            "--limit", type=limit_option, default=20, metavar="N", help="1 or more; default 20"
        )
        parser.add_argument("--json", action="store_true", help="a JSON array of the hits")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError('give the words to search for: scrapy search "words"')
        since = since_option(opts.since)
        with self.open_corpus(opts) as corpus:
            try:
                hits = corpus.search(
                    " ".join(args), since=since, section=opts.section, limit=opts.limit
                )
            except ValueError as exc:  # no words
                raise UsageError(str(exc)) from None
            if opts.json:
                print(printable_json([hit.asdict() for hit in hits]))
                return
            print(f"{len(hits)} article(s) in {corpus.location}", file=sys.stderr)
            for hit in hits:
                print(describe(hit, bold=sys.stdout.isatty()))


def describe(hit: Hit, *, bold: bool = False) -> str:
    """A hit in three lines: date and title, URL, snippet (its marks in bold on a terminal),
    control characters escaped (:func:`~mayadeen.monitoring.terminal.printable`)."""
    snippet = printable(" ".join(hit.snippet.split()))
    if bold:
        pattern = re.escape(MARK) + "(.+?)" + re.escape(MARK)
        snippet = re.sub(pattern, lambda m: f"{BOLD}{m.group(1)}{PLAIN}", snippet)
    day = (hit.published_at or "")[:10] or "(no date)"
    title, url = printable(hit.title or ""), printable(hit.url or "")
    return f"{day}  {title}\n    {url}\n    {snippet}\n"
