"""Activities and hours (志愿服务时间): an activity with its participants, hours by check-in
and check-out or entered once for a whole group, rounded and capped by the centre's rule;
pending → approved (points are earned) or declined with a reason; the volunteer's request to
correct → check → correct, with its trail; the leaderboard and the recording deadline.

Hours are integer minutes; approving them never touches the points already spent, and a
redemption never touches the hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.volunteers import POINTS, VOLUNTEERS
from neighborcenter.features.volunteers.ledger import (
    NotEnoughPoints,
    centre_account,
    earn,
    post,
    volunteer_account,
)
from neighborcenter.features.volunteers.models import (
    Activity,
    HoursCorrection,
    ServiceRecord,
    TeamMember,
    Volunteer,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.people import day, get_volunteer, text
from neighborcenter.features.volunteers.rules import (
    CentreAccount,
    CorrectionStatus,
    EntryKind,
    HoursStatus,
    ServiceCategory,
    VolunteerStatus,
    counted_minutes,
    format_hours,
    minutes_between,
    parse_hours,
    points_for,
    record_deadline,
    star_level,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import N_, N_plural, _, ngettext, translate_to
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork

# ------------------------------------------------------------------------------ activities


@dataclass
class ActivityForm:
    name: str = ""
    category: ServiceCategory = ServiceCategory.OTHER
    on: object = None
    place: str = ""
    content: str = ""
    organiser: str = ""
    person_in_charge: str = ""
    team_id: str | None = None
    cap: object = None  # hours as typed ("2", "1.5"); empty: the centre's default


@writes
def save_activity(uow: UnitOfWork, *, actor: Actor, form: ActivityForm,
                  activity_id: str | None = None) -> str:
    actor.require(Permission.EDIT_VOLUNTEERS)
    name = text(form.name, 200, "name", _("the activity's name"), required=True)
    on = day(form.on, "on", _("the date of the activity"))
    if on and on > dt.date.today() + dt.timedelta(days=366):
        raise ValidationError(_("The date is more than a year ahead."), field="on")
    category = ServiceCategory(form.category)
    place = text(form.place, 200, "place", _("the place"))
    content = text(form.content, 2000, "content", _("the content"))
    organiser = text(form.organiser, 100, "organiser", _("the organiser"), required=True)
    person = text(form.person_in_charge, 60, "person_in_charge", _("the person in charge"),
                  required=True)
    cap = parse_hours(form.cap, field="cap") if str(form.cap or "").strip() else None
    if cap == 0:
        raise ValidationError(_("A cap of 0 hours would count nothing; leave it empty for "
                                "the centre's default."), field="cap")
    with uow:
        s = uow.session
        settings = volunteer_settings(s)
        if form.team_id and s.get(VolunteerTeam, form.team_id) is None:
            raise NotFound(_("This team is no longer on the list."))
        a = s.get(Activity, activity_id) if activity_id else None
        if activity_id and a is None:
            raise NotFound(_("This activity is no longer on the list."))
        if a is None:
            a = Activity(points_per_hour=settings.rate(category), recorded_by=actor.username)
            s.add(a)
        elif a.category != category:  # the new category's rate, for hours not yet approved
            a.points_per_hour = settings.rate(category)
        assert on is not None  # day() refuses an empty date it requires
        a.name, a.category, a.on, a.place, a.content = name, category, on, place, content
        a.organiser, a.person_in_charge, a.team_id = organiser, person, form.team_id
        new_cap = cap if cap is not None else settings.default_cap_minutes
        if activity_id and new_cap != a.cap_minutes:  # pending hours are counted again
            for record in s.scalars(select(ServiceRecord).where(
                    ServiceRecord.activity_id == a.id,
                    ServiceRecord.status == HoursStatus.PENDING,
                    ServiceRecord.raw_minutes.is_not(None))):
                record.minutes = counted_minutes(record.raw_minutes or 0, rule=settings.rounding,
                                                 cap_minutes=new_cap)
        a.cap_minutes = new_cap
        s.flush()
        finish(uow, actor, AuditAction.UPDATE if activity_id else AuditAction.CREATE,
               target_kind="volunteer_activity", target_id=a.id,
               summary=Msg(N_("Saved the activity {name} of {day}"),
                           args={"name": name, "day": str(on)}), changed=(VOLUNTEERS,))
        return a.id


def _activity(s, activity_id: str) -> Activity:
    a = s.get(Activity, activity_id)
    if a is None:
        raise NotFound(_("This activity is no longer on the list."))
    return a


def _serving(s, volunteer_id: str, on: dt.date) -> Volunteer:
    """The volunteer, if they were serving on the activity's day: a record that ended (left,
    or died) before that day takes no hours; one that ended after it still does (hours are
    recorded up to ten working days later)."""
    v = get_volunteer(s, volunteer_id)
    if v.valid_to is not None and v.valid_to < on:
        raise ValidationError(_("{name}'s volunteer record ended on {day}, before this "
                                "activity.").format(name=v.name, day=v.valid_to.isoformat()))
    if v.status == VolunteerStatus.LEFT and v.valid_to is None:
        raise ValidationError(_("{name} has left the volunteers; bring them back first.")
                              .format(name=v.name))
    return v


# ----------------------------------------------------------------------------- recording


@writes
def check_in(uow: UnitOfWork, *, actor: Actor, activity_id: str, volunteer_ids: list[str],
             at: dt.datetime | None = None) -> list[str]:
    """Check in everyone in the list at once — all of them, or (one already recorded, one
    who had left) none; returns the new records' ids."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    if not volunteer_ids:
        raise ValidationError(_("Choose the volunteers who served."), field="volunteers")
    with uow:
        s = uow.session
        a = _activity(s, activity_id)
        people = [_serving(s, vid, a.on) for vid in dict.fromkeys(volunteer_ids)]
        already = set(s.scalars(select(ServiceRecord.volunteer_id).where(
            ServiceRecord.activity_id == a.id)))
        clash = [v.name for v in people if v.id in already]
        if clash:
            raise ValidationError(_("Already recorded at this activity: {names}. Nobody was "
                                    "checked in.").format(names=_("、").join(clash)))
        records = [ServiceRecord(activity_id=a.id, volunteer_id=v.id,
                                 checked_in_at=at or utcnow(), status=HoursStatus.PENDING,
                                 recorded_by=actor.username) for v in people]
        s.add_all(records)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer_activity",
               target_id=a.id,
               summary=Msg(N_("Checked in at {activity}: {names}"), args={
                   "activity": a.name, "names": [v.name for v in people]}),
               changed=(VOLUNTEERS,))
        return [r.id for r in records]


