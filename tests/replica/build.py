"""Generate the local replica of english.almayadeen.net from ``description.py``.

``build(out_dir)`` writes ``out_dir/site`` (one file per served path, plus the
expected item JSON beside every article page), ``out_dir/urls.txt`` and
``out_dir/manifest.json``. The output depends only on the description and the
arguments: two builds are byte-identical.

CLI: ``python -m tests.replica.build OUT_DIR [--extra N] [--edit ID ...] [--js-listing]
[--jobs N]``
"""

# HTML templates read best one tag per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import bisect
import functools
import html
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import threading
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from mayadeen.items import ARTICLE_FIELDS, content_hash

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

# Authors that may sign a seed's stories (first is the most frequent).
SEED_AUTHORS: dict[str, list[str]] = {
    "gaza-truce": ["Ja'far Al-Husseini"],
    "lebanon-rebuild": ["Mireille Saab", "Ja'far Al-Husseini"],
    "sahel-summit": ["Daniel Okafor"],
    "eu-sanctions": ["Peter Lindqvist"],
    "andes-vote": ["Tomás Ferreira"],
    "us-congress": ["Sara Whitcombe"],
    "maritime-talks": ["Karim Zein"],
    "shipping-costs": ["Rania Khoury", "Karim Zein"],
    "payments-network": ["Rania Khoury"],
    "west-asia-cup": ["Nour El-Din Kassem"],
    "marathon": ["Nour El-Din Kassem", "Daniel Okafor"],
    "book-fair": ["Leila Mansour"],
    "film-festival": ["Tomás Ferreira"],
    "cholera": ["Hana Odeh"],
    "hospital-fuel": ["Hana Odeh"],
    "subsea-cable": ["Yusuf Demir"],
    "chip-rules": ["Yusuf Demir"],
    "river-drought": ["Hana Odeh"],
    "opinion-multipolar": [
        "Ja'far Al-Husseini",
        "Peter Lindqvist",
        "Sara Whitcombe",
        "Rania Khoury",
    ],
    "opinion-media": ["Leila Mansour", "Mireille Saab", "Ja'far Al-Husseini"],
    "analysis-energy": ["Karim Zein", "Rania Khoury", "Peter Lindqvist"],
    "analysis-redsea": ["Karim Zein", "Ja'far Al-Husseini"],
    "blog-diary": ["Mireille Saab", "Leila Mansour"],
    "feature-boats": ["Mireille Saab"],
    "feature-lithium": ["Tomás Ferreira"],
}

# Deliberate awkward cases, by (seed key, index within the seed).
SLUG_CHANGED = ("gaza-truce", 2)
TWO_AUTHORS = {
    ("opinion-media", 1): ["Leila Mansour", "Ja'far Al-Husseini"],
    ("analysis-energy", 0): ["Karim Zein", "Rania Khoury"],
    ("us-congress", 1): ["Sara Whitcombe", "Ja'far Al-Husseini"],
}
ARABIC_AUTHOR = ("blog-diary", 2)
ARABIC_CAPTION = ("blog-diary", 0)
NFD_PARAGRAPH = ("andes-vote", 0)
BARE_ARTICLE = ("foreign-press", 2)
NO_IMAGE = {("misc", 1), ("eu-sanctions", 5), ("payments-network", 2)}
NO_TAGS = {("eu-sanctions", 3), ("opinion-multipolar", 4), ("cholera", 1)}
NO_CAPTION_FIGURE = ("lebanon-rebuild", 1)
UNCREDITED_CAPTION = ("sahel-summit", 0)
SAME_TITLE_AS = (("video-newsfeed", 0), ("maritime-talks", 0))
FOREIGN_SOURCES = ["The Northern Ledger", "The Capital Review", "The Toronto Courier"]

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


# --------------------------------------------------------------------------- model


@dataclass
class Img:
    url: str  # decoded, without the width query
    caption: str | None
    credit: str | None
    alt: str
    show_caption: bool = True

    @property
    def big(self) -> str:
        return with_query(self.url, 1000)


@dataclass(frozen=True)
class PageShape:
    """How the page of a story without text departs from the usual article page
    (``description.TEXTLESS`` says what each value means)."""

    kind: str  # video | infograph | gallery (the manifest's kind)
    h1: bool
    lead_shown: bool
    content: str  # absent | empty | nbsp | iframe | bare-iframe: what div.p-content holds
    jsonld_type: str | None = None  # the main JSON-LD block's @type, if not the section's
    read_time: int | None = None  # a shown "N Min Read"


@dataclass
class Art:
    seed: dict[str, Any]
    index: int
    key: str
    section: Section
    title: str
    lead: str
    published: datetime
    updated: datetime
    authors: list[str]
    source: str | None
    tags: list[str]
    keywords: str
    region: str | None
    coverage: str | None
    style: dict[str, Any]
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    main_image: Img | None = None
    gallery: list[Img] = field(default_factory=list)
    thumb: str | None = None  # decoded thumbnail base url (no query)
    video: dict[str, Any] | None = None
    old_titles: list[str] = field(default_factory=list)
    bare: bool = False
    widget_only: bool = False
    extra: bool = False
    js_only: bool = False
    shape: PageShape | None = None  # set on stories without text (description.TEXTLESS)
    prefix: str | None = None  # address prefix, when not the section's path
    byline: bool = True  # False: the page names no author at all
    id: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.title)

    def path_for(self, title: str) -> str:
        prefix = self.prefix or ("/articles" if self.bare else self.section.path)
        return f"{prefix}/{slugify(title)}"

    @property
    def path(self) -> str:
        return self.path_for(self.title)

    @property
    def old_paths(self) -> list[str]:
        out: list[str] = []
        for t in self.old_titles:
            p = self.path_for(t)
            if p != self.path and p not in out:
                out.append(p)
        return out

    @property
    def url(self) -> str:
        return abs_url(self.path)

    @property
    def kind(self) -> str:
        return self.section.kind

    @property
    def manifest_kind(self) -> str:
        """``text``, ``video``, ``infograph`` or ``gallery``."""
        return self.shape.kind if self.shape else MANIFEST_KINDS[self.kind]

    @property
    def house(self) -> bool:
        return not self.authors

    @property
    def byline_names(self) -> list[str]:
        if not self.byline:
            return []
        return self.authors or [SITE]

    @property
    def author_display(self) -> str:
        return ", ".join(self.byline_names)


# --------------------------------------------------------------------------- text generation


POOLS = {"claim": "claims", "fact": "facts", "bg": "bg", "quote": "quotes", "event": "events"}


class Exhausted(Exception):
    """A sentence template needs material the article has already used up."""


class Filler:
    """Fills description templates for one article.

    It remembers who was already introduced (full reference first, short name after),
    pins the story's place in headlines (and everywhere for single-place formats),
    gives each claim or fact one fixed wording, and doesn't let quotes, facts or
    background sentences repeat within an article.
    """

    LIMITS: ClassVar[dict[str, int]] = {"claim": 2, "fact": 1, "bg": 1, "quote": 1, "event": 1}

    def __init__(self, seed: dict[str, Any], rng: random.Random, published: datetime) -> None:
        self.seed = seed
        self.rng = rng
        self.main = seed["people"][rng.randrange(len(seed["people"]))]
        self.place = rng.choice(seed["places"])
        self.pin = bool(seed.get("pin_place"))
        self.headline = False
        self.introduced: set[str] = set()
        self.counts: dict[str, int] = {}
        self.filled: dict[str, str] = {}
        self.templates: dict[str, int] = {}
        local = published.astimezone(BEIRUT)
        self.days = [D.DAYS[local.weekday()], D.DAYS[(local.weekday() - 1) % 7]]

    def fill(self, template: str, person: tuple[str, str] | None = None) -> str:
        rng = self.rng
        who = person or self.main

        def rep(m: re.Match[str]) -> str:
            k = m.group(1)
            if k in ("P", "S"):
                if who[0] in self.introduced:
                    return who[1]
                self.introduced.add(who[0])
                return who[0]
            if k == "place":
                return (
                    self.place if (self.headline or self.pin) else rng.choice(self.seed["places"])
                )
            if k == "org":
                return rng.choice(self.seed["orgs"])
            if k == "Org":
                o = rng.choice(self.seed["orgs"])
                return o[0].upper() + o[1:]
            if k == "n":
                return str(rng.randint(2, 40))
            if k == "N":
                return f"{rng.randint(120, 9500) * 10:,}"
            if k == "h":
                return str(rng.randint(2, 9) * 100)
            if k == "k":
                return str(rng.randint(4, 9))
            if k == "pct":
                return str(rng.randint(6, 64))
            if k == "day":
                return rng.choice(self.days)
            if k in POOLS:
                pool = self.seed[POOLS[k]]
                fresh = [x for x in pool if self.counts.get(x, 0) < self.LIMITS[k]]
                if not fresh:
                    raise Exhausted(k)
                choice = rng.choice(fresh)
                self.counts[choice] = self.counts.get(choice, 0) + 1
                if choice not in self.filled:
                    self.filled[choice] = self.fill(choice, who)
                return self.filled[choice]
            raise KeyError(k)

        return re.sub(r"\{(\w+)\}", rep, template)

    def headline_text(self, template: str) -> str:
        """A title or lead: the story's own place; titles use short names."""
        self.headline = True
        out = self.fill(template)
        self.headline = False
        return out[0].upper() + out[1:]

    def title(self, template: str) -> str:
        saved = set(self.introduced)
        self.introduced.add(self.main[0])
        out = self.headline_text(template)
        self.introduced = saved
        return out

    def sentence(self, templates: list[str]) -> str | None:
        """One new sentence, or None when the article's material is used up."""
        for _ in range(40):
            t = self.rng.choice(templates)
            if self.templates.get(t, 0) >= (2 if "{" in t else 1):
                continue
            person = self.rng.choice(self.seed["people"])
            state = (set(self.introduced), dict(self.counts))
            try:
                s = self.fill(t, person).strip()
            except Exhausted:
                self.introduced, self.counts = state
                continue
            self.templates[t] = self.templates.get(t, 0) + 1
            if s:
                return s[0].upper() + s[1:]
        return None


def make_paragraphs(
    fl: Filler, templates: list[str], n_par: tuple[int, int], n_sent: list[int]
) -> list[str]:
    rng = fl.rng
    paras: list[str] = []
    for i in range(rng.randint(*n_par)):
        k = 2 if i == 0 else rng.choice(n_sent)
        sents = [s for s in (fl.sentence(templates) for _ in range(k)) if s]
        if not sents:
            break
        paras.append(" ".join(sents))
    return paras


def style_text(text: str, style: dict[str, Any]) -> str:
    """The plain text as the article shows it (curly apostrophes in some articles)."""
    if style["curly_apos"]:
        text = text.replace("'", "\u2019")
    return text


def text_html(text: str, style: dict[str, Any]) -> str:
    """HTML for a piece of plain text, with the article's entity habits."""
    h = html.escape(text, quote=False)
    if style["quot"]:
        h = h.replace('"', "&quot;")
    ent = style["entities"]
    if ent == "num":
        h = h.replace("\u2019", "&#8217;").replace("\u201c", "&#8220;").replace("\u201d", "&#8221;")
    elif ent == "named":
        h = h.replace("\u2019", "&rsquo;").replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;")
    return h


