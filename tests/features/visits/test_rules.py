"""The pure rules of elder visits: who qualifies and the tier the rules suggest, the windows of
a month's plan across month ends and leap years, the one definition of a planned visit's state
at its boundary days, the interval rule of "not visited for too long", the five areas' items,
months as typed and the rate."""

import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.visits.rules import (
    AREA_ITEMS,
    Area,
    Frequency,
    Tier,
    VisitState,
    Window,
    add_months,
    checked_items,
    closes_on,
    format_rate,
    interval_due,
    item_label,
    month_windows,
    parse_month,
    plan_month,
    qualifies,
    quarter_bounds,
    split_items,
    suggested_tier,
    visit_rate,
    visit_state,
)
from neighborcenter.i18n import set_language

D = dt.date

# ------------------------------------------------------------------------- eligibility


@pytest.mark.parametrize(("age", "tags", "reasons", "tier"), [
    (85, {"living_alone": None}, ("living_alone", "age"), Tier.HIGH),  # 80+ alone
    (80, {"empty_nest": None}, ("empty_nest", "age"), Tier.HIGH),  # 80 exactly counts
    (79, {"empty_nest": None}, ("empty_nest",), Tier.GENERAL),  # alone but under 80
    (72, {"left_behind_elder": None}, ("left_behind_elder",), Tier.GENERAL),
    (70, {"disabled_care": None}, ("disabled_care",), Tier.PRIORITY),  # 失能
    (66, {"dementia": None}, ("dementia",), Tier.PRIORITY),
    (75, {"special_family": None}, ("special_family",), Tier.PRIORITY),  # 计生特殊家庭
    (68, {"extreme_hardship": None}, ("extreme_hardship",), Tier.PRIORITY),  # 特困
    (90, {}, ("age",), Tier.GENERAL),  # 80+ by age alone
    (90, {"living_alone": None, "dementia": None},
     ("living_alone", "dementia", "age"), Tier.HIGH),  # high beats priority
])
def test_an_elder_qualifies_by_tags_and_age_with_the_tier_the_rules_suggest(age, tags, reasons,
                                                                             tier):
    found = qualifies(age=age, tags=tags)
    assert found is not None
    assert found.reasons == reasons and found.tier == tier


@pytest.mark.parametrize(("age", "tags"), [
    (79, {}),  # neither tag nor age
    (None, {}),  # no birth date: the age cannot qualify
    (65, {"minimum_living": None, "veteran": None}),  # tags that are not on the list
])
def test_nobody_else_qualifies(age, tags):
    assert qualifies(age=age, tags=tags) is None


@pytest.mark.parametrize(("grade", "qualified"), [
    ("1", True), ("2", True), ("一级", True), ("二级", True),  # 重残
    ("1级", True), ("二级残疾", True), (" 2 ", True),  # however it was typed
    ("3", False), ("三级", False), ("四级", False), (None, False), ("", False),
    ("12", False),
])
def test_a_disability_qualifies_at_grade_one_or_two_only(grade, qualified):
    tags = {"disability": grade}
    wanted = ("living_alone", "disability")
    found = qualifies(age=62, tags=tags, qualifying_tags=wanted)
    assert (found is not None) == qualified
    if qualified:
        assert found.reasons == ("disability",) and found.tier == Tier.PRIORITY
    # without 残疾 among the qualifying tags, no grade qualifies
    assert qualifies(age=62, tags=tags, qualifying_tags=("living_alone",)) is None


def test_a_disability_below_grade_two_adds_no_reason_to_an_elder_who_qualifies_otherwise():
    found = qualifies(age=82, tags={"living_alone": None, "disability": "3"},
                      qualifying_tags=("living_alone", "disability"))
    assert found is not None and found.reasons == ("living_alone", "age")
    # nor does it raise the tier: an 82-year-old with a grade-3 disability is 一般
    assert qualifies(age=82, tags={"disability": "三级"}).tier == Tier.GENERAL
    assert qualifies(age=82, tags={"disability": "二级"}).tier == Tier.PRIORITY


def test_severe_disability_qualifies_by_default():
    """重残 is among the groups of 民发〔2022〕73号: a grade-1 or 2 残疾 tag is enough."""
    assert qualifies(age=62, tags={"disability": "一级"}).reasons == ("disability",)
    assert qualifies(age=62, tags={"disability": "三级"}) is None


