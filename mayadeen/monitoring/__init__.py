"""What a run tells people about itself: while it runs and when it ends.

- :mod:`~mayadeen.monitoring.report`: the run report extension (summary, monitors);
- :mod:`~mayadeen.monitoring.verdict`: whether a run failed, and why, in words a user acts on;
- :mod:`~mayadeen.monitoring.notify`: the verdict sent to a webhook and by email;
- :mod:`~mayadeen.monitoring.htmlreport`: each run's HTML page and the corpus charts;
- :mod:`~mayadeen.monitoring.progress`: the live progress line on a terminal;
- :mod:`~mayadeen.monitoring.terminal`: stored page text made safe to print.

May import: :mod:`mayadeen.signals`, :mod:`mayadeen.site`, the item. Components here learn of
the crawl through Scrapy's stats and signals; they never import a spider, the history or a
command.
"""