def para_html(text: str, style: dict[str, Any], rng: random.Random, seed: dict[str, Any]) -> str:
    h = text_html(text, style)
    if style["wrap"] and len(h) > 120:
        mid = h.find(" ", len(h) // 2)
        if mid > 0:
            h = h[:mid] + "\n        " + h[mid + 1 :]
    if rng.random() < 0.15:
        for _, short in seed["people"]:
            e = text_html(short, style)
            if e in h and "<" not in h:
                h = h.replace(e, f"<strong>{e}</strong>", 1)
                break
    h = h.replace(SITE, f"<em>{SITE}</em>")
    if rng.random() < 0.3:
        for place in seed["places"]:
            e = text_html(place, style)
            if re.search(r"(?<![\w/])" + re.escape(e) + r"(?!\w)", h):
                h = re.sub(
                    r"(?<![\w/])" + re.escape(e) + r"(?!\w)",
                    f'<a href="/tags/{url_quote(place)}">{e}</a>',
                    h,
                    count=1,
                )
                break
    if style["nbsp"] and rng.random() < 0.5:
        h = re.sub(r" (?=\d)", "&nbsp;", h, count=1)
    if style["nbsp"] and rng.random() < 0.2:
        h += "&nbsp;"
    return h


def image_url(rng: random.Random, when: datetime, host: str = MEDIA, ext: str = "jpg") -> str:
    d = when.astimezone(BEIRUT)
    u = uuid.UUID(int=rng.getrandbits(128), version=4)
    return f"{host}/media/image/{d.year}/{d.month}/{d.day}/{u}.{ext}"


def make_caption(
    fl: Filler, template_pool: list[str], credit: bool, tpl: str | None = None
) -> tuple[str, str | None]:
    rng = fl.rng
    tpl = tpl or (rng.choice(template_pool) if template_pool else "A view of {place}")
    person = fl.seed["people"][0]
    saved = set(fl.introduced)
    text = fl.fill(tpl, person)
    fl.introduced = saved
    text = text[0].upper() + text[1:]
    if rng.random() < 0.5:
        text += "."
    return text, (rng.choice(D.PHOTOGRAPHERS) if credit else None)


# --------------------------------------------------------------------------- article generation


@dataclass
class MoreTitles:
    """Headlines an extra story falls back on when its seed's own ``titles`` run out.

    ``templates`` are ``(title, lead or None)`` (``description.EXTRA_TITLES``). Once a
    seed's titles have failed (``exhausted``), its later stories skip them, so a build
    never spends more than one search on a used-up seed.
    """

    templates: list[tuple[str, str | None]]
    exhausted: bool = False


def make_article(
    seed: dict[str, Any],
    index: int,
    rng: random.Random,
    used_titles: set[str],
    published: datetime | None = None,
    more_titles: MoreTitles | None = None,
) -> Art:
    key = (seed["key"], index)
    section = SECTIONS[seed["section"]]
    kind = section.kind
    if published is None:
        span = int((END - START).total_seconds())
        published = START + timedelta(seconds=rng.randrange(span))
    r = rng.random()
    if r < 0.35:
        updated = published
    elif r < 0.8:
        updated = published + timedelta(seconds=rng.randint(180, 6 * 3600))
    else:
        updated = published + timedelta(seconds=rng.randint(6 * 3600, 5 * 86400))

    fl = Filler(seed, rng, published)
    style = {
        "curly_apos": rng.random() < 0.4,
        "quot": rng.random() < 0.5,
        "entities": rng.choice(["raw", "num", "named", "num"]),
        "nbsp": rng.random() < 0.35,
        "wrap": rng.random() < 0.3,
        "jsonld_order": rng.randrange(6),
        "source_first": rng.random() < 0.2,
    }

    prefix = "/articles" if key == BARE_ARTICLE else section.path

    def unique(t: str) -> bool:
        # Titles are unique, and so are addresses (slugs are cut at 60 characters).
        if t not in used_titles and f"{prefix}/{slugify(t)}" not in used_titles:
            used_titles.update((t, f"{prefix}/{slugify(t)}"))
            return True
        return False

    def new_title() -> str:
        if more_titles is None or not more_titles.exhausted:
            for _ in range(300):
                choice = rng.randrange(len(seed["titles"]))
                t = fl.title(seed["titles"][choice])
                if style["curly_apos"]:
                    t = t.replace("'", "\u2019") if "'" in t and rng.random() < 0.5 else t
                if unique(t):
                    picked.append(seed["leads"][choice] if "pairs" in seed else None)
                    return t
            if more_titles is None:
                raise RuntimeError(f"no unique title left for seed {seed['key']}")
            more_titles.exhausted = True
        templates = more_titles.templates
        for attempt in range(300):
            choice = rng.randrange(len(templates))
            t = fl.title(templates[choice][0])
            if attempt >= 100:  # practically never: the number slots give ~10^5 titles
                t = f"Update {rng.randrange(10**6)}: {t}"
            if style["curly_apos"]:
                t = t.replace("'", "\u2019") if "'" in t and rng.random() < 0.5 else t
            if unique(t):
                picked.append(templates[choice][1])
                return t
        raise RuntimeError(f"no unique title left for seed {seed['key']}")

    picked: list[str | None] = []  # the lead that goes with each title, if any
    old_titles: list[str] = []
    if key == SLUG_CHANGED:
        old_titles.append(new_title())
    title = new_title()
    lead_tpl = picked[-1] or rng.choice(seed["leads"])
    lead = style_text(fl.headline_text(lead_tpl), style)

    # authors
    authors: list[str] = []
    pool = SEED_AUTHORS.get(seed["key"], [])
    if kind == "articles" and section.path != "/articles/foreign-press":
        authors = [pool[0] if rng.random() < 0.5 else rng.choice(pool)]
    elif kind == "news" and pool and rng.random() < 0.25:
        authors = [rng.choice(pool)]
    if key in TWO_AUTHORS:
        authors = list(TWO_AUTHORS[key])
    if key == ARABIC_AUTHOR:
        authors = ["سلمى حداد"]

    # source
    source: str | None = None
    if kind == "news":
        source = rng.choice(D.SOURCES_NEWS) if rng.random() < 0.8 else None
    elif section.path == "/articles/foreign-press":
        source = FOREIGN_SOURCES[index % len(FOREIGN_SOURCES)]
    elif kind == "infographs":
        source = SITE
    elif kind == "gallery" and rng.random() < 0.5:
        source = "Agencies"

    # tags / keywords
    tags: list[str] = []
    keywords = ""
    if key not in NO_TAGS and rng.random() > 0.08:
        tags = rng.sample(seed["tags"], min(len(seed["tags"]), rng.randint(2, 4)))
        form = rng.randrange(4)
        if form == 0:
            keywords = ",".join(tags)
        elif form == 1:
            keywords = ", ".join(tags)
        elif form == 2:
            keywords = ",".join([*tags, tags[0]])
        else:
            keywords = " " + " ,".join(tags) + ", " + tags[-1] + ","

    region = seed["region"]
    if region and kind == "news" and rng.random() < 0.08:
        region = None
    coverage = seed["coverage"] if seed["coverage"] and rng.random() < 0.7 else None

    art = Art(
        seed=seed,
        index=index,
        key=f"{seed['key']}:{index}",
        section=section,
        title=title,
        lead=lead,
        published=published,
        updated=updated,
        authors=authors,
        source=source,
        tags=tags,
        keywords=keywords,
        region=region,
        coverage=coverage,
        style=style,
        old_titles=old_titles,
        bare=key == BARE_ARTICLE,
        widget_only=bool(seed.get("widget_only")),
    )

    # images
    captions = seed.get("captions") or []
    if (
        kind in ("news", "articles")
        and key not in NO_IMAGE
        and (kind == "articles" or rng.random() > 0.12)
    ):
        cap_kind = rng.random()
        if key == UNCREDITED_CAPTION:
            cap_kind = 0.9
        text, credit = make_caption(fl, captions, credit=cap_kind < 0.75)
        if key == ARABIC_CAPTION:
            text = "A shop sign reading «مخبز الأمل» (Hope Bakery) on Hamra Street, Beirut"
        host = AR_MEDIA if rng.random() < 0.1 else MEDIA
        art.main_image = Img(image_url(rng, published, host), text, credit, alt=title)
    elif kind == "infographs":
        art.main_image = Img(
            image_url(rng, published, ext="png"), None, None, alt=title, show_caption=False
        )
        if rng.random() < 0.5:
            art.main_image.caption = "Infographic by Al Mayadeen English"
            art.main_image.show_caption = True
    elif kind == "gallery":
        for tpl in rng.sample(captions, min(len(captions), rng.randint(4, 8))):
            text, credit = make_caption(fl, captions, credit=True, tpl=tpl)
            art.gallery.append(Img(image_url(rng, published), text, credit, alt=text))
        cover = art.gallery[0]
        art.main_image = Img(cover.url, cover.caption, cover.credit, alt=title)
    if art.main_image is not None:
        art.thumb = art.main_image.url

    # video
    if kind == "videos":
        lo, hi = {
            "/videos/newsfeed": (40, 240),
            "/videos/video-features": (300, 900),
            "/videos/explainers": (180, 420),
            "/videos/tv": (1500, 3300),
            "/videos/digital-series": (600, 1200),
        }[section.path]
        art.video = {
            "duration": rng.randint(lo, hi),
            "youtube": "".join(rng.choice(YOUTUBE_ID_CHARS) for _ in range(11))
            if rng.random() < 0.7
            else None,
            "file": f"{MEDIA}/media/video/{published.year}/{published.month}/{uuid.UUID(int=rng.getrandbits(128), version=4)}.mp4",
            "meta": rng.choice(["none", "placeholder"]),
            "player": True,
        }
        art.thumb = image_url(rng, published)

    # body
    if kind == "news":
        paras = make_paragraphs(fl, D.NEWS_SENTENCES, (4, 8), [1, 2, 2, 3])
    elif kind == "articles":
        n = (11, 15) if section.path == "/articles/features" else (7, 11)
        paras = make_paragraphs(fl, D.OPINION_SENTENCES + D.NEWS_SENTENCES[:8], n, [2, 3, 3, 4])
    elif kind == "videos":
        paras = make_paragraphs(fl, D.VIDEO_SENTENCES, (1, 2), [1, 2])
    elif kind == "infographs":
        paras = make_paragraphs(fl, D.INFOGRAPH_SENTENCES, (1, 3), [1, 2])
    else:
        paras = make_paragraphs(fl, D.GALLERY_SENTENCES, (1, 2), [1, 2])
    if key == NFD_PARAGRAPH:
        paras.insert(
            1,
            "Observers from São Paulo and Bogotá said the count in El Alto had been orderly, according to Lucía Paredes\u2019s campaign.",
        )
    paras = [style_text(p, style) for p in paras]

    blocks: list[tuple[Any, ...]] = []
    for i, p in enumerate(paras):
        h = para_html(p, style, rng, seed)
        if (
            key == NFD_PARAGRAPH
            and any(ord(c) > 127 for c in p)
            and not any(b[0] == "nfd" for b in blocks)
        ):
            blocks.append(("nfd",))
            h = unicodedata.normalize("NFD", h)
        blocks.append(("p", h, p))
        if kind not in ("news", "articles"):
            continue
        last = i == len(paras) - 1
        if i == 1 and rng.random() < 0.55:
            blocks.append(("readmore", rng.randrange(len(D.READ_MORE_PREFIXES)), None))
        if (
            i == 2
            and (rng.random() < 0.3 or key == NO_CAPTION_FIGURE)
            and kind in ("news", "articles")
        ):
            cap = rng.random()
            if key == NO_CAPTION_FIGURE:
                cap = 0.95
            text, credit = make_caption(fl, captions, credit=cap < 0.6)
            img = Img(image_url(rng, published), text, credit, alt=text, show_caption=cap < 0.85)
            if not img.show_caption:
                img.caption = img.credit = None
            blocks.append(("figure", img))
        if i == 2 and rng.random() < 0.12:
            blocks.append(("tweet", rng.choice(D.TWEETS)))
        if (
            not last
            and i >= 2
            and seed["subheads"]
            and rng.random() < (0.18 if kind == "news" else 0.3)
        ):
            sub = rng.choice(seed["subheads"])
            if not any(b[0] == "h" and b[3] == sub for b in blocks):
                tag = rng.choice(["h3", "h3", "h3", "h2", "h4"])
                blocks.append(("h", tag, text_html(sub, style), sub))
        if i == 3 and rng.random() < 0.1:
            blocks.append(("ad",))
        if i == 3 and rng.random() < 0.08:
            blocks.append(("empty",))
        if i == 4 and rng.random() < 0.06:
            blocks.append(
                ("iframe", "".join(rng.choice("abcdefghijkLMNOP0123") for _ in range(11)))
            )
        if not last and i == len(paras) - 2 and rng.random() < 0.3:
            blocks.append(("related", None))
        if i == 4 and rng.random() < 0.2:
            blocks.append(("readmore", rng.randrange(len(D.READ_MORE_PREFIXES)), None))
    art.blocks = [b for b in blocks if b[0] != "nfd"]
    return art


def generate_base() -> list[Art]:
    used: set[str] = set()
    arts: list[Art] = []
    by_key: dict[tuple[str, int], Art] = {}
    for seed in D.SEEDS:
        for i in range(seed["count"]):
            a = make_article(seed, i, random.Random(f"{seed['key']}:{i}"), used)
            arts.append(a)
            by_key[(seed["key"], i)] = a
    dup, orig = SAME_TITLE_AS
    video, story = by_key[dup], by_key[orig]
    video.title, video.lead = story.title, story.lead
    text = "Al Mayadeen English was there as the delegations arrived for the opening session."
    video.blocks = [
        ("p", para_html(text, video.style, random.Random("same-title"), video.seed), text)
    ]
    # A story published just after Beirut switched to summer time.
    by_key[("eu-sanctions", 0)].published = datetime(2024, 3, 30, 22, 30, 15, tzinfo=UTC)
    by_key[("eu-sanctions", 0)].updated = datetime(2024, 3, 31, 6, 2, 0, tzinfo=UTC)
    arts.sort(key=lambda a: (a.published, a.key))
    rng = random.Random("post-ids")
    cur = 1643210
    for a in arts:
        cur += rng.randint(300, 3100)
        a.id = str(cur)
    return arts


def make_textless(spec: dict[str, Any]) -> Art:
    """A story without text (an entry of ``description.TEXTLESS``), its post id still unset."""
    rng = random.Random(f"textless:{spec['key']}")
    section = SECTIONS[spec["section"]]
    if spec.get("post_type") == NEWSCAST.posttype:
        section = NEWSCAST
    published = datetime.fromisoformat(spec["published"]).replace(tzinfo=UTC)
    local = published.astimezone(BEIRUT)
    tags: list[str] = []
    for t in spec["keywords"].split(","):
        if t.strip() and t.strip() not in tags:
            tags.append(t.strip())
    kind = MANIFEST_KINDS[section.kind]
    art = Art(
        seed=spec,
        index=0,
        key=f"textless:{spec['key']}",
        section=section,
        title=spec["title"],
        lead=spec["lead"] or "",
        published=published,
        updated=published + timedelta(minutes=spec["updated_minutes"]),
        authors=[] if spec["byline"] in ("house", "none") else [spec["byline"]],
        source=spec["source"],
        tags=tags,
        keywords=spec["keywords"],
        region=spec["region"],
        coverage=spec["coverage"],
        style={
            "quot": rng.random() < 0.5,
            "entities": rng.choice(["raw", "num", "named"]),
            "jsonld_order": rng.randrange(6),
            "source_first": rng.random() < 0.2,
        },
        shape=PageShape(
            kind=kind,
            h1=spec["h1"],
            lead_shown=spec["lead_shown"],
            content=spec["content"],
            jsonld_type=spec.get("jsonld"),
            read_time=spec.get("read_time"),
        ),
        prefix=f"/newscast/{local.year}/{local.month}/{local.day}"
        if spec.get("newscast_url")
        else None,
        byline=spec["byline"] != "none",
    )
    youtube = None
    if kind == "video":
        if spec["player"] != "file":
            youtube = "".join(rng.choice(YOUTUBE_ID_CHARS) for _ in range(11))
        art.video = {
            "duration": spec["duration"],
            "youtube": youtube,
            "file": f"{MEDIA}/media/video/{published.year}/{published.month}/{uuid.UUID(int=rng.getrandbits(128), version=4)}.mp4",
            "meta": spec["published_meta"],
            "player": spec["player"] is not None,
        }
        art.thumb = image_url(rng, published)
    else:
        ext = "png" if kind == "infograph" else "jpg"
        figures = [
            Img(image_url(rng, published, ext=ext), caption, credit, alt=caption or art.title)
            for caption, credit in spec["figures"]
        ]
        if kind == "infograph":
            art.main_image = figures[0]
        else:
            art.gallery = figures
            if spec["cover"]:
                cover = figures[0]
                art.main_image = Img(cover.url, cover.caption, cover.credit, alt=art.title)
        art.thumb = figures[0].url
    art.blocks = {
        "nbsp": [("empty",)],
        "iframe": [("iframe", youtube)],
        "bare-iframe": [("embed", youtube)],
    }.get(spec["content"], [])
    return art


def add_textless(arts: list[Art]) -> None:
    """The stories without text (``description.TEXTLESS``), each with a post id between
    those of the stories published just before and after it: ids still grow with dates,
    and the other stories keep theirs."""
    used = {a.title for a in arts} | {p for a in arts for p in [a.path, *a.old_paths]}
    known = sorted(arts, key=lambda a: (a.published, a.id))
    stamps = [a.published for a in known]
    gaps: dict[int, list[Art]] = {}
    for spec in D.TEXTLESS:
        a = make_textless(spec)
        if a.title in used or a.path in used:
            raise ValueError(f"text-less story {spec['key']}: title or address already used")
        used.update((a.title, a.path))
        gaps.setdefault(bisect.bisect_right(stamps, a.published), []).append(a)
    for i, group in sorted(gaps.items()):
        group.sort(key=lambda a: (a.published, a.key))
        low = int(known[i - 1].id) if i else int(known[0].id) - 300
        high = int(known[i].id) if i < len(known) else low + 300 * (len(group) + 1)
        for j, a in enumerate(group, 1):
            a.id = str(low + (high - low) * j // (len(group) + 1))
        arts.extend(group)
    arts.sort(key=lambda a: (a.published, a.key))


def add_js_listing(arts: list[Art]) -> None:
    """The stories only the JavaScript-only listing shows: newest of the base, new ids."""
    seed = D.JS_LISTING_SEED
    used = {a.title for a in arts} | {t for a in arts for t in a.old_titles}
    used |= {p for a in arts for p in [a.path, *a.old_paths]}
    cur = max(int(a.id) for a in arts)
    for i in range(seed["count"]):
        rng = random.Random(f"js-listing:{i}")
        published = JS_START + timedelta(minutes=37 * i, seconds=rng.randint(0, 59))
        a = make_article(seed, i, rng, used, published=published)
        a.js_only = True
        cur += rng.randint(120, 480)
        a.id = str(cur)
        arts.append(a)


def add_extra(arts: list[Art], n: int) -> None:
    used = {a.title for a in arts} | {t for a in arts for t in a.old_titles}
    used |= {p for a in arts for p in [a.path, *a.old_paths]}
    cur = max(int(a.id) for a in arts)
    by_section = {s["section"]: s for s in reversed(D.SEEDS) if not s.get("widget_only")}
    more = {key: MoreTitles(templates) for key, templates in D.EXTRA_TITLES.items()}
    for i in range(n):
        seed = by_section[D.EXTRA_SECTIONS[i % len(D.EXTRA_SECTIONS)]]
        rng = random.Random(f"extra:{i}")
        published = EXTRA_START + timedelta(minutes=53 * i, seconds=rng.randint(0, 59))
        a = make_article(seed, 1000 + i, rng, used, published, more[seed["key"]])
        a.key = f"extra:{i}"
        a.extra = True
        # Post ids: 1,001-1,900 apart, then closer (40-140) so that they keep 7 digits
        # up to ~70,000 extra stories (builds that big did not exist before).
        cur += (1000 + rng.randint(1, 900)) if i < 1000 else rng.randint(40, 140)
        a.id = str(cur)
        arts.append(a)


def apply_edits(arts: list[Art], edited_ids: Sequence[str]) -> None:
    by_id = {a.id: a for a in arts}
    used = {a.title for a in arts} | {t for a in arts for t in a.old_titles}
    used |= {p for a in arts for p in [a.path, *a.old_paths]}
    for k, aid in enumerate(edited_ids):
        if aid not in by_id:
            raise ValueError(f"unknown article id to edit: {aid}")
        a = by_id[aid]
        rng = random.Random(f"edit:{aid}:{k}")
        a.updated = EDIT_START + timedelta(minutes=47 * k, seconds=13)
        if a.shape is not None:  # no text to add to: a new date, and maybe a new title
            if k == 0:
                t = "Update: " + a.title
                used.update((t, a.path_for(t)))
                a.old_titles.append(a.title)
                a.title = t
            continue
        fl = Filler(a.seed, rng, a.published)
        text = style_text(
            fl.sentence(D.UPDATE_SENTENCES) or "This story has been updated.", a.style
        )
        a.blocks.append(("p", para_html(text, a.style, rng, a.seed), text))
        if k == 0:
            for _ in range(300):
                t = fl.title(rng.choice(a.seed["titles"]))
                if t not in used and a.path_for(t) not in used:
                    break
            else:
                t = "Update: " + a.title
            used.update((t, a.path_for(t)))
            a.old_titles.append(a.title)
            a.title = t


def resolve_links(arts: list[Art]) -> None:
    """Point read-more paragraphs and related boxes at older stories."""
    ordered = sorted(arts, key=lambda a: (a.published, a.id))
    # The older stories a link may point to, oldest first: all of them (for extra stories)
    # or the base ones only, and the same by section. Grown as the loop goes.
    pools: dict[bool, list[Art]] = {True: [], False: []}
    by_section: dict[bool, dict[str, list[Art]]] = {True: {}, False: {}}
    for a in ordered:
        rng = random.Random(f"links:{a.id}")
        pool = pools[a.extra]
        same = by_section[a.extra].get(a.section.path) or pool
        blocks: list[tuple[Any, ...]] = []
        for b in a.blocks:
            if b[0] == "readmore":
                if not same:
                    continue
                blocks.append(("readmore", b[1], rng.choice(same[-12:])))
            elif b[0] == "related":
                if len(same) < 2:
                    continue
                blocks.append(("related", rng.sample(same[-10:], 2)))
            else:
                blocks.append(b)
        a.blocks = blocks
        if not a.widget_only and not a.js_only:
            for extra in (True, False) if not a.extra else (True,):
                pools[extra].append(a)
                by_section[extra].setdefault(a.section.path, []).append(a)


# --------------------------------------------------------------------------- expected item


def body_paragraphs(a: Art) -> list[str]:
    out: list[str] = []
    for b in a.blocks:
        if b[0] == "p":
            t = unicodedata.normalize("NFC", fold(b[2]))
        elif b[0] == "h":
            t = unicodedata.normalize("NFC", fold(b[3]))
        else:
            continue
        if t:
            out.append(t)
    return out


def body_text(a: Art) -> str:
    """The expected body: ``""`` for a story without text paragraphs."""
    return "\n\n".join(body_paragraphs(a))


def word_count(a: Art) -> int:
    return len(body_text(a).split())


def read_minutes(a: Art) -> int | None:
    """The "N Min Read" the page shows, if any."""
    if a.shape is not None:
        return a.shape.read_time
    if a.kind in ("news", "articles"):
        return max(1, math.ceil(word_count(a) / 200))
    return None


def article_images(a: Art) -> list[Img]:
    imgs: list[Img] = []
    if a.main_image:
        imgs.append(a.main_image)
    imgs.extend(a.gallery)
    imgs.extend(b[1] for b in a.blocks if b[0] == "figure")
    out: list[Img] = []
    seen: set[str] = set()
    for i in imgs:
        if i.big not in seen:
            seen.add(i.big)
            out.append(i)
    return out


def classes(a: Art) -> list[dict[str, str]]:
    entries = [("posttype", a.section.posttype), ("category", a.section.label)]
    if a.region:
        entries.append(("country", a.region))
    if a.coverage:
        entries.append(("coverage", a.coverage))
    entries.extend(("author", n) for n in a.authors)
    return [{"key": f"class{i + 1}", "mapping": m, "value": v} for i, (m, v) in enumerate(entries)]


def expected_item(a: Art) -> dict[str, Any]:
    body = body_text(a)
    wc = word_count(a)
    shown = read_minutes(a)
    tags: list[str] = []
    for t in a.keywords.split(","):
        t = t.strip()
        if t and t not in tags:
            tags.append(t)
    item: dict[str, Any] = {
        "article_id": a.id,
        "url": a.url,
        "title": a.title,
        "summary": a.lead or None,
        "authors": a.byline_names,
        "source": a.source,
        "published_at": utc_iso(a.published),
        "published_at_raw": beirut_iso(a.published),
        "modified_at": utc_iso(a.updated),
        "modified_at_raw": beirut_iso(a.updated),
        "post_type": a.section.posttype,
        "section": a.section.label,
        "region": a.region,
        "coverage": a.coverage,
        "tags": tags,
        "body": body,
        "word_count": wc,
        "reading_time": shown if shown is not None else (math.ceil(wc / 200) if wc else None),
        "images": [
            {"url": i.big, "caption": i.caption, "credit": i.credit} for i in article_images(a)
        ],
        "image_url": with_query(a.thumb, 600) if a.thumb else None,
        "video_duration": a.video["duration"] if a.video else None,
        "language": "en",
        "content_hash": content_hash(a.title, body),
        # The page parsed on its own: no listing showed it (see the manifest's found_in).
        "found_in": [],
    }
    missing = set(ARTICLE_FIELDS) - {"scraped_at", "revision"} - set(item)
    assert not missing, missing
    for name in list(item):
        if name not in ARTICLE_FIELDS:
            del item[name]
    return item


# --------------------------------------------------------------------------- page chrome


def rocket_script(body: str) -> str:
    return f'<script type="{ROCKET}-text/javascript">\n{body}\n</script>'


def menu_href(path: str) -> str:
    return abs_url(path) if path in ABSOLUTE_MENU_LINKS else path


def render_header(js_listing: bool = False) -> str:
    def dropdown(label: str, href: str | None, subs: list[tuple[str, str]]) -> str:
        a = (
            f'<a href="{menu_href(href)}">{esc(label)}</a>'
            if href
            else f'<a class="dropdown-toggle">{esc(label)}</a>'
        )
        items = "\n".join(
            f'<li>\n<a href="{menu_href(p)}">{esc(lbl)}</a>\n</li>' for lbl, p in subs
        )
        return (
            f'<li class="nav_item has_dropdown">\n{a}\n<div class="mega_nav">\n<div class="mega_navigation">\n'
            f'<div class="nav_wrappper">\n<nav class="nav_wrap">\n<ul>\n{items}\n</ul>\n</nav>\n</div>\n</div>\n</div>\n</li>'
        )

    def plain(label: str, path: str, extra: str = "") -> str:
        return (
            f'<li class="nav_item{extra}">\n<a href="{menu_href(path)}">\n{esc(label)}\n</a>\n</li>'
        )

    news_subs = [*NEWS_SUBS, (JS_LISTING.label, JS_LISTING.path)] if js_listing else NEWS_SUBS
    main = "\n".join(
        [
            dropdown("News", "/news", news_subs),
            dropdown("Articles", "/articles", ARTICLES_SUBS),
            dropdown("Videos", "/videos", VIDEOS_SUBS),
            plain("Infographs", "/infographs"),
            plain("In Pictures", "/in-pictures"),
            plain("LIVE", "/live", " live-link"),
            dropdown("Regions", None, REGIONS),
        ]
    )
    mobile = "\n".join(
        f'<li class="nav_item">\n<a href="{p}">{esc(lbl)}</a>\n</li>'
        for lbl, p in [*news_subs, *ARTICLES_SUBS]
    )
    search_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50" width="50px" height="50px">'
        '<path d="M 21 3 C 11.6 3 4 10.6 4 20 C 4 29.4 11.6 37 21 37 C 24.7 37 28.1 35.8 30.9 33.8 L 44.1 46.9 '
        'L 46.9 44.1 L 33.9 31.1 C 36.5 28.1 38 24.2 38 20 C 38 10.6 30.4 3 21 3 Z"></path></svg>'
    )
    return f"""<header id="header" class="header">
<div class="container">
<div class="innerheader">
<div class="left_col">
<div class="logo_megaNav">
<div class="logo themed-logo">
<a href="/">
<span class="lightlogo">
<img src="/mdn2023/images/lightlogo-en.svg?v=3" alt="Site Logo">
</span>
</a>
</div>
</div>
<div class="navigation_menu">
<nav class="navbar">
<div class="main_link">
<div class="mini-search-container nav_mobile hide_in_desktop">
<div class="mini-search">
<form action="/Search" method="get">
<input class="search_field" type="text" placeholder="Search" id="search_text" name="q">
<button class="search-click menu_link" type="submit">
<span class="search-click svg_icon" aria-label="search icon">
{search_svg}
</span>
</button>
</form>
</div>
</div>
<ul class="main_link">
{main}
<li class="submenu_navigation hide_in_desktop">
<ul>
{mobile}
</ul>
</li>
</ul>
</div>
</nav>
</div>
</div>
<div class="right_col">
<div class="head_contols hide_in_mobile">
<div class="language">
<a href="https://www.almayadeen.net/" target="_blank">AR</a>
<a href="https://espanol.almayadeen.net/" target="_blank">ES</a>
</div>
<div class="theme_wrap">
<input type="checkbox" class="theme_switch" id="toggle" name="query" value>
</div>
</div>
</div>
</div>
</div>
</header>"""


def render_ticker(items: list[Art]) -> str:
    lis = "\n".join(
        f'<div class="ticker__item">\n<a href="{a.path}">{esc(a.title)}</a>\n</div>' for a in items
    )
    return f"""<section class="ticker-section light_bg pd-bottom-10">
<div class="container">
<div class="breaking-ticker">
<span>BREAKING</span>
<div class="ticker-wrap">
{lis}
</div>
</div>
</div>
</section>"""


FOOTER = """<footer id="footer" class="footer">
<div class="container">
<div class="footer_top_menu">
<div class="footer_menu">
<div class="logo white">
<a href="/">
<span>
<img src="/mdn2023/images/default1.2.png" data-src="/mdn2023/images/main_logo_en.svg?format=webp&amp;v=2" class="lozad" alt="Site Logo">
</span>
</a>
</div>
<ul>
<li>
<a href="/privacy-policy">
Privacy Policy
</a>
</li>
<li>
<a href="/about-us">
About Us
</a>
</li>
<li>
<a href="/contact-us">
Contact Us
</a>
</li>
<li>
<a href="/authors">
Authors
</a>
</li>
<li>
<a href="https://www.almayadeen.net/">
Al Mayadeen Arabic
</a>
</li>
<li>
<a href="https://espanol.almayadeen.net/">
Al Mayadeen Español
</a>
</li>
</ul>
</div>
</div>
<div class="footer_middle_menu">
<p>
Al Mayadeen English is the English-language service of an independent Arab media network based in Beirut.
</p>
<div class="footer_note">
Available on Apple and Android devices
<div class="btn_wrapper">
<a class="btn" target="_blank" href="https://play.google.com/store/apps/details?id=net.almayadeen.english">
<span>Google Play</span>
</a>
<a class="btn" target="_blank" href="https://apps.apple.com/us/app/al-mayadeen-english/id1600000000">
<span>App Store</span>
</a>
</div>
</div>
</div>
<div class="footer_bottom">
<p>&copy; 2025 Al Mayadeen English. All rights reserved.</p>
</div>
</div>
</footer>"""

BODY_END_SCRIPTS = (
    rocket_script(
        'var JS_RESOURCES = { LazyLoad: true, Lang: "en" };\n'
        "function initLoadMore() { /* see the site bundle: GetMore + pathname when ismain */ }"
    )
    + f'\n<script src="{ROCKET_SRC}" data-cf-settings="{ROCKET}-|49" defer></script>'
    + '\n<script defer src="https://static.cloudflareinsights.com/beacon.min.js/v84a3a4012de94ce1" '
    'data-cf-beacon=\'{"version":"2023.10.0","token":"0000000000000000"}\' crossorigin="anonymous"></script>'
)


def org_ld() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": SITE,
        "description": "Al Mayadeen English: news and analysis from the region and the world",
        "Logo": f"{HOST}/mdn2023/images/logo-en.png?format=webp",
        "url": f"{HOST}/",
    }


