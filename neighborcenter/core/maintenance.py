"""Backups, restore and the database check, as user actions with audit entries."""

from __future__ import annotations

from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.i18n import N_, N_plural
from neighborcenter.storage import backup as backups
from neighborcenter.storage.backup import BackupInfo
from neighborcenter.storage.check import CheckReport, check_database
from neighborcenter.storage.check import quick_check as _quick_check
from neighborcenter.storage.db import acquire_lock

__all__ = ["BackupInfo", "CheckReport", "back_up_now", "list_backups", "quick_check",
           "restore_database", "run_check"]

PROBLEMS_FOUND = N_plural("{n} problem found", "{n} problems found")

def back_up_now(centre: Centre, *, actor: Actor, reason: str = "manual") -> BackupInfo:
    """Anyone logged in may take a backup: it only adds a file."""
    path = backups.make_backup(centre.path, reason=reason)
    with centre.unit_of_work(write=True) as uow:
        finish(uow, actor, AuditAction.BACKUP, target_kind="backup",
               summary=Msg(N_("Backup {file}"), args={"file": path.name}))
    centre.files_changed(changes.BACKUPS)
    return next(b for b in backups.list_backups(centre.path) if b.path == path)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups beside the database file: a directory listing, no database work."""
    return backups.list_backups(db_path)


def quick_check(centre: Centre) -> list[str]:
    """SQLite's quick check of the whole file, as messages for the home page."""
    return [p.message for p in _quick_check(centre.database)]


def run_check(centre: Centre, *, actor: Actor, repair: bool = True) -> CheckReport:
    if repair:
        actor.require(Permission.MANAGE_BACKUPS)
    report = check_database(centre.database, repair=repair)
    if any(p.code == "integrity" for p in report.problems):
        return report  # a damaged file takes no more writes
    n = len(report.problems)
    with centre.unit_of_work(write=True) as uow:
        finish(uow, actor, AuditAction.CHECK,
               summary=Msg(*PROBLEMS_FOUND, args={"n": n}),
               detail={"problems": [p.code for p in report.problems]} if n else None)
    centre.files_changed(changes.BACKUPS)
    return report


def restore_database(db_path: Path, backup_file: Path, *, actor: Actor) -> Path | None:
    """Restore a backup into a database nobody has open (the caller closed it).

    Returns the backup taken of the state before the restore (None if there was no database
    file to back up). The database is migrated if the backup is older, and the restore is
    written to the (restored) audit log.
    """
    actor.require(Permission.MANAGE_BACKUPS)
    lock = acquire_lock(db_path)
    try:
        safety = backups.restore_backup(db_path, Path(backup_file))
    finally:
        lock.release()
    with Centre.open(db_path) as centre:
        with centre.unit_of_work(write=True) as uow:
            finish(uow, actor, AuditAction.RESTORE, target_kind="backup",
                   summary=Msg(N_("Restored {file}"), args={"file": Path(backup_file).name}),
                   detail={"safety_backup": safety.name if safety else None})
    return safety
