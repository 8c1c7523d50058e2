"""The visits' printouts as services: the visit sheets (探访关爱记录表, one A4 page per elder)
and the route lists (探访路线单, one per pair). What they show is gathered here; the drawing is
in printing.py. Each one is audited (PRINT: what was printed and for how many elders, never
their names) before the PDF is handed over (core/handover.py).

Which elders: for a month, those with a planned visit counted in that month (its last day is
in it, rules.plan_month — every kind: routine, festival, after a major change) that can still
be made, i.e. DUE or OVERDUE (rules.visit_state): a visit already DONE needs no sheet, a
MISSED one can no longer be recorded. For a campaign, its planned visits in the same states.
One sheet per elder, however many windows they have that month (a weekly elder's four weeks
are listed on it). Both can be narrowed to one pair; the route lists also to the pairs of one
volunteer (their own list for the month).

The sheet and the list show the ID number and the phones masked (first 6 and last 4, the
register's masks); sheets and lists are ordered by pair, then by address (estate, building,
unit, room — numbers compared as numbers), so a pair's sheets come out in the order of its
round."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
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
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import chunks, emergency_contacts_of
from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.register.rules.phone import mask_phone
from neighborcenter.features.visits.elders import ElderRow, PairRow, elder_rows, pair_rows
from neighborcenter.features.visits.models import Visit, VisitCampaign
from neighborcenter.features.visits.plans import (
    PlanRow,
    campaign_name,
    plan_rows,
    volunteer_pairs,
)
from neighborcenter.features.visits.printing import (
    RouteList,
    RouteRow,
    RouteWords,
    Sheet,
    SheetWords,
    draw_route_lists,
    draw_visit_sheets,
)
from neighborcenter.features.visits.records import (
    FollowUpRow,
    VisitDetail,
    follow_up_rows,
    visit_details,
)
from neighborcenter.features.visits.rules import (
    AREA_ITEMS,
    Area,
    Method,
    PlanKind,
    VisitState,
    month_bounds,
    month_key,
)
from neighborcenter.features.volunteers.ledger import find_volunteer
from neighborcenter.i18n import (
    N_,
    N_plural,
    _,
    current_language,
    format_datetime,
    ngettext,
    pgettext,
)
from neighborcenter.printing.frame import FrameText
from neighborcenter.storage.uow import UnitOfWork

MAX_SHEETS = 5000  # one print job (a centre has some hundreds of elders on its list)
OPEN = (VisitState.DUE, VisitState.OVERDUE)


# ------------------------------------------------------------------------------ shared






def frame_text(header: str, actor: Actor) -> FrameText:
    printed = _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        # babel puts a narrow no-break space before "PM", which the CJK font lacks
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))
    return FrameText(header=header, confidential=_("Internal material — keep confidential"),
                     printed=printed, page=_("Page {page} of {pages}"))


def short_day(day: dt.date) -> str:
    """"12月1日" / "Dec 1"."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", day, locale=current_language())


def due_days(days: list[dt.date]) -> str:
    """"12月6日、13日、20日" / "Dec 6, 13, 20": the month named once for its days."""
    from babel.dates import format_skeleton

    out, month = [], None
    for day in days:
        same = (day.year, day.month) == month
        out.append(format_skeleton("d", day, locale=current_language()) if same
                   else short_day(day))
        month = (day.year, day.month)
    return _("、").join(out)


def long_day(day: dt.date) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd", day, locale=current_language())


