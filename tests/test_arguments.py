"""Spider arguments: declared once (``mayadeen.spiders.params`` and each spider's model), typed,
checked; refused by ``scrapy crawl`` and ``scrapy parse`` with one line and exit status 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from mayadeen.history import HistoryKeeper
from mayadeen.spiders.article import ArticleSpider
from mayadeen.spiders.base import MayadeenSpider
from mayadeen.spiders.params import SpiderArgumentError, arguments
from mayadeen.spiders.sections import SectionsSpider
from mayadeen.spiders.sitemap import SitemapBackfillSpider
from tests.commands import LIVE, run_scrapy

SPIDERS: list[type[MayadeenSpider]] = [SectionsSpider, SitemapBackfillSpider, ArticleSpider]


def make(
    spidercls: type[MayadeenSpider], settings: dict | None = None, **args: str
) -> MayadeenSpider:
    """The spider as ``scrapy crawl`` makes it, on the live site's settings."""
    crawler = get_crawler(spidercls, {"MAYADEEN_BASE_URL": LIVE, **(settings or {})})
    crawler.spider = spidercls.from_crawler(crawler, **args)
    return crawler.spider


@pytest.mark.parametrize(
    ("value", "fresh"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("ON", True),
        (" on ", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("off", False),
        ("", False),  # empty: the default
    ],
)
def test_fresh_is_a_real_bool_and_decides_the_history(
    value: str, fresh: bool, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    spider = make(SectionsSpider, {"MAYADEEN_HISTORY": str(path)}, fresh=value)
    assert spider.fresh is fresh
    try:  # built as ``scrapy crawl`` builds it: after the spider
        keeper = HistoryKeeper.from_crawler(spider.crawler)
    except NotConfigured:
        keeper = None
    assert (keeper is None) is fresh
    if keeper is not None:
        keeper.spider_opened(spider)
        assert keeper.history is not None
        keeper.history.close()
    assert path.exists() is not fresh


@pytest.mark.parametrize("spidercls", SPIDERS)
@pytest.mark.parametrize("value", ["2", "y", "t", "maybe", "none", "oui"])
def test_fresh_refuses_anything_else(spidercls: type[MayadeenSpider], value: str) -> None:
    with pytest.raises(SpiderArgumentError) as refused:
        make(spidercls, fresh=value)
    assert str(refused.value) == (
        f"invalid spider argument -a fresh={value!r} for {spidercls.name}: "
        "expected 1/0, true/false, yes/no or on/off"
    )


@pytest.mark.parametrize(
    ("since", "day"), [("2024-03", date(2024, 3, 1)), ("2024-03-15", date(2024, 3, 15))]
)
def test_sections_since_takes_a_day_or_a_month(since: str, day: date) -> None:
    assert make(SectionsSpider, since=since).since == day


@pytest.mark.parametrize(
    ("since", "until", "window"),
    [
        ("2024-01", "2024-06", ((2024, 1), (2024, 6))),
        ("2024-01-31", "2024-06-01", ((2024, 1), (2024, 6))),  # a day means its month
        ("2024-6", "", ((2024, 6), None)),
    ],
)
def test_sitemap_window_takes_months_or_days(
    since: str, until: str, window: tuple[tuple[int, int] | None, ...]
) -> None:
    spider = make(SitemapBackfillSpider, since=since, until=until)
    assert (spider.since, spider.until) == window


@pytest.mark.parametrize("spidercls", [SectionsSpider, SitemapBackfillSpider])
@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "20240301", "March 2024", "2024"])
def test_bad_dates_are_refused(spidercls: type[MayadeenSpider], value: str) -> None:
    with pytest.raises(SpiderArgumentError, match="expected a day as YYYY-MM-DD or a month"):
        make(spidercls, since=value)


def test_sitemap_window_must_not_be_reversed() -> None:
    with pytest.raises(SpiderArgumentError, match=r"since \(2024-06\) is after until \(2024-01\)"):
        make(SitemapBackfillSpider, since="2024-06-10", until="2024-01")


@pytest.mark.parametrize(("value", "pages"), [("1", 1), ("12", 12), ("", None)])
def test_max_pages(value: str, pages: int | None) -> None:
    assert make(SectionsSpider, max_pages=value).max_pages == pages


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "two", "1e3"])
def test_max_pages_refuses_other_than_whole_numbers(value: str) -> None:
    with pytest.raises(SpiderArgumentError, match="expected a whole number >= 1"):
        make(SectionsSpider, max_pages=value)


def test_sections_and_render_values() -> None:
    spider = make(SectionsSpider, sections="politics, Opinion,,", render="none")
    assert spider.wanted == ["politics", "Opinion"]
    assert spider.render == "none"


