"""The door: what is at a database path, read without any key — the set-up wizard (nothing
yet), the login window (an encrypted centre: its name and language from the key file), or a
first-version plaintext database.

Kept apart from core/unlock.py and free of SQLAlchemy, so that the window can show the login
window (or the wizard) before the data layer is imported: that loads while the passphrase is
typed (ui/loading.py). ``unlock`` re-exports what is here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from neighborcenter.errors import DatabaseInUse
from neighborcenter.storage.keyfile import (
    finish_setup,
    finish_staged_key_file,
    key_file_path,
    read_key_file,
    read_setup_key,
    setup_key_path,
    staged_key_file_path,
    staged_setup_path,
)

SQLITE_HEADER = b"SQLite format 3\x00"  # an unencrypted file's first 16 bytes (as sqlcipher's)
# the tables read without the ORM (the names of storage/models.py's Centre and Setting; a
# test holds them equal)
CENTRE_TABLE = "centres"
SETTING_TABLE = "settings"


class DoorState(Enum):
    NEW = "new"  # no database yet: the set-up wizard
    LOCKED = "locked"  # an encrypted centre: the login window
    PLAINTEXT = "plaintext"  # a first-version database: log in, and it is encrypted


@dataclass(frozen=True)
class Door:
    state: DoorState
    centre_name: str = ""
    language: str | None = None


def door(path: Path) -> Door:
    """What is at ``path``, read without any key. If nobody has the database open, a set-up
    or a restore that a kill cut off between its steps is finished first (with someone at
    work on it, its steps are not cut off but running: they are left alone).

    The usual case (a key file, nothing cut off) needs neither the lock nor SQLCipher, and
    imports neither: it is on the way to the login window."""
    if path.exists() and (staged_key_file_path(path).exists()
                          or setup_key_path(path).exists()):  # something to finish
        from neighborcenter.storage.lock import acquire_lock

        try:
            lock = acquire_lock(path)
        except DatabaseInUse:
            lock = None
        if lock is not None:
            try:
                finish_staged_key_file(path)  # a restore of another centre's backup
                _take_up_cut_off_setup(path)
            finally:
                lock.release()
    if path.exists() and _is_plaintext(path):  # (a key file of an encryption that
        name, language = _plaintext_centre(path)  # was cut off is written over)
        return Door(DoorState.PLAINTEXT if name else DoorState.NEW, name, language)
    kf = read_key_file(key_file_path(path))
    if kf is not None:
        return Door(DoorState.LOCKED, kf.centre_name, kf.language)
    if not path.exists() or path.stat().st_size == 0 or read_setup_key(path) is not None:
        return Door(DoorState.NEW)  # (a set-up cut off before its commit: taken up again)
    from neighborcenter.core import keys

    keys.require_key_file(path)  # raises, saying where to find one
    raise AssertionError("unreachable")


def _is_plaintext(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _take_up_cut_off_setup(path: Path) -> None:
    """A set-up was cut off (killed, a full disk): if its commit happened, its staged key
    file takes its place; if not, the file stays NEW and ``Centre.create`` goes on with it."""
    setup_key = read_setup_key(path)
    if setup_key is None:
        return
    if key_file_path(path).exists():
        finish_setup(path)  # (only the removal of the setup key was left)
        return
    from neighborcenter.storage import sqlcipher

    committed = False
    if path.exists() and path.stat().st_size > 0:
        conn = sqlcipher.connect(path, setup_key, readonly=True)
        try:
            committed = bool(conn.execute(
                f"SELECT count(*) FROM {CENTRE_TABLE}").fetchone()[0])
        except sqlcipher.DatabaseError:
            committed = False  # no tables yet: the schema was not even written
        finally:
            conn.close()
    if committed and staged_setup_path(path).exists():
        finish_setup(path)
    else:
        staged_setup_path(path).unlink(missing_ok=True)


def abandon_setup(path: Path) -> bool:
    """A set-up given up before its commit (a refused passphrase at ``init``, the wizard
    closed after an error): the new, empty file and its setup key go, so that no data key
    stays on disk in the clear. False if there was none, or the set-up did commit."""
    if read_setup_key(path) is None or key_file_path(path).exists():
        return False
    from neighborcenter.storage.lock import acquire_lock

    try:
        lock = acquire_lock(path)
    except DatabaseInUse:
        return False
    try:
        _take_up_cut_off_setup(path)  # a commit that happened is kept
        if key_file_path(path).exists():
            return False
        for file in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm"), staged_setup_path(path),
                     setup_key_path(path)):
            file.unlink(missing_ok=True)
    finally:
        lock.release()
    return True


def _plaintext_centre(path: Path) -> tuple[str, str | None]:
    from neighborcenter.storage import sqlcipher

    conn = sqlcipher.connect(path, None, readonly=True)
    try:
        row = conn.execute(f"SELECT name FROM {CENTRE_TABLE} "
                           "WHERE archived_at IS NULL").fetchone()
        lang = conn.execute(f"SELECT value FROM {SETTING_TABLE} "
                            "WHERE key='language'").fetchone()
    except sqlcipher.DatabaseError:
        return "", None
    finally:
        conn.close()
    language = str(json.loads(lang[0])) if lang else None
    return (row[0] if row else ""), language


