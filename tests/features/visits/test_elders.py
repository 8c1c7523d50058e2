"""The visit list: who qualifies from the register, putting them on the list, willingness and
tiers, ending, what a death, a move-out and a merge in the register do to an elder and their
plans, the visiting pairs, major changes, and who may do what (a refused action changes
nothing)."""

import datetime as dt

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.register import registry
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.visits import elders, overview, plans, records
from neighborcenter.features.visits.rules import (
    URGENT_HOURS,
    ChangeKind,
    PlanKind,
    Tier,
    VisitState,
    Willing,
)
from tests.conftest import make_account, sql
from tests.features.visits import add_elder_resident, add_listed_elder, add_pair
from tests.features.visits.state import first_of_month, on_list_since, snapshot
from tests.features.volunteers import add_volunteer

TODAY = dt.date.today()


def listed(db, actor, **kw) -> dict[str, elders.ElderRow]:
    return {e.resident.name: e for e in elders.list_elders(db, actor=actor, **kw)}


# ------------------------------------------------------------------------ who qualifies


def test_candidates_come_from_the_registers_tags_and_ages(db, admin):
    add_elder_resident(db, admin, "王秀英", born="1940-05-01", tags=("living_alone",))
    add_elder_resident(db, admin, "赵大爷", born="1960-03-01", tags=("disabled_care",),
                       room="102")
    add_elder_resident(db, admin, "钱奶奶", born="1935-01-01", tags=(), room="103")
    add_elder_resident(db, admin, "孙阿姨", born="1962-01-01", tags=("disability",),
                       grade="三级", room="104")  # not 重残
    add_elder_resident(db, admin, "李伯伯", born="1958-01-01", tags=("disability",),
                       grade="二级", room="105")  # 重残
    add_elder_resident(db, admin, "周先生", born="1970-01-01", tags=(), room="106")
    found = {c.resident.name: c for c in elders.list_candidates(db, actor=admin)}
    assert set(found) == {"王秀英", "赵大爷", "钱奶奶", "李伯伯"}
    assert found["李伯伯"].suggested_tier == Tier.PRIORITY
    assert found["王秀英"].suggested_tier == Tier.HIGH
    assert found["王秀英"].reason_codes == ("living_alone", "age")
    assert found["赵大爷"].suggested_tier == Tier.PRIORITY
    assert found["钱奶奶"].suggested_tier == Tier.GENERAL
    assert found["钱奶奶"].reason_codes == ("age",) and "80" in found["钱奶奶"].reasons


def test_a_tag_that_ended_no_longer_qualifies(db, admin):
    rid = add_elder_resident(db, admin, "王秀英", born="1960-05-01", tags=("living_alone",))
    [tag] = registry.resident_detail(db, actor=admin, resident_id=rid).tags
    rec.end_resident_tag(db, actor=admin, tag_id=tag.id, on=TODAY - dt.timedelta(days=1))
    assert elders.list_candidates(db, actor=admin) == []


def test_adding_candidates_puts_them_on_the_list_not_asked_yet_and_twice_adds_nothing(db, admin):
    a = add_elder_resident(db, admin, "王秀英", tags=("living_alone",))
    b = add_elder_resident(db, admin, "钱奶奶", born="1935-01-01", tags=(), room="103")
    assert elders.add_candidates(db, actor=admin, resident_ids=[a, b, a]) == elders.Added(2, 0)
    rows = listed(db, admin)
    assert {r.willing for r in rows.values()} == {Willing.UNKNOWN}
    assert rows["王秀英"].tier == Tier.HIGH and rows["王秀英"].tier_reason
    assert rows["钱奶奶"].tier == Tier.GENERAL
    assert elders.list_candidates(db, actor=admin) == []
    assert elders.add_candidates(db, actor=admin, resident_ids=[a]) == elders.Added(0, 1)
    young = add_elder_resident(db, admin, "周先生", born="1970-01-01", tags=(), room="106")
    before = snapshot(db)
    with pytest.raises(ValidationError):  # someone who does not qualify: nothing added
        elders.add_candidates(db, actor=admin, resident_ids=[young])
    with pytest.raises(ValidationError):
        elders.add_candidates(db, actor=admin, resident_ids=[])
    assert snapshot(db) == before


# ----------------------------------------------------------------- willingness and tiers