@writes
def check_out(uow: UnitOfWork, *, actor: Actor, record_ids: list[str],
              at: dt.datetime | None = None) -> list[int]:
    """Check out everyone in the list at once (or nobody); returns the minutes counted for
    each (rounded and capped)."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    with uow:
        s = uow.session
        rule = volunteer_settings(s).rounding
        counted, names = [], []
        activity: Activity | None = None
        for record_id in dict.fromkeys(record_ids):
            record = s.get(ServiceRecord, record_id)
            if record is None or record.checked_in_at is None:
                raise NotFound(_("This check-in is not there."))
            v = s.get_one(Volunteer, record.volunteer_id)
            if record.checked_out_at is not None:
                raise ValidationError(_("{name} has already checked out. Nobody was checked "
                                        "out.").format(name=v.name))
            activity = _activity(s, record.activity_id)
            record.checked_out_at = at or utcnow()
            record.raw_minutes = minutes_between(record.checked_in_at, record.checked_out_at)
            record.minutes = counted_minutes(record.raw_minutes, rule=rule,
                                             cap_minutes=activity.cap_minutes)
            counted.append(record.minutes)
            names.append(v.name)
        if activity is None:
            raise ValidationError(_("Choose the volunteers to check out."))
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer_activity",
               target_id=activity.id,
               summary=Msg(N_("Checked out of {activity}: {names}"), args={
                   "activity": activity.name, "names": names}),
               changed=(VOLUNTEERS,))
        return counted


@dataclass(frozen=True)
class Recorded:
    added: int
    changed: int
    minutes: int  # counted for each person


@writes
def record_hours(uow: UnitOfWork, *, actor: Actor, activity_id: str,
                 volunteer_ids: list[str], hours: object) -> Recorded:
    """Record the same time once for everyone in the list (or correct a pending one).
    Approved or declined records are left alone: they change only through a correction."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    raw = parse_hours(hours)
    if not volunteer_ids:
        raise ValidationError(_("Choose the volunteers who served."), field="volunteers")
    with uow:
        s = uow.session
        a = _activity(s, activity_id)
        minutes = counted_minutes(raw, rule=volunteer_settings(s).rounding,
                                  cap_minutes=a.cap_minutes)
        existing = {r.volunteer_id: r for r in s.scalars(select(ServiceRecord).where(
            ServiceRecord.activity_id == a.id))}
        settled = [existing[v] for v in volunteer_ids
                   if v in existing and existing[v].status != HoursStatus.PENDING]
        if settled:
            names = [s.get_one(Volunteer, r.volunteer_id).name for r in settled]
            raise ValidationError(_("Already decided for {names}: ask for a correction "
                                    "instead. Nothing was recorded.").format(
                names=_("、").join(names)))
        added = changed = 0
        for vid in dict.fromkeys(volunteer_ids):
            v = _serving(s, vid, a.on)
            record = existing.get(v.id)
            if record is None:
                s.add(ServiceRecord(activity_id=a.id, volunteer_id=v.id, raw_minutes=raw,
                                    minutes=minutes, status=HoursStatus.PENDING,
                                    recorded_by=actor.username))
                added += 1
            else:
                record.raw_minutes, record.minutes = raw, minutes
                changed += 1
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer_activity",
               target_id=a.id,
               summary=Msg(*_plural_people(), args={"n": added + changed, "activity": a.name,
                                                    "hours": format_hours(minutes)}),
               changed=(VOLUNTEERS,))
        return Recorded(added, changed, minutes)


