"""The Arabic edition's stories: ``description_ar.py`` expanded into ``Art`` objects (the
model of ``stories.py``), with the Arabic edition's address kinds and awkward cases."""

# Generated text and markup read best one piece per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from . import description_ar as DA
from .site_map import AR_MEDIA, BEIRUT, YOUTUBE_ID_CHARS
from .site_map_ar import AR, LATESTNEWS, NEWSCAST, SECTIONS, shown_datetime
from .stories import Art, Img, PageShape, text_html

START = datetime(2023, 9, 3, 5, 0, 0, tzinfo=UTC)
END = datetime(2024, 2, 26, 20, 0, 0, tzinfo=UTC)
#: The month whose sitemap is served as gzip bytes under its ``.xml`` name.
GZIP_MONTH = (2023, 11)
FIRST_POSTID = 3104117

#: Stories (seed key, index) whose visible date uses Arabic-Indic digits though their
#: metadata has the times as usual.
INDIC_DATES = {("gaza", 1), ("lebanon", 2), ("opinion", 0)}
#: A story whose keywords repeat a tag and carry stray spaces.
MESSY_KEYWORDS = ("gaza", 0)
#: Text stories whose main figure has no caption / a caption without credit.
NO_CAPTION = {("fuel", 1), ("tech", 2)}
UNCREDITED = {("articles", 0), ("health", 1)}


def _image(rng: random.Random, when: datetime, ext: str = "jpg") -> str:
    d = when.astimezone(BEIRUT)
    u = uuid.UUID(int=rng.getrandbits(128), version=4)
    return f"{AR_MEDIA}/media/image/{d.year}/{d.month}/{d.day}/{u}.{ext}"


def _style(rng: random.Random) -> dict[str, Any]:
    return {
        "curly_apos": False,
        "quot": rng.random() < 0.5,
        "entities": "raw",
        "nbsp": False,
        "wrap": False,
        "jsonld_order": rng.randrange(6),
        "source_first": rng.random() < 0.3,
    }


def _para(text: str, style: dict[str, Any], rng: random.Random) -> tuple[str, str, str]:
    h = text_html(text, style)
    if rng.random() < 0.25 and " " in h:
        first, rest = h.split(" ", 1)
        h = f"<strong>{first}</strong> {rest}"
    return ("p", h, text)


def _date_prefix(kind: str, published: datetime) -> str:
    d = published.astimezone(BEIRUT)  # the Beirut date, as the site writes it
    return f"/{kind}/{d.year}/{d.month}/{d.day}"


def _new(
    seed: dict[str, Any],
    index: int,
    section_path: str,
    title: str,
    lead: str,
    published: datetime,
    rng: random.Random,
    authors: list[str],
    tags: list[str],
) -> Art:
    r = rng.random()
    updated = published if r < 0.4 else published + timedelta(seconds=rng.randint(120, 30 * 3600))
    country = seed.get("country")
    return Art(
        seed={**seed, "country_link": country[1] if country else None},
        index=index,
        key=f"ar:{seed['key']}:{index}",
        section=SECTIONS[section_path],
        title=title,
        lead=lead,
        published=published,
        updated=updated,
        authors=authors,
        source=None,
        tags=tags,
        keywords=",".join(tags),
        region=country[0] if country else None,
        coverage="العدوان على غزة" if seed["key"] in ("gaza", "video") else None,
        style=_style(rng),
        edition=AR,
    )


