"""The month's overview with known numbers: the visit rate overall, per tier, per pair and per
visitor (done, overdue, missed of planned; a late visit counts in the month it was planned
for), the elders not visited for longer than their frequency, the open follow-ups by owner
and the emergencies not dealt with."""

import datetime as dt

import pytest

from neighborcenter.errors import PermissionDenied
from neighborcenter.features.visits import overview, plans, records
from neighborcenter.features.visits.rules import (
    FollowUpStatus,
    Frequency,
    Method,
    Tier,
    interval_due,
    month_windows,
)
from tests.features.visits import add_listed_elder, add_pair
from tests.features.visits.state import first_of_month, on_list_since

TODAY = dt.date.today()


def visit(db, actor, rid: str, on: dt.date, volunteers: list[str], **fields) -> str:
    return records.record_visit(db, actor=actor, form=records.VisitForm(
        resident_id=rid, on=on.isoformat(), volunteer_ids=volunteers, **fields))


@pytest.fixture
def month(db, admin):
    """Two months ago: a weekly elder visited in two of its weeks, four monthly elders of two
    pairs (one visited by one visitor on a phone call, one not at all, one on time, one late
    in the next month), follow-ups and an emergency."""
    m = first_of_month(TODAY, -2)
    a, (a1, a2) = add_pair(db, admin, "甲组", ("张桂英", "李建华"))
    b, (b1, b2) = add_pair(db, admin, "乙组", ("王阿姨", "赵叔叔"))
    weekly = add_listed_elder(db, admin, "周奶奶", tier=Tier.HIGH, pair_id=a)
    phoned = add_listed_elder(db, admin, "吴爷爷", tier=Tier.PRIORITY, pair_id=a, room="102")
    forgotten = add_listed_elder(db, admin, "郑奶奶", tier=Tier.PRIORITY, pair_id=b, room="103")
    on_time = add_listed_elder(db, admin, "冯爷爷", tier=Tier.PRIORITY, pair_id=b, room="104")
    late = add_listed_elder(db, admin, "陈奶奶", tier=Tier.PRIORITY, pair_id=b, room="105")
    for rid in (weekly, phoned, forgotten, on_time, late):
        on_list_since(db, rid, first_of_month(TODAY, -4))
    plans.generate_plan(db, actor=admin, year=m.year, month=m.month)
    weeks = month_windows(Frequency.WEEKLY, m.year, m.month)
    for w in weeks[:2]:  # on the Sunday: always in the month, and each visit makes one week
        visit(db, admin, weekly, w.due, [a1, a2])
    visit(db, admin, phoned, m + dt.timedelta(days=9), [a1], method=Method.PHONE,
          follow_ups=[records.FollowUpForm("申请高龄津贴", "街道民政科",
                                           (m + dt.timedelta(days=20)).isoformat()),
                      records.FollowUpForm("联系子女", "街道民政科",
                                           (m + dt.timedelta(days=20)).isoformat())])
    visit(db, admin, on_time, m + dt.timedelta(days=19), [b1, b2], emergency=True,
          emergency_notes="发现老人发烧，已送医",
          follow_ups=[records.FollowUpForm("出院后上门随访", "家庭医生",
                                           (m + dt.timedelta(days=25)).isoformat())])
    visit(db, admin, late, first_of_month(TODAY, -1) + dt.timedelta(days=2), [b1])
    done = next(f for f in records.list_follow_ups(db, actor=admin)
                if f.description == "联系子女")
    records.close_follow_up(db, actor=admin, follow_up_id=done.id,
                            status=FollowUpStatus.DONE, outcome="已联系")
    return m, len(weeks), {"a1": a1, "a2": a2, "b1": b1, "b2": b2}


def rate(r) -> tuple[int, int, int, int]:
    return (r.planned, r.done, r.overdue, r.missed)


def test_the_rates_overall_per_tier_and_per_pair(db, admin, month):
    m, n, _ = month
    o = overview.month_overview(db, actor=admin, year=m.year, month=m.month)
    # the weekly elder: n weeks, two made; four monthly: three made (one late), one missed
    assert rate(o.overall) == (n + 4, 2 + 3, 0, n - 2 + 1)
    assert o.overall.rate == pytest.approx(5 / (n + 4))
    tiers = {r.label: rate(r) for r in o.by_tier}
    assert tiers == {Tier.HIGH.label: (n, 2, 0, n - 2), Tier.PRIORITY.label: (4, 3, 0, 1),
                     Tier.GENERAL.label: (0, 0, 0, 0)}
    assert [r.rate for r in o.by_tier][2] is None  # nothing planned: no rate, not 0 %
    assert {r.label: rate(r) for r in o.by_pair} == {"甲组": (n + 1, 3, 0, n - 2),
                                                    "乙组": (3, 2, 0, 1)}
    assert len(o.plans) == n + 4


def test_each_visitor_has_the_plans_of_their_pair_and_the_visits_they_made_that_month(
        db, admin, month):
    m, n, _ = month
    o = overview.month_overview(db, actor=admin, year=m.year, month=m.month)
    # made in the month: the late visit of the next month is not among them
    assert [(r.label, r.planned, r.done, r.missed) for r in o.by_visitor] == [
        ("张桂英", n + 1, 3, n - 2), ("李建华", n + 1, 2, n - 2),
        ("王阿姨", 3, 1, 1), ("赵叔叔", 3, 1, 1)]


def test_the_month_while_it_runs_counts_overdue_not_missed(db, admin, month):
    m, n, _ = month
    last = first_of_month(m, 1) - dt.timedelta(days=1)
    o = overview.month_overview(db, actor=admin, year=m.year, month=m.month,
                                today=last + dt.timedelta(days=1))
    # the day after the month: the last week and the monthly visits not made are overdue;
    # the late one was not made yet that day — but the visits made later count as done
    assert (o.overall.planned, o.overall.done) == (n + 4, 5)
    assert o.overall.overdue + o.overall.missed == n + 4 - 5
    assert o.overall.overdue >= 2  # 郑奶奶's monthly visit, and the last week's


def test_who_was_not_visited_for_too_long_open_follow_ups_and_emergencies(db, admin, month):
    m, _n, _ = month
    o = overview.month_overview(db, actor=admin, year=m.year, month=m.month)
    # two months on, only the late visit of last month may still be within a month
    late_visit = first_of_month(TODAY, -1) + dt.timedelta(days=2)
    assert sorted(e.resident.name for e in o.not_visited) == sorted(
        ["周奶奶", "吴爷爷", "郑奶奶", "冯爷爷"]
        + (["陈奶奶"] if interval_due(late_visit, Frequency.MONTHLY) < TODAY else []))
    assert {owner: [f.description for f in fs] for owner, fs in o.follow_ups.items()} == {
        "家庭医生": ["出院后上门随访"], "街道民政科": ["申请高龄津贴"]}
    assert [e.name for e in o.emergencies] == ["冯爷爷"]
    fresh = overview.month_overview(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert fresh.overall.planned == 0 and fresh.overall.rate is None


def test_the_overview_needs_a_role_that_sees_visits(db, admin, social_worker, shop_volunteer):
    with pytest.raises(PermissionDenied):
        overview.month_overview(db, actor=shop_volunteer, year=TODAY.year, month=TODAY.month)
    assert overview.month_overview(db, actor=social_worker, year=TODAY.year,
                                   month=TODAY.month).overall.planned == 0