def test_a_yes_or_no_needs_the_day_it_was_said_and_not_a_future_one(db, admin):
    rid = add_elder_resident(db, admin, "王秀英")
    before = snapshot(db)
    for form, field in (
            (elders.ElderForm(willing=Willing.YES, tier_reason="独居"), "willing_on"),
            (elders.ElderForm(willing=Willing.NO, willing_on=TODAY + dt.timedelta(days=1),
                              tier_reason="独居"), "willing_on"),
            (elders.ElderForm(willing=Willing.YES, willing_on=TODAY, tier_reason=" "),
             "tier_reason")):
        with pytest.raises(ValidationError) as raised:
            elders.save_elder(db, actor=admin, resident_id=rid, form=form)
        assert raised.value.field == field
    assert snapshot(db) == before
    # not asked yet needs no day
    elders.save_elder(db, actor=admin, resident_id=rid,
                      form=elders.ElderForm(tier=Tier.HIGH, tier_reason="独居"))
    assert listed(db, admin)["王秀英"].willing == Willing.UNKNOWN


def test_only_willing_elders_get_a_plan(db, admin):
    pid, _vids = add_pair(db, admin)
    add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY)
    add_listed_elder(db, admin, "钱奶奶", willing=Willing.NO, room="103")
    add_listed_elder(db, admin, "孙爷爷", willing=Willing.UNKNOWN, room="104")
    month = first_of_month(TODAY, 1)
    made = plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    assert (made.created, made.declined, made.not_asked) == (1, 1, 1)
    rows = plans.month_plan(db, actor=admin, year=month.year, month=month.month)
    assert [r.resident.name for r in rows] == ["王秀英"]


def test_an_elder_who_declines_later_has_their_open_plans_cancelled(db, admin):
    add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)
    month = first_of_month(TODAY, 1)
    plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    assert plans.month_plan(db, actor=admin, year=month.year, month=month.month)
    elders.save_elder(db, actor=admin, resident_id=rid, form=elders.ElderForm(
        willing=Willing.NO, willing_on=TODAY, tier=Tier.HIGH, tier_reason="本人拒绝"))
    assert plans.month_plan(db, actor=admin, year=month.year, month=month.month) == []


def test_the_tier_sets_the_frequency_and_not_visited_counts_from_the_last_visit(db, admin):
    add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH)
    add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL, room="102")
    rows = listed(db, admin)
    assert rows["王秀英"].frequency.value == "weekly"
    assert rows["赵大爷"].frequency.value == "quarterly"
    # never visited: counted from the day they were put on the list — a week for 王秀英
    assert rows["王秀英"].last_visit is None and not rows["王秀英"].overdue(TODAY)
    assert rows["王秀英"].next_due == TODAY + dt.timedelta(days=7)
    assert rows["王秀英"].overdue(TODAY + dt.timedelta(days=8))
    assert not rows["赵大爷"].overdue(TODAY + dt.timedelta(days=80))  # three months


# ------------------------------------------------------------------------ leaving the list


def _weekly_elder_with_plans(db, admin, name: str = "王秀英") -> str:
    """A weekly elder on the list since two months ago, with the plans of last month, this
    month and next month."""
    add_pair(db, admin)
    rid = add_listed_elder(db, admin, name, tier=Tier.HIGH)
    on_list_since(db, rid, first_of_month(TODAY, -2))
    for n in (-1, 0, 1):
        month = first_of_month(TODAY, n)
        plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    return rid


def _plan_rows(db, rid: str, today: dt.date = TODAY):
    with db.unit_of_work(write=False) as uow:
        return plans.plan_rows(uow.session, today=today, resident_ids=[rid])


def test_ending_an_elder_cancels_the_plans_not_made_from_that_day(db, admin):
    rid = _weekly_elder_with_plans(db, admin)
    before = _plan_rows(db, rid)
    assert any(p.due_on >= TODAY for p in before) and any(p.due_on < TODAY for p in before)
    [row] = elders.list_elders(db, actor=admin)
    elders.end_elder(db, actor=admin, elder_id=row.elder_id, on=TODAY, reason="入住养老院")
    after = _plan_rows(db, rid)
    assert after == [p for p in before if p.due_on < TODAY]  # earlier plans stay as they were
    [ended] = elders.list_elders(db, actor=admin, include_ended=True)
    assert ended.ended == TODAY  # their last day on the list; from tomorrow off it
    assert elders.list_elders(db, actor=admin, today=TODAY + dt.timedelta(days=1)) == []
    with pytest.raises(ValidationError):
        elders.end_elder(db, actor=admin, elder_id=row.elder_id, on=TODAY, reason="again")
    month = first_of_month(TODAY, 2)
    assert plans.generate_plan(db, actor=admin, year=month.year, month=month.month).created == 0


