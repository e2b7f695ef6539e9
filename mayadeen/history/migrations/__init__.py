"""Alembic migrations of the history's schema, run by :func:`mayadeen.history.migrate.migrate`
whenever a history is opened: a user who upgrades keeps the history they have.

To change the schema: change :mod:`mayadeen.history.schema`, then add a file to ``versions/``
whose ``down_revision`` is the latest one's ``revision``, doing the same change with
``alembic.op``; ``tests/test_corpus.py`` checks that the migrated schema matches.
"""
