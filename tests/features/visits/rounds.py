"""A centre with a month's round of visits, for the tests of the printouts, the overview
export and the command line: two pairs, four elders (one who declined), emergency contacts,
a visit with follow-ups, and the plan of next month (every visit still due) — made through
the public services, as staff would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neighborcenter.features.register.resident_records import (
    ResidentForm,
    add_emergency_contact,
    save_resident,
)
from neighborcenter.features.visits import elders, plans, records
from neighborcenter.features.visits.rules import Area, Tier, Willing, add_months, month_bounds
from tests.features.visits import add_listed_elder, add_pair

ID = "11010519491231002X"  # 王秀英's: the sheets show 110105********002X
PHONE = "13912345678"


@dataclass(frozen=True)
class Round:
    pair_a: str  # 第一探访组: 张桂英, 李建华 — 赵大爷 (room 102), 王秀英 (room 1201)
    pair_b: str  # 第二探访组: 王秀兰, 赵建国 — 钱奶奶
    volunteers_a: list[str]
    wang: str  # high risk: weekly
    zhao: str
    qian: str
    sun: str  # declined visits
    year: int  # next month, whose plan is made
    month: int
    visited_on: dt.date  # 王秀英's last visit (today)

    @property
    def month_text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def make_round(db, admin) -> Round:
    pair_a, vol_a = add_pair(db, admin)
    pair_b, _vol_b = add_pair(db, admin, "第二探访组", ("王秀兰", "赵建国"))
    wang = save_resident(db, actor=admin, form=ResidentForm(
        family_name="王", given_name="秀英", birth_date="1949-12-31", id_number=ID,
        phone=PHONE, estate="幸福小区", building="3", unit="1", room="1201"),
        confirmed_not_duplicate=True)
    elders.save_elder(db, actor=admin, resident_id=wang, form=elders.ElderForm(
        willing=Willing.YES, willing_on="2026-01-05", tier=Tier.HIGH, tier_reason="独居，八十岁",
        pair_id=pair_a))
    add_emergency_contact(db, actor=admin, resident_id=wang, name="王小明", relation="儿子",
                          phone="13800001111")
    zhao = add_listed_elder(db, admin, "赵大爷", room="102", pair_id=pair_a)
    qian = add_listed_elder(db, admin, "钱奶奶", room="103", pair_id=pair_b)
    sun = add_listed_elder(db, admin, "孙奶奶", room="104", willing=Willing.NO)
    today = dt.date.today()
    visit = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=wang, on=today.isoformat(), at="09:30", volunteer_ids=vol_a,
        items={Area.SAFETY: {"gas"}},
        follow_ups=[records.FollowUpForm("更换燃气报警器", "物业公司",
                                         (today + dt.timedelta(days=20)).isoformat()),
                    records.FollowUpForm("已办结的事项", "街道民政科", today.isoformat())]))
    done = next(f for f in records.visit_detail(db, actor=admin, visit_id=visit).follow_ups
                if f.description == "已办结的事项")
    records.close_follow_up(db, actor=admin, follow_up_id=done.id, status="done",
                            outcome="已安装")
    following = add_months(month_bounds(today.year, today.month)[0], 1)
    plans.generate_plan(db, actor=admin, year=following.year, month=following.month)
    return Round(pair_a, pair_b, vol_a, wang, zhao, qian, sun, following.year,
                 following.month, today)
