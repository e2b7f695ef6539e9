"""What the crawler knows about english.almayadeen.net as a site: its hosts and time zone,
the paths of its stories and sitemaps, its menus, how a healthy crawl of it looks, how its
blocks look, and how its addresses move onto a replica.

What extraction reads inside a page (selectors, patterns, date formats, story kinds) is
:mod:`mayadeen.extraction.selectors`. No machine this project is built on can reach the
site, so each group below says how sure it is: *seen* on real captures of the site or its
Arabic sister (www.almayadeen.net, the same CMS), *relied on* by several public scrapers
whose output shows it worked, *inferred* from the Arabic site, or a *guess* to confirm on
the live site.

Imports nothing of mayadeen: every other package may import it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

PRODUCTION_BASE_URL = "https://english.almayadeen.net"
PRODUCTION_HOSTS = frozenset({"english.almayadeen.net", "www.english.almayadeen.net"})

#: The newsroom's clock: the metadata block and the visible dates are Beirut local time.
SITE_TZ = ZoneInfo("Asia/Beirut")

# --- story paths, sitemaps and menus ----------------------------------------------
#: Paths of story pages: ``/news/<section>/<slug>`` and ``/articles/<sub>/<slug>`` are seen,
#: the others inferred from the Arabic site. Listing paths can look alike
#: (``/articles/opinion``), so a path that is also a menu entry is a listing, whatever this
#: says.
ARTICLE_PATH_RE = re.compile(
    r"""^/(?:
        news/[^/]+/[^/]+
      | articles/(?:[^/]+/)?[^/]+
      | videos?/(?:[^/]+/)?[^/]+
      | infographs?/[^/]+
      | in-pictures/[^/]+
      | (?:latestnews|newscast)/\d{4}/\d{1,2}/\d{1,2}/[^/]+
    )/?$""",
    re.X,
)
#: Sitemap index and its monthly files (month not zero-padded): relied on for the Arabic
#: site, the same paths inferred for English.
SITEMAP_INDEX_PATH = "/sitemaps/all.xml"
SITEMAP_MONTH_RE = re.compile(r"sitemap-(?P<year>\d{4})-(?P<month>\d{1,2})\.xml")
#: Top-level menus a reader sees (seen on a real English page); a missing one is reported.
EXPECTED_MENUS = ("News", "Articles", "Videos", "Infographs", "In Pictures")
#: Menu entries that are not story listings (the live-stream player page).
SKIP_MENU_PATHS = frozenset({"/live"})

# --- layout drift: the English theme is unverified, so the crawl measures itself ---------
#: Fields whose share of parsed articles is measured, with the least share a healthy crawl
#: has (the replica: every article has a title, date and body; most have authors; some have
#: no tags or no image). ``MAYADEEN_COVERAGE`` overrides these thresholds. Each share is
#: taken over the pages that should have the field (``extraction.article.expected_fields``):
#: a body over stories with words, authors over text stories, images over all but videos.
COVERAGE_FIELDS = {
    "title": 0.99,
    "published_at": 0.99,
    "body": 0.95,
    "authors": 0.9,
    "tags": 0.5,
    "images": 0.5,
}

# --- blocked answers: Cloudflare sits in front (seen); a challenge page is recognized by
# these markers, whatever its HTTP status.
CHALLENGE_MARKERS = (
    "<title>Just a moment...</title>",
    "/cdn-cgi/challenge-platform/",
    "cf-chl-",
    "cf_chl_",
)


def is_challenge_page(html: str) -> bool:
    """True for a Cloudflare challenge or block page, whatever its HTTP status."""
    return any(marker in html for marker in CHALLENGE_MARKERS)


def rebase_url(url: str, base_url: str) -> str:
    """Resolve ``url`` against ``base_url`` and move production-host URLs onto it.

    With the default base this is plain ``urljoin``; with a replica or mirror as base,
    absolute links to the live host (as captured pages carry them) are followed on the base.
    """
    absolute = urljoin(base_url + "/", url)
    parts = urlsplit(absolute)
    if parts.hostname in PRODUCTION_HOSTS:
        base = urlsplit(base_url)
        absolute = urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
    return absolute
