"""Enrolment in the after-school class: the terms, the children (a resident with their school,
health notes and the guardian's consents), the adults around each child, the guardians'
applications, the decision and the waiting list (留守 and migrant children first)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.classroom import CLASSROOM
from neighborcenter.features.classroom.models import (
    ClassAdult,
    ClassChild,
    ClassDay,
    ClassDuty,
    ClassEnrolment,
    ClassTerm,
)
from neighborcenter.features.classroom.rules import (
    COLLECTORS,
    CONSENT_AGE,
    AdultKind,
    EnrolmentStatus,
    agreement_current,
    check_collectors,
    parse_weekdays,
    priority,
    same_name,
    weekdays_text,
)
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register.registry import (
    current_tags,
    get_resident,
    resident_names,
)
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.register.rules.idnumber import mask_identifier, parse_id_number
from neighborcenter.features.register.rules.phone import mask_phone, parse_phone
from neighborcenter.features.register.rules.terms import RegistrationType, ResidentStatus
from neighborcenter.features.volunteers.people import day, text, volunteer_names
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

LEFT_BEHIND_TAG = "left_behind_child"  # 留守儿童

# ------------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class TermForm:
    name: str
    starts_on: object
    ends_on: object
    weekdays: object = "12345"
    closed_days: str = ""  # dates the class does not run, one per line or comma separated
    places: object = 30
    notes: str = ""


def _closed_days(value: str) -> str:
    out = []
    for part in str(value or "").replace("，", ",").replace("\n", ",").split(","):
        if part.strip():
            out.append(day(part.strip(), "closed_days", _("a day without class")))
    return ",".join(sorted({d.isoformat() for d in out if d}))


@writes
def save_term(uow: UnitOfWork, *, actor: Actor, form: TermForm, term_id: str | None = None
              ) -> str:
    actor.require(Permission.MANAGE_CLASS)
    name = text(form.name, 60, "name", _("the term's name"), required=True)
    starts = day(form.starts_on, "starts_on", _("the first day"))
    ends = day(form.ends_on, "ends_on", _("the last day"))
    assert starts and ends
    if ends < starts or (ends - starts).days > 366:
        raise ValidationError(_("A term ends after it starts, within a year."),
                              field="ends_on")
    weekdays = parse_weekdays(form.weekdays)
    closed = _closed_days(form.closed_days)
    try:
        places = int(str(form.places).strip())
    except ValueError:
        places = -1
    if not 1 <= places <= 500:
        raise ValidationError(_("Enter the number of places, 1 to 500."), field="places")
    with uow:
        s = uow.session
        other = s.scalar(select(ClassTerm).where(
            ClassTerm.name == name, ClassTerm.archived_at.is_(None)))
        if other is not None and other.id != term_id:
            raise ValidationError(_("There is already a term called {name}.").format(name=name),
                                  field="name")
        for t in s.scalars(select(ClassTerm).where(ClassTerm.archived_at.is_(None))):
            if t.id != term_id and t.starts_on <= ends and starts <= t.ends_on:
                raise ValidationError(_("The dates overlap the term {name} ({start} to "
                                        "{end}).").format(name=t.name, start=t.starts_on,
                                                          end=t.ends_on), field="starts_on")
        term = s.get(ClassTerm, term_id) if term_id else ClassTerm()
        if term is None:
            raise NotFound(_("This term is no longer on the list."))
        term.name, term.starts_on, term.ends_on = name, starts, ends
        term.weekdays, term.closed_days, term.places = weekdays, closed, places
        term.notes = text(form.notes, 500, "notes", _("the notes"))
        s.add(term)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE if term_id else AuditAction.CREATE,
               target_kind="class_term", target_id=term.id,
               summary=Msg(N_("After-school term {name} saved"), args={"name": name}),
               changed=(CLASSROOM,))
        return term.id


@dataclass(frozen=True)
class TermRow:
    id: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    weekdays: str
    weekdays_text: str
    closed_days: tuple[dt.date, ...]
    places: int
    accepted: int
    waiting: int
    applied: int
    notes: str


def term_rows(s: Session) -> list[TermRow]:
    counts: dict[tuple[str, str], int] = {
        (tid, str(st)): n for tid, st, n in s.execute(
            select(ClassEnrolment.term_id, ClassEnrolment.status, func.count())
            .where(ClassEnrolment.archived_at.is_(None))
            .group_by(ClassEnrolment.term_id, ClassEnrolment.status))}
    return [TermRow(t.id, t.name, t.starts_on, t.ends_on, t.weekdays,
                    weekdays_text(t.weekdays),
                    tuple(dt.date.fromisoformat(d) for d in t.closed_days.split(",") if d),
                    t.places, counts.get((t.id, "accepted"), 0),
                    counts.get((t.id, "waiting"), 0), counts.get((t.id, "applied"), 0),
                    t.notes)
            for t in s.scalars(select(ClassTerm).where(ClassTerm.archived_at.is_(None))
                               .order_by(ClassTerm.starts_on.desc()))]


@reads
def list_terms(uow: UnitOfWork, *, actor: Actor) -> list[TermRow]:
    actor.require(Permission.RUN_CLASS)
    with uow:
        return term_rows(uow.session)


def term_on(s: Session, on: dt.date) -> ClassTerm | None:
    return s.scalar(select(ClassTerm).where(
        ClassTerm.archived_at.is_(None), ClassTerm.starts_on <= on, ClassTerm.ends_on >= on))


def current_or_next_term(s: Session, today: dt.date) -> ClassTerm | None:
    return term_on(s, today) or s.scalar(select(ClassTerm).where(
        ClassTerm.archived_at.is_(None), ClassTerm.starts_on > today)
        .order_by(ClassTerm.starts_on).limit(1))


# ------------------------------------------------------------------------------ children


@dataclass(frozen=True)
class ChildForm:
    resident_id: str
    school: str = ""
    grade: str = ""
    class_name: str = ""
    migrant: bool = False
    allergies: str = ""
    health_notes: str = ""
    may_leave_alone: bool = False
    consent_on: object = None
    consent_by: str = ""
    safety_agreement_on: object = None
    notes: str = ""


def open_child(s: Session, resident_id: str) -> ClassChild | None:
    return s.scalars(select(ClassChild).where(
        ClassChild.resident_id == resident_id, ClassChild.archived_at.is_(None))
        .order_by(ClassChild.valid_to.is_not(None), ClassChild.created_at.desc())).first()


def get_child(s: Session, child_id: str) -> ClassChild:
    child = s.get(ClassChild, child_id)
    if child is None or child.archived_at is not None:
        raise NotFound(_("This child is no longer on the class's list."))
    return child


def _new_slip_code(s: Session) -> str:
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if s.scalar(select(ClassChild.id).where(ClassChild.slip_code == code)) is None:
            return code


@writes
def save_child(uow: UnitOfWork, *, actor: Actor, form: ChildForm, child_id: str | None = None,
               today: dt.date | None = None) -> str:
    """Put a resident on the class's list, or change their record."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    consent_on = day(form.consent_on, "consent_on", _("the date of the consent"),
                     required=False)
    agreement_on = day(form.safety_agreement_on, "safety_agreement_on",
                       _("the date of the safety agreement"), required=False)
    for value, field in ((consent_on, "consent_on"), (agreement_on, "safety_agreement_on")):
        if value and value > today:
            raise ValidationError(_("A date signed cannot be in the future."), field=field)
    with uow:
        s = uow.session
        r = get_resident(s, form.resident_id)
        if r.status != ResidentStatus.ACTIVE:
            raise ValidationError(_("{name} is no longer on the register.").format(name=r.name),
                                  field="resident_id")
        if child_id is None:
            existing = open_child(s, r.id)
            if existing is not None and existing.valid_to is None:
                raise ValidationError(_("{name} is already on the class's list.").format(
                    name=r.name), field="resident_id")
            child = ClassChild(resident_id=r.id, slip_code=_new_slip_code(s))
            s.add(child)
        else:
            child = get_child(s, child_id)
        child.school = text(form.school, 60, "school", _("the school"))
        child.grade = text(form.grade, 20, "grade", _("the grade"))
        child.class_name = text(form.class_name, 20, "class_name", _("the class"))
        child.migrant = bool(form.migrant)
        child.allergies = text(form.allergies, 500, "allergies", _("the allergies"))
        child.health_notes = str(form.health_notes or "").strip()[:2000]
        age = age_on(r.birth_date, today)
        if form.may_leave_alone and (age is None or age < 8):
            raise ValidationError(_("A child under 8 never leaves alone (未成年人保护法 "
                                    "art. 21)."), field="may_leave_alone")
        child.may_leave_alone = bool(form.may_leave_alone)
        child.consent_on, child.safety_agreement_on = consent_on, agreement_on
        child.consent_by = text(form.consent_by, 60, "consent_by", _("who consented"))
        if consent_on and not child.consent_by:
            raise ValidationError(_("Enter the guardian who signed the consent."),
                                  field="consent_by")
        child.notes = text(form.notes, 500, "notes", _("the notes"))
        s.flush()
        finish(uow, actor, AuditAction.UPDATE if child_id else AuditAction.CREATE,
               target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}'s after-school class record saved"),
                           args={"name": r.name}), changed=(CLASSROOM,))
        return child.id


