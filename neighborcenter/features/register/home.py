"""The home page's summary: how big the register is and what needs doing today.

Each number is counted with the register's own filters (``card_filters``), so a card opens
the register on exactly the people it counts; "aged 80 or more" uses the one cutoff
``latest_birth_date`` that the demo summary uses too.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from neighborcenter.core.handle import Centre
from neighborcenter.core.home import HomeCard, HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.register import registry, search_index
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.registry import SearchFilters, count_matching, driver_rows
from neighborcenter.features.register.rules.dates import latest_birth_date
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.i18n import N_, _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

#: A tag review is listed from this many days before it is due (and while it is overdue).
REVIEW_NOTICE_DAYS = 14
#: Birthdays the centre marks with a visit (80, 90 and 100 years).
MILESTONE_AGES = (80, 90, 100)
#: Names listed in one line of today's list; the register shows them all.
NAMES_SHOWN = 6


@dataclass(frozen=True)
class RegisterCounts:
    residents: int
    households: int
    aged_80_plus: int
    living_alone: int


def register_view(filters: SearchFilters, caption: str = "") -> View:
    """The register as a card or a line of today's list opens it."""
    return View("register", filters, caption)


#: The home page's cards, in order, with what each counts (a RegisterCounts field).
CARD_LABELS = (
    ("residents", N_("Residents on the register")),
    ("households", N_("Households")),
    ("aged_80_plus", N_("Aged 80 or more")),
    ("living_alone", N_("Elders living alone")),
)


@dataclass(frozen=True)
class HomeSummary:
    register: RegisterCounts | None  # None when the role may not see the register
    cards: dict[str, View] = field(default_factory=dict)  # by RegisterCounts field
    today: list[TodayItem] = field(default_factory=list)


def aged_filters(age: int, today: dt.date) -> SearchFilters:
    return SearchFilters(born_on_or_before=latest_birth_date(age, today))


def card_views(today: dt.date) -> dict[str, View]:
    """What each card counts, as the register filters it."""
    return {
        "residents": register_view(SearchFilters(), ""),
        "households": register_view(SearchFilters(heads_of_household=True),
                                   _("Heads of household (one per household)")),
        "aged_80_plus": register_view(aged_filters(80, today),
                                     _("Aged 80 or more on {date}").format(
                                         date=format_date(today))),
        "living_alone": register_view(SearchFilters(tag_code="living_alone"), ""),
    }


