"""mayadeen's own signals: how its components tell each other what happened.

Sent with ``crawler.signals.send_catch_log(signal=..., **kwargs)``; connect a handler with
``crawler.signals.connect(handler, signal=...)``, as with Scrapy's signals.
"""

#: A page could not be fetched (after the retries). Arguments: ``url``, ``reason`` (a short
#: slug: ``http_404``, ``DNSLookupError``, ``blocked``, ...).
page_failed = object()

#: A feed could not be written. Argument: ``error`` (what went wrong, in words). The
#: crawl stops, and nothing scraped after it is recorded in the history.
feed_failed = object()

#: A local feed file the run is to write (sent when its storage is made, before anything
#: is written to any feed). Arguments: ``path`` (a :class:`~pathlib.Path`), ``feed_format``.
#: The history registers it, to read it back if the run crashes.
local_feed = object()

#: The run is over and its summary written (sent by :class:`mayadeen.monitoring.report.RunReport`
#: before it logs the verdict). Arguments: ``summary`` (the JSON summary, as a dict; its
#: ``failed`` lists why the run failed, empty when it succeeded), ``path`` (the
#: :class:`~pathlib.Path` of the summary file). Handlers may be asynchronous: the verdict
#: waits for them (a notification is delivered before ``scrapy crawl`` exits).
run_finished = object()
