"""Centre-wide settings, stored as JSON values in the ``settings`` table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.service import reads
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import DEFAULT_LANGUAGE, LANGUAGES, _
from neighborcenter.storage.models import Setting
from neighborcenter.storage.uow import UnitOfWork

DEFAULT_IDLE_LOCK_MINUTES = 10
MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES = 1, 240


@dataclass(frozen=True)
class CentreSettings:
    language: str = DEFAULT_LANGUAGE
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES


def _read(session: Session) -> dict[str, Any]:
    return {s.key: json.loads(s.value) for s in session.scalars(select(Setting))}


def write_setting(session: Session, key: str, value: object) -> None:
    row = session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded


def settings_from_session(session: Session) -> CentreSettings:
    raw = _read(session)
    return CentreSettings(
        language=str(raw.get("language", DEFAULT_LANGUAGE)),
        idle_lock_minutes=int(raw.get("idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)),
    )


@reads
def get_settings(uow: UnitOfWork) -> CentreSettings:
    with uow:
        return settings_from_session(uow.session)


def validate_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            _("Unknown language “{value}”; choose one of: {choices}.").format(
                value=language, choices=", ".join(LANGUAGES)
            ),
            field="language",
        )


def validate_idle_lock_minutes(minutes: int) -> None:
    if not MIN_IDLE_LOCK_MINUTES <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            _("The idle lock must be between {low} and {high} minutes.").format(
                low=MIN_IDLE_LOCK_MINUTES, high=MAX_IDLE_LOCK_MINUTES
            ),
            field="idle_lock_minutes",
        )