def test_unknown_argument_names_the_ones_there_are() -> None:
    with pytest.raises(SpiderArgumentError) as refused:
        make(SectionsSpider, section="politics")
    assert str(refused.value) == (
        "unknown spider argument 'section' for sections (did you mean 'sections'?); "
        "arguments: sections, max_pages, since, edition, fresh, render"
    )
    with pytest.raises(SpiderArgumentError, match="unknown spider argument 'zzz' for sitemap;"):
        make(SitemapBackfillSpider, zzz="1")


@pytest.mark.parametrize("spidercls", SPIDERS)
def test_scrapyd_job_and_version_are_accepted(spidercls: type[MayadeenSpider]) -> None:
    spider = make(spidercls, _job="6487ec79947edab326d6db28a2d86511", _version="r3")
    assert spider._job == "6487ec79947edab326d6db28a2d86511"
    model = spidercls.params_model()
    assert not {"_job", "_version"} & set(arguments(model))
    with pytest.raises(SpiderArgumentError, match="unknown spider argument 'job'"):
        make(spidercls, job="x")


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (
            ["crawl", "sections", "-a", "section=politics"],
            "error: unknown spider argument 'section' for sections (did you mean 'sections'?); "
            "arguments: sections, max_pages, since, edition, fresh, render",
        ),
        (
            ["crawl", "sections", "-a", "max_page=1"],
            "error: unknown spider argument 'max_page' for sections (did you mean "
            "'max_pages'?); arguments: sections, max_pages, since, edition, fresh, render",
        ),
        (
            ["crawl", "sections", "-a", "fresh=maybe", "-a", "_job=abc"],
            "error: invalid spider argument -a fresh='maybe' for sections: "
            "expected 1/0, true/false, yes/no or on/off",
        ),
        (
            ["crawl", "sitemap", "-a", "since=2024-06", "-a", "until=2024-01"],
            "error: invalid spider arguments for sitemap: since (2024-06) is after until (2024-01)",
        ),
        (
            ["crawl", "article"],
            "error: invalid spider arguments for article: no pages to fetch: "
            "give -a url=URL, -a urls=URL1,URL2 or -a urls_file=PATH",
        ),
        (
            ["crawl", "article", "-a", f"url={LIVE}/x", "-a", "render=listings"],
            "error: -a render=listings needs a Splash server: "
            "-s SPLASH_URL=http://127.0.0.1:8050 (see the README)",
        ),
        (
            ["parse", "--spider", "sections", "-a", "max_pages=0", f"{LIVE}/news"],
            "error: invalid spider argument -a max_pages='0' for sections: "
            "expected a whole number >= 1",
        ),
        (
            ["crawl", "sectons"],
            "error: no spider 'sectons': did you mean 'sections'? "
            "the spiders are article, sections, sitemap",
        ),
        (
            ["parse", "--spider", "zzz", f"{LIVE}/news"],
            "error: no spider 'zzz': the spiders are article, sections, sitemap",
        ),
    ],
    ids=[
        "unknown",
        "unknown-plural",
        "bad-flag",
        "window",
        "no-urls",
        "render",
        "parse",
        "spider-typo",
        "parse-no-spider",
    ],
)
@pytest.mark.subprocess
def test_commands_refuse_bad_arguments_in_one_line(
    command: list[str], line: str, tmp_path: Path
) -> None:
    # Nothing listens on port 9: a command that started a crawl would fail otherwise.
    result = run_scrapy(tmp_path, command, {"MAYADEEN_BASE_URL": "http://127.0.0.1:9"})
    assert result.returncode == 2
    assert result.stderr == line + "\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("setting", "line"),
    [
        (
            {"MAYADEEN_REFRESH_INTERVAL_HOURS": "twelve"},
            "error: MAYADEEN_REFRESH_INTERVAL_HOURS='twelve': "
            "expected a number of hours from 0 to 876,000",
        ),
        (
            {"MAYADEEN_FULL_WALK_EVERY": "-1"},
            "error: MAYADEEN_FULL_WALK_EVERY='-1': expected a whole number from 0 to 1,000,000",
        ),
    ],
)
@pytest.mark.subprocess
def test_a_bad_incremental_setting_is_one_line_before_anything_starts(
    setting: dict[str, str], line: str, tmp_path: Path
) -> None:
    result = run_scrapy(
        tmp_path, ["crawl", "sections"], {"MAYADEEN_BASE_URL": "http://127.0.0.1:9", **setting}
    )
    assert result.returncode == 2
    assert result.stderr == line + "\n"
    assert list(tmp_path.iterdir()) == []
