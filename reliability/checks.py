"""After a trial: open the database the way the app does and look at what the child left.

``check_trial`` runs the checks every path shares, then the path's own ``check`` with a
``Trial``. A finding is one of three kinds, the campaign's counts:

- ``lost``: a transaction the child reported as committed is not in the database;
- ``integrity``: the file does not open with its key file and passphrase, SQLite's
  ``integrity_check`` is not ``ok``, or the app's own check (``check_database``: foreign keys,
  the audit chain and its triggers, …) finds a problem the template did not have;
- ``half_done``: a state no sequence of whole transactions leads to (an import partly in, a
  restore without its audit entry, a backup that is listed but does not open, …).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neighborcenter.core import unlock
from neighborcenter.errors import NCError
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.check import check_database

LOST, INTEGRITY, HALF_DONE = "lost", "integrity", "half_done"
KINDS = (LOST, INTEGRITY, HALF_DONE)

# Files the app writes beside the database for a moment; left over after a kill they must
# never be taken for the database (the checks open the real path only) and are counted.
LEFTOVER_SUFFIXES = (".restoring", ".partial", ".tmp", ".keys-new", ".encrypting", "-plain")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str


@dataclass
class Trial:
    """What a path's ``check`` is given."""

    spec: dict[str, Any]
    events: list[dict[str, Any]]  # the COMMITTED markers, in order
    template: dict[str, Any]  # baseline counts and the path's prepared extras
    db: Path
    findings: list[Finding] = field(default_factory=list)
    door_state: str | None = None  # "new", "locked", "plaintext"; None if door() refused
    open_error: str | None = None  # why the database did not open, if it did not
    centre: Any = None  # the Centre handle, logged in as the admin (None if it did not open)
    actor: Any = None
    conn: Any = None  # a read-only DB-API connection with the data key

    @property
    def extra(self) -> dict[str, Any]:
        return self.template.get("extra", {}).get(self.spec["path"], {})

    @property
    def baseline(self) -> dict[str, Any]:
        return self.template.get("baseline", {})

    def lost(self, text: str) -> None:
        self.findings.append(Finding(LOST, text))

    def half_done(self, text: str) -> None:
        self.findings.append(Finding(HALF_DONE, text))

    def integrity(self, text: str) -> None:
        self.findings.append(Finding(INTEGRITY, text))

    def steps(self, step: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("step") == step]

    def scalar(self, sql: str, *params: Any) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def column(self, sql: str, *params: Any) -> list[Any]:
        return [r[0] for r in self.conn.execute(sql, params).fetchall()]

    def audit_count(self, action: str) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?", action))


def leftovers(folder: Path) -> list[str]:
    found = []
    for file in sorted(folder.rglob("*")):
        if file.is_file() and any(file.name.endswith(s) for s in LEFTOVER_SUFFIXES):
            found.append(str(file.relative_to(folder)))
    return found


def _raw_integrity(db: Path, key: bytes) -> str:
    """SQLite's integrity check on the file as the crash left it (before any login writes)."""
    conn = sqlcipher.connect(db, key, readonly=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlcipher.DatabaseError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def check_trial(path_def: Any, spec: dict[str, Any], events: list[dict[str, Any]],
                template: dict[str, Any]) -> Trial:
    """The shared checks, then ``path_def.check(trial)``; the findings are in ``trial``."""
    db = Path(spec["db"])
    t = Trial(spec, events, template, db)
    key_hex = template.get("key")
    if key_hex and db.exists() and db.stat().st_size > 0:
        if sqlcipher.is_plaintext(db):
            t.integrity("the database file is not encrypted")
        result = _raw_integrity(db, bytes.fromhex(key_hex))
        if result != "ok":
            t.integrity(f"PRAGMA integrity_check as left by the child: {result}")
    try:
        t.door_state = unlock.door(db).state.value
    except NCError as exc:
        t.open_error = f"the app cannot tell what is at {db.name}: {exc}"
    if t.door_state == unlock.DoorState.LOCKED.value:
        try:
            opened = unlock.log_in(db, username=spec["username"], passphrase=spec["passphrase"])
        except NCError as exc:
            t.open_error = f"log_in refused: {type(exc).__name__}: {exc}"
        else:
            t.centre, t.actor = opened.centre, opened.login.actor
    elif t.door_state is not None and not (
            path_def.new_file and t.door_state == unlock.DoorState.NEW.value):
        t.open_error = f"the app sees a {t.door_state!r} database, not a locked centre"
    try:
        if t.centre is not None:
            t.conn = t.centre.database.raw_connection()
            report = check_database(t.centre.database, repair=False)
            known = set(t.baseline.get("check_codes", ()))
            for problem in report.problems:
                if problem.code not in known:
                    t.integrity(f"check_database: {problem.code}: {problem.message}")
        if t.open_error and not path_def.new_file:
            t.integrity(f"the database does not open: {t.open_error}")
        elif t.centre is not None or path_def.new_file:
            path_def.check(t)
    except Exception as exc:  # a check that cannot even read the file: the file is at fault
        t.integrity(f"checking failed: {type(exc).__name__}: {exc}")
    finally:
        if t.conn is not None:
            with contextlib.suppress(Exception):
                t.conn.close()
        if t.centre is not None:
            t.centre.close()
    return t
