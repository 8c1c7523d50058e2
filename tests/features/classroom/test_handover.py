"""The hand-over rules (未成年人保护法 art. 21), the late pick-up ladder on an injected clock,
closing the day, the volunteers' hours credited once, and who may do what."""

import datetime as dt

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment, handover
from neighborcenter.features.classroom.rules import (
    AdultKind,
    ChildState,
    DutyRole,
    Step,
)
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.features.volunteers import hours
from neighborcenter.features.volunteers.rules import HoursStatus
from tests.conftest import make_account, sql
from tests.features.classroom import (
    AFTERNOON,
    TODAY,
    add_child,
    at,
    cleared_volunteer,
    enrol,
    enrolled_child,
)


def q(db, query: str) -> list[tuple]:
    return sql(db).execute(query).fetchall()


def arrived(db, actor, child_id: str, when: dt.datetime = AFTERNOON) -> str:
    days.arrive(db, actor=actor, on=TODAY, child_ids=[child_id], now=when)
    return tile(db, actor, child_id, when).attendance_id


def tile(db, actor, child_id: str, now: dt.datetime = AFTERNOON) -> days.ChildTile:
    view = days.day_view(db, actor=actor, on=TODAY, now=now)
    return next(t for t in view.children if t.child_id == child_id)


def test_an_authorised_adult_collects_with_the_time_and_who_handed_over(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    done = handover.sign_out(db, actor=admin, attendance_id=aid, adult="王桂兰",
                             handed_by="周老师", now=at(17, 10))
    assert (done.adult, done.relation, done.phone_confirmed) == ("王桂兰", "外婆", False)
    assert "王桂兰" in done.sentence() and "17:10" in done.sentence()
    t = tile(db, admin, cid, at(17, 20))
    assert t.state == ChildState.GONE and t.collected_by == "王桂兰"
    assert t.left_at == at(17, 10)
    assert q(db, "SELECT handed_by FROM class_attendance") == [("周老师",)]


def test_someone_not_on_the_list_needs_the_guardians_phone_confirmation(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    with pytest.raises(ValidationError) as e:
        handover.sign_out(db, actor=admin, attendance_id=aid, adult="张阿姨", now=at(17))
    assert e.value.field == "confirmed_by" and "张阿姨" in str(e.value)
    with pytest.raises(ValidationError) as e:  # the call taken, but no reason given
        handover.sign_out(db, actor=admin, attendance_id=aid, adult="张阿姨",
                          confirmed_by="王丽", relation="邻居", now=at(17))
    assert e.value.field == "reason"
    assert tile(db, admin, cid, at(17)).state == ChildState.PRESENT  # nothing changed
    done = handover.sign_out(db, actor=admin, attendance_id=aid, adult="张阿姨",
                             confirmed_by="王丽", relation="邻居",
                             reason="父亲加班，电话确认由邻居接", now=at(17, 5))
    assert done.phone_confirmed
    assert q(db, "SELECT adult_name, adult_relation, phone_confirmed_by, phone_reason, adult_id "
               "FROM class_attendance") == [("张阿姨", "邻居", "王丽",
                                             "父亲加班，电话确认由邻居接", None)]


def test_a_blocked_adult_is_refused_even_with_a_call_and_the_refusal_is_logged(db, admin):
    cid, _t = enrolled_child(db, admin)
    enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
        kind=AdultKind.BLOCKED, name="赵大强", reason="法院禁止令（2026）浙0502民保令1号"))
    aid = arrived(db, admin, cid)
    with pytest.raises(ValidationError) as e:
        handover.sign_out(db, actor=admin, attendance_id=aid, adult="赵 大强",
                          confirmed_by="王丽", relation="叔叔", reason="说是父亲让来的",
                          now=at(17))
    assert "赵大强" in str(e.value) and e.value.field == "adult"
    assert tile(db, admin, cid, at(17)).state == ChildState.PRESENT
    assert q(db, "SELECT step FROM class_events") == [("refused",)]
    assert q(db, "SELECT summary FROM audit_log WHERE summary LIKE '%refused%'")
    card = handover.handover_card(db, actor=admin, attendance_id=aid, now=at(17))
    assert [b.name for b in card.blocked] == ["赵大强"]


def test_a_blocked_adult_cannot_be_added_as_one_who_collects(db, admin):
    cid = add_child(db, admin)
    enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
        kind=AdultKind.BLOCKED, name="赵大强", reason="禁止令"))
    with pytest.raises(ValidationError):
        enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
            kind=AdultKind.PICKUP, name="赵大强", relation="叔叔"))


