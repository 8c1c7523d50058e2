"""The after-school class's reports, Qt-free: what the printouts (printouts.py) and the
spreadsheets (export.py) show, and what the command line prints.

- ``monthly_attendance``: each child of a month's roster — the days on the roster, the days
  they came, were absent (confirmed with the guardian), did not come, and were collected
  late;
- ``late_pickups``: each child collected after the closing time (or not signed out at all)
  in a period — the day, the closing time, when and by whom they were collected, the minutes
  late and every step of the ladder logged, with its time;
- ``duty_hours``: the volunteers and social workers on duty in a period, from the duties of
  the days closed (the days whose hours were credited): days and minutes each;
- ``day_sheet``: the day's sign-in/sign-out sheet (the paper fallback after a power cut):
  every child on the roster with what is already recorded and who may collect them.

What is sensitive (health notes, allergies, the adults' phones and ID numbers) is not in
these rows: the export adds it only when asked to, with a reason (export.py); the day sheet
carries the guardians' phones only when asked (``with_phones``).

A child "came" when collected from school, signed in or signed out; "did not come" on a day
closed, or a day before ``today``, when neither absent nor came; a day still to come (or today,
open) counts on the roster only. Late: signed out after the day's closing time, by a minute
or more (rules.minutes_late)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom.day import (
    class_day,
    closing_of,
    duty_rows,
    local,
    now_or,
    state_of,
)
from neighborcenter.features.classroom.enrolment import active_adults
from neighborcenter.features.classroom.models import (
    ClassAttendance,
    ClassChild,
    ClassDay,
    ClassDuty,
    ClassEvent,
    ClassTerm,
)
from neighborcenter.features.classroom.rules import (
    AdultKind,
    ChildState,
    DutyRole,
    Step,
    minutes_late,
)
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register.registry import get_resident, resident_names
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.volunteers.ledger import get_volunteer
from neighborcenter.features.volunteers.people import volunteer_names
from neighborcenter.i18n import _
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import UnitOfWork

#: a report covers at most this many days (a school year and a bit)
MAX_DAYS = 400


# ----------------------------------------------------------------------------- periods


def parse_month(value: object) -> tuple[int, int]:
    """"2026-11" → (2026, 11), or say how to write it."""
    found = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", str(value or ""))
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return year, month
    raise ValidationError(_("Write the month as year-month, e.g. 2026-11."), field="month")


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def check_period(since: dt.date, until: dt.date) -> None:
    if until < since:
        raise ValidationError(_("The period ends on or after the day it starts."),
                              field="until")
    if (until - since).days > MAX_DAYS:
        raise ValidationError(_("A report covers at most {n} days: choose a shorter period."
                                ).format(n=MAX_DAYS), field="until")


def _names(s: Session, children: dict[str, ClassChild]) -> dict[str, str]:
    """child id → the child's name (the register's)."""
    by_resident = resident_names(s, {c.resident_id for c in children.values()})
    return {cid: by_resident.get(c.resident_id, "") for cid, c in children.items()}


def _children(s: Session, ids: set[str]) -> dict[str, ClassChild]:
    if not ids:
        return {}
    return {c.id: c for c in s.scalars(select(ClassChild).where(ClassChild.id.in_(ids)))}


def _grade_class(c: ClassChild) -> str:
    return f"{c.grade}{c.class_name}"


def _days(s: Session, since: dt.date, until: dt.date) -> dict[str, ClassDay]:
    return {d.id: d for d in s.scalars(select(ClassDay).where(
        ClassDay.on >= since, ClassDay.on <= until, ClassDay.archived_at.is_(None)))}


def _came(a: ClassAttendance) -> bool:
    return bool(a.collected_at or a.arrived_at or a.left_at)


# ------------------------------------------------------------------- monthly attendance


@dataclass(frozen=True)
class AttendanceRow:
    child_id: str
    resident_id: str
    name: str
    grade_class: str
    on_roster: int  # days on the roster this month
    came: int
    absent: int  # absences confirmed with the guardian
    not_came: int  # neither absent nor came, the day over
    late: int  # collected after the closing time
    late_minutes: int  # in all


@dataclass(frozen=True)
class MonthlyAttendance:
    year: int
    month: int
    since: dt.date
    until: dt.date
    class_days: int  # days of class with a roster this month
    closed_days: int
    rows: tuple[AttendanceRow, ...] = ()

    @property
    def key(self) -> str:
        return month_key(self.year, self.month)

    @property
    def totals(self) -> AttendanceRow:
        r = self.rows
        return AttendanceRow("", "", _("All children"), "", sum(x.on_roster for x in r),
                             sum(x.came for x in r), sum(x.absent for x in r),
                             sum(x.not_came for x in r), sum(x.late for x in r),
                             sum(x.late_minutes for x in r))


def attendance_of(s: Session, year: int, month: int, today: dt.date) -> MonthlyAttendance:
    since, until = month_bounds(year, month)
    days = _days(s, since, until)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    if days:
        for a in s.scalars(select(ClassAttendance).where(
                ClassAttendance.day_id.in_(list(days)), ClassAttendance.archived_at.is_(None))):
            d = days[a.day_id]
            c = counts[a.child_id]
            c[0] += 1
            if _came(a):
                c[1] += 1
                if a.left_at is not None:
                    late = minutes_late(closing_of(d), a.left_at.astimezone())
                    if late > 0:
                        c[4] += 1
                        c[5] += late
            elif a.absent:
                c[2] += 1
            elif d.closed_at is not None or d.on < today:
                c[3] += 1
    children = _children(s, set(counts))
    names = _names(s, children)
    rows = [AttendanceRow(cid, children[cid].resident_id, names[cid],
                          _grade_class(children[cid]), *n)
            for cid, n in counts.items()]
    rows.sort(key=lambda r: (r.grade_class, r.name))
    return MonthlyAttendance(year, month, since, until, len(days),
                             sum(1 for d in days.values() if d.closed_at is not None),
                             tuple(rows))


@reads
def monthly_attendance(uow: UnitOfWork, *, actor: Actor, year: int, month: int,
                       today: dt.date | None = None) -> MonthlyAttendance:
    """Each child of the month's rosters: days on the roster, came, absent, did not come,
    collected late."""
    actor.require(Permission.MANAGE_CLASS)
    month_bounds(year, month)
    with uow:
        return attendance_of(uow.session, year, month, today or dt.date.today())


# ------------------------------------------------------------------------ late pick-ups


@dataclass(frozen=True)
class LoggedStep:
    step: Step
    at: dt.datetime
    by: str  # the account's display name
    note: str


@dataclass(frozen=True)
class LateRow:
    attendance_id: str
    child_id: str
    name: str
    grade_class: str
    on: dt.date
    closing: dt.datetime
    left_at: dt.datetime | None  # None: not signed out (still here, or the day not closed)
    minutes: int  # late: until signed out, or until ``now``
    adult: str  # who collected them ("" alone or not yet)
    relation: str
    alone: bool
    phone_confirmed_by: str  # not on the list: who took the guardian's call
    handed_by: str
    steps: tuple[LoggedStep, ...] = ()

    def collected_by(self) -> str:
        if self.left_at is None:
            return _("Not signed out")
        if self.alone:
            return _("Went home alone")
        return _("{adult} ({relation})").format(adult=self.adult, relation=self.relation) \
            if self.relation else self.adult

    def steps_text(self, time_format: str = "%H:%M") -> str:
        return "；".join(
            (f"{x.at.strftime(time_format)} {x.step.label}" + (f"：{x.note}" if x.note else ""))
            for x in self.steps)


@dataclass(frozen=True)
class LatePickups:
    since: dt.date
    until: dt.date
    rows: tuple[LateRow, ...] = ()

    @property
    def children(self) -> int:
        return len({r.child_id for r in self.rows})


def _display_names(s: Session, usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    return {a.username: a.display_name for a in s.scalars(
        select(Account).where(Account.username.in_(list(usernames))))}


def late_of(s: Session, since: dt.date, until: dt.date, now: dt.datetime) -> LatePickups:
    days = _days(s, since, until)
    late: list[tuple[ClassAttendance, ClassDay, int]] = []
    if days:
        for a in s.scalars(select(ClassAttendance).where(
                ClassAttendance.day_id.in_(list(days)), ClassAttendance.archived_at.is_(None),
                ClassAttendance.absent.is_(False))):
            d = days[a.day_id]
            closing = closing_of(d)
            if a.left_at is not None:
                minutes = minutes_late(closing, a.left_at.astimezone())
            elif a.arrived_at is not None or a.collected_at is not None:
                minutes = minutes_late(closing, now)  # still here after closing
            else:
                continue
            if minutes > 0:
                late.append((a, d, minutes))
    events: dict[str, list[ClassEvent]] = defaultdict(list)
    ids = [a.id for a, _d, _m in late]
    for start in range(0, len(ids), 500):
        for e in s.scalars(select(ClassEvent).where(
                ClassEvent.attendance_id.in_(ids[start:start + 500]),
                ClassEvent.archived_at.is_(None)).order_by(ClassEvent.at)):
            events[e.attendance_id].append(e)
    who = _display_names(s, {e.by for es in events.values() for e in es})
    children = _children(s, {a.child_id for a, _d, _m in late})
    names = _names(s, children)
    rows = [LateRow(
        a.id, a.child_id, names[a.child_id], _grade_class(children[a.child_id]), d.on,
        closing_of(d), local(a.left_at), minutes, a.adult_name, a.adult_relation,
        a.left_alone, a.phone_confirmed_by, a.handed_by,
        tuple(LoggedStep(e.step, e.at.astimezone(), who.get(e.by, e.by), e.note)
              for e in events[a.id]))
        for a, d, minutes in late]
    rows.sort(key=lambda r: (r.on, r.closing, -r.minutes, r.name))
    return LatePickups(since, until, tuple(rows))


@reads
def late_pickups(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                 now: dt.datetime | None = None) -> LatePickups:
    """Every child collected after the closing time in the period (or still not signed out
    after it), with the ladder's steps logged."""
    actor.require(Permission.MANAGE_CLASS)
    check_period(since, until)
    with uow:
        return late_of(uow.session, since, until, now_or(now))


