"""Pure rules of elder visits (探访关爱, 民发〔2022〕73号): who qualifies, the risk tiers and
their frequencies, the one definition of a planned visit's state (due, overdue, done, missed),
the windows of a month's plan, and the five areas a visit looks at. No Qt, no SQLAlchemy.

The lunar festival dates are in rules/lunar.py."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _


class Tier(LabelledEnum):
    """Risk tier (风险等级): sets how often an elder is visited."""

    HIGH = "high", N_("High risk")  # 高风险: 80+ alone / empty nest, serious illness
    PRIORITY = "priority", N_("Priority")  # 重点: disabled, dementia, 特困, 计生特殊家庭
    GENERAL = "general", N_("General")  # 一般


class Frequency(LabelledEnum):
    WEEKLY = "weekly", N_("Weekly")  # 每周
    MONTHLY = "monthly", N_("Monthly")  # 每月
    QUARTERLY = "quarterly", N_("Quarterly")  # 每季度


class Willing(LabelledEnum):
    """Whether the elder agreed to be visited (本人意愿): no schedule without a yes."""

    YES = "yes", N_("Willing to be visited")  # 愿意接受探访
    NO = "no", N_("Declined visits")  # 拒绝探访
    UNKNOWN = "unknown", N_("Not asked yet")  # 未确认


class Method(LabelledEnum):
    HOME = "home", N_("Home visit")  # 入户探访
    PHONE = "phone", N_("Phone call")  # 电话探访
    VIDEO = "video", N_("Video call")  # 视频探访


class PlanKind(LabelledEnum):
    ROUTINE = "routine", N_("Regular visit")  # 常规探访
    FESTIVAL = "festival", N_("Festival visit")  # 节日走访
    URGENT = "urgent", N_("Visit after a major change")  # 重大变故探访 (24 小时内)


class VisitState(LabelledEnum):
    """The one definition of a planned visit's state, used by every list, sheet and report."""

    DUE = "due", N_("To visit")  # 待探访
    OVERDUE = "overdue", N_("Overdue")  # 已逾期
    DONE = "done", N_("Done")  # 已完成
    MISSED = "missed", N_("Missed")  # 未完成


class ChangeKind(LabelledEnum):
    """A major change in an elder's life that asks for a visit within 24 hours."""

    DISCHARGED = "discharged", N_("Discharged from hospital")  # 出院
    BEREAVED = "bereaved", N_("Bereavement")  # 丧亲
    FALL = "fall", N_("Fall or accident")  # 跌倒、意外
    WEATHER = "weather", N_("Extreme weather")  # 极端天气
    OTHER = "other", N_("Other major change")  # 其他重大变故


class FollowUpStatus(LabelledEnum):
    OPEN = "open", N_("Open")  # 待办
    DONE = "done", N_("Dealt with")  # 已办结
    CANCELLED = "cancelled", N_("Cancelled")  # 已取消


class Area(LabelledEnum):
    """The five areas of the national guidance; each has its items (``AREA_ITEMS``)."""

    HEALTH = "health", N_("Health")  # 身体状况
    ECONOMY = "economy", N_("Living conditions")  # 经济状况
    FAMILY = "family", N_("Family support")  # 家庭赡养
    SAFETY = "safety", N_("Home safety")  # 居家安全
    NEEDS = "needs", N_("Needs")  # 服务需求


