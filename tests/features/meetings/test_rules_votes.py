"""Votes and their outcome: the reason sentence, ties, abstentions, non-voting attendees,
edge counts; the two tellers of a ballot."""

from __future__ import annotations

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import rules
from neighborcenter.features.meetings.rules import Basis, DecisionKind, DecisionRule, VoteMethod
from neighborcenter.i18n import set_language

PRESENT, CAST = DecisionRule.MAJORITY_OF_PRESENT, DecisionRule.MAJORITY_OF_VOTES_CAST
TWO_THIRDS = DecisionRule.TWO_THIRDS_OF_PRESENT


@pytest.fixture
def english():
    set_language("en")


def test_the_outcome_and_its_reason(english):
    result = rules.outcome(PRESENT, 23, 15, 5, 3)
    assert (result.passed, result.needed, result.tie) == (True, 12, False)
    assert result.sentence == "23 present, 15 for: more than half, passed"
    assert result.tally == "15 for, 5 against, 3 abstaining"
    failed = rules.outcome(PRESENT, 23, 11, 9, 3)
    assert (failed.passed, failed.needed) == (False, 12)
    assert failed.sentence == "23 present, 11 for: not more than half, not passed"
    assert rules.outcome(PRESENT, 23, 12, 0, 0).passed  # 12 of 23 is more than half


def test_a_tie_does_not_pass(english):
    tie = rules.outcome(PRESENT, 20, 10, 10, 0)
    assert tie.tie and not tie.passed
    assert tie.sentence == "20 present, 10 for: not more than half, not passed"
    cast = rules.outcome(CAST, 20, 8, 8, 4)
    assert cast.tie and not cast.passed and cast.needed == 9
    # even a rule of "at least half" does not pass a tie, and says why
    at_least_half = DecisionRule.custom("votes_cast", 1, 2, more_than=False)
    even = rules.outcome(at_least_half, 20, 8, 8, 4)
    assert even.reached and not even.passed
    assert even.sentence == "20 present, 8 for, 8 against: a tie, not passed"
    of_present = rules.outcome(DecisionRule.custom("present", 1, 2, more_than=False),
                               20, 10, 10, 0)
    assert not of_present.passed and "a tie" in of_present.sentence


def test_an_abstention_counts_as_present_not_as_for(english):
    result = rules.outcome(PRESENT, 20, 10, 2, 8)
    assert not result.passed and result.needed == 11  # 10 of 20 present is not a majority
    assert result.sentence == "20 present, 10 for: not more than half, not passed"
    cast = rules.outcome(CAST, 20, 10, 2, 8)  # abstentions are not votes cast
    assert cast.passed and cast.needed == 7
    assert cast.sentence == ("20 present, 10 for, 2 against: more than half of the votes "
                             "cast, passed")


def test_all_abstain(english):
    for rule in (PRESENT, CAST, TWO_THIRDS):
        result = rules.outcome(rule, 20, 0, 0, 20)
        assert not result.passed and result.needed >= 1, rule
    assert rules.outcome(CAST, 20, 0, 0, 20).sentence == (
        "20 present, 0 for, 0 against: not more than half of the votes cast, not passed")


def test_members_present_who_do_not_vote_count_as_present(english):
    result = rules.outcome(PRESENT, 30, 15, 5, 7)
    assert result.not_voting == 3 and not result.passed and result.needed == 16
    assert result.tally == "15 for, 5 against, 7 abstaining, 3 did not vote"


def test_non_voting_attendees_are_not_among_those_present():
    """12 voting members and 8 列席 in the room: 7 for is a majority of the 12."""
    room = [rules.ParticipantRole.VOTING] * 12 + [rules.ParticipantRole.OBSERVER] * 8
    present = rules.voting_count(room)
    assert rules.outcome(PRESENT, present, 7, 5, 0).passed
    with pytest.raises(ValidationError):  # the 列席 cannot add votes
        rules.outcome(PRESENT, present, 10, 5, 0)


def test_two_thirds_of_those_present(english):
    assert rules.outcome(TWO_THIRDS, 30, 20, 10, 0).passed
    result = rules.outcome(TWO_THIRDS, 30, 19, 1, 10)
    assert not result.passed and result.needed == 20
    assert result.sentence == "30 present, 19 for: less than two thirds, not passed"
    assert rules.outcome(TWO_THIRDS, 31, 21, 0, 0).sentence == (
        "31 present, 21 for: at least two thirds, passed")


