"""What the migrations' tests share: Alembic run on a test's own connection, and an article
recorded as the code did before search keys (``0005``): no key, nothing noted for the
index."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.config import Config

from mayadeen.history import revisions as revision_rows
from mayadeen.history.migrate import MIGRATIONS
from mayadeen.history.schema import articles, revisions


def alembic_config(db: sa.Connection) -> Config:
    """Alembic's configuration for the project's migrations, run on ``db``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = db
    return config


def record_unkeyed(db: sa.Connection, item: dict[str, Any]) -> None:
    """Record a new article as the code before ``0005`` did (today's ``Articles`` writes
    columns of later versions): its revision, then its row in ``articles`` pointing to it."""
    seen = item.get("scraped_at") or item["published_at"]
    row = {"article_id": item["article_id"], "revision": 1, "seen_at": seen}
    added = sa.insert(revisions).values(row | revision_rows.to_row(item))
    revision_id = db.execute(added.returning(revisions.c.revision_id)).scalar_one()
    latest = {name: item.get(name) for name in ("url", "published_at", "modified_at")}
    latest |= {"article_id": item["article_id"], "revision": 1, "first_seen": seen}
    latest |= {"last_seen": seen, "fingerprint": revision_rows.fingerprint(item)}
    db.execute(sa.insert(articles).values(latest | {"latest_revision_id": revision_id}))