def website_ld() -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE,
        "url": f"{HOST}/",
        "inLanguage": "en",
        "publisher": org_ld(),
        "sameAs": [
            "https://twitter.com/MayadeenEnglish",
            "https://www.facebook.com/MayadeenEnglish",
        ],
        "potentialAction": {
            "@type": "SearchAction",
            "query-input": "required name=search_keyword",
            "target": f"{HOST}/search?q={{search_keyword}}",
        },
        "mainEntityOfPage": f"{HOST}/",
    }


def organization_ld(name: str, url: str) -> dict[str, Any]:
    d = {"@context": "https://schema.org", **org_ld()}
    d["identifier"] = url
    d["mainEntityOfPage"] = url
    return d


def itemlist_ld(name: str, url: str, arts: list[Art]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "itemListElement": [
            {
                "@type": "ListItem",
                "name": a.title,
                "description": a.lead,
                "position": i + 1,
                "url": a.url,
            }
            for i, a in enumerate(arts)
        ],
        "numberOfItems": len(arts),
        "url": url,
        "mainEntityOfPage": url,
    }


def head_html(
    *,
    title: str,
    description: str,
    postid: str,
    keywords: str,
    author: str,
    og_url: str,
    og_image: str,
    og_type: str,
    tawsiyat: dict[str, Any],
    jsonld: list[dict[str, Any]],
    canonical: bool,
    extra_meta: str = "",
) -> str:
    t = esc(title)
    d = esc(description)
    meta = f"""<title>{t} | {SITE}</title>
<meta charset="utf-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1" />
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<meta name="title" content="{t}" />
<meta name="description" content="{d}" />
<meta name="postid" content="{postid}" />
<meta name="keywords" content="{esc(keywords)}" />
<meta name="author" content="{esc(author)}" />
<meta name="generator" content="mangox" />
<meta property="fb:app_id" content="100000000000001" />
<meta property="og:site_name" content="{SITE}" />
<meta property="og:title" content="{t}" />
<meta property="og:description" content="{d}" />
<meta property="og:url" content="{esc(og_url)}" />
<meta property="og:locale" content="en" />
<meta property="og:image" content="{esc(og_image)}" />
<meta property="og:image:secure_url" content="{esc(og_image)}" />
<meta property="og:image:width" content="600" />
<meta property="og:image:height" content="350" />
<meta property="og:image:alt" content="{t}" />
<meta property="og:type" content="{og_type}" />
{extra_meta}<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:site" content="@MayadeenEnglish" />
<meta name="twitter:title" content="{t}" />
<meta name="twitter:description" content="{d}" />
<meta name="twitter:image" content="{esc(og_image)}" />
<meta name="twitter:image:alt" content="{t}" />
<meta itemprop="inLanguage" content="en" />
<meta itemprop="thumbnail" content="{esc(og_image)}" />"""
    if canonical:
        meta += f'\n<link rel="canonical" href="{esc(og_url)}" />'
    scripts = (
        '<script src="/cdn-cgi/apps/head/Qx3vE1b0Dd2mLw8nYc7aZ5pR9sT.js"></script>'
        f'<script id="tawsiyat-metadata" type="text/tawsiyat">{jdump(tawsiyat)}</script>\n'
        + "\n".join(f'<script type="application/ld+json">{jdump(j)}</script>' for j in jsonld)
    )
    gtag = rocket_script(
        "window.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\n"
        "gtag('js', new Date());\ngtag('config', 'G-EN0000000');"
    )
    return (
        f"<head>\n{meta}\n{scripts}\n"
        f'<script async src="https://www.googletagmanager.com/gtag/js?id=G-EN0000000" type="{ROCKET}-text/javascript"></script>\n'
        f'{gtag}\n<link rel="stylesheet" href="/mdn2023/css/main.min.css?v=4.2" />\n</head>'
    )


