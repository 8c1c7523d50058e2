"""Volunteers and teams: numbers, the record taken from the register, background checks for
teams that work with children, training/awards/evaluations, the list and the profile."""

import datetime as dt

import pytest

from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import (
    CheckResult,
    RecordKind,
    ServiceCategory,
    TeamRole,
    VolunteerStatus,
    check_volunteer_number,
)
from neighborcenter.features.volunteers.settings import VolunteerSettings, save_volunteer_settings
from tests.features.volunteers import add_volunteer, approved_hours

TODAY = dt.date.today()


@pytest.fixture
def class_team(db, admin) -> str:
    return people.save_team(db, actor=admin, name="湖小师", category=ServiceCategory.CHILDREN,
                            works_with_children=True, description="三点半课堂")


def test_volunteer_numbers_are_unique_with_valid_check_digits(db, admin):
    ids = [add_volunteer(db, admin, f"志愿者{n}") for n in range(12)]
    numbers = [people.volunteer_profile(db, actor=admin, volunteer=v).number for v in ids]
    assert len(set(numbers)) == 12
    assert all(check_volunteer_number(n) == n for n in numbers)
    assert numbers == sorted(numbers)


def test_a_resident_volunteer_takes_the_record_from_the_register_once(db, admin):
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="沈", given_name="阿毛", id_number=make_id_number("330502",
                                                                    dt.date(1955, 4, 3), 11),
        phone="13812345678"))
    vid = add_volunteer(db, admin, "", resident_id=rid, skills="理发")
    profile = people.volunteer_profile(db, actor=admin, volunteer=vid)
    assert (profile.name, profile.birth_date, profile.resident_id) == \
        ("沈阿毛", dt.date(1955, 4, 3), rid)
    assert profile.id_number != make_id_number("330502", dt.date(1955, 4, 3), 11)  # masked
    assert profile.phone.endswith("5678") and "1234" not in profile.phone
    with pytest.raises(ValidationError, match="已经是志愿者"):
        add_volunteer(db, admin, "", resident_id=rid)


def test_a_volunteer_record_needs_a_name_and_a_consent_date_not_in_the_future(db, admin):
    with pytest.raises(ValidationError):
        add_volunteer(db, admin, "")
    with pytest.raises(ValidationError):
        add_volunteer(db, admin, "周建国", consent_on=None)
    with pytest.raises(ValidationError):
        add_volunteer(db, admin, "周建国",
                      consent_on=(TODAY + dt.timedelta(days=1)).isoformat())
    assert people.list_volunteers(db, actor=admin) == []


def test_a_team_that_works_with_children_takes_only_clear_checks_of_the_last_year(
        db, admin, class_team):
    student = add_volunteer(db, admin, "陈同学", organisation="湖州师范学院")
    with pytest.raises(ValidationError, match="无违法犯罪记录"):
        people.join_team(db, actor=admin, team_id=class_team, volunteer_id=student)
    people.record_background_check(db, actor=admin, volunteer_id=student,
                                   checked_on=TODAY - dt.timedelta(days=400),
                                   result=CheckResult.CLEAR)
    with pytest.raises(ValidationError):  # more than a year old
        people.join_team(db, actor=admin, team_id=class_team, volunteer_id=student)
    people.record_background_check(db, actor=admin, volunteer_id=student,
                                   checked_on=TODAY - dt.timedelta(days=10),
                                   result=CheckResult.DISQUALIFIED)
    with pytest.raises(ValidationError):  # the latest check is not clear
        people.join_team(db, actor=admin, team_id=class_team, volunteer_id=student)
    people.record_background_check(db, actor=admin, volunteer_id=student,
                                   checked_on=TODAY, result=CheckResult.CLEAR,
                                   reference="湖公证2026-118")
    people.join_team(db, actor=admin, team_id=class_team, volunteer_id=student,
                     role=TeamRole.LEADER)
    [team] = people.list_teams(db, actor=admin)
    assert (team.name, team.leaders, team.members, team.works_with_children) == \
        ("湖小师", ("陈同学",), 1, True)


def test_a_check_cannot_be_dated_in_the_future(db, admin):
    vid = add_volunteer(db, admin, "陈同学")
    with pytest.raises(ValidationError):
        people.record_background_check(db, actor=admin, volunteer_id=vid,
                                       checked_on=TODAY + dt.timedelta(days=1),
                                       result=CheckResult.CLEAR)


def test_the_list_flags_a_member_of_a_team_with_children_whose_check_is_due(db, admin,
                                                                           class_team):
    vid = add_volunteer(db, admin, "陈同学")
    people.record_background_check(db, actor=admin, volunteer_id=vid,
                                   checked_on=TODAY - dt.timedelta(days=300),
                                   result=CheckResult.CLEAR)
    people.join_team(db, actor=admin, team_id=class_team, volunteer_id=vid)
    other = add_volunteer(db, admin, "林阿姨")  # no team with children: never flagged
    rows = {r.id: r for r in people.list_volunteers(db, actor=admin)}
    assert not rows[vid].check_due and not rows[other].check_due
    later = {r.id: r for r in people.list_volunteers(
        db, actor=admin, today=TODAY + dt.timedelta(days=70))}
    assert later[vid].check_due and not later[other].check_due
    assert later[vid].teams == "湖小师"


