"""``scrapy export --format parquet|jsonl|csv|sqlite -o FILE [--since YYYY-MM-DD]
[--revisions]``: the latest revision of every article in the history (every revision with
``--revisions``) written to a file, without crawling; or, ``--format sqlite``, the whole
history copied to a SQLite history, the one ``scrapy browse`` opens for a PostgreSQL history
(see :mod:`mayadeen.corpus.export`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus, cannot_write, file_path_problem, since_option
from mayadeen.corpus.export import FORMATS, SQLITE, ExportError, export, export_sqlite
from mayadeen.history import HistoryError

#: Formats guessed from the output's extension when ``--format`` is not given.
SUFFIXES = {
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".jsonlines": "jsonl",
    ".csv": "csv",
    ".sqlite": SQLITE,
    ".sqlite3": SQLITE,
    ".db": SQLITE,
}
CHOICES = (*FORMATS, SQLITE)


class Command(ReadsCorpus, ScrapyCommand):
    def syntax(self) -> str:
        return "--format parquet|jsonl|csv|sqlite -o FILE [--since YYYY-MM-DD] [--revisions]"

    def short_desc(self) -> str:
        return (
            "Write the articles in the history to a Parquet, JSON Lines or CSV file, or the "
            "whole history to a SQLite file (scrapy browse opens it)"
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--format",
            choices=CHOICES,
            help="default: from the file's extension; sqlite: a copy of the whole history",
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="the file to write")
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
        parser.add_argument(
            "--revisions", action="store_true", help="every revision, not only the latest"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}")
        if not opts.output:
            raise UsageError("give the file to write: -o FILE")
        path = Path(opts.output)
        file_format = opts.format or SUFFIXES.get(path.suffix.lower())
        if file_format is None:
            raise UsageError(f"give --format ({'|'.join(CHOICES)}): {path.suffix!r} says none")
        if file_format == SQLITE and (opts.since or opts.revisions):
            raise UsageError("--format sqlite copies the whole history: no --since, --revisions")
        since = since_option(opts.since)
        if problem := file_path_problem(path):
            cannot_write(path, problem)
            self.exitcode = 1
            return
        with self.open_corpus(opts) as corpus:
            try:
                if file_format == SQLITE:
                    count = export_sqlite(corpus.db, path)
                else:
                    items = corpus.articles(since=since, revisions=opts.revisions)
                    count = export(items, path, file_format)
            except (ExportError, HistoryError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            except OSError as exc:
                cannot_write(path, exc)
                self.exitcode = 1
                return
            what = "revision(s)" if opts.revisions else "article(s)"
            if file_format == SQLITE:
                what += " and all their revisions"
            print(f"{path}: {count} {what} from {corpus.location}", file=sys.stderr)
