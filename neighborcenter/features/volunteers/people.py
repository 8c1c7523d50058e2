"""Volunteers (志愿者) and teams (志愿团体): the record of 《志愿服务记录与证明出具办法》 art. 5,
the volunteer number, teams and their leaders, background checks for work with children,
and training, awards and evaluations; the list and the profile."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.text import clean_line
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import get_resident
from neighborcenter.features.register.rules.dates import age_on, parse_date_text
from neighborcenter.features.register.rules.idnumber import (
    Sex,
    mask_identifier,
    parse_id_number,
)
from neighborcenter.features.register.rules.phone import PHONE_TAIL, mask_phone, parse_phone
from neighborcenter.features.register.rules.terms import IdType
from neighborcenter.features.volunteers import VOLUNTEERS
from neighborcenter.features.volunteers.ledger import (
    all_volunteer_balances,
    find_volunteer,
    get_volunteer,
    volunteer_balance,
)
from neighborcenter.features.volunteers.models import (
    Activity,
    BackgroundCheck,
    Certificate,
    ServiceRecord,
    TeamMember,
    Volunteer,
    VolunteerRecord,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.rules import (
    CheckResult,
    EnteredBy,
    HoursStatus,
    RecordKind,
    ServiceCategory,
    TeamRole,
    VolunteerStatus,
    check_due,
    check_volunteer_number,
    star_level,
    volunteer_number,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork


def text(value: object, limit: int, field: str, what: str, *, required: bool = False) -> str:
    cleaned = clean_line(value or "", what, field=field)
    if len(cleaned) > limit:
        raise ValidationError(_("{what} is longer than {limit} characters.").format(
            what=what, limit=limit), field=field)
    if required and not cleaned:
        raise ValidationError(_("Enter {what}.").format(what=what), field=field)
    return cleaned


def day(value: object, field: str, what: str, *, required: bool = True) -> dt.date | None:
    parsed = parse_date_text(value, field=field, label=what)
    if parsed is None and required:
        raise ValidationError(_("Enter {what}.").format(what=what), field=field)
    return parsed


# ------------------------------------------------------------------------------- the record


@dataclass
class VolunteerForm:
    """What the volunteer form holds. For a resident, empty personal fields are taken from
    the register when the volunteer is added."""

    name: str = ""
    resident_id: str | None = None
    sex: Sex | None = None
    birth_date: object = None
    id_number: str | None = None  # None on an edit: keep what is stored
    phone: str | None = None  # None on an edit: keep what is stored
    area: str = ""
    organisation: str = ""
    skills: str = ""
    categories: tuple[ServiceCategory, ...] = ()
    entered_by: EnteredBy = EnteredBy.STAFF
    consent_on: object = None
    joined_on: object = None
    notes: str = ""


def _next_number(session: Session) -> str:
    highest = session.scalar(select(func.max(Volunteer.number)))
    return volunteer_number(int(highest[1:7]) + 1 if highest else 1)


@writes
def save_volunteer(uow: UnitOfWork, *, actor: Actor, form: VolunteerForm,
                   volunteer_id: str | None = None) -> str:
    """Add a volunteer (a number is given) or correct the record; returns the id."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    consent = day(form.consent_on, "consent_on", _("the date of consent"))
    joined = day(form.joined_on, "joined_on", _("the date of joining"), required=False)
    if consent and consent > dt.date.today():
        raise ValidationError(_("The date of consent is in the future."), field="consent_on")
    categories = tuple(ServiceCategory(c) for c in form.categories)
    with uow:
        s = uow.session
        v = get_volunteer(s, volunteer_id) if volunteer_id else None
        resident = get_resident(s, form.resident_id) if form.resident_id else None
        if resident is not None and v is None:
            taken = s.scalar(select(Volunteer.number).where(
                Volunteer.resident_id == resident.id, Volunteer.archived_at.is_(None)))
            if taken:
                raise ValidationError(_("{name} is already a volunteer (number {number}).")
                                      .format(name=resident.name, number=taken))
        name = text(form.name or (resident.name if resident else ""), 60, "name",
                    _("the name"), required=True)
        sex, birth = form.sex, day(form.birth_date, "birth_date", _("the birth date"),
                                   required=False)
        id_type = id_number = None
        if form.id_number:
            info = parse_id_number(form.id_number)
            id_type, id_number = IdType.RESIDENT_CARD, info.number
            sex, birth = sex or info.sex, birth or info.birth_date
        elif resident is not None and v is None:
            id_type, id_number = resident.id_type, resident.id_number
        phone = parse_phone(form.phone) if form.phone else None
        if resident is not None and v is None:
            sex, birth = sex or resident.sex, birth or resident.birth_date
            phone = phone or resident.phone
        if v is None:
            v = Volunteer(number=_next_number(s), resident_id=resident.id if resident else None,
                          status=VolunteerStatus.ACTIVE, id_type=id_type, id_number=id_number,
                          phone=phone)
            s.add(v)
        else:
            if form.id_number:
                v.id_type, v.id_number = id_type, id_number
            if form.phone is not None:
                v.phone = phone
        v.name, v.sex, v.birth_date = name, sex, birth
        v.area = text(form.area, 100, "area", _("the area"))
        v.organisation = text(form.organisation, 100, "organisation", _("the organisation"))
        v.skills = text(form.skills, 500, "skills", _("the skills"))
        v.categories = ",".join(c.value for c in categories)
        v.entered_by, v.consent_on = EnteredBy(form.entered_by), consent  # type: ignore[assignment]
        v.joined_on = joined or v.joined_on or consent  # type: ignore[assignment]
        v.notes = text(form.notes, 1000, "notes", _("the notes"))
        new = v.created_at is None
        s.flush()
        finish(uow, actor, AuditAction.CREATE if new else AuditAction.UPDATE,
               target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("Added volunteer {name} ({number})") if new else
                           N_("Corrected volunteer {name} ({number})"),
                           args={"name": v.name, "number": v.number}),
               changed=(VOLUNTEERS,))
        return v.id


