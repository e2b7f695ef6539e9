"""Scrapy settings for mayadeen: defaults fit a polite crawl of the live site.

Override per run with ``-s NAME=value``; tests and the demo override concurrency and delays
for the local replica.
"""

import os

from mayadeen.items import ARTICLE_FIELDS

BOT_NAME = "mayadeen"
SPIDER_MODULES = ["mayadeen.spiders"]
NEWSPIDER_MODULE = "mayadeen.spiders"

#: Where every spider crawls its edition (``-a edition=``): empty for the edition's live site
#: (https://english.almayadeen.net, https://www.almayadeen.net); a replica or mirror's address
#: to crawl that instead, the live host's links followed on it.
MAYADEEN_BASE_URL = ""

# Politeness: one news site, crawled gently.
ROBOTSTXT_OBEY = True
USER_AGENT = "mayadeen/0.1 (news research crawler; Scrapy)"
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Scrapy 2.19 ignores CONCURRENT_REQUESTS_PER_DOMAIN when the delay is 0: this one keeps it.
DOWNLOADER = "mayadeen.network.downloader.PoliteDownloader"
COMPRESSION_ENABLED = True
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}

#: Where crawls write their feeds and keep their history (relative to the working dir);
#: the environment variable of the same name sets it too (handy under Scrapyd or cron).
MAYADEEN_DATA_DIR = os.environ.get("MAYADEEN_DATA_DIR", "data")
#: The crawl history and article corpus (mayadeen.history): a SQLite file path, or a
#: PostgreSQL URL (postgresql://user:pass@host:5432/db) that workers on many machines share.
#: Unset: <MAYADEEN_DATA_DIR>/history.sqlite3; empty: no history. MAYADEEN_STATE, its former
#: name, is read when this one is unset.
MAYADEEN_HISTORY = None
#: This worker's name in the history's run ledger: only a run's own worker recovers it after
#: a crash. Unset: <host name>:<absolute MAYADEEN_DATA_DIR>. Set it where host names change
#: (containers), one name per data folder.
MAYADEEN_WORKER = None
#: Known stories published within this many hours are fetched again (they may still change),
#: each once its age has doubled since a crawl last saw it...
MAYADEEN_REFRESH_HOURS = 48
#: ...and at the latest this many hours after (0: every run).
MAYADEEN_REFRESH_INTERVAL_HOURS = 12
#: Stories are requested this many at a time (memory stays flat however large the crawl).
MAYADEEN_STORY_BATCH = 1000
#: A story that failed this many runs in a row is no longer retried.
MAYADEEN_MAX_ATTEMPTS = 3
#: A story that failed k runs is tried again no sooner than this many hours x (2^k - 1)
#: after it was first found (back-off across runs), even when a listing shows it again.
MAYADEEN_RETRY_AFTER_HOURS = 1.0
#: An incremental sections run reads the top-level listings, each to the first page its
#: watermark covers, and the listings under them only where those did not complete; until a
#: full walk (every listing) has completed, and every Nth run after, it reads every listing
#: (1: every run).
MAYADEEN_FULL_WALK_EVERY = 48
#: The incremental policy's clock (mayadeen.incremental.clock): unset, the system's; an ISO
#: 8601 time with its offset makes a run believe it is then (tests).
MAYADEEN_CLOCK = None

