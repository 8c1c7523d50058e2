"""Dates in the forms people really type, and the ones Excel stores.

Accepted: 1949-12-31, 1949/12/31, 1949.12.31, 1949年12月31日, 19491231, with one-digit months
and days and full-width digits; an Excel serial day number (45000 → 2023-03-15).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TypeAlias

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1890, 1, 1)

#: A date as it is given, before parse_date_text reads it: what a person typed, a date (or
#: datetime) a spreadsheet cell holds, or an Excel serial day number; None for nothing.
DateInput: TypeAlias = dt.date | str | float | None


def from_excel_serial(serial: float) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date_text(raw: object, *, field: str = "date", label: str | None = None,
                    allow_future: bool = True) -> dt.date | None:
    """Parse what a person typed (or a spreadsheet cell held); ``None`` for an empty value."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        if not 1 <= raw < 80_000:
            raise _unreadable(str(raw), field, label)
        value = from_excel_serial(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip()
        if not text:
            return None
        match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
        if match is None:
            if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial that became text
                return parse_date_text(float(text), field=field, label=label,
                                       allow_future=allow_future)
            raise _unreadable(text, field, label)
        year, month, day = (int(g) for g in match.groups())
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("{label}: {text} is not a real date (check the month and the day).").format(
                    label=label or _("Date"), text=text), field=field) from None
    if value < EARLIEST:
        raise ValidationError(
            _("{label}: {date} is too long ago; check the year.").format(
                label=label or _("Date"), date=value.isoformat()), field=field)
    if not allow_future and value > dt.date.today():
        raise ValidationError(
            _("{label}: {date} is in the future.").format(
                label=label or _("Date"), date=value.isoformat()), field=field)
    return value


def _unreadable(text: str, field: str, label: str | None) -> ValidationError:
    return ValidationError(
        _("{label}: cannot read “{text}” as a date; write it like 1949-12-31 or "
          "1949年12月31日.").format(label=label or _("Date"), text=text), field=field)


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def latest_birth_date(age: int, on: dt.date) -> dt.date:
    """The latest birth date of a person who is at least ``age`` years old on ``on``: the one
    cutoff behind every "aged 80 or more" (home page, register filter, demo summary).

    Agrees with ``age_on``: someone born on 29 February is a year older on 1 March.
    """
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - age, day=28)
