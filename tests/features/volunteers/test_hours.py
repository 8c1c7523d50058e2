"""Activities and hours: rounding and caps, group entry, check-in/out, approval (points once),
declining, corrections, the leaderboard, the recording deadline, and who may do what. A
refused action leaves everything as it was."""

import datetime as dt

import pytest

from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.volunteers import hours, ledger, people
from neighborcenter.features.volunteers.ledger import NotEnoughPoints
from neighborcenter.features.volunteers.rules import (
    CorrectionStatus,
    EntryKind,
    HoursStatus,
    RoundingRule,
    ServiceCategory,
    VolunteerStatus,
)
from neighborcenter.features.volunteers.settings import VolunteerSettings, save_volunteer_settings
from tests.conftest import sql
from tests.features.volunteers import add_activity, add_volunteer, approved_hours, ledger_rows

UTC = dt.UTC


@pytest.fixture
def group(db, admin) -> list[str]:
    return [add_volunteer(db, admin, name) for name in ("张桂英", "李建华", "王秀兰")]


def statuses(db, admin, activity_id: str) -> dict[str, tuple[HoursStatus, int | None]]:
    return {p.volunteer_id: (p.status, p.minutes)
            for p in hours.activity_detail(db, actor=admin, activity_id=activity_id).participants}


def points(db, admin, volunteer_id: str) -> int:
    return ledger.volunteer_statement(db, actor=admin, volunteer=volunteer_id).balance


def queue_ids(db, admin, activity_id: str | None = None) -> list[str]:
    return [p.record_id for p in hours.approval_queue(db, actor=admin)
            if activity_id is None or p.activity_id == activity_id]


# ----------------------------------------------------------------------------- recording


def test_time_entered_once_for_a_group_is_rounded_and_capped_for_each(db, admin, group):
    aid = add_activity(db, admin, cap="2")
    result = hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group,
                                hours="2:40")
    assert (result.added, result.changed, result.minutes) == (3, 0, 120)  # 2.5 h, capped at 2
    assert set(statuses(db, admin, aid).values()) == {(HoursStatus.PENDING, 120)}
    uncapped = add_activity(db, admin, name="清扫楼道", category=ServiceCategory.ENVIRONMENT)
    assert hours.record_hours(db, actor=admin, activity_id=uncapped, volunteer_ids=group[:1],
                              hours="2:40").minutes == 150  # the default cap is 4 hours
    # a pending record is corrected by entering again; the raw time is kept beside it
    again = hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:2],
                               hours="1:10")
    assert (again.added, again.changed, again.minutes) == (0, 2, 60)
    detail = hours.activity_detail(db, actor=admin, activity_id=aid)
    assert sorted((p.raw_minutes, p.minutes) for p in detail.participants) == \
        [(70, 60), (70, 60), (160, 120)]


def test_the_centres_rounding_rule_is_used(db, admin, group):
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(
        rounding=RoundingRule(((30, 0), (60, 60)))))
    aid = add_activity(db, admin)
    assert hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group,
                              hours="1:29").minutes == 60
    assert hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group,
                              hours="1:30").minutes == 120


def test_an_activity_cap_must_be_a_time(db, admin):
    with pytest.raises(ValidationError) as caught:
        add_activity(db, admin, cap="两小时")
    assert caught.value.field == "cap"
    with pytest.raises(ValidationError):
        add_activity(db, admin, cap="0")
    with pytest.raises(ValidationError):
        add_activity(db, admin, on=dt.date.today() + dt.timedelta(days=400))


def test_recording_refuses_an_empty_group_and_people_who_left(db, admin, group):
    aid = add_activity(db, admin)
    with pytest.raises(ValidationError):
        hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=[], hours="2")
    people.set_volunteer_status(db, actor=admin, volunteer_id=group[2],
                                status=VolunteerStatus.LEFT, on="2025-03-01")
    with pytest.raises(ValidationError):  # left two days before the activity
        hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group, hours="2")
    assert statuses(db, admin, aid) == {}  # nobody recorded: the whole group or no one


