"""“Check database”: SQLite's integrity and foreign-key checks, then the app's own invariants.

Problems are reported in plain words. Those that can be repaired without guessing (a change
counter behind the data, an append-only trigger missing or not as written, a trigger on the
audit log that the app did not make) are repaired when asked, after a backup; the others say
what a person should do. Run twice, the second run finds nothing that the first repaired and
changes nothing.

The audit log's hash chain (storage/audit_chain.py) is verified and never repaired: an entry
altered, removed or forged is reported with its number and time, and the log stays as it is,
as evidence. The triggers are compared by their SQL, not their names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import text

from neighborcenter.i18n import N_, _, format_datetime
from neighborcenter.storage.audit_chain import ChainFault, verify_audit_chain
from neighborcenter.storage.db import Database
from neighborcenter.storage.migrations.sql import (
    AUDIT_TRIGGER_NAMES,
    AUDIT_TRIGGERS,
    LEDGER_TRIGGER_NAMES,
    LEDGER_TRIGGERS,
    STOCK_TRIGGER_NAMES,
    STOCK_TRIGGERS,
)


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
    """SQLite's quick check only: cheap enough for every start-up, and stopped by
    ``db.interrupt_checks()`` when the window closes before it is done."""
    with db.checking_connection() as conn:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
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

        fixes += _audit_trigger_fixes(conn)
        problems += _audit_chain_problems(verify_audit_chain(conn))

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

        backup_path = str(make_backup(db.path, db.key, reason="before-repair"))
        with db.engine.begin() as conn:
            for _code, _message, statements in fixes:
                for stmt in statements:
                    conn.exec_driver_sql(stmt)
    for code, message, _statements in fixes:
        problems.append(Problem(code, message, repaired=repair))
    return CheckReport(tuple(problems), backup_path)


# ---------------------------------------------------------------- the audit log


def normalised_sql(sql: str) -> str:
    """A trigger's SQL as compared: lower case, one space between words, no IF NOT EXISTS
    (SQLite drops it from ``sqlite_master``) and no final semicolon."""
    words = " ".join(sql.split()).lower().rstrip(";").strip()
    return re.sub(r"^create trigger if not exists ", "create trigger ", words)


EXPECTED_TRIGGERS = {name: normalised_sql(sql)
                     for name, sql in zip(
                         AUDIT_TRIGGER_NAMES + LEDGER_TRIGGER_NAMES + STOCK_TRIGGER_NAMES,
                         AUDIT_TRIGGERS + LEDGER_TRIGGERS + STOCK_TRIGGERS, strict=True)}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_fixes(conn, names: tuple[str, ...], statements: tuple[str, ...], *,
                   code: str, lost: str, replaced: str) -> list[tuple[str, str, list[str]]]:
    """Append-only triggers as the file has them, compared with what they must say."""
    marks = ", ".join("?" for _n in names)
    found = {name: sql for name, sql in conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        names)}
    missing = [n for n in names if n not in found]
    altered = [n for n in names
               if n in found and normalised_sql(found[n] or "") != EXPECTED_TRIGGERS[n]]
    if not (missing or altered):
        return []
    fix = [f"DROP TRIGGER IF EXISTS {_quoted(n)}" for n in altered]
    fix += [sql for n, sql in zip(names, statements, strict=True)
            if n in missing or n in altered]
    message = _(lost) if not altered else _(replaced).format(names=", ".join(altered))
    return [(code, message, fix)]


def _audit_trigger_fixes(conn) -> list[tuple[str, str, list[str]]]:
    """The append-only triggers of the audit log and of the points ledger; and any other
    trigger on the audit log (one could drop new entries without a word)."""
    fixes = _trigger_fixes(
        conn, AUDIT_TRIGGER_NAMES, AUDIT_TRIGGERS, code="audit_triggers",
        lost=N_("The audit log has lost its protection against changes."),
        replaced=N_("The audit log's protection against changes was replaced by something "
                    "else ({names})."))
    if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                            "AND name = 'points_entries'").first():
        fixes += _trigger_fixes(
            conn, LEDGER_TRIGGER_NAMES, LEDGER_TRIGGERS, code="ledger_triggers",
            lost=N_("The points ledger has lost its protection against changes."),
            replaced=N_("The points ledger's protection against changes was replaced by "
                        "something else ({names})."))
    if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                            "AND name = 'shop_sales'").first():
        fixes += _trigger_fixes(
            conn, STOCK_TRIGGER_NAMES, STOCK_TRIGGERS, code="stock_triggers",
            lost=N_("The shop's stock book has lost its protection against changes."),
            replaced=N_("The shop's stock book's protection against changes was replaced by "
                        "something else ({names})."))
    foreign = sorted(name for (name,) in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        if name not in EXPECTED_TRIGGERS)
    for name in foreign:
        fixes.append((
            "audit_foreign_trigger",
            _("A trigger that NeighborCenter did not make acts on the audit log ({name}).")
            .format(name=name),
            [f"DROP TRIGGER IF EXISTS {_quoted(name)}"],
        ))
    return fixes


#: At most this many of the chain's faults are listed one by one; the rest are counted.
MAX_LISTED = 20


def _when(at: dt.datetime | None) -> str:
    return format_datetime(at) if at is not None else _("unknown time")


def _audit_chain_problems(faults: list[ChainFault]) -> list[Problem]:
    problems = [_chain_problem(f) for f in faults[:MAX_LISTED]]
    if len(faults) > MAX_LISTED:
        problems.append(Problem(
            "audit_chain",
            _("The audit log has {n} more signs of tampering than listed here.").format(
                n=len(faults) - MAX_LISTED)))
    if faults:
        problems.append(Problem(
            "audit_chain",
            _("The audit log was tampered with: it is kept as it is, as evidence. Keep a "
              "copy of the database and of its backups, and tell the centre's director.")))
    return problems


def _chain_problem(fault: ChainFault) -> Problem:
    seq = fault.seq if fault.seq is not None else "?"
    when = _when(fault.at)
    if fault.kind == "altered":
        return Problem("audit_altered", _(
            "Audit entry No. {seq} ({time}) was changed after it was written.").format(
                seq=seq, time=when))
    if fault.kind == "removed":
        after = (fault.last_seq or 0) + 1
        if fault.seq == fault.last_seq:
            message = _("Audit entry No. {seq} was removed (it came before No. {next}, of "
                        "{time}).").format(seq=seq, next=after, time=when)
        else:
            message = _("Audit entries No. {first} to {last} were removed (they came before "
                        "No. {next}, of {time}).").format(first=seq, last=fault.last_seq,
                                                          next=after, time=when)
        return Problem("audit_removed", message)
    if fault.kind == "broken":
        return Problem("audit_altered", _(
            "Audit entry No. {before} ({before_time}) or No. {seq} ({time}) was rewritten "
            "after it was written: they no longer link.").format(
                before=fault.last_seq, before_time=_when(fault.before_at), seq=seq,
                time=when))
    return Problem("audit_forged", _(
        "Audit entry No. {seq} ({time}) was not written by NeighborCenter: its seal does not "
        "match (it was added, or rewritten, outside the app).").format(seq=seq, time=when))
