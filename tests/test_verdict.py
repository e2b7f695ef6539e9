"""A run fails for real trouble only, and says which: the policy as a function, and real
crawls (a 404, a refused connection, a persistent challenge page, a feed that cannot be
written, a double Ctrl-C) in every spider."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mayadeen.monitoring.verdict import Policy, causes, success_line
from tests.crawl import (
    PROJECT_ROOT,
    Crawl,
    crawl,
    crawl_in_process,
    crawl_settings,
    parse_stats,
    read_jsonl,
)
from tests.replica.server import serve

HOST = "english.almayadeen.net"


def summary(**changes: Any) -> dict[str, Any]:
    """A healthy run's summary, with ``changes``."""
    base: dict[str, Any] = {
        "finish_reason": "finished",
        "pages": 100,
        "pages_received": 100,
        "pages_failed": 0,
        "failures": {},
        "blocked": 0,
        "block_stop": None,
        "entry_failed": None,
        "feed_failed": None,
        "proxy_failed": None,
        "programming_errors": {"count": 0, "first": None},
        "articles": {"written": 5, "new": 5, "updated": 0, "unchanged": 0, "known_skipped": 0},
        "coverage": {"body": {"share": 1.0, "of": 50}, "title": {"share": 1.0, "of": 60}},
    }
    return {**base, **changes}


def test_a_healthy_run_succeeds() -> None:
    assert causes(summary(), Policy(), HOST) == []


@pytest.mark.parametrize(
    ("failed", "pages", "fails"),
    [
        (1, 1, False),  # one page never fails a run, whatever its size
        (2, 2, False),
        (2, 5, False),
        (3, 100, False),  # 3%: under the share
        (3, 20, True),  # 15%, and at least three
        (11, 100, True),
    ],
)
def test_failed_pages_fail_a_run_past_a_share_and_a_least_count(
    failed: int, pages: int, fails: bool
) -> None:
    run = summary(pages=pages, pages_failed=failed, failures={"http_503": failed})
    found = causes(run, Policy(), HOST)
    assert bool(found) == fails
    if fails:
        assert found[0].startswith(f"too many pages failed: {failed} of {pages}")
        assert "http_503" in found[0]


def test_no_answer_at_all_says_the_site_was_unreachable_and_why() -> None:
    run = summary(pages=1, pages_received=0, pages_failed=1, failures={"CannotResolveHostError": 1})
    assert causes(run, Policy(), HOST) == [
        "the site was unreachable (DNS lookup failed for english.almayadeen.net): check the "
        "network, DNS and MAYADEEN_BASE_URL, then run again"
    ]


def test_a_refusing_proxy_is_the_one_cause_of_what_it_failed() -> None:
    refused = "the proxy http://u:***@h:3128 refused the crawl (407 ...): check MAYADEEN_PROXY"
    run = summary(
        finish_reason="proxy_failed",
        proxy_failed=refused,
        pages=2,
        pages_received=0,
        pages_failed=2,
        failures={"proxy_refused": 2},
        entry_failed="http://x/ could not be read (proxy_refused)",
    )
    assert causes(run, Policy(), HOST) == [f"{refused}, then run again (nothing is lost)"]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"finish_reason": "shutdown"}, "interrupted (Ctrl-C"),
        ({"finish_reason": "blocked", "blocked": 20, "block_stop": "u"}, "blocked the crawl"),
        ({"feed_failed": "NotADirectoryError: x"}, "a feed could not be written (NotADirectory"),
        ({"entry_failed": "http://x/ could not be read (http_500)"}, "could not start"),
        ({"programming_errors": {"count": 1, "first": "KeyError"}}, "a programming error"),
        ({"coverage": {"body": {"share": 0.5, "of": 50}}}, "body coverage 50% < 95%"),
    ],
)
def test_each_kind_of_trouble_fails_the_run_in_words(changes: dict, words: str) -> None:
    found = causes(summary(**changes), Policy(), HOST)
    assert len(found) == 1 and words in found[0]


def test_coverage_is_judged_only_over_enough_pages_that_should_have_the_field() -> None:
    # A crawl of the Videos menu: three text stories without a body are too few to judge.
    run = summary(coverage={"body": {"share": 0.0, "of": 3}, "title": {"share": 1.0, "of": 40}})
    assert causes(run, Policy(), HOST) == []


def test_success_says_why_nothing_was_written() -> None:
    run = summary(
        articles={"written": 0, "new": 0, "updated": 0, "unchanged": 1, "known_skipped": 0}
    )
    assert success_line(run) == (
        "Crawl succeeded: 0 article(s) written; 1 already in the history and unchanged "
        "(-a fresh=1 writes everything)"
    )


# --- real crawls (in process where the summary is the subject; ``scrapy crawl`` where the
# exit status or the last line of its output is) ----------------------------------------


def story(manifest: dict, section: str, nth: int = 0) -> dict:
    return [a for a in manifest["articles"] if section in a["sections"]][nth]