def page_tawsiyat(
    title: str, url: str, postid: str, description: str, updated: datetime | None
) -> dict[str, Any]:
    return {
        "type": "page",
        "postid": postid,
        "title": title,
        "url": url,
        "keywords": PAGE_KEYWORDS,
        "thumbnail": DEFAULT_SHARE,
        "video_duration": None,
        "word_count": "0",
        "lang": "en",
        "published_time": beirut_iso(PAGE_PUBLISHED),
        "last_updated": beirut_iso(updated or PAGE_PUBLISHED),
        "description": description,
        "author": SITE,
        "classes": [{"key": "class1", "mapping": "posttype", "value": "Pages"}],
        "html": "",
        "lite_url": "",
    }


def document(head: str, body: str, body_class: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en" dir="ltr" class="no_js">\n{head}\n'
        f'<body class="{body_class}" data-ismobile="false">\n{body}\n{BODY_END_SCRIPTS}\n</body>\n</html>\n'
    )


# --------------------------------------------------------------------------- cards


def href(a: Art, absolute: bool, path: str | None = None) -> str:
    p = path or a.path
    return abs_url(p) if absolute else p


def list_card(a: Art, pos: int, path: str | None = None) -> str:
    """A listing card: lazy image, category, title, date, sometimes authors."""
    absolute = pos % 3 == 2
    thumb = with_query(a.thumb, 400) if a.thumb else PLACEHOLDER
    rocket = (
        f'<script src="{ROCKET_SRC}" data-cf-settings="{ROCKET}-|49"></script>'
        if pos % 4 == 0
        else ""
    )
    authors = "".join(
        f'\n<a class="author-meta" href="/authors/{slugify(n)}">{esc(n)}</a>' for n in a.authors
    )
    duration = ""
    if a.video and a.video["duration"] is not None:
        m, s = divmod(a.video["duration"], 60)
        duration = f'\n<span class="duration">{m:02d}:{s:02d}</span>'
    return f"""<div class="item news-card" data-postid="{a.id}">
<div class="tab_item_bg">
<a href="{href(a, False, path)}">
{rocket}<img src="{PLACEHOLDER}" onerror="this.src=&#x27;{PLACEHOLDER}&#x27;" data-src="{esc(thumb)}" alt="{esc(a.title)}" title="{esc(a.title)}" class=" noresize optimal lozad lazyload " data-ratio="1.7" />
</a>
</div>
<div class="tab_item_info">
<a class="category-meta" href="{a.section.link}">{esc(a.section.label)}</a>
<a class="news-title" href="{href(a, absolute, path)}">
<h4>
{esc(a.title)} </h4>
</a>
<div class="day_time">
<span class="date">{card_date(a.published)}</span>{duration}
</div>{authors}
</div>
</div>"""


