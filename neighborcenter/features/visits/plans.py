"""The month's plan and the festival campaigns, and the state of every planned visit.

A planned visit has a window (``starts_on`` … ``due_on``) and a closing day (``closes_on`` =
due + the grace days); its state is rules.visit_state — the one definition every list, sheet
and report uses. A plan counts in the month of its last day (rules.plan_month). Generating a
month again adds only what is missing; an elder without a pair is given the active pair with
the fewest visits that month (balanced assignment), and keeps it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import (
    ResidentRow,
    living_here,
    resident_names,
    rows_for,
)
from neighborcenter.features.visits import VISITS
from neighborcenter.features.visits.elders import repoint_open_plans
from neighborcenter.features.visits.models import (
    MajorChange,
    Visit,
    VisitCampaign,
    VisitElder,
    VisitPair,
    VisitPlan,
)
from neighborcenter.features.visits.rules import (
    Frequency,
    PlanKind,
    Tier,
    VisitState,
    Willing,
    Window,
    closes_on,
    month_bounds,
    month_key,
    month_windows,
    quarter_bounds,
    visit_state,
)
from neighborcenter.features.visits.settings import visit_settings
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_plural, _
from neighborcenter.storage.uow import UnitOfWork

# -------------------------------------------------------------------------------- generate


@dataclass(frozen=True)
class Generated:
    created: int  # planned visits added
    existing: int  # already planned
    assigned: int  # elders given a pair now
    without_pair: int  # planned visits with no pair (no active pair exists)
    not_asked: int  # elders on the list not asked yet whether they want visits
    declined: int  # elders who declined (no plan, as it should be)


def _elders_in(session: Session, first: dt.date, last: dt.date) -> list[VisitElder]:
    """Elders on the list at some time in the month, living here."""
    elders = list(session.scalars(select(VisitElder).where(
        VisitElder.archived_at.is_(None), VisitElder.since <= last,
        or_(VisitElder.valid_to.is_(None), VisitElder.valid_to >= first))))
    here = living_here(session, {e.resident_id for e in elders})
    names = resident_names(session, here)
    return sorted((e for e in elders if e.resident_id in here),
                  key=lambda e: names[e.resident_id])


def _windows(session: Session, e: VisitElder, frequency: Frequency, year: int,
             month: int) -> list[Window]:
    first, _last = month_bounds(year, month)
    if frequency != Frequency.QUARTERLY:
        return month_windows(frequency, year, month)
    q_first, q_last = quarter_bounds(year, month)
    planned = session.scalar(select(VisitPlan.id).where(
        VisitPlan.resident_id == e.resident_id, VisitPlan.kind == PlanKind.ROUTINE,
        VisitPlan.cancelled_on.is_(None), VisitPlan.archived_at.is_(None),
        VisitPlan.due_on >= q_first, VisitPlan.due_on <= q_last))
    # the quarter's visit, planned in its first month or in the month an elder joins
    return [] if planned else [Window(max(first, e.since) if e.since > q_first else first,
                                      q_last)]


def _balanced_pair(load: Counter[str | None], pairs: list[VisitPair]) -> VisitPair | None:
    if not pairs:
        return None
    return min(pairs, key=lambda p: (load[p.id], p.name))


def generate(session: Session, *, actor: Actor, year: int, month: int) -> Generated:
    settings = visit_settings(session)
    first, last = month_bounds(year, month)
    period = month_key(year, month)
    pairs = list(session.scalars(select(VisitPair).where(VisitPair.active.is_(True),
                                                         VisitPair.archived_at.is_(None))))
    active_ids = {p.id for p in pairs}
    load: Counter[str | None] = Counter(pid for pid in session.scalars(
        select(VisitPlan.pair_id).where(VisitPlan.due_on >= first, VisitPlan.due_on <= last,
                                        VisitPlan.cancelled_on.is_(None),
                                        VisitPlan.pair_id.is_not(None))))
    # every window of the month ends in it or after it and starts in it or before it
    planned = {(rid, start, due) for rid, start, due in session.execute(select(
        VisitPlan.resident_id, VisitPlan.starts_on, VisitPlan.due_on).where(
        VisitPlan.kind == PlanKind.ROUTINE, VisitPlan.due_on >= first,
        VisitPlan.starts_on <= last, VisitPlan.cancelled_on.is_(None),
        VisitPlan.archived_at.is_(None)))}
    created = existing = assigned = without = not_asked = declined = 0
    tier_order = {Tier.HIGH: 0, Tier.PRIORITY: 1, Tier.GENERAL: 2}
    for e in sorted(_elders_in(session, first, last), key=lambda e: tier_order[e.tier]):
        if e.willing == Willing.NO:
            declined += 1
            continue
        if e.willing != Willing.YES:
            not_asked += 1
            continue
        windows = [w for w in _windows(session, e, settings.frequency_of(e.tier), year, month)
                   if (e.valid_to is None or w.start <= e.valid_to) and w.due >= e.since]
        if not windows:
            continue
        if e.pair_id not in active_ids:
            pair = _balanced_pair(load, pairs)
            if pair is not None:
                e.pair_id = pair.id
                assigned += 1
                # the visits already planned for them and still to make go to it too
                repoint_open_plans(session, e.resident_id, pair.id, dt.date.today())
        for w in windows:
            if (e.resident_id, w.start, w.due) in planned:
                existing += 1
                continue
            session.add(VisitPlan(resident_id=e.resident_id, kind=PlanKind.ROUTINE,
                                  period=period, starts_on=w.start, due_on=w.due,
                                  closes_on=closes_on(w.due, settings.grace_days),
                                  pair_id=e.pair_id, tier=e.tier, created_by=actor.username))
            created += 1
            if e.pair_id:
                load[e.pair_id] += 1
            else:
                without += 1
    session.flush()
    return Generated(created, existing, assigned, without, not_asked, declined)


@writes
def generate_plan(uow: UnitOfWork, *, actor: Actor, year: int, month: int) -> Generated:
    """Make the month's plan: every willing elder's visits by their tier's frequency."""
    actor.require(Permission.RECORD_VISITS)
    with uow:
        result = generate(uow.session, actor=actor, year=year, month=month)
        finish(uow, actor, AuditAction.CREATE, target_kind="visit_plan",
               summary=Msg(*N_plural("Planned {n} visit for {month}",
                                     "Planned {n} visits for {month}"),
                           args={"n": result.created, "month": month_key(year, month)}),
               changed=(VISITS,))
        return result