def run_spider(spider: str, base_url: str, tmp: Path, target: dict) -> tuple[Crawl, dict]:
    """``spider`` in process over a small part of the site that holds ``target`` (a manifest
    article); returns the crawl and its JSON summary."""
    args = {
        "article": {"url": target["url"]},
        "sitemap": {"since": target["published"][:7], "until": target["published"][:7]},
        "sections": {"sections": "politics"},
    }[spider]
    out = tmp / f"{spider}.jsonl"
    crawled = crawl_in_process(spider, base_url, tmp / "data", args, feeds=[out])
    data = json.loads((tmp / f"{spider}.jsonl.summary.json").read_text(encoding="utf-8"))
    return crawled, data


SPIDERS = ["article", "sitemap", "sections"]


def crawl_with_a_bad_page(
    spider: str, replica: Path, tmp_path: Path, target: dict, page: str | None
) -> tuple[Crawl, dict, str]:
    """``spider`` over a copy of the replica whose ``target`` page is gone (``page`` None:
    a 404) or says ``page``; returns the crawl, its summary and the base URL."""
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    file = site / f"{target['paths'][0].lstrip('/')}.html"
    if page is None:
        file.unlink()
    else:
        file.write_text(page, encoding="utf-8")
    with serve(site) as base_url:
        crawled, data = run_spider(spider, base_url, tmp_path, target)
    assert crawled.stats["mayadeen/verdict"] == "succeeded", crawled.log[-3000:]
    assert "Crawl succeeded: " in crawled.log.splitlines()[-1]
    return crawled, data, base_url


@pytest.mark.parametrize("spider", SPIDERS)
def test_a_page_that_404s_is_a_warning_in_every_spider(
    spider: str, replica: Path, manifest: dict, tmp_path: Path
) -> None:
    target = story(manifest, "/news/politics", 3)
    crawled, data, base_url = crawl_with_a_bad_page(spider, replica, tmp_path, target, None)
    assert "TypeError" not in crawled.log and " ERROR: " not in crawled.log
    assert data["failures"] == {"http_404": 1}
    assert data["unreachable"] == [base_url + target["paths"][0]]
    assert "1 page(s) failed (http_404 (1))" in crawled.log.splitlines()[-1]


@pytest.mark.parametrize("spider", SPIDERS)
def test_a_persistent_challenge_page_is_a_warning_in_every_spider(
    spider: str, replica: Path, manifest: dict, tmp_path: Path
) -> None:
    target = story(manifest, "/news/politics", 4)
    challenge = (
        "<html><head><title>Just a moment...</title></head><body>"
        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
        "</body></html>"
    )
    crawled, data, _ = crawl_with_a_bad_page(spider, replica, tmp_path, target, challenge)
    assert data["failures"] == {"blocked": 1}
    assert data["blocked"] == 4  # the first try and three retries
    assert target["article_id"] not in {i["article_id"] for i in crawled.items}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("spider", SPIDERS)
