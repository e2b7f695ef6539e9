"""Helpers shared by the history's tables: transactions (a SQLite crawl's records grouped in
batches among them), the one construct SQLAlchemy Core spells per dialect (``INSERT ...
ON CONFLICT``), and the statements a record runs on SQLite's driver (:class:`Direct`)."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


class _HasConnection(Protocol):
    db: sa.Connection


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound=_HasConnection)

#: The JSON of the history's JSON columns, SQLAlchemy's (the engines' ``json_serializer``) and
#: :class:`Direct`'s (an encoder made once: ``json.dumps`` with options makes one a call, a
#: tenth of the cost of a revision's ``data``).
encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: The key of a connection's :class:`Batch` in its ``info``.
BATCH = "mayadeen.batch"


class Batch:
    """One write transaction on ``db`` that the records of several articles join (see
    :meth:`join`), committed when ``size`` records are in it or ``seconds`` have passed since
    it began, and by :meth:`commit`.

    Every other transaction on the connection commits it first (:func:`transactional`), so
    that what any other call writes (a pending story, a run) is committed when that call
    returns, with the records before it; only a point read (:func:`reads_in_batch`) reads
    inside it. Writes that no read in the batch asks about can wait for its commit, to be
    made once for all its records (:meth:`later`). A process killed with records in an open
    batch loses them from the history, not from its feeds: the next run reads the feeds back
    (:mod:`mayadeen.history.recovery`). A batch that failed (a record raised, or the commit
    did) is rolled back whole: :attr:`lost` counts the records it held, and the run's feeds
    are read back by the next run only if the run is left unfinished.

    For SQLite only: while the batch is open it holds the history's write lock, so another
    process's writes wait for it (``seconds`` must stay well below their busy timeout).
    """

    def __init__(self, db: sa.Connection, size: int, seconds: float) -> None:
        self.db = db
        self.size = size
        self.seconds = seconds
        self.transaction: sa.RootTransaction | None = None
        #: records in the open transaction
        self.records = 0
        #: records rolled back with a failed batch, in this connection's life
        self.lost = 0
        self._began = 0.0
        self._joined = False
        self._later: dict[Callable[[dict[str, Any]], None], dict[str, Any]] = {}
        db.info[BATCH] = self

    @property
    def idle(self) -> bool:
        """Open, and no record is running in it: another transaction commits it first."""
        return self.transaction is not None and not self._joined

    @contextmanager
    def join(self) -> Iterator[None]:
        """Run one record's statements in the batch (begun now if none is open); afterwards
        commit it when it is full or old. When they raise, the batch is rolled back."""
        if self.transaction is None:
            self.transaction = self.db.begin()
            self._began = time.monotonic()
        self._joined = True
        try:
            yield
        except BaseException:
            self.records += 1  # the failed record's own statements are rolled back too
            self.rollback()
            raise
        finally:
            self._joined = False
        self.records += 1
        if self.records >= self.size or time.monotonic() - self._began >= self.seconds:
            self.commit()

    def later(self, write: Callable[[dict[str, Any]], None], values: Mapping[str, Any]) -> None:
        """Have ``write`` called once, just before the batch's commit (in the batch), with
        the ``values`` of every call for it in the batch, a later value replacing an earlier
        one under the same key: one statement for the batch's records instead of one each.
        Only for what no read in the batch asks about."""
        self._later.setdefault(write, {}).update(values)

    def due_in(self) -> float | None:
        """Seconds until the open batch is due for its commit (0 or less: it is due);
        ``None`` when none is open."""
        if self.transaction is None:
            return None
        return self._began + self.seconds - time.monotonic()

    def commit(self) -> None:
        """Commit the open batch, if any."""
        transaction = self.transaction
        if transaction is None:
            return
        try:
            self._joined = True  # what the writes call runs in the batch
            try:
                for write, values in self._later.items():
                    write(values)
            finally:
                self._joined = False
                self._later = {}
            transaction.commit()
        except BaseException:
            self.rollback()
            raise
        self.transaction, self.records = None, 0

    def rollback(self) -> None:
        """Give up the open batch: its records are :attr:`lost`."""
        transaction, self.transaction = self.transaction, None
        self.lost += self.records
        self.records = 0
        self._later = {}
        if transaction is not None:
            transaction.rollback()


def _in_transaction(
    method: Callable[Concatenate[T, P], R], *, joins_batch: bool
) -> Callable[Concatenate[T, P], R]:
    @functools.wraps(method)
    def wrapper(self: T, *args: P.args, **kwargs: P.kwargs) -> R:
        db = self.db
        if db.in_transaction():
            batch: Batch | None = db.info.get(BATCH)
            if batch is None or joins_batch or not batch.idle:
                return method(self, *args, **kwargs)  # the caller's transaction
            batch.commit()
        with db.begin():
            return method(self, *args, **kwargs)

    return wrapper


def transactional(method: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R]:
    """Run ``method`` in the caller's transaction if one is open, else in its own, committed
    when it returns: no call leaves a transaction (and, on SQLite, the write lock) open. An
    open :class:`Batch` between two records is not a caller's transaction: it is committed
    first, so that what ``method`` writes is committed when it returns."""
    return _in_transaction(method, joins_batch=False)


def reads_in_batch(method: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R]:
    """:func:`transactional`, but an open :class:`Batch` is joined, not committed: for a
    point read between two records (it sees the batch's records, as the crawl does)."""
    return _in_transaction(method, joins_batch=True)


def insert(db: sa.Connection, table: sa.Table) -> Any:
    """An ``INSERT`` into ``table`` with ``on_conflict_do_nothing`` / ``_do_update``, in the
    connection's dialect (the two dialects' constructs take the same arguments)."""
    dialect = postgresql if db.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


#: SQLite's dialect compiling parameters by name (``:name``), as the driver takes a mapping.
_NAMED_SQLITE = sqlite.dialect(paramstyle="named")


class Direct:
    """A statement a record runs, compiled once: on SQLite run on the driver's connection,
    in the transaction SQLAlchemy began (SQLAlchemy's execution of a compiled statement
    costs about as much as SQLite's of a short one: a third of a record's time in three
    statements); elsewhere run by SQLAlchemy. ``keys``: the parameters of an ``INSERT``
    (those its ``VALUES`` bind); ``json_keys``: those given as JSON-able values, which the driver
    is given as JSON text (:data:`encode_json`, as SQLAlchemy gives it)."""

    def __init__(
        self,
        db: sa.Connection,
        statement: sa.Executable,
        keys: Collection[str] | None = None,
        json_keys: Collection[str] = (),
    ) -> None:
        self.statement = statement
        self.sql: str | None = None
        self.values: dict[str, Any] = {}
        if db.dialect.name == "sqlite":
            compiled = statement.compile(
                dialect=_NAMED_SQLITE, column_keys=list(keys) if keys is not None else None
            )
            self.sql = str(compiled)
            # the statement's own values (``max(search_key) + 1``'s 1), by their names
            self.values = {
                name: bind.effective_value
                for bind, name in compiled.bind_names.items()
                if not bind.required and name not in (keys or ())
            }
        self.json_keys = tuple(json_keys)

    def run(self, db: sa.Connection, params: Mapping[str, Any]) -> None:
        """Run the statement (one that returns no rows)."""
        if self.sql is None:
            db.execute(self.statement, params)
        else:
            self._driver(db, params)

    def first(self, db: sa.Connection, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The statement's first row (``None``: no row)."""
        if self.sql is None:
            row = db.execute(self.statement, params).first()
            return tuple(row) if row is not None else None
        return self._driver(db, params).fetchone()

    def scalar(self, db: sa.Connection, params: Mapping[str, Any]) -> Any:
        """The first column of the statement's first row (``None``: no row)."""
        row = self.first(db, params)
        return row[0] if row is not None else None

    def _driver(self, db: sa.Connection, params: Mapping[str, Any]) -> Any:
        if not db.in_transaction():  # the driver runs each statement alone outside one
            raise RuntimeError("a record's statement outside a transaction")
        params = {
            **self.values,
            **params,
            **{name: encode_json(params[name]) for name in self.json_keys},
        }
        driver = db.connection.driver_connection
        assert driver is not None
        return driver.execute(self.sql, params)
