"""Alembic migrations, applied on open (after a backup). ``SCHEMA_HEAD`` lets start-up see
that nothing needs doing without loading Alembic; a test keeps it equal to the script head.

Reading a file's revision lives here, below both the database and the backups, which each
need it (it once made the two import each other)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _

SCHEMA_HEAD = "0003"
MIGRATIONS_DIR = Path(__file__).resolve().parent

SQLITE_HEADER = b"SQLite format 3\x00"


def read_schema_revision(path: Path) -> str | None:
    """The Alembic revision stored in the file; None for an empty or new file.

    Raises ``DatabaseProblem`` for a file that is not an SQLite database, or an SQLite
    database that is not NeighborCenter's.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise DatabaseProblem(
                _("{path} is not a NeighborCenter database (it is not an SQLite file).").format(
                    path=path
                )
            )
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseProblem(
                _("{path} is an SQLite database of some other program, not NeighborCenter's.")
                .format(path=path)
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            _("The database {path} is damaged ({error}). Restore a backup.").format(
                path=path, error=exc
            )
        ) from exc
    finally:
        conn.close()


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only if the package were shipped without its migrations
        raise RuntimeError(f"no migration scripts in {MIGRATIONS_DIR}")
    return head
