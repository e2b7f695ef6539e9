"""The incremental policy: the one place that decides what a crawl fetches, against the history.

A run with a history (:mod:`mayadeen.history`) fetches only what may have changed since the
runs before it; a run without one (``-a fresh=1``, ``-s MAYADEEN_HISTORY=``) fetches
everything, and every question here then answers "fetch it". The spiders ask and follow;
this package decides, from the history and the settings:

- **Which listings a run reads, and how far** (:mod:`~mayadeen.incremental.walks`): every
  listing walk stops at a page its *watermark* covers (kept per listing in the history, set
  only by walks that completed, once their stories were recorded), or at the listing's end.
  A run reads every listing until a full walk has completed, and every
  ``MAYADEEN_FULL_WALK_EVERY``-th run after; the runs between read the homepage and the
  top-level listings, and a listing under those only where they did not complete.
- **A known story is settled** when the history has it (written, or dropped as unchanged or
  duplicate) and it is not due for a refresh: it is not fetched again.
- **Recent stories are refreshed from the history**, with back-off: one published within
  ``MAYADEEN_REFRESH_HOURS`` (it may still change) is due once its age has doubled since a
  crawl last saw it, and at the latest ``MAYADEEN_REFRESH_INTERVAL_HOURS`` after (0: every
  run). A story first seen 10 minutes old is fetched again at 20 minutes, 40, 80, ... A
  ``sections`` run fetches the due ones whether or not a listing it reads shows them
  (``mayadeen/incremental/refreshed``); with ``-a sections``, only those its listings show.
- **Pending stories** are those a run chose to fetch and did not write: each is recorded
  before any is fetched (a killed run loses none), and later runs fetch it again, until it
  is written, settled (gone: :data:`SETTLED_FAILURES`; not a story) or failed in
  ``MAYADEEN_MAX_ATTEMPTS`` runs. A story that failed (blocked, an error) ``k`` times is
  tried again, even when a listing shows it, only from ``MAYADEEN_RETRY_AFTER_HOURS`` *
  (2^k - 1) hours after it was first found: back-off across runs.
- **Two runs at once** on one history do not make each other skip: a story one has claimed
  (pending) but not written is unknown to the other, which fetches it too; the history
  keeps each revision once.
- **A story under an old address is known**: the history keeps every address of a story,
  an old slug merged into the current one in a run included.
- **A story in a sitemap is unchanged** when the history has it and the sitemap's
  ``<lastmod>`` is not later than the history's ``modified_at``: ``sitemap`` does not fetch it.

The policy reads time from one clock (:mod:`~mayadeen.incremental.clock`). Whether a fetched
article is *written* (new, changed or unchanged) is
:class:`mayadeen.pipelines.HistoryPipeline`'s to say.

May import :mod:`mayadeen.history` and :mod:`mayadeen.extraction` (never a spider: the spiders
ask it).
"""

from mayadeen.incremental.clock import Clock, clock_from
from mayadeen.incremental.policy import SETTLED_FAILURES, Incremental, refresh_due
from mayadeen.incremental.settings import number_setting, policy_settings
from mayadeen.incremental.walks import Kind, ListingWalks, Outcome

__all__ = [
    "SETTLED_FAILURES",
    "Clock",
    "Incremental",
    "Kind",
    "ListingWalks",
    "Outcome",
    "clock_from",
    "number_setting",
    "policy_settings",
    "refresh_due",
]
