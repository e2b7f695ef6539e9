"""Project commands (``COMMANDS_MODULE``; a module named like a Scrapy command replaces it).

- ``crawl``: spider arguments checked before anything starts, and an exit status that tells.
- ``parse``, ``fetch``, ``shell``, ``check``: Scrapy's, without side effects
  (:class:`NoSideEffects`), and a live-site URL is fetched on ``MAYADEEN_BASE_URL``.
- ``savefixture``: save a page as a test fixture.
- ``search``, ``revisions``, ``export``, ``report``: the article corpus in the history
  (:class:`ReadsCorpus`, :mod:`mayadeen.corpus`); ``browse``: Datasette on it.

The top layer: may import every package; none imports it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from urllib.request import url2pathname

from scrapy.exceptions import UsageError
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from mayadeen.corpus import Corpus
from mayadeen.history import HistoryError
from mayadeen.site import ALL_PRODUCTION_HOSTS, rebase_url
from mayadeen.spiders.params import SpiderArgumentError


class NoSideEffects:
    """Mixin for commands that look at pages rather than run a crawl: no history, no
    feeds, no run report or summary file, no shared Redis queue; nothing is written under
    ``MAYADEEN_DATA_DIR``.

    The overrides are set at command-line priority, over the project's settings and ``-s``
    (a command's ``default_settings`` rank below the project's). Feeds asked for with
    ``-o``/``-O`` are still written: the user named them.
    """

    no_side_effects: ClassVar[dict[str, Any]] = {
        "MAYADEEN_HISTORY": "",
        "MAYADEEN_FEEDS": {},
        "MAYADEEN_REDIS_URL": "",
    }
    #: Extensions switched off (the project's others stay as they are).
    no_extensions: ClassVar[tuple[str, ...]] = ("mayadeen.monitoring.report.RunReport",)
    settings: Settings | None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # type: ignore[misc]
        assert self.settings is not None
        for name, value in self.no_side_effects.items():
            self.settings.set(name, value, priority="cmdline")
        extensions = {**self.settings.getdict("EXTENSIONS"), **dict.fromkeys(self.no_extensions)}
        self.settings.set("EXTENSIONS", extensions, priority="cmdline")

    def on_base(self, url: str) -> str:
        """``url`` on ``MAYADEEN_BASE_URL`` when it is on the live site (a saved page's
        address then replays against a replica or mirror); any other URL unchanged."""
        parts = urlsplit(url)
        assert self.settings is not None
        base = self.settings.get("MAYADEEN_BASE_URL")
        if base and parts.scheme in ("http", "https") and parts.hostname in ALL_PRODUCTION_HOSTS:
            return rebase_url(url, base)
        return url


def check_spider_arguments(
    settings: Settings, spider: str, spargs: dict[str, str], *, crawl: bool
) -> None:
    """Stop with one line on stderr, and exit status 2 (a usage error), when ``spider``
    would refuse its arguments, or does not exist (a typo): before the crawler starts, so
    no traceback and no log."""
    loader = get_spider_loader(settings)
    try:
        spidercls = loader.load(spider)
    except KeyError:
        names = sorted(loader.list())
        close = difflib.get_close_matches(spider, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        print(
            f"error: no spider {spider!r}: {hint}the spiders are {', '.join(names)}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    check = getattr(spidercls, "check_arguments", None)
    if check is None:
        return
    try:
        check(spargs, settings, crawl=crawl)
    except SpiderArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def check_feed_paths(settings: Settings) -> None:
    """Stop with one line on stderr, and exit status 2, when a local feed (``-o``/``-O``,
    ``FEEDS``) names a directory, a read-only file or a path under a file: the run could not
    write it (and its history would keep a run to settle). Other storages (S3, FTP, ...)
    and templated paths (``%(time)s``) are left to the feed exporter."""
    for uri in map(str, settings.getdict("FEEDS")):
        path = local_feed_path(uri)
        problem = file_path_problem(path) if path is not None else None
        if problem:
            print(f"error: cannot write the feed {uri}: {problem}", file=sys.stderr)
            raise SystemExit(2)


def local_feed_path(uri: str) -> Path | None:
    """The file a feed URI names on this machine (a path, or a ``file://`` URI); ``None``
    for any other storage, or a path still to be filled in (``%(name)s``)."""
    if "%(" in uri:
        return None
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(url2pathname(parts.path))
    return Path(uri) if len(parts.scheme) <= 1 else None  # none, or a Windows drive


def file_path_problem(path: Path) -> str | None:
    """Why a file cannot be written at ``path`` (a directory, a read-only file, or under a
    file), or ``None``."""
    if path.is_dir():
        return "it is a directory: give a file's path"
    if path.exists() and not os.access(path, os.W_OK):
        return "it is read-only"
    folder = next((p for p in path.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        return f"{folder} is not a directory"
    return None


class ReadsCorpus:
    """Mixin for commands that read the article corpus and run no crawl: the project's
    history (``MAYADEEN_HISTORY``), or the one ``--history PATH_OR_URL`` names. A history
    that cannot be opened is one line on stderr and exit status 1. (A mixin: Scrapy takes
    every command class of this package for a command.)"""

    requires_project = True
    requires_crawler_process = False
    settings: Settings | None

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)  # type: ignore[misc]
        parser.add_argument(
            "--history",
            metavar="PATH_OR_URL",
            help="a history other than the project's: a SQLite file or a postgresql:// URL",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy passes an option it does not know on as an argument (``--limt 3``
        searched for the words "limt 3"): a usage error, naming it, instead."""
        super().process_options(args, opts)  # type: ignore[misc]
        unknown = [arg for arg in args if arg.startswith("--") and len(arg) > 2]
        if unknown:
            raise UsageError(f"no option {unknown[0]} (-h lists the options)")

    def open_corpus(self, opts: argparse.Namespace) -> Corpus:
        assert self.settings is not None
        try:
            if opts.history:
                return Corpus.open(opts.history)
            return Corpus.from_settings(self.settings)
        except HistoryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise SystemExit(1) from None


#: The largest ``--limit`` a database takes (a 64-bit integer); a larger one means "all".
MAX_LIMIT = 2**63 - 1


def limit_option(value: str) -> int:
    """``--limit N``: a whole number from 1; one beyond :data:`MAX_LIMIT` is that."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a whole number, 1 or more")
    return min(number, MAX_LIMIT)


def since_option(value: str | None) -> date | None:
    """``--since YYYY-MM-DD`` as a day; a usage error (exit status 2) saying what is
    expected when it is none."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--since {value}: expected a day, YYYY-MM-DD") from None


def cannot_write(path: Path, why: str | OSError) -> None:
    """Say in one line on stderr that the file ``path`` could not be written, and why."""
    reason = (why.strerror or str(why)) if isinstance(why, OSError) else why
    print(f"error: cannot write {path}: {reason}", file=sys.stderr)
