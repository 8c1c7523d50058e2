"""The pure rules: rounding and caps, what people type for a time served, points, expiry,
star levels, volunteer numbers and the recording deadline."""

import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.volunteers.rules import (
    DEFAULT_ROUNDING,
    RoundingRule,
    add_working_days,
    check_due,
    check_volunteer_number,
    counted_minutes,
    expiry_cutoff,
    format_hours,
    luhn_digit,
    parse_hours,
    points_for,
    record_deadline,
    star_level,
    validate_star_hours,
    volunteer_number,
)


@pytest.mark.parametrize(("served", "counted"), [
    (0, 0), (14, 0),  # under 15 minutes: nothing
    (15, 30), (44, 30),  # 15 to 45: half an hour
    (45, 60), (59, 60),  # 45 to 60: a full hour
    (60, 60), (74, 60), (75, 90), (105, 120), (160, 150),  # per hour: 2 h 40 → 2.5 h
])
def test_the_default_rounding_counts_the_minutes_past_each_full_hour(served, counted):
    assert DEFAULT_ROUNDING.round(served) == counted
    assert counted_minutes(served) == counted


def test_a_configured_rule_rounds_by_its_own_steps():
    # "under 30 minutes counts nothing, 30 or more a full hour"
    rule = RoundingRule(((30, 0), (60, 60)))
    assert [rule.round(m) for m in (29, 30, 89, 90)] == [0, 60, 60, 120]
    exact = RoundingRule(((60, 0),))  # whole hours only
    assert exact.round(119) == 60
    assert RoundingRule.from_json(rule.to_json()) == rule


@pytest.mark.parametrize("steps", [
    (),  # nothing
    ((45, 30), (15, 0), (60, 60)),  # not rising
    ((15, 0), (45, 30)),  # does not reach 60
    ((15, 0), (60, 90)),  # counts more than an hour
])
def test_a_rounding_rule_that_does_not_make_sense_is_refused(steps):
    with pytest.raises(ValidationError):
        RoundingRule(steps)


def test_an_unreadable_stored_rule_is_a_message_not_a_crash():
    with pytest.raises(ValidationError):
        RoundingRule.from_json([["a", 0]])
    with pytest.raises(ValidationError):
        RoundingRule.from_json(None)


def test_the_cap_applies_after_rounding():
    assert counted_minutes(160, cap_minutes=120) == 120
    assert counted_minutes(100, cap_minutes=120) == 90  # under the cap: only rounded
    assert counted_minutes(50, cap_minutes=None) == 60


def test_a_record_longer_than_a_day_or_negative_is_refused():
    with pytest.raises(ValidationError):
        counted_minutes(24 * 60 + 1)
    with pytest.raises(ValidationError):
        DEFAULT_ROUNDING.round(-1)


@pytest.mark.parametrize(("typed", "minutes"), [
    ("2", 120), ("1.5", 90), ("1.25", 75), (".5", 30), ("1:30", 90), ("0:45", 45),
    ("1：30", 90), ("90分钟", 90), ("90分", 90), ("90 min", 90), ("2小时", 120),
    ("2h", 120), ("１.５", 90), (" 3 ", 180), (2, 120), ("24", 1440), ("0", 0),
])
def test_parse_hours_reads_what_people_type_exactly(typed, minutes):
    assert parse_hours(typed) == minutes
    assert isinstance(parse_hours(typed), int)


@pytest.mark.parametrize("typed", [
    "", None, "abc", "1.5.5", "1:60", "1:5x", "1.333", "-1", "25", "1500分钟", "一小时",
    "1e3", "1,5", "-0.5", "-0:30", "－1",
])
def test_parse_hours_refuses_what_is_not_a_time_served(typed):
    with pytest.raises(ValidationError) as caught:
        parse_hours(typed, field="cap")
    assert caught.value.field == "cap"


def test_hours_are_shown_as_people_read_them():
    assert [format_hours(m) for m in (0, 60, 90, 120, 100, 75)] == \
        ["0", "1", "1.5", "2", "1.67", "1.25"]


def test_points_are_whole_and_rounded_down():
    assert points_for(90, 10) == 15
    assert points_for(50, 10) == 8  # 8.33
    assert points_for(120, 15) == 30
    assert points_for(0, 10) == 0


def test_the_expiry_cutoff_counts_whole_years_and_copes_with_29_february():
    assert expiry_cutoff(dt.date(2029, 3, 1), 3) == dt.date(2026, 3, 1)
    assert expiry_cutoff(dt.date(2028, 2, 29), 3) == dt.date(2025, 2, 28)


def test_star_levels_by_hours_and_configured_thresholds():
    assert star_level(99 * 60) == 0
    assert star_level(100 * 60) == 1
    assert star_level(1500 * 60) == 5
    assert star_level(25 * 60, (10, 20, 30)) == 2
    assert validate_star_hours(["10", 20]) == (10, 20)
    for bad in ([], [20, 10], [0, 10], [10, 10], [1, 2, 3, 4, 5, 6]):
        with pytest.raises(ValidationError):
            validate_star_hours(bad)


def test_volunteer_numbers_have_eight_digits_and_a_luhn_check_digit():
    numbers = [volunteer_number(n) for n in (1, 2, 57, 999_999)]
    assert numbers[0] == "10000016" and len(set(numbers)) == 4
    for number in numbers:
        assert check_volunteer_number(f" {number} ") == number
        assert luhn_digit(number[:7]) == number[7]
    for bad in ("10000017", "1000001", "1000001a", "", "100000166"):
        with pytest.raises(ValidationError):
            check_volunteer_number(bad)
    for out_of_range in (0, 1_000_000):
        with pytest.raises(ValueError):
            volunteer_number(out_of_range)


def test_any_single_digit_typed_wrong_is_caught_by_the_check_digit():
    number = volunteer_number(4321)
    for i in range(8):
        for d in "0123456789":
            if d != number[i]:
                wrong = number[:i] + d + number[i + 1:]
                with pytest.raises(ValidationError):
                    check_volunteer_number(wrong)


def test_the_recording_deadline_is_ten_working_days():
    friday = dt.date(2026, 3, 6)
    assert record_deadline(friday) == dt.date(2026, 3, 20)
    assert add_working_days(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)  # Sat → Mon


def test_a_background_check_is_due_after_a_year_or_when_there_is_none():
    today = dt.date(2026, 6, 1)
    assert check_due(None, today)
    assert not check_due(today - dt.timedelta(days=364), today)
    assert check_due(today - dt.timedelta(days=365), today)
