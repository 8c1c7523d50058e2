"""Backups with SQLite's online backup API (the app need not close), thinned over time.

A backup is ``<db-stem>-backups/<db-stem>-YYYYmmdd-HHMMSS-ffffff-<reason>.db`` beside the
database. Thinning keeps the newest ``KEEP_RECENT`` backups, plus the newest of each of the
last 12 days, 10 ISO weeks and 9 months that have backups.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.config import backup_dir
from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
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


def _copy(src_path: Path, dst_path: Path, *, journal_mode: str) -> None:
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    dst = sqlite3.connect(dst_path)
    try:
        src.backup(dst)
        dst.execute(f"PRAGMA journal_mode={journal_mode}")
    finally:
        dst.close()
        src.close()


def make_backup(db_path: Path, *, reason: str, now: dt.datetime | None = None) -> Path:
    """Copy the live database into the backup folder, then thin the folder."""
    if not db_path.exists():
        raise DatabaseProblem(_("There is no database at {path}.").format(path=db_path))
    now = now or dt.datetime.now(dt.UTC)
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_path.stem}-{now:{_TS_FORMAT}}-{reason}.db"
    partial = target.with_suffix(".partial")
    _copy(db_path, partial, journal_mode="DELETE")  # self-contained: no -wal beside it
    partial.replace(target)  # a backup either exists whole or not at all
    thin_backups(db_path)
    return target


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
            removed.append(b.path)
    return removed


def verify_backup_file(path: Path) -> None:
    """Refuse a file that is not a whole, readable NeighborCenter database."""
    if not path.is_file():
        raise DatabaseProblem(_("There is no backup file at {path}.").format(path=path))
    revision = read_schema_revision(path)
    if revision is None:
        raise DatabaseProblem(_("{path} is empty: it is not a backup.").format(path=path))
    if revision not in known_revisions():
        raise DatabaseProblem(
            _("{path} was made by a newer version of NeighborCenter.").format(path=path)
        )
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise DatabaseProblem(
            _("The backup {path} is damaged ({error}); choose another.").format(
                path=path, error=result
            )
        )


def restore_backup(db_path: Path, backup_file: Path) -> Path | None:
    """Replace the database's contents with a backup's; the current state is backed up first.

    The caller must hold the database lock and have no open connection. Returns the backup
    of the state before the restore (None if there was no database to back up). Opening the
    database afterwards migrates it if the backup is from an older version.
    """
    verify_backup_file(backup_file)
    safety = make_backup(db_path, reason="before-restore") if db_path.exists() else None
    _copy(backup_file, db_path, journal_mode="WAL")
    return safety
