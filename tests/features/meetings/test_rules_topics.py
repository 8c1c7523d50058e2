"""The topic pipeline (collected → … → archived), its steps off the main line with their
reasons, the re-hearing (复议), and a residents' proposal (written, signed, named)."""

from __future__ import annotations

import itertools

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import rules
from neighborcenter.features.meetings.rules import TopicSource, TopicStage
from neighborcenter.i18n import set_language

S = TopicStage
MAIN_LINE = [S.COLLECTED, S.ACCEPTED, S.SCHEDULED, S.DELIBERATED, S.VOTED, S.POSTED,
             S.IMPLEMENTING, S.EVALUATED, S.ARCHIVED]


@pytest.fixture
def english():
    set_language("en")


def test_the_main_line_needs_no_reason():
    for old, new in itertools.pairwise(MAIN_LINE):
        assert new == rules.next_stages(old)[0]
        assert rules.check_step(old, new) == ""


def test_every_step_is_allowed_or_refused_by_the_table():
    for old, new in itertools.product(S, S):
        allowed = new in rules.next_stages(old)
        try:
            rules.check_step(old, new, "the objections of three households")
            assert allowed, (old, new)
        except ValidationError as exc:
            assert not allowed and exc.field == "stage", (old, new)
        if allowed:
            needs = rules.needs_reason(old, new)
            try:
                rules.check_step(old, new, "   ")
                assert not needs, (old, new)
            except ValidationError as exc:
                assert needs and exc.field == "reason", (old, new)


def test_every_stage_is_reachable_and_every_topic_can_end():
    reach = {S.COLLECTED}
    while True:
        more = {n for s in reach for n in rules.next_stages(s)} - reach
        if not more:
            break
        reach |= more
    assert reach == set(S)
    for stage in S:
        seen, todo = set(), [stage]
        while todo:
            s = todo.pop()
            seen.add(s)
            todo += [n for n in rules.next_stages(s) if n not in seen]
        assert S.ARCHIVED in seen, stage
    assert rules.next_stages(S.ARCHIVED) == ()


def test_an_illegal_step_names_both_stages(english):
    with pytest.raises(ValidationError) as caught:
        rules.check_step("collected", "voted")
    assert caught.value.field == "stage"
    assert str(caught.value) == ("A topic cannot go from “Proposed” to “Voted on”; from "
                                 "“Proposed” it goes to “Accepted as a topic”, “Not accepted "
                                 "as a topic”.")
    with pytest.raises(ValidationError) as caught:
        rules.check_step(S.ARCHIVED, S.COLLECTED)
    assert str(caught.value) == ("A topic cannot go from “Archived” to “Proposed”: "
                                 "“Archived” is the last stage.")
    with pytest.raises(ValidationError) as caught:
        rules.check_step(S.VOTED, S.VOTED)
    assert caught.value.field == "stage" and "Voted on" in str(caught.value)


def test_declining_needs_a_reason(english):
    with pytest.raises(ValidationError) as caught:
        rules.check_step(S.COLLECTED, S.DECLINED, "  ")
    assert caught.value.field == "reason" and "proposer" in str(caught.value)
    assert rules.check_step(S.COLLECTED, S.DECLINED, "  属物业 维修范围 ") == "属物业 维修范围"


def test_a_rehearing_goes_from_posted_back_to_scheduled_with_a_reason(english):
    assert rules.is_rehearing(S.POSTED, S.SCHEDULED)
    assert not rules.is_rehearing(S.DELIBERATED, S.SCHEDULED)
    with pytest.raises(ValidationError) as caught:
        rules.check_step(S.POSTED, S.SCHEDULED)
    assert caught.value.field == "reason" and "re-hearing" in str(caught.value)
    assert rules.check_step(S.POSTED, S.SCHEDULED, "12 户书面异议") == "12 户书面异议"
    # and then through the pipeline again
    for old, new in itertools.pairwise(MAIN_LINE[2:]):
        rules.check_step(old, new)


def test_other_steps_off_the_line_say_which(english):
    with pytest.raises(ValidationError) as caught:
        rules.check_step(S.POSTED, S.ARCHIVED)
    assert str(caught.value) == ("Give the reason the topic goes from “Result posted” to "
                                 "“Archived”.")
    assert rules.check_step(S.SCHEDULED, S.ACCEPTED, "会议延期") == "会议延期"


def test_a_residents_proposal_is_named_and_signed():
    with pytest.raises(ValidationError) as caught:
        rules.check_proposal(TopicSource.RESIDENTS, proposer=" ", signed=True)
    assert caught.value.field == "proposer"
    with pytest.raises(ValidationError) as caught:
        rules.check_proposal("residents", proposer="张秀英")
    assert caught.value.field == "signed"
    assert rules.check_proposal("residents", proposer=" 张秀英 ", signed=True) == "张秀英"
    for source in set(TopicSource) - {TopicSource.RESIDENTS}:
        assert rules.check_proposal(source) == ""


def test_each_enum_has_distinct_labels():
    for enum_ in (S, TopicSource, rules.TopicCategory, rules.MeetingType, rules.Side,
                  rules.ParticipantRole, rules.VoteMethod, rules.MinutesState,
                  rules.FollowUpState, rules.Satisfaction, rules.QuorumKind,
                  rules.DecisionKind, rules.Basis):
        assert len({m.msgid for m in enum_}) == len(enum_), enum_
