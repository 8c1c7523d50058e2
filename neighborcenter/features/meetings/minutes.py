"""会中有记录, the minutes: per agenda item the discussion in short, the views (who, which side,
what — a minority view is kept), the motion, the vote (for / against / abstain, by show of
hands or by ballot with two tellers) with the quorum checked first and the outcome computed by
the meeting's rule and its reason shown ("出席 23 人，同意 15 票，超过半数，通过"), and the
decision. Drafted, then approved and locked; a later correction is an amendment row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.meetings import MEETINGS
from neighborcenter.features.meetings.meetings import (
    ItemRow,
    check_open,
    detail_of,
    get_meeting,
    quorum_of,
    rules_of,
)
from neighborcenter.features.meetings.models import (
    Meeting,
    MeetingAmendment,
    MeetingItem,
    MeetingTopicStep,
    MeetingView,
)
from neighborcenter.features.meetings.rules import (
    MinutesState,
    Outcome,
    Side,
    TopicStage,
    VoteMethod,
    amendment,
    check_approve,
    check_can_vote,
    check_tellers,
    outcome,
    parse_count,
)
from neighborcenter.features.meetings.topics import get_topic, step_topic
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ViewRow:
    id: str
    speaker: str
    side: Side
    text: str
    minority: bool


@dataclass(frozen=True)
class AmendmentRow:
    item_title: str
    correction: str
    reason: str
    by: str
    at: dt.datetime


def get_item(session: Session, item_id: str) -> tuple[MeetingItem, Meeting]:
    item = session.get(MeetingItem, item_id)
    if item is None or item.archived_at is not None:
        raise NotFound(_("This agenda item is no longer on record."))
    return item, get_meeting(session, item.meeting_id)


def _item_row(s: Session, m: Meeting, item: MeetingItem) -> ItemRow:
    return next(i for i in detail_of(s, m).items if i.id == item.id)


@writes
def record_discussion(uow: UnitOfWork, *, actor: Actor, item_id: str, summary: object = "",
                      motion: object = "") -> ItemRow:
    """The discussion of an item in short, and the motion put to the vote (draft minutes)."""
    actor.require(Permission.RECORD_MEETINGS)
    what = text(summary, 4000, "summary", _("the discussion"))
    proposal = text(motion, 1000, "motion", _("the motion"))
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        check_open(m)
        if item.votes_for is not None and proposal != item.motion:
            raise ValidationError(_("The motion of item {position} was voted on: it stays as "
                                    "it was put to the vote.").format(position=item.position),
                                  field="motion")
        item.summary, item.motion = what, proposal
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: item {position} discussed"),
                           args={"number": m.number, "position": item.position}),
               changed=(MEETINGS,))
        return _item_row(s, m, item)


@writes
def add_view(uow: UnitOfWork, *, actor: Actor, item_id: str, speaker: object, side: Side,
             said: object, minority: bool = False) -> ViewRow:
    """A view in the minutes: who, which side, what; a minority view is marked and kept."""
    actor.require(Permission.RECORD_MEETINGS)
    who = text(speaker, 60, "speaker", _("who spoke"), required=True)
    what = text(said, 2000, "said", _("what was said"), required=True)
    side = Side(side)
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        check_open(m)
        view = MeetingView(item_id=item.id, speaker=who, side=side, text=what,
                           minority=bool(minority))
        s.add(view)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: a view on item {position}"),
                           args={"number": m.number, "position": item.position}),
               changed=(MEETINGS,))
        return ViewRow(view.id, who, side, what, view.minority)


@reads
def views_of(uow: UnitOfWork, *, actor: Actor, item_id: str) -> list[ViewRow]:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        get_item(s, item_id)
        return [ViewRow(v.id, v.speaker, v.side, v.text, v.minority)
                for v in s.scalars(select(MeetingView).where(
                    MeetingView.item_id == item_id, MeetingView.archived_at.is_(None))
                    .order_by(MeetingView.created_at, MeetingView.id))]


@writes
def record_vote(uow: UnitOfWork, *, actor: Actor, item_id: str, method: VoteMethod,
                votes_for: object, against: object, abstain: object = 0,
                counter: object = "", scrutineer: object = "",
                on: dt.date | None = None) -> Outcome:
    """The vote on an item's motion. The quorum comes first (no quorum → no vote, with the
    sentence that says so); the counts are of the voting members present (列席 do not vote);
    a ballot has two tellers. The outcome follows the meeting's rule — a tie never passes —
    and the topic is 'deliberated' and 'voted'."""
    actor.require(Permission.RECORD_MEETINGS)
    method = VoteMethod(method)
    counts = (parse_count(votes_for, field="for_"), parse_count(against, field="against"),
              parse_count(abstain, field="abstain"))
    tellers = check_tellers(method, text(counter, 60, "counter", _("the counter")),
                            text(scrutineer, 60, "scrutineer", _("the scrutineer")))
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        check_open(m)
        if not item.motion:
            raise ValidationError(_("Write the motion put to the vote first."),
                                  field="motion")
        if item.decision:  # the decision follows the vote recorded: a new count may undo it
            raise ValidationError(_("The decision of item {position} is written after the vote "
                                    "recorded: the vote stands. Correct a miscount with an "
                                    "amendment once the minutes are approved.").format(
                position=item.position), field="for_")
        if item.topic_id:  # a topic taken off this agenda (put off, re-heard) is not voted here
            topic = get_topic(s, item.topic_id)
            here = s.scalar(select(MeetingTopicStep.meeting_id).where(
                MeetingTopicStep.topic_id == topic.id)
                .order_by(MeetingTopicStep.change_seq.desc(),  # one transaction: by time
                          MeetingTopicStep.created_at.desc()).limit(1))
            if here != m.id or topic.stage not in (TopicStage.SCHEDULED, TopicStage.DELIBERATED,
                                                   TopicStage.VOTED):
                raise ValidationError(_("The topic {number} is no longer on this meeting's "
                                        "agenda: it is “{stage}”.").format(
                    number=topic.number, stage=topic.stage.label), field="topic")
        q = quorum_of(s, m)
        check_can_vote(q)
        result = outcome(rules_of(m)[1], q.present, *counts)
        item.vote_method, item.present_voting = method, q.present
        item.votes_for, item.votes_against, item.votes_abstain = counts
        item.counter, item.scrutineer = tellers
        item.passed = result.passed
        if item.topic_id:
            topic = get_topic(s, item.topic_id)
            when = on or m.starts_at.astimezone().date()
            if topic.stage == TopicStage.SCHEDULED:
                step_topic(s, actor, topic, TopicStage.DELIBERATED, on=when, meeting_id=m.id)
            if topic.stage == TopicStage.DELIBERATED:
                step_topic(s, actor, topic, TopicStage.VOTED, on=when, meeting_id=m.id)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: vote on item {position}: {for_} for, "
                              "{against} against, {abstain} abstaining of {present} present"),
                           args={"number": m.number, "position": item.position,
                                 "for_": counts[0], "against": counts[1],
                                 "abstain": counts[2], "present": q.present}),
               changed=(MEETINGS,))
        return result


@writes
def record_decision(uow: UnitOfWork, *, actor: Actor, item_id: str,
                    decision: object) -> ItemRow:
    """The decision's text (决议), after the vote."""
    actor.require(Permission.RECORD_MEETINGS)
    what = text(decision, 2000, "decision", _("the decision"), required=True)
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        check_open(m)
        if item.votes_for is None:
            raise ValidationError(_("Record the vote first: the decision follows from it."),
                                  field="decision")
        item.decision = what
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: decision on item {position}"),
                           args={"number": m.number, "position": item.position}),
               changed=(MEETINGS,))
        return _item_row(s, m, item)


