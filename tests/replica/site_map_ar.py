"""The Arabic edition's shape (www.almayadeen.net): host, menus, sections, listings and
their widgets, the address kinds, the slug rule and the date formats, and its page chrome
(header, breaking ticker, footer), modelled on the real homepage capture of 2 Nov 2023
(``shared/reference/ar-homepage-2023-11-02.html``): its markup, not its text.

``AR`` is the ``Edition`` the shared templates and builder take (``build(out, edition="ar")``).
"""

# HTML templates read best one tag per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import functools
import unicodedata
from datetime import datetime

from . import description_ar as DA
from .edition import Edition
from .site_map import BEIRUT, Listing, Section, esc

HOST = "https://www.almayadeen.net"
SITE = "الميادين"
PAGE_KEYWORDS = "الميادين,أخبار الميادين,قناة الميادين"
DEFAULT_SHARE = f"{HOST}/mdn2023/images/default-share.png"
HOME_POSTID = "2000001"
LIVE_POSTID = "2000009"

#: Levantine month names, as the Arabic site writes dates.
MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# --------------------------------------------------------------------------- sections

#: (path, label, posttype, kind, JSON-LD type, top listing). Stories are addressed
#: ``<path>/<slug>`` except latestnews and newscasts (``prefix`` on the story).
_SECTIONS = [
    ("/news/politics", "سياسة", "أخبار", "news", "NewsArticle", "/news"),
    ("/news/economic", "اقتصاد", "أخبار", "news", "NewsArticle", "/news"),
    ("/articles", "مقالات", "مقالات", "articles", "Article", None),
    ("/opinion", "رأي", "مقالات", "articles", "OpinionNewsArticle", "/articles"),
    ("/press", "صحافة", "مقالات", "articles", "NewsArticle", "/articles"),
    ("/arts-culture", "ثقافة وفنون", "أخبار", "news", "NewsArticle", None),
    ("/health", "صحة", "أخبار", "news", "NewsArticle", None),
    ("/technology", "تكنولوجيا", "أخبار", "news", "NewsArticle", None),
    ("/video", "فيديو", "فيديو", "videos", "VideoObject", None),
    ("/infograph", "إنفوغراف", "إنفوغراف", "infographs", "Article", None),
    ("/gallery", "بالصور", "صور", "gallery", "ImageGallery", None),
    # Breaking items (/latestnews/YYYY/M/D/<slug>), listed under the ticker's link.
    ("/shortnews", "أخبار عاجلة", "عاجل", "news", "NewsArticle", None),
    # Newscasts (/newscast/YYYY/M/D/<slug>): videos, listed under "episodes".
    ("/episodes-tv", "نشرات", "نشرة", "videos", "VideoObject", None),
]
SECTIONS: dict[str, Section] = {
    path: Section(path, label, label, posttype, kind, ld, top, path)
    for path, label, posttype, kind, ld, top in _SECTIONS
}
LATESTNEWS = SECTIONS["/shortnews"]
NEWSCAST = SECTIONS["/episodes-tv"]

#: A sub-listing with a Latin path under a single-level section: a menu entry, not a
#: story, though it has the ``/<section>/<slug>`` form.
ARTS_NEWS = "/arts-culture/news"

#: Header menu: the main entries, then the "More" (المزيد) dropdown, as in the capture.
MAIN_MENU = [
    ("الأخبار", "/news"),
    ("الفيديو", "/video"),
    ("مقالات", "/articles"),
    ("رأي", "/opinion"),
    ("ثقافة وفنون", "/arts-culture"),
    ("صحافة", "/press"),
]
MORE_MENU = [
    ("سياسة", "/news/politics"),
    ("اقتصاد", "/news/economic"),
    ("أخبار ثقافية", ARTS_NEWS),
    (" إنفوغراف", "/infograph"),
    ("بالصور", "/gallery"),
    (" تكنولوجيا", "/technology"),
    ("صحة", "/health"),
    ("نشرات", "/episodes-tv"),
]
#: Menu links written absolute (the capture's menus are relative; cards mix both).
ABSOLUTE_MENU_LINKS = frozenset({"/press"})


def _listings() -> list[Listing]:
    rows = [
        ("/news", "الأخبار", "الأخبار", "main-category-list", "type=news"),
        ("/news/politics", "سياسة", "الأخبار", "section-news-list", ""),
        ("/news/economic", "اقتصاد", "الأخبار", "section-news-list", ""),
        ("/articles", "مقالات", "مقالات", "main-category-list", ""),
        ("/opinion", "رأي", "مقالات", "section-articles-list", ""),
        ("/press", "صحافة", "مقالات", "section-articles-list", ""),
        ("/arts-culture", "ثقافة وفنون", "ثقافة وفنون", "section-news-list", ""),
        (ARTS_NEWS, "أخبار ثقافية", "ثقافة وفنون", "section-news-list", "sub=news"),
        ("/health", "صحة", "المزيد", "section-news-list", ""),
        ("/technology", "تكنولوجيا", "المزيد", "section-news-list", ""),
        ("/video", "الفيديو", "الفيديو", "section-videos-list", "type=video&sort=latest"),
        ("/infograph", "إنفوغراف", "المزيد", "infographs-list", ""),
        ("/gallery", "بالصور", "المزيد", "gallery-list", ""),
        ("/shortnews", "أخبار عاجلة", "عاجل", "breaking-list", ""),
        ("/episodes-tv", "نشرات", "المزيد", "episodes-list", "type=newscast"),
    ]
    return [
        Listing(path, label, menu, str(2000110 + i), str(70111 + i), widget, True, filt)
        for i, (path, label, menu, widget, filt) in enumerate(rows)
    ]


