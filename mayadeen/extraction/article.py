"""Article extraction: plain functions of a page, no crawl needed.

Each item field has one small function ``f(page) -> value``. Every function reads the page's
metadata first (the ``tawsiyat`` JSON block, then meta tags, then JSON-LD) and the visible
markup only as a fallback, so a theme change degrades gracefully instead of emptying items.

>>> page = ArticlePage(html, url="https://english.almayadeen.net/news/politics/x")
>>> article = extract_article(page)      # raises NotAnArticle for listings, challenges, ...
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from mayadeen import site
from mayadeen.extraction.text import (
    clean_text,
    element_text,
    node_text,
    parse_datetime,
    parse_visible_date,
    to_utc_iso,
    unique,
)
from mayadeen.items import Article, content_hash


class NotAnArticle(Exception):
    """The page holds no article; ``reason`` is a short slug used in stats and logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _first(*candidates: Any) -> Any:
    """The first candidate that is neither ``None`` nor empty. A callable candidate is called
    only when reached, so markup fallbacks cost nothing while the metadata answers."""
    for candidate in candidates:
        value = candidate() if callable(candidate) else candidate
        if value not in (None, "", [], {}):
            return value
    return None


class ArticlePage:
    """One fetched page and the structured views of it that the field functions share."""

    def __init__(self, html: str | Selector, url: str) -> None:
        self.selector = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url

    @classmethod
    def from_response(cls, response: Any) -> ArticlePage:
        return cls(response.selector, response.url)

    def css_first(self, queries: tuple[str, ...], root: Selector | None = None) -> str | None:
        """Cleaned text of the first query (in order of preference) that matches."""
        node = root if root is not None else self.selector
        for query in queries:
            value = clean_text(node.css(query).get())
            if value:
                return value
        return None

    @cached_property
    def metadata(self) -> dict[str, Any] | None:
        """The CMS's ``tawsiyat`` JSON block, or ``None`` if absent or unreadable."""
        raw = self.selector.css(site.METADATA_SCRIPT).get()
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def meta_value(self, key: str) -> Any:
        return (self.metadata or {}).get(key)

    @cached_property
    def classes(self) -> dict[str, list[str]]:
        """Metadata ``classes`` grouped by mapping: ``{"category": ["Politics"], ...}``."""
        grouped: dict[str, list[str]] = {}
        for entry in self.meta_value("classes") or []:
            if isinstance(entry, dict) and (value := clean_text(entry.get("value"))):
                grouped.setdefault(str(entry.get("mapping", "")).lower(), []).append(value)
        return grouped

    @cached_property
    def meta_tags(self) -> dict[str, str]:
        """``<meta>`` contents by name/property/itemprop (first occurrence wins)."""
        tags: dict[str, str] = {}
        for meta in self.selector.root.iter("meta"):
            attrib = meta.attrib
            key = attrib.get("name") or attrib.get("property") or attrib.get("itemprop")
            if key and "content" in attrib:
                tags.setdefault(key.lower(), attrib["content"])
        return tags

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """All JSON-LD objects on the page, ``@graph`` lists flattened."""
        objects: list[dict[str, Any]] = []
        for raw in self.selector.css(site.JSONLD_SCRIPTS).getall():
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    objects.extend(obj.get("@graph", [obj]) if "@graph" in obj else [obj])
        return objects

    @cached_property
    def jsonld_article(self) -> dict[str, Any]:
        """The JSON-LD block describing the story (``*Article`` or ``VideoObject``)."""
        for obj in self.jsonld:
            types = obj.get("@type")
            for kind in types if isinstance(types, list) else [types]:
                if isinstance(kind, str) and site.JSONLD_ARTICLE_TYPE_RE.search(kind):
                    return obj
        return {}

    @cached_property
    def root(self) -> Selector:
        """The article's own container (header, lead, body, tags), widgets aside."""
        for query in site.ARTICLE_ROOT:
            found = self.selector.css(query)
            if found:
                return found[0]
        return self.selector

    @cached_property
    def header_texts(self) -> list[str]:
        """Cleaned text of the small elements (at most 3 children) of the article container
        outside its body: where the byline, source, date and reading time stand."""
        body = self.body_node
        # A set of the elements themselves: it keeps lxml's proxies alive, so identity holds.
        # The body's ancestors are skipped too: their text holds the body's.
        skip = set(body.root.iter()) | set(body.root.iterancestors()) if body is not None else set()
        texts = []
        for element in self.root.root.iter():
            if element in skip or element.tag in ("script", "style") or len(element) > 3:
                continue
            if isinstance(element.tag, str) and (text := clean_text(element.text_content())):
                texts.append(text)
        return texts

    @cached_property
    def body_text(self) -> str | None:
        """The body (see :func:`body`), computed once per page."""
        return _body(self)

    @cached_property
    def body_node(self) -> Selector | None:
        for query in site.BODY:
            found = self.root.css(query) or self.selector.css(query)
            if found:
                return found[0]
        return None


