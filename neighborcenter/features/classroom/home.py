"""The after-school class's part of the home page — a card (the children here now, of those
expected today) and the 今日 lines: first, each child not collected after closing (urgent,
with the step of the late pick-up ladder to take now) and each class day of a past day that
was never closed (urgent: a child may not have been handed over); then, for the staff who
manage the class, applications waiting for a decision, accepted children with fewer adults
who may collect them than the settings ask for, children without the guardian's consent
(under 14) or without a safety agreement for the school year, and from July the agreements
to renew for the school year that starts in September — and the child's section of the
resident's 360° page.

Each line opens the class's page on the tab that shows what it counts: ``View("classroom",
{"tab": "today"})`` (a child not collected: ``"state": "late"``, their tile gets the focus; a
past day: ``{"tab": "today", "day": "2026-11-27"}``) or ``View("classroom", {"tab":
"children"})`` — ui/page.py's ``show_view``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.features import DetailSection
from neighborcenter.core.home import HomeCard, HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.classroom.day import (
    DayView,
    build_view,
    now_or,
    roster_children,
    why_no_class,
)
from neighborcenter.features.classroom.enrolment import active_adults, collectors, term_on
from neighborcenter.features.classroom.models import (
    ClassAttendance,
    ClassChild,
    ClassDay,
    ClassEnrolment,
    ClassTerm,
)
from neighborcenter.features.classroom.rules import (
    CONSENT_AGE,
    AdultKind,
    ChildState,
    EnrolmentStatus,
    agreement_current,
    school_year,
)
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register.registry import get_resident, living_here, rows_for
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

PAGE = "classroom"
#: The names a line lists before it says how many more.
NAMES_SHOWN = 3
#: The month from which the safety agreements of the coming school year are asked for.
RENEW_FROM_MONTH = 7


def view(tab: str, caption: str = "", **filters: str) -> View:
    return View(PAGE, {"tab": tab, **filters}, caption)


def names_text(names: list[str]) -> str:
    """"李小明、王小红、张乐 and 2 more" — a line stays short."""
    shown = _("、").join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    if rest <= 0:
        return shown
    return ngettext("{names} and {n} more", "{names} and {n} more", rest).format(
        names=shown, n=rest)


def day_text(on: dt.date, today: dt.date) -> str:
    """"yesterday (30 Nov)", or "Friday, 27 Nov 2026"."""
    if on == today - dt.timedelta(days=1):
        return _("yesterday ({date})").format(date=format_date(on))
    return _("{weekday}, {date}").format(weekday=format_date(on, "EEEE"),
                                         date=format_date(on))


@reads
def home_part(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None,
              now: dt.datetime | None = None) -> HomePart:
    """The registered ``home``: nothing for a role that does not run the class."""
    if not actor.can(Permission.RUN_CLASS):
        return HomePart()
    now = now_or(now)
    today = today or now.date()
    with uow:
        s = uow.session
        card, late = _today(s, today, now)
        items = late + _not_closed(s, today, now)
        if actor.can(Permission.MANAGE_CLASS):
            children = _attending(s, today)
            items += (_applications(s, today) + _few_collectors(s, children, today)
                      + _consents(children, today) + _agreements(children, today)
                      + _renewals(children, today))
        return HomePart((card,), tuple(items))


# ------------------------------------------------------------------------------- today


def _today(s: Session, today: dt.date, now: dt.datetime) -> tuple[HomeCard, list[TodayItem]]:
    """The card, and a line for each child not collected after closing."""
    d = s.scalar(select(ClassDay).where(ClassDay.on == today, ClassDay.archived_at.is_(None)))
    here_view = view("today", _("Today's children"))
    if d is None:  # the day's list is made when someone opens it: count who is expected
        term = term_on(s, today)
        if why_no_class(term, today) is not None:
            return HomeCard("class_here", _("Children in the after-school class now (no "
                                            "class today)"), 0, here_view), []
        assert term is not None
        expected = len(roster_children(s, term.id, today))
        return HomeCard("class_here", _("Children in the after-school class now (of {n} "
                                        "expected today)").format(n=expected), 0,
                        here_view), []
    day_view = build_view(s, d, now)
    card = HomeCard("class_here", _("Children in the after-school class now (of {n} expected "
                                    "today)").format(n=day_view.expected),
                    len(day_view.still_here), here_view)
    if d.closed_at is not None:
        return card, []
    return card, _late_lines(day_view, now)


def _late_lines(day_view: DayView, now: dt.datetime) -> list[TodayItem]:
    out = []
    for t in sorted((t for t in day_view.children if t.state == ChildState.LATE),
                    key=lambda t: (-t.late_minutes, t.name)):
        if t.next_step is not None:
            text = _("{name}: not collected, {minutes} minutes late — {step}").format(
                name=t.name, minutes=t.late_minutes, step=t.next_step.label)
        else:
            waiting = next((r for r in t.rungs if r.state(now) == "waiting"), None)
            if waiting is not None:
                text = _("{name}: not collected, {minutes} minutes late — {step} at {time}"
                         ).format(name=t.name, minutes=t.late_minutes, step=waiting.step.label,
                                  time=waiting.due_at.astimezone().strftime("%H:%M"))
            else:
                text = _("{name}: not collected, {minutes} minutes late — every step taken: "
                         "stay with the child until they are collected").format(
                    name=t.name, minutes=t.late_minutes)
        out.append(TodayItem("urgent", text, view("today", _("Children not collected"),
                                                  state=ChildState.LATE.value)))
    return out


def _not_closed(s: Session, today: dt.date, now: dt.datetime) -> list[TodayItem]:
    """Each class day before today that was never closed: a child may not have been handed
    over (or the hand-overs were not entered)."""
    out = []
    for d in s.scalars(select(ClassDay).where(
            ClassDay.on < today, ClassDay.closed_at.is_(None), ClassDay.archived_at.is_(None))
            .order_by(ClassDay.on.desc())):
        here = build_view(s, d, now).still_here
        day = day_text(d.on, today)
        if here:
            text = ngettext(
                "The after-school class of {day} is not closed: {n} child not signed out "
                "({names})",
                "The after-school class of {day} is not closed: {n} children not signed out "
                "({names})", len(here)).format(day=day, n=len(here),
                                               names=names_text([c.name for c in here]))
        else:
            text = _("The after-school class of {day} is not closed yet").format(day=day)
        out.append(TodayItem("urgent", text, view(
            "today", _("The class day of {date}").format(date=format_date(d.on)),
            day=d.on.isoformat())))
    return out


# --------------------------------------------------------------------------- the staff's


@dataclass(frozen=True)
class _Attending:
    """A child accepted in the term running today or the next one, still in the class."""

    child: ClassChild
    name: str
    age: int | None


def _attending(s: Session, today: dt.date) -> list[_Attending]:
    terms = [t.id for t in s.scalars(select(ClassTerm).where(
        ClassTerm.archived_at.is_(None), ClassTerm.ends_on >= today))]
    if not terms:
        return []
    children = list(s.scalars(select(ClassChild).where(
        ClassChild.archived_at.is_(None), ClassChild.valid_to.is_(None),
        ClassChild.id.in_(select(ClassEnrolment.child_id).where(
            ClassEnrolment.term_id.in_(terms), ClassEnrolment.archived_at.is_(None),
            ClassEnrolment.status == EnrolmentStatus.ACCEPTED)))))
    here = living_here(s, [c.resident_id for c in children])
    out = []
    for c in children:
        if c.resident_id not in here:
            continue
        r = get_resident(s, c.resident_id)
        out.append(_Attending(c, r.name, age_on(r.birth_date, today)))
    return sorted(out, key=lambda a: a.name)


def _applications(s: Session, today: dt.date) -> list[TodayItem]:
    n = int(s.scalar(select(func.count()).select_from(ClassEnrolment)
                     .join(ClassTerm, ClassTerm.id == ClassEnrolment.term_id)
                     .join(ClassChild, ClassChild.id == ClassEnrolment.child_id).where(
        ClassEnrolment.status == EnrolmentStatus.APPLIED, ClassEnrolment.archived_at.is_(None),
        ClassTerm.archived_at.is_(None), ClassTerm.ends_on >= today,
        ClassChild.valid_to.is_(None))) or 0)
    if not n:
        return []
    return [TodayItem("review", ngettext(
        "{n} application to the after-school class waits for a decision",
        "{n} applications to the after-school class wait for a decision", n).format(n=n),
        view("children", _("Applications waiting for a decision")))]


def _few_collectors(s: Session, children: list[_Attending], today: dt.date
                    ) -> list[TodayItem]:
    least = class_settings(s).least_collectors
    few = [a.name for a in children
           if len(collectors(active_adults(s, a.child.id, today))) < least]
    if not few:
        return []
    return [TodayItem("problem", ngettext(
        "{n} child in the after-school class has fewer than {least} adults who may collect "
        "them: {names}",
        "{n} children in the after-school class have fewer than {least} adults who may "
        "collect them: {names}", len(few)).format(n=len(few), least=least,
                                                   names=names_text(few)),
        view("children", _("Too few adults who may collect")))]


def _consents(children: list[_Attending], today: dt.date) -> list[TodayItem]:
    missing = [a.name for a in children if a.child.consent_on is None
               and (a.age is None or a.age < CONSENT_AGE)]
    if not missing:
        return []
    return [TodayItem("problem", ngettext(
        "{n} child in the after-school class has no guardian's consent to keeping their "
        "data (under 14): {names}",
        "{n} children in the after-school class have no guardian's consent to keeping their "
        "data (under 14): {names}", len(missing)).format(n=len(missing),
                                                          names=names_text(missing)),
        view("children", _("No guardian's consent")))]


def _agreements(children: list[_Attending], today: dt.date) -> list[TodayItem]:
    missing = [a.name for a in children
               if not agreement_current(a.child.safety_agreement_on, today)]
    if not missing:
        return []
    start, end = school_year(today)
    return [TodayItem("problem", ngettext(
        "{n} child in the after-school class has no safety agreement signed for the school "
        "year {first}–{last}: {names}",
        "{n} children in the after-school class have no safety agreement signed for the "
        "school year {first}–{last}: {names}", len(missing)).format(
        n=len(missing), first=start.year, last=end.year, names=names_text(missing)),
        view("children", _("No safety agreement for this school year")))]


def _renewals(children: list[_Attending], today: dt.date) -> list[TodayItem]:
    """From July, the agreements of the school year that starts on 1 September."""
    if not RENEW_FROM_MONTH <= today.month <= 8:
        return []
    coming = dt.date(today.year, 9, 1)
    due = [a.name for a in children
           if agreement_current(a.child.safety_agreement_on, today)
           and not agreement_current(a.child.safety_agreement_on, coming)]
    if not due:
        return []
    return [TodayItem("review", ngettext(
        "The school year {first}–{last} starts on {date}: {n} safety agreement of the "
        "after-school class to sign again ({names})",
        "The school year {first}–{last} starts on {date}: {n} safety agreements of the "
        "after-school class to sign again ({names})", len(due)).format(
        first=coming.year, last=coming.year + 1, date=format_date(coming), n=len(due),
        names=names_text(due)),
        view("children", _("Safety agreements to renew")))]


# ------------------------------------------------------------------------ the 360° page


@reads
def class_section(uow: UnitOfWork, *, actor: Actor, resident_id: str,
                  today: dt.date | None = None) -> DetailSection | None:
    """The child's after-school class on the resident's 360° page: the enrolment of the
    current (or last) term, the school and class, how many adults may collect, the days
    attended this term and the last one, the consents. No health notes here (they are seen
    on the class's page, audited off duty). No section for a role that does not manage the
    class, nor for a resident who was never in it."""
    if not actor.can(Permission.MANAGE_CLASS):
        return None
    today = today or dt.date.today()
    with uow:
        s = uow.session
        child = s.scalars(select(ClassChild).where(
            ClassChild.resident_id == resident_id, ClassChild.archived_at.is_(None))
            .order_by(ClassChild.valid_to.is_not(None), ClassChild.created_at.desc())).first()
        if child is None:
            return None
        rows: list[tuple[str, str]] = []
        e, term = _latest_enrolment(s, child.id, today)
        if child.valid_to is not None:
            # left by staff (their reason), or by the register (died, moved out)
            why = child.end_reason or next((r.status.label for r in rows_for(
                s, [resident_id])), "")
            rows.append((_("Left the class"), _("{date}: {reason}").format(
                date=format_date(child.valid_to), reason=why)))
        if e is not None and term is not None:
            rows.append((_("Enrolment"), _("{term} ({first} to {last}): {status}").format(
                term=term.name, first=format_date(term.starts_on),
                last=format_date(term.ends_on), status=e.status.label)))
        else:
            rows.append((_("Enrolment"), _("No application yet")))
        school = " ".join(p for p in (child.school, child.grade + child.class_name) if p)
        rows.append((_("School and class"), school or _("Not recorded")))
        adults = active_adults(s, child.id, today)
        may = len(collectors(adults))
        blocked = sum(a.kind == AdultKind.BLOCKED for a in adults)
        rows.append((_("Adults who may collect"), ngettext(
            "{n} adult", "{n} adults", may).format(n=may) + (
            _("; {n} who must not").format(n=blocked) if blocked else "")))
        days, last = _days_attended(s, child.id, term)
        rows.append((_("Days attended this term"), str(days)))
        rows.append((_("Last day in the class"), format_date(last) if last else _("None yet")))
        rows.append((_("Consents"), _("Guardian's consent: {consent}; safety agreement: "
                                      "{agreement}").format(
            consent=format_date(child.consent_on) if child.consent_on else _("none"),
            agreement=format_date(child.safety_agreement_on)
            if child.safety_agreement_on else _("none"))))
        return DetailSection(_("After-school class"), (_("Entry"), _("Details")),
                             tuple(rows))


def _latest_enrolment(s: Session, child_id: str, today: dt.date
                      ) -> tuple[ClassEnrolment | None, ClassTerm | None]:
    """The enrolment of the term running today, else of the next, else of the last one."""
    pairs = list(s.execute(select(ClassEnrolment, ClassTerm).join(
        ClassTerm, ClassTerm.id == ClassEnrolment.term_id).where(
        ClassEnrolment.child_id == child_id, ClassEnrolment.archived_at.is_(None),
        ClassTerm.archived_at.is_(None))))
    if not pairs:
        return None, None

    def rank(pair: tuple[ClassEnrolment, ClassTerm]) -> tuple:
        e, t = pair
        running = t.starts_on <= today <= t.ends_on
        coming = t.starts_on > today
        return (not running, not coming, -t.starts_on.toordinal(),
                e.status == EnrolmentStatus.WITHDRAWN)

    e, t = min(pairs, key=rank)
    return e, t


def _days_attended(s: Session, child_id: str, term: ClassTerm | None
                   ) -> tuple[int, dt.date | None]:
    came = (ClassAttendance.arrived_at.is_not(None)) | (ClassAttendance.left_at.is_not(None))
    q = select(func.count(), func.max(ClassDay.on)).select_from(ClassAttendance).join(
        ClassDay, ClassDay.id == ClassAttendance.day_id).where(
        ClassAttendance.child_id == child_id, ClassAttendance.archived_at.is_(None),
        ClassDay.archived_at.is_(None), came)
    if term is not None:
        q = q.where(ClassDay.term_id == term.id)
    n, _last = s.execute(q).one()
    last = s.scalar(select(func.max(ClassDay.on)).select_from(ClassAttendance).join(
        ClassDay, ClassDay.id == ClassAttendance.day_id).where(
        ClassAttendance.child_id == child_id, ClassAttendance.archived_at.is_(None),
        ClassDay.archived_at.is_(None), came))
    return int(n or 0), last

