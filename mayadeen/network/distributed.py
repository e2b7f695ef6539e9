"""Several processes, one crawl: scrapy-redis behind one setting, ``MAYADEEN_REDIS_URL``.

    scrapy crawl sections -s MAYADEEN_REDIS_URL=redis://127.0.0.1:6379/0     # on each worker

With it set, the :class:`RedisCrawl` add-on swaps in scrapy-redis's scheduler and duplicate
filter: the workers share one request queue and one seen-set, so every URL is fetched once,
by whichever worker pops it. A story under two addresses (a retitled story's old and new
slug) is two URLs, maybe fetched by two workers: :class:`RedisSeenIds` makes the pipelines'
within-run deduplication by post id shared too, so every story is emitted once. Without the
setting, nothing changes.

The queue and seen-set are kept while any worker of the crawl runs (``SCHEDULER_PERSIST``: a
worker that finishes early must not wipe what the others still use); the
:class:`WorkerCoordinator` extension counts the workers in Redis, lets an idle worker wait up
to ``MAYADEEN_REDIS_IDLE_SECONDS`` while others may still push requests, and has the last
worker to finish delete the crawl's keys, so the next crawl starts afresh. The keys also expire
(``MAYADEEN_REDIS_KEY_TTL`` after the last worker's last sign of life) in case every worker
was killed.
"""

from __future__ import annotations

import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings
from twisted.internet.task import LoopingCall

#: Redis keys of one crawl, by spider name.
KEYS = {
    "SCHEDULER_QUEUE_KEY": "mayadeen:%(spider)s:requests",
    "SCHEDULER_DUPEFILTER_KEY": "mayadeen:%(spider)s:dupefilter",
}
WORKERS_KEY = "mayadeen:{spider}:workers"
SEEN_IDS_KEY = "mayadeen:{spider}:article_ids"
#: A key is created (and a queue emptied, then filled again) while the crawl runs: the
#: workers set the expiry of the crawl's keys again this often.
TTL_REFRESH_SECONDS = 5.0


class RedisCrawl:
    """Scrapy add-on: with ``MAYADEEN_REDIS_URL`` set, the crawl runs on scrapy-redis."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("MAYADEEN_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        for name, value in KEYS.items():
            settings.set(name, value, "addon")
        settings["EXTENSIONS"].update({"mayadeen.network.distributed.WorkerCoordinator": 800})


class WorkerCoordinator:
    """Counts the crawl's workers in Redis; keeps an idle one waiting while others work;
    the last one out deletes the crawl's keys."""

    def __init__(self, crawler: Crawler) -> None:
        import redis  # only with MAYADEEN_REDIS_URL

        settings = crawler.settings
        if not settings.get("MAYADEEN_REDIS_URL"):
            raise NotConfigured
        self.crawler = crawler
        self.redis = redis.Redis.from_url(settings.get("MAYADEEN_REDIS_URL"))
        self.idle_seconds = settings.getfloat("MAYADEEN_REDIS_IDLE_SECONDS")
        self.ttl = settings.getint("MAYADEEN_REDIS_KEY_TTL")
        self.idle_since: float | None = None
        self.refresher: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerCoordinator:
        coordinator = cls(crawler)
        crawler.signals.connect(coordinator.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(coordinator.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(coordinator.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(coordinator.busy, signal=signals.response_received)
        return coordinator

    def busy(self) -> None:
        self.idle_since = None

    def keys(self, spider: Spider) -> list[str]:
        return [k % {"spider": spider.name} for k in KEYS.values()] + [
            key.format(spider=spider.name) for key in (WORKERS_KEY, SEEN_IDS_KEY)
        ]

    def spider_opened(self, spider: Spider) -> None:
        workers = self.redis.incr(WORKERS_KEY.format(spider=spider.name))
        self.crawler.stats.set_value("mayadeen/redis/workers_at_start", workers)
        self.refresher = LoopingCall(self.refresh_expiry, spider)
        self.refresher.start(TTL_REFRESH_SECONDS)  # now, then every few seconds

    def refresh_expiry(self, spider: Spider) -> None:
        """The crawl's keys expire ``MAYADEEN_REDIS_KEY_TTL`` from now (those that exist)."""
        pipeline = self.redis.pipeline()
        for key in self.keys(spider):
            pipeline.expire(key, self.ttl)
        pipeline.execute()

    def spider_idle(self, spider: Spider) -> None:
        """Wait while other workers may still push requests into the shared queue."""
        others = int(self.redis.get(WORKERS_KEY.format(spider=spider.name)) or 0) - 1
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if others > 0 and now - self.idle_since < self.idle_seconds:
            raise DontCloseSpider
        self.idle_since = None

    def spider_closed(self, spider: Spider) -> None:
        if self.refresher is not None and self.refresher.running:
            self.refresher.stop()
        if self.redis.decr(WORKERS_KEY.format(spider=spider.name)) <= 0:
            self.redis.delete(*self.keys(spider))  # the last worker out: next crawl afresh


class RedisSeenIds:
    """The post ids let through in this crawl by any of its workers: a Redis set, one of the
    crawl's keys. ``SADD`` is atomic: of two workers adding one id, exactly one is first."""

    def __init__(self, crawler: Crawler) -> None:
        import redis  # only with MAYADEEN_REDIS_URL

        settings = crawler.settings
        self.redis = redis.Redis.from_url(settings.get("MAYADEEN_REDIS_URL"))
        self.key = SEEN_IDS_KEY.format(spider=crawler.spider.name)
        self.ttl = settings.getint("MAYADEEN_REDIS_KEY_TTL")

    def add(self, article_id: str) -> bool:
        """``True`` if no worker of the crawl had added ``article_id``."""
        # The expiry goes with the first id: the set must not outlive a crawl that is killed
        # before the workers next refresh the expiry of the crawl's keys.
        added, _ = (
            self.redis.pipeline().sadd(self.key, article_id).expire(self.key, self.ttl).execute()
        )
        return bool(added)
