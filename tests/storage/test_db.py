import sqlite3
import uuid

import pytest
from sqlalchemy import select, text

from neighborcenter.errors import DatabaseInUse, DatabaseProblem
from neighborcenter.features.register.models import Estate
from neighborcenter.storage import db as dbmod
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.db import Database
from neighborcenter.storage.migrations import (
    SCHEMA_HEAD,
    alembic_config,
    read_schema_revision,
    script_head,
)
from neighborcenter.storage.models import AuditEntry, Base, Synced
from tests.conftest import sql

KEY = bytes(range(32))  # a data key for files these tests make themselves


def test_schema_head_constant_matches_the_migration_scripts():
    assert SCHEMA_HEAD == script_head()


def test_migrations_from_empty_create_every_table(db):
    conn = sql(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(Base.metadata.tables) <= tables
    assert read_schema_revision(db.path, db.data_key) == SCHEMA_HEAD


def test_the_migrations_build_exactly_the_tables_the_models_describe(db):
    """A column, index or type in a model that no migration creates (or the other way round)
    would work in tests on a fresh file and fail on a centre's upgraded one."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from neighborcenter.core import features

    features.load_models()
    with db.database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_pragmas_foreign_keys_wal_full_sync(db):
    with db.database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_synced_tables_have_uuid_key_timestamps_counter_and_archive():
    import neighborcenter.features.register.models  # noqa: F401 - the register's tables

    synced = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)]
    assert len(synced) >= 12
    for model in synced:
        cols = model.__table__.columns
        assert {"id", "created_at", "updated_at", "change_seq", "archived_at"} <= set(cols.keys())
        assert cols["id"].primary_key


def test_new_rows_get_a_uuid_and_one_change_number_per_transaction(db):
    with db.unit_of_work(write=True) as uow:
        uow.session.add_all([Estate(name="幸福里"), Estate(name="翠苑")])
        uow.commit()
    with db.unit_of_work(write=True) as uow:
        rows = uow.session.scalars(select(Estate)).all()
        assert len({r.change_seq for r in rows}) == 1
        first_seq = rows[0].change_seq
        for r in rows:
            uuid.UUID(r.id)
            assert r.created_at.tzinfo is not None
    with db.unit_of_work(write=True) as uow:
        estate = uow.session.scalar(select(Estate).where(Estate.name == "翠苑"))
        estate.address = "翠苑路12号"
        uow.commit()
    with db.unit_of_work(write=False) as uow:
        seqs = dict(uow.session.execute(select(Estate.name, Estate.change_seq)).all())
    assert seqs["幸福里"] == first_seq
    assert seqs["翠苑"] > first_seq  # "everything changed since first_seq" finds it


def test_failed_unit_of_work_rolls_back_everything(db):
    with pytest.raises(RuntimeError), db.unit_of_work(write=True) as uow:
        uow.session.add(Estate(name="幸福里"))
        uow.session.flush()
        raise RuntimeError("boom")
    with db.unit_of_work(write=False) as uow:
        assert uow.session.scalars(select(Estate)).all() == []
        counter = uow.session.execute(text("SELECT value FROM change_counter")).scalar()
    assert counter == 0


def test_audit_log_is_append_only(db):
    with db.unit_of_work(write=True) as uow:
        uow.session.add(AuditEntry(actor="x", action="login"))
        uow.commit()
    conn = sql(db)
    with pytest.raises(sqlcipher.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'y'")
    with pytest.raises(sqlcipher.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log")


def test_second_open_of_the_same_file_gets_a_clear_message(db):
    with pytest.raises(DatabaseInUse) as err:
        Database.open(db.path, key=db.data_key)
    assert "已在另一个邻里中心窗口或命令中打开" in str(err.value)


def test_lock_is_released_on_close(tmp_path):
    Database.open(tmp_path / "a.db", key=KEY).close()
    Database.open(tmp_path / "a.db", key=KEY).close()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello, this is not a database")
    with pytest.raises(DatabaseProblem, match="无法用本中心的密钥打开"):
        Database.open(path, key=KEY)
    assert path.read_bytes() == b"hello, this is not a database"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseProblem, match="其他程序"):
        Database.open(path, key=None)  # (plaintext: as the first versions' files were)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Database.open(path, key=KEY).close()
    conn = sql(path, key=KEY)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseProblem, match="更新版本"):
        Database.open(path, key=KEY)


def test_migrating_an_existing_database_backs_it_up_first_and_fills_pinyin(tmp_path):
    from alembic import command

    path = tmp_path / "old.db"
    engine = dbmod.make_engine(path, KEY)
    with engine.begin() as conn:  # a database as the first release left it (0001)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO residents (id, family_name, given_name, name, registration_type, "
            "residence_status, status, notes, created_at, updated_at, change_seq) VALUES "
            "('r1', '单', '良', '单良', 'local', 'present', 'active', '', '2026-01-01', "
            "'2026-01-01', 1)")
    engine.dispose()
    assert read_schema_revision(path, KEY) == "0001"
    Database.open(path, key=KEY).close()
    from neighborcenter.storage.backup import list_backups

    assert [b.reason for b in list_backups(path)] == ["before-upgrade"]
    assert read_schema_revision(path, KEY) == SCHEMA_HEAD
    conn = sql(path, key=KEY)
    row = conn.execute("SELECT pinyin_full, pinyin_initials FROM residents").fetchone()
    assert row == ("shanliang", "sl")


def test_a_database_held_by_another_writer_gives_a_busy_message(db, monkeypatch):
    conn = sql(db)
    conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    other = Database(db.path, dbmod.make_engine(db.path, db.data_key), None, db.data_key)
    try:
        from neighborcenter.errors import DatabaseBusy

        with pytest.raises(DatabaseBusy, match="数据库正忙"), other.uow() as uow:
            uow.session.add(Estate(name="幸福里"))
            uow.commit()
    finally:
        conn.rollback()
        other.engine.dispose()
