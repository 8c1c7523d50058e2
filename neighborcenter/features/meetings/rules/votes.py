"""Votes and their outcome: the method (show of hands, or ballot with two tellers), the
counts (for, against, abstaining: never more than the voting members present), the decision
rule (a majority of those present by default, 居委会组织法 art. 9) and the outcome with its
reason, "出席 23 人，同意 15 票，超过半数，通过". A tie never passes; an abstention counts as
present, not as for; non-voting attendees (列席) are not among those present."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings.rules.quorum import Threshold, check_count, make_threshold
from neighborcenter.i18n import N_, LabelledEnum, _

#: the most people or votes one count may hold (a typo guard)
MAX_COUNT = 100_000


class VoteMethod(LabelledEnum):
    HANDS = "hands", N_("Show of hands")  # 举手表决
    BALLOT = "ballot", N_("Ballot")  # 投票表决: counted by a 计票人, watched by a 监票人


class Basis(LabelledEnum):
    """What a decision's fraction is taken of."""

    PRESENT = "present", N_("Of the voting members present")  # 出席人数
    VOTES_CAST = "votes_cast", N_("Of the votes for and against")  # 所投票数 (弃权不计)


class DecisionKind(LabelledEnum):
    MAJORITY_OF_PRESENT = "majority_of_present", N_("More than half of those present")
    MAJORITY_OF_VOTES_CAST = "majority_of_votes_cast", N_("More than half of the votes cast")
    TWO_THIRDS_OF_PRESENT = "two_thirds_of_present", N_("At least two thirds of those present")
    CUSTOM = "custom", N_("Another fraction")


@dataclass(frozen=True)
class DecisionRule:
    """How many votes for a motion needs. Stored as ``kind`` and, for CUSTOM, the basis and
    the threshold's numerator, denominator and ``more_than``; read back with
    ``DecisionRule.of``. A custom fraction is at least a half (a tie still does not pass)."""

    kind: DecisionKind
    basis: Basis
    threshold: Threshold

    MAJORITY_OF_PRESENT: ClassVar[DecisionRule]
    MAJORITY_OF_VOTES_CAST: ClassVar[DecisionRule]
    TWO_THIRDS_OF_PRESENT: ClassVar[DecisionRule]

    @classmethod
    def custom(cls, basis: str, numerator: int, denominator: int, *,
               more_than: bool) -> DecisionRule:
        threshold = make_threshold(numerator, denominator, more_than=more_than,
                                   field="decision")
        if 2 * threshold.numerator < threshold.denominator:
            raise ValidationError(_("A decision needs at least half of the votes: "
                                    "{numerator}/{denominator} is less.").format(
                numerator=numerator, denominator=denominator), field="decision")
        return cls(DecisionKind.CUSTOM, Basis(basis), threshold)

    @classmethod
    def of(cls, kind: str, basis: str | None = None, numerator: int | None = None,
           denominator: int | None = None, more_than: bool | None = None) -> DecisionRule:
        """The rule as stored (basis and numbers are only read for CUSTOM)."""
        kind = DecisionKind(kind)
        named = {DecisionKind.MAJORITY_OF_PRESENT: cls.MAJORITY_OF_PRESENT,
                 DecisionKind.MAJORITY_OF_VOTES_CAST: cls.MAJORITY_OF_VOTES_CAST,
                 DecisionKind.TWO_THIRDS_OF_PRESENT: cls.TWO_THIRDS_OF_PRESENT}
        if kind in named:
            return named[kind]
        return cls.custom(basis or Basis.PRESENT, numerator or 0, denominator or 0,
                          more_than=bool(more_than))

    def base(self, present: int, for_: int, against: int) -> int:
        """The number the fraction is taken of."""
        return present if self.basis == Basis.PRESENT else for_ + against

    @property
    def text(self) -> str:
        """The rule in words, for a settings screen: "more than half of those present"."""
        rule = self.threshold.phrase(True)
        if self.basis == Basis.PRESENT:
            return _("{rule} of those present").format(rule=rule)
        return _("{rule} of the votes cast").format(rule=rule)


DecisionRule.MAJORITY_OF_PRESENT = DecisionRule(
    DecisionKind.MAJORITY_OF_PRESENT, Basis.PRESENT, Threshold(1, 2, True))
DecisionRule.MAJORITY_OF_VOTES_CAST = DecisionRule(
    DecisionKind.MAJORITY_OF_VOTES_CAST, Basis.VOTES_CAST, Threshold(1, 2, True))
DecisionRule.TWO_THIRDS_OF_PRESENT = DecisionRule(
    DecisionKind.TWO_THIRDS_OF_PRESENT, Basis.PRESENT, Threshold(2, 3, False))


