"""Hostile inputs to operations (issue 23): a crashed run's feeds that cannot be read back
never wedge the history; stored page text printed by a command cannot drive the terminal;
every command's bad path or number is one line and an exit status, never a traceback.

Commands run as users run them (``scrapy`` subprocesses); recovery is tried on a history
whose last run "was killed" (never finished, its process gone, its feeds as a kill or a
user left them), directly and then by a real crawl of the served replica.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy.exporters import JsonLinesItemExporter

from mayadeen.corpus import Corpus
from mayadeen.feeds.exporters import ArticleCsvItemExporter
from mayadeen.history import History, recover
from mayadeen.items import ARTICLE_FIELDS
from mayadeen.monitoring.terminal import printable, printable_json
from tests.articles import article
from tests.commands import run_scrapy
from tests.crawl import LOCAL_SETTINGS, crawl

#: A title as a hostile page can give it: sets the terminal's title (OSC ... BEL), clears the
#: screen, turns text red, a C1 control (CSI), then reverses what follows (U+202E).
HOSTILE = "Talks \x1b]0;owned\x07\x1b[2J\x1b[31mred \x9b\u202eesrever"
#: The characters of :data:`HOSTILE` that must never reach a terminal raw.
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The command's last line on stderr (a usage error follows Scrapy's usage block),
    after checking that no traceback came before it."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.stderr.strip(), "no error line"
    return result.stderr.strip().splitlines()[-1]


# --- recovery never wedges the history ------------------------------------------------


def story(number: int, **changes: object) -> dict:
    item = asdict(article(article_id=str(1000 + number), revision=1))
    return {**item, "url": f"{item['url']}-{number}", **changes}


def write_feed(path: Path, items: list[dict]) -> None:
    """``items`` written by the crawl's own exporters (format by extension)."""
    with path.open("wb") as handle:
        if path.suffix == ".csv":
            exporter = ArticleCsvItemExporter(handle, fields_to_export=ARTICLE_FIELDS)
        else:
            exporter = JsonLinesItemExporter(handle, ensure_ascii=False)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


def killed_run(location: str, feeds: list[Path]) -> None:
    """A run in the history that registered ``feeds`` and was killed: never finished, its
    process gone. It has no worker name, so any run on this machine recovers it."""
    history = History(location)
    history.runs.begin("article")
    for path in feeds:
        history.runs.add_feed(path, "csv" if path.suffix == ".csv" else "jsonlines")
    with history.db.begin():
        history.db.exec_driver_sql("UPDATE runs SET pid = 999999999 WHERE finished_at IS NULL")
    history.close()


def recovered(location: str) -> tuple[dict[str, dict], list[str | None]]:
    """The articles in the history, by id, and each run's finish reason."""
    with Corpus.open(location) as corpus:
        articles = {a["article_id"]: a for a in corpus.articles()}
        with corpus.history.db.begin():
            runs = corpus.history.db.exec_driver_sql("SELECT finish_reason FROM runs")
            reasons = [reason for (reason,) in runs]
    return articles, reasons


def recover_now(location: str) -> int:
    history = History(location)
    try:
        return recover(history)
    finally:
        history.close()


def test_a_feed_that_is_a_directory_is_named_and_the_others_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    location = str(tmp_path / "history.sqlite3")
    folder, csv_feed = tmp_path / "out.jsonl", tmp_path / "out.csv"
    folder.mkdir()
    write_feed(csv_feed, [story(1), story(2)])
    killed_run(location, [folder, csv_feed])
    with caplog.at_level(logging.WARNING):
        assert recover_now(location) == 2  # what the CSV holds
    warnings = [r.getMessage() for r in caplog.records if "Cannot read back" in r.getMessage()]
    assert warnings == [f"Cannot read back the feed {folder} (not a regular file): skipped"]
    articles, runs = recovered(location)
    assert sorted(articles) == ["1001", "1002"] and runs == ["recovered"]


def test_a_csv_cell_over_128_kib_is_read_back(tmp_path: Path) -> None:
    location = str(tmp_path / "history.sqlite3")
    body = "word " * 60_000 + "end"  # 300,003 characters: over csv's 131,072 limit
    csv_feed = tmp_path / "out.csv"
    write_feed(csv_feed, [story(1, body=body), story(2)])
    killed_run(location, [csv_feed])
    limit = csv.field_size_limit()
    assert recover_now(location) == 2
    assert csv.field_size_limit() == limit  # raised for the read only
    articles, runs = recovered(location)
    assert articles["1001"]["body"] == body and runs == ["recovered"]


