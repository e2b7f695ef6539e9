"""Page templates: chrome (head, header, ticker, footer), cards, and every page of the
site (``Site``: articles, listings, GetMore fragments, widgets, home, simple pages)."""

# HTML templates read best one tag per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import bisect
import functools
import json
import random
from datetime import datetime
from itertools import islice
from typing import Any

from . import description as D
from .edition import EN, Edition
from .expected import classes, read_minutes, word_count
from .site_map import (
    ARTICLES_SUBS,
    ASYNC_GALLERY,
    ASYNC_HOME,
    BEIRUT,
    DEFAULT_SHARE,
    HOST,
    JS_LISTING,
    JS_LISTING_LIST_ID,
    JS_LISTING_POSTID,
    NEWS_SUBS,
    PAGE_KEYWORDS,
    PAGE_PUBLISHED,
    PAGE_SIZE,
    PLACEHOLDER,
    REGIONS,
    ROCKET,
    ROCKET_SRC,
    SITE,
    VIDEOS_SUBS,
    Listing,
    abs_url,
    beirut_iso,
    card_date,
    duration_iso,
    esc,
    jdump,
    naive7,
    url_quote,
    with_query,
)
from .stories import Art, Img, text_html

# --------------------------------------------------------------------------- page chrome


def rocket_script(body: str) -> str:
    return f'<script type="{ROCKET}-text/javascript">\n{body}\n</script>'


def menu_href(path: str, ed: Edition = EN) -> str:
    return ed.abs_url(path) if path in ed.absolute_menu_links else path


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
    """The English breaking ticker (``Edition.render_ticker`` for other editions)."""
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


def body_end_scripts(ed: Edition = EN) -> str:
    return (
        rocket_script(
            f'var JS_RESOURCES = {{ LazyLoad: true, Lang: "{ed.lang}" }};\n'
            "function initLoadMore() { /* see the site bundle: GetMore + pathname when ismain */ }"
        )
        + f'\n<script src="{ROCKET_SRC}" data-cf-settings="{ROCKET}-|49" defer></script>'
        + '\n<script defer src="https://static.cloudflareinsights.com/beacon.min.js/v84a3a4012de94ce1" '
        'data-cf-beacon=\'{"version":"2023.10.0","token":"0000000000000000"}\' crossorigin="anonymous"></script>'
    )


BODY_END_SCRIPTS = body_end_scripts(EN)


def org_ld(ed: Edition = EN) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": ed.site,
        "description": ed.org_description,
        "Logo": ed.logo,
        "url": f"{ed.host}/",
    }


def website_ld(ed: Edition = EN) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": ed.site,
        "url": f"{ed.host}/",
        "inLanguage": ed.lang,
        "publisher": org_ld(ed),
        "sameAs": list(ed.same_as),
        "potentialAction": {
            "@type": "SearchAction",
            "query-input": "required name=search_keyword",
            "target": f"{ed.host}/search?q={{search_keyword}}",
        },
        "mainEntityOfPage": f"{ed.host}/",
    }


