"""JavaScript rendering through Splash, opt-in: nothing changes unless ``SPLASH_URL`` is set.

With ``SPLASH_URL`` set, this add-on wires scrapy-splash in (through
:mod:`mayadeen.network.splash`): its middlewares, its request fingerprinter (Splash arguments
are part of a request's identity, for deduplication) and its HTTP-cache storage. Spiders then
send the pages their ``-a render=listings|all`` argument names through Splash's
``render.html`` endpoint; every other request is fetched directly.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

RENDER_MODES = ("none", "listings", "all")


class SplashRendering:
    """Scrapy add-on (``ADDONS``)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("SPLASH_URL"):
            return
        settings["DOWNLOADER_MIDDLEWARES"].update(
            {
                "mayadeen.network.splash.SplashCookiesMiddleware": 723,
                "mayadeen.network.splash.SplashMiddleware": 725,
                "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 810,
            }
        )
        settings["SPIDER_MIDDLEWARES"].update(
            {"mayadeen.network.splash.SplashDeduplicateArgsMiddleware": 100}
        )
        settings.set(
            "REQUEST_FINGERPRINTER_CLASS",
            "mayadeen.network.splash.SplashRequestFingerprinter",
            "addon",
        )
        settings.set(
            "HTTPCACHE_STORAGE", "mayadeen.network.splash.SplashAwareFSCacheStorage", "addon"
        )
