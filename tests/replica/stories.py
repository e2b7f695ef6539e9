"""The invented stories: the model (``Art``), the text filler, and the expansion of
``description.py`` into every story of a build (base, without text, JavaScript-only, extra,
edited), with the deliberate awkward cases."""

# Generated text and markup read best one piece per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import bisect
import html
import random
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from . import description as D
from .edition import EN, Edition
from .site_map import (
    AR_MEDIA,
    BEIRUT,
    EDIT_START,
    END,
    EXTRA_START,
    JS_START,
    MANIFEST_KINDS,
    MEDIA,
    NEWSCAST,
    SECTIONS,
    SITE,
    START,
    YOUTUBE_ID_CHARS,
    Section,
    slugify,
    url_quote,
    with_query,
)

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
    edition: Edition = EN
    dateless: bool = False  # no published time in the metadata: only the shown date
    shown_date: str | None = None  # the visible date, when not ``edition.shown_datetime``
    url_kind: str | None = None  # the address form (Arabic edition: text, latestnews, ...)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    def path_for(self, title: str) -> str:
        prefix = self.prefix or ("/articles" if self.bare else self.section.path)
        return f"{prefix}/{self.edition.slugify(title)}"

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
        return self.edition.abs_url(self.path)

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
        return self.authors or [self.edition.site]

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
