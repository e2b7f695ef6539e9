"""The corpus: the articles the history holds, read, searched and written out.

- :mod:`~mayadeen.corpus.reader`: :class:`Corpus`, the Python API (search, every article's
  latest revision, one article's revisions and their word diffs);
- :mod:`~mayadeen.corpus.export`: the corpus written to JSON Lines, CSV, Parquet or a
  SQLite history;
- :mod:`~mayadeen.corpus.browse`: the Datasette plugin of ``scrapy browse`` (imported by it
  only: it needs Datasette, the optional extra ``browse``).

May import: :mod:`mayadeen.history`, :mod:`mayadeen.feeds`, the item
(:mod:`mayadeen.items`, :mod:`mayadeen.extraction`'s field declarations). Never a spider,
a command or the monitors.
"""

from mayadeen.corpus.reader import Change, Corpus, word_diff

__all__ = ["Change", "Corpus", "word_diff"]
