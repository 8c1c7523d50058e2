"""Encryption at rest and the login that opens the database (issue: security and faults)."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from sqlalchemy import select

from neighborcenter.core import accounts, keys, maintenance, passphrase, unlock, waits
from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Role
from neighborcenter.errors import AuthenticationFailed, LoginWait
from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.storage.db import Database
from neighborcenter.storage.keyfile import key_file_path, read_key_file
from neighborcenter.storage.models import Account, AuditEntry
from neighborcenter.storage.models import Centre as CentreRow
from tests.conftest import PASSPHRASE, sql
from tests.core.test_roles_and_passphrase import legacy_scrypt_hash


def new_centre(path, name="幸福邻里中心", *, demo: bool = False) -> str:
    """A set-up centre at ``path`` (closed again); its recovery key."""
    with Centre.create(path) as centre:
        result = set_up_centre(centre, name=name, community="幸福社区", street="爱山街道",
                               district="吴兴区", admin_username="admin",
                               admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                               language="zh_CN")
        if demo:
            create_demo_staff(centre)
            load_demo_data(centre, actor=result.admin, residents=60, seed=3)
    return result.recovery_key


def log_in(path, username="admin", secret=PASSPHRASE):
    opened = unlock.log_in(path, username=username, passphrase=secret)
    opened.centre.close()
    return opened.login


def id_numbers(path) -> list[str]:
    conn = sql(path)
    try:
        return [r[0] for r in conn.execute("SELECT id_number FROM residents "
                                           "WHERE id_number IS NOT NULL")]
    finally:
        conn.close()


def test_no_id_number_is_found_in_the_database_its_wal_or_its_backups(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path, demo=True)
    numbers = id_numbers(path)
    assert len(numbers) > 20
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:  # open: a WAL beside the file
        maintenance.back_up_now(centre, actor=opened.login.actor)
        files = [f for f in tmp_path.rglob("*") if f.is_file()]
        assert any(f.name.endswith("-wal") for f in files)
        assert any(f.suffix == ".db" and "backups" in str(f.parent) for f in files)
        blob = b"".join(f.read_bytes() for f in files)
    for number in numbers:
        assert number.encode() not in blob
        assert number[-8:].encode() not in blob  # not even a birth date run
    assert "李主任".encode() not in blob


def test_the_file_does_not_open_with_plain_sqlite_and_opens_with_the_recovery_key(tmp_path):
    path = tmp_path / "centre.db"
    recovery = new_centre(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    spaced = recovery.lower().replace("-", " ")  # typed back from the printed sheet
    with unlock.open_with_recovery(path, spaced) as centre:
        account = next(a for a in accounts.list_accounts(centre, actor=_admin(centre)))
        accounts.reset_with_recovery_key(centre, account_id=account.id,
                                         new_passphrase="a new one for Li")
    assert log_in(path, "admin", "a new one for Li").actor.role is Role.ADMIN
    with pytest.raises(AuthenticationFailed, match="恢复密钥"):
        unlock.open_with_recovery(path, "AAAA-" * 7 + "AAAA")


def _admin(centre):
    from neighborcenter.core.roles import SYSTEM_ACTOR

    return SYSTEM_ACTOR


def test_files_are_the_users_only(tmp_path):
    path = tmp_path / "data" / "centre.db"
    new_centre(path)
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        backup = maintenance.back_up_now(centre, actor=opened.login.actor).path
        for file in (path, path.with_name("centre.db-wal"), key_file_path(path), backup,
                     key_file_path(backup)):
            assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, file
        for folder in (path.parent, backup.parent):
            assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder


def test_the_key_file_holds_no_key_and_no_personal_data(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    text = key_file_path(path).read_text()
    assert "李主任" not in text and PASSPHRASE not in text
    kf = read_key_file(key_file_path(path))
    assert [w.kdf for w in kf.wraps] == ["argon2id"]
    assert kf.wraps[0].params == {"t": 2, "m": 19456, "p": 1}


def test_five_wrong_passphrases_make_the_next_try_wait_and_are_audited_later(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            log_in(path, "admin", "not the one")
        assert not isinstance(err.value, LoginWait)
    with pytest.raises(LoginWait, match="输错次数太多.*30 秒"):
        log_in(path, "admin", "not the one")
    with pytest.raises(LoginWait):  # even the right passphrase waits
        log_in(path, "admin", PASSPHRASE)
    assert "admin" in waits.waiting_names(path)
    kf = read_key_file(key_file_path(path))
    kf.failures["admin"]["until"] = None  # (the wait has passed)
    from neighborcenter.storage.keyfile import write_key_file

    write_key_file(key_file_path(path), kf)
    result = log_in(path, "admin", PASSPHRASE)
    with Centre.open(path, key=_key(path)) as centre:
        with centre.unit_of_work(write=False) as uow:
            rows = uow.session.execute(select(AuditEntry.action, AuditEntry.summary)
                                       .order_by(AuditEntry.id)).all()
    failed = [s for a, s in rows if a == "login_failed"]
    assert len(failed) == 6  # five failures and the wait (tries while waiting are not checked)
    assert any("wait" in s for s in failed)
    assert rows[-1][0] == "login" and result.actor.username == "admin"


def _key(path):
    kf = read_key_file(key_file_path(path))
    return keys.unwrap_with_passphrase(kf.wrap_of("admin"), PASSPHRASE)


def test_an_administrator_lifts_the_wait(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    with Centre.open(path, key=_key(path)) as centre:
        from neighborcenter.core.roles import Actor

        actor = Actor(_account_id(centre, "admin"), "admin", "李主任", Role.ADMIN)
        accounts.create_account(centre, actor=actor, username="wangli", display_name="王丽",
                                role=Role.SOCIAL_WORKER, passphrase=PASSPHRASE)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            log_in(path, "wangli", "wrong passphrase")
    with pytest.raises(LoginWait):
        log_in(path, "wangli", PASSPHRASE)
    with Centre.open(path, key=_key(path)) as centre:
        assert accounts.lift_login_wait(centre, actor=actor, username="wangli")
    assert log_in(path, "wangli", PASSPHRASE).actor.username == "wangli"


def _account_id(centre, username):
    with centre.unit_of_work(write=False) as uow:
        return uow.session.scalar(select(Account.id).where(Account.username == username))


def test_an_unknown_name_costs_the_same_derivation_as_a_known_one(tmp_path, monkeypatch):
    path = tmp_path / "centre.db"
    new_centre(path)
    calls: list[int] = []
    real = passphrase.derive_key

    def counting(*args, **kwargs):
        calls.append(kwargs.get("memory_kib", 0))
        return real(*args, **kwargs)

    monkeypatch.setattr(keys, "derive_key", counting)
    for name in ("admin", "nobody"):
        calls.clear()
        with pytest.raises(AuthenticationFailed, match="登录名或口令不正确"):
            log_in(path, name, "wrong passphrase")
        assert calls == [19456], name  # one Argon2id derivation at full cost, either way


def test_a_first_version_plaintext_database_is_encrypted_at_an_admins_login(tmp_path):
    path = tmp_path / "old.db"
    with Database.open(path, key=None) as plain:  # as the first versions left it
        session = plain.session_factory()
        session.add(CentreRow(name="老中心", community="c", street="s", district="d"))
        session.add(Account(username="admin", display_name="李主任", role=Role.ADMIN,
                            passphrase_hash=legacy_scrypt_hash("old admin pass")))
        session.add(Account(username="wangli", display_name="王丽", role=Role.SOCIAL_WORKER,
                            passphrase_hash=legacy_scrypt_hash("old wangli pass")))
        session.commit()
        session.close()
    assert unlock.door(path).state is unlock.DoorState.PLAINTEXT
    with pytest.raises(AuthenticationFailed, match="管理员先登录"):
        log_in(path, "wangli", "old wangli pass")
    first = log_in(path, "admin", "old admin pass")
    assert first.recovery_key and first.plaintext_backups == 1
    assert first.need_new_passphrase == ("wangli",)
    assert unlock.door(path).state is unlock.DoorState.LOCKED
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM accounts").fetchall()
    # no wrap derived from an old hash (an old plaintext copy would open the file): the
    # others get new passphrases from the administrator
    assert [w.username for w in read_key_file(key_file_path(path)).wraps] == ["admin"]
    with pytest.raises(AuthenticationFailed):
        log_in(path, "wangli", "old wangli pass")
    with Centre.open(path, key=_key_of(path, "admin", "old admin pass")) as centre:
        admin = accounts.actor_of(next(a for a in _accounts(centre) if a.username == "admin"))
        wangli = next(a for a in _accounts(centre) if a.username == "wangli")
        accounts.change_passphrase(centre, actor=admin, account_id=wangli.id,
                                   new_passphrase="wangli's new words")
    assert log_in(path, "wangli", "wangli's new words").actor.username == "wangli"
    with Centre.open(path, key=_key_of(path, "admin", "old admin pass")) as centre:
        hashes = {a.username: a.passphrase_hash for a in _accounts(centre)}
        assert all(h.startswith("$argon2id$") for h in hashes.values())
        # the plaintext backup is offered for encryption, never silently kept
        assert maintenance.plaintext_backup_count(centre) == 1
        actor = accounts.actor_of(next(a for a in _accounts(centre) if a.username == "admin"))
        assert maintenance.encrypt_plaintext_backups(centre, actor=actor) == 1
        assert maintenance.plaintext_backup_count(centre) == 0
        backup = maintenance.list_backups(path)[-1].path
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backup).execute("SELECT * FROM accounts").fetchall()


def _accounts(centre):
    with centre.unit_of_work(write=False) as uow:
        found = list(uow.session.scalars(select(Account)))
        uow.session.expunge_all()
        return found


def _key_of(path, user, secret):
    kf = read_key_file(key_file_path(path))
    return keys.unwrap_with_passphrase(kf.wrap_of(user), secret)


def ours_and_a_backup_of_theirs(tmp_path):
    """Two centres; a backup of the other one, 和美; our administrator logged in (and the
    database closed again). Returns our path, their backup, our actor and data key."""
    ours, theirs = tmp_path / "ours" / "centre.db", tmp_path / "theirs" / "centre.db"
    new_centre(ours, "幸福邻里中心")
    new_centre(theirs, "和美邻里中心")
    opened = unlock.log_in(theirs, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        backup = maintenance.back_up_now(centre, actor=opened.login.actor).path
    opened = unlock.log_in(ours, username="admin", passphrase=PASSPHRASE)
    opened.centre.close()
    return ours, backup, opened.login.actor, opened.centre.data_key


def test_another_centres_backup_is_refused_unless_its_name_is_typed(tmp_path):
    ours, backup, actor, key = ours_and_a_backup_of_theirs(tmp_path)
    with pytest.raises(maintenance.OtherCentre) as err:
        maintenance.restore_database(ours, backup, actor=actor, data_key=key)
    assert "和美邻里中心" in str(err.value) and "幸福邻里中心" in str(err.value)
    assert unlock.door(ours).centre_name == "幸福邻里中心"  # nothing changed
    with pytest.raises(maintenance.OtherCentre):
        maintenance.restore_database(ours, backup, actor=actor, data_key=key,
                                     other_centre_name="和美")
    result = maintenance.restore_database(ours, backup, actor=actor, data_key=key,
                                          other_centre_name="和美邻里中心")
    assert result.other_centre and result.safety_backup is not None
    assert unlock.door(ours).centre_name == "和美邻里中心"
    log_in(ours)  # its passphrases open it; the restore reaches its audit log at this login
    with Centre.open(ours, key=_key(ours)) as centre:
        with centre.unit_of_work(write=False) as uow:
            actions = list(uow.session.scalars(select(AuditEntry.action)
                                               .order_by(AuditEntry.id)))
    assert "restore" in actions


def test_a_restore_is_audited_inside_the_restored_database(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        backup = maintenance.back_up_now(centre, actor=opened.login.actor).path
    actor, key = opened.login.actor, opened.centre.data_key
    maintenance.restore_database(path, backup, actor=actor, data_key=key)
    assert not path.with_name("centre.db.restoring").exists()
    with Centre.open(path, key=key) as centre:
        with centre.unit_of_work(write=False) as uow:
            action, summary = uow.session.execute(
                select(AuditEntry.action, AuditEntry.summary)
                .order_by(AuditEntry.id.desc())).first()
    assert action == "restore" and backup.name in summary


def test_wrong_passphrases_at_the_lock_screen_count_towards_the_same_wait(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        actor = opened.login.actor
        for _ in range(5):
            with pytest.raises(AuthenticationFailed):
                accounts.verify_actor_passphrase(centre, actor=actor, passphrase="guess")
        with pytest.raises(LoginWait):  # the right one too, until the wait is over
            accounts.verify_actor_passphrase(centre, actor=actor, passphrase=PASSPHRASE)
    assert "admin" in waits.waiting_names(path)


def test_a_restore_of_another_centre_cut_off_between_its_two_renames_is_finished(
        tmp_path, monkeypatch):
    """The database is renamed first, then its key file: a kill between the two must not
    leave another centre's database with this centre's keys."""
    from neighborcenter.storage import keyfile

    ours, backup, actor, key = ours_and_a_backup_of_theirs(tmp_path)

    def killed(_db_path):
        raise KeyboardInterrupt  # (the process dies here)

    monkeypatch.setattr(maintenance, "finish_staged_key_file", killed)
    with pytest.raises(KeyboardInterrupt):
        maintenance.restore_database(ours, backup, actor=actor, data_key=key,
                                     other_centre_name="和美邻里中心")
    assert keyfile.read_key_file(key_file_path(ours)).centre_name == "幸福邻里中心"
    # the next start finishes it: the database is the other centre's, so are its keys
    assert unlock.door(ours).centre_name == "和美邻里中心"
    assert log_in(ours).actor.username == "admin"


def test_a_staged_key_file_of_a_restore_that_never_renamed_the_database_is_dropped(tmp_path):
    from neighborcenter.storage import keyfile

    ours, other = tmp_path / "centre.db", tmp_path / "other.db"
    new_centre(ours, "幸福邻里中心")
    new_centre(other, "和美邻里中心")
    keyfile.stage_key_file(ours, read_key_file(key_file_path(other)), for_file=other)
    assert unlock.door(ours).centre_name == "幸福邻里中心"
    assert not list(tmp_path.glob("*.keys-new"))
    assert log_in(ours).actor.username == "admin"


def _set_up(centre):
    return set_up_centre(centre, name="幸福邻里中心", community="幸福社区", street="爱山街道",
                         district="吴兴区", admin_username="admin", admin_display_name="李主任",
                         admin_passphrase=PASSPHRASE, language="zh_CN")


@pytest.mark.parametrize("cut", ["before the commit", "after the commit"])
def test_a_set_up_cut_off_is_taken_up_again(tmp_path, monkeypatch, cut):
    """Found by the crash campaign: a set-up killed after the file was made left an encrypted
    file with no key file, which the app would neither open nor set up again."""
    from neighborcenter.core import centre as centre_module
    from neighborcenter.storage import keyfile

    path = tmp_path / "centre.db"

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # (the process dies here)

    if cut == "before the commit":
        monkeypatch.setattr(centre_module, "finish", killed)
    else:
        monkeypatch.setattr(centre_module, "finish_setup", killed)
    with Centre.create(path) as centre, pytest.raises(KeyboardInterrupt):
        _set_up(centre)
    monkeypatch.undo()
    assert not key_file_path(path).exists()
    if cut == "before the commit":
        assert unlock.door(path).state is unlock.DoorState.NEW  # the wizard, on the same file
        with Centre.create(path) as centre:
            _set_up(centre)
    else:  # the commit happened: the staged key file takes its place at the next start
        assert unlock.door(path).state is unlock.DoorState.LOCKED
    assert not keyfile.setup_key_path(path).exists()  # the plain data key is gone
    assert log_in(path).actor.username == "admin"


def test_a_new_file_is_never_left_with_its_data_key_in_the_clear(tmp_path):
    from neighborcenter.storage import keyfile

    path = tmp_path / "centre.db"
    new_centre(path)
    assert not keyfile.setup_key_path(path).exists()
    assert not keyfile.staged_setup_path(path).exists()


def test_a_failed_login_does_not_write_back_a_stale_key_file(tmp_path, monkeypatch):
    """Found in review: a wrong login wrote back the key file it had read before its Argon2
    step, dropping what another process wrote meanwhile (here: a new account's wrap)."""
    from neighborcenter.core.roles import Actor

    path = tmp_path / "centre.db"
    new_centre(path)
    real = keys.spend_the_same_time

    def meanwhile(secret):  # the window adds an account while this login derives
        with Centre.open(path, key=_key(path), lock=False) as centre:
            actor = Actor(_account_id(centre, "admin"), "admin", "李主任", Role.ADMIN)
            accounts.create_account(centre, actor=actor, username="wangli",
                                    display_name="王丽", role=Role.SOCIAL_WORKER,
                                    passphrase=PASSPHRASE)
        real(secret)

    monkeypatch.setattr(keys, "spend_the_same_time", meanwhile)
    with pytest.raises(AuthenticationFailed):
        log_in(path, "typo", "whatever it is")
    monkeypatch.undo()
    assert log_in(path, "wangli", PASSPHRASE).actor.username == "wangli"


def test_a_wrong_passphrase_at_the_lock_screen_is_audited_once(tmp_path):
    path = tmp_path / "centre.db"
    new_centre(path)
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        with pytest.raises(AuthenticationFailed):
            accounts.verify_actor_passphrase(centre, actor=opened.login.actor,
                                             passphrase="a guess")
    log_in(path)
    with Centre.open(path, key=_key(path)) as centre:
        with centre.unit_of_work(write=False) as uow:
            failed = list(uow.session.scalars(select(AuditEntry.action).where(
                AuditEntry.action == "login_failed")))
    assert len(failed) == 1


def test_guesses_beyond_what_the_key_file_keeps_are_still_counted(tmp_path, monkeypatch):
    from neighborcenter.storage import keyfile

    monkeypatch.setattr(keyfile, "MAX_PENDING", 3)
    path = tmp_path / "centre.db"
    new_centre(path)
    for n in range(5):
        with pytest.raises(AuthenticationFailed):
            log_in(path, f"made-up-{n}", "guess")
    log_in(path)
    with Centre.open(path, key=_key(path)) as centre:
        with centre.unit_of_work(write=False) as uow:
            summaries = list(uow.session.scalars(select(AuditEntry.summary).where(
                AuditEntry.action == "login_failed")))
    assert len(summaries) == 4 and "2 more failed logins" in summaries[-1]


def test_restoring_the_oldest_backup_when_the_folder_is_full(tmp_path):
    """Found in review: the safety backup's thinning removed the very backup restored."""
    import datetime as dt

    from neighborcenter.storage.backup import make_backup

    path = tmp_path / "centre.db"
    new_centre(path)
    key = _key(path)
    now = dt.datetime.now(dt.UTC)
    for n in range(10):
        make_backup(path, key, reason="auto", now=now - dt.timedelta(minutes=10 - n))
    oldest = maintenance.list_backups(path)[-1].path
    actor = log_in(path).actor
    maintenance.restore_database(path, oldest, actor=actor, data_key=key)
    assert oldest.exists() and key_file_path(oldest).exists()


def test_a_first_version_file_whose_set_up_never_finished_is_set_aside(tmp_path):
    path = tmp_path / "old.db"
    Database.open(path, key=None).close()  # tables, no centre: the old wizard was closed
    assert unlock.door(path).state is unlock.DoorState.NEW
    with Centre.create(path) as centre:
        _set_up(centre)
    assert path.with_name("old.db.unfinished-setup").exists()
    assert log_in(path).actor.username == "admin"


def test_a_new_recovery_key_replaces_the_old_one(tmp_path):
    path = tmp_path / "centre.db"
    old = new_centre(path)
    opened = unlock.log_in(path, username="admin", passphrase=PASSPHRASE)
    with opened.centre as centre:
        new = accounts.replace_recovery_key(centre, actor=opened.login.actor)
    assert new != old
    with pytest.raises(AuthenticationFailed):
        unlock.open_with_recovery(path, old)
    unlock.open_with_recovery(path, new).close()


def test_a_foreign_restore_and_encrypted_old_backups_are_the_users_only(tmp_path):
    ours, backup, actor, key = ours_and_a_backup_of_theirs(tmp_path)
    maintenance.restore_database(ours, backup, actor=actor, data_key=key,
                                 other_centre_name="和美邻里中心")
    assert stat.S_IMODE(os.stat(ours).st_mode) == 0o600


@pytest.mark.parametrize("cut", ["before the commit", "after the commit"])
def test_an_account_change_cut_off_around_its_commit_is_settled_at_the_next_login(
        tmp_path, monkeypatch, cut):
    """Found by the crash campaign: the key file and the database change in two steps. The
    change is staged in the key file first, applied after the commit, and one a kill left
    staged is applied or forgotten at the next login by what the database says."""
    from neighborcenter.core.roles import Actor

    path = tmp_path / "centre.db"
    new_centre(path)
    with Centre.open(path, key=_key(path)) as centre:
        actor = Actor(_account_id(centre, "admin"), "admin", "李主任", Role.ADMIN)
        real_finish = accounts.finish

        def cut_off(uow, *args, **kwargs):
            if cut == "after the commit":
                real_finish(uow, *args, **kwargs)
            raise KeyboardInterrupt  # (the process dies here)

        monkeypatch.setattr(accounts, "finish", cut_off)
        with pytest.raises(KeyboardInterrupt):
            accounts.create_account(centre, actor=actor, username="wangli",
                                    display_name="王丽", role=Role.SOCIAL_WORKER,
                                    passphrase=PASSPHRASE)
        monkeypatch.undo()
    assert read_key_file(key_file_path(path)).changes  # staged, not applied
    log_in(path)  # the administrator's next login settles it
    kf = read_key_file(key_file_path(path))
    assert kf.changes == []
    if cut == "after the commit":
        assert log_in(path, "wangli", PASSPHRASE).actor.username == "wangli"
    else:  # the account was never made: no wrap for it
        assert kf.wrap_of("wangli") is None
