"""The after-school class's reports as .xlsx: the monthly attendance per child, the late
pick-ups of a period (with the ladder's steps) and the hours on duty of a period.

Children's data is sensitive personal information (个人信息保护法 art. 28, 31): the sheets hold
the children's names and classes, the adults who collected them and the times, and nothing
more — unless ``include_sensitive=True`` with a reason, which adds the allergies, the health
notes and the guardians' phones (ID numbers are never exported), and puts the reason in the
audit entry. Every export needs MANAGE_CLASS and EXPORT_PERSONAL_DATA, goes through
core/sheets.py (what people typed never becomes a formula) and is audited (EXPORT) before the
file is handed over (core/handover.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom.day import now_or
from neighborcenter.features.classroom.enrolment import active_adults
from neighborcenter.features.classroom.models import ClassChild
from neighborcenter.features.classroom.reports import (
    DutyHours,
    LatePickups,
    MonthlyAttendance,
    attendance_of,
    check_period,
    hours_of,
    late_of,
    month_bounds,
)
from neighborcenter.features.classroom.rules import AdultKind
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _, pgettext
from neighborcenter.storage.uow import UnitOfWork

SHEET = "a sheet of the after-school class's reports"
ATTENDANCE_COLUMNS = (N_("Month"), N_("Child"), N_("Class"), N_("Days on the list"),
                      N_("Came"), N_("Absent (confirmed)"), N_("Did not come"),
                      N_("Collected late"), N_("Minutes late"))
LATE_COLUMNS = (N_("Day"), N_("Child"), N_("Class"), N_("Closing"), N_("Collected at"),
                N_("Minutes late"), N_("Collected by"), N_("Relation"),
                N_("Not on the list: call taken by"), N_("Handed over by"), N_("Steps logged"))
HOURS_COLUMNS = (N_("From"), N_("To"), N_("Name"), N_("Volunteer number"), N_("Duty"),
                 N_("Days"), N_("Minutes"), N_("Hours"))
#: added only with include_sensitive
SENSITIVE_COLUMNS = (N_("Allergies"), N_("Health notes"), N_("Guardians' phones"))


def _xlsx_path(db_path: Path, path: Path) -> tuple[Path, tuple[Path, ...]]:
    path = Path(path)
    protected = database_files(db_path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    return path, protected


def _reason(include_sensitive: bool, reason: object) -> str:
    """The reason for exporting sensitive data: required with it, ignored without."""
    if not include_sensitive:
        return ""
    return text(reason, 200, "reason", _("why the health notes and phones are exported"),
                required=True)


def sensitive_of(s: Session, child_ids: list[str], on: dt.date) -> dict[str, list[str]]:
    """child id → [allergies, health notes, guardians' phones (name, relation, phone)]."""
    out = {}
    for cid in dict.fromkeys(child_ids):
        c = s.get(ClassChild, cid)
        if c is None:
            continue
        phones = _("、").join(f"{a.name}（{a.relation}）{a.phone}" if a.relation
                             else f"{a.name} {a.phone}"
                             for a in active_adults(s, cid, on)
                             if a.kind == AdultKind.GUARDIAN and a.phone)
        out[cid] = [c.allergies, c.health_notes, phones]
    return out


def _columns(base: tuple[str, ...], sensitive: bool) -> list[str]:
    return [_(c) for c in base + (SENSITIVE_COLUMNS if sensitive else ())]


def attendance_table(r: MonthlyAttendance, sensitive: dict[str, list[str]] | None = None
                     ) -> Table:
    rows = [[r.key, x.name, x.grade_class, x.on_roster, x.came, x.absent, x.not_came, x.late,
             x.late_minutes, *(sensitive.get(x.child_id, ["", "", ""]) if sensitive is not None
                               else [])] for x in r.rows]
    t = r.totals
    if r.rows:
        rows.append([r.key, t.name, "", t.on_roster, t.came, t.absent, t.not_came, t.late,
                     t.late_minutes])
    return Table(_columns(ATTENDANCE_COLUMNS, sensitive is not None), rows,
                 widths=(10, 14, 14, 12, 8, 12, 12, 12, 12, 24, 40, 40), text_columns=(0,))


def late_table(r: LatePickups, sensitive: dict[str, list[str]] | None = None) -> Table:
    def clock(at: dt.datetime | None) -> str:
        return at.strftime("%H:%M") if at else ""

    rows = [[x.on, x.name, x.grade_class, clock(x.closing), clock(x.left_at), x.minutes,
             x.collected_by() if x.alone or x.left_at is None else x.adult, x.relation,
             x.phone_confirmed_by, x.handed_by, x.steps_text(),
             *(sensitive.get(x.child_id, ["", "", ""]) if sensitive is not None else [])]
            for x in r.rows]
    return Table(_columns(LATE_COLUMNS, sensitive is not None), rows,
                 widths=(12, 12, 12, 8, 10, 10, 14, 8, 16, 12, 60, 24, 40, 40))


def hours_table(r: DutyHours) -> Table:
    rows = [[r.since, r.until, x.name, x.number, _("、").join(role.label for role in x.roles),
             x.days, x.minutes, x.hours_text] for x in r.rows]
    return Table([_(c) for c in HOURS_COLUMNS], rows, widths=(12, 12, 14, 16, 20, 8, 10, 10),
                 text_columns=(3, 7))


def _audit_reason(detail: dict, reason: str) -> dict:
    if reason:
        detail["sensitive"], detail["reason"] = True, reason
    else:
        detail["sensitive"] = False
    return detail


def _sensitive_note(reason: str) -> Msg | str:
    if not reason:
        return Msg(N_("without health notes or phones"))
    return Msg(N_("with the health notes and the guardians' phones: {reason}"),
               args={"reason": reason})


@writes
def export_attendance(uow: UnitOfWork, *, actor: Actor, year: int, month: int, path: Path,
                      include_sensitive: bool = False, reason: object = "",
                      today: dt.date | None = None) -> MonthlyAttendance:
    """The month's attendance per child as .xlsx. Audited (EXPORT)."""
    actor.require(Permission.MANAGE_CLASS)
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path, protected = _xlsx_path(uow.db.path, path)
    why = _reason(include_sensitive, reason)
    since, until = month_bounds(year, month)
    with uow:
        s = uow.session
        r = attendance_of(s, year, month, today or dt.date.today())
        sensitive = sensitive_of(s, [x.child_id for x in r.rows], until) if why else None
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {pgettext(SHEET, "Attendance"): attendance_table(r, sensitive)})
            finish(uow, actor, AuditAction.EXPORT, target_kind="class_day",
                   summary=Msg(N_("Exported the after-school attendance of {month} to {file} "
                                  "({n} children, {what})"),
                               args={"month": r.key, "file": path.name, "n": len(r.rows),
                                     "what": _sensitive_note(why)}),
                   detail=_audit_reason({"report": "attendance", "month": r.key,
                                         "children": len(r.rows)}, why),
                   changed=(changes.AUDIT,))
        return r


