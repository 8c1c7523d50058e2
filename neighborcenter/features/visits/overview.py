"""The month's overview for the centre and the street office: the visit rate (done of
planned, rules.visit_state) overall, per tier, per pair and per visitor; the elders not
visited for longer than their frequency; the open follow-ups by owner; the open emergencies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.visits.elders import ElderRow, elder_rows, pair_rows
from neighborcenter.features.visits.models import Visit, Visitor
from neighborcenter.features.visits.plans import PlanRow, plan_rows
from neighborcenter.features.visits.records import (
    EmergencyRow,
    FollowUpRow,
    follow_up_rows,
    open_emergencies,
)
from neighborcenter.features.visits.rules import (
    Tier,
    VisitState,
    month_bounds,
    visit_rate,
)
from neighborcenter.features.volunteers.people import volunteer_names
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Rate:
    label: str  # "全部", a tier, a pair's or a visitor's name
    planned: int
    done: int
    overdue: int
    missed: int

    @property
    def rate(self) -> float | None:
        return visit_rate(self.done, self.planned)


def _rate(label: str, plans: list[PlanRow]) -> Rate:
    states = [p.state for p in plans]
    return Rate(label, len(plans), states.count(VisitState.DONE),
                states.count(VisitState.OVERDUE), states.count(VisitState.MISSED))


@dataclass(frozen=True)
class Overview:
    year: int
    month: int
    today: dt.date
    overall: Rate
    by_tier: tuple[Rate, ...]
    by_pair: tuple[Rate, ...]
    by_visitor: tuple[Rate, ...]  # volunteers: the visits they made that month
    plans: tuple[PlanRow, ...]  # the month's planned visits (counted by their last day)
    not_visited: tuple[ElderRow, ...]  # longer than their frequency
    follow_ups: dict[str, tuple[FollowUpRow, ...]]  # owner → open follow-ups
    emergencies: tuple[EmergencyRow, ...]


def overview(session: Session, *, year: int, month: int, today: dt.date) -> Overview:
    first, last = month_bounds(year, month)
    plans = plan_rows(session, today=today, first=first, last=last, by_due=True)
    by_tier = tuple(_rate(t.label, [p for p in plans if p.tier == t]) for t in Tier)
    by_pair = tuple(_rate(pr.name, [p for p in plans if p.pair_id == pr.id])
                    for pr in pair_rows(session, today) if any(p.pair_id == pr.id
                                                               for p in plans))
    unassigned = [p for p in plans if p.pair_id is None]
    if unassigned:
        from neighborcenter.i18n import _

        by_pair += (_rate(_("No pair"), unassigned),)
    # per visitor: the planned visits of their pairs, and the visits they made in the month
    made: dict[str, int] = defaultdict(int)
    start = dt.datetime.combine(first, dt.time()).astimezone()
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time()).astimezone()
    names = volunteer_names(session)
    for (vid,) in session.execute(
            select(Visitor.volunteer_id).join(Visit, Visit.id == Visitor.visit_id)
            .where(Visitor.archived_at.is_(None), Visit.archived_at.is_(None),
                   Visitor.volunteer_id.is_not(None),
                   Visit.visited_at >= start, Visit.visited_at < end)):
        made[names.get(vid or "", "?")] += 1
    pair_plans: dict[str, list[PlanRow]] = defaultdict(list)
    for pr in pair_rows(session, today):
        for vid in pr.volunteer_ids:
            pair_plans[names.get(vid, "?")].extend(p for p in plans if p.pair_id == pr.id)
    by_visitor = tuple(sorted(
        (Rate(n, len(pair_plans.get(n, [])), made.get(n, 0),
              sum(p.state == VisitState.OVERDUE for p in pair_plans.get(n, [])),
              sum(p.state == VisitState.MISSED for p in pair_plans.get(n, [])))
         for n in set(pair_plans) | set(made)), key=lambda r: (-r.done, r.label)))
    not_visited = tuple(e for e in elder_rows(session, today) if e.overdue(today))
    owners: dict[str, list[FollowUpRow]] = defaultdict(list)
    for f in follow_up_rows(session, open_only=True):
        owners[f.owner].append(f)
    return Overview(year, month, today, _rate("", plans), by_tier, by_pair, by_visitor,
                    tuple(plans), not_visited,
                    {o: tuple(fs) for o, fs in sorted(owners.items())},
                    tuple(open_emergencies(session)))


@reads
def month_overview(uow: UnitOfWork, *, actor: Actor, year: int, month: int,
                   today: dt.date | None = None) -> Overview:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return overview(uow.session, year=year, month=month, today=today or dt.date.today())
