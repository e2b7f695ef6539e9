"""The Arabic replica (``build(out, edition="ar")``): deterministic, served by both servers
(Arabic paths percent-encoded and raw), sitemaps, GetMore paging, shared post ids, and
well-formed NFC expected items."""

from __future__ import annotations

import gzip
import json
import socket
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest

from tests.replica.build import build
from tests.replica.nginx import find_nginx, serve_nginx
from tests.replica.server import serve

AR_HOST = "https://www.almayadeen.net"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

needs_nginx = pytest.mark.skipif(
    find_nginx() is None, reason="nginx is not installed (e.g. apt-get install nginx-light)"
)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_raw(base: str, path: str) -> tuple[int, bytes]:
    """GET with the path's UTF-8 bytes unescaped on the request line (as the capture's
    hrefs are written); urllib would refuse to send them."""
    u = urlsplit(base)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(
            b"GET "
            + path.encode("utf-8")
            + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def story_paths(manifest: dict[str, Any]) -> list[str]:
    return [p for a in manifest["articles"] for p in a["paths"]]


# --------------------------------------------------------------------------- the build


def test_build_is_deterministic(replica_ar: Path, tmp_path: Path) -> None:
    build(tmp_path, edition="ar")
    assert files(tmp_path) == files(replica_ar)


def test_english_build_unaffected_by_edition_argument(tmp_path: Path) -> None:
    build(tmp_path / "a")
    build(tmp_path / "b", edition="en")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text("utf-8"))
    assert "edition" not in manifest
    item = json.loads(next((tmp_path / "a" / "site").rglob("*.expected.json")).read_text("utf-8"))
    assert item["edition"] == "en" and item["article_id"].isdigit()


def test_unknown_edition_and_english_only_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown edition"):
        build(tmp_path, edition="es")
    with pytest.raises(ValueError, match="English-only"):
        build(tmp_path, edition="ar", extra_articles=3)


def test_every_url_kind_over_several_months(manifest_ar: dict[str, Any]) -> None:
    arts = manifest_ar["articles"]
    assert 40 <= len(arts) <= 80
    kinds = {a["url_kind"] for a in arts}
    assert kinds == {"text", "video", "infograph", "gallery", "latestnews", "newscast"}
    assert len({a["published"][:7] for a in arts}) >= 5
    prefixes = {
        "video": "/video/",
        "infograph": "/infograph/",
        "gallery": "/gallery/",
        "latestnews": "/latestnews/",
        "newscast": "/newscast/",
    }
    for a in arts:
        path = a["paths"][0]
        assert a["url"] == AR_HOST + path
        if a["url_kind"] in prefixes:
            assert path.startswith(prefixes[a["url_kind"]])
        if a["url_kind"] in ("latestnews", "newscast"):
            _, _, y, m, d, _slug = path.split("/")
            assert y.isdigit() and m.isdigit() and d.isdigit() and not m.startswith("0")
    assert manifest_ar["edition"] == "ar"


def test_slugs_follow_the_arabic_rule(manifest_ar: dict[str, Any]) -> None:
    for a in manifest_ar["articles"]:
        slug = a["paths"][0].rsplit("/", 1)[1]
        assert 0 < len(slug) <= 60 and not slug.endswith("-")
        assert not any(unicodedata.category(c).startswith("M") for c in slug)  # no harakat
        assert all(c.isalnum() or c == "-" for c in slug)
    slugs = "".join(a["paths"][0] for a in manifest_ar["articles"])
    assert "ـ" in slugs  # tatweel kept


def test_post_ids_shared_with_english(manifest_ar: dict[str, Any], manifest: dict) -> None:
    ar_ids = {a["article_id"] for a in manifest_ar["articles"]}
    en_ids = {a["article_id"] for a in manifest["articles"]}
    assert len(ar_ids) == len(manifest_ar["articles"])
    assert all(len(i) == 7 and i.isdigit() for i in ar_ids)
    assert len(ar_ids & en_ids) >= 2


def test_expected_items_are_well_formed_and_nfc(
    replica_ar: Path, manifest_ar: dict[str, Any]
) -> None:
    site = replica_ar / "site"
    dateless = 0
    for a in manifest_ar["articles"]:
        for p in a["paths"]:
            item = json.loads((site / (p.lstrip("/") + ".expected.json")).read_text("utf-8"))
            page = (site / (p.lstrip("/") + ".html")).read_text("utf-8")
            assert item["article_id"] == f"ar:{a['article_id']}"
            assert item["edition"] == "ar" and item["language"] == "ar"
            assert item["url"] == a["url"]
            for field in ("title", "body", "summary", "section"):
                value = item[field] or ""
                assert unicodedata.normalize("NFC", value) == value, (p, field)
            assert item["word_count"] == len(item["body"].split())
            assert (item["body"] != "") == a["has_text"]
            assert '<html lang="ar" dir="rtl"' in page
            assert f'<meta name="postid" content="{a["article_id"]}" />' in page
            assert '"lang": "ar"' in page
            if a["dateless"]:
                dateless += 1
                assert '"published_time"' not in page and "article:published_time" not in page
                assert "datePublished" not in page
                assert item["published_at_raw"] in page
                assert any("\u0660" <= c <= "\u0669" for c in item["published_at_raw"])
                # No change stated: the publication date, no raw value (as on every page).
                assert item["modified_at"] == item["published_at"]
                assert item["modified_at_raw"] is None
            else:
                assert item["published_at"].endswith("+00:00")
                assert item["published_at_raw"][-6:] in ("+02:00", "+03:00")
    assert dateless == 1


