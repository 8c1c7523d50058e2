"""The audit log: who viewed, printed, exported or changed personal data, and who logged in.

Entries are written in the same unit of work as the action they describe, so an action that
rolls back leaves no entry, and an entry cannot exist without its action. The table is
append-only (database triggers refuse UPDATE and DELETE).

The entries are chained by hash, so that one changed, removed or slipped in afterwards shows
(``neighborcenter check``). When the unit of work flushes, each new entry gets the next
sequence number ``seq`` (read from the last entry inside the same IMMEDIATE write
transaction, so two writers cannot take the same one), ``prev_hash`` (the seal of the entry
before, 64 zeros for the first) and ``hash``: the SHA-256, in hex, of the canonical form

    json.dumps({"v": 1, "seq", "at", "account_id", "actor", "action", "target_kind",
                "target_id", "summary", "detail", "prev_hash"},
               sort_keys=True, separators=(",", ":"), ensure_ascii=True)

with ``at`` in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``, ``detail`` the JSON text exactly as
stored and NULL columns as null; storage/audit_chain.py defines it and verifies the chain.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.roles import SYSTEM_ACTOR, Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.i18n import N_, _, ngettext
from neighborcenter.storage.models import Account, AuditEntry
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


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Msg:
    """An audit entry's text kept as its English source and its values, so that it is shown
    in the reader's language, not frozen in the language of the moment it was written.

    ``Msg(N_("{name}: tag {tag} ended"), args={"name": r.name, "tag": tag})``; a value may be
    a Msg itself (a word that is translated too) or a list of them (joined); for a count,
    ``Msg(*N_plural("{n} thing", "{n} things"), args={"n": n})``.
    """

    text: str
    plural: str | None = None
    args: dict[str, object] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = _) -> str:
        values = {key: _render_value(value, translate) for key, value in self.args.items()}
        if self.plural is None:
            template = translate(self.text)
        elif translate is _untranslated:
            template = self.text if self.args.get("n") == 1 else self.plural
        else:
            # args are objects; "n" is the count, an int (JSON keeps it one)
            template = ngettext(self.text, self.plural, int(self.args["n"]))  # type: ignore[call-overload]
        return template.format(**values)

    def to_json(self) -> dict:
        data: dict[str, object] = {"text": self.text,
                                   "args": {k: _value_to_json(v) for k, v in self.args.items()}}
        if self.plural:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_json(cls, data: dict) -> Msg:
        return cls(data["text"], data.get("plural"),
                   {k: _value_from_json(v) for k, v in data["args"].items()})


def _render_value(value: object, translate: Callable[[str], str]) -> str:
    if isinstance(value, Msg):
        return value.render(translate)
    if isinstance(value, list):
        return translate(", ").join(_render_value(v, translate) for v in value)
    return str(value)


def _value_to_json(value: object) -> object:
    if isinstance(value, Msg):
        return {"msg": value.to_json()}
    if isinstance(value, list):
        return [_value_to_json(v) for v in value]
    return value


def _value_from_json(value: object) -> object:
    if isinstance(value, dict) and "msg" in value:
        return Msg.from_json(value["msg"])
    if isinstance(value, list):
        return [_value_from_json(v) for v in value]
    return value


# the separator of a list of values in an audit text: "、" in Chinese
N_(", ")


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: AuditAction | str  # a feature's own actions are plain strings
    target_kind: str | None
    target_id: str | None
    text: str  # as stored: the English rendering, or an older entry's words
    message: Msg | None = None  # the structure, rendered in the reader's language
    account_id: str | None = None
    actor_name: str | None = None  # the account's display name now (None: no account)

    @property
    def action_label(self) -> str:
        label = action_labels().get(self.action)
        if label is None:  # written by a newer version, or a feature no longer installed
            return _("unknown action “{code}”").format(code=self.action)
        return _(label)

    @property
    def who(self) -> str:
        """The person as staff know them: 李主任（admin）, 系统 for the command line, or the
        login name a failed login typed."""
        if self.account_id is None:
            if self.actor == SYSTEM_ACTOR.username and self.action != AuditAction.LOGIN_FAILED:
                # init, demo, backup, check run from the command line
                return _("the system")
            return self.actor
        name = self.actor_name or self.actor
        if name == self.actor:
            return name
        # a person's display name and their login name, 李主任（admin）
        return _("{name} ({login})").format(name=name, login=self.actor)

    @property
    def summary(self) -> str:
        return self.message.render() if self.message is not None else self.text


def record_audit(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    *,
    target_kind: str | None = None,
    target_id: str | None = None,
    summary: Msg | str = "",
    detail: dict | None = None,
    actor_name: str | None = None,
) -> None:
    """Add an entry to the caller's unit of work (it commits with the action).

    ``summary`` is a Msg, kept as structure in the detail (``"summary"``) and shown in the
    reader's language; the summary column holds its English rendering for other readers.
    """
    if isinstance(summary, Msg):
        detail = {**(detail or {}), "summary": summary.to_json()}
        summary = summary.render(_untranslated)
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


def finish(uow: UnitOfWork, actor: Actor | None, action: AuditAction, *,
           changed: Iterable[str] = (), **entry: Any) -> None:
    """The end of every write a person makes: its audit entry, what kinds of data changed
    (the pages that show them reload), and the one commit of the unit of work."""
    record_audit(uow.session, actor, action, **entry)
    uow.changed(*changed)
    uow.commit()


def action_labels() -> dict[str, str]:
    """Every audit action's label (N_): the core's, and each feature's (core/features.py)."""
    from neighborcenter.core import features

    return {**{a.value: label for a, label in ACTION_LABELS.items()},
            **features.audit_actions()}


def _action(value: str) -> AuditAction | str:
    try:
        return AuditAction(value)
    except ValueError:
        return value  # a feature's own action


@reads
def list_audit(
    uow: UnitOfWork, *, actor: Actor, limit: int = 200, action: str | None = None
) -> list[AuditRow]:
    actor.require(Permission.VIEW_AUDIT_LOG)
    with uow:
        # names are looked up when the log is read: what is stored stays as it was written
        query = (select(AuditEntry, Account.display_name)
                 .outerjoin(Account, Account.id == AuditEntry.account_id)
                 .order_by(AuditEntry.id.desc()).limit(limit))
        if action is not None:
            query = query.where(AuditEntry.action == str(action))
        return [
            AuditRow(e.id, e.at, e.actor, _action(e.action), e.target_kind, e.target_id,
                     e.summary, _stored_message(e.detail), e.account_id, display_name)
            for e, display_name in uow.session.execute(query)
        ]


def _stored_message(detail: str | None) -> Msg | None:
    if not detail or '"summary"' not in detail:
        return None
    data = json.loads(detail)
    return Msg.from_json(data["summary"]) if isinstance(data.get("summary"), dict) else None