@writes
def end_child(uow: UnitOfWork, *, actor: Actor, child_id: str, on: object = None,
              reason: object = "", today: dt.date | None = None) -> None:
    """The child leaves the class; their days stay. Open applications are withdrawn."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    until = day(on, "on", _("the date"), required=False) or today
    if until > today:
        raise ValidationError(_("A child leaves the class today or on a day before."),
                              field="on")
    why = text(reason, 200, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        child = get_child(s, child_id)
        child.valid_to, child.end_reason = until, why
        for e in s.scalars(select(ClassEnrolment).where(
                ClassEnrolment.child_id == child.id, ClassEnrolment.status.in_(
                    [EnrolmentStatus.APPLIED, EnrolmentStatus.WAITING,
                     EnrolmentStatus.ACCEPTED]))):
            term = s.get(ClassTerm, e.term_id)
            if term is not None and term.ends_on >= until:
                e.status, e.reason = EnrolmentStatus.WITHDRAWN, why
                e.decided_on, e.decided_by = until, actor.username
        name = get_resident(s, child.resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("{name} left the after-school class"), args={"name": name}),
               changed=(CLASSROOM,))


# -------------------------------------------------------------------------------- adults


@dataclass(frozen=True)
class AdultForm:
    kind: AdultKind
    name: str
    relation: str = ""
    phone: str = ""
    id_number: str = ""
    reason: str = ""  # why they must not collect


def active_adults(s: Session, child_id: str, on: dt.date | None = None) -> list[ClassAdult]:
    on = on or dt.date.today()
    return list(s.scalars(select(ClassAdult).where(
        ClassAdult.child_id == child_id, ClassAdult.archived_at.is_(None),
        ClassAdult.valid_from <= on,
        (ClassAdult.valid_to.is_(None)) | (ClassAdult.valid_to > on))
        .order_by(ClassAdult.kind, ClassAdult.created_at)))


def collectors(adults: list[ClassAdult]) -> list[ClassAdult]:
    return [a for a in adults if a.kind in COLLECTORS]


@writes
def add_adult(uow: UnitOfWork, *, actor: Actor, child_id: str, form: AdultForm,
              today: dt.date | None = None) -> str:
    """A guardian (needs a phone: they are called), someone authorised to collect (a
    grandparent needs no phone of their own) or someone who must not collect (needs the
    reason). At most the settings' number who may collect."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    kind = AdultKind(form.kind)
    name = text(form.name, 60, "name", _("the adult's name"), required=True)
    relation = text(form.relation, 30, "relation", _("the relation to the child"),
                    required=kind != AdultKind.BLOCKED)
    phone = parse_phone(form.phone or None)
    if kind == AdultKind.GUARDIAN and not phone:
        raise ValidationError(_("Enter the guardian's phone: they are called when the child "
                                "is not collected."), field="phone")
    number = None
    if str(form.id_number or "").strip():
        number = parse_id_number(str(form.id_number), today=today).number
    reason = text(form.reason, 300, "reason", _("the reason"),
                  required=kind == AdultKind.BLOCKED)
    with uow:
        s = uow.session
        child = get_child(s, child_id)
        adults = active_adults(s, child.id, today)
        if any(same_name(a.name, name) and a.kind == kind for a in adults):
            raise ValidationError(_("{name} is already on the child's list.").format(name=name),
                                  field="name")
        if kind == AdultKind.BLOCKED:
            listed = next((a for a in collectors(adults) if same_name(a.name, name)), None)
            if listed is not None:
                raise ValidationError(_("{name} is on the list of those who may collect this "
                                        "child: take them off it first, with the reason."
                                        ).format(name=listed.name), field="name")
        if kind in COLLECTORS:
            if any(same_name(a.name, name) and a.kind == AdultKind.BLOCKED for a in adults):
                raise ValidationError(_("{name} must not collect this child: end that first, "
                                        "with the reason.").format(name=name), field="name")
            settings = class_settings(s)
            count = len(collectors(adults)) + 1
            if count > settings.most_collectors:
                check_collectors(count, least=settings.least_collectors,
                                 most=settings.most_collectors)
        adult = ClassAdult(child_id=child.id, kind=kind, name=name, relation=relation,
                           phone=phone, id_number=number, reason=reason, valid_from=today,
                           recorded_by=actor.username)
        s.add(adult)
        s.flush()
        child_name = get_resident(s, child.resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("{adult} added to {child}'s adults ({kind})"), args={
                   "adult": name, "child": child_name, "kind": Msg(kind.msgid)}),
               changed=(CLASSROOM,))
        return adult.id


