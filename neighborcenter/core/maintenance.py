"""Backups, restore and the database check, as user actions with audit entries."""

from __future__ import annotations

from pathlib import Path

from neighborcenter.core.audit import AuditAction, Msg, record_audit
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.i18n import N_, N_plural
from neighborcenter.storage import backup as backups
from neighborcenter.storage.check import CheckReport, check_database
from neighborcenter.storage.db import Database

PROBLEMS_FOUND = N_plural("{n} problem found", "{n} problems found")

def back_up_now(db: Database, *, actor: Actor, reason: str = "manual") -> backups.BackupInfo:
    """Anyone logged in may take a backup: it only adds a file."""
    path = backups.make_backup(db.path, reason=reason)
    with db.uow() as uow:
        record_audit(uow.session, actor, AuditAction.BACKUP, target_kind="backup",
                     summary=Msg(N_("Backup {file}"), args={"file": path.name}))
        uow.commit()
    return next(b for b in backups.list_backups(db.path) if b.path == path)


def list_backups(db: Database) -> list[backups.BackupInfo]:
    return backups.list_backups(db.path)


def run_check(db: Database, *, actor: Actor, repair: bool = True) -> CheckReport:
    if repair:
        actor.require(Permission.MANAGE_BACKUPS)
    report = check_database(db, repair=repair)
    if any(p.code == "integrity" for p in report.problems):
        return report  # a damaged file takes no more writes
    n = len(report.problems)
    with db.uow() as uow:
        record_audit(uow.session, actor, AuditAction.CHECK,
                     summary=Msg(*PROBLEMS_FOUND, args={"n": n}),
                     detail={"problems": [p.code for p in report.problems]} if n else None)
        uow.commit()
    return report


def restore_database(db_path: Path, backup_file: Path, *, actor: Actor) -> Path:
    """Restore a backup into a database nobody has open (the caller closed it).

    Returns the backup taken of the state before the restore. The database is migrated if
    the backup is older, and the restore is written to the (restored) audit log.
    """
    actor.require(Permission.MANAGE_BACKUPS)
    from neighborcenter.storage.db import acquire_lock

    lock = acquire_lock(db_path)
    try:
        safety = backups.restore_backup(db_path, Path(backup_file))
    finally:
        lock.release()
    with Database.open(db_path) as db:
        with db.uow() as uow:
            record_audit(uow.session, actor, AuditAction.RESTORE, target_kind="backup",
                         summary=Msg(N_("Restored {file}"), args={"file": Path(backup_file).name}),
                         detail={"safety_backup": safety.name if safety else None})
            uow.commit()
    return safety
