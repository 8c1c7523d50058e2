"""The home page's summary: how big the register is and what needs doing today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from neighborcenter.domain.register import ResidentStatus
from neighborcenter.domain.roles import Actor, Permission
from neighborcenter.storage.models import Household, Resident, ResidentTag, TagType
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class RegisterCounts:
    residents: int
    households: int
    aged_80_plus: int
    living_alone: int


@dataclass(frozen=True)
class HomeSummary:
    register: RegisterCounts | None  # None when the role may not see the register


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def home_summary(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomeSummary:
    if not actor.can(Permission.VIEW_REGISTER):
        return HomeSummary(register=None)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        active = (Resident.status == ResidentStatus.ACTIVE, Resident.archived_at.is_(None))
        residents = s.scalar(select(func.count()).select_from(Resident).where(*active))
        households = s.scalar(select(func.count()).select_from(Household)
                              .where(Household.archived_at.is_(None)))
        aged = s.scalar(select(func.count()).select_from(Resident).where(
            *active, Resident.birth_date <= _years_ago(today, 80)))
        alone = s.scalar(
            select(func.count(func.distinct(ResidentTag.resident_id)))
            .join(TagType, TagType.id == ResidentTag.tag_type_id)
            .join(Resident, Resident.id == ResidentTag.resident_id)
            .where(TagType.code == "living_alone", ResidentTag.archived_at.is_(None),
                   (ResidentTag.valid_to.is_(None)) | (ResidentTag.valid_to >= today), *active)
        )
        return HomeSummary(RegisterCounts(residents, households, aged, alone))
