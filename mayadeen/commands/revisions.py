"""``scrapy revisions ARTICLE_ID [--json]``: every revision of one article in the history:
when it was first seen, which fields changed, and a word-level diff of the changed text fields
(``[-removed-]``, ``{+added+}``)."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus
from mayadeen.corpus import Change
from mayadeen.monitoring.terminal import printable, printable_json


class Command(ReadsCorpus, ScrapyCommand):
    def syntax(self) -> str:
        return "ARTICLE_ID [--json]"

    def short_desc(self) -> str:
        return "Show every revision of an article and what changed in each"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="the revisions as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one article id (the site's post id): scrapy revisions ID")
        article_id = args[0]
        with self.open_corpus(opts) as corpus:
            changes = corpus.changes(article_id)
            if not changes:
                known = corpus.history.articles.get(article_id) is not None
                why = (
                    "it was recorded before revisions were kept; the next crawl that sees it "
                    "stores its fields"
                    if known
                    else "no such article"
                )
                print(
                    f"error: no revisions of {article_id} in {corpus.location}: {why}",
                    file=sys.stderr,
                )
                self.exitcode = 1
                return
        if opts.json:
            rows = [
                {
                    "revision": c.revision,
                    "seen_at": c.seen_at,
                    "changed": c.changed,
                    "diffs": c.diffs,
                    "item": c.item,
                }
                for c in changes
            ]
            print(printable_json(rows))
            return
        print(printable(describe(article_id, changes)))


def describe(article_id: str, changes: list[Change]) -> str:
    """The revisions as a person reads them, oldest first (print it through
    :func:`~mayadeen.monitoring.terminal.printable`)."""
    latest = changes[-1].item
    lines = [
        f"{article_id}: {latest.get('title')}",
        f"  {latest.get('url')}",
        f"  {len(changes)} revision(s)",
        "",
    ]
    for change in changes:
        lines.append(f"revision {change.revision}, first seen {change.seen_at}")
        if change is changes[0]:
            lines.append(f"  fields: {', '.join(change.changed)}")
        elif not change.changed:
            lines.append("  no field changed")
        else:
            lines.append(f"  changed: {', '.join(change.changed)}")
        for name, diff in change.diffs.items():
            lines.append(f"  {name}: {diff}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")
