"""The volunteers' tables, under the names of 《志愿服务信息系统基本规范》: 志愿者 (volunteers),
志愿团体 (teams and their members), 志愿服务项目 (activities), 志愿服务时间 (service records
and their corrections), 培训/表彰奖励/评价 (volunteer records), background checks, and the
points ledger (accounts, transactions, entries).

The ledger is append-only: triggers refuse UPDATE and DELETE on its transactions and entries
(storage/migrations/versions/0004); a mistake is undone by a reversing transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.register.rules.terms import IdType
from neighborcenter.features.volunteers.rules import (
    CheckResult,
    CorrectionStatus,
    EnteredBy,
    EntryKind,
    HoursStatus,
    RecordKind,
    ServiceCategory,
    TeamRole,
    VolunteerStatus,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class Volunteer(Synced, Base):
    """志愿者: a resident (``resident_id``) or someone from outside (a student, company staff).
    The art. 5 record is kept here as entered with the volunteer's consent."""

    __tablename__ = "volunteers"
    number: Mapped[str] = mapped_column(String(8), unique=True)  # 志愿者编号, on the card
    resident_id: Mapped[str | None] = mapped_column(ForeignKey("residents.id"), index=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    sex: Mapped[Sex | None] = mapped_column(str_enum(Sex))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    id_type: Mapped[IdType | None] = mapped_column(str_enum(IdType))
    id_number: Mapped[str | None] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(100), default="")  # 居住区域
    phone: Mapped[str | None] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(100), default="")  # school or company
    skills: Mapped[str] = mapped_column(Text, default="")  # 技能特长
    categories: Mapped[str] = mapped_column(String(200), default="")  # ServiceCategory values
    entered_by: Mapped[EnteredBy] = mapped_column(str_enum(EnteredBy))
    consent_on: Mapped[dt.date] = mapped_column(Date)  # the volunteer agreed to the record
    joined_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[VolunteerStatus] = mapped_column(str_enum(VolunteerStatus),
                                                    default=VolunteerStatus.ACTIVE)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)  # left (or died) on
    notes: Mapped[str] = mapped_column(Text, default="")


class VolunteerTeam(Synced, Base):
    """志愿团体: 银龄互助团, 湖小师, 环保志愿队 …"""

    __tablename__ = "volunteer_teams"
    name: Mapped[str] = mapped_column(String(60), unique=True)
    category: Mapped[ServiceCategory] = mapped_column(str_enum(ServiceCategory))
    description: Mapped[str] = mapped_column(Text, default="")
    works_with_children: Mapped[bool] = mapped_column(Boolean, default=False)


class TeamMember(Synced, Base):
    __tablename__ = "volunteer_team_members"
    team_id: Mapped[str] = mapped_column(ForeignKey("volunteer_teams.id"), index=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    role: Mapped[TeamRole] = mapped_column(str_enum(TeamRole))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class BackgroundCheck(Synced, Base):
    """未成年人保护法 art. 62: checked at engagement and every year for work with children."""

    __tablename__ = "volunteer_background_checks"
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[CheckResult] = mapped_column(str_enum(CheckResult))
    reference: Mapped[str] = mapped_column(String(100), default="")  # the certificate's number
    recorded_by: Mapped[str] = mapped_column(String(64))


class VolunteerRecord(Synced, Base):
    """培训, 表彰奖励, 评价 (with 1–5 stars)."""

    __tablename__ = "volunteer_records"
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    kind: Mapped[RecordKind] = mapped_column(str_enum(RecordKind))
    on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    stars: Mapped[int | None] = mapped_column(Integer)  # an evaluation's 1–5
    minutes: Mapped[int | None] = mapped_column(Integer)  # a training's length
    recorded_by: Mapped[str] = mapped_column(String(64))


class Activity(Synced, Base):
    """志愿服务项目/活动: one activity on one day, and who served at it."""

    __tablename__ = "volunteer_activities"
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[ServiceCategory] = mapped_column(str_enum(ServiceCategory))
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    organiser: Mapped[str] = mapped_column(String(100))  # 组织单位
    person_in_charge: Mapped[str] = mapped_column(String(60))  # 负责人
    team_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_teams.id"), index=True)
    cap_minutes: Mapped[int | None] = mapped_column(Integer)  # most counted per person
    points_per_hour: Mapped[int] = mapped_column(Integer)  # the category's rate when created
    recorded_by: Mapped[str] = mapped_column(String(64))


class ServiceRecord(Synced, Base):
    """志愿服务时间: one person's time at one activity. ``raw_minutes`` as served (or as
    entered for the group), ``minutes`` as counted (rounded, capped, or corrected)."""

    __tablename__ = "volunteer_service_records"
    __table_args__ = (UniqueConstraint("activity_id", "volunteer_id"),)
    activity_id: Mapped[str] = mapped_column(ForeignKey("volunteer_activities.id"), index=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column()
    checked_out_at: Mapped[dt.datetime | None] = mapped_column()
    raw_minutes: Mapped[int | None] = mapped_column(Integer)  # None: still checked in
    minutes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[HoursStatus] = mapped_column(str_enum(HoursStatus), index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))


class HoursCorrection(Synced, Base):
    """The volunteer asks, the centre checks, then corrects (or refuses, with a reason)."""

    __tablename__ = "volunteer_hours_corrections"
    record_id: Mapped[str] = mapped_column(ForeignKey("volunteer_service_records.id"),
                                           index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)  # what the volunteer says
    old_minutes: Mapped[int] = mapped_column(Integer)
    asked_minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[CorrectionStatus] = mapped_column(str_enum(CorrectionStatus), index=True)
    checked_by: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[dt.datetime | None] = mapped_column()
    check_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))


# ------------------------------------------------------------------------ the points ledger


class PointsAccount(Synced, Base):
    """A volunteer's account (``volunteer_id``), or one of the centre's (``centre_account``)."""

    __tablename__ = "points_accounts"
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"), unique=True)
    centre_account: Mapped[str | None] = mapped_column(String(32), unique=True)


class PointsTransaction(Synced, Base):
    """One movement of points. ``request_key`` makes it idempotent: the same request applied
    twice finds the first. Never updated nor deleted (triggers)."""

    __tablename__ = "points_transactions"
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind))
    request_key: Mapped[str] = mapped_column(String(120), unique=True)
    on: Mapped[dt.date] = mapped_column(Date)  # the day it counts from (FIFO expiry)
    reason: Mapped[str] = mapped_column(Text, default="")
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("points_transactions.id"),
                                                    unique=True)
    source: Mapped[str | None] = mapped_column(String(80))  # "service_record:<id>", "sale:<id>"
    recorded_by: Mapped[str] = mapped_column(String(64))


class PointsEntry(Synced, Base):
    """One side of a transaction: a signed whole number of points on one account."""

    __tablename__ = "points_entries"
    __table_args__ = (Index("ix_points_entries_account_amount", "account_id", "amount"),)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("points_transactions.id"),
                                                index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("points_accounts.id"))
    amount: Mapped[int] = mapped_column(Integer)


class Certificate(Synced, Base):
    """志愿服务证明: each one numbered, with the hours it stated when it was issued."""

    __tablename__ = "volunteer_certificates"
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 2026-0001
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    activities: Mapped[int] = mapped_column(Integer)
    issued_by: Mapped[str] = mapped_column(String(64))
