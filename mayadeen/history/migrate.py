"""The history's schema brought to the latest version when it is opened, by Alembic's
migrations (:mod:`mayadeen.history.migrations`)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util import CommandError

from mayadeen.history.locks import migration_lock

#: The migrations (:mod:`mayadeen.history.migrations`).
MIGRATIONS = Path(__file__).with_name("migrations")


class MigrationError(Exception):
    """Alembic cannot bring the schema to the latest version (a history made by a newer
    version, say): its message."""


def migrate(db: sa.Connection) -> None:
    """Bring the schema to the latest version, in one transaction. A history made before the
    schema had versions is marked as the first one, then upgraded. On PostgreSQL the
    processes take turns under an advisory lock (on SQLite, under the file lock of
    :func:`~mayadeen.history.locks.turn`). Raises :class:`MigrationError`."""
    with db.begin(), _scripts() as scripts:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        config.attributes["connection"] = db
        if db.dialect.name == "postgresql":
            migration_lock(db)
        tables = set(sa.inspect(db).get_table_names())
        try:
            if "articles" in tables and "alembic_version" not in tables:
                command.stamp(config, "0001")
            command.upgrade(config, "head")
        except CommandError as exc:
            raise MigrationError(str(exc)) from exc


@contextmanager
def _scripts() -> Iterator[Path]:
    """The migrations' folder. Alembic reads them as files: when the package is inside a
    zip (a Scrapyd egg), they are copied out to a temporary folder first."""
    if MIGRATIONS.is_dir():
        yield MIGRATIONS
        return
    with tempfile.TemporaryDirectory(prefix="mayadeen-migrations-") as folder:
        _copy_tree(resources.files("mayadeen.history.migrations"), Path(folder))
        yield Path(folder)


def _copy_tree(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                (target / entry.name).mkdir()
                _copy_tree(entry, target / entry.name)
        elif entry.name.endswith(".py"):
            (target / entry.name).write_bytes(entry.read_bytes())