@writes
def end_adult(uow: UnitOfWork, *, actor: Actor, adult_id: str, reason: object = "",
              today: dt.date | None = None) -> None:
    """The adult is no longer on the child's list from today (the row stays, dated)."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    why = text(reason, 200, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        adult = s.get(ClassAdult, adult_id)
        if adult is None or adult.valid_to is not None:
            raise NotFound(_("This adult is no longer on the child's list."))
        adult.valid_to = today
        adult.reason = (adult.reason + "\n" if adult.reason else "") + why
        child = get_child(s, adult.child_id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("{adult} taken off a child's adults"), args={"adult": adult.name}),
               changed=(CLASSROOM,))


@dataclass(frozen=True)
class AdultRow:
    id: str
    kind: AdultKind
    name: str
    relation: str
    masked_phone: str
    masked_id: str
    reason: str


def adult_rows(adults: list[ClassAdult]) -> list[AdultRow]:
    return [AdultRow(a.id, a.kind, a.name, a.relation, mask_phone(a.phone),
                     mask_identifier(a.id_number), a.reason) for a in adults]


@reads
def child_adults(uow: UnitOfWork, *, actor: Actor, child_id: str,
                 today: dt.date | None = None) -> list[AdultRow]:
    """The adults on a child's list now (masked numbers): the list the staff's screen keeps
    up to date, without the health notes of child_detail."""
    actor.require(Permission.MANAGE_CLASS)
    with uow:
        s = uow.session
        return adult_rows(active_adults(s, get_child(s, child_id).id, today))


# ---------------------------------------------------------------------------- enrolment


@writes
def apply(uow: UnitOfWork, *, actor: Actor, child_id: str, term_id: str, weekdays: object =
          "12345", applied_on: object = None, applied_by: object = "",
          today: dt.date | None = None) -> str:
    """A guardian's application for a term (报名)."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    on = day(applied_on, "applied_on", _("the date of the application"), required=False) \
        or today
    if on > today:
        raise ValidationError(_("An application is dated today or before."),
                              field="applied_on")
    days = parse_weekdays(weekdays)
    by = text(applied_by, 60, "applied_by", _("the guardian who applied"), required=True)
    with uow:
        s = uow.session
        child = get_child(s, child_id)
        term = s.get(ClassTerm, term_id)
        if term is None or term.archived_at is not None:
            raise NotFound(_("This term is no longer on the list."))
        if any(d not in term.weekdays for d in days):
            raise ValidationError(_("The class runs on {days} this term.").format(
                days=weekdays_text(term.weekdays)), field="weekdays")
        if s.scalar(select(ClassEnrolment.id).where(
                ClassEnrolment.child_id == child.id, ClassEnrolment.term_id == term.id,
                ClassEnrolment.status != EnrolmentStatus.WITHDRAWN,
                ClassEnrolment.archived_at.is_(None))) is not None:
            raise ValidationError(_("This child has already applied for {term}.").format(
                term=term.name), field="term_id")
        e = ClassEnrolment(child_id=child.id, term_id=term.id, status=EnrolmentStatus.APPLIED,
                           weekdays=days, applied_on=on, applied_by=by)
        s.add(e)
        s.flush()
        name = get_resident(s, child.resident_id).name
        finish(uow, actor, AuditAction.CREATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("{name} applied for the after-school class ({term})"),
                           args={"name": name, "term": term.name}), changed=(CLASSROOM,))
        return e.id


