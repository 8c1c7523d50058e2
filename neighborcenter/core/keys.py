"""The data key, wrapped: for each account (by its passphrase) and for the recovery key.

See storage/keyfile.py for the file. A passphrase wrap's key is Argon2id of the passphrase
(core/passphrase.py, OWASP's minimum or above); the recovery key is 160 random bits shown to
the director once, so HKDF is enough for it.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from neighborcenter.core.passphrase import argon2_parameters, derive_key, random_salt
from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
from neighborcenter.storage.keyfile import (
    KeyFile,
    Wrap,
    hkdf,
    key_file_lock,
    key_file_path,
    read_key_file,
    write_key_file,
)

_T = TypeVar("_T")
RECOVERY_BYTES = 20  # 160 bits: 32 letters and digits in 8 groups of 4
_RECOVERY_INFO = b"neighborcenter recovery wrap"


def passphrase_wrap(data_key: bytes, *, account_id: str, username: str,
                    passphrase: str) -> Wrap:
    salt = random_salt()
    params = argon2_parameters()
    kek = derive_key(passphrase, salt, time_cost=params["t"], memory_kib=params["m"],
                     parallelism=params["p"])
    return Wrap.seal(kek, data_key, kdf="argon2id", salt=salt, params=params,
                     account_id=account_id, username=username)


def unwrap_with_passphrase(wrap: Wrap, passphrase: str) -> bytes | None:
    if wrap.kdf != "argon2id":
        return None
    kek = derive_key(passphrase, wrap.salt, time_cost=wrap.params["t"],
                     memory_kib=wrap.params["m"], parallelism=wrap.params["p"])
    return wrap.open(kek)


def spend_the_same_time(passphrase: str) -> None:
    """What checking a passphrase costs, for a login name that has none: the answer to an
    unknown name must not come sooner than to a known one."""
    params = argon2_parameters()
    derive_key(passphrase, random_salt(), time_cost=params["t"], memory_kib=params["m"],
               parallelism=params["p"])


# -- the recovery key ----------------------------------------------------------------------

def new_recovery_key() -> str:
    """``ABCD-EFGH-…``: 32 base32 characters (no 0/1/8/9 to mistake), in groups of four."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes | None:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))  # read aloud or retyped
    if len(cleaned) != RECOVERY_BYTES * 8 // 5:
        return None
    try:
        return base64.b32decode(cleaned)
    except ValueError:
        return None


def recovery_wrap(data_key: bytes, recovery_key: str) -> Wrap:
    secret = parse_recovery_key(recovery_key)
    if secret is None:
        raise ValueError("not a recovery key")
    salt = random_salt()
    return Wrap.seal(hkdf(secret, salt, _RECOVERY_INFO), data_key, kdf="hkdf-sha256",
                     salt=salt)


def unwrap_with_recovery(wrap: Wrap, recovery_key: str) -> bytes | None:
    secret = parse_recovery_key(recovery_key)
    if secret is None:
        return None
    return wrap.open(hkdf(secret, wrap.salt, _RECOVERY_INFO))


# -- the file ----------------------------------------------------------------------------

def require_key_file(db_path: Path) -> KeyFile:
    keys = read_key_file(key_file_path(db_path))
    if keys is None:
        raise DatabaseProblem(
            _("The key file {file} beside the database is missing, so the database cannot be "
              "opened. Copy back the .keys file of the newest backup (in the backups folder), "
              "renamed to {name}.").format(file=key_file_path(db_path),
                                           name=key_file_path(db_path).name))
    return keys


def update_key_file(db_path: Path, change: Callable[[KeyFile], _T]) -> _T:
    """Read, change and write back the key file beside ``db_path`` (whole, or not at all),
    under its lock, so that no other process's change in between is lost; what ``change``
    returned."""
    with key_file_lock(db_path):
        keys = require_key_file(db_path)
        result = change(keys)
        write_key_file(key_file_path(db_path), keys)
    return result


# -- account changes, in two steps around their commit ---------------------------------------

def stage_change(db_path: Path, *, account_id: str, wrap: Wrap | None = None,
                 expect_hash: str | None = None) -> Callable[[], None]:
    """Before an account change commits: write what it does to the key file (a new wrap, or
    ``wrap=None``: the account's wrap goes) as a staged change; call the returned function
    after the commit to apply it. A change a kill left staged is settled by
    ``settle_changes`` at the next login: applied if the database has it (the account with
    ``expect_hash``, or archived), forgotten if not — never an account without its wrap,
    nor a wrap for a change that did not happen."""
    change_id = secrets.token_hex(8)
    change = {"id": change_id, "account_id": account_id, "hash": expect_hash,
              "wrap": wrap.as_json() if wrap else None}
    update_key_file(db_path, lambda kf: kf.changes.append(change))

    def apply() -> None:
        update_key_file(db_path, lambda kf: kf.settle(change_id, committed=True))

    return apply


def settle_changes(db_path: Path, committed: Callable[[dict], bool]) -> None:
    """At a login that holds the database lock: every staged change left by a kill is applied
    if ``committed(change)`` (the database has it), else forgotten."""
    kf = read_key_file(key_file_path(db_path))
    if kf is None or not kf.changes:
        return
    verdicts = {c["id"]: committed(c) for c in kf.changes}

    def settle(k: KeyFile) -> None:
        for change_id, done in verdicts.items():
            k.settle(change_id, committed=done)

    update_key_file(db_path, settle)
