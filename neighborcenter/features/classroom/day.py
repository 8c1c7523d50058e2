"""The class day: the roster (accepted children who come that weekday), absences confirmed
with the guardians (the day before or on the day), collection from school with its head-count,
arrival, homework, the volunteers and social workers on duty, and closing the day — refused
while a child is still here; the hours of those on duty are credited once, through the
volunteers' service.

Every service takes the time as ``now`` (an aware datetime; the clock by default), so a test
or the paper sheet after a power cut can say when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.core.text import parse_clock
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.classroom import CLASSROOM
from neighborcenter.features.classroom.enrolment import get_child, term_on
from neighborcenter.features.classroom.models import (
    ClassAttendance,
    ClassChild,
    ClassDay,
    ClassDuty,
    ClassEnrolment,
    ClassEvent,
    ClassTerm,
)
from neighborcenter.features.classroom.rules import (
    ChildState,
    DutyRole,
    EnrolmentStatus,
    Homework,
    Rung,
    Step,
    attends,
    child_state,
    is_here,
    ladder,
    minutes_late,
    next_rung,
)
from neighborcenter.features.classroom.settings import ClassSettings, class_settings
from neighborcenter.features.register.registry import get_resident, living_here, rows_for
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.volunteers.hours import credit_service
from neighborcenter.features.volunteers.ledger import get_volunteer
from neighborcenter.features.volunteers.people import latest_check, text, volunteer_names
from neighborcenter.features.volunteers.rules import CheckResult, ServiceCategory, check_due
from neighborcenter.i18n import N_, N_plural, _
from neighborcenter.storage.models import Account, utcnow
from neighborcenter.storage.uow import UnitOfWork


def now_or(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now()).astimezone()


def local(at: dt.datetime | None) -> dt.datetime | None:
    return at.astimezone() if at is not None else None


def clock_time(on: dt.date, now: dt.datetime) -> dt.datetime:
    """Now, on the day's own list; for another day the time must be typed (the paper sheet)."""
    if on != now.date():
        raise ValidationError(_("Enter the time on {day}: the clock's time is of another day."
                                ).format(day=on), field="time")
    return now


def at_time(on: dt.date, clock: object, now: dt.datetime, field: str = "time") -> dt.datetime:
    """A time typed as HH:MM on that day, in the centre's time zone; never later than now."""
    at = dt.datetime.combine(on, parse_clock(clock, field)).astimezone()
    if at > now + dt.timedelta(minutes=1):
        raise ValidationError(_("{time} is later than now: enter a time that has passed."
                                ).format(time=at.strftime("%H:%M")), field=field)
    return at


# ------------------------------------------------------------------------------ the day


def why_no_class(term: ClassTerm | None, on: dt.date) -> str | None:
    """None when the class runs that day; else why not, in words."""
    if term is None:
        return _("No term of the after-school class covers {day}.").format(day=on)
    if str(on.isoweekday()) not in term.weekdays:
        return _("The class does not run on this weekday in {term}.").format(term=term.name)
    if on.isoformat() in term.closed_days.split(","):
        return _("{day} is a day without class in {term}.").format(day=on, term=term.name)
    return None


def class_day(s: Session, on: dt.date, settings: ClassSettings | None = None, *,
              make: bool = True) -> ClassDay:
    """The day's row and its roster, made or brought up to date (children accepted since are
    added; a child who left the class, died or moved out, with nothing recorded that day, is
    taken off). Refused on a day without class; with ``make=False`` also on a day whose row
    was never made (looking at a past day does not open it)."""
    d = s.scalar(select(ClassDay).where(ClassDay.on == on, ClassDay.archived_at.is_(None)))
    if d is None:
        term = term_on(s, on)
        why = why_no_class(term, on)
        if why is None and not make:
            why = _("Nothing was recorded for the class on {day}.").format(day=on)
        if why is not None:
            raise ValidationError(why, field="on")
        assert term is not None
        settings = settings or class_settings(s)
        d = ClassDay(on=on, term_id=term.id, starts_at=settings.starts_at,
                     closes_at=settings.closes_at)
        s.add(d)
        s.flush()
    if d.closed_at is None:
        _sync_roster(s, d)
    return d


