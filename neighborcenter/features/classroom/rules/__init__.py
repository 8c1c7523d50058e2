"""Pure rules of the after-school class (三点半课堂): the enrolment states and who comes first on
the waiting list, the adults around a child, a child's state during the day, the hand-over rule
(未成年人保护法 art. 21: only to an authorised adult; someone else only after the guardian
confirms by phone; nobody under 8 leaves alone; a blocked adult is refused) and the late
pick-up ladder from the closing time. No Qt, no SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _

#: Nobody younger leaves the class alone (未成年人保护法 art. 21: not left without care).
MIN_AGE_ALONE = 8
#: A child under this age needs the guardian's consent to the processing of their data
#: (个人信息保护法 art. 31).
CONSENT_AGE = 14
#: The weekdays attended, Monday = 1 … Sunday = 7, as text ("12345").
SCHOOL_DAYS = "12345"


class EnrolmentStatus(LabelledEnum):
    APPLIED = "applied", N_("Applied")  # 已申请，待审核
    ACCEPTED = "accepted", N_("Accepted")  # 已录取
    WAITING = "waiting", N_("Waiting list")  # 候补
    DECLINED = "declined", N_("Not accepted")  # 未录取
    WITHDRAWN = "withdrawn", N_("Withdrawn")  # 已退出


class AdultKind(LabelledEnum):
    GUARDIAN = "guardian", N_("Guardian")  # 监护人: may collect, is called first
    PICKUP = "pickup", N_("Authorised to collect")  # 授权接送人
    BLOCKED = "blocked", N_("Must not collect")  # 禁止接送 (e.g. a court order)


#: the kinds who may collect the child
COLLECTORS = (AdultKind.GUARDIAN, AdultKind.PICKUP)


class Homework(LabelledEnum):
    NONE = "none", N_("Not recorded")  # 未记录
    DONE = "done", N_("Done")  # 已完成
    PARTLY = "partly", N_("Partly done")  # 部分完成
    NOT_DONE = "not_done", N_("Not done")  # 未完成


class ChildState(LabelledEnum):
    """Where a child is on a class day; every list, tile and report takes it from here."""

    EXPECTED = "expected", N_("To fetch from school")  # 待接
    ABSENT = "absent", N_("Absent")  # 请假
    COLLECTED = "collected", N_("On the way")  # 已接，在路上
    PRESENT = "present", N_("Here")  # 在班
    LATE = "late", N_("Late pick-up")  # 超时未接
    GONE = "gone", N_("Gone home")  # 已接走
    NOT_CAME = "not_came", N_("Did not come")  # 未到 (day closed)


class Step(LabelledEnum):
    """The steps of the late pick-up ladder (practice: DOMAIN.md) and the other events of a
    child's day, each logged with its time and who did it."""

    CALL_GUARDIAN = "call_guardian", N_("Call the guardian")  # 致电监护人
    CALL_EMERGENCY = "call_emergency", N_("Call the emergency contact")  # 致电紧急联系人
    ESCALATE = "escalate", N_("Report to the community")  # 上报社区
    REFUSED = "refused", N_("Hand-over refused")  # 拒绝交接
    UNDONE = "undone", N_("Sign-out undone")  # 撤销签退
    NOTE = "note", N_("Note")  # 备注


LADDER = (Step.CALL_GUARDIAN, Step.CALL_EMERGENCY, Step.ESCALATE)


class DutyRole(LabelledEnum):
    TUTOR = "tutor", N_("Homework tutor")  # 辅导
    ESCORT = "escort", N_("School escort")  # 接送
    STAFF = "staff", N_("Social worker")  # 社工


def child_state(*, absent: bool, collected_at: dt.datetime | None,
                arrived_at: dt.datetime | None, left_at: dt.datetime | None,
                closing: dt.datetime, now: dt.datetime, closed: bool = False) -> ChildState:
    if left_at is not None:
        return ChildState.GONE
    if absent:
        return ChildState.ABSENT
    if arrived_at is None and collected_at is None:
        return ChildState.NOT_CAME if closed else ChildState.EXPECTED
    if now >= closing:  # in the centre's care after closing, signed in or not: late
        return ChildState.LATE
    return ChildState.PRESENT if arrived_at is not None else ChildState.COLLECTED


def is_here(state: ChildState) -> bool:
    """In the centre's care: the day cannot close."""
    return state in (ChildState.COLLECTED, ChildState.PRESENT, ChildState.LATE)


# --------------------------------------------------------------------------- the ladder


@dataclass(frozen=True)
class Rung:
    step: Step
    due_at: dt.datetime
    done_at: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        """"done", "due" (its time has come) or "waiting"."""
        if self.done_at is not None:
            return "done"
        return "due" if now >= self.due_at else "waiting"


def ladder(closing: dt.datetime, offsets: Mapping[Step, int],
           done: Mapping[Step, dt.datetime]) -> list[Rung]:
    """The late pick-up ladder of a child still here: each step due ``offsets[step]`` minutes
    after the closing time, and when it was done. A step done early does not move the others."""
    return [Rung(step, closing + dt.timedelta(minutes=offsets[step]), done.get(step))
            for step in LADDER]


def next_rung(rungs: list[Rung], now: dt.datetime) -> Rung | None:
    """The first step not done whose time has come (what the screen asks for now)."""
    return next((r for r in rungs if r.state(now) == "due"), None)


