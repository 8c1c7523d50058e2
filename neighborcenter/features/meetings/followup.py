"""会后有结果，落实有回音: the public notice (公示) of a decision — its first and last day (7 days
unless set otherwise) and where objections go —, the objections received while it is up and
how each was answered (or sent to a re-hearing, 复议: the topic goes on a later agenda), the
tasks a decision becomes (an owner, a due date, progress notes; overdue is read from the due
date), and the residents' evaluation at the end (满意率).

The topic follows: posted with the notice, being carried out with its first task, evaluated
with the evaluation. Task updates are append-only; a task is never deleted."""

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
from neighborcenter.features.meetings.meetings import get_meeting
from neighborcenter.features.meetings.minutes import get_item
from neighborcenter.features.meetings.models import (
    MeetingEvaluation,
    MeetingItem,
    MeetingNotice,
    MeetingObjection,
    MeetingTask,
    MeetingTaskUpdate,
)
from neighborcenter.features.meetings.rules import (
    POSTING_DAYS,
    FollowUpState,
    MinutesState,
    TopicStage,
    follow_up_state,
    objection_in_time,
    posting_period,
    satisfaction_rate,
)
from neighborcenter.features.meetings.topics import get_topic, step_topic
from neighborcenter.features.volunteers.people import day, text
from neighborcenter.i18n import N_, _, format_date
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class NoticeRow:
    id: str
    item_id: str
    meeting_number: str
    item_title: str
    decision: str
    starts_on: dt.date
    ends_on: dt.date
    objections_to: str
    objections: int


@dataclass(frozen=True)
class ObjectionRow:
    id: str
    received_on: dt.date
    from_name: str
    text: str
    answer: str
    rehearing: bool


@dataclass(frozen=True)
class TaskRow:
    id: str
    item_id: str
    meeting_number: str
    item_title: str
    description: str
    owner: str
    due_on: dt.date
    state: FollowUpState  # overdue worked out on the day asked
    done_on: dt.date | None
    last_update: str


@dataclass(frozen=True)
class EvaluationRow:
    on: dt.date
    satisfied: int
    fairly: int
    dissatisfied: int
    rate: str  # "95%"
    notes: str


def _whole(value: object, field: str, what: str, *, least: int = 0, most: int = 100_000
           ) -> int:
    raw = str(value if value is not None else "").strip()
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise ValidationError(_("Enter {what} as a whole number from {least} to {most}."
                                ).format(what=what, least=least, most=most), field=field)
    return int(raw)


def _notice_row(s: Session, n: MeetingNotice) -> NoticeRow:
    item, m = get_item(s, n.item_id)
    count = len(list(s.scalars(select(MeetingObjection.id).where(
        MeetingObjection.notice_id == n.id, MeetingObjection.archived_at.is_(None)))))
    return NoticeRow(n.id, item.id, m.number, item.title, item.decision, n.starts_on,
                     n.ends_on, n.objections_to, count)


def _get_notice(s: Session, notice_id: str) -> MeetingNotice:
    notice = s.get(MeetingNotice, notice_id)
    if notice is None or notice.archived_at is not None:
        raise NotFound(_("This public notice is no longer on record."))
    return notice


def _get_task(s: Session, task_id: str) -> MeetingTask:
    task = s.get(MeetingTask, task_id)
    if task is None or task.archived_at is not None:
        raise NotFound(_("This task is no longer on record."))
    return task


# ------------------------------------------------------------------- 公示 and objections