def test_the_rules_of_eligibility_are_configurable():
    assert qualifies(age=75, tags={}, min_age=75).reasons == ("age",)
    assert qualifies(age=85, tags={"living_alone": None}, qualifying_tags=()).reasons == ("age",)
    assert qualifies(age=70, tags={"living_alone": None}, qualifying_tags=("dementia",)) is None
    # the tier follows the configured age too
    assert suggested_tier(age=76, tags={"living_alone": None}, min_age=75) == Tier.HIGH
    assert suggested_tier(age=76, tags={"living_alone": None}) == Tier.GENERAL


# ----------------------------------------------------------------------- the calendar


def test_weekly_windows_are_monday_to_sunday_and_belong_to_the_month_of_their_sunday():
    # December 2026 starts on a Tuesday: the week of Mon 30 Nov – Sun 6 Dec is December's
    assert month_windows(Frequency.WEEKLY, 2026, 12) == [
        Window(D(2026, 11, 30), D(2026, 12, 6)), Window(D(2026, 12, 7), D(2026, 12, 13)),
        Window(D(2026, 12, 14), D(2026, 12, 20)), Window(D(2026, 12, 21), D(2026, 12, 27))]
    # … so the week of Mon 28 Dec 2026 – Sun 3 Jan 2027 is January's, not December's
    assert month_windows(Frequency.WEEKLY, 2027, 1)[0] == Window(D(2026, 12, 28), D(2027, 1, 3))
    # November 2026 ends on a Monday: its last week is the one ending Sun 29 Nov
    assert month_windows(Frequency.WEEKLY, 2026, 11)[-1].due == D(2026, 11, 29)


def test_every_day_of_a_year_is_in_exactly_one_weekly_window():
    days: list[dt.date] = []
    for month in range(1, 13):
        for w in month_windows(Frequency.WEEKLY, 2028, month):
            assert w.due.weekday() == 6 and (w.due - w.start).days == 6
            assert (w.due.year, w.due.month) == (2028, month)
            days.extend(w.start + dt.timedelta(days=n) for n in range(7))
    assert len(days) == len(set(days))  # no day twice
    # from the Monday of the year's first whole-Sunday week to its last Sunday, nothing missing
    assert sorted(days) == [days[0] + dt.timedelta(days=n) for n in range(len(days))]


def test_a_leap_february_has_its_29th_and_its_own_weeks():
    # February 2028 (a leap year) runs Tue 1 – Tue 29: four Sundays (6, 13, 20, 27)
    assert [w.due.day for w in month_windows(Frequency.WEEKLY, 2028, 2)] == [6, 13, 20, 27]
    assert month_windows(Frequency.MONTHLY, 2028, 2) == [Window(D(2028, 2, 1), D(2028, 2, 29))]
    assert month_windows(Frequency.MONTHLY, 2027, 2) == [Window(D(2027, 2, 1), D(2027, 2, 28))]
    # a month with five Sundays has five weekly visits
    assert len(month_windows(Frequency.WEEKLY, 2028, 4)) == 5  # Sundays 2, 9, 16, 23, 30


def test_a_quarterly_visit_is_planned_in_the_first_month_of_its_quarter_for_the_quarter():
    assert month_windows(Frequency.QUARTERLY, 2026, 10) == [Window(D(2026, 10, 1),
                                                                   D(2026, 12, 31))]
    assert month_windows(Frequency.QUARTERLY, 2026, 11) == []
    assert month_windows(Frequency.QUARTERLY, 2026, 12) == []
    assert month_windows(Frequency.QUARTERLY, 2028, 1) == [Window(D(2028, 1, 1), D(2028, 3, 31))]
    assert quarter_bounds(2028, 2) == (D(2028, 1, 1), D(2028, 3, 31))
    assert quarter_bounds(2026, 12) == (D(2026, 10, 1), D(2026, 12, 31))


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clipped to February's end
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap February
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across a year end
    (D(2026, 11, 30), 3, D(2027, 2, 28)),
    (D(2027, 1, 31), -2, D(2026, 11, 30)),  # backwards too
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
])
def test_a_month_later_is_the_same_day_clipped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_not_visited_for_longer_than_the_frequency_counts_calendar_months():
    assert interval_due(D(2026, 12, 28), Frequency.WEEKLY) == D(2027, 1, 4)
    assert interval_due(D(2026, 1, 31), Frequency.MONTHLY) == D(2026, 2, 28)
    assert interval_due(D(2028, 1, 31), Frequency.MONTHLY) == D(2028, 2, 29)
    assert interval_due(D(2026, 11, 30), Frequency.QUARTERLY) == D(2027, 2, 28)


