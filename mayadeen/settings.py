"""Scrapy settings for mayadeen: defaults fit a polite crawl of the live site.

Override per run with ``-s NAME=value``; tests and the demo override concurrency and delays
for the local replica.
"""

from mayadeen.items import ARTICLE_FIELDS
from mayadeen.site import PRODUCTION_BASE_URL

BOT_NAME = "mayadeen"
SPIDER_MODULES = ["mayadeen.spiders"]
NEWSPIDER_MODULE = "mayadeen.spiders"

#: The site every spider crawls; point it at a replica or mirror to crawl that instead.
MAYADEEN_BASE_URL = PRODUCTION_BASE_URL

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
COMPRESSION_ENABLED = True
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}

# Output: UTF-8, unescaped; CSV columns in the item's order, lists joined, images as JSON.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = ARTICLE_FIELDS
FEED_EXPORTERS = {"csv": "mayadeen.exporters.ArticleCsvItemExporter"}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