@reads
def home_summary(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomeSummary:
    if not actor.can(Permission.VIEW_REGISTER):
        return HomeSummary(register=None)
    today = today or dt.date.today()
    cards = card_views(today)
    with uow:
        s = uow.session
        counts = {key: count_matching(s, _filters(view), today) for key, view in cards.items()}
        items = _reviews(s, today) + _birthdays(s, today)
        return HomeSummary(RegisterCounts(**counts), cards, items)


def _filters(view: View) -> SearchFilters:
    """A register view's filters (View is the core's, for any feature: its filters are typed
    object)."""
    assert isinstance(view.filters, SearchFilters)
    return view.filters


def home_part(centre: Centre, *, actor: Actor) -> HomePart:
    """The register's part of the home page (its registered ``home``): four cards and the
    reviews and birthdays of today's list."""
    summary = home_summary(centre, actor=actor)
    if summary.register is None:
        return HomePart()
    cards = tuple(HomeCard(key, _(label), getattr(summary.register, key), summary.cards[key])
                  for key, label in CARD_LABELS)
    return HomePart(cards, tuple(summary.today))


@reads
def home_problems(uow: UnitOfWork, *, actor: Actor) -> list[TodayItem]:
    """The residents whose records need correcting, for today's list. Apart from the summary:
    it checks every ID number (0.6 s for 20 000 the first time), so the page asks for it on
    the reading thread once the summary is shown."""
    if not actor.can(Permission.VIEW_REGISTER):
        return []
    with uow:
        # once the home page is shown after the login (not before: the login → main window
        # time is not to share the interpreter with it) the search box's index starts building
        # on its own thread, so that the register's first keystrokes find it
        search_index.lookup(uow.session)
        return _problems(uow.session)


def _reviews(session, today: dt.date) -> list[TodayItem]:
    due_by = today + dt.timedelta(days=REVIEW_NOTICE_DAYS)
    due = count_matching(session, SearchFilters(review_due_by=due_by), today)
    if not due:
        return []
    overdue = count_matching(session, SearchFilters(review_due_by=today - dt.timedelta(days=1)),
                             today)
    text = ngettext("{n} resident has a tag to review by {date}",
                    "{n} residents have a tag to review by {date}", due).format(
        n=due, date=format_date(due_by))
    if overdue:
        text += _(" ({n} overdue)").format(n=overdue)
    return [TodayItem("review", text, register_view(
        SearchFilters(review_due_by=due_by),
        _("A tag to review by {date}").format(date=format_date(due_by))))]


def _birthdays(session, today: dt.date) -> list[TodayItem]:
    items = []
    last_day = calendar.monthrange(today.year, today.month)[1]
    for age in MILESTONE_AGES:
        year = today.year - age
        first, last = dt.date(year, today.month, 1), dt.date(year, today.month, last_day)
        people = session.execute(
            select(Resident.id, Resident.name, Resident.birth_date).where(
                Resident.status == ResidentStatus.ACTIVE, Resident.archived_at.is_(None),
                Resident.birth_date.between(first, last))
            .order_by(Resident.birth_date)).all()
        if not people:
            continue
        names = "、".join(f"{name}（{format_date(_birthday(born, today.year))}）"
                         for _id, name, born in people[:NAMES_SHOWN])
        if len(people) > NAMES_SHOWN:
            names += _(" and {n} more").format(n=len(people) - NAMES_SHOWN)
        items.append(TodayItem("birthday", _("{age}th birthday this month: {names}").format(
            age=age, names=names), register_view(
            SearchFilters(resident_ids=tuple(rid for rid, _n, _b in people)),
            _("{age}th birthday this month").format(age=age))))
    return items


def _birthday(born: dt.date, year: int) -> dt.date:
    try:
        return born.replace(year=year)
    except ValueError:  # born on 29 February
        return born.replace(year=year, day=28)


def _problems(session) -> list[TodayItem]:
    items = []
    ids = registry.residents_with_warnings(session)
    if ids:
        items.append(TodayItem("problem", ngettext(
            "{n} resident's ID number disagrees with the record: open and correct it",
            "{n} residents' ID numbers disagree with their records: open and correct them",
            len(ids)).format(n=len(ids)), register_view(
            SearchFilters(resident_ids=tuple(ids)),
            _("The ID number disagrees with the record"))))
    rows = driver_rows(session, _HEADLESS_SQL, {"active": ResidentStatus.ACTIVE.value})
    if rows:
        households = len({household for _rid, household in rows})
        items.append(TodayItem("problem", ngettext(
            "{n} household has no head on the register (moved out or died): choose a new "
            "head among its members",
            "{n} households have no head on the register (moved out or died): choose a new "
            "head among their members", households).format(n=households), register_view(
            SearchFilters(resident_ids=tuple(rid for rid, _h in rows)),
            _("Households without a head on the register"))))
    return items


# Members on the register of households whose head is not (moved out, died, or none chosen).
_HEADLESS_SQL = """
SELECT r.id, r.household_id FROM residents r
JOIN households h ON h.id = r.household_id
LEFT JOIN residents hd ON hd.id = h.head_id
WHERE r.status = :active AND r.archived_at IS NULL AND h.archived_at IS NULL
  AND (hd.id IS NULL OR hd.status != :active OR hd.archived_at IS NOT NULL
       OR hd.household_id IS NOT h.id)
"""
