"""Which edition's keys a crawl reads and writes in a history both editions share.

An article's identity is its edition and post id (:meth:`mayadeen.site.Edition.article_id`:
``1234567`` on the English site, ``ar:1234567`` on the Arabic one), and the history keys
the paths of an edition's stories, its pending stories, its listings' watermarks and its
runs' spiders the same way (``/news/politics/x``, ``ar:/news/politics/x``). The English
edition's keys are as they were before editions: a history written then is the English
edition's, unchanged. A :class:`Scope` puts a crawl's edition before every key it writes,
takes it off every key it reads, and reads only its own edition's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from mayadeen import site


@dataclass(frozen=True)
class Scope:
    """One edition's keys: ``prefix`` before each (empty for English)."""

    prefix: str = ""

    @classmethod
    def of(cls, edition: str | site.Edition | None) -> Scope:
        """The scope of an edition (its code; ``None``: English)."""
        if not isinstance(edition, site.Edition):
            edition = site.EDITIONS[edition or site.ENGLISH.code]
        return cls(edition.key_prefix)

    @classmethod
    def of_item(cls, item: Mapping[str, Any]) -> Scope:
        """The scope of an article item (one without ``edition`` is English)."""
        return cls.of(item.get("edition"))

    def key(self, path: str) -> str:
        return self.prefix + path

    def keys(self, paths: Iterable[str]) -> list[str]:
        return [self.prefix + path for path in paths]

    def path(self, key: str) -> str:
        """The path a key of this scope stands for."""
        return key[len(self.prefix) :]

    def owns(self, column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
        """The rows whose key (a path, an article id, a spider) is this scope's."""
        if self.prefix:
            return column.startswith(self.prefix, autoescape=True)
        others = {e.key_prefix for e in site.EDITIONS.values()} - {""}
        return sa.and_(*(~column.startswith(p, autoescape=True) for p in sorted(others)))


ENGLISH = Scope()
