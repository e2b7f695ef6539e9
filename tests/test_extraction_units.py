"""Field functions on small hand-written pages: each fallback and awkward case on its own."""

from __future__ import annotations

import json

import pytest

from mayadeen.extraction.article import (
    ArticlePage,
    NotAnArticle,
    candidates,
    expected_fields,
    extract_article,
)
from mayadeen.extraction.dates import date_candidates, modified, published
from mayadeen.extraction.fields import FIELD, has_words, kind
from mayadeen.extraction.media import split_caption, video_duration
from mayadeen.extraction.page import first
from mayadeen.extraction.text import clean_text, load_json, parse_datetime, to_utc_iso
from mayadeen.items import content_hash

URL = "https://english.almayadeen.net/news/politics/talks-resume-in-doha"


def page(head: str = "", body: str = "") -> ArticlePage:
    html = f"<html lang='en'><head>{head}</head><body>{body}</body></html>"
    return ArticlePage(html, URL)


def block(**values: object) -> str:
    data = {"type": "article", "postid": "1234567", **values}
    return f'<script id="tawsiyat-metadata" type="text/tawsiyat">{json.dumps(data)}</script>'


def test_clean_text_folds_nbsp_and_leaves_decoded_text_as_it_is() -> None:
    assert clean_text("  Gaza\u00a0& Rafah\u00a0talks  ") == "Gaza & Rafah talks"
    # Text arrives decoded (by the HTML parser, or load_json): nothing is decoded or
    # stripped a second time.
    assert clean_text("x<y and y>z &amp; <b>") == "x<y and y>z &amp; <b>"
    assert load_json('{"t": "Gaza&nbsp;&amp; Rafah &amp;lt;b&gt;"}') == {
        "t": "Gaza\u00a0& Rafah &lt;b>"
    }
    assert clean_text(" \u00a0 ") is None
    assert clean_text("e\u0301") == "\u00e9"  # NFC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-19T09:18:39+02:00", "2024-03-19T07:18:39+00:00"),  # Beirut winter
        ("2024-07-02T09:18:39+03:00", "2024-07-02T06:18:39+00:00"),  # Beirut summer
        ("2023-01-30T17:04:00.0000000", "2023-01-30T17:04:00+00:00"),  # naive UTC meta tag
        ("2023-01-30T17:04:00Z", "2023-01-30T17:04:00+00:00"),
    ],
)
def test_dates_normalize_to_utc(raw: str, expected: str) -> None:
    assert to_utc_iso(parse_datetime(raw)) == expected


@pytest.mark.parametrize("raw", ["2024-01-01T00:00:00Z", "0001-01-01T00:00:00", "", "yesterday"])
def test_placeholder_and_bad_dates_are_none(raw: str) -> None:
    assert parse_datetime(raw) is None


def test_all_date_sources_agree_and_metadata_wins() -> None:
    head = (
        block(published_time="2023-01-30T19:04:00+02:00", last_updated="2023-01-31T10:00:05+02:00")
        + '<meta property="article:published_time" content="2023-01-30T17:04:00.0000000">'
        + '<script type="application/ld+json">{"@type": "NewsArticle",'
        + ' "datePublished": "2023-01-30T17:04:00.0000000"}</script>'
    )
    p = page(
        head, '<div class="details-white-box"><span class="post-date">30 Jan 2023 19:04</span>'
    )
    candidates = date_candidates(p, "published")
    assert [c[0] for c in candidates] == ["metadata", "meta_tag", "jsonld", "visible"]
    assert len({c[2] for c in candidates}) == 1
    assert published(p) == ("2023-01-30T17:04:00+00:00", "2023-01-30T19:04:00+02:00")
    assert modified(p) == ("2023-01-31T08:00:05+00:00", "2023-01-31T10:00:05+02:00")


def test_video_placeholder_meta_date_is_skipped_for_jsonld() -> None:
    head = (
        '<meta property="og:type" content="article"><meta name="postid" content="7654321">'
        '<meta property="article:published_time" content="2024-01-01T00:00:00Z">'
        '<script type="application/ld+json">{"@type": "VideoObject",'
        ' "uploadDate": "2024-06-03T12:00:00.0000000", "duration": "PT3M4S"}</script>'
    )
    p = page(head)
    assert published(p) == ("2024-06-03T12:00:00+00:00", "2024-06-03T12:00:00.0000000")
    assert video_duration(p) == 184


def test_visible_date_is_beirut_local_time() -> None:
    p = page(body='<div class="details-white-box"><span class="post-date">27 Jul 2023 23:54</span>')
    assert published(p)[0] == "2023-07-27T20:54:00+00:00"


