"""议题, the topics: collected from residents (a written, signed proposal) or raised by the
committees, then taken along the pipeline — accepted or declined with a reason, scheduled on
a meeting's agenda, deliberated, voted, posted, carried out, evaluated, archived — each step
a dated, attributed row (meeting_topic_steps) that is never changed afterwards.

Steps that follow from the meetings (put on an agenda, deliberated and voted, posted,
carried out, evaluated) are made by those services through ``step_topic``; the others by
people through ``move_topic``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.meetings import MEETINGS
from neighborcenter.features.meetings.models import MeetingTopic, MeetingTopicStep
from neighborcenter.features.meetings.rules import (
    TopicCategory,
    TopicSource,
    TopicStage,
    check_proposal,
    check_step,
)
from neighborcenter.features.register import registry
from neighborcenter.features.volunteers.people import day, text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork


@dataclass
class TopicForm:
    title: str
    category: TopicCategory
    source: TopicSource
    description: str = ""
    proposer: str = ""  # the resident's name (a residents' proposal), or who raised it
    proposer_resident_id: str | None = None  # the proposer, chosen from the register
    signed: bool = False  # the written proposal is signed
    supporters: object = 0  # further signatures (联名)
    proposed_on: object = None  # a date, or what was typed; None: today
    id: str | None = None


@dataclass(frozen=True)
class TopicRow:
    id: str
    number: str
    title: str
    description: str
    category: TopicCategory
    source: TopicSource
    proposer: str
    signed: bool
    supporters: int
    proposed_on: dt.date
    stage: TopicStage
    last_step_on: dt.date


@dataclass(frozen=True)
class StepRow:
    from_stage: TopicStage | None
    to_stage: TopicStage
    on: dt.date
    by: str
    reason: str
    meeting_id: str | None


def get_topic(session: Session, topic_id: str) -> MeetingTopic:
    topic = session.get(MeetingTopic, topic_id)
    if topic is None or topic.archived_at is not None:
        raise NotFound(_("This topic is no longer on record."))
    return topic


def _next_number(s: Session, year: int) -> str:
    head = f"YT{year}-"
    numbers = s.scalars(select(MeetingTopic.number).where(MeetingTopic.number.like(head + "%")))
    last = max((int(n[len(head):]) for n in numbers if n[len(head):].isdigit()), default=0)
    return f"{head}{last + 1:03d}"


def _supporters(value: object) -> int:
    raw = str(value if value is not None else "").strip() or "0"
    if not raw.isdigit() or int(raw) > 100_000:
        raise ValidationError(_("Enter how many residents signed beside the proposer, as a "
                                "whole number."), field="supporters")
    return int(raw)


def step_topic(s: Session, actor: Actor, topic: MeetingTopic, to: TopicStage, *,
               on: dt.date, reason: str = "", meeting_id: str | None = None) -> None:
    """One step of the pipeline in the caller's unit of work (checked by the rules)."""
    why = check_step(topic.stage, to, reason)
    s.add(MeetingTopicStep(topic_id=topic.id, from_stage=topic.stage, to_stage=to, on=on,
                           by=actor.username, reason=why, meeting_id=meeting_id))
    topic.stage = to


def _row(s: Session, t: MeetingTopic) -> TopicRow:
    last = s.scalar(select(MeetingTopicStep.on).where(MeetingTopicStep.topic_id == t.id)
                    .order_by(MeetingTopicStep.change_seq.desc()).limit(1))
    return TopicRow(t.id, t.number, t.title, t.description, t.category, t.source, t.proposer,
                    t.signed, t.supporters, t.proposed_on, t.stage, last or t.proposed_on)


