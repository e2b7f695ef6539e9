"""The docs stay true to the tree: the map of the code (docs/architecture.md) names every
module, and every path it names exists."""

from __future__ import annotations

import re

from tests.crawl import PROJECT_ROOT


def map_rows() -> list[str]:
    text = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    start = text.index("## Map of the code")
    section = text[start : text.index("\n#", start + 1)]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_every_path_the_map_names_exists() -> None:
    named = [p for row in map_rows() for p in re.findall(r"`([\w./]+)`", row.split(" | ")[0])]
    assert named
    for path in named:
        assert (PROJECT_ROOT / path).exists(), path


def test_the_map_names_every_module_of_the_package() -> None:
    text = "\n".join(map_rows())
    for module in sorted((PROJECT_ROOT / "mayadeen").rglob("*.py")):
        relative = module.relative_to(PROJECT_ROOT)
        if module.name == "__init__.py" or f"`{relative}`" in text:
            continue
        # A folder's row names its modules in its description (`sections.py` or `crawl`).
        row = next((r for r in map_rows() if f"`{relative.parent}/`" in r), "")
        assert f"`{module.name}`" in row or f"`{module.stem}`" in row, f"{relative}: not in the map"
