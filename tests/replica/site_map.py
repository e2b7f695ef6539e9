"""The replica's shape: host, menus, sections, listings and their widgets, and the
formats of addresses and dates (what the real site does, from ``shared/site-spec.md``)."""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from . import description as D

HOST = "https://english.almayadeen.net"
MEDIA = "https://english-media.almayadeen.net"
AR_MEDIA = "https://alpha-ar-media.almayadeen.net"
PLACEHOLDER = "/mdn2023/images/default1.7.png"
DEFAULT_SHARE = f"{HOST}/mdn2023/images/default-share.png"
ROCKET = "269c1de9d716d0dfa6c79497"
ROCKET_SRC = "/cdn-cgi/scripts/7d0fa10a/cloudflare-static/rocket-loader.min.js"
BEIRUT = ZoneInfo("Asia/Beirut")
SITE = D.SITE_NAME
PAGE_SIZE = 10
PAGE_KEYWORDS = "Al Mayadeen,Al Mayadeen English,news,Middle East"
YOUTUBE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

START = datetime(2023, 1, 4, 6, 0, 0, tzinfo=UTC)
END = datetime(2025, 11, 8, 17, 0, 0, tzinfo=UTC)
EXTRA_START = datetime(2025, 11, 9, 5, 12, 7, tzinfo=UTC)
EDIT_START = datetime(2025, 11, 10, 8, 41, 3, tzinfo=UTC)
JS_START = datetime(2025, 11, 8, 17, 48, 0, tzinfo=UTC)
PAGE_PUBLISHED = datetime(2021, 6, 1, 7, 0, 0, tzinfo=UTC)

# --------------------------------------------------------------------------- menus

NEWS_SUBS = [
    ("Politics", "/news/politics"),
    ("Economy", "/news/economy"),
    ("Sports", "/news/sports"),
    ("Arts&Culture", "/news/arts-culture"),
    ("Health", "/news/health"),
    ("Miscellaneous", "/news/miscellaneous"),
    ("Technology", "/news/technology"),
    ("Environment", "/news/environment"),
]
ARTICLES_SUBS = [
    ("Opinion", "/articles/opinion"),
    ("Analysis", "/articles/analysis"),
    ("Blog", "/articles/blog"),
    ("Features", "/articles/features"),
]
VIDEOS_SUBS = [
    ("NewsFeed", "/videos/newsfeed"),
    ("Video Features", "/videos/video-features"),
    ("Explainers", "/videos/explainers"),
    ("TV", "/videos/tv"),
    ("Digital Series", "/videos/digital-series"),
]
REGIONS = [
    ("Africa", "/region/africa"),
    ("Asia", "/region/asia"),
    ("Asia-Pacific", "/region/asia-pacific"),
    ("Europe", "/region/europe"),
    ("Latin America", "/region/latin-america"),
    ("MENA", "/region/mena"),
    ("Palestine", "/region/palestine"),
    ("US & Canada", "/region/us-canada"),
]
REGION_PATH = dict(REGIONS)


def _trails() -> dict[str, str]:
    """Menu trail of every listing, in header-menu order ("News > Politics")."""
    out: dict[str, str] = {}
    for top, top_path, subs in (
        ("News", "/news", NEWS_SUBS),
        ("Articles", "/articles", ARTICLES_SUBS),
        ("Videos", "/videos", VIDEOS_SUBS),
    ):
        out[top_path] = top
        out.update({path: f"{top} > {label}" for label, path in subs})
    out["/infographs"] = "Infographs"
    out["/in-pictures"] = "In Pictures"
    out.update({path: f"Regions > {label}" for label, path in REGIONS})
    return out


TRAILS = _trails()

#: Menu links written absolute (the real menus mix both forms).
ABSOLUTE_MENU_LINKS = {"/news/economy", "/in-pictures", "/region/europe"}


@dataclass(frozen=True)
class Section:
    """One article section: how its stories are labelled and where they are listed."""

    path: str  # listing path and URL prefix
    label: str  # the CMS category value
    menu: str  # header menu it sits in
    posttype: str
    kind: str  # news | articles | videos | infographs | gallery
    ld_type: str
    top: str | None  # top-level listing that also shows it
    link: str  # href of the category link on cards and pages


def _sections() -> dict[str, Section]:
    out: dict[str, Section] = {}
    for label, path in NEWS_SUBS:
        out[path] = Section(path, label, "News", "News", "news", "NewsArticle", "/news", path)
    ld = {"Opinion": "OpinionNewsArticle", "Analysis": "AnalysisNewsArticle"}
    for label, path in ARTICLES_SUBS:
        out[path] = Section(
            path,
            label,
            "Articles",
            "Articles",
            "articles",
            ld.get(label, "Article"),
            "/articles",
            path,
        )
    out["/articles/foreign-press"] = Section(
        "/articles/foreign-press",
        "Foreign Press",
        "Articles",
        "Articles",
        "articles",
        "NewsArticle",
        "/articles",
        "/articles",
    )
    for label, path in VIDEOS_SUBS:
        out[path] = Section(
            path, label, "Videos", "Videos", "videos", "VideoObject", "/videos", path
        )
    out["/infographs"] = Section(
        "/infographs",
        "Infographs",
        "Infographs",
        "Infographs",
        "infographs",
        "Article",
        None,
        "/infographs",
    )
    out["/in-pictures"] = Section(
        "/in-pictures",
        "In Pictures",
        "In Pictures",
        "In Pictures",
        "gallery",
        "NewsArticle",
        None,
        "/in-pictures",
    )
    return out


