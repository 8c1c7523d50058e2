"""The hand-over (签退): a child goes only to an adult the guardian authorised; someone else
only after the guardian confirms by phone (logged with the name, the relation, the reason and
who took the call); nobody under 8 leaves alone; a blocked adult is refused, and the refusal is
logged. With pick-up slips on, the adult shows the child's code. The late pick-up ladder: each
step logged with its time. The same services serve the kiosk and the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import CLASSROOM
from neighborcenter.features.classroom.day import (
    attendance,
    build_view,
    class_day,
    closing_of,
    duty_rows,
    now_or,
    state_of,
    steps_done,
)
from neighborcenter.features.classroom.enrolment import (
    AdultRow,
    active_adults,
    adult_rows,
    audit_health_view,
    class_names,
    get_child,
)
from neighborcenter.features.classroom.models import (
    ClassAttendance,
    ClassChild,
    ClassDay,
    ClassEvent,
)
from neighborcenter.features.classroom.rules import (
    LADDER,
    AdultKind,
    ChildState,
    Rung,
    Step,
    decide_handover,
    is_here,
    ladder,
    minutes_late,
    same_name,
)
from neighborcenter.features.classroom.rules import Adult as RuleAdult
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register.registry import emergency_contacts_of, get_resident
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Phone:
    name: str
    relation: str
    phone: str  # in full: the volunteer on duty dials it


@dataclass(frozen=True)
class HandoverCard:
    """What the volunteer sees before handing a child over: who may and who must not collect,
    the health warnings, whether a slip is asked for, whom to call."""

    attendance_id: str
    child_id: str
    name: str
    age: int | None
    state: ChildState
    collectors: tuple[AdultRow, ...]
    blocked: tuple[AdultRow, ...]
    allergies: str
    health_notes: str
    may_leave_alone: bool
    slip_required: bool
    guardians: tuple[Phone, ...]  # called first when late
    emergency: tuple[Phone, ...]  # the register's emergency contacts
    on_duty: tuple[str, ...]  # who can be named as handing over
    rungs: tuple[Rung, ...]
    late_minutes: int


@writes
def handover_card(uow: UnitOfWork, *, actor: Actor, attendance_id: str,
                  now: dt.datetime | None = None) -> HandoverCard:
    """The card of a child on the day's list; seeing its health notes off duty is audited."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    with uow:
        s = uow.session
        a, d = attendance(s, attendance_id)
        c = get_child(s, a.child_id)
        r = get_resident(s, c.resident_id)
        adults = active_adults(s, c.id, d.on)
        rows = adult_rows(adults)
        state = state_of(a, d, now)
        closing = closing_of(d)
        rungs = tuple(ladder(closing, class_settings(s).ladder,
                             steps_done(s, [a.id]).get(a.id, {}))) \
            if state == ChildState.LATE else ()
        card = HandoverCard(
            a.id, c.id, r.name, age_on(r.birth_date, d.on), state,
            tuple(x for x in rows if x.kind != AdultKind.BLOCKED),
            tuple(x for x in rows if x.kind == AdultKind.BLOCKED), c.allergies, c.health_notes,
            c.may_leave_alone, class_settings(s).pickup_slips,
            tuple(Phone(x.name, x.relation, x.phone or "") for x in adults
                  if x.kind == AdultKind.GUARDIAN),
            tuple(Phone(n, rel, p) for n, rel, p in
                  emergency_contacts_of(s, [r.id]).get(r.id, [])),
            tuple(x.name for x in duty_rows(s, d)) or (actor.display_name,), rungs,
            minutes_late(closing, now) if state == ChildState.LATE else 0)
        audit_health_view(uow, actor, c, r.name, now.date())
        return card


@dataclass(frozen=True)
class SignedOut:
    name: str
    adult: str  # the adult's name, or "" when the child went alone
    relation: str
    at: dt.datetime
    phone_confirmed: bool
    late_minutes: int

    def sentence(self) -> str:
        if not self.adult:
            return _("{child} went home alone at {time}.").format(
                child=self.name, time=self.at.strftime("%H:%M"))
        return _("{child} was collected by {adult} ({relation}) at {time}.").format(
            child=self.name, adult=self.adult, relation=self.relation,
            time=self.at.strftime("%H:%M"))


