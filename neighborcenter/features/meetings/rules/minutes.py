"""Minutes: drafted, then approved and locked. After approval nothing is edited: a
correction is an amendment (更正记录), which says why, who and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _


class MinutesState(LabelledEnum):
    DRAFT = "draft", N_("Draft minutes")  # 草稿
    APPROVED = "approved", N_("Approved and locked")  # 已审定（锁定）


def check_edit(state: str) -> None:
    """Minutes are edited only as a draft."""
    if MinutesState(state) == MinutesState.APPROVED:
        raise ValidationError(_("These minutes are approved and locked: correct them with "
                                "an amendment."), field="minutes")


def check_approve(state: str) -> None:
    if MinutesState(state) == MinutesState.APPROVED:
        raise ValidationError(_("These minutes are already approved."), field="minutes")


@dataclass(frozen=True)
class Amendment:
    """A correction of approved minutes: what it corrects, why, who made it and when."""

    correction: str
    reason: str
    by: str
    at: dt.datetime


def amendment(state: str, *, correction: str, reason: str, by: str,
              at: dt.datetime) -> Amendment:
    """An amendment of approved minutes (a draft is simply edited), every part given."""
    if MinutesState(state) != MinutesState.APPROVED:
        raise ValidationError(_("These minutes are still a draft: edit them; an amendment "
                                "is for approved minutes."), field="minutes")
    correction = (correction or "").strip()
    reason, by = " ".join((reason or "").split()), " ".join((by or "").split())
    if not correction:
        raise ValidationError(_("Enter the correction: what the minutes should say."),
                              field="correction")
    if not reason:
        raise ValidationError(_("Enter the reason for the correction."), field="reason")
    if not by:
        raise ValidationError(_("Enter who makes the correction."), field="by")
    if not isinstance(at, dt.datetime):
        raise ValidationError(_("Enter the date and time of the correction."), field="at")
    return Amendment(correction, reason, by, at)
