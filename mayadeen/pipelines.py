"""Item pipelines, one job each, in this order (``ITEM_PIPELINES``):

1. :class:`ValidatePipeline`: drop items that break the schema, with a reason.
2. :class:`DedupePipeline`: one item per post id within a run (shared by a distributed
   crawl's workers).
3. :class:`HistoryPipeline`: against earlier runs, emit only new or changed articles.

Items arrive clean: extraction (:mod:`mayadeen.extraction`) owns text normalization and the
body's boilerplate filtering, so no pipeline repeats it.

Every drop is logged with its reason and counted as ``mayadeen/dropped/<reason>``.
"""

from __future__ import annotations

from typing import Any

import fastjsonschema
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from mayadeen.history import HistoryKeeper
from mayadeen.history.revisions import fingerprint
from mayadeen.items import ARTICLE_SCHEMA, fields_of
from mayadeen.network.distributed import RedisSeenIds


class Dropped(DropItem):
    """A counted drop: ``reason`` is a short slug for stats and logs."""

    def __init__(self, reason: str, detail: str = "", log_level: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level=log_level)
        self.reason = reason


class _CountingPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def drop(self, reason: str, detail: str = "", log_level: str | None = None) -> Dropped:
        self.crawler.stats.inc_value(f"mayadeen/dropped/{reason}")
        return Dropped(reason, detail, log_level)


class ValidatePipeline(_CountingPipeline):
    """Drops items that do not fit :data:`mayadeen.items.ARTICLE_SCHEMA`.

    Reasons: ``missing_<field>`` (absent or null where required) or ``invalid_<field>``.

    The schema is compiled to Python once (fastjsonschema): a valid item passes in a few
    microseconds, where jsonschema takes a tenth of a millisecond. What the compiled check
    rejects is judged again by jsonschema, which says why, and whose verdict stands: the
    compiled check is stricter in one place (a pattern's ``$`` does not match before a final
    line break), and more lenient only with what JSON cannot hold (a tuple as an array).
    """

    validator = Draft202012Validator(ARTICLE_SCHEMA)
    #: raises ``fastjsonschema.JsonSchemaValueException`` for an item that does not fit
    fits = staticmethod(fastjsonschema.compile(ARTICLE_SCHEMA, use_formats=False))

    def process_item(self, item: Any) -> Any:
        try:
            self.fits(fields_of(item))
        except fastjsonschema.JsonSchemaValueException:
            data = ItemAdapter(item).asdict()
            errors = sorted(self.validator.iter_errors(data), key=lambda e: list(e.path))
            if errors:
                reason = self.reason(errors[0], data)
                raise self.drop(reason, f"{data.get('url')}: {errors[0].message}") from None
        return item

    @staticmethod
    def reason(error: ValidationError, data: dict[str, Any]) -> str:
        if not error.path:  # a top-level field is absent
            field = next((f for f in ARTICLE_SCHEMA["required"] if f not in data), "item")
            return f"missing_{field}"
        field = str(error.path[0])
        if data.get(field) is None and field in ARTICLE_SCHEMA["required"]:
            return f"missing_{field}"
        return f"invalid_{field}"


class SeenIds:
    """The post ids one process has let through in this run."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def add(self, article_id: str) -> bool:
        """``True`` the first time ``article_id`` is added."""
        if article_id in self.ids:
            return False
        self.ids.add(article_id)
        return True


def seen_ids(crawler: Crawler) -> SeenIds | RedisSeenIds:
    """Where the run's post ids are kept: in Redis, shared by all the workers of the crawl,
    with ``MAYADEEN_REDIS_URL``; else in this process."""
    return RedisSeenIds(crawler) if crawler.settings.get("MAYADEEN_REDIS_URL") else SeenIds()


class DedupePipeline(_CountingPipeline):
    """One item per post id within a run: the same story under two slugs is one item, also
    when two workers of a distributed crawl fetched one slug each."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen = seen_ids(crawler)

    def process_item(self, item: Any) -> Any:
        article_id = ItemAdapter(item)["article_id"]
        if not self.seen.add(article_id):
            raise self.drop("duplicate", article_id, log_level="INFO")
        return item


class HistoryPipeline(_CountingPipeline):
    """Against the history of earlier runs: a new article gets ``revision`` 1, a changed one
    (any of the page's fields: :mod:`mayadeen.history.revisions`) the next revision, an
    unchanged one is dropped.

    The history is the run's :class:`~mayadeen.history.HistoryKeeper`'s (none: every
    article is new); it is written only after the feeds have the line (the keeper does it,
    with the changed article's fingerprint computed here). The lookup reads in the keeper's
    open group of records, if any (:func:`~mayadeen.history.sql.reads_in_batch`).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.keeper = crawler.get_extension(HistoryKeeper)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        history = self.keeper.history if self.keeper is not None else None
        stored = history.articles.get(adapter["article_id"]) if history is not None else None
        stats = self.crawler.stats
        if stored is None:
            adapter["revision"] = 1
            stats.inc_value("mayadeen/articles_new")
            return item
        fields = fields_of(item)
        page = fingerprint(fields)
        if stored.same_page(fields, page):
            raise self.drop("unchanged", adapter["article_id"], log_level="DEBUG")
        adapter["revision"] = stored.revision + 1
        stats.inc_value("mayadeen/articles_updated")
        assert self.keeper is not None  # a history was read: the keeper's
        self.keeper.fingerprints[adapter["article_id"]] = page  # for its record
        return item