def check_time(a: ClassAttendance, d: ClassDay, when: dt.datetime, *, given: bool,
               now: dt.datetime, name: str) -> None:
    """A hand-over on the list's own day, after the child came; on a past day (the paper
    sheet typed back) its time must be given — the clock's would be wrong."""
    if not given and d.on != now.date():
        raise ValidationError(_("Enter the time of the hand-over on {day}.").format(day=d.on),
                              field="time")
    if when.date() != d.on:
        raise ValidationError(_("The time is not on {day}, the day of the list.").format(
            day=d.on), field="time")
    came = a.arrived_at or a.collected_at
    if came is not None and when < came.astimezone():
        raise ValidationError(_("{name} came at {time}: the hand-over is after that.").format(
            name=name, time=came.astimezone().strftime("%H:%M")), field="time")


def _log(s: Session, a: ClassAttendance, step: Step, at: dt.datetime, by: str, note: str
         ) -> None:
    s.add(ClassEvent(attendance_id=a.id, step=step, at=at, by=by, note=note))


@writes
def sign_out(uow: UnitOfWork, *, actor: Actor, attendance_id: str, adult: object = "",
             alone: bool = False, confirmed_by: object = "", relation: object = "",
             reason: object = "", slip_code: object = "", handed_by: object = "",
             at: dt.datetime | None = None, now: dt.datetime | None = None) -> SignedOut:
    """Hand the child over by the rule (rules.decide_handover). A blocked adult is refused
    and the refusal logged (and audited) before the message is raised; any other refusal
    changes nothing."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    when = (at or now).astimezone()
    if when > now + dt.timedelta(minutes=1):
        raise ValidationError(_("{time} is later than now: enter a time that has passed."
                                ).format(time=when.strftime("%H:%M")), field="time")
    name = " ".join(str(adult or "").split())
    by = text(handed_by, 60, "handed_by", _("who hands the child over")) or actor.display_name
    with uow:
        s = uow.session
        a, d = attendance(s, attendance_id)
        c = s.get(ClassChild, a.child_id)
        assert c is not None
        r = get_resident(s, c.resident_id)
        if d.closed_at is not None:
            raise ValidationError(_("The class day of {day} is closed. A social worker can "
                                    "reopen it to correct it.").format(day=d.on))
        state = state_of(a, d, now)
        if state == ChildState.GONE:
            raise ValidationError(_("{name} has already been collected.").format(name=r.name))
        if not is_here(state):
            raise ValidationError(_("{name} is not here today: sign them in first.").format(
                name=r.name), field="child")
        adults = [RuleAdult(x.id, x.kind, x.name, x.relation)
                  for x in active_adults(s, c.id, d.on)]
        try:
            decided = decide_handover(
                adults=adults, adult_name=name, age=age_on(r.birth_date, d.on), alone=alone,
                may_leave_alone=c.may_leave_alone, confirmed_by=str(confirmed_by or ""),
                relation=str(relation or ""), reason=str(reason or ""))
        except ValidationError as refused:
            blocked = next((x for x in adults if x.kind == AdultKind.BLOCKED
                            and same_name(x.name, name)), None)
            if not alone and blocked is not None:
                _log(s, a, Step.REFUSED, now, actor.username,
                     _("{adult} came to collect; refused (must not collect).").format(
                         adult=blocked.name))
                finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
                       target_id=r.id,
                       summary=Msg(N_("Hand-over of {name} refused: {adult} must not collect"),
                                   args={"name": r.name, "adult": blocked.name}),
                       changed=(CLASSROOM,))
            raise refused
        check_time(a, d, when, given=at is not None, now=now, name=r.name)
        slip_checked = False
        if (class_settings(s).pickup_slips and decided.adult is not None
                and not decided.alone):
            code = "".join(str(slip_code or "").split())
            if not code:
                raise ValidationError(_("Ask for the pick-up slip and enter its code."),
                                      field="slip_code")
            if code != c.slip_code:
                _log(s, a, Step.REFUSED, now, actor.username,
                     _("{adult} showed a pick-up slip whose code is not the child's; "
                       "refused.").format(adult=name))
                finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
                       target_id=r.id,
                       summary=Msg(N_("Hand-over of {name} refused: the slip's code did not "
                                      "match"), args={"name": r.name}),
                       changed=(CLASSROOM,))
                raise ValidationError(_("The code on the slip is not {name}'s. Do not hand "
                                        "the child over; call the guardian.").format(
                    name=r.name), field="slip_code")
            slip_checked = True
        if decided.adult is not None:
            a.adult_id, a.adult_name = decided.adult.id, decided.adult.name
            a.adult_relation = decided.adult.relation
        else:
            a.adult_id, a.adult_name = None, name if not decided.alone else ""
            a.adult_relation = "" if decided.alone else text(relation, 30, "relation",
                                                             _("the relation to the child"))
        a.left_at, a.left_alone, a.handed_by = when, decided.alone, by
        a.phone_confirmed_by = text(confirmed_by, 60, "confirmed_by",
                                    _("who took the call")) if decided.phone_confirmed else ""
        a.phone_reason = text(reason, 300, "reason", _("the reason")) \
            if decided.phone_confirmed else ""
        a.slip_checked, a.recorded_by = slip_checked, actor.username
        if a.arrived_at is None:
            a.arrived_at = a.collected_at or when
        done = SignedOut(r.name, a.adult_name, a.adult_relation, when,
                         decided.phone_confirmed, minutes_late(closing_of(d), when))
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name} signed out on {day}"),
                           args={"name": r.name, "day": str(d.on)}), changed=(CLASSROOM,))
        return done


@writes
def undo_sign_out(uow: UnitOfWork, *, actor: Actor, attendance_id: str, reason: object,
                  now: dt.datetime | None = None) -> None:
    """A sign-out made by mistake: the child is here again; the undo is logged with what was
    recorded."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    why = text(reason, 200, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        a, d = attendance(s, attendance_id)
        if d.closed_at is not None:
            raise ValidationError(_("The class day of {day} is closed. A social worker can "
                                    "reopen it to correct it.").format(day=d.on))
        if a.left_at is None:
            raise ValidationError(_("This child has not been signed out."))
        was = a.adult_name or _("alone")
        _log(s, a, Step.UNDONE, now, actor.username, _("{why} (was: {adult}, {time})").format(
            why=why, adult=was, time=a.left_at.astimezone().strftime("%H:%M")))
        a.left_at, a.left_alone, a.adult_id, a.adult_name, a.adult_relation = \
            None, False, None, "", ""
        a.handed_by = a.phone_confirmed_by = a.phone_reason = ""
        a.slip_checked = False
        c = get_child(s, a.child_id)
        name = get_resident(s, c.resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=c.resident_id,
               summary=Msg(N_("{name}'s sign-out undone: {reason}"),
                           args={"name": name, "reason": why}), changed=(CLASSROOM,))


