"""Alembic's environment: the migrations run on the connection the history passes in
``config.attributes["connection"]``, inside its transaction."""

from alembic import context

from mayadeen.history.schema import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters a table by copying it
)
with context.begin_transaction():
    context.run_migrations()