TAKEN_OFF = N_("No longer among the visitors")


def _taken_off(record: ServiceRecord) -> bool:
    """Declined by credit_service because the person was taken off (in either language)."""
    return record.status == HoursStatus.DECLINED and record.decline_reason in {
        _(TAKEN_OFF), TAKEN_OFF, translate_to("zh_CN", TAKEN_OFF)}


def credit_service(session: Session, *, actor: Actor, activity_id: str | None, name: str,
                   on: dt.date, minutes: int, volunteer_ids: list[str], place: str = "",
                   organiser: str, person_in_charge: str,
                   category: ServiceCategory = ServiceCategory.ELDER_CARE,
                   minutes_of: Mapping[str, int] | None = None) -> str | None:
    """Service done in another feature (a visit …) credited as an activity with pending hours,
    in the caller's unit of work; approving them earns the points, once, as for any activity.

    Given the activity it made before (``activity_id``), it is brought up to date instead of
    made again — so one visit credits its visitors once however often it is edited. Hours
    already approved or declined are left as they are. With nobody to credit and no activity
    yet, nothing is made (None). ``minutes_of`` gives a volunteer their own length (a duty
    shorter than the day's)."""
    if not volunteer_ids and activity_id is None:
        return None
    settings = volunteer_settings(session)
    a = session.get(Activity, activity_id) if activity_id else None
    if a is None:
        a = Activity(points_per_hour=settings.rate(category), recorded_by=actor.username,
                     cap_minutes=settings.default_cap_minutes)
        session.add(a)
    a.name, a.category, a.on, a.place = name, category, on, place
    a.organiser, a.person_in_charge = organiser, person_in_charge
    session.flush()
    def counted(vid: str) -> tuple[int, int]:
        raw = (minutes_of or {}).get(vid, minutes)
        return raw, counted_minutes(raw, rule=settings.rounding, cap_minutes=a.cap_minutes)

    existing = {r.volunteer_id: r for r in session.scalars(select(ServiceRecord).where(
        ServiceRecord.activity_id == a.id))}
    wanted = list(dict.fromkeys(volunteer_ids))
    for vid in wanted:
        record = existing.get(vid)
        if record is None:
            _serving(session, vid, on)
            raw, count = counted(vid)
            session.add(ServiceRecord(activity_id=a.id, volunteer_id=vid, raw_minutes=raw,
                                      minutes=count, status=HoursStatus.PENDING,
                                      recorded_by=actor.username))
        elif record.status == HoursStatus.PENDING or _taken_off(record):
            # pending, or declined only because they were taken off and now are back
            record.raw_minutes, record.minutes = counted(vid)
            record.status, record.decided_by, record.decided_at = HoursStatus.PENDING, None, None
            record.decline_reason = ""
    for vid, record in existing.items():  # no longer a visitor: their pending hours go
        if vid not in wanted and record.status == HoursStatus.PENDING:
            record.status = HoursStatus.DECLINED
            record.decided_by, record.decided_at = actor.username, utcnow()
            record.decline_reason = _(TAKEN_OFF)
    session.flush()
    return a.id


