"""Alembic migrations, applied on open (after a backup). ``SCHEMA_HEAD`` lets start-up see
that nothing needs doing without loading Alembic; a test keeps it equal to the script head.

Reading a file's revision lives here, below both the database and the backups, which each
need it (it once made the two import each other)."""

from __future__ import annotations

from pathlib import Path

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _

SCHEMA_HEAD = "0009"
MIGRATIONS_DIR = Path(__file__).resolve().parent



def read_schema_revision(path: Path, key: bytes | None) -> str | None:
    """The Alembic revision stored in the file; None for an empty or new file.

    Raises ``DatabaseProblem`` for a file that ``key`` does not open (another centre's, or
    not an SQLite database at all), or an SQLite database that is not NeighborCenter's.
    """
    from neighborcenter.storage import sqlcipher

    if not path.exists() or path.stat().st_size == 0:
        return None
    plaintext = sqlcipher.is_plaintext(path)
    if key is None and not plaintext:
        raise DatabaseProblem(
            _("{path} is encrypted (or is not a NeighborCenter database): log in to open it.")
            .format(path=path))
    if key is not None and plaintext:
        raise DatabaseProblem(
            _("{path} is not encrypted: log in as an administrator so that NeighborCenter "
              "encrypts it first.").format(path=path))
    try:
        conn = sqlcipher.connect(path, key, readonly=True)
    except sqlcipher.DatabaseError as exc:
        raise sqlcipher.cannot_open(path) from exc
    try:
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlcipher.DatabaseError as exc:
            if "not a database" in str(exc):
                raise sqlcipher.cannot_open(path) from exc
            raise
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseProblem(
                _("{path} is an SQLite database of some other program, not NeighborCenter's.")
                .format(path=path)
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlcipher.DatabaseError as exc:
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
