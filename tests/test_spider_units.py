"""The article spider's arguments, start and callback, and the CSV exporter, without a crawl."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from mayadeen.feeds.exporters import ArticleCsvItemExporter
from mayadeen.items import ARTICLE_FIELDS, Article
from mayadeen.site import rebase_url
from mayadeen.spiders.article import ArticleSpider
from mayadeen.spiders.params import SpiderArgumentError

LIVE = "https://english.almayadeen.net"


def make_spider(base_url: str = LIVE, **kwargs: str) -> ArticleSpider:
    crawler = get_crawler(ArticleSpider, {"MAYADEEN_BASE_URL": base_url})
    crawler.stats.open_spider()
    return ArticleSpider.from_crawler(crawler, **kwargs)


def test_url_arguments_are_combined(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# saved\n\n{LIVE}/news/politics/c\n  {LIVE}/news/politics/d  \n")
    spider = make_spider(url=f"{LIVE}/a", urls=f"{LIVE}/b, ,{LIVE}/x", urls_file=str(listing))
    assert spider.start_list == [
        f"{LIVE}/a",
        f"{LIVE}/b",
        f"{LIVE}/x",
        f"{LIVE}/news/politics/c",
        f"{LIVE}/news/politics/d",
    ]


def test_missing_urls_is_a_clear_error(tmp_path: Path) -> None:
    settings = get_crawler(ArticleSpider).settings
    with pytest.raises(SpiderArgumentError, match="-a url=URL"):
        ArticleSpider.check_arguments({}, settings, crawl=True)
    with pytest.raises(SpiderArgumentError, match="-a url=URL"):  # blanks are no URL
        ArticleSpider.check_arguments({"urls": " , "}, settings, crawl=True)
    ArticleSpider.check_arguments({}, settings)  # scrapy parse: the page is its URL
    with pytest.raises(SpiderArgumentError, match="cannot read urls_file"):
        make_spider(urls_file=str(tmp_path / "missing.txt"))


def test_a_spider_made_without_urls_refuses_to_start() -> None:
    spider = make_spider()
    with pytest.raises(CloseSpider) as stopped:
        asyncio.run(collect(spider))
    assert stopped.value.reason == "no_usable_urls"


def test_unusable_urls_are_counted_and_never_requested() -> None:
    given = [
        "https://example.com/news/politics/x",  # another site
        "//example.org/a",  # another site, scheme-relative
        "ftp://english.almayadeen.net/a",  # not http(s)
        "mailto:desk@example.com",
        "news/politics/x",  # no scheme, not a path
        "http://",  # no host
        "http://[::1",  # not even parseable
        f"{LIVE}/news/politics/kept",
    ]
    spider = make_spider("http://127.0.0.1:8123", urls=",".join(given))
    requests = asyncio.run(collect(spider))
    assert [r.url for r in requests] == ["http://127.0.0.1:8123/news/politics/kept"]
    stats = spider.crawler.stats
    assert stats.get_value("mayadeen/bad_input/offsite_url") == 2
    assert stats.get_value("mayadeen/bad_input/not_http_url") == 2
    assert stats.get_value("mayadeen/bad_input/not_a_url") == 3


def test_no_usable_url_stops_the_crawl(caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider("http://127.0.0.1:8123", url="https://example.com/x")
    with pytest.raises(CloseSpider) as stopped:
        asyncio.run(collect(spider))
    assert stopped.value.reason == "no_usable_urls"
    assert "Not fetching 'https://example.com/x': off-site" in caplog.text
    assert "none of the 1 URL(s) given can be fetched from http://127.0.0.1:8123" in caplog.text


def test_base_url_override_moves_live_links_onto_the_replica() -> None:
    spider = make_spider("http://127.0.0.1:8123/", url=f"{LIVE}/news/politics/x")
    assert spider.allowed_domains == ["127.0.0.1"]
    assert spider.site_url(f"{LIVE}/news/politics/x?a=1#top") == (
        "http://127.0.0.1:8123/news/politics/x?a=1"
    )
    assert spider.site_url("/news") == "http://127.0.0.1:8123/news"
    assert spider.site_url("https://twitter.com/x") == "https://twitter.com/x"
    assert rebase_url("/news", LIVE) == f"{LIVE}/news"


async def collect(spider: ArticleSpider) -> list[Request]:
    return [request async for request in spider.start()]


@pytest.mark.parametrize("base", [LIVE, "http://127.0.0.1:8123"])
def test_start_requests_go_to_the_base_host(base: str) -> None:
    spider = make_spider(base, urls=f"{LIVE}/news/politics/x,/articles/opinion/y")
    requests = asyncio.run(collect(spider))
    assert [r.url for r in requests] == [f"{base}/news/politics/x", f"{base}/articles/opinion/y"]
    assert all(r.callback == spider.parse_article for r in requests)


ARTICLE_HTML = """<html><head>
<script id="tawsiyat-metadata" type="text/tawsiyat">{"type": "article", "postid": "1000001",
"title": "A title", "url": "https://english.almayadeen.net/news/politics/a-title",
"published_time": "2024-03-19T09:18:39+02:00", "lang": "en"}</script></head>
<body><div class="details-white-box"><div class="p-content"><p>One two three.</p></div></div>
</body></html>"""


def test_callback_yields_one_article_and_counts_it() -> None:
    spider = make_spider(url=f"{LIVE}/x")
    response = HtmlResponse(f"{LIVE}/news/politics/a-title", body=ARTICLE_HTML, encoding="utf-8")
    items = list(spider.parse(response))
    assert len(items) == 1
    assert items[0].article_id == "1000001"
    assert items[0].published_at == "2024-03-19T07:18:39+00:00"
    assert items[0].body == "One two three."
    assert spider.crawler.stats.get_value("mayadeen/articles_parsed") == 1


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (
            HtmlResponse(
                f"{LIVE}/news",
                body=b"<html><head><title>Just a moment...</title></head></html>",
                status=200,
            ),
            "challenge_page",
        ),
        (TextResponse(f"{LIVE}/feed", body=b"plain text", encoding="utf-8"), "no_article_metadata"),
        (
            HtmlResponse(
                f"{LIVE}/news",
                body=b'<script id="tawsiyat-metadata" type="text/tawsiyat">{"type": "page"}'
                b"</script>",
            ),
            "page_type_page",
        ),
    ],
)
def test_callback_counts_non_articles_by_reason(response: TextResponse, reason: str) -> None:
    spider = make_spider(url=f"{LIVE}/x")
    assert list(spider.parse(response)) == []
    assert spider.crawler.stats.get_value(f"mayadeen/not_article/{reason}") == 1


def test_csv_exporter_joins_lists_nests_images_and_neutralizes_formulas() -> None:
    article = Article(
        article_id="1",
        title='=HYPERLINK("http://x")',
        authors=["Rana Haddad", "Ja'far Al-Husseini"],
        tags=[],
        images=[{"url": "https://m/a.jpg", "caption": "Café", "credit": None}],
        word_count=3,
    )
    buffer = io.BytesIO()
    exporter = ArticleCsvItemExporter(buffer, fields_to_export=ARTICLE_FIELDS)
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert list(rows[0]) == ARTICLE_FIELDS
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["authors"] == "Rana Haddad | Ja'far Al-Husseini"
    assert rows[0]["tags"] == ""
    assert json.loads(rows[0]["images"]) == article.images
    assert rows[0]["word_count"] == "3"


def test_csv_formula_neutralizing_can_be_switched_off() -> None:
    buffer = io.BytesIO()
    exporter = ArticleCsvItemExporter(buffer, neutralize_formulas=False)
    exporter.start_exporting()
    exporter.export_item({"title": "-5 degrees"})
    exporter.finish_exporting()
    assert buffer.getvalue().decode("utf-8-sig").splitlines()[1] == "-5 degrees"
    assert buffer.getvalue().startswith("\ufefftitle".encode())  # BOM: spreadsheets read UTF-8


def test_rendering_needs_a_splash_url_and_a_known_mode() -> None:
    with pytest.raises(SpiderArgumentError, match="needs a Splash server: -s SPLASH_URL="):
        make_spider(url=f"{LIVE}/x", render="listings")
    with pytest.raises(SpiderArgumentError, match="expected one of none, listings, all"):
        make_spider(url=f"{LIVE}/x", render="some")
