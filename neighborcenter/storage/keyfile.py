"""The key file ``<database>.keys``: the centre's data key, wrapped once per account and once
for the recovery key, beside the database (and beside every backup, as it was then).

It is JSON, 0600, replaced atomically. It holds no personal data: the centre's id and name,
the language of the login window, login names, and for each account the Argon2id parameters
and salt and the AES-256-GCM sealed data key (the account id is the sealed data's associated
data, so a wrap cannot be moved to another account). Also the counters of wrong passphrases
(the wait after five, see core/unlock.py) and the login failures not yet written to the audit
log, which is inside the encrypted database and cannot be written without a login.

    {"format": "neighborcenter-keys", "version": 1,
     "centre": {"id": …, "name": …, "language": …}, "key_id": "<16 hex>",
     "wraps": [{"account_id", "username", "kdf": "argon2id", "params": {"t","m","p"},
                "salt", "nonce", "sealed"}, …],          # base64 fields
     "recovery": {"kdf": "hkdf-sha256", "salt", "nonce", "sealed"},
     "failures": {"<login name, lower case>": {"count": n, "until": "<ISO UTC>"|null}},
     "pending_audit": [{"at", "name", "kind": "failed"|"wait"}, …]}

``cryptography`` and ``filelock`` are imported where they are used: the window reads this
file for its login window (core/door.py) before they are needed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
from neighborcenter.storage.files import write_atomically

FORMAT = "neighborcenter-keys"
VERSION = 1
SUFFIX = ".keys"
MAX_PENDING = 200


def key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def key_id(data_key: bytes) -> str:
    """A short public name of a data key: tells whether two files share one."""
    return hashlib.sha256(b"neighborcenter key id\0" + data_key).hexdigest()[:16]


def hkdf(material: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(material)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


@dataclass
class Wrap:
    """The data key sealed with a key derived from one secret (a passphrase, the recovery key)."""

    kdf: str
    salt: bytes
    nonce: bytes
    sealed: bytes
    params: dict[str, int] = field(default_factory=dict)
    account_id: str = ""
    username: str = ""

    @classmethod
    def seal(cls, kek: bytes, data_key: bytes, *, kdf: str, salt: bytes,
             params: dict[str, int] | None = None, account_id: str = "",
             username: str = "") -> Wrap:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        sealed = AESGCM(kek).encrypt(nonce, data_key, account_id.encode("utf-8"))
        return cls(kdf, salt, nonce, sealed, dict(params or {}), account_id, username)

    def open(self, kek: bytes) -> bytes | None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(kek).decrypt(self.nonce, self.sealed, self.account_id.encode("utf-8"))
        except InvalidTag:
            return None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kdf": self.kdf, "params": self.params, "salt": _b64(self.salt),
                               "nonce": _b64(self.nonce), "sealed": _b64(self.sealed)}
        if self.account_id:
            out = {"account_id": self.account_id, "username": self.username, **out}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wrap:
        return cls(data["kdf"], _unb64(data["salt"]), _unb64(data["nonce"]),
                   _unb64(data["sealed"]), {k: int(v) for k, v in data.get("params", {}).items()},
                   data.get("account_id", ""), data.get("username", ""))


@dataclass
class KeyFile:
    centre_id: str
    centre_name: str
    language: str
    key_id: str
    wraps: list[Wrap] = field(default_factory=list)
    recovery: Wrap | None = None
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_audit: list[dict[str, str]] = field(default_factory=list)
    pending_dropped: int = 0  # events that made way for newer ones before a login
    # account changes written here before their commit and applied after it; one that a
    # kill left here is settled at the next login by what the database says (core/keys.py)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def wrap_of(self, username: str) -> Wrap | None:
        name = username.strip().lower()
        return next((w for w in self.wraps if w.username.lower() == name), None)

    def set_wrap(self, wrap: Wrap) -> None:
        """The account's wrap, replacing its old one (and any other for the same login name:
        a name belongs to one active account)."""
        name = wrap.username.lower()
        self.wraps = [w for w in self.wraps
                      if w.account_id != wrap.account_id and w.username.lower() != name] + [wrap]

    def drop_wrap(self, account_id: str) -> None:
        self.wraps = [w for w in self.wraps if w.account_id != account_id]

    def settle(self, change_id: str, *, committed: bool) -> None:
        """Apply a staged account change whose commit happened; forget one whose did not."""
        change = next((c for c in self.changes if c["id"] == change_id), None)
        if change is None:
            return
        self.changes = [c for c in self.changes if c["id"] != change_id]
        if not committed:
            return
        if change.get("wrap"):
            self.set_wrap(Wrap.from_json(change["wrap"]))
            self.failures.pop(change["wrap"]["username"].lower(), None)
        else:
            self.drop_wrap(change["account_id"])

    def note(self, event: dict[str, str]) -> None:
        """Keep an event for the audit log; past ``MAX_PENDING`` the oldest make way, and
        are counted (guesses at made-up names must not hide that they happened)."""
        self.pending_audit = self.pending_audit + [event]
        over = len(self.pending_audit) - MAX_PENDING
        if over > 0:
            self.pending_dropped += over
            self.pending_audit = self.pending_audit[over:]

    def for_backup(self) -> KeyFile:
        """The copy that goes beside a backup: the keys, not the counters."""
        return KeyFile(self.centre_id, self.centre_name, self.language, self.key_id,
                       list(self.wraps), self.recovery)  # (no counters, no staged changes)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": VERSION,
            "centre": {"id": self.centre_id, "name": self.centre_name,
                       "language": self.language},
            "key_id": self.key_id,
            "wraps": [w.as_json() for w in self.wraps],
            "recovery": self.recovery.as_json() if self.recovery else None,
            "failures": self.failures,
            "pending_audit": self.pending_audit,
            "pending_dropped": self.pending_dropped,
            "changes": self.changes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyFile:
        centre = data["centre"]
        return cls(centre["id"], centre["name"], centre.get("language", "zh_CN"),
                   data["key_id"], [Wrap.from_json(w) for w in data.get("wraps", [])],
                   Wrap.from_json(data["recovery"]) if data.get("recovery") else None,
                   dict(data.get("failures") or {}), list(data.get("pending_audit") or []),
                   int(data.get("pending_dropped") or 0), list(data.get("changes") or []))


def read_key_file(path: Path) -> KeyFile | None:
    """The key file at ``path`` (``key_file_path(db)``), or None if there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
        if int(data.get("version", 0)) > VERSION:
            raise DatabaseProblem(_("The key file {path} was written by a newer version of "
                                    "NeighborCenter.").format(path=path))
        return KeyFile.from_json(data)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise DatabaseProblem(
            _("The key file {path} is damaged. Copy the .keys file of the newest backup "
              "beside the database, or restore that backup.").format(path=path)) from exc