@writes
def save_topic(uow: UnitOfWork, *, actor: Actor, form: TopicForm,
               today: dt.date | None = None) -> TopicRow:
    """A topic taken in (its number YT2026-001, stage 已征集), or its details corrected while
    it is not yet on an agenda."""
    actor.require(Permission.RECORD_MEETINGS)
    title = text(form.title, 120, "title", _("the topic"), required=True)
    description = text(form.description, 2000, "description", _("the description"))
    category, source = TopicCategory(form.category), TopicSource(form.source)
    proposer = text(form.proposer, 60, "proposer", _("the proposer"))
    supporters = _supporters(form.supporters)
    today = today or dt.date.today()
    proposed = day(form.proposed_on, "proposed_on", _("the day it was proposed"),
                   required=False) or today
    if proposed > today:
        raise ValidationError(_("The day it was proposed is in the future."),
                              field="proposed_on")
    with uow:
        s = uow.session
        if form.proposer_resident_id:
            resident = registry.get_resident(s, form.proposer_resident_id)
            proposer = proposer or resident.name
        # (checked once the register has named a proposer chosen from it)
        proposer = check_proposal(source, proposer=proposer, signed=bool(form.signed))
        if form.id is None:
            topic = MeetingTopic(number=_next_number(s, proposed.year), stage=TopicStage.COLLECTED,
                                 recorded_by=actor.username)
            s.add(topic)
            action = AuditAction.CREATE
        else:
            topic = get_topic(s, form.id)
            if topic.stage not in (TopicStage.COLLECTED, TopicStage.ACCEPTED):
                raise ValidationError(_("The topic {number} is “{stage}”: it is no longer "
                                        "changed; its record stays as it was.").format(
                    number=topic.number, stage=topic.stage.label))
            action = AuditAction.UPDATE
        topic.title, topic.description, topic.category, topic.source = (
            title, description, category, source)
        topic.proposer, topic.proposer_resident_id = proposer, form.proposer_resident_id
        topic.signed, topic.supporters, topic.proposed_on = bool(form.signed), supporters, proposed
        s.flush()
        if form.id is None:
            s.add(MeetingTopicStep(topic_id=topic.id, from_stage=None,
                                   to_stage=TopicStage.COLLECTED, on=proposed,
                                   by=actor.username))
            s.flush()
        finish(uow, actor, action, target_kind="meeting_topic", target_id=topic.id,
               summary=Msg(N_("Topic {number}: {title}"),
                           args={"number": topic.number, "title": title}),
               changed=(MEETINGS,))
        return _row(s, topic)


@writes
def move_topic(uow: UnitOfWork, *, actor: Actor, topic_id: str, to: TopicStage,
               reason: object = "", on: dt.date | None = None) -> TopicRow:
    """A step taken by people: accepted (立项) or declined with the reason the proposer is
    told, taken off an agenda, archived. Steps the rules do not allow are refused, naming
    both stages."""
    actor.require(Permission.RECORD_MEETINGS)
    why = text(reason, 500, "reason", _("the reason"))
    to = TopicStage(to)
    when = on or dt.date.today()
    with uow:
        s = uow.session
        topic = get_topic(s, topic_id)
        before = topic.stage
        step_topic(s, actor, topic, to, on=when, reason=why)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting_topic", target_id=topic.id,
               summary=Msg(N_("Topic {number}: {old} → {new}"),
                           args={"number": topic.number, "old": Msg(before.msgid),
                                 "new": Msg(to.msgid)}),
               changed=(MEETINGS,))
        return _row(s, topic)


@reads
def list_topics(uow: UnitOfWork, *, actor: Actor, query: str = "",
                stages: tuple[TopicStage, ...] = ()) -> list[TopicRow]:
    """Topics, newest first: by words of the number, title, description or proposer, and by
    stage."""
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        stmt = select(MeetingTopic).where(MeetingTopic.archived_at.is_(None))
        for word in " ".join(str(query or "").split()).split(" "):
            if word:
                stmt = stmt.where(or_(*(column.contains(word, autoescape=True) for column in (
                    MeetingTopic.number, MeetingTopic.title, MeetingTopic.description,
                    MeetingTopic.proposer))))
        if stages:
            stmt = stmt.where(MeetingTopic.stage.in_([TopicStage(x) for x in stages]))
        topics = s.scalars(stmt.order_by(MeetingTopic.proposed_on.desc(),
                                         MeetingTopic.number.desc()))
        return [_row(s, t) for t in topics]


@reads
def topic_history(uow: UnitOfWork, *, actor: Actor, topic_id: str) -> list[StepRow]:
    """Every step of a topic, in order: when, who, why."""
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        get_topic(s, topic_id)
        return [StepRow(x.from_stage, x.to_stage, x.on, x.by, x.reason, x.meeting_id)
                for x in s.scalars(select(MeetingTopicStep).where(
                    MeetingTopicStep.topic_id == topic_id)
                    .order_by(MeetingTopicStep.change_seq))]
