"""Staff accounts: create, change passphrase, archive, personal preferences; the part of a
login that needs the open database (core/unlock.py opens it), the lock screen.

Every passphrase change also re-wraps the database's data key for that account in the key
file (core/keys.py); archiving an account removes its wrap, so it cannot open the file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from neighborcenter.core import changes, keys, waits
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.passphrase import (
    check_strength,
    hash_passphrase,
    needs_rehash,
    verify_passphrase,
)
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import AuthenticationFailed, LoginWait, NotFound, ValidationError
from neighborcenter.i18n import N_, N_plural, _
from neighborcenter.storage.keyfile import Wrap
from neighborcenter.storage.models import Account, utcnow
from neighborcenter.storage.uow import UnitOfWork

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    display_name: str
    role: Role
    large_print: bool
    last_login_at: dt.datetime | None
    archived: bool
    waiting_until: dt.datetime | None = None  # too many wrong passphrases: the next try waits


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    large_print: bool
    recovery_key: str | None = None  # shown once, when this login encrypted the database
    plaintext_backups: int = 0  # backups of the first version, not yet encrypted
    # accounts that need a new passphrase from the administrator (this login encrypted a
    # first-version database, and only the administrator's passphrase was known)
    need_new_passphrase: tuple[str, ...] = ()


def _info(a: Account) -> AccountInfo:
    return AccountInfo(a.id, a.username, a.display_name, a.role, a.large_print,
                       a.last_login_at, a.archived_at is not None)


def actor_of(a: Account) -> Actor:
    return Actor(account_id=a.id, username=a.username, display_name=a.display_name, role=a.role)


def validate_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise ValidationError(
            _("A login name has 2–32 letters, digits, dots, dashes or underscores "
              "(for example wangli)."),
            field="username",
        )
    return username


def validate_display_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the person's name."), field="display_name")
    if len(name) > 64:
        raise ValidationError(_("The name is too long (at most 64 characters)."),
                              field="display_name")
    return name


def new_account(
    uow: UnitOfWork, *, username: str, display_name: str, role: Role, passphrase: str
) -> tuple[Account, Wrap]:
    """Add an account to the open unit of work (shared by set-up and ``create_account``);
    the data key wrapped for it goes into the key file when the caller commits."""
    username = validate_username(username)
    display_name = validate_display_name(display_name)
    passphrase = check_strength(passphrase, username=username)
    taken = uow.session.scalar(
        select(func.count()).select_from(Account).where(
            func.lower(Account.username) == username.lower()
        )
    )
    if taken:
        raise ValidationError(
            _("The login name “{name}” is already taken.").format(name=username),
            field="username",
        )
    account = Account(username=username, display_name=display_name, role=role,
                      passphrase_hash=hash_passphrase(passphrase),
                      large_print=role == Role.SHOP_VOLUNTEER)  # the till: large print
    uow.session.add(account)
    uow.session.flush()
    data_key = uow.db.key
    if data_key is None:
        raise ValidationError(_("Log in as an administrator first, so that the database is "
                                "encrypted; then add accounts."))
    wrap = keys.passphrase_wrap(data_key, account_id=account.id, username=account.username,
                                passphrase=passphrase)
    return account, wrap


def passphrase_opens(uow: UnitOfWork, account: Account, passphrase: str) -> bool:
    """Whether ``passphrase`` is the account's: it unwraps the data key in the key file (the
    one check a login makes too, so the lock screen agrees with the login window even after
    a restore brought back an older hash). A first-version file has only its hash."""
    from neighborcenter.storage.keyfile import key_file_path, read_key_file

    kf = read_key_file(key_file_path(uow.db.path)) if uow.db.key is not None else None
    wrap = kf.wrap_of(account.username) if kf is not None else None
    if wrap is not None and wrap.account_id == account.id:
        return keys.unwrap_with_passphrase(wrap, passphrase) is not None
    return verify_passphrase(passphrase, account.passphrase_hash)


MORE_FAILURES = N_plural("{n} more failed login, not kept one by one",
                         "{n} more failed logins, not kept one by one")
WRONG_LOGIN = N_("The login name or passphrase is not right. Check them and try again.")


@writes
def complete_login(uow: UnitOfWork, *, account_id: str, passphrase: str,
                   earlier_failures: list[dict[str, str]], dropped: int = 0) -> LoginResult:
    """The second half of a login (the first, core/unlock.py, opened the database with the
    data key the passphrase unwrapped): the account must still be active; the login and the
    failures noted in the key file meanwhile go into the audit log; an old hash is renewed."""
    with uow:
        for event in earlier_failures:
            record_pending(uow, event)
        if dropped:
            from neighborcenter.core.audit import record_audit

            record_audit(uow.session, None, AuditAction.LOGIN_FAILED, actor_name="?",
                         summary=Msg(*MORE_FAILURES, args={"n": dropped}))
        account = uow.session.get(Account, account_id)
        if account is None or account.archived_at is not None:
            finish(uow, None, AuditAction.LOGIN_FAILED,
                   actor_name=account.username if account else "?",
                   summary=Msg(N_("Failed login")))
            raise AuthenticationFailed(_(WRONG_LOGIN))
        if needs_rehash(account.passphrase_hash):  # scrypt of the first versions
            account.passphrase_hash = hash_passphrase(passphrase)
        account.last_login_at = utcnow()
        actor = actor_of(account)
        finish(uow, actor, AuditAction.LOGIN, summary=Msg(N_("Logged in")))
        return LoginResult(actor=actor, large_print=account.large_print)


@reads
def committed_key_changes(uow: UnitOfWork, *, staged: list[dict]) -> set[str]:
    """Which staged key-file changes (core/keys.stage_change) the database has: an account
    with the staged hash, or archived."""
    with uow:
        done = set()
        for change in staged:
            account = uow.session.get(Account, change["account_id"])
            if account is None:
                continue
            if change.get("wrap") is None:
                if account.archived_at is not None:
                    done.add(change["id"])
            elif account.archived_at is None and account.passphrase_hash == change["hash"]:
                done.add(change["id"])
        return done


def record_pending(uow: UnitOfWork, event: dict[str, str]) -> None:
    """What the key file noted while the database was shut (failed logins; a restore of
    another centre's backup, whose key was not at hand), now in the audit log."""
    from neighborcenter.core.audit import record_audit
    from neighborcenter.storage.models import AuditEntry

    event_id = event.get("event")
    if event_id and uow.session.scalar(select(AuditEntry.id).where(
            AuditEntry.detail.like(f'%"{event_id}"%')).limit(1)) is not None:
        return  # already written by a login that was cut off before the key file said so
    if event.get("kind") == "restore":
        record_audit(uow.session, None, AuditAction.RESTORE, actor_name=event.get("name"),
                     target_kind="backup",
                     summary=Msg(N_("Restored {file}"), args={"file": event.get("file", "")}),
                     detail={"at": event.get("at"), "other_centre": True,
                             "event": event_id})
        return
    wait = event.get("kind") == "wait"
    record_audit(uow.session, None, AuditAction.LOGIN_FAILED,
                 actor_name=(event.get("name") or "?")[:64],
                 summary=Msg(N_("Login refused: wait after too many wrong passphrases")
                             if wait else N_("Failed login")),
                 detail={"at": event.get("at"), "event": event_id})


@writes
def verify_actor_passphrase(uow: UnitOfWork, *, actor: Actor, passphrase: str) -> None:
    """Unlock the idle-locked window: the same person types their passphrase again. Wrong
    passphrases count towards the same wait as at the login window (core/unlock.py)."""
    waits.refuse_while_waiting(uow.db.path, actor.username)
    with uow:
        account = uow.session.get(Account, actor.account_id)
        if (
            account is None
            or account.archived_at is not None
            or not passphrase_opens(uow, account, passphrase)
        ):
            finish(uow, actor, AuditAction.LOGIN_FAILED,
                   summary=Msg(N_("Wrong passphrase at the lock screen")))
            until = waits.note_wrong_passphrase(uow.db.path, actor.username)
            if until is not None:
                raise LoginWait(waits.wait_message(actor.username, until))
            raise AuthenticationFailed(_("The passphrase is not right."))
        waits.forget_failures(uow.db.path, actor.username)
        finish(uow, actor, AuditAction.UNLOCK, summary=Msg(N_("Screen unlocked")))


@writes
def note_encrypted(uow: UnitOfWork, *, actor: Actor) -> None:
    """The first login after an upgrade encrypted the database: its audit entry."""
    with uow:
        finish(uow, actor, AuditAction.UPDATE, target_kind="database",
               summary=Msg(N_("Database encrypted")))


@writes
def lift_login_wait(uow: UnitOfWork, *, actor: Actor, username: str) -> bool:
    """An administrator lifts the wait after too many wrong passphrases for a login name."""
    actor.require(Permission.MANAGE_ACCOUNTS)
    with uow:
        if not waits.lift_wait(uow.db.path, username):
            return False
        finish(uow, actor, AuditAction.UPDATE, target_kind="account",
               summary=Msg(N_("Login wait of {name} lifted"), args={"name": username.strip()}),
               changed=(changes.ACCOUNTS,))
        return True


@writes
def record_session_event(uow: UnitOfWork, *, actor: Actor, action: AuditAction) -> None:
    """Log out or lock: only an audit entry."""
    if action not in (AuditAction.LOGOUT, AuditAction.LOCK):
        raise ValueError(action)
    with uow:
        summary = Msg(N_("Logged out") if action is AuditAction.LOGOUT else N_("Screen locked"))
        finish(uow, actor, action, summary=summary)


@reads
def list_accounts(uow: UnitOfWork, *, actor: Actor) -> list[AccountInfo]:
    actor.require(Permission.MANAGE_ACCOUNTS)
    waiting = waits.waiting_names(uow.db.path)
    with uow:
        rows = uow.session.scalars(select(Account).order_by(Account.archived_at.is_not(None),
                                                            Account.username))
        return [replace(_info(a), waiting_until=waiting.get(a.username.lower()))
                for a in rows]


@writes
def create_account(
    uow: UnitOfWork, *, actor: Actor, username: str, display_name: str, role: Role,
    passphrase: str,
) -> AccountInfo:
    actor.require(Permission.MANAGE_ACCOUNTS)
    with uow:
        account, wrap = new_account(uow, username=username, display_name=display_name,
                                    role=role, passphrase=passphrase)
        apply = keys.stage_change(uow.db.path, account_id=account.id, wrap=wrap,
                                  expect_hash=account.passphrase_hash)
        finish(uow, actor, AuditAction.CREATE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Account {name} created"), args={"name": account.username}),
               detail={"role": role.value},
               changed=(changes.ACCOUNTS,))
        apply()
        return _info(account)


def _get(uow: UnitOfWork, account_id: str) -> Account:
    account = uow.session.get(Account, account_id)
    if account is None:
        raise NotFound(_("That account no longer exists."))
    return account


def _rewrap(uow: UnitOfWork, account: Account, passphrase: str) -> Callable[[], None]:
    """Stage the data key wrapped for the account's new passphrase (its wait, if any, is
    lifted with it); the returned function, called after the commit, applies it."""
    data_key = uow.db.key
    if data_key is None:
        return lambda: None  # a first-version plaintext database: nothing to wrap yet
    wrap = keys.passphrase_wrap(data_key, account_id=account.id, username=account.username,
                                passphrase=passphrase)
    return keys.stage_change(uow.db.path, account_id=account.id, wrap=wrap,
                             expect_hash=account.passphrase_hash)


@writes
def change_passphrase(
    uow: UnitOfWork, *, actor: Actor, account_id: str, new_passphrase: str,
    current_passphrase: str | None = None,
) -> None:
    """Your own passphrase (give the current one), or anyone's as an administrator."""
    own = account_id == actor.account_id
    if not own:
        actor.require(Permission.MANAGE_ACCOUNTS)
    with uow:
        account = _get(uow, account_id)
        new_passphrase = check_strength(new_passphrase, username=account.username)
        if own and not (
            current_passphrase is not None
            and passphrase_opens(uow, account, current_passphrase)
        ):
            raise AuthenticationFailed(_("The current passphrase is not right."))
        account.passphrase_hash = hash_passphrase(new_passphrase)
        put_in_key_file = _rewrap(uow, account, new_passphrase)
        finish(uow, actor, AuditAction.UPDATE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Passphrase of {name} changed"),
                           args={"name": account.username}),
               changed=(changes.ACCOUNTS,))
        put_in_key_file()


