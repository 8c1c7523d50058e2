"""Alembic migrations, applied on open (after a backup). ``SCHEMA_HEAD`` lets start-up see
that nothing needs doing without loading Alembic; a test keeps it equal to the script head."""

from pathlib import Path

SCHEMA_HEAD = "0002"
MIGRATIONS_DIR = Path(__file__).resolve().parent