LISTINGS = _listings()

TRAILS: dict[str, str] = {
    "/news": "الأخبار",
    "/news/politics": "المزيد > سياسة",
    "/news/economic": "المزيد > اقتصاد",
    "/articles": "مقالات",
    "/opinion": "رأي",
    "/press": "صحافة",
    "/arts-culture": "ثقافة وفنون",
    ARTS_NEWS: "المزيد > أخبار ثقافية",
    "/health": "المزيد > صحة",
    "/technology": "المزيد > تكنولوجيا",
    "/video": "الفيديو",
    "/infograph": "المزيد > إنفوغراف",
    "/gallery": "المزيد > بالصور",
    "/shortnews": "أخبار عاجلة",
    "/episodes-tv": "المزيد > نشرات",
}


def extra_listing(a: object, path: str) -> bool:
    """``/arts-culture/news`` lists the culture stories marked as news."""
    return path == ARTS_NEWS and getattr(a, "seed", {}).get("sub") == "news"


# --------------------------------------------------------------------------- formats


@functools.cache
def slugify(title: str) -> str:
    """The Arabic slug rule: lower-case, short vowels (every combining mark) dropped,
    tatweel and letters (Arabic or Latin, digits of any script) kept, anything else to
    '-', cut to 60 characters, trailing '-' dropped."""
    s = "".join(
        c if c.isalnum() else "-"
        for c in title.lower()
        if not unicodedata.category(c).startswith("M")
    )
    return s[:60].rstrip("-")


def shown_datetime(dt: datetime, indic: bool = False) -> str:
    """The visible date of a story: ``2 تشرين الثاني 2023 14:30`` (Beirut time); with
    ``indic`` in Arabic-Indic digits (``٢ تشرين الثاني ٢٠٢٣ ١٤:٣٠``)."""
    d = dt.astimezone(BEIRUT)
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year} {d:%H:%M}"
    return text.translate(ARABIC_INDIC) if indic else text


def card_date(dt: datetime) -> str:
    d = dt.astimezone(BEIRUT)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------- chrome


def render_header(js_listing: bool = False) -> str:
    """The capture's header: logo, flat ``nav_item`` links, a "More" dropdown (and its
    mobile twin), the language links, the live button."""

    def href(path: str) -> str:
        return HOST + path if path in ABSOLUTE_MENU_LINKS else path

    main = "\n".join(
        f'<li class="nav_item">\n<a href="{href(p)}">\n{esc(label)}\n</a>\n</li>'
        for label, p in MAIN_MENU
    )
    more = "\n".join(f'<li>\n<a href="{href(p)}">{esc(label)}</a>\n</li>' for label, p in MORE_MENU)
    mobile = "\n".join(
        f'<li class="nav_item">\n<a href="{href(p)}">{esc(label)}</a>\n</li>'
        for label, p in MORE_MENU
    )
    return f"""<header id="header" class="header">
<div class="container">
<div class="innerheader">
<div class="right_col">
<div class="logo_megaNav">
<div class="logo themed-logo">
<a href="/">
<span class="lightlogo">
<img src="/Mdn2023/images/lightlogo.svg?v=3" alt="Site Logo">
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
<input class="search_field" type="text" placeholder="ابحث" id="search_text" name="q">
</form>
</div>
</div>
<ul class="main_link">
{main}
<li class=" nav_item more hide_in_mobile has_dropdown  more-index">
<a class="more-index">
المزيد
</a>
<div class="mega_nav more-index">
<div class="mega_navigation">
<div class="nav_wrappper">
<nav class="nav_wrap">
<ul>
{more}
</ul>
</nav>
</div>
</div>
</div>
</li>
<li class="submenu_navigation hide_in_desktop">
<ul>
{mobile}
</ul>
</li>
<li class="lang_navigation hide_in_desktop mini-menu">
<ul>
<li class="nav_item">
<a href="https://english.almayadeen.net/" target="_blank">الإنجليزية</a>
</li>
<li class="nav_item">
<a href="https://espanol.almayadeen.net/" target="_blank">الإسبانية</a>
</li>
</ul>
</li>
</ul>
</div>
</nav>
</div>
</div>
<div class="left_col">
<div class="head_contols hide_in_mobile">
<div class="language">
<a href="https://english.almayadeen.net/" target="_blank">EN</a>
<a href="https://espanol.almayadeen.net/" target="_blank">ES</a>
</div>
</div>
<div class="direct">
<div class="live-btn">
<a href="/live">
<span class="live-text">البث المباشر</span>
</a>
</div>
</div>
</div>
</div>
</div>
</header>"""