# ----------------------------------------------------------------------- hours on duty


@dataclass(frozen=True)
class DutyHoursRow:
    name: str
    number: str  # the volunteer number ("" for staff)
    volunteer_id: str | None
    staff_username: str | None
    roles: tuple[DutyRole, ...]
    days: int
    minutes: int

    @property
    def hours_text(self) -> str:
        return f"{self.minutes // 60}:{self.minutes % 60:02d}"


@dataclass(frozen=True)
class DutyHours:
    since: dt.date
    until: dt.date
    closed_days: int  # days closed in the period (their duties count)
    open_days: int  # days not closed yet (not counted)
    rows: tuple[DutyHoursRow, ...] = ()


def hours_of(s: Session, since: dt.date, until: dt.date) -> DutyHours:
    days = _days(s, since, until)
    closed = {i for i, d in days.items() if d.closed_at is not None}
    per: dict[tuple[str | None, str | None], list] = {}
    if closed:
        for x in s.scalars(select(ClassDuty).where(ClassDuty.day_id.in_(list(closed)),
                                                   ClassDuty.archived_at.is_(None))):
            key = (x.volunteer_id, x.staff_username)
            entry = per.setdefault(key, [set(), 0, []])
            entry[0].add(x.day_id)
            entry[1] += x.minutes
            if x.role not in entry[2]:
                entry[2].append(x.role)
    vids = [v for v, _u in per if v]
    names = volunteer_names(s, vids)
    numbers = {v: get_volunteer(s, v).number for v in vids}
    staff = _display_names(s, {u for _v, u in per if u})
    rows = [DutyHoursRow(names.get(v, "") if v else staff.get(u or "", u or ""),
                         numbers.get(v, "") if v else "", v, u,
                         tuple(sorted(roles, key=list(DutyRole).index)), len(ds), minutes)
            for (v, u), (ds, minutes, roles) in per.items()]
    rows.sort(key=lambda r: (r.volunteer_id is None, r.name))
    return DutyHours(since, until, len(closed), len(days) - len(closed), tuple(rows))