@writes
def post_notice(uow: UnitOfWork, *, actor: Actor, item_id: str, objections_to: object,
                starts_on: object = None, days: object = POSTING_DAYS,
                today: dt.date | None = None) -> NoticeRow:
    """The public notice of an item's decision: only from approved minutes, of an item voted
    on with its decision written; once per item. Its topic is then 'result posted'."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    where = text(objections_to, 200, "objections_to",
                 _("where objections go (a place, a person, a phone)"), required=True)
    first = day(starts_on, "starts_on", _("the first day of the posting"),
                required=False) or today
    count = _whole(days, "days", _("the days posted"), least=1, most=366)
    start, end = posting_period(first, count)
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        if m.minutes_state != MinutesState.APPROVED:
            raise ValidationError(_("Approve the minutes of {number} first: what is posted "
                                    "is what was approved.").format(number=m.number))
        if item.votes_for is None or not item.decision:
            raise ValidationError(_("Item {position} has no vote and decision to post."
                                    ).format(position=item.position))
        if start < m.starts_at.astimezone().date():
            raise ValidationError(_("The posting cannot begin before the meeting ({day})."
                                    ).format(day=format_date(m.starts_at.astimezone().date())),
                                  field="starts_on")
        before = s.scalar(select(MeetingNotice).where(MeetingNotice.item_id == item.id,
                                                      MeetingNotice.archived_at.is_(None)))
        if before is not None:
            raise ValidationError(_("This decision was posted already, from {first} to "
                                    "{last}.").format(first=format_date(before.starts_on),
                                                      last=format_date(before.ends_on)))
        notice = MeetingNotice(item_id=item.id, starts_on=start, ends_on=end,
                               objections_to=where, posted_by=actor.username)
        s.add(notice)
        if item.topic_id:
            topic = get_topic(s, item.topic_id)
            if topic.stage == TopicStage.VOTED:
                step_topic(s, actor, topic, TopicStage.POSTED, on=start, meeting_id=m.id)
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: the decision of item {position} posted "
                              "from {first} to {last}"),
                           args={"number": m.number, "position": item.position,
                                 "first": start.isoformat(), "last": end.isoformat()}),
               changed=(MEETINGS,))
        return _notice_row(s, notice)


@writes
def record_objection(uow: UnitOfWork, *, actor: Actor, notice_id: str, text_: object,
                     from_name: object = "", received_on: object = None,
                     today: dt.date | None = None) -> ObjectionRow:
    """An objection received while the notice is up (its last day included); the name may
    be left out (anonymous). One received after the posting is refused, saying the period."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    what = text(text_, 2000, "text", _("the objection"), required=True)
    who = text(from_name, 60, "from_name", _("who objects"))
    received = day(received_on, "received_on", _("the day it was received"),
                   required=False) or today
    if received > today:
        raise ValidationError(_("The day it was received is in the future."),
                              field="received_on")
    with uow:
        s = uow.session
        notice = _get_notice(s, notice_id)
        days = (notice.ends_on - notice.starts_on).days + 1
        if not objection_in_time(received, notice.starts_on, days):
            raise ValidationError(_("Objections are taken while the notice is up, from {first} "
                                    "to {last}; this one came on {day}.").format(
                first=format_date(notice.starts_on), last=format_date(notice.ends_on),
                day=format_date(received)), field="received_on")
        row = MeetingObjection(notice_id=notice.id, received_on=received, from_name=who,
                               text=what, recorded_by=actor.username)
        s.add(row)
        s.flush()
        item, m = get_item(s, notice.item_id)
        finish(uow, actor, AuditAction.CREATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: an objection to the decision of item "
                              "{position}"),
                           args={"number": m.number, "position": item.position}),
               changed=(MEETINGS,))
        return ObjectionRow(row.id, received, who, what, "", False)


@writes
def answer_objection(uow: UnitOfWork, *, actor: Actor, objection_id: str, answer: object,
                     rehearing: bool = False) -> ObjectionRow:
    """How an objection was answered; ``rehearing`` sends the decision back to a meeting
    (复议): its topic goes on the agenda of a later meeting (``meetings.add_item``)."""
    actor.require(Permission.RECORD_MEETINGS)
    said = text(answer, 2000, "answer", _("the answer"), required=True)
    with uow:
        s = uow.session
        row = s.get(MeetingObjection, objection_id)
        if row is None or row.archived_at is not None:
            raise NotFound(_("This objection is no longer on record."))
        if row.answer:
            raise ValidationError(_("This objection was answered already; its answer stays "
                                    "as it was."))
        notice = _get_notice(s, row.notice_id)
        item, m = get_item(s, notice.item_id)
        if rehearing and not item.topic_id:
            raise ValidationError(_("A re-hearing puts the topic on a later meeting's agenda; "
                                    "this item has no topic. Enter the item as a topic "
                                    "first."), field="rehearing")
        if rehearing and item.topic_id and get_topic(s, item.topic_id).stage not in (
                TopicStage.POSTED, TopicStage.SCHEDULED):
            raise ValidationError(_("The topic is “{stage}”: it goes back to a meeting only "
                                    "while its result is posted.").format(
                stage=get_topic(s, item.topic_id).stage.label), field="rehearing")
        row.answer, row.rehearing = said, bool(rehearing)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: an objection to item {position} "
                              "answered{rehearing}"),
                           args={"number": m.number, "position": item.position,
                                 "rehearing": Msg(N_(" (re-hearing)")) if rehearing else ""}),
               changed=(MEETINGS,))
        return ObjectionRow(row.id, row.received_on, row.from_name, row.text, said,
                            row.rehearing)


