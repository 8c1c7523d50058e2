"""The visits' part of the demo centre: a year of elder visits up to the day it is loaded, so
that the home page and this month's plan look alive whenever someone opens a new demo.

On the register's demo residents who qualify (独居, 空巢, 失能 … and 80+): about one in
thirty-five residents is on the visit list — most willing, two who declined, three newly added
and not asked yet, a few who joined during the year, one who moved into a care home. The
银龄互助团 of the volunteers' demo visits in pairs (one pair stops half-way through the year and
its elders are given to the others); the social worker follows the high-risk elders (weekly)
herself. Every month's plan is made by the
plan's own ``generate`` (balanced assignment), the 春节, 端午, 中秋 and 重阳 campaigns by
``add_campaign`` (dates from the lunar calendar), the major changes by ``add_major_change``.

The visits follow the plans with realistic gaps: most on time, some late, some missed (one pair
more often), phone calls in the cold snap, the heat and the typhoon; the current weeks partly
done and a few overdue. Follow-ups come from what the visitors saw: most closed, some open, one
overdue. One emergency is still open, one was dealt with. A major change of yesterday waits for
its visit within 24 hours.

Each visit credits its volunteer visitors' hours through the volunteers' ``credit_service`` as
``record_visit`` does (pending); then, in a second unit of work, staff approve the hours of all
but the last ten days with the volunteers' own ``approve_hours``, which earns the points once.

Same seed and same day → the same elders, plans and visits (the dates count back from the day
the demo is loaded; ``today`` pins it)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS, DEMO_STAFF
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.registry import rows_for, tag_names
from neighborcenter.features.visits import VISITS
from neighborcenter.features.visits.elders import (
    add_major_change,
    qualifying,
    reasons_text,
)
from neighborcenter.features.visits.models import (
    FollowUp,
    Visit,
    VisitElder,
    Visitor,
    VisitPair,
    VisitPlan,
)
from neighborcenter.features.visits.plans import add_campaign, generate
from neighborcenter.features.visits.rules import (
    Area,
    ChangeKind,
    FollowUpStatus,
    Method,
    PlanKind,
    Tier,
    Willing,
    add_months,
    checked_items,
)
from neighborcenter.features.visits.rules.lunar import Festival, festival_date
from neighborcenter.features.visits.settings import visit_settings
from neighborcenter.features.volunteers import VOLUNTEERS, hours, people
from neighborcenter.features.volunteers.rules import ServiceCategory
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import UnitOfWork

#: The months planned before the current one (which is planned too): a year of visits.
MONTHS = 12
#: Visits of the last days keep their hours waiting for approval (as the volunteers' demo).
PENDING_DAYS = 10
#: One resident in this many is on the visit list (bounded below and above).
LIST_SHARE = 45
LIST_MIN, LIST_MAX = 6, 50
RECORDER = DEMO_STAFF[0][0]  # the social worker visits with a pair of her own
ELDER_TEAM = "银龄互助团"

#: Weather that keeps the visitors at home (phone calls instead): (month, day) spans.
BAD_WEATHER = (((1, 20), (1, 28), "寒潮雨雪"), ((7, 24), (8, 4), "持续高温"),
               ((9, 10), (9, 13), "台风"))
#: The festivals visited, with the gift taken.
CAMPAIGNS = ((Festival.SPRING, "米、油慰问包"), (Festival.DRAGON_BOAT, "粽子一盒"),
             (Festival.MID_AUTUMN, "月饼一盒"), (Festival.DOUBLE_NINTH, "重阳糕、保暖护膝"))

#: What visitors see again and again in an elder (area, item, note).
CONCERNS = (
    (Area.HEALTH, "illness", "高血压，按时服药"),
    (Area.HEALTH, "illness", "糖尿病，控制饮食"),
    (Area.HEALTH, "mobility", "腿脚不便，拄拐行走"),
    (Area.HEALTH, "reactions", "耳背，需大声说话"),
    (Area.HEALTH, "mental", "老伴去世后情绪低落"),
    (Area.FAMILY, "no_visits", "子女在外地工作，一年回来两次"),
    (Area.FAMILY, "no_calls", "儿子很少来电话"),
    (Area.SAFETY, "falls", "卫生间地面湿滑"),
    (Area.NEEDS, "comfort", "希望有人常来聊天"),
    (Area.NEEDS, "daily_care", "买菜做饭有困难"),
)
#: Something new that asks for a follow-up: (area, item, what was seen, what is to be done,
#: who does it, days to do it, how it ended).
FINDINGS = (
    (Area.SAFETY, "gas", "燃气软管老化发硬", "联系燃气公司上门更换软管", "燃气公司", 7,
     "已更换软管并安装燃气报警器"),
    (Area.SAFETY, "electricity", "插线板私拉乱接", "请物业电工检查线路", "物业服务中心", 7,
     "已整理线路，更换插线板"),
    (Area.NEEDS, "adaptation", "卫生间无扶手，起身困难", "申请适老化改造（扶手、防滑垫）",
     "街道民政科", 45, "已安装扶手和防滑垫"),
    (Area.ECONOMY, "benefits", "高龄津贴未到账", "协助核实并申请高龄津贴", "社区民政专干", 14,
     "已补发三个月津贴"),
    (Area.HEALTH, "illness", "自述近日头晕", "联系家庭医生上门随访", "家庭医生", 5,
     "家庭医生已上门，调整用药"),
    (Area.NEEDS, "daily_care", "做饭困难，常吃剩饭", "对接居家养老服务中心助餐", "居家养老服务中心",
     14, "已开通助餐服务，每日送餐"),
    (Area.FAMILY, "no_calls", "子女长时间未联系", "联系子女，提醒常回家看看", "社工王丽", 10,
     "已与女儿通话，约定每周来电"),
    (Area.NEEDS, "rehabilitation", "出院后需康复训练", "联系社区卫生服务中心康复科", "家庭医生",
     14, "每周两次上门康复"),
)
CHAT = ("精神状态良好，聊了家常", "帮忙打扫了房间", "陪老人下楼散步", "帮忙代购了日用品",
        "提醒天冷添衣、注意保暖", "讲解防诈骗知识", "帮忙给手机充话费", "")


@dataclass(frozen=True)
class DemoSummary:
    elders: int  # on the visit list (ended included)
    declined: int
    not_asked: int
    pairs: int
    campaigns: int
    planned: int  # planned visits, every kind (cancelled left out)
    visits: int
    late: int  # made after their last day
    missed: int
    follow_ups: int
    open_follow_ups: int
    hours_pending: int  # visitors' hours still waiting for approval
    hours_approved: int
    points: int  # earned by the approved visits

    def describe(self, path: object) -> str:
        return _("Elder visits: {elders} elders on the visit list ({declined} declined, "
                 "{not_asked} not asked yet), {pairs} visiting pairs; {visits} visits in a year "
                 "of {planned} planned ({missed} missed), {campaigns} festival campaigns, "
                 "{follow_ups} follow-ups ({open} open); {approved} visitors' hours records "
                 "approved ({points} points), {pending} awaiting approval.").format(
            elders=self.elders, declined=self.declined, not_asked=self.not_asked,
            pairs=self.pairs, visits=self.visits, planned=self.planned, missed=self.missed,
            campaigns=self.campaigns, follow_ups=self.follow_ups, open=self.open_follow_ups,
            approved=self.hours_approved, points=self.points, pending=self.hours_pending)


def load_demo_data(centre: Centre, *, actor: Actor, residents: int = DEFAULT_RESIDENTS,
                   seed: int = 1, today: dt.date | None = None) -> DemoSummary:
    """Add a year of elder visits to a centre that has none (after the register's and the
    volunteers' demos). Two units of work: the year (one DEMO entry), then the approval of
    its older hours, as staff would approve them."""
    actor.require(Permission.RECORD_VISITS)
    actor.require(Permission.APPROVE_HOURS)
    today = today or dt.date.today()
    carers = _elder_carers(centre, actor)
    filled = _load_year(centre, actor=actor, residents=residents, seed=seed, today=today,
                        carers=carers)
    cutoff = today - dt.timedelta(days=PENDING_DAYS)
    ours = set(filled.activities)
    waiting = [p for p in hours.approval_queue(centre, actor=actor) if p.activity_id in ours]
    older = [p.record_id for p in waiting if p.on < cutoff]
    decided = hours.approve_hours(centre, actor=actor, record_ids=older) if older else None
    approved = decided.records if decided else 0
    return replace(filled.summary, hours_approved=approved,
                   hours_pending=len(waiting) - approved,
                   points=decided.points if decided else 0)


def _elder_carers(centre: Centre, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the members of the team that visits elders (银龄互助团, or another
    elder-care team), leaders first, through the volunteers' services."""
    teams = [t for t in people.list_teams(centre, actor=actor)
             if t.category == ServiceCategory.ELDER_CARE]
    teams.sort(key=lambda t: (t.name != ELDER_TEAM, t.name))
    if not teams:
        return []
    return [(m.volunteer_id, m.name)
            for m in people.team_members(centre, actor=actor, team_id=teams[0].id)]


@dataclass
class _Filled:
    summary: DemoSummary
    activities: list[str] = field(default_factory=list)


@writes
def _load_year(uow: UnitOfWork, *, actor: Actor, residents: int, seed: int, today: dt.date,
               carers: list[tuple[str, str]]) -> _Filled:
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(VisitElder)):
            raise ValidationError(_("This database already has elders on the visit list; demo "
                                    "visits go only into a centre without any."))
        filled = _Builder(uow, actor, seed, today).fill(residents, carers)
        summary = filled.summary
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} elders on the visit list, {visits} "
                              "visits"), args={"n": summary.elders, "visits": summary.visits}),
               detail={"elders": summary.elders, "visits": summary.visits, "seed": seed,
                       "today": today.isoformat()},
               changed=(VISITS, VOLUNTEERS))
        return filled