# ------------------------------------------------------------------------------- campaigns


@dataclass(frozen=True)
class CampaignRow:
    id: str
    festival: str  # lunar.Festival value
    name: str  # "2026 中秋节"
    festival_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    gift: str
    planned: int
    done: int


def campaign_name(festival: str, year: int) -> str:
    from neighborcenter.features.visits.rules.lunar import Festival

    return _("{year} {festival}").format(year=year, festival=Festival(festival).label)


def add_campaign(session: Session, *, actor: Actor, festival: str, year: int,
                 gift: str = "", notes: str = "") -> tuple[VisitCampaign, int]:
    """create_campaign's work in the caller's unit of work (the demo's year): the campaign
    and its planned visits; (the campaign, how many elders)."""
    from neighborcenter.features.visits.rules.lunar import Festival, festival_date

    fest = Festival(festival)
    on = festival_date(fest, year)
    s = session
    settings = visit_settings(s)
    if s.scalar(select(VisitCampaign.id).where(VisitCampaign.festival == fest.value,
                                               VisitCampaign.year == year)):
        raise ValidationError(_("The visits for {name} are already planned.").format(
            name=campaign_name(fest.value, year)), field="festival")
    start = on - dt.timedelta(days=settings.festival_days_before)
    end = on + dt.timedelta(days=settings.festival_days_after)
    c = VisitCampaign(festival=fest.value, year=year, festival_on=on, starts_on=start,
                      ends_on=end, gift=gift, notes=notes, created_by=actor.username)
    s.add(c)
    s.flush()
    n = 0
    for e in _elders_in(s, start, on):
        if e.willing != Willing.YES or (e.valid_to is not None and e.valid_to < start):
            continue
        s.add(VisitPlan(resident_id=e.resident_id, kind=PlanKind.FESTIVAL, period=c.id,
                        campaign_id=c.id, starts_on=start, due_on=on, closes_on=end,
                        pair_id=e.pair_id, tier=e.tier, created_by=actor.username))
        n += 1
    s.flush()
    return c, n