@pytest.mark.parametrize("age", [6, 7])
def test_a_child_under_8_never_leaves_alone(db, admin, age):
    cid, _t = enrolled_child(db, admin, age=age)
    aid = arrived(db, admin, cid)
    with pytest.raises(ValidationError) as e:
        handover.sign_out(db, actor=admin, attendance_id=aid, alone=True, now=at(17))
    assert e.value.field == "alone"
    assert tile(db, admin, cid, at(17)).state == ChildState.PRESENT
    with pytest.raises(ValidationError):  # nor may the guardian's written consent be kept
        enrolment.save_child(db, actor=admin, child_id=cid, form=enrolment.ChildForm(
            resident_id=enrolment.child_detail(db, actor=admin, child_id=cid).resident_id,
            may_leave_alone=True))


def test_an_older_child_goes_alone_only_with_the_guardians_written_consent(db, admin):
    cid, term = enrolled_child(db, admin, age=10)
    aid = arrived(db, admin, cid)
    with pytest.raises(ValidationError):
        handover.sign_out(db, actor=admin, attendance_id=aid, alone=True, now=at(17))
    other, _t = enrolled_child(db, admin, "王小红", term_id=term, age=10,
                               may_leave_alone=True, room="202")
    aid2 = arrived(db, admin, other)
    done = handover.sign_out(db, actor=admin, attendance_id=aid2, alone=True, now=at(17))
    assert done.adult == "" and "alone" in done.sentence().lower() or "独自" in done.sentence()


def test_with_pick_up_slips_the_code_must_match(db, admin):
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    code = enrolment.child_detail(db, actor=admin, child_id=cid).slip_code
    assert len(code) == 6
    for wrong in ("", "000000" if code != "000000" else "111111"):
        with pytest.raises(ValidationError) as e:
            handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国",
                              slip_code=wrong, now=at(17))
        assert e.value.field == "slip_code"
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", slip_code=code,
                      now=at(17))
    assert q(db, "SELECT slip_checked FROM class_attendance") == [(1,)]


def test_a_sign_out_by_mistake_is_undone_and_logged(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(17))
    handover.undo_sign_out(db, actor=admin, attendance_id=aid, reason="点错了孩子",
                           now=at(17, 1))
    assert tile(db, admin, cid, at(17, 2)).state == ChildState.PRESENT
    assert q(db, "SELECT step FROM class_events") == [("undone",)]


# ------------------------------------------------------------------------------ the ladder


def test_the_late_pick_up_ladder_runs_from_the_closing_time(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    assert tile(db, admin, cid, at(17, 29)).state == ChildState.PRESENT  # closes 17:30
    t = tile(db, admin, cid, at(17, 59))
    assert t.state == ChildState.LATE and t.late_minutes == 29 and t.next_step is None
    assert [r.due_at for r in t.rungs] == [at(18), at(18, 15), at(18, 30)]
    assert tile(db, admin, cid, at(18)).next_step == Step.CALL_GUARDIAN
    handover.log_step(db, actor=admin, attendance_id=aid, step=Step.CALL_GUARDIAN,
                      note="无人接听", now=at(18, 2))
    t = tile(db, admin, cid, at(18, 10))
    assert t.next_step is None and t.rungs[0].done_at == at(18, 2)
    assert tile(db, admin, cid, at(18, 15)).next_step == Step.CALL_EMERGENCY
    handover.log_step(db, actor=admin, attendance_id=aid, step=Step.CALL_EMERGENCY,
                      note="外婆电话关机", now=at(18, 16))
    assert tile(db, admin, cid, at(18, 30)).next_step == Step.ESCALATE
    handover.log_step(db, actor=admin, attendance_id=aid, step=Step.ESCALATE,
                      note="已报社区值班", now=at(18, 31))
    assert [r.state(at(18, 40)) for r in tile(db, admin, cid, at(18, 40)).rungs] == \
        ["done"] * 3
    # never checked out by itself: still here at 21:00
    assert tile(db, admin, cid, at(21)).state == ChildState.LATE
    assert q(db, "SELECT step FROM class_events ORDER BY at") == [
        ("call_guardian",), ("call_emergency",), ("escalate",)]


def test_the_ladder_follows_the_settings(db, admin):
    save_class_settings(db, actor=admin, settings=ClassSettings(
        closes_at="18:00", ladder={Step.CALL_GUARDIAN: 10, Step.CALL_EMERGENCY: 20,
                                   Step.ESCALATE: 40}))
    cid, _t = enrolled_child(db, admin)
    arrived(db, admin, cid)
    assert tile(db, admin, cid, at(18, 10)).next_step == Step.CALL_GUARDIAN
    with pytest.raises(ValidationError):
        save_class_settings(db, actor=admin, settings=ClassSettings(
            ladder={Step.CALL_GUARDIAN: 40, Step.CALL_EMERGENCY: 20, Step.ESCALATE: 60}))


# ------------------------------------------------------------------------- closing the day


def test_the_day_cannot_close_while_a_child_is_here(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    with pytest.raises(ValidationError) as e:
        days.close_day(db, actor=admin, on=TODAY, now=at(18))
    assert "李小明" in str(e.value)
    assert days.day_view(db, actor=admin, on=TODAY, now=at(18)).closed_at is None
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(18, 5))
    days.close_day(db, actor=admin, on=TODAY, now=at(18, 10))
    with pytest.raises(ValidationError):  # closed: no more changes
        days.arrive(db, actor=admin, on=TODAY, child_ids=[cid], now=at(18, 11))


def test_a_child_on_the_way_from_school_also_keeps_the_day_open(db, admin):
    cid, _t = enrolled_child(db, admin)
    got = days.collect(db, actor=admin, on=TODAY, child_ids=[cid], now=at(15, 35))
    assert (got.expected, got.collected, got.missing) == (1, 1, ())
    with pytest.raises(ValidationError):
        days.close_day(db, actor=admin, on=TODAY, now=at(18))


def test_the_head_count_names_who_is_missing(db, admin):
    cid, term = enrolled_child(db, admin)
    other, _t = enrolled_child(db, admin, "王小红", term_id=term, room="202")
    third, _t = enrolled_child(db, admin, "陈小华", term_id=term, room="203")
    days.mark_absent(db, actor=admin, on=TODAY, child_id=third, reason="发烧",
                     confirmed_with="陈妈妈", now=at(9))
    got = days.collect(db, actor=admin, on=TODAY, child_ids=[cid], now=at(15, 35))
    assert (got.expected, got.collected, got.missing) == (2, 1, ("王小红",))
    view = days.day_view(db, actor=admin, on=TODAY, now=at(15, 40))
    assert {t.name: t.state for t in view.children} == {
        "李小明": ChildState.COLLECTED, "王小红": ChildState.EXPECTED,
        "陈小华": ChildState.ABSENT}


def test_volunteers_on_duty_need_a_current_background_check(db, admin):
    from tests.features.volunteers import add_volunteer
    enrolled_child(db, admin)
    unchecked = add_volunteer(db, admin, "吴同学")
    with pytest.raises(ValidationError) as e:
        days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.TUTOR, volunteer_id=unchecked)
    assert "吴同学" in str(e.value)
    vid = cleared_volunteer(db, admin)
    days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.TUTOR, volunteer_id=vid)
    assert [d.name for d in days.day_view(db, actor=admin, on=TODAY).duties] == ["周老师"]


