"""A meeting: its type and the rules it runs by (the type's defaults, or chosen — a 居民会议
never below the law), when and where, who convenes and facilitates; its agenda (topics
accepted, with time per item — putting a topic on the agenda is its 'scheduled' step); its
people with their side in the 3+1 model and whether they vote (列席 do not); attendance, and
the quorum computed from it and shown before any vote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.text import parse_clock
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.meetings import MEETINGS
from neighborcenter.features.meetings.models import (
    Meeting,
    MeetingItem,
    MeetingNotice,
    MeetingObjection,
    MeetingParticipant,
    MeetingTopic,
)
from neighborcenter.features.meetings.rules import (
    DecisionRule,
    MeetingType,
    MinutesState,
    Outcome,
    ParticipantRole,
    QuorumResult,
    QuorumRule,
    Side,
    TopicStage,
    check_edit,
    meeting_rules,
    notice_due,
    outcome,
    quorum,
)
from neighborcenter.features.meetings.topics import get_topic, step_topic
from neighborcenter.features.register import registry
from neighborcenter.features.volunteers.people import day, text
from neighborcenter.i18n import N_, _, format_date
from neighborcenter.storage.uow import UnitOfWork


@dataclass
class MeetingForm:
    kind: MeetingType
    title: str
    on: object  # the day, or what was typed
    at: object  # the time "14:30", as typed
    place: str
    convenor: str
    kind_name: str = ""  # the name of an OTHER meeting
    facilitator: str = ""
    recorder: str = ""
    notice_days: object = 3
    urgent: bool = False  # called at shorter notice than notice_days (say why in notes)
    quorum: QuorumRule | None = None  # None: the type's default
    decision: DecisionRule | None = None
    entitled: object = None  # 应到: the members entitled to vote; empty: the voting invited
    notes: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ItemRow:
    id: str
    position: int
    title: str
    topic_id: str | None
    topic_number: str
    minutes_planned: int | None
    summary: str
    motion: str
    outcome: Outcome | None  # None: not voted
    decision: str


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    name: str
    side: Side
    role: ParticipantRole
    organisation: str
    invited: bool
    attended: bool
    from_register: bool


@dataclass(frozen=True)
class MeetingRow:
    id: str
    number: str
    kind: MeetingType
    kind_label: str
    title: str
    starts_at: dt.datetime
    place: str
    convenor: str
    facilitator: str
    recorder: str
    notice_days: int
    held: bool
    cancelled: bool
    minutes_state: MinutesState
    quorum_rule: QuorumRule
    decision_rule: DecisionRule
    notes: str


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingRow
    items: tuple[ItemRow, ...]
    people: tuple[ParticipantRow, ...]
    quorum: QuorumResult


def get_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.archived_at is not None:
        raise NotFound(_("This meeting is no longer on record."))
    return meeting


def rules_of(m: Meeting) -> tuple[QuorumRule, DecisionRule]:
    return (QuorumRule.of(m.quorum_kind, m.quorum_num, m.quorum_den, m.quorum_more_than),
            DecisionRule.of(m.decision_kind, m.decision_basis, m.decision_num,
                            m.decision_den, m.decision_more_than))


def kind_label(m: Meeting) -> str:
    return m.kind_name if m.kind == MeetingType.OTHER and m.kind_name else m.kind.label


def meeting_row(m: Meeting) -> MeetingRow:
    q, d = rules_of(m)
    return MeetingRow(m.id, m.number, m.kind, kind_label(m), m.title, m.starts_at, m.place,
                      m.convenor, m.facilitator, m.recorder, m.notice_days, m.held,
                      bool(m.cancelled_reason), m.minutes_state, q, d, m.notes)


def quorum_of(s: Session, m: Meeting) -> QuorumResult:
    """应到 (the members entitled to vote: as set, else the voting members invited) against
    实到 (the voting members who attended)."""
    voting = [p for p in _people(s, m.id) if p.role == ParticipantRole.VOTING]
    # (a voting member who came uninvited counts among the expected too)
    entitled = m.entitled if m.entitled is not None else sum(p.invited or p.attended
                                                             for p in voting)
    present = sum(p.attended for p in voting)
    if entitled == 0:  # nobody with a vote on the list yet (a meeting just planned)
        rule = rules_of(m)[0]
        return QuorumResult(rule, 0, present, rule.threshold.needed(0), False)
    return quorum(rules_of(m)[0], entitled, present)


def item_outcome(m: Meeting, item: MeetingItem) -> Outcome | None:
    if item.votes_for is None or item.present_voting is None:
        return None
    return outcome(rules_of(m)[1], item.present_voting, item.votes_for,
                   item.votes_against or 0, item.votes_abstain or 0)


def _people(s: Session, meeting_id: str) -> list[MeetingParticipant]:
    return list(s.scalars(select(MeetingParticipant).where(
        MeetingParticipant.meeting_id == meeting_id, MeetingParticipant.archived_at.is_(None))
        .order_by(MeetingParticipant.side, MeetingParticipant.created_at,
                  MeetingParticipant.id)))


def items_of(s: Session, meeting_id: str) -> list[MeetingItem]:
    return list(s.scalars(select(MeetingItem).where(
        MeetingItem.meeting_id == meeting_id, MeetingItem.archived_at.is_(None))
        .order_by(MeetingItem.position)))


def detail_of(s: Session, m: Meeting) -> MeetingDetail:
    topics = {t.id: t.number for t in s.scalars(select(MeetingTopic).where(
        MeetingTopic.id.in_([i.topic_id for i in items_of(s, m.id) if i.topic_id])))}
    items = tuple(ItemRow(i.id, i.position, i.title, i.topic_id,
                          topics.get(i.topic_id or "", ""), i.minutes_planned, i.summary,
                          i.motion, item_outcome(m, i), i.decision) for i in items_of(s, m.id))
    people = tuple(ParticipantRow(p.id, p.name, p.side, p.role, p.organisation, p.invited,
                                  p.attended, p.resident_id is not None)
                   for p in _people(s, m.id))
    return MeetingDetail(meeting_row(m), items, people, quorum_of(s, m))


def check_open(m: Meeting) -> None:
    """The minutes of an approved meeting are locked; a cancelled meeting takes nothing."""
    if m.cancelled_reason:
        raise ValidationError(_("The meeting {number} was cancelled.").format(number=m.number))
    check_edit(m.minutes_state)


def _next_number(s: Session, year: int) -> str:
    head = f"XS{year}-"
    numbers = s.scalars(select(Meeting.number).where(Meeting.number.like(head + "%")))
    last = max((int(n[len(head):]) for n in numbers if n[len(head):].isdigit()), default=0)
    return f"{head}{last + 1:02d}"


def _whole(value: object, field: str, what: str, *, least: int, most: int) -> int:
    raw = str(value if value is not None else "").strip()
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise ValidationError(_("Enter {what} as a whole number from {least} to {most}."
                                ).format(what=what, least=least, most=most), field=field)
    return int(raw)


@writes
def save_meeting(uow: UnitOfWork, *, actor: Actor, form: MeetingForm,
                 today: dt.date | None = None) -> MeetingDetail:
    """A meeting planned (its number XS2026-01), or its details changed until its minutes
    are approved. Its notice goes up ``notice_days`` before: a meeting called at shorter
    notice is refused unless marked urgent."""
    actor.require(Permission.RECORD_MEETINGS)
    kind = MeetingType(form.kind)
    title = text(form.title, 120, "title", _("the meeting's title"), required=True)
    kind_name = text(form.kind_name, 40, "kind_name", _("the kind of meeting"),
                     required=kind == MeetingType.OTHER)
    on = day(form.on, "on", _("the day of the meeting"))
    assert on is not None
    starts = dt.datetime.combine(on, parse_clock(form.at, "at")).astimezone()
    place = text(form.place, 120, "place", _("the place"), required=True)
    convenor = text(form.convenor, 60, "convenor", _("the convenor"), required=True)
    facilitator = text(form.facilitator, 120, "facilitator", _("the facilitator"))
    recorder = text(form.recorder, 60, "recorder", _("the recorder"))
    notes = text(form.notes, 2000, "notes", _("the notes"))
    notice_days = _whole(form.notice_days, "notice_days", _("the days of notice"),
                         least=0, most=60)
    entitled = None
    if str(form.entitled if form.entitled is not None else "").strip():
        entitled = _whole(form.entitled, "entitled", _("the members entitled to vote"),
                          least=1, most=100_000)
    q, d = meeting_rules(kind, quorum=form.quorum, decision=form.decision)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        if form.id is None:
            if on >= today:  # a meeting from the paper records is entered afterwards
                notice_due(on, notice_days, today=today, urgent=form.urgent)
            m = Meeting(number=_next_number(s, on.year), minutes_state=MinutesState.DRAFT,
                        recorded_by=actor.username)
            s.add(m)
            action = AuditAction.CREATE
        else:
            m = get_meeting(s, form.id)
            check_open(m)
            action = AuditAction.UPDATE
            if (rules_of(m), m.entitled) != ((q, d), entitled) and any(
                    i.votes_for is not None for i in items_of(s, m.id)):
                # the outcomes are read by the rules: new rules would say otherwise
                raise ValidationError(_("Votes are recorded already: the quorum, the decision "
                                        "rule and the members entitled to vote stay as they "
                                        "were voted by."), field="quorum")
            if on != m.starts_at.astimezone().date() and on >= today:  # put off: notice anew
                notice_due(on, notice_days, today=today, urgent=form.urgent)
            if m.notice_posted_on is not None and (m.starts_at, m.place) != (starts, place):
                m.notice_posted_on = None  # the notice on the board says otherwise: post anew
        m.kind, m.kind_name, m.title, m.starts_at, m.place = kind, kind_name, title, starts, place
        m.convenor, m.facilitator, m.recorder, m.notes = convenor, facilitator, recorder, notes
        m.notice_days, m.entitled = notice_days, entitled
        m.quorum_kind, m.quorum_num, m.quorum_den, m.quorum_more_than = (
            q.kind, q.threshold.numerator, q.threshold.denominator, q.threshold.more_than)
        m.decision_kind, m.decision_basis = d.kind, d.basis
        m.decision_num, m.decision_den, m.decision_more_than = (
            d.threshold.numerator, d.threshold.denominator, d.threshold.more_than)
        s.flush()
        finish(uow, actor, action, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number}: {title} on {day}"),
                           args={"number": m.number, "title": title, "day": on.isoformat()}),
               changed=(MEETINGS,))
        return detail_of(s, m)


@writes
def mark_notice_posted(uow: UnitOfWork, *, actor: Actor, meeting_id: str,
                       on: object = None, today: dt.date | None = None) -> MeetingRow:
    """The advance notice (会议通知) put up on the board, on ``on`` (today by default): the
    home page stops asking for it; a notice posted later than due is kept as it was."""
    actor.require(Permission.RECORD_MEETINGS)
    today = today or dt.date.today()
    posted = day(on, "on", _("the day the notice was posted"), required=False) or today
    if posted > today:
        raise ValidationError(_("The day the notice was posted is in the future."),
                              field="on")
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_open(m)
        if posted > m.starts_at.astimezone().date():
            raise ValidationError(_("A notice is posted before the meeting ({day})."
                                    ).format(day=format_date(m.starts_at.astimezone().date())),
                                  field="on")
        m.notice_posted_on = posted
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number}: notice posted on {day}"),
                           args={"number": m.number, "day": posted.isoformat()}),
               changed=(MEETINGS,))
        return meeting_row(m)


@writes
def cancel_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: str, reason: object,
                   on: dt.date | None = None) -> None:
    """A meeting called off, with the reason; its topics go back to 'accepted'."""
    actor.require(Permission.RECORD_MEETINGS)
    why = text(reason, 500, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_open(m)
        if any(i.votes_for is not None for i in items_of(s, m.id)):
            raise ValidationError(_("The meeting {number} has votes recorded: it was held, "
                                    "it cannot be cancelled.").format(number=m.number))
        for item in items_of(s, m.id):
            if item.topic_id:
                topic = get_topic(s, item.topic_id)
                if topic.stage == TopicStage.SCHEDULED:
                    step_topic(s, actor, topic, TopicStage.ACCEPTED, on=on or dt.date.today(),
                               reason=why, meeting_id=m.id)
        m.cancelled_reason = why
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number} cancelled: {reason}"),
                           args={"number": m.number, "reason": why}), changed=(MEETINGS,))


def rehearing_reason(s: Session, topic_id: str) -> str:
    """The objections to the topic's latest posted decision that were sent to a re-hearing,
    as the reason of its step back onto an agenda ("" when there are none)."""
    latest = s.scalar(select(MeetingNotice.id).join(
        MeetingItem, MeetingItem.id == MeetingNotice.item_id).where(
        MeetingItem.topic_id == topic_id, MeetingNotice.archived_at.is_(None))
        .order_by(MeetingNotice.starts_on.desc(), MeetingNotice.change_seq.desc()).limit(1))
    texts = list(s.scalars(select(MeetingObjection.text).where(
        MeetingObjection.notice_id == latest, MeetingObjection.rehearing.is_(True),
        MeetingObjection.archived_at.is_(None)).order_by(MeetingObjection.received_on)))
    if not texts:
        return ""
    return _("Re-hearing (复议) after objections: {objections}").format(
        objections=_("；").join(texts))[:500]


@writes
def add_item(uow: UnitOfWork, *, actor: Actor, meeting_id: str, title: object = "",
             topic_id: str | None = None, minutes_planned: object = None,
             on: dt.date | None = None) -> ItemRow:
    """An item on the agenda: a topic accepted (it is then 'on a meeting's agenda'; its
    title is the item's unless another is given), or a point without a topic."""
    actor.require(Permission.RECORD_MEETINGS)
    name = text(title, 120, "title", _("the agenda item"))
    planned = None
    if str(minutes_planned if minutes_planned is not None else "").strip():
        planned = _whole(minutes_planned, "minutes_planned", _("the minutes for the item"),
                         least=1, most=600)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_open(m)
        if topic_id:
            topic = get_topic(s, topic_id)
            # a re-hearing (复议): a posted decision objected to goes on a later agenda
            rehearing = (rehearing_reason(s, topic.id) if topic.stage == TopicStage.POSTED
                         else "")
            if topic.stage != TopicStage.ACCEPTED and not rehearing:
                raise ValidationError(_("Only a topic accepted (已立项), or one sent to a "
                                        "re-hearing, goes on an agenda; {number} is "
                                        "“{stage}”.").format(
                    number=topic.number, stage=topic.stage.label), field="topic")
            step_topic(s, actor, topic, TopicStage.SCHEDULED, on=on or dt.date.today(),
                       reason=rehearing, meeting_id=m.id)
            name = name or topic.title
        if not name:
            raise ValidationError(_("Enter the agenda item, or choose a topic."), field="title")
        position = (s.scalar(select(func.max(MeetingItem.position)).where(
            MeetingItem.meeting_id == m.id, MeetingItem.archived_at.is_(None))) or 0) + 1
        item = MeetingItem(meeting_id=m.id, topic_id=topic_id, position=position, title=name,
                           minutes_planned=planned)
        s.add(item)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number}: agenda item {position} {title}"),
                           args={"number": m.number, "position": position, "title": name}),
               changed=(MEETINGS,))
        return next(i for i in detail_of(s, m).items if i.id == item.id)


