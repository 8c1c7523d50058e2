import pytest

from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.storage.backup import list_backups
from neighborcenter.storage.check import check_database, quick_check


def _raw(db, *statements):
    """Statements on the file itself, past the app's services (and, for a test that needs
    it, past its foreign keys)."""
    conn = db.database.engine.raw_connection()
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # outside a transaction: it takes effect
        for s in statements:
            conn.execute(s)
        conn.commit()
    finally:
        conn.detach()  # this connection's pragmas never go back into the pool
        conn.close()


def _query(db, statement, *params):
    with db.database.engine.connect() as conn:
        return conn.exec_driver_sql(statement, params).fetchall()


def test_a_healthy_database_is_reported_in_good_order(db, admin):
    load_demo_data(db, actor=admin, residents=200, seed=3)
    report = check_database(db.database)
    assert report.ok, report.problems
    assert quick_check(db.database) == ()


def test_repairs_then_a_second_run_finds_and_changes_nothing(db, admin):
    load_demo_data(db, actor=admin, residents=50, seed=3)
    _raw(db, "UPDATE change_counter SET value = 0", "DROP TRIGGER audit_log_no_update")
    first = check_database(db.database)
    assert {p.code for p in first.problems} == {"change_counter", "audit_triggers"}
    assert all(p.repaired for p in first.problems)
    assert first.backup_path is not None
    assert "变更计数器（0）落后于数据" in first.problems[0].message

    before = (db.path.read_bytes(), len(list_backups(db.path)))
    second = check_database(db.database)
    assert second.ok and second.backup_path is None
    assert (db.path.read_bytes(), len(list_backups(db.path))) == before


def test_report_only_changes_nothing(db, admin):
    _raw(db, "UPDATE change_counter SET value = -5")
    report = check_database(db.database, repair=False)
    assert [p.repaired for p in report.problems] == [False]
    assert check_database(db.database, repair=False).problems == report.problems


def test_household_head_outside_the_household_is_reported_not_guessed(db, admin):
    load_demo_data(db, actor=admin, residents=30, seed=3)
    [(number, head)] = _query(db, "SELECT number, head_id FROM households LIMIT 1")
    [(other,)] = _query(db, "SELECT id FROM households WHERE number != ? LIMIT 1", number)
    _raw(db, f"UPDATE residents SET household_id = '{other}' WHERE id = '{head}'")
    report = check_database(db.database)
    [problem] = report.problems
    assert problem.code == "household_head" and not problem.repaired
    assert number in problem.message


def test_broken_links_are_reported(db, admin):
    _raw(db, "INSERT INTO buildings (id, estate_id, number, created_at, updated_at, "
             "change_seq) VALUES ('b1', 'nowhere', '1', '2026-01-01', '2026-01-01', 0)")
    report = check_database(db.database)
    assert [p.code for p in report.problems] == ["foreign_key"]
    assert "buildings → estates" in report.problems[0].message


def test_closing_the_window_stops_a_check_still_reading(db):
    """A start-up check of a large file must not hold up quitting: it is interrupted."""
    import threading

    from neighborcenter.storage import sqlcipher

    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
               "WHERE i < 1000000000000) SELECT count(*) FROM n")
    threading.Timer(0.3, db.interrupt_checks).start()
    with pytest.raises(sqlcipher.DatabaseError, match="interrupt"):
        with db.database.checking_connection() as conn:
            conn.execute(endless).fetchall()