def minutes_late(closing: dt.datetime, at: dt.datetime) -> int:
    return max(0, int((at - closing).total_seconds() // 60))


# ------------------------------------------------------------------------- the hand-over


@dataclass(frozen=True)
class Adult:
    """An adult on the child's list as the hand-over sees them."""

    id: str
    kind: AdultKind
    name: str
    relation: str


#: what is left out of a name when two are compared: spaces and the dots and dashes between
#: the parts of a name (阿依古丽·买买提, 阿依古丽•买买提, 阿依古丽买买提)
_NAME_MARKS = dict.fromkeys(map(ord, "·•・‧∙⋅.．-‐‑–—_'’"), None)


def name_key(name: str) -> str:
    """A name as it is compared: NFKC (full-width letters are plain ones), without spaces,
    dots or dashes, case-folded. Traditional and simplified characters are not matched."""
    text = unicodedata.normalize("NFKC", name).translate(_NAME_MARKS)
    return "".join(text.split()).casefold()


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


@dataclass(frozen=True)
class Handover:
    """What the hand-over rule decided: the adult on the list (None: not on it), whether the
    guardian's phone confirmation was needed, the warnings to show."""

    adult: Adult | None
    phone_confirmed: bool
    alone: bool


def decide_handover(*, adults: list[Adult], adult_name: str, age: int | None,
                    alone: bool = False, may_leave_alone: bool = False,
                    confirmed_by: str = "", relation: str = "", reason: str = ""
                    ) -> Handover:
    """The hand-over rule. Raises ValidationError (field "adult", "confirmed_by",
    "relation", "reason" or "alone") saying why the child may not go, or returns who they go
    with. A blocked adult is refused even with a phone call; a child under 8 (or of unknown
    age) never leaves alone."""
    if alone:
        if age is None or age < MIN_AGE_ALONE:
            raise ValidationError(_("A child under {age} never leaves alone: wait for an "
                                    "adult to collect them.").format(age=MIN_AGE_ALONE),
                                  field="alone")
        if not may_leave_alone:
            raise ValidationError(_("The guardian has not agreed in writing that this child "
                                    "goes home alone: wait for an adult."), field="alone")
        return Handover(None, False, True)
    name = " ".join(adult_name.split())
    if not name:
        raise ValidationError(_("Enter the name of the adult who collects the child."),
                              field="adult")
    for a in adults:
        if a.kind == AdultKind.BLOCKED and same_name(a.name, name):
            raise ValidationError(_("STOP: {name} must not collect this child. Do not hand "
                                    "the child over; call the guardian and the social "
                                    "worker.").format(name=a.name), field="adult")
    found = next((a for a in adults if a.kind in COLLECTORS and same_name(a.name, name)), None)
    if found is not None:
        return Handover(found, False, False)
    if not confirmed_by.strip():
        raise ValidationError(_("{name} is not on the list of adults who may collect this "
                                "child. Call the guardian first, and enter who took the call."
                                ).format(name=name), field="confirmed_by")
    if not relation.strip():
        raise ValidationError(_("Enter how {name} is related to the child.").format(name=name),
                              field="relation")
    if not reason.strip():
        raise ValidationError(_("Enter why {name} collects the child today (what the "
                                "guardian said).").format(name=name), field="reason")
    return Handover(None, True, False)


def check_collectors(count: int, *, least: int, most: int) -> None:
    """Two to three adults who may collect (DOMAIN.md), guardians included."""
    if count < least:
        raise ValidationError(_("A child needs at least {n} adults who may collect them "
                                "(guardians count): add another.").format(n=least),
                              field="adults")
    if count > most:
        raise ValidationError(_("A child has at most {n} adults who may collect them: end one "
                                "before adding another.").format(n=most), field="adults")


# ------------------------------------------------------------------ enrolment, the calendar


def priority(*, left_behind: bool, migrant: bool) -> int:
    """Waiting-list priority: 留守 and migrant children first (0 before 1)."""
    return 0 if (left_behind or migrant) else 1


def school_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The school year containing the day: 1 September to 31 August."""
    start = dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return start, dt.date(start.year + 1, 8, 31)


def agreement_current(signed_on: dt.date | None, day: dt.date) -> bool:
    """The safety agreement is signed for each school year (from July, before it starts)."""
    if signed_on is None:
        return False
    start, end = school_year(day)
    return dt.date(start.year, 7, 1) <= signed_on <= end


def parse_weekdays(value: object) -> str:
    """"1,2,3" / "123" / "一三五" → "123", or say what is wrong."""
    digits = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "日": "7",
              "天": "7"}
    text = "".join(digits.get(c, c) for c in str(value or "") if c not in " ,，、周星期")
    if not text or any(c not in "1234567" for c in text):
        raise ValidationError(_("Enter the weekdays as numbers 1 (Monday) to 7 (Sunday), "
                                "e.g. 12345."), field="weekdays")
    return "".join(sorted(set(text)))


def attends(weekdays: str, day: dt.date) -> bool:
    return str(day.isoweekday()) in weekdays


def weekdays_text(weekdays: str) -> str:
    names = {"1": N_("Mon"), "2": N_("Tue"), "3": N_("Wed"), "4": N_("Thu"), "5": N_("Fri"),
             "6": N_("Sat"), "7": N_("Sun")}
    return _("、").join(_(names[d]) for d in weekdays if d in names)
