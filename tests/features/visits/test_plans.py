"""The month's plan and the festival campaigns: the windows each tier gets across month ends
and leap years, generating twice, the balanced assignment of pairs (and of an inactive pair's
elders), quarterly visits on joining, the state of every planned visit, a visitor's own list,
campaigns from the lunar calendar, and who may plan."""

import datetime as dt
from collections import Counter

import pytest

from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.visits import elders, plans
from neighborcenter.features.visits.rules import (
    PlanKind,
    Tier,
    VisitState,
    Willing,
)
from neighborcenter.features.visits.rules.lunar import Festival, festival_date
from tests.features.visits import add_listed_elder, add_pair
from tests.features.visits.state import on_list_since, snapshot

D = dt.date


def plan_of(db, actor, year: int, month: int, **kw) -> list[plans.PlanRow]:
    return plans.month_plan(db, actor=actor, year=year, month=month, **kw)


def windows(rows: list[plans.PlanRow], name: str) -> list[tuple[dt.date, dt.date]]:
    return sorted((r.starts_on, r.due_on) for r in rows if r.resident.name == name)


# ------------------------------------------------------------------------------ windows


def test_each_tier_gets_its_windows_and_weeks_belong_to_the_month_of_their_sunday(db, admin):
    add_pair(db, admin)
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, room="102")
    made = plans.generate_plan(db, actor=admin, year=2026, month=12)
    assert made.created == 4 + 1
    dec = plan_of(db, admin, 2026, 12)
    assert windows(dec, "王秀英") == [(D(2026, 11, 30), D(2026, 12, 6)),
                                     (D(2026, 12, 7), D(2026, 12, 13)),
                                     (D(2026, 12, 14), D(2026, 12, 20)),
                                     (D(2026, 12, 21), D(2026, 12, 27))]
    assert windows(dec, "赵大爷") == [(D(2026, 12, 1), D(2026, 12, 31))]
    plans.generate_plan(db, actor=admin, year=2027, month=1)
    jan = [r for r in plan_of(db, admin, 2027, 1) if r.due_on.month == 1]
    # the week across the year end is January's, planned once
    assert windows(jan, "王秀英")[0] == (D(2026, 12, 28), D(2027, 1, 3))
    assert len(windows(jan, "王秀英")) == 5  # Sundays 3, 10, 17, 24, 31


def test_a_leap_february_plans_to_its_29th(db, admin):
    add_pair(db, admin)
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, room="102")
    plans.generate_plan(db, actor=admin, year=2028, month=2)
    feb = plan_of(db, admin, 2028, 2)
    assert [due.day for _start, due in windows(feb, "王秀英")] == [6, 13, 20, 27]
    [(start, due)] = windows(feb, "赵大爷")
    assert (start, due) == (D(2028, 2, 1), D(2028, 2, 29))
    [monthly] = [r for r in feb if r.resident.name == "赵大爷"]
    assert monthly.closes_on == D(2028, 3, 7)  # seven grace days into March


def test_generating_a_month_twice_adds_nothing(db, admin):
    add_pair(db, admin)
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL, room="102")
    first = plans.generate_plan(db, actor=admin, year=2027, month=1)
    before = [r.id for r in plan_of(db, admin, 2027, 1)]
    again = plans.generate_plan(db, actor=admin, year=2027, month=1)
    assert again.created == 0 and first.created == 5 + 1
    assert [r.id for r in plan_of(db, admin, 2027, 1)] == before


def test_a_quarterly_visit_is_planned_once_in_the_quarters_first_month(db, admin):
    add_pair(db, admin)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL)
    assert plans.generate_plan(db, actor=admin, year=2027, month=1).created == 1
    assert plans.generate_plan(db, actor=admin, year=2027, month=2).created == 0
    assert plans.generate_plan(db, actor=admin, year=2027, month=3).created == 0
    [row] = plan_of(db, admin, 2027, 2)  # listed in every month of its quarter
    assert (row.starts_on, row.due_on) == (D(2027, 1, 1), D(2027, 3, 31))
    assert plans.generate_plan(db, actor=admin, year=2027, month=4).created == 1


def test_a_quarterly_elder_who_joins_mid_quarter_is_planned_from_the_day_they_join(db, admin):
    add_pair(db, admin)
    rid = add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL)
    on_list_since(db, rid, D(2027, 2, 10))
    assert plans.generate_plan(db, actor=admin, year=2027, month=1).created == 0  # not yet
    assert plans.generate_plan(db, actor=admin, year=2027, month=2).created == 1
    [row] = plan_of(db, admin, 2027, 2)
    assert (row.starts_on, row.due_on) == (D(2027, 2, 10), D(2027, 3, 31))
    assert plans.generate_plan(db, actor=admin, year=2027, month=3).created == 0


