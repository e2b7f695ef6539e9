"""Several processes, one crawl: scrapy-redis behind one setting, ``MAYADEEN_REDIS_URL``.

    scrapy crawl sections -s MAYADEEN_REDIS_URL=redis://127.0.0.1:6379/0     # on each worker

With it set, the :class:`RedisCrawl` add-on swaps in scrapy-redis's scheduler and duplicate
filter: the workers share one request queue and one seen-set, so every URL is fetched once,
by whichever worker pops it, and every story is emitted once. Without it, nothing changes.

The queue and seen-set are kept while any worker of the crawl runs (``SCHEDULER_PERSIST``: a
worker that finishes early must not wipe what the others still use); the
:class:`WorkerCoordinator` extension counts the workers in Redis, lets an idle worker wait up
to ``MAYADEEN_REDIS_IDLE_SECONDS`` while others may still push requests, and has the last
worker to finish delete the crawl's keys, so the next crawl starts afresh. The keys also expire
(``MAYADEEN_REDIS_KEY_TTL``) in case every worker was killed.
"""

from __future__ import annotations

import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings

#: Redis keys of one crawl, by spider name.
KEYS = {
    "SCHEDULER_QUEUE_KEY": "mayadeen:%(spider)s:requests",
    "SCHEDULER_DUPEFILTER_KEY": "mayadeen:%(spider)s:dupefilter",
}
WORKERS_KEY = "mayadeen:{spider}:workers"


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
        settings["EXTENSIONS"].update({"mayadeen.distributed.WorkerCoordinator": 800})


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
            WORKERS_KEY.format(spider=spider.name)
        ]

    def spider_opened(self, spider: Spider) -> None:
        workers = self.redis.incr(WORKERS_KEY.format(spider=spider.name))
        self.crawler.stats.set_value("mayadeen/redis/workers_at_start", workers)
        for key in self.keys(spider):
            self.redis.expire(key, self.ttl)

    def spider_idle(self, spider: Spider) -> None:
        """Wait while other workers may still push requests into the shared queue."""
        others = int(self.redis.get(WORKERS_KEY.format(spider=spider.name)) or 0) - 1
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if others > 0 and now - self.idle_since < self.idle_seconds:
            raise DontCloseSpider
        self.idle_since = None

    def spider_closed(self, spider: Spider) -> None:
        if self.redis.decr(WORKERS_KEY.format(spider=spider.name)) <= 0:
            self.redis.delete(*self.keys(spider))  # the last worker out: next crawl afresh
