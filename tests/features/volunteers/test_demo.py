"""The volunteers' demo step: a year of hours on the demo register, whole and sound."""

import pytest

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.features.volunteers import hours, ledger, people
from neighborcenter.features.volunteers.demo import REFERENCE_DATE, load_demo_data
from neighborcenter.features.volunteers.rules import CheckResult, HoursStatus
from neighborcenter.storage.check import check_database
from tests.conftest import sql


@pytest.fixture
def demo(db, admin):
    create_demo_staff(db)
    load_register(db, actor=admin, residents=800, seed=2)
    return load_demo_data(db, actor=admin, residents=800, seed=2)


def test_the_demo_loads_teams_volunteers_and_a_year_of_hours(db, admin, demo):
    assert demo.volunteers >= 20 and demo.teams == 5
    assert demo.approved > 500 and demo.pending > 0 and demo.declined > 0
    assert demo.corrections_waiting == 1
    assert f"{demo.volunteers} " in demo.describe(db.path)
    teams = {t.name: t for t in people.list_teams(db, actor=admin)}
    assert set(teams) == {"银龄互助团", "湖小师", "环保志愿队", "平安巡逻队", "匠心坊志愿者"}
    assert teams["湖小师"].works_with_children and all(t.leaders for t in teams.values())
    rows = people.list_volunteers(db, actor=admin, today=REFERENCE_DATE)
    assert len(rows) == demo.volunteers
    conn = sql(db)
    residents, outsiders = conn.execute(
        "SELECT COUNT(resident_id), SUM(resident_id IS NULL) FROM volunteers").fetchone()
    assert residents > outsiders > 0
    assert conn.execute("SELECT COUNT(*) FROM volunteers WHERE organisation = '湖州师范学院'"
                        ).fetchone()[0] > 0
    statuses = dict(conn.execute(
        "SELECT status, COUNT(*) FROM volunteer_service_records GROUP BY status").fetchall())
    assert statuses == {HoursStatus.APPROVED.value: demo.approved,
                        HoursStatus.PENDING.value: demo.pending,
                        HoursStatus.DECLINED.value: demo.declined}
    assert len(hours.approval_queue(db, actor=admin)) == demo.pending
    assert len(hours.list_corrections(db, actor=admin)) == 1
    kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM volunteer_records")}
    assert kinds == {"training", "award", "evaluation"}
    with db.unit_of_work(write=False) as uow:
        assert hours.unrecorded_activities(uow.session, REFERENCE_DATE)


def test_the_demo_ledger_sums_to_zero_and_no_balance_is_negative(db, admin, demo):
    balances = ledger.ledger_balances(db, actor=admin)
    assert balances.total == 0
    assert all(a.balance >= 0 for a in balances.accounts if a.number is not None)
    by_kind = dict(sql(db).execute(
        "SELECT t.kind, SUM(e.amount) FROM points_transactions t JOIN points_entries e "
        "ON e.transaction_id = t.id JOIN points_accounts a ON a.id = e.account_id "
        "WHERE a.volunteer_id IS NOT NULL GROUP BY t.kind").fetchall())
    assert by_kind["earn"] == demo.points_earned and by_kind["redeem"] == -demo.points_redeemed
    assert demo.points_redeemed > 0
    assert check_database(db.database).ok


def test_every_approved_record_earned_its_points_once_as_approval_would(db, admin, demo):
    conn = sql(db)
    missing = conn.execute(
        "SELECT COUNT(*) FROM volunteer_service_records r JOIN volunteer_activities a "
        "ON a.id = r.activity_id WHERE r.status = 'approved' "
        "AND r.minutes * a.points_per_hour / 60 > 0 AND NOT EXISTS (SELECT 1 FROM "
        "points_transactions t WHERE t.request_key = 'earn:' || r.id)").fetchone()[0]
    assert missing == 0
    not_approved = conn.execute(
        "SELECT COUNT(*) FROM points_transactions t JOIN volunteer_service_records r "
        "ON t.request_key = 'earn:' || r.id WHERE r.status != 'approved'").fetchone()[0]
    assert not_approved == 0
    # approving again earns nothing more: the request keys are approval's own
    approved = [r for (r,) in conn.execute(
        "SELECT id FROM volunteer_service_records WHERE status = 'approved' LIMIT 50")]
    assert hours.approve_hours(db, actor=admin, record_ids=approved) == hours.Decided(0, 0)


def test_the_after_school_class_has_clear_checks_before_joining(db, admin, demo):
    conn = sql(db)
    rows = conn.execute(
        "SELECT m.volunteer_id, m.valid_from, (SELECT MAX(c.checked_on) FROM "
        "volunteer_background_checks c WHERE c.volunteer_id = m.volunteer_id AND "
        "c.result = ? AND c.checked_on <= m.valid_from) FROM volunteer_team_members m "
        "JOIN volunteer_teams t ON t.id = m.team_id WHERE t.works_with_children",
        (CheckResult.CLEAR.value,)).fetchall()
    assert rows and all(checked is not None for _v, _since, checked in rows)


def test_same_seed_same_volunteers_and_no_second_load(tmp_path, db, admin):
    def build(centre, actor):
        load_register(centre, actor=actor, residents=200, seed=4)
        load_demo_data(centre, actor=actor, residents=200, seed=4)
        return sql(centre).execute(
            "SELECT v.number, v.name, v.resident_id IS NULL, COUNT(r.id), SUM(r.minutes) "
            "FROM volunteers v LEFT JOIN volunteer_service_records r ON r.volunteer_id = v.id "
            "GROUP BY v.id ORDER BY v.number").fetchall()

    first = build(db, admin)
    other = Centre.create(tmp_path / "other.db")
    try:
        again = set_up_centre(other, name="x", community="x", street="x", district="x",
                              admin_username="admin", admin_display_name="x",
                              admin_passphrase="another centre", language="zh_CN")
        assert build(other, again.admin) == first
    finally:
        other.close()
    with pytest.raises(ValidationError):
        load_demo_data(db, actor=admin, residents=200, seed=4)


def test_the_demo_needs_a_role_that_approves_hours(db, admin, shop_volunteer):
    with pytest.raises(PermissionDenied):
        load_demo_data(db, actor=shop_volunteer, residents=10, seed=1)
