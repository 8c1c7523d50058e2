"""The visit list (探访对象): who qualifies (tags, age — rules.qualifies), who agreed to be
visited, the tier and its reason, the pair that visits them; the visiting pairs; and the major
changes that ask for a visit within 24 hours."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import (
    ResidentRow,
    birth_dates,
    current_tags,
    get_resident,
    rows_for,
    tag_names,
)
from neighborcenter.features.register.rules.dates import age_on, latest_birth_date
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.features.visits import VISITS
from neighborcenter.features.visits.models import (
    MajorChange,
    Visit,
    VisitElder,
    VisitPair,
    VisitPlan,
)
from neighborcenter.features.visits.rules import (
    URGENT_HOURS,
    ChangeKind,
    Frequency,
    PlanKind,
    Qualifies,
    Tier,
    Willing,
    closes_on,
    interval_due,
    qualifies,
)
from neighborcenter.features.visits.settings import VisitSettings, visit_settings
from neighborcenter.features.volunteers.ledger import get_volunteer
from neighborcenter.features.volunteers.people import day, status_of, text, volunteer_names
from neighborcenter.features.volunteers.rules import VolunteerStatus
from neighborcenter.i18n import N_, N_plural, _
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import UnitOfWork

# ----------------------------------------------------------------------------- eligibility


def qualifying(session: Session, today: dt.date, settings: VisitSettings | None = None
               ) -> dict[str, Qualifies]:
    """Every resident on the register who qualifies for visits today, and why."""
    settings = settings or visit_settings(session)
    tags = current_tags(session, today)
    births = birth_dates(session, born_by=latest_birth_date(settings.min_age, today))
    out: dict[str, Qualifies] = {}
    for rid in set(tags) | set(births):
        age = age_on(births.get(rid), today)
        q = qualifies(age=age, tags=tags.get(rid, {}), qualifying_tags=settings.qualifying_tags,
                      min_age=settings.min_age)
        if q is not None:
            out[rid] = q
    return out


def reasons_text(reasons: str | tuple[str, ...], tag_names: dict[str, str]) -> str:
    """"living_alone,age" → "独居、80岁以上"."""
    codes = reasons.split(",") if isinstance(reasons, str) else reasons
    return _("、").join(_("80 or older") if c == "age" else tag_names.get(c, c)
                       for c in codes if c)


# ------------------------------------------------------------------------------ the list


def open_elder(session: Session, resident_id: str) -> VisitElder | None:
    """The elder's row on the list (the open one, if a merge left two)."""
    return session.scalars(select(VisitElder).where(
        VisitElder.resident_id == resident_id, VisitElder.archived_at.is_(None))
        .order_by(VisitElder.valid_to.is_not(None), VisitElder.since.desc())).first()


def last_visits(session: Session, resident_ids: list[str] | None = None) -> dict[str, dt.date]:
    q = select(Visit.resident_id, func.max(Visit.visited_at)).where(
        Visit.archived_at.is_(None)).group_by(Visit.resident_id)
    if resident_ids is not None:
        q = q.where(Visit.resident_id.in_(resident_ids))
    # the day where the centre is (a visit at 07:00 in Beijing is 23:00 UTC the day before)
    return {rid: at.astimezone().date() for rid, at in session.execute(q) if at is not None}


@dataclass(frozen=True)
class ElderRow:
    elder_id: str
    resident: ResidentRow  # name, age, masked ID and phone, address, tags
    reasons: str  # "独居、80岁以上"
    willing: Willing
    tier: Tier
    tier_reason: str
    frequency: Frequency
    pair_id: str | None
    pair: str  # the pair's name, or ""
    last_visit: dt.date | None
    #: the last day before they count as not visited for too long (from their last visit, or
    #: from the day they were put on the list)
    next_due: dt.date | None
    ended: dt.date | None
    willing_on: dt.date | None = None  # when they answered (the form is filled from it)
    notes: str = ""

    def overdue(self, today: dt.date) -> bool:
        """Not visited for longer than their frequency (counted from the day they were put on
        the list when never visited)."""
        return self.ended is None and self.willing == Willing.YES and (
            self.next_due is not None and self.next_due < today)


