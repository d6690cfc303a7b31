"""Alembic's environment: always on the connection bot/db.py hands over (inside its transaction
and, on PostgreSQL, its lock), with every table of the assistant as the target."""

from __future__ import annotations

from alembic import context

from bot.db import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through bot/db.py: `python -m bot db upgrade`")
context.configure(
    connection=connection,
    target_metadata=metadata(),
    # SQLite changes a column by copying its table: autogenerate writes batch operations,
    # which are plain ALTERs on PostgreSQL.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