def roster_children(s: Session, term_id: str, on: dt.date) -> list[ClassChild]:
    """Accepted children who come on that weekday and are still in the class."""
    found = [c for e, c in s.execute(select(ClassEnrolment, ClassChild).join(
        ClassChild, ClassChild.id == ClassEnrolment.child_id).where(
        ClassEnrolment.term_id == term_id, ClassEnrolment.status == EnrolmentStatus.ACCEPTED,
        ClassEnrolment.archived_at.is_(None), ClassChild.archived_at.is_(None),
        (ClassEnrolment.decided_on.is_(None)) | (ClassEnrolment.decided_on <= on),
        (ClassChild.valid_to.is_(None)) | (ClassChild.valid_to > on)))
        if attends(e.weekdays, on)]
    here = living_here(s, [c.resident_id for c in found])
    return [c for c in found if c.resident_id in here]


def _untouched(a: ClassAttendance) -> bool:
    return not (a.absent or a.collected_at or a.arrived_at or a.left_at)


def _sync_roster(s: Session, d: ClassDay) -> None:
    have = {a.child_id: a for a in s.scalars(select(ClassAttendance).where(
        ClassAttendance.day_id == d.id, ClassAttendance.archived_at.is_(None)))}
    wanted = {c.id for c in roster_children(s, d.term_id, d.on)}
    for cid in wanted - set(have):
        gone = s.scalar(select(ClassAttendance).where(ClassAttendance.day_id == d.id,
                                                      ClassAttendance.child_id == cid))
        if gone is not None:  # taken off before and back again
            gone.archived_at = None
        else:
            s.add(ClassAttendance(day_id=d.id, child_id=cid))
    for cid, a in have.items():
        if cid not in wanted and _untouched(a):
            a.archived_at = utcnow()  # left the class, died or moved out: not expected
    s.flush()


def _open_day(s: Session, on: dt.date) -> ClassDay:
    d = class_day(s, on)
    if d.closed_at is not None:
        raise ValidationError(_("The class day of {day} is closed. A social worker can reopen "
                                "it to correct it.").format(day=on), field="on")
    return d


def attendance(s: Session, attendance_id: str) -> tuple[ClassAttendance, ClassDay]:
    a = s.get(ClassAttendance, attendance_id)
    if a is None:
        raise NotFound(_("This child is not on the day's list."))
    d = s.get(ClassDay, a.day_id)
    assert d is not None
    return a, d


def on_roster(s: Session, d: ClassDay, child_id: str) -> ClassAttendance:
    """The child's entry on the day's list (the roster already made: class_day)."""
    on = d.on
    a = s.scalar(select(ClassAttendance).where(ClassAttendance.day_id == d.id,
                                               ClassAttendance.child_id == child_id,
                                               ClassAttendance.archived_at.is_(None)))
    if a is None:
        name = get_resident(s, get_child(s, child_id).resident_id).name
        raise ValidationError(_("{name} is not on the list of {day}.").format(name=name, day=on),
                              field="child")
    return a


def closing_of(d: ClassDay) -> dt.datetime:
    return dt.datetime.combine(d.on, parse_clock(d.closes_at)).astimezone()


def state_of(a: ClassAttendance, d: ClassDay, now: dt.datetime) -> ChildState:
    return child_state(absent=a.absent, collected_at=a.collected_at, arrived_at=a.arrived_at,
                       left_at=a.left_at, closing=closing_of(d), now=now,
                       closed=d.closed_at is not None)


def steps_done(s: Session, attendance_ids: list[str]) -> dict[str, dict[Step, dt.datetime]]:
    out: dict[str, dict[Step, dt.datetime]] = {}
    if not attendance_ids:
        return out
    for aid, step, at in s.execute(select(ClassEvent.attendance_id, ClassEvent.step,
                                          ClassEvent.at).where(
            ClassEvent.attendance_id.in_(attendance_ids), ClassEvent.archived_at.is_(None))
            .order_by(ClassEvent.at)):
        out.setdefault(aid, {}).setdefault(step, at.astimezone())
    return out


