"""Alembic migrations of the history's schema, run by :func:`mayadeen.history.migrate.migrate`
whenever a history is opened whose schema is not the latest: a user who upgrades keeps the
history they have.

To change the schema: change :mod:`mayadeen.history.schema`, then add a file to ``versions/``
whose ``down_revision`` is the latest one's ``revision``, doing the same change with
``alembic.op``, and set :data:`mayadeen.history.migrate.HEAD` to its ``revision``;
``tests/test_corpus.py`` checks that the migrated schema matches, and
``tests/test_history_migrate.py`` that ``HEAD`` is the latest revision.
"""
