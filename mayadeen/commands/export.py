"""``scrapy export --format parquet|jsonl|csv -o FILE [--since YYYY-MM-DD] [--revisions]``:
the latest revision of every article in the history (every revision with ``--revisions``)
written to a file, without crawling (see :mod:`mayadeen.corpus.export`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus, cannot_write, file_path_problem, since_option
from mayadeen.corpus.export import FORMATS, ExportError, export

#: Formats guessed from the output's extension when ``--format`` is not given.
SUFFIXES = {".parquet": "parquet", ".jsonl": "jsonl", ".jsonlines": "jsonl", ".csv": "csv"}


class Command(ReadsCorpus, ScrapyCommand):
    def syntax(self) -> str:
        return "--format parquet|jsonl|csv -o FILE [--since YYYY-MM-DD] [--revisions]"

    def short_desc(self) -> str:
        return "Write the articles in the history to a Parquet, JSON Lines or CSV file"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--format", choices=FORMATS, help="default: from the file's extension")
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
            raise UsageError(f"give --format ({'|'.join(FORMATS)}): {path.suffix!r} says none")
        since = since_option(opts.since)
        if problem := file_path_problem(path):
            cannot_write(path, problem)
            self.exitcode = 1
            return
        with self.open_corpus(opts) as corpus:
            try:
                items = corpus.articles(since=since, revisions=opts.revisions)
                count = export(items, path, file_format)
            except ExportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            except OSError as exc:
                cannot_write(path, exc)
                self.exitcode = 1
                return
            what = "revision(s)" if opts.revisions else "article(s)"
            print(f"{path}: {count} {what} from {corpus.location}", file=sys.stderr)