# ------------------------------------------------------------------------------ the view


@dataclass(frozen=True)
class ChildTile:
    attendance_id: str
    child_id: str
    resident_id: str
    name: str
    age: int | None
    grade_class: str  # "三年级2班"
    state: ChildState
    absence_reason: str
    collected_at: dt.datetime | None
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None
    collected_by: str  # the adult, or "" ("alone" in left_alone)
    left_alone: bool
    phone_confirmed_by: str
    homework: Homework
    homework_note: str
    has_health_notes: bool  # the notes themselves: handover.handover_card
    late_minutes: int  # past closing, still here (or when collected late)
    rungs: tuple[Rung, ...]  # the late pick-up ladder while late
    next_step: Step | None  # what to do now


@dataclass(frozen=True)
class DutyRow:
    duty_id: str
    name: str
    role: DutyRole
    minutes: int
    volunteer_id: str | None
    staff_username: str | None


@dataclass(frozen=True)
class DayView:
    on: dt.date
    runs: bool
    why_not: str  # when it does not run
    term: str
    starts_at: str
    closes_at: str
    closing: dt.datetime | None
    closed_at: dt.datetime | None
    closed_by: str | None
    now: dt.datetime
    children: tuple[ChildTile, ...] = ()
    duties: tuple[DutyRow, ...] = ()
    counts: dict[ChildState, int] = field(default_factory=dict)

    @property
    def still_here(self) -> list[ChildTile]:
        return [c for c in self.children if is_here(c.state)]

    @property
    def expected(self) -> int:
        return sum(1 for c in self.children if c.state != ChildState.ABSENT)


def duty_rows(s: Session, d: ClassDay) -> list[DutyRow]:
    duties = list(s.scalars(select(ClassDuty).where(ClassDuty.day_id == d.id,
                                                    ClassDuty.archived_at.is_(None))
                            .order_by(ClassDuty.created_at)))
    names = volunteer_names(s, [x.volunteer_id for x in duties if x.volunteer_id])
    staff = {a.username: a.display_name for a in s.scalars(select(Account).where(
        Account.username.in_([x.staff_username for x in duties if x.staff_username])))}
    return [DutyRow(x.id, names.get(x.volunteer_id, "") if x.volunteer_id
                    else staff.get(x.staff_username or "", x.staff_username or ""),
                    x.role, x.minutes, x.volunteer_id, x.staff_username) for x in duties]


def build_view(s: Session, d: ClassDay, now: dt.datetime) -> DayView:
    settings = class_settings(s)
    closing = closing_of(d)
    rows = list(s.execute(select(ClassAttendance, ClassChild).join(
        ClassChild, ClassChild.id == ClassAttendance.child_id).where(
        ClassAttendance.day_id == d.id, ClassAttendance.archived_at.is_(None))))
    done = steps_done(s, [a.id for a, _c in rows])
    term = s.get(ClassTerm, d.term_id)
    people = {r.id: r for r in rows_for(s, [c.resident_id for _a, c in rows])}
    tiles = []
    for a, c in rows:
        r = people.get(c.resident_id) or get_resident(s, c.resident_id)
        state = state_of(a, d, now)
        rungs: tuple[Rung, ...] = ()
        late = 0
        if state == ChildState.LATE:
            rungs = tuple(ladder(closing, settings.ladder, done.get(a.id, {})))
            late = minutes_late(closing, now)
        elif state == ChildState.GONE and a.left_at is not None:
            late = minutes_late(closing, a.left_at)
        nxt = next_rung(list(rungs), now) if rungs else None
        tiles.append(ChildTile(
            a.id, c.id, r.id, r.name, age_on(r.birth_date, d.on), f"{c.grade}{c.class_name}",
            state, a.absence_reason, local(a.collected_at), local(a.arrived_at),
            local(a.left_at), a.adult_name, a.left_alone, a.phone_confirmed_by, a.homework,
            a.homework_note, bool(c.health_notes or c.allergies), late, rungs,
            nxt.step if nxt else None))
    tiles.sort(key=lambda t: (t.grade_class, t.name))
    counts: dict[ChildState, int] = {}
    for t in tiles:
        counts[t.state] = counts.get(t.state, 0) + 1
    return DayView(d.on, True, "", term.name if term else "", d.starts_at, d.closes_at, closing,
                   local(d.closed_at), d.closed_by, now, tuple(tiles),
                   tuple(duty_rows(s, d)), counts)


