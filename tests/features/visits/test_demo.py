"""The visits' demo step: a year of visits on the demo register and the volunteers' 银龄互助团,
up to the day it is loaded — whole, consistent with the services' own rules, and alive on the
home page (an emergency, a visit within 24 hours, overdue visits, follow-ups)."""

import datetime as dt
from collections import Counter

import pytest

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.features.visits import elders, overview, plans, records
from neighborcenter.features.visits.demo import PENDING_DAYS, load_demo_data
from neighborcenter.features.visits.home import home_part
from neighborcenter.features.visits.rules import (
    FollowUpStatus,
    PlanKind,
    VisitState,
    Willing,
    add_months,
)
from neighborcenter.features.visits.rules.lunar import Festival, festival_date
from neighborcenter.features.volunteers import hours, ledger
from neighborcenter.features.volunteers.demo import load_demo_data as load_volunteers
from neighborcenter.storage.check import check_database
from tests.conftest import PASSPHRASE, sql
from tests.features.visits.state import snapshot

TODAY = dt.date.today()
RESIDENTS = 2000  # the default demo: enough 银龄互助团 members for three pairs and a stop


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    centre = Centre.create(tmp_path_factory.mktemp("demo") / "centre.db")
    admin = set_up_centre(centre, name="幸福邻里中心", community="幸福社区", street="爱山街道",
                          district="吴兴区", admin_username="admin",
                          admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                          language="zh_CN").admin
    create_demo_staff(centre)
    load_register(centre, actor=admin, residents=RESIDENTS, seed=3)
    load_volunteers(centre, actor=admin, residents=RESIDENTS, seed=3)
    summary = load_demo_data(centre, actor=admin, residents=RESIDENTS, seed=3)
    yield centre, admin, summary
    centre.close()


def test_the_demo_puts_elders_on_the_list_with_pairs_and_a_pair_that_stopped(demo):
    db, admin, summary = demo
    rows = elders.list_elders(db, actor=admin, include_ended=True)
    assert len(rows) == summary.elders >= 20
    willing = Counter(r.willing for r in rows)
    assert (willing[Willing.NO], willing[Willing.UNKNOWN]) == (summary.declined,
                                                                summary.not_asked) == (2, 3)
    assert sum(r.ended is not None for r in rows) == 1
    pairs = elders.list_pairs(db, actor=admin)
    assert len(pairs) == summary.pairs and any(p.staff_username == "wangli" for p in pairs)
    [stopped] = [p for p in pairs if not p.active]
    assert stopped.elders == 0  # its elders were given to the others
    assert all(r.pair for r in rows if r.willing == Willing.YES and r.ended is None)
    # nobody who declined or was not asked has a plan
    no_plan = [r.resident.id for r in rows if r.willing != Willing.YES]
    with db.unit_of_work(write=False) as uow:
        assert plans.plan_rows(uow.session, today=TODAY, resident_ids=no_plan) == []


def test_every_month_of_the_year_was_planned_and_most_visits_made(demo):
    db, admin, summary = demo
    month = add_months(TODAY.replace(day=1), -12)
    rates = []
    while month <= TODAY:
        o = overview.month_overview(db, actor=admin, year=month.year, month=month.month)
        assert o.overall.planned > 0
        if add_months(month, 1) + dt.timedelta(days=7) < TODAY:  # closed months
            assert o.overall.overdue == 0
            rates.append(o.overall.rate)
        month = add_months(month, 1)
    assert len(rates) >= 10
    assert min(rates) < 1 and min(rates) > 0.7  # realistic gaps
    assert sum(rates) / len(rates) > 0.85
    assert summary.visits > summary.elders * 6 and summary.missed > 0 and summary.late > 0


def test_the_campaigns_are_on_their_lunar_days_and_mostly_visited(demo):
    db, admin, summary = demo
    rows = plans.list_campaigns(db, actor=admin)
    assert len(rows) == summary.campaigns >= 4
    assert {r.festival for r in rows} == {f.value for f in (
        Festival.SPRING, Festival.DRAGON_BOAT, Festival.MID_AUTUMN, Festival.DOUBLE_NINTH)}
    for r in rows:
        assert r.festival_on == festival_date(Festival(r.festival), r.festival_on.year)
        assert r.gift and r.planned > 0
        if r.ends_on < TODAY:
            assert r.done / r.planned > 0.7


