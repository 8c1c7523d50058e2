"""The after-school class's printouts as services: the day's sign-in/sign-out sheet (签到签退表,
the paper fallback after a power cut), the monthly attendance, the late pick-ups and the hours
on duty as PDF, and the pick-up slips (接送卡). What they show is gathered here (from
reports.py); the drawing is in printing.py. Each print is audited (PRINT: what was printed
and for how many children, never their names) before the PDF is handed over
(core/handover.py).

The day sheet is for those who run the day (RUN_CLASS) as well as those who manage the class;
the reports and the slips for those who manage it (MANAGE_CLASS). The day sheet prints who
may collect each child and who must not (the hand-over rule needs them on paper); the
guardians' phones only when asked for (``with_phones``, said in the audit entry); health
notes never (a mark says there are some: the volunteer asks the social worker)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import handed_over, pdf_output_path
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom.day import now_or
from neighborcenter.features.classroom.enrolment import get_child
from neighborcenter.features.classroom.printing import (
    ReportWords,
    SheetRow,
    SheetWords,
    Slip,
    SlipWords,
    draw_day_sheet,
    draw_report,
    draw_slips,
)
from neighborcenter.features.classroom.reports import (
    DaySheet,
    DutyHours,
    LatePickups,
    MonthlyAttendance,
    SheetChild,
    attendance_of,
    check_period,
    hours_of,
    late_of,
    month_bounds,
    month_key,
    require_sheet,
    sheet_of,
)
from neighborcenter.features.classroom.rules import MIN_AGE_ALONE, ChildState
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register.registry import get_resident
from neighborcenter.i18n import N_, N_plural, _, format_date, format_datetime, ngettext
from neighborcenter.printing.frame import FrameText
from neighborcenter.storage.uow import UnitOfWork

MAX_SLIPS = 500  # one print job


def frame_text(header: str, actor: Actor) -> FrameText:
    printed = _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        # babel puts a narrow no-break space before "PM", which the CJK font lacks
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))
    return FrameText(header=header, confidential=_("Internal material — keep confidential"),
                     printed=printed, page=_("Page {page} of {pages}"))


def clock(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%H:%M") if at is not None else ""


def month_name(year: int, month: int) -> str:
    """"2026年12月" / "December 2026"."""
    from babel.dates import format_skeleton

    from neighborcenter.i18n import current_language

    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=current_language())


def period_text(since: dt.date, until: dt.date) -> str:
    """A whole month by its name, else "from … to …"."""
    first, last = month_bounds(since.year, since.month)
    if (since, until) == (first, last):
        return month_name(since.year, since.month)
    return _("{start} to {end}").format(start=format_date(since), end=format_date(until))


def _names(items: list[str]) -> str:
    return _("、").join(items)


# ------------------------------------------------------------------------ the day sheet


def sheet_row(c: SheetChild) -> SheetRow:
    marks = [c.grade_class] if c.grade_class else []
    if c.age is not None:
        marks.append(ngettext("{n} year", "{n} years", c.age).format(n=c.age))
    if c.age is None or c.age < MIN_AGE_ALONE:
        marks.append(_("never alone"))
    elif c.may_leave_alone:
        marks.append(_("may go home alone"))
    if c.has_health_notes:
        marks.append("！" + _("health notes: ask the social worker"))
    collectors = _names([_("{name} ({relation})").format(name=n, relation=r) if r else n
                         for n, r in c.collectors]) or _("nobody on the list")
    blocked = ("！" + _("Must not collect: {names}").format(names=_names(list(c.blocked)))
               if c.blocked else "")
    phones = _names([f"{n}（{r}）{p}" if r else f"{n} {p}" for n, r, p in c.phones])
    absent = ""
    if c.state == ChildState.ABSENT:
        absent = _("Absent: {reason}").format(reason=c.absence_reason) \
            if c.absence_reason else _("Absent")
    adult = c.adult
    if c.left_at is not None and c.alone:
        adult = _("went home alone")
    return SheetRow(c.name, "　".join(marks), collectors, blocked, phones, clock(c.arrived_at),
                    adult, c.relation, clock(c.left_at), c.handed_by, absent)


def sheet_words(name: str, sheet: DaySheet, frame: FrameText) -> SheetWords:
    absent = sum(1 for c in sheet.children if c.state == ChildState.ABSENT)
    gone = sum(1 for c in sheet.children if c.state == ChildState.GONE)
    facts = [_("On the list: {n}　Absent: {absent}　Expected: {expected}　Collected so far: "
               "{gone}").format(n=len(sheet.children), absent=absent,
                                expected=sheet.expected, gone=gone),
             _("On duty: {names}").format(names=_names(list(sheet.on_duty)) or "______________")]
    if sheet.closed:
        facts.append(_("This day is closed: the sheet shows what was recorded."))
    ladder = "；".join(_("{minutes} min: {step}").format(minutes=m, step=step.label)
                      for step, m in sheet.ladder)
    rules = [
        _("Hand a child only to an adult listed under \u201cMay collect\u201d. Someone else "
          "only after the guardian confirms by phone: write their name, relation, the reason "
          "and who took the call beside the row. A child under {age} never goes home alone. "
          "Never hand a child to an adult marked \u201cMust not collect\u201d: call the guardian "
          "and the social worker.").format(age=MIN_AGE_ALONE),
        _("Not collected by {closes}: after closing — {ladder}. Write the time of each call "
          "beside the row. Nobody leaves before every child is collected.").format(
            closes=sheet.closes_at, ladder=ladder)]
    if sheet.pickup_slips:
        rules.append(_("This centre uses pick-up slips: ask for the slip and check its code."))
    rules.append(_("After the power cut, enter every row in the app (neighborcenter classroom "
                   "sign-out … --time HH:MM) and keep this sheet."))
    return SheetWords(
        centre=name, title=_("After-school class: sign-in and sign-out sheet"),
        subtitle="　".join(t for t in (format_date(sheet.on, "full"), sheet.term,
                                      f"{sheet.starts_at}–{sheet.closes_at}") if t),
        facts=tuple(facts),
        columns=(_("No."), _("Child"), _("May collect"), _("Signed in at"),
                 _("Collected by"), _("Relation"), _("Signed out at"),
                 _("Handed over by (volunteer)"), _("Parent's signature")),
        rules=tuple(rules), frame=frame)


@writes
def save_day_sheet(uow: UnitOfWork, *, actor: Actor, on: dt.date, path: Path,
                   with_phones: bool = False, now: dt.datetime | None = None) -> int:
    """签到签退表 of a day as a PDF (A4 landscape): every child on the roster, what is
    recorded, who may collect them, the boxes to fill by hand. Audited (PRINT). Returns the
    number of children."""
    require_sheet(actor)
    path, protected = pdf_output_path(uow.db.path, path)
    now = now_or(now)
    with uow:
        s = uow.session
        sheet = sheet_of(s, on, now, with_phones=with_phones)
        if not sheet.children:
            raise ValidationError(_("Nothing to print: nobody is on the list of {day}.").format(
                day=format_date(on)))
        name, header = centre_heading(s)
        words = sheet_words(name, sheet, frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_day_sheet(partial, rows=[sheet_row(c) for c in sheet.children], words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="class_day",
                   summary=Msg(*N_plural(
                       "Printed the after-school sign-in sheet of {day} ({n} child)",
                       "Printed the after-school sign-in sheet of {day} ({n} children)"),
                       args={"day": on.isoformat(), "n": len(sheet.children)}),
                   detail={"day": on.isoformat(), "children": len(sheet.children),
                           "guardians_phones": with_phones},
                   changed=(changes.AUDIT,))
        return len(sheet.children)


# ----------------------------------------------------------------------------- reports


def attendance_words(name: str, r: MonthlyAttendance, frame: FrameText) -> ReportWords:
    t = r.totals
    return ReportWords(
        centre=name, title=_("After-school class: monthly attendance"),
        subtitle=month_name(r.year, r.month),
        facts=(_("{days} class days ({closed} closed), {children} children. Came {came} times, "
                 "absent {absent}, did not come {not_came}; collected late {late} times."
                 ).format(days=r.class_days, closed=r.closed_days, children=len(r.rows),
                          came=t.came, absent=t.absent, not_came=t.not_came, late=t.late),),
        columns=(_("No."), _("Child"), _("Class"), _("Days on the list"), _("Came"),
                 _("Absent (confirmed)"), _("Did not come"), _("Collected late"),
                 _("Minutes late")),
        widths=(11, 30, 26, 19, 15, 25, 17, 20, 17), numbers=(0, 3, 4, 5, 6, 7, 8),
        empty=_("No class day in {month}.").format(month=month_name(r.year, r.month)),
        notes=(_("Absent: the guardian told the class beforehand. Did not come: on the list, "
                 "neither absent nor came, the day over. Late: signed out after the closing "
                 "time."),), frame=frame)


def attendance_rows(r: MonthlyAttendance) -> list[list[str]]:
    return [[str(n), x.name, x.grade_class, str(x.on_roster), str(x.came), str(x.absent),
             str(x.not_came), str(x.late), str(x.late_minutes)]
            for n, x in enumerate(r.rows, 1)]


def attendance_total(r: MonthlyAttendance) -> list[str]:
    t = r.totals
    return ["", t.name, "", str(t.on_roster), str(t.came), str(t.absent), str(t.not_came),
            str(t.late), str(t.late_minutes)]


def late_words(name: str, r: LatePickups, frame: FrameText) -> ReportWords:
    return ReportWords(
        centre=name, title=_("After-school class: late pick-ups"),
        subtitle=period_text(r.since, r.until),
        facts=(ngettext("{n} late pick-up of {children} children.",
                        "{n} late pick-ups of {children} children.", len(r.rows)).format(
            n=len(r.rows), children=r.children),),
        columns=(_("Day"), _("Child"), _("Closing"), _("Collected at"), _("Minutes late"),
                 _("Collected by"), _("Handed over by"), _("Steps logged")),
        widths=(24, 26, 15, 19, 15, 40, 24, 104), numbers=(4,), landscape=True,
        empty=_("No child was collected late in this period."),
        notes=(_("Steps logged: each step of the late pick-up ladder (and any refused or "
                 "undone hand-over) with its time, as recorded at the class."),), frame=frame)


def late_rows(r: LatePickups) -> list[list[str]]:
    out = []
    for x in r.rows:
        by = x.collected_by()
        if x.phone_confirmed_by:
            by += "\n" + _("(not on the list; call taken by {name})").format(
                name=x.phone_confirmed_by)
        out.append([format_date(x.on), x.name, clock(x.closing), clock(x.left_at),
                    str(x.minutes), by, x.handed_by, x.steps_text().replace("；", "\n")
                    or _("none")])
    return out


def hours_words(name: str, r: DutyHours, frame: FrameText) -> ReportWords:
    notes = [_("Counted from the days closed: closing a day credits the hours of those on "
               "duty to the volunteers' records (for approval).")]
    if r.open_days:
        notes.append(ngettext("{n} day of the period is not closed yet: its duties are not "
                              "counted.", "{n} days of the period are not closed yet: their "
                              "duties are not counted.", r.open_days).format(n=r.open_days))
    total = sum(x.minutes for x in r.rows)
    return ReportWords(
        centre=name, title=_("After-school class: hours on duty"),
        subtitle=period_text(r.since, r.until),
        facts=(_("{n} people on duty on {days} closed days: {hours} hours {minutes} minutes in "
                 "all.").format(n=len(r.rows), days=r.closed_days, hours=total // 60,
                                minutes=total % 60),),
        columns=(_("No."), _("Name"), _("Volunteer number"), _("Duty"), _("Days"),
                 _("Minutes"), _("Hours")),
        widths=(11, 36, 32, 41, 16, 20, 24), numbers=(0, 4, 5, 6),
        empty=_("Nobody was on duty on a closed day of this period."), notes=tuple(notes),
        frame=frame)


def hours_rows(r: DutyHours) -> list[list[str]]:
    return [[str(n), x.name, x.number or "—", _("、").join(role.label for role in x.roles),
             str(x.days), str(x.minutes), x.hours_text] for n, x in enumerate(r.rows, 1)]


def hours_total(r: DutyHours) -> list[str]:
    minutes = sum(x.minutes for x in r.rows)
    return ["", _("In all"), "", "", str(sum(x.days for x in r.rows)), str(minutes),
            f"{minutes // 60}:{minutes % 60:02d}"]


@writes
def save_attendance_report(uow: UnitOfWork, *, actor: Actor, year: int, month: int,
                           path: Path, today: dt.date | None = None) -> MonthlyAttendance:
    """The month's attendance per child as a PDF. Audited (PRINT)."""
    actor.require(Permission.MANAGE_CLASS)
    path, protected = pdf_output_path(uow.db.path, path)
    month_bounds(year, month)
    with uow:
        s = uow.session
        r = attendance_of(s, year, month, today or dt.date.today())
        name, header = centre_heading(s)
        words = attendance_words(name, r, frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_report(partial, rows=attendance_rows(r), words=words,
                        total=attendance_total(r) if r.rows else None)
            finish(uow, actor, AuditAction.PRINT, target_kind="class_day",
                   summary=Msg(N_("Printed the after-school attendance of {month} "
                                  "({n} children)"), args={"month": r.key, "n": len(r.rows)}),
                   detail={"report": "attendance", "month": r.key, "children": len(r.rows)},
                   changed=(changes.AUDIT,))
        return r


@writes
def save_late_report(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                     path: Path, now: dt.datetime | None = None) -> LatePickups:
    """The late pick-ups of a period as a PDF (A4 landscape). Audited (PRINT)."""
    actor.require(Permission.MANAGE_CLASS)
    path, protected = pdf_output_path(uow.db.path, path)
    check_period(since, until)
    with uow:
        s = uow.session
        r = late_of(s, since, until, now_or(now))
        name, header = centre_heading(s)
        words = late_words(name, r, frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_report(partial, rows=late_rows(r), words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="class_day",
                   summary=Msg(N_("Printed the after-school late pick-ups from {since} to "
                                  "{until} ({n} late)"),
                               args={"since": since.isoformat(), "until": until.isoformat(),
                                     "n": len(r.rows)}),
                   detail={"report": "late", "since": since.isoformat(),
                           "until": until.isoformat(), "late": len(r.rows),
                           "children": r.children},
                   changed=(changes.AUDIT,))
        return r


@writes
def save_hours_report(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                      path: Path) -> DutyHours:
    """The hours on duty of a period as a PDF. Audited (PRINT)."""
    actor.require(Permission.MANAGE_CLASS)
    path, protected = pdf_output_path(uow.db.path, path)
    check_period(since, until)
    with uow:
        s = uow.session
        r = hours_of(s, since, until)
        name, header = centre_heading(s)
        words = hours_words(name, r, frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_report(partial, rows=hours_rows(r), words=words,
                        total=hours_total(r) if r.rows else None)
            finish(uow, actor, AuditAction.PRINT, target_kind="class_day",
                   summary=Msg(N_("Printed the after-school hours on duty from {since} to "
                                  "{until} ({n} people)"),
                               args={"since": since.isoformat(), "until": until.isoformat(),
                                     "n": len(r.rows)}),
                   detail={"report": "hours", "since": since.isoformat(),
                           "until": until.isoformat(), "people": len(r.rows)},
                   changed=(changes.AUDIT,))
        return r


# ------------------------------------------------------------------------ pick-up slips


@writes
def save_pickup_slips(uow: UnitOfWork, *, actor: Actor, child_ids: list[str], path: Path
                      ) -> int:
    """接送卡 for the children given, eight to an A4 page: the child's name, class and slip
    code. Only when the centre uses slips (settings). Audited (PRINT). Returns the slips."""
    actor.require(Permission.MANAGE_CLASS)
    path, protected = pdf_output_path(uow.db.path, path)
    ids = list(dict.fromkeys(str(c).strip() for c in child_ids if str(c).strip()))
    if not ids:
        raise ValidationError(_("Choose the children whose pick-up slips to print."))
    if len(ids) > MAX_SLIPS:
        raise ValidationError(_("Print at most {most} pick-up slips at a time.").format(
            most=MAX_SLIPS))
    with uow:
        s = uow.session
        if not class_settings(s).pickup_slips:
            raise ValidationError(_("This centre does not use pick-up slips: turn them on in "
                                    "the after-school class's settings first."))
        slips = []
        for cid in ids:
            c = get_child(s, cid)
            slips.append(Slip(get_resident(s, c.resident_id).name, f"{c.grade}{c.class_name}",
                              c.slip_code))
        name, header = centre_heading(s)
        words = SlipWords(centre=name, title=_("After-school class: pick-up slip"),
                          name=_("Child"), code=_("Slip code"),
                          note=_("Show this slip to collect the child. Lost it? Tell the "
                                 "centre at once."), frame=frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_slips(partial, slips=slips, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="class_child",
                   target_id=ids[0] if len(ids) == 1 else None,
                   summary=Msg(*N_plural("Printed {n} after-school pick-up slip",
                                         "Printed {n} after-school pick-up slips"),
                               args={"n": len(slips)}),
                   detail={"children": len(slips)}, changed=(changes.AUDIT,))
        return len(slips)


def suggested_file_name(what: str, *, on: dt.date | None = None, year: int | None = None,
                        month: int | None = None, ext: str = ".pdf") -> str:
    """The name a save dialog suggests: "签到签退表 2026-12-01.pdf", "月度出勤 2026-11.xlsx"."""
    kinds = {"sheet": N_("After-school sign-in sheet {when}"),
             "attendance": N_("After-school attendance {when}"),
             "late": N_("After-school late pick-ups {when}"),
             "hours": N_("After-school hours on duty {when}"),
             "slips": N_("After-school pick-up slips {when}")}
    when = on.isoformat() if on else month_key(year, month) if year and month else ""
    return _(kinds[what]).format(when=when).strip() + ext