def test_decided_hours_are_not_overwritten_by_entering_again(db, admin, group):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:1], hours="2")
    hours.approve_hours(db, actor=admin, record_ids=queue_ids(db, admin, aid))
    with pytest.raises(ValidationError, match="请改为申请更正"):
        hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group, hours="3")
    assert statuses(db, admin, aid) == {group[0]: (HoursStatus.APPROVED, 120)}


def test_check_in_and_out_counts_the_rounded_time(db, admin, group):
    aid = add_activity(db, admin, cap="3")
    start = dt.datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    [rid] = hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[:1], at=start)
    with pytest.raises(ValidationError):  # twice at one activity
        hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[:1], at=start)
    assert statuses(db, admin, aid) == {group[0]: (HoursStatus.PENDING, None)}
    with pytest.raises(ValidationError):  # out before in
        hours.check_out(db, actor=admin, record_ids=[rid], at=start - dt.timedelta(minutes=5))
    assert hours.check_out(db, actor=admin, record_ids=[rid],
                           at=start + dt.timedelta(minutes=100)) == [90]
    with pytest.raises(ValidationError):
        hours.check_out(db, actor=admin, record_ids=[rid], at=start + dt.timedelta(hours=2))
    [long] = hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[1:2],
                            at=start)
    assert hours.check_out(db, actor=admin, record_ids=[long],
                           at=start + dt.timedelta(hours=5)) == [180]  # the cap
    with pytest.raises(NotFound):
        hours.check_out(db, actor=admin, record_ids=["nope"])


def test_a_group_checks_in_and_out_all_or_nobody(db, admin, group):
    aid = add_activity(db, admin)
    start = dt.datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    [first] = hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[2:3],
                             at=start)
    with pytest.raises(ValidationError, match="没有人签到"):  # the third is there already
        hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[:3], at=start)
    assert set(statuses(db, admin, aid)) == {group[2]}
    both = hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[:2], at=start)
    hours.check_out(db, actor=admin, record_ids=[first], at=start + dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="没有人签退"):  # one checked out already
        hours.check_out(db, actor=admin, record_ids=[*both, first],
                        at=start + dt.timedelta(hours=2))
    assert [statuses(db, admin, aid)[v][1] for v in group[:3]] == [None, None, 60]


def test_hours_are_refused_after_the_record_ended_but_not_for_earlier_activities(
        db, admin, group):
    from neighborcenter.features.volunteers.rules import VolunteerStatus

    before = add_activity(db, admin, on="2025-03-03")
    after = add_activity(db, admin, on="2025-05-05")
    people.set_volunteer_status(db, actor=admin, volunteer_id=group[0],
                                status=VolunteerStatus.LEFT, on="2025-04-01")
    hours.record_hours(db, actor=admin, activity_id=before, volunteer_ids=group[:1],
                       hours="2")  # recorded late, for a day they still served
    with pytest.raises(ValidationError, match="志愿者记录已于 2025-04-01 结束"):
        hours.record_hours(db, actor=admin, activity_id=after, volunteer_ids=group[:1],
                           hours="2")


# ------------------------------------------------------------------------------ approval


def test_approval_earns_points_once(db, admin, group):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group, hours="1.5")
    ids = queue_ids(db, admin, aid)
    assert hours.approve_hours(db, actor=admin, record_ids=ids) == hours.Decided(3, 45)
    rows = ledger_rows(sql(db))
    assert hours.approve_hours(db, actor=admin, record_ids=ids) == hours.Decided(0, 0)
    assert hours.approve_hours(db, actor=admin, record_ids=ids + ids) == hours.Decided(0, 0)
    assert ledger_rows(sql(db)) == rows
    assert [points(db, admin, v) for v in group] == [15, 15, 15]
    assert set(statuses(db, admin, aid).values()) == {(HoursStatus.APPROVED, 90)}
    assert queue_ids(db, admin) == []