def acceptance_problems(s: Session, child: ClassChild, term: ClassTerm, today: dt.date
                        ) -> list[str]:
    """What stops a child from being accepted, in words; empty when nothing does."""
    out = []
    r = get_resident(s, child.resident_id)
    age = age_on(r.birth_date, term.starts_on)
    if (age is None or age < CONSENT_AGE) and child.consent_on is None:
        out.append(_("the guardian's consent to keeping the child's data (under 14)"))
    if not agreement_current(child.safety_agreement_on, max(term.starts_on, today)):
        out.append(_("the safety agreement signed for this school year"))
    settings = class_settings(s)
    count = len(collectors(active_adults(s, child.id, today)))
    if count < settings.least_collectors:
        out.append(_("at least {n} adults who may collect the child").format(
            n=settings.least_collectors))
    return out


@writes
def decide(uow: UnitOfWork, *, actor: Actor, enrolment_id: str, status: EnrolmentStatus,
           reason: object = "", weekdays: object = None, today: dt.date | None = None) -> None:
    """Accept (needs the consents, the safety agreement, the adults and a free place), put on
    the waiting list, not accept (with the reason), or withdraw."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    status = EnrolmentStatus(status)
    why = text(reason, 300, "reason", _("the reason"),
               required=status in (EnrolmentStatus.DECLINED, EnrolmentStatus.WITHDRAWN))
    with uow:
        s = uow.session
        e = s.get(ClassEnrolment, enrolment_id)
        if e is None or e.archived_at is not None:
            raise NotFound(_("This application is no longer on the list."))
        child = get_child(s, e.child_id)
        term = s.get(ClassTerm, e.term_id)
        assert term is not None
        name = get_resident(s, child.resident_id).name
        if weekdays is not None:
            e.weekdays = parse_weekdays(weekdays)
        if status == EnrolmentStatus.ACCEPTED and e.status != EnrolmentStatus.ACCEPTED:
            missing = acceptance_problems(s, child, term, today)
            if missing:
                raise ValidationError(_("{name} cannot be accepted yet. Missing: {what}."
                                        ).format(name=name, what=_("; ").join(missing)),
                                      field="status")
            # a child who has left the class (moved out, died) no longer holds a place
            taken = s.scalar(select(func.count()).select_from(ClassEnrolment).join(
                ClassChild, ClassChild.id == ClassEnrolment.child_id).where(
                ClassEnrolment.term_id == term.id,
                ClassEnrolment.status == EnrolmentStatus.ACCEPTED,
                ClassEnrolment.archived_at.is_(None),
                (ClassChild.valid_to.is_(None)) | (ClassChild.valid_to > today))) or 0
            if taken >= term.places:
                raise ValidationError(_("All {n} places of {term} are taken: put {name} on "
                                        "the waiting list.").format(n=term.places,
                                                                    term=term.name, name=name),
                                      field="status")
        e.status, e.reason = status, why
        e.decided_on, e.decided_by = today, actor.username
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("{name}'s application for {term}: {status}"), args={
                   "name": name, "term": term.name, "status": Msg(status.msgid)}),
               changed=(CLASSROOM,))


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment_id: str
    child_id: str
    resident_id: str
    name: str
    age: int | None
    school: str
    grade: str
    class_name: str
    status: EnrolmentStatus
    weekdays: str
    applied_on: dt.date
    applied_by: str
    priority: bool  # 留守 or migrant: first on the waiting list
    collectors: int
    problems: tuple[str, ...]  # what stops acceptance ("" when nothing)
    reason: str
    has_health_notes: bool


def enrolment_rows(s: Session, term_id: str, today: dt.date) -> list[EnrolmentRow]:
    """A term's applications: accepted first, then the waiting list in its order (priority,
    then the date applied), then the rest."""
    term = s.get(ClassTerm, term_id)
    if term is None:
        raise NotFound(_("This term is no longer on the list."))
    pairs = list(s.execute(select(ClassEnrolment, ClassChild).join(
        ClassChild, ClassChild.id == ClassEnrolment.child_id).where(
        ClassEnrolment.term_id == term_id, ClassEnrolment.archived_at.is_(None))))
    tags = current_tags(s, today, [c.resident_id for _e, c in pairs])
    rows = []
    for e, c in pairs:
        r = get_resident(s, c.resident_id)
        first = priority(left_behind=LEFT_BEHIND_TAG in tags.get(c.resident_id, {}),
                         migrant=c.migrant or r.registration_type == RegistrationType.MIGRANT
                         ) == 0
        problems = tuple(acceptance_problems(s, c, term, today)) \
            if e.status != EnrolmentStatus.ACCEPTED else ()
        rows.append(EnrolmentRow(
            e.id, c.id, c.resident_id, r.name, age_on(r.birth_date, today), c.school, c.grade,
            c.class_name, e.status, e.weekdays, e.applied_on, e.applied_by, first,
            len(collectors(active_adults(s, c.id, today))), problems, e.reason,
            bool(c.health_notes or c.allergies)))
    order = {EnrolmentStatus.ACCEPTED: 0, EnrolmentStatus.APPLIED: 1,
             EnrolmentStatus.WAITING: 2, EnrolmentStatus.DECLINED: 3,
             EnrolmentStatus.WITHDRAWN: 4}
    return sorted(rows, key=lambda x: (order[x.status], not x.priority, x.applied_on, x.name))


@reads
def list_enrolments(uow: UnitOfWork, *, actor: Actor, term_id: str,
                    today: dt.date | None = None) -> list[EnrolmentRow]:
    actor.require(Permission.MANAGE_CLASS)
    with uow:
        return enrolment_rows(uow.session, term_id, today or dt.date.today())


# ------------------------------------------------------------------ a child's full record


def on_duty(s: Session, actor: Actor, on: dt.date) -> bool:
    """The person is on the class's duty list that day: their account, or — for an
    after-school volunteer's account, which is not linked to a volunteer record — a volunteer
    on duty of the account's name."""
    duties = select(ClassDuty).join(ClassDay, ClassDay.id == ClassDuty.day_id).where(
        ClassDay.on == on, ClassDuty.archived_at.is_(None))
    if s.scalar(duties.where(ClassDuty.staff_username == actor.username).limit(1)) is not None:
        return True
    if actor.role != Role.CLASS_VOLUNTEER:
        return False
    ids = [x.volunteer_id for x in s.scalars(duties) if x.volunteer_id]
    return any(same_name(n, actor.display_name) for n in volunteer_names(s, ids).values())


