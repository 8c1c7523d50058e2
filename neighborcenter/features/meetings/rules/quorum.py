"""Thresholds and the quorum: "more than half", "at least two thirds" or a custom fraction,
counted in whole people (integer arithmetic only: more than half of 30 is 16, at least two
thirds of 31 is 21). A quorum is shown before any vote; without it there is no vote.

In Chinese law "过半数" is more than half and "三分之二以上" includes two thirds itself
(民法典 art. 1259: "以上" includes the number), hence MORE_THAN_HALF and TWO_THIRDS."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _

#: the largest denominator of a custom fraction (a typo guard: 2/3, 3/5, 51/100 are fine)
MAX_DENOMINATOR = 100


@dataclass(frozen=True)
class Threshold:
    """``more_than`` True: strictly more than numerator/denominator of the base (过半数);
    False: at least that fraction (三分之二以上). Counted in whole people, no floats."""

    numerator: int
    denominator: int
    more_than: bool

    def needed(self, base: int) -> int:
        """The fewest people (or votes) out of ``base`` that reach the threshold."""
        product = self.numerator * base
        if self.more_than:
            return product // self.denominator + 1
        return -(-product // self.denominator)  # the ceiling, in integers

    def reached(self, count: int, base: int) -> bool:
        return count >= self.needed(base)

    def at_least_as_strict_as(self, other: Threshold) -> bool:
        """Never needs fewer people than ``other``, whatever the base (of 1 or more)."""
        mine, theirs = self.numerator * other.denominator, other.numerator * self.denominator
        return mine > theirs or (mine == theirs and (self.more_than or not other.more_than))

    @property
    def fraction(self) -> tuple[int, int]:
        """The fraction in lowest terms (2/4 is a half)."""
        g = math.gcd(self.numerator, self.denominator)
        return self.numerator // g, self.denominator // g

    def phrase(self, reached: bool = True) -> str:
        """"more than half" / "not more than half", "at least two thirds" / "less than two
        thirds", "at least 3/5" …: the words of the sentences shown before and after a vote
        (超过半数 / 未超过半数)."""
        n, d = self.fraction
        if (n, d) == (1, 2):
            if self.more_than:
                return _("more than half") if reached else _("not more than half")
            return _("at least half") if reached else _("less than half")
        if (n, d) == (2, 3):
            if self.more_than:
                return _("more than two thirds") if reached else _("not more than two thirds")
            return _("at least two thirds") if reached else _("less than two thirds")
        if (n, d) == (1, 1):
            return _("everyone") if reached else _("not everyone")
        fraction = _("{numerator}/{denominator}").format(numerator=n, denominator=d)
        if self.more_than:
            return (_("more than {fraction}") if reached
                    else _("not more than {fraction}")).format(fraction=fraction)
        return (_("at least {fraction}") if reached
                else _("less than {fraction}")).format(fraction=fraction)


def make_threshold(numerator: int, denominator: int, *, more_than: bool,
                   field: str = "rule") -> Threshold:
    """A custom fraction as typed, or say what is wrong with it."""
    if isinstance(numerator, bool) or isinstance(denominator, bool) \
            or not isinstance(numerator, int) or not isinstance(denominator, int) \
            or not 1 <= denominator <= MAX_DENOMINATOR or not 1 <= numerator <= denominator:
        raise ValidationError(_("Enter the fraction as two whole numbers, the first no larger "
                                "than the second and the second at most {most} (e.g. 2/3)."
                                ).format(most=MAX_DENOMINATOR), field=field)
    if more_than and numerator == denominator:
        raise ValidationError(_("Nobody can have more than all the votes: choose “at least” "
                                "for {numerator}/{denominator}.").format(
            numerator=numerator, denominator=denominator), field=field)
    return Threshold(numerator, denominator, more_than)


class QuorumKind(LabelledEnum):
    MORE_THAN_HALF = "more_than_half", N_("More than half present")  # 过半数出席
    TWO_THIRDS = "two_thirds", N_("At least two thirds present")  # 三分之二以上出席
    CUSTOM = "custom", N_("Another fraction present")  # 自定义比例


@dataclass(frozen=True)
class QuorumRule:
    """How many of the members entitled to vote must be present before a vote. Stored as
    ``kind`` and, for CUSTOM, the threshold's numerator, denominator and ``more_than``;
    read back with ``QuorumRule.of``."""

    kind: QuorumKind
    threshold: Threshold

    MORE_THAN_HALF: ClassVar[QuorumRule]
    TWO_THIRDS: ClassVar[QuorumRule]

    @classmethod
    def custom(cls, numerator: int, denominator: int, *, more_than: bool) -> QuorumRule:
        return cls(QuorumKind.CUSTOM,
                   make_threshold(numerator, denominator, more_than=more_than,
                                  field="quorum"))

    @classmethod
    def of(cls, kind: str, numerator: int | None = None, denominator: int | None = None,
           more_than: bool | None = None) -> QuorumRule:
        """The rule as stored (the numbers are only read for CUSTOM)."""
        kind = QuorumKind(kind)
        if kind == QuorumKind.MORE_THAN_HALF:
            return cls.MORE_THAN_HALF
        if kind == QuorumKind.TWO_THIRDS:
            return cls.TWO_THIRDS
        return cls.custom(numerator or 0, denominator or 0, more_than=bool(more_than))

    @property
    def text(self) -> str:
        """The rule in words, for a settings screen: "more than half"."""
        return self.threshold.phrase(True)


QuorumRule.MORE_THAN_HALF = QuorumRule(QuorumKind.MORE_THAN_HALF, Threshold(1, 2, True))
QuorumRule.TWO_THIRDS = QuorumRule(QuorumKind.TWO_THIRDS, Threshold(2, 3, False))


def check_count(value: object, field: str) -> int:
    """A count of people or votes: a whole number, not below zero (a programming slip or a
    typo is refused by name of the field)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(_("Enter a whole number, 0 or more."), field=field)
    return value


