"""Fuzzing extraction (Hypothesis): a replica story with random metadata values (the JSON
block, JSON-LD, meta tags, image attributes) and random markup in its header and body, and
random documents. No exception escapes: each page gives an item (valid, or dropped by the
validation with a counted reason) or a counted "not an article"; no stored text keeps a
control character or a bidi override. Deterministic (derandomized, no example database)."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector
from scrapy.utils.test import get_crawler

from mayadeen.extraction.article import ArticlePage, NotAnArticle, expected_fields, extract_article
from mayadeen.extraction.listing import load_more, menu_entries, story_paths
from mayadeen.items import fields_of
from mayadeen.pipelines import Dropped, ValidatePipeline

URL = "https://english.almayadeen.net/news/politics/abu-zeid-says-prisoner-exchange-annex--nearly-complete"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
METADATA = re.compile(
    r'(<script id="tawsiyat-metadata" type="text/tawsiyat">)(.*?)(</script>)', re.S
)
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Drops that a bad value used to cause: now the value is skipped and counted instead.
VALUE_DROPS = {
    f"dropped/invalid_{field}"
    for field in (
        "article_id",
        "url",
        "images",
        "image_url",
        "word_count",
        "reading_time",
        "video_duration",
    )
}
PAYLOADS = [
    "²",
    "7" * 5000,
    "\u0663",
    "-1",
    "1.5",
    "javascript:alert(1)",
    "data:text/html,x",
    "http://[::1",
    "//evil.example/x",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;b&amp;gt;",
    "x<y and y>z",
    "\x1b]0;t\x07\x1b[2J\x1b[31m",
    "\u202egnp.exe\u2066",
    "</script><script>alert(1)</script>",
    "PT" + "9" * 5000 + "S",
    "2024-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    " ",
    "",
]
texts = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=40))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**40),
    st.floats(),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
METADATA_KEYS = [
    "type",
    "postid",
    "title",
    "url",
    "description",
    "thumbnail",
    "keywords",
    "word_count",
    "video_duration",
    "lang",
    "author",
    "published_time",
    "last_updated",
    "classes",
]
class_entries = st.lists(
    st.fixed_dictionaries(
        {
            "mapping": st.sampled_from(["posttype", "category", "country", "author"]) | texts,
            "value": json_values,
        }
    ),
    max_size=4,
)
metadata_changes = st.dictionaries(
    st.sampled_from(METADATA_KEYS),
    st.one_of(json_values, class_entries),
    max_size=6,
)
FRAGMENTS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<figure><img data-src='",
    "'></figure>",
    "<figcaption>",
    " Min Read",
    "Source: ",
    "<br>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x1b;",
    "&#8238;",
    "<",
    ">",
    "'",
    '"',
]
markup = st.lists(st.sampled_from(FRAGMENTS) | texts, max_size=12).map("".join)


class Story(str):
    """A page's HTML, named by its address in Hypothesis's reports (not printed whole)."""

    def __repr__(self) -> str:
        return f"<the replica page of {URL}>"


@pytest.fixture(scope="module")
def story(replica: Path) -> str:
    path = URL.removeprefix("https://english.almayadeen.net/")
    return Story((replica / "site" / f"{path}.html").read_text(encoding="utf-8"))


def outcome(html: str) -> str:
    """What the crawl makes of the page: ``item``, ``dropped/<reason>`` (counted) or
    ``not_article/<reason>``; asserts what every outcome must hold."""
    page = ArticlePage(html, URL)
    try:
        item = extract_article(page, html=html)
    except NotAnArticle as exc:
        return f"not_article/{exc.reason}"
    expected_fields(page)
    assert all(isinstance(n, int) and n > 0 for n in page.bad_values.values())
    unsafe = [s for s in _strings(fields_of(item)) if UNSAFE.search(s)]
    assert not unsafe
    crawler = get_crawler()
    crawler.stats.open_spider()
    try:
        ValidatePipeline(crawler).process_item(item)
    except Dropped as exc:
        assert crawler.stats.get_value(f"mayadeen/dropped/{exc.reason}") == 1
        return f"dropped/{exc.reason}"
    return "item"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def with_metadata(html: str, changes: dict[str, Any]) -> str:
    def change(match: re.Match[str]) -> str:
        data = {**json.loads(match[2]), **changes}
        return match[1] + json.dumps(data, ensure_ascii=False) + match[3]

    return METADATA.sub(change, html, count=1)


@FUZZ
@given(
    changes=metadata_changes,
    og=st.dictionaries(st.sampled_from(["og:url", "og:title", "postid", "og:image"]), texts),
    image=texts,
    header=markup,
    body=markup,
    jsonld=st.dictionaries(
        st.sampled_from(["duration", "articleSection", "author", "datePublished", "@type"]),
        json_values,
        max_size=3,
    ),
)
def test_random_values_on_a_replica_story_never_escape(
    story: str,
    changes: dict[str, Any],
    og: dict[str, str],
    image: str,
    header: str,
    body: str,
    jsonld: dict[str, Any],
) -> None:
    html = with_metadata(story, changes)
    for name, value in og.items():
        html = re.sub(
            rf'(<meta (?:name|property)="{re.escape(name)}" content=")[^"]*',
            lambda m, v=value: m[1] + html_lib.escape(v),
            html,
            count=1,
        )
    html = html.replace('data-src="https://', f'data-src="{html_lib.escape(image)}" x="', 1)
    html = html.replace('<div class="post-meta">', f'<div class="post-meta">{header}', 1)
    html = html.replace('<div class="p-content">', f'<div class="p-content">{body}', 1)
    if jsonld:
        block = json.dumps({"@type": "NewsArticle", **jsonld}, ensure_ascii=False)
        html = html.replace(
            "</head>", f'<script type="application/ld+json">{block}</script></head>'
        )
    result = outcome(html)
    assert result.startswith(("item", "dropped/", "not_article/"))
    assert result not in VALUE_DROPS  # a bad value is skipped, never the story's end


@FUZZ
@given(document=markup, head=markup)
def test_random_documents_never_escape(document: str, head: str) -> None:
    html = f"<html><head>{head}</head><body>{document}</body></html>"
    assert outcome(html).startswith(("item", "dropped/", "not_article/"))
    selector = Selector(text=html)
    menu_entries(selector, URL)
    story_paths(selector, URL)
    load_more(selector)


def test_a_replica_story_is_an_item(story: str) -> None:
    """The fuzzed page, unchanged, is a valid item: the fuzzing starts from a good page."""
    assert outcome(story) == "item"