@writes
def day_view(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None,
             now: dt.datetime | None = None) -> DayView:
    """The day's children and their states, the ladder of each late one, those on duty. The
    roster is made (or brought up to date) on the way, so it is a write."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    on = on or now.date()
    with uow:
        s = uow.session
        try:
            d = class_day(s, on, make=on >= now.date())
        except ValidationError as e:
            return DayView(on, False, str(e), "", "", "", None, None, None, now)
        view = build_view(s, d, now)
        uow.commit()
        return view


# ------------------------------------------------------------------- absence, collection


@writes
def mark_absent(uow: UnitOfWork, *, actor: Actor, on: dt.date, child_id: str,
                reason: object = "", confirmed_with: object = "", absent: bool = True,
                now: dt.datetime | None = None) -> None:
    """Absence confirmed with the guardian (the day before, or on the day); ``absent=False``
    takes it back."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    why = text(reason, 200, "reason", _("the reason"), required=absent)
    who = text(confirmed_with, 60, "confirmed_with", _("who told you"), required=absent)
    with uow:
        s = uow.session
        d = _open_day(s, on)
        a = on_roster(s, d, child_id)
        if absent and (a.arrived_at or a.collected_at or a.left_at):
            raise ValidationError(_("This child has already come today."), field="child")
        a.absent, a.absence_reason, a.absence_confirmed_with = absent, why, who
        a.recorded_by = actor.username
        name = get_resident(s, get_child(s, child_id).resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("{name} absent on {day}") if absent else
                           N_("{name} expected on {day} after all"),
                           args={"name": name, "day": str(on)}), changed=(CLASSROOM,))


@dataclass(frozen=True)
class Collected:
    expected: int  # on the list and not absent
    collected: int  # checked off so far
    missing: tuple[str, ...]  # expected, not yet checked off


@writes
def collect(uow: UnitOfWork, *, actor: Actor, on: dt.date, child_ids: list[str],
            by: object = "", at: object = None, now: dt.datetime | None = None) -> Collected:
    """Collected from school (接学生): the children checked off against the list; the
    head-count says who is missing."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    when = at_time(on, at, now) if at else clock_time(on, now)
    escort = text(by, 60, "by", _("who collected them")) or actor.display_name
    with uow:
        s = uow.session
        d = _open_day(s, on)
        for cid in child_ids:
            a = on_roster(s, d, cid)
            if a.absent:
                name = get_resident(s, get_child(s, cid).resident_id).name
                raise ValidationError(_("{name} is marked absent today: take the absence "
                                        "back first.").format(name=name), field="child")
            if a.collected_at is None and a.left_at is None:
                a.collected_at, a.collected_by, a.recorded_by = when, escort, actor.username
        s.flush()
        result = _head_count(s, d)
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("Collected from school on {day}: {n} of {m}"), args={
                   "day": str(on), "n": result.collected, "m": result.expected}),
               changed=(CLASSROOM,))
        return result


def _head_count(s: Session, d: ClassDay) -> Collected:
    expected, collected, missing = 0, 0, []
    for a, c in s.execute(select(ClassAttendance, ClassChild).join(
            ClassChild, ClassChild.id == ClassAttendance.child_id).where(
            ClassAttendance.day_id == d.id)):
        if a.absent:
            continue
        expected += 1
        if a.collected_at or a.arrived_at or a.left_at:
            collected += 1
        else:
            missing.append(get_resident(s, c.resident_id).name)
    return Collected(expected, collected, tuple(sorted(missing)))


@writes
def arrive(uow: UnitOfWork, *, actor: Actor, on: dt.date, child_ids: list[str],
           at: object = None, now: dt.datetime | None = None) -> int:
    """Signed in at the centre (签到): the arrival time of each child; returns how many."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    when = at_time(on, at, now) if at else clock_time(on, now)
    with uow:
        s = uow.session
        d = _open_day(s, on)
        n = 0
        for cid in child_ids:
            a = on_roster(s, d, cid)
            if a.absent:
                a.absent, a.absence_reason = False, ""  # came after all
            if a.arrived_at is None and a.left_at is None:
                a.arrived_at, a.recorded_by = when, actor.username
                n += 1
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(*N_plural("{n} child signed in on {day}",
                                     "{n} children signed in on {day}"),
                           args={"n": n, "day": str(on)}), changed=(CLASSROOM,))
        return n