@writes
def approve_minutes(uow: UnitOfWork, *, actor: Actor, meeting_id: str,
                    now: dt.datetime | None = None) -> None:
    """The minutes approved (审定) and locked: only a held meeting's, and only when every
    item voted on has its decision written."""
    actor.require(Permission.RECORD_MEETINGS)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_approve(m.minutes_state)
        if m.cancelled_reason:
            raise ValidationError(_("The meeting {number} was cancelled.").format(
                number=m.number))
        if not m.held:
            raise ValidationError(_("Record who attended first: minutes are of a meeting "
                                    "that was held."), field="attendance")
        items = list(s.scalars(select(MeetingItem).where(MeetingItem.meeting_id == m.id,
                                                         MeetingItem.archived_at.is_(None))))
        missing = sorted(i.position for i in items if i.votes_for is not None
                         and not i.decision)
        if missing:
            raise ValidationError(_("Write the decision of item {items} before approving."
                                    ).format(items=_("、").join(str(n) for n in missing)),
                                  field="decision")
        m.minutes_state, m.approved_by, m.approved_at = (
            MinutesState.APPROVED, actor.username, now or utcnow())
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number} approved and locked"),
                           args={"number": m.number}), changed=(MEETINGS,))


@writes
def amend_minutes(uow: UnitOfWork, *, actor: Actor, meeting_id: str, correction: object,
                  reason: object, item_id: str | None = None,
                  now: dt.datetime | None = None) -> AmendmentRow:
    """A correction of approved minutes: kept beside them, never written into them."""
    actor.require(Permission.RECORD_MEETINGS)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        title = ""
        if item_id:
            item, owner = get_item(s, item_id)
            if owner.id != m.id:
                raise ValidationError(_("That item is of another meeting."), field="item")
            title = item.title
        a = amendment(m.minutes_state, correction=str(correction or ""),
                      reason=str(reason or ""), by=actor.display_name, at=now or utcnow())
        text(a.correction, 2000, "correction", _("the correction"))
        s.add(MeetingAmendment(meeting_id=m.id, item_id=item_id, correction=a.correction,
                               reason=a.reason, by=actor.username, at=a.at))
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number} amended: {reason}"),
                           args={"number": m.number, "reason": a.reason}),
               changed=(MEETINGS,))
        return AmendmentRow(title, a.correction, a.reason, a.by, a.at)


@reads
def amendments_of(uow: UnitOfWork, *, actor: Actor, meeting_id: str) -> list[AmendmentRow]:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        get_meeting(s, meeting_id)
        titles = {i.id: i.title for i in s.scalars(select(MeetingItem).where(
            MeetingItem.meeting_id == meeting_id))}
        return [AmendmentRow(titles.get(a.item_id or "", ""), a.correction, a.reason, a.by,
                             a.at)
                for a in s.scalars(select(MeetingAmendment).where(
                    MeetingAmendment.meeting_id == meeting_id)
                    .order_by(MeetingAmendment.at))]