#: The items of each area, ticked when they need attention (需关注). Order is the sheet's.
AREA_ITEMS: dict[Area, tuple[tuple[str, str], ...]] = {
    Area.HEALTH: (("speech", N_("Speech")),  # 言语表达
                  ("mobility", N_("Mobility")),  # 行动能力
                  ("reactions", N_("Reactions")),  # 反应能力
                  ("illness", N_("Illness")),  # 疾病情况
                  ("mental", N_("Mental state"))),  # 精神状态
    Area.ECONOMY: (("food", N_("Food")),  # 吃
                   ("clothing", N_("Clothing")),  # 穿
                   ("housing", N_("Housing")),  # 住
                   ("transport", N_("Getting about")),  # 行
                   ("medicine", N_("Medicine")),  # 医
                   ("benefits", N_("Benefits not received"))),  # 待遇未落实
    Area.FAMILY: (("no_visits", N_("Children rarely visit")),  # 子女探望少
                  ("no_calls", N_("Children rarely call")),  # 子女联系少
                  ("no_carer", N_("No one to care")),),  # 无人照料
    Area.SAFETY: (("water", N_("Water")),  # 水
                  ("electricity", N_("Electricity")),  # 电
                  ("gas", N_("Gas")),  # 气
                  ("heating", N_("Heating")),  # 暖
                  ("falls", N_("Fall risk"))),  # 防跌倒
    Area.NEEDS: (("daily_care", N_("Daily care")),  # 生活照料
                 ("rehabilitation", N_("Rehabilitation")),  # 康复护理
                 ("comfort", N_("Emotional comfort")),  # 精神慰藉
                 ("adaptation", N_("Home adaptation"))),  # 适老化改造
}


def area_items(area: Area) -> tuple[str, ...]:
    return tuple(code for code, _label in AREA_ITEMS[area])


def item_label(area: Area, code: str) -> str:
    for c, msgid in AREA_ITEMS[area]:
        if c == code:
            return _(msgid)
    return code


def checked_items(area: Area, codes: Iterable[str]) -> str:
    """The ticked items of an area as stored: known codes, in the sheet's order, joined by
    commas. An unknown code is refused (a programming error, not a user's)."""
    wanted = set(codes)
    unknown = wanted - set(area_items(area))
    if unknown:
        raise ValueError(f"unknown {area} items: {sorted(unknown)}")
    return ",".join(c for c in area_items(area) if c in wanted)


def split_items(stored: str) -> tuple[str, ...]:
    return tuple(c for c in stored.split(",") if c)


# ----------------------------------------------------------------------------- eligibility

#: 独居, 空巢, 留守, 失能, 失智, 重残 (a 残疾 tag of grade 1 or 2 only), 计划生育特殊家庭, 特困
DEFAULT_QUALIFYING_TAGS = ("living_alone", "empty_nest", "left_behind_elder", "disabled_care",
                           "dementia", "disability", "special_family", "extreme_hardship")
DEFAULT_AGE = 80
#: tags that make an elder high risk when 80+; tags that make them priority
HIGH_WHEN_OLD_TAGS = ("living_alone", "empty_nest", "left_behind_elder")
PRIORITY_TAGS = ("disabled_care", "dementia", "extreme_hardship", "special_family")
DEFAULT_FREQUENCY = {Tier.HIGH: Frequency.WEEKLY, Tier.PRIORITY: Frequency.MONTHLY,
                     Tier.GENERAL: Frequency.QUARTERLY}


def severe_disability(grade: str | None) -> bool:
    """重残: a 残疾 grade of 1 or 2, however it was typed ("1", "一级", "2级", "二级残疾")."""
    text = (grade or "").strip()
    return bool(text) and text[0] in "12一二" and (len(text) == 1 or not text[1].isdigit())


@dataclass(frozen=True)
class Qualifies:
    """Why someone is on the visit list (a tag, the age) and the tier the rules suggest."""

    reasons: tuple[str, ...]  # tag codes, and "age" for 80+
    tier: Tier


def qualifies(*, age: int | None, tags: dict[str, str | None],
              qualifying_tags: Iterable[str] = DEFAULT_QUALIFYING_TAGS,
              min_age: int = DEFAULT_AGE) -> Qualifies | None:
    """Whether an elder qualifies, from their tags (code → grade) and age; None if not.

    A 残疾 tag qualifies at grade 1 or 2 (重残) only."""
    wanted = set(qualifying_tags)
    reasons = [t for t in tags if t in wanted
               and (t != "disability" or severe_disability(tags[t]))]
    if age is not None and age >= min_age:
        reasons.append("age")
    if not reasons:
        return None
    return Qualifies(tuple(reasons), suggested_tier(age=age, tags=tags, min_age=min_age))