@reads
def duty_hours(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date) -> DutyHours:
    """Days and minutes on duty of each volunteer and social worker in the period, from the
    days closed (those whose hours were credited)."""
    actor.require(Permission.MANAGE_CLASS)
    check_period(since, until)
    with uow:
        return hours_of(uow.session, since, until)


# --------------------------------------------------------------------- the day's sheet


@dataclass(frozen=True)
class SheetChild:
    """A child on the day's sign-in/sign-out sheet: what is recorded, who may collect."""

    child_id: str
    name: str
    grade_class: str
    age: int | None
    state: ChildState
    absence_reason: str
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None
    adult: str
    relation: str
    alone: bool
    handed_by: str
    collectors: tuple[tuple[str, str], ...]  # (name, relation) of those who may collect
    blocked: tuple[str, ...]  # the names of those who must not
    may_leave_alone: bool
    has_health_notes: bool
    phones: tuple[tuple[str, str, str], ...] = ()  # guardians (name, relation, phone)


@dataclass(frozen=True)
class DaySheet:
    on: dt.date
    term: str
    starts_at: str
    closes_at: str
    closed: bool
    on_duty: tuple[str, ...]
    ladder: tuple[tuple[Step, int], ...]  # each step, minutes after closing
    pickup_slips: bool
    children: tuple[SheetChild, ...] = field(default=())

    @property
    def expected(self) -> int:
        return sum(1 for c in self.children if c.state != ChildState.ABSENT)


