"""The history's schema brought to the latest version when it is opened: a schema already
at :data:`HEAD` is seen so by reading its ``alembic_version`` table, and Alembic, imported
only then, runs the migrations (:mod:`mayadeen.history.migrations`) of any other."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import sqlalchemy as sa

from mayadeen.history.locks import migration_lock

#: The migrations (:mod:`mayadeen.history.migrations`).
MIGRATIONS = Path(__file__).with_name("migrations")
#: The latest migration's ``revision``: a history whose ``alembic_version`` holds it needs
#: no migration (``tests/test_history_migrate.py`` checks it against the migrations).
HEAD = "0012"
#: The revision of a history made before the schema had versions.
FIRST = "0001"


class MigrationError(Exception):
    """Alembic cannot bring the schema to :data:`HEAD` (a history made by a newer version,
    say): its message."""


def migrate(db: sa.Connection) -> None:
    """Bring the schema to the latest version, in one transaction. A history made before the
    schema had versions is marked as the first one, then upgraded. On PostgreSQL the
    processes take turns under an advisory lock (on SQLite, under the file lock of
    :func:`~mayadeen.history.locks.turn`). Raises :class:`MigrationError`."""
    with db.begin():
        if db.dialect.name == "postgresql":
            migration_lock(db)
        tables = set(sa.inspect(db).get_table_names())
        if "alembic_version" in tables and _versions(db) == [HEAD]:
            return
        unversioned = "articles" in tables and "alembic_version" not in tables
        _upgrade(db, stamp=FIRST if unversioned else None)


def _versions(db: sa.Connection) -> list[str]:
    """The revisions the history's ``alembic_version`` table holds."""
    return list(db.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())


def _upgrade(db: sa.Connection, stamp: str | None = None) -> None:
    """Alembic's upgrade to the latest version in ``db``'s transaction, marked first as
    revision ``stamp`` when given."""
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    with _scripts() as scripts:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        config.attributes["connection"] = db
        try:
            if stamp is not None:
                command.stamp(config, stamp)
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
