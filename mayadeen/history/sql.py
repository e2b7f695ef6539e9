"""Helpers shared by the history's tables: transactions, and the one construct SQLAlchemy
Core spells per dialect (``INSERT ... ON CONFLICT``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


class _HasConnection(Protocol):
    db: sa.Connection


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound=_HasConnection)


def transactional(method: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R]:
    """Run ``method`` in the caller's transaction if one is open, else in its own, committed
    when it returns: no call leaves a transaction (and, on SQLite, the write lock) open."""

    @functools.wraps(method)
    def wrapper(self: T, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.db.in_transaction():
            return method(self, *args, **kwargs)
        with self.db.begin():
            return method(self, *args, **kwargs)

    return wrapper


def insert(db: sa.Connection, table: sa.Table) -> Any:
    """An ``INSERT`` into ``table`` with ``on_conflict_do_nothing`` / ``_do_update``, in the
    connection's dialect (the two dialects' constructs take the same arguments)."""
    dialect = postgresql if db.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
