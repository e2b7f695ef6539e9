"""Article extraction: plain functions of a page, no crawl needed.

Each item field has one small function ``f(page) -> value`` and, right above it, the places
the page states the value: a tuple of named :data:`Source` s, most trusted first. The first
source that gives a value (not ``None`` or empty) wins; a later one is read only when every
earlier one gave nothing, so a markup fallback costs nothing while the metadata answers.

The order is the same for every field: the CMS's ``tawsiyat`` JSON block (what the CMS
stores; verified on the Arabic sister site), then meta tags, then JSON-LD, then the visible
markup (the theme: its English class names are unverified and may change). Where a field
departs from it, the comment over its sources or its function says so (tags: the visible
list before the keywords meta tag; the lead image and video duration: the block, when the
page has one, decides alone). :func:`candidates` lists what every source of a field
gives on a page, to see which one wins.

Dates have sources of their own (:data:`DATE_SOURCES`): each source's value is parsed and
the forms (Beirut time with its offset, naive UTC, Beirut minutes on screen) normalized to
UTC. Every value leaves extraction clean (:func:`~mayadeen.extraction.text.clean_text`; body
paragraphs without the "Read more:" links): no pipeline cleans it again. Selectors and
patterns live in :mod:`mayadeen.extraction.selectors`.

A bad value costs that value, not the story: a number that is none
(:func:`~mayadeen.extraction.text.parse_int`), an address that is no http(s) one (a
``javascript:`` image or canonical URL) is skipped, the next source read, and the skip noted
on the page (:attr:`ArticlePage.bad_values`, counted by the spider as
``mayadeen/bad_value/<field>``).

>>> page = ArticlePage(html, url="https://english.almayadeen.net/news/politics/x")
>>> article = extract_article(page)      # raises NotAnArticle for listings, challenges, ...
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from mayadeen import site
from mayadeen.extraction import selectors
from mayadeen.extraction.fields import Article, content_hash
from mayadeen.extraction.text import (
    clean_text,
    element_text,
    http_url,
    load_json,
    node_text,
    parse_datetime,
    parse_digits,
    parse_int,
    parse_visible_date,
    to_utc_iso,
    unique,
)


class NotAnArticle(Exception):
    """The page holds no article; ``reason`` is a short slug used in stats and logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ArticlePage:
    """One fetched page and the structured views of it that the field functions share."""

    def __init__(self, html: str | Selector, url: str) -> None:
        self.selector = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        self._skipped: set[tuple[str, str]] = set()

    def skip(self, field: str, where: str) -> None:
        """Note a bad value of ``field`` at ``where`` (a source, a figure), skipped. Noted
        once however often the field is read."""
        self._skipped.add((field, where))

    @property
    def bad_values(self) -> Counter[str]:
        """The bad values skipped so far, by field."""
        return Counter(field for field, _ in self._skipped)

    def number(self, field: str, where: str, value: Any) -> int | None:
        """``value`` as a whole number (:func:`~mayadeen.extraction.text.parse_int`); a
        value that is none is noted (:meth:`skip`). Nothing stated (``None``, blank) is no
        bad value."""
        if (number := parse_int(value)) is None and _stated(value):
            self.skip(field, where)
        return number

    def address(self, field: str, where: str, value: Any) -> str | None:
        """``value`` as an absolute http(s) address (against the page's own); another is
        noted (:meth:`skip`)."""
        if (absolute := http_url(value, self.url)) is None and _stated(value):
            self.skip(field, where)
        return absolute

    @classmethod
    def from_response(cls, response: Any) -> ArticlePage:
        # Not ``response.selector``: Scrapy's cached selector and its response refer to each
        # other, so the page's tree would live until the garbage collector's next full pass
        # (peak memory then grows with the crawl's pace); this one goes with the page.
        return cls(Selector(text=response.text), response.url)

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
        raw = self.selector.css(selectors.METADATA_SCRIPT).get()
        if not raw:
            return None
        try:
            data = load_json(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def meta_value(self, key: str) -> Any:
        return (self.metadata or {}).get(key)

    @cached_property
    def classes(self) -> dict[str, list[str]]:
        """Metadata ``classes`` grouped by mapping: ``{"category": ["Politics"], ...}``."""
        grouped: dict[str, list[str]] = {}
        entries = self.meta_value("classes")
        for entry in entries if isinstance(entries, list) else []:
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
        for raw in self.selector.css(selectors.JSONLD_SCRIPTS).getall():
            try:
                data = load_json(raw)
            except ValueError:
                continue
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    graph = obj.get("@graph", [obj])
                    objects += (
                        [o for o in graph if isinstance(o, dict)] if isinstance(graph, list) else []
                    )
        return objects

    @cached_property
    def jsonld_article(self) -> dict[str, Any]:
        """The JSON-LD block describing the story (``*Article`` or ``VideoObject``)."""
        for obj in self.jsonld:
            types = obj.get("@type")
            for kind in types if isinstance(types, list) else [types]:
                if isinstance(kind, str) and selectors.JSONLD_ARTICLE_TYPE_RE.search(kind):
                    return obj
        return {}

    @cached_property
    def root(self) -> Selector:
        """The article's own container (header, lead, body, tags), widgets aside."""
        for query in selectors.ARTICLE_ROOT:
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
    def word_count(self) -> int:
        """Words in the body, counted once per page."""
        return len((self.body_text or "").split())

    @cached_property
    def body_node(self) -> Selector | None:
        for query in selectors.BODY:
            found = self.root.css(query) or self.selector.css(query)
            if found:
                return found[0]
        return None


def _stated(value: Any) -> bool:
    """Whether the page states a value (of any type) where it is read: not ``None`` nor
    blank. A stated value that cannot be used is a bad value; an unstated one is none."""
    return value is not None and not (isinstance(value, str) and not value.strip())


#: A place a field's value may stand: ``(name, read)``. ``read(page)`` gives the value there,
#: cleaned, or ``None`` / an empty value when the page has none there.
Source = tuple[str, Callable[[ArticlePage], Any]]


def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def first(page: ArticlePage, sources: tuple[Source, ...]) -> Any:
    """The value of the first source that gives one; no source after it is read."""
    for _, read in sources:
        if _given(value := read(page)):
            return value
    return None


def _header_match(page: ArticlePage, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` searched in the header's elements (the container less its body); the
    innermost element that matches wins, so "Source: X" is not read from its parent line."""
    matches = [m for text in page.header_texts if (m := pattern.search(text))]
    return min(matches, key=lambda m: len(m.string)) if matches else None


def _in_widget(element: HtmlElement) -> bool:
    """Whether an element sits in a box of other stories (related box, cards, widgets)."""
    return any(
        not selectors.WIDGET_CLASSES.isdisjoint((ancestor.get("class") or "").split())
        for ancestor in element.iterancestors()
    )


def _block(key: str) -> Callable[[ArticlePage], str | None]:
    """The metadata block's ``key``, cleaned."""
    return lambda page: clean_text(page.meta_value(key))


def _meta(key: str) -> Callable[[ArticlePage], str | None]:
    """The ``<meta>`` tag named ``key`` (name, property or itemprop), cleaned."""
    return lambda page: clean_text(page.meta_tags.get(key))


# --- identity ------------------------------------------------------------------------


def _post_id(name: str, read: Callable[[ArticlePage], Any]) -> Source:
    """A source of the post id: its digits in ASCII; another value noted and skipped."""

    def post_id(page: ArticlePage) -> str | None:
        value = read(page)
        if (digits := parse_digits(value)) is None and _stated(value):
            page.skip("article_id", name)
        return digits

    return name, post_id


ARTICLE_ID_SOURCES: tuple[Source, ...] = (
    _post_id("metadata postid", lambda page: page.meta_value("postid")),
    _post_id("meta postid", lambda page: page.meta_tags.get("postid")),
)


def article_id(page: ArticlePage) -> str | None:
    """The site's post id (ASCII digits), or ``None``."""
    return first(page, ARTICLE_ID_SOURCES)


def _address(field: str, name: str, read: Callable[[ArticlePage], Any]) -> Source:
    """A source of an address: absolute, http(s); another value (``javascript:``, ...)
    noted and skipped, so that the next source is read."""
    return name, lambda page: page.address(field, name, read(page))


URL_SOURCES: tuple[Source, ...] = (
    _address("url", "metadata url", lambda page: page.meta_value("url")),
    _address("url", "meta og:url", lambda page: page.meta_tags.get("og:url")),
    _address(
        "url", "canonical link", lambda page: page.selector.css(selectors.CANONICAL_LINK).get()
    ),
    ("address fetched", lambda page: page.url),
)


def url(page: ArticlePage) -> str:
    """The canonical address, absolute; the address fetched when the page names none (or
    none that is an http(s) address)."""
    return first(page, URL_SOURCES)


# --- text fields ---------------------------------------------------------------------

TITLE_SOURCES: tuple[Source, ...] = (
    ("metadata title", _block("title")),
    ("meta og:title", _meta("og:title")),
    ("meta title", _meta("title")),
    ("headline", lambda page: page.css_first(selectors.TITLE)),
    ("document title", lambda page: clean_text(page.selector.css(selectors.DOCUMENT_TITLE).get())),
)


def title(page: ArticlePage) -> str | None:
    """The headline, without the site's `` | Al Mayadeen English`` suffix."""
    value = first(page, TITLE_SOURCES)
    return clean_text(selectors.TITLE_SUFFIX_RE.sub("", value)) if value else None


SUMMARY_SOURCES: tuple[Source, ...] = (
    ("metadata description", _block("description")),
    ("meta description", _meta("description")),
    ("meta og:description", _meta("og:description")),
    (
        "lead paragraph",
        lambda page: next(
            (node_text(n) for q in selectors.LEAD for n in page.root.css(q)[:1]), None
        ),
    ),
)


def summary(page: ArticlePage) -> str | None:
    """The lead, or ``None``."""
    return first(page, SUMMARY_SOURCES)


def _split_names(value: str | None) -> list[str]:
    return unique([clean_text(n) for n in selectors.NAME_SEPARATOR_RE.split(value or "")])


def _jsonld_names(value: Any) -> list[str]:
    entries = value if isinstance(value, list) else [value]
    names = [e.get("name") if isinstance(e, dict) else e for e in entries]
    return unique([clean_text(n) for n in names if isinstance(n, str)])


def _byline_names(texts: list[str]) -> list[str]:
    return unique([n for t in texts for n in _split_names(selectors.BYLINE_PREFIX_RE.sub("", t))])


#: The author classes name each person; the block's and the tag's ``author`` is the byline's
#: one display string ("A, B and C"), split into names.
AUTHORS_SOURCES: tuple[Source, ...] = (
    ("metadata author classes", lambda page: unique(page.classes.get(selectors.CLASS_AUTHOR, []))),
    ("metadata author", lambda page: _split_names(clean_text(page.meta_value("author")))),
    ("meta author", lambda page: _split_names(clean_text(page.meta_tags.get("author")))),
    ("jsonld author", lambda page: _jsonld_names(page.jsonld_article.get("author"))),
    (
        "byline",
        lambda page: next(
            (n for q in selectors.BYLINE if (n := _byline_names(page.root.css(q).getall()))), []
        ),
    ),
)


def authors(page: ArticlePage) -> list[str]:
    """Byline names in page order; ``[]`` when the page names none."""
    return first(page, AUTHORS_SOURCES) or []


def source(page: ArticlePage) -> str | None:
    """The "Source: Agencies" line of the article header (its one source: no metadata
    carries it)."""
    match = _header_match(page, selectors.SOURCE_RE)
    return match["source"] if match else None


def _split_tags(value: Any) -> list[str]:
    """A comma-separated string's tags; nothing from a value that is no string."""
    return unique([clean_text(t) for t in value.split(",")]) if isinstance(value, str) else []


#: The block's ``keywords`` is one comma-separated string (duplicates occur). Without the
#: block, the visible tag list comes before the ``keywords`` meta tag.
TAGS_SOURCES: tuple[Source, ...] = (
    ("metadata keywords", lambda page: _split_tags(page.meta_value("keywords"))),
    (
        "tag links",
        lambda page: unique(
            [clean_text(t) for q in selectors.TAG_LINKS for t in page.root.css(q).getall()]
        ),
    ),
    ("meta keywords", lambda page: _split_tags(page.meta_tags.get("keywords"))),
)


def tags(page: ArticlePage) -> list[str]:
    """De-duplicated, in page order; ``[]`` when the page has none."""
    return first(page, TAGS_SOURCES) or []


def body(page: ArticlePage) -> str | None:
    """Paragraph texts of the body container (its one source), blank-line separated;
    boilerplate left out. ``""`` for a story without text (:func:`has_words`) that shows
    none; ``None`` when a text story's body is not found."""
    if page.body_text is None and not has_words(page):
        return ""  # a story without text (a player, a gallery): not a broken page
    return page.body_text


def _body(page: ArticlePage) -> str | None:
    container = page.body_node
    if container is None:
        return None
    paragraphs = [
        p for p in _body_paragraphs(container) if not selectors.BOILERPLATE_PARAGRAPH_RE.match(p)
    ]
    return "\n\n".join(paragraphs) or None


def _body_paragraphs(container: Selector) -> Iterator[str]:
    for child in container.root:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = child.get("class") or ""
        if tag not in selectors.BODY_TEXT_TAGS or any(
            c in classes for c in selectors.BODY_SKIP_CLASSES
        ):
            continue
        items = [li for li in child if li.tag == "li"] if tag in ("ul", "ol") else [child]
        for item in items:
            if text := element_text(item):
                yield text


def word_count(page: ArticlePage) -> int:
    """Words in the body (:func:`body`); 0 without one."""
    return page.word_count


def _minutes_computed(page: ArticlePage) -> int | None:
    words = page.word_count
    return max(1, math.ceil(words / selectors.WORDS_PER_MINUTE)) if words else None


def _minutes_stated(page: ArticlePage) -> int | None:
    match = _header_match(page, selectors.READING_TIME_RE)
    return page.number("reading_time", "header line", match["minutes"]) if match else None


READING_TIME_SOURCES: tuple[Source, ...] = (
    ("header line", _minutes_stated),
    ("computed from the words", _minutes_computed),
)


def reading_time(page: ArticlePage) -> int | None:
    """The "3 Min Read" of the header, else words / 200 rounded up; ``None`` without both."""
    return first(page, READING_TIME_SOURCES)


# --- classification ------------------------------------------------------------------


def _class_value(page: ArticlePage, mapping: str) -> str | None:
    values = page.classes.get(mapping)
    return values[0] if values else None


def post_type(page: ArticlePage) -> str | None:
    """The metadata block's post type class (its one source)."""
    return _class_value(page, selectors.CLASS_POST_TYPE)


SECTION_SOURCES: tuple[Source, ...] = (
    ("metadata category class", lambda page: _class_value(page, selectors.CLASS_SECTION)),
    ("jsonld articleSection", lambda page: clean_text(page.jsonld_article.get("articleSection"))),
    ("category link", lambda page: page.css_first(selectors.SECTION_LINK, root=page.root)),
)


def section(page: ArticlePage) -> str | None:
    return first(page, SECTION_SOURCES)


def region(page: ArticlePage) -> str | None:
    """The metadata block's country class (its one source)."""
    return _class_value(page, selectors.CLASS_REGION)


def coverage(page: ArticlePage) -> str | None:
    """The metadata block's coverage class (its one source): the running story."""
    return _class_value(page, selectors.CLASS_COVERAGE)


LANGUAGE_SOURCES: tuple[Source, ...] = (
    ("metadata lang", _block("lang")),
    ("meta inLanguage", _meta("inlanguage")),
    ("html lang", lambda page: clean_text(page.selector.xpath(selectors.HTML_LANG).get())),
)


def language(page: ArticlePage) -> str | None:
    return first(page, LANGUAGE_SOURCES)


# --- dates ---------------------------------------------------------------------------

#: (source name, raw value, parsed instant): one per place the page states a date.
DateCandidate = tuple[str, str, datetime]
#: (source name, read, parse): ``read(page)`` gives the raw value, ``parse`` its instant.
DateSource = tuple[str, Callable[[ArticlePage], Any], Callable[[str], datetime | None]]


def _jsonld(key: str) -> Callable[[ArticlePage], Any]:
    return lambda page: page.jsonld_article.get(key)


#: Where each date is stated, most trusted first: the block (Beirut time with its offset),
#: the ``article:*_time`` meta tags and JSON-LD (both naive UTC; placeholders on video pages
#: are no date), then the visible date (Beirut time to the minute; the publication only).
DATE_SOURCES: dict[str, tuple[DateSource, ...]] = {
    "published": (
        ("metadata", lambda page: page.meta_value("published_time"), parse_datetime),
        ("meta_tag", lambda page: page.meta_tags.get("article:published_time"), parse_datetime),
        ("jsonld", _jsonld("datePublished"), parse_datetime),
        ("jsonld", _jsonld("uploadDate"), parse_datetime),
        (
            "visible",
            lambda page: page.css_first(selectors.VISIBLE_DATE, root=page.root),
            parse_visible_date,
        ),
    ),
    "modified": (
        ("metadata", lambda page: page.meta_value("last_updated"), parse_datetime),
        ("meta_tag", lambda page: page.meta_tags.get("article:modified_time"), parse_datetime),
        ("jsonld", _jsonld("dateModified"), parse_datetime),
    ),
}


def date_candidates(page: ArticlePage, kind: str) -> list[DateCandidate]:
    """Every statement of the ``published`` or ``modified`` date, most trusted first."""
    return list(iter_date_candidates(page, kind))


def iter_date_candidates(page: ArticlePage, kind: str) -> Iterator[DateCandidate]:
    """The statements of a date (:data:`DATE_SOURCES`) that parse, most trusted first, each
    read only when asked for."""
    for name, read, parse in DATE_SOURCES[kind]:
        raw = read(page)
        if isinstance(raw, str) and (moment := parse(raw)) is not None:
            yield name, raw.strip(), moment


def _stated_date(page: ArticlePage, kind: str) -> tuple[str | None, str | None]:
    """``(UTC ISO 8601, raw)`` of the first statement of the date, or ``(None, None)``."""
    found = next(iter_date_candidates(page, kind), None)
    if found is None:
        return None, None
    _, raw, moment = found
    return to_utc_iso(moment), raw


def published(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(published_at, published_at_raw)``."""
    return _stated_date(page, "published")


def modified(page: ArticlePage) -> tuple[str | None, str | None]:
    """``(modified_at, modified_at_raw)``; when the page states no change, the publication
    date and no raw value."""
    modified_at, raw = _stated_date(page, "modified")
    return (modified_at, raw) if modified_at else (published(page)[0], None)


# --- media ---------------------------------------------------------------------------


def images(page: ArticlePage) -> list[dict[str, str | None]]:
    """The article's figures (lead image, body figures, gallery), in page order; figures in
    boxes of other stories left out."""
    found: dict[str, dict[str, str | None]] = {}
    for number, figure in enumerate(page.root.root.iter("figure")):
        if _in_widget(figure) or not (absolute := _image_src(page, figure, number)):
            continue
        figcaption = next(figure.iter("figcaption"), None)
        caption, credit = split_caption(
            element_text(figcaption) if figcaption is not None else None
        )
        found.setdefault(absolute, {"url": absolute, "caption": caption, "credit": credit})
    return list(found.values())


def _image_src(page: ArticlePage, figure: HtmlElement, number: int) -> str | None:
    """The figure's image address, absolute: the first of its attributes that holds an
    http(s) one; a placeholder is passed over, another value noted and passed over."""
    img = next(figure.iter("img"), None)
    if img is None:
        return None
    for attr in selectors.IMAGE_URL_ATTRS:
        value = clean_text(img.get(attr))
        if (
            value
            and not selectors.PLACEHOLDER_IMAGE_RE.search(value)
            and (absolute := page.address("images", f"figure {number} {attr}", value))
        ):
            return absolute
    return None


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """``"Talks in Moscow (Jane Doe, AP)"`` -> ``("Talks in Moscow", "Jane Doe, AP")``."""
    if not text:
        return None, None
    match = selectors.CAPTION_CREDIT_RE.match(text)
    if not match:
        return text, None
    return clean_text(match["caption"]), clean_text(match["credit"])


#: Read only without the metadata block (see :func:`image_url`).
IMAGE_URL_SOURCES: tuple[Source, ...] = (
    _address("image_url", "meta og:image", lambda page: page.meta_tags.get("og:image")),
    _address("image_url", "meta twitter:image", lambda page: page.meta_tags.get("twitter:image")),
    ("first figure", lambda page: next((img["url"] for img in images(page)), None)),
)


def image_url(page: ArticlePage) -> str | None:
    """The lead image, absolute. The block's ``thumbnail`` decides alone when the page has
    the block: an empty one (or one that is no http(s) address) means "no lead image", not
    "look elsewhere"."""
    if page.metadata is not None:
        return page.address("image_url", "metadata thumbnail", page.meta_value("thumbnail"))
    return first(page, IMAGE_URL_SOURCES)


def video_duration(page: ArticlePage) -> int | None:
    """Seconds. The block's ``video_duration`` decides alone when it states the key (null:
    no video); else the JSON-LD ``duration`` (``PT3M4S``)."""
    if page.metadata is not None and "video_duration" in page.metadata:
        return page.number("video_duration", "metadata", page.metadata["video_duration"])
    duration = page.jsonld_article.get("duration")
    if not isinstance(duration, str) or not (duration := duration.strip()):
        return None
    match = selectors.ISO_DURATION_RE.fullmatch(duration)
    groups = match.groups() if match else ()
    parts = [0 if g is None else parse_int(g) for g in groups]
    if not any(g is not None for g in groups) or None in parts:
        page.skip("video_duration", "jsonld")
        return None
    h, m, s = parts
    return h * 3600 + m * 60 + s


# --- kind of story (text, or a video, gallery or infograph that may have none) --------


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _kind_by(rules: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    return next((value for pattern, value in rules if pattern.search(text)), None)


KIND_SOURCES: tuple[Source, ...] = (
    (
        "jsonld type",
        lambda page: next(
            (
                selectors.JSONLD_KINDS[t]
                for t in _as_list(page.jsonld_article.get("@type"))
                if isinstance(t, str) and t in selectors.JSONLD_KINDS
            ),
            None,
        ),
    ),
    ("post type", lambda page: _kind_by(selectors.POST_TYPE_KINDS, post_type(page) or "")),
    ("url path", lambda page: _kind_by(selectors.PATH_KINDS, urlsplit(url(page)).path)),
)


def kind(page: ArticlePage) -> str:
    """``text``, or one of :data:`mayadeen.selectors.KINDS`, from the first source that tells."""
    return first(page, KIND_SOURCES) or "text"


def has_words(page: ArticlePage) -> bool:
    """Whether the story has text: the metadata's ``word_count`` when it states one, else
    whether it is a text story."""
    count = page.number("word_count", "metadata", page.meta_value("word_count"))
    if count is not None:
        return count > 0
    return kind(page) == "text"


def expected_fields(page: ArticlePage) -> frozenset[str]:
    """The fields of :data:`mayadeen.site.COVERAGE_FIELDS` this page should have: the
    coverage monitors judge each field over the pages that should have it. A body where the
    story has words, authors on text stories, images on all but videos."""
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

#: The fields read from several sources, and the story's kind, for :func:`candidates`.
FIELD_SOURCES: dict[str, tuple[Source, ...]] = {
    "article_id": ARTICLE_ID_SOURCES,
    "url": URL_SOURCES,
    "title": TITLE_SOURCES,
    "summary": SUMMARY_SOURCES,
    "authors": AUTHORS_SOURCES,
    "tags": TAGS_SOURCES,
    "reading_time": READING_TIME_SOURCES,
    "section": SECTION_SOURCES,
    "language": LANGUAGE_SOURCES,
    "kind": KIND_SOURCES,
}


def candidates(page: ArticlePage, field: str) -> list[tuple[str, Any]]:
    """What every source of ``field`` gives on the page, in order: the first one wins."""
    return [(name, value) for name, read in FIELD_SOURCES[field] if _given(value := read(page))]


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
    return Article(
        article_id=article_id(page),
        url=url(page),
        title=the_title,
        summary=summary(page),
        authors=authors(page),
        source=source(page),
        published_at=published_at,
        published_at_raw=published_at_raw,
        modified_at=modified_at,
        modified_at_raw=modified_at_raw,
        post_type=post_type(page),
        section=section(page),
        region=region(page),
        coverage=coverage(page),
        tags=tags(page),
        body=the_body,
        word_count=word_count(page),
        reading_time=reading_time(page),
        images=images(page),
        image_url=image_url(page),
        video_duration=video_duration(page),
        language=language(page),
        scraped_at=to_utc_iso(scraped_at or datetime.now(UTC)),
        content_hash=content_hash(the_title, the_body),
    )