@reads
def notices(uow: UnitOfWork, *, actor: Actor, meeting_id: str) -> list[NoticeRow]:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        get_meeting(s, meeting_id)
        rows = s.scalars(select(MeetingNotice).join(
            MeetingItem, MeetingItem.id == MeetingNotice.item_id).where(
            MeetingItem.meeting_id == meeting_id, MeetingNotice.archived_at.is_(None))
            .order_by(MeetingItem.position))
        return [_notice_row(s, n) for n in rows]


@reads
def objections_of(uow: UnitOfWork, *, actor: Actor, notice_id: str) -> list[ObjectionRow]:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        _get_notice(s, notice_id)
        return [ObjectionRow(o.id, o.received_on, o.from_name, o.text, o.answer, o.rehearing)
                for o in s.scalars(select(MeetingObjection).where(
                    MeetingObjection.notice_id == notice_id,
                    MeetingObjection.archived_at.is_(None))
                    .order_by(MeetingObjection.received_on, MeetingObjection.created_at))]


# ------------------------------------------------------------------------------ the tasks


def _task_row(s: Session, t: MeetingTask, today: dt.date) -> TaskRow:
    item, m = get_item(s, t.item_id)
    last = s.scalar(select(MeetingTaskUpdate.text).where(MeetingTaskUpdate.task_id == t.id)
                    .order_by(MeetingTaskUpdate.change_seq.desc()).limit(1))
    return TaskRow(t.id, item.id, m.number, item.title, t.description, t.owner, t.due_on,
                   follow_up_state(t.status, due=t.due_on, today=today), t.done_on,
                   last or "")


@writes
def add_task(uow: UnitOfWork, *, actor: Actor, item_id: str, description: object,
             owner: object, due_on: object, today: dt.date | None = None) -> TaskRow:
    """A task a passed decision becomes, once it is posted: what, who, by when. The first
    task puts the topic into 'being carried out'."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    what = text(description, 500, "description", _("the task"), required=True)
    who = text(owner, 60, "owner", _("who carries it out"), required=True)
    due = day(due_on, "due_on", _("the due date"))
    assert due is not None
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        if not item.passed:
            raise ValidationError(_("Only a decision that passed becomes tasks."))
        notice = s.scalar(select(MeetingNotice).where(MeetingNotice.item_id == item.id,
                                                      MeetingNotice.archived_at.is_(None)))
        if notice is None:
            raise ValidationError(_("Post the decision first (公示): the tasks follow the "
                                    "notice."))
        if s.scalar(select(MeetingObjection.id).where(
                MeetingObjection.notice_id == notice.id, MeetingObjection.rehearing.is_(True),
                MeetingObjection.archived_at.is_(None)).limit(1)) is not None:
            raise ValidationError(_("The decision was sent to a re-hearing (复议) after "
                                    "objections: it is not carried out until it is heard "
                                    "again."))
        if due < notice.starts_on:
            raise ValidationError(_("The due date is before the decision was posted ({day})."
                                    ).format(day=format_date(notice.starts_on)),
                                  field="due_on")
        task = MeetingTask(item_id=item.id, description=what, owner=who, due_on=due,
                           status=FollowUpState.OPEN)
        s.add(task)
        if item.topic_id:
            topic = get_topic(s, item.topic_id)
            if topic.stage == TopicStage.POSTED:
                step_topic(s, actor, topic, TopicStage.IMPLEMENTING,
                           on=max(today, notice.starts_on), meeting_id=m.id)
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: a task of item {position}, due {due}"),
                           args={"number": m.number, "position": item.position,
                                 "due": due.isoformat()}),
               changed=(MEETINGS,))
        return _task_row(s, task, today)


@writes
def update_task(uow: UnitOfWork, *, actor: Actor, task_id: str, note: object,
                done: bool = False, on: object = None,
                today: dt.date | None = None) -> TaskRow:
    """Progress on a task (a note, kept in order); ``done`` finishes it on that day."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    said = text(note, 1000, "note", _("what happened"), required=True)
    when = day(on, "on", _("the day"), required=False) or today
    if when > today:
        raise ValidationError(_("The day is in the future."), field="on")
    with uow:
        s = uow.session
        task = _get_task(s, task_id)
        if task.status == FollowUpState.DONE:
            raise ValidationError(_("This task was finished on {day}.").format(
                day=format_date(task.done_on) if task.done_on else ""))
        s.add(MeetingTaskUpdate(task_id=task.id, on=when, text=said, by=actor.username))
        task.status = FollowUpState.DONE if done else FollowUpState.IN_PROGRESS
        task.done_on = when if done else None
        s.flush()
        item, m = get_item(s, task.item_id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: progress on a task of item {position}"
                              "{done}"),
                           args={"number": m.number, "position": item.position,
                                 "done": Msg(N_(" (done)")) if done else ""}),
               changed=(MEETINGS,))
        return _task_row(s, task, today)


