"""A small *live* replica of the site: it changes while it is crawled, as the real one does.

``tests/replica`` builds a fixed site on disk; :class:`LiveSite` serves the same markup
(its page templates, :class:`tests.replica.templates.Site`, and its server,
:mod:`tests.replica.server`) from memory, on 127.0.0.1, in a thread of the test process,
and can be changed between (or during) crawls:

- :meth:`LiveSite.publish` puts new stories on the site, into any News or Articles
  section (or spread over them, most into Politics: :data:`WEIGHTS`), each published later
  than every story before it: they top their listings (the section's, its top-level
  one's, their region's) and the monthly sitemaps;
- the homepage is **curated**, as the live one is, not ordered by time: each block
  (the top-level listings, a few sections) *pins* an older story of its listing above
  that listing's newest ones, and shows only a few of them (:data:`SHOWN_NEW`); which story
  is pinned changes with every publication (seeded);
- :meth:`LiveSite.storm` starts a seeded **fault storm**: a fraction of the requests answer
  500 or 503, hang (``timeout``), drop the connection (``reset``) or cut the body short
  (``truncate``), by the replica's fault modes (:mod:`tests.replica.faults`); at most
  ``max_per_path`` faults per address over the server's life, so that a page fails for
  a run, not forever. :meth:`LiveSite.calm` ends it.

Stories come from the replica's generator (:func:`tests.replica.stories.generate_base`,
text stories only), shuffled by the seed, with new publication times: the pages are those
of the replica, the timeline is the live site's.

    with LiveSite(seed=3, initial=12) as site:
        site.base_url  # "http://127.0.0.1:PORT"
        site.publish(5, "/news/politics")
        site.shown()  # {article id: path} of every story the site shows
"""

from __future__ import annotations

import html
import json
import math
import random
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.replica.faults import Faults
from tests.replica.server import ReplicaHandler, ReplicaServer
from tests.replica.site_map import (
    ARTICLES_SUBS,
    ASYNC_GALLERY,
    BEIRUT,
    HOST,
    LISTINGS,
    NEWS_SUBS,
    PAGE_SIZE,
    abs_url,
    beirut_iso,
    url_quote,
)
from tests.replica.site_map import SECTIONS as REPLICA_SECTIONS
from tests.replica.stories import Art, generate_base, resolve_links
from tests.replica.templates import (
    Site,
    home_block,
)

#: The sections stories are published into: every News and Articles section (text stories).
SECTIONS: tuple[str, ...] = tuple(path for _, path in (*NEWS_SUBS, *ARTICLES_SUBS))
#: How often a story goes to each of them, when no section is asked: mostly Politics, then
#: Economy and Opinion (as on the live site), so that some listings run to several pages.
WEIGHTS: tuple[float, ...] = tuple(
    {"/news/politics": 60, "/news/economy": 15, "/articles/opinion": 15}.get(path, 3)
    for path in SECTIONS
)
#: Their top-level listings.
TOP_LEVEL = ("/news", "/articles")
#: How many of a block's newest stories the curated homepage shows (below its pinned one).
SHOWN_NEW = 2
#: The sections that get a homepage block of their own (besides the top-level ones).
HOME_SECTIONS = ("/news/politics", "/news/economy", "/articles/opinion")
#: When the first story is published; each next one 20 to 60 hours later (seeded): 40
#: stories span about three months, so that ``-a since=<month>`` cuts through them.
START = datetime(2026, 1, 5, 6, 0, 0, tzinfo=UTC)
#: The storm's fault kinds: server errors, hangs, dropped connections, cut bodies.
STORM_KINDS = ("500", "503", "timeout", "reset", "truncate")


class LiveHandler(ReplicaHandler):
    """The replica's request handler, answering from the live site's pages in memory."""

    live: LiveSite

    def relative(self, file: Path) -> str:
        return file.relative_to(self.site_dir).as_posix()

    def serve_file(self, file: Path, ctype: str) -> None:
        body = self.live.pages.get(self.relative(file))
        if body is None:
            self.not_found()
        else:
            self.send(200, body, ctype)

    def load_index(self, folder: str) -> dict[str, Any]:
        return self.live.indexes.get(folder, {})

    def not_found(self) -> None:
        self.send(404, self.live.pages["_404.html"])


