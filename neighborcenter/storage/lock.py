"""The database's lock file: one window or command at work on a database at a time.

Apart from storage/db.py (which needs SQLAlchemy) so that the window can read what is there
(core/door.py) before the data layer is imported."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from neighborcenter.errors import DatabaseInUse
from neighborcenter.i18n import _


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def acquire_lock(path: Path) -> FileLock:
    file_lock = FileLock(lock_path(path), timeout=0, mode=0o600)
    try:
        file_lock.acquire()
    except Timeout:
        raise DatabaseInUse(
            _("The database {path} is already open in another NeighborCenter window or "
              "command. Close that one first.").format(path=path)
        ) from None
    return file_lock
