"""Staff accounts: log in, create, change passphrase, archive, personal preferences."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.passphrase import check_strength, hash_passphrase, verify_passphrase
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import AuthenticationFailed, NotFound, ValidationError
from neighborcenter.i18n import N_, _
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


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    large_print: bool


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
) -> Account:
    """Add an account to the open unit of work (shared by set-up and ``create_account``)."""
    username = validate_username(username)
    display_name = validate_display_name(display_name)
    check_strength(passphrase)
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
                      passphrase_hash=hash_passphrase(passphrase))
    uow.session.add(account)
    uow.session.flush()
    return account


@writes
def authenticate(uow: UnitOfWork, *, username: str, passphrase: str) -> LoginResult:
    """Check a login; every attempt, good or bad, is written to the audit log."""
    failure = AuthenticationFailed(
        _("The login name or passphrase is not right. Check them and try again.")
    )
    with uow:
        account = uow.session.scalar(
            select(Account).where(func.lower(Account.username) == username.strip().lower())
        )
        if (
            account is None
            or account.archived_at is not None
            or not verify_passphrase(passphrase, account.passphrase_hash)
        ):
            finish(uow, None, AuditAction.LOGIN_FAILED,
                   actor_name=username.strip()[:64] or "?",
                   summary=Msg(N_("Failed login")))
            raise failure
        account.last_login_at = utcnow()
        actor = actor_of(account)
        finish(uow, actor, AuditAction.LOGIN, summary=Msg(N_("Logged in")))
        return LoginResult(actor=actor, large_print=account.large_print)


@writes
def verify_actor_passphrase(uow: UnitOfWork, *, actor: Actor, passphrase: str) -> None:
    """Unlock the idle-locked window: the same person types their passphrase again."""
    with uow:
        account = uow.session.get(Account, actor.account_id)
        if (
            account is None
            or account.archived_at is not None
            or not verify_passphrase(passphrase, account.passphrase_hash)
        ):
            finish(uow, actor, AuditAction.LOGIN_FAILED,
                   summary=Msg(N_("Wrong passphrase at the lock screen")))
            raise AuthenticationFailed(_("The passphrase is not right."))
        finish(uow, actor, AuditAction.UNLOCK, summary=Msg(N_("Screen unlocked")))


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
    with uow:
        rows = uow.session.scalars(select(Account).order_by(Account.archived_at.is_not(None),
                                                            Account.username))
        return [_info(a) for a in rows]


@writes
def create_account(
    uow: UnitOfWork, *, actor: Actor, username: str, display_name: str, role: Role,
    passphrase: str,
) -> AccountInfo:
    actor.require(Permission.MANAGE_ACCOUNTS)
    with uow:
        account = new_account(uow, username=username, display_name=display_name, role=role,
                              passphrase=passphrase)
        finish(uow, actor, AuditAction.CREATE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Account {name} created"), args={"name": account.username}),
               detail={"role": role.value},
               changed=(changes.ACCOUNTS,))
        return _info(account)


def _get(uow: UnitOfWork, account_id: str) -> Account:
    account = uow.session.get(Account, account_id)
    if account is None:
        raise NotFound(_("That account no longer exists."))
    return account


@writes
def change_passphrase(
    uow: UnitOfWork, *, actor: Actor, account_id: str, new_passphrase: str,
    current_passphrase: str | None = None,
) -> None:
    """Your own passphrase (give the current one), or anyone's as an administrator."""
    own = account_id == actor.account_id
    if not own:
        actor.require(Permission.MANAGE_ACCOUNTS)
    check_strength(new_passphrase)
    with uow:
        account = _get(uow, account_id)
        if own and not (
            current_passphrase is not None
            and verify_passphrase(current_passphrase, account.passphrase_hash)
        ):
            raise AuthenticationFailed(_("The current passphrase is not right."))
        account.passphrase_hash = hash_passphrase(new_passphrase)
        finish(uow, actor, AuditAction.UPDATE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Passphrase of {name} changed"),
                           args={"name": account.username}),
               changed=(changes.ACCOUNTS,))


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
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="account",
               target_id=account.id,
               summary=Msg(N_("Account {name} archived"), args={"name": account.username}),
               changed=(changes.ACCOUNTS,))


@writes
def set_large_print(uow: UnitOfWork, *, actor: Actor, enabled: bool) -> None:
    """Large print is each person's own preference, remembered with their account."""
    if actor.account_id is None:
        return
    with uow:
        _get(uow, actor.account_id).large_print = enabled
        uow.commit()