def suggested_tier(*, age: int | None, tags: dict[str, str | None],
                   min_age: int = DEFAULT_AGE) -> Tier:
    """高风险: 80+ and alone, empty-nest or left behind; 重点: 失能, 失智, 特困, 计生特殊家庭
    or 重残; otherwise 一般."""
    codes = set(tags)
    if age is not None and age >= min_age and codes & set(HIGH_WHEN_OLD_TAGS):
        return Tier.HIGH
    if codes & set(PRIORITY_TAGS) or severe_disability(tags.get("disability")):
        return Tier.PRIORITY
    return Tier.GENERAL


# -------------------------------------------------------------------------------- calendar


def parse_month(raw: object) -> tuple[int, int]:
    """"2026-11" (or "2026/11", "202611") → (2026, 11); a clear message otherwise."""
    text = str(raw or "").strip().replace("/", "-").replace("年", "-").rstrip("月")
    if len(text) == 6 and text.isdigit():
        text = f"{text[:4]}-{text[4:]}"
    year, _sep, month = text.partition("-")
    if year.isdigit() and month.isdigit() and 1900 < int(year) < 2200 and 1 <= int(month) <= 12:
        return int(year), int(month)
    raise ValidationError(_("Write the month as year-month, e.g. 2026-11."), field="month")


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = (month - 1) // 3 * 3 + 1
    return dt.date(year, first, 1), month_bounds(year, first + 2)[1]


@dataclass(frozen=True)
class Window:
    """When a planned visit is to be made: from ``start`` to ``due`` (its last day)."""

    start: dt.date
    due: dt.date


def month_windows(frequency: Frequency, year: int, month: int) -> list[Window]:
    """The visits a month's plan makes for an elder of this frequency.

    Weekly: one per Monday–Sunday week whose Sunday (its last day) is in the month, so each
    week belongs to exactly one month (its window may start in the month before). Monthly: the
    month. Quarterly: the quarter, planned in its first month. A planned visit belongs to the
    month of its last day in every report (``plan_month``)."""
    first, last = month_bounds(year, month)
    if frequency == Frequency.MONTHLY:
        return [Window(first, last)]
    if frequency == Frequency.QUARTERLY:
        q_first, q_last = quarter_bounds(year, month)
        return [Window(q_first, q_last)] if q_first == first else []
    sunday = first + dt.timedelta(days=6 - first.weekday())
    weeks = []
    while sunday <= last:
        weeks.append(Window(sunday - dt.timedelta(days=6), sunday))
        sunday += dt.timedelta(days=7)
    return weeks


def plan_month(due: dt.date) -> str:
    """The month a planned visit is counted in (visit rates): the month of its last day."""
    return month_key(due.year, due.month)


def interval_due(last_visit: dt.date, frequency: Frequency) -> dt.date:
    """The last day an elder may go unvisited after ``last_visit`` (for "not visited for longer
    than their frequency"): 7 days, one calendar month, three calendar months."""
    if frequency == Frequency.WEEKLY:
        return last_visit + dt.timedelta(days=7)
    return add_months(last_visit, 1 if frequency == Frequency.MONTHLY else 3)


DEFAULT_GRACE_DAYS = 7
URGENT_HOURS = 24


def visit_state(*, today: dt.date, due: dt.date, closes: dt.date,
                visited_on: dt.date | None) -> VisitState:
    """The one definition. DONE: a visit was recorded for it (on time or late, up to
    ``closes``). DUE: not yet, and today is on or before its last day. OVERDUE: its last day
    has passed, and it can still be made and recorded until ``closes``. MISSED: ``closes`` has
    passed with no visit."""
    if visited_on is not None:
        return VisitState.DONE
    if today <= due:
        return VisitState.DUE
    if today <= closes:
        return VisitState.OVERDUE
    return VisitState.MISSED


def closes_on(due: dt.date, grace_days: int) -> dt.date:
    return due + dt.timedelta(days=grace_days)


def visit_rate(done: int, planned: int) -> float | None:
    """Share of planned visits done (0.0–1.0); None when nothing was planned."""
    return None if planned == 0 else done / planned


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"