@contextmanager
def key_file_lock(db_path: Path) -> Iterator[None]:
    """Held around every read-change-write of the key file: two processes (the window and a
    command, or two logins) must not each write back a copy without the other's change."""
    from filelock import FileLock

    lock = FileLock(db_path.with_name(db_path.name + SUFFIX + ".lock"), timeout=10, mode=0o600)
    with lock:
        yield


def write_key_file(path: Path, key_file: KeyFile) -> None:
    data = json.dumps(key_file.as_json(), ensure_ascii=False, indent=1).encode("utf-8")
    write_atomically(path, data)


# -- a restore of another centre's backup: the database and its key file change together ----

def staged_key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX + "-new")


_staged_path = staged_key_file_path


def stage_key_file(db_path: Path, key_file: KeyFile, *, for_file: Path) -> None:
    """Write the key file that goes with ``for_file`` (a database about to be renamed over
    ``db_path``), marked with that file's first 16 bytes (SQLCipher's salt, different for
    every encrypted file), so that ``finish_staged_key_file`` can tell afterwards whether
    the rename happened."""
    with for_file.open("rb") as fh:
        salt = fh.read(16)
    data = {"for_salt": salt.hex(), "keys": key_file.as_json()}
    write_atomically(_staged_path(db_path), json.dumps(data, ensure_ascii=False).encode())


def finish_staged_key_file(db_path: Path) -> None:
    """After a restore that was cut off between its two renames: the staged key file
    replaces the old one if the database is the file it was staged for; else it goes."""
    staged = _staged_path(db_path)
    if not staged.exists():
        return
    try:
        data = json.loads(staged.read_text("utf-8"))
        with db_path.open("rb") as fh:
            renamed = fh.read(16).hex() == data["for_salt"]
    except (OSError, ValueError, KeyError):
        renamed = False
    if renamed:
        write_key_file(key_file_path(db_path), KeyFile.from_json(data["keys"]))
    staged.unlink(missing_ok=True)


# -- a set-up in progress: the new file's data key, until its key file is in place -----------

def setup_key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX + "-setup")


def staged_setup_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX + "-staged")


def write_setup_key(db_path: Path, data_key: bytes) -> None:
    """Before a new database exists: its data key, so that a set-up cut off anywhere can be
    taken up again (the file holds no personal data until the set-up's commit, after which
    the real key file replaces this one)."""
    write_atomically(setup_key_path(db_path), json.dumps({"data_key": data_key.hex()}).encode())


def read_setup_key(db_path: Path) -> bytes | None:
    try:
        return bytes.fromhex(json.loads(setup_key_path(db_path).read_text("utf-8"))["data_key"])
    except (OSError, ValueError, KeyError):
        return None


def finish_setup(db_path: Path) -> None:
    """The set-up committed: its staged key file takes its place, the setup key goes."""
    staged = staged_setup_path(db_path)
    if staged.exists():
        staged.replace(key_file_path(db_path))
    setup_key_path(db_path).unlink(missing_ok=True)