@writes
def set_volunteer_status(uow: UnitOfWork, *, actor: Actor, volunteer_id: str,
                         status: VolunteerStatus, on: object = None) -> None:
    """Pause, leave or come back. Nothing is deleted: hours and points stay. Leaving ends
    the team memberships that day; only coming back (ACTIVE) reopens an ended record."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    when = day(on, "on", _("the date"), required=False) or dt.date.today()
    with uow:
        v = get_volunteer(uow.session, volunteer_id)
        v.status = VolunteerStatus(status)
        if v.status == VolunteerStatus.LEFT:
            v.valid_to = when
            for member in uow.session.scalars(select(TeamMember).where(
                    TeamMember.volunteer_id == v.id, TeamMember.valid_to.is_(None))):
                member.valid_to = max(when, member.valid_from)
        elif v.status == VolunteerStatus.ACTIVE:
            v.valid_to = None
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("Volunteer {name} ({number}): {status}"), args={
                   "name": v.name, "number": v.number, "status": Msg(v.status.msgid)}),
               changed=(VOLUNTEERS,))


def status_of(v: Volunteer) -> VolunteerStatus:
    """A record that ended (left, or the resident died: the register ends it) has left."""
    return VolunteerStatus.LEFT if v.valid_to is not None else v.status


@dataclass(frozen=True)
class CardHolder:
    """What the till shows for a scanned card: no ID number, the phone masked."""

    id: str
    number: str
    name: str
    points: int
    active: bool
    phone: str = ""  # masked: 138****5678


def _holder(s: Session, v: Volunteer) -> CardHolder:
    return CardHolder(v.id, v.number, v.name, volunteer_balance(s, v.id),
                      status_of(v) == VolunteerStatus.ACTIVE, mask_phone(v.phone))


def card_holder(session: Session, number: object) -> CardHolder:
    """A scanned or typed volunteer number → who it is and their points, in the caller's
    unit of work (the shop's sale)."""
    number = check_volunteer_number(str(number or ""))
    v = session.scalar(select(Volunteer).where(Volunteer.number == number))
    if v is None:
        raise NotFound(_("No volunteer has the number “{number}”.").format(number=number))
    return _holder(session, v)


def card_holders(session: Session, query: object, *, limit: int = 20) -> list[CardHolder]:
    """The till's search when a card is not at hand: the volunteer number, part of the name,
    or the last 4 digits of the phone (no more: the till is not a phone book). Active
    volunteers only."""
    q = clean_line(query or "", _("The search"), compatibility=True).replace(" ", "")
    if not q:
        return []
    stmt = select(Volunteer).where(Volunteer.valid_to.is_(None),
                                   Volunteer.status == VolunteerStatus.ACTIVE)
    if q.isdigit():
        stmt = stmt.where(or_(Volunteer.phone.endswith(q), Volunteer.number == q)
                          if len(q) == PHONE_TAIL else Volunteer.number == q)
    else:
        stmt = stmt.where(or_(Volunteer.name.contains(q, autoescape=True),
                              Volunteer.number == q.upper()))
    return [_holder(session, v) for v in session.scalars(
        stmt.order_by(Volunteer.name, Volunteer.number).limit(limit))]


@reads
def volunteer_by_number(uow: UnitOfWork, *, actor: Actor, number: str) -> CardHolder:
    """For the till: a scanned or typed volunteer number → who it is and their points."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return card_holder(uow.session, number)


# ------------------------------------------------------------------------------------ teams


@writes
def save_team(uow: UnitOfWork, *, actor: Actor, name: object, category: ServiceCategory,
              description: object = "", works_with_children: bool = False,
              team_id: str | None = None) -> str:
    actor.require(Permission.EDIT_VOLUNTEERS)
    name = text(name, 60, "name", _("the team's name"), required=True)
    description = text(description, 500, "description", _("the description"))
    with uow:
        s = uow.session
        clash = s.scalar(select(VolunteerTeam.id).where(VolunteerTeam.name == name))
        if clash and clash != team_id:
            raise ValidationError(_("There is already a team called {name}.").format(name=name),
                                  field="name")
        team = s.get(VolunteerTeam, team_id) if team_id else VolunteerTeam()
        if team is None:
            raise NotFound(_("This team is no longer on the list."))
        team.name, team.category = name, ServiceCategory(category)
        team.description, team.works_with_children = description, bool(works_with_children)
        s.add(team)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE if team_id else AuditAction.CREATE,
               target_kind="volunteer_team", target_id=team.id,
               summary=Msg(N_("Saved the team {name}"), args={"name": name}),
               changed=(VOLUNTEERS,))
        return team.id


@writes
def join_team(uow: UnitOfWork, *, actor: Actor, team_id: str, volunteer_id: str,
              role: TeamRole = TeamRole.MEMBER, on: object = None) -> str:
    """Add a member (or make one the leader). A team that works with children takes only
    people whose background check of the last year is clear (未成年人保护法 art. 62)."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    since = day(on, "on", _("the date"), required=False) or dt.date.today()
    with uow:
        s = uow.session
        team = s.get(VolunteerTeam, team_id)
        if team is None:
            raise NotFound(_("This team is no longer on the list."))
        v = get_volunteer(s, volunteer_id)
        if team.works_with_children:
            last = latest_check(s, v.id)
            if last is None or last.result != CheckResult.CLEAR or check_due(last.checked_on,
                                                                             since):
                raise ValidationError(_(
                    "{team} works with children: record a clear background check of the "
                    "last year for {name} first.").format(team=team.name, name=v.name))
        current = s.scalar(select(TeamMember).where(
            TeamMember.team_id == team.id, TeamMember.volunteer_id == v.id,
            TeamMember.valid_to.is_(None)))
        if current is not None:
            current.role = TeamRole(role)
            member = current
        else:
            member = TeamMember(team_id=team.id, volunteer_id=v.id, role=TeamRole(role),
                                valid_from=since)
            s.add(member)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("{name} joined {team} as {role}"), args={
                   "name": v.name, "team": team.name, "role": Msg(TeamRole(role).msgid)}),
               changed=(VOLUNTEERS,))
        return member.id


