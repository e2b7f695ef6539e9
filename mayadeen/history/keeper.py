"""The history's owner: the one component that opens, writes and closes it during a crawl."""

from __future__ import annotations

import logging
import socket
from contextlib import suppress
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.reactor import CallLaterOnce
from sqlalchemy.exc import SQLAlchemyError

from mayadeen import signals as mayadeen_signals
from mayadeen.history.articles import url_paths
from mayadeen.history.database import GROUP_SECONDS, History, HistoryError
from mayadeen.history.engine import describe
from mayadeen.history.recovery import recover
from mayadeen.history.scope import Scope
from mayadeen.items import fields_of

logger = logging.getLogger(__name__)

#: The history's file in ``MAYADEEN_DATA_DIR``; a data dir that still has the file of its
#: former name (from before the history had one) keeps using that one.
DEFAULT_FILE = "history.sqlite3"
FORMER_FILE = "state.sqlite3"

#: Drops after which the fetched page needs no fetching again: the article is in the
#: history already (``unchanged``), or was written in this run (``duplicate``).
SETTLED_DROPS = frozenset({"unchanged", "duplicate"})


def history_location(settings: BaseSettings) -> str | Path | None:
    """Where the history is: ``MAYADEEN_HISTORY`` (its former name, ``MAYADEEN_STATE``, is
    read when it is unset), a file path or a database URL; by default
    ``<MAYADEEN_DATA_DIR>/history.sqlite3`` (or the ``state.sqlite3`` an older version left
    there); ``None`` when the setting is empty: no history."""
    setting = settings.get("MAYADEEN_HISTORY")
    if setting is None:
        setting = settings.get("MAYADEEN_STATE")
    if setting == "":
        return None
    if setting:
        return str(setting) if "://" in str(setting) else Path(setting)
    data_dir = Path(settings.get("MAYADEEN_DATA_DIR"))
    current, former = data_dir / DEFAULT_FILE, data_dir / FORMER_FILE
    return former if former.exists() and not current.exists() else current


def worker_name(settings: BaseSettings) -> str:
    """This worker's name in the run ledger: ``MAYADEEN_WORKER``, by default the host name
    and the absolute data folder (the feeds a crashed run left are there)."""
    name = settings.get("MAYADEEN_WORKER")
    data_dir = Path(settings.get("MAYADEEN_DATA_DIR") or ".").resolve()
    return str(name) if name else f"{socket.gethostname()}:{data_dir}"


def _fresh(spider: Spider | None) -> bool:
    """A run without history (``-a fresh=1``)."""
    return getattr(spider, "fresh", False) is True


