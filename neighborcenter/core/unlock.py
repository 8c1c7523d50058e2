"""The way in: a login name and passphrase unwrap the data key and open the database.

The database and its backups are encrypted (storage/sqlcipher.py); the key file beside it
(storage/keyfile.py) says which centre it is and holds the data key wrapped per account. So
``door`` tells the window what to show before anyone logs in (set-up, or the login window with
the centre's name), ``log_in`` opens the centre, and ``open_with_recovery`` opens it with the
recovery key when every passphrase is forgotten.

Wrong passphrases count towards a wait (core/waits.py); the failures wait in the key file and
go into the audit log at the next login. An unknown name costs one Argon2 derivation, like a
known one.

A database of the first versions (plaintext, no key file) is encrypted at an administrator's
first login, after a backup; the plaintext backups are then offered for encryption or removal,
and the administrator gives the other accounts new passphrases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select

from neighborcenter.core import accounts, keys, waits
from neighborcenter.core.door import (  # noqa: F401 - the door, read before logging in
    Door,
    DoorState,
    abandon_setup,
    door,
)
from neighborcenter.core.handle import Centre
from neighborcenter.core.passphrase import verify_passphrase
from neighborcenter.core.roles import Role
from neighborcenter.errors import AuthenticationFailed, LoginWait
from neighborcenter.i18n import _
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.backup import make_backup, plaintext_backups
from neighborcenter.storage.db import Database, acquire_lock
from neighborcenter.storage.files import make_private, sync_folder
from neighborcenter.storage.keyfile import (
    KeyFile,
    key_file_path,
    key_id,
    new_data_key,
    write_key_file,
)
from neighborcenter.storage.models import Account, Setting
from neighborcenter.storage.models import Centre as CentreRow


@dataclass(frozen=True)
class Opened:
    centre: Centre
    login: accounts.LoginResult


# -- logging in ----------------------------------------------------------------------------

def log_in(path: Path, *, username: str, passphrase: str, lock: bool = True) -> Opened:
    """Open the centre at ``path`` as ``username``. Raises ``AuthenticationFailed`` (the same
    message for an unknown name and a wrong passphrase) or ``LoginWait``. ``lock=False``
    shares the file with a window that has it open (a backup from the command line)."""
    path = Path(path)
    if door(path).state is DoorState.PLAINTEXT:
        return _log_in_and_encrypt(path, username=username, passphrase=passphrase)
    kf = keys.require_key_file(path)
    name = username.strip()
    until = waits.waiting_until(kf, name)
    if until is not None:
        raise LoginWait(waits.wait_message(name, until))
    wrap = kf.wrap_of(name) if name else None
    data_key = None
    if wrap is None:
        keys.spend_the_same_time(passphrase)
    else:
        data_key = keys.unwrap_with_passphrase(wrap, passphrase)
    if data_key is None or wrap is None:
        waited = keys.update_key_file(path, lambda k: waits.note_failure(k, name or "?"))
        if waited is not None:
            raise LoginWait(waits.wait_message(name, waited))
        raise AuthenticationFailed(_(accounts.WRONG_LOGIN))
    centre = Centre.open(path, key=data_key, lock=lock)
    try:
        if lock:  # nobody else is at work: changes a kill left staged are settled
            keys.settle_changes(path, lambda c: c["id"] in accounts.committed_key_changes(
                centre, staged=[c]))
        result = accounts.complete_login(centre, account_id=wrap.account_id,
                                         passphrase=passphrase,
                                         earlier_failures=kf.pending_audit,
                                         dropped=kf.pending_dropped)
    except BaseException:
        centre.close()
        raise

    def succeeded(k: KeyFile) -> None:
        k.pending_audit = [e for e in k.pending_audit if e not in kf.pending_audit]
        k.pending_dropped = max(0, k.pending_dropped - kf.pending_dropped)
        k.failures.pop(name.lower(), None)

    if kf.pending_audit or kf.pending_dropped or name.lower() in kf.failures:
        keys.update_key_file(path, succeeded)  # (nothing to write after a plain login)
    pending = len(plaintext_backups(path))
    return Opened(centre, replace(result, plaintext_backups=pending))


def open_with_recovery(path: Path, recovery_key: str) -> Centre:
    """Open the centre with the recovery key (to give an administrator a new passphrase)."""
    kf = keys.require_key_file(path)
    data_key = keys.unwrap_with_recovery(kf.recovery, recovery_key) if kf.recovery else None
    if data_key is None:
        raise AuthenticationFailed(
            _("This is not the recovery key of this centre. Check the printed sheet: 8 groups "
              "of 4 letters and digits."))
    return Centre.open(path, key=data_key)


# -- the first versions' plaintext database ------------------------------------------------

def _log_in_and_encrypt(path: Path, *, username: str, passphrase: str) -> Opened:
    """An administrator's login to a plaintext database encrypts it: a backup first, then an
    encrypted copy with a new data key replaces it. The other accounts need new passphrases
    from the administrator (``LoginResult.need_new_passphrase`` names them)."""
    name = username.strip()
    with Database.open(path, key=None) as plain:  # migrated to today's schema if older
        session = plain.session_factory()
        try:
            account = session.scalar(select(Account).where(
                func.lower(Account.username) == name.lower(), Account.archived_at.is_(None)))
            if account is None or not verify_passphrase(passphrase, account.passphrase_hash):
                keys.spend_the_same_time(passphrase)
                raise AuthenticationFailed(_(accounts.WRONG_LOGIN))
            if account.role is not Role.ADMIN:
                raise AuthenticationFailed(_(
                    "This database is not encrypted yet. An administrator must log in once, "
                    "so that NeighborCenter encrypts it, and then give you a new passphrase."))
            others = tuple(session.scalars(select(Account.username).where(
                Account.archived_at.is_(None), Account.id != account.id)))
            admin_id, admin_name = account.id, account.username
            row = session.scalar(select(CentreRow).where(CentreRow.archived_at.is_(None)))
            centre_id, centre_name = (row.id, row.name) if row else ("", "")
            lang = session.scalar(select(Setting.value).where(Setting.key == "language"))
        finally:
            session.close()
    data_key = new_data_key()
    lock = acquire_lock(path)
    try:
        make_backup(path, None, reason="before-encryption")
        encrypted = path.with_name(path.name + ".encrypting")
        encrypted.unlink(missing_ok=True)
        sqlcipher.export_encrypted(path, encrypted, data_key)
        make_private(encrypted)
        recovery_key = keys.new_recovery_key()
        # only the administrator's passphrase is known here: the others get new ones from
        # the administrator (a wrap derived from their old hashes would open the file to
        # anyone holding an old plaintext copy)
        wraps = [keys.passphrase_wrap(data_key, account_id=admin_id, username=admin_name,
                                      passphrase=passphrase)]
        write_key_file(key_file_path(path), KeyFile(
            centre_id, centre_name, str(json.loads(lang)) if lang else "zh_CN",
            key_id(data_key), wraps, keys.recovery_wrap(data_key, recovery_key)))
        for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        encrypted.replace(path)
        sync_folder(path.parent)
    finally:
        lock.release()
    centre = Centre.open(path, key=data_key)
    try:
        result = accounts.complete_login(centre, account_id=admin_id, passphrase=passphrase,
                                         earlier_failures=[])
        accounts.note_encrypted(centre, actor=result.actor)
    except BaseException:
        centre.close()
        raise
    return Opened(centre, replace(result, recovery_key=recovery_key,
                                  plaintext_backups=len(plaintext_backups(path)),
                                  need_new_passphrase=others))

