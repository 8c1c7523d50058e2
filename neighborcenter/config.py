"""Where things live: the database, its backups and the log.

The default database is in the user data folder (platformdirs); ``--db PATH`` or the
environment variable ``NEIGHBORCENTER_DB`` points anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "NeighborCenter"
DB_ENV = "NEIGHBORCENTER_DB"
PASSPHRASE_ENV = "NEIGHBORCENTER_PASSPHRASE"
DEFAULT_DB_NAME = "neighborcenter.db"


def data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def log_dir() -> Path:
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False, ensure_exists=True)


def log_file() -> Path:
    return log_dir() / "neighborcenter.log"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: ``--db`` first, then ``NEIGHBORCENTER_DB``, then the data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return data_dir() / DEFAULT_DB_NAME


def backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database, in a folder named after it."""
    return db_path.parent / f"{db_path.stem}-backups"