@dataclass(frozen=True)
class QuorumResult:
    """The quorum as shown before any vote. ``sentence`` is in the active language."""

    rule: QuorumRule
    entitled: int
    present: int
    needed: int
    met: bool

    @property
    def sentence(self) -> str:
        """"应到 30 人，实到 23 人，超过半数（需至少 16 人），符合法定人数"."""
        values = {"entitled": self.entitled, "present": self.present, "needed": self.needed,
                  "rule": self.rule.threshold.phrase(self.met)}
        if self.met:
            return _("{entitled} expected, {present} present: {rule} (at least {needed} "
                     "needed), quorum reached").format(**values)
        return _("{entitled} expected, {present} present: {rule} (at least {needed} "
                 "needed), no quorum: no vote can be taken").format(**values)


def quorum(rule: QuorumRule, members_entitled: int, voting_present: int) -> QuorumResult:
    """Whether enough of the members entitled to vote (应到) are present (实到). Only voting
    members count: non-voting attendees (列席) are left out by the caller (``voting_count``)."""
    entitled = check_count(members_entitled, "entitled")
    present = check_count(voting_present, "present")
    if entitled == 0:
        raise ValidationError(_("Enter how many members are entitled to vote (at least 1)."),
                              field="entitled")
    if present > entitled:
        raise ValidationError(_("{present} voting members present but only {entitled} "
                                "entitled to vote: count again (non-voting attendees are "
                                "not counted).").format(present=present, entitled=entitled),
                              field="present")
    needed = rule.threshold.needed(entitled)
    return QuorumResult(rule, entitled, present, needed, present >= needed)


def check_can_vote(result: QuorumResult) -> None:
    """No quorum, no vote: raises with the quorum sentence."""
    if not result.met:
        raise ValidationError(result.sentence, field="quorum")
