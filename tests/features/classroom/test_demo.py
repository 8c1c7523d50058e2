"""The after-school class's demo step: children of the demo register with their adults, two
terms, the current term's class days up to yesterday and today's day as far as the clock has
gone — loaded the way ``neighborcenter demo`` loads it, and obeying the class's rules: nobody
under 8 left alone, an adult not on the list only after the guardian's call, a blocked adult
never, every past day closed with nobody left, duty only with a current check, the hours
credited once a day."""

import datetime as dt
import time

import pytest

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.demo import PENDING_DAYS, holidays, load_demo_data
from neighborcenter.features.classroom.home import home_part
from neighborcenter.features.classroom.rules import ChildState, EnrolmentStatus
from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.features.volunteers import hours, ledger
from neighborcenter.features.volunteers.demo import load_demo_data as load_volunteers
from neighborcenter.storage.check import check_database
from tests.conftest import PASSPHRASE, sql
from tests.features.visits.state import snapshot

RESIDENTS = 2000
SMALL = 300  # a small demo register: the class has fewer children


def class_day_before(day: dt.date) -> dt.date:
    """The last weekday on or before ``day`` that is not a holiday: the demo's today has class."""
    while day.weekday() >= 5 or holidays(day, day):
        day -= dt.timedelta(days=1)
    return day


DAY = class_day_before(dt.date.today())
#: ten minutes after closing: most children gone, one or two not collected yet
NOW = dt.datetime.combine(DAY, dt.time(17, 40)).astimezone()


def new_centre(path):
    centre = Centre.create(path)
    admin = set_up_centre(centre, name="幸福邻里中心", community="幸福社区", street="爱山街道",
                          district="吴兴区", admin_username="admin",
                          admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                          language="zh_CN").admin
    create_demo_staff(centre)
    return centre, admin


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    centre, admin = new_centre(tmp_path_factory.mktemp("demo") / "centre.db")
    load_register(centre, actor=admin, residents=RESIDENTS, seed=3)
    load_volunteers(centre, actor=admin, residents=RESIDENTS, seed=3)
    started = time.perf_counter()
    summary = load_demo_data(centre, actor=admin, residents=RESIDENTS, seed=3, now=NOW)
    took = time.perf_counter() - started
    yield centre, admin, summary, took
    centre.close()


def q(db, query: str, *args) -> list[tuple]:
    return sql(db).execute(query, args).fetchall()


def test_the_demo_fills_a_term_of_the_class(demo):
    db, _admin, summary, _took = demo
    assert 20 <= summary.children <= 30 and summary.accepted >= 18
    assert summary.waiting >= 2 and summary.applied == 1
    assert summary.days >= 25 and summary.came > summary.days * 15
    assert summary.absences > 0 and summary.late > 0 and summary.phone_confirmed > 0
    assert summary.refused >= 1 and summary.here_now >= 1
    assert str(summary.children) in summary.describe(db.path)


def test_two_terms_the_current_one_full_with_migrant_and_left_behind_children_waiting(demo):
    db, admin, summary, _took = demo
    terms = enrolment.list_terms(db, actor=admin)
    assert len(terms) == summary.terms == 2
    current, previous = terms
    assert current.starts_on <= DAY <= current.ends_on and previous.ends_on < DAY
    assert current.accepted == current.places == summary.accepted
    rows = enrolment.list_enrolments(db, actor=admin, term_id=current.id, today=DAY)
    waiting = [r for r in rows if r.status == EnrolmentStatus.WAITING]
    assert len(waiting) == summary.waiting and all(r.priority for r in waiting)
    assert all(not r.problems for r in rows if r.status == EnrolmentStatus.ACCEPTED)
    # every child has a guardian with a phone and 2–3 who may collect (one grandmother
    # stopped during the term); grandparents without phones
    adults = q(db, "SELECT a.child_id, a.kind, a.phone FROM class_adults a "
                   "WHERE a.valid_to IS NULL")
    kinds: dict[str, list[tuple[str, str | None]]] = {}
    for child, kind, phone in adults:
        kinds.setdefault(child, []).append((kind, phone))
    assert all(any(k == "guardian" and p for k, p in v) for v in kinds.values())
    collectors = [sum(k in ("guardian", "pickup") for k, _p in v) for v in kinds.values()]
    assert max(collectors) <= 3 and collectors.count(1) <= 1
    assert any(k == "pickup" and not p for v in kinds.values() for k, p in v)
    assert sum(k == "blocked" for v in kinds.values() for k, _p in v) == 2
    assert q(db, "SELECT COUNT(*) FROM class_children WHERE allergies != '' OR "
                 "health_notes != ''")[0][0] >= 3


