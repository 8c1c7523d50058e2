"""The edges a review found: which plans a visit makes (a chosen one, an urgent one, a date
corrected), plans of elders who join mid-month, decline and agree again, or get a pair later,
the last visit's local day, and a visitor taken off a visit and put back."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.visits import elders, plans, records
from neighborcenter.features.visits.rules import (
    ChangeKind,
    PlanKind,
    Tier,
    VisitState,
    Willing,
    add_months,
    month_bounds,
    quarter_bounds,
)
from neighborcenter.features.volunteers import hours
from tests.features.visits import add_listed_elder, add_pair
from tests.features.visits.state import on_list_since

TODAY = dt.date.today()
# a change reported at midnight: the visits at their default time (09:00) come after it,
# whatever the hour the tests run
START_OF_TODAY = dt.datetime.combine(TODAY, dt.time(0, 0)).astimezone()


def rows(db, rid, today=TODAY):
    with db.unit_of_work(write=False) as uow:
        return plans.plan_rows(uow.session, today=today, resident_ids=[rid])


def monthly_elder(db, admin, **kw):
    pid, vids = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", tier=kw.pop("tier", Tier.PRIORITY), pair_id=pid,
                           **kw)
    return rid, pid, vids


# ------------------------------------------------------------------- which plans a visit makes


def test_a_chosen_plan_also_makes_the_urgent_visit_of_the_day(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.FALL,
                               happened_at=START_OF_TODAY)
    routine = next(r for r in rows(db, rid) if r.kind == PlanKind.ROUTINE)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids, plan_id=routine.id))
    assert {r.kind: r.state for r in rows(db, rid)} == {
        PlanKind.ROUTINE: VisitState.DONE, PlanKind.URGENT: VisitState.DONE}


def test_a_chosen_plan_outside_its_days_or_missed_is_refused_and_nothing_is_recorded(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    on_list_since(db, rid, add_months(TODAY, -4))
    earlier = add_months(month_bounds(TODAY.year, TODAY.month)[0], -3)
    following = add_months(month_bounds(TODAY.year, TODAY.month)[0], 1)
    for month in (earlier, following):
        plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    missed = next(r for r in rows(db, rid) if r.due_on.month == earlier.month)
    ahead = next(r for r in rows(db, rid) if r.due_on.month == following.month)
    assert missed.state == VisitState.MISSED
    for plan in (missed, ahead):
        with pytest.raises(ValidationError) as refused:
            records.record_visit(db, actor=admin, form=records.VisitForm(
                resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids, plan_id=plan.id))
        assert refused.value.field == "on"
    assert records.elder_visits(db, actor=admin, resident_id=rid) == []
    assert {r.id: r.state for r in rows(db, rid)} == {missed.id: VisitState.MISSED,
                                                     ahead.id: VisitState.DUE}


def test_a_visit_before_the_change_does_not_make_the_urgent_visit(db, admin):
    rid, _pid, vids = monthly_elder(db, admin, tier=Tier.HIGH)
    yesterday = TODAY - dt.timedelta(days=1)
    elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.FALL,
                               happened_at=f"{yesterday.isoformat()} 18:00")
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=yesterday.isoformat(), at="08:00", volunteer_ids=vids))
    urgent = next(r for r in rows(db, rid) if r.kind == PlanKind.URGENT)
    assert urgent.state != VisitState.DONE
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=yesterday.isoformat(), at="19:30", volunteer_ids=vids))
    assert next(r for r in rows(db, rid) if r.kind == PlanKind.URGENT).state == VisitState.DONE


def test_correcting_a_visits_date_makes_the_plans_of_the_new_day(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    on_list_since(db, rid, add_months(TODAY, -4))
    before = add_months(month_bounds(TODAY.year, TODAY.month)[0], -2)  # closed by now
    for month in (before, TODAY):
        plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    form = records.VisitForm(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids)
    vid = records.record_visit(db, actor=admin, form=form)
    made = {r.due_on.month: r.visit_id for r in rows(db, rid)}
    assert made == {before.month: None, TODAY.month: vid}
    form.on = (before + dt.timedelta(days=9)).isoformat()  # the sheet said two months ago
    records.record_visit(db, actor=admin, form=form, visit_id=vid)
    now = {r.due_on.month: r for r in rows(db, rid)}
    assert now[before.month].visit_id == vid and now[before.month].state == VisitState.DONE
    assert now[TODAY.month].visit_id is None  # this month's visit is still to make


# ------------------------------------------------------------------------------ planning


def test_weekly_visits_are_planned_from_the_week_an_elder_joins(db, admin):
    rid, _pid, _vids = monthly_elder(db, admin, tier=Tier.HIGH)
    first, last = month_bounds(TODAY.year, TODAY.month)
    joined = first + dt.timedelta(days=17)
    on_list_since(db, rid, joined)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert rows(db, rid) and all(r.due_on >= joined for r in rows(db, rid))


def test_an_elder_who_declined_and_agrees_again_is_planned_again(db, admin):
    rid, pid, _vids = monthly_elder(db, admin)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    form = elders.ElderForm(willing=Willing.NO, willing_on=TODAY.isoformat(),
                            tier=Tier.PRIORITY, tier_reason="独居", pair_id=pid)
    elders.save_elder(db, actor=admin, resident_id=rid, form=form)
    assert rows(db, rid) == []
    form.willing = Willing.YES
    elders.save_elder(db, actor=admin, resident_id=rid, form=form)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert len(rows(db, rid)) == 1


def test_a_quarterly_elder_taken_off_and_put_back_is_planned_for_the_rest_of_the_quarter(
        db, admin):
    rid, pid, _vids = monthly_elder(db, admin, tier=Tier.GENERAL)
    q_first, q_last = quarter_bounds(TODAY.year, TODAY.month)
    on_list_since(db, rid, q_first)
    plans.generate_plan(db, actor=admin, year=q_first.year, month=q_first.month)
    [eid] = [e.elder_id for e in elders.list_elders(db, actor=admin)]
    elders.end_elder(db, actor=admin, elder_id=eid, on=TODAY.isoformat(), reason="暂住子女家")
    elders.save_elder(db, actor=admin, resident_id=rid, form=elders.ElderForm(
        willing=Willing.YES, willing_on=TODAY.isoformat(), tier=Tier.GENERAL,
        tier_reason="八十岁以上", pair_id=pid))
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    [plan] = rows(db, rid)
    assert plan.due_on == q_last and plan.state == VisitState.DUE


def test_visits_planned_without_a_pair_go_to_the_pair_given_later(db, admin):
    rid = add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY)
    assert plans.generate_plan(db, actor=admin, year=TODAY.year,
                               month=TODAY.month).without_pair == 1
    pid, vids = add_pair(db, admin)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    mine = plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month, pair_id=pid)
    assert [r.resident.id for r in mine] == [rid]
    # and when staff choose another pair, the visits still to make follow the elder
    other, _ = add_pair(db, admin, "第二探访组", ("王秀兰", "赵建国"))
    [row] = elders.list_elders(db, actor=admin)
    elders.save_elder(db, actor=admin, resident_id=rid, form=elders.ElderForm(
        willing=Willing.YES, willing_on="2026-01-05", tier=Tier.PRIORITY, tier_reason="独居",
        pair_id=other))
    assert {r.pair_id for r in rows(db, rid)} == {other}


def test_a_major_change_needs_the_elder_to_have_said_yes(db, admin):
    rid = add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, willing=Willing.UNKNOWN)
    with pytest.raises(ValidationError):
        elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.FALL,
                                   happened_at=dt.datetime.now().astimezone()
                                   - dt.timedelta(hours=1))
    assert rows(db, rid) == []


def test_an_end_date_in_the_future_is_refused(db, admin):
    add_listed_elder(db, admin, "王秀英")
    [row] = elders.list_elders(db, actor=admin)
    with pytest.raises(ValidationError):
        elders.end_elder(db, actor=admin, elder_id=row.elder_id,
                         on=(TODAY + dt.timedelta(days=3)).isoformat(), reason="搬走")
    assert elders.list_elders(db, actor=admin)[0].ended is None


# ------------------------------------------------------------------- days and hours


def test_the_last_visit_is_the_local_day_of_an_early_morning_visit(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    yesterday = TODAY - dt.timedelta(days=1)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=yesterday.isoformat(), at="00:30", volunteer_ids=vids))
    [row] = elders.list_elders(db, actor=admin)
    assert row.last_visit == yesterday


def test_a_visitor_taken_off_a_visit_and_put_back_has_their_hours_again(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    form = records.VisitForm(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids)
    vid = records.record_visit(db, actor=admin, form=form)
    form.volunteer_ids = vids[:1]
    records.record_visit(db, actor=admin, form=form, visit_id=vid)
    assert len(hours.approval_queue(db, actor=admin)) == 1
    form.volunteer_ids = vids
    records.record_visit(db, actor=admin, form=form, visit_id=vid)
    assert sorted(p.name for p in hours.approval_queue(db, actor=admin)) == ["张桂英", "李建华"]


def test_a_follow_up_is_closed_on_a_day_between_its_visit_and_today(db, admin):
    rid, _pid, vids = monthly_elder(db, admin)
    visited = TODAY - dt.timedelta(days=2)
    vid = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=visited.isoformat(), volunteer_ids=vids,
        follow_ups=[records.FollowUpForm("安装扶手", "街道民政科", TODAY.isoformat())]))
    [follow_up] = records.visit_detail(db, actor=admin, visit_id=vid).follow_ups
    for wrong in (TODAY + dt.timedelta(days=3), visited - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            records.close_follow_up(db, actor=admin, follow_up_id=follow_up.id,
                                    status="done", outcome="已安装", on=wrong.isoformat())
        assert refused.value.field == "on"
    assert [f.id for f in records.list_follow_ups(db, actor=admin)] == [follow_up.id]
    records.close_follow_up(db, actor=admin, follow_up_id=follow_up.id, status="done",
                            outcome="已安装", on=visited.isoformat())
    assert records.list_follow_ups(db, actor=admin) == []
