"""The audit log's hash chain: written with every entry, verified by `check`, which names the
entries altered, removed or forged and the append-only triggers replaced (by their SQL)."""

import datetime as dt
import hashlib

import pytest

from neighborcenter.core.audit import AuditAction, Msg, record_audit
from neighborcenter.core.roles import SYSTEM_ACTOR
from neighborcenter.i18n import set_language
from neighborcenter.storage import db as dbmod
from neighborcenter.storage.audit_chain import (
    GENESIS,
    canonical,
    entry_hash,
    verify_audit_chain,
)
from neighborcenter.storage.check import EXPECTED_TRIGGERS, check_database, normalised_sql
from neighborcenter.storage.migrations import alembic_config
from neighborcenter.storage.migrations.sql import AUDIT_TRIGGER_NAMES, AUDIT_TRIGGERS
from neighborcenter.storage.models import AuditEntry

DROP_TRIGGERS = tuple(f"DROP TRIGGER {n}" for n in AUDIT_TRIGGER_NAMES)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")  # the messages' words; their zh_CN translations come with the catalog


def _sql(db, *statements):
    """Statements on the file itself, as someone with the file (and its key) could run."""
    with db.database.engine.begin() as conn:
        for s in statements:
            conn.exec_driver_sql(s)


def _rows(db):
    with db.database.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT seq, prev_hash, hash, summary, at FROM audit_log ORDER BY seq").fetchall()


def _write(db, n, *, summary="entry {i}", at=None):
    with db.unit_of_work(write=True) as uow:
        for i in range(n):
            record_audit(uow.session, SYSTEM_ACTOR, AuditAction.UPDATE,
                         target_kind="resident", target_id=f"r{i}",
                         summary=Msg(summary, args={"i": i}))
            if at is not None:
                uow.session.add(AuditEntry(actor="x", action="login", at=at))
        uow.commit()


def _audit_problems(report):
    """What the report says of the chain (not of the triggers)."""
    chain = ("audit_altered", "audit_removed", "audit_forged", "audit_chain")
    return [(p.code, p.message) for p in report.problems if p.code in chain]


@pytest.fixture
def log(db, admin):
    """A centre whose log has a dozen entries, some written in one unit of work."""
    _write(db, 5)
    _write(db, 1)
    _write(db, 4)
    return db


def test_entries_are_numbered_and_each_seals_the_one_before(log):
    rows = _rows(log)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][1] == GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after[1] == before[2]
    assert len({r[2] for r in rows}) == len(rows)


def test_the_canonical_form_is_sorted_compact_ascii_json():
    at = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = canonical(7, at, None, "admin", "update", "resident", "r1", "周七 changed",
                     '{"a": 1}', GENESIS)
    assert data == (
        b'{"account_id":null,"action":"update","actor":"admin",'
        b'"at":"2026-11-23T10:00:00.000000Z","detail":"{\\"a\\": 1}",'
        b'"prev_hash":"' + GENESIS.encode() + b'","seq":7,'
        b'"summary":"\\u5468\\u4e03 changed","target_id":"r1","target_kind":"resident",'
        b'"v":1}')
    # the time as the database stores it gives the same seal
    assert entry_hash(7, "2026-11-23 10:00:00.000000", None, "admin", "update", "resident",
                      "r1", "周七 changed", '{"a": 1}', GENESIS) == \
        hashlib.sha256(data).hexdigest()


def test_entries_with_the_same_time_still_have_one_order(db, admin):
    same = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    _write(db, 3, at=same)
    rows = _rows(db)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    with db.database.engine.connect() as conn:
        assert verify_audit_chain(conn) == []


def test_a_clean_log_passes(log):
    report = check_database(log.database, repair=False)
    assert report.ok, report.problems