def elder_rows(session: Session, today: dt.date, *, include_ended: bool = False,
               resident_ids: list[str] | None = None) -> list[ElderRow]:
    settings = visit_settings(session)
    q = select(VisitElder).where(VisitElder.archived_at.is_(None))
    if not include_ended:
        q = q.where(or_(VisitElder.valid_to.is_(None), VisitElder.valid_to >= today))
    if resident_ids is not None:
        q = q.where(VisitElder.resident_id.in_(resident_ids))
    elders = list(session.scalars(q))
    residents = {r.id: r for r in rows_for(session, [e.resident_id for e in elders])}
    pairs = {pid: name for pid, name in session.execute(select(VisitPair.id, VisitPair.name))}
    last = last_visits(session, [e.resident_id for e in elders] if resident_ids else None)
    names = tag_names(session)
    out = []
    for e in elders:
        if e.resident_id not in residents:
            continue
        freq = settings.frequency_of(e.tier)
        seen = last.get(e.resident_id)
        out.append(ElderRow(e.id, residents[e.resident_id], reasons_text(e.reasons, names),
                            e.willing, e.tier, e.tier_reason, freq, e.pair_id,
                            pairs.get(e.pair_id or "", ""), seen,
                            interval_due(seen or e.since, freq), e.valid_to,
                            e.willing_on, e.notes))
    tier_order = {Tier.HIGH: 0, Tier.PRIORITY: 1, Tier.GENERAL: 2}
    out.sort(key=lambda r: (r.ended is not None, tier_order[r.tier], r.resident.name))
    return out


@reads
def list_elders(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None,
                include_ended: bool = False) -> list[ElderRow]:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return elder_rows(uow.session, today or dt.date.today(), include_ended=include_ended)


@dataclass(frozen=True)
class Candidate:
    """A resident who qualifies and is not on the list yet (待纳入)."""

    resident: ResidentRow
    reasons: str
    reason_codes: tuple[str, ...]
    suggested_tier: Tier


@reads
def list_candidates(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None
                    ) -> list[Candidate]:
    actor.require(Permission.VIEW_VISITS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        found = qualifying(s, today)
        listed = set(s.scalars(select(VisitElder.resident_id).where(
            VisitElder.archived_at.is_(None))))
        ids = sorted(rid for rid in found if rid not in listed)
        names = tag_names(s)
        return sorted((Candidate(row, reasons_text(found[row.id].reasons, names),
                                 found[row.id].reasons, found[row.id].tier)
                       for row in rows_for(s, ids)), key=lambda c: c.resident.name)


@dataclass
class ElderForm:
    willing: Willing = Willing.UNKNOWN
    willing_on: object = None  # when they said yes or no
    tier: Tier = Tier.GENERAL
    tier_reason: str = ""
    pair_id: str | None = None
    notes: str = ""


@writes
def save_elder(uow: UnitOfWork, *, actor: Actor, resident_id: str, form: ElderForm) -> str:
    """Put a resident on the visit list, or change their willingness, tier or pair."""
    actor.require(Permission.RECORD_VISITS)
    willing = Willing(form.willing)
    willing_on = day(form.willing_on, "willing_on", _("the date they answered"),
                     required=willing != Willing.UNKNOWN)
    if willing_on and willing_on > dt.date.today():
        raise ValidationError(_("The date they answered is in the future."), field="willing_on")
    tier = Tier(form.tier)
    reason = text(form.tier_reason, 500, "tier_reason", _("the reason for the tier"),
                  required=True)
    notes = text(form.notes, 2000, "notes", _("the notes"))
    with uow:
        s = uow.session
        resident = get_resident(s, resident_id)
        if resident.archived_at is not None:
            raise NotFound(_("This resident is no longer in the register."))
        if resident.status != ResidentStatus.ACTIVE:
            raise ValidationError(_("{name} is no longer on the register ({status}): nobody "
                                    "to visit.").format(name=resident.name,
                                                        status=resident.status.label))
        if form.pair_id:
            _active_pair(s, form.pair_id)
        e = open_elder(s, resident_id)
        created = e is None or e.valid_to is not None
        if created:
            found = qualifying(s, dt.date.today()).get(resident_id)
            e = VisitElder(resident_id=resident_id, since=dt.date.today(),
                           reasons=",".join(found.reasons) if found else "")
            s.add(e)
        assert e is not None
        e.willing, e.willing_on, e.tier, e.tier_reason = willing, willing_on, tier, reason
        if e.pair_id != form.pair_id:  # the visits still to make go to the new pair
            repoint_open_plans(s, resident_id, form.pair_id, dt.date.today())
        e.pair_id, e.notes = form.pair_id, notes
        s.flush()
        if willing == Willing.NO:  # no visits for someone who declined
            _cancel_open_plans(s, resident_id, dt.date.today())
        finish(uow, actor, AuditAction.CREATE if created else AuditAction.UPDATE,
               target_kind="visit_elder", target_id=e.id,
               summary=Msg(N_("Saved {name} on the visit list ({tier})"),
                           args={"name": resident.name, "tier": Msg(tier.msgid)}),
               changed=(VISITS,))
        return e.id


@dataclass(frozen=True)
class Added:
    added: int
    already: int


@writes
def add_candidates(uow: UnitOfWork, *, actor: Actor, resident_ids: list[str]) -> Added:
    """Put qualifying residents on the list with the suggested tier; their willingness is
    "not asked yet" until someone asks them (no plan is made for them before)."""
    actor.require(Permission.RECORD_VISITS)
    if not resident_ids:
        raise ValidationError(_("Choose the residents to put on the visit list."),
                              field="residents")
    today = dt.date.today()
    with uow:
        s = uow.session
        found = qualifying(s, today)
        names = tag_names(s)
        added = already = 0
        for rid in dict.fromkeys(resident_ids):
            if rid not in found:
                raise ValidationError(_("Someone chosen no longer qualifies for visits; "
                                        "nothing was added."))
            current = open_elder(s, rid)
            if current is not None and (current.valid_to is None or current.valid_to >= today):
                already += 1
                continue
            q = found[rid]
            s.add(VisitElder(resident_id=rid, since=today, reasons=",".join(q.reasons),
                             willing=Willing.UNKNOWN, tier=q.tier,
                             tier_reason=reasons_text(q.reasons, names)))
            added += 1
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="visit_elder",
               summary=Msg(*N_plural("Put {n} elder on the visit list",
                                      "Put {n} elders on the visit list"), args={"n": added}),
               changed=(VISITS,))
        return Added(added, already)


