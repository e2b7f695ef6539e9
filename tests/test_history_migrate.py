"""The schema check on opening a history: a history already at the latest version opens
without importing Alembic; a new or older one is migrated, by one process when several open
it at once; one made by a newer version is refused."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from mayadeen.history import History, HistoryError
from mayadeen.history.engine import create_engine, database_url
from mayadeen.history.migrate import HEAD, MIGRATIONS
from tests.crawl import PROJECT_ROOT

pytestmark = pytest.mark.subprocess  # fresh processes open the history

BEFORE_REVISIONS = Path(__file__).parent / "fixtures" / "history" / "before-revisions.sqlite3"

#: In a fresh process: at ``argv[2]`` (a ``time.time()``), open the history at ``argv[1]``,
#: begin a run in it (``runs.walk`` is 0003's), and print the Alembic modules imported.
OPEN_IN_A_FRESH_PROCESS = """
import json, sys, time
start = float(sys.argv[2])
while time.time() < start:
    pass  # spinning, not sleeping: the processes start within microseconds
from mayadeen.history import History, HistoryKeeper
history = History(sys.argv[1])
history.runs.begin("fresh")
history.close()
print(json.dumps(sorted(m for m in sys.modules if m.partition(".")[0] == "alembic")))
"""


def open_in_fresh_processes(location: str, processes: int = 1) -> list[list[str]]:
    """Open the history at ``location`` in ``processes`` new Python processes at the same
    instant; the Alembic modules each imported."""
    start = str(time.time() + 2.0)  # after the interpreters and mayadeen are loaded
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_IN_A_FRESH_PROCESS, location, start],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, stderr) in zip(children, outputs, strict=True):
        assert child.returncode == 0, stderr[-3000:]
    return [json.loads(stdout) for stdout, _ in outputs]


def versions(location: str) -> list[str]:
    engine = sa.create_engine(database_url(location))
    with engine.connect() as db:
        found = list(db.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    engine.dispose()
    return found


def migrate_to(location: str, revision: str) -> None:
    """A new history at ``location`` migrated by Alembic up to ``revision`` only."""
    engine = create_engine(database_url(location))
    with engine.connect() as db, db.begin():
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = db
        command.upgrade(config, revision)
    engine.dispose()


def test_head_is_the_latest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_history_at_the_latest_version_opens_without_alembic(history_at: str) -> None:
    History(history_at).close()  # made, and migrated, here
    assert open_in_fresh_processes(history_at) == [[]]
    assert versions(history_at) == [HEAD]


def test_a_new_history_is_migrated_in_a_fresh_process(history_at: str) -> None:
    [imported] = open_in_fresh_processes(history_at)
    assert "alembic" in imported
    assert versions(history_at) == [HEAD]


@pytest.mark.parametrize("made_at", ["0001", "0002"])
def test_an_older_history_is_migrated_by_one_of_the_processes_opening_it(
    history_at: str, made_at: str
) -> None:
    migrate_to(history_at, made_at)
    imported = open_in_fresh_processes(history_at, processes=4)
    # The others waited for its migration (a lock), then found the latest version.
    assert sorted(bool(modules) for modules in imported) == [False, False, False, True]
    assert versions(history_at) == [HEAD]


def test_a_history_made_before_the_schema_had_versions_is_migrated(tmp_path: Path) -> None:
    path = shutil.copy(BEFORE_REVISIONS, tmp_path / "history.sqlite3")
    [imported] = open_in_fresh_processes(str(path))
    assert "alembic" in imported
    assert versions(str(path)) == [HEAD]


def test_a_history_of_a_newer_version_is_refused(history_at: str) -> None:
    History(history_at).close()
    engine = sa.create_engine(database_url(history_at))
    with engine.begin() as db:
        db.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(HistoryError, match=r"cannot open the history .*'9999'"):
        History(history_at)