@writes
def log_step(uow: UnitOfWork, *, actor: Actor, attendance_id: str, step: Step,
             note: object = "", now: dt.datetime | None = None) -> None:
    """A step of the late pick-up ladder done (the call made, and what came of it), or a
    note; logged with the time."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    step = Step(step)
    if step not in (*LADDER, Step.NOTE):
        raise ValidationError(_("Choose a step of the late pick-up ladder."), field="step")
    said = text(note, 300, "note", _("what came of it"), required=step == Step.NOTE)
    with uow:
        s = uow.session
        a, d = attendance(s, attendance_id)
        state = state_of(a, d, now)
        if not is_here(state):
            raise ValidationError(_("This child is no longer here."))
        if step != Step.NOTE and state != ChildState.LATE:
            raise ValidationError(_("The late pick-up steps start at the closing time ({time})."
                                    ).format(time=d.closes_at), field="step")
        _log(s, a, step, now, actor.username, said)
        c = get_child(s, a.child_id)
        name = get_resident(s, c.resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=c.resident_id,
               summary=Msg(N_("{name}, late pick-up: {step}"),
                           args={"name": name, "step": Msg(step.msgid)}), changed=(CLASSROOM,))


def find_on_day(s: Session, on: dt.date, key: str, now: dt.datetime) -> ClassAttendance:
    """The child on the day's list by name (whole, or a part that only one name has)."""
    d = class_day(s, on)
    view = build_view(s, d, now)
    key = "".join(key.split())
    exact = [t for t in view.children if t.name == key]
    found = exact or [t for t in view.children if key and key in t.name]
    if not exact and found and key in class_names(s):
        found = []  # a whole name of another child of the class: never a part of this one's
    if not found:
        raise ValidationError(_("Nobody called {name} is on the list of {day}.").format(
            name=key, day=on), field="child")
    if len(found) > 1:
        raise ValidationError(_("Several children match {name}: {names}. Enter the whole "
                                "name.").format(name=key, names=_("、").join(
                                    t.name for t in found)), field="child")
    a = s.get(ClassAttendance, found[0].attendance_id)
    assert a is not None
    return a


@writes
def attendance_by_name(uow: UnitOfWork, *, actor: Actor, on: dt.date, child: str,
                       now: dt.datetime | None = None) -> str:
    """The day's list entry of the child so named (for the command line)."""
    actor.require(Permission.RUN_CLASS)
    now = now_or(now)
    with uow:
        aid = find_on_day(uow.session, on, child, now).id
        uow.commit()
        return aid