@writes
def create_campaign(uow: UnitOfWork, *, actor: Actor, festival: str, year: int,
                    gift: object = "", notes: object = "", today: dt.date | None = None) -> str:
    """A festival's visits: its date from the lunar calendar, a planned visit for every
    willing elder on the list then (every tier), due on the festival day."""
    from neighborcenter.features.visits.rules.lunar import Festival, festival_date

    actor.require(Permission.RECORD_VISITS)
    fest = Festival(festival)
    gift_text = text(gift, 200, "gift", _("the gift"))
    note = text(notes, 2000, "notes", _("the notes"))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."), field="year")
    with uow:
        after = visit_settings(uow.session).festival_days_after
        if festival_date(fest, int(year)) + dt.timedelta(days=after) < (today
                                                                         or dt.date.today()):
            raise ValidationError(_("{name} is over: its visits can no longer be made. Choose "
                                    "a coming festival.").format(
                name=campaign_name(fest.value, int(year))), field="year")
        c, n = add_campaign(uow.session, actor=actor, festival=fest, year=int(year),
                            gift=gift_text, notes=note)
        finish(uow, actor, AuditAction.CREATE, target_kind="visit_campaign", target_id=c.id,
               summary=Msg(*N_plural("Planned the festival visits of {name}: {n} elder",
                                     "Planned the festival visits of {name}: {n} elders"),
                           args={"name": campaign_name(fest.value, int(year)), "n": n}),
               changed=(VISITS,))
        return c.id


def campaign_rows(session: Session) -> list[CampaignRow]:
    out = []
    for c in session.scalars(select(VisitCampaign).where(VisitCampaign.archived_at.is_(None))
                             .order_by(VisitCampaign.festival_on.desc())):
        # counted as everywhere (plan_rows): an elder who died or left no longer counts
        plans = plan_rows(session, today=dt.date.today(), campaign_id=c.id)
        out.append(CampaignRow(c.id, c.festival, campaign_name(c.festival, c.year),
                               c.festival_on, c.starts_on, c.ends_on, c.gift, len(plans),
                               sum(1 for p in plans if p.state == VisitState.DONE)))
    return out


@reads
def list_campaigns(uow: UnitOfWork, *, actor: Actor) -> list[CampaignRow]:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return campaign_rows(uow.session)


# ------------------------------------------------------------------------------ the state


@dataclass(frozen=True)
class PlanRow:
    id: str
    resident: ResidentRow
    kind: PlanKind
    campaign: str  # the campaign's name, or ""
    starts_on: dt.date
    due_on: dt.date
    closes_on: dt.date
    pair_id: str | None
    pair: str
    tier: Tier
    state: VisitState
    visit_id: str | None
    visited_on: dt.date | None

    @property
    def late(self) -> bool:
        return self.visited_on is not None and self.visited_on > self.due_on


def ended_on(session: Session) -> dict[str, dt.date]:
    """The day each elder who is no longer on the list left it (the register ends the row
    when they die or move out, without cancelling their plans as end_elder does)."""
    ended: dict[str, dt.date] = {}
    still: set[str] = set()
    for rid, valid_to in session.execute(select(VisitElder.resident_id, VisitElder.valid_to)
                                         .where(VisitElder.archived_at.is_(None))):
        if valid_to is None:
            still.add(rid)
        else:
            ended[rid] = max(ended.get(rid, valid_to), valid_to)
    return {rid: day for rid, day in ended.items() if rid not in still}