def test_team_names_are_unique_and_members_leave_without_losing_history(db, admin):
    team = people.save_team(db, actor=admin, name="环保志愿队",
                            category=ServiceCategory.ENVIRONMENT)
    with pytest.raises(ValidationError):
        people.save_team(db, actor=admin, name="环保志愿队", category=ServiceCategory.OTHER)
    vid = add_volunteer(db, admin, "钱海平")
    member = people.join_team(db, actor=admin, team_id=team, volunteer_id=vid,
                              on="2025-01-10")
    assert people.join_team(db, actor=admin, team_id=team, volunteer_id=vid,
                            role=TeamRole.LEADER) == member  # same membership, now leader
    assert people.list_volunteers(db, actor=admin, team_id=team)[0].id == vid
    people.leave_team(db, actor=admin, member_id=member, on="2025-06-30")
    assert people.list_volunteers(db, actor=admin, team_id=team) == []
    assert people.list_teams(db, actor=admin)[0].members == 0


def test_star_levels_follow_approved_hours_and_the_centres_thresholds(db, admin):
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(star_hours=(2, 5)))
    a, b = add_volunteer(db, admin, "张桂英"), add_volunteer(db, admin, "李建华")
    approved_hours(db, admin, [a, b], "2")
    approved_hours(db, admin, [a], "3", name="理发")
    rows = {r.id: r for r in people.list_volunteers(db, actor=admin)}
    assert (rows[a].stars, rows[a].minutes, rows[a].points) == (2, 300, 50)
    assert (rows[b].stars, rows[b].minutes) == (1, 120)
    assert people.volunteer_profile(db, actor=admin, volunteer=a).stars == 2


def test_the_profile_holds_hours_by_year_and_category_and_the_records(db, admin):
    vid = add_volunteer(db, admin, "张桂英")
    approved_hours(db, admin, [vid], "2", on="2024-05-06")
    approved_hours(db, admin, [vid], "1", on="2025-05-06", category=ServiceCategory.SAFETY,
                   name="巡逻")
    people.add_volunteer_record(db, actor=admin, volunteer_id=vid, kind=RecordKind.TRAINING,
                                on="2025-02-01", title="急救培训", minutes=180)
    people.add_volunteer_record(db, actor=admin, volunteer_id=vid,
                                kind=RecordKind.EVALUATION, on="2025-12-01", title="年度评价",
                                stars=5)
    with pytest.raises(ValidationError):
        people.add_volunteer_record(db, actor=admin, volunteer_id=vid,
                                    kind=RecordKind.EVALUATION, on="2025-12-01", title="x",
                                    stars=6)
    profile = people.volunteer_profile(db, actor=admin, volunteer=vid)
    assert profile.hours_by_year == {(2024, ServiceCategory.ELDER_CARE): 120,
                                     (2025, ServiceCategory.SAFETY): 60}
    assert [(kind, title, stars) for kind, _on, title, _d, stars in profile.records] == [
        (RecordKind.EVALUATION, "年度评价", 5), (RecordKind.TRAINING, "急救培训", None)]


def test_a_volunteer_who_left_is_off_the_list_but_keeps_hours_and_points(db, admin):
    vid = add_volunteer(db, admin, "张桂英")
    approved_hours(db, admin, [vid], "2")
    people.set_volunteer_status(db, actor=admin, volunteer_id=vid,
                                status=VolunteerStatus.LEFT)
    assert people.list_volunteers(db, actor=admin) == []
    [row] = people.list_volunteers(db, actor=admin, include_left=True)
    assert (row.status, row.minutes, row.points) == (VolunteerStatus.LEFT, 120, 20)


def test_the_list_finds_by_name_and_number(db, admin):
    a = add_volunteer(db, admin, "张桂英")
    add_volunteer(db, admin, "李建华")
    number = people.volunteer_profile(db, actor=admin, volunteer=a).number
    assert [r.id for r in people.list_volunteers(db, actor=admin, query="桂英")] == [a]
    assert [r.id for r in people.list_volunteers(db, actor=admin, query=number)] == [a]


def test_only_staff_who_may_edit_volunteers_change_them(db, admin, shop_volunteer,
                                                        social_worker):
    for call in (
            lambda: add_volunteer(db, shop_volunteer, "x"),
            lambda: people.save_team(db, actor=shop_volunteer, name="x",
                                     category=ServiceCategory.OTHER),
            lambda: people.list_teams(db, actor=shop_volunteer)):
        with pytest.raises(PermissionDenied):
            call()
    assert add_volunteer(db, social_worker, "张桂英")