@pytest.mark.parametrize("kind", [rec.ResidenceEventKind.DECEASED,
                                  rec.ResidenceEventKind.MOVED_OUT])
def test_a_death_or_move_out_in_the_register_ends_the_elder_and_their_later_plans(db, admin,
                                                                                kind):
    rid = _weekly_elder_with_plans(db, admin)
    earlier = [p for p in _plan_rows(db, rid) if p.due_on < TODAY]
    month = first_of_month(TODAY, 1)
    planned_next = overview.month_overview(db, actor=admin, year=month.year,
                                           month=month.month).overall.planned
    assert planned_next >= 4
    rec.change_residence(db, actor=admin, resident_id=rid, kind=kind, on=TODAY,
                         destination="杭州")
    [ended] = elders.list_elders(db, actor=admin, include_ended=True)
    assert ended.ended == TODAY
    assert elders.list_elders(db, actor=admin, today=TODAY + dt.timedelta(days=1)) == []
    # the plans from that day on are no longer counted; the earlier ones stay
    assert [(p.id, p.state) for p in _plan_rows(db, rid)] == [(p.id, p.state) for p in earlier]
    assert all(p.due_on < TODAY for p in _plan_rows(db, rid, today=TODAY + dt.timedelta(
        days=60)))
    assert overview.month_overview(db, actor=admin, year=month.year,
                                   month=month.month).overall.planned == 0
    later = first_of_month(TODAY, 2)
    assert plans.generate_plan(db, actor=admin, year=later.year, month=later.month).created == 0


def test_merging_two_records_repoints_the_list_and_the_plans_to_the_one_kept(db, admin):
    rid = _weekly_elder_with_plans(db, admin)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), staff_usernames=["admin"],
        follow_ups=[records.FollowUpForm("复查", "家庭医生", TODAY.isoformat())]))
    elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.FALL,
                               happened_at=dt.datetime.now() - dt.timedelta(minutes=5))
    keep = add_elder_resident(db, admin, "王秀英", room="201")
    rec.merge_residents(db, actor=admin, keep_id=keep, other_id=rid, take_from_other=set(),
                        note="同一人，重复登记")
    conn = sql(db)
    for table in ("visit_elders", "visit_plans", "visits", "visit_follow_ups",
                  "visit_major_changes"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE resident_id = ?",  # noqa: S608
                            (rid,)).fetchone()[0] == 0
    assert [e.resident.id for e in elders.list_elders(db, actor=admin)] == [keep]
    assert _plan_rows(db, keep)
    assert [f.resident_id for f in records.list_follow_ups(db, actor=admin)] == [keep]
    assert len(records.elder_visits(db, actor=admin, resident_id=keep)) == 1


# ---------------------------------------------------------------------------------- pairs


def test_a_pair_is_two_volunteers_or_a_social_worker(db, admin, social_worker):
    a, b, c = (add_volunteer(db, admin, n) for n in ("张桂英", "李建华", "王阿姨"))
    before = snapshot(db)
    for form in (elders.PairForm(name="一组", first_volunteer_id=a),  # one volunteer alone
                 elders.PairForm(name="一组", first_volunteer_id=a, second_volunteer_id=a),
                 elders.PairForm(name="一组", first_volunteer_id=a, second_volunteer_id=b,
                                 substitute_volunteer_id=b),
                 elders.PairForm(name=" ", first_volunteer_id=a, second_volunteer_id=b)):
        with pytest.raises(ValidationError):
            elders.save_pair(db, actor=admin, form=form)
    with pytest.raises(NotFound):
        elders.save_pair(db, actor=admin, form=elders.PairForm(name="社工组",
                                                               staff_username="nobody"))
    assert snapshot(db) == before
    first = elders.save_pair(db, actor=admin, form=elders.PairForm(
        name="一组", first_volunteer_id=a, second_volunteer_id=b, substitute_volunteer_id=c))
    elders.save_pair(db, actor=social_worker, form=elders.PairForm(
        name="社工组", staff_username=social_worker.username))
    with pytest.raises(ValidationError):  # the name is taken
        elders.save_pair(db, actor=admin, form=elders.PairForm(
            name="一组", staff_username=social_worker.username))
    rows = {p.name: p for p in elders.list_pairs(db, actor=admin)}
    assert rows["一组"].visitors == "张桂英、李建华" and rows["一组"].substitute == "王阿姨"
    assert rows["社工组"].staff_username == social_worker.username
    add_listed_elder(db, admin, "王秀英", pair_id=first)
    assert elders.list_pairs(db, actor=admin)[0].elders + \
        elders.list_pairs(db, actor=admin)[1].elders == 1


