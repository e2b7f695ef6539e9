"""The Arabic edition's homepage (its blocks differ from the English one's); every other
page comes from ``templates.Site`` with ``site_map_ar.AR``."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from .stories import Art
from .templates import Site, home_block


def home_page(site: Site) -> tuple[str, list[Art]]:
    """The homepage (latest, articles and opinion, videos, culture, infographs, pictures,
    newscasts) and the stories it shows, in the order of its JSON-LD ``ItemList``."""
    vis = site.visible

    def pick(pred: Callable[[Art], bool], n: int) -> list[Art]:
        return list(islice((a for a in vis if pred(a)), n))

    latest = pick(lambda a: a.kind == "news" and a.url_kind == "text", 8)
    reads = pick(lambda a: a.kind == "articles", 5)
    videos = pick(lambda a: a.url_kind == "video", 4)
    culture = pick(lambda a: a.section.path == "/arts-culture", 3)
    infographs = pick(lambda a: a.url_kind == "infograph", 2)
    pics = pick(lambda a: a.url_kind == "gallery", 2)
    casts = pick(lambda a: a.url_kind == "newscast", 3)
    main = "\n".join(
        [
            '<main id="main">',
            home_block("آخر الأخبار", "/news", latest, "featured-grids home"),
            home_block("اقرأ", "/articles", reads, "read-section"),
            home_block("الفيديو", "/video", videos, "videos-sec"),
            home_block("ثقافة وفنون", "/arts-culture", culture, "culture-sec"),
            home_block("انفوغراف", "/infograph", infographs, "infograpgh-section"),
            home_block("بالصور", "/gallery", pics, "pictures-sec"),
            home_block("آخر الحلقات", "/episodes-tv", casts, "episodes-sec"),
            site.aside(None),
            "</main>",
        ]
    )
    shown: list[Art] = []
    for a in [*latest, *reads, *videos, *culture, *infographs, *pics, *casts]:
        if a not in shown:
            shown.append(a)
    return site.home_document(main, shown), shown