def class_names(s: Session) -> set[str]:
    """The names of every child of the class (a whole name is never taken as a part of
    another's)."""
    ids = list(s.scalars(select(ClassChild.resident_id).where(ClassChild.archived_at.is_(None))))
    return set(resident_names(s, ids).values())


@writes
def new_slip_code(uow: UnitOfWork, *, actor: Actor, child_id: str) -> str:
    """A new pick-up slip code for a child (a slip lost or given to the wrong person): the old
    slip no longer matches."""
    actor.require(Permission.MANAGE_CLASS)
    with uow:
        s = uow.session
        child = get_child(s, child_id)
        child.slip_code = _new_slip_code(s)
        name = get_resident(s, child.resident_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("New pick-up slip code for {name}"), args={"name": name}),
               changed=(CLASSROOM,))
        return child.slip_code


def audit_health_view(uow: UnitOfWork, actor: Actor, child: ClassChild, name: str,
                      today: dt.date) -> None:
    """A child's health notes seen by someone off duty today: in the audit log."""
    if (child.health_notes or child.allergies) and not on_duty(uow.session, actor, today):
        finish(uow, actor, AuditAction.REVEAL, target_kind="resident",
               target_id=child.resident_id,
               summary=Msg(N_("Viewed {name}'s health notes (not on duty)"),
                           args={"name": name}))
    else:
        uow.commit()


