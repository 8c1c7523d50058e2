"""Minutes are drafted, then approved and locked; a correction is an amendment."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import rules
from neighborcenter.features.meetings.rules import MinutesState
from neighborcenter.i18n import set_language

AT = dt.datetime(2026, 12, 1, 15, 30)


def test_a_draft_is_edited_approved_minutes_are_not():
    set_language("en")
    rules.check_edit(MinutesState.DRAFT)
    with pytest.raises(ValidationError) as caught:
        rules.check_edit("approved")
    assert caught.value.field == "minutes" and "amendment" in str(caught.value)


def test_minutes_are_approved_once():
    rules.check_approve(MinutesState.DRAFT)
    with pytest.raises(ValidationError):
        rules.check_approve(MinutesState.APPROVED)


def test_an_amendment_says_what_why_who_and_when():
    made = rules.amendment("approved", correction="第二项表决：同意 15 票（原记 16 票）",
                           reason=" 计票 笔误 ", by=" 李强 ", at=AT)
    assert made == rules.Amendment("第二项表决：同意 15 票（原记 16 票）", "计票 笔误", "李强", AT)
    for missing, field in [({"correction": " "}, "correction"), ({"reason": ""}, "reason"),
                           ({"by": "  "}, "by"), ({"at": dt.date(2026, 12, 1)}, "at")]:
        parts = {"correction": "改", "reason": "笔误", "by": "李强", "at": AT} | missing
        with pytest.raises(ValidationError) as caught:
            rules.amendment("approved", **parts)
        assert caught.value.field == field


def test_a_draft_is_not_amended_but_edited():
    with pytest.raises(ValidationError) as caught:
        rules.amendment("draft", correction="改", reason="笔误", by="李强", at=AT)
    assert caught.value.field == "minutes"
