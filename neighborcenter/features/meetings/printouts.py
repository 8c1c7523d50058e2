"""The consultation meetings' papers, A4 in the plain official style, the Chinese font
embedded (printing/paper.py draws them; every word is translated here):

- 会议通知, the advance notice to post: the kind and title of the meeting, its time and place,
  who convenes and who facilitates it, the agenda (item, topic number, minutes per item),
  "请准时参加", the issuing body and the date. No personal data beyond the convenor.
- 签到表, the sign-in sheet: the meeting's heading, one row per person on its list (序号, 姓名,
  身份/方, 单位, 表决权 有/列席, and an empty box tall enough to sign in) and a few blank rows
  for those who come unannounced; 应到 and 实到 at the foot.
- 会议记录, the minutes: the meeting's data, 应到/实到 with the quorum sentence, who attended by
  side, then per item the discussion, the views (a minority view marked), the motion, the
  vote (for, against, abstaining, the method, the tellers), the outcome with its reason and
  the decision; at the end who approved them and when — or "草稿 — 未审定" over every page of
  a draft — and the amendments (更正) after the approved text.
- 公示, the public notice of a meeting's decisions (those posted, followup.post_notice): the
  decisions and their votes, the posting period and where objections go, the issuing body
  and the date. Names no one.

The notice and the 公示 go on the wall (no frame); the sign-in sheet and the minutes carry
names and are internal (the shared frame, 内部资料). Every print is audited (PRINT: which paper
of which meeting, never a name) before the file is handed over (core/handover.py).
``meeting`` is the meeting's id or its number (XS2026-03)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import handed_over, pdf_output_path
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.meetings.meetings import (
    MeetingDetail,
    ParticipantRow,
    detail_of,
    get_meeting,
)
from neighborcenter.features.meetings.models import (
    Meeting,
    MeetingAmendment,
    MeetingItem,
    MeetingNotice,
    MeetingView,
)
from neighborcenter.features.meetings.rules import (
    MinutesState,
    Outcome,
    ParticipantRole,
    Side,
    VoteMethod,
)
from neighborcenter.i18n import N_, _, format_date, ngettext, pgettext
from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import FrameText
from neighborcenter.printing.paper import (
    MM,
    WIDTH,
    Paper,
    build,
    draw_paper,
    frame_text,
    paper_styles,
    para,
    table,
)
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import UnitOfWork

#: what can be printed (the command line's --what), with the audit's word for it
PAPERS = {"notice": N_("meeting notice"), "sign-in": N_("sign-in sheet"),
          "minutes": N_("minutes"), "publicity": N_("public notice of the decisions")}
BLANK_ROWS = 5  # on the sign-in sheet, for those who come unannounced
SIGN_ROW_MM = 11.0  # a sign-in row: room to sign by hand
BLANK = "________"


# ------------------------------------------------------------------------------ shared


def find_meeting(session: Session, meeting: str) -> Meeting:
    """A meeting by its id or its number ("XS2026-03", "xs2026-03")."""
    key = (meeting or "").strip()
    found = session.get(Meeting, key) if key else None
    if found is None and key:
        found = session.scalar(select(Meeting).where(
            func.upper(Meeting.number) == key.upper(), Meeting.archived_at.is_(None)))
    if found is None or found.archived_at is not None:
        raise NotFound(_("No meeting {meeting} is on record.").format(meeting=key))
    return get_meeting(session, found.id)


def _day(value: dt.date | None) -> str:
    """"2026年3月12日"."""
    return format_date(value, "long") if value else ""


def _when(at: dt.datetime) -> str:
    """"2026年3月12日星期四 14:30"."""
    local = at.astimezone()
    return pgettext("a meeting's day and time", "{day} {time}").format(
        day=format_date(local.date(), "full"), time=local.strftime("%H:%M"))


def _heading(d: MeetingDetail) -> str:
    """"议事会：关于垃圾投放点选址的协商（XS2026-03）"."""
    return _("{kind}: {title} ({number})").format(kind=d.meeting.kind_label,
                                                  title=d.meeting.title,
                                                  number=d.meeting.number)


def _staff_name(session: Session, username: str | None) -> str:
    """The display name of an account (its login name if it is not there any more)."""
    if not username:
        return ""
    return session.scalar(select(Account.display_name).where(
        Account.username == username)) or username


def _vote_right(p: ParticipantRow) -> str:
    return (pgettext("sign-in sheet: has a vote", "Yes") if p.role == ParticipantRole.VOTING
            else pgettext("sign-in sheet: no vote", "Attending only"))


def _side(p: ParticipantRow) -> str:
    return p.side.label


@dataclass(frozen=True)
class Drawn:
    """What a paper's maker gives back: how to draw it into a file, and what the audit
    entry says of it beyond the paper and the meeting (counts, never a name)."""

    draw: Callable[[Path], None]
    detail: dict


def _print(uow: UnitOfWork, actor: Actor, meeting: str, what: str, path: Path | str,
           make: Callable[[Session, Meeting, MeetingDetail, str, str], Drawn]) -> Path:
    """The meeting found, its paper made (``make``: session, meeting, its detail, the
    centre's name, the frame's header) and drawn into the file handed over, audited (PRINT)
    first."""
    actor.require(Permission.VIEW_MEETINGS)
    target, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        m = find_meeting(s, meeting)
        name, header = centre_heading(s)
        drawn = make(s, m, detail_of(s, m), name, header)
        with handed_over(target, protected=protected) as partial:
            drawn.draw(partial)
            finish(uow, actor, AuditAction.PRINT, target_kind="meeting", target_id=m.id,
                   summary=Msg(N_("Printed the {paper} of meeting {number}"),
                               args={"paper": Msg(PAPERS[what]), "number": m.number}),
                   detail={"number": m.number, "paper": what, **drawn.detail},
                   changed=(changes.AUDIT,))
        return target


# ------------------------------------------------------------------------------ 会议通知


def notice_paper(centre: str, d: MeetingDetail, *, issued_on: dt.date) -> Paper:
    m = d.meeting
    facts = [_("Meeting: {kind}").format(kind=m.kind_label),
             _("Time: {when}").format(when=_when(m.starts_at)),
             _("Place: {place}").format(place=m.place),
             _("Convenor: {name}").format(name=m.convenor)]
    if m.facilitator:
        facts.append(_("Facilitated by: {name}").format(name=m.facilitator))
    number = pgettext("a row's number in a list", "No.")
    agenda = tuple((str(i.position), i.title, i.topic_number or "—",
                    str(i.minutes_planned) if i.minutes_planned else "—") for i in d.items)
    return Paper(
        centre=centre, title=_("Meeting notice"), subtitle=m.title, facts=tuple(facts),
        sections=((_("Agenda"), (number, _("Agenda item"), _("Topic number"),
                                 _("Minutes planned")), agenda, (14, WIDTH - 84, 40, 30)),),
        closing=(_("Residents and members concerned are warmly invited. Please be on "
                   "time."),),
        signature=(centre, _day(issued_on)), empty=_("The agenda follows."))


def _notice_day(m: Meeting, today: dt.date) -> dt.date:
    """The date a notice printed today bears: today, or, printed again after the meeting,
    the day it was due (``notice_days`` before)."""
    meeting_day = m.starts_at.astimezone().date()
    return today if today <= meeting_day else meeting_day - dt.timedelta(days=m.notice_days)


@writes
def print_notice(uow: UnitOfWork, *, actor: Actor, meeting: str, path: Path | str,
                 issued_on: dt.date | None = None) -> Path:
    """会议通知 as a PDF to post: the meeting, its time and place, the convenor and the
    facilitator, the agenda; dated ``issued_on`` (else the day it was posted, else today —
    or, printed again after the meeting, the day it was due)."""

    def make(s: Session, m: Meeting, d: MeetingDetail, name: str, _header: str) -> Drawn:
        if m.cancelled_reason:
            raise ValidationError(_("The meeting {number} was cancelled.").format(
                number=m.number))
        on = issued_on or m.notice_posted_on or _notice_day(m, dt.date.today())
        paper = notice_paper(name, d, issued_on=on)
        return Drawn(lambda out: draw_paper(out, paper, author=name), {})

    return _print(uow, actor, meeting, "notice", path, make)


# -------------------------------------------------------------------------------- 签到表


@dataclass(frozen=True)
class SignIn:
    heading: str
    facts: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    foot: str


def sign_in_sheet(d: MeetingDetail, *, blank_rows: int = BLANK_ROWS) -> SignIn:
    m = d.meeting
    people = [p for p in d.people if p.invited or p.attended]
    # the voting members first (the 应到 are theirs), then by side in the order of the 3+1
    sides = list(Side)
    people.sort(key=lambda p: (p.role != ParticipantRole.VOTING, sides.index(p.side)))
    rows = [(str(n), p.name, _side(p), p.organisation, _vote_right(p), "")
            for n, p in enumerate(people, 1)]
    rows += [(str(n), "", "", "", "", "")
             for n in range(len(people) + 1, len(people) + 1 + blank_rows)]
    observers = sum(p.role == ParticipantRole.OBSERVER for p in people)
    return SignIn(
        heading=_heading(d),
        facts=(_("Time: {when}").format(when=_when(m.starts_at)),
               _("Place: {place}").format(place=m.place)),
        header=(pgettext("a row's number in a list", "No."), _("Name"),
                _("Side or role"), _("Organisation"),
                pgettext("sign-in sheet column", "Vote"), _("Signature")),
        rows=tuple(rows),
        foot=_("Voting members expected: {entitled}　present: {blank}　non-voting "
               "attendees invited: {observers}　present: {blank}").format(
            entitled=d.quorum.entitled, observers=observers, blank=BLANK))


def draw_sign_in(path: Path, sheet: SignIn, *, centre: str, frame: FrameText) -> None:
    from reportlab.platypus import Spacer

    st = paper_styles(chinese_font())
    story: list = [para(_("Sign-in sheet"), st["title"]), para(sheet.heading, st["sub"])]
    story += [para(x, st["line"]) for x in sheet.facts]
    story.append(table("", sheet.header, sheet.rows, (12, 26, 40, 44, 16, WIDTH - 138), st,
                       row_height=SIGN_ROW_MM))
    story += [Spacer(1, 4 * MM), para(sheet.foot, st["line"])]
    build(path, story, title=_("Sign-in sheet"), author=centre, frame=frame)


@writes
def print_sign_in(uow: UnitOfWork, *, actor: Actor, meeting: str, path: Path | str,
                  blank_rows: int = BLANK_ROWS) -> Path:
    """签到表 as a PDF: a row to sign for each person on the meeting's list, and
    ``blank_rows`` more. It names people: internal, audited."""

    def make(s: Session, m: Meeting, d: MeetingDetail, name: str, header: str) -> Drawn:
        if not 0 <= blank_rows <= 50:
            raise ValidationError(_("Enter 0 to 50 blank rows."), field="blank_rows")
        sheet = sign_in_sheet(d, blank_rows=blank_rows)
        return Drawn(lambda out: draw_sign_in(out, sheet, centre=name,
                                              frame=frame_text(header, actor)),
                     {"people": len(sheet.rows) - blank_rows})

    return _print(uow, actor, meeting, "sign-in", path, make)


# ------------------------------------------------------------------------------ 会议记录


@dataclass(frozen=True)
class ItemMinutes:
    heading: str
    lines: tuple[str, ...]  # the discussion, the motion
    views: tuple[tuple[str, str, str], ...]  # speaker, side, what (minority marked)
    vote: tuple[str, ...]  # the tally and method, the tellers, the outcome's sentence
    decision: str


@dataclass(frozen=True)
class Minutes:
    heading: str
    draft: str  # "草稿 — 未审定", or ""
    facts: tuple[str, ...]
    quorum: str
    attendance: tuple[tuple[str, str, str], ...]  # side, names, how many
    items: tuple[ItemMinutes, ...]
    approval: str
    amendments: tuple[tuple[str, str, str, str, str], ...]  # when, item, correction, why, who


def _names(people: Sequence[ParticipantRow]) -> str:
    return _("、").join(p.name for p in people)


def _attendance(d: MeetingDetail) -> tuple[tuple[str, str, str], ...]:
    """Who attended, by side (the voting members), then the 列席 together."""
    came = [p for p in d.people if p.attended]
    rows = []
    for side in Side:
        voting = [p for p in came if p.side == side and p.role == ParticipantRole.VOTING]
        if voting:
            rows.append((side.label, _names(voting), str(len(voting))))
    observers = [p for p in came if p.role == ParticipantRole.OBSERVER]
    if observers:
        rows.append((ParticipantRole.OBSERVER.label, _names(observers), str(len(observers))))
    return tuple(rows)


def _vote_lines(item: MeetingItem, result: Outcome | None) -> tuple[str, ...]:
    if result is None:
        return (_("Not put to the vote."),)
    method = VoteMethod(item.vote_method) if item.vote_method else VoteMethod.HANDS
    lines = [_("Vote ({method}): {tally}").format(method=method.label, tally=result.tally)]
    if item.counter or item.scrutineer:
        lines.append(_("Counter: {counter}　Scrutineer: {scrutineer}").format(
            counter=item.counter or "—", scrutineer=item.scrutineer or "—"))
    lines.append(_("Outcome: {reason}").format(reason=result.sentence))
    return tuple(lines)


def minutes_of(s: Session, m: Meeting, d: MeetingDetail) -> Minutes:
    rows = {i.id: i for i in s.scalars(select(MeetingItem).where(
        MeetingItem.meeting_id == m.id, MeetingItem.archived_at.is_(None)))}
    views: dict[str, list[MeetingView]] = {}
    for v in s.scalars(select(MeetingView).where(
            MeetingView.item_id.in_(list(rows)), MeetingView.archived_at.is_(None))
            .order_by(MeetingView.created_at, MeetingView.id)):
        views.setdefault(v.item_id, []).append(v)
    items = []
    for i in d.items:
        title = (_("{title} (topic {number})").format(title=i.title, number=i.topic_number)
                 if i.topic_number else i.title)
        lines = [_("Discussion: {text}").format(text=i.summary or "—")]
        if i.motion:
            lines.append(_("Motion: {text}").format(text=i.motion))
        items.append(ItemMinutes(
            heading=_("Item {n}: {title}").format(n=i.position, title=title),
            lines=tuple(lines),
            views=tuple((v.speaker, Side(v.side).label,
                         _("{text} (minority view)").format(text=v.text) if v.minority
                         else v.text) for v in views.get(i.id, [])),
            vote=_vote_lines(rows[i.id], i.outcome),
            decision=_("Decision: {text}").format(text=i.decision) if i.decision else ""))
    mr = d.meeting
    facts = [_("Time: {when}").format(when=_when(mr.starts_at)),
             _("Place: {place}").format(place=mr.place),
             _("Convenor: {name}").format(name=mr.convenor)]
    if mr.facilitator:
        facts.append(_("Facilitated by: {name}").format(name=mr.facilitator))
    if mr.recorder:
        facts.append(_("Minutes taken by: {name}").format(name=mr.recorder))
    if mr.cancelled:
        facts.append(_("Cancelled: {reason}").format(reason=m.cancelled_reason))
    approved = mr.minutes_state == MinutesState.APPROVED
    approval = (_("Minutes approved by {name} on {day}.").format(
        name=_staff_name(s, m.approved_by),
        day=_day(m.approved_at.astimezone().date()) if m.approved_at else "")
        if approved else _("DRAFT — not approved"))
    titles = {i.id: i.title for i in d.items}
    amendments = tuple(
        (_day(a.at.astimezone().date()), titles.get(a.item_id or "", "—"), a.correction,
         a.reason, _staff_name(s, a.by))
        for a in s.scalars(select(MeetingAmendment).where(
            MeetingAmendment.meeting_id == m.id, MeetingAmendment.archived_at.is_(None))
            .order_by(MeetingAmendment.at)))
    return Minutes(heading=_heading(d), draft="" if approved else _("DRAFT — not approved"),
                   facts=tuple(facts), quorum=d.quorum.sentence,
                   attendance=_attendance(d), items=tuple(items), approval=approval,
                   amendments=amendments)


def draw_minutes(path: Path, minutes: Minutes, *, centre: str, frame: FrameText) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Spacer

    st = paper_styles(chinese_font())
    draft = ParagraphStyle("draft", parent=st["title"], fontSize=16, leading=22,
                           textColor=HexColor("#9a9a9a"), spaceAfter=2 * MM)
    title = _("Minutes of the meeting")
    story: list = [para(title, st["title"]), para(minutes.heading, st["sub"])]
    if minutes.draft:
        story.append(para(minutes.draft, draft))
    story += [para(x, st["line"]) for x in minutes.facts]
    story += [Spacer(1, 2 * MM), para(pgettext("at a meeting", "Attendance"), st["head"]),
              Spacer(1, 1 * MM), para(minutes.quorum, st["line"])]
    if minutes.attendance:
        header = (_("Side or role"), pgettext("people at a meeting", "Present"),
                  pgettext("how many people", "Number"))
        story.append(table("", header, minutes.attendance, (52, WIDTH - 70, 18), st))
    for item in minutes.items:
        block: list = [Spacer(1, 3 * MM), para(item.heading, st["head"]), Spacer(1, 1 * MM)]
        block += [para(x, st["line"]) for x in item.lines[:1]]
        story.append(KeepTogether(block))
        if item.views:
            story += [table(_("Views"), (_("Speaker"), _("Side or role"), _("View")),
                            item.views, (22, 50, WIDTH - 72), st), Spacer(1, 1.5 * MM)]
        story += [para(x, st["line"]) for x in item.lines[1:]]
        story += [para(x, st["line"]) for x in item.vote]
        if item.decision:
            story.append(para(item.decision, st["line"]))
    story += [Spacer(1, 5 * MM), para(minutes.approval, st["right"] if not minutes.draft
                                      else draft)]
    if minutes.amendments:
        story.append(table(_("Amendments (corrections after approval)"),
                           (_("Date"), _("Agenda item"), _("Correction"), _("Reason"),
                            pgettext("who made an amendment", "By")),
                           minutes.amendments, (34, 34, WIDTH - 126, 36, 22), st))
    if minutes.draft:  # on every page, beside "内部资料"
        frame = replace(frame, confidential=f"{minutes.draft}　{frame.confidential}")
    build(path, story, title=title, author=centre, frame=frame)


@writes
def print_minutes(uow: UnitOfWork, *, actor: Actor, meeting: str, path: Path | str) -> Path:
    """会议记录 as a PDF: the meeting, the attendance and the quorum, each item's views, vote,
    outcome and decision, the approval (or "draft" over every page) and the amendments.
    It names people: internal, audited."""

    def make(s: Session, m: Meeting, d: MeetingDetail, name: str, header: str) -> Drawn:
        minutes = minutes_of(s, m, d)
        return Drawn(lambda out: draw_minutes(out, minutes, centre=name,
                                              frame=frame_text(header, actor)),
                     {"state": str(m.minutes_state), "amendments": len(minutes.amendments)})

    return _print(uow, actor, meeting, "minutes", path, make)


# ------------------------------------------------------------------------------------ 公示


@dataclass(frozen=True)
class Publicity:
    title: str
    intro: str
    decisions: tuple[tuple[str, tuple[str, ...]], ...]  # the item, its decision and vote
    closing: tuple[str, ...]  # the posting period and where objections go
    signature: tuple[str, ...]  # the issuing body, the date


def publicity_of(centre: str, d: MeetingDetail, posted: Sequence[MeetingNotice]
                 ) -> Publicity:
    m = d.meeting
    items = {i.id: i for i in d.items}
    decisions = []
    for n, notice in enumerate(posted, 1):
        item = items[notice.item_id]
        lines = [_("Decision: {text}").format(text=item.decision)]
        if item.outcome is not None:
            lines.append(_("Vote: {reason} ({tally}).").format(reason=item.outcome.sentence,
                                                               tally=item.outcome.tally))
        decisions.append((_("{n}. {title}").format(n=n, title=item.title), tuple(lines)))
    closing = []
    for first, last, where in sorted({(n.starts_on, n.ends_on, n.objections_to)
                                      for n in posted}):
        days = (last - first).days + 1
        closing.append(ngettext(
            "Posted from {first} to {last} ({days} day). Objections may be raised during "
            "this period with {where}.",
            "Posted from {first} to {last} ({days} days). Objections may be raised during "
            "this period with {where}.", days).format(
            first=_day(first), last=_day(last), days=days, where=where))
    return Publicity(
        title=_("Public notice of the decisions taken on “{title}”").format(title=m.title),
        intro=_("On {day}, a {kind} was held at {place} on “{title}”. {quorum}. The "
                "decisions are posted as follows:").format(
            day=_day(m.starts_at.astimezone().date()), kind=m.kind_label, place=m.place,
            title=m.title, quorum=d.quorum.sentence),
        decisions=tuple(decisions), closing=tuple(closing),
        signature=(centre, _day(min(n.starts_on for n in posted))))


def draw_publicity(path: Path, paper: Publicity, *, centre: str) -> None:
    from reportlab.platypus import KeepTogether, Spacer

    st = paper_styles(chinese_font())
    story: list = [para(paper.title, st["title"]), Spacer(1, 5 * MM),
                   para(paper.intro, st["body"])]
    for heading, lines in paper.decisions:
        story.append(KeepTogether([Spacer(1, 2 * MM), para(heading, st["head"]),
                                   Spacer(1, 1 * MM), *[para(x, st["body"]) for x in lines]]))
    end = [Spacer(1, 4 * MM), *[para(x, st["body"]) for x in paper.closing],
           Spacer(1, 8 * MM), *[para(x, st["right"]) for x in paper.signature]]
    story.append(KeepTogether(end))
    build(path, story, title=paper.title, author=centre,
          later=_("{title} (continued)　{heading}").format(title=paper.title, heading=centre))


@writes
def print_publicity(uow: UnitOfWork, *, actor: Actor, meeting: str, path: Path | str
                    ) -> Path:
    """公示 as a PDF to post: the meeting's decisions that were posted, their votes, the
    posting period and where objections go. Refused when nothing was posted yet."""

    def make(s: Session, m: Meeting, d: MeetingDetail, name: str, _header: str) -> Drawn:
        posted = list(s.scalars(select(MeetingNotice).join(
            MeetingItem, MeetingItem.id == MeetingNotice.item_id).where(
            MeetingItem.meeting_id == m.id, MeetingItem.archived_at.is_(None),
            MeetingNotice.archived_at.is_(None)).order_by(MeetingItem.position)))
        if not posted:
            raise ValidationError(_("No decision of the meeting {number} has been posted "
                                    "yet: post it (公示) first.").format(number=m.number))
        publicity = publicity_of(name, d, posted)
        return Drawn(lambda out: draw_publicity(out, publicity, centre=name),
                     {"decisions": len(posted)})

    return _print(uow, actor, meeting, "publicity", path, make)


#: --what → its service
PRINTS: dict[str, Callable[..., Path]] = {
    "notice": print_notice, "sign-in": print_sign_in, "minutes": print_minutes,
    "publicity": print_publicity}
