"""Dates of the papers put up: the advance notice (时间、地点、议题, posted N days before the
meeting) and the public notice of a result (公示: from its first day to its last, inclusive,
7 days unless set otherwise *(practice)*), during which objections are taken."""

from __future__ import annotations

import datetime as dt

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _, format_date, ngettext

#: how long a result is posted, unless set otherwise (DOMAIN.md: 7 days, practice)
POSTING_DAYS = 7
#: the longest notice or posting (a typo guard)
MAX_DAYS = 366


def _days(value: object, *, field: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= MAX_DAYS:
        raise ValidationError(_("Enter a number of days from {least} to {most}.").format(
            least=least, most=MAX_DAYS), field=field)
    return value


def notice_due(meeting_day: dt.date, days_before: int, *, today: dt.date,
               urgent: bool = False) -> dt.date:
    """The last day the advance notice can be posted: ``days_before`` days before the
    meeting. Refused when the meeting is closer than that, unless it is urgent (then the
    notice is due today), and when the meeting day has passed."""
    days = _days(days_before, field="days_before", least=0)
    if meeting_day < today:
        raise ValidationError(_("The meeting day {day} has passed: choose a day from today "
                                "on.").format(day=format_date(meeting_day)), field="day")
    due = meeting_day - dt.timedelta(days=days)
    if due >= today:
        return due
    if urgent:
        return today
    raise ValidationError(ngettext(
        "The meeting on {day} is too close: its notice must be posted {days} day before. "
        "Choose a later day, or mark the meeting urgent.",
        "The meeting on {day} is too close: its notice must be posted {days} days before. "
        "Choose a later day, or mark the meeting urgent.", days).format(
        day=format_date(meeting_day), days=days), field="day")


def posting_period(start: dt.date, days: int = POSTING_DAYS) -> tuple[dt.date, dt.date]:
    """The first and last day of a posting, both included: 7 days from 28 December are
    28 December to 3 January."""
    count = _days(days, field="days", least=1)
    return start, start + dt.timedelta(days=count - 1)


def objection_deadline(start: dt.date, days: int = POSTING_DAYS) -> dt.date:
    """The last day objections are taken: the posting's last day."""
    return posting_period(start, days)[1]


def objection_in_time(received: dt.date, start: dt.date, days: int = POSTING_DAYS) -> bool:
    """An objection received during the posting (a re-hearing may follow)."""
    first, last = posting_period(start, days)
    return first <= received <= last
