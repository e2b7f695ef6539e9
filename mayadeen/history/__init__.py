"""The crawl history: what earlier runs wrote, so that later runs emit only what changed.

One SQLite file (``MAYADEEN_HISTORY``, default ``<MAYADEEN_DATA_DIR>/history.sqlite3``), one
module per role:

- :mod:`~mayadeen.history.articles`: per post id, the latest revision written, its content
  hash and dates, and every URL path it was fetched or published under;
- :mod:`~mayadeen.history.pending`: story paths a run chose to fetch and has not written yet;
- :mod:`~mayadeen.history.walks`: listings whose walk stopped short of their end
  (``-a max_pages``), with the page to read on from;
- :mod:`~mayadeen.history.runs`: each crawl and the local feed files it wrote;
- :mod:`~mayadeen.history.recovery`: the feeds of crashed runs read back and recorded;
- :mod:`~mayadeen.history.database`: the file, opened safely by crawls starting together;
- :mod:`~mayadeen.history.keeper`: :class:`HistoryKeeper`, the extension that owns it.

**Nothing lost, nothing doubled.** An article is recorded only *after* its line is written
to the feeds. A run killed between the two leaves lines that the history lacks; the next
run, on opening the history, reads the feeds of every run that did not finish, drops a
half-written last record, and records what they hold. The history then matches exactly what
the outputs contain.

Which stories are fetched again is decided from the history by :mod:`mayadeen.incremental`.
"""

from mayadeen.history.articles import Stored, url_paths
from mayadeen.history.database import History
from mayadeen.history.keeper import HistoryKeeper, history_path
from mayadeen.history.recovery import read_feed, recover, settle_feeds

__all__ = [
    "History",
    "HistoryKeeper",
    "Stored",
    "history_path",
    "read_feed",
    "recover",
    "settle_feeds",
    "url_paths",
]
