"""How requests reach the site: everything between a spider's request and its response.

- :mod:`~mayadeen.network.downloader`: Scrapy's downloader keeping the per-domain limit with
  no delay;
- :mod:`~mayadeen.network.rendering`: JavaScript rendering through Splash, an opt-in add-on;
- :mod:`~mayadeen.network.splash`: scrapy-splash made to work on the Scrapy this project
  pins (imported only when a page is rendered);
- :mod:`~mayadeen.network.distributed`: several processes sharing one crawl through Redis;
- :mod:`~mayadeen.network.proxy`: every request through ``MAYADEEN_PROXY``, and a proxy that
  refuses ending the crawl.

The patient retry middleware is :mod:`mayadeen.middlewares`, where Scrapy users look for it.
May import :mod:`mayadeen.site` and :mod:`mayadeen.signals`; never a spider, the history or
a command.
"""