# Retries: Scrapy's, with back-off, Retry-After and block detection (mayadeen/middlewares.py).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "mayadeen.middlewares.PatientRetryMiddleware": 550,
    # MAYADEEN_PROXY on every request, and a proxy that refuses ending the crawl: before
    # Splash's middleware (725) and Scrapy's HttpProxyMiddleware (750), which sends it.
    "mayadeen.network.proxy.ProxyMiddleware": 720,
}
#: A forward proxy every request of every spider goes through (the site answers data-centre
#: addresses with Cloudflare 403s): http://user:password@host:port. It wins over the
#: http_proxy/https_proxy environment variables (Scrapy's, used when this is empty); hosts
#: that no_proxy names are fetched directly. Its password is never logged nor reported.
#: The environment variable of the same name sets it too, and keeps the password off the
#: command line (where `ps` shows it). A proxy that refuses (407) or cannot be reached ends
#: the run (finish reason "proxy_failed"): mayadeen.network.proxy.
MAYADEEN_PROXY = os.environ.get("MAYADEEN_PROXY", "")
RETRY_TIMES = 3
#: First retry waits this many seconds, each next one twice as long, at most _MAX.
MAYADEEN_RETRY_BACKOFF = 1.0
MAYADEEN_RETRY_BACKOFF_MAX = 60.0
#: This many challenge pages in a row is a sustained block: the crawl stops ("blocked").
MAYADEEN_BLOCK_LIMIT = 20
#: Larger answers are abandoned (and counted) rather than parsed.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
#: Scrapy 2.19 starts CONCURRENT_ITEMS asyncio tasks for every callback's output, however
#: little it yields (scrapy.utils.asyncio._parallel_asyncio): Scrapy's 100 made 101 tasks a
#: page, about a quarter of a crawl's CPU. A story page yields one item, a listing requests
#: (scheduled at once), and the pipelines are synchronous: one at a time loses nothing.
#: tests/test_cost.py fails the day Scrapy no longer needs it.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    "mayadeen.pipelines.ValidatePipeline": 200,
    "mayadeen.pipelines.DedupePipeline": 300,
    "mayadeen.pipelines.HistoryPipeline": 400,
}
EXTENSIONS = {
    # The history's owner: opened before the feed exporter (order 0) makes its storages.
    "mayadeen.history.HistoryKeeper": -1,
    # Scrapy's, with a feed that cannot be written failing (and stopping) the run.
    "scrapy.extensions.feedexport.FeedExporter": None,
    "mayadeen.feeds.storage.CheckedFeedExporter": 0,
    "mayadeen.monitoring.report.RunReport": 950,
    # At the end of the run (mayadeen.signals.run_finished), the report before the alerts.
    "mayadeen.monitoring.htmlreport.HtmlReport": 960,
    "mayadeen.monitoring.notify.Notifier": 970,
    # A live line on a terminal (the crawl command turns it on: MAYADEEN_PROGRESS).
    "mayadeen.monitoring.progress.ProgressLine": 980,
    # Cancelled download timers dropped as the crawl goes, not minutes later.
    "mayadeen.network.timers.TimerSweep": 990,
}
#: Seconds between the Twisted ticks that let it drop cancelled download timers (0: none;
#: see mayadeen/network/timers.py).
MAYADEEN_TIMER_SWEEP = 5.0
#: Alerts (mayadeen.monitoring.notify): the verdict POSTed as {"text": ...} to this URL (Slack's and
#: Mattermost's incoming webhooks), and mailed to these addresses (addr1,addr2) through
#: Scrapy's MAIL_HOST, MAIL_PORT, MAIL_FROM, MAIL_USER, MAIL_PASS, MAIL_TLS, MAIL_SSL. Both
#: off when empty; the environment variables of the same names set them too.
MAYADEEN_NOTIFY_WEBHOOK = os.environ.get("MAYADEEN_NOTIFY_WEBHOOK", "")
MAYADEEN_NOTIFY_EMAIL = os.environ.get("MAYADEEN_NOTIFY_EMAIL", "")
#: "failed": only failed runs notify; "always": every run.
MAYADEEN_NOTIFY_ON = "failed"
#: Seconds a notification may take (each); past them it is a warning.
MAYADEEN_NOTIFY_TIMEOUT = 30.0
#: Each run's one-page HTML report beside its JSON summary (X.report.html).
MAYADEEN_HTML_REPORT = True
# The verdict (mayadeen.monitoring.verdict; docs/operations.md, "When a run fails"): a failed
# run exits 1.
#: Pages that failed after the retries fail the run when they are more than this share of
#: the pages and at least _MIN of them (one or two never fail a run by themselves).
MAYADEEN_FAILED_PAGES_SHARE = 0.10
MAYADEEN_FAILED_PAGES_MIN = 3
#: Exceptions in callbacks, pipelines and extensions (programming errors) tolerated.
MAYADEEN_MAX_ERRORS = 0
MAYADEEN_MIN_ITEMS = 0
#: {"field": least share of parsed articles}; empty: mayadeen.site.COVERAGE_FIELDS.
MAYADEEN_COVERAGE: dict[str, float] = {}
MAYADEEN_COVERAGE_MIN_ARTICLES = 10
#: JavaScript rendering: set SPLASH_URL (e.g. http://127.0.0.1:8050) to enable it, then
#: choose the pages with the spider argument -a render=listings|all.
ADDONS = {
    "mayadeen.feeds.storage.DefaultFeeds": 0,
    "mayadeen.network.rendering.SplashRendering": 0,
    "mayadeen.network.distributed.RedisCrawl": 0,
}
#: Several workers, one crawl: redis://host:port/db of a Redis that every worker reaches.
MAYADEEN_REDIS_URL = ""
#: An idle worker waits this long for the others to push more requests before it ends.
MAYADEEN_REDIS_IDLE_SECONDS = 10.0
#: The crawl's keys in Redis expire after this many seconds (if every worker was killed).
MAYADEEN_REDIS_KEY_TTL = 24 * 3600
#: Seconds Splash lets a page's scripts run before it returns the HTML.
MAYADEEN_SPLASH_WAIT = 1.0

#: ``scrapy crawl`` exits 1 when the crawl failed.
COMMANDS_MODULE = "mayadeen.commands"

# Output: every crawl writes JSON Lines and CSV under the data dir, named by spider and
# start time: these become FEEDS unless the run has feeds of its own (-o/-O on the command
# line, FEEDS from Scrapyd's items_dir, -s FEEDS=...), which then replace them.
MAYADEEN_FEEDS = {
    "%(data_dir)s/%(name)s/%(name)s-%(time)s.jsonl": {"format": "jsonlines"},
    "%(data_dir)s/%(name)s/%(name)s-%(time)s.csv": {"format": "csv"},
}
FEED_URI_PARAMS = "mayadeen.feeds.storage.uri_params"
FEED_STORAGES = {
    "": "mayadeen.feeds.storage.DurableFileFeedStorage",
    "file": "mayadeen.feeds.storage.DurableFileFeedStorage",
}
# UTF-8, unescaped; CSV columns in the item's order, lists joined, images as JSON.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = ARTICLE_FIELDS
FEED_EXPORTERS = {"csv": "mayadeen.feeds.exporters.ArticleCsvItemExporter"}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
