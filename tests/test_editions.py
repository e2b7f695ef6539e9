"""Both editions of the CMS with one crawler: the Arabic replica crawled with
``-a edition=ar`` (every story once, every field as its expected JSON says), and both editions
in one history without clashing, though some of their post ids are equal."""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mayadeen import site
from mayadeen.corpus import Corpus
from mayadeen.extraction.article import ArticlePage, extract_article
from mayadeen.extraction.text import parse_visible_date, to_utc_iso
from mayadeen.history import History
from mayadeen.history.scope import Scope
from mayadeen.items import ARTICLE_FIELDS, CRAWL_FIELDS
from tests.crawl import crawl_in_process
from tests.expectations import assert_items_as_expected
from tests.ledger import Ledger
from tests.replica.server import serve

#: Everything the page determines.
COMPARED_FIELDS = [f for f in ARTICLE_FIELDS if f not in CRAWL_FIELDS]


@pytest.fixture(scope="module")
def replica_ar_url(replica_ar: Path) -> Iterator[str]:
    with serve(replica_ar / "site") as base_url:
        yield base_url


def arabic_ids(manifest: dict) -> Counter[str]:
    """Each story of the Arabic replica once, by its identity (edition and post id)."""
    return Counter({f"ar:{a['article_id']}": 1 for a in manifest["articles"]})


def test_every_arabic_page_parses_as_its_expected_json(replica_ar: Path) -> None:
    site_dir = replica_ar / "site"
    mismatches, pages = [], 0
    for expected_file in sorted(site_dir.rglob("*.expected.json")):
        page_file = expected_file.with_name(expected_file.name.replace(".expected.json", ".html"))
        path = "/" + page_file.relative_to(site_dir).with_suffix("").as_posix()
        page = ArticlePage(page_file.read_text("utf-8"), site.ARABIC.base_url + path, site.ARABIC)
        item, expected = extract_article(page), json.loads(expected_file.read_text("utf-8"))
        pages += 1
        mismatches += [
            f"{page_file.name}: {name}: got {getattr(item, name)!r}, want {expected.get(name)!r}"
            for name in COMPARED_FIELDS
            if getattr(item, name) != expected.get(name)
        ]
    assert pages >= 40
    assert not mismatches, "\n".join(mismatches[:20])


def test_an_arabic_page_keeps_its_text_as_written(replica_ar: Path) -> None:
    """Harakat, tatweel and Arabic-Indic digits stay in the stored text; only the date is read
    from its Arabic-Indic digits."""
    items = []
    for page_file in (replica_ar / "site").rglob("*.html"):
        if page_file.with_name(page_file.stem + ".expected.json").exists():
            path = "/" + page_file.relative_to(replica_ar / "site").with_suffix("").as_posix()
            page = ArticlePage(
                page_file.read_text("utf-8"), site.ARABIC.base_url + path, site.ARABIC
            )
            items.append(extract_article(page))
    text = "\n".join(f"{i.title}\n{i.body}" for i in items)
    assert any("\u064b" <= ch <= "\u0652" for ch in text)  # harakat
    assert "\u0640" in text  # tatweel
    assert any(arabic_digit(ch) for ch in text)
    dateless = [i for i in items if any(map(arabic_digit, i.published_at_raw or ""))]
    assert dateless and all(i.published_at for i in dateless)


def arabic_digit(ch: str) -> bool:
    return "\u0660" <= ch <= "\u0669"