@writes
def export_late(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date, path: Path,
                include_sensitive: bool = False, reason: object = "",
                now: dt.datetime | None = None) -> LatePickups:
    """The late pick-ups of a period as .xlsx. Audited (EXPORT)."""
    actor.require(Permission.MANAGE_CLASS)
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path, protected = _xlsx_path(uow.db.path, path)
    check_period(since, until)
    why = _reason(include_sensitive, reason)
    with uow:
        s = uow.session
        r = late_of(s, since, until, now_or(now))
        sensitive = sensitive_of(s, [x.child_id for x in r.rows], until) if why else None
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {pgettext(SHEET, "Late pick-ups"): late_table(r, sensitive)})
            finish(uow, actor, AuditAction.EXPORT, target_kind="class_day",
                   summary=Msg(N_("Exported the after-school late pick-ups from {since} to "
                                  "{until} to {file} ({n} late, {what})"),
                               args={"since": since.isoformat(), "until": until.isoformat(),
                                     "file": path.name, "n": len(r.rows),
                                     "what": _sensitive_note(why)}),
                   detail=_audit_reason({"report": "late", "since": since.isoformat(),
                                         "until": until.isoformat(), "late": len(r.rows),
                                         "children": r.children}, why),
                   changed=(changes.AUDIT,))
        return r


@writes
def export_hours(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                 path: Path) -> DutyHours:
    """The hours on duty of a period as .xlsx (no children's data). Audited (EXPORT)."""
    actor.require(Permission.MANAGE_CLASS)
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path, protected = _xlsx_path(uow.db.path, path)
    check_period(since, until)
    with uow:
        r = hours_of(uow.session, since, until)
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {pgettext(SHEET, "Hours on duty"): hours_table(r)})
            finish(uow, actor, AuditAction.EXPORT, target_kind="class_day",
                   summary=Msg(N_("Exported the after-school hours on duty from {since} to "
                                  "{until} to {file} ({n} people)"),
                               args={"since": since.isoformat(), "until": until.isoformat(),
                                     "file": path.name, "n": len(r.rows)}),
                   detail={"report": "hours", "since": since.isoformat(),
                           "until": until.isoformat(), "people": len(r.rows)},
                   changed=(changes.AUDIT,))
        return r