def month_name(year: int, month: int) -> str:
    """"2026年12月" / "December 2026"."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=current_language())


_NUMBER = re.compile(r"(\d+)")


def address_key(address: str) -> tuple:
    """Estate, building, unit, room in order, numbers compared as numbers ("3栋" before
    "12栋"); an elder with no address last."""
    parts = _NUMBER.split(address)
    return (not address, tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                               for p in parts if p))


def emergency_contacts(session: Session, resident_ids: list[str]
                       ) -> dict[str, list[tuple[str, str, str]]]:
    """resident id → [(name, relation, masked phone)] of the register's emergency contacts
    (紧急联系人), oldest first."""
    return {rid: [(name, relation, mask_phone(phone)) for name, relation, phone in found]
            for rid, found in emergency_contacts_of(session, resident_ids).items()}


def last_visit_details(session: Session, resident_ids: list[str]) -> dict[str, VisitDetail]:
    """Each elder's latest visit (its visitors and follow-ups), read for all at once."""
    visits: list[Visit] = []
    for chunk in chunks(list(resident_ids)):
        latest = (select(Visit.resident_id, func.max(Visit.visited_at).label("at"))
                  .where(Visit.archived_at.is_(None), Visit.resident_id.in_(chunk))
                  .group_by(Visit.resident_id).subquery())
        visits += session.scalars(select(Visit).join(
            latest, (Visit.resident_id == latest.c.resident_id)
            & (Visit.visited_at == latest.c.at)).where(Visit.archived_at.is_(None)))
    return {d.resident_id: d for d in visit_details(session, visits)}


@dataclass(frozen=True)
class Selection:
    """The planned visits to print, and what they are for."""

    plans: list[PlanRow]
    title: str  # "2026年12月" / "2026 中秋节"
    audit_what: Msg | str  # the same, for the audit entry
    gift: str  # a campaign's gift, or ""
    month: str | None  # "2026-12"
    campaign_id: str | None


def select_plans(session: Session, *, today: dt.date, year: int | None = None,
                 month: int | None = None, campaign_id: str | None = None,
                 pair_id: str | None = None, volunteer_id: str | None = None) -> Selection:
    """The planned visits that can still be made, of a month or a campaign, of every pair
    or of one (or of the pairs of one volunteer)."""
    from neighborcenter.features.visits.rules.lunar import Festival

    if campaign_id and (year or month):
        raise ValidationError(_("Choose a month or a festival campaign, not both."),
                              field="campaign")
    if not campaign_id and not (year and month):
        raise ValidationError(_("Choose the month (or the festival campaign) to print."),
                              field="month")
    pairs: set[str] | None = {pair_id} if pair_id else None
    if volunteer_id:
        theirs = volunteer_pairs(session, find_volunteer(session, volunteer_id).id)
        if not theirs:
            raise ValidationError(_("This volunteer is in no visiting pair."),
                                  field="volunteer")
        pairs = theirs if pairs is None else pairs & theirs
    if campaign_id:
        c = session.get(VisitCampaign, campaign_id)
        if c is None or c.archived_at is not None:
            raise NotFound(_("This festival campaign is no longer on record."))
        plans = plan_rows(session, today=today, campaign_id=c.id, pair_ids=pairs)
        what: Msg | str = Msg(N_("{year} {festival}"), args={
            "year": c.year, "festival": Msg(Festival(c.festival).msgid)})
        title, gift, key = campaign_name(c.festival, c.year), c.gift, None
    else:
        assert year is not None and month is not None
        first, last = month_bounds(year, month)
        # what is to be done in the month: every visit whose days meet it (a quarter's visit
        # from its first month on), not only those it counts in its rate
        plans = plan_rows(session, today=today, first=first, last=last, pair_ids=pairs)
        key = month_key(year, month)
        title, gift, what = month_name(year, month), "", key
    return Selection([p for p in plans if p.state in OPEN], title, what, gift, key,
                     campaign_id)


def _ordered(plans: list[PlanRow]) -> dict[str, list[PlanRow]]:
    """Resident id → their plans (by due day), the residents by pair (those without one
    last), then address, then name."""
    by_elder: dict[str, list[PlanRow]] = defaultdict(list)
    for p in sorted(plans, key=lambda p: (p.due_on, p.starts_on)):
        by_elder[p.resident.id].append(p)
    order = sorted(by_elder, key=lambda rid: (
        not by_elder[rid][0].pair, by_elder[rid][0].pair,
        address_key(by_elder[rid][0].resident.address), by_elder[rid][0].resident.name))
    return {rid: by_elder[rid] for rid in order}


