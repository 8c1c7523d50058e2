import datetime as dt

import pytest
from sqlalchemy import select

from neighborcenter.core.maintenance import restore_database
from neighborcenter.errors import DatabaseProblem
from neighborcenter.features.register.models import Estate
from neighborcenter.storage.backup import (
    BackupInfo,
    backups_to_keep,
    list_backups,
    make_backup,
    verify_backup_file,
)
from neighborcenter.storage.db import Database
from tests.conftest import sql


def estates(path, key):
    return sorted(r[0] for r in sql(path, key=key).execute("SELECT name FROM estates"))


def test_backup_is_a_whole_self_contained_copy_while_the_db_is_open(db):
    with db.unit_of_work(write=True) as uow:
        uow.session.add(Estate(name="幸福里"))
        uow.commit()
    path = make_backup(db.path, db.data_key, reason="manual")
    assert path.exists() and not path.with_name(path.name + "-wal").exists()
    assert sql(path, key=db.data_key).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert estates(path, db.data_key) == ["幸福里"]
    verify_backup_file(path, db.data_key)
    [info] = list_backups(db.path)
    assert info.reason == "manual" and info.path == path


def test_restore_round_trip_keeps_the_state_before_it(db, admin):
    with db.unit_of_work(write=True) as uow:
        uow.session.add(Estate(name="幸福里"))
        uow.commit()
    backup = make_backup(db.path, db.data_key, reason="manual")
    with db.unit_of_work(write=True) as uow:
        uow.session.add(Estate(name="后来加的"))
        uow.commit()
    path, key = db.path, db.data_key
    db.close()
    safety = restore_database(path, backup, actor=admin, data_key=key).safety_backup
    assert estates(path, key) == ["幸福里"]
    assert estates(safety, key) == sorted(["幸福里", "后来加的"])
    reopened = Database.open(path, key=key)
    try:
        with reopened.uow(write=False) as uow:
            assert [e.name for e in uow.session.scalars(select(Estate))] == ["幸福里"]
        conn = sql(path, key=key)
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions[-1] == "restore"
    finally:
        reopened.close()


def test_restore_where_the_database_file_is_gone_returns_no_safety_backup(db, admin):
    """restore_database is typed ``Path | None``: with no database file there is nothing to
    save first (the CLI then prints no "state before the restore" line)."""
    with db.unit_of_work(write=True) as uow:
        uow.session.add(Estate(name="幸福里"))
        uow.commit()
    backup = make_backup(db.path, db.data_key, reason="manual")
    path, key = db.path, db.data_key
    db.close()
    path.unlink()
    assert restore_database(path, backup, actor=admin, data_key=key).safety_backup is None
    assert estates(path, key) == ["幸福里"]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, admin, db):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 100)
    path, key = db.path, db.data_key
    db.close()
    with pytest.raises(DatabaseProblem):
        restore_database(path, junk, actor=admin, data_key=key)
    assert list_backups(path) == []  # nothing was touched


def test_restore_while_the_database_is_open_is_refused(db, admin):
    backup = make_backup(db.path, db.data_key, reason="manual")
    from neighborcenter.errors import DatabaseInUse

    with pytest.raises(DatabaseInUse):
        restore_database(db.path, backup, actor=admin, data_key=db.data_key)


def _fake(ts: dt.datetime) -> BackupInfo:
    from pathlib import Path

    return BackupInfo(Path(f"/b/{ts:%Y%m%d%H%M}.db"), ts, "auto", 1)


def test_rotation_keeps_about_12_daily_10_weekly_9_monthly():
    start = dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)
    # every 30 minutes over 8 hours a day, every day for two years
    backups = [_fake(start - dt.timedelta(days=d, minutes=30 * k))
               for d in range(730) for k in range(16)]
    backups.sort(key=lambda b: b.taken_at, reverse=True)
    keep = backups_to_keep(backups)
    assert backups[0].path in keep  # the newest is always kept
    assert 25 <= len(keep) <= 10 + 12 + 10 + 9
    kept = sorted((b.taken_at for b in backups if b.path in keep), reverse=True)
    assert kept[-1] < start - dt.timedelta(days=230)  # monthly ones reach back 9 months
    days = {t.astimezone().date() for t in kept}
    assert len(days) >= 12


def test_thinning_deletes_only_backups_of_this_database(db, tmp_path):
    other = db.path.parent / "centre-backups" / "unrelated.txt"
    for i in range(15):
        make_backup(db.path, db.data_key, reason="auto",
                    now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i))
    other.write_text("keep me")
    make_backup(db.path, db.data_key, reason="auto", now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert other.exists()
    assert len(list_backups(db.path)) == 10  # the ten newest (two days)


def test_what_a_cut_off_step_left_beside_the_database_goes_at_the_next_open(db, admin):
    """A kill during a backup, a restore or a key-file write leaves its work file; the step
    never happened, so the next open (which holds the lock) removes it."""
    backup = make_backup(db.path, db.data_key, reason="manual")
    left = [db.path.with_name("centre.db.restoring"), db.path.with_name("centre.db.keys.tmp"),
            backup.with_name(backup.stem + "-x.partial")]
    for file in left:
        file.write_bytes(b"half")
    path, key = db.path, db.data_key
    db.close()
    Database.open(path, key=key).close()
    assert not any(f.exists() for f in left)
    assert backup.exists()  # whole backups stay
