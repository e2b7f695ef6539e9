"""A story page made an article: plain functions of a page, no crawl needed.

The fields are declared in :mod:`~mayadeen.extraction.fields` (each with its sources in
order); the page object and the readers sources are made of in
:mod:`~mayadeen.extraction.page`; dates in :mod:`~mayadeen.extraction.dates`; images and
video in :mod:`~mayadeen.extraction.media`. Here: whether a page is an article at all, which
fields it should have, what every source of a field gives, and the whole item.

>>> page = ArticlePage(html, url="https://english.almayadeen.net/news/politics/x")
>>> article = extract_article(page)      # raises NotAnArticle for listings, challenges, ...
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mayadeen import site
from mayadeen.extraction.fields import FIELD, FIELDS, Article, Field, has_words, kind
from mayadeen.extraction.page import ArticlePage, NotAnArticle
from mayadeen.extraction.text import clean_text, to_utc_iso

__all__ = [
    "ArticlePage",
    "NotAnArticle",
    "candidates",
    "expected_fields",
    "extract_article",
    "extract_fields",
    "page_kind",
]


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


def candidates(page: ArticlePage, name: str) -> list[tuple[str, Any]]:
    """What every source of the field ``name`` gives on the page, in order: the first one
    wins."""
    return FIELD[name].candidates(page)


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
    if FIELD["article_id"].extract(page) is None:
        return "no_post_id"
    return None


def extract_fields(
    page: ArticlePage, declared: tuple[Field, ...] = FIELDS, scraped_at: datetime | None = None
) -> dict[str, Any]:
    """The values of the ``declared`` fields on the page: those read from it, then those
    derived from them; ``scraped_at`` is the crawl's (now by default), the other fields the
    crawl sets are left empty."""
    values = {f.name: f.extract(page) for f in declared if not f.crawl and f.derive is None}
    for f in declared:
        if f.derive is not None:
            values[f.name] = f.derive(values)
        elif f.crawl:
            values[f.name] = f.empty
    if "scraped_at" in values:
        values["scraped_at"] = to_utc_iso(scraped_at or datetime.now(UTC))
    return values


def extract_article(
    page: ArticlePage, html: str | None = None, scraped_at: datetime | None = None
) -> Article:
    """All fields of the page's article; raises :class:`NotAnArticle` when there is none."""
    if (reason := page_kind(page, html)) is not None:
        raise NotAnArticle(reason)
    return Article(**extract_fields(page, scraped_at=scraped_at))
