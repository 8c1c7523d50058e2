"""Recording a visit: the plans it makes (those open on its day; late ones until they close),
the visitors' hours credited once however often the visit is corrected, follow-ups and
emergencies and their closing, what is refused (and leaves everything as it was), and who may
record."""

import datetime as dt

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.visits import elders, plans, records
from neighborcenter.features.visits.rules import (
    Area,
    ChangeKind,
    FollowUpStatus,
    Method,
    PlanKind,
    Tier,
    VisitState,
    Willing,
)
from neighborcenter.features.volunteers import hours, people
from neighborcenter.features.volunteers.rules import HoursStatus
from tests.conftest import make_account, sql
from tests.features.visits import add_elder_resident, add_listed_elder, add_pair
from tests.features.visits.state import first_of_month, on_list_since, snapshot

TODAY = dt.date.today()
# a change reported at midnight: the visits at their default time (09:00) come after it,
# whatever the hour the tests run
START_OF_TODAY = dt.datetime.combine(TODAY, dt.time(0, 0)).astimezone()


def visit(db, actor, rid: str, on: dt.date = TODAY, **fields) -> str:
    fields.setdefault("staff_usernames", [] if fields.get("volunteer_ids") else ["admin"])
    return records.record_visit(db, actor=actor, form=records.VisitForm(
        resident_id=rid, on=on.isoformat(), **fields))


def plan_rows(db, rid: str, today: dt.date = TODAY) -> list[plans.PlanRow]:
    with db.unit_of_work(write=False) as uow:
        return plans.plan_rows(uow.session, today=today, resident_ids=[rid])


def elder_with_plans(db, admin, tier: Tier = Tier.HIGH, months: tuple[int, ...] = (-1, 0, 1),
                     name: str = "王秀英", **kw) -> str:
    """An elder on the list since four months ago, with the plans of those months."""
    rid = add_listed_elder(db, admin, name, tier=tier, **kw)
    on_list_since(db, rid, first_of_month(TODAY, -4))
    for n in months:
        month = first_of_month(TODAY, n)
        plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    return rid


def queue(db, actor, activity_id: str | None = None) -> list[hours.PendingHours]:
    return [p for p in hours.approval_queue(db, actor=actor)
            if activity_id is None or p.activity_id == activity_id]


def detail(db, actor, vid: str) -> records.VisitDetail:
    return records.visit_detail(db, actor=actor, visit_id=vid)


# ------------------------------------------------------------------------- the plans made


def test_a_visit_makes_the_urgent_plans_of_its_day_and_one_routine_plan(db, admin):
    pid, vids = add_pair(db, admin)
    rid = elder_with_plans(db, admin, pair_id=pid)
    elders.report_major_change(db, actor=admin, resident_id=rid, kind=ChangeKind.DISCHARGED,
                               happened_at=START_OF_TODAY)
    open_today = [p for p in plan_rows(db, rid) if p.starts_on <= TODAY <= p.closes_on]
    assert {p.kind for p in open_today} >= {PlanKind.ROUTINE, PlanKind.URGENT}
    routine = sorted((p for p in open_today if p.kind == PlanKind.ROUTINE),
                     key=lambda p: p.due_on)
    vid = visit(db, admin, rid, volunteer_ids=vids)
    made = {p.id: p for p in plan_rows(db, rid) if p.visit_id == vid}
    # every urgent (and festival) plan open that day, and one routine plan — the oldest open
    # one, caught up first — so that one visit never counts twice in a month's rate
    assert set(made) == {p.id for p in open_today if p.kind != PlanKind.ROUTINE} | {
        routine[0].id}
    assert {p.state for p in made.values()} == {VisitState.DONE}
    assert {p.visited_on for p in made.values()} == {TODAY}
    assert len(detail(db, admin, vid).plans) == len(made)
    # a second visit the same day makes the next routine plan open then, if any, and then
    # nothing is left to make
    again = visit(db, admin, rid, volunteer_ids=vids, at="16:00")
    assert [p.id for p in plan_rows(db, rid) if p.visit_id == again] == [
        p.id for p in routine[1:2]]
    for n in range(len(routine)):
        visit(db, admin, rid, volunteer_ids=vids, at=f"17:{n:02d}")
    last = visit(db, admin, rid, volunteer_ids=vids, at="18:00")
    assert [p for p in plan_rows(db, rid) if p.visit_id == last] == []


def test_a_visit_for_a_chosen_plan_makes_that_one_only(db, admin):
    rid = elder_with_plans(db, admin)
    [first, *_rest] = sorted((p for p in plan_rows(db, rid)
                              if p.starts_on <= TODAY <= p.closes_on), key=lambda p: p.due_on)
    vid = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), staff_usernames=["admin"], plan_id=first.id))
    assert [p.id for p in plan_rows(db, rid) if p.visit_id == vid] == [first.id]


