"""The Chinese lunisolar calendar (农历) and its festivals, computed from astronomy for any year.

The rules are those of GB/T 33661-2017 《农历的编算和颁行》:

- times are China Standard Time (UTC+8); a month starts on the civil day of the new moon;
- the month containing the winter solstice (冬至, the Sun at 270°) is the 11th month;
- when 13 months lie between one 11th month and the next, the first of them without a
  principal term (中气, the Sun at a multiple of 30°) is the leap month and repeats the number
  of the month before it.

New moons and the Sun's apparent longitude come from PyEphem (VSOP87 and the lunar theory of
libastro: an error of seconds, far below the precision a day needs except when a new moon or a
term falls within a minute or so of midnight). Years 1900–2200 are supported; before 1929 China
kept the time of Beijing (116°E) rather than 120°E, so a few early dates may differ from the
almanacs of the time.

No Qt, no database. A year's months take a few milliseconds to compute and are cached.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import threading
from functools import cache
from typing import NamedTuple

import ephem

from neighborcenter.i18n import N_, LabelledEnum

MIN_YEAR = 1900
MAX_YEAR = 2200

_CST = dt.timedelta(hours=8)  # China Standard Time, UTC+8 (120°E)
_EPHEM_EPOCH = dt.datetime(1899, 12, 31, 12)  # ephem.Date(0): days counted from this UT noon


class Festival(LabelledEnum):
    """The traditional festivals the centre visits elders at."""

    SPRING = "spring", N_("Spring Festival")  # 春节, 正月初一
    LANTERN = "lantern", N_("Lantern Festival")  # 元宵节, 正月十五
    DRAGON_BOAT = "dragon_boat", N_("Dragon Boat Festival")  # 端午节, 五月初五
    MID_AUTUMN = "mid_autumn", N_("Mid-Autumn Festival")  # 中秋节, 八月十五
    DOUBLE_NINTH = "double_ninth", N_("Double Ninth Festival")  # 重阳节, 九月初九
    NEW_YEARS_EVE = "new_years_eve", N_("New Year's Eve")  # 除夕, the last day of the year


# (month, day) of each festival; never in a leap month. 除夕 is the day before 春节.
_LUNAR_DAY: dict[Festival, tuple[int, int]] = {
    Festival.SPRING: (1, 1),
    Festival.LANTERN: (1, 15),
    Festival.DRAGON_BOAT: (5, 5),
    Festival.MID_AUTUMN: (8, 15),
    Festival.DOUBLE_NINTH: (9, 9),
}


class LunarDate(NamedTuple):
    """A day of the lunar calendar. ``year`` is the Gregorian year in which that lunar year's
    春节 falls (so 腊月 of lunar 2024 can lie in January 2025)."""

    year: int
    month: int
    day: int
    leap: bool


class _Month(NamedTuple):
    start: dt.date  # the civil day (UTC+8) of the new moon
    days: int  # 29 or 30
    year: int  # lunar year, as in LunarDate
    number: int  # 1 … 12
    leap: bool


# ---- astronomy ----

_sun = ephem.Sun()
# ephem's own searches (next_new_moon …) share module-level bodies too: one thread at a time.
_ASTRONOMY = threading.RLock()


def _to_ephem(moment: dt.datetime) -> ephem.Date:
    """A naive UTC datetime as an ephem date."""
    return ephem.Date((moment - _EPHEM_EPOCH) / dt.timedelta(days=1))


def _cst_day(moment: ephem.Date) -> dt.date:
    """The civil day in China (UTC+8) of an ephem instant (which is UT)."""
    return (_EPHEM_EPOCH + dt.timedelta(days=float(moment)) + _CST).date()


def _midnight(day: dt.date) -> ephem.Date:
    """00:00 China Standard Time of ``day``, as an ephem instant."""
    return _to_ephem(dt.datetime.combine(day, dt.time()) - _CST)


def _sun_longitude(moment: ephem.Date) -> float:
    """The Sun's apparent geocentric ecliptic longitude of date, in degrees."""
    _sun.compute(moment)
    equatorial = ephem.Equatorial(_sun.g_ra, _sun.g_dec, epoch=moment)
    return math.degrees(float(ephem.Ecliptic(equatorial, epoch=moment).lon)) % 360.0