@writes
def add_participant(uow: UnitOfWork, *, actor: Actor, meeting_id: str, name: object = "",
                    side: Side, role: ParticipantRole, organisation: object = "",
                    resident_id: str | None = None, invited: bool = True,
                    attended: bool = False) -> ParticipantRow:
    """Someone invited (or who came uninvited: ``invited`` False, ``attended`` True), with
    their side and whether they vote; a resident may be chosen from the register."""
    actor.require(Permission.RECORD_MEETINGS)
    who = text(name, 60, "name", _("the name"))
    org = text(organisation, 120, "organisation", _("the organisation"))
    side, role = Side(side), ParticipantRole(role)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_open(m)
        if resident_id:
            who = who or registry.get_resident(s, resident_id).name
        if not who:
            raise ValidationError(_("Enter the name."), field="name")
        same = [p for p in _people(s, m.id) if p.name == who and p.organisation == org]
        if same:
            raise ValidationError(_("{name} is on the list of this meeting already.").format(
                name=who), field="name")
        if role == ParticipantRole.VOTING and any(i.votes_for is not None
                                                  for i in items_of(s, m.id)):
            # a voting member now would change 应到/实到 under the votes already counted
            raise ValidationError(_("Votes are recorded already with {n} voting members "
                                    "present: a voting member is not added now; add them as a "
                                    "non-voting attendee, or amend the minutes.").format(
                n=quorum_of(s, m).present), field="role")
        row = MeetingParticipant(meeting_id=m.id, name=who, resident_id=resident_id, side=side,
                                 role=role, organisation=org, invited=invited,
                                 attended=attended)
        s.add(row)
        m.held = m.held or bool(attended)
        s.flush()
        quorum_of(s, m)  # refused (and undone) when more are present than are entitled
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number}: a participant added"),
                           args={"number": m.number}), changed=(MEETINGS,))
        return ParticipantRow(row.id, who, side, role, org, invited, attended,
                              resident_id is not None)


