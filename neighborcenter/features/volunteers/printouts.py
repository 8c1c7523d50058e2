"""The volunteers' printouts as services: volunteer cards (志愿者证), the numbered certificate
(志愿服务证明) and the points passbook page (积分存折). Each one is audited (PRINT) before the
PDF is handed over (core/handover.py); the drawing is in printing.py.

Cards and certificates show the volunteer number, never the ID number; the certificate
shows the ID number masked (first 6, last 4), as 《志愿服务记录与证明出具办法》 expects a
certificate to say who it is for without disclosing more."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import (
    handed_over,
    pdf_output_path,
)
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.idnumber import mask_identifier
from neighborcenter.features.volunteers import VOLUNTEERS
from neighborcenter.features.volunteers.ledger import (
    expiring_soon,
    find_volunteer,
    statement_lines,
)
from neighborcenter.features.volunteers.models import (
    Activity,
    Certificate,
    PointsAccount,
    ServiceRecord,
    TeamMember,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.people import day
from neighborcenter.features.volunteers.printing import (
    Card,
    CardText,
    CertificateText,
    PassbookLine,
    PassbookText,
    draw_cards,
    draw_certificate,
    draw_passbook,
)
from neighborcenter.features.volunteers.rules import HoursStatus, ServiceCategory, format_hours
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import N_, _, format_date, format_datetime, ngettext
from neighborcenter.printing.frame import FrameText
from neighborcenter.storage.uow import UnitOfWork

MAX_CARDS = 2000  # one print job; a district's volunteers go in several






def _printed_by(actor: Actor) -> str:
    return _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        # babel puts a narrow no-break space before "PM", which the CJK font lacks
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))


def _teams(s: Session, volunteer_ids: list[str]) -> dict[str, list[str]]:
    teams: dict[str, list[str]] = defaultdict(list)
    for vid, name in s.execute(
            select(TeamMember.volunteer_id, VolunteerTeam.name)
            .join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
            .where(TeamMember.valid_to.is_(None), TeamMember.volunteer_id.in_(volunteer_ids))
            .order_by(VolunteerTeam.name)):
        teams[vid].append(name)
    return teams


# ------------------------------------------------------------------------------ the cards


@writes
def print_volunteer_cards(uow: UnitOfWork, *, actor: Actor, volunteer_ids: list[str],
                          path: Path) -> int:
    """志愿者证 for the volunteers given (ids or volunteer numbers), eight to an A4 page:
    the name, the number as text, Code128 and QR code, the teams. Returns the cards
    printed."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    path, protected = pdf_output_path(uow.db.path, path)
    keys = list(dict.fromkeys(str(k).strip() for k in volunteer_ids if str(k).strip()))
    if not keys:
        raise ValidationError(_("Choose the volunteers whose cards to print."))
    if len(keys) > MAX_CARDS:
        raise ValidationError(_("Print at most {most} cards at a time.").format(
            most=MAX_CARDS))
    with uow:
        s = uow.session
        volunteers = list(dict.fromkeys(find_volunteer(s, key) for key in keys))
        teams = _teams(s, [v.id for v in volunteers])
        name, header = centre_heading(s)
        cards = [Card(v.name, v.number, _("、").join(teams[v.id])) for v in volunteers]
        words = CardText(
            centre=name, title=_("Volunteer card"), name=_("Name"),
            number=_("No."), teams=_("Teams"),
            frame=FrameText(header=header,
                            confidential=_("Internal material — keep confidential"),
                            printed=_printed_by(actor), page=_("Page {page} of {pages}")))
        with handed_over(path, protected=protected) as partial:
            draw_cards(partial, cards=cards, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="volunteer",
                   target_id=volunteers[0].id if len(volunteers) == 1 else None,
                   summary=Msg(N_("Printed {n} volunteer cards"), args={"n": len(cards)}),
                   detail={"numbers": [v.number for v in volunteers]},
                   changed=(changes.AUDIT,))
        return len(cards)


# ------------------------------------------------------------------------ the certificate


def _next_certificate_number(s: Session, year: int) -> str:
    """2026-0001, 2026-0002 …: the next of the year (numbers past 9999 grow a digit)."""
    numbers = s.scalars(select(Certificate.number).where(
        Certificate.number.startswith(f"{year}-")))
    highest = max((int(n.partition("-")[2]) for n in numbers
                   if n.partition("-")[2].isdigit()), default=0)
    return f"{year}-{highest + 1:04d}"