def test_nobody_under_8_left_alone_and_only_listed_or_phone_confirmed_adults(demo):
    db, _admin, _summary, _took = demo
    alone = q(db, "SELECT d.[on], r.birth_date, c.may_leave_alone FROM class_attendance a "
                  "JOIN class_days d ON d.id = a.day_id JOIN class_children c ON "
                  "c.id = a.child_id JOIN residents r ON r.id = c.resident_id "
                  "WHERE a.left_alone = 1")
    assert alone  # some older children go home alone …
    for on, born, may in alone:  # … with the written consent, 8 or older
        on, born = dt.date.fromisoformat(on), dt.date.fromisoformat(born)
        assert may and (on.year - born.year - ((on.month, on.day) < (born.month, born.day))
                        ) >= 8
    # an adult not on the list: only after the guardian's call, with relation and reason
    unlisted = q(db, "SELECT phone_confirmed_by, adult_relation, phone_reason FROM "
                     "class_attendance WHERE left_at IS NOT NULL AND left_alone = 0 AND "
                     "adult_id IS NULL")
    assert unlisted and all(all(v) for v in unlisted)
    # a listed adult: one who may collect this child, on the list that day
    wrong = q(db, "SELECT COUNT(*) FROM class_attendance a JOIN class_days d ON "
                  "d.id = a.day_id JOIN class_adults x ON x.id = a.adult_id WHERE "
                  "x.child_id != a.child_id OR x.kind NOT IN ('guardian', 'pickup') OR "
                  "x.valid_from > d.[on] OR (x.valid_to IS NOT NULL AND x.valid_to <= d.[on]) "
                  "OR x.name != a.adult_name")
    assert wrong == [(0,)]


def test_no_blocked_adult_ever_collected_and_the_refusal_logged(demo):
    db, _admin, summary, _took = demo
    collected = q(db, "SELECT COUNT(*) FROM class_attendance a JOIN class_adults x ON "
                      "x.child_id = a.child_id AND x.kind = 'blocked' WHERE "
                      "replace(a.adult_name, ' ', '') = replace(x.name, ' ', '')")
    assert collected == [(0,)]
    assert q(db, "SELECT COUNT(*) FROM class_events WHERE step = 'refused'") == [
        (summary.refused,)]


def test_past_days_closed_with_nobody_left_and_late_pick_ups_on_the_ladder(demo):
    db, _admin, summary, _took = demo
    past = q(db, 'SELECT "on", closed_at FROM class_days WHERE "on" < ?', DAY.isoformat())
    assert len(past) == summary.days and all(closed for _on, closed in past)
    left = q(db, "SELECT COUNT(*) FROM class_attendance a JOIN class_days d ON "
                 "d.id = a.day_id WHERE d.[on] < ? AND a.absent = 0 AND a.left_at IS NULL AND "
                 "(a.arrived_at IS NOT NULL OR a.collected_at IS NOT NULL)", DAY.isoformat())
    assert left == [(0,)]
    # a child collected 30 minutes or more after closing: the guardian was called first
    late = q(db, "SELECT a.id, a.left_at, d.[on], d.closes_at FROM class_attendance a JOIN "
                 "class_days d ON d.id = a.day_id WHERE a.left_at IS NOT NULL")
    called = {aid for (aid,) in q(db, "SELECT attendance_id FROM class_events WHERE "
                                      "step = 'call_guardian'")}
    very_late = [aid for aid, at, on, closes in late
                 if dt.datetime.fromisoformat(at).astimezone() >= dt.datetime.combine(
                     dt.date.fromisoformat(on), dt.time.fromisoformat(closes)).astimezone()
                 + dt.timedelta(minutes=32)]
    assert very_late and set(very_late) <= called
    assert q(db, "SELECT COUNT(*) FROM class_events WHERE step = 'escalate'")[0][0] >= 1
    assert q(db, "SELECT COUNT(*) FROM class_attendance WHERE absent = 1 AND "
                 "absence_confirmed_with = ''") == [(0,)]
    assert check_database(db.database).ok