def most_read_card(a: Art, rank: int, path: str | None = None, title: str | None = None) -> str:
    return f"""<div class="most-read-item">
<span class="number">{rank}</span>
<div class="tab_item_info">
<a class="category-meta" href="{a.section.link}">{esc(a.section.label)}</a>
<a href="{href(a, rank % 2 == 0, path)}">
<p>{esc(title or a.title)}</p>
</a>
<span class="date">{card_date(a.published)}</span>
</div>
</div>"""


def read_next_card(a: Art) -> str:
    return f"""<div class="read-next-item">
<a class="category-meta" href="{a.section.link}">{esc(a.section.label)}</a>
<a href="{a.path}"><h4>{esc(a.title)}</h4></a>
</div>"""


def related_card(a: Art) -> str:
    thumb = with_query(a.thumb, 400) if a.thumb else PLACEHOLDER
    return f"""<div class="related-item">
<div class="tab_item_bg">
<a href="{a.path}"><img src="{PLACEHOLDER}" data-src="{esc(thumb)}" alt="{esc(a.title)}" class="lazyload" /></a>
</div>
<div class="tab_item_info">
<a href="{abs_url(a.path)}"><p>{esc(a.title)}</p></a>
</div>
</div>"""


def js_literal(obj: Any) -> str:
    """JSON as an ES5 literal that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


#: The inline script of the JavaScript-only listing: ES5 only (Splash runs an old QtWebKit:
#: no arrow functions, let/const, template literals or fetch). ``__POSTS__`` and the other
#: ``__NAME__`` marks are replaced by JSON literals.
JS_LISTING_SCRIPT = """(function () {
  var host = __HOST__;
  var base = __BASE__;
  var category = __CATEGORY__;
  var placeholder = __PLACEHOLDER__;
  var posts = __POSTS__;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var name, i, child;
    for (name in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, name)) {
        node.setAttribute(name, attrs[name]);
      }
    }
    for (i = 0; children && i < children.length; i++) {
      child = children[i];
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function card(post, pos) {
    var path = base + post.slug;
    var titleHref = (pos % 3 === 2 ? host : "") + path;
    var image = el("img", {
      "src": placeholder,
      "data-src": post.thumb || placeholder,
      "alt": post.title,
      "title": post.title,
      "class": " noresize optimal lozad lazyload ",
      "data-ratio": "1.7"
    });
    return el("div", {"class": "item news-card", "data-postid": post.id}, [
      el("div", {"class": "tab_item_bg"}, [el("a", {"href": path}, [image])]),
      el("div", {"class": "tab_item_info"}, [
        el("a", {"class": "category-meta", "href": category.href}, [category.label]),
        el("a", {"class": "news-title", "href": titleHref}, [el("h4", {}, [post.title])]),
        el("div", {"class": "day_time"}, [el("span", {"class": "date"}, [post.date])])
      ])
    ]);
  }

  function render() {
    var list = document.getElementById(__LIST_ID__);
    var i;
    if (!list || list.getAttribute("data-rendered") === "true") {
      return;
    }
    for (i = 0; i < posts.length; i++) {
      list.appendChild(card(posts[i], i));
    }
    list.setAttribute("data-rendered", "true");
  }

  if (document.getElementById(__LIST_ID__)) {
    render();
  } else {
    document.addEventListener("DOMContentLoaded", render, false);
  }
})();"""


def js_listing_script(arts: list[Art]) -> str:
    """The inline script that writes the JavaScript-only listing's cards (newest first)."""
    posts = [
        {
            "id": a.id,
            "slug": a.slug,
            "title": a.title,
            "date": card_date(a.published),
            "thumb": with_query(a.thumb, 400) if a.thumb else None,
        }
        for a in arts
    ]
    values = {
        "__HOST__": HOST,
        "__BASE__": JS_LISTING.path + "/",
        "__CATEGORY__": {"label": JS_LISTING.label, "href": JS_LISTING.link},
        "__PLACEHOLDER__": PLACEHOLDER,
        "__LIST_ID__": JS_LISTING_LIST_ID,
        "__POSTS__": posts,
    }
    body = JS_LISTING_SCRIPT
    for mark, value in values.items():
        body = body.replace(mark, js_literal(value).replace("\n", "\n  "))
    return f'<script type="text/javascript" id="js-listing-script">\n{body}\n</script>'


# --------------------------------------------------------------------------- the site