def test_a_planned_visit_counts_in_the_month_of_its_last_day():
    assert plan_month(D(2026, 12, 6)) == "2026-12"  # the week starting 30 November
    assert plan_month(D(2027, 1, 3)) == "2027-01"


# ------------------------------------------------------------- the one definition of state


def test_the_state_of_a_planned_visit_at_its_boundary_days():
    due, closes = D(2028, 2, 29), closes_on(D(2028, 2, 29), 7)
    assert closes == D(2028, 3, 7)

    def state(today, visited_on=None):
        return visit_state(today=today, due=due, closes=closes, visited_on=visited_on)

    assert state(D(2028, 2, 1)) == VisitState.DUE
    assert state(D(2028, 2, 29)) == VisitState.DUE  # its last day: still due
    assert state(D(2028, 3, 1)) == VisitState.OVERDUE  # the day after
    assert state(D(2028, 3, 7)) == VisitState.OVERDUE  # the closing day: still overdue
    assert state(D(2028, 3, 8)) == VisitState.MISSED  # after it: missed
    # a visit recorded makes it done, on time or late, whatever day it is read
    assert state(D(2028, 2, 10), visited_on=D(2028, 2, 10)) == VisitState.DONE
    assert state(D(2028, 4, 1), visited_on=D(2028, 3, 7)) == VisitState.DONE


def test_no_grace_days_means_overdue_only_never():
    due = D(2026, 12, 31)
    assert visit_state(today=D(2027, 1, 1), due=due, closes=closes_on(due, 0),
                       visited_on=None) == VisitState.MISSED


# ------------------------------------------------------------------------- the areas


def test_the_ticked_items_are_stored_in_the_sheets_order_and_read_back():
    stored = checked_items(Area.HEALTH, {"mental", "speech", "illness"})
    assert stored == "speech,illness,mental"
    assert split_items(stored) == ("speech", "illness", "mental")
    assert checked_items(Area.SAFETY, set()) == "" and split_items("") == ()
    with pytest.raises(ValueError, match="unknown"):
        checked_items(Area.SAFETY, {"speech"})  # an item of another area


def test_the_five_areas_of_the_national_guidance_have_their_items():
    assert set(AREA_ITEMS) == set(Area) and len(Area) == 5
    assert [c for c, _l in AREA_ITEMS[Area.SAFETY]][:4] == ["water", "electricity", "gas",
                                                              "heating"]
    assert [c for c, _l in AREA_ITEMS[Area.NEEDS]] == ["daily_care", "rehabilitation",
                                                       "comfort", "adaptation"]
    set_language("zh_CN")
    assert item_label(Area.SAFETY, "gas") != "gas"  # translated
    assert item_label(Area.SAFETY, "no such item") == "no such item"


# ------------------------------------------------------------------------ months, rates


@pytest.mark.parametrize("typed", ["2026-11", "2026/11", "202611", " 2026-11 ", "2026年11月"])
def test_a_month_is_read_as_people_write_it(typed):
    assert parse_month(typed) == (2026, 11)


@pytest.mark.parametrize("typed", ["", "2026", "2026-13", "2026-00", "11-2026", "abc", None])
def test_a_month_that_is_not_one_is_refused_with_the_field(typed):
    with pytest.raises(ValidationError) as raised:
        parse_month(typed)
    assert raised.value.field == "month"


def test_the_visit_rate_is_done_of_planned_and_nothing_planned_is_no_rate():
    assert visit_rate(0, 0) is None and format_rate(None) == "—"
    assert visit_rate(19, 20) == 0.95 and format_rate(0.95) == "95.0%"
    assert format_rate(visit_rate(2, 3)) == "66.7%"
    assert format_rate(visit_rate(5, 5)) == "100.0%"
