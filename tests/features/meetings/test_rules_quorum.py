"""The quorum (居委会组织法 art. 9) and the kinds of meeting: whole people, no floats, the
sentence shown before any vote, no quorum → no vote, non-voting attendees not counted."""

from __future__ import annotations

from fractions import Fraction

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import rules
from neighborcenter.features.meetings.rules import (
    DecisionRule,
    MeetingType,
    ParticipantRole,
    QuorumKind,
    QuorumRule,
    Threshold,
)
from neighborcenter.i18n import set_language

HALF, TWO_THIRDS = QuorumRule.MORE_THAN_HALF, QuorumRule.TWO_THIRDS


@pytest.fixture
def english():
    set_language("en")


@pytest.mark.parametrize(("rule", "base", "needed"), [
    (HALF, 30, 16), (HALF, 31, 16), (HALF, 2, 2), (HALF, 1, 1), (HALF, 0, 1),
    (TWO_THIRDS, 31, 21), (TWO_THIRDS, 30, 20), (TWO_THIRDS, 3, 2), (TWO_THIRDS, 1, 1),
    (QuorumRule.custom(3, 5, more_than=True), 10, 7),
    (QuorumRule.custom(3, 5, more_than=False), 10, 6),
    (QuorumRule.custom(1, 1, more_than=False), 5, 5),
])
def test_needed_is_counted_in_whole_people(rule, base, needed):
    assert rule.threshold.needed(base) == needed


THRESHOLDS = [Threshold(n, d, more_than) for n, d in [(1, 2), (2, 3), (3, 5), (3, 4), (51, 100),
                                                      (1, 3), (2, 4), (1, 1)]
              for more_than in (True, False) if not (more_than and n == d)]


@pytest.mark.parametrize("threshold", THRESHOLDS, ids=repr)
def test_needed_is_the_fewest_that_reach_the_fraction(threshold):
    """Against exact fractions: the least k with k > n/d·base (more than) or k ≥ n/d·base."""
    share = Fraction(threshold.numerator, threshold.denominator)
    for base in range(0, 301):
        k = threshold.needed(base)
        if threshold.more_than:
            assert k > share * base and not k - 1 > share * base, base
        else:
            assert k >= share * base and (k == 0 or not k - 1 >= share * base), base


@pytest.mark.parametrize("a", THRESHOLDS, ids=repr)
def test_at_least_as_strict_means_never_fewer_people(a):
    for b in THRESHOLDS:
        # from one person up: nobody is entitled to vote at an empty meeting
        never_fewer = all(a.needed(base) >= b.needed(base) for base in range(1, 301))
        assert a.at_least_as_strict_as(b) == never_fewer, (a, b)


def test_the_quorum_sentence_says_who_is_expected_present_and_needed(english):
    met = rules.quorum(HALF, 30, 23)
    assert (met.met, met.needed, met.entitled, met.present) == (True, 16, 30, 23)
    assert met.sentence == ("30 expected, 23 present: more than half (at least 16 needed), "
                            "quorum reached")
    short = rules.quorum(HALF, 30, 15)  # exactly half is not more than half
    assert (short.met, short.needed) == (False, 16)
    assert short.sentence == ("30 expected, 15 present: not more than half (at least 16 "
                              "needed), no quorum: no vote can be taken")


def test_two_thirds_means_at_least_two_thirds(english):
    assert not rules.quorum(TWO_THIRDS, 31, 20).met
    result = rules.quorum(TWO_THIRDS, 31, 21)
    assert result.met and result.needed == 21
    assert result.sentence == ("31 expected, 21 present: at least two thirds (at least 21 "
                               "needed), quorum reached")
    assert rules.quorum(TWO_THIRDS, 31, 20).sentence.startswith(
        "31 expected, 20 present: less than two thirds")


def test_a_custom_fraction_is_written_as_a_fraction(english):
    rule = QuorumRule.custom(3, 5, more_than=False)
    assert rule.kind == QuorumKind.CUSTOM
    assert rules.quorum(rule, 10, 6).sentence.startswith("10 expected, 6 present: at least 3/5")
    assert rules.quorum(rule, 10, 5).sentence.startswith("10 expected, 5 present: less than 3/5")
    assert QuorumRule.custom(2, 4, more_than=True).text == "more than half"  # in lowest terms


