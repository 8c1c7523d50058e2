"""The consultation meetings' tables (社区协商): topics and each step of their way, meetings with
their rules, agenda, people and attendance; per agenda item the views, the vote and the
decision; the minutes' amendments; the public notice of a decision and the objections to it;
the follow-up tasks, their progress and the residents' evaluation.

"会前有议题，会中有记录，会后有结果，落实有回音": a topic's steps, the views, the amendments and
the task updates are append-only records (a mistake is corrected by a later row, never by
editing one); approved minutes are locked (services refuse edits; an amendment is a row)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.meetings.rules import (
    Basis,
    DecisionKind,
    FollowUpState,
    MeetingType,
    MinutesState,
    ParticipantRole,
    QuorumKind,
    Satisfaction,
    Side,
    TopicCategory,
    TopicSource,
    TopicStage,
    VoteMethod,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class MeetingTopic(Synced, Base):
    """议题: a resident's written, signed proposal or one raised by a committee; where it is
    in the pipeline (``stage``; its steps in meeting_topic_steps)."""

    __tablename__ = "meeting_topics"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # YT2026-001
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[TopicCategory] = mapped_column(str_enum(TopicCategory))
    source: Mapped[TopicSource] = mapped_column(str_enum(TopicSource))
    proposer: Mapped[str] = mapped_column(String(60), default="")  # a name, or the committee
    proposer_resident_id: Mapped[str | None] = mapped_column(ForeignKey("residents.id"),
                                                             index=True)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)  # the written proposal signed
    supporters: Mapped[int] = mapped_column(Integer, default=0)  # 联名 signatures beside
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[TopicStage] = mapped_column(str_enum(TopicStage), index=True)
    recorded_by: Mapped[str] = mapped_column(String(64))


class MeetingTopicStep(Synced, Base):
    """One step of a topic (append-only): from, to, the day, who, and the reason where the
    step needs one (declined, put off, 复议)."""

    __tablename__ = "meeting_topic_steps"
    topic_id: Mapped[str] = mapped_column(ForeignKey("meeting_topics.id"), index=True)
    from_stage: Mapped[TopicStage | None] = mapped_column(str_enum(TopicStage))
    to_stage: Mapped[TopicStage] = mapped_column(str_enum(TopicStage))
    on: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"))


class Meeting(Synced, Base):
    """A meeting: its type and the rules it runs by (stored as the rules' kinds and, for a
    custom rule, its numbers — read back with QuorumRule.of / DecisionRule.of), when and
    where, who convenes and facilitates, how many members are entitled to vote
    (None: the voting members invited), the minutes' state."""

    __tablename__ = "meetings"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # XS2026-01
    kind: Mapped[MeetingType] = mapped_column(str_enum(MeetingType), index=True)
    kind_name: Mapped[str] = mapped_column(String(40), default="")  # for OTHER: its name
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column()
    place: Mapped[str] = mapped_column(String(120))
    convenor: Mapped[str] = mapped_column(String(60))  # 召集人
    facilitator: Mapped[str] = mapped_column(String(120), default="")  # 主持/社会组织
    recorder: Mapped[str] = mapped_column(String(60), default="")  # 记录人
    notice_days: Mapped[int] = mapped_column(Integer, default=3)
    notice_posted_on: Mapped[dt.date | None] = mapped_column(Date)
    quorum_kind: Mapped[QuorumKind] = mapped_column(str_enum(QuorumKind))
    quorum_num: Mapped[int | None] = mapped_column(Integer)
    quorum_den: Mapped[int | None] = mapped_column(Integer)
    quorum_more_than: Mapped[bool | None] = mapped_column(Boolean)
    decision_kind: Mapped[DecisionKind] = mapped_column(str_enum(DecisionKind))
    decision_basis: Mapped[Basis | None] = mapped_column(str_enum(Basis))
    decision_num: Mapped[int | None] = mapped_column(Integer)
    decision_den: Mapped[int | None] = mapped_column(Integer)
    decision_more_than: Mapped[bool | None] = mapped_column(Boolean)
    entitled: Mapped[int | None] = mapped_column(Integer)  # 应到 (None: voting invitees)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_reason: Mapped[str] = mapped_column(Text, default="")
    minutes_state: Mapped[MinutesState] = mapped_column(str_enum(MinutesState))
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    approved_at: Mapped[dt.datetime | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))


