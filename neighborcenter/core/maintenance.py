"""Backups, restore and the database check, as user actions with audit entries."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from neighborcenter.core import changes, features, keys
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.errors import DatabaseProblem, ValidationError
from neighborcenter.i18n import N_, N_plural, _
from neighborcenter.storage import backup as backups
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.backup import BackupInfo
from neighborcenter.storage.check import CheckReport, check_database
from neighborcenter.storage.check import quick_check as _quick_check
from neighborcenter.storage.db import Database, acquire_lock, migrate
from neighborcenter.storage.files import sync_folder, touch_private
from neighborcenter.storage.keyfile import (
    KeyFile,
    finish_staged_key_file,
    key_file_path,
    read_key_file,
    stage_key_file,
)
from neighborcenter.storage.migrations import SCHEMA_HEAD, read_schema_revision

__all__ = ["BackupInfo", "CheckReport", "OtherCentre", "RestoreResult", "back_up_now",
           "encrypt_plaintext_backups", "list_backups", "plaintext_backup_count",
           "quick_check", "remove_plaintext_backups", "restore_database", "run_check"]

PROBLEMS_FOUND = N_plural("{n} problem found", "{n} problems found")

def back_up_now(centre: Centre, *, actor: Actor, reason: str = "manual") -> BackupInfo:
    """Anyone logged in may take a backup: it only adds a file."""
    path = backups.make_backup(centre.path, centre.data_key, reason=reason)
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
    with centre.unit_of_work(write=False) as uow:
        found = [p for _feature, check in features.each("checks") for p in check(uow.session)]
    if found:
        report = replace(report, problems=report.problems + tuple(found))
    n = len(report.problems)
    with centre.unit_of_work(write=True) as uow:
        finish(uow, actor, AuditAction.CHECK,
               summary=Msg(*PROBLEMS_FOUND, args={"n": n}),
               detail={"problems": [p.code for p in report.problems]} if n else None)
    centre.files_changed(changes.BACKUPS)
    return report


def _restored_centre(backup_file: Path, key: bytes | None, keys_then: KeyFile | None,
                     ) -> tuple[str, str]:
    """The id and name of the centre a backup is of."""
    if keys_then is not None:
        return keys_then.centre_id, keys_then.centre_name
    conn = sqlcipher.connect(backup_file, key, readonly=True)
    try:
        row = conn.execute("SELECT id, name FROM centres WHERE archived_at IS NULL").fetchone()
    except sqlcipher.DatabaseError as exc:
        raise sqlcipher.cannot_open(backup_file) from exc
    finally:
        conn.close()
    return (row[0], row[1]) if row else ("", "")


def backup_of_other_centre(centre: Centre, backup_file: Path) -> str | None:
    """The name of the other centre ``backup_file`` is of, or None if it is this centre's:
    asked before the restore, which needs that name typed."""
    ours = keys.require_key_file(centre.path)
    keys_then = read_key_file(key_file_path(backup_file))
    key = None if sqlcipher.is_plaintext(backup_file) or (
        keys_then is not None and keys_then.key_id != ours.key_id) else centre.data_key
    their_id, their_name = _restored_centre(backup_file, key, keys_then)
    return their_name if their_id != ours.centre_id else None


@dataclass(frozen=True)
class RestoreResult:
    safety_backup: Path | None  # the state before the restore
    other_centre: bool  # another centre's database: its own passphrases open it now


def restore_database(db_path: Path, backup_file: Path, *, actor: Actor, data_key: bytes,
                     other_centre_name: str | None = None) -> RestoreResult:
    """Restore a backup into a database nobody has open (the caller closed it).

    The backup is copied beside the database, brought to today's schema, given its audit
    entry, and only then renamed over the database: a restore cut off half-way leaves the
    database as it was. The state before is backed up first. Another centre's backup (a
    different centre id) is refused unless ``other_centre_name`` is that centre's name,
    typed by the person; it comes with its own key file, whose passphrases then open it.
    """
    actor.require(Permission.MANAGE_BACKUPS)
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise DatabaseProblem(_("There is no backup file at {path}.").format(path=backup_file))
    ours = keys.require_key_file(db_path)
    keys_then = read_key_file(key_file_path(backup_file))
    if sqlcipher.is_plaintext(backup_file):
        key: bytes | None = None
    elif keys_then is None or keys_then.key_id == ours.key_id:
        key = data_key
    else:
        key = None  # another centre's key: only its own passphrases open it
    their_id, their_name = _restored_centre(backup_file, key, keys_then)
    other = their_id != ours.centre_id
    if other and (other_centre_name or "").strip() != their_name:
        raise OtherCentre(their_name, _(
            "{file} is a backup of another centre, “{other}”, not of “{ours}”. Restoring it "
            "replaces this centre's data with that centre's. To do it anyway, type the other "
            "centre's name, “{other}”.").format(file=backup_file.name, other=their_name,
                                               ours=ours.centre_name))
    foreign_key = keys_then is not None and keys_then.key_id != ours.key_id
    if not foreign_key:
        backups.verify_backup_file(backup_file, key)
    lock = acquire_lock(db_path)
    try:
        safety = (backups.make_backup(db_path, data_key, reason="before-restore", thin=False)
                  if db_path.exists() else None)
        staged = db_path.with_name(db_path.name + ".restoring")
        entry = dict(target_kind="backup",
                     summary=Msg(N_("Restored {file}"), args={"file": backup_file.name}),
                     detail={"safety_backup": safety.name if safety else None,
                             "other_centre": other})
        new_keys = None
        if foreign_key:
            assert keys_then is not None
            touch_private(staged)
            shutil.copyfile(backup_file, staged)
            new_keys = keys_then.for_backup()  # its audit log takes the entry at its login
            new_keys.note({"at": dt.datetime.now(dt.UTC).isoformat(), "kind": "restore",
                           "name": actor.username, "file": backup_file.name,
                           "event": uuid.uuid4().hex})
        else:
            backups.copy_for_restore(backup_file, staged, key)
            if key is None:  # a plaintext backup of the first versions: encrypted now
                plain = staged.with_name(staged.name + "-plain")
                staged.replace(plain)
                try:
                    sqlcipher.export_encrypted(plain, staged, data_key)
                finally:
                    plain.unlink(missing_ok=True)
            _audit_into(staged, data_key, actor, entry)
        if new_keys is not None:
            stage_key_file(db_path, new_keys, for_file=staged)
        for stale in (db_path.with_name(db_path.name + "-wal"),
                      db_path.with_name(db_path.name + "-shm")):
            stale.unlink(missing_ok=True)
        staged.replace(db_path)  # the restore happens here, with its audit entry inside
        finish_staged_key_file(db_path)  # (also at the next start, if cut off just here)
        sync_folder(db_path.parent)
    finally:
        lock.release()
    return RestoreResult(safety, other)


def _audit_into(staged: Path, key: bytes, actor: Actor, entry: dict) -> None:
    revision = read_schema_revision(staged, key)
    if revision != SCHEMA_HEAD:
        migrate(staged, revision, key, backup=False)  # the backup file is its own backup
    with Centre(Database.open(staged, key=key, create=False, lock=False)) as centre:
        with centre.unit_of_work(write=True) as uow:
            finish(uow, actor, AuditAction.RESTORE, **entry)
        with centre.database.engine.connect() as conn:  # one file, no -wal beside it
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


class OtherCentre(ValidationError):
    """A backup of another centre: restoring it needs that centre's name typed."""

    def __init__(self, other_name: str, message: str) -> None:
        super().__init__(message, field="other_centre_name")
        self.other_name = other_name


