"""Pure rules of volunteering: the words, hour rounding and caps, points per hour, star
levels, volunteer numbers and the deadline for recording an activity. No Qt, no SQLAlchemy.

Hours are integer minutes everywhere; points are integers. Nothing here uses floats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _


class ServiceCategory(LabelledEnum):
    """志愿服务类别 (the categories the centre's activities fall under)."""

    ELDER_CARE = "elder_care", N_("Elder care and visits")  # 助老探访
    CHILDREN = "children", N_("Children and after-school")  # 关爱儿童/三点半课堂
    ENVIRONMENT = "environment", N_("Environment and cleaning")  # 环境保护
    SAFETY = "safety", N_("Patrol and safety")  # 治安巡逻
    MEDIATION = "mediation", N_("Mediation")  # 矛盾调解
    SHOP = "shop", N_("Community shop")  # 匠心坊服务
    CULTURE = "culture", N_("Culture and sport")  # 文体活动
    OTHER = "other", N_("Other service")  # 其他


class VolunteerStatus(LabelledEnum):
    ACTIVE = "active", N_("Serving")  # 在岗
    PAUSED = "paused", N_("Paused")  # 暂停
    LEFT = "left", N_("Left")  # 退出


class EnteredBy(LabelledEnum):
    """Who entered the record (《志愿服务记录与证明出具办法》 art. 5: the volunteer, or staff with
    the volunteer's consent)."""

    VOLUNTEER = "volunteer", N_("The volunteer")  # 本人登记
    STAFF = "staff", N_("Staff, with consent")  # 经同意由工作人员录入


class HoursStatus(LabelledEnum):
    PENDING = "pending", N_("Awaiting approval")  # 待审核
    APPROVED = "approved", N_("Approved")  # 已通过
    DECLINED = "declined", N_("Declined")  # 未通过


class CorrectionStatus(LabelledEnum):
    REQUESTED = "requested", N_("Requested")  # 已申请
    ACCEPTED = "accepted", N_("Corrected")  # 已更正
    REFUSED = "refused", N_("Refused")  # 不予更正


class RecordKind(LabelledEnum):
    """The other things the national standard records about a volunteer."""

    TRAINING = "training", N_("Training")  # 培训
    AWARD = "award", N_("Award")  # 表彰奖励
    EVALUATION = "evaluation", N_("Evaluation")  # 评价


class CheckResult(LabelledEnum):
    """未成年人保护法 art. 62: a check for disqualifying criminal records."""

    CLEAR = "clear", N_("No disqualifying record")  # 无违法犯罪记录
    DISQUALIFIED = "disqualified", N_("Disqualified from work with children")  # 不得从事


class TeamRole(LabelledEnum):
    LEADER = "leader", N_("Leader")  # 队长
    MEMBER = "member", N_("Member")  # 队员


class EntryKind(LabelledEnum):
    """What a movement of points is. Every one is a transfer that sums to zero."""

    EARN = "earn", N_("Earned for service")  # 服务获得
    REDEEM = "redeem", N_("Redeemed")  # 兑换
    ADJUST = "adjust", N_("Adjustment")  # 调整
    EXPIRE = "expire", N_("Expired")  # 过期
    REVERSE = "reverse", N_("Reversal")  # 冲正
    DONATE = "donate", N_("Given to another volunteer")  # 转赠


class CentreAccount(LabelledEnum):
    """The centre's own accounts: the other side of every volunteer's movement."""

    ISSUED = "issued", N_("Points issued for service")  # 积分发放
    REDEEMED = "redeemed", N_("Points redeemed in the shop")  # 积分兑换
    EXPIRED = "expired", N_("Points expired")  # 积分过期
    ADJUSTMENTS = "adjustments", N_("Adjustments")  # 积分调整


# ------------------------------------------------------------------------ hours and caps


@dataclass(frozen=True)
class RoundingRule:
    """How the minutes past the last full hour are counted: ``steps`` are (below, counted)
    pairs in rising order — the default (15, 0), (45, 30), (60, 60) is "under 15 minutes
    counts nothing, 15 to 45 a half hour, 45 to 60 a full hour"."""

    steps: tuple[tuple[int, int], ...] = ((15, 0), (45, 30), (60, 60))

    def __post_init__(self) -> None:
        belows = [b for b, _c in self.steps]
        if not self.steps or belows != sorted(belows) or belows[-1] != 60 or any(
                not 0 <= c <= 60 for _b, c in self.steps):
            raise ValidationError(_("The rounding rule must list rising limits up to 60 "
                                    "minutes, each counting 0 to 60 minutes."),
                                  field="rounding")

    def round(self, minutes: int) -> int:
        if minutes < 0:
            raise ValidationError(_("The time served cannot be negative."), field="minutes")
        hours, rest = divmod(minutes, 60)
        counted = next(c for below, c in self.steps if rest < below)
        return hours * 60 + counted

    def to_json(self) -> list[list[int]]:
        return [list(step) for step in self.steps]

    @classmethod
    def from_json(cls, data: Any) -> RoundingRule:
        try:
            return cls(tuple((int(b), int(c)) for b, c in data))
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("The rounding rule is not readable."),
                                  field="rounding") from exc


DEFAULT_ROUNDING = RoundingRule()
MAX_MINUTES_PER_RECORD = 24 * 60


