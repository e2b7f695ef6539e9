"""Scrapy's downloader, made to keep ``CONCURRENT_REQUESTS_PER_DOMAIN`` with no download delay.

Scrapy 2.19's ``Downloader._process_queue`` sends queued requests in a loop
``while slot.queue and slot.free_transfer_slots() > 0``, scheduling each download as a
coroutine; the request joins ``slot.transferring`` only when that coroutine starts, after
the loop. So the free-slot count never drops inside the loop, and with ``DOWNLOAD_DELAY = 0``
(where the loop does not stop after one request) every queued request goes out at once,
whatever the limit. With a delay the loop stops after one request and the limit holds.

The fix counts a request against its slot as soon as its download is scheduled. Wired by
the ``DOWNLOADER`` setting; everything else (slots, ``get_slot_key``, delays, AutoThrottle)
is Scrapy's own. ``tests/test_politeness.py`` fails the day Scrapy no longer needs it: then
drop this module and the setting.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Response
from twisted.internet.defer import Deferred


class PoliteDownloader(Downloader):
    """A ``Downloader`` whose slots never have more downloads than their concurrency."""

    def _wait_for_download(
        self, slot: Slot, request: Request, queue_dfd: Deferred[Response]
    ) -> Coroutine[Any, Any, None]:
        # _process_queue calls this inside its loop and schedules the coroutine it returns.
        # Joining ``transferring`` here, before the coroutine runs, makes the loop's
        # ``free_transfer_slots()`` drop at once. Scrapy's ``_download`` adds the request
        # again (a set: no change) and removes it when the download ends, as before.
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
