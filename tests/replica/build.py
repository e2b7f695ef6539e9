"""Generate the local replica of english.almayadeen.net from ``description.py``: the writer.

The stories come from ``stories.py``, their pages from ``templates.py``, their expected
items from ``expected.py``; the site's shape (menus, listings, widgets) is in ``site_map.py``.
``build(out_dir)`` writes ``out_dir/site`` (one file per served path, plus the
expected item JSON beside every article page), ``out_dir/urls.txt`` and
``out_dir/manifest.json``. The output depends only on the description and the
arguments: two builds are byte-identical.

CLI: ``python -m tests.replica.build OUT_DIR [--extra N] [--edit ID ...] [--js-listing]
[--jobs N]``
"""

# Generated text and markup read best one piece per line, even when a line gets long.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import multiprocessing
import os
import shutil
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from . import description as D
from .edition import EN, Edition
from .expected import body_paragraphs, expected_item
from .site_map import (
    ASYNC_GALLERY,
    ASYNC_HOME,
    BEIRUT,
    HOME_POSTID,
    JS_LISTING,
    JS_LISTING_POSTID,
    JS_LISTING_TRAIL,
    PAGE_SIZE,
    beirut_iso,
    esc,
    url_quote,
    utc_iso,
)
from .stories import (
    Art,
    add_extra,
    add_js_listing,
    add_textless,
    apply_edits,
    generate_base,
    resolve_links,
)
from .templates import Site, list_card

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


def all_authors(
    arts: list[Art], authors: Sequence[tuple[str, str]] = D.AUTHORS
) -> dict[str, list[Art]]:
    out: dict[str, list[Art]] = {name: [] for name, _ in authors}
    for a in sorted(arts, key=lambda a: (a.published, a.id), reverse=True):
        if a.widget_only or a.js_only:
            continue
        for n in a.authors:
            out[n].append(a)
    return out


def write_listings(site: Site, site_dir: Path, js_listing: bool) -> list[dict[str, Any]]:
    """Every listing page, its GetMore pages and ``_getmore/index.json``; returns the
    manifest's sections."""
    getmore: dict[str, Any] = {}
    sections_manifest: list[dict[str, Any]] = []
    for lst in site.ed.listings:
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
            "postid": site.ed.live_postid,
            **({"js": False} if js_listing else {}),
        }
    )
    _write(
        site_dir / "_getmore" / "index.json", json.dumps(getmore, indent=2, sort_keys=True) + "\n"
    )
    return sections_manifest


def write_widgets(site: Site, site_dir: Path) -> dict[str, Any]:
    """The ``/LoadWidget`` answers and ``_widgets/index.json``; returns that index."""
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
    return widgets


#: The English edition's other pages (``write_other_pages``; other editions have their own).
EN_PAGES: dict[str, Any] = {
    "authors": D.AUTHORS,
    "authors_title": "Authors",
    "static": [
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
    ],
    "live_title": "LIVE",
    "live_text": "Watch Al Mayadeen English live.",
    "not_found_title": "Page not found",
    "not_found_text": "The page you requested does not exist.",
}


def write_other_pages(
    site: Site, site_dir: Path, by_author: dict[str, list[Art]], pages: dict[str, Any] = EN_PAGES
) -> None:
    """Author pages, the static pages, LIVE and the 404 page."""
    slug = site.ed.slugify
    author_links = "\n".join(
        f'<li><a href="/authors/{slug(n)}">{esc(n)}</a></li>' for n, _ in pages["authors"]
    )
    _write(
        page_file(site_dir, "/authors"),
        site.simple_page(
            "/authors",
            pages["authors_title"],
            "1000201",
            f'<ul class="authors-list">\n{author_links}\n</ul>',
        ),
    )
    for i, (name, blurb) in enumerate(pages["authors"]):
        cards = "\n".join(list_card(a, j) for j, a in enumerate(by_author[name]))
        person = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": name,
            "description": blurb,
        }
        content = f'<p class="author-bio">{esc(blurb)}</p>\n<div class="datalist">\n{cards}\n</div>'
        _write(
            page_file(site_dir, f"/authors/{slug(name)}"),
            site.simple_page(f"/authors/{slug(name)}", name, str(1000501 + i), content, [person]),
        )
    for path, title, pid, text in pages["static"]:
        _write(page_file(site_dir, path), site.simple_page(path, title, pid, f"<p>{esc(text)}</p>"))
    live = (
        '<div class="live-player">\n<iframe src="https://www.youtube.com/embed/live_stream?channel=UC0000000000000000000000" '
        f"allowfullscreen></iframe>\n</div>\n<p>{esc(pages['live_text'])}</p>"
    )
    _write(
        page_file(site_dir, "/live"),
        site.simple_page("/live", pages["live_title"], site.ed.live_postid, live),
    )
    _write(
        site_dir / "_404.html",
        site.simple_page(
            "/404",
            pages["not_found_title"],
            "1000404",
            f"<p>{esc(pages['not_found_text'])}</p>",
        ),
    )


