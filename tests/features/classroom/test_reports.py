"""The reports' figures (reports.py) on a month made through the services: the attendance per
child, the late pick-ups with the ladder's steps, the hours on duty of the days closed, the
day's sheet; and who may see them."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import reports
from neighborcenter.features.classroom.rules import ChildState, DutyRole, Step
from tests.conftest import make_account
from tests.features.classroom.month import (  # noqa: F401 (a fixture)
    AFTER,
    D1,
    D2,
    D3,
    MONTH,
    YEAR,
    at,
    month,
)


def by_name(rows) -> dict:
    return {r.name: r for r in rows}


def test_monthly_attendance_counts_each_childs_days(db, admin, month):  # noqa: F811
    r = reports.monthly_attendance(db, actor=admin, year=YEAR, month=MONTH, today=AFTER)
    assert (r.class_days, r.closed_days) == (3, 2)
    rows = by_name(r.rows)
    figures = {n: (x.on_roster, x.came, x.absent, x.not_came, x.late, x.late_minutes)
               for n, x in rows.items()}
    assert figures == {"李小明": (3, 2, 1, 0, 1, 70), "王小红": (3, 3, 0, 0, 1, 35),
                       "张小军": (3, 2, 0, 1, 0, 0)}
    t = r.totals
    assert (t.on_roster, t.came, t.absent, t.not_came, t.late, t.late_minutes) == \
        (9, 7, 1, 1, 2, 105)
    assert rows["李小明"].grade_class == "三年级2班"


def test_a_day_not_over_yet_is_not_did_not_come(db, admin, month):  # noqa: F811
    """A child expected on a day still open and not over is not (yet) "did not come"."""
    from neighborcenter.features.classroom import day as days

    days.reopen_day(db, actor=admin, on=D2, reason="补录")
    r = reports.monthly_attendance(db, actor=admin, year=YEAR, month=MONTH, today=D2)
    assert by_name(r.rows)["张小军"].not_came == 0  # D2 reopened and still today
    r = reports.monthly_attendance(db, actor=admin, year=YEAR, month=MONTH, today=D3)
    assert by_name(r.rows)["张小军"].not_came == 1  # the day is over


def test_another_month_is_empty(db, admin, month):  # noqa: F811
    other = (dt.date(YEAR, MONTH, 1) - dt.timedelta(days=1))
    r = reports.monthly_attendance(db, actor=admin, year=other.year, month=other.month)
    assert r.rows == () and r.class_days == 0


def test_late_pickups_with_who_collected_and_the_ladder(db, admin, month):  # noqa: F811
    r = reports.late_pickups(db, actor=admin, since=dt.date(YEAR, MONTH, 1), until=AFTER)
    assert [(x.on, x.name, x.minutes) for x in r.rows] == [(D1, "王小红", 35),
                                                           (D3, "李小明", 70)]
    assert r.children == 2
    hong, ming = r.rows
    assert hong.closing == at(D1, 17, 30) and hong.left_at == at(D1, 18, 5)
    assert (hong.adult, hong.relation, hong.handed_by) == ("王建华", "母亲", "周老师")
    assert [(s.step, s.at, s.note, s.by) for s in hong.steps] == [
        (Step.CALL_GUARDIAN, at(D1, 18), "妈妈在路上", "李主任")]
    assert [(s.step, s.at) for s in ming.steps] == [
        (Step.CALL_GUARDIAN, at(D3, 18)), (Step.CALL_EMERGENCY, at(D3, 18, 15)),
        (Step.ESCALATE, at(D3, 18, 30))]
    assert (ming.adult, ming.relation, ming.phone_confirmed_by) == ("张阿姨", "邻居", "王丽")
    assert "张阿姨" in ming.collected_by() and "18:15" in ming.steps_text()
    # one day only: D1
    only = reports.late_pickups(db, actor=admin, since=D1, until=D1)
    assert [x.name for x in only.rows] == ["王小红"]


def test_a_child_still_here_after_closing_is_late_until_now(db, admin, month):  # noqa: F811
    from neighborcenter.features.classroom import day as days

    day4 = D3 + dt.timedelta(days=1)
    days.arrive(db, actor=admin, on=day4, child_ids=[month.jun], now=at(day4, 15, 40))
    r = reports.late_pickups(db, actor=admin, since=day4, until=day4, now=at(day4, 17, 50))
    [row] = r.rows
    assert (row.name, row.left_at, row.minutes) == ("张小军", None, 20)
    assert row.collected_by() == reports._("Not signed out")
    assert reports.late_pickups(db, actor=admin, since=day4, until=day4,
                                now=at(day4, 17, 20)).rows == ()


def test_hours_on_duty_count_only_the_days_closed(db, admin, month):  # noqa: F811
    h = reports.duty_hours(db, actor=admin, since=dt.date(YEAR, MONTH, 1), until=AFTER)
    assert (h.closed_days, h.open_days) == (2, 1)
    rows = by_name(h.rows)
    assert (rows["周老师"].days, rows["周老师"].minutes, rows["周老师"].roles) == \
        (2, 300, (DutyRole.TUTOR,))
    # 吴老师: 120 minutes escorting on D2; the tutoring on D3 (not closed) is not counted
    assert (rows["吴老师"].days, rows["吴老师"].minutes, rows["吴老师"].hours_text) == \
        (1, 120, "2:00")
    assert rows["周老师"].number  # the volunteer number, never an ID number


def test_a_bad_period_or_month_is_refused(db, admin):
    with pytest.raises(ValidationError) as e:
        reports.late_pickups(db, actor=admin, since=D2, until=D1)
    assert e.value.field == "until"
    with pytest.raises(ValidationError):
        reports.duty_hours(db, actor=admin, since=D1, until=D1 + dt.timedelta(days=500))
    for text in ("2026-13", "11/2026", "", "next month"):
        with pytest.raises(ValidationError) as e:
            reports.parse_month(text)
        assert e.value.field == "month"
    assert reports.parse_month("2026-3") == (2026, 3)
    assert reports.parse_month("2026年11月") == (2026, 11)


def test_the_day_sheet_has_the_roster_with_who_may_and_must_not_collect(
        db, admin, month):  # noqa: F811
    sheet = reports.day_sheet(db, actor=admin, on=D3, now=at(D3, 17, 12))
    children = by_name(sheet.children)
    assert list(children) == ["张小军", "李小明", "王小红"]  # by class, then name
    hong = children["王小红"]
    assert hong.state == ChildState.GONE and hong.adult == "王建华"
    assert hong.collectors == (("王建华", "母亲"), ("王奶奶", "奶奶")) and hong.blocked == ("赵某",)
    assert hong.phones == ()  # not unless asked for
    ming = children["李小明"]
    assert ming.has_health_notes and ming.left_at == at(D3, 18, 40)  # what is recorded
    assert sheet.on_duty == ("吴老师",) and not sheet.closed and sheet.expected == 3


def test_who_may_see_the_reports(db, admin, month):  # noqa: F811
    volunteer = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    shop = make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    worker = make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    for actor in (volunteer, shop):
        with pytest.raises(PermissionDenied):
            reports.monthly_attendance(db, actor=actor, year=YEAR, month=MONTH)
        with pytest.raises(PermissionDenied):
            reports.late_pickups(db, actor=actor, since=D1, until=D3)
        with pytest.raises(PermissionDenied):
            reports.duty_hours(db, actor=actor, since=D1, until=D3)
    # the day's sheet: also those who run the day
    assert len(reports.day_sheet(db, actor=volunteer, on=D3, now=at(D3, 17)).children) == 3
    with pytest.raises(PermissionDenied):
        reports.day_sheet(db, actor=shop, on=D3, now=at(D3, 17))
    assert reports.monthly_attendance(db, actor=worker, year=YEAR, month=MONTH).rows