def test_an_altered_entry_is_named_and_left_as_it_is(log):
    _sql(log, *DROP_TRIGGERS, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 4")
    report = check_database(log.database)
    assert _audit_problems(report)[0][0] == "audit_altered"
    assert "No. 4 (" in _audit_problems(report)[0][1]
    assert "changed after it was written" in _audit_problems(report)[0][1]
    assert [p.code for p in report.problems if p.repaired] == ["audit_triggers"]
    # the log is evidence: check never "repairs" it, and the next run says the same
    assert _rows(log)[3][3] == "nothing to see"
    again = check_database(log.database)
    assert _audit_problems(again) == _audit_problems(report)
    assert again.backup_path is None


def test_a_removed_entry_is_named(log):
    _sql(log, *DROP_TRIGGERS, "DELETE FROM audit_log WHERE seq = 6", *AUDIT_TRIGGERS)
    problems = _audit_problems(check_database(log.database, repair=False))
    assert problems[0][0] == "audit_removed"
    assert "No. 6 was removed" in problems[0][1]
    assert [c for c, _m in problems].count("audit_removed") == 1
    assert {c for c, _m in problems} == {"audit_removed", "audit_chain"}


def test_several_removed_entries_are_named_as_one_gap(log):
    _sql(log, *DROP_TRIGGERS, "DELETE FROM audit_log WHERE seq IN (3, 4, 5)", *AUDIT_TRIGGERS)
    problems = _audit_problems(check_database(log.database, repair=False))
    assert "No. 3 to 5 were removed" in problems[0][1]


def test_a_forged_entry_with_a_plausible_seal_is_named(log):
    last_seq, last_hash = _rows(log)[-1][:3:2]
    plausible = hashlib.sha256(b"looks like a seal").hexdigest()
    _sql(log, "INSERT INTO audit_log (at, actor, action, summary, seq, prev_hash, hash) "
              f"VALUES ('2026-11-23 10:00:00.000000', 'admin', 'login', 'logged in', "
              f"{last_seq + 1}, '{last_hash}', '{plausible}')")
    problems = _audit_problems(check_database(log.database, repair=False))
    assert problems[0][0] == "audit_forged"
    assert f"No. {last_seq + 1} (" in problems[0][1]
    assert "not written by NeighborCenter" in problems[0][1]

    # an honest entry written after it does not vouch for it: it stays forged
    _write(log, 1)
    problems = _audit_problems(check_database(log.database, repair=False))
    assert [c for c, _m in problems] == ["audit_forged", "audit_chain"]


def test_an_entry_changed_and_sealed_again_breaks_the_link_to_the_next(log):
    rows = _rows(log)
    with log.database.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT seq, at, account_id, actor, action, target_kind, target_id, summary, "
            "detail, prev_hash FROM audit_log WHERE seq = 3").one()
    resealed = entry_hash(*row[:7], "rewritten", *row[8:])
    _sql(log, *DROP_TRIGGERS,
         f"UPDATE audit_log SET summary = 'rewritten', hash = '{resealed}' WHERE seq = 3",
         *AUDIT_TRIGGERS)
    problems = _audit_problems(check_database(log.database, repair=False))
    assert problems[0][0] == "audit_altered"
    assert "No. 3 (" in problems[0][1] and "No. 4 (" in problems[0][1]
    assert len(rows) == len(_rows(log))


def test_a_no_op_trigger_with_the_right_name_is_found_and_replaced(log):
    _sql(log, "DROP TRIGGER audit_log_no_update",
         "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END")
    report = check_database(log.database, repair=False)
    assert [(p.code, p.repaired) for p in report.problems] == [("audit_triggers", False)]
    assert "audit_log_no_update" in report.problems[0].message

    repaired = check_database(log.database)
    assert [(p.code, p.repaired) for p in repaired.problems] == [("audit_triggers", True)]
    assert repaired.backup_path is not None
    with log.database.engine.connect() as conn:
        sql = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert {n: normalised_sql(sql[n]) for n in EXPECTED_TRIGGERS} == EXPECTED_TRIGGERS
    with pytest.raises(Exception, match="append-only"):
        _sql(log, "UPDATE audit_log SET summary = 'x' WHERE seq = 1")
    assert check_database(log.database).ok


def test_the_points_ledger_losing_its_append_only_triggers_is_found_and_repaired(log):
    _sql(log, "DROP TRIGGER points_entries_no_delete")
    report = check_database(log.database)
    assert [(p.code, p.repaired) for p in report.problems] == [("ledger_triggers", True)]
    with log.database.engine.connect() as conn:
        sql = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert normalised_sql(sql["points_entries_no_delete"]) == \
        EXPECTED_TRIGGERS["points_entries_no_delete"]
    assert check_database(log.database).ok


def test_a_trigger_that_swallows_new_entries_is_found_and_dropped(log):
    _sql(log, "CREATE TRIGGER quiet BEFORE INSERT ON audit_log "
              "BEGIN SELECT RAISE(IGNORE); END")
    report = check_database(log.database)
    assert [(p.code, p.repaired) for p in report.problems] == [("audit_foreign_trigger", True)]
    assert "quiet" in report.problems[0].message
    before = len(_rows(log))
    _write(log, 1)
    assert len(_rows(log)) == before + 1


def test_many_faults_are_counted_beyond_the_first_twenty(db, admin):
    _write(db, 40)
    _sql(db, *DROP_TRIGGERS, "UPDATE audit_log SET summary = 'x'")
    problems = _audit_problems(check_database(db.database, repair=False))
    assert len(problems) == 22
    assert "more signs of tampering" in problems[-2][1]


def _key() -> tuple[bytes, ...]:
    """The data key a test file is made with, where the files are encrypted (the engine
    takes one); none before."""
    import inspect

    return (bytes(range(32)),) if "key" in inspect.signature(dbmod.make_engine).parameters \
        else ()


def test_migration_0003_numbers_and_seals_the_entries_already_there(tmp_path):
    from alembic import command

    from neighborcenter.storage.db import Database

    path = tmp_path / "old.db"
    engine = dbmod.make_engine(path, *_key())
    with engine.begin() as conn:  # a database as release 0002 left it, with a log
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        for i in range(5):
            conn.exec_driver_sql(
                "INSERT INTO audit_log (at, actor, action, summary, detail) VALUES "
                "('2026-01-01 08:00:00.000000', 'admin', 'login', ?, ?)",
                (f"entry {i}", None if i % 2 else '{"n": 1}'))
    engine.dispose()
    with Database.open(path, **({"key": _key()[0]} if _key() else {})) as database:
        assert check_database(database, repair=False).ok
        with database.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT seq, summary FROM audit_log ORDER BY seq").fetchall()
            triggers = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars().all()
        assert rows == [(i + 1, f"entry {i}") for i in range(5)]
        assert set(AUDIT_TRIGGER_NAMES) <= set(triggers)