def write_sitemaps(
    site_dir: Path,
    arts: list[Art],
    by_author: dict[str, list[Art]],
    ed: Edition = EN,
    authors: Sequence[tuple[str, str]] = D.AUTHORS,
    gzipped: Sequence[tuple[int, int]] = (),
) -> None:
    """robots.txt, the monthly sitemaps (stories and author pages) and their index.

    The months in ``gzipped`` are written as gzip bytes under their ``.xml`` name (both
    servers answer them as any sitemap: an XML content type, no ``Content-Encoding``)."""
    host = ed.host
    _write(
        site_dir / "robots.txt",
        "User-agent: *\nDisallow: /Search\nDisallow: /search\nDisallow: /cdn-cgi/\n\n"
        f"Sitemap: {host}/sitemaps/all.xml\n",
    )
    months: dict[tuple[int, int], list[tuple[str, datetime]]] = {}
    for a in sorted(arts, key=lambda a: (a.published, a.id)):
        d = a.published.astimezone(BEIRUT)
        months.setdefault((d.year, d.month), []).append((a.path, a.updated))
    for name, _ in authors:
        written = by_author[name]
        if written:
            first = min(written, key=lambda a: (a.published, a.id))
            d = first.published.astimezone(BEIRUT)
            last = max(a.updated for a in written)
            months[(d.year, d.month)].append((f"/authors/{ed.slugify(name)}", last))
    index_entries = []
    for (y, m), entries in sorted(months.items()):
        urls = "\n".join(
            f"<url><loc>{html.escape(ed.abs_url(url_quote(p)))}</loc><lastmod>{beirut_iso(t)}</lastmod></url>"
            for p, t in entries
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
        )
        monthly = site_dir / "sitemaps" / "all" / f"sitemap-{y}-{m}.xml"
        if (y, m) in gzipped:
            _write(monthly, "")  # makes the folder
            monthly.write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
        else:
            _write(monthly, xml)
        last = max(t for _, t in entries)
        index_entries.append(
            f"<sitemap><loc>{host}/sitemaps/all/sitemap-{y}-{m}.xml</loc><lastmod>{beirut_iso(last)}</lastmod></sitemap>"
        )
    _write(
        site_dir / "sitemaps" / "all.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(index_entries)
        + "\n</sitemapindex>\n",
    )