@writes
def reset_with_recovery_key(uow: UnitOfWork, *, account_id: str, new_passphrase: str) -> None:
    """A new passphrase for an account, on a centre opened with the recovery key (nobody is
    logged in: the audit entry names the recovery key); its wait, if any, is lifted."""
    with uow:
        account = _get(uow, account_id)
        if account.archived_at is not None:
            raise ValidationError(_("That account is archived."))
        new_passphrase = check_strength(new_passphrase, username=account.username)
        account.passphrase_hash = hash_passphrase(new_passphrase)
        put_in_key_file = _rewrap(uow, account, new_passphrase)
        finish(uow, None, AuditAction.UPDATE, actor_name=RECOVERY_KEY_ACTOR,
               target_kind="account", target_id=account.id,
               summary=Msg(N_("Passphrase of {name} set with the recovery key"),
                           args={"name": account.username}),
               changed=(changes.ACCOUNTS,))
        put_in_key_file()


RECOVERY_KEY_ACTOR = "recovery-key"


@writes
def replace_recovery_key(uow: UnitOfWork, *, actor: Actor) -> str:
    """A new recovery key, to be shown once (the old one lost, or known to someone who
    should not have it): from now on only the new one opens the data."""
    actor.require(Permission.MANAGE_ACCOUNTS)
    data_key = uow.db.key
    if data_key is None:
        raise ValidationError(_("The database itself is not encrypted yet."))
    recovery_key = keys.new_recovery_key()
    wrap = keys.recovery_wrap(data_key, recovery_key)
    with uow:
        finish(uow, actor, AuditAction.UPDATE, target_kind="centre",
               summary=Msg(N_("New recovery key made: the old one no longer opens the data")))
    keys.update_key_file(uow.db.path, lambda kf: setattr(kf, "recovery", wrap))
    return recovery_key


@writes
def archive_account(uow: UnitOfWork, *, actor: Actor, account_id: str) -> None:
    actor.require(Permission.MANAGE_ACCOUNTS)
    if account_id == actor.account_id:
        raise ValidationError(_("You cannot archive the account you are logged in with."))
    with uow:
        account = _get(uow, account_id)
        if account.archived_at is not None:
            return
        if account.role is Role.ADMIN:
            admins = uow.session.execute(
                select(func.count()).select_from(Account).where(
                    Account.role == Role.ADMIN, Account.archived_at.is_(None)
                )
            ).scalar_one()
            if admins <= 1:
                raise ValidationError(_("The last administrator account cannot be archived."))
        account.archived_at = utcnow()
        # its wrap goes, so its passphrase no longer opens the file
        apply = keys.stage_change(uow.db.path, account_id=account_id)
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Account {name} archived"), args={"name": account.username}),
               changed=(changes.ACCOUNTS,))
        apply()


@writes
def set_large_print(uow: UnitOfWork, *, actor: Actor, enabled: bool) -> None:
    """Large print is each person's own preference, remembered with their account."""
    if actor.account_id is None:
        return
    with uow:
        _get(uow, actor.account_id).large_print = enabled
        uow.commit()