def parse_count(value: object, *, field: str) -> int:
    """A count as typed: "23", "２３", " 0 " → 23, 23, 0; refused: negatives, decimals,
    letters, more than MAX_COUNT."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) > MAX_COUNT:
        raise ValidationError(_("Enter a whole number from 0 to {most}.").format(
            most=MAX_COUNT), field=field)
    return int(text)


@dataclass(frozen=True)
class Outcome:
    """A vote's outcome by its rule. ``sentence`` (the reason shown and printed) and
    ``tally`` are in the active language."""

    rule: DecisionRule
    present: int
    for_: int
    against: int
    abstain: int
    needed: int
    passed: bool
    tie: bool

    @property
    def not_voting(self) -> int:
        """Voting members present who neither voted nor abstained: present, not for."""
        return self.present - self.for_ - self.against - self.abstain

    @property
    def reached(self) -> bool:
        """The votes for reached the rule's threshold (a tie may reach it and still fail)."""
        return self.for_ >= self.needed

    @property
    def sentence(self) -> str:
        """"出席 23 人，同意 15 票，超过半数，通过" / "…，未超过半数，未通过"."""
        values = {"present": self.present, "for_": self.for_, "against": self.against,
                  "rule": self.rule.threshold.phrase(self.reached)}
        if self.tie and self.reached:
            return _("{present} present, {for_} for, {against} against: a tie, not passed"
                     ).format(**values)
        if self.rule.basis == Basis.VOTES_CAST:
            if self.passed:
                return _("{present} present, {for_} for, {against} against: {rule} of the "
                         "votes cast, passed").format(**values)
            return _("{present} present, {for_} for, {against} against: {rule} of the "
                     "votes cast, not passed").format(**values)
        if self.passed:
            return _("{present} present, {for_} for: {rule}, passed").format(**values)
        return _("{present} present, {for_} for: {rule}, not passed").format(**values)

    @property
    def tally(self) -> str:
        """"同意 15 票，反对 5 票，弃权 3 票" (and "未表态 N 人" when some did neither)."""
        text = _("{for_} for, {against} against, {abstain} abstaining").format(
            for_=self.for_, against=self.against, abstain=self.abstain)
        if self.not_voting:
            text += _(", {n} did not vote").format(n=self.not_voting)
        return text


def check_votes(present_voting: int, for_: int, against: int, abstain: int) -> None:
    """The counts are whole numbers, someone with a vote is present, and the votes counted
    are no more than the voting members present (non-voting attendees do not vote)."""
    present = check_count(present_voting, "present")
    counts = {"for_": for_, "against": against, "abstain": abstain}
    for field, value in counts.items():
        check_count(value, field)
    if present == 0:
        raise ValidationError(_("No voting member is present: no vote can be taken."),
                              field="present")
    total = for_ + against + abstain
    if total > present:
        raise ValidationError(_("{total} votes counted ({for_} for, {against} against, "
                                "{abstain} abstaining) but only {present} voting members "
                                "present: count again.").format(total=total, present=present,
                                                                 **counts),
                              field="for_")


def outcome(rule: DecisionRule, present_voting: int, for_: int, against: int,
            abstain: int) -> Outcome:
    """The outcome of a vote by its rule. Call ``check_can_vote`` with the quorum first: this
    says whether the motion passed, not whether the vote could be held. Refused: counts below
    zero, nobody with a vote present, more votes than voting members present."""
    check_votes(present_voting, for_, against, abstain)
    needed = max(1, rule.threshold.needed(rule.base(present_voting, for_, against)))
    tie = for_ == against
    passed = for_ >= needed and for_ > against
    return Outcome(rule, present_voting, for_, against, abstain, needed, passed, tie)


def teller_key(name: str) -> str:
    """A teller's name as compared: NFKC, without spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def check_tellers(method: str, counter: str = "", scrutineer: str = "") -> tuple[str, str]:
    """A ballot needs two tellers, the counter (计票人) and the scrutineer (监票人), two
    different people; a show of hands needs none. Returns both, spaces trimmed."""
    counter, scrutineer = " ".join(counter.split()), " ".join(scrutineer.split())
    if VoteMethod(method) != VoteMethod.BALLOT:
        return counter, scrutineer
    if not counter:
        raise ValidationError(_("A ballot needs a counter: enter who counts the votes."),
                              field="counter")
    if not scrutineer:
        raise ValidationError(_("A ballot needs a scrutineer: enter who watches the count."),
                              field="scrutineer")
    if teller_key(counter) == teller_key(scrutineer):
        raise ValidationError(_("The counter and the scrutineer must be two different people."),
                              field="scrutineer")
    return counter, scrutineer
