"""Wrong passphrases: after ``FREE_TRIES`` for a login name (known or not, so that the wait
does not tell which names exist), each further one makes the next try wait longer
(``WAITS``), at the login window and at the lock screen alike. The counters live in the key
file (storage/keyfile.py), because the audit log inside the database cannot be written
without a login; each failure is noted there with an id, for the next login to write into
the audit log once."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from neighborcenter.core import keys
from neighborcenter.errors import LoginWait
from neighborcenter.i18n import _, ngettext
from neighborcenter.storage.keyfile import KeyFile, key_file_path, read_key_file

FREE_TRIES = 5
WAITS = (30, 60, 300, 900, 3600)  # seconds: after the 5th wrong passphrase, the 6th, …


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def wait_message(name: str, until: dt.datetime) -> str:
    seconds = max(1, int((until - _now()).total_seconds() + 0.999))
    if seconds < 120:
        wait = ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    else:
        minutes = (seconds + 59) // 60
        wait = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    return _("Too many wrong passphrases for “{name}”. Wait {wait} (until {time}) and try "
             "again, or ask an administrator to lift the wait.").format(
        name=name, wait=wait, time=until.astimezone().strftime("%H:%M:%S"))


def waiting_until(kf: KeyFile, name: str) -> dt.datetime | None:
    entry = kf.failures.get(name.strip().lower())
    if not entry or not entry.get("until"):
        return None
    until = dt.datetime.fromisoformat(entry["until"])
    return until if until > _now() else None


def note_failure(kf: KeyFile, name: str, *, pending: bool = True) -> dt.datetime | None:
    """Count a wrong passphrase for ``name``; the time the next try must wait for, if any.
    ``pending``: keep it for the audit log (False where the caller audits it itself)."""
    key = name.strip().lower()[:64]
    entry = kf.failures.setdefault(key, {"count": 0, "until": None})
    entry["count"] = int(entry.get("count", 0)) + 1
    if pending:
        kf.note({"at": _now().isoformat(), "name": name.strip()[:64], "kind": "failed",
                 "event": uuid.uuid4().hex})
    over = entry["count"] - FREE_TRIES
    if over < 0:
        return None
    until = _now() + dt.timedelta(seconds=WAITS[min(over, len(WAITS) - 1)])
    entry["until"] = until.isoformat()
    if pending:
        kf.note({"at": _now().isoformat(), "name": name.strip()[:64], "kind": "wait",
                 "event": uuid.uuid4().hex})
    return until


def refuse_while_waiting(db_path: Path, name: str) -> None:
    kf = read_key_file(key_file_path(db_path))
    until = waiting_until(kf, name) if kf else None
    if until is not None:
        raise LoginWait(wait_message(name.strip(), until))


def note_wrong_passphrase(db_path: Path, name: str) -> dt.datetime | None:
    """A wrong passphrase at the lock screen counts like one at the login window (the lock
    screen writes its own audit entry: the database is open); the wait it starts, if any."""
    if read_key_file(key_file_path(db_path)) is None:
        return None
    return keys.update_key_file(db_path, lambda kf: note_failure(kf, name, pending=False))


def forget_failures(db_path: Path, name: str) -> None:
    kf = read_key_file(key_file_path(db_path))
    if kf is not None and name.strip().lower() in kf.failures:
        keys.update_key_file(db_path, lambda k: k.failures.pop(name.strip().lower(), None))


def lift_wait(db_path: Path, name: str) -> bool:
    """An administrator lifts the wait of a login name; False if there was none."""
    kf = keys.require_key_file(db_path)
    if name.strip().lower() not in kf.failures:
        return False
    forget_failures(db_path, name)
    return True


def waiting_names(db_path: Path) -> dict[str, dt.datetime]:
    """Login names that must wait now, and until when."""
    kf = read_key_file(key_file_path(db_path))
    if kf is None:
        return {}
    found = {}
    for name in kf.failures:
        until = waiting_until(kf, name)
        if until is not None:
            found[name] = until
    return found