@writes
def end_elder(uow: UnitOfWork, *, actor: Actor, elder_id: str, on: object,
              reason: object) -> None:
    """Take an elder off the list from a day (nothing is deleted; their plans after that day
    are no longer counted)."""
    actor.require(Permission.RECORD_VISITS)
    when = day(on, "on", _("the date"))
    why = text(reason, 500, "reason", _("the reason"), required=True)
    if when and when > dt.date.today():
        raise ValidationError(_("The date is in the future: take them off the list on the "
                                "day it happens."), field="on")
    with uow:
        s = uow.session
        e = _elder(s, elder_id)
        if e.valid_to is not None:
            raise ValidationError(_("This elder is already off the visit list."))
        assert when is not None
        e.valid_to, e.end_reason = when, why
        _cancel_open_plans(s, e.resident_id, when)
        finish(uow, actor, AuditAction.UPDATE, target_kind="visit_elder", target_id=e.id,
               summary=Msg(N_("Took an elder off the visit list")), changed=(VISITS,))


def _elder(session: Session, elder_id: str) -> VisitElder:
    e = session.get(VisitElder, elder_id)
    if e is None or e.archived_at is not None:
        raise NotFound(_("This elder is no longer on the visit list."))
    return e


def _open_plans(session: Session, resident_id: str, on: dt.date, *, by_due: bool = False
                ) -> list[VisitPlan]:
    """Plans not made that can still be made on or after ``on`` (overdue ones too), or with
    ``by_due`` those whose last day is on or after it."""
    last = VisitPlan.due_on if by_due else VisitPlan.closes_on
    return list(session.scalars(select(VisitPlan).where(
        VisitPlan.resident_id == resident_id, VisitPlan.visit_id.is_(None),
        VisitPlan.cancelled_on.is_(None), last >= on)))


def _cancel_open_plans(session: Session, resident_id: str, on: dt.date) -> None:
    """Plans not made whose last day is ``on`` or later are cancelled (not counted): the
    elder declined or left. One already overdue stays: it was due while they were here, and
    a visit made then can still be entered."""
    for p in _open_plans(session, resident_id, on, by_due=True):
        p.cancelled_on = on


def repoint_open_plans(session: Session, resident_id: str, pair_id: str | None,
                       on: dt.date) -> None:
    """The plans still to make go with the elder to their (new) pair."""
    for p in _open_plans(session, resident_id, on):
        p.pair_id = pair_id


# ---------------------------------------------------------------------------------- pairs


@dataclass
class PairForm:
    name: str = ""
    first_volunteer_id: str | None = None
    second_volunteer_id: str | None = None
    staff_username: str | None = None  # a social worker instead of (or with) volunteers
    substitute_volunteer_id: str | None = None
    active: bool = True
    notes: str = ""