def _principal_term_index(day: dt.date) -> int:
    """Which 30° sector the Sun is in at the start of ``day`` (0 = from 0° to 30°)."""
    return int(_sun_longitude(_midnight(day)) // 30.0) % 12


@cache
def _winter_solstice_day(year: int) -> dt.date:
    """The civil day (UTC+8) of 冬至 in December of ``year``."""
    with _ASTRONOMY:
        return _cst_day(ephem.next_winter_solstice(_to_ephem(dt.datetime(year, 12, 1))))


@cache
def _eleventh_month_start(year: int) -> dt.date:
    """The first day of the month that contains 冬至 of ``year`` (the 11th month)."""
    end_of_solstice_day = _midnight(_winter_solstice_day(year) + dt.timedelta(days=1))
    with _ASTRONOMY:
        return _cst_day(ephem.previous_new_moon(end_of_solstice_day))


# ---- the calendar ----


@cache
def _sui(year: int) -> tuple[_Month, ...]:
    """The months from the 11th month that contains 冬至 of ``year - 1`` up to (not including)
    the one that contains 冬至 of ``year``: 11th and 12th months of lunar ``year - 1``, then
    lunar ``year``'s 1st to 10th, with the leap month if there is one."""
    first, stop = _eleventh_month_start(year - 1), _eleventh_month_start(year)
    starts = [first]
    with _ASTRONOMY:
        moment = _midnight(first) + 1
        while True:
            moment = ephem.next_new_moon(moment)
            day = _cst_day(moment)
            if day >= stop:
                break
            starts.append(day)
            moment = ephem.Date(moment + 1)
        bounds = [*starts, stop]
        if len(starts) not in (12, 13):  # astronomy allows nothing else
            raise AssertionError(f"{len(starts)} lunar months before the 冬至 of {year}")
        leap_index = -1
        if len(starts) == 13:  # the first month without a principal term is the leap month
            sectors = [_principal_term_index(day) for day in bounds]
            leap_index = next(i for i in range(len(starts)) if sectors[i] == sectors[i + 1])
    months: list[_Month] = []
    number, lunar_year = 10, year - 1  # the month before the first one is a (notional) 10th
    for i, start in enumerate(starts):
        leap = i == leap_index
        if not leap:
            number = number % 12 + 1
            if number == 1:
                lunar_year = year
        months.append(_Month(start, (bounds[i + 1] - start).days, lunar_year, number, leap))
    return tuple(months)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"the lunar calendar is computed for {MIN_YEAR}–{MAX_YEAR}, not {year}")


def _month(lunar_year: int, number: int) -> _Month:
    """The ordinary (not leap) month ``number`` of ``lunar_year``."""
    for sui in (lunar_year, lunar_year + 1):
        for month in _sui(sui):
            if month.year == lunar_year and month.number == number and not month.leap:
                return month
    raise AssertionError(f"no month {number} in lunar {lunar_year}")  # unreachable


# ---- the API ----


def festival_date(festival: Festival, year: int) -> dt.date:
    """The day of ``festival`` in Gregorian ``year`` (every festival falls once a year;
    除夕 is the eve of that year's 春节)."""
    _check_year(year)
    festival = Festival(festival)  # a value kept by a combo box comes back as a plain str
    if festival is Festival.NEW_YEARS_EVE:
        return festival_date(Festival.SPRING, year) - dt.timedelta(days=1)
    number, day = _LUNAR_DAY[festival]
    return _month(year, number).start + dt.timedelta(days=day - 1)


@cache
def _festivals_in(year: int) -> tuple[tuple[Festival, dt.date], ...]:
    return tuple(sorted(((f, festival_date(f, year)) for f in Festival), key=lambda p: p[1]))


def festivals_in(year: int) -> list[tuple[Festival, dt.date]]:
    """The festivals of Gregorian ``year``, by date."""
    _check_year(year)
    return list(_festivals_in(year))


def festivals_between(start: dt.date, end: dt.date) -> list[tuple[Festival, dt.date]]:
    """The festivals from ``start`` to ``end``, both included, by date."""
    return [
        (festival, day)
        for year in range(start.year, end.year + 1)
        for festival, day in festivals_in(year)
        if start <= day <= end
    ]


def lunar_date(day: dt.date) -> LunarDate:
    """The lunar date of a Gregorian ``day``."""
    _check_year(day.year)
    months = _sui(day.year) + _sui(day.year + 1)  # 1 January lies in the first, 31 December
    i = bisect.bisect_right([m.start for m in months], day) - 1  # in the first or the second
    month = months[i]
    return LunarDate(month.year, month.number, (day - month.start).days + 1, month.leap)


def lunar_year_months(year: int) -> list[tuple[int, bool, int]]:
    """The months of lunar ``year`` (正月 to 腊月) as (number, leap, days)."""
    _check_year(year)
    return [
        (m.number, m.leap, m.days)
        for sui in (year, year + 1)
        for m in _sui(sui)
        if m.year == year
    ]


_MONTH_NAMES = ("正月", "二月", "三月", "四月", "五月", "六月",
                "七月", "八月", "九月", "十月", "冬月", "腊月")
_DIGITS = "一二三四五六七八九十"


def _day_name(day: int) -> str:
    if day <= 10:
        return "初" + _DIGITS[day - 1]
    if day < 20:
        return "十" + _DIGITS[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS[day - 21]
    return "三十"


def lunar_label(day: dt.date) -> str:
    """The lunar date as written on a calendar: 八月十五, 闰六月初一, 腊月三十. Chinese in
    every language: it is the name of a Chinese calendar's day."""
    lunar = lunar_date(day)
    return ("闰" if lunar.leap else "") + _MONTH_NAMES[lunar.month - 1] + _day_name(lunar.day)
