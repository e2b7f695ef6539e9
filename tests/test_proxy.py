"""Every request through ``MAYADEEN_PROXY``, the password never shown, and a proxy that
refuses (407, or down) ending the run in one clear line with nothing lost.

The process tests crawl the replica through a real forward proxy (proxy.py, started by the
test: ``tests/forward_proxy.py``) as users run it (``scrapy crawl``); the rest are the
middleware's rules as functions, with Scrapy's own ``HttpProxyMiddleware`` after it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import socket
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.httpproxy import HttpProxyMiddleware
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from mayadeen.network.proxy import ProxyMiddleware, proxy_setting, redact
from tests.crawl import crawl, parse_stats
from tests.replica.server import serve

USER, PASSWORD = "alice", "Zq8x-s3cr3t-77"
#: The variables that would route (or not) the crawl's requests behind the test's back.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")

# --- the rules, as functions ---------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def through_middlewares(request: Request, settings: dict[str, str]) -> Request:
    """``request`` after ours and Scrapy's ``HttpProxyMiddleware``, in the project's order."""
    crawler = get_crawler(settings_dict=settings)
    ours = ProxyMiddleware(crawler)
    scrapys = HttpProxyMiddleware.from_crawler(crawler)
    asyncio.run(ours.process_request(request))
    scrapys.process_request(request)
    return request


def basic(user: str, password: str) -> bytes:
    return b"Basic " + base64.b64encode(f"{user}:{password}".encode())


def test_the_setting_sends_every_request_through_the_proxy_with_its_credentials(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    # The environment's proxy is Scrapy's when the setting is empty; the setting wins.
    clean_environment.setenv("http_proxy", "http://bob:other@10.9.9.9:3128")
    setting = {"MAYADEEN_PROXY": f"http://{USER}:{PASSWORD}@127.0.0.1:3128"}
    request = through_middlewares(Request("http://127.0.0.1:8000/news"), setting)
    assert request.meta["proxy"] == "http://127.0.0.1:3128"  # no password left in meta
    assert request.headers[b"Proxy-Authorization"] == basic(USER, PASSWORD)

    request = through_middlewares(Request("http://127.0.0.1:8000/news"), {})
    assert request.meta["proxy"] == "http://10.9.9.9:3128"
    assert request.headers[b"Proxy-Authorization"] == basic("bob", "other")


def test_no_proxy_and_a_request_s_own_proxy_are_respected(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    clean_environment.setenv("no_proxy", "localhost,mirror.example.org")
    setting = {"MAYADEEN_PROXY": f"http://{USER}:{PASSWORD}@127.0.0.1:3128"}
    direct = through_middlewares(Request("http://mirror.example.org/news"), setting)
    assert direct.meta.get("proxy") is None
    assert b"Proxy-Authorization" not in direct.headers
    # 127.0.0.1 is not in no_proxy here: proxied, although it is loopback.
    assert through_middlewares(Request("http://127.0.0.1:8000/"), setting).meta["proxy"]
    # A request that names its own proxy, or None (none), keeps it.
    own = Request("http://127.0.0.1:8000/", meta={"proxy": None})
    assert through_middlewares(own, setting).meta["proxy"] is None
    other = Request("http://127.0.0.1:8000/", meta={"proxy": "http://10.1.1.1:8080"})
    assert through_middlewares(other, setting).meta["proxy"] == "http://10.1.1.1:8080"


def test_a_splash_request_gives_the_proxy_to_splash(clean_environment: pytest.MonkeyPatch) -> None:
    """Splash fetches the page: the proxy is its ``proxy`` argument; the request to the
    Splash server itself is not proxied."""
    url = f"http://{USER}:{PASSWORD}@127.0.0.1:3128"
    splash = {"endpoint": "render.html", "args": {"wait": 1.0}}
    request = through_middlewares(
        Request("http://127.0.0.1:8000/", meta={"splash": splash}), {"MAYADEEN_PROXY": url}
    )
    assert request.meta["splash"]["args"] == {"wait": 1.0, "proxy": url}
    assert request.meta.get("proxy") is None


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"http://{USER}:{PASSWORD}@10.0.0.1:3128", f"http://{USER}:***@10.0.0.1:3128"),
        ("http://10.0.0.1:3128", "http://10.0.0.1:3128"),
        ("https://u:p%40ss@proxy.example.org", "https://u:***@proxy.example.org"),
    ],
)
def test_redact_masks_the_password(url: str, shown: str) -> None:
    assert redact(url) == shown


@pytest.mark.parametrize(
    "url", [f"{USER}:{PASSWORD}@10.0.0.1:3128", f"socks5://{USER}:{PASSWORD}@10.0.0.1:1080"]
)
def test_a_bad_setting_is_refused_without_its_password(url: str) -> None:
    with pytest.raises(ValueError, match="MAYADEEN_PROXY must be") as refused:
        proxy_setting(Settings({"MAYADEEN_PROXY": url}))
    assert PASSWORD not in str(refused.value)


# --- through a real proxy ------------------------------------------------------------------


@pytest.fixture
def forward_proxy(tmp_path: Path) -> Iterator:
    """proxy.py with basic authentication (``USER``/``PASSWORD``) on a free 127.0.0.1 port."""
    pytest.importorskip("proxy", reason="proxy.py is not installed: pip install '.[test]'")
    from tests.forward_proxy import forward_proxy as start

    with start(tmp_path / "proxy", USER, PASSWORD) as running:
        yield running


@pytest.fixture
def replica_site(replica: Path) -> Iterator[str]:
    """The replica served for this test alone: its log is this test's requests."""
    with serve(replica / "site") as base_url:
        yield base_url