def test_a_truncated_line_and_bad_records_cost_only_themselves(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    location = str(tmp_path / "history.sqlite3")
    feed = tmp_path / "out.jsonl"
    write_feed(feed, [story(1)])
    good = feed.read_bytes()
    write_feed(feed, [story(2)])
    second = feed.read_bytes()
    # A line in bad UTF-8, a line of JSON that is no object, then a record cut by the kill.
    feed.write_bytes(good + b'{"title": "\xff\xfe"}\n' + b"[1, 2]\n" + second + second[:30])
    killed_run(location, [feed])
    with caplog.at_level(logging.WARNING):
        assert recover_now(location) == 2
    assert f"Cutting a half-written record (30 bytes) off {feed}" in caplog.text
    assert f"Skipping 2 unreadable record(s) of {feed} (the first at byte {len(good)}: " in (
        caplog.text
    )
    assert feed.read_bytes().endswith(second)  # the half record is cut off the file
    articles, runs = recovered(location)
    assert sorted(articles) == ["1001", "1002"] and runs == ["recovered"]


def test_a_removed_feed_is_named_and_the_other_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    location = str(tmp_path / "history.sqlite3")
    jsonl, csv_feed = tmp_path / "out.jsonl", tmp_path / "out.csv"
    write_feed(csv_feed, [story(1), story(2), story(3)])
    written = csv_feed.read_bytes()
    killed_run(location, [jsonl, csv_feed])  # the JSON Lines feed removed since
    with caplog.at_level(logging.WARNING):
        assert recover_now(location) == 3
    assert f"The feed {jsonl} is gone (removed after its run): skipped" in caplog.text
    assert csv_feed.read_bytes() == written  # nothing cut
    assert sorted(recovered(location)[0]) == ["1001", "1002", "1003"]


def test_a_feed_never_opened_still_cuts_the_item_only_one_feed_got(tmp_path: Path) -> None:
    """Killed between the first item's two writes: the missing feed was never opened."""
    location = str(tmp_path / "history.sqlite3")
    jsonl, csv_feed = tmp_path / "out.jsonl", tmp_path / "out.csv"
    write_feed(jsonl, [story(1)])
    killed_run(location, [jsonl, csv_feed])
    assert recover_now(location) == 0
    assert jsonl.read_bytes() == b""  # written again, to both feeds, by the next run
    assert recovered(location)[1] == ["recovered"]


@pytest.mark.subprocess
def test_a_crawl_after_a_run_with_unreadable_feeds_recovers_and_succeeds(
    replica_url: str, manifest: dict, tmp_path: Path
) -> None:
    """The issue's wedge: a run that failed on a directory feed (or was killed with a huge
    CSV cell) left its run open; the next crawls on that history succeed."""
    data = tmp_path / "data"
    data.mkdir()
    location = str(data / "history.sqlite3")
    folder, csv_feed = tmp_path / "dir.jsonl", tmp_path / "killed.csv"
    folder.mkdir()
    write_feed(csv_feed, [story(1, body="long " * 40_000)])
    killed_run(location, [folder, csv_feed])
    urls = ",".join(a["url"] for a in manifest["articles"][:2])
    for n in (1, 2):
        out = tmp_path / f"run{n}.jsonl"
        done = crawl("article", replica_url, [out], {"urls": urls}, data_dir=data)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Cannot open the history" not in done.stderr
        if n == 1:
            skipped = f"Cannot read back the feed {folder} (not a regular file): skipped"
            assert skipped in done.stderr
            assert "1 article(s) recorded" in done.stderr
    articles, runs = recovered(location)
    assert "1001" in articles and len(articles) == 3
    assert runs == ["recovered", "finished", "finished"]


@pytest.mark.subprocess
def test_a_feed_onto_a_directory_is_refused_before_anything_starts(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").mkdir()
    (tmp_path / "file").write_text("")
    for output, why in (
        ("out.jsonl", "it is a directory: give a file's path"),
        ("file/out.jsonl", "file is not a directory"),
    ):
        args = ["crawl", "article", "-a", "url=http://127.0.0.1:9/x", "-O", output]
        result = run_scrapy(tmp_path, args, {**LOCAL_SETTINGS, "MAYADEEN_HISTORY": "h.sqlite3"})
        assert result.returncode == 2
        assert result.stderr == f"error: cannot write the feed {output}: {why}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out.jsonl"]  # no history


# --- stored text printed escaped --------------------------------------------------------


def test_printable_escapes_controls_and_bidi_and_keeps_text() -> None:
    assert printable(HOSTILE) == (
        "Talks \\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred \\x9b\\u202eesrever"
    )
    kept = "Gaza: 3 dead\n\tمقتل ٣ — «quoted» 🇵🇸 e\u0301"
    assert printable(kept) == kept
    dumped = printable_json({"title": HOSTILE, "t": kept})
    assert not any(c in dumped for c in RAW)
    assert json.loads(dumped) == {"title": HOSTILE, "t": kept}  # the same JSON value


@pytest.fixture(scope="module")
def hostile_history(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A history whose one article's title, section and body hold :data:`HOSTILE`, in two
    revisions."""
    location = str(tmp_path_factory.mktemp("hostile") / "history.sqlite3")
    history = History(location)
    first = story(1, title=HOSTILE, section=HOSTILE, body=f"Ceasefire talks. {HOSTILE}")
    history.record(first, [])
    history.record({**first, "title": HOSTILE + " again", "revision": 2}, [])
    history.close()
    return location


@pytest.mark.parametrize(
    "command",
    [
        ["search", "ceasefire"],
        ["search", "ceasefire", "--json"],
        ["revisions", "1001"],
        ["revisions", "1001", "--json"],
    ],
    ids=["search", "search-json", "revisions", "revisions-json"],
)
@pytest.mark.subprocess
def test_commands_print_stored_text_escaped(
    command: list[str], hostile_history: str, tmp_path: Path
) -> None:
    result = run_scrapy(tmp_path, [*command, "--history", hostile_history])
    assert result.returncode == 0, result.stderr[-3000:]
    assert not [c for c in RAW if c in result.stdout]
    if "--json" in command:
        parsed = json.loads(result.stdout)
        title = parsed[0]["title"] if command[0] == "search" else parsed[-1]["item"]["title"]
        assert title == HOSTILE + " again"  # the value itself is intact
        assert "\\u202e" in result.stdout and "\\u009b" in result.stdout
    else:
        assert printable(HOSTILE) + " again" in result.stdout


# --- bad numbers and paths: one line, never a traceback -------------------------------


@pytest.mark.parametrize(
    ("args", "status", "line"),
    [
        (["search", "x", "--limit", "-5"], 2, "'-5': expected a whole number, 1 or more"),
        (["search", "x", "--limit", "0"], 2, "'0': expected a whole number, 1 or more"),
        (["search", "x", "--limit", "ten"], 2, "'ten': expected a whole number, 1 or more"),
        (["search", "x", "--since", "2026-13-45"], 2, "--since 2026-13-45: expected a day"),
        (["export", "-o", "x.jsonl", "--since", "soon"], 2, "--since soon: expected a day"),
        (["report", "-o", "x.html", "--since", "99999-1-1"], 2, "--since 99999-1-1: expected"),
    ],
    ids=["negative", "zero", "text", "search-since", "export-since", "report-since"],
)
@pytest.mark.subprocess
def test_bad_numbers_and_days_are_one_line(
    args: list[str], status: int, line: str, hostile_history: str, tmp_path: Path
) -> None:
    result = run_scrapy(tmp_path, [*args, "--history", hostile_history])
    assert result.returncode == status
    assert line in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.subprocess
def test_a_huge_limit_means_every_hit(hostile_history: str, tmp_path: Path) -> None:
    args = ["search", "ceasefire", "--limit", "9" * 20, "--history", hostile_history]
    result = run_scrapy(tmp_path, args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.strip().endswith(f"1 article(s) in {hostile_history}")


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.parametrize("target", ["directory", "under-a-file"])
@pytest.mark.subprocess
def test_writing_onto_a_directory_or_under_a_file_is_one_line(
    command: str, target: str, hostile_history: str, tmp_path: Path
) -> None:
    (tmp_path / "taken.jsonl").mkdir()
    (tmp_path / "file").write_text("kept")
    output = "taken.jsonl" if target == "directory" else "file/out.jsonl"
    why = (
        "it is a directory: give a file's path"
        if target == "directory"
        else ("file is not a directory")
    )
    result = run_scrapy(tmp_path, [command, "-o", output, "--history", hostile_history])
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {output}: {why}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken.jsonl"]
    assert (tmp_path / "file").read_text() == "kept"


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.subprocess
def test_a_read_only_file_or_folder_is_one_line_and_left_as_it_was(
    command: str, hostile_history: str, tmp_path: Path
) -> None:
    (tmp_path / "ro.jsonl").write_text("kept")
    (tmp_path / "ro.jsonl").chmod(0o444)
    if os.access(tmp_path / "ro.jsonl", os.W_OK):
        pytest.skip("this user writes read-only files (root: run under setpriv without DAC)")
    (tmp_path / "folder").mkdir(mode=0o555)
    for output, why in (("ro.jsonl", "it is read-only"), ("folder/x.jsonl", "Permission denied")):
        result = run_scrapy(tmp_path, [command, "-o", output, "--history", hostile_history])
        assert result.returncode == 1
        assert result.stderr == f"error: cannot write {output}: {why}\n"
    assert (tmp_path / "ro.jsonl").read_text() == "kept"
    assert list((tmp_path / "folder").iterdir()) == []


@pytest.mark.subprocess
def test_a_report_that_cannot_be_written_leaves_no_half_file(
    hostile_history: str, tmp_path: Path
) -> None:
    """Written to a temporary file and renamed: the name it would take is a folder's."""
    page = tmp_path / "corpus.html"
    (tmp_path / ".corpus.html.partial").mkdir()  # where the page is written first
    result = run_scrapy(tmp_path, ["report", "-o", str(page), "--history", hostile_history])
    assert result.returncode == 1
    assert one_error_line(result) == f"error: cannot write {page}: Is a directory"
    assert not page.exists()


@pytest.mark.subprocess
def test_the_report_draws_a_hostile_section_name_escaped(
    hostile_history: str, tmp_path: Path
) -> None:
    done = run_scrapy(tmp_path, ["report", "-o", "ok.html", "--history", hostile_history])
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tmp_path / "ok.html").read_text(encoding="utf-8")
    assert not [c for c in RAW if c in page]
    assert "Talks \\x1b]0;owned\\x07" in page and "<script" not in page


@pytest.mark.parametrize(
    ("setting", "line"),
    [
        ("MAYADEEN_REFRESH_HOURS=nan", "expected a number of hours from 0 to 876,000"),
        ("MAYADEEN_RETRY_AFTER_HOURS=1e300", "expected a number of hours from 0 to 876,000"),
        ("MAYADEEN_MAX_ATTEMPTS=" + "9" * 30, "expected a whole number from 0 to 1,000,000"),
        ("MAYADEEN_BLOCK_LIMIT=lots", "expected a whole number from 1 to 1,000,000,000"),
        ("MAYADEEN_FAILED_PAGES_SHARE=1.5", "expected a share from 0 to 1"),
        ("MAYADEEN_NOTIFY_TIMEOUT=inf", "expected a number of seconds from 0 to 1,000,000"),
    ],
)
@pytest.mark.subprocess
def test_a_bad_numeric_setting_is_one_line_before_the_crawl(
    setting: str, line: str, tmp_path: Path
) -> None:
    name, value = setting.split("=", 1)
    args = ["crawl", "sections", "-s", setting]
    result = run_scrapy(tmp_path, args, {"MAYADEEN_BASE_URL": "http://127.0.0.1:9"})
    assert result.returncode == 2
    assert result.stderr == f"error: {name}={value!r}: {line}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["search", "revisions", "export", "report"])
@pytest.mark.parametrize(
    ("what", "make", "line"),
    [
        ("a directory", lambda p: p.mkdir(), "is not a history: not a file"),
        ("an empty file", lambda p: p.write_bytes(b""), "not a SQLite database"),
        ("a page", lambda p: p.write_text("<html>"), "not a SQLite database"),
    ],
    ids=["directory", "empty", "page"],
)
@pytest.mark.subprocess
def test_a_reading_command_on_what_is_no_history_is_one_line_and_writes_nothing(
    command: str, what: str, make: object, line: str, tmp_path: Path
) -> None:
    given, cwd = tmp_path / "given", tmp_path / "cwd"
    cwd.mkdir()
    make(given)  # type: ignore[operator]
    before = sorted(tmp_path.rglob("*")), given.is_file() and given.read_bytes()
    args = {
        "search": ["search", "x"],
        "revisions": ["revisions", "1"],
        "export": ["export", "-o", str(tmp_path / "out.jsonl")],
        "report": ["report", "-o", str(tmp_path / "out.html")],
    }[command]
    result = run_scrapy(cwd, [*args, "--history", str(given)])
    assert result.returncode == 1, what
    assert line in one_error_line(result)
    assert (sorted(tmp_path.rglob("*")), given.is_file() and given.read_bytes()) == before