def test_duty_by_checked_volunteers_and_the_hours_credited_once_a_day(demo):
    db, admin, summary, _took = demo
    unchecked = q(db, "SELECT COUNT(*) FROM class_duties u JOIN class_days d ON "
                      "d.id = u.day_id WHERE u.volunteer_id IS NOT NULL AND NOT EXISTS ("
                      "SELECT 1 FROM volunteer_background_checks b WHERE b.volunteer_id = "
                      "u.volunteer_id AND b.result = 'clear' AND b.checked_on <= d.[on] AND "
                      "julianday(d.[on]) - julianday(b.checked_on) < 365)")
    assert unchecked == [(0,)]
    per_day = q(db, "SELECT d.activity_id, COUNT(u.id) FROM class_days d JOIN class_duties u "
                    "ON u.day_id = d.id AND u.volunteer_id IS NOT NULL WHERE "
                    "d.closed_at IS NOT NULL GROUP BY d.id")
    assert per_day and all(activity for activity, _n in per_day)
    assert len({a for a, _n in per_day}) == len(per_day)  # one activity per day
    for activity, n in per_day:  # one hours record per volunteer on duty
        assert q(db, "SELECT COUNT(*), COUNT(DISTINCT volunteer_id) FROM "
                     "volunteer_service_records WHERE activity_id = ?", activity) == [(n, n)]
    ours = {a for a, _n in per_day}
    waiting = [p for p in hours.approval_queue(db, actor=admin) if p.activity_id in ours]
    assert len(waiting) == summary.duty_hours_pending
    assert all(p.on >= DAY - dt.timedelta(days=PENDING_DAYS) for p in waiting)
    assert summary.duty_hours_approved > 0
    assert ledger.ledger_balances(db, actor=admin).total == 0


def test_today_is_open_with_children_here_and_the_home_page_says_who_is_late(demo):
    db, admin, summary, _took = demo
    view = days.day_view(db, actor=admin, on=DAY, now=NOW)
    assert view.runs and view.closed_at is None and len(view.duties) >= 2
    states = {t.state for t in view.children}
    assert {ChildState.GONE, ChildState.LATE, ChildState.ABSENT} <= states
    assert len(view.still_here) == summary.here_now >= 1
    part = home_part(db, actor=admin, today=DAY, now=NOW)
    [card] = part.cards
    assert card.value == len(view.still_here)
    urgent = [i for i in part.today if i.kind == "urgent"]
    assert len(urgent) == sum(t.state == ChildState.LATE for t in view.children)
    assert all(i.view.filters == {"tab": "today", "state": "late"} for i in urgent)
    tabs = [(i.view.filters["tab"], i.kind) for i in part.today]
    assert ("children", "review") in tabs  # the application waiting for a decision
    assert ("children", "problem") in tabs  # the child whose grandmother stopped collecting


def test_no_second_load_and_the_roles_it_needs(demo, tmp_path, shop_volunteer):
    db, admin, _summary, _took = demo
    before = snapshot(db)
    with pytest.raises(ValidationError):
        load_demo_data(db, actor=admin, residents=RESIDENTS, seed=3, now=NOW)
    assert snapshot(db) == before
    with pytest.raises(PermissionDenied):
        load_demo_data(db, actor=shop_volunteer, residents=10, seed=1)


def test_a_small_register_keeps_its_residents_and_the_same_seed_gives_the_same_class(
        tmp_path):
    def build(path):
        centre, admin = new_centre(path)
        try:
            load_register(centre, actor=admin, residents=SMALL, seed=5)
            load_volunteers(centre, actor=admin, residents=SMALL, seed=5)
            summary = load_demo_data(centre, actor=admin, residents=SMALL, seed=5, now=NOW)
            # the class takes the children the register has; it adds nobody to it
            assert q(centre, "SELECT COUNT(*) FROM residents") == [(SMALL,)]
            return summary, [sorted(q(centre, query), key=repr) for query in (
                "SELECT r.name, c.school, c.grade, c.may_leave_alone FROM class_children c "
                "JOIN residents r ON r.id = c.resident_id ORDER BY r.name",
                "SELECT kind, name, relation, phone, valid_from, valid_to FROM class_adults "
                "ORDER BY name, kind",
                "SELECT d.[on], r.name, a.absent, a.homework, a.left_at, a.adult_name FROM "
                "class_attendance a JOIN class_days d ON d.id = a.day_id JOIN class_children "
                "c ON c.id = a.child_id JOIN residents r ON r.id = c.resident_id "
                "ORDER BY d.[on], r.name")]
        finally:
            centre.close()

    summary, first = build(tmp_path / "a.db")
    assert summary.children >= 3 and summary.days >= 5 and all(first)
    assert build(tmp_path / "b.db")[1] == first


@pytest.fixture
def shop_volunteer(demo):
    from neighborcenter.core.roles import Role
    from tests.conftest import make_account
    db, admin, _summary, _took = demo
    return make_account(db, admin, "chenayi2", Role.SHOP_VOLUNTEER)