def test_sections_crawls_the_arabic_edition_every_story_once(
    replica_ar: Path, manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    feeds = [tmp_path / "ar.jsonl", tmp_path / "ar.csv"]
    crawled = crawl_in_process("sections", replica_ar_url, tmp_path, {"edition": "ar"}, feeds=feeds)
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    assert Counter(item["article_id"] for item in crawled.items) == arabic_ids(manifest_ar)
    assert {(i["edition"], i["language"]) for i in crawled.items} == {("ar", "ar")}
    expected = {f"ar:{a['article_id']}": a for a in manifest_ar["articles"]}
    assert_items_as_expected(crawled.items, replica_ar)
    for item in crawled.items:
        assert set(item["found_in"]) == set(expected[item["article_id"]]["found_in"])
    assert crawled.stats.get("mayadeen/getmore_pages", 0) > 0
    # The feeds are UTF-8 text, not \u escapes; the CSV opens in a spreadsheet (a BOM).
    assert "\\u06" not in (tmp_path / "ar.jsonl").read_text("utf-8")
    csv_bytes = (tmp_path / "ar.csv").read_bytes()
    assert csv_bytes.startswith(codecs.BOM_UTF8)
    titles = {row["title"] for row in csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")))}
    assert titles == {item["title"] for item in crawled.items}


def test_sitemap_backfills_the_arabic_edition_gzipped_month_included(
    manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    crawled = crawl_in_process("sitemap", replica_ar_url, tmp_path, {"edition": "ar"})
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    assert Counter(item["article_id"] for item in crawled.items) == arabic_ids(manifest_ar)


def test_both_editions_share_one_history_without_clashing(
    replica: Path,
    manifest: dict,
    replica_url: str,
    manifest_ar: dict,
    replica_ar_url: str,
    tmp_path: Path,
) -> None:
    """Post ids equal in both editions are two articles; each edition's incremental run
    knows its own stories, and only its own."""
    english = {a["article_id"] for a in manifest["articles"]}
    shared = english & {a["article_id"] for a in manifest_ar["articles"]}
    assert shared, "the replicas are built with post ids in common"
    history = {"MAYADEEN_HISTORY": str(tmp_path / "history.sqlite")}

    def run(base_url: str, edition: str) -> list[dict]:
        crawled = crawl_in_process("sections", base_url, tmp_path, {"edition": edition}, history)
        assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
        return crawled.items

    assert len(run(replica_url, "en")) == len(english)
    assert Counter(i["article_id"] for i in run(replica_ar_url, "ar")) == arabic_ids(manifest_ar)
    assert run(replica_ar_url, "ar") == []  # nothing new: its own stories are known
    assert run(replica_url, "en") == []
    with Corpus.open(str(tmp_path / "history.sqlite")) as corpus:
        assert corpus.count() == len(english) + len(manifest_ar["articles"])
        for post_id in shared:
            (en,) = corpus.revisions(post_id)
            (ar,) = corpus.revisions(f"ar:{post_id}")
            assert (en["edition"], ar["edition"]) == ("en", "ar")
            assert en["title"] != ar["title"]
        # Stored as the page writes it ("غزّةُ تَصمُد"), found as a reader types it.
        hits = corpus.search("غزه تصمد")
        assert hits and all(h.article_id.startswith("ar:") for h in hits)
        assert any("**غزّةُ**" in h.snippet or "**تَصمُد**" in h.snippet for h in hits)


def test_an_unknown_edition_is_refused_in_one_line(replica_url: str, tmp_path: Path) -> None:
    from mayadeen.spiders.params import SpiderArgumentError
    from mayadeen.spiders.sections import SectionsSpider

    with pytest.raises(SpiderArgumentError, match=r"-a edition='es'.*expected one of en, ar"):
        SectionsSpider.check_arguments({"edition": "es"}, {})  # type: ignore[arg-type]


def test_article_fetches_an_arabic_live_url_on_the_replica(
    manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    story = manifest_ar["articles"][0]
    args = {"edition": "ar", "url": story["url"]}  # the live address, as a user has it
    crawled = crawl_in_process("article", replica_ar_url, tmp_path, args)
    assert [i["article_id"] for i in crawled.items] == [f"ar:{story['article_id']}"]


def test_an_arabic_url_in_an_english_crawl_names_the_edition(
    manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    url = manifest_ar["articles"][0]["url"]
    crawled = crawl_in_process("article", replica_ar_url, tmp_path, {"url": url})
    assert crawled.items == []
    assert "crawl it with -a edition=ar" in crawled.log


def test_each_edition_reads_only_its_own_keys_on_either_backend(history_at: str) -> None:
    """One path, one post id in both editions: two stories, two pending entries, two
    watermarks, two spiders' walks; neither edition's reads return the other's."""
    path, when = "/news/politics/x", "2024-03-19T07:18:39+00:00"
    for scope in (Scope.of("en"), Scope.of("ar")):
        history = History(history_at, scope=scope)
        item = {"article_id": site.EDITIONS[scope.prefix[:-1] or "en"].article_id("7")}
        item |= {"edition": scope.prefix[:-1] or "en", "url": f"https://x{path}"}
        history.record(item | {"published_at": when}, [path])
        history.pending.add(["/news/pending"])
        history.pending.fail("/news/pending")
        history.walks.advance({"/news/politics": when}, when)
        history.runs.begin("sections")
        history.walks.walked(history.runs.run_id, "full", True)
        history.close()
    for code in ("en", "ar"):
        history = History(history_at, scope=Scope.of(code))
        try:
            assert history.articles.lookup([path]) == {path: (when, None)}
            assert list(history.articles.recent("2000-01-01")) == [path]
            assert history.pending.paths(5) == ["/news/pending"]
            assert list(history.pending.failing()) == ["/news/pending"]
            assert history.walks.watermarks() == {"/news/politics": when}
            assert history.walks.runs_since_full_walk("sections", None) == 0
        finally:
            history.close()
    with Corpus.open(history_at) as corpus:
        assert corpus.count() == 2
        assert [r["edition"] for r in corpus.revisions("ar:7")] == ["ar"]
        assert [r["edition"] for r in corpus.revisions("7")] == ["en"]


def test_a_limited_arabic_run_between_english_ones_loses_no_story(
    manifest: dict, replica_url: str, manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    """Issue 22's rule across editions: a partial run of one edition (``-a max_pages=1``),
    then runs of the other, then a normal one: every story once across the feeds."""
    history = {"MAYADEEN_HISTORY": str(tmp_path / "history.sqlite")}
    written: Counter[str] = Counter()
    per_run = []
    for base_url, args in (
        (replica_ar_url, {"edition": "ar", "max_pages": "1", "sections": "news,video"}),
        (replica_url, {"edition": "en", "max_pages": "1"}),
        (replica_ar_url, {"edition": "ar"}),
        (replica_url, {}),
        (replica_ar_url, {"edition": "ar"}),
    ):
        crawled = crawl_in_process("sections", base_url, tmp_path, args, history)
        assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
        written.update(item["article_id"] for item in crawled.items)
        per_run.append(len(crawled.items))
    assert 0 < per_run[0] < len(manifest_ar["articles"])  # the first run was partial
    english = Counter({a["article_id"]: 1 for a in manifest["articles"]})
    assert written == english + arabic_ids(manifest_ar)


@dataclass
class ArabicReplica:
    """The Arabic replica as :class:`tests.ledger.Ledger` sees a site: what it shows."""

    base_url: str
    manifest: dict

    def shown(self) -> list[str]:
        return list(arabic_ids(self.manifest))

    def calm(self) -> None:
        """No faults to stop: the replica has none."""


class ArabicLedger(Ledger):
    def explain(self, ids: list[str]) -> str:
        return ", ".join(ids)


@pytest.mark.subprocess
@pytest.mark.parametrize("seed", range(3))
def test_a_killed_arabic_run_then_a_normal_one_writes_every_story_once(
    seed: int, manifest_ar: dict, replica_ar_url: str, tmp_path: Path
) -> None:
    """Issue 22's rule on the Arabic edition: ``kill -9`` at a seeded moment, then one
    normal run: every story in some feed and in the history, none twice."""
    ledger = ArabicLedger(ArabicReplica(replica_ar_url, manifest_ar), tmp_path)  # type: ignore[arg-type]
    after_lines = random.Random(f"arabic-kill:{seed}").randint(60, 400)
    killed = ledger.killed(after_lines, args={"edition": "ar"})
    ledger.run("one normal run", args={"edition": "ar"})
    ledger.check()
    assert killed, "the run ended before its kill: kill it earlier"


@pytest.mark.parametrize(
    ("path", "in_listing", "in_sitemap"),
    [
        ("/news/politics/غزة-تصمد", True, True),
        ("/news/هيئة-المعابر", True, True),  # a news story without a sub-section
        ("/opinion/سقوط-الغرب---الجذور", True, True),
        ("/latestnews/2023/11/2/فرنسا--وزير-الدفاع", True, True),
        ("/episodes-tv/المقاومة-في-فنون/وثائقي-الميادين", True, True),
        ("/video/cop28-in-brief", False, True),  # a Latin slug: a sitemap's story only
        ("/news/politics", False, True),  # sub-listings: Latin names ...
        ("/infograph/arabworld", False, True),  # ... never in a sitemap of posts
        ("/authors/489157/بثينة-شعبان", False, False),
        ("/country/Lebanon", False, False),
        ("/maingroup/فلسطين", False, False),
        ("/news", False, False),
    ],
)
def test_arabic_story_paths(path: str, in_listing: bool, in_sitemap: bool) -> None:
    assert site.ARABIC.is_story_path(path) is in_listing
    assert site.ARABIC.is_story_path(path, in_sitemap=True) is in_sitemap


@pytest.mark.parametrize(
    ("shown", "moment"),
    [
        (
            "\u0662 تشرين الثاني \u0662\u0660\u0662\u0663 \u0661\u0664:\u0663\u0660",
            "2023-11-02T12:30:00+00:00",
        ),
        ("15 أيلول 2023 23:45", "2023-09-15T20:45:00+00:00"),
        ("3 يناير 2024 09:05", "2024-01-03T07:05:00+00:00"),
        ("27 Feb 2023 23:54", "2023-02-27T21:54:00+00:00"),
    ],
)
def test_visible_dates_in_arabic_are_read(shown: str, moment: str) -> None:
    assert to_utc_iso(parse_visible_date(shown)) == moment