def organization_ld(name: str, url: str, ed: Edition = EN) -> dict[str, Any]:
    d = {"@context": "https://schema.org", **org_ld(ed)}
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
    ed: Edition = EN,
) -> str:
    t = esc(title)
    d = esc(description)
    meta = f"""<title>{t} | {esc(ed.site)}</title>
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
<meta property="og:site_name" content="{esc(ed.site)}" />
<meta property="og:title" content="{t}" />
<meta property="og:description" content="{d}" />
<meta property="og:url" content="{esc(og_url)}" />
<meta property="og:locale" content="{ed.lang}" />
<meta property="og:image" content="{esc(og_image)}" />
<meta property="og:image:secure_url" content="{esc(og_image)}" />
<meta property="og:image:width" content="600" />
<meta property="og:image:height" content="350" />
<meta property="og:image:alt" content="{t}" />
<meta property="og:type" content="{og_type}" />
{extra_meta}<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:site" content="{ed.twitter}" />
<meta name="twitter:title" content="{t}" />
<meta name="twitter:description" content="{d}" />
<meta name="twitter:image" content="{esc(og_image)}" />
<meta name="twitter:image:alt" content="{t}" />
<meta itemprop="inLanguage" content="{ed.lang}" />
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
        f"gtag('js', new Date());\ngtag('config', '{ed.gtag}');"
    )
    return (
        f"<head>\n{meta}\n{scripts}\n"
        f'<script async src="https://www.googletagmanager.com/gtag/js?id={ed.gtag}" type="{ROCKET}-text/javascript"></script>\n'
        f'{gtag}\n<link rel="stylesheet" href="/mdn2023/css/main.min.css?v=4.2" />\n</head>'
    )


def page_tawsiyat(
    title: str,
    url: str,
    postid: str,
    description: str,
    updated: datetime | None,
    ed: Edition = EN,
) -> dict[str, Any]:
    return {
        "type": "page",
        "postid": postid,
        "title": title,
        "url": url,
        "keywords": ed.page_keywords,
        "thumbnail": ed.default_share,
        "video_duration": None,
        "word_count": "0",
        "lang": ed.lang,
        "published_time": beirut_iso(PAGE_PUBLISHED),
        "last_updated": beirut_iso(updated or PAGE_PUBLISHED),
        "description": description,
        "author": ed.site,
        "classes": [{"key": "class1", "mapping": "posttype", "value": "Pages"}],
        "html": "",
        "lite_url": "",
    }


def document(head: str, body: str, body_class: str, ed: Edition = EN) -> str:
    scripts = BODY_END_SCRIPTS if ed is EN else body_end_scripts(ed)
    return (
        f'<!DOCTYPE html>\n<html lang="{ed.lang}" dir="{ed.dir}" class="no_js">\n{head}\n'
        f'<body class="{body_class}" data-ismobile="false">\n{body}\n{scripts}\n</body>\n</html>\n'
    )


# --------------------------------------------------------------------------- cards


def href(a: Art, absolute: bool, path: str | None = None) -> str:
    p = path or a.path
    return a.edition.abs_url(p) if absolute else p


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
        f'\n<a class="author-meta" href="/authors/{a.edition.slugify(n)}">{esc(n)}</a>'
        for n in a.authors
    )
    country = a.seed.get("country_link")  # Arabic cards: a /country/<Name> link
    if country:
        authors += (
            f'\n<div class="img_icon">\n<a href="/country/{country}">\n'
            f'<img alt="{esc(a.region or "")}" class="lozad" src="{PLACEHOLDER}">\n</a>\n</div>'
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
<span class="date">{a.edition.card_date(a.published)}</span>{duration}
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
<span class="date">{a.edition.card_date(a.published)}</span>
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
<a href="{a.url}"><p>{esc(a.title)}</p></a>
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


def listing_head(label: str) -> str:
    """The opening of a listing page's main column, down to its title."""
    return f"""<main id="main">
<section class="listing-section light_bg">
<div class="container">
<div class="section_head title_tab_bar">
<div class="title font_45">
<h1>{esc(label)}</h1>
</div>
</div>
"""


def home_block(title: str, link: str, arts: list[Art], cls: str) -> str:
    """A block of the homepage: a titled link to a listing, then its cards."""
    cards = "\n".join(list_card(a, i + 1) for i, a in enumerate(arts))
    return (
        f'<section class="{cls}">\n<div class="container">\n<div class="section_head">\n<div class="title font_45 title_hover">\n'
        f'<a href="{link}">\n<h2> {esc(title)} </h2>\n</a>\n</div>\n</div>\n<div class="tab_content_wrapper">\n{cards}\n</div>\n</div>\n</section>'
    )