def _header_match(page: ArticlePage, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` searched in the header's elements (the container less its body); the
    innermost element that matches wins, so "Source: X" is not read from its parent line."""
    matches = [m for text in page.header_texts if (m := pattern.search(text))]
    return min(matches, key=lambda m: len(m.string)) if matches else None


def _in_widget(element: HtmlElement) -> bool:
    """Whether an element sits in a box of other stories (related box, cards, widgets)."""
    return any(
        not site.WIDGET_CLASSES_SET.isdisjoint((ancestor.get("class") or "").split())
        for ancestor in element.iterancestors()
    )


# --- identity ------------------------------------------------------------------------


def article_id(page: ArticlePage) -> str | None:
    raw = _first(page.meta_value("postid"), page.meta_tags.get("postid"))
    text = clean_text(raw)
    return text if text and text.isdigit() else None


def url(page: ArticlePage) -> str | None:
    canonical = _first(
        clean_text(page.meta_value("url")),
        clean_text(page.meta_tags.get("og:url")),
        lambda: clean_text(page.selector.css("link[rel=canonical]::attr(href)").get()),
    )
    return urljoin(page.url, canonical) if canonical else page.url


# --- text fields ---------------------------------------------------------------------


def title(page: ArticlePage) -> str | None:
    value = _first(
        clean_text(page.meta_value("title")),
        clean_text(page.meta_tags.get("og:title")),
        clean_text(page.meta_tags.get("title")),
        lambda: page.css_first(site.TITLE),
        lambda: clean_text(page.selector.css("title::text").get()),
    )
    return clean_text(site.TITLE_SUFFIX_RE.sub("", value)) if value else None


def summary(page: ArticlePage) -> str | None:
    return _first(
        clean_text(page.meta_value("description")),
        clean_text(page.meta_tags.get("description")),
        clean_text(page.meta_tags.get("og:description")),
        lambda: next((node_text(n) for q in site.LEAD for n in page.root.css(q)[:1]), None),
    )


def _split_names(value: str | None) -> list[str]:
    return unique([clean_text(n) for n in re.split(r"\s*(?:,|&|\band\b)\s*", value or "")])


def authors(page: ArticlePage) -> list[str]:
    names = _first(
        unique(page.classes.get(site.CLASS_AUTHOR, [])),
        lambda: _split_names(clean_text(page.meta_value("author"))),
        lambda: _split_names(clean_text(page.meta_tags.get("author"))),
        lambda: _jsonld_names(page.jsonld_article.get("author")),
        lambda: next(
            (n for q in site.BYLINE if (n := _byline_names(page.root.css(q).getall()))), []
        ),
    )
    return names or []


def _jsonld_names(value: Any) -> list[str]:
    entries = value if isinstance(value, list) else [value]
    names = [e.get("name") if isinstance(e, dict) else e for e in entries]
    return unique([clean_text(n) for n in names if isinstance(n, str)])


def _byline_names(texts: list[str]) -> list[str]:
    return unique([n for t in texts for n in _split_names(re.sub(r"^\s*By\s+", "", t))])


def source(page: ArticlePage) -> str | None:
    """The "Source: Agencies" line of the article header (no metadata carries it)."""
    match = _header_match(page, site.SOURCE_RE)
    return match["source"] if match else None


def tags(page: ArticlePage) -> list[str]:
    def split(value: str | None) -> list[str]:
        return unique([clean_text(t) for t in (value or "").split(",")])

    def visible() -> list[str]:
        return unique([clean_text(t) for q in site.TAG_LINKS for t in page.root.css(q).getall()])

    if page.metadata is not None:
        return _first(split(page.meta_value("keywords")), visible) or []
    return _first(visible, lambda: split(page.meta_tags.get("keywords"))) or []


def body(page: ArticlePage) -> str | None:
    """Paragraph texts of the body container, blank-line separated; boilerplate left out."""
    return page.body_text


def _body(page: ArticlePage) -> str | None:
    container = page.body_node
    if container is None:
        return None
    paragraphs = [
        p for p in _body_paragraphs(container) if not site.BOILERPLATE_PARAGRAPH_RE.match(p)
    ]
    return "\n\n".join(paragraphs) or None


def _body_paragraphs(container: Selector) -> Iterator[str]:
    for child in container.root:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = child.get("class") or ""
        if tag not in site.BODY_TEXT_TAGS or any(c in classes for c in site.BODY_SKIP_CLASSES):
            continue
        items = [li for li in child if li.tag == "li"] if tag in ("ul", "ol") else [child]
        for item in items:
            if text := element_text(item):
                yield text


def word_count(page: ArticlePage) -> int:
    return len((body(page) or "").split())


def reading_time(page: ArticlePage) -> int | None:
    """The "3 Min Read" of the header, else words / 200 rounded up."""
    if match := _header_match(page, site.READING_TIME_RE):
        return int(match["minutes"])
    words = word_count(page)
    return max(1, math.ceil(words / site.WORDS_PER_MINUTE)) if words else None


# --- classification ------------------------------------------------------------------


def _class_value(page: ArticlePage, mapping: str) -> str | None:
    values = page.classes.get(mapping)
    return values[0] if values else None


def post_type(page: ArticlePage) -> str | None:
    return _class_value(page, site.CLASS_POST_TYPE)


def section(page: ArticlePage) -> str | None:
    return _first(
        _class_value(page, site.CLASS_SECTION),
        lambda: clean_text(page.jsonld_article.get("articleSection")),
        lambda: page.css_first(site.SECTION_LINK, root=page.root),
    )


def region(page: ArticlePage) -> str | None:
    return _class_value(page, site.CLASS_REGION)


def coverage(page: ArticlePage) -> str | None:
    return _class_value(page, site.CLASS_COVERAGE)


def language(page: ArticlePage) -> str | None:
    return _first(
        clean_text(page.meta_value("lang")),
        clean_text(page.meta_tags.get("inlanguage")),
        lambda: clean_text(page.selector.xpath("/html/@lang").get()),
    )


# --- dates ---------------------------------------------------------------------------

#: (source name, raw value, parsed instant): one per place the page states a date.
DateCandidate = tuple[str, str, datetime]


def date_candidates(page: ArticlePage, kind: str) -> list[DateCandidate]:
    """Every statement of the ``published`` or ``modified`` date, most trusted first."""
    return list(iter_date_candidates(page, kind))


def iter_date_candidates(page: ArticlePage, kind: str) -> Iterator[DateCandidate]:
    """The statements of a date, most trusted first, each read only when asked for.

    Metadata block (Beirut time with offset), then ``article:*_time`` meta tags and JSON-LD
    (both naive UTC), then the visible date (Beirut time, to the minute; published only).
    """
    keys = {
        "published": ("published_time", "article:published_time", ("datePublished", "uploadDate")),
        "modified": ("last_updated", "article:modified_time", ("dateModified",)),
    }[kind]
    block_key, meta_key, ld_keys = keys
    sources: list[tuple[str, Callable[[], Any], Callable[[str], datetime | None]]] = [
        ("metadata", lambda: page.meta_value(block_key), parse_datetime),
        ("meta_tag", lambda: page.meta_tags.get(meta_key), parse_datetime),
        *(("jsonld", lambda k=k: page.jsonld_article.get(k), parse_datetime) for k in ld_keys),
    ]
    if kind == "published":
        sources.append(
            (
                "visible",
                lambda: page.css_first(site.VISIBLE_DATE, root=page.root),
                parse_visible_date,
            )
        )
    for name, read, parse in sources:
        raw = read()
        if isinstance(raw, str) and (moment := parse(raw)) is not None:
            yield name, raw.strip(), moment


def published(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(published_at, published_at_raw)``."""
    return _normalized_date(page, "published")


def modified(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(modified_at, modified_at_raw)``; no stated change means the publication date."""
    return _normalized_date(page, "modified")


def _normalized_date(page: ArticlePage, kind: str) -> tuple[str | None, str | None]:
    first = next(iter_date_candidates(page, kind), None)
    if first is None:
        return None, None
    _, raw, moment = first
    return to_utc_iso(moment), raw


# --- media ---------------------------------------------------------------------------


def images(page: ArticlePage) -> list[dict[str, str | None]]:
    """The article's figures (lead image, body figures, gallery), in page order."""
    found: dict[str, dict[str, str | None]] = {}
    for figure in page.root.root.iter("figure"):
        if _in_widget(figure) or not (src := _image_src(figure)):
            continue
        absolute = urljoin(page.url, src)
        figcaption = next(figure.iter("figcaption"), None)
        caption, credit = split_caption(
            element_text(figcaption) if figcaption is not None else None
        )
        found.setdefault(absolute, {"url": absolute, "caption": caption, "credit": credit})
    return list(found.values())


def _image_src(figure: HtmlElement) -> str | None:
    img = next(figure.iter("img"), None)
    if img is None:
        return None
    for attr in site.IMAGE_URL_ATTRS:
        value = clean_text(img.get(attr))
        if value and not site.PLACEHOLDER_IMAGE_RE.search(value):
            return value
    return None


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """``"Talks in Moscow (Jane Doe, AP)"`` -> ``("Talks in Moscow", "Jane Doe, AP")``."""
    if not text:
        return None, None
    match = site.CAPTION_CREDIT_RE.match(text)
    if not match:
        return text, None
    return clean_text(match["caption"]), clean_text(match["credit"])


def image_url(page: ArticlePage) -> str | None:
    if page.metadata is not None:  # an empty thumbnail means "no image", not "look elsewhere"
        thumb = clean_text(page.meta_value("thumbnail"))
        return urljoin(page.url, thumb) if thumb else None
    fallback = _first(
        clean_text(page.meta_tags.get("og:image")),
        clean_text(page.meta_tags.get("twitter:image")),
        lambda: next((img["url"] for img in images(page)), None),
    )
    return urljoin(page.url, fallback) if fallback else None


def video_duration(page: ArticlePage) -> int | None:
    raw = page.meta_value("video_duration")
    if raw not in (None, "") and str(raw).strip().isdigit():
        return int(str(raw).strip())
    if page.metadata is not None and "video_duration" in page.metadata:
        return None  # the metadata says: no video
    iso = page.jsonld_article.get("duration")
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", str(iso or ""))
    if match and any(match.groups()):
        h, m, s = (int(g or 0) for g in match.groups())
        return h * 3600 + m * 60 + s
    return None


# --- kind of story (text, or a video, gallery or infograph that may have none) --------


def kind(page: ArticlePage) -> str:
    """``text``, or one of :data:`mayadeen.site.KINDS`, from the first source that tells:
    the JSON-LD type, the post type, the URL path."""
    ld_type = page.jsonld_article.get("@type")
    for ld_kind in ld_type if isinstance(ld_type, list) else [ld_type]:
        if ld_kind in site.JSONLD_KINDS:
            return site.JSONLD_KINDS[ld_kind]
    path = urlsplit(url(page) or page.url).path
    for text, rules in ((post_type(page) or "", site.POST_TYPE_KINDS), (path, site.PATH_KINDS)):
        for pattern, value in rules:
            if pattern.search(text):
                return value
    return "text"


def has_words(page: ArticlePage) -> bool:
    """Whether the story has text: the metadata's ``word_count`` when it states one, else
    whether it is a text story."""
    count = clean_text(page.meta_value("word_count"))
    if count is not None and count.isdigit():
        return int(count) > 0
    return kind(page) == "text"


def expected_fields(page: ArticlePage) -> frozenset[str]:
    """The fields of :data:`mayadeen.site.COVERAGE_FIELDS` this page should have: the
    coverage monitors judge each field over the pages that should have it."""
    story_kind = kind(page)
    expected = {"title", "published_at", "tags"}
    if has_words(page):
        expected.add("body")
    if story_kind == "text":
        expected.add("authors")
    if story_kind != "video":
        expected.add("images")
    return frozenset(expected)


# --- the whole item ------------------------------------------------------------------


def page_kind(page: ArticlePage, html: str | None = None) -> str | None:
    """Why the page is not an article (a short reason), or ``None`` if it is one."""
    if html is not None and site.is_challenge_page(html):
        return "challenge_page"
    page_type = clean_text(page.meta_value("type"))
    if page_type and page_type != "article":
        return f"page_type_{page_type}"
    if (
        page.metadata is None
        and not page.jsonld_article
        and page.meta_tags.get("og:type") != "article"
    ):
        return "no_article_metadata"
    if article_id(page) is None:
        return "no_post_id"
    return None


def extract_article(
    page: ArticlePage, html: str | None = None, scraped_at: datetime | None = None
) -> Article:
    """All fields of the page's article; raises :class:`NotAnArticle` when there is none."""
    if (reason := page_kind(page, html)) is not None:
        raise NotAnArticle(reason)
    published_at, published_at_raw = published(page)
    modified_at, modified_at_raw = modified(page)
    the_title, the_body = title(page), body(page)
    if the_body is None and not has_words(page):
        the_body = ""  # a story without text (a player, a gallery): not a broken page
    return Article(
        article_id=article_id(page),
        url=url(page),
        title=the_title,
        summary=summary(page),
        authors=authors(page),
        source=source(page),
        published_at=published_at,
        published_at_raw=published_at_raw,
        modified_at=modified_at or published_at,
        modified_at_raw=modified_at_raw,
        post_type=post_type(page),
        section=section(page),
        region=region(page),
        coverage=coverage(page),
        tags=tags(page),
        body=the_body,
        word_count=len((the_body or "").split()),
        reading_time=reading_time(page),
        images=images(page),
        image_url=image_url(page),
        video_duration=video_duration(page),
        language=language(page),
        scraped_at=to_utc_iso(scraped_at or datetime.now(UTC)),
        content_hash=content_hash(the_title, the_body),
    )
