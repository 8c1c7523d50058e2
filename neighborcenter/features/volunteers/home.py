"""The volunteers' part of the home page — three cards (volunteers serving, hours served
this month, hours awaiting approval) and the 今日 lines: hours and corrections waiting,
activities not recorded within 10 working days, background checks due for people who work
with children, points about to expire — and the resident's 360° page section.

Each line opens the volunteers page on the tab that lists what it counts (``View("volunteers",
{"tab": …})``; the tabs are ui/page.py's ``TAB_KEYS``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from neighborcenter.core.features import DetailSection
from neighborcenter.core.home import HomeCard, HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.volunteers.hours import unrecorded_activities
from neighborcenter.features.volunteers.ledger import (
    expiring_by,
    expiring_soon,
    volunteer_balance,
)
from neighborcenter.features.volunteers.models import (
    Activity,
    BackgroundCheck,
    HoursCorrection,
    ServiceRecord,
    TeamMember,
    Volunteer,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.people import approved_minutes
from neighborcenter.features.volunteers.rules import (
    CHECK_VALID_DAYS,
    STAR_NAMES,
    CheckResult,
    CorrectionStatus,
    HoursStatus,
    VolunteerStatus,
    expiry_cutoff,
    format_hours,
    star_level,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

PAGE = "volunteers"
#: An unrecorded activity is listed from this many days before its deadline.
DEADLINE_NOTICE_DAYS = 3
#: A background check is listed from this many days before it falls due.
CHECK_NOTICE_DAYS = 30


def view(tab: str, caption: str = "") -> View:
    return View(PAGE, {"tab": tab}, caption)


@reads
def home_part(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomePart:
    """The registered ``home``: nothing for a role that may not see the volunteers."""
    if not actor.can(Permission.VIEW_VOLUNTEERS):
        return HomePart()
    today = today or dt.date.today()
    with uow:
        s = uow.session
        serving = int(s.scalar(select(func.count()).select_from(Volunteer).where(
            Volunteer.status == VolunteerStatus.ACTIVE, Volunteer.valid_to.is_(None),
            Volunteer.archived_at.is_(None))) or 0)
        first = today.replace(day=1)
        month_minutes = int(s.scalar(
            select(func.coalesce(func.sum(ServiceRecord.minutes), 0))
            .join(Activity, Activity.id == ServiceRecord.activity_id)
            .where(ServiceRecord.status == HoursStatus.APPROVED,
                   Activity.on.between(first, today))) or 0)
        pending = int(s.scalar(select(func.count()).select_from(ServiceRecord).where(
            ServiceRecord.status == HoursStatus.PENDING)) or 0)
        cards = (
            HomeCard("volunteers_serving", _("Volunteers serving"), serving,
                     view("volunteers")),
            HomeCard("hours_this_month", _("Volunteer hours approved this month"),
                     month_minutes // 60, view("activities")),
            HomeCard("hours_pending", _("Volunteer hours awaiting approval"), pending,
                     view("approval", _("Hours awaiting approval"))),
        )
        items = (_pending(pending) + _corrections(s) + _unrecorded(s, today)
                 + _checks(s, today) + _expiring(s, today))
        return HomePart(cards, tuple(items))


def _pending(pending: int) -> list[TodayItem]:
    if not pending:
        return []
    return [TodayItem("review", ngettext(
        "{n} volunteer hours record is awaiting approval",
        "{n} volunteer hours records are awaiting approval", pending).format(n=pending),
        view("approval", _("Hours awaiting approval")))]


def _corrections(s) -> list[TodayItem]:
    n = int(s.scalar(select(func.count()).select_from(HoursCorrection).where(
        HoursCorrection.status == CorrectionStatus.REQUESTED)) or 0)
    if not n:
        return []
    return [TodayItem("review", ngettext(
        "{n} volunteer asks to correct recorded hours: check the request",
        "{n} requests to correct volunteer hours are waiting to be checked", n).format(n=n),
        view("approval", _("Correction requests")))]


def _unrecorded(s, today: dt.date) -> list[TodayItem]:
    """Past activities with nobody recorded whose 10 working days are over or nearly so."""
    soon = today + dt.timedelta(days=DEADLINE_NOTICE_DAYS)
    due = [(name, deadline) for _id, name, _on, deadline in unrecorded_activities(s, today)
           if deadline <= soon]
    if not due:
        return []
    late = sum(1 for _name, deadline in due if deadline < today)
    text = ngettext(
        "{n} volunteer activity has no hours recorded; record them within 10 working days "
        "(first deadline {date})",
        "{n} volunteer activities have no hours recorded; record them within 10 working days "
        "(first deadline {date})", len(due)).format(
        n=len(due), date=format_date(min(d for _n, d in due)))
    if late:
        text += _(" ({n} past the deadline)").format(n=late)
    return [TodayItem("problem" if late else "review", text,
                      view("activities", _("Activities without recorded hours")))]


def _checks(s, today: dt.date) -> list[TodayItem]:
    """Members of teams that work with children whose last clear check is a year old (or
    will be within the notice period), or who have none."""
    members = set(s.scalars(
        select(TeamMember.volunteer_id)
        .join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
        .join(Volunteer, Volunteer.id == TeamMember.volunteer_id)
        .where(VolunteerTeam.works_with_children.is_(True), TeamMember.valid_to.is_(None),
               VolunteerTeam.archived_at.is_(None), Volunteer.status != VolunteerStatus.LEFT,
               Volunteer.valid_to.is_(None))))
    if not members:
        return []
    last = dict(s.execute(
        select(BackgroundCheck.volunteer_id, func.max(BackgroundCheck.checked_on))
        .where(BackgroundCheck.result == CheckResult.CLEAR,
               BackgroundCheck.volunteer_id.in_(members))
        .group_by(BackgroundCheck.volunteer_id)).all())
    by = today + dt.timedelta(days=CHECK_NOTICE_DAYS)
    due = [v for v in members
           if last.get(v) is None or (by - last[v]).days >= CHECK_VALID_DAYS]
    if not due:
        return []
    return [TodayItem("review", ngettext(
        "{n} volunteer who works with children needs a background check by {date}",
        "{n} volunteers who work with children need a background check by {date}",
        len(due)).format(n=len(due), date=format_date(by)),
        view("volunteers", _("Background check due")))]


def _expiring(s, today: dt.date) -> list[TodayItem]:
    """Points past their limit that nobody has written off yet (expiry runs when staff run
    it), and points that reach it within the notice period unless they are spent."""
    years = volunteer_settings(s).expiry_years
    due = expiring_by(s, expiry_cutoff(today, years)) if years else {}
    by, soon = expiring_soon(s, today=today)
    later = {a: n - due.get(a, 0) for a, n in soon.items() if n > due.get(a, 0)}
    items = []
    if due:
        items.append(TodayItem("review", ngettext(
            "{points} points of {n} volunteer are past the {years}-year limit: let them "
            "expire on the points tab",
            "{points} points of {n} volunteers are past the {years}-year limit: let them "
            "expire on the points tab", len(due)).format(
            points=sum(due.values()), n=len(due), years=years),
            view("points", _("Points to expire"))))
    if later:
        items.append(TodayItem("review", ngettext(
            "{points} points of {n} volunteer expire by {date} unless they are spent",
            "{points} points of {n} volunteers expire by {date} unless they are spent",
            len(later)).format(points=sum(later.values()), n=len(later),
                               date=format_date(by)),
            view("points", _("Points expiring soon"))))
    return items


# ------------------------------------------------------------------------ the 360° page


@reads
def volunteer_section(uow: UnitOfWork, *, actor: Actor, resident_id: str
                      ) -> DetailSection | None:
    """The resident's volunteering on their 360° page: the number, teams, approved hours,
    star level and points. No rows when the resident does not volunteer (the page shows
    "None"); no section for a role that may not see the volunteers."""
    title = _("Volunteering")
    headers = (_("Volunteer number"), _("Status"), _("Teams"), _("Approved hours"),
               _("Star level"), _("Points"))
    if not actor.can(Permission.VIEW_VOLUNTEERS):
        return None
    with uow:
        s = uow.session
        stars_at = volunteer_settings(s).star_hours
        rows = []
        for v in s.scalars(select(Volunteer).where(Volunteer.resident_id == resident_id,
                                                   Volunteer.archived_at.is_(None))
                           .order_by(Volunteer.number)):
            teams = _("、").join(s.scalars(
                select(VolunteerTeam.name)
                .join(TeamMember, TeamMember.team_id == VolunteerTeam.id)
                .where(TeamMember.volunteer_id == v.id, TeamMember.valid_to.is_(None))
                .order_by(VolunteerTeam.name)))
            minutes = approved_minutes(s, [v.id]).get(v.id, 0)
            rows.append((v.number, v.status.label, teams, format_hours(minutes),
                         _(STAR_NAMES[star_level(minutes, stars_at)]),
                         str(volunteer_balance(s, v.id))))
        return DetailSection(title, headers, tuple(rows))
