"""Setting up the centre on first run, and its name and place afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core import changes, features, keys
from neighborcenter.core.accounts import actor_of, new_account
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission, Role
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import (
    DEFAULT_IDLE_LOCK_MINUTES,
    CentreSettings,
    settings_from_session,
    validate_idle_lock_minutes,
    validate_language,
    write_setting,
)
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, _
from neighborcenter.storage.keyfile import (
    KeyFile,
    finish_setup,
    key_id,
    staged_setup_path,
    write_key_file,
)
from neighborcenter.storage.models import Centre
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CentreInfo:
    id: str
    name: str
    community: str
    street: str
    district: str


def _clean(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter the {what}.").format(what=label), field=field)
    if len(value) > 100:
        raise ValidationError(_("The {what} is too long (at most 100 characters).").format(
            what=label), field=field)
    return value


def validate_centre_fields(name: str, community: str, street: str, district: str) -> dict[str, str]:
    return {
        "name": _clean(name, "name", _("centre name")),
        "community": _clean(community, "community", _("community")),
        "street": _clean(street, "street", _("street")),
        "district": _clean(district, "district", _("district")),
    }


def centre_heading(session: Session) -> tuple[str, str]:
    """The centre's name (the recording unit of a printout) and the page frame's header line
    (centre, community, street)."""
    c = session.scalar(select(Centre).where(Centre.archived_at.is_(None)))
    if c is None:
        return "", ""
    return c.name, "　".join(t for t in (c.name, c.community, c.street) if t)


@reads
def get_centre(uow: UnitOfWork) -> CentreInfo | None:
    """This centre, or None before the first-run set-up."""
    with uow:
        c = uow.session.scalar(select(Centre).where(Centre.archived_at.is_(None)))
        return None if c is None else CentreInfo(c.id, c.name, c.community, c.street, c.district)


@dataclass(frozen=True)
class SetupResult:
    centre: CentreInfo
    admin: Actor
    recovery_key: str  # shown once, for the director to print and keep


@writes
def set_up_centre(
    uow: UnitOfWork, *, name: str, community: str, street: str, district: str,
    admin_username: str, admin_display_name: str, admin_passphrase: str, language: str,
) -> SetupResult:
    """First run: the centre, its first administrator, the language, what each feature
    starts with (the register: its built-in tags), and the key file: the database's data key
    wrapped for the administrator and for a new recovery key, returned to be shown once."""
    fields = validate_centre_fields(name, community, street, district)
    validate_language(language)
    with uow:
        if uow.session.scalar(select(Centre.id).limit(1)) is not None:
            raise ValidationError(_("This database has already been set up."))
        centre = Centre(**fields)
        uow.session.add(centre)
        account, wrap = new_account(uow, username=admin_username,
                                    display_name=admin_display_name, role=Role.ADMIN,
                                    passphrase=admin_passphrase)
        write_setting(uow.session, "language", language)
        write_setting(uow.session, "idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)
        for _feature, set_up in features.each("setup"):  # what each feature starts with
            set_up(uow.session, language=language)
        uow.session.flush()
        admin = actor_of(account)
        data_key = uow.db.key
        if data_key is None:
            raise ValidationError(_("A new centre's database is made encrypted; this one is "
                                    "not. Start again with a new file."))
        recovery_key = keys.new_recovery_key()
        # staged before the commit, put in place after it: a kill in between is finished
        # by unlock.door (the centre row tells whether the commit happened)
        write_key_file(staged_setup_path(uow.db.path), KeyFile(
            centre.id, centre.name, language, key_id(data_key), [wrap],
            keys.recovery_wrap(data_key, recovery_key)))
        finish(uow, admin, AuditAction.SETUP, target_kind="centre",
               target_id=centre.id,
               summary=Msg(N_("Centre {name} set up"), args={"name": centre.name}),
               changed=(changes.CENTRE, changes.ACCOUNTS, changes.SETTINGS))
        finish_setup(uow.db.path)
        return SetupResult(
            CentreInfo(centre.id, centre.name, centre.community, centre.street, centre.district),
            admin, recovery_key,
        )


@writes
def save_centre_settings(
    uow: UnitOfWork, *, actor: Actor, name: str, community: str, street: str, district: str,
    language: str, idle_lock_minutes: int,
) -> tuple[CentreInfo, CentreSettings]:
    """The settings page's Save: the centre's details and its settings, all or nothing."""
    actor.require(Permission.MANAGE_SETTINGS)
    fields = validate_centre_fields(name, community, street, district)
    validate_language(language)
    validate_idle_lock_minutes(idle_lock_minutes)
    with uow:
        c = uow.session.scalar(select(Centre).where(Centre.archived_at.is_(None)))
        if c is None:
            raise ValidationError(_("This database has not been set up yet."))
        before = {k: getattr(c, k) for k in fields}
        for key, value in fields.items():
            setattr(c, key, value)
        old = settings_from_session(uow.session)
        write_setting(uow.session, "language", language)
        write_setting(uow.session, "idle_lock_minutes", idle_lock_minutes)
        diff = {k: [before[k], v] for k, v in fields.items() if before[k] != v}
        if old.language != language:
            diff["language"] = [old.language, language]
        if old.idle_lock_minutes != idle_lock_minutes:
            diff["idle_lock_minutes"] = [old.idle_lock_minutes, idle_lock_minutes]
        if uow.db.key is not None:  # the login window shows the name, in the language

            def public(kf: KeyFile) -> None:
                kf.centre_name, kf.language = c.name, language

            keys.update_key_file(uow.db.path, public)
        finish(uow, actor, AuditAction.UPDATE, target_kind="centre",
               target_id=c.id, summary=Msg(N_("Centre settings changed")),
               detail=diff or None,
               changed=(changes.CENTRE, changes.SETTINGS))
        return (CentreInfo(c.id, c.name, c.community, c.street, c.district),
                CentreSettings(language=language, idle_lock_minutes=idle_lock_minutes))
