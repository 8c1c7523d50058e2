"""The visits' tables: the elders on the visit list (their willingness, tier and visiting
pair), the visiting pairs, the monthly and festival plans, the major changes that ask for a
visit within 24 hours, the visits recorded (the five areas, hazards, the emergency flag), their
visitors and their follow-ups (需求转介).

Nothing is deleted: an elder leaves the list with an end date, a plan that is not made is
MISSED (rules.visit_state), a follow-up is closed or cancelled."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.visits.rules import (
    ChangeKind,
    FollowUpStatus,
    Method,
    PlanKind,
    Tier,
    Willing,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class VisitElder(Synced, Base):
    """An elder on the visit list (探访对象): why, whether they agreed, the tier and its
    reason, the pair that visits them. ``valid_to``: taken off the list that day (died, moved
    out — the register ends it —, no longer qualifies) — history stays."""

    __tablename__ = "visit_elders"
    # one row per elder (elders.py keeps it so); not unique, so that merging two records of
    # one person can repoint both rows (the kept one is the one still open)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    reasons: Mapped[str] = mapped_column(String(200), default="")  # tag codes, "age"
    willing: Mapped[Willing] = mapped_column(str_enum(Willing), default=Willing.UNKNOWN)
    willing_on: Mapped[dt.date | None] = mapped_column(Date)  # when they said so
    tier: Mapped[Tier] = mapped_column(str_enum(Tier))
    tier_reason: Mapped[str] = mapped_column(Text, default="")
    pair_id: Mapped[str | None] = mapped_column(ForeignKey("visit_pairs.id"), index=True)
    since: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class VisitPair(Synced, Base):
    """探访小组: two volunteers, or a social worker (a staff account), with a substitute
    volunteer who goes when one of them cannot."""

    __tablename__ = "visit_pairs"
    name: Mapped[str] = mapped_column(String(60), unique=True)
    first_volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"),
                                                           index=True)
    second_volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"),
                                                            index=True)
    staff_username: Mapped[str | None] = mapped_column(String(64))  # a social worker
    substitute_volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class VisitCampaign(Synced, Base):
    """节日走访: a festival's visits (dates from rules/lunar.py), with the gift taken."""

    __tablename__ = "visit_campaigns"
    __table_args__ = (UniqueConstraint("festival", "year"),)
    festival: Mapped[str] = mapped_column(String(20))  # lunar.Festival value
    year: Mapped[int] = mapped_column(Integer)
    festival_on: Mapped[dt.date] = mapped_column(Date)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    gift: Mapped[str] = mapped_column(String(200), default="")  # 慰问品, e.g. 月饼一盒
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))


class MajorChange(Synced, Base):
    """A major change (discharge, bereavement …) reported for an elder: a visit within 24 h."""

    __tablename__ = "visit_major_changes"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind))
    happened_at: Mapped[dt.datetime] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(64))


class VisitPlan(Synced, Base):
    """A planned visit: routine (one per window of the month's plan), festival (a campaign)
    or urgent (a major change). Its state is rules.visit_state of its dates and its visit."""

    __tablename__ = "visit_plans"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[PlanKind] = mapped_column(str_enum(PlanKind))
    #: "2026-11" for a routine visit (the month of the plan), the campaign's id, the change's id
    period: Mapped[str] = mapped_column(String(40), index=True)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("visit_campaigns.id"))
    change_id: Mapped[str | None] = mapped_column(ForeignKey("visit_major_changes.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    pair_id: Mapped[str | None] = mapped_column(ForeignKey("visit_pairs.id"), index=True)
    tier: Mapped[Tier] = mapped_column(str_enum(Tier))  # the tier when planned
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), index=True)
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date)  # elder left the list
    created_by: Mapped[str] = mapped_column(String(64))


class Visit(Synced, Base):
    """A visit made (探访记录): when, how, by whom, what was seen in the five areas."""

    __tablename__ = "visits"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    visited_at: Mapped[dt.datetime] = mapped_column(index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    method: Mapped[Method] = mapped_column(str_enum(Method))
    # the five areas: ticked items (rules.AREA_ITEMS codes, comma separated) and notes
    health: Mapped[str] = mapped_column(String(200), default="")
    health_notes: Mapped[str] = mapped_column(Text, default="")
    economy: Mapped[str] = mapped_column(String(200), default="")
    economy_notes: Mapped[str] = mapped_column(Text, default="")
    family: Mapped[str] = mapped_column(String(200), default="")
    family_notes: Mapped[str] = mapped_column(Text, default="")
    safety: Mapped[str] = mapped_column(String(200), default="")
    safety_notes: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(String(200), default="")
    needs_notes: Mapped[str] = mapped_column(Text, default="")
    hazards: Mapped[str] = mapped_column(Text, default="")  # 安全隐患
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    emergency_notes: Mapped[str] = mapped_column(Text, default="")
    emergency_closed_on: Mapped[dt.date | None] = mapped_column(Date)
    signed_by: Mapped[str] = mapped_column(String(60), default="")  # the elder or family
    from_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the volunteers' activity that credits the visitors' hours (once per visit)
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_activities.id"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")


class Visitor(Synced, Base):
    """Who made a visit: a volunteer or a staff member."""

    __tablename__ = "visit_visitors"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    staff_username: Mapped[str | None] = mapped_column(String(64))


class FollowUp(Synced, Base):
    """需求转介 / 跟进事项 from a visit: what, who owns it, by when, and how it ended."""

    __tablename__ = "visit_follow_ups"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    area: Mapped[str] = mapped_column(String(20), default="")  # rules.Area, or ""
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(60))  # a person or an organisation
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus),
                                                   default=FollowUpStatus.OPEN)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[str | None] = mapped_column(String(64))
