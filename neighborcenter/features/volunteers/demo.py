"""The volunteers' part of the demo centre (same seed → same volunteers and hours): five
teams, about forty volunteers — most of them residents from the demo register, some from
outside (湖州师范学院 students in 湖小师, staff of a bank) — and a year of activities up to
``REFERENCE_DATE``: weekly visits, cleaning, patrols, the after-school class on school days,
the shop's duty. Most hours are approved and earned their points; the last ten days' wait for
approval, a few were declined, one correction waits to be checked; training, awards,
evaluations and background checks; redemptions in the shop.

Rows go in with bulk inserts; every point goes through the ledger's one write path
(``ledger.earn``/``redeem``/``post``), with the request keys approval uses."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS, DEMO_STAFF
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.volunteers import POINTS, VOLUNTEERS
from neighborcenter.features.volunteers.ledger import (
    centre_account,
    post,
    redeem,
    volunteer_account,
    volunteer_balance,
)
from neighborcenter.features.volunteers.models import (
    Activity,
    BackgroundCheck,
    HoursCorrection,
    ServiceRecord,
    TeamMember,
    Volunteer,
    VolunteerRecord,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.rules import (
    CentreAccount,
    CheckResult,
    CorrectionStatus,
    EnteredBy,
    EntryKind,
    HoursStatus,
    RecordKind,
    ServiceCategory,
    TeamRole,
    VolunteerStatus,
    counted_minutes,
    points_for,
    volunteer_number,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

#: The demo year ends the day before this (the register's demo counts ages from it too).
REFERENCE_DATE = dt.date(2026, 7, 1)
FIRST_DAY = REFERENCE_DATE - dt.timedelta(days=365)
#: Hours of the last days before the reference date still wait for approval.
PENDING_DAYS = 10
RECORDER = DEMO_STAFF[0][0]  # the social worker records and approves
ORGANISER = "幸福邻里中心"
SCHOOL_HOLIDAYS = ((dt.date(2025, 7, 1), dt.date(2025, 8, 31)),
                   (dt.date(2025, 10, 1), dt.date(2025, 10, 8)),
                   (dt.date(2026, 1, 24), dt.date(2026, 2, 28)),
                   (dt.date(2026, 5, 1), dt.date(2026, 5, 5)))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱胡沈钱姚陆潘金施"
GIVEN = ("思雨", "子涵", "浩然", "欣怡", "宇轩", "雨桐", "俊杰", "诗涵", "梓萱", "嘉怡", "晨曦",
         "一鸣")
GOODS = (("洗衣液", 30), ("大米五斤", 50), ("毛巾", 15), ("理发券", 20), ("食用油", 60),
         ("肥皂", 10), ("酱油", 12))


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    category: ServiceCategory
    description: str
    children: bool = False


TEAMS = (
    Team("elders", "银龄互助团", ServiceCategory.ELDER_CARE, "低龄老人结对探访高龄、独居老人"),
    Team("class", "湖小师", ServiceCategory.CHILDREN,
         "湖州师范学院学生与社区志愿者开设三点半课堂", children=True),
    Team("green", "环保志愿队", ServiceCategory.ENVIRONMENT, "楼道清扫、垃圾分类督导"),
    Team("patrol", "平安巡逻队", ServiceCategory.SAFETY, "夜间治安巡逻、消防隐患排查"),
    Team("shop", "匠心坊志愿者", ServiceCategory.SHOP, "匠心坊值班、积分兑换"),
)


@dataclass(frozen=True)
class DemoSummary:
    volunteers: int
    teams: int
    activities: int
    approved: int
    pending: int
    declined: int
    corrections_waiting: int
    points_earned: int
    points_redeemed: int

    def describe(self, path: object) -> str:
        return _("Volunteers: {volunteers} volunteers in {teams} teams, {activities} "
                 "activities; {approved} hours records approved ({points} points earned, "
                 "{redeemed} redeemed), {pending} awaiting approval, {declined} declined.").format(
            volunteers=self.volunteers, teams=self.teams, activities=self.activities,
            approved=self.approved, points=self.points_earned, redeemed=self.points_redeemed,
            pending=self.pending, declined=self.declined)


@writes
def load_demo_data(uow: UnitOfWork, *, actor: Actor, residents: int = DEFAULT_RESIDENTS,
                   seed: int = 1) -> DemoSummary:
    """Add the demo volunteers to a centre that has none (after the register's demo, whose
    residents most of them are). ``residents`` is the size of the demo register: a small one
    has fewer volunteers."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    actor.require(Permission.APPROVE_HOURS)
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(Volunteer)):
            raise ValidationError(_("This database already has volunteers; demo volunteers "
                                    "go only into a centre without any."))
        summary = _Builder(uow, actor, seed).fill(residents)
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} volunteers"),
                           args={"n": summary.volunteers}),
               detail={"volunteers": summary.volunteers, "seed": seed},
               changed=(VOLUNTEERS, POINTS))
        return summary