ARTICLE_BODY = """
<div class="details-white-box">
  <a class="category-meta" href="/news/politics">Politics</a>
  <h1>Talks resume in Doha</h1>
  <div class="post-meta"><span class="author">By <a href="/authors/a">Rana Haddad</a> and
    <a href="/authors/b">Ja'far Al-Husseini</a></span>
    <span class="source">Source: <b>Agencies</b></span>
    <span class="read-time">2 Min Read</span></div>
  <p class="lg_para summary">Delegations met again.</p>
  <figure><img src="/mdn2023/images/default1.7.png" data-src="https://media.example/a.jpg?v=3&amp;w=1">
    <figcaption class="media-caption">Envoys arrive in Doha (Photo: Omar Saleh, AFP)</figcaption>
  </figure>
  <div class="p-content">
    <p>First&nbsp;paragraph with “quotes”.</p>
    <p><strong>Read more: </strong><a href="/news/x">Another story</a></p>
    <div class="dual-related"><h3>Related News</h3><p>Not this</p>
      <figure><img data-src="https://media.example/related.jpg"></figure></div>
    <blockquote class="twitter-tweet"><p>A tweet</p></blockquote>
    <script>var x = 1;</script>
    <figure><img data-src="https://media.example/b.jpg"></figure>
    <h3>A subheading</h3>
    <ul><li>One point</li><li>Another point</li></ul>
    <p>Last paragraph.</p>
  </div>
  <div class="tags-list"><a href="/tags/Qatar">Qatar</a><a href="/tags/Gaza">Gaza</a></div>
</div>
<aside class="most-read-section"><figure><img data-src="https://media.example/w.jpg"></figure>
  <p>Source: Widget</p></aside>
"""


def test_markup_fallbacks_without_any_metadata() -> None:
    """A page stripped of its metadata still yields every visible field."""
    p = page(
        '<meta property="og:type" content="article"><meta name="postid" content="42">', ARTICLE_BODY
    )
    item = extract_article(p)
    assert item.article_id == "42"
    assert item.title == "Talks resume in Doha"
    assert item.summary == "Delegations met again."
    assert item.authors == ["Rana Haddad", "Ja'far Al-Husseini"]
    assert item.source == "Agencies"
    assert item.section == "Politics"
    assert item.tags == ["Qatar", "Gaza"]
    assert item.reading_time == 2
    assert item.body == (
        "First paragraph with “quotes”.\n\nA subheading\n\nOne point\n\nAnother point"
        "\n\nLast paragraph."
    )
    assert item.word_count == 12
    assert item.images == [
        {
            "url": "https://media.example/a.jpg?v=3&w=1",
            "caption": "Envoys arrive in Doha",
            "credit": "Photo: Omar Saleh, AFP",
        },
        {"url": "https://media.example/b.jpg", "caption": None, "credit": None},
    ]
    assert item.image_url == "https://media.example/a.jpg?v=3&w=1"
    assert item.language == "en"
    assert item.url == URL
    assert item.content_hash == content_hash(item.title, item.body)


def test_metadata_wins_over_markup() -> None:
    head = block(
        title="Doha talks resume after a pause",
        url="https://english.almayadeen.net/news/politics/doha-talks-resume-after-a-pause",
        description="Delegations from both sides met on Monday.",
        keywords="Qatar, Gaza,Qatar,",
        author="Al Mayadeen English",
        thumbnail="",
        lang="en",
        video_duration=None,
        classes=[
            {"key": "class1", "mapping": "posttype", "value": "News"},
            {"key": "class2", "mapping": "category", "value": "Politics"},
            {"key": "class3", "mapping": "country", "value": "MENA"},
            {"key": "class4", "mapping": "coverage", "value": "Gaza Talks"},
        ],
    )
    item = extract_article(page(head, ARTICLE_BODY))
    assert item.title == "Doha talks resume after a pause"
    assert item.url.endswith("/doha-talks-resume-after-a-pause")
    assert item.summary == "Delegations from both sides met on Monday."
    assert item.tags == ["Qatar", "Gaza"]
    assert item.authors == ["Al Mayadeen English"]
    assert (item.post_type, item.section, item.region, item.coverage) == (
        "News",
        "Politics",
        "MENA",
        "Gaza Talks",
    )
    assert item.image_url is None  # an empty thumbnail means no lead image


def test_personal_authors_come_from_author_classes() -> None:
    head = block(
        author="Rana Haddad, Ja'far Al-Husseini",
        classes=[
            {"key": "class5", "mapping": "author", "value": "Rana Haddad"},
            {"key": "class6", "mapping": "author", "value": "Ja'far Al-Husseini"},
        ],
    )
    assert FIELD["authors"].extract(page(head)) == ["Rana Haddad", "Ja'far Al-Husseini"]
    assert FIELD["authors"].extract(page(block(author="Rana Haddad, Ja'far Al-Husseini"))) == [
        "Rana Haddad",
        "Ja'far Al-Husseini",
    ]


def test_no_source_line_and_no_reading_time_line() -> None:
    p = page(
        block(),
        '<div class="details-white-box"><div class="p-content"><p>Source: a quote '
        "inside the body is not the source line</p></div></div>",
    )
    assert FIELD["source"].extract(p) is None
    assert FIELD["reading_time"].extract(p) == 1  # 12 words, shown nowhere: computed


