"""The advance notice, the posting period and objections (across month ends, 29 February
and the year's end), follow-up tasks' states and the satisfaction rate."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import rules
from neighborcenter.features.meetings.rules import FollowUpState, Satisfaction
from neighborcenter.i18n import set_language

D = dt.date


@pytest.mark.parametrize(("meeting", "days", "today", "due"), [
    (D(2026, 12, 10), 7, D(2026, 12, 1), D(2026, 12, 3)),
    (D(2026, 12, 10), 7, D(2026, 12, 3), D(2026, 12, 3)),  # the last day it can go up
    (D(2027, 3, 2), 3, D(2027, 2, 1), D(2027, 2, 27)),  # across February
    (D(2028, 3, 2), 3, D(2028, 2, 1), D(2028, 2, 28)),  # a leap year: 29 February counts
    (D(2028, 3, 1), 1, D(2028, 2, 1), D(2028, 2, 29)),
    (D(2027, 1, 3), 7, D(2026, 12, 1), D(2026, 12, 27)),  # across the year's end
    (D(2026, 12, 1), 0, D(2026, 12, 1), D(2026, 12, 1)),  # no notice asked: the day itself
])
def test_the_notice_goes_up_its_days_before_the_meeting(meeting, days, today, due):
    assert rules.notice_due(meeting, days, today=today) == due
    assert (meeting - due).days == days


def test_a_meeting_too_close_is_refused_unless_urgent():
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        rules.notice_due(D(2026, 12, 10), 7, today=D(2026, 12, 4))
    assert caught.value.field == "day"
    assert "must be posted 7 days before" in str(caught.value)
    assert "urgent" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        rules.notice_due(D(2026, 12, 10), 1, today=D(2026, 12, 10))
    assert "posted 1 day before" in str(caught.value)
    assert rules.notice_due(D(2026, 12, 10), 7, today=D(2026, 12, 4), urgent=True) \
        == D(2026, 12, 4)  # urgent: the notice goes up today


def test_a_past_meeting_day_is_refused_even_when_urgent():
    with pytest.raises(ValidationError) as caught:
        rules.notice_due(D(2026, 11, 30), 0, today=D(2026, 12, 1), urgent=True)
    assert caught.value.field == "day"


@pytest.mark.parametrize("days", [-1, 367, True, 2.5])
def test_notice_days_are_a_sensible_whole_number(days):
    with pytest.raises(ValidationError) as caught:
        rules.notice_due(D(2026, 12, 10), days, today=D(2026, 12, 1))
    assert caught.value.field == "days_before"


@pytest.mark.parametrize(("start", "days", "end"), [
    (D(2026, 12, 1), 7, D(2026, 12, 7)),
    (D(2026, 1, 28), 7, D(2026, 2, 3)),  # a month's end
    (D(2026, 4, 27), 7, D(2026, 5, 3)),  # a 30-day month
    (D(2027, 2, 25), 7, D(2027, 3, 3)),  # February of a common year
    (D(2028, 2, 25), 7, D(2028, 3, 2)),  # February of a leap year
    (D(2028, 2, 1), 30, D(2028, 3, 1)),
    (D(2100, 2, 25), 7, D(2100, 3, 3)),  # 2100 is not a leap year
    (D(2026, 12, 28), 7, D(2027, 1, 3)),  # the year's end
    (D(2026, 12, 31), 1, D(2026, 12, 31)),
])
def test_the_posting_period_counts_both_ends(start, days, end):
    assert rules.posting_period(start, days) == (start, end)
    assert rules.objection_deadline(start, days) == end


def test_every_posting_of_two_years_has_its_days():
    day = D(2027, 1, 1)
    while day.year < 2029:
        for days in (1, 5, 7, 15, 31):
            first, last = rules.posting_period(day, days)
            assert first == day and (last - first).days + 1 == days
        day += dt.timedelta(days=1)


def test_seven_days_unless_set_otherwise():
    assert rules.POSTING_DAYS == 7
    assert rules.posting_period(D(2026, 12, 28)) == (D(2026, 12, 28), D(2027, 1, 3))
    with pytest.raises(ValidationError) as caught:
        rules.posting_period(D(2026, 12, 28), 0)
    assert caught.value.field == "days"


def test_objections_are_taken_during_the_posting():
    start = D(2026, 12, 28)
    assert not rules.objection_in_time(D(2026, 12, 27), start)
    assert rules.objection_in_time(start, start)
    assert rules.objection_in_time(D(2027, 1, 3), start)  # its last day
    assert not rules.objection_in_time(D(2027, 1, 4), start)
    assert rules.objection_in_time(D(2027, 1, 10), start, 14)


@pytest.mark.parametrize(("status", "due", "today", "state"), [
    ("open", D(2026, 12, 10), D(2026, 12, 10), FollowUpState.OPEN),  # due today: not yet late
    ("open", D(2026, 12, 10), D(2026, 12, 11), FollowUpState.OVERDUE),
    ("in_progress", D(2026, 12, 10), D(2026, 12, 1), FollowUpState.IN_PROGRESS),
    ("in_progress", D(2026, 11, 30), D(2026, 12, 1), FollowUpState.OVERDUE),
    ("done", D(2026, 11, 30), D(2026, 12, 1), FollowUpState.DONE),  # done late is done
    ("open", None, D(2030, 1, 1), FollowUpState.OPEN),  # no due date, never overdue
])
def test_overdue_is_worked_out_from_the_due_date(status, due, today, state):
    assert rules.follow_up_state(status, due=due, today=today) == state


def test_overdue_is_never_stored():
    assert FollowUpState.OVERDUE not in rules.STORED_STATES
    with pytest.raises(ValueError):
        rules.follow_up_state("overdue", due=None, today=D(2026, 12, 1))


@pytest.mark.parametrize(("counts", "rate"), [
    ({"satisfied": 30, "fairly": 8, "dissatisfied": 2}, "95%"),
    ({Satisfaction.SATISFIED: 299, Satisfaction.DISSATISFIED: 1}, "99%"),  # not rounded up
    ({"satisfied": 1, "fairly": 1, "dissatisfied": 1}, "66%"),
    ({"satisfied": 1, "dissatisfied": 2}, "33%"),
    ({"fairly": 4}, "100%"),  # 基本满意 counts as satisfied
    ({"dissatisfied": 5, "satisfied": 0}, "0%"),
    ({}, "—"), ({"satisfied": 0}, "—"),
])
def test_the_satisfaction_rate(counts, rate):
    assert rules.satisfaction_rate(counts) == rate


def test_bad_satisfaction_counts_are_refused():
    with pytest.raises(ValidationError) as caught:
        rules.satisfaction_rate({"satisfied": 3, "dissatisfied": -1})
    assert caught.value.field == "dissatisfied"
    with pytest.raises(ValueError):
        rules.satisfaction_rate({"delighted": 3})
