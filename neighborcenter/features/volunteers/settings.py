"""The volunteers' settings: points per approved hour by category, the rounding rule, the
default cap per activity, how long points last, and the hours of each star level. Kept as
one JSON value (``volunteers``) in the centre's settings table."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import write_setting
from neighborcenter.errors import ValidationError
from neighborcenter.features.volunteers import VOLUNTEERS
from neighborcenter.features.volunteers.rules import (
    DEFAULT_EXPIRY_YEARS,
    DEFAULT_POINTS_PER_HOUR,
    DEFAULT_ROUNDING,
    DEFAULT_STAR_HOURS,
    RoundingRule,
    ServiceCategory,
    validate_star_hours,
)
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Setting
from neighborcenter.storage.uow import UnitOfWork

KEY = "volunteers"
DEFAULT_CAP_MINUTES = 4 * 60


@dataclass(frozen=True)
class VolunteerSettings:
    points_per_hour: dict[str, int] = field(default_factory=dict)  # category → points
    rounding: RoundingRule = DEFAULT_ROUNDING
    default_cap_minutes: int | None = DEFAULT_CAP_MINUTES
    expiry_years: int = DEFAULT_EXPIRY_YEARS  # 0: points never expire
    star_hours: tuple[int, ...] = DEFAULT_STAR_HOURS

    def rate(self, category: ServiceCategory | str) -> int:
        return self.points_per_hour.get(str(category), DEFAULT_POINTS_PER_HOUR)

    def to_json(self) -> dict:
        return {"points_per_hour": self.points_per_hour, "rounding": self.rounding.to_json(),
                "default_cap_minutes": self.default_cap_minutes,
                "expiry_years": self.expiry_years, "star_hours": list(self.star_hours)}


def _from_json(data: dict) -> VolunteerSettings:
    base = VolunteerSettings()
    return VolunteerSettings(
        points_per_hour={str(k): int(v) for k, v in data.get("points_per_hour", {}).items()},
        rounding=RoundingRule.from_json(data["rounding"]) if "rounding" in data
        else base.rounding,
        default_cap_minutes=data.get("default_cap_minutes", base.default_cap_minutes),
        expiry_years=int(data.get("expiry_years", base.expiry_years)),
        star_hours=tuple(int(h) for h in data.get("star_hours", base.star_hours)))


def volunteer_settings(session: Session) -> VolunteerSettings:
    import json

    row = session.get(Setting, KEY)
    return VolunteerSettings() if row is None else _from_json(json.loads(row.value))


@reads
def get_volunteer_settings(uow: UnitOfWork, *, actor: Actor) -> VolunteerSettings:
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        return volunteer_settings(uow.session)


def validate(settings: VolunteerSettings) -> VolunteerSettings:
    for category, rate in settings.points_per_hour.items():
        ServiceCategory(category)  # an unknown category is a programming error
        if not 0 <= rate <= 1000:
            raise ValidationError(_("Points per hour are between 0 and 1000."),
                                  field="points_per_hour")
    cap = settings.default_cap_minutes
    if cap is not None and not 30 <= cap <= 24 * 60:
        raise ValidationError(_("The cap per activity is between half an hour and 24 hours."),
                              field="default_cap_minutes")
    if not 0 <= settings.expiry_years <= 20:
        raise ValidationError(_("Points last 1 to 20 years (0: they never expire)."),
                              field="expiry_years")
    return replace(settings, star_hours=validate_star_hours(settings.star_hours))


@writes
def save_volunteer_settings(uow: UnitOfWork, *, actor: Actor,
                            settings: VolunteerSettings) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    settings = validate(settings)
    with uow:
        write_setting(uow.session, KEY, settings.to_json())
        finish(uow, actor, AuditAction.UPDATE, target_kind="settings",
               summary=Msg(N_("Changed the volunteers' settings")), changed=(VOLUNTEERS,))