def _plural_people() -> tuple[str, str]:
    return N_plural("{activity}: {hours} h recorded for {n} volunteer",
                    "{activity}: {hours} h recorded for {n} volunteers")


# ------------------------------------------------------------------------------- approval


@dataclass(frozen=True)
class Decided:
    records: int
    points: int


@writes
def approve_hours(uow: UnitOfWork, *, actor: Actor, record_ids: list[str]) -> Decided:
    """Approve pending hours (one or many): each earns its points, once."""
    actor.require(Permission.APPROVE_HOURS)
    if not record_ids:
        raise ValidationError(_("Choose the hours to approve."))
    with uow:
        s = uow.session
        points_total = count = 0
        for record_id in dict.fromkeys(record_ids):
            record = s.get(ServiceRecord, record_id)
            if record is None:
                raise NotFound(_("These hours are no longer on the list."))
            if record.status != HoursStatus.PENDING:
                continue  # approved (or declined) by someone else meanwhile
            v = s.get_one(Volunteer, record.volunteer_id)
            a = s.get_one(Activity, record.activity_id)
            if record.minutes is None:
                raise ValidationError(_("{name} is still checked in at {activity}: check out "
                                        "first.").format(name=v.name, activity=a.name))
            record.status = HoursStatus.APPROVED
            record.decided_by, record.decided_at = actor.username, utcnow()
            points = points_for(record.minutes, a.points_per_hour)
            if points:
                earn(s, actor=actor, volunteer_id=v.id, points=points,
                     request_key=f"earn:{record.id}", on=a.on,
                     reason=f"{a.on.isoformat()} {a.name}", source=f"service_record:{record.id}")
            points_total += points
            count += 1
        if not count:
            return Decided(0, 0)
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer_hours",
               summary=Msg(N_("Approved hours: {count} records, {points} points"),
                           args={"count": count, "points": points_total}),
               changed=(VOLUNTEERS, POINTS))
        return Decided(count, points_total)


@writes
def decline_hours(uow: UnitOfWork, *, actor: Actor, record_ids: list[str],
                  reason: object) -> Decided:
    actor.require(Permission.APPROVE_HOURS)
    why = text(reason, 300, "reason", _("the reason"), required=True)
    with uow:
        s = uow.session
        count = 0
        for record_id in dict.fromkeys(record_ids):
            record = s.get(ServiceRecord, record_id)
            if record is None:
                raise NotFound(_("These hours are no longer on the list."))
            if record.status != HoursStatus.PENDING:
                continue
            record.status, record.decline_reason = HoursStatus.DECLINED, why
            record.decided_by, record.decided_at = actor.username, utcnow()
            count += 1
        if not count:
            return Decided(0, 0)
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer_hours",
               summary=Msg(N_("Declined hours: {count} records: {reason}"),
                           args={"count": count, "reason": why}), changed=(VOLUNTEERS,))
        return Decided(count, 0)


