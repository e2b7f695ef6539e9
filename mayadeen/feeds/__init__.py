"""The crawl's output files (Scrapy's ``FEEDS``): where they are written and in what form.

- :mod:`~mayadeen.feeds.storage`: local feed files written item by item and registered with
  the history, the default feeds, a feed failure made loud;
- :mod:`~mayadeen.feeds.exporters`: the CSV exporter whose cells spreadsheets open safely.

May import: the item (:mod:`mayadeen.items`) and :mod:`mayadeen.signals`. Never the
history (it learns of feed files through signals), a spider or a command.
"""
