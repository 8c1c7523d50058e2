"""The volunteers' home-page part (cards and 今日 lines, each opening the tab that lists what
it counts) and their section of the resident's 360° page."""

import datetime as dt

from neighborcenter.core import features
from neighborcenter.core.home import HomePart, View
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.volunteers import hours, ledger, people
from neighborcenter.features.volunteers.home import home_part, volunteer_section
from neighborcenter.features.volunteers.rules import (
    CheckResult,
    ServiceCategory,
    VolunteerStatus,
    expiry_cutoff,
    record_deadline,
)
from tests.features.volunteers import add_activity, add_volunteer, approved_hours

TODAY = dt.date.today()


def items(part: HomePart) -> dict[str, list]:
    """The 今日 lines by the tab they open."""
    out: dict[str, list] = {}
    for item in part.today:
        assert item.view.page == "volunteers" and item.kind in ("review", "problem")
        out.setdefault(item.view.filters["tab"], []).append(item)
    return out


def test_a_role_that_may_not_see_volunteers_gets_nothing(db, admin, shop_volunteer):
    vid = add_volunteer(db, admin, "张桂英")
    approved_hours(db, admin, [vid], "2", on=TODAY)
    assert home_part(db, actor=shop_volunteer) == HomePart()
    assert home_part(db, actor=admin).cards


def test_the_cards_count_what_the_tabs_list(db, admin):
    a, b, c = (add_volunteer(db, admin, n) for n in ("张桂英", "李建华", "王秀兰"))
    people.set_volunteer_status(db, actor=admin, volunteer_id=c, status=VolunteerStatus.LEFT)
    approved_hours(db, admin, [a, b], "1.5", on=TODAY)
    approved_hours(db, admin, [a], "3", on=TODAY.replace(day=1) - dt.timedelta(days=1),
                   name="上月探访")  # last month: not counted
    aid = add_activity(db, admin, on=TODAY, name="清扫")
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=[a, b], hours="2")
    cards = {card.key: card for card in home_part(db, actor=admin, today=TODAY).cards}
    assert cards["volunteers_serving"].value == len(people.list_volunteers(db, actor=admin)) == 2
    assert cards["hours_this_month"].value == 3  # 1.5 h each for two
    assert cards["hours_pending"].value == len(hours.approval_queue(db, actor=admin)) == 2
    assert cards["hours_pending"].view == View("volunteers", {"tab": "approval"},
                                               cards["hours_pending"].view.caption)


def test_today_lists_hours_and_corrections_waiting(db, admin):
    a = add_volunteer(db, admin, "张桂英")
    assert items(home_part(db, actor=admin, today=TODAY)) == {}
    [rid] = approved_hours(db, admin, [a], "2", on=TODAY)
    aid = add_activity(db, admin, on=TODAY, name="清扫")
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=[a], hours="2")
    hours.request_correction(db, actor=admin, record_id=rid, hours="3", reason="多做了一小时")
    [pending, correction] = items(home_part(db, actor=admin, today=TODAY))["approval"]
    assert "1" in pending.text and "1" in correction.text
    assert correction.text != pending.text


def test_today_warns_of_activities_not_recorded_within_ten_working_days(db, admin):
    monday = TODAY - dt.timedelta(days=TODAY.weekday() + 28)  # four weeks ago: overdue
    add_activity(db, admin, on=monday, name="过期未登记")
    lines = items(home_part(db, actor=admin, today=TODAY))["activities"]
    assert len(lines) == 1 and lines[0].kind == "problem"
    # seen on days before: due within three days is listed, earlier it is not
    deadline = record_deadline(monday)
    soon = items(home_part(db, actor=admin, today=deadline - dt.timedelta(days=2)))
    assert soon["activities"][0].kind == "review"
    assert "activities" not in items(home_part(db, actor=admin,
                                               today=deadline - dt.timedelta(days=5)))


