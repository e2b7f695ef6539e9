"""Shim for ``scrapyd-deploy``, which builds the Scrapyd egg with ``setup.py bdist_egg``.

All metadata (package, dependencies, the ``scrapy`` settings entry point) is in
pyproject.toml.
"""

from setuptools import setup

setup()