@reads
def list_tasks(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None,
               meeting_id: str | None = None, open_only: bool = False) -> list[TaskRow]:
    """The tasks (of one meeting, or all), the soonest due first; ``open_only`` leaves out
    the finished ones."""
    actor.require(Permission.VIEW_MEETINGS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        q = select(MeetingTask).where(MeetingTask.archived_at.is_(None))
        if meeting_id:
            q = q.join(MeetingItem, MeetingItem.id == MeetingTask.item_id).where(
                MeetingItem.meeting_id == meeting_id)
        if open_only:
            q = q.where(MeetingTask.status != FollowUpState.DONE)
        return [_task_row(s, t, today)
                for t in s.scalars(q.order_by(MeetingTask.due_on, MeetingTask.created_at))]


def overdue_count(s: Session, today: dt.date) -> int:
    """Tasks not finished whose due date has passed (the home page's line)."""
    return len(list(s.scalars(select(MeetingTask.id).where(
        MeetingTask.archived_at.is_(None), MeetingTask.status != FollowUpState.DONE,
        MeetingTask.due_on < today))))


@reads
def overdue_count_of(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> int:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        return overdue_count(uow.session, today or dt.date.today())


# ------------------------------------------------------------------------- the evaluation


@writes
def evaluate(uow: UnitOfWork, *, actor: Actor, item_id: str, satisfied: object,
             fairly: object, dissatisfied: object, notes: object = "", on: object = None,
             today: dt.date | None = None) -> EvaluationRow:
    """The residents' evaluation once the decision's tasks are done (落实有回音): how many
    were satisfied, fairly satisfied, dissatisfied, and what they said; the topic is then
    'evaluated by residents'."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    counts = (_whole(satisfied, "satisfied", _("the satisfied")),
              _whole(fairly, "fairly", _("the fairly satisfied")),
              _whole(dissatisfied, "dissatisfied", _("the dissatisfied")))
    if not any(counts):
        raise ValidationError(_("Enter how many residents answered."), field="satisfied")
    said = text(notes, 2000, "notes", _("what residents said"))
    when = day(on, "on", _("the day"), required=False) or today
    if when > today:
        raise ValidationError(_("The day is in the future."), field="on")
    with uow:
        s = uow.session
        item, m = get_item(s, item_id)
        tasks = list(s.scalars(select(MeetingTask).where(MeetingTask.item_id == item.id,
                                                         MeetingTask.archived_at.is_(None))))
        if not tasks:
            raise ValidationError(_("The decision has no tasks yet: residents evaluate what "
                                    "was carried out."))
        before = s.scalar(select(MeetingEvaluation).where(
            MeetingEvaluation.item_id == item.id, MeetingEvaluation.archived_at.is_(None)))
        if before is not None:
            raise ValidationError(_("The residents evaluated this decision already, on {day}."
                                    ).format(day=format_date(before.on)))
        pending = [t for t in tasks if t.status != FollowUpState.DONE]
        if pending:
            raise ValidationError(_("Not every task is done yet: {tasks}.").format(
                tasks=_("、").join(t.description for t in pending)))
        row = MeetingEvaluation(item_id=item.id, on=when, satisfied=counts[0],
                                fairly=counts[1], dissatisfied=counts[2], notes=said,
                                by=actor.username)
        s.add(row)
        if item.topic_id:
            topic = get_topic(s, item.topic_id)
            if topic.stage == TopicStage.IMPLEMENTING:
                step_topic(s, actor, topic, TopicStage.EVALUATED, on=when, meeting_id=m.id)
        s.flush()
        rate = _rate(row)
        finish(uow, actor, AuditAction.CREATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Minutes of {number}: residents' evaluation of item "
                              "{position}, {rate} satisfied"),
                           args={"number": m.number, "position": item.position,
                                 "rate": rate}),
               changed=(MEETINGS,))
        return EvaluationRow(when, *counts, rate, said)


def _rate(e: MeetingEvaluation) -> str:
    return satisfaction_rate({"satisfied": e.satisfied, "fairly": e.fairly,
                              "dissatisfied": e.dissatisfied})


@reads
def evaluations_of(uow: UnitOfWork, *, actor: Actor, item_id: str) -> list[EvaluationRow]:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        get_item(s, item_id)
        return [EvaluationRow(e.on, e.satisfied, e.fairly, e.dissatisfied, _rate(e), e.notes)
                for e in s.scalars(select(MeetingEvaluation).where(
                    MeetingEvaluation.item_id == item_id,
                    MeetingEvaluation.archived_at.is_(None)).order_by(MeetingEvaluation.on))]
