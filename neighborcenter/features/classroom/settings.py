"""The class's settings: when the class starts and closes, the late pick-up ladder's minutes
after closing, how many adults a child must have who may collect them, whether printed pick-up
slips are used, how many minutes a duty counts for the volunteers' hours. One JSON value
(``classroom``) in the centre's settings table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import write_setting
from neighborcenter.core.text import parse_clock
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import CLASSROOM
from neighborcenter.features.classroom.rules import LADDER, Step
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Setting
from neighborcenter.storage.uow import UnitOfWork

KEY = "classroom"
#: practice (DOMAIN.md): after 30 minutes call the guardian, then the emergency contact, then
#: escalate
DEFAULT_LADDER = {Step.CALL_GUARDIAN: 30, Step.CALL_EMERGENCY: 45, Step.ESCALATE: 60}


@dataclass(frozen=True)
class ClassSettings:
    starts_at: str = "15:30"
    closes_at: str = "17:30"
    ladder: dict[Step, int] = field(default_factory=lambda: dict(DEFAULT_LADDER))
    least_collectors: int = 2
    most_collectors: int = 3
    pickup_slips: bool = False  # 接送卡: the adult shows a slip with the child's code
    duty_minutes: int = 150  # what a duty counts for, unless entered otherwise

    def to_json(self) -> dict:
        return {"starts_at": self.starts_at, "closes_at": self.closes_at,
                "ladder": {str(k): v for k, v in self.ladder.items()},
                "least_collectors": self.least_collectors,
                "most_collectors": self.most_collectors, "pickup_slips": self.pickup_slips,
                "duty_minutes": self.duty_minutes}

    def closing_on(self, day: dt.date, closes_at: str | None = None) -> dt.datetime:
        """The closing time of that day, in the centre's time zone."""
        clock = parse_clock(closes_at or self.closes_at)
        return dt.datetime.combine(day, clock).astimezone()


def _from_json(data: dict) -> ClassSettings:
    base = ClassSettings()
    return ClassSettings(
        starts_at=str(data.get("starts_at", base.starts_at)),
        closes_at=str(data.get("closes_at", base.closes_at)),
        ladder={**base.ladder, **{Step(k): int(v) for k, v in data.get("ladder", {}).items()}},
        least_collectors=int(data.get("least_collectors", base.least_collectors)),
        most_collectors=int(data.get("most_collectors", base.most_collectors)),
        pickup_slips=bool(data.get("pickup_slips", base.pickup_slips)),
        duty_minutes=int(data.get("duty_minutes", base.duty_minutes)))


def class_settings(session: Session) -> ClassSettings:
    row = session.get(Setting, KEY)
    return ClassSettings() if row is None else _from_json(json.loads(row.value))


@reads
def get_class_settings(uow: UnitOfWork, *, actor: Actor) -> ClassSettings:
    actor.require(Permission.RUN_CLASS)
    with uow:
        return class_settings(uow.session)


def validate(settings: ClassSettings) -> ClassSettings:
    starts = parse_clock(settings.starts_at, "starts_at")
    closes = parse_clock(settings.closes_at, "closes_at")
    if closes <= starts:
        raise ValidationError(_("The class closes after it starts."), field="closes_at")
    minutes = [settings.ladder.get(step, DEFAULT_LADDER[step]) for step in LADDER]
    if any(not 0 <= m <= 240 for m in minutes) or minutes != sorted(minutes):
        raise ValidationError(_("The late pick-up steps come in order, 0 to 240 minutes after "
                                "closing: the guardian, the emergency contact, the "
                                "community."), field="ladder")
    if not 1 <= settings.least_collectors <= settings.most_collectors <= 6:
        raise ValidationError(_("A child has 1 to 6 adults who may collect them, the least "
                                "no more than the most."), field="collectors")
    if not 15 <= settings.duty_minutes <= 480:
        raise ValidationError(_("A duty counts for 15 minutes to 8 hours."),
                              field="duty_minutes")
    return ClassSettings(starts_at=starts.strftime("%H:%M"), closes_at=closes.strftime("%H:%M"),
                         ladder=dict(zip(LADDER, minutes, strict=True)),
                         least_collectors=settings.least_collectors,
                         most_collectors=settings.most_collectors,
                         pickup_slips=settings.pickup_slips,
                         duty_minutes=settings.duty_minutes)


@writes
def save_class_settings(uow: UnitOfWork, *, actor: Actor, settings: ClassSettings) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    settings = validate(settings)
    with uow:
        write_setting(uow.session, KEY, settings.to_json())
        finish(uow, actor, AuditAction.UPDATE, target_kind="settings",
               summary=Msg(N_("Changed the after-school class's settings")),
               changed=(CLASSROOM,))