@writes
def set_homework(uow: UnitOfWork, *, actor: Actor, attendance_id: str, homework: Homework,
                 note: object = "") -> None:
    """The homework log: done, partly, not done, with a note for the parent."""
    actor.require(Permission.RUN_CLASS)
    with uow:
        s = uow.session
        a, d = attendance(s, attendance_id)
        if d.closed_at is not None:
            raise ValidationError(_("The class day of {day} is closed. A social worker can "
                                    "reopen it to correct it.").format(day=d.on))
        a.homework = Homework(homework)
        a.homework_note = text(note, 300, "note", _("the note for the parent"))
        a.recorded_by = actor.username
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("Homework recorded on {day}"), args={"day": str(d.on)}),
               changed=(CLASSROOM,))


# --------------------------------------------------------------------------------- duty


def _check_clear(s: Session, volunteer_id: str, on: dt.date) -> str:
    v = get_volunteer(s, volunteer_id)
    last = latest_check(s, v.id)
    if last is None or last.result != CheckResult.CLEAR or check_due(last.checked_on, on):
        raise ValidationError(_("{name} has no clear background check of the last year: "
                                "record it on the volunteer's page before they work with "
                                "children (未成年人保护法 art. 62).").format(name=v.name),
                              field="volunteer_id")
    return v.name


@writes
def add_duty(uow: UnitOfWork, *, actor: Actor, on: dt.date, role: DutyRole,
             volunteer_id: str | None = None, staff_username: str | None = None,
             minutes: object = None) -> str:
    """A volunteer (a current, clear background check needed) or a social worker on duty."""
    actor.require(Permission.MANAGE_CLASS)
    if bool(volunteer_id) == bool(staff_username):
        raise ValidationError(_("Choose a volunteer or a social worker."), field="volunteer_id")
    with uow:
        s = uow.session
        d = _open_day(s, on)
        settings = class_settings(s)
        try:
            mins = int(str(minutes).strip()) if minutes not in (None, "") else \
                settings.duty_minutes
        except ValueError:
            mins = -1
        if not 15 <= mins <= 480:
            raise ValidationError(_("A duty counts for 15 minutes to 8 hours."),
                                  field="minutes")
        if volunteer_id:
            name = _check_clear(s, volunteer_id, on)
            same = ClassDuty.volunteer_id == volunteer_id
        else:
            account = s.scalar(select(Account).where(Account.username == staff_username))
            if account is None:
                raise NotFound(_("This account is no longer on the list."))
            name = account.display_name
            same = ClassDuty.staff_username == staff_username
        if s.scalar(select(ClassDuty.id).where(ClassDuty.day_id == d.id, same,
                                               ClassDuty.archived_at.is_(None))):
            raise ValidationError(_("{name} is already on duty that day.").format(name=name),
                                  field="volunteer_id")
        duty = ClassDuty(day_id=d.id, volunteer_id=volunteer_id or None,
                         staff_username=staff_username or None, role=DutyRole(role),
                         minutes=mins)
        s.add(duty)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("{name} on duty on {day}"), args={"name": name, "day": str(on)}),
               changed=(CLASSROOM,))
        return duty.id


@writes
def remove_duty(uow: UnitOfWork, *, actor: Actor, duty_id: str) -> None:
    actor.require(Permission.MANAGE_CLASS)
    with uow:
        s = uow.session
        duty = s.get(ClassDuty, duty_id)
        if duty is None or duty.archived_at is not None:
            raise NotFound(_("This duty is no longer on the list."))
        d = s.get(ClassDay, duty.day_id)
        assert d is not None
        if d.closed_at is not None:
            raise ValidationError(_("The class day of {day} is closed. A social worker can "
                                    "reopen it to correct it.").format(day=d.on))
        duty.archived_at = utcnow()
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("A duty taken off on {day}"), args={"day": str(d.on)}),
               changed=(CLASSROOM,))


