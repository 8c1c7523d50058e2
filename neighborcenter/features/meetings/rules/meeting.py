"""The kinds of meeting, each with its default quorum and decision rule, and the people at a
meeting: their side in the "3+1" model and whether they vote (列席 do not)."""

from __future__ import annotations

from collections.abc import Iterable

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings.rules.quorum import QuorumRule
from neighborcenter.features.meetings.rules.votes import Basis, DecisionRule
from neighborcenter.i18n import N_, LabelledEnum, _


class MeetingType(LabelledEnum):
    RESIDENTS = "residents", N_("Residents' meeting")  # 居民会议
    REPRESENTATIVES = "representatives", N_("Residents' representatives' meeting")  # 居民代表会议
    COUNCIL = "council", N_("Residents' council")  # 议事会
    FOUR_PARTY = "four_party", N_("3+1 four-party talks")  # 3+1 四方会谈
    JOINT = "joint", N_("Joint meeting")  # 联席会议
    OTHER = "other", N_("Other meeting")  # 其他 (its rules are set when it is planned)


#: 居民会议: more than half present (居委会组织法 art. 9); 居民代表会议: two thirds *(practice)*;
#: the others, and a custom meeting until set otherwise: more than half
_QUORUM = {MeetingType.RESIDENTS: QuorumRule.MORE_THAN_HALF,
           MeetingType.REPRESENTATIVES: QuorumRule.TWO_THIRDS}


def default_quorum(meeting_type: str) -> QuorumRule:
    return _QUORUM.get(MeetingType(meeting_type), QuorumRule.MORE_THAN_HALF)


def default_decision(meeting_type: str) -> DecisionRule:
    """A majority of those present for every type (居委会组织法 art. 9: "由出席人的过半数通过")."""
    MeetingType(meeting_type)
    return DecisionRule.MAJORITY_OF_PRESENT


def meeting_rules(meeting_type: str, *, quorum: QuorumRule | None = None,
                  decision: DecisionRule | None = None) -> tuple[QuorumRule, DecisionRule]:
    """The rules a meeting runs by: its type's defaults, or those chosen for it. A residents'
    meeting cannot go below the law (more than half present; decided by more than half of
    those present)."""
    kind = MeetingType(meeting_type)
    quorum = quorum or default_quorum(kind)
    decision = decision or default_decision(kind)
    if kind == MeetingType.RESIDENTS:
        law_quorum, law_decision = QuorumRule.MORE_THAN_HALF, DecisionRule.MAJORITY_OF_PRESENT
        if not quorum.threshold.at_least_as_strict_as(law_quorum.threshold):
            raise ValidationError(_("A residents' meeting needs more than half of its members "
                                    "present (Organic Law of Residents' Committees, art. 9): "
                                    "its quorum cannot be lower."), field="quorum")
        if decision.basis != Basis.PRESENT \
                or not decision.threshold.at_least_as_strict_as(law_decision.threshold):
            raise ValidationError(_("A residents' meeting decides by more than half of those "
                                    "present (Organic Law of Residents' Committees, art. 9): "
                                    "its rule cannot be lower."), field="decision")
    return quorum, decision


class Side(LabelledEnum):
    """A participant's side in the "3+1" model (三方 + 专业方 + 1)."""

    LEADING = "leading", N_("Leading side (Party organisation)")  # 引领方（党组织）
    RESIDENTS = "residents", N_("Main side (residents)")  # 主体方（居民）
    RESOURCES = "resources", N_("Resource side (property management, partner units)")  # 资源方
    PROFESSIONAL = "professional", N_("Professional side (social organisation)")  # 专业方
    PLUS_ONE = "plus_one", N_("+1 (lawyer, expert)")  # "+1"（律师、专家等）
    OTHER = "other", N_("Other")  # 其他


class ParticipantRole(LabelledEnum):
    """Whether a participant votes (named so beside core.roles.Role, the staff's roles)."""

    VOTING = "voting", N_("Voting member")  # 表决成员
    OBSERVER = "observer", N_("Non-voting attendee")  # 列席


def voting_count(roles: Iterable[str]) -> int:
    """How many of those present vote: the 列席 are not counted (for ``quorum``/``outcome``)."""
    return sum(1 for role in roles if ParticipantRole(role) == ParticipantRole.VOTING)