def test_an_overdue_plan_is_still_made_late_and_after_it_closes_it_is_missed(db, admin):
    three_ago, two_ago = first_of_month(TODAY, -3), first_of_month(TODAY, -2)
    late = elder_with_plans(db, admin, tier=Tier.PRIORITY, months=(-3, -2))
    missed = elder_with_plans(db, admin, tier=Tier.PRIORITY, months=(-3, -2), name="赵大爷",
                              room="102")
    # the plan of three months ago is due on its last day and closes seven days after
    [old] = [p for p in plan_rows(db, late) if p.starts_on == three_ago]
    assert old.closes_on == two_ago + dt.timedelta(days=6) and old.state == VisitState.MISSED
    visit(db, admin, late, on=two_ago + dt.timedelta(days=6))  # its closing day: late
    visit(db, admin, missed, on=two_ago + dt.timedelta(days=7))  # a day too late
    [made] = [p for p in plan_rows(db, late) if p.starts_on == three_ago]
    assert made.state == VisitState.DONE and made.late
    assert made.visited_on == two_ago + dt.timedelta(days=6)
    [lost] = [p for p in plan_rows(db, missed) if p.starts_on == three_ago]
    assert lost.state == VisitState.MISSED and lost.visit_id is None
    # the visit a day too late made that month's own plan instead, on time
    [own] = [p for p in plan_rows(db, missed) if p.starts_on == two_ago]
    assert own.state == VisitState.DONE and not own.late


def test_a_visit_to_an_elder_without_a_plan_is_recorded_all_the_same(db, admin):
    rid = add_listed_elder(db, admin, "王秀英")
    vid = visit(db, admin, rid)
    assert detail(db, admin, vid).plans == ()
    assert [e.last_visit for e in elders.list_elders(db, actor=admin)] == [TODAY]


# ----------------------------------------------------------------- hours, credited once


def test_the_visitors_hours_are_credited_once_however_often_the_visit_is_corrected(db, admin):
    pid, (a, b) = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", pair_id=pid)
    vid = visit(db, admin, rid, volunteer_ids=[a, b], duration="1.5")
    [activity] = {p.activity_id for p in queue(db, admin)}
    waiting = queue(db, admin, activity)
    assert sorted(p.name for p in waiting) == ["张桂英", "李建华"]
    assert {p.minutes for p in waiting} == {90} and {p.on for p in waiting} == {TODAY}
    # corrected (another time and note): the same records, brought up to date
    records.record_visit(db, actor=admin, visit_id=vid, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), volunteer_ids=[a, b], duration="2",
        general_notes="改了时长"))
    assert {p.activity_id for p in queue(db, admin)} == {activity}
    assert sorted((p.name, p.minutes) for p in queue(db, admin)) == [("张桂英", 120),
                                                                     ("李建华", 120)]
    # a visitor taken off: their pending hours are declined, not deleted
    records.record_visit(db, actor=admin, visit_id=vid, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), volunteer_ids=[a], duration="2"))
    [left] = queue(db, admin)
    assert left.name == "张桂英"
    statuses = dict(sql(db).execute(
        "SELECT volunteer_id, status FROM volunteer_service_records WHERE activity_id = ?",
        (activity,)).fetchall())
    assert statuses == {a: HoursStatus.PENDING.value, b: HoursStatus.DECLINED.value}
    assert detail(db, admin, vid).visitors == ("张桂英",)
    # approved: the points are earned once; a later correction and a second approval add none
    decided = hours.approve_hours(db, actor=admin, record_ids=[left.record_id])
    assert decided.records == 1 and decided.points > 0
    points = people.volunteer_profile(db, actor=admin, volunteer=a).points
    assert points == decided.points
    records.record_visit(db, actor=admin, visit_id=vid, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), volunteer_ids=[a], duration="3"))
    assert queue(db, admin) == []
    assert hours.approve_hours(db, actor=admin, record_ids=[left.record_id]) == \
        hours.Decided(0, 0)
    assert people.volunteer_profile(db, actor=admin, volunteer=a).points == points
    assert people.volunteer_profile(db, actor=admin, volunteer=a).minutes == 120
    assert sql(db).execute("SELECT COUNT(*) FROM volunteer_activities WHERE id IN (SELECT "
                           "activity_id FROM visits)").fetchone()[0] == 1