@dataclass
class _Elder:
    row: VisitElder
    name: str
    concerns: list[tuple[Area, str, str]]


class _Builder:
    def __init__(self, uow: UnitOfWork, actor: Actor, seed: int, today: dt.date) -> None:
        self.uow, self.s, self.actor, self.today = uow, uow.session, actor, today
        self.rng = random.Random(f"visits-{seed}-{today.isoformat()}")
        self.settings = visit_settings(self.s)
        self.yesterday = today - dt.timedelta(days=1)
        self.first = add_months(today.replace(day=1), -MONTHS)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day_between(self, a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=self.rng.randint(0, max(0, (b - a).days)))

    # --------------------------------------------------------------------------- pairs

    def pairs(self, carers: list[tuple[str, str]]) -> tuple[list[VisitPair], VisitPair | None]:
        """Up to four pairs of the elder-care team and the social worker's; the last of three
        or four volunteer pairs stops half-way through the year."""
        s = self.s
        names = ("银龄一组", "银龄二组", "银龄三组", "银龄四组")
        made = []
        count = min(4, len(carers) // 2)
        spare = [vid for vid, _n in carers[count * 2:]]
        for n in range(count):
            first, second = carers[2 * n][0], carers[2 * n + 1][0]
            made.append(VisitPair(name=names[n], first_volunteer_id=first,
                                  second_volunteer_id=second, active=True,
                                  substitute_volunteer_id=spare[n % len(spare)] if spare
                                  else None))
        staff = RECORDER if s.scalar(select(Account.id).where(
            Account.username == RECORDER)) else self.actor.username
        made.append(VisitPair(name="社工探访组", staff_username=staff, active=True,
                              notes="负责高风险对象的重点跟进"))
        for p in made:
            s.add(p)
        s.flush()
        stopping = made[count - 1] if count >= 3 else None
        return made, stopping

    # --------------------------------------------------------------------------- elders

    def elders(self, residents: int) -> tuple[list[_Elder], dict[str, Any]]:
        s, r, first = self.s, self.rng, self.first
        found = qualifying(s, self.today, self.settings)
        ids = sorted(found)
        rows = {row.id: row for row in rows_for(s, ids)}
        names = tag_names(s)
        r.shuffle(ids)
        # staff put the most fragile on the list first: living alone, disabled, dementia
        urgent = {"living_alone", "disabled_care", "dementia"}
        ids.sort(key=lambda rid: not (set(found[rid].reasons) & urgent))
        wanted = min(len(ids), max(LIST_MIN, min(LIST_MAX, residents // LIST_SHARE)))
        chosen = sorted(ids[:wanted])
        r.shuffle(chosen)
        n = len(chosen)
        high_n, priority_n = round(n * 0.2), round(n * 0.35)

        def rank(rid: str) -> tuple:
            q, age = found[rid], rows[rid].age or 0
            return (q.tier != Tier.HIGH, not set(q.reasons) & urgent, -age)

        ordered = sorted(chosen, key=rank)
        tiers = {rid: Tier.HIGH if i < high_n else Tier.PRIORITY if i < high_n + priority_n
                 else Tier.GENERAL for i, rid in enumerate(ordered)}
        # who is special: declined, not asked yet, joined during the year, ended
        declined = set(chosen[:2]) if n >= 8 else set(chosen[:1])
        rest = [rid for rid in chosen if rid not in declined]
        not_asked = set(rest[:3]) if n >= 10 else set()
        rest = [rid for rid in rest if rid not in not_asked]
        joined = rest[:3] if n >= 12 else []
        ended = [rid for rid in rest[3:] if tiers[rid] != Tier.HIGH][:1] if n >= 12 else []
        out = []
        why = {Tier.HIGH: "行动不便，需每周探访", Tier.PRIORITY: "患慢性病，每月探访",
               Tier.GENERAL: "身体尚可，每季度探访"}
        for rid in chosen:
            q = found[rid]
            since = first - dt.timedelta(days=r.randint(30, 1000))
            willing, notes = Willing.YES, ""
            willing_on: dt.date | None = since
            if rid in declined:
                willing = Willing.NO
                notes = r.choice(("子女每周回来照顾，本人表示不需要上门探访",
                                  "不愿外人上门，同意社区电话联系"))
            elif rid in not_asked:
                since = self.today.replace(day=1) - dt.timedelta(days=r.randint(1, 20))
                willing, willing_on = Willing.UNKNOWN, None
            elif rid in joined:
                since = add_months(first, 4 + 2 * joined.index(rid)) + dt.timedelta(
                    days=r.randint(3, 20))
                willing_on = since
            e = VisitElder(resident_id=rid, reasons=",".join(q.reasons), willing=willing,
                           willing_on=willing_on, tier=tiers[rid],
                           tier_reason=_("、").join((reasons_text(q.reasons, names),
                                                    why[tiers[rid]])),
                           since=since, notes=notes)
            if rid in ended:
                e.valid_to = add_months(first, 8) + dt.timedelta(days=r.randint(5, 20))
                e.end_reason = "入住养老院长期照护"
            self.s.add(e)
            concerns = r.sample(CONCERNS, r.choice((0, 1, 1, 2, 2, 3)))
            out.append(_Elder(e, rows[rid].name, concerns))
        self.s.flush()
        return out, {"declined": len(declined), "not_asked": len(not_asked)}

    # ------------------------------------------------------------------------- the year

    def fill(self, residents: int, carers: list[tuple[str, str]]) -> _Filled:
        s = self.s
        pairs, stopping = self.pairs(carers)
        elders, counts = self.elders(residents)
        if len(pairs) > 1:  # the social worker follows the high-risk elders herself
            for e in elders:
                if e.row.tier == Tier.HIGH:
                    e.row.pair_id = pairs[-1].id
            s.flush()
        campaigns = self.campaign_days()
        month = self.first
        index = 0
        made_campaigns = 0
        while month <= self.today:
            if stopping is not None and index == 7:
                stopping.active = False
                stopping.notes = "组员搬去子女家居住，本组暂停，探访对象已重新分配"
                s.flush()
            generate(s, actor=self.actor, year=month.year, month=month.month)
            for festival, year, gift in campaigns:
                start = festival_date(festival, year) - dt.timedelta(
                    days=self.settings.festival_days_before)
                if (start.year, start.month) == (month.year, month.month):
                    add_campaign(s, actor=self.actor, festival=festival, year=year, gift=gift,
                                 notes="节日走访，送上慰问品")
                    made_campaigns += 1
            month = add_months(month, 1)
            index += 1
        by_resident = {e.row.resident_id: e for e in elders}
        willing = sorted((e for e in elders if e.row.willing == Willing.YES
                          and e.row.valid_to is None and e.row.since < self.first),
                         key=lambda e: (e.row.tier != Tier.HIGH, e.row.resident_id))
        fresh_plan = None
        if willing:  # a discharge five weeks ago, visited the next day
            past = willing[min(1, len(willing) - 1)]
            add_major_change(s, actor=self.actor, elder=past.row, kind=ChangeKind.DISCHARGED,
                             happened_at=dt.datetime.combine(
                                 self.today - dt.timedelta(days=36), dt.time(15, 30)
                             ).astimezone(), notes="肺炎住院两周后出院，独自在家休养")
            fresh = willing[0]  # and one yesterday, waiting for its visit
            change = add_major_change(
                s, actor=self.actor, elder=fresh.row, kind=ChangeKind.FALL,
                happened_at=dt.datetime.combine(self.yesterday, dt.time(17, 40)).astimezone(),
                notes="在小区门口摔倒，经社区医生检查无骨折，已送回家")
            fresh_plan = change.id
        return self.visits(by_resident, pairs, fresh_plan, counts, made_campaigns)

    def campaign_days(self) -> list[tuple[Festival, int, str]]:
        """The campaigns of the year: started after the first month, and by two weeks from
        today (a campaign is made ahead of its festival)."""
        out = []
        for year in range(self.first.year, self.today.year + 2):
            for festival, gift in CAMPAIGNS:
                start = festival_date(festival, year) - dt.timedelta(
                    days=self.settings.festival_days_before)
                if self.first <= start <= self.today + dt.timedelta(days=14):
                    out.append((festival, year, gift))
        return out

    # ------------------------------------------------------------------------- visits

    def visits(self, elders: dict[str, _Elder], pairs: list[VisitPair], fresh: str | None,
               counts: dict[str, Any], campaigns: int) -> _Filled:
        s, today = self.s, self.today
        plans = list(s.scalars(select(VisitPlan).where(VisitPlan.cancelled_on.is_(None))))
        plans.sort(key=lambda p: (p.resident_id, p.due_on, p.starts_on, str(p.kind)))
        pair_of = {p.id: p for p in pairs}
        weak = pairs[1].id if len(pairs) > 2 else None  # one pair is often late
        staff_name = {u: n for u, n in s.execute(select(Account.username,
                                                         Account.display_name))}
        carer_names = people.volunteer_names(s)
        visits: list[dict] = []
        visitors: list[dict] = []
        follow_ups: list[dict] = []
        activities: list[str] = []
        late = missed = 0
        by_resident: dict[str, list[VisitPlan]] = {}
        for p in plans:
            by_resident.setdefault(p.resident_id, []).append(p)
        fulfilled: dict[str, str] = {}
        for rid, mine in by_resident.items():
            e = elders[rid]
            for p in mine:
                if p.id in fulfilled or p.period == fresh:
                    continue
                on, was_late = self.outcome(p, e.row, weak)
                if on is None:
                    if p.closes_on < today:
                        missed += 1
                    continue
                late += was_late
                vid = self.uuid()
                for q in mine:  # a visit makes every open plan of its day
                    if q.id not in fulfilled and q.period != fresh \
                            and q.starts_on <= on <= q.closes_on:
                        fulfilled[q.id] = vid
                visit, who = self.visit(vid, e, p, on, pair_of.get(p.pair_id or ""))
                visits.append(visit)
                volunteer_ids = [w for kind, w in who if kind == "v"]
                for kind, w in who:
                    visitors.append({"id": self.uuid(), "visit_id": vid,
                                     "volunteer_id": w if kind == "v" else None,
                                     "staff_username": w if kind == "s" else None})
                if volunteer_ids:
                    method = Method(visit["method"])
                    staff = [staff_name.get(w, w) for kind, w in who if kind == "s"]
                    visit["activity_id"] = hours.credit_service(
                        s, actor=self.actor, activity_id=None,
                        name=_("Elder visit ({method})").format(method=method.label), on=on,
                        minutes=visit["minutes"], volunteer_ids=volunteer_ids,
                        organiser=_("Neighbourhood centre"),
                        person_in_charge=staff[0] if staff else carer_names.get(
                            volunteer_ids[0], ""))
                    activities.append(visit["activity_id"])
                follow_ups.extend(self.follow_ups(visit, e, on))
        self.emergencies(visits, follow_ups, elders)
        self.one_overdue(follow_ups)
        for model, rows in ((Visit, visits), (Visitor, visitors), (FollowUp, follow_ups)):
            self.uow.bulk_insert(model, rows)
        for p in plans:
            if p.id in fulfilled:
                p.visit_id = fulfilled[p.id]
        for e in elders.values():  # who left the list: their later plans are cancelled
            if e.row.valid_to is not None:
                for p in by_resident.get(e.row.resident_id, []):
                    if p.id not in fulfilled and p.due_on >= e.row.valid_to:
                        p.cancelled_on = e.row.valid_to
        s.flush()
        planned = sum(1 for p in plans if p.cancelled_on is None)
        summary = DemoSummary(
            elders=len(elders), declined=counts["declined"], not_asked=counts["not_asked"],
            pairs=len(pairs), campaigns=campaigns, planned=planned, visits=len(visits),
            late=late, missed=missed, follow_ups=len(follow_ups),
            open_follow_ups=sum(f["status"] == FollowUpStatus.OPEN.value for f in follow_ups),
            hours_pending=0, hours_approved=0, points=0)
        return _Filled(summary, activities)

    def outcome(self, p: VisitPlan, e: VisitElder, weak: str | None
                ) -> tuple[dt.date | None, bool]:
        """When the plan was visited (None: not, or not yet) and whether that was late."""
        r, today, yesterday = self.rng, self.today, self.yesterday
        last = yesterday if e.valid_to is None else min(yesterday, e.valid_to - dt.timedelta(
            days=1))
        start = max(p.starts_on, e.since)
        if start > last:
            return None, False
        roll = r.random()
        slack = 0.1 if p.pair_id == weak else 0.0
        if p.kind == PlanKind.URGENT:  # within 24 hours, as asked
            return min(p.due_on, last), False
        if p.closes_on < today:  # all over: on time, late or missed
            if roll < 0.86 - slack:
                return self.day_between(start, min(p.due_on, last)), False
            if roll < 0.94 - slack / 2 and p.due_on < last:
                return self.day_between(p.due_on + dt.timedelta(days=1),
                                        min(p.closes_on, last)), True
            return None, False
        if p.due_on < today:  # overdue now: most were made, a few wait
            if roll < 0.7 - slack:
                return self.day_between(start, min(p.due_on, last)), False
            if roll < 0.78 - slack and p.due_on < last:
                return self.day_between(p.due_on + dt.timedelta(days=1), last), True
            return None, False
        # the current window: done in proportion to the days gone
        gone = (last - start).days + 1
        length = (p.due_on - p.starts_on).days + 1
        if roll < 0.85 * gone / length:
            return self.day_between(start, last), False
        return None, False

    def weather(self, on: dt.date) -> str | None:
        for (m1, d1), (m2, d2), what in BAD_WEATHER:
            if dt.date(on.year, m1, d1) <= on <= dt.date(on.year, m2, d2):
                return what
        return None

    def visit(self, vid: str, e: _Elder, p: VisitPlan, on: dt.date, pair: VisitPair | None
              ) -> tuple[dict, list[tuple[str, str]]]:
        r = self.rng
        bad = self.weather(on)
        festival = p.kind == PlanKind.FESTIVAL
        if festival or p.kind == PlanKind.URGENT:
            method = Method.HOME
        elif bad and r.random() < 0.8:
            method = Method.PHONE
        else:
            method = r.choices((Method.HOME, Method.PHONE, Method.VIDEO), (88, 8, 4))[0]
        if method == Method.HOME:
            at = dt.time(r.choice((9, 9, 10, 10, 14, 15, 15, 16)), r.choice((0, 30)))
            minutes = r.randrange(40, 95, 5)
        else:
            at = dt.time(r.randint(9, 17), r.choice((0, 15, 30, 45)))
            minutes = r.randrange(10, 25, 5)
        who: list[tuple[str, str]] = []
        if pair is None:
            who.append(("s", self.actor.username))
        elif pair.staff_username:
            who.append(("s", pair.staff_username))
        else:
            second = pair.second_volunteer_id
            if pair.substitute_volunteer_id and r.random() < 0.1:
                second = pair.substitute_volunteer_id
            who.append(("v", pair.first_volunteer_id or ""))
            if method == Method.HOME and second:
                who.append(("v", second))
        items: dict[Area, set[str]] = {a: set() for a in Area}
        notes: dict[Area, list[str]] = {a: [] for a in Area}
        for area, item, note in e.concerns:
            if r.random() < 0.7:
                items[area].add(item)
                notes[area].append(note)
        general = r.choice(CHAT)
        if festival:
            general = "节日走访，送上慰问品，老人很高兴"
        elif p.kind == PlanKind.URGENT:
            general = "出院后上门看望，了解康复情况和生活安排"
        elif bad and method == Method.PHONE:
            general = f"{bad}天气电话问候，提醒减少外出"
        paper = method == Method.HOME and r.random() < 0.75
        row = {
            "id": vid, "resident_id": e.row.resident_id,
            "visited_at": dt.datetime.combine(on, at).astimezone(), "minutes": minutes,
            "method": method.value, "hazards": "", "emergency": False, "emergency_notes": "",
            "emergency_closed_on": None, "signed_by": e.name if paper else "",
            "from_paper": paper, "activity_id": None, "recorded_by": RECORDER
            if pair is not None and pair.staff_username == RECORDER else self.actor.username,
            "notes": general,
        }
        for area in Area:
            row[area.value] = checked_items(area, items[area])
            row[f"{area.value}_notes"] = "；".join(notes[area])
        return row, who

    def follow_ups(self, visit: dict, e: _Elder, on: dt.date) -> list[dict]:
        """Now and then the visitors see something new that someone must see to."""
        r = self.rng
        recent = (self.today - on).days <= 21  # (more of them open now, for the demo)
        if visit["method"] != Method.HOME.value or r.random() > (0.3 if recent else 0.08):
            return []
        area, item, seen, what, owner, days, outcome = r.choice(FINDINGS)
        items = set(filter(None, visit[area.value].split(","))) | {item}
        visit[area.value] = checked_items(area, items)
        visit[f"{area.value}_notes"] = "；".join(filter(None, (visit[f"{area.value}_notes"],
                                                             seen)))
        if area == Area.SAFETY:
            visit["hazards"] = seen
        due = on + dt.timedelta(days=days)
        closed = on + dt.timedelta(days=r.randint(2, days + 10))
        row = {"id": self.uuid(), "visit_id": visit["id"], "resident_id": e.row.resident_id,
               "area": area.value, "description": what, "owner": owner, "due_on": due,
               "status": FollowUpStatus.OPEN.value, "closed_on": None, "outcome": "",
               "closed_by": None}
        if closed < self.today and not (due >= self.today and recent):
            if r.random() < 0.06:
                row.update(status=FollowUpStatus.CANCELLED.value, closed_on=closed,
                           outcome="老人子女已自行处理", closed_by=RECORDER)
            else:
                row.update(status=FollowUpStatus.DONE.value, closed_on=closed,
                           outcome=outcome, closed_by=RECORDER)
        return [row]

    def one_overdue(self, follow_ups: list[dict]) -> None:
        """Exactly one follow-up is past its day and still open (the home page says so):
        the latest closed one whose day has passed is opened again."""
        today = self.today
        late = [f for f in follow_ups if f["status"] == FollowUpStatus.OPEN.value
                and f["due_on"] < today]
        for f in late[1:]:
            f.update(status=FollowUpStatus.DONE.value, closed_on=f["due_on"],
                     outcome="已办理", closed_by=RECORDER)
        if late:
            return
        past = [f for f in follow_ups if f["due_on"] < today and f["status"] ==
                FollowUpStatus.DONE.value and f["due_on"] >= today - dt.timedelta(days=40)]
        if past:
            f = max(past, key=lambda f: (f["due_on"], f["id"]))
            f.update(status=FollowUpStatus.OPEN.value, closed_on=None, outcome="",
                     closed_by=None)

    def emergencies(self, visits: list[dict], follow_ups: list[dict],
                    elders: dict[str, _Elder]) -> None:
        """One emergency found a few days ago is still open; one months ago was dealt
        with."""
        today = self.today
        home = [v for v in visits if v["method"] == Method.HOME.value]
        recent = [v for v in home if today - dt.timedelta(days=10) <= v["visited_at"].date()
                  < today - dt.timedelta(days=1)]
        if recent:  # the frailest elder's, a few days ago
            v = min(recent, key=lambda v: (elders[v["resident_id"]].row.tier != Tier.HIGH,
                                           abs((today - v["visited_at"].date()).days - 4),
                                           v["id"]))
            v.update(emergency=True, emergency_notes="入户时发现老人发烧、卧床不起，已拨打120送"
                     "医院，并通知其儿子赶回")
            on = v["visited_at"].date()
            follow_ups.append({
                "id": self.uuid(), "visit_id": v["id"], "resident_id": v["resident_id"],
                "area": Area.HEALTH.value, "description": "跟进住院情况，出院后安排上门照护",
                "owner": "社工王丽", "due_on": max(on + dt.timedelta(days=7),
                                                today + dt.timedelta(days=3)),
                "status": FollowUpStatus.OPEN.value, "closed_on": None, "outcome": "",
                "closed_by": None})
        months_ago = [v for v in home if today - dt.timedelta(days=150) <= v["visited_at"].date()
                      <= today - dt.timedelta(days=90)]
        if months_ago:
            v = min(months_ago, key=lambda v: (v["visited_at"], v["id"]))
            on = v["visited_at"].date()
            v.update(emergency=True, emergency_closed_on=on + dt.timedelta(days=1),
                     emergency_notes="发现家中燃气泄漏，已关阀开窗并通知燃气公司抢修\n燃气公司"
                     "当晚修复，已加装报警器")
