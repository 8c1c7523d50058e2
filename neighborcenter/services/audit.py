"""The audit log: who viewed, printed, exported or changed personal data, and who logged in.

Entries are written in the same unit of work as the action they describe, so an action that
rolls back leaves no entry, and an entry cannot exist without its action. The table is
append-only (database triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.domain.roles import Actor, Permission
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import AuditEntry
from neighborcenter.storage.uow import UnitOfWork


class AuditAction(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCK = "lock"
    UNLOCK = "unlock"
    SETUP = "setup"
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    REVEAL = "reveal"
    EXPORT = "export"
    PRINT = "print"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    CHECK = "check"
    DEMO = "demo"
    MERGE = "merge"


ACTION_LABELS = {
    AuditAction.LOGIN: N_("Logged in"),
    AuditAction.LOGIN_FAILED: N_("Failed login"),
    AuditAction.LOGOUT: N_("Logged out"),
    AuditAction.LOCK: N_("Screen locked"),
    AuditAction.UNLOCK: N_("Screen unlocked"),
    AuditAction.SETUP: N_("Centre set up"),
    AuditAction.CREATE: N_("Created"),
    AuditAction.UPDATE: N_("Changed"),
    AuditAction.ARCHIVE: N_("Archived"),
    AuditAction.REVEAL: N_("Revealed masked data"),
    AuditAction.EXPORT: N_("Exported"),
    AuditAction.PRINT: N_("Printed"),
    AuditAction.IMPORT: N_("Imported"),
    AuditAction.BACKUP: N_("Backed up"),
    AuditAction.RESTORE: N_("Restored a backup"),
    AuditAction.CHECK: N_("Checked the database"),
    AuditAction.DEMO: N_("Loaded demo data"),
    AuditAction.MERGE: N_("Merged duplicate records"),
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: AuditAction
    target_kind: str | None
    target_id: str | None
    summary: str

    @property
    def action_label(self) -> str:
        return _(ACTION_LABELS[self.action])


def record_audit(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    *,
    target_kind: str | None = None,
    target_id: str | None = None,
    summary: str = "",
    detail: dict | None = None,
    actor_name: str | None = None,
) -> None:
    """Add an entry to the caller's unit of work (it commits with the action)."""
    session.add(
        AuditEntry(
            account_id=actor.account_id if actor else None,
            actor=actor_name or (actor.username if actor else "?"),
            action=action.value,
            target_kind=target_kind,
            target_id=target_id,
            summary=summary,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
        )
    )


def list_audit(
    uow: UnitOfWork, *, actor: Actor, limit: int = 200, action: AuditAction | None = None
) -> list[AuditRow]:
    actor.require(Permission.VIEW_AUDIT_LOG)
    with uow:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action is not None:
            query = query.where(AuditEntry.action == action.value)
        return [
            AuditRow(e.id, e.at, e.actor, AuditAction(e.action), e.target_kind, e.target_id,
                     e.summary)
            for e in uow.session.scalars(query)
        ]

