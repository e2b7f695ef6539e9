"""The article item: one record per story, identified by the site's post id.

Field semantics are a contract (users' scripts read them by name):

- ``article_id``: the site's numeric post id, as a string (``"1234567"``).
- ``url``: the page's canonical address (``og:url`` / the metadata block's ``url``).
- ``title``, ``summary`` (the lead sentence under the title, or ``None``).
- ``authors``: byline names in page order; house bylines (``"Al Mayadeen English"``) included;
  ``[]`` when the page names none.
- ``source``: the "Source: ..." line (``"Agencies"``), or ``None`` when the page shows none.
- ``published_at`` / ``modified_at``: ISO 8601 in UTC (``2024-03-19T07:18:39+00:00``).
- ``published_at_raw`` / ``modified_at_raw``: the value exactly as the page gave it.
- ``post_type``, ``section``, ``region``, ``coverage``: the CMS classes (post type, category,
  country, running story) as labelled on the site, or ``None``.
- ``tags``: de-duplicated, in page order.
- ``body``: plain text, paragraphs separated by a blank line; no "Read more:" lines,
  related boxes, tweets, captions or widget text. ``""`` for a story without text (a video
  player, one infographic, a gallery), never ``None`` in an emitted item.
- ``word_count`` (int), ``reading_time`` (minutes, int, ``None`` where the page shows none
  and there are no words), ``video_duration`` (seconds, int or ``None``).
- ``images``: ``[{"url", "caption", "credit"}]`` for the article's figures, in page order;
  ``image_url``: the lead image.
- ``language``: ``"en"``; ``scraped_at``: UTC ISO 8601, whole seconds.
- ``content_hash``: SHA-256 of the normalized title and body (see :func:`content_hash`).
- ``found_in``: the menu trails of the listings that showed the story ("News > Politics");
  empty when the page was fetched directly.
- ``revision``: 1 the first time the crawl history sees the article, then one more each
  time it is emitted again because it changed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Article:
    article_id: str | None = None
    url: str | None = None
    title: str | None = None
    summary: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    modified_at: str | None = None
    modified_at_raw: str | None = None
    post_type: str | None = None
    section: str | None = None
    region: str | None = None
    coverage: str | None = None
    tags: list[str] = field(default_factory=list)
    body: str | None = None
    word_count: int | None = None
    reading_time: int | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    image_url: str | None = None
    video_duration: int | None = None
    language: str | None = None
    scraped_at: str | None = None
    content_hash: str | None = None
    found_in: list[str] = field(default_factory=list)
    revision: int | None = None


ARTICLE_FIELDS: list[str] = [f.name for f in fields(Article)]
#: Fields set by the crawl rather than read from the page.
CRAWL_FIELDS = frozenset({"scraped_at", "found_in", "revision"})


def content_hash(title: str | None, body: str | None) -> str:
    """Stable hash of an article's text: NFC, whitespace-folded title and body.

    Two fetches of an unchanged story give the same hash whatever the page's
    markup, widgets or scrape time.
    """
    parts = [" ".join(unicodedata.normalize("NFC", s or "").split()) for s in (title, body)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
