"""Alembic environment: always run on a connection handed over by ``journal.db`` (never from the alembic CLI)."""

from alembic import context

from journal.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
