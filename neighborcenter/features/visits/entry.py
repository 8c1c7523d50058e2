"""What the visit form shows beside what is typed (探访记录录入): the elder's header, the
planned visit it makes, the pair whose visitors it fills in, the elder's last visit and the
follow-ups still open — so that whoever types a sheet, or goes to visit, sees what to
check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.registry import resident_names
from neighborcenter.features.visits.elders import ElderRow, PairRow, elder_rows, pair_rows
from neighborcenter.features.visits.plans import PlanRow, get_plan, plan_rows
from neighborcenter.features.visits.records import (
    FollowUpRow,
    VisitDetail,
    follow_up_rows,
    visits_of,
)
from neighborcenter.features.visits.rules import VisitState
from neighborcenter.i18n import _
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class EntryElder:
    resident_id: str
    name: str
    elder: ElderRow | None  # None: not on the visit list (any more)
    plan: PlanRow | None  # the planned visit chosen, or the first one open today
    pair: PairRow | None  # the plan's pair, or the elder's
    last_visit: VisitDetail | None  # before the one being corrected, if any
    open_follow_ups: tuple[FollowUpRow, ...]


@reads
def entry_elder(uow: UnitOfWork, *, actor: Actor, resident_id: str | None = None,
                plan_id: str | None = None, visit_id: str | None = None,
                today: dt.date | None = None) -> EntryElder:
    """The elder of a planned visit (``plan_id``) or the elder ``resident_id``, as the visit
    form shows them at its top."""
    actor.require(Permission.VIEW_VISITS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        if plan_id:
            resident_id = get_plan(s, plan_id).resident_id
        if not resident_id:
            raise ValidationError(_("Choose the elder who was visited."), field="resident")
        found = elder_rows(s, today, include_ended=True, resident_ids=[resident_id])
        elder = found[0] if found else None
        name = elder.resident.name if elder else resident_names(s, [resident_id]).get(
            resident_id, "")
        plans = plan_rows(s, today=today, resident_ids=[resident_id])
        if plan_id:
            plan = next((p for p in plans if p.id == plan_id), None)
        elif visit_id:
            plan = next((p for p in plans if p.visit_id == visit_id), None)
        else:
            plan = next((p for p in plans if p.state in (VisitState.DUE, VisitState.OVERDUE)
                         and p.starts_on <= today), None)
        pair_id = (plan.pair_id if plan else None) or (elder.pair_id if elder else None)
        pair = next((p for p in pair_rows(s, today) if p.id == pair_id), None) \
            if pair_id else None
        last = next((v for v in visits_of(s, resident_id, limit=2) if v.id != visit_id), None)
        return EntryElder(resident_id, name, elder, plan, pair, last,
                          tuple(follow_up_rows(s, open_only=True, resident_ids=[resident_id])))
