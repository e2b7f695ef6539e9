"""``scrapy browse [--port N] [--host ADDRESS] [--history PATH]``: Datasette on the history, read
only (immutable), bound to 127.0.0.1 by default, with the page set up by ``browse.yaml``
beside this module (titles, labels, facets, search, canned queries), the templates in
``browse_templates`` beside it (the stories' columns under their labels) and the plugin
:mod:`mayadeen.corpus.browse`. Datasette is the optional extra ``browse``; without it, one
line says what to install. Datasette reads SQLite only: a PostgreSQL history is one line
saying to browse its SQLite copy (``scrapy export --format sqlite``)."""

from __future__ import annotations

import argparse
import errno
import importlib.util
import json
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from mayadeen.commands import ReadsCorpus
from mayadeen.history.engine import describe
from mayadeen.history.keeper import history_location

#: Datasette's metadata for the page, and its templates; the database is named
#: :data:`TEMPLATE_DATABASE` in both (in a template's file name, one of its parts between
#: dashes: ``query-history.html``).
METADATA = Path(__file__).with_name("browse.yaml")
TEMPLATES = Path(__file__).with_name("browse_templates")
TEMPLATE_DATABASE = "history"
DEFAULT_PORT = 8001
INSTALL = "pip install 'mayadeen[browse]'"


class Command(ReadsCorpus, ScrapyCommand):
    def syntax(self) -> str:
        return "[--port N] [--host ADDRESS] [--history PATH]"

    def short_desc(self) -> str:
        return "Browse the history in a web page (Datasette, read-only)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--port",
            type=port_option,
            metavar="N",
            help=f"default {DEFAULT_PORT}, or a free one when it is taken; 0 for any free one",
        )
        parser.add_argument(
            "--host", default="127.0.0.1", metavar="ADDRESS", help="default 127.0.0.1"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}")
        if importlib.util.find_spec("datasette") is None:
            print(f"error: scrapy browse needs Datasette: {INSTALL}", file=sys.stderr)
            self.exitcode = 1
            return
        location = opts.history or history_location(self.settings)
        if "://" in str(location):
            print(
                f"error: {describe(str(location))} is not SQLite, and Datasette reads SQLite "
                "only: copy it (scrapy export --format sqlite -o history.sqlite3), then "
                "scrapy browse --history history.sqlite3",
                file=sys.stderr,
            )
            self.exitcode = 1
            return
        # Opening the corpus checks the file as the other commands do: one line when it is
        # missing, or no SQLite database.
        with self.open_corpus(opts):
            pass
        path = Path(str(location))
        port = choose_port(opts.host, opts.port)
        if port is None:
            print(f"error: port {opts.port} on {opts.host} is taken: give another", file=sys.stderr)
            self.exitcode = 1
            return
        self.exitcode = serve(path, opts.host, port)


def port_option(value: str) -> int:
    """``--port N``: 0 (any free port) to 65535."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a port, 0 to 65535")
    return int(value)


def choose_port(host: str, port: int | None) -> int | None:
    """``port`` when it is free on ``host`` (``None`` when it is taken); without one,
    :data:`DEFAULT_PORT` when free, else any free port. 0 is any free port."""
    wanted = DEFAULT_PORT if port is None else port
    for candidate in dict.fromkeys([wanted, 0] if port is None else [wanted]):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                continue
            return probe.getsockname()[1]
    return None


def metadata_for(database: str) -> dict[str, Any]:
    """:data:`METADATA` with its database renamed ``database``, and ``{database}`` in its
    description's HTML the database's path."""
    import yaml  # Datasette's own dependency: there when Datasette is

    metadata = yaml.safe_load(METADATA.read_text("utf-8"))
    metadata["description_html"] = metadata["description_html"].replace(
        "{database}", "/" + quote(database)
    )
    databases = metadata.get("databases", {})
    databases[database] = databases.pop(TEMPLATE_DATABASE)
    return metadata


def write_templates(database: str, folder: Path) -> None:
    """:data:`TEMPLATES` into ``folder``, each named for ``database`` where its name holds
    :data:`TEMPLATE_DATABASE` (Datasette looks a page's templates up by its database's name
    as a CSS class: ``_table-{database}-{table}.html``, ``query-{database}.html``)."""
    from datasette.utils import to_css_class

    for template in TEMPLATES.glob("*.html"):
        parts = template.stem.split("-")
        named = [to_css_class(database) if part == TEMPLATE_DATABASE else part for part in parts]
        (folder / ("-".join(named) + ".html")).write_text(template.read_text("utf-8"), "utf-8")


def serve(path: Path, host: str, port: int) -> int:
    """Run Datasette on ``path`` (immutable) until it is stopped; its exit status."""
    import rich  # here, not at the top: every scrapy command imports this module
    from datasette.cli import cli
    from datasette.plugins import pm

    from mayadeen.corpus import browse as browse_plugin

    if not pm.is_registered(browse_plugin):
        pm.register(browse_plugin, name="mayadeen")

    database = path.name.split(".")[0]  # how Datasette names it: the file's stem
    with tempfile.TemporaryDirectory(prefix="mayadeen-browse-") as folder:
        metadata = Path(folder) / "metadata.json"
        metadata.write_text(json.dumps(metadata_for(database)), "utf-8")
        templates = Path(folder) / "templates"
        templates.mkdir()
        write_templates(database, templates)
        print(f"Browsing {path} (read-only) at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
        # Datasette prints each error it answers with rich's console, when rich is installed
        # (a dependency here): a screen of traceback and locals for every 404 or a sort by a
        # missing column. Its access log still has a line for each; an unexpected error still
        # prints its traceback (Datasette's own ``print_exc``).
        rich.reconfigure(quiet=True)
        arguments = ["serve", "--immutable", str(path), "--host", host, "--port", str(port)]
        arguments += ["--metadata", str(metadata), "--template-dir", str(templates)]
        try:
            cli.main(args=arguments, prog_name="datasette", standalone_mode=False)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
    return 0
