"""The expected item of a story (the ``.expected.json`` beside its page), by the rules
in README.md "Conventions the expected JSON follows"."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from mayadeen.items import ARTICLE_FIELDS, content_hash

from .site_map import beirut_iso, fold, utc_iso, with_query
from .stories import Art, Img

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
        "language": a.edition.lang,
        "edition": a.edition.code,
        "content_hash": content_hash(a.title, body),
        # The page parsed on its own: no listing showed it (see the manifest's found_in).
        "found_in": [],
    }
    missing = set(ARTICLE_FIELDS) - {"scraped_at", "revision"} - set(item)
    assert not missing, missing
    # Other editions: the identity is the edition and the post id (English ids are bare).
    if a.edition.code != "en":
        item["article_id"] = f"{a.edition.code}:{a.id}"
    if a.dateless:  # the only date is the shown one (Beirut time, to the minute)
        item["published_at_raw"] = a.shown_date
        # No change stated: the publication date, and no raw value (as for every page).
        item["modified_at"], item["modified_at_raw"] = item["published_at"], None
    for name in list(item):
        if name not in ARTICLE_FIELDS:
            del item[name]
    return item