_ADULTS_SQL = """
SELECT id, name, sex, birth_date, id_type, id_number, phone FROM residents
WHERE status = 'active' AND archived_at IS NULL AND birth_date BETWEEN :oldest AND :youngest
ORDER BY id
"""


class _Builder:
    def __init__(self, uow: UnitOfWork, actor: Actor, seed: int) -> None:
        self.uow, self.s, self.actor = uow, uow.session, actor
        self.rng = random.Random(f"volunteers-{seed}")
        self.settings = volunteer_settings(self.s)
        self.volunteers: list[dict[str, Any]] = []
        self.members: dict[str, list[str]] = {t.key: [] for t in TEAMS}
        self.team_ids = {t.key: self.uuid() for t in TEAMS}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)

    # ------------------------------------------------------------------------- people

    def volunteer(self, *, name: str, sex: str | None, born: dt.date | None, joined: dt.date,
                  categories: tuple[ServiceCategory, ...], resident: tuple | None = None,
                  id_number: str | None = None, phone: str | None = None,
                  organisation: str = "", skills: str = "") -> dict[str, Any]:
        row = {
            "id": self.uuid(), "number": volunteer_number(len(self.volunteers) + 1),
            "resident_id": None, "name": name, "sex": sex, "birth_date": born,
            "id_type": "resident_card" if id_number else None, "id_number": id_number,
            "area": "幸福社区", "phone": phone, "organisation": organisation, "skills": skills,
            "categories": ",".join(c.value for c in categories),
            "entered_by": EnteredBy.STAFF.value, "consent_on": joined, "joined_on": joined,
            "status": VolunteerStatus.ACTIVE.value, "valid_to": None, "notes": "",
        }
        if resident is not None:
            rid, rname, rsex, rborn, id_type, rnumber, rphone = resident
            row.update(resident_id=rid, name=rname, sex=rsex, birth_date=_date(rborn),
                       id_type=id_type, id_number=rnumber, phone=rphone)
        self.volunteers.append(row)
        return row

    def people(self, residents: int) -> None:
        r = self.rng
        adults = list(self.s.execute(text(_ADULTS_SQL), {
            "oldest": REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 80),
            "youngest": REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 20)}))
        wanted = min(len(adults), 32, max(4, residents // 40))
        chosen = r.sample(adults, wanted)

        def age(row) -> int:
            return REFERENCE_DATE.year - _date(row[3]).year

        older = sorted((a for a in chosen if age(a) >= 55), key=lambda a: a[0])
        younger = sorted((a for a in chosen if age(a) < 55), key=lambda a: a[0])
        plan = (("elders", older[:10], "陪伴聊天、代购", (ServiceCategory.ELDER_CARE,)),
                ("patrol", older[10:14] + younger[:3], "巡逻", (ServiceCategory.SAFETY,)),
                ("shop", older[14:17] + younger[3:5], "手工、收银",
                 (ServiceCategory.SHOP, ServiceCategory.CULTURE)),
                ("class", younger[5:7], "辅导作业", (ServiceCategory.CHILDREN,)),
                ("green", older[17:] + younger[7:], "", (ServiceCategory.ENVIRONMENT,)))
        for team, group, skills, categories in plan:
            for resident in group:
                joined = (dt.date(2022, 3, 1) + dt.timedelta(days=r.randint(0, 500))
                          if team == "elders" else
                          FIRST_DAY - dt.timedelta(days=r.randint(10, 400)))
                v = self.volunteer(name="", sex=None, born=None, joined=joined,
                                   categories=categories, resident=resident, skills=skills)
                self.members[team].append(v["id"])
        for n in range(6):  # 湖州师范学院 students for the after-school class
            born = dt.date(2004 + n % 3, 1 + r.randrange(12), 1 + r.randrange(28))
            sex = r.choice(("M", "F"))
            seq = r.randrange(0, 998) // 2 * 2 + (1 if sex == "M" else 0)
            v = self.volunteer(
                name=r.choice(SURNAMES) + GIVEN[n * 2 % len(GIVEN)], sex=sex, born=born,
                joined=dt.date(2025, 9, 10), categories=(ServiceCategory.CHILDREN,),
                id_number=make_id_number("330502", born, seq),
                phone=f"13{r.randint(500000000, 999999999)}", organisation="湖州师范学院",
                skills=r.choice(("数学辅导", "英语辅导", "书法", "美术")))
            self.members["class"].append(v["id"])
        for n in range(2):  # staff of a bank, on the cleaning days
            v = self.volunteer(
                name=r.choice(SURNAMES) + GIVEN[(n * 5 + 3) % len(GIVEN)],
                sex=r.choice(("M", "F")), born=dt.date(1990 + n * 4, 5, 12),
                joined=dt.date(2025, 4, 20), categories=(ServiceCategory.ENVIRONMENT,),
                phone=f"15{r.randint(500000000, 999999999)}", organisation="湖州银行吴兴支行")
            self.members["green"].append(v["id"])

    def teams(self) -> tuple[list[dict], list[dict], list[dict]]:
        by_id = {v["id"]: v for v in self.volunteers}
        teams, members, checks = [], [], []
        for t in TEAMS:
            teams.append({"id": self.team_ids[t.key], "name": t.name,
                          "category": t.category.value, "description": t.description,
                          "works_with_children": t.children})
            for i, vid in enumerate(self.members[t.key]):
                since = max(by_id[vid]["joined_on"], FIRST_DAY - dt.timedelta(days=60))
                if t.children:  # 未成年人保护法 art. 62: a clear check before joining
                    checked = since - dt.timedelta(days=self.rng.randint(3, 20))
                    checks.append({"id": self.uuid(), "volunteer_id": vid,
                                   "checked_on": checked, "result": CheckResult.CLEAR.value,
                                   "reference": f"湖公（吴）无犯罪证明{checked.year}-{100 + i}",
                                   "recorded_by": RECORDER})
                members.append({"id": self.uuid(), "team_id": self.team_ids[t.key],
                                "volunteer_id": vid,
                                "role": (TeamRole.LEADER if i == 0 else TeamRole.MEMBER).value,
                                "valid_from": since, "valid_to": None})
        return teams, members, checks

    # ---------------------------------------------------------------------- activities

    def schedule(self) -> list[tuple[str, str, ServiceCategory, dt.date, str, int, int, int]]:
        """(team, name, category, day, place, people, fewest minutes, most minutes)."""
        out = []
        day = FIRST_DAY
        while day < REFERENCE_DATE:
            wd = day.weekday()
            school = not any(a <= day <= b for a, b in SCHOOL_HOLIDAYS)
            if wd == 1:
                out.append(("elders", "探访独居老人", ServiceCategory.ELDER_CARE, day,
                            "幸福里小区", 5, 80, 150))
            if wd < 5 and school:
                out.append(("class", "三点半课堂", ServiceCategory.CHILDREN, day,
                            "邻里中心二楼教室", 3, 90, 120))
            if wd == 5 and (day.day <= 7 or 15 <= day.day <= 21):  # 1st and 3rd Saturday
                out.append(("green", "楼道清扫与垃圾分类督导", ServiceCategory.ENVIRONMENT,
                            day, "幸福里小区", 6, 60, 130))
            if wd == 4:
                out.append(("patrol", "夜间治安巡逻", ServiceCategory.SAFETY, day,
                            "幸福社区", 3, 110, 150))
            if wd in (2, 5):
                out.append(("shop", "匠心坊值班", ServiceCategory.SHOP, day, "匠心坊", 2,
                            170, 250))
            day += dt.timedelta(days=1)
        out.append(("elders", "重阳节敬老活动", ServiceCategory.CULTURE, dt.date(2025, 10, 29),
                    "邻里中心大厅", 10, 150, 200))
        return out

    def fill(self, residents: int) -> DemoSummary:
        s, r = self.s, self.rng
        self.people(residents)
        teams, members, checks = self.teams()
        activities, records = [], []
        earns: list[tuple[str, str, int, dt.date, str]] = []
        last_patrol = max(d for t, _n, _c, d, *_rest in self.schedule() if t == "patrol")
        history = [("elders", "中秋探访", ServiceCategory.ELDER_CARE,
                    REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 3)
                    + dt.timedelta(days=45), "幸福里小区", 6, 100, 130)]
        counts = {HoursStatus.APPROVED: 0, HoursStatus.PENDING: 0, HoursStatus.DECLINED: 0}
        for team, name, category, day, place, size, low, high in history + self.schedule():
            group = [v for v in self.members[team]
                     if self._joined(v) <= day]
            if not group:
                continue
            rate = self.settings.rate(category)
            aid = self.uuid()
            activities.append({
                "id": aid, "name": name, "category": category.value, "on": day,
                "place": place, "content": "", "organiser": ORGANISER,
                "person_in_charge": "王丽", "team_id": self.team_ids[team],
                "cap_minutes": self.settings.default_cap_minutes, "points_per_hour": rate,
                "recorded_by": RECORDER})
            if day == last_patrol:
                continue  # not recorded yet: the home page warns of it
            pending = (REFERENCE_DATE - day).days <= PENDING_DAYS
            for vid in r.sample(group, min(size, len(group))):
                raw = r.randint(low, high)
                minutes = counted_minutes(raw, rule=self.settings.rounding,
                                          cap_minutes=self.settings.default_cap_minutes)
                status = (HoursStatus.PENDING if pending else
                          HoursStatus.DECLINED if r.random() < 0.01 else HoursStatus.APPROVED)
                rid = self.uuid()
                decided = status != HoursStatus.PENDING
                records.append({
                    "id": rid, "activity_id": aid, "volunteer_id": vid,
                    "checked_in_at": None, "checked_out_at": None, "raw_minutes": raw,
                    "minutes": minutes, "status": status.value,
                    "decided_by": RECORDER if decided else None,
                    "decided_at": self.at(day + dt.timedelta(days=3)) if decided else None,
                    "decline_reason": r.choice(("当天未到场", "与另一活动时间重复"))
                    if status == HoursStatus.DECLINED else "",
                    "recorded_by": RECORDER})
                counts[status] += 1
                if status == HoursStatus.APPROVED and points_for(minutes, rate):
                    earns.append((rid, vid, points_for(minutes, rate), day, name))
        training, corrections = self.records(records, activities)
        for model, rows in ((Volunteer, self.volunteers), (VolunteerTeam, teams),
                            (TeamMember, members), (BackgroundCheck, checks),
                            (Activity, activities), (ServiceRecord, records),
                            (VolunteerRecord, training), (HoursCorrection, corrections)):
            self.uow.bulk_insert(model, rows)
        earned = 0
        issued = centre_account(s, CentreAccount.ISSUED)
        accounts = {v["id"]: volunteer_account(s, v["id"]) for v in self.volunteers}
        for rid, vid, points, day, name in earns:  # the one write path, as approval's earn
            post(s, actor=self.actor, kind=EntryKind.EARN, request_key=f"earn:{rid}",
                 lines=[(issued, -points), (accounts[vid], points)], on=day,
                 reason=f"{day.isoformat()} {name}", source=f"service_record:{rid}")
            earned += points
        redeemed = self.spend()
        return DemoSummary(
            volunteers=len(self.volunteers), teams=len(teams), activities=len(activities),
            approved=counts[HoursStatus.APPROVED], pending=counts[HoursStatus.PENDING],
            declined=counts[HoursStatus.DECLINED],
            corrections_waiting=sum(c["status"] == CorrectionStatus.REQUESTED.value
                                    for c in corrections),
            points_earned=earned, points_redeemed=redeemed)

    def _joined(self, volunteer_id: str) -> dt.date:
        return next(v["joined_on"] for v in self.volunteers if v["id"] == volunteer_id)

    def records(self, records: list[dict], activities: list[dict]
                ) -> tuple[list[dict], list[dict]]:
        """Training, awards and evaluations; a correction waiting and one refused."""
        r = self.rng
        out = []

        def record(vid: str, kind: RecordKind, on: dt.date, title: str, *, detail: str = "",
                   stars: int | None = None, minutes: int | None = None) -> None:
            out.append({"id": self.uuid(), "volunteer_id": vid, "kind": kind.value, "on": on,
                        "title": title, "detail": detail, "stars": stars, "minutes": minutes,
                        "recorded_by": RECORDER})

        for v in self.volunteers:
            if v["joined_on"] <= dt.date(2025, 9, 13):
                record(v["id"], RecordKind.TRAINING, dt.date(2025, 9, 13), "志愿者岗前培训",
                       detail="志愿服务记录办法、安全须知", minutes=120)
        for vid in self.members["elders"] + self.members["class"]:
            record(vid, RecordKind.TRAINING, dt.date(2026, 3, 21), "急救培训（区红十字会）",
                   minutes=180)
        approved = [x for x in records if x["status"] == HoursStatus.APPROVED.value]
        totals: dict[str, int] = {}
        for x in approved:
            totals[x["volunteer_id"]] = totals.get(x["volunteer_id"], 0) + x["minutes"]
        for vid in sorted(totals, key=lambda k: (-totals[k], k))[:3]:
            record(vid, RecordKind.AWARD, dt.date(2026, 1, 15), "2025年度优秀志愿者",
                   detail="吴兴区爱山街道表彰")
        for v in self.volunteers[::2]:
            record(v["id"], RecordKind.EVALUATION, dt.date(2025, 12, 28), "年度服务评价",
                   stars=r.choice((3, 4, 4, 5, 5)))
        corrections = []
        on_day = {a["id"]: a["on"] for a in activities}
        recent = [x for x in approved
                  if (REFERENCE_DATE - on_day[x["activity_id"]]).days <= 45]
        for x, status in zip(r.sample(recent, min(2, len(recent))),
                             (CorrectionStatus.REQUESTED, CorrectionStatus.REFUSED),
                             strict=False):
            refused = status == CorrectionStatus.REFUSED
            corrections.append({
                "id": self.uuid(), "record_id": x["id"],
                "requested_on": on_day[x["activity_id"]] + dt.timedelta(days=7),
                "reason": "结束后还帮忙整理了场地，实际多待了一个小时" if not refused
                else "记得是三个小时", "old_minutes": x["minutes"],
                "asked_minutes": x["minutes"] + 60, "status": status.value,
                "checked_by": RECORDER if refused else None,
                "checked_at": self.at(REFERENCE_DATE - dt.timedelta(days=2)) if refused
                else None,
                "check_note": "签到表记录与登记时长一致" if refused else "",
                "recorded_by": RECORDER})
        return out, corrections

    def spend(self) -> int:
        """Redemptions in the shop and one gift between two members of 银龄互助团."""
        r, s = self.rng, self.s
        spent = 0
        ids = [v["id"] for v in self.volunteers]
        for n in range(max(6, len(ids) * 4)):
            vid = r.choice(ids)
            item, price = r.choice(GOODS)
            if volunteer_balance(s, vid) < price:
                continue
            redeem(s, actor=self.actor, volunteer_id=vid, points=price,
                   request_key=f"demo:sale:{n}", reason=item, source="demo")
            spent += price
        elders = self.members["elders"]
        if len(elders) >= 2 and volunteer_balance(s, elders[0]) >= 20:
            post(s, actor=self.actor, kind=EntryKind.DONATE, request_key="demo:gift:1",
                 lines=[(volunteer_account(s, elders[0]), -20),
                        (volunteer_account(s, elders[1]), 20)], reason="结对互助")
        return spent


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