@writes
def leave_team(uow: UnitOfWork, *, actor: Actor, member_id: str, on: object = None) -> None:
    actor.require(Permission.EDIT_VOLUNTEERS)
    until = day(on, "on", _("the date"), required=False) or dt.date.today()
    with uow:
        s = uow.session
        member = s.get(TeamMember, member_id)
        if member is None or member.valid_to is not None:
            raise NotFound(_("This person is no longer in the team."))
        member.valid_to = max(until, member.valid_from)
        v = get_volunteer(s, member.volunteer_id)
        team = s.get_one(VolunteerTeam, member.team_id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("{name} left {team}"), args={"name": v.name, "team": team.name}),
               changed=(VOLUNTEERS,))


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    category: ServiceCategory
    works_with_children: bool
    leaders: tuple[str, ...]
    members: int
    description: str


@reads
def list_teams(uow: UnitOfWork, *, actor: Actor) -> list[TeamRow]:
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        leaders: dict[str, list[str]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for team_id, role, name in s.execute(
                select(TeamMember.team_id, TeamMember.role, Volunteer.name)
                .join(Volunteer, Volunteer.id == TeamMember.volunteer_id)
                .where(TeamMember.valid_to.is_(None)).order_by(Volunteer.name)):
            counts[team_id] += 1
            if role == TeamRole.LEADER:
                leaders[team_id].append(name)
        return [TeamRow(t.id, t.name, t.category, t.works_with_children,
                        tuple(leaders[t.id]), counts[t.id], t.description)
                for t in s.scalars(select(VolunteerTeam).where(
                    VolunteerTeam.archived_at.is_(None)).order_by(VolunteerTeam.name))]


# ------------------------------------------------------------ background checks, records


def latest_check(session: Session, volunteer_id: str) -> BackgroundCheck | None:
    return session.scalar(select(BackgroundCheck).where(
        BackgroundCheck.volunteer_id == volunteer_id)
        .order_by(BackgroundCheck.checked_on.desc()).limit(1))


@writes
def record_background_check(uow: UnitOfWork, *, actor: Actor, volunteer_id: str,
                            checked_on: object, result: CheckResult,
                            reference: object = "") -> str:
    actor.require(Permission.EDIT_VOLUNTEERS)
    on = day(checked_on, "checked_on", _("the date of the check"))
    if on and on > dt.date.today():
        raise ValidationError(_("The date of the check is in the future."),
                              field="checked_on")
    reference = text(reference, 100, "reference", _("the reference"))
    with uow:
        s = uow.session
        v = get_volunteer(s, volunteer_id)
        check = BackgroundCheck(volunteer_id=v.id, checked_on=on, result=CheckResult(result),
                                reference=reference, recorded_by=actor.username)
        s.add(check)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("{name}: background check of {day} recorded"),
                           args={"name": v.name, "day": str(on)}), changed=(VOLUNTEERS,))
        return check.id


