"""The visits' settings: which tags and age put an elder on the list, how often each tier is
visited, how many days an overdue visit may still be made, how long each kind of visit counts
for the visitors' hours. One JSON value (``visits``) in the centre's settings table."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import write_setting
from neighborcenter.errors import ValidationError
from neighborcenter.features.visits import VISITS
from neighborcenter.features.visits.rules import (
    DEFAULT_AGE,
    DEFAULT_FREQUENCY,
    DEFAULT_GRACE_DAYS,
    DEFAULT_QUALIFYING_TAGS,
    Frequency,
    Method,
    Tier,
)
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Setting
from neighborcenter.storage.uow import UnitOfWork

KEY = "visits"
DEFAULT_MINUTES = {Method.HOME: 60, Method.PHONE: 15, Method.VIDEO: 20}


@dataclass(frozen=True)
class VisitSettings:
    qualifying_tags: tuple[str, ...] = DEFAULT_QUALIFYING_TAGS
    min_age: int = DEFAULT_AGE  # 80+: on the list by age alone
    frequency: dict[Tier, Frequency] = field(default_factory=lambda: dict(DEFAULT_FREQUENCY))
    grace_days: int = DEFAULT_GRACE_DAYS  # an overdue visit may still be made this long
    minutes: dict[Method, int] = field(default_factory=lambda: dict(DEFAULT_MINUTES))
    #: days before and after a festival that its campaign's visits are made
    festival_days_before: int = 7
    festival_days_after: int = 3

    def frequency_of(self, tier: Tier) -> Frequency:
        return self.frequency.get(tier, DEFAULT_FREQUENCY[tier])

    def to_json(self) -> dict:
        return {"qualifying_tags": list(self.qualifying_tags), "min_age": self.min_age,
                "frequency": {str(k): str(v) for k, v in self.frequency.items()},
                "grace_days": self.grace_days,
                "minutes": {str(k): v for k, v in self.minutes.items()},
                "festival_days_before": self.festival_days_before,
                "festival_days_after": self.festival_days_after}


def _from_json(data: dict) -> VisitSettings:
    base = VisitSettings()
    return VisitSettings(
        qualifying_tags=tuple(data.get("qualifying_tags", base.qualifying_tags)),
        min_age=int(data.get("min_age", base.min_age)),
        frequency={**base.frequency, **{Tier(k): Frequency(v)
                                        for k, v in data.get("frequency", {}).items()}},
        grace_days=int(data.get("grace_days", base.grace_days)),
        minutes={**base.minutes, **{Method(k): int(v)
                                    for k, v in data.get("minutes", {}).items()}},
        festival_days_before=int(data.get("festival_days_before", base.festival_days_before)),
        festival_days_after=int(data.get("festival_days_after", base.festival_days_after)))


def visit_settings(session: Session) -> VisitSettings:
    row = session.get(Setting, KEY)
    return VisitSettings() if row is None else _from_json(json.loads(row.value))


@reads
def get_visit_settings(uow: UnitOfWork, *, actor: Actor) -> VisitSettings:
    actor.require(Permission.VIEW_VISITS)
    with uow:
        return visit_settings(uow.session)


def validate(settings: VisitSettings) -> VisitSettings:
    if not settings.qualifying_tags and not 60 <= settings.min_age <= 120:
        raise ValidationError(_("Choose at least one tag, or an age, that puts an elder on "
                                "the visit list."), field="qualifying_tags")
    if not 60 <= settings.min_age <= 120:
        raise ValidationError(_("The age from which every elder is visited is between 60 and "
                              "120."), field="min_age")
    if not 0 <= settings.grace_days <= 31:
        raise ValidationError(_("An overdue visit may still be made for 0 to 31 days."),
                              field="grace_days")
    for method, minutes in settings.minutes.items():
        if not 5 <= minutes <= 480:
            raise ValidationError(_("A visit counts for 5 minutes to 8 hours ({method})."
                                    ).format(method=Method(method).label), field="minutes")
    if not (0 <= settings.festival_days_before <= 30 and 0 <= settings.festival_days_after
            <= 30):
        raise ValidationError(_("A festival's visits are made within 30 days of it."),
                              field="festival_days")
    return settings


@writes
def save_visit_settings(uow: UnitOfWork, *, actor: Actor, settings: VisitSettings) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    settings = validate(settings)
    with uow:
        write_setting(uow.session, KEY, settings.to_json())
        finish(uow, actor, AuditAction.UPDATE, target_kind="settings",
               summary=Msg(N_("Changed the visits' settings")), changed=(VISITS,))