def test_no_quorum_no_vote(english):
    with pytest.raises(ValidationError) as caught:
        rules.check_can_vote(rules.quorum(HALF, 30, 12))
    assert caught.value.field == "quorum"
    assert str(caught.value) == rules.quorum(HALF, 30, 12).sentence
    assert "12 present" in str(caught.value) and "no vote" in str(caught.value)
    rules.check_can_vote(rules.quorum(HALF, 30, 16))  # no exception


def test_non_voting_attendees_are_not_counted_for_the_quorum():
    in_the_room = [ParticipantRole.VOTING] * 14 + [ParticipantRole.OBSERVER] * 10
    assert rules.voting_count(in_the_room) == 14
    assert rules.voting_count(["voting", "observer", "voting"]) == 2  # as stored
    assert not rules.quorum(HALF, 30, rules.voting_count(in_the_room)).met  # 24 in the room
    assert rules.quorum(HALF, 30, rules.voting_count(in_the_room + ["voting"] * 2)).met


@pytest.mark.parametrize(("entitled", "present", "field"), [
    (0, 0, "entitled"), (30, 31, "present"), (-1, 0, "entitled"), (30, -2, "present"),
    (True, 1, "entitled"), (30, 2.0, "present"),
])
def test_impossible_counts_are_refused(entitled, present, field):
    with pytest.raises(ValidationError) as caught:
        rules.quorum(HALF, entitled, present)
    assert caught.value.field == field


@pytest.mark.parametrize(("numerator", "denominator", "more_than"), [
    (0, 3, False), (4, 3, False), (3, 3, True), (1, 0, False), (1, 101, False),
    (-1, 2, False), (True, 2, False),
])
def test_a_custom_fraction_must_make_sense(numerator, denominator, more_than):
    with pytest.raises(ValidationError) as caught:
        QuorumRule.custom(numerator, denominator, more_than=more_than)
    assert caught.value.field == "quorum"


def test_a_rule_reads_back_as_stored():
    assert QuorumRule.of("more_than_half") is HALF
    assert QuorumRule.of("two_thirds", 9, 9, True) is TWO_THIRDS  # numbers ignored
    custom = QuorumRule.custom(3, 5, more_than=True)
    t = custom.threshold
    assert QuorumRule.of(custom.kind, t.numerator, t.denominator, t.more_than) == custom
    with pytest.raises(ValidationError):
        QuorumRule.of("custom")  # a custom rule without its fraction
    with pytest.raises(ValueError):
        QuorumRule.of("most")


def test_each_meeting_type_has_its_default_rules():
    assert rules.default_quorum(MeetingType.RESIDENTS) is HALF  # 居委会组织法 art. 9
    assert rules.default_quorum(MeetingType.REPRESENTATIVES) is TWO_THIRDS  # practice
    for kind in (MeetingType.COUNCIL, MeetingType.FOUR_PARTY, MeetingType.JOINT,
                 MeetingType.OTHER):
        assert rules.default_quorum(kind) is HALF
    for kind in MeetingType:
        assert rules.default_decision(kind) is DecisionRule.MAJORITY_OF_PRESENT
        assert rules.meeting_rules(kind) == (rules.default_quorum(kind),
                                             DecisionRule.MAJORITY_OF_PRESENT)


def test_a_residents_meeting_cannot_go_below_the_law():
    at_least_half = QuorumRule.custom(1, 2, more_than=False)
    with pytest.raises(ValidationError) as caught:
        rules.meeting_rules("residents", quorum=at_least_half)
    assert caught.value.field == "quorum"
    with pytest.raises(ValidationError) as caught:
        rules.meeting_rules("residents", decision=DecisionRule.MAJORITY_OF_VOTES_CAST)
    assert caught.value.field == "decision"
    stricter = (TWO_THIRDS, DecisionRule.TWO_THIRDS_OF_PRESENT)
    assert rules.meeting_rules("residents", quorum=stricter[0], decision=stricter[1]) == stricter
    # the other kinds set their own rules (a council's charter, a custom meeting)
    chosen = (at_least_half, DecisionRule.MAJORITY_OF_VOTES_CAST)
    assert rules.meeting_rules("council", quorum=chosen[0], decision=chosen[1]) == chosen
    assert rules.meeting_rules("other", quorum=chosen[0], decision=chosen[1]) == chosen


def test_the_3_plus_1_sides():
    assert [s.value for s in rules.Side] == ["leading", "residents", "resources",
                                             "professional", "plus_one", "other"]