def test_empty_body_gives_null_body_and_no_reading_time() -> None:
    p = page(block(), '<div class="details-white-box"><div class="p-content"></div></div>')
    assert FIELD["body"].extract(p) is None
    assert FIELD["reading_time"].extract(p) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leaders meet (Jane Doe, AP)", ("Leaders meet", "Jane Doe, AP")),
        ("Leaders meet in Moscow", ("Leaders meet in Moscow", None)),
        ("(AFP)", (None, "AFP")),
        (None, (None, None)),
    ],
)
def test_split_caption(text: str | None, expected: tuple[str | None, str | None]) -> None:
    assert split_caption(text) == expected


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><head><title>Just a moment...</title></head></html>", "challenge_page"),
        (f"<html><head>{block(type='page')}</head></html>", "page_type_page"),
        ("<html><head><title>Section</title></head><body></body></html>", "no_article_metadata"),
        (f"<html><head>{block(postid='')}</head></html>", "no_post_id"),
    ],
)
def test_pages_that_are_not_articles(html: str, reason: str) -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(ArticlePage(html, URL), html=html)
    assert raised.value.reason == reason


def test_broken_metadata_json_falls_back_to_meta_tags() -> None:
    head = (
        '<script id="tawsiyat-metadata" type="text/tawsiyat">{"type": "article", broken</script>'
        '<meta property="og:type" content="article"><meta name="postid" content="99">'
        '<meta property="og:title" content="Fallback title | Al Mayadeen English">'
    )
    item = extract_article(page(head))
    assert (item.article_id, item.title) == ("99", "Fallback title")


def test_items_leave_extraction_clean() -> None:
    """Extraction owns the cleaning (no pipeline repeats it): entities and tags out, NBSP and
    runs of space folded, NFC, empty values null, lists de-duplicated, boilerplate paragraphs
    out of the body."""
    head = block(
        title=" Talks&nbsp;resume ",
        description="   ",
        keywords="Gaza, Gaza ,Qatar",
        classes=[
            {"mapping": "author", "value": "Rana\u00a0Haddad"},
            {"mapping": "author", "value": "Rana Haddad"},
            {"mapping": "author", "value": "e\u0301"},
            {"mapping": "category", "value": " "},
        ],
    )
    body = (
        '<div class="details-white-box"><figure><img data-src=" https://m/a.jpg ">'
        '<figcaption> </figcaption></figure><div class="p-content">'
        "<p>Read more: Another story</p><p> First&amp;foremost. </p><p>Related News</p>"
        "<p>Last.</p></div></div>"
    )
    item = extract_article(page(head, body))
    assert item.title == "Talks resume"
    assert item.summary is None and item.source is None and item.section is None
    assert item.authors == ["Rana Haddad", "\u00e9"]
    assert item.tags == ["Gaza", "Qatar"]
    assert item.body == "First&foremost.\n\nLast."
    assert item.images == [{"url": "https://m/a.jpg", "caption": None, "credit": None}]


def test_each_field_lists_its_sources_and_the_first_wins() -> None:
    p = page(
        block(title="Metadata title") + '<meta property="og:title" content="Tag title">',
        ARTICLE_BODY,
    )
    assert candidates(p, "title") == [
        ("metadata title", "Metadata title"),
        ("meta og:title", "Tag title"),
        ("headline", "Talks resume in Doha"),
    ]
    assert FIELD["title"].extract(p) == "Metadata title"
    assert [name for name, _ in candidates(p, "tags")] == ["tag links"]


def test_a_source_after_the_winner_is_never_read() -> None:
    def unread(_: ArticlePage) -> str:
        raise AssertionError("read after the winner")

    sources = (("empty", lambda _: ""), ("winner", lambda _: "x"), ("later", unread))
    assert first(page(), sources) == "x"


def test_no_stated_change_means_the_publication_date() -> None:
    p = page(block(published_time="2023-01-30T19:04:00+02:00"))
    assert modified(p) == ("2023-01-30T17:04:00+00:00", None)
    assert extract_article(p).modified_at == "2023-01-30T17:04:00+00:00"


VIDEO_URL = "https://english.almayadeen.net/videos/newsfeed/a-minute-in-gaza"


def test_a_story_without_text_has_an_empty_body_and_expects_none() -> None:
    head = block(word_count="0", video_duration="64", published_time="2024-03-19T09:18:39+02:00")
    p = ArticlePage(f"<html><head>{head}</head><body></body></html>", VIDEO_URL)
    assert (kind(p), has_words(p)) == ("video", False)
    assert (
        FIELD["body"].extract(p),
        FIELD["word_count"].extract(p),
        FIELD["reading_time"].extract(p),
    ) == ("", 0, None)
    assert expected_fields(p) == {"title", "published_at", "tags"}
    assert video_duration(p) == 64


def test_a_text_story_without_its_body_has_none() -> None:
    p = page(block(published_time="2024-03-19T09:18:39+02:00"))
    assert (kind(p), has_words(p), FIELD["body"].extract(p)) == ("text", True, None)
    assert expected_fields(p) == {
        "title", "published_at", "tags", "body", "authors", "images"
    }  # fmt: skip
