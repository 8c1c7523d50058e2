"""After the decision: its tasks (an owner, a due date, progress; overdue is worked out from
the due date, never stored) and the residents' evaluation at the end (满意率)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _


class FollowUpState(LabelledEnum):
    OPEN = "open", N_("Open")  # 待办
    IN_PROGRESS = "in_progress", N_("In progress")  # 进行中
    DONE = "done", N_("Done")  # 已完成
    OVERDUE = "overdue", N_("Overdue")  # 已逾期: shown, never stored


#: the states a task is stored with
STORED_STATES = (FollowUpState.OPEN, FollowUpState.IN_PROGRESS, FollowUpState.DONE)


def follow_up_state(status: str, *, due: dt.date | None, today: dt.date) -> FollowUpState:
    """A task's state on ``today``: done, or overdue once its due date has passed, or as
    stored (open, in progress)."""
    stored = FollowUpState(status)
    if stored not in STORED_STATES:
        raise ValueError(f"a task is stored open, in progress or done, not {status!r}")
    if stored == FollowUpState.DONE:
        return stored
    if due is not None and today > due:
        return FollowUpState.OVERDUE
    return stored


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied", N_("Satisfied")  # 满意
    FAIRLY = "fairly", N_("Fairly satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", N_("Dissatisfied")  # 不满意


#: the answers counted as satisfied in the rate (满意 + 基本满意)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.FAIRLY)


def satisfaction_rate(counts: Mapping[str, int]) -> str:
    """(满意 + 基本满意) / all answers as a whole percentage, rounded down (100% only when
    nobody is dissatisfied): {satisfied: 30, fairly: 8, dissatisfied: 2} → "95%"; "—" when
    nobody has answered."""
    total = satisfied = 0
    for answer, count in counts.items():
        kind = Satisfaction(answer)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(_("Enter a whole number, 0 or more."), field=kind.value)
        total += count
        satisfied += count if kind in SATISFIED else 0
    if total == 0:
        return "—"
    return f"{satisfied * 100 // total}%"
