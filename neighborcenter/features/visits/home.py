"""The visits' part of the home page — four cards (this month's visit rate, visits still to
make this month, visits overdue, open follow-ups) and the 今日 lines: an emergency found on a
visit and not yet dealt with, a visit after a major change due within 24 hours, visits overdue
or due in the next days, follow-ups past or near their day, this month's plan not made yet,
elders not asked yet whether they want visits — and the elder's section of the resident's 360°
page.

Each line opens the visits page on the tab that lists what it counts (``View("visits",
{"tab": …})``; the tabs and filters are ui/page.py's ``TAB_KEYS`` and ``show_view``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from neighborcenter.core.features import DetailSection
from neighborcenter.core.home import HomeCard, HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.register.registry import rows_for
from neighborcenter.features.visits.elders import elder_rows
from neighborcenter.features.visits.models import VisitElder, VisitPair, VisitPlan
from neighborcenter.features.visits.plans import PlanRow, plan_rows
from neighborcenter.features.visits.records import (
    follow_up_rows,
    open_emergencies,
    visits_of,
)
from neighborcenter.features.visits.rules import (
    Area,
    FollowUpStatus,
    Frequency,
    PlanKind,
    VisitState,
    Willing,
    item_label,
    month_bounds,
    month_key,
    visit_rate,
)
from neighborcenter.features.visits.settings import visit_settings
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

PAGE = "visits"
#: Visits and follow-ups due within this many days are listed before they fall overdue.
NOTICE_DAYS = 2
#: The visits shown on the 360° page.
LAST_VISITS = 5


def view(tab: str, caption: str = "", **filters: str) -> View:
    return View(PAGE, {"tab": tab, **filters}, caption)


@reads
def home_part(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomePart:
    """The registered ``home``: nothing for a role that may not see the visits."""
    if not actor.can(Permission.VIEW_VISITS):
        return HomePart()
    today = today or dt.date.today()
    with uow:
        s = uow.session
        grace = visit_settings(s).grace_days
        first, last = month_bounds(today.year, today.month)
        # what the plan tab lists for this month, and every plan that may still be made late
        # (an overdue one of last month's included)
        listed = plan_rows(s, today=today, first=first, last=last)
        late = plan_rows(s, today=today, first=today - dt.timedelta(days=grace), last=today)
        due = [p for p in listed if p.state == VisitState.DUE]
        overdue = [p for p in late if p.state == VisitState.OVERDUE]
        now = [p for p in {p.id: p for p in late + due}.values()
               if p.state in (VisitState.DUE, VisitState.OVERDUE)]
        counted = plan_rows(s, today=today, first=first, last=last, by_due=True)
        rate = visit_rate(sum(p.state == VisitState.DONE for p in counted), len(counted))
        follow_ups = follow_up_rows(s, open_only=True)
        cards = (
            HomeCard("visit_rate", _("Visit rate this month (%)"),
                     round(rate * 100) if rate is not None else 0,
                     view("overview", _("This month's visit rate"))),
            HomeCard("visits_due", _("Elder visits still to make this month"), len(due),
                     view("plan", _("Visits still to make"), state=VisitState.DUE.value)),
            HomeCard("visits_overdue", _("Elder visits overdue"), len(overdue),
                     view("plan", _("Visits overdue"), state=VisitState.OVERDUE.value)),
            HomeCard("follow_ups_open", _("Open follow-ups of visits"), len(follow_ups),
                     view("follow_ups", _("Open follow-ups"))),
        )
        items = (_emergencies(s) + _urgent(now, today) + _overdue(overdue)
                 + _due_soon(due, today) + _follow_ups(follow_ups, today)
                 + _plan_missing(s, today) + _not_asked(s, today))
        return HomePart(cards, tuple(items))


def _emergencies(s) -> list[TodayItem]:
    """Every emergency found on a visit and not yet dealt with, by name: the first lines."""
    return [TodayItem("urgent", _(
        "Emergency found on a visit to {name} on {date}: not dealt with yet").format(
        name=e.name, date=format_date(e.visited_at.astimezone().date())),
        view("overview", _("Emergencies not yet dealt with"))) for e in open_emergencies(s)]


def _urgent(now: list[PlanRow], today: dt.date) -> list[TodayItem]:
    """Visits after a major change (within 24 hours of it), by name, until they are made."""
    out = []
    for p in sorted((p for p in now if p.kind == PlanKind.URGENT),
                    key=lambda p: (p.due_on, p.resident.name)):
        text = (_("Visit {name} after a major change: overdue since {date}")
                if p.state == VisitState.OVERDUE else
                _("Visit {name} after a major change: today at the latest")
                if p.due_on <= today else
                _("Visit {name} after a major change: by {date}"))
        out.append(TodayItem("urgent", text.format(name=p.resident.name,
                                                    date=format_date(p.due_on)),
                             view("plan", _("Visits not made yet"), state="open")))
    return out


def _overdue(overdue: list[PlanRow]) -> list[TodayItem]:
    planned = [p for p in overdue if p.kind != PlanKind.URGENT]
    if not planned:
        return []
    closes = min(p.closes_on for p in planned)
    return [TodayItem("problem", ngettext(
        "{n} planned elder visit is overdue: make it by {date} or it counts as missed",
        "{n} planned elder visits are overdue: the first must be made by {date} or it counts "
        "as missed", len(planned)).format(n=len(planned), date=format_date(closes)),
        view("plan", _("Visits overdue"), state=VisitState.OVERDUE.value))]


def _due_soon(due: list[PlanRow], today: dt.date) -> list[TodayItem]:
    by = today + dt.timedelta(days=NOTICE_DAYS)
    soon = [p for p in due if p.kind != PlanKind.URGENT and p.due_on <= by]
    if not soon:
        return []
    return [TodayItem("review", ngettext(
        "{n} planned elder visit is due by {date}",
        "{n} planned elder visits are due by {date}", len(soon)).format(
        n=len(soon), date=format_date(max(p.due_on for p in soon))),
        view("plan", _("Visits still to make"), state=VisitState.DUE.value))]


def _follow_ups(follow_ups, today: dt.date) -> list[TodayItem]:
    late = [f for f in follow_ups if f.overdue(today)]
    by = today + dt.timedelta(days=NOTICE_DAYS)
    soon = [f for f in follow_ups if today <= f.due_on <= by]
    items = []
    if late:
        items.append(TodayItem("problem", ngettext(
            "{n} follow-up of a visit is past its day",
            "{n} follow-ups of visits are past their day", len(late)).format(n=len(late)),
            view("follow_ups", _("Open follow-ups"))))
    if soon:
        items.append(TodayItem("review", ngettext(
            "{n} follow-up of a visit is due by {date}",
            "{n} follow-ups of visits are due by {date}", len(soon)).format(
            n=len(soon), date=format_date(by)), view("follow_ups", _("Open follow-ups"))))
    return items


def _plan_missing(s, today: dt.date) -> list[TodayItem]:
    """This month's plan is not made yet while some willing elder needs a visit in it (a
    quarterly one only in the first month of a quarter)."""
    if s.scalar(select(func.count()).select_from(VisitPlan).where(
            VisitPlan.kind == PlanKind.ROUTINE,
            VisitPlan.period == month_key(today.year, today.month))):
        return []
    quarter_starts = today.month in (1, 4, 7, 10)
    needed = any(e.willing == Willing.YES and e.ended is None
                 and (quarter_starts or e.frequency != Frequency.QUARTERLY)
                 for e in elder_rows(s, today))
    if not needed:
        return []
    return [TodayItem("review", _("This month's visit plan is not made yet: make it on the "
                                  "visits page"), view("plan", _("This month's plan")))]


def _not_asked(s, today: dt.date) -> list[TodayItem]:
    n = int(s.scalar(select(func.count()).select_from(VisitElder).where(
        VisitElder.archived_at.is_(None), VisitElder.valid_to.is_(None),
        VisitElder.willing == Willing.UNKNOWN)) or 0)
    if not n:
        return []
    return [TodayItem("review", ngettext(
        "{n} elder on the visit list has not been asked yet whether they want visits",
        "{n} elders on the visit list have not been asked yet whether they want visits",
        n).format(n=n), view("elders", _("Not asked yet")))]


# ------------------------------------------------------------------------ the 360° page


def needs_attention(items: dict[Area, tuple[str, ...]]) -> str:
    """"身体状况：行动能力、疾病情况；居家安全：防跌倒" — the ticked items of a visit."""
    return _("; ").join(_("{area}: {items}").format(
        area=area.label, items=_("、").join(item_label(area, c) for c in codes))
        for area, codes in items.items() if codes)


@reads
def visit_section(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> DetailSection | None:
    """The resident's visits on their 360° page: on the visit list (tier, frequency, pair,
    willingness) or since when off it, the open follow-ups and the last visits with what
    needed attention. No section for a role that may not see the visits, nor for a resident
    who was never on the visit list."""
    if not actor.can(Permission.VIEW_VISITS):
        return None
    today = dt.date.today()
    with uow:
        s = uow.session
        elder = s.scalars(select(VisitElder).where(
            VisitElder.resident_id == resident_id, VisitElder.archived_at.is_(None))
            .order_by(VisitElder.valid_to.is_not(None), VisitElder.since.desc())).first()
        if elder is None:
            return None
        settings = visit_settings(s)
        pair = s.scalar(select(VisitPair.name).where(VisitPair.id == elder.pair_id)) \
            if elder.pair_id else None
        if elder.valid_to is not None and elder.valid_to < today:
            # taken off by staff (their reason), or by the register (died, moved out)
            why = elder.end_reason or next((r.status.label for r in rows_for(
                s, [resident_id])), "")
            status = (format_date(elder.valid_to), _("Off the visit list: {reason}").format(
                reason=why), pair or "", elder.tier.label)
        else:
            status = (format_date(elder.since), _("On the visit list: {tier}, {frequency}"
                                                  ).format(
                tier=elder.tier.label, frequency=settings.frequency_of(elder.tier).label),
                pair or _("No pair yet"),
                _("{willing}; {reason}").format(willing=elder.willing.label,
                                                reason=elder.tier_reason))
        rows = [status]
        for f in follow_up_rows(s, open_only=True, resident_ids=[resident_id]):
            rows.append((format_date(f.due_on), _("Follow-up: {what}").format(
                what=f.description), f.owner,
                _("Past its day") if f.overdue(today) else FollowUpStatus.OPEN.label))
        for v in visits_of(s, resident_id, limit=LAST_VISITS):
            what = v.method.label
            if v.emergency:
                what += " ⚠ " + (_("Emergency") if v.emergency_closed_on is None
                                 else _("Emergency (dealt with)"))
            rows.append((format_date(v.visited_at.astimezone().date()), what,
                         _("、").join(v.visitors), needs_attention(v.items)
                         or _("Nothing needing attention")))
        return DetailSection(_("Elder visits"),
                             (_("Date"), _("Entry"), _("Visitors or owner"), _("Notes")),
                             tuple(rows))