class HistoryKeeper:
    """Scrapy extension that owns the crawl history (:class:`History`), as Scrapy's
    ``HttpCacheMiddleware`` owns its storage. Not configured when the run keeps no history
    (``-s MAYADEEN_HISTORY=`` or ``-a fresh=1``).

    - Opens it when the spider opens, before the feed exporter builds its storages (it comes
      first in ``EXTENSIONS``) and before the spider starts: crashed runs are recovered
      first (:func:`mayadeen.history.recovery.recover`), then this run begins.
    - Registers the run's local feed files (:data:`mayadeen.signals.local_feed`).
    - Records each article once every feed has written it, and the articles dropped as
      unchanged or duplicate (their paths need no fetching again). On SQLite the records
      are committed in groups (:class:`~mayadeen.history.sql.Batch`): when a group is full,
      when it is ``GROUP_SECONDS`` old (a timer sees to it between records), when the
      spider is idle, before any other write, and when the engine stops. A group that
      failed leaves the run unfinished, as a failed feed does: its feeds are read back.
    - Once a feed failed (:data:`mayadeen.signals.feed_failed`) records nothing more, and
      leaves the run open: the next run reads its feeds back and makes them agree.
    - Finishes the run and closes the file when the engine stops, after every other
      component's ``spider_closed``.

    Other components find it with ``crawler.get_extension(HistoryKeeper)``; its
    :attr:`history` is ``None`` until the spider opens.
    """

    def __init__(self, crawler: Crawler, location: str | Path) -> None:
        self.crawler = crawler
        self.location = location
        self.history: History | None = None
        #: a feed failed: from then on nothing is recorded as written
        self.feeds_broken = False
        self.reason = "not closed"
        #: article id -> the fingerprint :class:`~mayadeen.pipelines.HistoryPipeline`
        #: computed for a changed article, until it is recorded
        self.fingerprints: dict[str, str] = {}
        self._commit_timer = CallLaterOnce(self._commit_when_due)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HistoryKeeper:
        location = history_location(crawler.settings)
        if location is None or _fresh(crawler.spider):
            raise NotConfigured
        keeper = cls(crawler, location)
        crawler.signals.connect(keeper.spider_opened, signal=signals.spider_opened)
        return keeper

    def spider_opened(self, spider: Spider) -> None:
        # ``fresh`` is known only now when the extensions were built before the spider
        # (``scrapy.utils.test.get_crawler``); ``scrapy crawl`` makes the spider first.
        if _fresh(spider):
            return
        worker = worker_name(self.crawler.settings)
        try:
            scope = Scope.of(getattr(spider, "edition", None))
            history = History(self.location, group_records=True, scope=scope)
            recover(history, worker)
            history.runs.begin(spider.name, worker)
        except (HistoryError, OSError, SQLAlchemyError) as exc:
            logger.error("Cannot open the history: %s", exc)
            raise CloseSpider("history_failed") from exc
        except Exception as exc:  # never crawl on without the history the run relies on
            logger.exception("Cannot open the history %s", describe(self.location))
            raise CloseSpider("history_failed") from exc
        self.history = history
        logger.info(
            "History %s: %s article(s) known; only new and changed ones are written "
            "(-a fresh=1 for a full export)",
            history.location,
            f"{history.articles.count():,}",
        )
        # Connected now: ``item_scraped`` after the feed exporter's handler (connected when
        # it was built), so an article is recorded once every feed has its line.
        for handler, signal in (
            (self.item_scraped, signals.item_scraped),
            (self.item_dropped, signals.item_dropped),
            (self.local_feed, mayadeen_signals.local_feed),
            (self.feed_failed, mayadeen_signals.feed_failed),
            (self.spider_idle, signals.spider_idle),
            (self.spider_closed, signals.spider_closed),
            (self.engine_stopped, signals.engine_stopped),
        ):
            self.crawler.signals.connect(handler, signal=signal)

    def local_feed(self, path: Path, feed_format: str) -> None:
        assert self.history is not None
        self.history.runs.add_feed(path, feed_format)

    def feed_failed(self, error: str) -> None:
        self.feeds_broken = True
        logger.warning(
            "A feed failed: nothing more is recorded; the next run settles this run's feeds"
        )

    def item_scraped(self, item: Any, response: Response) -> None:
        assert self.history is not None
        fields = fields_of(item)
        fingerprint = self.fingerprints.pop(fields.get("article_id"), None)
        if not self.feeds_broken:  # else not in every feed: written again next run
            self.history.record(fields, url_paths([response.url]), fingerprint)
            self._commit_later()

    def item_dropped(self, item: Any, response: Response, exception: Exception) -> None:
        assert self.history is not None
        if getattr(exception, "reason", None) in SETTLED_DROPS:
            self.history.settle(fields_of(item), url_paths([response.url]))
            self._commit_later()

    def _commit_later(self) -> None:
        """After a record: see that its group is committed once it is ``GROUP_SECONDS``
        old, however few records follow (an open group holds the history's write lock)."""
        assert self.history is not None
        if self.history.batch is not None:
            # (unless a check is scheduled; outside a crawl, without a reactor or an
            # asyncio loop, nothing runs later: the next write or the engine's stop commits)
            with suppress(RuntimeError):
                self._commit_timer.schedule(GROUP_SECONDS)

    def _commit_when_due(self) -> None:
        assert self.history is not None and self.history.batch is not None
        wait = self.history.batch.due_in()
        if wait is None:  # committed meanwhile
            return
        if wait > 0:  # a group begun after the record that scheduled this check
            self._commit_timer.schedule(wait)
        else:
            self._commit()

    def _commit(self) -> None:
        """Commit the open group of records; a failure is logged (the group is lost, see
        :meth:`engine_stopped`)."""
        assert self.history is not None
        try:
            self.history.commit()
        except SQLAlchemyError:
            logger.exception("Cannot commit the history's last records")

    def spider_idle(self) -> None:
        self._commit()

    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        """The feeds are closed (a feed can fail as it closes): commit the last records,
        finish the run, unless a feed failed or records were lost, and close the history."""
        assert self.history is not None
        self._commit_timer.cancel()
        self._commit()
        lost = self.history.batch.lost if self.history.batch is not None else 0
        if lost:
            logger.error(
                "The history lost %d record(s) of this run (a group of records failed): "
                "the run is left unfinished, and the next run reads its feeds back",
                lost,
            )
        elif not self.feeds_broken:
            self.history.runs.finish(self.reason)
        self.history.close()