@writes
def set_attendance(uow: UnitOfWork, *, actor: Actor, meeting_id: str,
                   attended: dict[str, bool]) -> MeetingDetail:
    """签到: who came (participant id → attended). The meeting counts as held once anyone
    attended; the quorum follows."""
    actor.require(Permission.RECORD_MEETINGS)
    with uow:
        s = uow.session
        m = get_meeting(s, meeting_id)
        check_open(m)
        people = {p.id: p for p in _people(s, m.id)}
        unknown = set(attended) - set(people)
        if unknown:
            raise NotFound(_("Someone on this list is no longer on the meeting's list."))
        voted = any(i.votes_for is not None for i in items_of(s, m.id))
        for pid, came in attended.items():
            p = people[pid]
            if voted and p.role == ParticipantRole.VOTING and p.attended != bool(came):
                raise ValidationError(_("Votes are recorded already with {n} voting members "
                                        "present: correct the attendance before the votes, or "
                                        "amend the minutes.").format(n=quorum_of(s, m).present))
            p.attended = bool(came)
        m.held = any(p.attended for p in people.values())
        s.flush()
        q = quorum_of(s, m)
        finish(uow, actor, AuditAction.UPDATE, target_kind="meeting", target_id=m.id,
               summary=Msg(N_("Meeting {number}: attendance, {present} of {entitled} "
                              "voting members"),
                           args={"number": m.number, "present": q.present,
                                 "entitled": q.entitled}), changed=(MEETINGS,))
        return detail_of(s, m)


@reads
def meeting_detail(uow: UnitOfWork, *, actor: Actor, meeting_id: str) -> MeetingDetail:
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        return detail_of(s, get_meeting(s, meeting_id))


@reads
def list_meetings(uow: UnitOfWork, *, actor: Actor, year: int | None = None
                  ) -> list[MeetingDetail]:
    """Meetings, latest first (of ``year``), each with its items' outcomes and reasons."""
    actor.require(Permission.VIEW_MEETINGS)
    with uow:
        s = uow.session
        stmt = select(Meeting).where(Meeting.archived_at.is_(None))
        if year is not None:
            stmt = stmt.where(Meeting.number.like(f"XS{year}-%"))
        return [detail_of(s, m) for m in s.scalars(stmt.order_by(Meeting.starts_at.desc()))]
