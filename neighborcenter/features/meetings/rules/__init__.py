"""Pure rules of consultation meetings (社区协商, 中办发〔2015〕41号 as practised): the topic
pipeline, the kinds of meeting and their rules, the 3+1 sides, quorum (居委会组织法 art. 9),
votes and their outcome with its reason, locked minutes and amendments, the dates of notices
and postings, follow-up tasks and satisfaction. No Qt, no SQLAlchemy.

Split by subject (topics, meeting, quorum, votes, minutes, notices, followup); everything
is re-exported here, so callers write ``from neighborcenter.features.meetings import rules``."""

from __future__ import annotations

from neighborcenter.features.meetings.rules.followup import (
    SATISFIED,
    STORED_STATES,
    FollowUpState,
    Satisfaction,
    follow_up_state,
    satisfaction_rate,
)
from neighborcenter.features.meetings.rules.meeting import (
    MeetingType,
    ParticipantRole,
    Side,
    default_decision,
    default_quorum,
    meeting_rules,
    voting_count,
)
from neighborcenter.features.meetings.rules.minutes import (
    Amendment,
    MinutesState,
    amendment,
    check_approve,
    check_edit,
)
from neighborcenter.features.meetings.rules.notices import (
    POSTING_DAYS,
    notice_due,
    objection_deadline,
    objection_in_time,
    posting_period,
)
from neighborcenter.features.meetings.rules.quorum import (
    QuorumKind,
    QuorumResult,
    QuorumRule,
    Threshold,
    check_can_vote,
    make_threshold,
    quorum,
)
from neighborcenter.features.meetings.rules.topics import (
    NEEDS_REASON,
    NEXT_STAGES,
    TopicCategory,
    TopicSource,
    TopicStage,
    check_proposal,
    check_step,
    is_rehearing,
    needs_reason,
    next_stages,
)
from neighborcenter.features.meetings.rules.votes import (
    Basis,
    DecisionKind,
    DecisionRule,
    Outcome,
    VoteMethod,
    check_tellers,
    check_votes,
    outcome,
    parse_count,
)

__all__ = [
    "NEEDS_REASON", "NEXT_STAGES", "POSTING_DAYS", "SATISFIED", "STORED_STATES", "Amendment",
    "Basis", "DecisionKind", "DecisionRule", "FollowUpState", "MeetingType", "MinutesState",
    "Outcome", "ParticipantRole", "QuorumKind", "QuorumResult", "QuorumRule", "Satisfaction",
    "Side", "Threshold", "TopicCategory", "TopicSource", "TopicStage", "VoteMethod",
    "amendment", "check_approve", "check_can_vote", "check_edit", "check_proposal",
    "check_step", "check_tellers", "check_votes", "default_decision", "default_quorum",
    "follow_up_state", "is_rehearing", "make_threshold", "meeting_rules", "needs_reason",
    "next_stages", "notice_due", "objection_deadline", "objection_in_time", "outcome",
    "parse_count", "posting_period", "quorum", "satisfaction_rate", "voting_count",
]