class Site:
    def __init__(self, arts: list[Art], js_listing: bool = False, ed: Edition = EN) -> None:
        self.ed = ed
        self.arts = arts
        self.by_id = {a.id: a for a in arts}
        ordered = sorted(arts, key=lambda a: (a.published, a.id), reverse=True)
        # Stories of the JavaScript-only listing are shown nowhere else.
        self.js_only = [a for a in ordered if a.js_only]
        self.newest = [a for a in ordered if not a.js_only]
        self.visible = [a for a in self.newest if not a.widget_only]
        self.header = (ed.render_header or render_header)(js_listing)
        breaking = [a for a in self.visible if ed.ticker_kind in (a.kind, a.url_kind)][:6]
        self.ticker = (ed.render_ticker or render_ticker)(breaking)
        rng = random.Random("most-read")
        picks = rng.sample(self.visible[:40], 7)
        self.most_read: list[tuple[Art, str | None, str | None]] = [(a, None, None) for a in picks]
        # Stale links of re-titled stories (the widget caches the old address and title).
        for a in sorted(arts, key=lambda a: a.id):
            for p, t in zip(a.old_paths, a.old_titles, strict=False):
                self.most_read.insert(2, (a, p, t))
        self.most_read = self.most_read[:9]
        self.listing_members: dict[str, list[Art]] = {}
        for lst in ed.listings:
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
        ed = a.edition
        if a.region and ed.region_path.get(a.region) == path:
            return True
        if a.section.top == path:
            return True
        if ed.extra_listing is not None and ed.extra_listing(a, path):
            return True
        return a.section.path == path

    def chrome(self, main: str) -> str:
        return f"{self.header}\n{self.ticker}\n{main}\n{self.ed.footer or FOOTER}"

    @functools.cached_property
    def most_read_html(self) -> str:
        mr = "\n".join(most_read_card(x, i + 1, p, t) for i, (x, p, t) in enumerate(self.most_read))
        title = self.ed.t("most_read")
        return f'<div class="widget most-read">\n<div class="section_head"><h2>{title}</h2></div>\n{mr}\n</div>'

    def aside(self, a: Art | None) -> str:
        parts = [self.most_read_html]
        if a is not None:
            if a.coverage:
                cov = [x for x in self.by_coverage.get(a.coverage, []) if x.id != a.id][:4]
                if cov:
                    cards = "\n".join(read_next_card(x) for x in cov)
                    parts.append(
                        f'<div class="widget coverage">\n<div class="section_head"><h2>{esc(self.ed.t("coverage", name=a.coverage))}</h2></div>\n{cards}\n</div>'
                    )
            cards = "\n".join(read_next_card(x) for x in self.read_next(a))
            parts.append(
                f'<div class="widget read-next">\n<div class="section_head"><h2>{self.ed.t("read_next")}</h2></div>\n{cards}\n</div>'
            )
        return '<aside class="side-widgets">\n' + "\n".join(parts) + "\n</aside>"

    # ----------------------------------------------------------------- article page

    def article_page(self, a: Art) -> str:
        sec = a.section
        ed = self.ed
        post_meta = []
        if a.byline and a.house:
            post_meta.append(f'<span class="author">{ed.t("by", names=esc(ed.site))}</span>')
        elif a.byline:
            links = [f'<a href="/authors/{ed.slugify(n)}">{esc(n)}</a>' for n in a.authors]
            by = ed.t("by", names=ed.t("and").join(links))
            post_meta.append(f'<span class="author">{by}</span>')
        if a.source:
            src = f'<span class="source">{ed.t("source", source=esc(a.source))}</span>'
            post_meta.insert(0 if a.style["source_first"] else 1, src)
        shown = a.shown_date or ed.shown_datetime(a.published)
        post_meta.append(f'<span class="post-date">{shown}</span>')
        minutes = read_minutes(a)
        if minutes is not None:
            post_meta.append(f'<span class="read-time">{ed.t("min_read", n=minutes)}</span>')
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
        return document(self.article_head(a), self.chrome(main), f"article-page {a.kind}", ed)

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
            link = t.url if int(t.id) % 2 else t.path
            prefix = b[1] if isinstance(b[1], str) else D.READ_MORE_PREFIXES[b[1]]
            return f'<p>{prefix}<a href="{link}">{esc(t.title)}</a></p>'
        if kind == "related":
            cards = "\n".join(related_card(x) for x in b[1])
            return f'<div class="dual-related">\n<h3>{self.ed.t("related")}</h3>\n{cards}\n</div>'
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
        ed = self.ed
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
            "lang": ed.lang,
            "published_time": beirut_iso(a.published),
            "last_updated": beirut_iso(a.updated),
            "description": a.lead,
            "author": a.author_display,
            "classes": classes(a),
            "html": "",
            "lite_url": "",
        }
        if a.dateless:  # the page's only date is the one it shows
            del taw["published_time"], taw["last_updated"]
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
                "publisher": org_ld(ed),
                "inLanguage": ed.lang,
            }
            if v["youtube"]:
                main_ld["embedUrl"] = f"https://www.youtube.com/embed/{v['youtube']}"
            else:
                main_ld["contentUrl"] = v["file"]
            main_ld["mainEntityOfPage"] = a.url
        else:
            author_ld: Any = (
                [
                    {"@type": "Person", "name": n, "url": ed.abs_url(f"/authors/{ed.slugify(n)}")}
                    for n in a.authors
                ]
                if a.authors
                else org_ld(ed)
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
                "publisher": org_ld(ed),
                "articleSection": a.section.label,
                "keywords": a.keywords,
                "inLanguage": ed.lang,
                "wordCount": word_count(a),
                "url": a.url,
                "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
            }
            if a.dateless:
                del main_ld["datePublished"], main_ld["dateModified"]
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
        blocks = [website_ld(ed), main_ld, organization_ld(ed.site, a.url, ed)]
        order = [(0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)][
            a.style["jsonld_order"]
        ]
        extra_meta = ""
        meta = a.video["meta"] if a.video else ("none" if a.dateless else "exact")
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
            og_image=with_query(a.thumb, 600) if a.thumb else ed.default_share,
            og_type="video.other" if a.video else "article",
            tawsiyat=taw,
            jsonld=[blocks[i] for i in order],
            canonical=True,
            extra_meta=extra_meta,
            ed=ed,
        )

    # ----------------------------------------------------------------- listings

    def listing_page(self, lst: Listing) -> str:
        ed = self.ed
        members = self.listing_members[lst.path]
        first = members[:PAGE_SIZE]
        url = ed.abs_url(lst.path)
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
        main = f"""{listing_head(lst.label)}<div class="ow-container"{filt}>
<div class="datalist">
{cards}
</div>
<div class="loadmoresection">
<div class="loadspinner" style="display:none"></div>
<a class="loadmorebtn" data-widgetid="{lst.widgetid}" data-widgetcode="{lst.widget}" data-nextpage="2" data-ismain="{"true" if lst.ismain else "false"}"{order}>{ed.t("more")}</a>
<div class="nodata" style="display:none">{ed.t("no_more")}</div>
</div>
</div>{asyncw}
</div>
</section>
{self.aside(None)}
</main>"""
        desc = ed.t("listing_desc", label=lst.label, site=ed.site)
        updated = max((a.updated for a in members), default=None)
        lds = [
            website_ld(ed),
            itemlist_ld(lst.label, url, first),
            organization_ld(ed.site, url, ed),
        ]
        if ed.listings.index(lst) % 2:
            lds.reverse()
        head = head_html(
            title=lst.label,
            description=desc,
            postid=lst.postid,
            keywords=ed.page_keywords,
            author=ed.site,
            og_url=url,
            og_image=ed.default_share,
            og_type="website",
            tawsiyat=page_tawsiyat(lst.label, url, lst.postid, desc, updated, ed),
            jsonld=lds,
            canonical=True,
            ed=ed,
        )
        return document(head, self.chrome(main), "listing-page", ed)

    def js_listing_page(self) -> str:
        """News > Live Updates: an empty card list that an inline (ES5) script fills.

        The script holds the cards' data and builds each address from a base path and the
        story's slug, so the page's HTML has no link (nor JSON-LD ``ItemList``) to them.
        """
        lst = JS_LISTING
        url = abs_url(lst.path)
        main = f"""{listing_head(lst.label)}<div class="ow-container">
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
        """The homepage (its blocks: latest, opinion, videos, pictures, ...) and the stories
        it shows."""
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

        rn = "\n".join(most_read_card(a, i + 1) for i, a in enumerate(read_next))
        main = "\n".join(
            [
                '<main id="main">',
                home_block("Latest", "/news", latest, "featured-news"),
                home_block("Opinion & Analysis", "/articles", opinion, "opinion-sec"),
                home_block("Videos", "/videos", videos, "videos-sec"),
                home_block("In Pictures", "/in-pictures", pics, "pictures-sec"),
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
        return self.home_document(main, shown), shown

    def home_document(self, main: str, shown: list[Art]) -> str:
        """The homepage around its ``<main>``: the head, its metadata listing ``shown``."""
        ed = self.ed
        url = f"{ed.host}/"
        desc = ed.t("home_desc")
        home = ed.t("home")
        webpage = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": home,
            "description": desc,
            "author": org_ld(ed),
            "publisher": org_ld(ed),
            "datePublished": naive7(PAGE_PUBLISHED),
            "dateModified": naive7(self.newest[0].updated),
            "inLanguage": ed.lang,
            "url": url,
            "mainEntityOfPage": url,
        }
        head = head_html(
            title=home,
            description=desc,
            postid=ed.home_postid,
            keywords=ed.page_keywords,
            author=ed.site,
            og_url=url,
            og_image=ed.default_share,
            og_type="website",
            tawsiyat=page_tawsiyat(home, url, ed.home_postid, desc, self.newest[0].updated, ed),
            jsonld=[
                website_ld(ed),
                webpage,
                itemlist_ld(home, url, shown),
                organization_ld(ed.site, url, ed),
            ],
            canonical=False,
            ed=ed,
        )
        return document(head, self.chrome(main), "home-page", ed)

    def simple_page(
        self,
        path: str,
        title: str,
        postid: str,
        content: str,
        extra_lds: list[dict[str, Any]] | None = None,
    ) -> str:
        ed = self.ed
        url = ed.abs_url(path)
        main = (
            f'<main id="main">\n<section class="page-section">\n<div class="container">\n<h1>{esc(title)}</h1>\n'
            f"{content}\n</div>\n</section>\n</main>"
        )
        desc = ed.t("page_desc", title=title, site=ed.site)
        head = head_html(
            title=title,
            description=desc,
            postid=postid,
            keywords=ed.page_keywords,
            author=ed.site,
            og_url=url,
            og_image=ed.default_share,
            og_type="website",
            tawsiyat=page_tawsiyat(title, url, postid, desc, None, ed),
            jsonld=[website_ld(ed), *(extra_lds or []), organization_ld(ed.site, url, ed)],
            canonical=True,
            ed=ed,
        )
        return document(head, self.chrome(main), "simple-page", ed)
