"""The story page as extraction sees it: :class:`ArticlePage`, its structured views (the
CMS's metadata block, meta tags, JSON-LD, the article container, the body), and the small
readers a field's sources are made of (:data:`Source`, :func:`first`, :func:`block`,
:func:`meta`, ...).

A bad value costs that value, not the story: a number that is none
(:func:`~mayadeen.extraction.text.parse_int`), an address that is no http(s) one (a
``javascript:`` image or canonical URL) is skipped, the next source read, and the skip noted
on the page (:attr:`ArticlePage.bad_values`, counted by the spider as
``mayadeen/bad_value/<field>``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from lxml.html import HtmlElement
from parsel import Selector

from mayadeen import site
from mayadeen.extraction import selectors
from mayadeen.extraction.text import (
    clean_text,
    element_text,
    http_url,
    load_json,
    parse_digits,
    parse_int,
)


class NotAnArticle(Exception):
    """The page holds no article; ``reason`` is a short slug used in stats and logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ArticlePage:
    """One fetched page and the structured views of it that the field functions share."""

    def __init__(
        self, html: str | Selector, url: str, edition: site.Edition = site.ENGLISH
    ) -> None:
        self.selector = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        #: The site the page is from: its articles' identity and language.
        self.edition = edition
        self._skipped: set[tuple[str, str]] = set()
        self._once: dict[str, Any] = {}

    def once(self, key: str, compute: Callable[[ArticlePage], Any]) -> Any:
        """``compute(page)``, computed once per page for ``key`` (a field read by others)."""
        if key not in self._once:
            self._once[key] = compute(self)
        return self._once[key]

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
        if (number := parse_int(value)) is None and stated(value):
            self.skip(field, where)
        return number

    def address(self, field: str, where: str, value: Any) -> str | None:
        """``value`` as an absolute http(s) address (against the page's own); another is
        noted (:meth:`skip`)."""
        if (absolute := http_url(value, self.url)) is None and stated(value):
            self.skip(field, where)
        return absolute

    @classmethod
    def from_response(cls, response: Any, edition: site.Edition = site.ENGLISH) -> ArticlePage:
        # Not ``response.selector``: Scrapy's cached selector and its response refer to each
        # other, so the page's tree would live until the garbage collector's next full pass
        # (peak memory then grows with the crawl's pace); this one goes with the page.
        return cls(Selector(text=response.text), response.url, edition)

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
        """The body (see :func:`mayadeen.extraction.fields.body`), computed once per page."""
        return _body_of(self)

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


def _body_of(page: ArticlePage) -> str | None:
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


def stated(value: Any) -> bool:
    """Whether the page states a value (of any type) where it is read: not ``None`` nor
    blank. A stated value that cannot be used is a bad value; an unstated one is none."""
    return value is not None and not (isinstance(value, str) and not value.strip())


#: A place a field's value may stand: ``(name, read)``. ``read(page)`` gives the value there,
#: cleaned, or ``None`` / an empty value when the page has none there.
Source = tuple[str, Callable[[ArticlePage], Any]]


def given(value: Any) -> bool:
    return value not in (None, "", [], {})


def first(page: ArticlePage, sources: tuple[Source, ...]) -> Any:
    """The value of the first source that gives one; no source after it is read."""
    for _, read in sources:
        if given(value := read(page)):
            return value
    return None


def header_match(page: ArticlePage, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` searched in the header's elements (the container less its body); the
    innermost element that matches wins, so "Source: X" is not read from its parent line."""
    matches = [m for text in page.header_texts if (m := pattern.search(text))]
    return min(matches, key=lambda m: len(m.string)) if matches else None


def in_widget(element: HtmlElement) -> bool:
    """Whether an element sits in a box of other stories (related box, cards, widgets)."""
    return any(
        not selectors.WIDGET_CLASSES.isdisjoint((ancestor.get("class") or "").split())
        for ancestor in element.iterancestors()
    )


def block(key: str) -> Callable[[ArticlePage], str | None]:
    """The metadata block's ``key``, cleaned."""
    return lambda page: clean_text(page.meta_value(key))


def meta(key: str) -> Callable[[ArticlePage], str | None]:
    """The ``<meta>`` tag named ``key`` (name, property or itemprop), cleaned."""
    return lambda page: clean_text(page.meta_tags.get(key))


def jsonld(key: str) -> Callable[[ArticlePage], Any]:
    return lambda page: page.jsonld_article.get(key)


def class_value(page: ArticlePage, mapping: str) -> str | None:
    values = page.classes.get(mapping)
    return values[0] if values else None


def post_id_source(name: str, read: Callable[[ArticlePage], Any]) -> Source:
    """A source of the article's identity: the post id's digits in ASCII, after the page's
    edition's prefix (:meth:`mayadeen.site.Edition.article_id`); another value noted and
    skipped."""

    def post_id(page: ArticlePage) -> str | None:
        value = read(page)
        if (digits := parse_digits(value)) is None:
            if stated(value):
                page.skip("article_id", name)
            return None
        return page.edition.article_id(digits)

    return name, post_id


def address_source(field: str, name: str, read: Callable[[ArticlePage], Any]) -> Source:
    """A source of an address: absolute, http(s); another value (``javascript:``, ...)
    noted and skipped, so that the next source is read."""
    return name, lambda page: page.address(field, name, read(page))
