"""Tests of the local replica of english.almayadeen.net (``tests/replica``).

The replica is built once per session; the expected JSON beside every article page is
checked against the page's own markup with a small reference extraction that follows
the rules written down in ``tests/replica/README.md``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit
from xml.etree import ElementTree

import pytest
from parsel import Selector

from mayadeen.items import ARTICLE_FIELDS, content_hash
from tests.replica import nginx as replica_nginx
from tests.replica.build import build
from tests.replica.nginx import find_nginx, serve_nginx
from tests.replica.server import Faults, add_fault_options, faults_from_args, serve
from tests.replica.site_map import BEIRUT, HOST, slugify

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MENU = {
    "/news": "News",
    "/news/politics": "Politics",
    "/news/economy": "Economy",
    "/news/sports": "Sports",
    "/news/arts-culture": "Arts&Culture",
    "/news/health": "Health",
    "/news/miscellaneous": "Miscellaneous",
    "/news/technology": "Technology",
    "/news/environment": "Environment",
    "/articles": "Articles",
    "/articles/opinion": "Opinion",
    "/articles/analysis": "Analysis",
    "/articles/blog": "Blog",
    "/articles/features": "Features",
    "/videos": "Videos",
    "/videos/newsfeed": "NewsFeed",
    "/videos/video-features": "Video Features",
    "/videos/explainers": "Explainers",
    "/videos/tv": "TV",
    "/videos/digital-series": "Digital Series",
    "/infographs": "Infographs",
    "/in-pictures": "In Pictures",
    "/live": "LIVE",
    "/region/africa": "Africa",
    "/region/asia": "Asia",
    "/region/asia-pacific": "Asia-Pacific",
    "/region/europe": "Europe",
    "/region/latin-america": "Latin America",
    "/region/mena": "MENA",
    "/region/palestine": "Palestine",
    "/region/us-canada": "US & Canada",
}
ARTICLE_PATH = re.compile(r"^/(news|articles|videos|infographs|in-pictures|newscast)/[^?#]+$")
#: Listings of the menus whose stories are often not prose (site-spec 4.1).
NON_TEXT_LISTINGS = (
    "/videos/newsfeed",
    "/videos/video-features",
    "/videos/explainers",
    "/videos/tv",
    "/videos/digital-series",
    "/infographs",
    "/in-pictures",
)
PLACEHOLDER_DATE = "2024-01-01T00:00:00Z"


# --------------------------------------------------------------------------- fixtures


# ``replica`` and ``manifest`` (one build per session) come from tests/conftest.py.


@pytest.fixture(scope="session")
def expected(replica: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for a in manifest["articles"]:
        out[a["article_id"]] = json.loads(expected_file(replica, a["paths"][0]).read_text("utf-8"))
    return out


@pytest.fixture(scope="session")
def base_url(replica: Path) -> Iterator[str]:
    with serve(replica / "site") as url:
        yield url


def page_file(out: Path, path: str) -> Path:
    return out / "site" / (path.lstrip("/") + ".html")


def expected_file(out: Path, path: str) -> Path:
    return out / "site" / (path.lstrip("/") + ".expected.json")


def get(base: str, path_and_query: str) -> tuple[int, str, bytes]:
    url = base + quote(path_and_query, safe="/?=&%")
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def local_path(href: str) -> str:
    """Site path of a link (absolute production links included)."""
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != urlsplit(HOST).netloc:
        return ""
    return unquote(parts.path)


# --------------------------------------------------------------------------- reference extraction


def fold(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


def node_text(node: Selector) -> str:
    return fold("".join(node.xpath(".//text()").getall()))


def extract(html_text: str) -> dict[str, Any]:
    """The item as the replica's conventions define it (see README)."""
    sel = Selector(text=html_text)
    taw = json.loads(sel.css("script#tawsiyat-metadata::text").get())
    box = sel.css("div.details-white-box")
    author_node = box.css(".post-meta .author")
    names = [fold(n) for n in author_node.css("a::text").getall()]
    if not names and author_node:
        names = [node_text(author_node[0]).removeprefix("By ").strip()]
    src = box.css(".post-meta .source")
    paras = []
    for node in box.xpath(
        "./div[contains(@class, 'p-content')]/*[self::p or self::h2 or self::h3 or self::h4]"
    ):
        text = node_text(node)
        if text and not text.startswith("Read more:"):
            paras.append(text)
    body = "\n\n".join(paras)
    wc = len(body.split())
    rt = box.css(".post-meta .read-time::text").get()
    images, seen = [], set()
    for fig in box.xpath(".//figure[not(ancestor::div[contains(@class, 'dual-related')])]"):
        url = fig.css("img::attr(data-src)").get()
        cap_node = fig.css("figcaption")
        caption = node_text(cap_node[0]) if cap_node else ""
        credit = None
        m = re.match(r"^(.*?)\s*\(([^()]*)\)$", caption)
        if m:
            caption, credit = m.group(1), m.group(2).strip()
        if url not in seen:
            seen.add(url)
            images.append({"url": url, "caption": caption or None, "credit": credit})
    cls: dict[str, str] = {}
    for c in taw["classes"]:
        cls.setdefault(c["mapping"], c["value"])
    tags: list[str] = []
    for t in taw["keywords"].split(","):
        if t.strip() and t.strip() not in tags:
            tags.append(t.strip())

    def utc(raw: str) -> str:
        return datetime.fromisoformat(raw).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")

    title = taw["title"]
    lead = box.css("p.lg_para.summary")
    return {
        "article_id": taw["postid"],
        "url": sel.css('meta[property="og:url"]::attr(content)').get(),
        "title": title,
        "summary": node_text(lead[0]) if lead else (fold(taw["description"]) or None),
        "authors": names,
        "source": node_text(src[0]).removeprefix("Source: ") if src else None,
        "published_at": utc(taw["published_time"]),
        "published_at_raw": taw["published_time"],
        "modified_at": utc(taw["last_updated"]),
        "modified_at_raw": taw["last_updated"],
        "post_type": cls.get("posttype"),
        "section": cls.get("category"),
        "region": cls.get("country"),
        "coverage": cls.get("coverage"),
        "tags": tags,
        "body": body,
        "word_count": wc,
        "reading_time": int(rt.split()[0]) if rt else (math.ceil(wc / 200) if wc else None),
        "images": images,
        "image_url": taw["thumbnail"] or None,
        "video_duration": int(taw["video_duration"]) if taw["video_duration"] else None,
        "language": sel.css('meta[itemprop="inLanguage"]::attr(content)').get(),
        "edition": "en",
        "content_hash": content_hash(title, body),
        "found_in": [],
    }


# --------------------------------------------------------------------------- the build