def test_visits_follow_the_services_rules(demo):
    db, admin, _summary = demo
    conn = sql(db)
    # every visit before today, within its elder's time on the list
    assert conn.execute("SELECT COUNT(*) FROM visits v JOIN visit_elders e ON "
                        "e.resident_id = v.resident_id WHERE date(v.visited_at) >= ? OR "
                        "date(v.visited_at) < e.since OR (e.valid_to IS NOT NULL AND "
                        "date(v.visited_at) >= e.valid_to)",
                        (TODAY.isoformat(),)).fetchone()[0] == 0
    # a plan is made by a visit of its elder within its window or its grace days
    bad = conn.execute(
        "SELECT COUNT(*) FROM visit_plans p JOIN visits v ON v.id = p.visit_id WHERE "
        "v.resident_id != p.resident_id OR date(v.visited_at) < p.starts_on OR "
        "date(v.visited_at) > p.closes_on").fetchone()[0]
    assert bad == 0
    # every visit has a visitor; a volunteer's visit credits hours once, a staff visit none
    assert conn.execute("SELECT COUNT(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM "
                        "visit_visitors w WHERE w.visit_id = v.id)").fetchone()[0] == 0
    assert conn.execute(
        "SELECT COUNT(*) FROM visits v WHERE (activity_id IS NULL) = EXISTS (SELECT 1 FROM "
        "visit_visitors w WHERE w.visit_id = v.id AND w.volunteer_id IS NOT NULL)"
    ).fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM (SELECT activity_id FROM visits WHERE "
                        "activity_id IS NOT NULL GROUP BY activity_id HAVING COUNT(*) > 1)"
                        ).fetchone()[0] == 0
    methods = Counter(m for (m,) in conn.execute("SELECT method FROM visits"))
    assert methods["home"] > methods["phone"] > 0 and methods["video"] > 0
    assert check_database(db.database).ok


def test_the_older_hours_were_approved_once_and_the_last_days_wait(demo):
    db, admin, summary = demo
    assert summary.hours_approved > 100 and summary.points > 0
    conn = sql(db)
    ours = {a for (a,) in conn.execute("SELECT activity_id FROM visits")}
    waiting = [p for p in hours.approval_queue(db, actor=admin) if p.activity_id in ours]
    assert len(waiting) == summary.hours_pending
    assert all(p.on >= TODAY - dt.timedelta(days=PENDING_DAYS) for p in waiting)
    assert ledger.ledger_balances(db, actor=admin).total == 0
    missing = conn.execute(
        "SELECT COUNT(*) FROM volunteer_service_records r JOIN visits v ON "
        "v.activity_id = r.activity_id JOIN volunteer_activities a ON a.id = r.activity_id "
        "WHERE r.status = 'approved' AND r.minutes * a.points_per_hour / 60 > 0 AND NOT "
        "EXISTS (SELECT 1 FROM points_transactions t WHERE t.request_key = 'earn:' || r.id)"
    ).fetchone()[0]
    assert missing == 0


def test_follow_ups_emergencies_and_major_changes_make_the_home_page_alive(demo):
    db, admin, summary = demo
    follow_ups = records.list_follow_ups(db, actor=admin, open_only=False)
    assert len(follow_ups) == summary.follow_ups
    status = Counter(f.status for f in follow_ups)
    assert status[FollowUpStatus.DONE] > status[FollowUpStatus.OPEN] == summary.open_follow_ups
    assert sum(f.overdue(TODAY) for f in follow_ups) == 1
    with db.unit_of_work(write=False) as uow:
        assert len(records.open_emergencies(uow.session)) == 1
        urgent = plans.plan_rows(uow.session, today=TODAY, kinds={PlanKind.URGENT})
    assert sorted(p.state for p in urgent) == sorted([VisitState.DONE, VisitState.DUE])
    part = home_part(db, actor=admin)
    tabs = [(item.view.filters["tab"], item.kind) for item in part.today]
    assert tabs[0] == ("overview", "urgent")  # the emergency first
    assert tabs[1] == ("plan", "urgent")  # the visit after yesterday's fall
    assert ("follow_ups", "problem") in tabs and ("elders", "review") in tabs
    values = {c.key: c.value for c in part.cards}
    assert values["visits_due"] > 0 and values["follow_ups_open"] == summary.open_follow_ups


def test_same_seed_same_day_same_year_and_no_second_load(tmp_path, db, admin):
    def build(centre, actor):
        create_demo_staff(centre)
        load_register(centre, actor=actor, residents=300, seed=5)
        load_volunteers(centre, actor=actor, residents=300, seed=5)
        load_demo_data(centre, actor=actor, residents=300, seed=5, today=TODAY)
        conn = sql(centre)
        return [conn.execute(q).fetchall() for q in (
            "SELECT r.name, e.tier, e.willing, e.since FROM visit_elders e JOIN residents r "
            "ON r.id = e.resident_id ORDER BY r.name, e.since",
            "SELECT r.name, v.visited_at, v.method, v.minutes, v.health, v.notes FROM visits v "
            "JOIN residents r ON r.id = v.resident_id ORDER BY v.visited_at, r.name",
            "SELECT description, owner, due_on, status FROM visit_follow_ups "
            "ORDER BY due_on, description")]

    first = build(db, admin)
    assert all(first)
    other = Centre.create(tmp_path / "other.db")
    try:
        again = set_up_centre(other, name="x", community="x", street="x", district="x",
                              admin_username="admin", admin_display_name="x",
                              admin_passphrase="another centre", language="zh_CN")
        assert build(other, again.admin) == first
    finally:
        other.close()
    before = snapshot(db)
    with pytest.raises(ValidationError):
        load_demo_data(db, actor=admin, residents=300, seed=5)
    assert snapshot(db) == before


def test_the_demo_needs_a_role_that_records_visits_and_approves_hours(db, admin,
                                                                     shop_volunteer):
    with pytest.raises(PermissionDenied):
        load_demo_data(db, actor=shop_volunteer, residents=10, seed=1)
