"""Listing pages: header menus, story links, the "More" button and async widgets.

Plain functions of a page (a parsel ``Selector`` and its URL), as for articles.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote, urlencode, urljoin, urlsplit

from parsel import Selector

from mayadeen import site
from mayadeen.extraction import selectors
from mayadeen.extraction.text import clean_text, latin_date_text, parse_int


@dataclass(frozen=True)
class MenuEntry:
    """A crawlable menu entry: ``label`` "Politics", ``path`` "/news/politics",
    ``trail`` "News > Politics"."""

    label: str
    path: str
    trail: str

    def matches(self, wanted: str) -> bool:
        """Case-insensitive match on the label or the path's last segment."""
        wanted = wanted.strip().lower()
        return wanted in (self.label.lower(), self.path.rstrip("/").rsplit("/", 1)[-1].lower())


def _site_path(href: str | None, page_url: str, edition: site.Edition = site.ENGLISH) -> str | None:
    """The path of ``href`` if it points to the page's own site (or the edition's live host)."""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        absolute = urlsplit(urljoin(page_url, href))
        host = absolute.hostname
    except ValueError:  # "http://[::1": no address
        return None
    if host != urlsplit(page_url).hostname and host not in edition.hosts:
        return None
    return unquote(absolute.path) or "/"


def menu_entries(
    selector: Selector, page_url: str, edition: site.Edition = site.ENGLISH
) -> list[MenuEntry]:
    """Every entry of the header menus that has a link, with its menu trail, in menu order."""
    entries: dict[str, MenuEntry] = {}
    items = next((found for q in selectors.MENU_ITEMS if (found := selector.css(q))), [])
    for item in items:
        top = item.xpath(selectors.MENU_ENTRY_LINK)
        top_label = clean_text(" ".join(top.xpath(".//text()").getall())) if top else None
        if not top_label:
            continue
        top_path = _site_path(top.attrib.get("href"), page_url, edition)
        if top_path and top_path != "/":
            entries.setdefault(top_path, MenuEntry(top_label, top_path, top_label))
        for link in item.xpath(selectors.MENU_LINKS)[1:]:
            label = clean_text(" ".join(link.xpath(".//text()").getall()))
            path = _site_path(link.attrib.get("href"), page_url, edition)
            if label and path and path != "/":
                entries.setdefault(path, MenuEntry(label, path, f"{top_label} > {label}"))
    return list(entries.values())


def linked_listings(
    selector: Selector, page_url: str, edition: site.Edition = site.ENGLISH
) -> list[MenuEntry]:
    """The edition's :attr:`~mayadeen.site.Edition.linked_listings` the page links to, each
    named by its first link's text."""
    entries: dict[str, MenuEntry] = {}
    for link in selector.xpath("//a[@href]"):
        path = _site_path(link.attrib["href"], page_url, edition)
        if path is not None and (path := path.rstrip("/")) in edition.linked_listings:
            label = clean_text(" ".join(link.xpath(".//text()").getall())) or path
            entries.setdefault(path, MenuEntry(label, path, label))
    return list(entries.values())


def is_article_path(
    path: str, listing_paths: frozenset[str] = frozenset(), edition: site.Edition = site.ENGLISH
) -> bool:
    """Whether ``path`` is a story's on the edition's site (a menu entry is a listing)."""
    return path.rstrip("/") not in listing_paths and edition.is_story_path(path)


def _outside_chrome(node: Selector) -> bool:
    return not node.xpath(selectors.IN_CHROME)


