"""``scrapy export --format parquet|jsonl|csv -o FILE [--since YYYY-MM-DD] [--revisions]``:
the latest revision of every article in the history (every revision with ``--revisions``)
written to a file, without crawling (see :mod:`mayadeen.export`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus
from mayadeen.export import FORMATS, ExportError, export

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
        with self.open_corpus(opts) as corpus:
            try:
                items = corpus.articles(since=opts.since, revisions=opts.revisions)
                count = export(items, path, file_format)
            except ValueError as exc:  # a bad --since
                raise UsageError(str(exc)) from None
            except (ExportError, OSError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            what = "revision(s)" if opts.revisions else "article(s)"
            print(f"{path}: {count} {what} from {corpus.location}", file=sys.stderr)
