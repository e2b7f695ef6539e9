"""The crawl history and article corpus: what earlier runs wrote, so that later runs emit only
what changed, and every revision of every article, searchable.

One database, SQLite by default (``MAYADEEN_HISTORY``, default
``<MAYADEEN_DATA_DIR>/history.sqlite3``) or PostgreSQL (a ``postgresql://`` URL) shared by
workers on many machines, through SQLAlchemy Core (one code path for both); one module per
role:

- :mod:`~mayadeen.history.schema`: the tables; :mod:`~mayadeen.history.migrations`: the
  Alembic migrations that make and upgrade them;
- :mod:`~mayadeen.history.articles`: per post id, the latest revision written, every revision
  (:mod:`~mayadeen.history.revisions` says what one is), and every URL path of the story;
- :mod:`~mayadeen.history.search`: full-text search (SQLite FTS5, PostgreSQL text search);
- :mod:`~mayadeen.history.pending`: story paths a run chose to fetch and has not written yet;
- :mod:`~mayadeen.history.walks`: per listing, the watermark a completed walk left, and how
  each run walked (a full walk is due by completed full walks);
- :mod:`~mayadeen.history.runs`: each crawl, its worker and the local feed files it wrote;
- :mod:`~mayadeen.history.recovery`: the feeds of a worker's crashed runs read back and
  recorded;
- :mod:`~mayadeen.history.database`: :class:`History`, the parts together, opened safely by
  crawls starting together; :mod:`~mayadeen.history.engine`: the location made a URL and an
  engine (SQLite's WAL, PostgreSQL's driver); :mod:`~mayadeen.history.locks`: how processes
  take turns; :mod:`~mayadeen.history.migrate`: the schema brought to the latest version
  (Alembic imported only when it is not); :mod:`~mayadeen.history.sql`: transactions (a
  crawl's records grouped in commits) and dialect helpers; :mod:`~mayadeen.history.scope`:
  the editions' keys kept apart in one history;
- :mod:`~mayadeen.history.keeper`: :class:`HistoryKeeper`, the extension that owns it.

Readers use :class:`mayadeen.corpus.Corpus`.

**Nothing lost, nothing doubled.** An article is recorded only *after* its line is written
to the feeds. A run killed between the two leaves lines that the history lacks; the next
run of the same worker, on opening the history, reads the feeds of every run of its that did
not finish, drops a
half-written last record, and records what they hold. The history then matches exactly what
the outputs contain.

Which stories are fetched again is decided from the history by :mod:`mayadeen.incremental`.

May import the item (:mod:`mayadeen.items`), :mod:`mayadeen.site` and
:mod:`mayadeen.signals`; never a spider, the incremental policy, a monitor or a command.
"""

from mayadeen.history.articles import Stored, url_paths
from mayadeen.history.database import History, HistoryError
from mayadeen.history.keeper import HistoryKeeper, history_location, worker_name
from mayadeen.history.recovery import read_feed, recover, settle_feeds

__all__ = [
    "History",
    "HistoryError",
    "HistoryKeeper",
    "Stored",
    "history_location",
    "read_feed",
    "recover",
    "settle_feeds",
    "url_paths",
    "worker_name",
]