# ------------------------------------------------------------------------- assignment


def test_the_plan_spreads_elders_without_a_pair_over_the_pairs(db, admin):
    pairs = [add_pair(db, admin, f"第{n}组", (f"张{n}甲", f"李{n}乙"))[0] for n in "一二三"]
    for n in range(6):
        add_listed_elder(db, admin, f"王{'一二三四五六'[n]}英", tier=Tier.PRIORITY,
                         room=f"10{n}")
    made = plans.generate_plan(db, actor=admin, year=2027, month=1)
    assert (made.created, made.assigned, made.without_pair) == (6, 6, 0)
    load = Counter(r.pair_id for r in plan_of(db, admin, 2027, 1))
    assert load == {pid: 2 for pid in pairs}
    # and they keep their pair: next month changes nothing
    again = plans.generate_plan(db, actor=admin, year=2027, month=2)
    assert again.assigned == 0
    assert Counter(r.pair_id for r in plan_of(db, admin, 2027, 2)) == load


def test_the_balance_counts_visits_so_a_weekly_elder_weighs_more(db, admin):
    a = add_pair(db, admin, "第一组", ("张一", "李一"))[0]
    b = add_pair(db, admin, "第二组", ("张二", "李二"))[0]
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)  # four or five visits a month
    for n in range(4):
        add_listed_elder(db, admin, f"赵{'一二三四'[n]}", tier=Tier.PRIORITY, room=f"20{n}")
    plans.generate_plan(db, actor=admin, year=2027, month=1)  # five Sundays
    load = Counter(r.pair_id for r in plan_of(db, admin, 2027, 1) if r.due_on.month == 1)
    assert load[a] + load[b] == 9 and abs(load[a] - load[b]) <= 1


def test_an_inactive_pairs_elders_are_given_to_an_active_pair(db, admin):
    first, vids = add_pair(db, admin, "第一组", ("张一", "李一"))
    second, _ = add_pair(db, admin, "第二组", ("张二", "李二"))
    add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY, pair_id=first)
    plans.generate_plan(db, actor=admin, year=2027, month=1)
    assert {r.pair_id for r in plan_of(db, admin, 2027, 1)} == {first}
    elders.save_pair(db, actor=admin, pair_id=first, form=elders.PairForm(
        name="第一组", first_volunteer_id=vids[0], second_volunteer_id=vids[1], active=False))
    made = plans.generate_plan(db, actor=admin, year=2027, month=2)
    assert made.assigned == 1
    assert {r.pair_id for r in plan_of(db, admin, 2027, 2)} == {second}
    assert [e.pair_id for e in elders.list_elders(db, actor=admin)] == [second]
    # January's visits still to make go to the active pair too: nobody would make them
    assert {r.pair_id for r in plan_of(db, admin, 2027, 1)} == {second}


def test_without_any_active_pair_the_plan_is_made_without_one(db, admin):
    add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY)
    made = plans.generate_plan(db, actor=admin, year=2027, month=1)
    assert (made.created, made.without_pair) == (1, 1)
    assert plan_of(db, admin, 2027, 1)[0].pair == ""


# ---------------------------------------------------------------------------- the state


def test_the_plans_state_follows_the_day_it_is_read(db, admin):
    add_pair(db, admin)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY)
    plans.generate_plan(db, actor=admin, year=2027, month=1)

    def state(today):
        [row] = plan_of(db, admin, 2027, 1, today=today)
        return row.state

    assert state(D(2027, 1, 31)) == VisitState.DUE
    assert state(D(2027, 2, 1)) == VisitState.OVERDUE
    assert state(D(2027, 2, 7)) == VisitState.OVERDUE
    assert state(D(2027, 2, 8)) == VisitState.MISSED
    # in February, January's overdue visit is still on February's list, to be made late
    assert [r.state for r in plan_of(db, admin, 2027, 2, today=D(2027, 2, 3))] == [
        VisitState.OVERDUE]
    assert plan_of(db, admin, 2027, 2, today=D(2027, 2, 8)) == []


def test_a_visitors_own_list_is_their_pairs_plans(db, admin):
    first, (a, b) = add_pair(db, admin, "第一组", ("张一", "李一"))
    second, (c, _d) = add_pair(db, admin, "第二组", ("张二", "李二"))
    add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY, pair_id=first)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, pair_id=second, room="102")
    plans.generate_plan(db, actor=admin, year=2027, month=1)
    assert [r.resident.name for r in plan_of(db, admin, 2027, 1, volunteer_id=a)] == ["王秀英"]
    assert [r.resident.name for r in plan_of(db, admin, 2027, 1, volunteer_id=c)] == ["赵大爷"]
    assert [r.resident.name for r in plan_of(db, admin, 2027, 1, pair_id=second)] == ["赵大爷"]
    assert plan_of(db, admin, 2027, 1, pair_id=first, volunteer_id=c) == []