class Site:
    def __init__(self, arts: list[Art], js_listing: bool = False) -> None:
        self.arts = arts
        self.by_id = {a.id: a for a in arts}
        ordered = sorted(arts, key=lambda a: (a.published, a.id), reverse=True)
        # Stories of the JavaScript-only listing are shown nowhere else.
        self.js_only = [a for a in ordered if a.js_only]
        self.newest = [a for a in ordered if not a.js_only]
        self.visible = [a for a in self.newest if not a.widget_only]
        self.header = render_header(js_listing)
        self.ticker = render_ticker([a for a in self.visible if a.kind == "news"][:6])
        rng = random.Random("most-read")
        picks = rng.sample(self.visible[:40], 7)
        self.most_read: list[tuple[Art, str | None, str | None]] = [(a, None, None) for a in picks]
        # Stale links of re-titled stories (the widget caches the old address and title).
        for a in sorted(arts, key=lambda a: a.id):
            for p, t in zip(a.old_paths, a.old_titles, strict=False):
                self.most_read.insert(2, (a, p, t))
        self.most_read = self.most_read[:9]
        self.listing_members: dict[str, list[Art]] = {}
        for lst in LISTINGS:
            self.listing_members[lst.path] = [
                a for a in self.visible if self.in_listing(a, lst.path)
            ]
        # Indexes for the side widgets (Read Next, Coverage), so that an article page costs
        # the same whatever the size of the site: visible stories newest first, grouped.
        self.by_section: dict[str, list[Art]] = {}
        self.news: list[Art] = []
        self.by_coverage: dict[str, list[Art]] = {}
        for a in self.visible:
            self.by_section.setdefault(a.section.path, []).append(a)
            if a.kind == "news":
                self.news.append(a)
            if a.coverage:
                top = self.by_coverage.setdefault(a.coverage, [])
                if len(top) < 5:
                    top.append(a)
        # The same lists oldest first, as (published, id) keys, for bisecting.
        self.keys_up = {
            name: [(x.published, x.id) for x in reversed(arts)]
            for name, arts in [*self.by_section.items(), ("news", self.news)]
        }

    def read_next(self, a: Art) -> list[Art]:
        """The 4 stories of a's section just older than a (newest first), topped up with
        the section's newest ones when fewer are older; the newest News for js_only ones."""
        if a.js_only:  # the other News stories, never its JavaScript-only siblings
            same, keys = self.news, self.keys_up["news"]
        else:
            same = self.by_section.get(a.section.path, [])
            keys = self.keys_up.get(a.section.path, [])
        n_older = bisect.bisect_left(keys, (a.published, a.id))
        cut = len(same) - n_older  # same[cut:] are older than a, same[:cut] newer or a
        older = same[cut : cut + 4]
        newer = [x for x in same[: min(cut, 5 - len(older))] if x.id != a.id]
        return older + newer[: 4 - len(older)]

    @staticmethod
    def in_listing(a: Art, path: str) -> bool:
        if a.region and REGION_PATH[a.region] == path:
            return True
        if a.section.top == path:
            return True
        return a.section.path == path

    def chrome(self, main: str) -> str:
        return f"{self.header}\n{self.ticker}\n{main}\n{FOOTER}"

    @functools.cached_property
    def most_read_html(self) -> str:
        mr = "\n".join(most_read_card(x, i + 1, p, t) for i, (x, p, t) in enumerate(self.most_read))
        return f'<div class="widget most-read">\n<div class="section_head"><h2>Most Read</h2></div>\n{mr}\n</div>'

    def aside(self, a: Art | None) -> str:
        parts = [self.most_read_html]
        if a is not None:
            if a.coverage:
                cov = [x for x in self.by_coverage.get(a.coverage, []) if x.id != a.id][:4]
                if cov:
                    cards = "\n".join(read_next_card(x) for x in cov)
                    parts.append(
                        f'<div class="widget coverage">\n<div class="section_head"><h2>Coverage: {esc(a.coverage)}</h2></div>\n{cards}\n</div>'
                    )
            cards = "\n".join(read_next_card(x) for x in self.read_next(a))
            parts.append(
                f'<div class="widget read-next">\n<div class="section_head"><h2>Read Next</h2></div>\n{cards}\n</div>'
            )
        return '<aside class="side-widgets">\n' + "\n".join(parts) + "\n</aside>"

    # ----------------------------------------------------------------- article page

    def article_page(self, a: Art) -> str:
        sec = a.section
        post_meta = []
        if a.byline and a.house:
            post_meta.append(f'<span class="author">By {SITE}</span>')
        elif a.byline:
            links = [f'<a href="/authors/{slugify(n)}">{esc(n)}</a>' for n in a.authors]
            post_meta.append(f'<span class="author">By {" and ".join(links)}</span>')
        if a.source:
            src = f'<span class="source">Source: {esc(a.source)}</span>'
            post_meta.insert(0 if a.style["source_first"] else 1, src)
        post_meta.append(f'<span class="post-date">{shown_datetime(a.published)}</span>')
        minutes = read_minutes(a)
        if minutes is not None:
            post_meta.append(f'<span class="read-time">{minutes} Min Read</span>')
        parts = [f'<a class="category-meta" href="{sec.link}">{esc(sec.label)}</a>']
        if a.shape.h1 if a.shape else a.kind != "videos":
            parts.append(f'<h1 class="main-title">\n{esc(a.title)}\n</h1>')
        if a.video and a.video["player"]:
            v = a.video
            if v["youtube"]:
                player = (
                    f'<iframe src="https://www.youtube.com/embed/{v["youtube"]}?rel=0" title="YouTube video player" '
                    'frameborder="0" allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe>'
                )
            else:
                player = (
                    f'<video controls preload="none" poster="{esc(with_query(a.thumb or "", 1000))}">'
                    f'<source src="{esc(v["file"])}" type="video/mp4"></video>'
                )
            parts.append(f'<div class="video-player">\n{player}\n</div>')
        parts.append('<div class="post-meta">\n' + "\n".join(post_meta) + "\n</div>")
        if a.lead and (a.shape is None or a.shape.lead_shown):
            parts.append(f'<p class="lg_para summary">{text_html(a.lead, a.style)}</p>')
        if a.main_image:
            parts.append(self.figure(a.main_image, "main-image"))
        if a.gallery:
            figs = "\n".join(self.figure(g, "gallery-item") for g in a.gallery)
            parts.append(f'<div class="gallery-wrap">\n{figs}\n</div>')
        if a.shape is None or a.shape.content != "absent":
            blocks = "\n".join(self.block(a, b) for b in a.blocks)
            parts.append(f'<div class="p-content">\n{blocks}\n</div>')
        if a.tags:
            tl = " ".join(f'<a href="/tags/{url_quote(t)}">{esc(t)}</a>' for t in a.tags)
            parts.append(f'<div class="tags-list">\n{tl}\n</div>')
        main = (
            '<main id="main">\n<section class="details-section">\n<div class="container">\n'
            '<div class="details-white-box">\n'
            + "\n".join(parts)
            + "\n</div>\n</div>\n</section>\n"
            + self.aside(a)
            + "\n</main>"
        )
        return document(self.article_head(a), self.chrome(main), f"article-page {a.kind}")

    @staticmethod
    def figure(img: Img, cls: str) -> str:
        cap = ""
        if img.show_caption and (img.caption or img.credit):
            text = esc(img.caption or "")
            if img.credit:
                text = f"{text} ({esc(img.credit)})"
            cap = f'\n<figcaption class="media-caption">{text}</figcaption>'
        return (
            f'<figure class="{cls}">\n<img src="{PLACEHOLDER}" data-src="{esc(img.big)}" alt="{esc(img.alt)}" '
            f'class="lazyload">{cap}\n</figure>'
        )

    def block(self, a: Art, b: tuple[Any, ...]) -> str:
        kind = b[0]
        if kind == "p":
            return f"<p>{b[1]}</p>"
        if kind == "h":
            return f"<{b[1]}>{b[2]}</{b[1]}>"
        if kind == "readmore":
            t: Art = b[2]
            link = abs_url(t.path) if int(t.id) % 2 else t.path
            return f'<p>{D.READ_MORE_PREFIXES[b[1]]}<a href="{link}">{esc(t.title)}</a></p>'
        if kind == "related":
            cards = "\n".join(related_card(x) for x in b[1])
            return f'<div class="dual-related">\n<h3>Related News</h3>\n{cards}\n</div>'
        if kind == "figure":
            return self.figure(b[1], "image-block")
        if kind == "tweet":
            text, name, handle = b[1]
            d = a.published.astimezone(BEIRUT)
            return (
                f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{esc(text)}</p>&mdash; {esc(name)} '
                f'(@{handle}) <a href="https://twitter.com/{handle}/status/{a.id}0001">{d:%B} {d.day}, {d.year}</a></blockquote>'
                f'<script async src="https://platform.twitter.com/widgets.js" charset="utf-8" type="{ROCKET}-text/javascript"></script>'
            )
        if kind == "ad":
            return '<div class="ads-placeholder inline-ad">Advertisement</div>'
        if kind == "empty":
            return "<p>&nbsp;</p>"
        if kind == "iframe":
            return f'<p><iframe src="https://www.youtube.com/embed/{b[1]}" width="560" height="315" frameborder="0"></iframe></p>'
        if kind == "embed":
            return (
                f'<iframe src="https://www.youtube.com/embed/{b[1]}?rel=0" title="YouTube video player" '
                'width="100%" height="480" frameborder="0" allowfullscreen></iframe>'
            )
        raise ValueError(kind)

    def article_head(self, a: Art) -> str:
        wc = word_count(a) + len(a.lead.split())
        thumb = with_query(a.thumb, 600) if a.thumb else ""
        taw = {
            "type": "article",
            "postid": a.id,
            "title": a.title,
            "url": a.url,
            "keywords": a.keywords,
            "thumbnail": thumb,
            "video_duration": str(a.video["duration"])
            if a.video and a.video["duration"] is not None
            else None,
            "word_count": "0" if a.video or a.shape else str(wc),
            "lang": "en",
            "published_time": beirut_iso(a.published),
            "last_updated": beirut_iso(a.updated),
            "description": a.lead,
            "author": a.author_display,
            "classes": classes(a),
            "html": "",
            "lite_url": "",
        }
        if a.video:
            v = a.video
            main_ld: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "VideoObject",
                "name": a.title,
                "description": a.lead,
                "thumbnailUrl": [with_query(a.thumb or "", 1000)],
                "uploadDate": naive7(a.published),
                **({} if v["duration"] is None else {"duration": duration_iso(v["duration"])}),
                "publisher": org_ld(),
                "inLanguage": "en",
            }
            if v["youtube"]:
                main_ld["embedUrl"] = f"https://www.youtube.com/embed/{v['youtube']}"
            else:
                main_ld["contentUrl"] = v["file"]
            main_ld["mainEntityOfPage"] = a.url
        else:
            author_ld: Any = (
                [
                    {"@type": "Person", "name": n, "url": abs_url(f"/authors/{slugify(n)}")}
                    for n in a.authors
                ]
                if a.authors
                else org_ld()
            )
            main_ld = {
                "@context": "https://schema.org",
                "@type": a.shape.jsonld_type
                if a.shape and a.shape.jsonld_type
                else a.section.ld_type,
                "headline": a.title,
                "description": a.lead,
                "datePublished": naive7(a.published),
                "dateModified": naive7(a.updated),
                **({"author": author_ld} if a.byline else {}),
                "publisher": org_ld(),
                "articleSection": a.section.label,
                "keywords": a.keywords,
                "inLanguage": "en",
                "wordCount": word_count(a),
                "url": a.url,
                "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
            }
            if main_ld["@type"] == "ImageGallery":
                main_ld["associatedMedia"] = [
                    {"@type": "ImageObject", "contentUrl": i.big, "caption": i.caption}
                    for i in a.gallery
                ]
            if a.thumb:
                main_ld["image"] = {
                    "@type": "ImageObject",
                    "url": with_query(a.thumb, 1000),
                    "width": 1000,
                }
        blocks = [website_ld(), main_ld, organization_ld(SITE, a.url)]
        order = [(0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)][
            a.style["jsonld_order"]
        ]
        extra_meta = ""
        meta = a.video["meta"] if a.video else "exact"
        if meta == "placeholder":
            extra_meta = (
                '<meta property="article:published_time" content="2024-01-01T00:00:00Z" />\n'
                '<meta property="article:modified_time" content="2024-01-01T00:00:00Z" />\n'
            )
        elif meta == "exact":
            extra_meta = (
                f'<meta property="article:published_time" content="{naive7(a.published)}" />\n'
                f'<meta property="article:modified_time" content="{naive7(a.updated)}" />\n'
                f'<meta property="article:section" content="{esc(a.section.label)}" />\n'
            )
        return head_html(
            title=a.title,
            description=a.lead,
            postid=a.id,
            keywords=a.keywords,
            author=a.author_display,
            og_url=a.url,
            og_image=with_query(a.thumb, 600) if a.thumb else DEFAULT_SHARE,
            og_type="video.other" if a.video else "article",
            tawsiyat=taw,
            jsonld=[blocks[i] for i in order],
            canonical=True,
            extra_meta=extra_meta,
        )

    # ----------------------------------------------------------------- listings

    def listing_page(self, lst: Listing) -> str:
        members = self.listing_members[lst.path]
        first = members[:PAGE_SIZE]
        url = abs_url(lst.path)
        cards = "\n".join(list_card(a, i) for i, a in enumerate(first))
        filt = f' data-filter="{esc(lst.filter)}"' if lst.filter else ""
        order = f' data-widgetorder="{lst.order}"' if lst.order else ""
        asyncw = ""
        if lst.path == "/in-pictures":
            asyncw = (
                '\n<section class="archive-widget">\n'
                f'<div class="asyncwidget" data-widgetid="{ASYNC_GALLERY["widgetid"]}" '
                f'data-widgetkey="{ASYNC_GALLERY["widget"]}" data-delay="0"></div>\n</section>'
            )
        main = f"""<main id="main">
<section class="listing-section light_bg">
<div class="container">
<div class="section_head title_tab_bar">
<div class="title font_45">
<h1>{esc(lst.label)}</h1>
</div>
</div>
<div class="ow-container"{filt}>
<div class="datalist">
{cards}
</div>
<div class="loadmoresection">
<div class="loadspinner" style="display:none"></div>
<a class="loadmorebtn" data-widgetid="{lst.widgetid}" data-widgetcode="{lst.widget}" data-nextpage="2" data-ismain="{"true" if lst.ismain else "false"}"{order}>More</a>
<div class="nodata" style="display:none">No more results</div>
</div>
</div>{asyncw}
</div>
</section>
{self.aside(None)}
</main>"""
        desc = f"The latest {lst.label} stories from {SITE}."
        updated = max((a.updated for a in members), default=None)
        lds = [website_ld(), itemlist_ld(lst.label, url, first), organization_ld(SITE, url)]
        if LISTINGS.index(lst) % 2:
            lds.reverse()
        head = head_html(
            title=lst.label,
            description=desc,
            postid=lst.postid,
            keywords=PAGE_KEYWORDS,
            author=SITE,
            og_url=url,
            og_image=DEFAULT_SHARE,
            og_type="website",
            tawsiyat=page_tawsiyat(lst.label, url, lst.postid, desc, updated),
            jsonld=lds,
            canonical=True,
        )
        return document(head, self.chrome(main), "listing-page")

    def js_listing_page(self) -> str:
        """News > Live Updates: an empty card list that an inline (ES5) script fills.

        The script holds the cards' data and builds each address from a base path and the
        story's slug, so the page's HTML has no link (nor JSON-LD ``ItemList``) to them.
        """
        lst = JS_LISTING
        url = abs_url(lst.path)
        main = f"""<main id="main">
<section class="listing-section light_bg">
<div class="container">
<div class="section_head title_tab_bar">
<div class="title font_45">
<h1>{esc(lst.label)}</h1>
</div>
</div>
<div class="ow-container">
<div class="datalist" id="{JS_LISTING_LIST_ID}"></div>
<noscript><p>Enable JavaScript to follow the live updates.</p></noscript>
</div>
{js_listing_script(self.js_only)}
</div>
</section>
{self.aside(None)}
</main>"""
        desc = f"The latest {lst.label} stories from {SITE}."
        updated = max((a.updated for a in self.js_only), default=None)
        head = head_html(
            title=lst.label,
            description=desc,
            postid=JS_LISTING_POSTID,
            keywords=PAGE_KEYWORDS,
            author=SITE,
            og_url=url,
            og_image=DEFAULT_SHARE,
            og_type="website",
            tawsiyat=page_tawsiyat(lst.label, url, JS_LISTING_POSTID, desc, updated),
            jsonld=[website_ld(), organization_ld(SITE, url)],
            canonical=True,
        )
        return document(head, self.chrome(main), "listing-page js-listing")

    def fragment(self, members: list[Art], page: int) -> str:
        chunk = members[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        if not chunk:
            return ""
        return (
            "\n".join(list_card(a, (page - 1) * PAGE_SIZE + i) for i, a in enumerate(chunk)) + "\n"
        )

    def widget_answer(self, title: str, arts: list[Art]) -> str:
        cards = "\n".join(list_card(a, i) for i, a in enumerate(arts))
        return (
            f'<section class="widget-section">\n<div class="ow-container">\n<div class="section_head"><h2>{esc(title)}</h2></div>\n'
            f'<div class="datalist">\n{cards}\n</div>\n</div>\n</section>\n'
        )

    # ----------------------------------------------------------------- home & others

    def home_page(self) -> tuple[str, list[Art]]:
        latest = self.visible[:16]
        opinion = list(
            islice(
                (
                    a
                    for a in self.visible
                    if a.section.path in ("/articles/opinion", "/articles/analysis")
                ),
                4,
            )
        )
        videos = list(islice((a for a in self.visible if a.kind == "videos"), 4))
        pics = list(islice((a for a in self.visible if a.kind == "gallery"), 3))
        read_next = list(
            islice((a for a in self.visible if a.kind == "articles" and a not in opinion), 6)
        )

        def block(title: str, link: str, arts: list[Art], cls: str) -> str:
            cards = "\n".join(list_card(a, i + 1) for i, a in enumerate(arts))
            return (
                f'<section class="{cls}">\n<div class="container">\n<div class="section_head">\n<div class="title font_45 title_hover">\n'
                f'<a href="{link}">\n<h2> {esc(title)} </h2>\n</a>\n</div>\n</div>\n<div class="tab_content_wrapper">\n{cards}\n</div>\n</div>\n</section>'
            )

        rn = "\n".join(most_read_card(a, i + 1) for i, a in enumerate(read_next))
        main = "\n".join(
            [
                '<main id="main">',
                block("Latest", "/news", latest, "featured-news"),
                block("Opinion & Analysis", "/articles", opinion, "opinion-sec"),
                block("Videos", "/videos", videos, "videos-sec"),
                block("In Pictures", "/in-pictures", pics, "pictures-sec"),
                f'<section class="coverage-sec">\n<div class="asyncwidget" data-widgetid="{ASYNC_HOME["widgetid"]}" '
                f'data-widgetkey="{ASYNC_HOME["widget"]}"></div>\n</section>',
                self.aside(None),
                f'<div class="widget read-next home-read-next">\n<div class="section_head"><h2>Read Next</h2></div>\n{rn}\n</div>',
                "</main>",
            ]
        )
        shown: list[Art] = []
        for a in [
            *latest,
            *opinion,
            *videos,
            *pics,
            *(x for x, _, _ in self.most_read),
            *read_next,
        ]:
            if a not in shown:
                shown.append(a)
        url = f"{HOST}/"
        desc = "Al Mayadeen English: breaking news, analysis, opinion and video from the Middle East and the world."
        webpage = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": "Home",
            "description": desc,
            "author": org_ld(),
            "publisher": org_ld(),
            "datePublished": naive7(PAGE_PUBLISHED),
            "dateModified": naive7(self.newest[0].updated),
            "inLanguage": "en",
            "url": url,
            "mainEntityOfPage": url,
        }
        head = head_html(
            title="Home",
            description=desc,
            postid=HOME_POSTID,
            keywords=PAGE_KEYWORDS,
            author=SITE,
            og_url=url,
            og_image=DEFAULT_SHARE,
            og_type="website",
            tawsiyat=page_tawsiyat("Home", url, HOME_POSTID, desc, self.newest[0].updated),
            jsonld=[
                website_ld(),
                webpage,
                itemlist_ld("Home", url, shown),
                organization_ld(SITE, url),
            ],
            canonical=False,
        )
        return document(head, self.chrome(main), "home-page"), shown

    def simple_page(
        self,
        path: str,
        title: str,
        postid: str,
        content: str,
        extra_lds: list[dict[str, Any]] | None = None,
    ) -> str:
        url = abs_url(path)
        main = (
            f'<main id="main">\n<section class="page-section">\n<div class="container">\n<h1>{esc(title)}</h1>\n'
            f"{content}\n</div>\n</section>\n</main>"
        )
        head = head_html(
            title=title,
            description=f"{title} - {SITE}",
            postid=postid,
            keywords=PAGE_KEYWORDS,
            author=SITE,
            og_url=url,
            og_image=DEFAULT_SHARE,
            og_type="website",
            tawsiyat=page_tawsiyat(title, url, postid, f"{title} - {SITE}", None),
            jsonld=[website_ld(), *(extra_lds or []), organization_ld(SITE, url)],
            canonical=True,
        )
        return document(head, self.chrome(main), "simple-page")