def sheet_of(s: Session, on: dt.date, now: dt.datetime, *, with_phones: bool = False
             ) -> DaySheet:
    """The day's sheet (the roster made on the way, as day.day_view does)."""
    d = class_day(s, on)
    settings = class_settings(s)
    term = s.get(ClassTerm, d.term_id)
    pairs = list(s.execute(select(ClassAttendance, ClassChild).join(
        ClassChild, ClassChild.id == ClassAttendance.child_id).where(
        ClassAttendance.day_id == d.id, ClassAttendance.archived_at.is_(None))))
    children = []
    for a, c in pairs:
        r = get_resident(s, c.resident_id)
        adults = active_adults(s, c.id, on)
        children.append(SheetChild(
            c.id, r.name, _grade_class(c), age_on(r.birth_date, on),
            state_of(a, d, now), a.absence_reason, local(a.arrived_at or a.collected_at),
            local(a.left_at), a.adult_name, a.adult_relation, a.left_alone, a.handed_by,
            tuple((x.name, x.relation) for x in adults if x.kind != AdultKind.BLOCKED),
            tuple(x.name for x in adults if x.kind == AdultKind.BLOCKED),
            c.may_leave_alone, bool(c.health_notes or c.allergies),
            tuple((x.name, x.relation, x.phone or "") for x in adults
                  if x.kind == AdultKind.GUARDIAN and x.phone) if with_phones else ()))
    children.sort(key=lambda x: (x.grade_class, x.name))
    return DaySheet(on, term.name if term else "", d.starts_at, d.closes_at,
                    d.closed_at is not None, tuple(x.name for x in duty_rows(s, d)),
                    tuple(settings.ladder.items()), settings.pickup_slips, tuple(children))


def require_sheet(actor: Actor) -> None:
    """The day's sheet: those who run the day, or manage the class."""
    if not actor.can(Permission.MANAGE_CLASS):
        actor.require(Permission.RUN_CLASS)


@writes
def day_sheet(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None,
              now: dt.datetime | None = None) -> DaySheet:
    """The day's sign-in/sign-out sheet as data (the roster is made on the way: a write)."""
    require_sheet(actor)
    now = now_or(now)
    with uow:
        sheet = sheet_of(uow.session, on or now.date(), now)
        uow.commit()
        return sheet
