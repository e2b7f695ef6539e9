"""The run ledger: each crawl that used the history, the worker it ran on, whether it finished,
and the local feed files it wrote (read back by :mod:`mayadeen.history.recovery` when it did
not finish)."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from mayadeen.history.articles import now
from mayadeen.history.schema import run_feeds, runs
from mayadeen.history.scope import ENGLISH, Scope
from mayadeen.history.sql import insert, transactional

#: Feed formats whose files can be read back after a crash.
READABLE_FORMATS = frozenset({"jsonlines", "jsonl", "csv"})
#: An unfinished run on another machine holds its claims (pending stories it is to fetch)
#: this long after it began; one on this machine, while its process is alive.
CLAIMS_HELD = timedelta(hours=24)


class Runs:
    """The ``runs`` and ``run_feeds`` tables; :attr:`run_id` is this process's run, once
    begun. Each call runs inside the caller's transaction. A run's spider is recorded as the
    ``scope``'s key (``ar:sections``: see :mod:`~mayadeen.history.scope`)."""

    def __init__(self, db: sa.Connection, scope: Scope = ENGLISH) -> None:
        self.db = db
        self.scope = scope
        self.run_id: int | None = None

    @transactional
    def begin(self, spider: str, worker: str | None = None) -> int:
        """Start this process's run, on ``worker`` (see :meth:`crashed`)."""
        self.run_id = self.db.execute(
            runs.insert()
            .values(
                spider=self.scope.key(spider),
                host=socket.gethostname(),
                pid=os.getpid(),
                started_at=now(),
                worker=worker,
            )
            .returning(runs.c.run_id)
        ).scalar_one()
        return self.run_id

    @transactional
    def add_feed(self, path: str | Path, feed_format: str) -> None:
        """Remember a local feed file of this run, to read it back after a crash."""
        if self.run_id is None or feed_format not in READABLE_FORMATS:
            return
        row = {"run_id": self.run_id, "path": str(Path(path).resolve()), "format": feed_format}
        self.db.execute(insert(self.db, run_feeds).values(row).on_conflict_do_nothing())

    @transactional
    def finish(self, reason: str, run_id: int | None = None) -> None:
        """Run ``run_id`` (by default this one) ended, for ``reason``."""
        run_id = self.run_id if run_id is None else run_id
        if run_id is not None:
            self.db.execute(
                runs.update()
                .where(runs.c.run_id == run_id)
                .values(finished_at=now(), finish_reason=reason)
            )

    @transactional
    def holders(self) -> set[int]:
        """The other runs that may still write the stories they claimed: unfinished, and on
        this machine, still running; on another machine, begun within :data:`CLAIMS_HELD`
        (its own worker recovers it when it crashed: :meth:`crashed`)."""
        host = socket.gethostname()
        cutoff = (datetime.now(UTC) - CLAIMS_HELD).replace(microsecond=0).isoformat()
        query = sa.select(runs.c.run_id, runs.c.host, runs.c.pid, runs.c.started_at).where(
            runs.c.finished_at.is_(None)
        )
        if self.run_id is not None:
            query = query.where(runs.c.run_id != self.run_id)
        return {
            run_id
            for run_id, run_host, pid, started_at in self.db.execute(query).all()
            if (
                pid != os.getpid() and process_alive(pid)
                if run_host == host
                else started_at >= cutoff
            )
        }

    @transactional
    def crashed(self, worker: str | None = None) -> dict[int, list[tuple[Path, str]]]:
        """Runs of ``worker`` that did not finish and whose process is gone, with their feed
        files and formats. Only a run's own worker (machine and data folder) can read its
        feeds back, so another worker's runs are never taken, running or not; a run still
        going on this machine is left alone. Runs from before workers were recorded belong
        to the machine they ran on."""
        host = socket.gethostname()
        query = sa.select(runs.c.run_id, runs.c.host, runs.c.pid).where(
            runs.c.finished_at.is_(None)
        )
        if worker is not None:
            legacy = sa.and_(runs.c.worker.is_(None), runs.c.host == host)
            query = query.where(sa.or_(runs.c.worker == worker, legacy))
        crashed = {}
        for run_id, run_host, pid in self.db.execute(query).all():
            if run_host == host and pid != os.getpid() and process_alive(pid):
                continue  # still running on this machine
            feeds = self.db.execute(
                sa.select(run_feeds.c.path, run_feeds.c.format).where(run_feeds.c.run_id == run_id)
            ).all()
            crashed[run_id] = [(Path(path), fmt) for path, fmt in feeds]
        return crashed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine. A zombie (a killed crawl that its
    parent has not reaped yet) does not: its run is over."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc: ask the process itself
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rpartition(")")[2].split()[0] != "Z"
