"""Backups with SQLite's online backup API (the app need not close), thinned over time.

A backup is ``<db-stem>-backups/<db-stem>-YYYYmmdd-HHMMSS-ffffff-<reason>.db`` beside the
database, encrypted with the same data key, with a copy of the key file as it was then
(``….db.keys``): the passphrases and the recovery key of that day open it. The folder is 0700,
the files 0600. Thinning keeps the newest ``KEEP_RECENT`` backups, plus the newest of each of the
last 12 days, 10 ISO weeks and 9 months that have backups.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.config import backup_dir
from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.files import make_private, private_folder, sync_folder, touch_private
from neighborcenter.storage.keyfile import key_file_path, read_key_file, write_key_file
from neighborcenter.storage.migrations import known_revisions, read_schema_revision

KEEP_RECENT = 10
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9

_NAME = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
_TS_FORMAT = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # aware, UTC
    reason: str
    size: int


def _copy(src_path: Path, dst_path: Path, key: bytes | None, *, journal_mode: str) -> None:
    """SQLite's backup API between two files with the same key (both encrypted, or, for a
    first-version database not yet encrypted, both plain)."""
    if not dst_path.exists():
        touch_private(dst_path)
    src = sqlcipher.connect(src_path, key, readonly=True)
    try:
        dst = sqlcipher.connect(dst_path, key)
        try:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode={journal_mode}")
        finally:
            dst.close()
    finally:
        src.close()


def make_backup(db_path: Path, key: bytes | None, *, reason: str,
                now: dt.datetime | None = None, thin: bool = True) -> Path:
    """Copy the live database (and its key file) into the backup folder, then thin it
    (``thin=False`` before a restore: the thinning could take the very backup restored)."""
    if not db_path.exists():
        raise DatabaseProblem(_("There is no database at {path}.").format(path=db_path))
    now = now or dt.datetime.now(dt.UTC)
    folder = private_folder(backup_dir(db_path))
    make_private(folder)  # (made 0755 by a first version)
    for leftover in folder.glob("*.partial"):  # of a backup cut off half-way
        leftover.unlink(missing_ok=True)
    target = folder / f"{db_path.stem}-{now:{_TS_FORMAT}}-{reason}.db"
    partial = target.with_suffix(".partial")
    try:
        _copy(db_path, partial, key, journal_mode="DELETE")  # self-contained: no -wal
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    keys = read_key_file(key_file_path(db_path))
    if keys is not None:
        write_key_file(key_file_path(target), keys.for_backup())
    partial.replace(target)  # a backup either exists whole or not at all
    sync_folder(folder)
    if thin:
        thin_backups(db_path)
    return target


# Files a step leaves beside the database while it works, renamed into place when it ends:
# after a kill they are only clutter (the step never happened), removed at the next open.
WORK_FILES = (".restoring", ".restoring-plain", ".encrypting", ".keys.tmp", ".keys-new.tmp",
              ".keys-staged.tmp", ".keys-setup.tmp")


def remove_leftovers(db_path: Path) -> list[Path]:
    """Remove what a cut-off backup, restore or key-file write left (the caller holds the
    database's lock, so no such step is running)."""
    found = [db_path.with_name(db_path.name + suffix) for suffix in WORK_FILES]
    folder = backup_dir(db_path)
    if folder.is_dir():
        found += [f for f in folder.iterdir() if f.name.endswith((".partial", ".keys.tmp"))]
    removed = [f for f in found if f.is_file()]
    for file in removed:
        file.unlink(missing_ok=True)
    if folder.is_dir():  # a first version made the folder 0755 and its backups 0644
        make_private(folder)
        for file in folder.iterdir():
            make_private(file)
    return removed


def plaintext_backups(db_path: Path) -> list[BackupInfo]:
    """Backups not encrypted: of a first-version database, made before it was encrypted."""
    return [b for b in list_backups(db_path) if sqlcipher.is_plaintext(b.path)]


def encrypt_backup(backup: Path, key: bytes, key_file_of_db: Path) -> None:
    """Replace a plaintext backup by an encrypted one (with today's key file beside it)."""
    partial = backup.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        sqlcipher.export_encrypted(backup, partial, key)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    keys = read_key_file(key_file_of_db)
    if keys is not None:
        write_key_file(key_file_path(backup), keys.for_backup())
    partial.replace(backup)
    sync_folder(backup.parent)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for file in folder.iterdir():
        m = _NAME.match(file.name)
        if not m or m["stem"] != db_path.stem:
            continue
        taken = dt.datetime.strptime(m["ts"], _TS_FORMAT).replace(tzinfo=dt.UTC)
        found.append(BackupInfo(file, taken, m["reason"], file.stat().st_size))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def backups_to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Which of these (newest first) the rotation keeps."""
    keep = {b.path for b in backups[:KEEP_RECENT]}
    for key, limit in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in backups:  # newest first, so the first of each period is its newest
            period = key(b.taken_at.astimezone())
            if period not in seen:
                if len(seen) == limit:
                    break
                seen.append(period)
                keep.add(b.path)
    return keep


def thin_backups(db_path: Path) -> list[Path]:
    backups = list_backups(db_path)
    keep = backups_to_keep(backups)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            key_file_path(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def verify_backup_file(path: Path, key: bytes | None) -> None:
    """Refuse a file that is not a whole, readable NeighborCenter database."""
    if not path.is_file():
        raise DatabaseProblem(_("There is no backup file at {path}.").format(path=path))
    revision = read_schema_revision(path, key)
    if revision is None:
        raise DatabaseProblem(_("{path} is empty: it is not a backup.").format(path=path))
    if revision not in known_revisions():
        raise DatabaseProblem(
            _("{path} was made by a newer version of NeighborCenter.").format(path=path)
        )
    conn = sqlcipher.connect(path, key, readonly=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlcipher.DatabaseError as exc:
        result = str(exc)
    finally:
        conn.close()
    if result != "ok":
        raise DatabaseProblem(
            _("The backup {path} is damaged ({error}); choose another.").format(
                path=path, error=result
            )
        )


def copy_for_restore(backup_file: Path, target: Path, key: bytes | None) -> None:
    """Copy a verified backup to ``target`` (a new file beside the database), as a WAL
    database; the caller writes the restore's audit entry into it, then renames it."""
    target.unlink(missing_ok=True)
    try:
        _copy(backup_file, target, key, journal_mode="WAL")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