def test_an_inactive_pair_cannot_be_chosen_for_an_elder(db, admin):
    pid, vids = add_pair(db, admin)
    elders.save_pair(db, actor=admin, pair_id=pid, form=elders.PairForm(
        name="第一探访组", first_volunteer_id=vids[0], second_volunteer_id=vids[1],
        active=False))
    rid = add_elder_resident(db, admin, "王秀英")
    with pytest.raises(ValidationError):
        elders.save_elder(db, actor=admin, resident_id=rid, form=elders.ElderForm(
            willing=Willing.YES, willing_on=TODAY, tier_reason="独居", pair_id=pid))


# --------------------------------------------------------------------------- major change


def test_a_major_change_plans_an_urgent_visit_due_within_24_hours(db, admin):
    pid, _vids = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, pair_id=pid)
    happened = dt.datetime.now().astimezone() - dt.timedelta(minutes=10)
    elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.DISCHARGED,
                               happened_at=happened, notes="肺炎出院")
    [urgent] = [p for p in _plan_rows(db, rid) if p.kind == PlanKind.URGENT]
    assert urgent.due_on == (happened + dt.timedelta(hours=URGENT_HOURS)).date()
    assert urgent.starts_on == happened.date() and urgent.state == VisitState.DUE
    assert urgent.pair_id == pid and urgent.tier == Tier.HIGH
    # the day after its last day it is overdue, and it can still be made until it closes
    assert _plan_rows(db, rid, today=urgent.due_on + dt.timedelta(days=1))[0].state \
        == VisitState.OVERDUE


def test_a_major_change_is_refused_in_the_future_for_a_refusal_or_off_the_list(db, admin):
    willing = add_listed_elder(db, admin, "王秀英")
    declined = add_listed_elder(db, admin, "钱奶奶", willing=Willing.NO, room="103")
    stranger = add_elder_resident(db, admin, "周先生", room="104")
    now = dt.datetime.now().astimezone()
    before = snapshot(db)
    for rid, when in ((willing, now + dt.timedelta(hours=2)), (declined, now),
                      (stranger, now)):
        with pytest.raises(ValidationError):
            elders.report_major_change(db, actor=admin, resident_id=rid,
                                       kind=ChangeKind.FALL, happened_at=when)
    assert snapshot(db) == before


# ---------------------------------------------------------------------------- permissions


def test_a_shop_volunteer_may_not_see_or_change_the_visit_list(db, admin, shop_volunteer):
    pid, vids = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英")
    [row] = elders.list_elders(db, actor=admin)
    before = snapshot(db)
    for call in (
            lambda: elders.list_elders(db, actor=shop_volunteer),
            lambda: elders.list_candidates(db, actor=shop_volunteer),
            lambda: elders.list_pairs(db, actor=shop_volunteer),
            lambda: elders.save_elder(db, actor=shop_volunteer, resident_id=rid,
                                      form=elders.ElderForm(tier_reason="x")),
            lambda: elders.add_candidates(db, actor=shop_volunteer, resident_ids=[rid]),
            lambda: elders.end_elder(db, actor=shop_volunteer, elder_id=row.elder_id,
                                     on=TODAY, reason="x"),
            lambda: elders.save_pair(db, actor=shop_volunteer, form=elders.PairForm(
                name="x", first_volunteer_id=vids[0], second_volunteer_id=vids[1])),
            lambda: elders.report_major_change(db, actor=shop_volunteer, resident_id=rid,
                                               kind=ChangeKind.FALL,
                                               happened_at=dt.datetime.now())):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(db) == before


def test_a_social_worker_keeps_the_list(db, admin, social_worker):
    rid = add_elder_resident(db, admin, "王秀英")
    elders.save_elder(db, actor=social_worker, resident_id=rid, form=elders.ElderForm(
        willing=Willing.YES, willing_on=TODAY, tier=Tier.HIGH, tier_reason="独居"))
    assert [e.resident.name for e in elders.list_elders(db, actor=social_worker)] == ["王秀英"]
    viewer = make_account(db, admin, "viewer", Role.SHOP_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        elders.list_elders(db, actor=viewer)