def plan_rows(session: Session, *, today: dt.date, first: dt.date | None = None,
              last: dt.date | None = None, by_due: bool = False,
              pair_ids: set[str] | None = None, resident_ids: list[str] | None = None,
              campaign_id: str | None = None, kinds: set[PlanKind] | None = None
              ) -> list[PlanRow]:
    """Planned visits (not cancelled) with their state. With ``first``/``last``: the plans
    whose window overlaps those days (what to do then), or with ``by_due`` those whose last
    day is in them (what a month's visit rate counts)."""
    q = (select(VisitPlan, Visit.visited_at, VisitCampaign.festival, VisitCampaign.year)
         .outerjoin(Visit, Visit.id == VisitPlan.visit_id)
         .outerjoin(VisitCampaign, VisitCampaign.id == VisitPlan.campaign_id)
         .where(VisitPlan.cancelled_on.is_(None), VisitPlan.archived_at.is_(None)))
    if first is not None and last is not None:
        if by_due:
            q = q.where(VisitPlan.due_on >= first, VisitPlan.due_on <= last)
        else:
            q = q.where(VisitPlan.starts_on <= last, VisitPlan.due_on >= first)
    if pair_ids is not None:
        q = q.where(VisitPlan.pair_id.in_(pair_ids))
    if resident_ids is not None:
        q = q.where(VisitPlan.resident_id.in_(resident_ids))
    if campaign_id is not None:
        q = q.where(VisitPlan.campaign_id == campaign_id)
    if kinds is not None:
        q = q.where(VisitPlan.kind.in_(kinds))
    found = list(session.execute(q))
    residents = {r.id: r for r in rows_for(session, list({p.resident_id for p, *_r in found}))}
    pairs = {pid: name for pid, name in session.execute(select(VisitPair.id, VisitPair.name))}
    left = ended_on(session)
    out = []
    for p, visited_at, festival, year in found:
        if p.resident_id not in residents:
            continue
        if p.visit_id is None and p.resident_id in left and p.due_on >= left[p.resident_id]:
            continue  # off the list from that day (died, moved out): no longer counted
        visited = visited_at.astimezone().date() if visited_at else None
        out.append(PlanRow(p.id, residents[p.resident_id], p.kind,
                           campaign_name(festival, year) if festival else "",
                           p.starts_on, p.due_on, p.closes_on, p.pair_id,
                           pairs.get(p.pair_id or "", ""), p.tier,
                           visit_state(today=today, due=p.due_on, closes=p.closes_on,
                                       visited_on=visited),
                           p.visit_id, visited))
    order = {VisitState.OVERDUE: 0, VisitState.DUE: 1, VisitState.MISSED: 2, VisitState.DONE: 3}
    out.sort(key=lambda r: (order[r.state], r.due_on, r.resident.name))
    return out


def volunteer_pairs(session: Session, volunteer_id: str) -> set[str]:
    """The pairs a volunteer visits with (as one of the two, or as the substitute)."""
    return set(session.scalars(select(VisitPair.id).where(or_(
        VisitPair.first_volunteer_id == volunteer_id,
        VisitPair.second_volunteer_id == volunteer_id,
        VisitPair.substitute_volunteer_id == volunteer_id))))


