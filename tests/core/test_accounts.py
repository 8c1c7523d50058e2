
import pytest

from neighborcenter.core import accounts
from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.core.roles import Role
from neighborcenter.errors import AuthenticationFailed, PermissionDenied, ValidationError
from tests.conftest import PASSPHRASE, log_in, sql


def audit_actions(db):
    conn = sql(db)
    return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]


def test_login_with_the_right_passphrase_is_audited(db, admin):
    result = log_in(db, "ADMIN", PASSPHRASE)
    assert result.actor.role is Role.ADMIN and result.actor.display_name == "李主任"
    assert audit_actions(db)[-1] == "login"


def test_wrong_passphrase_is_refused_and_still_audited(db, admin):
    with pytest.raises(AuthenticationFailed) as err:
        log_in(db, "admin", "wrong one")
    assert "登录名或口令不正确" in str(err.value)
    # the audit log is inside the encrypted file: the failure waits in the key file and
    # goes into the log with the next login
    assert audit_actions(db)[-1] == "setup"
    log_in(db, "admin", PASSPHRASE)
    assert audit_actions(db)[-2:] == ["login_failed", "login"]
    rows = list_audit(db, actor=admin, action=AuditAction.LOGIN_FAILED)
    assert rows[0].actor == "admin"


def test_unknown_user_gets_the_same_message(db, admin):
    with pytest.raises(AuthenticationFailed, match="登录名或口令不正确"):
        log_in(db, "nobody", PASSPHRASE)


def test_passphrase_is_never_stored_in_clear(db, admin):
    conn = sql(db)
    stored = conn.execute("SELECT passphrase_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and PASSPHRASE not in stored


def test_roles_are_enforced_in_the_services(db, shop_volunteer, social_worker):
    with pytest.raises(PermissionDenied):
        accounts.list_accounts(db, actor=shop_volunteer)
    with pytest.raises(PermissionDenied):
        accounts.create_account(db, actor=social_worker, username="x1",
                                display_name="x", role=Role.ADMIN, passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied):
        list_audit(db, actor=social_worker)


def test_duplicate_login_name_refused_case_insensitively(db, admin):
    with pytest.raises(ValidationError) as err:
        accounts.create_account(db, actor=admin, username="Admin", display_name="x",
                                role=Role.SOCIAL_WORKER, passphrase=PASSPHRASE)
    assert err.value.field == "username" and "已被使用" in str(err.value)


def test_changing_your_own_passphrase_needs_the_current_one(db, social_worker):
    with pytest.raises(AuthenticationFailed):
        accounts.change_passphrase(db, actor=social_worker,
                                   account_id=social_worker.account_id,
                                   new_passphrase="new secret", current_passphrase="nope")
    accounts.change_passphrase(db, actor=social_worker,
                               account_id=social_worker.account_id,
                               new_passphrase="new secret", current_passphrase=PASSPHRASE)
    log_in(db, "wangli", "new secret")


def test_archived_accounts_cannot_log_in_and_the_last_admin_stays(db, admin, social_worker):
    accounts.archive_account(db, actor=admin, account_id=social_worker.account_id)
    with pytest.raises(AuthenticationFailed):
        log_in(db, "wangli", PASSPHRASE)
    with pytest.raises(ValidationError):
        accounts.archive_account(db, actor=admin, account_id=admin.account_id)
    names = {a.username: a.archived for a in accounts.list_accounts(db, actor=admin)}
    assert names == {"admin": False, "wangli": True}  # archived, not deleted


def test_unlock_checks_the_same_persons_passphrase(db, social_worker):
    with pytest.raises(AuthenticationFailed):
        accounts.verify_actor_passphrase(db, actor=social_worker, passphrase="x")
    accounts.verify_actor_passphrase(db, actor=social_worker, passphrase=PASSPHRASE)
    assert audit_actions(db)[-2:] == ["login_failed", "unlock"]


def test_large_print_is_remembered_per_account(db, social_worker):
    accounts.set_large_print(db, actor=social_worker, enabled=True)
    result = log_in(db, "wangli", PASSPHRASE)
    assert result.large_print is True