def render_ticker(items: list) -> str:
    """The capture's breaking ticker: a label linking to ``/shortnews``, then latestnews
    items (``/latestnews/YYYY/M/D/<slug>``)."""
    lis = "\n".join(
        f'<li>\n<div class="ticker-item">\n<div class="ticker-text">\n<a href="{a.path}">\n<p>\n{esc(a.title)}\n</p>\n</a>\n</div>\n</div>\n</li>'
        for a in items
    )
    return f"""<section class="ticker-section light_bg pd-bottom-10">
<div class="container">
<div class="ticker-wrap">
<div class="ticker-label">
<a href="/shortnews">
<h4>أخبار عاجلة</h4>
</a>
</div>
<div id="ticker">
<div id="ticker-box">
<ul style="padding: 0px; margin: 0px; position: relative; list-style-type: none;padding-right: 120px;">
{lis}
</ul>
</div>
</div>
</div>
</div>
</section>"""


FOOTER = """<footer id="footer" class="footer">
<div class="container">
<div class="footer_top_menu">
<div class="footer_menu">
<ul>
<li>
<a href="/privacy-policy">
سياسة الخصوصية
</a>
</li>
<li>
<a href="/about">
من نحن
</a>
</li>
<li>
<a href="/contact">
اتصل بنا
</a>
</li>
<li>
<a href="/authors">
الكتّاب
</a>
</li>
<li>
<a href="https://english.almayadeen.net/">
Al Mayadeen English
</a>
</li>
</ul>
</div>
</div>
<div class="footer_middle_menu">
<p>
موقع إخباري تجريبي يحاكي بنية الصفحات فقط؛ كل ما فيه من أخبار وأسماء مُختلَق.
</p>
<div class="btn_wrapper">
<a class="btn" target="_blank" href="https://play.google.com/store/apps/details?id=net.almayadeen.arabic">
<span>Google Play</span>
</a>
<a class="btn" target="_blank" href="https://apps.apple.com/lb/app/almayadeen/id1500000000">
<span>App Store</span>
</a>
</div>
</div>
<div class="footer_bottom">
<p>&copy; 2023 الميادين. جميع الحقوق محفوظة.</p>
</div>
</div>
</footer>"""

#: The other pages (``build.write_other_pages``): authors, static pages, LIVE, 404.
AR_PAGES: dict[str, object] = {
    "authors": DA.AUTHORS,
    "authors_title": "الكتّاب",
    "static": [
        ("/about", "من نحن", "2000901", "الميادين شبكة إعلامية مقرّها بيروت (نص تجريبي)."),
        (
            "/privacy-policy",
            "سياسة الخصوصية",
            "2000902",
            "تصف هذه الصفحة كيفية تعامل الموقع مع بيانات الزوار.",
        ),
        ("/contact", "اتصل بنا", "2000903", "راسلوا غرفة الأخبار عبر النموذج أدناه."),
    ],
    "live_title": "البث المباشر",
    "live_text": "شاهدوا الميادين مباشرة.",
    "not_found_title": "الصفحة غير موجودة",
    "not_found_text": "الصفحة التي طلبتها غير موجودة.",
}

AR = Edition(
    code="ar",
    lang="ar",
    dir="rtl",
    host=HOST,
    site=SITE,
    page_keywords=PAGE_KEYWORDS,
    default_share=DEFAULT_SHARE,
    listings=LISTINGS,
    trails=TRAILS,
    home_postid=HOME_POSTID,
    live_postid=LIVE_POSTID,
    slugify=slugify,
    shown_datetime=shown_datetime,
    card_date=card_date,
    absolute_menu_links=ABSOLUTE_MENU_LINKS,
    text={
        "by": "{names}",
        "and": "، ",
        "source": "المصدر: {source}",
        "min_read": "{n} دقائق قراءة",
        "most_read": "الأكثر قراءة",
        "read_next": "اقرأ أيضاً",
        "coverage": "تغطية: {name}",
        "related": "أخبار ذات صلة",
        "more": "المزيد",
        "no_more": "لا مزيد من النتائج",
        "listing_desc": "آخر أخبار {label} على موقع {site}.",
        "home": "الرئيسية",
        "home_desc": "الميادين: أخبار وتحليلات ومقالات رأي وفيديو من المنطقة والعالم (نسخة تجريبية مُختلَقة المحتوى).",
        "page_desc": "{title} - {site}",
        "search": "ابحث",
    },
    org_description="تقوم الميادين على نقل الخبر من مكانه (نص تجريبي)",
    logo=f"{HOST}/mdn2023/images/logo-ar.png?format=webp",
    same_as=("https://twitter.com/AlMayadeenNews", "https://www.facebook.com/almayadeen"),
    twitter="@AlMayadeenNews",
    gtag="G-AR0000000",
    render_header=render_header,
    render_ticker=render_ticker,
    footer=FOOTER,
    ticker_kind="latestnews",
    extra_listing=extra_listing,
)