def write_manifest(
    out_dir: Path,
    arts: list[Art],
    edited_ids: Sequence[str],
    js_listing: bool,
    sections_manifest: list[dict[str, Any]],
    widgets: dict[str, Any],
    site: Site | None = None,
) -> None:
    """``urls.txt`` and ``manifest.json`` (see README.md "Layout of OUT_DIR")."""
    _write(out_dir / "urls.txt", "".join(u + "\n" for u in sorted(a.url for a in arts)))
    ed = site.ed if site is not None else EN
    art_entries = []
    for a in sorted(arts, key=lambda a: a.id):
        secs: list[str] = []
        if a.widget_only:
            secs.append("/in-pictures")
        elif a.js_only:
            secs.append(JS_LISTING.path)
        else:
            for lst in ed.listings:
                if Site.in_listing(a, lst.path):
                    secs.append(lst.path)
        entry = {
            "article_id": a.id,
            "url": a.url,
            "paths": [a.path, *a.old_paths],
            "sections": secs,
            "found_in": [JS_LISTING_TRAIL]
            if a.js_only
            else [ed.trails[p] for p in ed.trails if p in secs],
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
        if ed is not EN:
            entry["url_kind"] = a.url_kind
            entry["dateless"] = a.dateless
        art_entries.append(entry)
    manifest = {
        **({} if ed is EN else {"edition": ed.code, "language": ed.lang}),
        "host": ed.host,
        "home_postid": ed.home_postid,
        "articles": art_entries,
        "sections": sections_manifest,
        "async_widgets": [{"widgetid": k, **v} for k, v in sorted(widgets.items())],
    }
    _write(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def build(
    out_dir: Path,
    extra_articles: int = 0,
    edited_ids: Sequence[str] = (),
    js_listing: bool = False,
    jobs: int | None = None,
    edition: str = "en",
) -> None:
    """Write the replica into ``out_dir``.

    ``edition="ar"`` writes the Arabic edition instead (``build_ar``: www.almayadeen.net,
    its own stories; the other options are English-only and must keep their defaults).

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
    if edition == "ar":
        if extra_articles or edited_ids or js_listing:
            raise ValueError("extra_articles, edited_ids and js_listing are English-only")
        build_ar(out_dir)
        return
    if edition != "en":
        raise ValueError(f"unknown edition {edition!r} (en, ar)")
    site_dir = _fresh_site_dir(out_dir)

    arts = generate_base()
    add_textless(arts)
    if js_listing:
        add_js_listing(arts)
    add_extra(arts, extra_articles)
    apply_edits(arts, edited_ids)
    resolve_links(arts)
    site = Site(arts, js_listing)

    write_articles(site, site_dir, arts, _build_jobs(len(arts), jobs))
    home, _ = site.home_page()
    _write(site_dir / "index.html", home)
    sections_manifest = write_listings(site, site_dir, js_listing)
    widgets = write_widgets(site, site_dir)
    by_author = all_authors(arts)
    write_other_pages(site, site_dir, by_author)
    write_sitemaps(site_dir, arts, by_author)
    write_manifest(out_dir, arts, edited_ids, js_listing, sections_manifest, widgets, site)


def _fresh_site_dir(out_dir: Path) -> Path:
    site_dir = Path(out_dir) / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    _made_dirs.clear()
    return site_dir


def build_ar(out_dir: Path) -> None:
    """The Arabic replica (``site_map_ar``, ``description_ar``, ``stories_ar``): the same
    writers, one monthly sitemap (``stories_ar.GZIP_MONTH``) as gzip bytes."""
    from . import description_ar as DA
    from .site_map_ar import AR, AR_PAGES
    from .stories_ar import GZIP_MONTH, generate_ar
    from .templates_ar import home_page

    out_dir = Path(out_dir)
    site_dir = _fresh_site_dir(out_dir)
    arts = generate_ar()
    site = Site(arts, False, AR)
    write_articles(site, site_dir, arts, 1)
    home, _ = home_page(site)
    _write(site_dir / "index.html", home)
    sections_manifest = write_listings(site, site_dir, False)
    _write(site_dir / "_widgets" / "index.json", "{}\n")
    by_author = all_authors(arts, DA.AUTHORS)
    write_other_pages(site, site_dir, by_author, AR_PAGES)
    write_sitemaps(site_dir, arts, by_author, AR, DA.AUTHORS, gzipped=[GZIP_MONTH])
    write_manifest(out_dir, arts, (), False, sections_manifest, {}, site)


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
    parser.add_argument(
        "--edition",
        choices=("en", "ar"),
        default="en",
        help="en: english.almayadeen.net (default); ar: www.almayadeen.net",
    )
    args = parser.parse_args(argv)
    build(
        args.out_dir,
        edition=args.edition,
        extra_articles=args.extra,
        edited_ids=tuple(args.edit),
        js_listing=args.js_listing,
        jobs=args.jobs,
    )
    print(args.out_dir / "site")


if __name__ == "__main__":
    main()