@reads
def month_plan(uow: UnitOfWork, *, actor: Actor, year: int, month: int,
               pair_id: str | None = None, volunteer_id: str | None = None,
               today: dt.date | None = None) -> list[PlanRow]:
    """What is planned in a month (every kind), or one pair's or one volunteer's own list;
    overdue visits of earlier months that can still be made are listed too."""
    actor.require(Permission.VIEW_VISITS)
    today = today or dt.date.today()
    first, last = month_bounds(year, month)
    with uow:
        s = uow.session
        pairs: set[str] | None = None
        if pair_id:
            pairs = {pair_id}
        if volunteer_id:
            pairs = volunteer_pairs(s, volunteer_id) & (pairs if pairs is not None
                                                        else volunteer_pairs(s, volunteer_id))
        rows = plan_rows(s, today=today, first=first, last=last, pair_ids=pairs)
        seen = {r.id for r in rows}
        earlier = [r for r in plan_rows(s, today=today, first=first - dt.timedelta(days=62),
                                        last=first - dt.timedelta(days=1), pair_ids=pairs)
                   if r.state == VisitState.OVERDUE and r.id not in seen]
        return earlier + rows


def open_plans_for(session: Session, resident_id: str, on: dt.date) -> list[VisitPlan]:
    """The plans a visit on ``on`` fulfils: not yet made, window started, not closed."""
    return list(session.scalars(select(VisitPlan).where(
        VisitPlan.resident_id == resident_id, VisitPlan.visit_id.is_(None),
        VisitPlan.cancelled_on.is_(None), VisitPlan.archived_at.is_(None),
        and_(VisitPlan.starts_on <= on, VisitPlan.closes_on >= on))
        .order_by(VisitPlan.due_on)))


def plans_made_by(session: Session, resident_id: str, at: dt.datetime,
                  chosen: VisitPlan | None = None) -> list[VisitPlan]:
    """What one visit at ``at`` makes: every festival and urgent visit open that day (an
    urgent one only if the visit came after the change), and ONE routine visit — the one
    chosen, else the oldest still open (an overdue one is caught up first, the current one
    stays to be made) — so that a visit is never counted twice in a month's rate.

    A chosen plan the visit cannot make (outside its days, made already, or a change that
    came after the visit) is refused with what to do."""
    on = at.astimezone().date()
    found = open_plans_for(session, resident_id, on)  # ordered by the last day
    changes = [p.change_id for p in found + ([chosen] if chosen else []) if p.change_id]
    happened = {cid: when for cid, when in session.execute(
        select(MajorChange.id, MajorChange.happened_at).where(MajorChange.id.in_(changes)))}

    def after_the_change(p: VisitPlan) -> bool:
        return p.change_id is None or happened[p.change_id] <= at

    found = [p for p in found if after_the_change(p)]
    if chosen is None:
        routine = [p for p in found if p.kind == PlanKind.ROUTINE]
        return [p for p in found if p.kind != PlanKind.ROUTINE] + routine[:1]
    if chosen.resident_id != resident_id:
        raise ValidationError(_("That planned visit is for someone else."))
    if chosen.visit_id is not None:
        raise ValidationError(_("That planned visit is already made; record this visit "
                                "without it, or correct the other visit."), field="on")
    if not chosen.starts_on <= on <= chosen.closes_on:
        raise ValidationError(_("That planned visit can be made from {start} to {end}; a "
                                "visit on {day} cannot make it. Check the date.").format(
            start=chosen.starts_on.isoformat(), end=chosen.closes_on.isoformat(),
            day=on.isoformat()), field="on")
    if not after_the_change(chosen):
        raise ValidationError(_("This visit was before the change it is to follow up; check "
                                "the time."), field="at")
    others = [p for p in found if p.id != chosen.id]
    routine = [] if chosen.kind == PlanKind.ROUTINE else \
        [p for p in others if p.kind == PlanKind.ROUTINE][:1]
    return [chosen] + [p for p in others if p.kind != PlanKind.ROUTINE] + routine


def get_plan(session: Session, plan_id: str) -> VisitPlan:
    p = session.get(VisitPlan, plan_id)
    if p is None or p.archived_at is not None or p.cancelled_on is not None:
        raise NotFound(_("This planned visit is no longer on the plan."))
    return p