def test_points_per_hour_come_from_the_category_set_for_the_centre(db, admin, group):
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(
        points_per_hour={ServiceCategory.SAFETY.value: 15}))
    [patrol] = approved_hours(db, admin, group[:1], "2", category=ServiceCategory.SAFETY,
                              name="夜间巡逻")
    approved_hours(db, admin, group[1:2], "2", category=ServiceCategory.ELDER_CARE)
    assert points(db, admin, group[0]) == 30 and points(db, admin, group[1]) == 20
    # an activity keeps the rate it was created with
    aid = add_activity(db, admin, category=ServiceCategory.SAFETY, name="白天巡逻")
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(
        points_per_hour={ServiceCategory.SAFETY.value: 5}))
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[2:], hours="2")
    hours.approve_hours(db, actor=admin, record_ids=queue_ids(db, admin, aid))
    assert points(db, admin, group[2]) == 30


def test_declined_hours_need_a_reason_and_earn_nothing(db, admin, group):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:2], hours="2")
    ids = queue_ids(db, admin, aid)
    with pytest.raises(ValidationError):
        hours.decline_hours(db, actor=admin, record_ids=ids, reason="  ")
    assert hours.decline_hours(db, actor=admin, record_ids=ids[:1],
                               reason="未参加").records == 1
    assert hours.approve_hours(db, actor=admin, record_ids=ids).records == 1  # the other
    detail = {p.record_id: p for p in
              hours.activity_detail(db, actor=admin, activity_id=aid).participants}
    assert (detail[ids[0]].status, detail[ids[0]].decline_reason) == (HoursStatus.DECLINED,
                                                                       "未参加")
    declined = detail[ids[0]].volunteer_id
    assert points(db, admin, declined) == 0
    assert people.volunteer_profile(db, actor=admin, volunteer=declined).minutes == 0


def test_a_bulk_approval_that_fails_on_one_record_changes_nothing(db, admin, group):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:2], hours="2")
    hours.check_in(db, actor=admin, activity_id=aid, volunteer_ids=group[2:3],
                   at=dt.datetime(2025, 3, 3, 1, tzinfo=UTC))  # still checked in
    with pytest.raises(ValidationError, match="尚未签退"):
        hours.approve_hours(db, actor=admin, record_ids=queue_ids(db, admin, aid))
    assert {s for s, _m in statuses(db, admin, aid).values()} == {HoursStatus.PENDING}
    assert ledger_rows(sql(db)) == (0, 0)
    conn = sql(db)
    assert conn.execute("SELECT COUNT(*) FROM points_transactions").fetchone() == (0,)


def test_approving_a_record_that_is_gone_is_a_message(db, admin):
    with pytest.raises(NotFound):
        hours.approve_hours(db, actor=admin, record_ids=["nope"])
    with pytest.raises(ValidationError):
        hours.approve_hours(db, actor=admin, record_ids=[])


# --------------------------------------------------------------------------- corrections


def test_an_accepted_correction_adjusts_the_hours_and_the_points(db, admin, group):
    [rid] = approved_hours(db, admin, group[:1], "2")
    cid = hours.request_correction(db, actor=admin, record_id=rid, hours="3",
                                   reason="实际服务三小时", requested_on="2025-03-10")
    with pytest.raises(ValidationError):  # one waiting request at a time
        hours.request_correction(db, actor=admin, record_id=rid, hours="4", reason="再改")
    [waiting] = hours.list_corrections(db, actor=admin)
    assert (waiting.old_minutes, waiting.asked_minutes, waiting.status) == \
        (120, 180, CorrectionStatus.REQUESTED)
    hours.decide_correction(db, actor=admin, correction_id=cid, accept=True)
    assert points(db, admin, group[0]) == 30
    lines = ledger.volunteer_statement(db, actor=admin, volunteer=group[0]).lines
    assert [(line.kind, line.amount) for line in lines] == [(EntryKind.EARN, 20),
                                                            (EntryKind.ADJUST, 10)]
    assert people.volunteer_profile(db, actor=admin, volunteer=group[0]).minutes == 180
    assert hours.list_corrections(db, actor=admin) == []
    [done] = hours.list_corrections(db, actor=admin, waiting_only=False)
    assert (done.status, done.checked_by) == (CorrectionStatus.ACCEPTED, "admin")
    with pytest.raises(NotFound):  # decided once
        hours.decide_correction(db, actor=admin, correction_id=cid, accept=False, note="x")
    assert ledger.ledger_balances(db, actor=admin).total == 0