def _separator() -> str:
    return pgettext("between the items of a list on a printout", "; ")


def _window(p: PlanRow) -> str:
    text = pgettext("a visit's window", "{start} – {end}").format(
        start=short_day(p.starts_on), end=short_day(p.due_on))
    if p.kind == PlanKind.FESTIVAL and p.campaign:
        text = _("{what}: {window}").format(what=p.campaign, window=text)
    elif p.kind == PlanKind.URGENT:
        text = _("{what}: {window}").format(what=p.kind.label, window=text)
    if p.state == VisitState.OVERDUE:
        text = _("{window} (overdue)").format(window=text)
    return text


def _pair_text(pair: PairRow | None) -> str:
    if pair is None:
        return _("No pair yet")
    return _("{pair}: {visitors}").format(pair=pair.name, visitors=pair.visitors) \
        if pair.visitors else pair.name


def _sex_age(sex: str | None, age: int | None) -> str:
    parts = []
    if sex in (Sex.MALE.value, Sex.FEMALE.value):
        parts.append(Sex(sex).label)
    if age is not None:
        parts.append(ngettext("{n} year old", "{n} years old", age).format(n=age))
    return "　".join(parts)


def _follow_ups(rows: list[FollowUpRow]) -> str:
    if not rows:
        return _("None")
    return _separator().join(_("{what} ({owner}, by {day})").format(
        what=f.description, owner=f.owner, day=short_day(f.due_on)) for f in rows)


def _last_visit(v: VisitDetail | None) -> str:
    if v is None:
        return _("No visit recorded yet")
    return "　".join(t for t in (long_day(v.visited_at.astimezone().date()), v.method.label,
                                _("、").join(v.visitors)) if t)


def _contacts(found: list[tuple[str, str, str]]) -> str:
    if not found:
        return _("None recorded in the register")
    return _separator().join(
        (_("{name} ({relation}) {phone}").format(name=name, relation=relation, phone=phone)
         if relation else f"{name} {phone}").strip() for name, relation, phone in found)


def sheet_words(centre: str, subtitle: str, frame: FrameText) -> SheetWords:
    return SheetWords(
        centre=centre, title=_("Elder visit record"), subtitle=subtitle,
        name=_("Name"), sex_age=_("Sex, age"), id_number=_("ID number"),
        address=_("Address"), phone=_("Phone"), contacts=_("Emergency contacts"),
        tier=_("Risk tier"), pair=_("Visiting pair"), planned=_("This visit"),
        last_visit=_("Last visit"), follow_ups_open=_("Open follow-ups"),
        filled_in=_("The visit (filled in by the visitors; tick what needs attention)"),
        when=_("Date and time"),
        when_blanks=_("{blank} year {blank} month {blank} day  {blank} : {blank}"),
        method=_("Method"), methods=tuple(m.label for m in Method),
        duration=_("Duration"), duration_blanks=_("{blank} hours"),
        areas=tuple((area.label, tuple(_(label) for _code, label in AREA_ITEMS[area]))
                    for area in Area),
        notes=_("Notes:"), hazards=_("Hazards"), follow_ups=_("Follow-ups"),
        follow_up_columns=(_("What is to be done (referral)"), _("Who does it"),
                           _("By when")),
        emergency=_("Emergency"),
        emergency_tick=_("Emergency found: help called first (120 / 110, family, the "
                         "community)"),
        emergency_notes=_("What happened and what was done:"),
        visitors_sign=_("Visitor's signature"),
        elder_sign=_("Signature of the elder or a family member"),
        relation=_("Relation to the elder"), frame=frame)