def _active_pair(session: Session, pair_id: str) -> VisitPair:
    p = session.get(VisitPair, pair_id)
    if p is None or p.archived_at is not None:
        raise NotFound(_("This visiting pair is no longer on the list."))
    if not p.active:
        raise ValidationError(_("The pair {name} no longer visits; choose another.").format(
            name=p.name), field="pair")
    return p


@writes
def save_pair(uow: UnitOfWork, *, actor: Actor, form: PairForm,
              pair_id: str | None = None) -> str:
    actor.require(Permission.RECORD_VISITS)
    name = text(form.name, 60, "name", _("the pair's name"), required=True)
    notes = text(form.notes, 2000, "notes", _("the notes"))
    people = [v for v in (form.first_volunteer_id, form.second_volunteer_id) if v]
    if len(set(people)) != len(people):
        raise ValidationError(_("The two visitors are the same person."), field="second")
    if not form.staff_username and len(people) < 2:
        raise ValidationError(_("A pair is two volunteers, or a social worker (with a "
                                "volunteer or alone)."), field="first")
    if form.substitute_volunteer_id and form.substitute_volunteer_id in people:
        raise ValidationError(_("The substitute is already one of the pair."),
                              field="substitute")
    with uow:
        s = uow.session
        for vid in [*people, form.substitute_volunteer_id]:
            if vid:
                v = get_volunteer(s, vid)
                if status_of(v) != VolunteerStatus.ACTIVE:
                    raise ValidationError(_("{name} is not serving as a volunteer now.").format(
                        name=v.name), field="first")
        if form.staff_username and s.scalar(select(Account.id).where(
                Account.username == form.staff_username)) is None:
            raise NotFound(_("This staff account does not exist."))
        clash = s.scalar(select(VisitPair.id).where(VisitPair.name == name,
                                                    VisitPair.id != (pair_id or "")))
        if clash:
            raise ValidationError(_("Another pair is called {name}.").format(name=name),
                                  field="name")
        p = s.get(VisitPair, pair_id) if pair_id else None
        if pair_id and p is None:
            raise NotFound(_("This visiting pair is no longer on the list."))
        if p is None:
            p = VisitPair()
            s.add(p)
        p.name, p.notes, p.active = name, notes, form.active
        p.first_volunteer_id, p.second_volunteer_id = form.first_volunteer_id, \
            form.second_volunteer_id
        p.staff_username = form.staff_username or None
        p.substitute_volunteer_id = form.substitute_volunteer_id
        s.flush()
        finish(uow, actor, AuditAction.UPDATE if pair_id else AuditAction.CREATE,
               target_kind="visit_pair", target_id=p.id,
               summary=Msg(N_("Saved the visiting pair {name}"), args={"name": name}),
               changed=(VISITS,))
        return p.id


@dataclass(frozen=True)
class PairRow:
    id: str
    name: str
    visitors: str  # "王秀英、李建国" or "社工 zhang"
    first_volunteer_id: str | None
    second_volunteer_id: str | None
    staff_username: str | None
    substitute_volunteer_id: str | None
    substitute: str
    active: bool
    elders: int  # on the list, assigned to this pair
    notes: str

    @property
    def volunteer_ids(self) -> tuple[str, ...]:
        return tuple(v for v in (self.first_volunteer_id, self.second_volunteer_id) if v)


def pair_rows(session: Session, today: dt.date | None = None) -> list[PairRow]:
    today = today or dt.date.today()
    names = volunteer_names(session)
    staff = {u: n for u, n in session.execute(select(Account.username, Account.display_name))}
    load = Counter(pid for pid in session.scalars(select(VisitElder.pair_id).where(
        VisitElder.archived_at.is_(None), VisitElder.pair_id.is_not(None),
        or_(VisitElder.valid_to.is_(None), VisitElder.valid_to >= today))))
    out = []
    for p in session.scalars(select(VisitPair).where(VisitPair.archived_at.is_(None))
                             .order_by(VisitPair.active.desc(), VisitPair.name)):
        who = [names.get(v, "?") for v in (p.first_volunteer_id, p.second_volunteer_id) if v]
        if p.staff_username:
            who.insert(0, _("Social worker {name}").format(
                name=staff.get(p.staff_username) or p.staff_username))
        out.append(PairRow(p.id, p.name, _("、").join(who), p.first_volunteer_id,
                           p.second_volunteer_id, p.staff_username, p.substitute_volunteer_id,
                           names.get(p.substitute_volunteer_id or "", ""), p.active,
                           load[p.id], p.notes))
    return out