def test_today_lists_background_checks_due_for_people_who_work_with_children(db, admin):
    team = people.save_team(db, actor=admin, name="湖小师", category=ServiceCategory.CHILDREN,
                            works_with_children=True)
    other = people.save_team(db, actor=admin, name="环保志愿队",
                             category=ServiceCategory.ENVIRONMENT)
    fresh, old = add_volunteer(db, admin, "陈同学"), add_volunteer(db, admin, "林同学")
    unchecked = add_volunteer(db, admin, "周阿姨")
    for vid, days in ((fresh, 10), (old, 350)):
        people.record_background_check(db, actor=admin, volunteer_id=vid,
                                       checked_on=TODAY - dt.timedelta(days=days),
                                       result=CheckResult.CLEAR)
        people.join_team(db, actor=admin, team_id=team, volunteer_id=vid)
    people.join_team(db, actor=admin, team_id=other, volunteer_id=unchecked)  # no children
    [line] = items(home_part(db, actor=admin, today=TODAY))["volunteers"]
    assert "1" in line.text  # 林同学's check falls due within 30 days; 陈同学's does not
    later = items(home_part(db, actor=admin, today=TODAY + dt.timedelta(days=340)))
    assert "2" in later["volunteers"][0].text


def test_today_warns_of_points_about_to_expire(db, admin):
    a = add_volunteer(db, admin, "张桂英")
    expiring = expiry_cutoff(TODAY, 3) + dt.timedelta(days=30)
    approved_hours(db, admin, [a], "2", on=expiring)
    approved_hours(db, admin, [a], "5", on=TODAY, name="近期")
    [line] = items(home_part(db, actor=admin, today=TODAY))["points"]
    assert "20" in line.text
    ledger.redeem_points(db, actor=admin, volunteer_id=a, points=20, reason="米",
                         request_key="sale:1")  # the oldest points are spent first
    assert "points" not in items(home_part(db, actor=admin, today=TODAY))


def test_today_asks_to_expire_points_already_past_the_limit_and_counts_them_once(db, admin):
    a = add_volunteer(db, admin, "张桂英")
    approved_hours(db, admin, [a], "1", on=expiry_cutoff(TODAY, 3) - dt.timedelta(days=5))
    approved_hours(db, admin, [a], "2", on=expiry_cutoff(TODAY, 3) + dt.timedelta(days=30),
                   name="再探访")
    due, soon = items(home_part(db, actor=admin, today=TODAY))["points"]
    assert "10" in due.text and "3" in due.text  # 10 points past the 3-year limit
    assert "20" in soon.text and "30" not in soon.text  # not the 10 again
    ledger.expire_points(db, actor=admin)
    [soon] = items(home_part(db, actor=admin, today=TODAY))["points"]
    assert "20" in soon.text


def test_the_360_section_shows_the_residents_volunteering(db, admin, shop_volunteer):
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="沈", given_name="阿毛", id_number=""))
    other = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="钱", given_name="海平", id_number=""))
    empty = volunteer_section(db, actor=admin, resident_id=rid)
    assert empty.title and empty.headers and empty.rows == ()
    vid = add_volunteer(db, admin, "", resident_id=rid)
    team = people.save_team(db, actor=admin, name="银龄互助团",
                            category=ServiceCategory.ELDER_CARE)
    people.join_team(db, actor=admin, team_id=team, volunteer_id=vid)
    approved_hours(db, admin, [vid], "1.5", on=TODAY)
    number = people.volunteer_profile(db, actor=admin, volunteer=vid).number
    [row] = volunteer_section(db, actor=admin, resident_id=rid).rows
    assert row[0] == number and row[2] == "银龄互助团" and row[3] == "1.5" and row[5] == "15"
    assert len(row) == len(empty.headers)
    assert volunteer_section(db, actor=admin, resident_id=other).rows == ()
    assert volunteer_section(db, actor=shop_volunteer, resident_id=rid) is None


def test_the_section_reaches_the_360_page_but_not_a_role_without_the_volunteers(
        db, admin, shop_volunteer):
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="沈", given_name="阿毛", id_number=""))
    titles = [s.title for s in features.detail_sections(db, actor=admin, resident_id=rid)]
    assert "志愿服务" in titles
    assert features.detail_sections(db, actor=shop_volunteer, resident_id=rid) == []