def test_a_refused_correction_needs_a_note_and_changes_nothing(db, admin, group):
    [rid] = approved_hours(db, admin, group[:1], "2")
    cid = hours.request_correction(db, actor=admin, record_id=rid, hours="1", reason="记多了")
    with pytest.raises(ValidationError):
        hours.decide_correction(db, actor=admin, correction_id=cid, accept=False, note="")
    hours.decide_correction(db, actor=admin, correction_id=cid, accept=False,
                            note="签到表为两小时")
    [done] = hours.list_corrections(db, actor=admin, waiting_only=False)
    assert (done.status, done.check_note) == (CorrectionStatus.REFUSED, "签到表为两小时")
    assert points(db, admin, group[0]) == 20
    assert people.volunteer_profile(db, actor=admin, volunteer=group[0]).minutes == 120


def test_a_correction_taking_back_spent_points_is_refused_and_nothing_changes(db, admin,
                                                                             group):
    [rid] = approved_hours(db, admin, group[:1], "2")
    ledger.redeem_points(db, actor=admin, volunteer_id=group[0], points=15, reason="米",
                         request_key="sale:1")
    cid = hours.request_correction(db, actor=admin, record_id=rid, hours="1", reason="记多了")
    before = ledger_rows(sql(db))
    with pytest.raises(NotEnoughPoints, match="已用掉"):
        hours.decide_correction(db, actor=admin, correction_id=cid, accept=True)
    assert ledger_rows(sql(db)) == before
    [still] = hours.list_corrections(db, actor=admin)
    assert still.id == cid and still.status == CorrectionStatus.REQUESTED
    assert people.volunteer_profile(db, actor=admin, volunteer=group[0]).minutes == 120


def test_a_correction_of_pending_hours_changes_the_hours_only(db, admin, group):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:1], hours="2")
    [rid] = queue_ids(db, admin, aid)
    with pytest.raises(ValidationError):  # the same time as recorded
        hours.request_correction(db, actor=admin, record_id=rid, hours="2", reason="x")
    cid = hours.request_correction(db, actor=admin, record_id=rid, hours="1", reason="早退")
    hours.decide_correction(db, actor=admin, correction_id=cid, accept=True)
    assert ledger_rows(sql(db)) == (0, 0)
    assert hours.approve_hours(db, actor=admin, record_ids=[rid]).points == 10


# ----------------------------------------------------------------- reading, roles, ranks


def test_the_leaderboard_ranks_by_approved_hours_and_ties_share_a_rank(db, admin, group):
    fourth = add_volunteer(db, admin, "赵德明")
    approved_hours(db, admin, [group[0], group[1]], "3")
    approved_hours(db, admin, [group[2]], "4", name="理发")
    approved_hours(db, admin, [fourth], "1", name="读报")
    aid = add_activity(db, admin, name="未审核")
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=[fourth], hours="9")
    rows = hours.leaderboard(db, actor=admin)
    assert [(r.rank, r.name, r.minutes) for r in rows] == [
        (1, "王秀兰", 240), (2, "张桂英", 180), (2, "李建华", 180), (4, "赵德明", 60)]
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(star_hours=(2, 4)))
    assert [r.stars for r in hours.leaderboard(db, actor=admin)] == [2, 1, 1, 0]
    assert [r.name for r in hours.leaderboard(db, actor=admin, year=2024)] == []