def test_deliberate_arabic_text(replica_ar: Path) -> None:
    bodies = [
        json.loads(p.read_text("utf-8")) for p in (replica_ar / "site").rglob("*.expected.json")
    ]
    text = " ".join(i["title"] + " " + i["body"] for i in bodies)
    for ch in "أإآاةـ":
        assert ch in text, ch
    assert any("\u064b" <= c <= "\u0652" for c in text)  # harakat kept
    assert any("\u0660" <= c <= "\u0669" for c in text) and any("0" <= c <= "9" for c in text)
    assert "WHO" in text
    pages = "".join(p.read_text("utf-8") for p in (replica_ar / "site").rglob("*.html"))
    assert "\u0651\u064e" in pages  # one paragraph not in NFC on the page ...
    assert "\u0651\u064e" not in text  # ... NFC in the expected body


# --------------------------------------------------------------------------- sitemaps


def sitemap_locs(site: Path) -> tuple[list[str], int]:
    index = ElementTree.fromstring((site / "sitemaps" / "all.xml").read_bytes())
    locs: list[str] = []
    gzipped = 0
    for loc in index.findall("s:sitemap/s:loc", NS):
        path = urlsplit(loc.text or "").path
        data = (site / path.lstrip("/")).read_bytes()
        if data[:2] == b"\x1f\x8b":
            gzipped += 1
            data = gzip.decompress(data)
        locs += [u.text or "" for u in ElementTree.fromstring(data).findall("s:url/s:loc", NS)]
    return locs, gzipped


def test_sitemaps_list_every_story_once(replica_ar: Path, manifest_ar: dict[str, Any]) -> None:
    locs, gzipped = sitemap_locs(replica_ar / "site")
    assert gzipped == 1
    stories = [u for u in locs if "/authors/" not in u]
    assert len(stories) == len(set(stories))
    want = sorted(AR_HOST + quote(a["paths"][0], safe="/-_.~") for a in manifest_ar["articles"])
    assert sorted(stories) == want
    assert (
        (replica_ar / "site" / "robots.txt")
        .read_text()
        .endswith(f"Sitemap: {AR_HOST}/sitemaps/all.xml\n")
    )


# --------------------------------------------------------------------------- serving


def check_server(base: str, replica_ar: Path, manifest: dict[str, Any]) -> None:
    for path in story_paths(manifest):
        status, headers, body = get(base + quote(path, safe="/"))
        assert status == 200, path
        assert headers["Content-Type"].startswith("text/html")
        assert body == (replica_ar / "site" / (path.lstrip("/") + ".html")).read_bytes()
    # Raw UTF-8 on the request line, as the capture's hrefs are written.
    for path in story_paths(manifest)[::7]:
        status, body = get_raw(base, path)
        assert status == 200, path
    # The gzipped monthly sitemap: gzip bytes under an XML type, no Content-Encoding.
    status, headers, body = get(base + "/sitemaps/all/sitemap-2023-11.xml")
    assert status == 200 and body[:2] == b"\x1f\x8b"
    assert headers["Content-Type"].startswith("application/xml")
    assert "Content-Encoding" not in headers
    assert b"<urlset" in gzip.decompress(body)
    status, headers, body = get(base + "/sitemaps/all/sitemap-2023-10.xml")
    assert status == 200 and body.startswith(b"<?xml")
    # Listings and GetMore paging to the empty page.
    for s in manifest["sections"]:
        if s["pages"] == 0:
            continue
        status, _, page = get(base + quote(s["path"]))
        assert status == 200 and b'class="loadmorebtn"' in page
        query = (
            f"widgetid={s['widgetid']}&widget={s['widget']}&postid={s['postid']}&ismain=true&order="
        )
        if s["filter"]:
            query += "&" + s["filter"]
        for n in range(2, s["pages"] + 2):
            status, _, frag = get(f"{base}/GetMore{s['path']}?page={n}&{query}")
            assert status == 200
            assert (frag == b"") == (n > s["pages"]), (s["path"], n)
    status, _, home = get(base + "/")
    assert status == 200 and b'"@type": "ItemList"' in home
    assert get(base + "/robots.txt")[0] == 200
    assert get(base + quote("/news/politics/لا-توجد-صفحة-كهذه"))[0] == 404


def test_python_server_serves_the_arabic_replica(
    replica_ar: Path, manifest_ar: dict[str, Any]
) -> None:
    with serve(replica_ar / "site") as base:
        check_server(base, replica_ar, manifest_ar)


@pytest.mark.slow
def test_python_server_serves_the_arabic_replica_20_times(
    replica_ar: Path, manifest_ar: dict[str, Any]
) -> None:
    for _ in range(20):
        with serve(replica_ar / "site") as base:
            check_server(base, replica_ar, manifest_ar)


def test_getmore_paging_ends_empty(replica_ar: Path, manifest_ar: dict[str, Any]) -> None:
    news = next(s for s in manifest_ar["sections"] if s["path"] == "/news")
    assert news["pages"] >= 2


@needs_nginx
@pytest.mark.requires_nginx
def test_nginx_serves_the_arabic_replica(replica_ar: Path, manifest_ar: dict[str, Any]) -> None:
    for _ in range(20):
        with serve_nginx(replica_ar) as base:
            check_server(base, replica_ar, manifest_ar)