# ---------------------------------------------------------------------------- campaigns


def test_a_campaign_takes_its_day_from_the_lunar_calendar_and_plans_willing_elders(db, admin):
    pid, _ = add_pair(db, admin)
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, pair_id=pid)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL, room="102")
    add_listed_elder(db, admin, "钱奶奶", willing=Willing.NO, room="103")
    add_listed_elder(db, admin, "孙爷爷", willing=Willing.UNKNOWN, room="104")
    cid = plans.create_campaign(db, actor=admin, festival=Festival.MID_AUTUMN.value, year=2027,
                                gift="月饼一盒", today=D(2027, 1, 1))
    [row] = plans.list_campaigns(db, actor=admin)
    assert row.id == cid and row.festival_on == D(2027, 9, 15)  # 中秋 2027, as published
    assert row.festival_on == festival_date(Festival.MID_AUTUMN, 2027)
    assert (row.starts_on, row.ends_on) == (D(2027, 9, 8), D(2027, 9, 18))
    assert (row.planned, row.done, row.gift) == (2, 0, "月饼一盒")
    assert "2027" in row.name
    with db.unit_of_work(write=False) as uow:
        rows = plans.plan_rows(uow.session, today=D(2027, 9, 1), campaign_id=cid)
    assert sorted(r.resident.name for r in rows) == ["王秀英", "赵大爷"]
    assert {(r.kind, r.starts_on, r.due_on, r.closes_on) for r in rows} == {
        (PlanKind.FESTIVAL, D(2027, 9, 8), D(2027, 9, 15), D(2027, 9, 18))}
    assert {r.resident.name: r.pair_id for r in rows}["王秀英"] == pid


@pytest.mark.parametrize(("festival", "year", "day"), [
    (Festival.SPRING, 2027, D(2027, 2, 6)), (Festival.DRAGON_BOAT, 2027, D(2027, 6, 9)),
    (Festival.DOUBLE_NINTH, 2027, D(2027, 10, 8)), (Festival.LANTERN, 2028, D(2028, 2, 9)),
])
def test_every_festival_campaign_is_on_its_published_day(db, admin, festival, year, day):
    add_listed_elder(db, admin, "王秀英")
    plans.create_campaign(db, actor=admin, festival=festival.value, year=year,
                          today=D(year, 1, 1))
    assert plans.list_campaigns(db, actor=admin)[0].festival_on == day


def test_a_festival_that_is_over_is_refused(db, admin):
    add_listed_elder(db, admin, "王秀英")
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:  # 重阳 2027 was 10-08; 3 days after it
        plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH.value,
                              year=2027, today=D(2027, 10, 12))
    assert refused.value.field == "year" and snapshot(db) == before
    plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH.value, year=2027,
                          today=D(2027, 10, 11))  # its last day of visits


def test_a_festival_is_planned_once_a_year_and_the_year_is_checked(db, admin):
    add_listed_elder(db, admin, "王秀英")
    early = D(2027, 1, 1)
    plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH.value, year=2027,
                          today=early)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH.value, year=2027,
                              today=early)
    with pytest.raises(ValidationError):
        plans.create_campaign(db, actor=admin, festival=Festival.SPRING.value, year=1999)
    assert snapshot(db) == before
    plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH.value, year=2028,
                          today=early)
    assert len(plans.list_campaigns(db, actor=admin)) == 2


# -------------------------------------------------------------------------- permissions


def test_planning_needs_a_role_that_records_visits(db, admin, social_worker, shop_volunteer):
    add_listed_elder(db, admin, "王秀英")
    before = snapshot(db)
    for call in (
            lambda: plans.generate_plan(db, actor=shop_volunteer, year=2027, month=1),
            lambda: plans.create_campaign(db, actor=shop_volunteer,
                                          festival=Festival.SPRING.value, year=2027),
            lambda: plans.month_plan(db, actor=shop_volunteer, year=2027, month=1),
            lambda: plans.list_campaigns(db, actor=shop_volunteer)):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(db) == before
    assert plans.generate_plan(db, actor=social_worker, year=2027, month=1).created == 1
    plans.create_campaign(db, actor=social_worker, festival=Festival.SPRING.value, year=2027,
                          today=D(2027, 1, 1))
    # 春节 2027 is on 6 February: its visits start in January
    assert sorted(r.kind.value for r in plan_of(db, social_worker, 2027, 1)) == [
        "festival", "routine"]
