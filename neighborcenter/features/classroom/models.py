"""The after-school class's tables: the terms, the children (their school, health notes and
consents), the adults around each child (guardians, those authorised to collect, those who
must not), the enrolments per term, the class days with the volunteers on duty, each child's
attendance (absence, collection from school, arrival, homework, hand-over) and the log of every
late pick-up step and refused hand-over.

Nothing is deleted: an adult's authorisation ends on a day, a sign-out made by mistake is undone
by a logged event, a child leaves the class with an end date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.classroom.rules import (
    AdultKind,
    DutyRole,
    EnrolmentStatus,
    Homework,
    Step,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class ClassTerm(Synced, Base):
    """A term (学期) of the class: its dates, the weekdays it runs, the days it does not
    (holidays), the places it has."""

    __tablename__ = "class_terms"
    name: Mapped[str] = mapped_column(String(60), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    weekdays: Mapped[str] = mapped_column(String(7), default="12345")
    closed_days: Mapped[str] = mapped_column(Text, default="")  # ISO dates, comma separated
    places: Mapped[int] = mapped_column(Integer, default=30)
    notes: Mapped[str] = mapped_column(Text, default="")


class ClassChild(Synced, Base):
    """A child of the class: a resident, with their school and class, health notes and
    allergies (sensitive: audited when seen off duty), the guardian's consents and the safety
    agreement, the pick-up slip code. ``valid_to``: left the class (or died / moved out)."""

    __tablename__ = "class_children"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    school: Mapped[str] = mapped_column(String(60), default="")
    grade: Mapped[str] = mapped_column(String(20), default="")  # 三年级
    class_name: Mapped[str] = mapped_column(String(20), default="")  # 2班
    migrant: Mapped[bool] = mapped_column(Boolean, default=False)  # 随迁子女
    allergies: Mapped[str] = mapped_column(Text, default="")
    health_notes: Mapped[str] = mapped_column(Text, default="")
    #: the guardian agreed in writing that the child (8 or older) may go home alone
    may_leave_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)  # guardian's consent (< 14)
    consent_by: Mapped[str] = mapped_column(String(60), default="")
    safety_agreement_on: Mapped[dt.date | None] = mapped_column(Date)  # per school year
    slip_code: Mapped[str] = mapped_column(String(8), default="")
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ClassAdult(Synced, Base):
    """An adult around a child: a guardian, someone authorised to collect, or someone who must
    not (a court order …) — with the reason. The ID number is kept and shown masked."""

    __tablename__ = "class_adults"
    child_id: Mapped[str] = mapped_column(ForeignKey("class_children.id"), index=True)
    kind: Mapped[AdultKind] = mapped_column(str_enum(AdultKind))
    name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    id_number: Mapped[str | None] = mapped_column(String(18))
    reason: Mapped[str] = mapped_column(Text, default="")  # why blocked
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))


class ClassEnrolment(Synced, Base):
    """A guardian's application for a term and its decision."""

    __tablename__ = "class_enrolments"
    child_id: Mapped[str] = mapped_column(ForeignKey("class_children.id"), index=True)
    term_id: Mapped[str] = mapped_column(ForeignKey("class_terms.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(str_enum(EnrolmentStatus))
    weekdays: Mapped[str] = mapped_column(String(7), default="12345")
    applied_on: Mapped[dt.date] = mapped_column(Date)
    applied_by: Mapped[str] = mapped_column(String(60), default="")  # the guardian
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")  # not accepted / withdrawn: why


class ClassDay(Synced, Base):
    """A class day: its closing time, when it was closed and by whom, the volunteers'
    activity that credits the hours of those on duty (once)."""

    __tablename__ = "class_days"
    on: Mapped[dt.date] = mapped_column(Date, unique=True)
    term_id: Mapped[str] = mapped_column(ForeignKey("class_terms.id"), index=True)
    starts_at: Mapped[str] = mapped_column(String(5))  # "15:30"
    closes_at: Mapped[str] = mapped_column(String(5))  # "17:30"
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(64))
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_activities.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class ClassDuty(Synced, Base):
    """A volunteer (with a current background check) or a social worker on duty that day.
    Taken off: archived_at."""

    __tablename__ = "class_duties"
    day_id: Mapped[str] = mapped_column(ForeignKey("class_days.id"), index=True)
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    staff_username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[DutyRole] = mapped_column(str_enum(DutyRole))
    minutes: Mapped[int] = mapped_column(Integer)


class ClassAttendance(Synced, Base):
    """A child on a day's roster: absence (confirmed with the guardian), collection from
    school, arrival, homework, and the hand-over — to whom, when, by whom, and the guardian's
    phone confirmation when the adult was not on the list."""

    __tablename__ = "class_attendance"
    __table_args__ = (UniqueConstraint("day_id", "child_id"),)
    day_id: Mapped[str] = mapped_column(ForeignKey("class_days.id"), index=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("class_children.id"), index=True)
    absent: Mapped[bool] = mapped_column(Boolean, default=False)
    absence_reason: Mapped[str] = mapped_column(Text, default="")
    absence_confirmed_with: Mapped[str] = mapped_column(String(60), default="")
    collected_at: Mapped[dt.datetime | None] = mapped_column()
    collected_by: Mapped[str] = mapped_column(String(60), default="")
    arrived_at: Mapped[dt.datetime | None] = mapped_column()
    homework: Mapped[Homework] = mapped_column(str_enum(Homework), default=Homework.NONE)
    homework_note: Mapped[str] = mapped_column(Text, default="")
    left_at: Mapped[dt.datetime | None] = mapped_column()
    left_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    adult_id: Mapped[str | None] = mapped_column(ForeignKey("class_adults.id"))
    adult_name: Mapped[str] = mapped_column(String(60), default="")
    adult_relation: Mapped[str] = mapped_column(String(30), default="")
    handed_by: Mapped[str] = mapped_column(String(60), default="")  # the volunteer or staff
    phone_confirmed_by: Mapped[str] = mapped_column(String(60), default="")  # took the call
    phone_reason: Mapped[str] = mapped_column(Text, default="")
    slip_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str | None] = mapped_column(String(64))


class ClassEvent(Synced, Base):
    """Append-only log of a child's day: each late pick-up step (the call to the guardian,
    to the emergency contact, the report to the community), a refused hand-over, an undone
    sign-out — with the time, who did it and what came of it."""

    __tablename__ = "class_events"
    attendance_id: Mapped[str] = mapped_column(ForeignKey("class_attendance.id"), index=True)
    step: Mapped[Step] = mapped_column(str_enum(Step))
    at: Mapped[dt.datetime] = mapped_column()
    by: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
