"""The lunar calendar (农历): festival dates against the published calendar, leap months
(2033's leap 11th month included), look-ups across year ends, and the shape of every lunar
year from 1950 to 2150."""

import datetime as dt

import pytest

from neighborcenter.features.visits.rules.lunar import (
    Festival,
    LunarDate,
    festival_date,
    festivals_between,
    festivals_in,
    lunar_date,
    lunar_label,
    lunar_year_months,
)
from neighborcenter.i18n import set_language

D = dt.date

# Published Gregorian dates (the official 农历 as printed by the Purple Mountain Observatory and
# the Hong Kong Observatory); 元宵 is always 春节 + 14 days, 除夕 the day before 春节.
SPRING = {
    1990: D(1990, 1, 27), 1995: D(1995, 1, 31), 1999: D(1999, 2, 16), 2000: D(2000, 2, 5),
    2001: D(2001, 1, 24), 2002: D(2002, 2, 12), 2003: D(2003, 2, 1), 2004: D(2004, 1, 22),
    2005: D(2005, 2, 9), 2006: D(2006, 1, 29), 2007: D(2007, 2, 18), 2008: D(2008, 2, 7),
    2009: D(2009, 1, 26), 2010: D(2010, 2, 14), 2011: D(2011, 2, 3), 2012: D(2012, 1, 23),
    2013: D(2013, 2, 10), 2014: D(2014, 1, 31), 2015: D(2015, 2, 19), 2016: D(2016, 2, 8),
    2017: D(2017, 1, 28), 2018: D(2018, 2, 16), 2019: D(2019, 2, 5), 2020: D(2020, 1, 25),
    2021: D(2021, 2, 12), 2022: D(2022, 2, 1), 2023: D(2023, 1, 22), 2024: D(2024, 2, 10),
    2025: D(2025, 1, 29), 2026: D(2026, 2, 17), 2027: D(2027, 2, 6), 2028: D(2028, 1, 26),
    2029: D(2029, 2, 13), 2030: D(2030, 2, 3), 2031: D(2031, 1, 23), 2032: D(2032, 2, 11),
    2033: D(2033, 1, 31), 2034: D(2034, 2, 19),  # 2034 late: 2033 has a leap 11th month
}
MID_AUTUMN = {
    2020: D(2020, 10, 1), 2021: D(2021, 9, 21), 2022: D(2022, 9, 10), 2023: D(2023, 9, 29),
    2024: D(2024, 9, 17), 2025: D(2025, 10, 6), 2026: D(2026, 9, 25),
}
DRAGON_BOAT = {
    2020: D(2020, 6, 25),  # the 5th month proper, after 2020's leap 4th month
    2021: D(2021, 6, 14), 2022: D(2022, 6, 3), 2023: D(2023, 6, 22), 2024: D(2024, 6, 10),
    2025: D(2025, 5, 31), 2026: D(2026, 6, 19),
}
DOUBLE_NINTH = {
    2023: D(2023, 10, 23), 2024: D(2024, 10, 11), 2025: D(2025, 10, 29), 2026: D(2026, 10, 18),
}
LANTERN = {2024: D(2024, 2, 24), 2025: D(2025, 2, 12), 2026: D(2026, 3, 3)}


@pytest.mark.parametrize(("year", "day"), sorted(SPRING.items()))
def test_spring_festival_and_its_eve_and_lantern_festival(year, day):
    assert festival_date(Festival.SPRING, year) == day
    assert festival_date(Festival.NEW_YEARS_EVE, year) == day - dt.timedelta(days=1)
    assert festival_date(Festival.LANTERN, year) == day + dt.timedelta(days=14)
    assert lunar_date(day) == LunarDate(year, 1, 1, False) == (year, 1, 1, False)


@pytest.mark.parametrize(("festival", "table"), [
    (Festival.MID_AUTUMN, MID_AUTUMN), (Festival.DRAGON_BOAT, DRAGON_BOAT),
    (Festival.DOUBLE_NINTH, DOUBLE_NINTH), (Festival.LANTERN, LANTERN),
])
def test_festivals_fall_on_the_published_dates(festival, table):
    assert {year: festival_date(festival, year) for year in table} == table


