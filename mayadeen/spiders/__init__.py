"""The spiders: ``sections`` (the main job), ``sitemap`` (backfill), ``article`` (given URLs).

They decide what to fetch and follow, and nothing else: what a page holds is
:mod:`mayadeen.extraction`'s, what is fetched again :mod:`mayadeen.incremental`'s, what is kept
the pipelines' and the history's. :mod:`~mayadeen.spiders.params` declares their typed
arguments (``-a NAME=VALUE``).

May import every layer below it (docs/architecture.md); only :mod:`mayadeen.commands` imports
it.
"""
