"""Reading a run's HTML report: its charts' values, what it loads, opened in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium; .ci/run does)"
)


def open_in_chromium(page: Path, tmp_path: Path) -> tuple[dict, bytes]:
    """``page`` in headless Chromium: what the probe measured (and any console message),
    and a screenshot (PNG)."""
    probed = tmp_path / f"{page.stem}.probe.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace("<head>", "<head>" + ERRORS, 1).replace("</body>", PROBE + "</body>", 1)
    probed.write_text(text, encoding="utf-8")
    dumped = chromium("--window-size=1200,2400", "--dump-dom", probed.as_uri())
    probe = json.loads(html.fromstring(dumped.stdout.encode()).body.get("data-probe"))
    probe["console"] = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    shot = tmp_path / f"{page.stem}.png"
    chromium(f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri())
    return probe, shot.read_bytes()


def external_references(text: str) -> list[str]:
    """What the page would load: any src/href that is not a fragment, stylesheets,
    imports, url(...)."""
    found = re.findall(r"""\b(?:src|href)\s*=\s*["']?(?!#)([^"'\s>]+)""", text)
    found += re.findall(r"<link\b[^>]*>|@import[^;]*|url\((?!#)[^)]*\)", text)
    return found


def chart_values(svg: etree._Element) -> list[float]:
    return [float(v) for v in svg.xpath(".//*[local-name()='desc'][@class='value']/text()")]


#: Put in a copy of the page under test: script errors are collected from the start, and
#: at the end of the body each chart's drawn size and its bars with a drawn area are
#: measured (layout done), all written into the DOM that ``--dump-dom`` prints.
ERRORS = (
    "<script>window.__errors = [];"
    'addEventListener("error", e => __errors.push(String(e.message)));</script>'
)


PROBE = """<script>
document.body.setAttribute("data-probe", JSON.stringify({
  errors: window.__errors,
  charts: [...document.querySelectorAll("svg.pygal-chart")].map(svg => {
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll("rect.rect")].filter(r => {
      const b = r.getBBox(); return b.width > 0 && b.height > 0;
    });
    return {width: box.width, height: box.height, bars: bars.length,
            title: svg.querySelector(".title").textContent};
  }),
}));
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += ["--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