def test_a_festival_is_its_lunar_day_and_never_in_a_leap_month():
    wanted = {Festival.SPRING: (1, 1), Festival.LANTERN: (1, 15), Festival.DRAGON_BOAT: (5, 5),
              Festival.MID_AUTUMN: (8, 15), Festival.DOUBLE_NINTH: (9, 9)}
    for year in (2020, 2023, 2025, 2028, 2033):  # each with a leap month
        for festival, (month, day) in wanted.items():
            assert lunar_date(festival_date(festival, year)) == (year, month, day, False)
        eve = lunar_date(festival_date(Festival.NEW_YEARS_EVE, year))
        assert (eve.year, eve.month, eve.leap) == (year - 1, 12, False) and eve.day in (29, 30)


@pytest.mark.parametrize(("year", "leap"), [
    (2001, 4), (2004, 2), (2006, 7), (2009, 5), (2012, 4), (2014, 9), (2017, 6),
    (2020, 4), (2023, 2), (2025, 6), (2028, 5), (2033, 11),
])
def test_leap_months(year, leap):
    months = lunar_year_months(year)
    assert len(months) == 13
    assert [number for number, is_leap, _days in months if is_leap] == [leap]
    numbers = [number for number, _leap, _days in months]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, 13))
    assert numbers.index(leap) + 1 == [m[1] for m in months].index(True)  # after the ordinary


@pytest.mark.parametrize("year", [2019, 2021, 2022, 2024, 2026, 2027, 2034])
def test_common_years_have_twelve_months(year):
    assert [(n, leap) for n, leap, _days in lunar_year_months(year)] == [
        (n, False) for n in range(1, 13)]


def test_2033s_leap_eleventh_month_follows_the_winter_solstice():
    """The "2033 problem": 2033's 8th month has no principal term, but only 12 months lie
    between the 11th months of 2032 and 2033, so the leap month is the 11th after 冬至."""
    assert lunar_date(D(2033, 8, 25)) == (2033, 8, 1, False)
    assert lunar_date(D(2033, 11, 22)) == (2033, 11, 1, False)  # contains 冬至, 21 December
    assert lunar_date(D(2033, 12, 21)) == (2033, 11, 30, False)
    assert lunar_date(D(2033, 12, 22)) == (2033, 11, 1, True)
    assert lunar_label(D(2033, 12, 22)) == "闰冬月初一"
    assert lunar_date(D(2034, 1, 20)) == (2033, 12, 1, False)
    assert lunar_date(D(2034, 2, 18)) == (2033, 12, 30, False)
    assert festival_date(Festival.NEW_YEARS_EVE, 2034) == D(2034, 2, 18)


def test_lunar_dates_and_labels():
    assert lunar_date(D(2024, 9, 17)) == LunarDate(2024, 8, 15, False)
    assert lunar_label(D(2024, 9, 17)) == "八月十五"
    assert lunar_date(D(2025, 7, 25)) == (2025, 6, 1, True)  # 2025's leap 6th month begins
    assert lunar_label(D(2025, 7, 25)) == "闰六月初一"
    assert lunar_date(D(2025, 7, 24)) == (2025, 6, 30, False)
    assert lunar_label(D(2025, 7, 24)) == "六月三十"
    assert lunar_label(D(2025, 1, 29)) == "正月初一"
    assert lunar_label(D(2025, 1, 28)) == "腊月廿九"  # 2024's 12th month has 29 days
    assert lunar_date(D(2025, 1, 28)) == (2024, 12, 29, False)
    assert lunar_label(D(2025, 2, 12)) == "正月十五"
    assert lunar_label(D(2024, 12, 31)) == "腊月初一"
    assert lunar_label(D(2024, 12, 30)) == "冬月三十"
    assert lunar_label(D(2024, 2, 29)) == "正月二十"
    assert lunar_label(D(2024, 3, 1)) == "正月廿一"


def test_festivals_in_a_year_are_one_of_each_by_date():
    assert festivals_in(2025) == [
        (Festival.NEW_YEARS_EVE, D(2025, 1, 28)),
        (Festival.SPRING, D(2025, 1, 29)),
        (Festival.LANTERN, D(2025, 2, 12)),
        (Festival.DRAGON_BOAT, D(2025, 5, 31)),
        (Festival.MID_AUTUMN, D(2025, 10, 6)),
        (Festival.DOUBLE_NINTH, D(2025, 10, 29)),
    ]