@pytest.mark.parametrize(("present", "votes", "field"), [
    (0, (0, 0, 0), "present"),  # nobody with a vote present: no vote
    (20, (15, 5, 1), "for_"),  # 21 votes from 20 people
    (20, (21, 0, 0), "for_"),
    (20, (-1, 0, 0), "for_"), (20, (0, -1, 0), "against"), (20, (0, 0, -1), "abstain"),
    (-5, (0, 0, 0), "present"), (20, (True, 0, 0), "for_"),
])
def test_impossible_counts_are_refused(present, votes, field):
    with pytest.raises(ValidationError) as caught:
        rules.outcome(PRESENT, present, *votes)
    assert caught.value.field == field


def test_too_many_votes_says_the_numbers(english):
    with pytest.raises(ValidationError) as caught:
        rules.outcome(PRESENT, 20, 15, 5, 1)
    assert str(caught.value) == ("21 votes counted (15 for, 5 against, 1 abstaining) but only "
                                 "20 voting members present: count again.")


def test_every_count_against_the_plain_definition():
    """Up to 24 present, every possible count: a majority of those present is more for than
    half of them; of the votes cast, more for than against; a tie never passes."""
    for present in range(1, 25):
        for for_ in range(present + 1):
            for against in range(present + 1 - for_):
                for abstain in range(present + 1 - for_ - against):
                    a = rules.outcome(PRESENT, present, for_, against, abstain)
                    assert a.passed == (2 * for_ > present)
                    b = rules.outcome(CAST, present, for_, against, abstain)
                    assert b.passed == (for_ > against)
                    c = rules.outcome(TWO_THIRDS, present, for_, against, abstain)
                    assert c.passed == (3 * for_ >= 2 * present)
                    if for_ == against:
                        assert not (a.passed or b.passed or c.passed)


def test_a_decision_rule_is_at_least_a_half_and_reads_back():
    with pytest.raises(ValidationError) as caught:
        DecisionRule.custom("present", 2, 5, more_than=True)
    assert caught.value.field == "decision"
    custom = DecisionRule.custom("votes_cast", 3, 4, more_than=False)
    assert custom.kind == DecisionKind.CUSTOM and custom.basis == Basis.VOTES_CAST
    t = custom.threshold
    assert DecisionRule.of("custom", "votes_cast", t.numerator, t.denominator,
                           t.more_than) == custom
    assert DecisionRule.of("majority_of_present") is PRESENT
    assert DecisionRule.of("two_thirds_of_present") is TWO_THIRDS


def test_a_rule_in_words(english):
    assert PRESENT.text == "more than half of those present"
    assert CAST.text == "more than half of the votes cast"
    assert TWO_THIRDS.text == "at least two thirds of those present"


@pytest.mark.parametrize(("typed", "count"), [("23", 23), ("２３", 23), (" 0 ", 0), (7, 7)])
def test_counts_are_read_as_typed(typed, count):
    assert rules.parse_count(typed, field="for_") == count


@pytest.mark.parametrize("typed", ["-1", "1.5", "abc", "", None, True, "100001"])
def test_bad_counts_are_refused(typed):
    with pytest.raises(ValidationError) as caught:
        rules.parse_count(typed, field="against")
    assert caught.value.field == "against"


def test_a_ballot_needs_two_different_tellers():
    assert rules.check_tellers(VoteMethod.BALLOT, " 王芳 ", "李  强") == ("王芳", "李 强")
    with pytest.raises(ValidationError) as caught:
        rules.check_tellers(VoteMethod.BALLOT, "王芳", "")
    assert caught.value.field == "scrutineer"
    with pytest.raises(ValidationError) as caught:
        rules.check_tellers("ballot", "", "李强")
    assert caught.value.field == "counter"
    for same in ("王芳", " 王 芳", "王芳　"):  # the same person, spaced differently
        with pytest.raises(ValidationError) as caught:
            rules.check_tellers("ballot", "王芳", same)
        assert caught.value.field == "scrutineer"
    with pytest.raises(ValidationError):
        rules.check_tellers("ballot", "Wang Fang", "wang  fang")


def test_a_show_of_hands_needs_no_tellers():
    assert rules.check_tellers(VoteMethod.HANDS) == ("", "")