def test_activities_not_recorded_are_listed_with_their_deadline(db, admin, group):
    done = add_activity(db, admin, on="2025-03-03", name="已登记")
    hours.record_hours(db, actor=admin, activity_id=done, volunteer_ids=group[:1], hours="1")
    missing = add_activity(db, admin, on="2025-03-06", name="未登记")
    add_activity(db, admin, on="2025-03-20", name="还没到")
    today = dt.date(2025, 3, 10)
    with db.unit_of_work(write=False) as uow:
        late = hours.unrecorded_activities(uow.session, today)
    assert [(aid, name, deadline) for aid, name, _on, deadline in late] == \
        [(missing, "未登记", dt.date(2025, 3, 20))]
    rows = {r.name: r for r in hours.list_activities(db, actor=admin, today=today)}
    assert rows["未登记"].unrecorded and not rows["已登记"].unrecorded
    assert not rows["还没到"].unrecorded
    assert (rows["已登记"].people, rows["已登记"].pending) == (1, 1)


def test_the_shop_volunteer_cannot_see_or_approve_hours(db, admin, group, shop_volunteer):
    aid = add_activity(db, admin)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group, hours="2")
    ids = queue_ids(db, admin, aid)
    for call in (
            lambda: hours.approve_hours(db, actor=shop_volunteer, record_ids=ids),
            lambda: hours.decline_hours(db, actor=shop_volunteer, record_ids=ids, reason="x"),
            lambda: hours.approval_queue(db, actor=shop_volunteer),
            lambda: hours.list_activities(db, actor=shop_volunteer),
            lambda: hours.record_hours(db, actor=shop_volunteer, activity_id=aid,
                                       volunteer_ids=group, hours="3"),
            lambda: hours.leaderboard(db, actor=shop_volunteer),
            lambda: people.list_volunteers(db, actor=shop_volunteer),
            lambda: people.volunteer_profile(db, actor=shop_volunteer, volunteer=group[0])):
        with pytest.raises(PermissionDenied):
            call()
    assert len(queue_ids(db, admin, aid)) == 3


def test_a_social_worker_records_and_approves_hours(db, admin, group, social_worker):
    aid = add_activity(db, social_worker)
    hours.record_hours(db, actor=social_worker, activity_id=aid, volunteer_ids=group,
                       hours="1")
    result = hours.approve_hours(db, actor=social_worker,
                                 record_ids=queue_ids(db, social_worker, aid))
    assert result == hours.Decided(3, 30)


# --------------------------------------------------- what the read-through found (issue 13)


def test_a_corrected_time_is_rounded_and_capped_like_any_other(db, admin, group):
    [record] = approved_hours(db, admin, group[:1], "1", cap="2")  # 10 points
    asked = hours.request_correction(db, actor=admin, record_id=record, hours="11:07",
                                     reason="整天都在")
    hours.decide_correction(db, actor=admin, correction_id=asked, accept=True)
    detail = next(p for p in hours.activity_detail(
        db, actor=admin, activity_id=_activity_of(db, admin, record)).participants
        if p.record_id == record)
    assert (detail.raw_minutes, detail.minutes) == (667, 120)  # asked, counted under the cap
    assert points(db, admin, group[0]) == 20  # 10 more for the second hour, not 101


def _activity_of(db, admin, record_id: str) -> str:
    profile = people.volunteer_profile(db, actor=admin, volunteer=_owner(db, record_id))
    return next(line.activity_id for line in profile.service if line.record_id == record_id)


def _owner(db, record_id: str) -> str:
    return sql(db).execute("SELECT volunteer_id FROM volunteer_service_records WHERE id = ?",
                           (record_id,)).fetchone()[0]


def test_editing_an_activity_recounts_its_pending_hours_and_takes_the_new_rate(db, admin,
                                                                               group):
    aid = add_activity(db, admin, cap="3", category=ServiceCategory.ELDER_CARE)
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=group[:2], hours="4")
    assert {m for _s, m in statuses(db, admin, aid).values()} == {180}
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(
        points_per_hour={ServiceCategory.ENVIRONMENT.value: 20}))
    form = hours.activity_detail(db, actor=admin, activity_id=aid).form
    form.cap, form.category = "2", ServiceCategory.ENVIRONMENT
    hours.save_activity(db, actor=admin, form=form, activity_id=aid)
    assert {m for _s, m in statuses(db, admin, aid).values()} == {120}
    result = hours.approve_hours(db, actor=admin, record_ids=queue_ids(db, admin, aid))
    assert result.points == 2 * 2 * 20
