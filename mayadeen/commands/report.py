"""``scrapy report -o FILE.html [--since YYYY-MM-DD]``: the corpus at a glance.

    scrapy report -o corpus.html                      # the whole history
    scrapy report -o 2026.html --since 2026-01-01     # articles published since then
    scrapy report -o corpus.html --history postgresql://crawler@db/mayadeen

One self-contained HTML page (it loads nothing: open it anywhere) with the charts of a run's
report drawn over the whole history (:mod:`mayadeen.corpus`): articles per section and per
publication day, and revisions per day they were seen. The history is the project's
(``MAYADEEN_HISTORY``, by default ``<MAYADEEN_DATA_DIR>/history.sqlite3``) unless
``--history`` names another. Reading it never blocks a crawl.
"""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus, cannot_write, file_path_problem, since_option
from mayadeen.corpus import Corpus
from mayadeen.corpus.export import replacing
from mayadeen.monitoring.htmlreport import NO_SECTION, history_page


class Command(ReadsCorpus, ScrapyCommand):
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o FILE.html [--since YYYY-MM-DD] [--history PATH_OR_URL]"

    def short_desc(self) -> str:
        return "Write the corpus's charts (articles per section and day, revisions) as HTML"

    def long_desc(self) -> str:
        return __doc__ or self.short_desc()

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="the HTML page to write")
        parser.add_argument(
            "--since", metavar="YYYY-MM-DD", help="only articles published on or after this day"
        )

    def run(self, args: list[str], opts: Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}")
        if not opts.output:
            raise UsageError("give the page to write: -o FILE.html")
        since = since_option(opts.since)
        out = Path(opts.output)
        if problem := file_path_problem(out):
            cannot_write(out, problem)
            self.exitcode = 1
            return
        with self.open_corpus(opts) as corpus:
            sections, days, revisions = count(corpus, since)
            location = corpus.location
        try:  # a failed write leaves the file that was there
            with replacing(out) as partial:
                partial.write_text(history_page(sections, days, revisions, since), "utf-8")
        except OSError as exc:
            cannot_write(out, exc)
            self.exitcode = 1
            return
        print(
            f"{out}: {sum(sections.values())} article(s), {sum(revisions.values())} revision(s)"
            f" from {location}"
        )


def count(corpus: Corpus, since: date | None) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Articles per section and per publication day (their latest revision), and revisions
    per day they were first seen, of the articles published since ``since``."""
    sections: Counter[str] = Counter()
    days: Counter[str] = Counter()
    revisions: Counter[str] = Counter()
    for article in corpus.articles(since=since):
        sections[article.get("section") or NO_SECTION] += 1
        if published := article.get("published_at"):
            days[published[:10]] += 1
    for revision in corpus.articles(since=since, revisions=True):
        revisions[revision["seen_at"][:10]] += 1
    return sections, days, revisions