@dataclass(frozen=True)
class ChildDetail:
    child_id: str
    resident_id: str
    name: str
    age: int | None
    form: ChildForm
    slip_code: str
    adults: tuple[AdultRow, ...]
    ended: dt.date | None
    end_reason: str


@writes
def child_detail(uow: UnitOfWork, *, actor: Actor, child_id: str,
                 today: dt.date | None = None) -> ChildDetail:
    """A child's record with the health notes (a view off duty is audited)."""
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        c = get_child(s, child_id)
        r = get_resident(s, c.resident_id)
        detail = ChildDetail(
            c.id, r.id, r.name, age_on(r.birth_date, today),
            ChildForm(r.id, c.school, c.grade, c.class_name, c.migrant, c.allergies,
                      c.health_notes, c.may_leave_alone, c.consent_on, c.consent_by,
                      c.safety_agreement_on, c.notes),
            c.slip_code, tuple(adult_rows(active_adults(s, c.id, today))), c.valid_to,
            c.end_reason)
        audit_health_view(uow, actor, c, r.name, today)
        return detail


@dataclass(frozen=True)
class ChildRow:
    child_id: str
    resident_id: str
    name: str
    age: int | None
    school: str
    grade: str
    class_name: str
    collectors: int
    consent_ok: bool
    agreement_ok: bool
    has_health_notes: bool
    ended: dt.date | None


@reads
def list_children(uow: UnitOfWork, *, actor: Actor, include_ended: bool = False,
                  today: dt.date | None = None) -> list[ChildRow]:
    actor.require(Permission.MANAGE_CLASS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        q = select(ClassChild).where(ClassChild.archived_at.is_(None))
        if not include_ended:
            q = q.where(ClassChild.valid_to.is_(None))
        rows = []
        for c in s.scalars(q):
            r = get_resident(s, c.resident_id)
            age = age_on(r.birth_date, today)
            rows.append(ChildRow(
                c.id, r.id, r.name, age, c.school, c.grade, c.class_name,
                len(collectors(active_adults(s, c.id, today))),
                c.consent_on is not None or (age is not None and age >= CONSENT_AGE),
                agreement_current(c.safety_agreement_on, today),
                bool(c.health_notes or c.allergies), c.valid_to))
        return sorted(rows, key=lambda x: (x.ended is not None, x.grade, x.name))