# --------------------------------------------------------------------------- writing


_made_dirs: set[Path] = set()  # folders this build has made (cleared by build())


def _write(path: Path, text: str) -> None:
    if path.parent not in _made_dirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        _made_dirs.add(path.parent)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


#: Builds with at least this many articles render their pages in parallel processes.
PARALLEL_MIN_ARTICLES = 2000


def _build_jobs(n_articles: int, jobs: int | None) -> int:
    """How many processes render article pages: 1 for small builds, without ``fork`` or
    while other threads run (a forked child would inherit their locks); else one a CPU."""
    if jobs is None:
        if n_articles < PARALLEL_MIN_ARTICLES or threading.active_count() > 1:
            return 1
        jobs = min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    if jobs > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, jobs)


def _write_articles(site: Site, site_dir: Path, arts: Sequence[Art]) -> None:
    """Each article page, at its address and its old ones, with its expected item."""
    for a in arts:
        page = site.article_page(a)
        expected = json.dumps(expected_item(a), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for p in [a.path, *a.old_paths]:
            _write(page_file(site_dir, p), page)
            _write(site_dir / (p.lstrip("/") + ".expected.json"), expected)


def write_articles(site: Site, site_dir: Path, arts: list[Art], jobs: int) -> None:
    """``_write_articles`` split over ``jobs`` processes (forked: they share the model)."""
    if jobs <= 1:
        _write_articles(site, site_dir, arts)
        return
    ctx = multiprocessing.get_context("fork")
    children = [
        ctx.Process(target=_write_articles, args=(site, site_dir, arts[k::jobs]), daemon=True)
        for k in range(1, jobs)
    ]
    for child in children:
        child.start()
    try:
        _write_articles(site, site_dir, arts[0::jobs])
    finally:
        for child in children:
            child.join()
    failed = [c.exitcode for c in children if c.exitcode != 0]
    if failed:
        raise RuntimeError(f"article writer processes failed (exit codes {failed})")


def page_file(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + ".html")


def all_authors(arts: list[Art]) -> dict[str, list[Art]]:
    out: dict[str, list[Art]] = {name: [] for name, _ in D.AUTHORS}
    for a in sorted(arts, key=lambda a: (a.published, a.id), reverse=True):
        if a.widget_only or a.js_only:
            continue
        for n in a.authors:
            out[n].append(a)
    return out


def build(
    out_dir: Path,
    extra_articles: int = 0,
    edited_ids: Sequence[str] = (),
    js_listing: bool = False,
    jobs: int | None = None,
) -> None:
    """Write the replica into ``out_dir``.

    ``extra_articles`` adds that many new stories (newest of all, at the top of
    their listings); ``edited_ids`` edits those stories (new ``last_updated``, an
    added body paragraph, none on a story without text); the first edited story also
    gets a new title and so a new slug, its old address still serving the page.
    ``js_listing`` adds the News > Live Updates menu entry, whose listing page writes
    its cards with an inline script, and the stories only it shows (``js_only`` in the
    manifest).
    ``jobs``: processes rendering the article pages (default: one a CPU for builds of
    ``PARALLEL_MIN_ARTICLES`` stories or more, else 1); the output does not depend on it.
    """
    out_dir = Path(out_dir)
    site_dir = out_dir / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    _made_dirs.clear()

    arts = generate_base()
    add_textless(arts)
    if js_listing:
        add_js_listing(arts)
    add_extra(arts, extra_articles)
    apply_edits(arts, edited_ids)
    resolve_links(arts)
    site = Site(arts, js_listing)

    # articles
    write_articles(site, site_dir, arts, _build_jobs(len(arts), jobs))

    # home
    home, _ = site.home_page()
    _write(site_dir / "index.html", home)

    # listings and their GetMore pages
    getmore: dict[str, Any] = {}
    sections_manifest: list[dict[str, Any]] = []
    for lst in LISTINGS:
        members = site.listing_members[lst.path]
        _write(page_file(site_dir, lst.path), site.listing_page(lst))
        pages = max(1, math.ceil(len(members) / PAGE_SIZE))
        for n in range(1, pages + 1):
            _write(site_dir / "_getmore" / lst.widgetid / f"{n}.html", site.fragment(members, n))
        filt = dict(kv.split("=", 1) for kv in lst.filter.split("&")) if lst.filter else {}
        getmore[lst.widgetid] = {
            "path": lst.path,
            "widget": lst.widget,
            "postid": lst.postid,
            "ismain": lst.ismain,
            "filter": filt,
            "pages": pages,
        }
        sections_manifest.append(
            {
                "label": lst.label,
                "path": lst.path,
                "menu": lst.menu,
                "pages": pages,
                "articles": len(members),
                "postid": lst.postid,
                "widgetid": lst.widgetid,
                "widget": lst.widget,
                "ismain": lst.ismain,
                "filter": lst.filter,
            }
        )
    if js_listing:
        _write(page_file(site_dir, JS_LISTING.path), site.js_listing_page())
        for entry in sections_manifest:
            entry["js"] = False
        last_news = max(i for i, e in enumerate(sections_manifest) if e["menu"] == "News")
        sections_manifest.insert(
            last_news + 1,
            {
                "label": JS_LISTING.label,
                "path": JS_LISTING.path,
                "menu": JS_LISTING.menu,
                "pages": 1,
                "articles": len(site.js_only),
                "postid": JS_LISTING_POSTID,
                "js": True,
            },
        )
    sections_manifest.append(
        {
            "label": "LIVE",
            "path": "/live",
            "menu": "LIVE",
            "pages": 0,
            "articles": 0,
            "postid": LIVE_POSTID,
            **({"js": False} if js_listing else {}),
        }
    )
    _write(
        site_dir / "_getmore" / "index.json", json.dumps(getmore, indent=2, sort_keys=True) + "\n"
    )

    # async widgets
    archive = [a for a in site.newest if a.widget_only]
    coverage = [a for a in site.visible if a.coverage == ASYNC_HOME["coverage"]][:6]
    widgets = {
        ASYNC_GALLERY["widgetid"]: {
            "widget": ASYNC_GALLERY["widget"],
            "postid": "1000162",
            "page": "/in-pictures",
            "article_ids": [a.id for a in archive],
        },
        ASYNC_HOME["widgetid"]: {
            "widget": ASYNC_HOME["widget"],
            "postid": HOME_POSTID,
            "page": "/",
            "article_ids": [a.id for a in coverage],
        },
    }
    _write(
        site_dir / "_widgets" / f"{ASYNC_GALLERY['widgetid']}.html",
        site.widget_answer("From the archive", archive),
    )
    _write(
        site_dir / "_widgets" / f"{ASYNC_HOME['widgetid']}.html",
        site.widget_answer(f"Coverage: {ASYNC_HOME['coverage']}", coverage),
    )
    _write(
        site_dir / "_widgets" / "index.json", json.dumps(widgets, indent=2, sort_keys=True) + "\n"
    )

    # authors, static pages, LIVE, 404
    by_author = all_authors(arts)
    author_links = "\n".join(
        f'<li><a href="/authors/{slugify(n)}">{esc(n)}</a></li>' for n, _ in D.AUTHORS
    )
    _write(
        page_file(site_dir, "/authors"),
        site.simple_page(
            "/authors", "Authors", "1000201", f'<ul class="authors-list">\n{author_links}\n</ul>'
        ),
    )
    for i, (name, blurb) in enumerate(D.AUTHORS):
        cards = "\n".join(list_card(a, j) for j, a in enumerate(by_author[name]))
        person = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": name,
            "description": blurb,
        }
        content = f'<p class="author-bio">{esc(blurb)}</p>\n<div class="datalist">\n{cards}\n</div>'
        _write(
            page_file(site_dir, f"/authors/{slugify(name)}"),
            site.simple_page(
                f"/authors/{slugify(name)}", name, str(1000501 + i), content, [person]
            ),
        )
    for path, title, pid, text in [
        (
            "/about-us",
            "About Us",
            "1000901",
            "Al Mayadeen English reports news, analysis and opinion from Beirut and beyond.",
        ),
        (
            "/privacy-policy",
            "Privacy Policy",
            "1000902",
            "This page describes how the site handles visitor data.",
        ),
        ("/contact-us", "Contact Us", "1000903", "Write to the newsroom through the form below."),
    ]:
        _write(page_file(site_dir, path), site.simple_page(path, title, pid, f"<p>{esc(text)}</p>"))
    live = (
        '<div class="live-player">\n<iframe src="https://www.youtube.com/embed/live_stream?channel=UC0000000000000000000000" '
        "allowfullscreen></iframe>\n</div>\n<p>Watch Al Mayadeen English live.</p>"
    )
    _write(page_file(site_dir, "/live"), site.simple_page("/live", "LIVE", LIVE_POSTID, live))
    _write(
        site_dir / "_404.html",
        site.simple_page(
            "/404", "Page not found", "1000404", "<p>The page you requested does not exist.</p>"
        ),
    )

    # robots and sitemaps
    _write(
        site_dir / "robots.txt",
        "User-agent: *\nDisallow: /Search\nDisallow: /search\nDisallow: /cdn-cgi/\n\n"
        f"Sitemap: {HOST}/sitemaps/all.xml\n",
    )
    months: dict[tuple[int, int], list[tuple[str, datetime]]] = {}
    for a in sorted(arts, key=lambda a: (a.published, a.id)):
        d = a.published.astimezone(BEIRUT)
        months.setdefault((d.year, d.month), []).append((a.path, a.updated))
    for name, _ in D.AUTHORS:
        written = by_author[name]
        if written:
            first = min(written, key=lambda a: (a.published, a.id))
            d = first.published.astimezone(BEIRUT)
            last = max(a.updated for a in written)
            months[(d.year, d.month)].append((f"/authors/{slugify(name)}", last))
    index_entries = []
    for (y, m), entries in sorted(months.items()):
        urls = "\n".join(
            f"<url><loc>{html.escape(abs_url(url_quote(p)))}</loc><lastmod>{beirut_iso(t)}</lastmod></url>"
            for p, t in entries
        )
        _write(
            site_dir / "sitemaps" / "all" / f"sitemap-{y}-{m}.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n',
        )
        last = max(t for _, t in entries)
        index_entries.append(
            f"<sitemap><loc>{HOST}/sitemaps/all/sitemap-{y}-{m}.xml</loc><lastmod>{beirut_iso(last)}</lastmod></sitemap>"
        )
    _write(
        site_dir / "sitemaps" / "all.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(index_entries)
        + "\n</sitemapindex>\n",
    )

    # urls.txt and manifest
    _write(out_dir / "urls.txt", "".join(u + "\n" for u in sorted(a.url for a in arts)))
    art_entries = []
    for a in sorted(arts, key=lambda a: a.id):
        secs: list[str] = []
        if a.widget_only:
            secs.append("/in-pictures")
        elif a.js_only:
            secs.append(JS_LISTING.path)
        else:
            for lst in LISTINGS:
                if Site.in_listing(a, lst.path):
                    secs.append(lst.path)
        entry = {
            "article_id": a.id,
            "url": a.url,
            "paths": [a.path, *a.old_paths],
            "sections": secs,
            "found_in": [JS_LISTING_TRAIL]
            if a.js_only
            else [TRAILS[p] for p in TRAILS if p in secs],
            "post_type": a.section.posttype,
            "section": a.section.path,
            "kind": a.manifest_kind,
            "has_text": bool(body_paragraphs(a)),
            "widget_only": a.widget_only,
            "extra": a.extra,
            "edited": a.id in edited_ids,
            "published": utc_iso(a.published),
        }
        if js_listing:
            entry["js_only"] = a.js_only
        art_entries.append(entry)
    manifest = {
        "host": HOST,
        "home_postid": HOME_POSTID,
        "articles": art_entries,
        "sections": sections_manifest,
        "async_widgets": [{"widgetid": k, **v} for k, v in sorted(widgets.items())],
    }
    _write(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--extra", type=int, default=0, help="add N invented articles (newest)")
    parser.add_argument("--edit", nargs="*", default=[], help="post ids of articles to edit")
    parser.add_argument(
        "--js-listing",
        action="store_true",
        help="add News > Live Updates, a listing whose cards only an inline script writes",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="processes rendering article pages (default: one a CPU for big builds)",
    )
    args = parser.parse_args(argv)
    build(
        args.out_dir,
        extra_articles=args.extra,
        edited_ids=tuple(args.edit),
        js_listing=args.js_listing,
        jobs=args.jobs,
    )
    print(args.out_dir / "site")


if __name__ == "__main__":
    main()
