"""What the crawler knows about the sites it crawls, Al Mayadeen's editions: their hosts and
time zone, the paths of their stories and sitemaps, their menus, how a healthy crawl looks,
how their blocks look, and how their addresses move onto a replica.

The English site (english.almayadeen.net) and the Arabic one (www.almayadeen.net) run one CMS:
an :class:`Edition` holds what differs between them (:data:`EDITIONS`, chosen with
``-a edition=``); the module's constants are the English edition's, and what both share.

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
from dataclasses import dataclass
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
    """Resolve ``url`` against ``base_url`` and move live-host URLs (of any edition) onto it.

    With the default base this is plain ``urljoin``; with a replica or mirror as base,
    absolute links to the live host (as captured pages carry them) are followed on the base.
    """
    return _rebase(url, base_url, ALL_PRODUCTION_HOSTS)


def _rebase(url: str, base_url: str, hosts: frozenset[str]) -> str:
    absolute = urljoin(base_url + "/", url)
    parts = urlsplit(absolute)
    if parts.hostname in hosts:
        base = urlsplit(base_url)
        absolute = urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
    return absolute


# --- editions: one CMS, several sites --------------------------------------------------------
#: Paths that are never stories on the Arabic site, whatever their shape (seen on the capture):
#: author, country and topic pages, program pages.
ARABIC_NOT_STORY_RE = re.compile(
    r"^/(?:authors|country|maingroup|coverage|programs-online|programs-tv|tags?|search)(?:/|$)",
    re.I,
)
#: Arabic story paths (seen on the real homepage capture, 2023-11-02): ``/news/<sub>/<slug>``,
#: ``/<section>/<slug>`` (``/opinion/...``, ``/video/...``, ``/news/...`` too), TV episodes
#: ``/episodes-tv/<slug>/<program>``, and the dated ``/latestnews/`` and ``/newscast/`` items.
#: A sub-listing has the shape of a single-level story (``/infograph/arabworld``,
#: ``/news/politics``; 15 on the capture, none in its menus), but a Latin name: a story's slug
#: keeps its title's Arabic letters (seen on the 42 stories of the capture's ``ItemList``), so
#: a two-segment path is a story only when its slug has a letter beyond ASCII. A story titled
#: in Latin letters alone is then missed in listings (the sitemap has it). A path that is a
#: menu entry is a listing, whatever its shape.
ARABIC_ARTICLE_PATH_RE = re.compile(
    r"""^/(?:
        news/[^/]+/[^/]+
      | episodes-tv/[^/]+/[^/]+
      | (?:latestnews|newscast)/\d{4}/\d{1,2}/\d{1,2}/[^/]+
      | (?!latestnews/|newscast/)[^/]+/[^/]*[^\x00-\x7f][^/]*
    )/?$""",
    re.X,
)
#: The same in a sitemap, which lists posts only (and author pages): any slug.
ARABIC_SITEMAP_PATH_RE = re.compile(
    r"^/(?:[^/]+/[^/]+|(?:news|episodes-tv)/[^/]+/[^/]+"
    r"|(?:latestnews|newscast)/\d{4}/\d{1,2}/\d{1,2}/[^/]+)/?$"
)


@dataclass(frozen=True)
class Edition:
    """One edition of the CMS: what differs between the sites.

    An article's identity is its edition and post id (:meth:`article_id`): the sites number
    their posts independently. The history keys a story's paths the same way
    (:mod:`mayadeen.history.scope`), so two editions share one history without clashing; the
    English edition's keys are the bare post id and path, as in every history before editions.
    """

    #: ``en``, ``ar``: the ``-a edition=`` value, and the items' ``edition``.
    code: str
    #: The language of its pages (``<html lang>``), the items' ``language`` when a page names none.
    language: str
    #: The live site.
    base_url: str
    #: Hosts of the live site: links to them are the site's own, rebased onto a replica.
    hosts: frozenset[str]
    article_path_re: re.Pattern[str]
    #: Top-level menus a reader sees; a missing one is reported.
    expected_menus: tuple[str, ...]
    #: Menu entries that are not story listings.
    skip_menu_paths: frozenset[str]
    #: Paths that are never stories, whatever their shape.
    not_story_re: re.Pattern[str] | None = None
    #: Story paths in a sitemap, which lists posts only, when looser than ``article_path_re``.
    sitemap_path_re: re.Pattern[str] | None = None
    #: Listings a reader reaches from the homepage outside the header menus: crawled as menu
    #: entries when the homepage links to them.
    linked_listings: tuple[str, ...] = ()
    #: Written before a post id and a path in the history (empty for English: its keys are
    #: as they were before editions).
    key_prefix: str = ""

    def is_story_path(self, path: str, *, in_sitemap: bool = False) -> bool:
        """Whether ``path`` has the shape of a story's path (menu entries are listings,
        whatever this says); ``in_sitemap``: listed by a sitemap, which lists posts only."""
        if self.not_story_re is not None and self.not_story_re.match(path):
            return False
        pattern = (in_sitemap and self.sitemap_path_re) or self.article_path_re
        return bool(pattern.match(path))

    def article_id(self, post_id: str) -> str:
        """The article's identity: the post id, after the edition's key prefix."""
        return self.key_prefix + post_id

    def rebase_url(self, url: str, base_url: str) -> str:
        """``url`` resolved against ``base_url``, its live-host addresses moved onto it."""
        return _rebase(url, base_url, self.hosts)


ENGLISH = Edition(
    code="en",
    language="en",
    base_url=PRODUCTION_BASE_URL,
    hosts=PRODUCTION_HOSTS,
    article_path_re=ARTICLE_PATH_RE,
    expected_menus=EXPECTED_MENUS,
    skip_menu_paths=SKIP_MENU_PATHS,
)
#: The Arabic site (seen: the real homepage capture of 2023-11-02 and public scrapers' data).
ARABIC = Edition(
    code="ar",
    language="ar",
    base_url="https://www.almayadeen.net",
    hosts=frozenset({"www.almayadeen.net", "almayadeen.net"}),
    article_path_re=ARABIC_ARTICLE_PATH_RE,
    # "News", "Video", "Culture and Arts": seen in the capture's header.
    expected_menus=("الأخبار", "الفيديو", "ثقافة وفنون"),
    # The live player, job offers and the broadcast frequencies: no stories.
    skip_menu_paths=frozenset({"/live", "/participate", "/frequency"}),
    not_story_re=ARABIC_NOT_STORY_RE,
    sitemap_path_re=ARABIC_SITEMAP_PATH_RE,
    # "Breaking news": the ticker's label and a homepage block link it (seen); its cards are
    # the /latestnews/ items.
    linked_listings=("/shortnews",),
    key_prefix="ar:",
)
#: The editions by code: ``-a edition=`` takes one of these.
EDITIONS: dict[str, Edition] = {e.code: e for e in (ENGLISH, ARABIC)}
#: Hosts of every edition's live site.
ALL_PRODUCTION_HOSTS = frozenset().union(*(e.hosts for e in EDITIONS.values()))


def edition_of_host(host: str | None) -> Edition | None:
    """The edition whose live site ``host`` is, if any."""
    return next((e for e in EDITIONS.values() if host in e.hosts), None)