def test_an_empty_duration_counts_the_methods_time_and_staff_earn_no_hours(db, admin):
    pid, (a, _b) = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", pair_id=pid)
    visit(db, admin, rid, volunteer_ids=[a], method=Method.PHONE)
    # a phone call's default, counted by the volunteers' rounding (15 minutes: half an hour)
    assert [(p.raw_minutes, p.minutes) for p in queue(db, admin)] == [(15, 30)]
    staff_only = visit(db, admin, rid, staff_usernames=["admin"], at="15:00")
    assert sql(db).execute("SELECT activity_id FROM visits WHERE id = ?",
                           (staff_only,)).fetchone()[0] is None
    assert len(queue(db, admin)) == 1


# ------------------------------------------------------------------ follow-ups, emergency


def test_follow_ups_are_recorded_with_the_visit_and_closed_with_what_came_of_it(db, admin):
    rid = add_listed_elder(db, admin, "王秀英")
    due = TODAY + dt.timedelta(days=10)
    vid = visit(db, admin, rid, items={Area.SAFETY: {"gas"}}, notes={Area.SAFETY: "软管老化"},
                hazards="燃气软管老化", follow_ups=[
                    records.FollowUpForm("更换燃气软管", "燃气公司", due.isoformat(),
                                         Area.SAFETY),
                    records.FollowUpForm("申请高龄津贴", "民政专干", due.isoformat())])
    seen = detail(db, admin, vid)
    assert seen.items[Area.SAFETY] == ("gas",) and seen.notes[Area.SAFETY] == "软管老化"
    assert seen.hazards == "燃气软管老化"
    open_ = {f.description: f for f in records.list_follow_ups(db, actor=admin)}
    assert set(open_) == {"更换燃气软管", "申请高龄津贴"}
    assert open_["更换燃气软管"].owner == "燃气公司" and not open_["更换燃气软管"].overdue(TODAY)
    assert open_["更换燃气软管"].overdue(due + dt.timedelta(days=1))
    records.close_follow_up(db, actor=admin, follow_up_id=open_["更换燃气软管"].id,
                            status=FollowUpStatus.DONE, outcome="已更换")
    with pytest.raises(ValidationError):  # cancelling needs a reason
        records.close_follow_up(db, actor=admin, follow_up_id=open_["申请高龄津贴"].id,
                                status=FollowUpStatus.CANCELLED, outcome=" ")
    records.close_follow_up(db, actor=admin, follow_up_id=open_["申请高龄津贴"].id,
                            status=FollowUpStatus.CANCELLED, outcome="家属已办理")
    assert records.list_follow_ups(db, actor=admin) == []
    closed = {f.description: f for f in records.list_follow_ups(db, actor=admin,
                                                                   open_only=False)}
    assert closed["更换燃气软管"].status == FollowUpStatus.DONE
    assert closed["更换燃气软管"].outcome == "已更换" and closed["更换燃气软管"].closed_on == TODAY
    assert closed["申请高龄津贴"].status == FollowUpStatus.CANCELLED
    before = snapshot(db)
    with pytest.raises(ValidationError):  # closed already
        records.close_follow_up(db, actor=admin, follow_up_id=open_["更换燃气软管"].id,
                                status=FollowUpStatus.DONE, outcome="again")
    assert snapshot(db) == before


def test_an_emergency_stays_open_until_it_is_dealt_with(db, admin):
    rid = add_listed_elder(db, admin, "王秀英")
    with pytest.raises(ValidationError) as raised:  # what happened must be said
        visit(db, admin, rid, emergency=True)
    assert raised.value.field == "emergency_notes"
    vid = visit(db, admin, rid, emergency=True, emergency_notes="老人摔倒，已送医")
    with db.unit_of_work(write=False) as uow:
        [open_] = records.open_emergencies(uow.session)
    assert (open_.visit_id, open_.name) == (vid, "王秀英")
    records.close_emergency(db, actor=admin, visit_id=vid, notes="已住院，子女陪护")
    with db.unit_of_work(write=False) as uow:
        assert records.open_emergencies(uow.session) == []
    seen = detail(db, admin, vid)
    assert seen.emergency_closed_on == TODAY and "已住院" in seen.emergency_notes
    with pytest.raises(ValidationError):
        records.close_emergency(db, actor=admin, visit_id=vid, notes="again")
    plain = visit(db, admin, rid, at="16:00")
    with pytest.raises(NotFound):
        records.close_emergency(db, actor=admin, visit_id=plain, notes="no emergency")


# ----------------------------------------------------------------------------- refused


