"""Extraction: plain functions of a page's HTML that tests call without a crawl.

- :mod:`~mayadeen.extraction.selectors`: every selector, pattern and date format read inside
  a page, each saying how sure it is;
- :mod:`~mayadeen.extraction.fields`: the article item's fields, each declared once;
- :mod:`~mayadeen.extraction.schema`: the JSON-Schema building blocks of those fields;
- :mod:`~mayadeen.extraction.article`: a story page made an article, a field a function;
- :mod:`~mayadeen.extraction.listing`: menus, listing cards, the "More" button, widgets;
- :mod:`~mayadeen.extraction.text`: text decoded and cleaned, numbers, addresses, dates.

May import :mod:`mayadeen.site` only: no crawl (Twisted, a crawler), no storage
(SQLAlchemy), nothing above it.
"""
