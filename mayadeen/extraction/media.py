"""A story's images and video: its figures with captions and credits, the lead image, the
video's length."""

from __future__ import annotations

from lxml.html import HtmlElement

from mayadeen.extraction import selectors
from mayadeen.extraction.page import ArticlePage, Source, address_source, first, in_widget
from mayadeen.extraction.text import clean_text, element_text, parse_int


def images(page: ArticlePage) -> list[dict[str, str | None]]:
    """The article's figures (lead image, body figures, gallery), in page order; figures in
    boxes of other stories left out."""
    found: dict[str, dict[str, str | None]] = {}
    for number, figure in enumerate(page.root.root.iter("figure")):
        if in_widget(figure) or not (absolute := _image_src(page, figure, number)):
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
    address_source("image_url", "meta og:image", lambda page: page.meta_tags.get("og:image")),
    address_source(
        "image_url", "meta twitter:image", lambda page: page.meta_tags.get("twitter:image")
    ),
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
