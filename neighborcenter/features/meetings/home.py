"""The consultation meetings' part of the home page — the 今日 lines for the staff who see the
meetings: tasks of decisions past their due date, a meeting in the next days whose notice is
not posted yet, minutes of a meeting held and not approved yet, a public notice (公示) whose
last day is today, objections not answered yet — and the resident's section of the 360° page
(the topics they proposed, the meetings they were on the list of, with their side).

Each line opens the meetings page (ui/page.py's ``show_view``) on what it counts:
``View("meetings", {"show": "tasks"})`` (the follow-up list) and ``View("meetings",
{"meeting": id})`` (that meeting)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.features import DetailSection
from neighborcenter.core.home import HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.meetings.followup import overdue_count
from neighborcenter.features.meetings.meetings import kind_label
from neighborcenter.features.meetings.models import (
    Meeting,
    MeetingItem,
    MeetingNotice,
    MeetingObjection,
    MeetingParticipant,
    MeetingTopic,
)
from neighborcenter.features.meetings.rules import MinutesState
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

PAGE = "meetings"
#: A meeting this many days ahead is on the 今日 list until its notice is posted.
AHEAD_DAYS = 7


def meeting_view(m: Meeting) -> View:
    return View(PAGE, {"meeting": m.id}, _("{number} {title}").format(number=m.number,
                                                                        title=m.title))


def day_of(m: Meeting) -> dt.date:
    return m.starts_at.astimezone().date()


@reads
def home_part(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomePart:
    """The registered ``home``: nothing for a role that may not see the meetings."""
    if not actor.can(Permission.VIEW_MEETINGS):
        return HomePart()
    today = today or dt.date.today()
    with uow:
        s = uow.session
        items = (_overdue(s, today) + _notices_due(s, today) + _objections(s)
                 + _postings_ending(s, today) + _drafts(s, today))
        return HomePart((), tuple(items))


def _meetings(s: Session) -> list[Meeting]:
    return list(s.scalars(select(Meeting).where(Meeting.archived_at.is_(None),
                                                Meeting.cancelled_reason == "")
                          .order_by(Meeting.starts_at, Meeting.number)))


def _overdue(s: Session, today: dt.date) -> list[TodayItem]:
    n = overdue_count(s, today)
    if not n:
        return []
    return [TodayItem("problem", ngettext(
        "{n} task of a meeting's decision is past its due date",
        "{n} tasks of meetings' decisions are past their due dates", n).format(n=n),
        View(PAGE, {"show": "tasks"}, _("Tasks of the decisions")))]


def _notices_due(s: Session, today: dt.date) -> list[TodayItem]:
    """A meeting in the next days, not held yet, whose advance notice is not posted: due
    (or late)."""
    out = []
    for m in _meetings(s):
        on = day_of(m)
        if m.held or m.notice_posted_on is not None or not today <= on <= today + dt.timedelta(
                days=AHEAD_DAYS):
            continue
        due = on - dt.timedelta(days=m.notice_days)
        values = {"number": m.number, "title": m.title, "date": format_date(on),
                  "due": format_date(due)}
        if due < today:
            out.append(TodayItem("problem", _(
                "The notice of the meeting {number} “{title}” on {date} is not posted: it was "
                "due by {due}").format(**values), meeting_view(m)))
        else:
            out.append(TodayItem("review", _(
                "Post the notice of the meeting {number} “{title}” on {date} by {due}"
            ).format(**values), meeting_view(m)))
    return out


def _drafts(s: Session, today: dt.date) -> list[TodayItem]:
    """A meeting held before today whose minutes are still a draft."""
    return [TodayItem("review", _("The minutes of the meeting {number} “{title}” on {date} "
                                  "are not approved yet").format(
        number=m.number, title=m.title, date=format_date(day_of(m))), meeting_view(m))
        for m in _meetings(s)
        if m.held and m.minutes_state == MinutesState.DRAFT and day_of(m) < today]


def _postings_ending(s: Session, today: dt.date) -> list[TodayItem]:
    rows = s.execute(select(Meeting, MeetingItem).join(
        MeetingItem, MeetingItem.meeting_id == Meeting.id).join(
        MeetingNotice, MeetingNotice.item_id == MeetingItem.id).where(
        MeetingNotice.archived_at.is_(None), MeetingNotice.ends_on == today)
        .order_by(Meeting.number, MeetingItem.position))
    return [TodayItem("review", _("The public notice (公示) of “{item}” ({number}) ends today: "
                                  "objections are taken until then").format(
        item=item.title, number=m.number), meeting_view(m)) for m, item in rows]


def _objections(s: Session) -> list[TodayItem]:
    """Objections to a posted decision not answered yet, by meeting."""
    counts: dict[str, int] = {}
    found: dict[str, Meeting] = {}
    for m, _oid in s.execute(select(Meeting, MeetingObjection.id).join(
            MeetingItem, MeetingItem.meeting_id == Meeting.id).join(
            MeetingNotice, MeetingNotice.item_id == MeetingItem.id).join(
            MeetingObjection, MeetingObjection.notice_id == MeetingNotice.id).where(
            MeetingObjection.archived_at.is_(None), MeetingObjection.answer == "")
            .order_by(Meeting.starts_at)):
        counts[m.id] = counts.get(m.id, 0) + 1
        found[m.id] = m
    return [TodayItem("problem", ngettext(
        "{n} objection to a decision of the meeting {number} is not answered yet",
        "{n} objections to decisions of the meeting {number} are not answered yet",
        n).format(n=n, number=found[mid].number), meeting_view(found[mid]))
        for mid, n in counts.items()]


# ------------------------------------------------------------------------ the 360° page


@reads
def meetings_section(uow: UnitOfWork, *, actor: Actor, resident_id: str,
                     today: dt.date | None = None) -> DetailSection | None:
    """The topics the resident proposed (with where each is now) and the meetings they were
    on the list of (their side, whether they vote, whether they came), latest first; none
    for a role that may not see the meetings, nor for a resident with neither."""
    if not actor.can(Permission.VIEW_MEETINGS):
        return None
    today = today or dt.date.today()
    with uow:
        s = uow.session
        rows: list[tuple[dt.date, str, str, str]] = []
        for t in s.scalars(select(MeetingTopic).where(
                MeetingTopic.proposer_resident_id == resident_id,
                MeetingTopic.archived_at.is_(None))):
            rows.append((t.proposed_on, _("Proposed the topic {number}: {title}").format(
                number=t.number, title=t.title), t.stage.label, t.number))
        for p, m in s.execute(select(MeetingParticipant, Meeting).join(
                Meeting, Meeting.id == MeetingParticipant.meeting_id).where(
                MeetingParticipant.resident_id == resident_id,
                MeetingParticipant.archived_at.is_(None), Meeting.archived_at.is_(None))):
            on = day_of(m)
            if m.cancelled_reason:
                came = _("meeting cancelled")
            elif on >= today and not m.held:
                came = _("invited")
            else:
                came = _("attended") if p.attended else _("absent")
            rows.append((on, _("{kind} {number}: {title}").format(
                kind=kind_label(m), number=m.number, title=m.title),
                _("；").join((p.side.label, p.role.label, came)), m.number))
        if not rows:
            return None
        rows.sort(key=lambda r: (r[0], r[3]), reverse=True)
        return DetailSection(_("Consultation meetings"), (_("Date"), _("Entry"), _("Details")),
                             tuple((format_date(on), what, details)
                                   for on, what, details, _n in rows))
