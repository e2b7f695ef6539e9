"""The docs stay true to the tree: the README stays short, the map of the code (in docs/)
names every module and every path it names exists, and the reference's spider table names
every declared argument."""

from __future__ import annotations

import re

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy_spider_metadata import get_spider_metadata

from mayadeen.spiders.params import arguments
from tests.crawl import PROJECT_ROOT

#: The README says what the project is, how to start and where to read on; the rest is in docs/.
README_MAX_CHARS = 8_000


def section(path: str, heading: str) -> str:
    """The text under ``heading`` in ``path``, up to the next heading (of any level)."""
    text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n") + 1
    end = re.compile(r"^#+ ", re.M).search(text, start + len(heading))
    return text[start : end.start() if end else len(text)]


def map_rows() -> list[str]:
    """The rows of every map of the code in docs/ (today docs/reference.md's): each must be
    true to the tree, so a map left behind when another takes its place fails here."""
    docs = sorted((PROJECT_ROOT / "docs").glob("*.md"))
    texts = [
        section(f"docs/{doc.name}", "## Map of the code")
        for doc in docs
        if "\n## Map of the code\n" in doc.read_text(encoding="utf-8")
    ]
    assert texts, "no map of the code in docs/"
    rows = [[line for line in text.splitlines() if line.startswith("| `")] for text in texts]
    return [row for rows_of_one in rows for row in rows_of_one]


def test_the_readme_is_short() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) <= README_MAX_CHARS, f"README.md: {len(readme)} characters"


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


@pytest.mark.parametrize(
    ("path", "heading"),
    [("README.md", "## Spiders"), ("docs/reference.md", "## Spiders and their arguments")],
)
def test_spider_tables_name_every_declared_argument(path: str, heading: str) -> None:
    """The README's short table and docs/reference.md's full one (what each argument means)
    name every spider and every argument it declares."""
    text = section(path, heading)
    rows = {
        match[1]: line.split(" | ")[-1]
        for line in text.splitlines()
        if (match := re.match(r"\| `(\w+)` \|", line))
    }
    shared = next(line for line in text.splitlines() if line.startswith("Every spider"))
    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["mayadeen.spiders"]}))
    assert sorted(rows) == sorted(loader.list())
    for name in loader.list():
        spidercls = loader.load(name)
        schema = get_spider_metadata(spidercls)["param_schema"]["properties"]
        assert set(schema) == set(arguments(spidercls.params_model()))
        for argument in schema:
            assert f"-a {argument}=" in rows[name] + shared, (name, argument)
