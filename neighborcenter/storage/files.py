"""Private files: the database, its WAL, its key file, backups and the log are the user's only.

On POSIX, files are created 0600 and the folders we create 0700 (SQLite gives the -wal and
-shm files the database file's own mode). On Windows the data folder is under the user's own
profile, whose access list already keeps other users out; ``chmod`` is not used there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

POSIX = os.name == "posix"


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (POSIX; files of another owner are left alone)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        path.chmod(0o700 if path.is_dir() else 0o600)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and parents) if missing; a folder created here is 0700."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        make_private(path)
    return path


def touch_private(path: Path) -> None:
    """Create an empty file 0600 (before SQLite opens it, so its WAL inherits the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    make_private(path)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it
    over ``path``: the file is whole, old or new, never half-written."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    make_private(path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX)."""
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