def test_build_is_deterministic(replica: Path, tmp_path: Path) -> None:
    build(tmp_path)
    files_a = sorted(p.relative_to(replica) for p in replica.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (replica / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_counts_and_content_types(
    manifest: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    assert len(manifest["articles"]) >= 170
    assert {e["post_type"] for e in expected.values()} == {
        "News",
        "Articles",
        "Videos",
        "Newscast",
        "Infographs",
        "In Pictures",
    }
    ids = [a["article_id"] for a in manifest["articles"]]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"\d{7}", i) for i in ids)


def test_expected_json_files(replica: Path, manifest: dict[str, Any]) -> None:
    wanted = set(ARTICLE_FIELDS) - {"scraped_at", "revision"}
    for a in manifest["articles"]:
        for path in a["paths"]:
            raw = expected_file(replica, path).read_text("utf-8")
            item = json.loads(raw)
            assert raw == json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            assert set(item) == wanted
            assert item["article_id"] == a["article_id"]
            assert item["url"] == a["url"] == HOST + a["paths"][0]
            assert item["content_hash"] == content_hash(item["title"], item["body"])
            assert item["word_count"] == len(item["body"].split())
            assert a["paths"][0].rsplit("/", 1)[1] == slugify(item["title"])


def test_expected_json_matches_the_markup(replica: Path, manifest: dict[str, Any]) -> None:
    for a in manifest["articles"]:
        for path in a["paths"]:
            want = json.loads(expected_file(replica, path).read_text("utf-8"))
            got = extract(page_file(replica, path).read_text("utf-8"))
            assert got == want, path


def test_urls_txt(replica: Path, manifest: dict[str, Any]) -> None:
    lines = (replica / "urls.txt").read_text("utf-8").splitlines()
    assert lines == sorted(a["url"] for a in manifest["articles"])


def test_awkward_cases_present(
    replica: Path, manifest: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    items = list(expected.values())
    assert any(e["source"] is None for e in items if e["post_type"] == "News")
    assert any(not e["tags"] for e in items)
    assert any(not e["images"] and e["image_url"] is None for e in items)
    assert any(len(e["authors"]) == 2 for e in items)
    assert any("Ja'far Al-Husseini" in e["authors"] for e in items)
    assert any(re.search(r"[\u0600-\u06ff]", " ".join(e["authors"])) for e in items)
    assert any(
        re.search(r"[\u0600-\u06ff]", i["caption"] or "") for e in items for i in e["images"]
    )
    assert any(i["caption"] and i["credit"] is None for e in items for i in e["images"])
    assert any(i["caption"] is None for e in items for i in e["images"])
    assert any(e["published_at_raw"].endswith("+02:00") for e in items)
    assert any(e["published_at_raw"].endswith("+03:00") for e in items)
    assert any(e["published_at_raw"] == e["modified_at_raw"] for e in items)
    assert any(e["published_at_raw"] != e["modified_at_raw"] for e in items)
    assert {e["published_at"][:4] for e in items} >= {"2023", "2024", "2025"}
    assert any(e["region"] is None for e in items) and any(e["coverage"] for e in items)
    assert any(e["video_duration"] for e in items)
    # Raw keywords with duplicates and stray spaces.
    pages = {
        a["article_id"]: page_file(replica, a["paths"][0]).read_text("utf-8")
        for a in manifest["articles"]
    }
    kws = [
        Selector(text=p).css('meta[name="keywords"]::attr(content)').get() for p in pages.values()
    ]
    assert any(k != ",".join(k.split(",")).strip() or " ," in k for k in kws)
    joined = "\n".join(pages.values())
    for needle in (
        "&nbsp;",
        "&#8217;",
        "&amp;",
        "&quot;",
        "\u2019",
        "<strong>Read more:",
        'class="dual-related"',
        'class="twitter-tweet"',
        "<h3>",
        "Source: Agencies",
        "Min Read",
        "2024-01-01T00:00:00Z",
    ):
        assert needle in joined, needle
    # An NFD-encoded paragraph whose expected text is NFC.
    assert any(unicodedata.normalize("NFC", p) != p for p in pages.values())
    # Bare /articles/<slug> and /articles/foreign-press/<slug>, not in a menu sub-listing.
    paths = [a["paths"][0] for a in manifest["articles"]]
    assert any(re.fullmatch(r"/articles/[^/]+", p) for p in paths)
    fp = [a for a in manifest["articles"] if a["paths"][0].startswith("/articles/foreign-press/")]
    assert fp and all("/articles" in a["sections"] for a in fp)
    assert all(not set(a["sections"]) & {"/articles/opinion", "/articles/analysis"} for a in fp)
    # The same slug in two sections, and a slug that changed (two paths, one post id).
    slugs = [p.rsplit("/", 1)[1] for p in paths]
    assert len(slugs) != len(set(slugs))
    moved = [a for a in manifest["articles"] if len(a["paths"]) == 2]
    assert len(moved) == 1
    old_page = page_file(replica, moved[0]["paths"][1]).read_text("utf-8")
    assert f'content="{moved[0]["url"]}"' in old_page
    assert (
        json.loads(expected_file(replica, moved[0]["paths"][1]).read_text("utf-8"))["url"]
        == moved[0]["url"]
    )


def test_article_page_conventions(
    replica: Path, manifest: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    for a in manifest["articles"]:
        html_text = page_file(replica, a["paths"][0]).read_text("utf-8")
        sel = Selector(text=html_text)
        assert sel.xpath("/html/@lang").get() == "en" and sel.xpath("/html/@dir").get() == "ltr"
        assert sel.css('meta[name="generator"]::attr(content)').get() == "mangox"
        assert sel.css('meta[name="postid"]::attr(content)').get() == a["article_id"]
        types = [
            json.loads(j)["@type"]
            for j in sel.css('script[type="application/ld+json"]::text').getall()
        ]
        assert any(t.endswith("Article") or t in ("VideoObject", "ImageGallery") for t in types)
        e = expected[a["article_id"]]
        pub = sel.css('meta[property="article:published_time"]::attr(content)').get()
        exact = e["published_at"][:19] + ".0000000"
        taw = json.loads(sel.css("script#tawsiyat-metadata::text").get())
        assert (taw["word_count"] == "0") == (a["kind"] == "video" or not a["has_text"])
        if a["kind"] == "video" and a["has_text"]:
            assert not sel.css("div.details-white-box h1")
            assert pub in (None, PLACEHOLDER_DATE)
        elif a["kind"] == "video":  # text-less videos: some show the title, some the date
            assert pub in (None, PLACEHOLDER_DATE, exact)
        else:
            assert sel.css("div.details-white-box h1")
            assert pub == exact
        assert 'type="269c1de9d716d0dfa6c79497-text/javascript"' in html_text


# --------------------------------------------------------------------------- pages without text


def iso_seconds(duration: str) -> int:
    """Seconds of an ISO 8601 duration such as ``PT1H2M5S``."""
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    assert m and any(m.groups()), duration
    hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return hours * 3600 + minutes * 60 + seconds


def content_shape(box: Selector) -> str:
    """What the article's ``div.p-content`` holds: ``absent``, ``empty``, ``nbsp`` (empty
    paragraphs only), ``iframe`` (a paragraph holding an iframe), ``bare-iframe`` or ``text``."""
    content = box.xpath("./div[contains(@class, 'p-content')]")
    if not content:
        return "absent"
    children = content.xpath("./*")
    if any(node_text(c) for c in children):
        return "text"
    tags = [c.root.tag for c in children]
    if not tags:
        return "empty"
    if tags == ["iframe"]:
        return "bare-iframe"
    if set(tags) == {"p"}:
        return "iframe" if children.xpath("./iframe") else "nbsp"
    return "other"


def test_pages_without_text(
    replica: Path, manifest: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    for a in manifest["articles"]:
        assert a["kind"] in ("text", "video", "infograph", "gallery")
        assert a["has_text"] == (expected[a["article_id"]]["body"] != "")
        assert a["has_text"] or a["kind"] != "text"
    textless = [a for a in manifest["articles"] if not a["has_text"]]
    assert 14 <= len(textless) <= 20
    for path in NON_TEXT_LISTINGS:
        assert sum(path in a["sections"] for a in textless) >= 2, path
    seen: dict[str, set[Any]] = defaultdict(set)
    for a in textless:
        e = expected[a["article_id"]]
        sel = Selector(text=page_file(replica, a["paths"][0]).read_text("utf-8"))
        box = sel.css("div.details-white-box")
        taw = json.loads(sel.css("script#tawsiyat-metadata::text").get())
        lds = {
            ld["@type"]: ld
            for ld in map(json.loads, sel.css('script[type="application/ld+json"]::text').getall())
        }
        main_ld = next(ld for t, ld in lds.items() if t not in ("WebSite", "Organization"))
        assert (e["body"], e["word_count"], taw["word_count"]) == ("", 0, "0")
        shape = content_shape(box)
        assert shape != "text", a["paths"][0]
        seen[f"{a['kind']} content"].add(shape)
        assert e["image_url"] and e["image_url"] == taw["thumbnail"]
        shown = box.css(".post-meta .read-time::text").get()
        assert e["reading_time"] == (int(shown.split()[0]) if shown else None)
        seen["reading time"].add(e["reading_time"])
        assert e["summary"] == (taw["description"] or None)
        lead = box.css("p.lg_para.summary")
        seen["lead"].add("shown" if lead else "metadata" if taw["description"] else "none")
        if not e["authors"]:
            assert not box.css(".author") and taw["author"] == ""
            assert "author" not in main_ld
        seen["authors"].add(
            "none"
            if not e["authors"]
            else "house"
            if e["authors"] == ["Al Mayadeen English"]
            else "person"
        )
        figures = box.xpath(".//figure")
        if a["kind"] == "video":
            assert e["images"] == [] and not figures
            assert main_ld["@type"] == "VideoObject" and main_ld["name"] == e["title"]
            assert main_ld["uploadDate"] == e["published_at"][:19] + ".0000000"
            if e["video_duration"] is None:
                assert taw["video_duration"] is None and "duration" not in main_ld
            else:
                assert taw["video_duration"] == str(e["video_duration"])
                assert iso_seconds(main_ld["duration"]) == e["video_duration"]
            seen["duration"].add(
                None if e["video_duration"] is None else e["video_duration"] >= 3600
            )
            player = box.css("div.video-player")
            seen["player"].add(
                "none" if not player else "video" if player.css("video") else "iframe"
            )
            if not player:  # the iframe in the body is the player
                assert box.css("div.p-content iframe")
            pub = sel.css('meta[property="article:published_time"]::attr(content)').get()
            seen["published meta"].add(
                "none" if pub is None else "placeholder" if pub == PLACEHOLDER_DATE else "exact"
            )
            seen["video h1"].add(bool(box.css("h1")))
            seen["video post type"].add(e["post_type"])
        elif a["kind"] == "infograph":
            assert len(figures) == 1 and len(e["images"]) == 1
            seen["infograph caption"].add(
                "none"
                if e["images"][0]["caption"] is None
                else "credited"
                if e["images"][0]["credit"]
                else "uncredited"
            )
        else:
            gallery = box.css("div.gallery-wrap figure")
            assert len(gallery) >= 3 and len(e["images"]) == len(gallery)
            assert sum(i["caption"] is not None for i in e["images"]) >= 3
            seen["gallery cover"].add(bool(box.css("figure.main-image")))
            seen["gallery JSON-LD"].add(main_ld["@type"])
    assert seen["video content"] == {"absent", "empty", "nbsp", "iframe", "bare-iframe"}
    assert seen["infograph content"] == seen["gallery content"] == {"absent", "empty", "nbsp"}
    assert seen["reading time"] == {None, 1}
    assert seen["lead"] == {"shown", "metadata", "none"}
    assert seen["authors"] == {"none", "house", "person"}
    assert seen["duration"] == {None, False, True}
    assert seen["player"] == {"none", "video", "iframe"}
    assert seen["published meta"] == {"none", "placeholder", "exact"}
    assert seen["video h1"] == {True, False}
    assert seen["video post type"] == {"Videos", "Newscast"}
    assert seen["infograph caption"] == {"none", "credited", "uncredited"}
    assert seen["gallery cover"] == {True, False}
    assert seen["gallery JSON-LD"] == {"ImageGallery", "NewsArticle"}
    # Newscasts are TV stories; one lives at /newscast/YYYY/M/D/<slug> (Beirut date).
    newscasts = [a for a in textless if a["post_type"] == "Newscast"]
    assert newscasts and all(a["found_in"][:2] == ["Videos", "Videos > TV"] for a in newscasts)
    dated = [a for a in newscasts if a["paths"][0].startswith("/newscast/")]
    assert len(dated) == 1
    day = datetime.fromisoformat(expected[dated[0]["article_id"]]["published_at_raw"])
    assert dated[0]["paths"][0].split("/")[2:5] == [str(day.year), str(day.month), str(day.day)]
    assert day.date() != datetime.fromisoformat(dated[0]["published"]).date()


def test_pages_without_text_in_listings(base_url: str, manifest: dict[str, Any]) -> None:
    textless = [a for a in manifest["articles"] if not a["has_text"]]
    for path in (*NON_TEXT_LISTINGS, "/videos"):
        found, pages = listing_paths(base_url, path)
        want = {a["paths"][0] for a in textless if path in a["sections"]}
        assert want and want <= set(found), path
        if path == "/videos":  # some only on the "More" pages
            assert pages > 1 and want & set(found[10:]) and want & set(found[:10])


def test_edited_pages_without_text(
    tmp_path: Path, manifest: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    textless = [a for a in manifest["articles"] if not a["has_text"]]
    edited = [textless[3]["article_id"], textless[-1]["article_id"]]
    build(tmp_path, edited_ids=edited)
    new = {
        a["article_id"]: a
        for a in json.loads((tmp_path / "manifest.json").read_text("utf-8"))["articles"]
    }
    for k, aid in enumerate(edited):
        before = expected[aid]
        after = json.loads(expected_file(tmp_path, new[aid]["paths"][0]).read_text("utf-8"))
        assert after["modified_at"] > before["modified_at"]
        assert after["published_at"] == before["published_at"]
        assert after["body"] == "" and not new[aid]["has_text"]
        assert after["images"] == before["images"]
        got = extract(page_file(tmp_path, new[aid]["paths"][0]).read_text("utf-8"))
        assert got == after
        if k == 0:  # retitled: a new address, the old one serves the same page
            assert after["title"] == "Update: " + before["title"]
            assert new[aid]["paths"][1:] == [urlsplit(before["url"]).path]
            assert new[aid]["paths"][0] == urlsplit(after["url"]).path != new[aid]["paths"][1]
            old_copy = expected_file(tmp_path, new[aid]["paths"][1]).read_text("utf-8")
            assert json.loads(old_copy) == after
        else:
            assert after["title"] == before["title"] and after["url"] == before["url"]


# --------------------------------------------------------------------------- the server


def test_server_pages(base_url: str, manifest: dict[str, Any]) -> None:
    status, ctype, body = get(base_url, "/")
    assert status == 200 and ctype.startswith("text/html")
    sel = Selector(text=body.decode("utf-8"))
    assert not sel.css('link[rel="canonical"]')
    assert json.loads(sel.css("script#tawsiyat-metadata::text").get())["type"] == "page"
    types = [
        json.loads(j)["@type"] for j in sel.css('script[type="application/ld+json"]::text').getall()
    ]
    assert types == ["WebSite", "WebPage", "ItemList", "Organization"]
    for a in manifest["articles"][:5] + [a for a in manifest["articles"] if len(a["paths"]) > 1]:
        for path in a["paths"]:
            status, ctype, body = get(base_url, path)
            assert status == 200 and ctype == "text/html; charset=utf-8", path
            og = (
                Selector(text=body.decode("utf-8"))
                .css('meta[property="og:url"]::attr(content)')
                .get()
            )
            assert og == a["url"]
    arabic = [a for a in manifest["articles"] if any(ord(c) > 127 for c in a["paths"][0])]
    for path in [
        "/authors/ja-far-al-husseini",
        "/authors/سلمى-حداد",
        "/about-us",
        "/live",
        "/authors",
    ] + [a["paths"][0] for a in arabic]:
        assert get(base_url, path)[0] == 200, path
    for path in [
        "/nope",
        "/news/politics/nope",
        "/_getmore/index.json",
        "/_404",
        "/index",
        manifest["articles"][0]["paths"][0] + ".expected.json",
    ]:
        status, ctype, body = get(base_url, path)
        assert status == 404 and b"Page not found" in body, path
    status, ctype, body = get(base_url, "/robots.txt")
    assert status == 200 and ctype.startswith("text/plain") and b"Sitemap:" in body
    status, ctype, _ = get(base_url, "/sitemaps/all.xml")
    assert status == 200 and ctype.startswith("application/xml")


def load_more_request(html_text: str, page_path: str, page: int) -> str:
    """The GetMore URL exactly as the site's JavaScript builds it for a listing page."""
    sel = Selector(text=html_text)
    btn = sel.css(".ow-container .loadmoresection a.loadmorebtn")
    filt = btn.xpath("ancestor::div[contains(@class, 'ow-container')][1]/@data-filter").get()
    ismain = btn.attrib["data-ismain"] == "true"
    url = "/GetMore" + (page_path if ismain else "") + f"?page={page}"
    url += ("&" + filt) if filt else ""
    url += f"&widgetid={btn.attrib['data-widgetid']}&widget={btn.attrib['data-widgetcode']}"
    url += f"&postid={sel.css('meta[name=postid]::attr(content)').get()}"
    url += (
        f"&ismain={'true' if ismain else 'false'}&order={btn.attrib.get('data-widgetorder', '1')}"
    )
    return url


def card_paths(html_text: str) -> list[str]:
    out = []
    for href in Selector(text=html_text).css("a::attr(href)").getall():
        p = local_path(href)
        if ARTICLE_PATH.match(p) and p not in MENU and p not in out:
            out.append(p)
    return out


def listing_paths(base_url: str, path: str) -> tuple[list[str], int]:
    """Article paths of a listing (first page + GetMore pages) and the number of pages."""
    status, _, body = get(base_url, path)
    assert status == 200, path
    first = body.decode("utf-8")
    sel = Selector(text=first)
    found = card_paths(sel.css(".ow-container .datalist").get())
    page = 2
    while True:
        status, _, frag = get(base_url, load_more_request(first, path, page))
        assert status == 200, (path, page)
        if not frag.strip():
            break
        found += [p for p in card_paths(frag.decode("utf-8")) if p not in found]
        page += 1
    return found, page - 1


def test_getmore_pagination(base_url: str, manifest: dict[str, Any]) -> None:
    sections = {s["path"]: s for s in manifest["sections"]}
    found, pages = listing_paths(base_url, "/news/politics")
    assert pages >= 4 and pages == sections["/news/politics"]["pages"]
    want = [a["paths"][0] for a in manifest["articles"] if "/news/politics" in a["sections"]]
    assert sorted(found) == sorted(want)
    published = {a["paths"][0]: a["published"] for a in manifest["articles"]}
    assert [published[p] for p in found] == sorted((published[p] for p in found), reverse=True)
    # A non-main widget (no path) with a data-filter, and a main one with a filter.
    for path in ("/region/palestine", "/news"):
        found, pages = listing_paths(base_url, path)
        assert pages == sections[path]["pages"]
        assert len(found) == sections[path]["articles"]


def test_getmore_bad_requests(base_url: str) -> None:
    html_text = get(base_url, "/news")[2].decode("utf-8")
    good = load_more_request(html_text, "/news", 2)
    assert get(base_url, good)[0] == 200
    for bad in (
        good.replace("widgetid=50112", "widgetid=99999"),
        good.replace("&widget=main-category-list", ""),
        good.replace("&widget=main-category-list", "&widget=other"),
        re.sub(r"&postid=\d+", "", good),
        re.sub(r"&postid=\d+", "&postid=1234567", good),
        good.replace("&type=news", ""),
        good.replace("/GetMore/news?", "/GetMore?"),
        good.replace("/GetMore/news?", "/GetMore/news/politics?"),
        good.replace("page=2", "page=x"),
    ):
        assert get(base_url, bad)[0] == 400, bad
    assert get(base_url, good.replace("page=2", "page=999"))[:3:2] == (200, b"")


def test_load_widget(base_url: str, manifest: dict[str, Any]) -> None:
    html_text = get(base_url, "/in-pictures")[2].decode("utf-8")
    sel = Selector(text=html_text)
    w = sel.css(".asyncwidget")
    assert w and not w.xpath("./*")
    postid = sel.css("meta[name=postid]::attr(content)").get()
    wid, key = w.attrib["data-widgetid"], w.attrib["data-widgetkey"]
    url = f"/LoadWidget?postid={postid}&widgetid={wid}&widget={key}"
    status, _, body = get(base_url, url)
    assert status == 200
    paths = card_paths(body.decode("utf-8"))
    only = {a["paths"][0] for a in manifest["articles"] if a["widget_only"]}
    assert len(paths) >= 2 and set(paths) == only
    assert get(base_url, url.replace(f"postid={postid}", "postid=1"))[0] == 400
    assert get(base_url, url.replace("widget=", "widget=x"))[0] == 400
    assert get(base_url, "/LoadWidget?" + urlencode({"postid": postid}))[0] == 400
    # Nothing else links to the widget-only stories.
    for s in manifest["sections"]:
        if s["pages"]:
            found, _ = listing_paths(base_url, s["path"])
            assert not set(found) & only, s["path"]
    assert not set(card_paths(get(base_url, "/")[2].decode("utf-8"))) & only


def test_menus_and_reachability(base_url: str, manifest: dict[str, Any]) -> None:
    sel = Selector(text=get(base_url, "/")[2].decode("utf-8"))
    menu: dict[str, str] = {}
    for a in sel.css("header#header nav.navbar ul.main_link a[href]"):
        menu.setdefault(local_path(a.attrib["href"]), fold(a.xpath("string()").get()))
    assert {p: menu[p] for p in MENU} == MENU
    assert set(menu) == set(MENU)
    assert any(h.startswith(HOST) for h in sel.css("header#header a::attr(href)").getall())
    reachable: set[str] = set()
    listed = {s["path"] for s in manifest["sections"]}
    for path in MENU:
        assert path in listed
        if path == "/live":
            assert get(base_url, path)[0] == 200
            continue
        found, _ = listing_paths(base_url, path)
        assert found, path
        reachable.update(found)
    widget = get(base_url, "/LoadWidget?postid=1000162&widgetid=60211&widget=gallery-archive")[2]
    reachable.update(card_paths(widget.decode("utf-8")))
    assert {a["paths"][0] for a in manifest["articles"]} <= reachable


def test_sitemaps(replica: Path, manifest: dict[str, Any]) -> None:
    site = replica / "site"
    index = ElementTree.parse(site / "sitemaps" / "all.xml").getroot()
    assert index.tag == SITEMAP_NS + "sitemapindex"
    locs: list[str] = []
    for sm in index.iter(SITEMAP_NS + "sitemap"):
        loc = sm.findtext(SITEMAP_NS + "loc")
        assert re.search(r"/sitemaps/all/sitemap-\d{4}-([1-9]|1[0-2])\.xml$", loc)
        assert sm.findtext(SITEMAP_NS + "lastmod")
        urlset = ElementTree.parse(site / urlsplit(loc).path.lstrip("/")).getroot()
        for u in urlset.iter(SITEMAP_NS + "url"):
            assert u.findtext(SITEMAP_NS + "lastmod")
            locs.append(unquote(u.findtext(SITEMAP_NS + "loc")))
    assert {a["url"] for a in manifest["articles"]} <= set(locs)
    assert any("/authors/" in u for u in locs)


# --------------------------------------------------------------------------- second crawl variant


def test_added_and_edited_articles(tmp_path: Path, manifest: dict[str, Any], replica: Path) -> None:
    politics = [
        a for a in manifest["articles"] if a["section"] == "/news/politics" and len(a["paths"]) == 1
    ]
    opinion = [a for a in manifest["articles"] if a["section"] == "/articles/opinion"]
    edited = [politics[3]["article_id"], opinion[2]["article_id"]]
    build(tmp_path, extra_articles=4, edited_ids=edited)
    m2 = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    old = {a["article_id"]: a for a in manifest["articles"]}
    new = {a["article_id"]: a for a in m2["articles"]}
    added = [i for i in new if i not in old]
    assert len(added) == 4 and set(old) <= set(new)
    newest_before = max(a["published"] for a in manifest["articles"])
    assert all(new[i]["published"] > newest_before for i in added)
    assert all(int(i) > max(int(j) for j in old) for i in added)
    # New stories top their section listing.
    for i in added:
        section = new[i]["section"]
        first = (tmp_path / "site" / (section.lstrip("/") + ".html")).read_text("utf-8")
        tops = card_paths(Selector(text=first).css(".datalist").get())
        assert new[i]["paths"][0] in tops[:4]

    def item(out: Path, a: dict[str, Any], k: int = 0) -> dict[str, Any]:
        return json.loads(expected_file(out, a["paths"][k]).read_text("utf-8"))

    for k, aid in enumerate(edited):
        before, after = item(replica, old[aid]), item(tmp_path, new[aid])
        assert after["modified_at"] > before["modified_at"]
        assert after["published_at"] == before["published_at"]
        assert after["body"] != before["body"] and after["content_hash"] != before["content_hash"]
        if k == 0:
            assert after["title"] != before["title"] and after["url"] != before["url"]
            assert new[aid]["paths"] == [urlsplit(after["url"]).path, old[aid]["paths"][0]]
            assert item(tmp_path, new[aid], 1) == after
        else:
            assert after["url"] == before["url"]
    untouched = [i for i in old if i not in edited][:40]
    for aid in untouched:
        assert item(replica, old[aid]) == item(tmp_path, new[aid])
    with serve(tmp_path) as url:
        for p in new[edited[0]]["paths"]:
            status, _, body = get(url, p)
            assert status == 200
            og = (
                Selector(text=body.decode("utf-8"))
                .css('meta[property="og:url"]::attr(content)')
                .get()
            )
            assert og == new[edited[0]]["url"]


# --------------------------------------------------------------------------- JS-only listing

JS_LISTING = "/news/live-updates"
JS_MENU_ITEM = re.compile(
    r'<li( class="nav_item")?>\n<a href="/news/live-updates">Live Updates</a>\n</li>\n'
)
#: Runs the listing's inline script against a minimal fake DOM and prints the list's HTML.
#: argv[2] == "deferred": the list element only exists once DOMContentLoaded fires.
FAKE_DOM = r"""
var vm = require("vm");
var src = require("fs").readFileSync(process.argv[1], "utf8");
var deferred = process.argv[2] === "deferred";
function Node(tag) { this.tag = tag; this.attrs = []; this.children = []; }
Node.prototype.setAttribute = function (k, v) { this.attrs.push([k, String(v)]); };
Node.prototype.getAttribute = function (k) {
  for (var i = 0; i < this.attrs.length; i++) {
    if (this.attrs[i][0] === k) return this.attrs[i][1];
  }
  return null;
};
Node.prototype.appendChild = function (c) { this.children.push(c); return c; };
var list = new Node("div");
var ready = !deferred, listeners = [];
var document = {
  createElement: function (t) { return new Node(t); },
  createTextNode: function (t) { return {text: String(t)}; },
  getElementById: function (id) { return ready && id === "live-list" ? list : null; },
  addEventListener: function (ev, fn) { if (ev === "DOMContentLoaded") listeners.push(fn); }
};
vm.runInNewContext(src, {document: document});
ready = true;
listeners.forEach(function (fn) { fn(); });
function esc(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;")
    .replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
function html(n) {
  if (n.text !== undefined) return esc(n.text);
  var attrs = n.attrs.map(function (a) { return " " + a[0] + '="' + esc(a[1]) + '"'; }).join("");
  return "<" + n.tag + attrs + ">" + n.children.map(html).join("") + "</" + n.tag + ">";
}
process.stdout.write(
  '<div class="datalist" id="live-list">' + list.children.map(html).join("") + "</div>"
);
"""


@pytest.fixture(scope="module")
def js_replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replica-js")
    build(out, js_listing=True)
    return out


@pytest.fixture(scope="module")
def js_manifest(js_replica: Path) -> dict[str, Any]:
    return json.loads((js_replica / "manifest.json").read_text("utf-8"))


def js_articles(m: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in m["articles"] if a["js_only"]]


def js_script(html_text: str) -> str:
    scripts = Selector(text=html_text).css("script#js-listing-script")
    assert len(scripts) == 1 and scripts.attrib["type"] == "text/javascript"
    return scripts.css("::text").get()


def test_default_build_has_no_js_listing(replica: Path, manifest: dict[str, Any]) -> None:
    for f in replica.rglob("*"):
        if f.is_file():
            assert b"live-updates" not in f.read_bytes(), f
    assert all("js_only" not in a for a in manifest["articles"])
    assert all("js" not in s for s in manifest["sections"])


def test_js_listing_manifest_and_articles(
    js_replica: Path, js_manifest: dict[str, Any], manifest: dict[str, Any]
) -> None:
    live = js_articles(js_manifest)
    assert len(live) == 6
    base = {a["article_id"]: a for a in manifest["articles"]}
    others = [a for a in js_manifest["articles"] if not a["js_only"]]
    # The other stories are those of the default build, unchanged but for the flag.
    assert [{k: v for k, v in a.items() if k != "js_only"} for a in others] == list(base.values())
    newest = max(a["published"] for a in manifest["articles"])
    ids = [a["article_id"] for a in js_manifest["articles"]]
    assert len(set(ids)) == len(ids)
    for a in live:
        assert re.fullmatch(r"\d{7}", a["article_id"]) and a["article_id"] not in base
        assert int(a["article_id"]) > max(int(i) for i in base)
        assert a["published"] > newest
        assert a["paths"] == [a["paths"][0]] and a["paths"][0].startswith(JS_LISTING + "/")
        assert a["sections"] == [JS_LISTING] and a["found_in"] == ["News > Live Updates"]
        assert a["section"] == JS_LISTING and a["post_type"] == "News"
        assert not a["widget_only"] and not a["extra"]
        item = json.loads(expected_file(js_replica, a["paths"][0]).read_text("utf-8"))
        assert item == extract(page_file(js_replica, a["paths"][0]).read_text("utf-8"))
        assert item["url"] == a["url"] and item["article_id"] == a["article_id"]
        assert (item["post_type"], item["section"]) == ("News", "Live Updates")
    sections = js_manifest["sections"]
    paths = [s["path"] for s in sections]
    entry = sections[paths.index(JS_LISTING)]
    assert paths.index(JS_LISTING) == paths.index("/news/environment") + 1
    assert entry["js"] is True and entry["menu"] == "News" and entry["articles"] == 6
    assert "widgetid" not in entry
    assert all(s["js"] is False for s in sections if s is not entry)
    lines = (js_replica / "urls.txt").read_text("utf-8").splitlines()
    assert lines == sorted(a["url"] for a in js_manifest["articles"])
    assert {a["url"] for a in live} <= set(lines)


def test_js_listing_page_has_no_links_in_its_html(
    js_replica: Path, js_manifest: dict[str, Any]
) -> None:
    live = js_articles(js_manifest)
    html_text = page_file(js_replica, JS_LISTING).read_text("utf-8")
    sel = Selector(text=html_text)
    datalist = sel.css(".ow-container .datalist#live-list")
    assert datalist and not datalist.xpath("./node()")
    assert not sel.css(".loadmorebtn, .asyncwidget")
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        assert json.loads(raw)["@type"] != "ItemList"
    assert not set(card_paths(html_text)) & {a["paths"][0] for a in live}
    script = js_script(html_text)
    for a in live:
        path = a["paths"][0]
        assert path not in html_text and quote(path) not in html_text
        assert path.replace("/", "\\/") not in html_text
        assert f'"{path.rsplit("/", 1)[1]}"' in script
    # ES5 only (Splash's QtWebKit): no arrow functions, let/const, template literals, fetch.
    for needle in ("=>", "`", "fetch(", "...", "class "):
        assert needle not in script, needle
    assert not re.search(r"\b(let|const)\s", script)


def test_js_listing_shown_nowhere_else(
    js_replica: Path, js_manifest: dict[str, Any], replica: Path
) -> None:
    live = js_articles(js_manifest)
    own = {page_file(js_replica, a["paths"][0]): a for a in live}
    slugs = [a["paths"][0].rsplit("/", 1)[1] for a in live]
    site = js_replica / "site"
    for f in site.rglob("*"):
        if not f.is_file() or f == page_file(js_replica, JS_LISTING):
            continue
        rel = f.relative_to(site).as_posix()
        if rel.startswith("sitemaps/") or rel.startswith("news/live-updates/"):
            continue
        text = f.read_text("utf-8")
        assert not any(s in text for s in slugs), rel
    for f, a in own.items():
        text = f.read_text("utf-8")
        others = [s for s in slugs if s != a["paths"][0].rsplit("/", 1)[1]]
        assert not any(s in text for s in others), f
    # Every page of the default build is there, the same but for the new menu entry.
    for f in (replica / "site").rglob("*"):
        rel = f.relative_to(replica / "site")
        if f.is_file() and not rel.as_posix().startswith("sitemaps/"):
            got = JS_MENU_ITEM.sub("", (site / rel).read_text("utf-8"))
            assert got == f.read_text("utf-8"), rel


def test_js_listing_menu_and_server(js_replica: Path, js_manifest: dict[str, Any]) -> None:
    with serve(js_replica) as url:
        for path in ("/", "/news/politics", "/live", js_manifest["articles"][0]["paths"][0]):
            sel = Selector(text=get(url, path)[2].decode("utf-8"))
            news = sel.css("header#header ul.main_link > li")[0]
            links = [
                (local_path(n.attrib["href"]), fold(n.xpath("string()").get()))
                for n in news.css("a")
            ]
            assert links[0] == ("/news", "News")
            assert links[-2:] == [
                ("/news/environment", "Environment"),
                (JS_LISTING, "Live Updates"),
            ]
        assert get(url, JS_LISTING)[0] == 200
        for a in js_articles(js_manifest):
            status, _, body = get(url, a["paths"][0])
            assert status == 200
            og = Selector(text=body.decode("utf-8")).css('meta[property="og:url"]::attr(content)')
            assert og.get() == a["url"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@pytest.mark.subprocess
def test_js_listing_script_runs(
    js_replica: Path, js_manifest: dict[str, Any], tmp_path: Path
) -> None:
    script = tmp_path / "listing.js"
    script.write_text(js_script(page_file(js_replica, JS_LISTING).read_text("utf-8")), "utf-8")
    subprocess.run(["node", "--check", str(script)], check=True)
    live = sorted(js_articles(js_manifest), key=lambda a: a["published"], reverse=True)
    for mode in ("now", "deferred"):
        out = subprocess.run(
            ["node", "-e", FAKE_DOM, str(script), mode],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        sel = Selector(text=out)
        found = [p for p in card_paths(out) if p != JS_LISTING]
        assert found == [a["paths"][0] for a in live], mode
        cards = sel.css("div.item.news-card")
        assert [c.attrib["data-postid"] for c in cards] == [a["article_id"] for a in live]
        for pos, (card, a) in enumerate(zip(cards, live, strict=True)):
            info = card.css("div.tab_item_info")
            assert info.css("a.category-meta::attr(href)").get() == JS_LISTING
            title_href = info.css("a.news-title::attr(href)").get()
            assert title_href == (a["url"] if pos % 3 == 2 else a["paths"][0])
            assert card.css("div.tab_item_bg a::attr(href)").get() == a["paths"][0]
            item = json.loads(expected_file(js_replica, a["paths"][0]).read_text("utf-8"))
            assert fold(info.css("a.news-title h4::text").get()) == item["title"]
            day = datetime.fromisoformat(item["published_at_raw"])
            assert info.css("span.date::text").get() == f"{day.day} {day:%b %Y}"


def test_js_listing_with_extra_articles(tmp_path: Path) -> None:
    build(tmp_path, extra_articles=3, js_listing=True)
    m = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    ids = [a["article_id"] for a in m["articles"]]
    assert len(set(ids)) == len(ids)
    assert len(js_articles(m)) == 6 and sum(a["extra"] for a in m["articles"]) == 3
    assert not any(a["extra"] and a["js_only"] for a in m["articles"])


# --------------------------------------------------------------------------- a big build

BIG_EXTRA = 3000


@pytest.fixture(scope="module")
def big_replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replica-big")
    build(out, extra_articles=BIG_EXTRA)
    return out


@pytest.fixture(scope="module")
def big_manifest(big_replica: Path) -> dict[str, Any]:
    return json.loads((big_replica / "manifest.json").read_text("utf-8"))


@pytest.mark.slow
def test_big_build_ids_paths_titles_and_dates(
    big_replica: Path, big_manifest: dict[str, Any], replica: Path, manifest: dict[str, Any]
) -> None:
    arts = big_manifest["articles"]
    extra = [a for a in arts if a["extra"]]
    assert len(extra) == BIG_EXTRA and len(arts) == len(manifest["articles"]) + BIG_EXTRA
    ids = [a["article_id"] for a in arts]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"\d{7}", i) for i in ids)
    paths = [p for a in arts for p in a["paths"]]
    assert len(set(paths)) == len(paths)
    urls = (big_replica / "urls.txt").read_text("utf-8").splitlines()
    assert urls == sorted(a["url"] for a in arts) and len(set(urls)) == len(urls)
    titles: dict[bool, list[str]] = {True: [], False: []}
    for a in arts:
        assert all(page_file(big_replica, p).is_file() for p in a["paths"]), a["paths"]
        item = json.loads(expected_file(big_replica, a["paths"][0]).read_text("utf-8"))
        assert item["article_id"] == a["article_id"] and item["url"] == a["url"]
        assert a["paths"][0].rsplit("/", 1)[1] == slugify(item["title"])
        titles[a["extra"]].append(item["title"])
    # Unique titles (the base build has one deliberate twin: a video titled like a story).
    assert len(set(titles[True])) == BIG_EXTRA and not set(titles[True]) & set(titles[False])
    # The extra stories' pages follow the conventions too (a sample).
    for a in extra[:: BIG_EXTRA // 20]:
        want = json.loads(expected_file(big_replica, a["paths"][0]).read_text("utf-8"))
        assert extract(page_file(big_replica, a["paths"][0]).read_text("utf-8")) == want
    # Base stories are untouched.
    for a in manifest["articles"]:
        for p in a["paths"]:
            assert (
                expected_file(big_replica, p).read_bytes() == expected_file(replica, p).read_bytes()
            )
    # Extra stories: newer than every base story, ~53 minutes apart, in post id order.
    newest_base = max(a["published"] for a in manifest["articles"])
    published = [a["published"] for a in sorted(extra, key=lambda a: int(a["article_id"]))]
    assert published[0] > newest_base and published == sorted(set(published))
    first, last = (datetime.fromisoformat(published[k]) for k in (0, -1))
    assert abs((last - first).total_seconds() / 60 - 53 * (BIG_EXTRA - 1)) < 60


@pytest.mark.slow
def test_big_build_listings(big_replica: Path, big_manifest: dict[str, Any]) -> None:
    site = big_replica / "site"
    arts = big_manifest["articles"]
    order = {a["paths"][0]: (a["published"], int(a["article_id"])) for a in arts}
    getmore = json.loads((site / "_getmore" / "index.json").read_text("utf-8"))
    sections = {s["path"]: s for s in big_manifest["sections"]}
    assert sections["/news"]["pages"] >= 150 and sections["/news/politics"]["pages"] >= 37
    for s in big_manifest["sections"]:
        if not s["pages"]:
            continue
        pages = max(1, math.ceil(s["articles"] / 10))
        assert s["pages"] == pages == getmore[s["widgetid"]]["pages"], s["path"]
        folder = site / "_getmore" / s["widgetid"]
        assert sorted(int(f.stem) for f in folder.iterdir()) == list(range(1, pages + 1))
        found: list[str] = []
        for n in range(1, pages + 1):
            cards = card_paths((folder / f"{n}.html").read_text("utf-8"))
            assert len(cards) == (10 if n < pages else s["articles"] - 10 * (pages - 1))
            found += cards
        want = [a["paths"][0] for a in arts if s["path"] in a["sections"] and not a["widget_only"]]
        assert sorted(found) == sorted(want) and len(set(found)) == len(found), s["path"]
        assert found == sorted(found, key=order.__getitem__, reverse=True), s["path"]
        listing = page_file(big_replica, s["path"]).read_text("utf-8")
        first = card_paths(Selector(text=listing).css(".ow-container .datalist").get())
        assert first == found[:10], s["path"]
    # Served: the deepest page, then an empty one.
    with serve(big_replica) as url:
        html_text = get(url, "/news")[2].decode("utf-8")
        last = sections["/news"]["pages"]
        status, _, body = get(url, load_more_request(html_text, "/news", last))
        assert status == 200 and card_paths(body.decode("utf-8"))
        assert get(url, load_more_request(html_text, "/news", last + 1))[::2] == (200, b"")


@pytest.mark.slow
def test_big_build_sitemaps(big_replica: Path, big_manifest: dict[str, Any]) -> None:
    site = big_replica / "site"
    index = ElementTree.parse(site / "sitemaps" / "all.xml").getroot()
    listed = sorted(
        urlsplit(sm.findtext(SITEMAP_NS + "loc")).path for sm in index.iter(SITEMAP_NS + "sitemap")
    )
    files = sorted(f"/sitemaps/all/{f.name}" for f in (site / "sitemaps" / "all").iterdir())
    assert listed == files
    month_of: dict[str, str] = {}
    for path in files:
        urlset = ElementTree.parse(site / path.lstrip("/")).getroot()
        locs = [unquote(u.findtext(SITEMAP_NS + "loc")) for u in urlset.iter(SITEMAP_NS + "url")]
        assert 0 < len(locs) <= 1000, path  # ~815 stories a month at one every 53 minutes
        for loc in locs:
            assert loc not in month_of, loc
            month_of[loc] = path
    for a in big_manifest["articles"]:
        d = datetime.fromisoformat(a["published"]).astimezone(BEIRUT)
        assert month_of[a["url"]] == f"/sitemaps/all/sitemap-{d.year}-{d.month}.xml", a["url"]
    assert len(month_of) == len(big_manifest["articles"]) + sum("/authors/" in u for u in month_of)


# --------------------------------------------------------------------------- fault modes


def fetch(base: str, path: str, timeout: float = 5.0) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET on a fresh connection (no redirect following): status, headers, body."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", quote(path, safe="/?=&%"))
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def raw_get(base: str, path: str, timeout: float = 5.0) -> bytes:
    """Every byte the server sends for one GET, until it closes the connection."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def always(kind: str, **kw: Any) -> Faults:
    """Every path+query's first request gets ``kind``, then it is served normally."""
    return Faults(rate=1.0, kinds=(kind,), max_per_path=1, **kw)


def test_faults_none_changes_nothing(replica: Path, base_url: str) -> None:
    paths = ["/", "/about-us", "/nope", "/robots.txt", "/GetMore?page=1"]
    want = {p: fetch(base_url, p) for p in paths}
    for faults in (None, Faults()):
        with serve(replica, faults=faults) as url:
            assert isinstance(url, str) and url.startswith("http://127.0.0.1:")
            for p in paths:
                status, headers, body = fetch(url, p)
                assert (status, body) == (want[p][0], want[p][2]), p
                assert headers["Content-Type"] == want[p][1]["Content-Type"]
                assert headers["Server"] == "cloudflare" and "cf-mitigated" not in headers
            assert [(s.path, s.outcome) for s in url.log] == [
                ("/", 200),
                ("/about-us", 200),
                ("/nope", 404),
                ("/robots.txt", 200),
                ("/GetMore?page=1", 400),
            ]


@pytest.mark.parametrize("kind", ["500", "502", "503", "429"])
def test_fault_status_kinds(replica: Path, kind: str) -> None:
    with serve(replica, faults=always(kind, retry_after=7)) as url:
        status, headers, body = fetch(url, "/about-us")
        assert status == int(kind)
        assert headers["Content-Type"].startswith("text/html")
        assert body.startswith(b"<!DOCTYPE html>") and kind.encode() in body
        assert b"Just a moment" not in body and "cf-mitigated" not in headers
        if kind == "503":
            assert b"Service Unavailable" in body
        assert headers.get("Retry-After") == ("7" if kind == "429" else None)
        assert fetch(url, "/about-us")[0] == 200
        assert [s.outcome for s in url.log] == [kind, 200]


@pytest.mark.parametrize("kind", ["challenge403", "challenge503", "challenge200"])
def test_fault_challenges(replica: Path, kind: str) -> None:
    with serve(replica, faults=always(kind)) as url:
        status, headers, body = fetch(url, "/news/politics")
        assert status == int(kind[-3:])
        assert headers["Server"] == "cloudflare"
        assert headers["cf-mitigated"] == "challenge"
        assert headers["Content-Type"] == "text/html; charset=UTF-8"
        sel = Selector(text=body.decode("utf-8"))
        assert sel.css("title::text").get() == "Just a moment..."
        assert re.fullmatch(
            r"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\?ray=[0-9a-f]{16}",
            sel.css("script[src]::attr(src)").get(),
        )
        assert "cf-chl-" in sel.css("form#challenge-form::attr(class)").get()
        assert not sel.css(".details-white-box, .datalist")
        assert fetch(url, "/news/politics")[0] == 200


def test_fault_timeout(replica: Path) -> None:
    with serve(replica, faults=always("timeout", hang_seconds=3.0)) as url:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            fetch(url, "/about-us", timeout=1.0)
        assert time.monotonic() - started < 2.5
        assert fetch(url, "/about-us")[0] == 200
        assert [s.outcome for s in url.log] == ["timeout", 200]
    # Leaving ``serve`` ends the hang at once.


def test_fault_reset(replica: Path) -> None:
    with serve(replica, faults=always("reset")) as url:
        with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
            fetch(url, "/about-us")
        with pytest.raises(ConnectionResetError):
            raw_get(url, "/news")
        assert fetch(url, "/about-us")[0] == 200
        assert [s.outcome for s in url.log] == ["reset", "reset", 200]


def test_fault_truncate(replica: Path) -> None:
    full = (replica / "site" / "about-us.html").read_bytes()
    with serve(replica, faults=always("truncate")) as url:
        raw = raw_get(url, "/about-us")
        head, _, body = raw.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 ")
        assert f"\r\nContent-Length: {len(full)}\r\n".encode() in head
        assert body == full[: len(full) // 2]
        with pytest.raises(http.client.IncompleteRead):
            fetch(url, "/news/politics")
        assert fetch(url, "/about-us")[2] == full
        assert [s.outcome for s in url.log] == ["truncate", "truncate", 200]


def test_fault_max_per_path_and_robots(replica: Path) -> None:
    with serve(replica, faults=Faults(rate=1.0, kinds=("503",))) as url:
        assert [fetch(url, "/about-us")[0] for _ in range(4)] == [503, 503, 200, 200]
        # path+query is the key: another query starts afresh.
        assert [fetch(url, "/about-us?x=1")[0] for _ in range(3)] == [503, 503, 200]
        assert [fetch(url, "/robots.txt")[0] for _ in range(2)] == [200, 200]
        assert url.counts() == {"/about-us": 4, "/about-us?x=1": 3, "/robots.txt": 2}
        times = [s.time for s in url.log]
        assert times == sorted(times)


def test_fault_rate_is_deterministic(replica: Path) -> None:
    faults = Faults(rate=0.2, kinds=("500", "503", "429"), seed=7)
    runs = []
    for _ in range(2):
        with serve(replica, faults=faults) as url:
            statuses = [fetch(url, f"/nope?i={i}")[0] for i in range(200)]
            runs.append(statuses)
            assert [s.outcome for s in url.log if isinstance(s.outcome, str)] == [
                str(s) for s in statuses if s != 404
            ]
    assert runs[0] == runs[1]
    faulted = [s for s in runs[0] if s != 404]
    assert len(faulted) == 44  # of 200, for seed 7
    assert set(faulted) == {500, 503, 429}
    with serve(replica, faults=Faults(rate=0.2, kinds=("500",), seed=8)) as url:
        other = [fetch(url, f"/nope?i={i}")[0] for i in range(200)]
    assert [s == 404 for s in other] != [s == 404 for s in runs[0]]


def test_fault_block_after(replica: Path) -> None:
    with serve(replica, faults=Faults(block_after=3)) as url:
        got = [fetch(url, p)[0] for p in ("/robots.txt", "/", "/news", "/robots.txt", "/live")]
        assert got == [200, 200, 200, 200, 200]
        for p in ("/about-us", "/", "/nope"):
            status, headers, body = fetch(url, p)
            assert status == 403 and headers["cf-mitigated"] == "challenge", p
            assert b"<title>Just a moment...</title>" in body
        assert fetch(url, "/robots.txt")[0] == 200
        assert [s.outcome for s in url.log][-4:] == ["block", "block", "block", 200]


def test_fault_redirects(replica: Path) -> None:
    faults = Faults(redirect_offsite=frozenset({"/live"}), redirect_loop=frozenset({"/authors"}))
    with serve(replica, faults=faults) as url:
        status, headers, _ = fetch(url, "/live")
        assert (status, headers["Location"]) == (301, "https://example.com/elsewhere")
        status, headers, _ = fetch(url, "/authors")
        assert (status, headers["Location"]) == (302, "/authors?loop=1")
        status, headers, _ = fetch(url, "/authors?loop=41")
        assert (status, headers["Location"]) == (302, "/authors?loop=42")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "/authors", timeout=5)
        assert err.value.code == 302 and "infinite loop" in str(err.value)
        assert fetch(url, "/about-us")[0] == 200
        assert url.counts()["/authors?loop=3"] == 1
        assert {s.outcome for s in url.log} == {"redirect_offsite", "redirect_loop", 200}


def test_fault_oversized_and_slow(replica: Path) -> None:
    faults = Faults(oversized=frozenset({"/about-us"}), slow={"/live": 0.3})
    with serve(replica, faults=faults) as url:
        status, headers, body = fetch(url, "/about-us")
        assert status == 200 and int(headers["Content-Length"]) == len(body) == 3_000_000
        sel = Selector(text=body.decode("utf-8"))
        assert sel.css("title::text").get() == "Oversized page"
        assert len(sel.xpath("//comment()").get()) > 2_999_000
        started = time.monotonic()
        assert fetch(url, "/live")[0] == 200
        assert time.monotonic() - started >= 0.3
        assert [s.outcome for s in url.log] == ["oversized", 200]
    with serve(replica, faults=Faults(oversized={"/"}, oversized_bytes=10_000)) as url:
        assert len(fetch(url, "/")[2]) == 10_000


def test_faults_validation_and_cli() -> None:
    with pytest.raises(ValueError):
        Faults(rate=0.5, kinds=("404",))
    with pytest.raises(ValueError):
        Faults(rate=1.5)
    parser = argparse.ArgumentParser()
    add_fault_options(parser)
    assert faults_from_args(parser.parse_args([])) is None
    argv = (
        "--faults-rate 0.2 --faults-kinds 500,reset --faults-seed 3 --block-after 50"
        " --redirect-loop /a --redirect-loop /b --slow /live=1.5"
    )
    args = parser.parse_args(argv.split(" "))
    assert faults_from_args(args) == Faults(
        rate=0.2,
        kinds=("500", "reset"),
        seed=3,
        block_after=50,
        redirect_loop=frozenset({"/a", "/b"}),
        slow={"/live": 1.5},
    )


# --------------------------------------------------------------------------- nginx

needs_nginx = pytest.mark.skipif(
    find_nginx() is None, reason="nginx is not installed (e.g. apt-get install nginx-light)"
)


def parity_paths(replica: Path, manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Requests to compare: (answered with a body to compare, answered 400)."""
    site = replica / "site"
    arts = manifest["articles"]
    paths = ["/", "/news/", "/news/politics/", "/news?page=2", "/authors", "/about-us"]
    paths += ["/authors/ja-far-al-husseini", "/authors/سلمى-حداد", "/robots.txt"]
    paths += [s["path"] for s in manifest["sections"]]
    paths += [p for a in arts[::7] for p in a["paths"]]
    paths += [p for a in arts if len(a["paths"]) > 1 or a["widget_only"] for p in a["paths"]]
    paths += [a["paths"][0] for a in arts if any(ord(c) > 127 for c in a["paths"][0])]
    paths += ["/sitemaps/all.xml"] + [
        f"/sitemaps/all/{f.name}" for f in sorted((site / "sitemaps" / "all").iterdir())
    ]
    bad: list[str] = []
    getmore = json.loads((site / "_getmore" / "index.json").read_text("utf-8"))
    for path in ("/news", "/news/politics", "/videos", "/articles/opinion", "/region/palestine"):
        html_text = (site / (path.lstrip("/") + ".html")).read_text("utf-8")
        pages = next(w["pages"] for w in getmore.values() if w["path"] == path)
        paths += [load_more_request(html_text, path, n) for n in range(1, pages + 2)]
        good = load_more_request(html_text, path, 2)
        paths += [good.replace("page=2", "page=02"), good.replace("page=2", "page=999")]
        bad += [good.replace("page=2", p) for p in ("page=0", "page=-1", "page=x", "page=")]
        paths.append(good + "&postid=1")  # the first value counts
        bad += [re.sub(r"&widget=[^&]+", "&widget=other", good), re.sub(r"&postid=\d+", "", good)]
        bad.append(re.sub(r"&postid=\d+", "&postid=1", good))
        bad += [re.sub(r"widgetid=\d+", "widgetid=99999", good), "/GetMore/x" + good[8:]]
    news = load_more_request((site / "news.html").read_text("utf-8"), "/news", 2)
    paths.append(news.replace("/GetMore/news?", "/GetMore/news/?"))
    bad += [
        news.replace("&type=news", ""),
        news.replace("&type=news", "&type=videos"),
        news.replace("/GetMore/news?", "/GetMore?"),
        news.replace("/GetMore/news?", "/GetMore/news/politics?"),
        news.replace("/GetMore/news?", "/GetMore//news?"),
    ]
    widget = "/LoadWidget?postid=1000162&widgetid=60211&widget=gallery-archive"
    paths += [widget, "/LoadWidget?widgetid=60201&widget=coverage-strip&postid=1000001"]
    bad += [widget.replace("postid=1000162", "postid=1"), widget.replace("widget=", "widget=x")]
    bad += ["/LoadWidget?postid=1000162", "/LoadWidget"]
    paths += [
        "/nope",
        "/news/politics/nope",
        "/tags/Gaza",
        "/index",
        "/index.html",
        "/news//politics",
        "/.hidden",
        "/_404",
        "/_404.html",
        "/_getmore/index.json",
        "/_getmore/50112/1",
        "/_getmore/50112/1.html",
        "/_widgets/60211",
        "/sitemaps/nope.xml",
        "/LoadWidget/",
        arts[0]["paths"][0] + ".expected.json",
    ]
    return paths, bad


@needs_nginx
@pytest.mark.requires_nginx
def test_nginx_answers_like_the_python_server(
    replica: Path, manifest: dict[str, Any], base_url: str
) -> None:
    paths, bad = parity_paths(replica, manifest)
    statuses = set()
    with serve_nginx(replica) as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        for path in paths:
            want, got = fetch(base_url, path), fetch(url, path)
            assert got[0] == want[0], path
            assert got[1]["Content-Type"] == want[1]["Content-Type"], path
            assert got[2] == want[2], path
            assert got[1]["Cache-Control"] == "no-cache", path
            statuses.add(want[0])
        for path in bad:
            want, got = fetch(base_url, path), fetch(url, path)
            assert want[0] == got[0] == 400, path
            assert got[1]["Content-Type"] == want[1]["Content-Type"], path
    assert statuses == {200, 404}
    with pytest.raises(OSError):  # stopped
        fetch(url, "/robots.txt", timeout=2)


@needs_nginx
@pytest.mark.requires_nginx
@pytest.mark.subprocess
def test_nginx_cli(replica: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.replica.nginx", str(replica)],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert fetch(url, "/")[0] == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        with pytest.raises(OSError):
            fetch(url, "/", timeout=2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_nginx_missing(replica: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica_nginx.shutil, "which", lambda name: None)
    monkeypatch.setattr(replica_nginx, "NGINX_PATHS", ())
    assert replica_nginx.find_nginx() is None
    with (
        pytest.raises(replica_nginx.NginxNotFound, match="nginx is not installed"),
        replica_nginx.serve_nginx(replica),
    ):
        pass