@dataclass(frozen=True)
class StaffRow:
    username: str
    name: str


@reads
def duty_staff(uow: UnitOfWork, *, actor: Actor) -> list[StaffRow]:
    """The staff who may be put on duty as social workers (administrators and social
    workers), to choose from."""
    actor.require(Permission.MANAGE_CLASS)
    with uow:
        return [StaffRow(username, name) for username, name in uow.session.execute(
            select(Account.username, Account.display_name)
            .where(Account.archived_at.is_(None),
                   Account.role.in_((Role.ADMIN, Role.SOCIAL_WORKER)))
            .order_by(Account.display_name))]


# ------------------------------------------------------------------------ closing the day


@dataclass(frozen=True)
class Closed:
    credited: int  # volunteers whose hours wait for approval
    not_came: tuple[str, ...]  # expected, neither absent nor came


@writes
def close_day(uow: UnitOfWork, *, actor: Actor, on: dt.date, now: dt.datetime | None = None
              ) -> Closed:
    """Close the day: refused while any child is still here (nobody is ever signed out
    automatically). The hours of the volunteers on duty are credited through the volunteers'
    service — once: closing again after a reopening brings the same activity up to date."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    with uow:
        s = uow.session
        if on > now.date():
            raise ValidationError(_("The class day of {day} has not come yet.").format(day=on),
                                  field="on")
        d = _open_day(s, on)
        view = build_view(s, d, now)
        starts = dt.datetime.combine(on, parse_clock(d.starts_at)).astimezone()
        waiting = [c for c in view.children if c.state == ChildState.EXPECTED]
        if now < starts and waiting:
            raise ValidationError(_("The class starts at {time} and children are still to "
                                    "come: close the day after it.").format(
                time=d.starts_at), field="on")
        here = view.still_here
        if here:
            raise ValidationError(_("The day cannot close: {names} still here. Every child "
                                    "must be handed over first.").format(
                names=_("、").join(c.name for c in here)), field="on")
        vols = [x for x in view.duties if x.volunteer_id]
        if vols or d.activity_id:
            d.activity_id = credit_service(
                s, actor=actor, activity_id=d.activity_id,
                name=_("After-school class {day}").format(day=on), on=on,
                minutes=max((x.minutes for x in vols), default=0),
                minutes_of={x.volunteer_id: x.minutes for x in vols if x.volunteer_id},
                volunteer_ids=[x.volunteer_id for x in vols if x.volunteer_id],
                place=_("After-school class"), organiser=_("After-school class"),
                person_in_charge=actor.display_name, category=ServiceCategory.CHILDREN)
        d.closed_at, d.closed_by = now, actor.username
        not_came = tuple(c.name for c in view.children if c.state == ChildState.EXPECTED)
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("After-school class day {day} closed"), args={"day": str(on)}),
               changed=(CLASSROOM,))
        return Closed(len(vols), not_came)


@writes
def reopen_day(uow: UnitOfWork, *, actor: Actor, on: dt.date, reason: object) -> None:
    """Reopen a closed day to correct it (the paper sheet after a power cut …)."""
    actor.require(Permission.MANAGE_CLASS)
    why = text(reason, 200, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        d = s.scalar(select(ClassDay).where(ClassDay.on == on, ClassDay.archived_at.is_(None)))
        if d is None or d.closed_at is None:
            raise ValidationError(_("The class day of {day} is not closed.").format(day=on),
                                  field="on")
        d.closed_at, d.closed_by = None, None
        d.notes = (d.notes + "\n" if d.notes else "") + why
        finish(uow, actor, AuditAction.UPDATE, target_kind="class_day", target_id=d.id,
               summary=Msg(N_("After-school class day {day} reopened: {reason}"),
                           args={"day": str(on), "reason": why}), changed=(CLASSROOM,))