def plaintext_backup_count(centre: Centre) -> int:
    return len(backups.plaintext_backups(centre.path))


def encrypt_plaintext_backups(centre: Centre, *, actor: Actor) -> int:
    """Encrypt the first version's backups in place, with today's key file beside each."""
    actor.require(Permission.MANAGE_BACKUPS)
    data_key = centre.data_key
    if data_key is None:
        raise ValidationError(_("The database itself is not encrypted yet."))
    found = backups.plaintext_backups(centre.path)
    for b in found:
        backups.encrypt_backup(b.path, data_key, key_file_path(centre.path))
    with centre.unit_of_work(write=True) as uow:
        finish(uow, actor, AuditAction.BACKUP, target_kind="backup",
               summary=Msg(*ENCRYPTED_BACKUPS, args={"n": len(found)}))
    centre.files_changed(changes.BACKUPS)
    return len(found)


def remove_plaintext_backups(centre: Centre, *, actor: Actor) -> int:
    actor.require(Permission.MANAGE_BACKUPS)
    found = backups.plaintext_backups(centre.path)
    for b in found:
        b.path.unlink(missing_ok=True)
    with centre.unit_of_work(write=True) as uow:
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="backup",
               summary=Msg(*REMOVED_BACKUPS, args={"n": len(found)}))
    centre.files_changed(changes.BACKUPS)
    return len(found)


ENCRYPTED_BACKUPS = N_plural("{n} unencrypted backup encrypted",
                             "{n} unencrypted backups encrypted")
REMOVED_BACKUPS = N_plural("{n} unencrypted backup removed", "{n} unencrypted backups removed")
