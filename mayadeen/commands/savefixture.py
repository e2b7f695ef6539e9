"""``scrapy savefixture URL``: save a page as a test fixture, with the parser's output beside it.

    scrapy savefixture https://english.almayadeen.net/news/politics/some-story
    scrapy savefixture URL --name politics-2026-11 --dir tests/fixtures/pages/live

Writes ``<name>.html`` (the page as fetched), ``<name>.json`` (its URL, final URL, status,
when it was captured and its source: ``live`` when fetched from the site's own host, else
``replica``) and ``<name>.expected.json`` (what the parser makes of it now, to review and
correct by hand). ``tests/test_fixtures.py`` then checks every saved page against its
expected file: a page that parses badly on the live site becomes a test in a minute.
"""

from __future__ import annotations

import json
import re
from argparse import ArgumentParser, Namespace
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.exceptions import UsageError
from scrapy.http import Response

from mayadeen.commands.fetch import Command as FetchCommand
from mayadeen.extraction.article import ArticlePage, NotAnArticle, extract_article
from mayadeen.items import CRAWL_FIELDS
from mayadeen.site import ALL_PRODUCTION_HOSTS, ENGLISH, edition_of_host, rebase_url

#: Saved pages go to a folder of their source here: ``live/`` or ``replica/``.
DEFAULT_DIR = "tests/fixtures/pages"


class Command(FetchCommand):
    """The project's ``fetch`` (no side effects, live-site URLs on ``MAYADEEN_BASE_URL``),
    saving the page instead of printing it."""

    def process_options(self, args: list[str], opts: Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def syntax(self) -> str:
        return "[options] <url>"

    def short_desc(self) -> str:
        return "Save a page as a test fixture, with the parser's current output beside it"

    def long_desc(self) -> str:
        return __doc__ or self.short_desc()

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--dir", help=f"where to save (default {DEFAULT_DIR}/live or {DEFAULT_DIR}/replica)"
        )
        parser.add_argument("--name", help="file name stem (default: from the URL's last segment)")

    def run(self, args: list[str], opts: Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one URL")
        self.page_url = args[0]
        base = self.settings.get("MAYADEEN_BASE_URL")
        super().run([rebase_url(args[0], base) if base else args[0]], opts)

    def _print_response(self, response: Response, opts: Namespace) -> None:
        name = opts.name or stem_for(self.page_url)
        live = urlsplit(response.url).hostname in ALL_PRODUCTION_HOSTS
        source = "live" if live else "replica"
        folder = Path(opts.dir) if opts.dir else Path(DEFAULT_DIR) / source
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.html").write_bytes(response.body)
        meta = {
            "url": self.page_url,
            "fetched_url": response.url,
            "status": response.status,
            "fetched_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "source": source,
        }
        (folder / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
        expected = expected_output(response.text, self.page_url)
        (folder / f"{name}.expected.json").write_text(
            json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
        )
        print(f"saved {folder / name}.html, .json and .expected.json (review the last one)")


def expected_output(html: str, url: str) -> dict:
    """What the parser makes of a page: the item's page fields, or why it is no article. The
    edition is the one whose live host ``url`` is on (English for any other address)."""
    edition = edition_of_host(urlsplit(url).hostname) or ENGLISH
    try:
        article = extract_article(ArticlePage(html, url, edition), html=html)
    except NotAnArticle as exc:
        return {"not_article": exc.reason}
    return {k: v for k, v in asdict(article).items() if k not in CRAWL_FIELDS}


def stem_for(url: str) -> str:
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "home"
    return re.sub(r"[^\w-]+", "-", segment)[:60].strip("-") or "page"