def _long_date(value: dt.date) -> str:
    return format_date(value, "long")


@writes
def issue_certificate(uow: UnitOfWork, *, actor: Actor, volunteer_id: str, path: Path,
                      period_from: object = None, period_to: object = None) -> str:
    """A numbered 志愿服务证明 of the approved hours in a period (by default everything up
    to today): the total, the service by category and the list of activities, the recording
    unit, the date, a place for the seal; issued free of charge. The certificate is kept
    (volunteer_certificates) with the hours it stated. Returns its number."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    path, protected = pdf_output_path(uow.db.path, path)
    today = dt.date.today()
    start = day(period_from, "period_from", _("the start of the period"), required=False)
    end = day(period_to, "period_to", _("the end of the period"), required=False) or today
    if start and start > end:
        raise ValidationError(_("The period starts after it ends."), field="period_from")
    if end > today:
        raise ValidationError(_("A certificate cannot count hours after today."),
                              field="period_to")
    with uow:
        s = uow.session
        v = find_volunteer(s, volunteer_id)
        query = (select(Activity.on, Activity.name, Activity.category, ServiceRecord.minutes)
                 .join(ServiceRecord, ServiceRecord.activity_id == Activity.id)
                 .where(ServiceRecord.volunteer_id == v.id,
                        ServiceRecord.status == HoursStatus.APPROVED,
                        ServiceRecord.minutes > 0, Activity.on <= end)
                 .order_by(Activity.on, Activity.name))
        if start:
            query = query.where(Activity.on >= start)
        served = [(on, name, ServiceCategory(category), int(minutes or 0))
                  for on, name, category, minutes in s.execute(query)]
        if not served:
            raise ValidationError(
                _("{name} has no approved volunteer hours in {period}: there is nothing to "
                  "certify.").format(name=v.name, period=_("{start} to {end}").format(
                      start=_long_date(start), end=_long_date(end)) if start else
                      _("the time up to {end}").format(end=_long_date(end))),
                field="period_from")
        start = start or served[0][0]
        total = sum(m for *_rest, m in served)
        by_category: dict[ServiceCategory, list[int]] = defaultdict(list)
        for _on, _name, category, minutes in served:
            by_category[category].append(minutes)
        number = _next_certificate_number(s, today.year)
        unit, header = centre_heading(s)
        identity = []
        if v.sex:
            identity.append(_("sex: {sex}").format(sex=v.sex.label))
        if v.id_number:
            identity.append(_("{id_type}: {id_number}").format(
                id_type=v.id_type.label if v.id_type else _("ID number"),
                id_number=mask_identifier(v.id_number)))
        identity.append(_("volunteer number: {number}").format(number=v.number))
        hours = format_hours(total)
        words = CertificateText(
            centre=unit, title=_("Volunteer service certificate"),
            number=_("No. {number}").format(number=number),
            body=_("This is to certify that {name} ({identity}) took part in volunteer "
                   "service organised by {unit} from {start} to {end}. The approved volunteer "
                   "service time totals {hours} hours in {activities}.").format(
                name=v.name, identity=_("; ").join(identity), unit=unit or _("this centre"),
                start=_long_date(start), end=_long_date(end), hours=hours,
                activities=ngettext("{n} activity", "{n} activities", len(served)).format(
                    n=len(served))),
            by_category=_("Service content"),
            category_columns=(_("Service category"), _("Activities"), _("Hours")),
            categories=[(c.label, str(len(m)), format_hours(sum(m)))
                        for c, m in sorted(by_category.items(), key=lambda i: -sum(i[1]))],
            closing=_("This is hereby certified."),
            unit=_("Recording unit: {unit}").format(unit=unit),
            issued=_("Date of issue: {day}").format(day=_long_date(today)),
            seal=_("Seal here"),
            notes=[_("This certificate is issued free of charge."),
                   _("Issued under the Measures for Recording and Certifying Volunteer "
                     "Service; the record may not be used for commercial purposes nor "
                     "disclosed without the volunteer's consent.")],
            list_title=_("Attached: the volunteer service records"),
            activity_columns=(_("Date"), _("Activity"), _("Service category"), _("Hours")),
            activities=[(on.isoformat(), name, category.label, format_hours(minutes))
                        for on, name, category, minutes in served],
            frame=FrameText(header=header, confidential="",
                            printed=_("Volunteer service certificate {number}").format(
                                number=number),
                            page=_("Page {page} of {pages}")))
        s.add(Certificate(number=number, volunteer_id=v.id, issued_on=today,
                          period_from=start, period_to=end, minutes=total,
                          activities=len(served), issued_by=actor.username))
        s.flush()
        with handed_over(path, protected=protected) as partial:
            draw_certificate(partial, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="volunteer", target_id=v.id,
                   summary=Msg(N_("Issued volunteer service certificate {number} to {name} "
                                  "({volunteer}): {hours} hours"), args={
                                      "number": number, "name": v.name,
                                      "volunteer": v.number, "hours": hours}),
                   detail={"certificate": number, "from": start.isoformat(),
                           "to": end.isoformat(), "minutes": total},
                   changed=(VOLUNTEERS, changes.AUDIT))
        return number


# --------------------------------------------------------------------------- the passbook


@writes
def print_passbook(uow: UnitOfWork, *, actor: Actor, volunteer: str, path: Path,
                   since: object = None, today: dt.date | None = None) -> int:
    """积分存折: the volunteer's statement (ledger.volunteer_statement's lines) as a passbook
    page, for volunteers who are not online; from ``since`` on with the balance brought
    forward. Returns the number of lines printed."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    path, protected = pdf_output_path(uow.db.path, path)
    first = day(since, "since", _("the first date"), required=False)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        v = find_volunteer(s, volunteer)
        account = s.scalar(select(PointsAccount.id).where(PointsAccount.volunteer_id == v.id))
        lines = statement_lines(s, account) if account else []
        by, soon = expiring_soon(s, today=today, account_id=account)
        expiring = soon.get(account or "", 0)
        balance = lines[-1].balance if lines else 0
        earlier = [line for line in lines if first and line.on < first]
        shown = [line for line in lines if not first or line.on >= first]
        rows = []
        if earlier:
            rows.append(PassbookLine(first.isoformat() if first else "",
                                     _("Brought forward"), "", "", "",
                                     str(earlier[-1].balance)))
        for line in shown:
            reason = line.reason
            if line.reversed:
                reason = _("{reason} (reversed)").format(reason=reason).strip()
            rows.append(PassbookLine(
                line.on.isoformat(), line.kind.label, reason,
                str(line.amount) if line.amount > 0 else "",
                str(-line.amount) if line.amount < 0 else "", str(line.balance)))
        name, header = centre_heading(s)
        years = volunteer_settings(s).expiry_years
        notes = [_("Deposits are points earned for approved service or received from "
                   "another volunteer; withdrawals are points redeemed, given away, expired "
                   "or taken back by a reversal. Redeeming points never reduces the hours "
                   "recorded.")]
        if years:
            notes.append(ngettext("Points expire {n} year after they were earned, oldest "
                                  "first.", "Points expire {n} years after they were "
                                  "earned, oldest first.", years).format(n=years))
        words = PassbookText(
            centre=name, title=_("Volunteer points passbook"),
            heading=[(_("Name"), v.name), (_("Volunteer number"), v.number),
                     (_("Balance"), ngettext("{n} point", "{n} points", balance).format(
                         n=balance)),
                     (_("Printed on"), _long_date(today))],
            expiring=_("{points} points will expire by {day} unless they are redeemed.")
            .format(points=expiring, day=_long_date(by)) if expiring else "",
            columns=(_("Date"), _("Kind"), _("Particulars"), _("Deposit"), _("Withdrawal"),
                     _("Balance")),
            lines=rows, empty=_("No points yet."), notes=notes,
            # every page says whose passbook it is
            frame=FrameText(header="　".join((header, _("{name} ({number})").format(
                name=v.name, number=v.number))), confidential="", printed=_printed_by(actor),
                page=_("Page {page} of {pages}")))
        with handed_over(path, protected=protected) as partial:
            draw_passbook(partial, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="volunteer", target_id=v.id,
                   summary=Msg(N_("Printed the points passbook of {name} ({number})"),
                               args={"name": v.name, "number": v.number}),
                   detail={"lines": len(shown), "since": first.isoformat() if first else None},
                   changed=(changes.AUDIT,))
        return len(shown)