@reads
def list_pairs(uow: UnitOfWork, *, actor: Actor) -> list[PairRow]:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return pair_rows(uow.session)


@dataclass(frozen=True)
class StaffRow:
    username: str
    name: str


@reads
def visiting_staff(uow: UnitOfWork, *, actor: Actor) -> list[StaffRow]:
    """The staff who may visit in a pair (social workers and administrators), to choose
    from: listing every account needs more than recording visits."""
    actor.require(Permission.RECORD_VISITS)
    with uow:
        return [StaffRow(username, name) for username, name in uow.session.execute(
            select(Account.username, Account.display_name)
            .where(Account.archived_at.is_(None),
                   Account.role.in_((Role.ADMIN, Role.SOCIAL_WORKER)))
            .order_by(Account.display_name))]


# ---------------------------------------------------------------------------- major change


def moment(raw: object, field: str, what: str) -> dt.datetime:
    """A day and a time as typed: "2026-11-30 14:30" (or 14：30), or the day alone (its
    start)."""
    value = str(raw or "").strip().replace("T", " ").replace("：", ":")
    date_part, _sep, time_part = value.partition(" ")
    when = day(date_part, field, what)
    assert when is not None
    time_part = time_part.strip()
    hours, _sep, minutes = time_part.partition(":")
    if not time_part:
        return dt.datetime.combine(when, dt.time(0, 0))
    if hours.isdigit() and (minutes.isdigit() or not minutes) and int(hours) <= 23 \
            and int(minutes or 0) <= 59:
        return dt.datetime.combine(when, dt.time(int(hours), int(minutes or 0)))
    raise ValidationError(_("Write the day and the time as 2026-11-30 14:30."), field=field)


def add_major_change(session: Session, *, actor: Actor, elder: VisitElder, kind: ChangeKind,
                     happened_at: dt.datetime, notes: str = "") -> MajorChange:
    """report_major_change's work in the caller's unit of work (the demo's year): the change
    and its urgent plan, due within 24 hours of it."""
    change = MajorChange(resident_id=elder.resident_id, kind=kind, happened_at=happened_at,
                         notes=notes, reported_by=actor.username)
    session.add(change)
    session.flush()
    due = (happened_at.astimezone() + dt.timedelta(hours=URGENT_HOURS)).date()
    session.add(VisitPlan(resident_id=elder.resident_id, kind=PlanKind.URGENT, period=change.id,
                          change_id=change.id, starts_on=happened_at.astimezone().date(),
                          due_on=due, closes_on=closes_on(due, visit_settings(session).grace_days),
                          pair_id=elder.pair_id, tier=elder.tier, created_by=actor.username))
    session.flush()
    return change


@writes
def report_major_change(uow: UnitOfWork, *, actor: Actor, resident_id: str, kind: ChangeKind,
                        happened_at: dt.datetime | str, notes: object = "") -> str:
    """A discharge, a bereavement …: a visit is planned within 24 hours of it (an urgent plan,
    shown at the top of the home page until it is made). ``happened_at`` may be as typed:
    "2026-11-30 14:30", or the day alone."""
    actor.require(Permission.RECORD_VISITS)
    kind = ChangeKind(kind)
    note = text(notes, 2000, "notes", _("the notes"))
    if not isinstance(happened_at, dt.datetime):
        happened_at = moment(happened_at, "happened_at", _("when it happened"))
    now = dt.datetime.now().astimezone()
    if happened_at.tzinfo is None:
        happened_at = happened_at.astimezone()
    if happened_at > now + dt.timedelta(minutes=5):
        raise ValidationError(_("The time of the change is in the future."), field="happened_at")
    with uow:
        s = uow.session
        e = open_elder(s, resident_id)
        if e is None or (e.valid_to is not None and e.valid_to < now.date()):
            raise ValidationError(_("This resident is not on the visit list; put them on it "
                                    "first."), field="resident")
        if e.willing == Willing.NO:
            raise ValidationError(_("This elder declined visits; call them or their family "
                                    "instead."), field="resident")
        if e.willing != Willing.YES:
            raise ValidationError(_("Record first whether this elder wants visits (Edit on the "
                                    "visit list); then report the change."), field="resident")
        change = add_major_change(s, actor=actor, elder=e, kind=kind,
                                  happened_at=happened_at, notes=note)
        finish(uow, actor, AuditAction.CREATE, target_kind="visit_elder", target_id=e.id,
               summary=Msg(N_("Reported a major change ({kind}): a visit within 24 hours"),
                           args={"kind": Msg(kind.msgid)}), changed=(VISITS,))
        return change.id