SECTIONS = _sections()

#: TV reports and bulletins: post type Newscast, listed and labelled as Videos > TV.
NEWSCAST = Section(
    "/videos/tv", "TV", "Videos", "Newscast", "videos", "VideoObject", "/videos", "/videos/tv"
)
#: The manifest's ``kind`` of an article by its section's kind.
MANIFEST_KINDS = {
    "news": "text",
    "articles": "text",
    "videos": "video",
    "infographs": "infograph",
    "gallery": "gallery",
}

#: The optional JavaScript-only listing (``build(..., js_listing=True)``): a News menu entry
#: whose page holds no card in its HTML, only an inline script that writes them.
JS_LISTING = Section(
    "/news/live-updates",
    "Live Updates",
    "News",
    "News",
    "news",
    "NewsArticle",
    None,
    "/news/live-updates",
)
SECTIONS[JS_LISTING.path] = JS_LISTING
JS_LISTING_TRAIL = f"News > {JS_LISTING.label}"
JS_LISTING_POSTID = "1000129"
JS_LISTING_LIST_ID = "live-list"


@dataclass(frozen=True)
class Listing:
    """A listing page with a load-more widget."""

    path: str
    label: str
    menu: str
    postid: str
    widgetid: str
    widget: str
    ismain: bool
    filter: str = ""
    order: str = ""


def _listings() -> list[Listing]:
    out = [
        Listing(
            "/news", "News", "News", "1000110", "50112", "main-category-list", True, "type=news"
        ),
        Listing(
            "/articles", "Articles", "Articles", "1000111", "50113", "main-category-list", True
        ),
        Listing(
            "/videos",
            "Videos",
            "Videos",
            "1000112",
            "50114",
            "main-category-list",
            True,
            "type=videos&sort=latest",
        ),
    ]
    for i, (label, path) in enumerate(NEWS_SUBS):
        out.append(
            Listing(
                path, label, "News", str(1000121 + i), str(50121 + i), "section-news-list", True
            )
        )
    for i, (label, path) in enumerate(ARTICLES_SUBS):
        order = "2" if label == "Opinion" else ""
        out.append(
            Listing(
                path,
                label,
                "Articles",
                str(1000141 + i),
                str(50131 + i),
                "section-articles-list",
                True,
                "",
                order,
            )
        )
    for i, (label, path) in enumerate(VIDEOS_SUBS):
        out.append(
            Listing(
                path, label, "Videos", str(1000151 + i), str(50141 + i), "section-videos-list", True
            )
        )
    out.append(
        Listing(
            "/infographs", "Infographs", "Infographs", "1000161", "50151", "infographs-list", True
        )
    )
    out.append(
        Listing(
            "/in-pictures", "In Pictures", "In Pictures", "1000162", "50152", "gallery-list", True
        )
    )
    for i, (label, path) in enumerate(REGIONS):
        out.append(
            Listing(
                path,
                label,
                "Regions",
                str(1000171 + i),
                str(50161 + i),
                "region-list",
                False,
                f"country={path.rsplit('/', 1)[1]}",
            )
        )
    return out


LISTINGS = _listings()
HOME_POSTID = "1000001"
LIVE_POSTID = "1000009"
ASYNC_HOME = {"widgetid": "60201", "widget": "coverage-strip", "coverage": "Gaza Truce Talks"}
ASYNC_GALLERY = {"widgetid": "60211", "widget": "gallery-archive"}

# --------------------------------------------------------------------------- helpers


@functools.cache
def slugify(title: str) -> str:
    """The site's slug rule: lower-case, non-alphanumerics to '-', 60 chars, no trailing '-'."""
    s = "".join(c if c.isalnum() else "-" for c in title.lower())
    return s[:60].rstrip("-")


def esc(s: str) -> str:
    """Escape text for an attribute or element (quotes too)."""
    return html.escape(s, quote=True)


def fold(s: str) -> str:
    return " ".join(s.split())


def beirut_iso(dt: datetime) -> str:
    return dt.astimezone(BEIRUT).isoformat(timespec="seconds")


def naive7(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + ".0000000"


def utc_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def shown_datetime(dt: datetime) -> str:
    d = dt.astimezone(BEIRUT)
    return f"{d.day} {d:%b %Y %H:%M}"


def card_date(dt: datetime) -> str:
    d = dt.astimezone(BEIRUT)
    return f"{d.day} {d:%b %Y}"


def abs_url(path: str) -> str:
    return HOST + path


def url_quote(path: str) -> str:
    return quote(path, safe="/-_.~")


def with_query(url: str, width: int) -> str:
    return f"{url}?v=3&width={width}"


def jdump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("</", "<\\/")


def duration_iso(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"PT{h}H{m}M{s}S" if h else f"PT{m}M{s}S"