def test_the_hours_on_duty_are_credited_once_when_the_day_closes(db, admin):
    cid, _t = enrolled_child(db, admin)
    vid = cleared_volunteer(db, admin)
    other = cleared_volunteer(db, admin, "郑同学")
    days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.TUTOR, volunteer_id=vid)
    days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.ESCORT, volunteer_id=other,
                  minutes=60)
    aid = arrived(db, admin, cid)
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(17, 20))
    days.close_day(db, actor=admin, on=TODAY, now=at(17, 40))
    days.reopen_day(db, actor=admin, on=TODAY, reason="补录作业")
    days.close_day(db, actor=admin, on=TODAY, now=at(17, 50))
    pending = hours.approval_queue(db, actor=admin)
    assert sorted((p.name, p.minutes) for p in pending) == [("周老师", 150), ("郑同学", 60)]
    assert q(db, "SELECT count(*) FROM volunteer_activities") == [(1,)]
    assert q(db, "SELECT status FROM volunteer_service_records") == [
        (HoursStatus.PENDING.value,)] * 2


# ------------------------------------------------------------------------------- the roles


def test_roles(db, admin, shop_volunteer):
    cid, term = enrolled_child(db, admin, health_notes="哮喘，备有喷雾")
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        days.day_view(db, actor=shop_volunteer, on=TODAY)
    with pytest.raises(PermissionDenied):
        enrolment.list_children(db, actor=helper)
    with pytest.raises(PermissionDenied):
        enrolment.add_adult(db, actor=helper, child_id=cid, form=enrolment.AdultForm(
            kind=AdultKind.PICKUP, name="某人", relation="邻居"))
    aid = arrived(db, helper, cid)
    handover.sign_out(db, actor=helper, attendance_id=aid, adult="李建国", now=at(17))
    other = add_child(db, admin, "王小红", room="202")
    with pytest.raises(PermissionDenied):
        enrol(db, helper, other, term)


def test_health_notes_seen_off_duty_are_audited(db, admin):
    cid, _t = enrolled_child(db, admin, health_notes="哮喘，备有喷雾", allergies="花生")
    aid = arrived(db, admin, cid)
    viewed = "SELECT count(*) FROM audit_log WHERE summary LIKE '%health notes%'"
    card = handover.handover_card(db, actor=admin, attendance_id=aid, now=at(16))
    assert (card.allergies, card.health_notes) == ("花生", "哮喘，备有喷雾")
    assert q(db, viewed) == [(1,)]
    days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.STAFF, staff_username="admin")
    handover.handover_card(db, actor=admin, attendance_id=aid, now=at(16))
    enrolment.child_detail(db, actor=admin, child_id=cid)
    assert q(db, viewed) == [(1,)]  # on duty: not audited
