"""Alembic environment: the caller hands over a connection in ``config.attributes``."""

from alembic import context

from neighborcenter.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app's own calls are supported
    raise RuntimeError("run migrations through neighborcenter.storage.db")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
