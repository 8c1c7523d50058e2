"""A topic (议题) and its pipeline: collected → accepted (or declined, with a reason) →
scheduled → deliberated → voted → posted → implementing → evaluated → archived. A step off
that line needs a reason: declining, taking a topic off a meeting's agenda, putting off its
vote, a re-hearing (复议: posted → scheduled again, when objections come) and archiving a
posted decision with nothing to carry out (a motion not passed)."""

from __future__ import annotations

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _


class TopicStage(LabelledEnum):
    COLLECTED = "collected", N_("Proposed")  # 已征集
    ACCEPTED = "accepted", N_("Accepted as a topic")  # 已立项
    DECLINED = "declined", N_("Not accepted as a topic")  # 不予立项
    SCHEDULED = "scheduled", N_("On a meeting's agenda")  # 已列入会议议程
    DELIBERATED = "deliberated", N_("Deliberated")  # 已协商
    VOTED = "voted", N_("Voted on")  # 已表决
    POSTED = "posted", N_("Result posted")  # 结果已公示
    IMPLEMENTING = "implementing", N_("Being carried out")  # 落实中
    EVALUATED = "evaluated", N_("Evaluated by residents")  # 已评议
    ARCHIVED = "archived", N_("Archived")  # 已归档


S = TopicStage
#: where a topic may go from each stage, the main line first
NEXT_STAGES: dict[TopicStage, tuple[TopicStage, ...]] = {
    S.COLLECTED: (S.ACCEPTED, S.DECLINED),
    S.ACCEPTED: (S.SCHEDULED,),
    S.DECLINED: (S.ARCHIVED,),
    S.SCHEDULED: (S.DELIBERATED, S.ACCEPTED),
    S.DELIBERATED: (S.VOTED, S.SCHEDULED),
    S.VOTED: (S.POSTED,),
    S.POSTED: (S.IMPLEMENTING, S.SCHEDULED, S.ARCHIVED),
    S.IMPLEMENTING: (S.EVALUATED,),
    S.EVALUATED: (S.ARCHIVED,),
    S.ARCHIVED: (),
}
#: the steps off the main line, which need a reason
NEEDS_REASON = frozenset({
    (S.COLLECTED, S.DECLINED),  # told to the proposer
    (S.SCHEDULED, S.ACCEPTED),  # taken off the agenda (the meeting was put off)
    (S.DELIBERATED, S.SCHEDULED),  # no vote yet: to a later meeting
    (S.POSTED, S.SCHEDULED),  # 复议: objections came during the posting
    (S.POSTED, S.ARCHIVED),  # nothing to carry out (the motion did not pass)
})
del S


def next_stages(stage: str) -> tuple[TopicStage, ...]:
    """Where a topic at ``stage`` may go (nothing after ARCHIVED)."""
    return NEXT_STAGES[TopicStage(stage)]


def needs_reason(old: str, new: str) -> bool:
    return (TopicStage(old), TopicStage(new)) in NEEDS_REASON


def is_rehearing(old: str, new: str) -> bool:
    """A re-hearing (复议): a posted decision goes back on a meeting's agenda."""
    return (TopicStage(old), TopicStage(new)) == (TopicStage.POSTED, TopicStage.SCHEDULED)


def check_step(old: str, new: str, reason: str = "") -> str:
    """Refuse a step the pipeline does not allow, naming both stages, or one that needs a
    reason without it. Returns the reason, spaces trimmed ("" when none is given)."""
    before, after = TopicStage(old), TopicStage(new)
    reason = " ".join((reason or "").split())
    if before == after:
        raise ValidationError(_("The topic is already “{stage}”.").format(stage=before.label),
                              field="stage")
    allowed = NEXT_STAGES[before]
    if after not in allowed:
        if not allowed:
            raise ValidationError(_("A topic cannot go from “{old}” to “{new}”: “{old}” is "
                                    "the last stage.").format(old=before.label,
                                                              new=after.label), field="stage")
        raise ValidationError(_("A topic cannot go from “{old}” to “{new}”; from “{old}” it "
                                "goes to {allowed}.").format(
            old=before.label, new=after.label,
            allowed=_("、").join(f"“{s.label}”" for s in allowed)), field="stage")
    if (before, after) in NEEDS_REASON and not reason:
        if after == TopicStage.DECLINED:
            message = _("Give the reason the topic is not accepted: the proposer is told.")
        elif is_rehearing(before, after):
            message = _("Give the reason for the re-hearing: the objections received while "
                        "the result was posted.")
        else:
            message = _("Give the reason the topic goes from “{old}” to “{new}”.").format(
                old=before.label, new=after.label)
        raise ValidationError(message, field="reason")
    return reason


class TopicSource(LabelledEnum):
    RESIDENTS = "residents", N_("Residents' proposal")  # 居民提议: written and signed
    COMMITTEE = "committee", N_("Residents' committee")  # 居委会
    OWNERS = "owners", N_("Owners' committee")  # 业委会
    PROPERTY = "property", N_("Property management")  # 物业
    SOCIAL_ORG = "social_org", N_("Social organisation")  # 社会组织
    OTHER = "other", N_("Other")  # 其他


class TopicCategory(LabelledEnum):
    ENVIRONMENT = "environment", N_("Environment and sanitation")  # 环境卫生
    REPAIRS = "repairs", N_("Repairs to facilities")  # 设施维修
    PARKING = "parking", N_("Parking and traffic")  # 停车交通
    PUBLIC_FUNDS = "public_funds", N_("Use of common funds")  # 公共资金使用
    SAFETY = "safety", N_("Safety")  # 安全
    DISPUTES = "disputes", N_("Disputes between neighbours")  # 邻里纠纷
    OTHER = "other", N_("Other")  # 其他


def check_proposal(source: str, *, proposer: str = "", signed: bool = False) -> str:
    """A residents' proposal is written and signed, and names its proposer (提议人); a topic
    the committees raise needs neither. Returns the proposer, spaces trimmed."""
    proposer = " ".join((proposer or "").split())
    if TopicSource(source) == TopicSource.RESIDENTS:
        if not proposer:
            raise ValidationError(_("A residents' proposal needs the name of the resident "
                                    "who proposes it."), field="proposer")
        if not signed:
            raise ValidationError(_("A residents' proposal is written and signed: tick "
                                    "“Signed” once the proposer has signed the paper."),
                                  field="signed")
    return proposer