def counted_minutes(raw_minutes: int, *, rule: RoundingRule = DEFAULT_ROUNDING,
                    cap_minutes: int | None = None) -> int:
    """The minutes recorded for one person at one activity: rounded, then capped."""
    if raw_minutes > MAX_MINUTES_PER_RECORD:
        raise ValidationError(_("One record cannot be longer than 24 hours; split it by day."),
                              field="minutes")
    minutes = rule.round(raw_minutes)
    return minutes if cap_minutes is None else min(minutes, cap_minutes)


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    if end < start:
        raise ValidationError(_("The check-out time is before the check-in time."),
                              field="ended_at")
    return int((end - start).total_seconds()) // 60


def parse_hours(text: object, *, field: str = "hours") -> int:
    """What people type for a time served — "2", "1.5", "1:30", "90分钟", "2小时" — as minutes.
    Exact: "1.5" is 90 minutes, never a float."""
    raw = str(text or "").strip().replace("：", ":").replace("．", ".")
    if raw.startswith(("-", "－", "−")):
        raise ValidationError(_("A time served is between 0 and 24 hours."), field=field)
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    try:
        if raw.endswith(("分钟", "分", "min")):
            value = int(raw.rstrip("分钟min").strip())
        elif ":" in raw:
            h, _sep, m = raw.partition(":")
            if not m.isdigit() or int(m) >= 60:
                raise ValueError(raw)
            value = int(h or 0) * 60 + int(m)
        else:
            raw = raw.removesuffix("小时").removesuffix("h").strip()
            whole, _dot, frac = raw.partition(".")
            if not (whole or frac) or (frac and not frac.isdigit()) or len(frac) > 2:
                raise ValueError(raw)
            value = int(whole or 0) * 60 + (int(frac.ljust(2, "0")) * 60) // 100
    except ValueError:
        raise ValidationError(
            _("“{text}” is not a time served: write hours such as 2 or 1.5, or 1:30, or "
              "90分钟.").format(text=text), field=field) from None
    if value < 0 or value > MAX_MINUTES_PER_RECORD:
        raise ValidationError(_("A time served is between 0 and 24 hours."), field=field)
    return value


def format_hours(minutes: int) -> str:
    """90 → "1.5", 120 → "2", 100 → "1.67": hours as people read them, to two decimals
    rounded half up (exact for every multiple of 15 minutes)."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{hours:f}".rstrip("0").rstrip(".")
    return text or "0"


# ------------------------------------------------------------------------------- points

DEFAULT_POINTS_PER_HOUR = 10
DEFAULT_EXPIRY_YEARS = 3
EXPIRY_NOTICE_DAYS = 90


def points_for(minutes: int, points_per_hour: int) -> int:
    """Points earned for approved minutes: whole points, rounded down."""
    return minutes * points_per_hour // 60


def expiry_cutoff(today: dt.date, years: int) -> dt.date:
    """Points earned on or before this day have expired by ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# ------------------------------------------------------------------------ star levels

#: hours for 一星 … 五星 (the 志愿者星级认证 practice: 100, 300, 600, 1000, 1500 hours)
DEFAULT_STAR_HOURS = (100, 300, 600, 1000, 1500)
STAR_NAMES = (N_("No star yet"), N_("One star"), N_("Two stars"), N_("Three stars"),
              N_("Four stars"), N_("Five stars"))


def star_level(minutes: int, thresholds_hours: Sequence[int] = DEFAULT_STAR_HOURS) -> int:
    return sum(1 for hours in thresholds_hours if minutes >= hours * 60)


def validate_star_hours(values: Sequence[int]) -> tuple[int, ...]:
    hours = tuple(int(v) for v in values)
    if not 1 <= len(hours) <= 5 or list(hours) != sorted(set(hours)) or hours[0] <= 0:
        raise ValidationError(_("Star levels need one to five rising numbers of hours."),
                              field="star_hours")
    return hours


# ----------------------------------------------------------------------- volunteer numbers


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def volunteer_number(sequence: int) -> str:
    """志愿者编号: eight digits, "1", the sequence, and a check digit — what the card's barcode
    holds and the till scans; never the ID number."""
    if not 0 < sequence < 1_000_000:
        raise ValueError(sequence)
    body = f"1{sequence:06d}"
    return body + luhn_digit(body)


def check_volunteer_number(text: str) -> str:
    number = str(text).strip()
    if len(number) != 8 or not number.isdigit() or luhn_digit(number[:7]) != number[7]:
        raise ValidationError(_("“{number}” is not a volunteer number: it has eight digits, "
                                "as on the volunteer card.").format(number=number),
                              field="number")
    return number


# ---------------------------------------------------------------------- recording deadline

RECORD_WITHIN_WORKING_DAYS = 10


def add_working_days(day: dt.date, count: int) -> dt.date:
    """Monday to Friday; public holidays are not known to the app and count as working days."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def record_deadline(activity_day: dt.date) -> dt.date:
    return add_working_days(activity_day, RECORD_WITHIN_WORKING_DAYS)


# ---------------------------------------------------------------------- background checks

CHECK_VALID_DAYS = 365


def check_due(last_checked: dt.date | None, today: dt.date) -> bool:
    return last_checked is None or (today - last_checked).days >= CHECK_VALID_DAYS