def build_sheets(session: Session, selection: Selection, *, today: dt.date) -> list[Sheet]:
    """One Sheet per elder of the selection, in print order."""
    by_elder = _ordered(selection.plans)
    ids = list(by_elder)
    elders: dict[str, ElderRow] = {e.resident.id: e for e in elder_rows(
        session, today, include_ended=True, resident_ids=ids)} if ids else {}
    pairs = {p.id: p for p in pair_rows(session, today)}
    contacts = emergency_contacts(session, ids)
    last = last_visit_details(session, ids)
    follow_ups: dict[str, list[FollowUpRow]] = defaultdict(list)
    for f in follow_up_rows(session, open_only=True, resident_ids=ids) if ids else ():
        follow_ups[f.resident_id].append(f)
    sheets = []
    for rid, plans in by_elder.items():
        r, e = plans[0].resident, elders.get(rid)
        tier = plans[0].tier
        tier_text = _("{tier} ({frequency})").format(
            tier=tier.label, frequency=e.frequency.label) if e else tier.label
        pair_id = plans[0].pair_id or (e.pair_id if e else None)
        sheets.append(Sheet(
            name=r.name, sex_age=_sex_age(r.sex, r.age), masked_id=r.masked_id or "—",
            address=r.address or "—", phone=r.masked_phone or "—",
            contacts=_contacts(contacts.get(rid, [])), tier=tier_text,
            pair=_pair_text(pairs.get(pair_id or "")),
            planned=_separator().join(_window(p) for p in plans),
            last_visit=_last_visit(last.get(rid)), follow_ups=_follow_ups(follow_ups[rid])))
    return sheets


def sheets_subtitle(selection: Selection, pair: str) -> str:
    if selection.campaign_id:
        parts = [_("{campaign}: festival visits").format(campaign=selection.title)]
        if selection.gift:
            parts.append(_("Gift: {gift}").format(gift=selection.gift))
    else:
        parts = [_("{month}: planned visits").format(month=selection.title)]
    if pair:
        parts.append(pair)
    return "　".join(parts)


def _pair_name(session: Session, pair_id: str | None) -> str:
    if not pair_id:
        return ""
    found = next((p for p in pair_rows(session) if p.id == pair_id), None)
    if found is None:
        raise NotFound(_("This visiting pair is no longer on the list."))
    return found.name


def suggested_file_name(what: str, *, year: int | None = None, month: int | None = None,
                        campaign: str = "") -> str:
    """The name a save dialog suggests: "探访关爱记录表 2026年12月.pdf", "探访路线单 2026 中秋节
    .pdf" (``what``: "sheets" or "routes"; ``campaign``: the campaign's name)."""
    title = campaign or (month_name(year, month) if year and month else "")
    kind = _("Elder visit record") if what == "sheets" else _("Visit route list")
    return f"{kind} {title}".strip() + ".pdf"


def nothing_to_print(selection: Selection, pair: str) -> ValidationError:
    if pair:
        return ValidationError(_("Nothing to print: {pair} has no planned visit still to be "
                                 "made in {what}.").format(pair=pair, what=selection.title))
    return ValidationError(_("Nothing to print: {what} has no planned visit still to be "
                             "made.").format(what=selection.title))


def _audit_detail(selection: Selection, pair_id: str | None, elders: int, **more) -> dict:
    return {"month": selection.month, "campaign": selection.campaign_id, "pair": pair_id,
            "elders": elders, **more}


# ------------------------------------------------------------------------- visit sheets