def generate_ar() -> list[Art]:
    """Every story of the Arabic replica, post ids set, related boxes resolved."""
    rng = random.Random("almayadeen-ar")
    span = int((END - START).total_seconds())
    stamps = sorted(START + timedelta(seconds=rng.randrange(span)) for _ in range(80))
    order = list(range(80))
    rng.shuffle(order)
    when = iter(stamps[i] for i in order)
    arts: list[Art] = []

    for seed in DA.SEEDS:
        key = seed["key"]
        section = SECTIONS[seed["section"]]
        for i, (title, lead) in enumerate(seed["stories"]):
            published = next(when)
            names = seed["authors"]
            authors = [names[i % len(names)]] if names else []
            a = _new(
                seed, i, seed["section"], title, lead, published, rng, authors, list(seed["tags"])
            )
            if (key, i) == MESSY_KEYWORDS:
                a.keywords = f"{seed['tags'][0]}, {seed['tags'][1]} ,{seed['tags'][0]}"
            if seed.get("source"):
                a.source = seed["source"][i % len(seed["source"])]
            if "subs" in seed:
                a.seed["sub"] = seed["subs"][i]
            if (key, i) in INDIC_DATES:
                a.shown_date = shown_datetime(published, indic=True)
            pool = seed["paragraphs"]
            if section.kind in ("news", "articles"):
                a.url_kind = "text"
                texts = rng.sample(pool, min(len(pool), rng.randint(3, 4)))
                if key == "culture" and i == 0 and DA.NON_NFC not in texts:
                    texts[-1] = DA.NON_NFC
                a.blocks = [_para(t, a.style, rng) for t in texts]
                img = Img(_image(rng, published), None, None, alt=title)
                if (key, i) not in NO_CAPTION:
                    img.caption = f"صورة من {a.section.label}: {title.split(':')[0][:30]}".strip()
                    img.credit = None if (key, i) in UNCREDITED else rng.choice(DA.CREDITS)
                a.main_image = img
                a.thumb = img.url
                if i % 2 == 1:
                    fig = Img(
                        _image(rng, published), "مشهد من المكان", rng.choice(DA.CREDITS), alt="مشهد"
                    )
                    a.blocks.insert(1, ("figure", fig))
                if i % 3 == 0:
                    a.blocks.insert(2, ("related", []))  # filled by _resolve
            elif section.kind == "videos":
                a.url_kind = "video"
                a.blocks = [_para(rng.choice(pool), a.style, rng)]
                youtube = "".join(rng.choice(YOUTUBE_ID_CHARS) for _ in range(11))
                a.video = {
                    "duration": None if i == 2 else rng.randint(60, 900),
                    "youtube": youtube if i % 2 == 0 else None,
                    "file": f"{AR_MEDIA}/media/video/{published.year}/{published.month}/{uuid.UUID(int=rng.getrandbits(128), version=4)}.mp4",
                    "meta": ["exact", "placeholder", "missing"][i % 3],
                    "player": True,
                }
                a.thumb = _image(rng, published)
            elif section.kind == "infographs":
                a.url_kind = "infograph"
                a.blocks = [_para(pool[i % len(pool)], a.style, rng)]
                credit = None if i == 1 else "الميادين نت"
                caption = None if i == 2 else title
                a.main_image = Img(_image(rng, published, "png"), caption, credit, alt=title)
                a.thumb = a.main_image.url
            else:  # gallery
                a.url_kind = "gallery"
                a.blocks = [_para(pool[i % len(pool)], a.style, rng)]
                caps = seed["captions"]
                a.gallery = [
                    Img(
                        _image(rng, published),
                        None if (i == 1 and k == 3) else caps[(i + k) % len(caps)],
                        None if k % 2 else rng.choice(DA.CREDITS),
                        alt=caps[(i + k) % len(caps)],
                    )
                    for k in range(4 + i % 2)
                ]
                if i == 0:
                    c = a.gallery[0]
                    a.main_image = Img(c.url, c.caption, c.credit, alt=title)
                a.thumb = a.gallery[0].url
            arts.append(a)

    latest_seed = {"key": "latestnews", "country": None}
    for i, (title, text) in enumerate(DA.LATESTNEWS):
        published = next(when)
        a = _new(latest_seed, i, LATESTNEWS.path, title, "", published, rng, [], ["عاجل"])
        a.prefix = _date_prefix("latestnews", published)
        a.url_kind = "latestnews"
        a.blocks = [_para(text, a.style, rng)]
        arts.append(a)

    cast_seed = {"key": "newscast", "country": None}
    for i, (title, lead, duration) in enumerate(DA.NEWSCASTS):
        published = next(when)
        a = _new(cast_seed, i, NEWSCAST.path, title, lead, published, rng, [], ["نشرات الأخبار"])
        a.prefix = _date_prefix("newscast", published)
        a.url_kind = "newscast"
        a.byline = i != 1
        content = ["absent", "iframe", "empty"][i]
        a.shape = PageShape(kind="video", h1=i == 0, lead_shown=bool(lead), content=content)
        youtube = "".join(rng.choice(YOUTUBE_ID_CHARS) for _ in range(11))
        a.video = {
            "duration": duration,
            "youtube": youtube,
            "file": "",
            "meta": ["missing", "placeholder", "exact"][i],
            "player": content == "absent",
        }
        a.blocks = [("iframe", youtube)] if content == "iframe" else []
        a.thumb = _image(rng, published)
        arts.append(a)

    health = next(s for s in DA.SEEDS if s["key"] == "health")
    published = next(when).replace(second=0)
    title, lead = DA.DATELESS
    a = _new(
        health,
        9,
        "/health",
        title,
        lead,
        published,
        rng,
        ["هالة الأيوبي"],
        ["صحة", "الأمم المتحدة"],
    )
    a.updated = published
    a.url_kind = "text"
    a.dateless = True
    a.shown_date = shown_datetime(published, indic=True)
    a.blocks = [_para(t, a.style, rng) for t in health["paragraphs"][:3]]
    a.main_image = Img(_image(rng, published), "مستشفى ميداني", "وكالات", alt=title)
    a.thumb = a.main_image.url
    arts.append(a)

    _assign_ids(arts)
    _resolve(arts)
    return arts


def _assign_ids(arts: list[Art]) -> None:
    """Post ids grow with publication time, except ``SHARED_POSTIDS``: those are English
    replica ids, given to the first stories of the first three seeds."""
    step = random.Random("ar-ids")
    pid = FIRST_POSTID
    for a in sorted(arts, key=lambda a: (a.published, a.key)):
        pid += step.randint(900, 4200)
        a.id = str(pid)
    shared = [a for a in arts if a.index == 0 and a.seed["key"] in ("gaza", "lebanon", "fuel")]
    for a, pid_ in zip(shared, DA.SHARED_POSTIDS, strict=True):
        a.id = pid_


def _resolve(arts: list[Art]) -> None:
    """Related boxes: two other stories of the same seed (newest first)."""
    for a in arts:
        for k, b in enumerate(a.blocks):
            if b[0] == "related":
                same = [x for x in arts if x.seed["key"] == a.seed["key"] and x is not a]
                same.sort(key=lambda x: (x.published, x.id), reverse=True)
                a.blocks[k] = ("related", same[:2])
