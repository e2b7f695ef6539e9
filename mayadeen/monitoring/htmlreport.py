"""The crawl at a glance: one self-contained HTML page per run (``X.report.html`` beside
``X.summary.json``), and the same charts over the whole history (``scrapy report``).

The pages are plain functions of plain data (:func:`run_page`, :func:`history_page`);
:class:`HtmlReport` is the extension that counts a run's articles and writes its page.
Charts are drawn by pygal as static SVG, inlined without pygal's scripts (neither those it
would fetch from a CDN for tooltips nor its inline config ``<script>``): the page loads and
runs nothing.
"""

from __future__ import annotations

import html
import logging
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pygal
from itemadapter import ItemAdapter
from pygal.style import Style
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from mayadeen import signals as mayadeen_signals
from mayadeen.monitoring import verdict
from mayadeen.monitoring.terminal import printable

logger = logging.getLogger(__name__)

#: Articles without a section are counted under this name.
NO_SECTION = "(no section)"

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#bbb",
    colors=("#2f6f9f", "#d9822b", "#5a9e4b"),
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    no_data_font_size=20,
)

CSS = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.verdict { font-size: 1.1em; padding: .6em .9em; border-radius: 4px; }
.succeeded { background: #e6f4e6; border-left: 6px solid #3c8c3c; }
.failed { background: #fbe9e9; border-left: 6px solid #c0392b; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { text-align: left; padding: .2em 1.2em .2em 0; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart svg { width: 100%; height: auto; }
ul.urls { font-family: monospace; font-size: .9em; }
.muted { color: #777; }
"""


def report_path(summary_path: Path) -> Path:
    """``X.report.html`` for the summary ``X.summary.json``."""
    return summary_path.with_name(summary_path.name.removesuffix(".summary.json") + ".report.html")


def section_chart(title: str, counts: Mapping[str, int]) -> str:
    """Horizontal bars, one a section, the largest first: an inline SVG. A section's name
    holding control characters (which XML cannot hold) or bidi overrides shows them
    escaped (:func:`~mayadeen.monitoring.terminal.printable`)."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    chart = pygal.HorizontalBar(
        _config(title, height=max(260, 60 + 26 * len(ordered))), show_legend=False
    )
    chart.x_labels = [printable(name) for name, _ in reversed(ordered)]
    chart.y_labels = _ticks(max(counts.values(), default=0))
    chart.add("articles", [n for _, n in reversed(ordered)])
    return _svg(chart)


def daily_chart(title: str, series: Mapping[str, Mapping[str, int]]) -> str:
    """Bars per day (``YYYY-MM-DD`` keys), every day from the first to the last shown
    (days without any at zero), one colour a series: an inline SVG."""
    days = sorted({day for counts in series.values() for day in counts})
    axis = _day_range(days[0], days[-1]) if days else []
    chart = pygal.Bar(
        _config(title, height=360),
        show_legend=len(series) > 1,
        x_label_rotation=40,
        show_minor_x_labels=False,
        x_labels_major_count=min(len(axis), 16),
    )
    chart.x_labels = axis
    chart.y_labels = _ticks(max((n for c in series.values() for n in c.values()), default=0))
    for name, counts in series.items():
        chart.add(name, [counts.get(day, 0) for day in axis])
    return _svg(chart)


def run_page(summary: dict[str, Any], sections: Mapping[str, int], days: Mapping[str, int]) -> str:
    """The page of one run: its verdict, counts, field coverage, failures by reason with
    the unreachable URLs, and two charts: articles written per section and by
    publication day."""
    problems: list[str] = summary["failed"]
    if problems:
        said, kind = "Crawl FAILED: " + "; ".join(problems), "failed"
    else:
        said, kind = verdict.success_line(summary), "succeeded"
    articles = summary["articles"]
    counts = {
        "pages": summary["pages"],
        "pages that failed": summary["pages_failed"],
        "requests": summary["requests"],
        "retries": summary["retries"],
        "challenge pages (blocked)": summary["blocked"],
        "articles parsed": articles["parsed"],
        "articles written": articles["written"],
        "new": articles["new"],
        "updated": articles["updated"],
        "unchanged": articles["unchanged"],
        "known and not fetched again": articles["known_skipped"],
        **{f"dropped: {k}": v for k, v in summary["dropped"].items()},
        **{f"not an article: {k}": v for k, v in summary["not_articles"].items()},
        **{f"bad value skipped: {k}": v for k, v in summary["bad_values"].items()},
    }
    coverage = {
        field: f"{m['share']:.0%} of {m['of']}" if m["share"] is not None else "no page"
        for field, m in summary["coverage"].items()
    }
    failures = _table(summary["failures"]) if summary["failures"] else "<p>None.</p>"
    urls = "".join(f"<li>{_e(url)}</li>" for url in summary["unreachable"])
    if (unlisted := summary["pages_failed"] - len(summary["unreachable"])) > 0:
        urls += f"<li class=muted>... {unlisted} more</li>"
    title = f"{summary['spider']} crawl, {summary['started']}"
    body = f"""<h1>{_e(title)}</h1>
<p class=muted>finish reason: {_e(summary["finish_reason"])}</p>
<p class="verdict {kind}">{_e(said)}</p>
<h2>Counts</h2>
{_table(counts)}
<h2>Field coverage</h2>
<p class=muted>Share of the parsed pages that should have the field and got it.</p>
{_table(coverage)}
<h2>Failures by reason</h2>
{failures}
{f'<h3>Unreachable pages</h3><ul class="urls">{urls}</ul>' if urls else ""}
<h2>Articles written per section</h2>
<div class=chart>{section_chart("Articles written per section", sections)}</div>
<h2>Articles written by publication day</h2>
<div class=chart>{daily_chart("Articles by publication day (UTC)", {"articles": days})}</div>
"""
    return _page(f"mayadeen: {title}: {kind}", body)


def history_page(
    sections: Mapping[str, int],
    days: Mapping[str, int],
    revisions: Mapping[str, int],
    since: date | None = None,
) -> str:
    """The page of the whole history (``scrapy report``): articles per section and per
    publication day, revisions per day they were seen."""
    window = f"since {since.isoformat()}" if since else "the whole history"
    body = f"""<h1>mayadeen: the corpus at a glance</h1>
<p class=muted>{_e(window)}: {sum(sections.values())} article(s),
{sum(revisions.values())} revision(s).</p>
<h2>Articles per section</h2>
<div class=chart>{section_chart("Articles per section", sections)}</div>
<h2>Articles per publication day</h2>
<div class=chart>{daily_chart("Articles by publication day (UTC)", {"articles": days})}</div>
<h2>Revisions per day</h2>
<div class=chart>{daily_chart("Revisions by the day seen (UTC)", {"revisions": revisions})}</div>
"""
    return _page(f"mayadeen: the corpus, {window}", body)


class HtmlReport:
    """Writes each run's page (:func:`run_page`) beside its JSON summary when the run
    finishes (:data:`~mayadeen.signals.run_finished`); counts the articles written
    (``item_scraped``) per section and publication day. Off with
    ``MAYADEEN_HTML_REPORT = False``."""

    def __init__(self) -> None:
        self.sections: Counter[str] = Counter()
        self.days: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HtmlReport:
        if not crawler.settings.getbool("MAYADEEN_HTML_REPORT"):
            raise NotConfigured
        report = cls()
        crawler.signals.connect(report.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(report.run_finished, signal=mayadeen_signals.run_finished)
        return report

    def item_scraped(self, item: Any) -> None:
        article = ItemAdapter(item)
        self.sections[article.get("section") or NO_SECTION] += 1
        if published := article.get("published_at"):
            self.days[published[:10]] += 1

    def run_finished(self, summary: dict[str, Any], path: Path) -> None:
        out = report_path(path)
        try:
            out.write_text(run_page(summary, self.sections, self.days), encoding="utf-8")
        except OSError as exc:
            logger.warning("Could not write the run's HTML report %s: %s", out, exc)
        else:
            logger.info("Run report: %s", out)


def _config(title: str, height: int) -> pygal.Config:
    config = pygal.Config()
    config.title = title
    config.width, config.height = 1000, height
    config.style = STYLE
    config.js = []  # no scripts fetched from a CDN: the page must open offline
    config.disable_xml_declaration = True  # inlined in HTML
    config.print_values = False
    config.no_data_text = "no article"
    return config


def _svg(chart: pygal.graph.graph.Graph) -> str:
    chart.add_xml_filter(_without_scripts)
    return chart.render(is_unicode=True)


def _without_scripts(svg: Any) -> Any:
    """pygal's SVG tree without its ``<script>`` elements (its config, for tooltips: the
    chart is drawn without it)."""
    for script in svg.xpath("//*[local-name()='script']"):
        script.getparent().remove(script)
    return svg


def _ticks(largest: int) -> list[int]:
    """Whole numbers from 0 to ``largest`` or just past it, about eight (counts have no halves)."""
    step = max(1, -(-largest // 8))
    return list(range(0, largest + step, step))


def _day_range(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(rows: Mapping[str, object]) -> str:
    cells = "".join(f"<tr><th>{_e(k)}</th><td class=n>{_e(v)}</td></tr>" for k, v in rows.items())
    return f"<table>{cells}</table>"


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n"
        "</html>\n"
    )