class LiveSite:
    """A small replica-shaped site served on 127.0.0.1 that publishes stories on demand,
    curates its homepage, and fails on demand (see the module's docstring).

    ``initial`` stories are published at once (spread over :data:`SECTIONS`); at least 8
    (the page templates' "Most Read" widget samples 7). Thread-safe: pages are swapped as a
    whole when the site changes, so a request sees one version of the site or the next.
    """

    def __init__(self, seed: int = 0, initial: int = 10, hang_seconds: float = 1.5) -> None:
        if initial < 8:
            raise ValueError("a live site starts with 8 stories or more")
        self.seed = seed
        self.rng = random.Random(f"livesite:{seed}")
        self.hang_seconds = hang_seconds
        pool = [a for a in generate_base() if a.kind in ("news", "articles")]
        resolve_links(pool)
        self.rng.shuffle(pool)
        #: stories not published yet, by kind (a section takes stories of its own kind)
        self.pool: dict[str, list[Art]] = {
            kind: [a for a in pool if a.kind == kind] for kind in ("news", "articles")
        }
        #: published stories, oldest first
        self.published: list[Art] = []
        self.version = 0
        self.pages: dict[str, bytes] = {}
        self.indexes: dict[str, dict[str, Any]] = {}
        self._articles: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._server: ReplicaServer | None = None
        self._thread: threading.Thread | None = None
        self.publish(initial)

    # --- the server ---------------------------------------------------------------------

    def start(self) -> str:
        """Serve the site on a free port of 127.0.0.1 (in a thread); returns the base URL."""
        handler = type(
            "BoundLiveHandler", (LiveHandler,), {"site_dir": Path("/live"), "live": self}
        )
        self._server = ReplicaServer(("127.0.0.1", 0), handler, None)
        self._server.fault_state.faults = Faults()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.fault_state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> LiveSite:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def server(self) -> ReplicaServer:
        if self._server is None:
            raise RuntimeError("the live site is not started")
        return self._server

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    # --- faults -------------------------------------------------------------------------

    def storm(self, seed: int, rate: float = 0.25, max_per_path: int = 3) -> None:
        """From now on, a ``rate`` of the requests (seeded by ``seed``, the address and its
        attempt) get a fault of :data:`STORM_KINDS`; at most ``max_per_path`` faults per
        address over the server's life."""
        state = self.server.fault_state
        state.faults = Faults(
            rate=rate,
            kinds=STORM_KINDS,
            seed=seed,
            max_per_path=max_per_path,
            hang_seconds=self.hang_seconds,
        )
        state.enabled = True

    def calm(self) -> None:
        """The storm is over: every answer is the normal one."""
        self.server.fault_state.enabled = False

    @property
    def faulted(self) -> int:
        """How many requests got a fault so far."""
        return sum(
            1 for served in self.server.fault_state.snapshot() if isinstance(served.outcome, str)
        )

    # --- publishing ---------------------------------------------------------------------

    def publish(self, n: int, section: str | None = None) -> list[Art]:
        """Put ``n`` new stories on the site, into ``section`` (one of :data:`SECTIONS`) or,
        by default, each into a section drawn from them; each is published 20 to 60 hours
        after the one before. Returns them."""
        if section is not None and section not in SECTIONS:
            raise ValueError(f"{section}: not one of {SECTIONS}")
        new = []
        with self._lock:
            for _ in range(n):
                path = section or self.rng.choices(SECTIONS, WEIGHTS)[0]
                target = next(lst for lst in LISTINGS if lst.path == path)
                kind = "news" if target.menu == "News" else "articles"
                if not self.pool[kind]:  # that kind's stories all out: any will do
                    kind = max(self.pool, key=lambda k: len(self.pool[k]))
                if not self.pool[kind]:
                    raise RuntimeError("no story left to publish")
                story = self.pool[kind].pop()
                last = self.published[-1].published if self.published else START
                when = last + timedelta(hours=self.rng.uniform(20, 60))
                when = when.replace(microsecond=0)
                story = replace(
                    story,
                    section=REPLICA_SECTIONS[path],
                    published=when,
                    updated=when,
                    old_titles=[],
                    bare=False,
                    prefix=None,
                )
                self.published.append(story)
                new.append(story)
            self._render()
        return new

    def shown(self) -> dict[str, str]:
        """Every story the site shows: article id -> its path."""
        return {a.id: a.path for a in self.published}

    def listings_of(self, article_id: str) -> list[str]:
        """The listings that show the story ``article_id``."""
        story = next(a for a in self.published if a.id == article_id)
        return [lst.path for lst in LISTINGS if Site.in_listing(story, lst.path)]

    def months(self) -> list[str]:
        """The months (``YYYY-MM``, UTC) of the stories' publication, oldest first."""
        return sorted({a.published.strftime("%Y-%m") for a in self.published})

    # --- rendering ----------------------------------------------------------------------

    def _render(self) -> None:
        """Render every page of the site's new version, then swap them in at once."""
        self.version += 1
        site = Site(list(self.published))
        pages: dict[str, bytes] = {}
        for story in self.published:
            if story.id not in self._articles:  # a story's page, once (sidebars may age)
                self._articles[story.id] = site.article_page(story).encode()
            pages[story.path.lstrip("/") + ".html"] = self._articles[story.id]
        getmore: dict[str, Any] = {}
        for lst in LISTINGS:
            members = site.listing_members[lst.path]
            pages[lst.path.lstrip("/") + ".html"] = site.listing_page(lst).encode()
            count = max(1, math.ceil(len(members) / PAGE_SIZE))
            for page in range(1, count + 1):
                pages[f"_getmore/{lst.widgetid}/{page}.html"] = site.fragment(
                    members, page
                ).encode()
            getmore[lst.widgetid] = {
                "path": lst.path,
                "widget": lst.widget,
                "postid": lst.postid,
                "ismain": lst.ismain,
                "filter": dict(kv.split("=", 1) for kv in lst.filter.split("&"))
                if lst.filter
                else {},
                "pages": count,
            }
        widgets = {
            ASYNC_GALLERY["widgetid"]: {"widget": ASYNC_GALLERY["widget"], "postid": "1000162"}
        }
        pages[f"_widgets/{ASYNC_GALLERY['widgetid']}.html"] = site.widget_answer(
            "From the archive", []
        ).encode()
        pages["index.html"] = self._home(site).encode()
        pages["_404.html"] = site.simple_page(
            "/404", "Page not found", "1000404", "<p>The page you requested does not exist.</p>"
        ).encode()
        pages["robots.txt"] = (
            "User-agent: *\nDisallow: /Search\nDisallow: /search\nDisallow: /cdn-cgi/\n\n"
            f"Sitemap: {HOST}/sitemaps/all.xml\n"
        ).encode()
        pages.update(self._sitemaps())
        self.pages, self.indexes = pages, {"_getmore": getmore, "_widgets": widgets}

    def _home(self, site: Site) -> str:
        """The curated homepage: per block, a pinned older story of its listing, then only
        its :data:`SHOWN_NEW` newest ones (the pin drawn anew at every version)."""
        rng = random.Random(f"home:{self.seed}:{self.version}")
        blocks = []
        shown: list[Art] = []
        for path in (*TOP_LEVEL, *HOME_SECTIONS):
            members = site.listing_members[path]
            if not members:
                continue
            newest = members[:SHOWN_NEW]
            older = members[SHOWN_NEW:]
            pinned = [rng.choice(older[:PAGE_SIZE])] if older else []
            arts = [*pinned, *newest]
            label = next(lst.label for lst in LISTINGS if lst.path == path)
            blocks.append(home_block(label, path, arts, "featured-news"))
            shown += [a for a in arts if a not in shown]
        main = "\n".join(['<main id="main">', *blocks, site.aside(None), "</main>"])
        return site.home_document(main, shown)

    def _sitemaps(self) -> Iterator[tuple[str, bytes]]:
        """The monthly sitemaps (Beirut months, as the replica's) and their index."""
        months: dict[tuple[int, int], list[Art]] = {}
        for story in self.published:
            local = story.published.astimezone(BEIRUT)
            months.setdefault((local.year, local.month), []).append(story)
        index = []
        for (year, month), stories in sorted(months.items()):
            urls = "\n".join(
                f"<url><loc>{html.escape(abs_url(url_quote(a.path)))}</loc>"
                f"<lastmod>{beirut_iso(a.updated)}</lastmod></url>"
                for a in stories
            )
            yield (
                f"sitemaps/all/sitemap-{year}-{month}.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
                ).encode(),
            )
            last = max(a.updated for a in stories)
            index.append(
                f"<sitemap><loc>{HOST}/sitemaps/all/sitemap-{year}-{month}.xml</loc>"
                f"<lastmod>{beirut_iso(last)}</lastmod></sitemap>"
            )
        yield (
            "sitemaps/all.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(index)
                + "\n</sitemapindex>\n"
            ).encode(),
        )


def describe(site: LiveSite) -> str:
    """The site's stories, one a line (for a failing test's message)."""
    return json.dumps(
        [
            {"id": a.id, "path": a.path, "published": a.published.isoformat()}
            for a in site.published
        ],
        indent=0,
    )