def test_a_visit_that_cannot_be_is_refused_and_changes_nothing(db, admin):
    pid, vids = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", pair_id=pid)
    declined = add_listed_elder(db, admin, "钱奶奶", willing=Willing.NO, room="103")
    stranger = add_elder_resident(db, admin, "周先生", room="104")
    gone = add_listed_elder(db, admin, "孙爷爷", room="105")
    rec.change_residence(db, actor=admin, resident_id=gone,
                         kind=rec.ResidenceEventKind.DECEASED, on=TODAY - dt.timedelta(days=3))
    before = snapshot(db)
    tomorrow = TODAY + dt.timedelta(days=1)
    cases = [
        (dict(resident_id=rid, on=tomorrow.isoformat(), volunteer_ids=vids), ValidationError),
        (dict(resident_id=rid, on=TODAY.isoformat()), ValidationError),  # nobody visited
        (dict(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids, at="25:00"),
         ValidationError),
        (dict(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids, duration="0"),
         ValidationError),
        (dict(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids,
              follow_ups=[records.FollowUpForm("x", "y", (TODAY - dt.timedelta(days=1))
                                               .isoformat())]), ValidationError),
        (dict(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=vids,
              follow_ups=[records.FollowUpForm("", "y", TODAY.isoformat())]), ValidationError),
        (dict(resident_id=declined, on=TODAY.isoformat(), volunteer_ids=vids),
         ValidationError),
        (dict(resident_id=stranger, on=TODAY.isoformat(), volunteer_ids=vids),
         ValidationError),
        (dict(resident_id=gone, on=TODAY.isoformat(), volunteer_ids=vids), ValidationError),
        (dict(resident_id=rid, on=TODAY.isoformat(), volunteer_ids=["no such volunteer"]),
         NotFound),
        (dict(resident_id=rid, on=TODAY.isoformat(), staff_usernames=["nobody"]), NotFound),
    ]
    for fields, error in cases:
        with pytest.raises(error):
            records.record_visit(db, actor=admin, form=records.VisitForm(**fields))
    assert snapshot(db) == before


def test_a_correction_keeps_the_visit_with_its_elder(db, admin):
    rid = add_listed_elder(db, admin, "王秀英")
    other = add_listed_elder(db, admin, "赵大爷", room="102")
    vid = visit(db, admin, rid)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        records.record_visit(db, actor=admin, visit_id=vid, form=records.VisitForm(
            resident_id=other, on=TODAY.isoformat(), staff_usernames=["admin"]))
    with pytest.raises(NotFound):
        records.record_visit(db, actor=admin, visit_id="no such visit", form=records.VisitForm(
            resident_id=rid, on=TODAY.isoformat(), staff_usernames=["admin"]))
    assert snapshot(db) == before


# -------------------------------------------------------------------------- permissions


def test_a_shop_volunteer_may_neither_record_nor_read_visits(db, admin, shop_volunteer):
    rid = add_listed_elder(db, admin, "王秀英")
    vid = visit(db, admin, rid, emergency=True, emergency_notes="摔倒",
                follow_ups=[records.FollowUpForm("复查", "家庭医生", TODAY.isoformat())])
    [follow_up] = records.list_follow_ups(db, actor=admin)
    before = snapshot(db)
    for call in (
            lambda: records.record_visit(db, actor=shop_volunteer, form=records.VisitForm(
                resident_id=rid, on=TODAY.isoformat(), staff_usernames=["admin"])),
            lambda: records.close_follow_up(db, actor=shop_volunteer,
                                            follow_up_id=follow_up.id,
                                            status=FollowUpStatus.DONE, outcome="x"),
            lambda: records.close_emergency(db, actor=shop_volunteer, visit_id=vid,
                                            notes="x"),
            lambda: records.list_follow_ups(db, actor=shop_volunteer),
            lambda: records.visit_detail(db, actor=shop_volunteer, visit_id=vid),
            lambda: records.elder_visits(db, actor=shop_volunteer, resident_id=rid)):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(db) == before


def test_a_social_worker_records_visits_and_closes_follow_ups(db, admin, social_worker):
    rid = add_listed_elder(db, admin, "王秀英")
    vid = records.record_visit(db, actor=social_worker, form=records.VisitForm(
        resident_id=rid, on=TODAY.isoformat(), staff_usernames=[social_worker.username],
        follow_ups=[records.FollowUpForm("复查", "家庭医生", TODAY.isoformat())]))
    [follow_up] = records.list_follow_ups(db, actor=social_worker)
    records.close_follow_up(db, actor=social_worker, follow_up_id=follow_up.id,
                            status=FollowUpStatus.DONE, outcome="已复查")
    seen = records.visit_detail(db, actor=social_worker, visit_id=vid)
    assert seen.recorded_by == social_worker.username and seen.visitors == ("wangli",)
    assert [v.id for v in records.elder_visits(db, actor=social_worker, resident_id=rid)] == [
        vid]
    other = make_account(db, admin, "zhang", Role.SOCIAL_WORKER)
    assert records.visit_detail(db, actor=other, visit_id=vid).id == vid