def story_paths(
    selector: Selector,
    page_url: str,
    listing_paths: frozenset[str] = frozenset(),
    skipped: Counter[str] | None = None,
    edition: site.Edition = site.ENGLISH,
) -> list[str]:
    """Paths of the stories a listing (or fragment) shows: its card links outside the
    header, footer, ticker and side widgets, plus the JSON-LD ``ItemList`` urls; page order.

    Links left out are counted by reason in ``skipped`` (``offsite``, ``not_a_story_url``,
    ``page_chrome``).
    """
    skipped = Counter() if skipped is None else skipped
    paths: dict[str, None] = {}
    hrefs = [(link.attrib["href"], link) for link in selector.xpath(selectors.LISTING_LINKS)]
    hrefs += [(url, None) for url in _itemlist_urls(selector)]
    for href, link in hrefs:
        path = _site_path(href, page_url, edition)
        if path is None:
            if not href.startswith(("#", "javascript:", "mailto:")):
                skipped["offsite"] += 1
        elif not is_article_path(path, listing_paths, edition):
            skipped["not_a_story_url"] += 1
        elif link is not None and not _outside_chrome(link):
            skipped["page_chrome"] += 1
        else:
            paths.setdefault(path.rstrip("/"), None)
    return list(paths)


def _itemlist_urls(selector: Selector) -> list[str]:
    """The ``url`` of every element of the page's JSON-LD ``ItemList`` blocks."""
    urls = []
    for raw in selector.css(selectors.JSONLD_SCRIPTS).getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and obj.get("@type") == "ItemList":
                for element in obj.get("itemListElement") or []:
                    url = element.get("url") if isinstance(element, dict) else None
                    if isinstance(url, str):
                        urls.append(url)
    return urls


def card_dates(selector: Selector) -> list[date]:
    """Dates shown on the cards ("8 Nov 2025"), for stopping at a ``since`` date."""
    found = []
    for text in selector.css(selectors.CARD_DATE).getall():
        value = latin_date_text(clean_text(text) or "")
        for fmt in selectors.CARD_DATE_FORMATS:
            try:
                found.append(datetime.strptime(value or "", fmt).date())
                break
            except ValueError:
                continue
    return found


@dataclass(frozen=True)
class LoadMore:
    """The parameters a listing's "More" button sends to ``/GetMore``."""

    widget_id: str
    widget_code: str
    next_page: int
    is_main: str
    order: str
    filter: str

    def url(self, page_url: str, postid: str, page: int) -> str:
        """The URL the site's script fetches for ``page`` (as its JavaScript bundle builds it)."""
        # The script appends the page's path only when jQuery reads data-ismain as truthy.
        is_main = self.is_main.strip().lower() not in ("", "false", "0")
        path = "/GetMore" + (urlsplit(page_url).path.rstrip("/") if is_main else "")
        query = f"page={page}" + (f"&{self.filter}" if self.filter else "")
        query += "&" + urlencode(
            {
                "widgetid": self.widget_id,
                "widget": self.widget_code,
                "postid": postid,
                "ismain": self.is_main,
                "order": self.order,
            }
        )
        return urljoin(page_url, f"{path}?{query}")


def load_more(selector: Selector) -> LoadMore | None:
    """The page's "More" button, read as the site's script reads it, or ``None``."""
    button = selector.css(selectors.LOAD_MORE_BUTTON)
    if not button:
        return None
    attrs = button[0].attrib
    if not attrs.get("data-widgetid") or not attrs.get("data-widgetcode"):
        return None
    container = button[0].xpath(selectors.LOAD_MORE_CONTAINER)
    return LoadMore(
        widget_id=attrs["data-widgetid"],
        widget_code=attrs["data-widgetcode"],
        next_page=parse_int(attrs.get("data-nextpage")) or 2,
        is_main=attrs.get("data-ismain", ""),
        order=attrs.get("data-widgetorder") or "1",
        filter=(container.attrib.get("data-filter", "") if container else "").strip("&"),
    )


def async_widget_urls(selector: Selector, page_url: str, postid: str) -> list[str]:
    """``/LoadWidget`` URLs of the page's empty async widgets."""
    return [
        urljoin(
            page_url,
            "/LoadWidget?"
            + urlencode(
                {
                    "postid": postid,
                    "widgetid": w.attrib["data-widgetid"],
                    "widget": w.attrib["data-widgetkey"],
                }
            ),
        )
        for w in selector.css(selectors.ASYNC_WIDGET)
    ]


def page_postid(selector: Selector) -> str:
    """The page's post id as its scripts read it (``meta[name=postid]``)."""
    return selector.css(selectors.PAGE_POSTID).get(default="").strip()