# ---------------------------------------------------------------------------- corrections


@writes
def request_correction(uow: UnitOfWork, *, actor: Actor, record_id: str, hours: object,
                       reason: object, requested_on: object = None) -> str:
    """The volunteer says the hours are wrong (staff write it down)."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    asked = parse_hours(hours)
    why = text(reason, 500, "reason", _("what the volunteer says"), required=True)
    on = day(requested_on, "requested_on", _("the date"), required=False) or dt.date.today()
    with uow:
        s = uow.session
        record = s.get(ServiceRecord, record_id)
        if record is None:
            raise NotFound(_("These hours are no longer on the list."))
        if record.minutes is None:
            raise ValidationError(_("Still checked in: check out first."))
        if s.scalar(select(HoursCorrection.id).where(
                HoursCorrection.record_id == record.id,
                HoursCorrection.status == CorrectionStatus.REQUESTED)):
            raise ValidationError(_("A correction of these hours is already waiting to be "
                                    "checked."))
        if asked == record.minutes:
            raise ValidationError(_("That is the time already recorded."), field="hours")
        correction = HoursCorrection(record_id=record.id, requested_on=on, reason=why,
                                     old_minutes=record.minutes, asked_minutes=asked,
                                     status=CorrectionStatus.REQUESTED,
                                     recorded_by=actor.username)
        s.add(correction)
        s.flush()
        v = s.get_one(Volunteer, record.volunteer_id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("{name} asked to correct {old} h to {new} h"), args={
                   "name": v.name, "old": format_hours(record.minutes),
                   "new": format_hours(asked)}), changed=(VOLUNTEERS,))
        return correction.id


@writes
def decide_correction(uow: UnitOfWork, *, actor: Actor, correction_id: str, accept: bool,
                      note: object = "") -> None:
    """Checked: correct the hours (and the points earned for approved hours, by an
    adjustment in the ledger) or refuse, with a note. A correction that would take back
    points the volunteer has already spent is refused whole."""
    actor.require(Permission.APPROVE_HOURS)
    note = text(note, 500, "note", _("the note"), required=not accept)
    with uow:
        s = uow.session
        c = s.get(HoursCorrection, correction_id)
        if c is None or c.status != CorrectionStatus.REQUESTED:
            raise NotFound(_("This correction request is no longer waiting."))
        record = s.get_one(ServiceRecord, c.record_id)
        v = s.get_one(Volunteer, record.volunteer_id)
        a = s.get_one(Activity, record.activity_id)
        c.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REFUSED
        c.checked_by, c.checked_at, c.check_note = actor.username, utcnow(), note
        changed = [VOLUNTEERS]
        if accept:  # what the volunteer served, counted by the centre's rule and the cap
            old = record.minutes or 0
            record.raw_minutes = c.asked_minutes
            record.minutes = counted_minutes(c.asked_minutes,
                                             rule=volunteer_settings(s).rounding,
                                             cap_minutes=a.cap_minutes)
            if record.status == HoursStatus.APPROVED:
                diff = (points_for(record.minutes, a.points_per_hour)
                        - points_for(old, a.points_per_hour))
                if diff:
                    try:
                        post(s, actor=actor, kind=EntryKind.ADJUST,
                             request_key=f"correct:{c.id}",
                             lines=[(centre_account(s, CentreAccount.ISSUED), -diff),
                                    (volunteer_account(s, v.id), diff)],
                             reason=_("Hours corrected: {activity}").format(activity=a.name),
                             source=f"correction:{c.id}")
                    except NotEnoughPoints as exc:
                        raise NotEnoughPoints(_(
                            "{name} has already spent the points this correction takes "
                            "back; nothing was changed.").format(name=v.name)) from exc
                    changed.append(POINTS)
        finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=v.id,
               summary=Msg(N_("Hours of {name} at {activity} corrected from {old} h to {new} h")
                           if accept else N_("Correction for {name} at {activity} refused: "
                                             "{note}"),
                           args={"name": v.name, "activity": a.name,
                                 "old": format_hours(c.old_minutes),
                                 "new": format_hours(record.minutes or 0), "note": note}),
               changed=changed)


# -------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ActivityRow:
    id: str
    on: dt.date
    name: str
    category: ServiceCategory
    team: str
    place: str
    person_in_charge: str
    people: int
    pending: int
    approved_minutes: int
    deadline: dt.date  # hours are recorded within 10 working days
    unrecorded: bool  # past, and nobody recorded yet


@reads
def list_activities(uow: UnitOfWork, *, actor: Actor, year: int | None = None,
                    today: dt.date | None = None) -> list[ActivityRow]:
    actor.require(Permission.VIEW_VOLUNTEERS)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        counts = (select(ServiceRecord.activity_id, func.count().label("people"),
                         func.sum(case((ServiceRecord.status == HoursStatus.PENDING, 1),
                                       else_=0)).label("pending"),
                         func.sum(ServiceRecord.minutes).filter(
                             ServiceRecord.status == HoursStatus.APPROVED).label("approved"))
                  .group_by(ServiceRecord.activity_id).subquery())
        q = (select(Activity, VolunteerTeam.name, counts.c.people, counts.c.pending,
                    counts.c.approved)
             .outerjoin(VolunteerTeam, VolunteerTeam.id == Activity.team_id)
             .outerjoin(counts, counts.c.activity_id == Activity.id)
             .where(Activity.archived_at.is_(None))
             .order_by(Activity.on.desc(), Activity.name))
        if year:
            q = q.where(Activity.on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return [ActivityRow(a.id, a.on, a.name, a.category, team or "", a.place,
                            a.person_in_charge, int(people or 0), int(pending or 0),
                            int(approved or 0), record_deadline(a.on),
                            a.on < today and not people)
                for a, team, people, pending, approved in s.execute(q)]


@dataclass(frozen=True)
class Participant:
    record_id: str
    volunteer_id: str
    number: str
    name: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    raw_minutes: int | None
    minutes: int | None
    status: HoursStatus
    decline_reason: str
    correction_waiting: bool


@dataclass(frozen=True)
class ActivityDetail:
    id: str
    form: ActivityForm
    cap_minutes: int | None
    points_per_hour: int
    participants: tuple[Participant, ...]


@reads
def activity_detail(uow: UnitOfWork, *, actor: Actor, activity_id: str) -> ActivityDetail:
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        a = _activity(s, activity_id)
        waiting = set(s.scalars(select(HoursCorrection.record_id).where(
            HoursCorrection.status == CorrectionStatus.REQUESTED)))
        people = tuple(
            Participant(r.id, v.id, v.number, v.name, r.checked_in_at, r.checked_out_at,
                        r.raw_minutes, r.minutes, r.status, r.decline_reason, r.id in waiting)
            for r, v in s.execute(select(ServiceRecord, Volunteer)
                                  .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
                                  .where(ServiceRecord.activity_id == a.id)
                                  .order_by(Volunteer.number)))
        form = ActivityForm(a.name, a.category, a.on, a.place, a.content, a.organiser,
                            a.person_in_charge, a.team_id,
                            format_hours(a.cap_minutes) if a.cap_minutes else "")
        return ActivityDetail(a.id, form, a.cap_minutes, a.points_per_hour, people)


@dataclass(frozen=True)
class PendingHours:
    record_id: str
    activity_id: str
    on: dt.date
    activity: str
    number: str
    name: str
    minutes: int | None  # None: still checked in
    raw_minutes: int | None
    points: int  # what approving would earn


@reads
def approval_queue(uow: UnitOfWork, *, actor: Actor) -> list[PendingHours]:
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        return [PendingHours(r.id, a.id, a.on, a.name, v.number, v.name, r.minutes,
                             r.raw_minutes, points_for(r.minutes or 0, a.points_per_hour))
                for r, a, v in s.execute(
                    select(ServiceRecord, Activity, Volunteer)
                    .join(Activity, Activity.id == ServiceRecord.activity_id)
                    .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
                    .where(ServiceRecord.status == HoursStatus.PENDING)
                    .order_by(Activity.on, Activity.name, Volunteer.number))]


@dataclass(frozen=True)
class CorrectionRow:
    id: str
    requested_on: dt.date
    name: str
    number: str
    activity: str
    activity_on: dt.date
    old_minutes: int
    asked_minutes: int
    reason: str
    status: CorrectionStatus
    checked_by: str | None
    check_note: str


@reads
def list_corrections(uow: UnitOfWork, *, actor: Actor, waiting_only: bool = True
                     ) -> list[CorrectionRow]:
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        q = (select(HoursCorrection, ServiceRecord, Activity, Volunteer)
             .join(ServiceRecord, ServiceRecord.id == HoursCorrection.record_id)
             .join(Activity, Activity.id == ServiceRecord.activity_id)
             .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
             .order_by(HoursCorrection.requested_on, HoursCorrection.created_at))
        if waiting_only:
            q = q.where(HoursCorrection.status == CorrectionStatus.REQUESTED)
        return [CorrectionRow(c.id, c.requested_on, v.name, v.number, a.name, a.on,
                              c.old_minutes, c.asked_minutes, c.reason, c.status, c.checked_by,
                              c.check_note)
                for c, _r, a, v in s.execute(q)]


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    volunteer_id: str
    number: str
    name: str
    minutes: int
    stars: int


@reads
def leaderboard(uow: UnitOfWork, *, actor: Actor, year: int | None = None,
                team_id: str | None = None, limit: int = 100) -> list[LeaderRow]:
    """Approved hours, most first (in a year, or ever); equal hours share a rank."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        stars_at = volunteer_settings(s).star_hours
        total = func.sum(ServiceRecord.minutes)
        q = (select(Volunteer.id, Volunteer.number, Volunteer.name, total)
             .join(ServiceRecord, ServiceRecord.volunteer_id == Volunteer.id)
             .join(Activity, Activity.id == ServiceRecord.activity_id)
             .where(ServiceRecord.status == HoursStatus.APPROVED)
             .group_by(Volunteer.id).order_by(total.desc(), Volunteer.number).limit(limit))
        if year:
            q = q.where(Activity.on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        if team_id:
            q = q.where(Volunteer.id.in_(select(TeamMember.volunteer_id).where(
                TeamMember.team_id == team_id)))
        all_time = None if year is None else {
            vid: int(m or 0) for vid, m in s.execute(
                select(ServiceRecord.volunteer_id, func.sum(ServiceRecord.minutes))
                .where(ServiceRecord.status == HoursStatus.APPROVED)
                .group_by(ServiceRecord.volunteer_id))}
        rows: list[LeaderRow] = []
        for vid, number, name, minutes in s.execute(q):
            rank = rows[-1].rank if rows and rows[-1].minutes == minutes else len(rows) + 1
            lifetime = int(minutes or 0) if all_time is None else all_time.get(vid, 0)
            rows.append(LeaderRow(rank, vid, number, name, int(minutes or 0),
                                  star_level(lifetime, stars_at)))
        return rows


def unrecorded_activities(s, today: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
    """Past activities with nobody recorded: (id, name, day, deadline)."""
    recorded = select(ServiceRecord.activity_id)
    return [(a.id, a.name, a.on, record_deadline(a.on)) for a in s.scalars(
        select(Activity).where(Activity.on < today, Activity.archived_at.is_(None),
                               Activity.id.not_in(recorded)).order_by(Activity.on))]


def describe_decided(result: Decided) -> str:
    return ngettext("{n} record approved, {points} points earned",
                    "{n} records approved, {points} points earned",
                    result.records).format(n=result.records, points=result.points)