@writes
def save_visit_sheets(uow: UnitOfWork, *, actor: Actor, path: Path, year: int | None = None,
                      month: int | None = None, campaign_id: str | None = None,
                      pair_id: str | None = None, today: dt.date | None = None) -> int:
    """探访关爱记录表 as a PDF: one A4 sheet per elder with a visit still to make in the
    month (or the campaign), of every pair or of ``pair_id``. Audited (PRINT). Returns the
    number of sheets (elders)."""
    actor.require(Permission.VIEW_VISITS)
    path, protected = pdf_output_path(uow.db.path, path)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        selection = select_plans(s, today=today, year=year, month=month,
                                 campaign_id=campaign_id, pair_id=pair_id)
        pair = _pair_name(s, pair_id)
        sheets = build_sheets(s, selection, today=today)
        if not sheets:
            raise nothing_to_print(selection, pair)
        if len(sheets) > MAX_SHEETS:
            raise ValidationError(_("Print at most {most} sheets at a time: choose one "
                                    "pair.").format(most=MAX_SHEETS))
        name, header = centre_heading(s)
        words = sheet_words(name, sheets_subtitle(selection, pair), frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_visit_sheets(partial, sheets=sheets, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="visit_plan",
                   summary=Msg(*N_plural("Printed the visit sheet of {n} elder ({what})",
                                         "Printed the visit sheets of {n} elders ({what})"),
                               args={"n": len(sheets), "what": selection.audit_what}),
                   detail=_audit_detail(selection, pair_id, len(sheets)),
                   changed=(changes.AUDIT,))
        return len(sheets)


# -------------------------------------------------------------------------- route lists


@dataclass(frozen=True)
class RoutesPrinted:
    lists: int  # one per pair
    elders: int


def build_route_lists(session: Session, selection: Selection, *, today: dt.date
                      ) -> list[RouteList]:
    by_elder = _ordered(selection.plans)
    pairs = {p.id: p for p in pair_rows(session, today)}
    groups: dict[str | None, list[list[PlanRow]]] = defaultdict(list)
    for plans in by_elder.values():  # already in pair, then address order
        groups[plans[0].pair_id].append(plans)
    lists = []
    for pair_id, elders in groups.items():
        pair = pairs.get(pair_id or "")
        heading = _pair_text(pair) if pair else _("Not assigned to a pair")
        if pair and pair.substitute:
            heading = _("{pair} (substitute: {name})").format(pair=heading,
                                                             name=pair.substitute)
        lists.append(RouteList(heading, tuple(
            RouteRow(plans[0].resident.name, plans[0].resident.address or "—",
                     _("by {days}").format(days=due_days([p.due_on for p in plans])),
                     plans[0].resident.masked_phone or "—", plans[0].tier.label, len(plans))
            for plans in elders)))
    return lists


@writes
def save_route_lists(uow: UnitOfWork, *, actor: Actor, path: Path, year: int | None = None,
                     month: int | None = None, campaign_id: str | None = None,
                     pair_id: str | None = None, volunteer_id: str | None = None,
                     today: dt.date | None = None) -> RoutesPrinted:
    """探访路线单 as a PDF: for each pair (or ``pair_id``, or the pairs of ``volunteer_id``, an
    id or a volunteer number: their own list) its elders with a visit still to make in the
    month (or the campaign), in the order of their addresses, each pair on its own page.
    Audited (PRINT)."""
    actor.require(Permission.VIEW_VISITS)
    path, protected = pdf_output_path(uow.db.path, path)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        selection = select_plans(s, today=today, year=year, month=month,
                                 campaign_id=campaign_id, pair_id=pair_id,
                                 volunteer_id=volunteer_id)
        pair = _pair_name(s, pair_id)
        lists = build_route_lists(s, selection, today=today)
        elders = sum(len(r.rows) for r in lists)
        if not lists:
            raise nothing_to_print(selection, pair)
        name, header = centre_heading(s)
        subtitle = (_("{campaign}: festival visits").format(campaign=selection.title)
                    if selection.campaign_id else selection.title)
        words = RouteWords(
            centre=name, title=_("Visit route list"), subtitle=subtitle,
            columns=(pgettext("a row's number in a list", "No."), _("Name"), _("Address"),
                     _("Visit by"), _("Phone"), _("Risk tier"), _("Visited")),
            note=_("In the order of the addresses. Tick a box for each visit made; enter "
                   "every visit on a visit sheet."),
            frame=frame_text(header, actor))
        with handed_over(path, protected=protected) as partial:
            draw_route_lists(partial, lists=lists, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="visit_plan",
                   summary=Msg(*N_plural("Printed the route list of {n} elder ({what})",
                                         "Printed the route lists of {n} elders ({what})"),
                               args={"n": elders, "what": selection.audit_what}),
                   detail=_audit_detail(selection, pair_id, elders, lists=len(lists),
                                        volunteer=volunteer_id),
                   changed=(changes.AUDIT,))
        return RoutesPrinted(len(lists), elders)
