"""An edition of the site (English, Arabic): what the shared builder and templates need to
know that differs between the two: host, language and direction, names and labels, the
listings, the slug rule and the date formats.

``EN`` is english.almayadeen.net (the values of ``site_map.py``); ``site_map_ar.AR`` is
www.almayadeen.net. Templates and the builder take an ``Edition`` (default ``EN``), so the
English pages are what they were before editions existed, byte for byte.
"""

# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import site_map as S


@dataclass(frozen=True)
class Edition:
    code: str  # "en", "ar": the items' ``edition``
    lang: str  # <html lang>, tawsiyat ``lang``, og:locale, inLanguage
    dir: str  # <html dir>
    host: str  # production origin, no trailing slash
    site: str  # the site's name (og:site_name, house byline, <title> suffix)
    page_keywords: str
    default_share: str
    listings: list[S.Listing]
    trails: dict[str, str]  # listing path -> menu trail
    home_postid: str
    live_postid: str
    slugify: Callable[[str], str]
    shown_datetime: Callable[[datetime], str]  # the article's visible date
    card_date: Callable[[datetime], str]
    absolute_menu_links: frozenset[str] = frozenset()
    region_path: dict[str, str] = field(default_factory=dict)
    #: Labels and sentences of the page chrome (keys: see ``EN``).
    text: dict[str, str] = field(default_factory=dict)
    org_description: str = ""
    logo: str = ""
    same_as: tuple[str, ...] = ()
    twitter: str = ""
    gtag: str = ""
    #: Edition-specific page chrome; ``None``: the English one in ``templates.py``.
    render_header: Callable[[bool], str] | None = None
    render_ticker: Callable[[list[Any]], str] | None = None
    footer: str | None = None
    #: Which stories the breaking ticker shows (newest first, at most 6).
    ticker_kind: str = "news"
    #: Listing membership beyond section, top listing and region (``Site.in_listing``).
    extra_listing: Callable[[Any, str], bool] | None = None

    def abs_url(self, path: str) -> str:
        return self.host + path

    def t(self, key: str, **values: Any) -> str:
        return self.text[key].format(**values)


EN = Edition(
    code="en",
    lang="en",
    dir="ltr",
    host=S.HOST,
    site=S.SITE,
    page_keywords=S.PAGE_KEYWORDS,
    default_share=S.DEFAULT_SHARE,
    listings=S.LISTINGS,
    trails=S.TRAILS,
    home_postid=S.HOME_POSTID,
    live_postid=S.LIVE_POSTID,
    slugify=S.slugify,
    shown_datetime=S.shown_datetime,
    card_date=S.card_date,
    absolute_menu_links=frozenset(S.ABSOLUTE_MENU_LINKS),
    region_path=S.REGION_PATH,
    text={
        "by": "By {names}",
        "and": " and ",
        "source": "Source: {source}",
        "min_read": "{n} Min Read",
        "most_read": "Most Read",
        "read_next": "Read Next",
        "coverage": "Coverage: {name}",
        "related": "Related News",
        "more": "More",
        "no_more": "No more results",
        "listing_desc": "The latest {label} stories from {site}.",
        "home": "Home",
        "home_desc": "Al Mayadeen English: breaking news, analysis, opinion and video from the Middle East and the world.",
        "page_desc": "{title} - {site}",
        "search": "Search",
    },
    org_description="Al Mayadeen English: news and analysis from the region and the world",
    logo=f"{S.HOST}/mdn2023/images/logo-en.png?format=webp",
    same_as=("https://twitter.com/MayadeenEnglish", "https://www.facebook.com/MayadeenEnglish"),
    twitter="@MayadeenEnglish",
    gtag="G-EN0000000",
)
