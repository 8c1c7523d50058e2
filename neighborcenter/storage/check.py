"""“Check database”: SQLite's integrity and foreign-key checks, then the app's own invariants.

Problems are reported in plain words. Those that can be repaired without guessing (a change
counter behind the data, a missing append-only trigger) are repaired when asked, after a
backup; the others say what a person should do. Run twice, the second run finds nothing that
the first repaired and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from neighborcenter.i18n import _
from neighborcenter.storage.db import Database
from neighborcenter.storage.migrations.sql import AUDIT_TRIGGER_NAMES, AUDIT_TRIGGERS


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    repaired: bool = False


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    backup_path: str | None = None  # the backup taken before repairs, if any

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unrepaired(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.repaired)


def synced_tables(conn) -> list[str]:
    """The tables that carry a change number, as the file has them (whatever feature made
    them): read from the schema, so that no feature has to be listed here."""
    tables = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalars().all()
    return [t for t in tables
            if any(col[1] == "change_seq"
                   for col in conn.exec_driver_sql(f'PRAGMA table_info("{t}")'))]


def _damaged(rows: list[str]) -> Problem:
    return Problem(
        "integrity",
        _("The database file is damaged ({detail}). Restore the latest backup.").format(
            detail="; ".join(rows[:3])),
    )


def quick_check(db: Database) -> tuple[Problem, ...]:
    """SQLite's quick check only: cheap enough for every start-up."""
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    return () if rows == ["ok"] else (_damaged(rows),)


def check_database(db: Database, *, repair: bool = True) -> CheckReport:
    problems: list[Problem] = []
    fixes: list[tuple[str, str, list[str]]] = []  # (code, message, SQL statements)

    with db.engine.connect() as conn:
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            return CheckReport((_damaged(integrity),))

        broken: dict[str, int] = {}
        for table, _rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            broken[f"{table} → {parent}"] = broken.get(f"{table} → {parent}", 0) + 1
        for link, count in sorted(broken.items()):
            problems.append(
                Problem(
                    "foreign_key",
                    _("{count} records point to something that does not exist ({link}). "
                      "Restore a backup or ask for help.").format(count=count, link=link),
                )
            )

        counter = conn.exec_driver_sql("SELECT value FROM change_counter WHERE id = 1").scalar()
        highest = max(
            conn.execute(text(f"SELECT COALESCE(MAX(change_seq), 0) FROM {table}")).scalar_one()
            for table in synced_tables(conn)
        )
        if counter is None:
            fixes.append(
                (
                    "change_counter",
                    _("The change counter is missing."),
                    [f"INSERT INTO change_counter (id, value) VALUES (1, {int(highest)})"],
                )
            )
        elif counter < highest:
            fixes.append(
                (
                    "change_counter",
                    _("The change counter ({counter}) is behind the data ({highest}).").format(
                        counter=counter, highest=highest),
                    [f"UPDATE change_counter SET value = {int(highest)} WHERE id = 1"],
                )
            )

        triggers = {
            r[0]
            for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        missing = [n for n in AUDIT_TRIGGER_NAMES if n not in triggers]
        if missing:
            fixes.append(
                (
                    "audit_triggers",
                    _("The audit log has lost its protection against changes."),
                    list(AUDIT_TRIGGERS),
                )
            )

        wrong_heads = conn.exec_driver_sql(
            "SELECT h.number FROM households h JOIN residents r ON r.id = h.head_id "
            "WHERE r.household_id IS NOT h.id AND h.archived_at IS NULL ORDER BY h.number"
        ).fetchall()
        for (number,) in wrong_heads:
            problems.append(
                Problem(
                    "household_head",
                    _("The head of household {number} is not a member of that household. "
                      "Open the household and choose its head again.").format(number=number),
                )
            )

        centres = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM centres WHERE archived_at IS NULL"
        ).scalar_one()
        admins = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND archived_at IS NULL"
        ).scalar_one()
        if centres and not admins:
            problems.append(
                Problem(
                    "no_admin",
                    _("No administrator account is active. Create one with "
                      "“neighborcenter accounts add --role admin”."),
                )
            )
        if centres > 1:
            problems.append(
                Problem(
                    "centres",
                    _("The database describes {n} centres; a centre's database holds one.")
                    .format(n=centres),
                )
            )

    backup_path = None
    if fixes and repair:
        from neighborcenter.storage.backup import make_backup

        backup_path = str(make_backup(db.path, reason="before-repair"))
        with db.engine.begin() as conn:
            for _code, _message, statements in fixes:
                for stmt in statements:
                    conn.exec_driver_sql(stmt)
    for code, message, _statements in fixes:
        problems.append(Problem(code, message, repaired=repair))
    return CheckReport(tuple(problems), backup_path)