@pytest.mark.subprocess
def test_a_refused_connection_fails_every_spider_and_says_so(
    spider: str, manifest: dict, tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    target = story(manifest, "/news/politics")
    out, log = tmp_path / "x.jsonl", tmp_path / "crawl.log"
    args = {"article": {"url": target["url"]}, "sitemap": {}, "sections": {}}[spider]
    result = crawl(spider, dead, [out], args=args, log_file=log, settings={"RETRY_TIMES": "1"})
    assert result.returncode == 1
    text = log.read_text(encoding="utf-8")
    assert "TypeError" not in text
    assert text.splitlines()[-1].endswith(
        "Crawl FAILED: the site was unreachable (connection refused by 127.0.0.1): check the "
        "network, DNS and MAYADEEN_BASE_URL, then run again"
    )


@pytest.mark.subprocess
def test_an_entry_page_that_fails_fails_the_run(replica: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    (site / "sitemaps" / "all.xml").write_text("not a sitemap", encoding="utf-8")
    with serve(site) as base_url:
        out, log = tmp_path / "x.jsonl", tmp_path / "crawl.log"
        result = crawl("sitemap", base_url, [out], log_file=log)
    assert result.returncode == 1
    last = log.read_text(encoding="utf-8").splitlines()[-1]
    assert f"Crawl FAILED: the crawl could not start: {base_url}/sitemaps/all.xml" in last


@pytest.mark.subprocess
def test_many_failed_pages_fail_the_run(replica: Path, manifest: dict, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(replica / "site", site)
    gone = [a for a in manifest["articles"] if "/news/politics" in a["sections"]][:8]
    for article in gone:
        (site / f"{article['paths'][0].lstrip('/')}.html").unlink()
    with serve(site) as base_url:
        out, log = tmp_path / "x.jsonl", tmp_path / "crawl.log"
        result = crawl("sections", base_url, [out], args={"sections": "politics"}, log_file=log)
    assert result.returncode == 1
    last = log.read_text(encoding="utf-8").splitlines()[-1]
    assert "Crawl FAILED: too many pages failed: 8 of " in last and "http_404 (8)" in last
    assert (
        len(read_jsonl(out))
        == len([a for a in manifest["articles"] if "/news/politics" in a["sections"]]) - 8
    )  # nothing else lost


@pytest.mark.subprocess
def test_a_feed_that_cannot_be_written_fails_the_run_and_marks_nothing_written(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    urls = ",".join(a["url"] for a in manifest["articles"][:3])
    # A full disk: the feed opens, its first write fails. (A path that cannot be a file, a
    # directory or one under a file, is refused before the crawl starts: tests/test_hostile_ops.py.)
    bad, log = Path("/dev/full:jsonlines"), tmp_path / "crawl.log"
    data = tmp_path / "data"
    result = crawl("article", replica_url, [bad], args={"urls": urls}, log_file=log, data_dir=data)
    assert result.returncode == 1
    last = log.read_text(encoding="utf-8").splitlines()[-1]
    assert "Crawl FAILED: a feed could not be written (OSError: [Errno 28] " in last
    # The history did not take them as written: the next run writes all three (and skips
    # reading the failed run's feed back: a device, not a file).
    good = tmp_path / "x.jsonl"
    result = crawl("article", replica_url, [good], args={"urls": urls}, data_dir=data)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Cannot read back the feed /dev/full (not a regular file): skipped" in result.stderr
    assert [i["revision"] for i in read_jsonl(good)] == [1, 1, 1]


@pytest.mark.subprocess
def test_a_double_ctrl_c_exits_non_zero_with_a_verdict(replica: Path, tmp_path: Path) -> None:
    from tests.replica.server import Faults

    slow = Faults(slow={"/news": 30.0})  # the crawl waits on this listing
    with serve(replica / "site", faults=slow) as base_url:
        command = [sys.executable, "-m", "scrapy", "crawl", "sections"]
        for name, value in crawl_settings(base_url, tmp_path).items():
            command += ["-s", f"{name}={value}"]
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        deadline = time.monotonic() + 60
        while not any(s.path == "/news" for s in base_url.log):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGINT)
        time.sleep(0.5)
        os.kill(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr[-3000:]
    assert "forcing unclean shutdown" in stderr
    assert "Crawl FAILED: stopped before it could close" in stderr.splitlines()[-1]


@pytest.mark.subprocess
def test_the_verdict_is_the_last_line_after_the_stored_feeds(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    out = tmp_path / "x.jsonl"
    result = crawl("article", replica_url, [out], args={"url": manifest["articles"][0]["url"]})
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    stored = max(i for i, line in enumerate(lines) if "Stored jsonl feed" in line)
    assert stored < len(lines) - 1
    assert "Crawl succeeded: 1 article(s) written (1 new, 0 updated)" in lines[-1]
    again = crawl("article", replica_url, [out], args={"url": manifest["articles"][0]["url"]})
    assert again.stderr.splitlines()[-1].endswith(
        "Crawl succeeded: 0 article(s) written; 1 already in the history and unchanged "
        "(-a fresh=1 writes everything)"
    )
    assert parse_stats(again.stderr)["mayadeen/dropped/unchanged"] == 1


@pytest.mark.subprocess
def test_items_to_standard_output_put_the_summary_in_the_data_dir(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    article = manifest["articles"][0]
    command = [sys.executable, "-m", "scrapy", "crawl", "article", "-a", f"url={article['url']}"]
    for name, value in crawl_settings(replica_url, tmp_path).items():
        command += ["-s", f"{name}={value}"]
    result = subprocess.run(
        [*command, "-o", "-:jsonlines"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["article_id"] == article["article_id"]
    assert not list(PROJECT_ROOT.glob("stdout*"))  # no "stdout:.summary.json"
    (summary,) = (tmp_path / "article").glob("article-*.summary.json")
    assert json.loads(summary.read_text(encoding="utf-8"))["articles"]["written"] == 1
    assert "History " in result.stderr and ": 0 article(s) known;" in result.stderr


@pytest.mark.parametrize("history", ["postgresql://crawler@127.0.0.1:{port}/corpus", "{tmp}/f/h"])
@pytest.mark.subprocess
def test_a_history_that_cannot_be_opened_fails_the_run_before_any_fetch(
    history: str, replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    (tmp_path / "f").write_text("a file, not a folder")
    location = history.format(port=free_port(), tmp=tmp_path)  # nothing listens there
    log = tmp_path / "crawl.log"
    result = crawl(
        "article",
        replica_url,
        [tmp_path / "x.jsonl"],
        args={"url": manifest["articles"][0]["url"]},
        settings={"MAYADEEN_STATE": location},
        log_file=log,
    )
    assert result.returncode == 1
    text = log.read_text(encoding="utf-8")
    assert "ERROR: Cannot open the history: cannot open the history" in text
    assert "Crawl FAILED: the history could not be opened (the ERROR above says why)" in text
    assert parse_stats(text).get("downloader/request_count") is None  # nothing fetched