def free_port() -> int:
    """A 127.0.0.1 port nothing listens on (a proxy that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: A short crawl: the politics listing's first page and its stories.
SHORT = {"sections": "politics", "max_pages": "1"}


def run(
    base_url: str, out: Path, proxy_url: str, args: dict[str, str] = SHORT
) -> tuple[int, str, Path]:
    """``scrapy crawl sections`` on ``base_url`` through ``proxy_url``, its feeds in ``out``
    and its data dir (history, summaries) beside: exit status, log (and standard error), and
    ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / "crawl.log"
    result = crawl(
        "sections",
        base_url,
        [out / "items.jsonl", out / "items.csv"],
        args=args,
        settings={"MAYADEEN_PROXY": proxy_url},
        log_file=log,
        data_dir=out.parent / "data",
    )
    return result.returncode, log.read_text(encoding="utf-8") + result.stderr, out


def every_text(out: Path) -> str:
    """Every file a crawl wrote (feeds, summary, HTML report, log), as text."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for folder in (out, out.parent / "data")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("history.sqlite3")
    )


def assert_no_password(text: str) -> None:
    assert PASSWORD not in text
    assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in text


def history_rows(data: Path) -> dict[str, list[tuple]]:
    """The history's stories (articles, addresses, revisions, pending ones with their failed
    runs, watermarks): all but the run ledger."""
    with sqlite3.connect(data / "history.sqlite3") as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}"), key=repr)
            for table in ("articles", "paths", "revisions", "pending", "watermarks")
        }


@pytest.mark.subprocess
def test_a_crawl_goes_through_the_proxy_and_never_shows_the_password(
    forward_proxy, replica_site: str, tmp_path: Path, clean_environment: pytest.MonkeyPatch
) -> None:
    # A dead proxy in the environment: the setting must win over it.
    clean_environment.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")
    status, log, out = run(replica_site, tmp_path / "run", forward_proxy.url())
    assert status == 0, log[-3000:]
    assert "Crawl succeeded" in log
    stats = parse_stats(log)
    forwarded = forward_proxy.requests()
    served = replica_site.log  # type: ignore[attr-defined]
    # Every request went through the proxy, with its credentials; the replica saw them all
    # from the proxy and none besides.
    assert len(forwarded) == len(served) == stats["downloader/request_count"] > 10
    assert all(line.endswith(" auth=yes") for line in forwarded)
    paths = Counter(re.sub(r"^GET http://[^/]+(\S*) auth=yes$", r"\1", f) for f in forwarded)
    assert paths == Counter(s.path for s in served)
    assert f"http://{USER}:***@127.0.0.1:{forward_proxy.port}" in log
    assert_no_password(log + every_text(out))
    summary = json.loads(next(out.glob("items.jsonl.summary.json")).read_text())
    assert summary["proxy_failed"] is None


@pytest.mark.subprocess
@pytest.mark.parametrize("trouble", ["wrong_password", "proxy_down"])
def test_a_refusing_proxy_ends_the_run_in_one_line_and_loses_nothing(
    trouble: str,
    forward_proxy,
    replica_site: str,
    tmp_path: Path,
    clean_environment: pytest.MonkeyPatch,
) -> None:
    status, log, _ = run(replica_site, tmp_path / "good", forward_proxy.url())
    assert status == 0, log[-3000:]
    data = tmp_path / "data"
    before = history_rows(data)
    assert before["articles"]
    served_before = len(replica_site.log)  # type: ignore[attr-defined]
    forwarded_before = len(forward_proxy.requests())

    if trouble == "wrong_password":
        url, shown = forward_proxy.url("wrong-Zq8x"), f"{USER}:***@127.0.0.1:{forward_proxy.port}"
        why = "refused the crawl (407 Proxy Authentication Required"
    else:
        port = free_port()
        url, shown = f"http://{USER}:{PASSWORD}@127.0.0.1:{port}", f"{USER}:***@127.0.0.1:{port}"
        why = "could not be reached (connection refused, 4 tries"
    # Every section this time: there is plenty it would fetch.
    status, log, out = run(replica_site, tmp_path / "bad", url, {"max_pages": "3"})
    assert status == 1, log[-3000:]
    verdicts = [line for line in log.splitlines() if "Crawl FAILED" in line or "Crawl succ" in line]
    assert len(verdicts) == 1, verdicts
    assert verdicts[0].endswith(
        f"ERROR: Crawl FAILED: the proxy http://{shown} {why}"
        + (": a wrong user or password?" if trouble == "wrong_password" else "")
        + ")"
        + ": check MAYADEEN_PROXY, then run again (nothing is lost)"
    ), verdicts[0]
    stats = parse_stats(log)
    assert stats["finish_reason"] == "proxy_failed"
    assert stats["log_count/ERROR"] == 1  # the proxy's line; the verdict's comes after
    assert "Cannot start" not in log and "Download failed" not in log
    # The proxy was not hammered: nothing reached the replica; one refusal (robots.txt's),
    # or the entry's tries on a closed port.
    assert len(replica_site.log) == served_before  # type: ignore[attr-defined]
    assert len(forward_proxy.requests()) == forwarded_before
    if trouble == "wrong_password":
        assert forward_proxy.refusals() == 1
        assert stats["downloader/request_count"] == 1
    else:
        assert stats["downloader/request_count"] == 4  # robots.txt, RETRY_TIMES=3 retries
    summary = json.loads(next(out.glob("items.jsonl.summary.json")).read_text())
    assert summary["finish_reason"] == "proxy_failed"
    assert summary["proxy_failed"].startswith(f"the proxy http://{shown} ")
    assert history_rows(data) == before
    assert_no_password(log + every_text(out))
    assert "wrong-Zq8x" not in log + every_text(out)