def test_festivals_between_spans_year_ends_and_includes_both_ends():
    assert festivals_between(D(2025, 10, 29), D(2026, 2, 17)) == [
        (Festival.DOUBLE_NINTH, D(2025, 10, 29)),
        (Festival.NEW_YEARS_EVE, D(2026, 2, 16)),
        (Festival.SPRING, D(2026, 2, 17)),
    ]
    assert festivals_between(D(2024, 12, 1), D(2025, 2, 28)) == [
        (Festival.NEW_YEARS_EVE, D(2025, 1, 28)),
        (Festival.SPRING, D(2025, 1, 29)),
        (Festival.LANTERN, D(2025, 2, 12)),
    ]
    assert festivals_between(D(2025, 3, 1), D(2025, 5, 30)) == []
    assert festivals_between(D(2025, 6, 1), D(2025, 5, 1)) == []
    three_years = festivals_between(D(2023, 1, 1), D(2025, 12, 31))
    assert len(three_years) == 18
    assert [day for _f, day in three_years] == sorted(day for _f, day in three_years)


def test_festival_labels_are_translated():
    set_language("en")
    assert Festival.MID_AUTUMN.label == "Mid-Autumn Festival"
    set_language("zh_CN")
    assert Festival("mid_autumn") is Festival.MID_AUTUMN and Festival.MID_AUTUMN == "mid_autumn"
    assert [f.msgid for f in Festival] == [
        "Spring Festival", "Lantern Festival", "Dragon Boat Festival", "Mid-Autumn Festival",
        "Double Ninth Festival", "New Year's Eve"]


def test_years_outside_the_supported_range_are_refused():
    with pytest.raises(ValueError, match="1900"):
        festival_date(Festival.SPRING, 1899)
    with pytest.raises(ValueError, match="2200"):
        lunar_date(D(2201, 1, 1))


# Where each festival can fall: 春节 is the second new moon after 冬至 (21 Jan – 20 Feb).
WINDOWS = {
    Festival.NEW_YEARS_EVE: ((1, 20), (2, 19)),
    Festival.SPRING: ((1, 21), (2, 20)),
    Festival.LANTERN: ((2, 4), (3, 6)),
    Festival.DRAGON_BOAT: ((5, 27), (6, 26)),
    Festival.MID_AUTUMN: ((9, 7), (10, 8)),
    Festival.DOUBLE_NINTH: ((10, 1), (11, 1)),
}


def test_every_festival_from_1950_to_2150_lies_in_its_window():
    for year in range(1950, 2151):
        found = festivals_in(year)
        assert sorted(f for f, _day in found) == sorted(Festival)
        for festival, day in found:
            (m0, d0), (m1, d1) = WINDOWS[festival]
            assert D(year, m0, d0) <= day <= D(year, m1, d1), (festival, day)
        assert festival_date(Festival.LANTERN, year) - festival_date(Festival.SPRING, year) \
            == dt.timedelta(days=14)


def test_every_lunar_year_from_1950_to_2150_has_12_or_13_months_of_29_or_30_days():
    leap_years = 0
    for year in range(1950, 2151):
        months = lunar_year_months(year)
        assert all(days in (29, 30) for _n, _leap, days in months), year
        numbers = [n for n, _leap, _days in months]
        assert sorted(set(numbers)) == list(range(1, 13)) and numbers == sorted(numbers)
        leaps = sum(leap for _n, leap, _days in months)
        assert len(months) == 12 + leaps and leaps <= 1, year
        leap_years += leaps
        length = sum(days for _n, _leap, days in months)
        spring, next_spring = (festival_date(Festival.SPRING, y) for y in (year, year + 1))
        assert (next_spring - spring).days == length
    assert leap_years in (73, 74, 75)  # 7 in every 19 years: 201 × 7 / 19 ≈ 74


def test_lunar_date_steps_one_day_at_a_time_across_years():
    day, previous = D(2024, 11, 1), lunar_date(D(2024, 10, 31))
    while day <= D(2026, 3, 1):
        now = lunar_date(day)
        if now.day == 1:
            assert previous.day in (29, 30)
            assert (now.month, now.leap) != (previous.month, previous.leap)
        else:
            assert now == previous._replace(day=previous.day + 1)
        day, previous = day + dt.timedelta(days=1), now


def test_a_festival_given_by_its_stored_value_has_the_same_date():
    """A combo box gives back the festival as a plain str ("new_years_eve"): same answer."""
    for festival in Festival:
        assert festival_date(str(festival.value), 2026) == festival_date(festival, 2026)