@writes
def add_volunteer_record(uow: UnitOfWork, *, actor: Actor, volunteer_id: str,
                         kind: RecordKind, on: object, title: object, detail: object = "",
                         stars: int | None = None, minutes: int | None = None) -> str:
    """A training, an award or an evaluation (1 to 5 stars)."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    kind = RecordKind(kind)
    when = day(on, "on", _("the date"))
    title = text(title, 200, "title", _("the title"), required=True)
    detail = text(detail, 1000, "detail", _("the details"))
    if kind == RecordKind.EVALUATION:
        if stars is None or not 1 <= int(stars) <= 5:
            raise ValidationError(_("An evaluation gives 1 to 5 stars."), field="stars")
    else:
        stars = None
    if minutes is not None and not 0 < int(minutes) <= 24 * 60 * 30:
        raise ValidationError(_("Enter the length of the training in hours."),
                              field="minutes")
    with uow:
        s = uow.session
        v = get_volunteer(s, volunteer_id)
        record = VolunteerRecord(volunteer_id=v.id, kind=kind, on=when, title=title,
                                 detail=detail, stars=stars, minutes=minutes,
                                 recorded_by=actor.username)
        s.add(record)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("{name}: {kind} recorded: {title}"), args={
                   "name": v.name, "kind": Msg(kind.msgid), "title": title}),
               changed=(VOLUNTEERS,))
        return record.id


# ------------------------------------------------------------------- the list and profile


def approved_minutes(session: Session, volunteer_ids: list[str] | None = None
                     ) -> dict[str, int]:
    query = (select(ServiceRecord.volunteer_id, func.sum(ServiceRecord.minutes))
             .where(ServiceRecord.status == HoursStatus.APPROVED)
             .group_by(ServiceRecord.volunteer_id))
    if volunteer_ids is not None:
        query = query.where(ServiceRecord.volunteer_id.in_(volunteer_ids))
    return {vid: int(m or 0) for vid, m in session.execute(query)}


@dataclass(frozen=True)
class VolunteerRow:
    id: str
    number: str
    name: str
    sex: str
    age: int | None
    phone: str  # masked
    teams: str
    minutes: int  # approved
    points: int
    stars: int
    status: VolunteerStatus
    check_due: bool  # in a team with children and no clear check of the last year


@reads
def list_volunteers(uow: UnitOfWork, *, actor: Actor, query: str = "",
                    team_id: str | None = None, include_left: bool = False,
                    today: dt.date | None = None) -> list[VolunteerRow]:
    actor.require(Permission.VIEW_VOLUNTEERS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        q = select(Volunteer).where(Volunteer.archived_at.is_(None)).order_by(Volunteer.number)
        if not include_left:
            q = q.where(Volunteer.status != VolunteerStatus.LEFT, Volunteer.valid_to.is_(None))
        words = query.strip()
        if words:
            like = f"%{words}%"
            q = q.where(or_(Volunteer.name.like(like), Volunteer.number.startswith(words),
                            Volunteer.phone.endswith(words)))
        if team_id:
            q = q.where(Volunteer.id.in_(select(TeamMember.volunteer_id).where(
                TeamMember.team_id == team_id, TeamMember.valid_to.is_(None))))
        volunteers = list(s.scalars(q))
        return _rows(s, volunteers, today)


def _rows(s: Session, volunteers: list[Volunteer], today: dt.date) -> list[VolunteerRow]:
    settings = volunteer_settings(s)
    minutes = approved_minutes(s)
    balances = all_volunteer_balances(s)
    teams: dict[str, list[str]] = defaultdict(list)
    children: set[str] = set()
    for vid, name, with_children in s.execute(
            select(TeamMember.volunteer_id, VolunteerTeam.name,
                   VolunteerTeam.works_with_children)
            .join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
            .where(TeamMember.valid_to.is_(None)).order_by(VolunteerTeam.name)):
        teams[vid].append(name)
        if with_children:
            children.add(vid)
    last_clear: dict[str, dt.date] = {vid: on for vid, on in s.execute(
        select(BackgroundCheck.volunteer_id, func.max(BackgroundCheck.checked_on))
        .where(BackgroundCheck.result == CheckResult.CLEAR)
        .group_by(BackgroundCheck.volunteer_id))}
    return [VolunteerRow(v.id, v.number, v.name, v.sex.label if v.sex else "",
                         age_on(v.birth_date, today), mask_phone(v.phone),
                         _("、").join(teams[v.id]), minutes.get(v.id, 0),
                         balances.get(v.id, 0),
                         star_level(minutes.get(v.id, 0), settings.star_hours), status_of(v),
                         v.id in children and check_due(last_clear.get(v.id), today))
            for v in volunteers]


@dataclass(frozen=True)
class ServiceLine:
    record_id: str
    activity_id: str
    on: dt.date
    activity: str
    category: ServiceCategory
    minutes: int | None
    status: HoursStatus
    decline_reason: str


@dataclass(frozen=True)
class VolunteerProfile:
    id: str
    number: str
    name: str
    sex: str
    birth_date: dt.date | None
    id_number: str  # masked
    phone: str  # masked
    area: str
    organisation: str
    skills: str
    categories: tuple[ServiceCategory, ...]
    entered_by: EnteredBy
    consent_on: dt.date
    joined_on: dt.date
    status: VolunteerStatus
    resident_id: str | None
    notes: str
    teams: tuple[tuple[str, str, TeamRole, dt.date], ...]  # member id, team, role, since
    minutes: int
    stars: int
    points: int
    #: approved minutes by (year, category)
    hours_by_year: dict[tuple[int, ServiceCategory], int] = field(default_factory=dict)
    service: tuple[ServiceLine, ...] = ()
    records: tuple[tuple[RecordKind, dt.date, str, str, int | None], ...] = ()
    checks: tuple[tuple[dt.date, CheckResult, str], ...] = ()
    certificates: tuple[tuple[str, dt.date, int], ...] = ()  # number, issued on, minutes


@reads
def volunteer_profile(uow: UnitOfWork, *, actor: Actor, volunteer: str) -> VolunteerProfile:
    """By id or volunteer number."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        v = find_volunteer(s, volunteer)
        settings = volunteer_settings(s)
        service = [ServiceLine(r.id, a.id, a.on, a.name, a.category, r.minutes, r.status,
                               r.decline_reason)
                   for r, a in s.execute(
                       select(ServiceRecord, Activity)
                       .join(Activity, Activity.id == ServiceRecord.activity_id)
                       .where(ServiceRecord.volunteer_id == v.id)
                       .order_by(Activity.on.desc()))]
        by_year: dict[tuple[int, ServiceCategory], int] = defaultdict(int)
        for line in service:
            if line.status == HoursStatus.APPROVED and line.minutes:
                by_year[(line.on.year, line.category)] += line.minutes
        total = sum(by_year.values())
        teams = tuple((m.id, t.name, m.role, m.valid_from) for m, t in s.execute(
            select(TeamMember, VolunteerTeam)
            .join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
            .where(TeamMember.volunteer_id == v.id, TeamMember.valid_to.is_(None))
            .order_by(VolunteerTeam.name)))
        records = tuple((r.kind, r.on, r.title, r.detail, r.stars) for r in s.scalars(
            select(VolunteerRecord).where(VolunteerRecord.volunteer_id == v.id)
            .order_by(VolunteerRecord.on.desc())))
        checks = tuple((c.checked_on, c.result, c.reference) for c in s.scalars(
            select(BackgroundCheck).where(BackgroundCheck.volunteer_id == v.id)
            .order_by(BackgroundCheck.checked_on.desc())))
        certificates = tuple((c.number, c.issued_on, c.minutes) for c in s.scalars(
            select(Certificate).where(Certificate.volunteer_id == v.id)
            .order_by(Certificate.issued_on.desc())))
        return VolunteerProfile(
            v.id, v.number, v.name, v.sex.label if v.sex else "", v.birth_date,
            mask_identifier(v.id_number), mask_phone(v.phone), v.area, v.organisation,
            v.skills, tuple(ServiceCategory(c) for c in v.categories.split(",") if c),
            v.entered_by, v.consent_on, v.joined_on, status_of(v), v.resident_id, v.notes, teams,
            total, star_level(total, settings.star_hours), volunteer_balance(s, v.id),
            dict(by_year), tuple(service), records, checks, certificates)


@dataclass(frozen=True)
class TeamMemberRow:
    member_id: str
    volunteer_id: str
    number: str
    name: str
    role: TeamRole
    since: dt.date


@reads
def team_members(uow: UnitOfWork, *, actor: Actor, team_id: str) -> list[TeamMemberRow]:
    """The current members of a team, leaders first (for the team dialog)."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        rows = [TeamMemberRow(m.id, v.id, v.number, v.name, m.role, m.valid_from)
                for m, v in s.execute(
                    select(TeamMember, Volunteer)
                    .join(Volunteer, Volunteer.id == TeamMember.volunteer_id)
                    .where(TeamMember.team_id == team_id, TeamMember.valid_to.is_(None))
                    .order_by(Volunteer.number))]
        return sorted(rows, key=lambda r: r.role != TeamRole.LEADER)


def volunteer_names(session: Session, volunteer_ids: list[str] | set[str] | None = None
                    ) -> dict[str, str]:
    """Volunteer id → name (for other features' lists: the visitors of a visit …)."""
    q = select(Volunteer.id, Volunteer.name)
    if volunteer_ids is not None:
        q = q.where(Volunteer.id.in_(list(volunteer_ids)))
    return {vid: name for vid, name in session.execute(q)}
