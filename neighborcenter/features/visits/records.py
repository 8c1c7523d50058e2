"""A visit recorded (探访记录): when and how, by whom, what was seen in the five areas, the
hazards, the follow-ups (需求转介: what, who owns it, by when) and the emergency flag that
puts the case at the top of the home page. It fulfils the elder's open planned visits of that
day, and credits its volunteer visitors' hours — once per visit, however often it is edited —
through the volunteers' service (hours.credit_service)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import get_resident, resident_names
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.features.visits import VISITS
from neighborcenter.features.visits.elders import open_elder
from neighborcenter.features.visits.models import (
    FollowUp,
    Visit,
    VisitCampaign,
    Visitor,
    VisitPlan,
)
from neighborcenter.features.visits.plans import get_plan, plans_made_by
from neighborcenter.features.visits.rules import (
    Area,
    FollowUpStatus,
    Method,
    PlanKind,
    Willing,
    checked_items,
    split_items,
)
from neighborcenter.features.visits.settings import visit_settings
from neighborcenter.features.volunteers.hours import credit_service
from neighborcenter.features.volunteers.ledger import get_volunteer
from neighborcenter.features.volunteers.people import day, text, volunteer_names
from neighborcenter.features.volunteers.rules import parse_hours
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Account, utcnow
from neighborcenter.storage.uow import UnitOfWork

AREA_FIELDS = {Area.HEALTH: "health", Area.ECONOMY: "economy", Area.FAMILY: "family",
               Area.SAFETY: "safety", Area.NEEDS: "needs"}


@dataclass
class FollowUpForm:
    description: str = ""
    owner: str = ""  # a person or an organisation (街道民政科, 家庭医生 …)
    due_on: object = None
    area: Area | None = None


@dataclass
class VisitForm:
    """What the visit form (and the paper sheet, in the same order) holds."""

    resident_id: str = ""
    on: object = None  # the day, as typed
    at: object = None  # the time "14:30", as typed; empty: 09:00
    method: Method = Method.HOME
    duration: object = None  # hours as typed ("1", "0.5", "30分钟"); empty: the method's default
    volunteer_ids: list[str] = field(default_factory=list)
    staff_usernames: list[str] = field(default_factory=list)
    items: dict[Area, set[str]] = field(default_factory=dict)  # ticked: needs attention
    notes: dict[Area, str] = field(default_factory=dict)
    hazards: str = ""
    emergency: bool = False
    emergency_notes: str = ""
    signed_by: str = ""  # the elder or the family member who signed the paper sheet
    from_paper: bool = False
    general_notes: str = ""
    follow_ups: list[FollowUpForm] = field(default_factory=list)  # new ones only
    plan_id: str | None = None  # the planned visit it makes; empty: every open one that day


def _time(raw: object) -> dt.time:
    value = str(raw or "").strip().replace("：", ":")
    if not value:
        return dt.time(9, 0)
    hours, _sep, minutes = value.partition(":")
    if hours.isdigit() and (minutes.isdigit() or not minutes):
        h, m = int(hours), int(minutes or 0)
        if 0 <= h <= 23 and 0 <= m <= 59:
            return dt.time(h, m)
    raise ValidationError(_("Write the time as hours:minutes, e.g. 14:30."), field="at")


def _follow_up(form: FollowUpForm, visit_day: dt.date, n: int) -> tuple[str, str, dt.date]:
    what = text(form.description, 1000, f"follow_up_{n}", _("what is to be done"),
                required=True)
    owner = text(form.owner, 60, f"follow_up_{n}_owner", _("who does it"), required=True)
    due = day(form.due_on, f"follow_up_{n}_due", _("by when"))
    assert due is not None
    if due < visit_day:
        raise ValidationError(_("A follow-up is due on or after the visit."),
                              field=f"follow_up_{n}_due")
    return what, owner, due


@writes
def record_visit(uow: UnitOfWork, *, actor: Actor, form: VisitForm,
                 visit_id: str | None = None) -> str:
    """Record a visit (or correct one). It fulfils the planned visits it makes, adds its
    follow-ups and credits the volunteers among the visitors with its time (pending
    approval). A visit can be recorded late: an overdue plan is still made until it closes."""
    actor.require(Permission.RECORD_VISITS)
    method = Method(form.method)
    on = day(form.on, "on", _("the date of the visit"))
    assert on is not None
    if on > dt.date.today():
        raise ValidationError(_("The visit's date is in the future."), field="on")
    at = dt.datetime.combine(on, _time(form.at)).astimezone()
    if not form.volunteer_ids and not form.staff_usernames:
        raise ValidationError(_("Choose who made the visit."), field="visitors")
    for area in form.items:
        Area(area)
    notes = {area: text(form.notes.get(area, ""), 2000, f"{AREA_FIELDS[area]}_notes",
                        _("the notes on {area}").format(area=area.label)) for area in Area}
    hazards = text(form.hazards, 2000, "hazards", _("the hazards"))
    emergency_notes = text(form.emergency_notes, 2000, "emergency_notes",
                           _("what happened"), required=form.emergency)
    signed_by = text(form.signed_by, 60, "signed_by", _("who signed"))
    general = text(form.general_notes, 2000, "notes", _("the notes"))
    follow_ups = [_follow_up(f, on, n) for n, f in enumerate(form.follow_ups)]
    with uow:
        s = uow.session
        if not form.resident_id:
            raise ValidationError(_("Choose the elder who was visited."), field="resident")
        resident = get_resident(s, form.resident_id)
        if resident.status == ResidentStatus.DECEASED and resident.status_date \
                and resident.status_date < on:
            raise ValidationError(_("{name} died on {day}, before this visit's date.").format(
                name=resident.name, day=resident.status_date.isoformat()), field="on")
        elder = open_elder(s, resident.id)
        if elder is None:
            raise ValidationError(_("{name} is not on the visit list; put them on it first."
                                    ).format(name=resident.name), field="resident")
        # a visit made before they declined (a paper sheet entered late) is still recorded
        if elder.willing == Willing.NO and visit_id is None and (
                elder.willing_on is None or on >= elder.willing_on):
            raise ValidationError(_("{name} declined visits. If they now agree, change that "
                                    "on the visit list first.").format(name=resident.name),
                                  field="resident")
        settings = visit_settings(s)
        minutes = (parse_hours(form.duration, field="duration")
                   if str(form.duration or "").strip() else settings.minutes[method])
        if minutes == 0:
            raise ValidationError(_("A visit lasts some time; enter how long it took."),
                                  field="duration")
        volunteers = [get_volunteer(s, vid) for vid in dict.fromkeys(form.volunteer_ids)]
        for username in form.staff_usernames:
            if s.scalar(select(Account.id).where(Account.username == username)) is None:
                raise NotFound(_("This staff account does not exist."))
        v_obj = s.get(Visit, visit_id) if visit_id else None
        if visit_id and (v_obj is None or v_obj.archived_at is not None):
            raise NotFound(_("This visit is no longer on record."))
        created = v_obj is None
        if v_obj is None:
            v_obj = Visit(resident_id=resident.id, recorded_by=actor.username)
            s.add(v_obj)
        elif v_obj.resident_id != resident.id:
            raise ValidationError(_("A visit stays with the elder it was recorded for."),
                                  field="resident")
        moved = not created and v_obj.visited_at != at
        v_obj.visited_at, v_obj.minutes, v_obj.method = at, minutes, method
        for area in Area:
            setattr(v_obj, AREA_FIELDS[area], checked_items(area, form.items.get(area, ())))
            setattr(v_obj, f"{AREA_FIELDS[area]}_notes", notes[area])
        v_obj.hazards, v_obj.signed_by, v_obj.notes = hazards, signed_by, general
        if form.emergency and not v_obj.emergency:
            v_obj.emergency_closed_on = None
        v_obj.emergency, v_obj.emergency_notes = form.emergency, emergency_notes
        v_obj.from_paper = form.from_paper
        s.flush()
        # the visitors, as now: who no longer is one is archived (kept, not deleted)
        wanted = {("v", v.id) for v in volunteers} | {("s", u) for u in form.staff_usernames}
        have = set()
        for row in s.scalars(select(Visitor).where(Visitor.visit_id == v_obj.id,
                                                   Visitor.archived_at.is_(None))):
            key = ("v", row.volunteer_id) if row.volunteer_id else ("s", row.staff_username)
            if key in wanted:
                have.add(key)
            else:
                row.archived_at = utcnow()
        for kind, who_id in sorted(wanted - have):
            s.add(Visitor(visit_id=v_obj.id, volunteer_id=who_id if kind == "v" else None,
                          staff_username=who_id if kind == "s" else None))
        # the plans it makes: when it is recorded, and again when its time is corrected
        if created or moved:
            for p in s.scalars(select(VisitPlan).where(VisitPlan.visit_id == v_obj.id)):
                p.visit_id = None
            s.flush()
            chosen = get_plan(s, form.plan_id) if form.plan_id else None
            for p in plans_made_by(s, resident.id, at, chosen):
                p.visit_id = v_obj.id
        for what, owner, due in follow_ups:
            s.add(FollowUp(visit_id=v_obj.id, resident_id=resident.id, description=what,
                           owner=owner, due_on=due, status=FollowUpStatus.OPEN))
        # the visitors' hours, once per visit
        staff_names = [n for n, in s.execute(select(Account.display_name).where(
            Account.username.in_(form.staff_usernames)))]
        v_obj.activity_id = credit_service(
            s, actor=actor, activity_id=v_obj.activity_id,
            name=_("Elder visit ({method})").format(method=method.label), on=on,
            minutes=minutes, volunteer_ids=[v.id for v in volunteers],
            organiser=_("Neighbourhood centre"),
            person_in_charge=(staff_names[0] if staff_names else volunteers[0].name))
        s.flush()
        finish(uow, actor, AuditAction.CREATE if created else AuditAction.UPDATE,
               target_kind="visit", target_id=v_obj.id,
               summary=Msg(N_("Recorded a visit to {name} on {day}"),
                           args={"name": resident.name, "day": on.isoformat()}),
               changed=(VISITS,) + (("volunteers",) if volunteers or v_obj.activity_id
                                    else ()))
        return v_obj.id


# ------------------------------------------------------------------------------- follow-ups


@dataclass(frozen=True)
class FollowUpRow:
    id: str
    visit_id: str
    resident_id: str
    name: str  # the elder
    description: str
    owner: str
    due_on: dt.date
    status: FollowUpStatus
    visit_on: dt.date
    closed_on: dt.date | None
    outcome: str

    def overdue(self, today: dt.date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < today


def follow_up_rows(session: Session, *, open_only: bool = True,
                   resident_ids: list[str] | None = None,
                   visit_ids: list[str] | None = None) -> list[FollowUpRow]:
    q = (select(FollowUp, Visit.visited_at)
         .join(Visit, Visit.id == FollowUp.visit_id)
         .where(FollowUp.archived_at.is_(None)))
    if open_only:
        q = q.where(FollowUp.status == FollowUpStatus.OPEN)
    if resident_ids is not None:
        q = q.where(FollowUp.resident_id.in_(resident_ids))
    if visit_ids is not None:
        q = q.where(FollowUp.visit_id.in_(visit_ids))
    found = list(session.execute(q))
    names = resident_names(session, {f.resident_id for f, _at in found})
    return sorted((FollowUpRow(f.id, f.visit_id, f.resident_id, names.get(f.resident_id, ""),
                               f.description, f.owner, f.due_on, f.status,
                               at.astimezone().date(), f.closed_on, f.outcome)
                   for f, at in found),
                  key=lambda r: (r.status != FollowUpStatus.OPEN, r.due_on, r.name))


@reads
def list_follow_ups(uow: UnitOfWork, *, actor: Actor, open_only: bool = True
                    ) -> list[FollowUpRow]:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return follow_up_rows(uow.session, open_only=open_only)


@writes
def close_follow_up(uow: UnitOfWork, *, actor: Actor, follow_up_id: str,
                    status: FollowUpStatus, outcome: object, on: object = None) -> None:
    """Close a follow-up as done (with what came of it) or cancelled (with why)."""
    actor.require(Permission.RECORD_VISITS)
    status = FollowUpStatus(status)
    if status == FollowUpStatus.OPEN:
        raise ValueError("closing means done or cancelled")
    result = text(outcome, 1000, "outcome",
                  _("what came of it") if status == FollowUpStatus.DONE else _("why"),
                  required=True)
    when = day(on or dt.date.today().isoformat(), "on", _("the date"))
    with uow:
        s = uow.session
        f = s.get(FollowUp, follow_up_id)
        if f is None or f.archived_at is not None:
            raise NotFound(_("This follow-up is no longer on record."))
        if f.status != FollowUpStatus.OPEN:
            raise ValidationError(_("This follow-up is already closed."))
        assert when is not None
        visited = s.get_one(Visit, f.visit_id).visited_at.astimezone().date()
        if when > dt.date.today():
            raise ValidationError(_("The date is in the future: close it on the day it is "
                                    "done."), field="on")
        if when < visited:
            raise ValidationError(_("The date is before the visit that raised it ({day})."
                                    ).format(day=visited.isoformat()), field="on")
        f.status, f.outcome, f.closed_on, f.closed_by = status, result, when, actor.username
        finish(uow, actor, AuditAction.UPDATE, target_kind="visit_follow_up", target_id=f.id,
               summary=Msg(N_("Closed a follow-up ({status})"),
                           args={"status": Msg(status.msgid)}), changed=(VISITS,))


@writes
def close_emergency(uow: UnitOfWork, *, actor: Actor, visit_id: str, notes: object) -> None:
    """The emergency of a visit is dealt with: it leaves the top of the home page."""
    actor.require(Permission.RECORD_VISITS)
    what = text(notes, 1000, "notes", _("how it was dealt with"), required=True)
    with uow:
        s = uow.session
        v = s.get(Visit, visit_id)
        if v is None or not v.emergency:
            raise NotFound(_("This emergency is no longer on record."))
        if v.emergency_closed_on is not None:
            raise ValidationError(_("This emergency is already dealt with."))
        v.emergency_closed_on = dt.date.today()
        v.emergency_notes = f"{v.emergency_notes}\n{what}".strip()
        finish(uow, actor, AuditAction.UPDATE, target_kind="visit", target_id=v.id,
               summary=Msg(N_("An emergency found on a visit was dealt with")),
               changed=(VISITS,))


# ---------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class VisitDetail:
    id: str
    resident_id: str
    name: str
    visited_at: dt.datetime
    minutes: int
    method: Method
    visitors: tuple[str, ...]  # names
    volunteer_ids: tuple[str, ...]
    staff_usernames: tuple[str, ...]
    items: dict[Area, tuple[str, ...]]
    notes: dict[Area, str]
    hazards: str
    emergency: bool
    emergency_notes: str
    emergency_closed_on: dt.date | None
    signed_by: str
    from_paper: bool
    general_notes: str
    follow_ups: tuple[FollowUpRow, ...]
    plans: tuple[str, ...]  # what it fulfilled: "常规探访 2026-11", "2026 中秋节"
    recorded_by: str


def visit_details(session: Session, visits: list[Visit]) -> list[VisitDetail]:
    if not visits:
        return []
    ids = [v.id for v in visits]
    names = volunteer_names(session)
    staff = {u: n for u, n in session.execute(select(Account.username, Account.display_name))}
    who: dict[str, list[Visitor]] = {}
    for row in session.scalars(select(Visitor).where(Visitor.visit_id.in_(ids),
                                                     Visitor.archived_at.is_(None))):
        who.setdefault(row.visit_id, []).append(row)
    residents = resident_names(session, {v.resident_id for v in visits})
    by_visit: dict[str, list[FollowUpRow]] = {}
    for f in follow_up_rows(session, open_only=False, visit_ids=ids):
        by_visit.setdefault(f.visit_id, []).append(f)
    plans: dict[str, list[str]] = {}
    from neighborcenter.features.visits.plans import campaign_name

    for p, festival, year in session.execute(
            select(VisitPlan, VisitCampaign.festival, VisitCampaign.year)
            .outerjoin(VisitCampaign, VisitCampaign.id == VisitPlan.campaign_id)
            .where(VisitPlan.visit_id.in_(ids))):
        label = campaign_name(festival, year) if festival else (
            f"{p.kind.label} {p.period}" if p.kind == PlanKind.ROUTINE else p.kind.label)
        plans.setdefault(p.visit_id or "", []).append(label)
    out = []
    for v in visits:
        rows = who.get(v.id, [])
        out.append(VisitDetail(
            v.id, v.resident_id, residents.get(v.resident_id, ""), v.visited_at, v.minutes,
            v.method,
            tuple(names.get(r.volunteer_id, "?") if r.volunteer_id
                  else staff.get(r.staff_username or "", r.staff_username or "")
                  for r in rows),
            tuple(r.volunteer_id for r in rows if r.volunteer_id),
            tuple(r.staff_username for r in rows if r.staff_username),
            {a: split_items(getattr(v, AREA_FIELDS[a])) for a in Area},
            {a: getattr(v, f"{AREA_FIELDS[a]}_notes") for a in Area},
            v.hazards, v.emergency, v.emergency_notes, v.emergency_closed_on, v.signed_by,
            v.from_paper, v.notes, tuple(by_visit.get(v.id, [])),
            tuple(plans.get(v.id, [])), v.recorded_by))
    return out


@reads
def visit_detail(uow: UnitOfWork, *, actor: Actor, visit_id: str) -> VisitDetail:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        v = uow.session.get(Visit, visit_id)
        if v is None or v.archived_at is not None:
            raise NotFound(_("This visit is no longer on record."))
        return visit_details(uow.session, [v])[0]


def visits_of(session: Session, resident_id: str, limit: int | None = None) -> list[VisitDetail]:
    q = (select(Visit).where(Visit.resident_id == resident_id, Visit.archived_at.is_(None))
         .order_by(Visit.visited_at.desc()))
    if limit:
        q = q.limit(limit)
    return visit_details(session, list(session.scalars(q)))


@reads
def elder_visits(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> list[VisitDetail]:
    """An elder's visits, newest first (their history on the visits page and the 360° page)."""
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return visits_of(uow.session, resident_id)


@dataclass(frozen=True)
class EmergencyRow:
    visit_id: str
    resident_id: str
    name: str
    visited_at: dt.datetime
    notes: str


def open_emergencies(session: Session) -> list[EmergencyRow]:
    found = list(session.scalars(select(Visit).where(
        Visit.emergency.is_(True), Visit.emergency_closed_on.is_(None),
        Visit.archived_at.is_(None)).order_by(Visit.visited_at)))
    names = resident_names(session, {v.resident_id for v in found})
    return [EmergencyRow(v.id, v.resident_id, names.get(v.resident_id, ""), v.visited_at,
                         v.emergency_notes) for v in found]