class MeetingParticipant(Synced, Base):
    """Someone invited to or at a meeting: the side in the 3+1 model, voting or 列席, their
    organisation; attended and signed in (签到)."""

    __tablename__ = "meeting_participants"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    resident_id: Mapped[str | None] = mapped_column(ForeignKey("residents.id"), index=True)
    side: Mapped[Side] = mapped_column(str_enum(Side))
    role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    invited: Mapped[bool] = mapped_column(Boolean, default=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetingItem(Synced, Base):
    """An agenda item (with its topic, if any) and, once discussed, its minutes: the motion,
    the vote (method, counts, the voting members present then, the two tellers of a ballot),
    the outcome as the rules computed it, the decision's text."""

    __tablename__ = "meeting_items"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    topic_id: Mapped[str | None] = mapped_column(ForeignKey("meeting_topics.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    minutes_planned: Mapped[int | None] = mapped_column(Integer)  # time on the agenda
    summary: Mapped[str] = mapped_column(Text, default="")  # the discussion in short
    motion: Mapped[str] = mapped_column(Text, default="")
    vote_method: Mapped[VoteMethod | None] = mapped_column(str_enum(VoteMethod))
    present_voting: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    counter: Mapped[str] = mapped_column(String(60), default="")  # 计票人
    scrutineer: Mapped[str] = mapped_column(String(60), default="")  # 监票人
    passed: Mapped[bool | None] = mapped_column(Boolean)
    decision: Mapped[str] = mapped_column(Text, default="")


class MeetingView(Synced, Base):
    """A view recorded in the minutes (who, which side, what) — a minority view is kept."""

    __tablename__ = "meeting_views"
    item_id: Mapped[str] = mapped_column(ForeignKey("meeting_items.id"), index=True)
    speaker: Mapped[str] = mapped_column(String(60))
    side: Mapped[Side] = mapped_column(str_enum(Side))
    text: Mapped[str] = mapped_column(Text)
    minority: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetingAmendment(Synced, Base):
    """A correction of approved minutes (更正): what, why, who, when — the minutes themselves
    stay as approved."""

    __tablename__ = "meeting_amendments"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[str | None] = mapped_column(ForeignKey("meeting_items.id"))
    correction: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column()


class MeetingNotice(Synced, Base):
    """The public notice (公示) of a decision: from, to, where objections go."""

    __tablename__ = "meeting_notices"
    item_id: Mapped[str] = mapped_column(ForeignKey("meeting_items.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    objections_to: Mapped[str] = mapped_column(String(200))
    posted_by: Mapped[str] = mapped_column(String(64))


class MeetingObjection(Synced, Base):
    """An objection to a posted decision: when, from whom, what; how it was answered — or
    sent to a re-hearing (复议)."""

    __tablename__ = "meeting_objections"
    notice_id: Mapped[str] = mapped_column(ForeignKey("meeting_notices.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    from_name: Mapped[str] = mapped_column(String(60), default="")  # may be anonymous
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    rehearing: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(64))


class MeetingTask(Synced, Base):
    """A task a decision became: what, who, by when; its state (open, in progress, done;
    overdue is read from the due date)."""

    __tablename__ = "meeting_tasks"
    item_id: Mapped[str] = mapped_column(ForeignKey("meeting_items.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(60))
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[FollowUpState] = mapped_column(str_enum(FollowUpState))
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class MeetingTaskUpdate(Synced, Base):
    """Progress on a task (append-only): the day, what happened, who wrote it."""

    __tablename__ = "meeting_task_updates"
    task_id: Mapped[str] = mapped_column(ForeignKey("meeting_tasks.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))


class MeetingEvaluation(Synced, Base):
    """The residents' evaluation of a decision carried out (落实有回音): how many were
    satisfied, fairly satisfied, dissatisfied, and what they said."""

    __tablename__ = "meeting_evaluations"
    item_id: Mapped[str] = mapped_column(ForeignKey("meeting_items.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    fairly: Mapped[int] = mapped_column(Integer, default=0)
    dissatisfied: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(64))


#: what the model names Satisfaction by (the counts' columns), for services and the demo
SATISFACTION_COLUMNS = {Satisfaction.SATISFIED: "satisfied", Satisfaction.FAIRLY: "fairly",
                        Satisfaction.DISSATISFIED: "dissatisfied"}
