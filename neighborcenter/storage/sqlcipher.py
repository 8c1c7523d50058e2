"""SQLCipher connections: every database file and backup is encrypted with the centre's
random 32-byte data key, given to SQLCipher as a raw key (no key derivation per connection).

``key=None`` opens a plaintext file: the databases of the first versions, before they are
encrypted on first login (see core/unlock.py).
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
DatabaseError = dbapi.DatabaseError


def key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("a data key has 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(connection, key: bytes | None) -> None:
    if key is not None:
        connection.execute(key_pragma(key))


def connect(path: Path, key: bytes | None, *, readonly: bool = False):
    """A DB-API connection to ``path`` with the key applied (autocommit off, like sqlite3)."""
    conn = dbapi.connect(f"file:{path}?mode=ro" if readonly else str(path), uri=readonly)
    try:
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def is_plaintext(path: Path) -> bool:
    """True for an unencrypted SQLite file (its first 16 bytes are SQLite's header)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def cannot_open(path: Path) -> DatabaseProblem:
    return DatabaseProblem(
        _("{path} cannot be opened with this centre's key: it is another centre's database, "
          "it is damaged, or it is not a NeighborCenter database.").format(path=path))


def export_encrypted(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plaintext database ``plain`` to ``target`` (new file,
    made 0600 before anything is written to it)."""
    from neighborcenter.storage.files import touch_private

    touch_private(target)
    conn = dbapi.connect(str(plain))
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY \"x'" + key.hex() + "'\"",
                     (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
