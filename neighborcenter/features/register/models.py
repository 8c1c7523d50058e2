"""The register's tables (居民台账): estates, buildings, dwellings, households, residents,
tag types and tags, emergency contacts, consents and the history of moves."""

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.register.rules.terms import (
    ConsentPurpose,
    IdType,
    RegistrationType,
    Relation,
    ResidenceEventKind,
    ResidenceStatus,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class Estate(Synced, Base):
    """小区"""

    __tablename__ = "estates"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")


class Building(Synced, Base):
    """楼栋"""

    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("estate_id", "number"),)
    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))  # "3" for 3栋
    floors: Mapped[int | None] = mapped_column(Integer)


class Dwelling(Synced, Base):
    """A room (室) in a unit (单元) of a building."""

    __tablename__ = "dwellings"
    __table_args__ = (UniqueConstraint("building_id", "unit", "room"),)
    building_id: Mapped[str] = mapped_column(ForeignKey("buildings.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20))  # "2" for 2单元
    floor: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20))  # "501"


class Household(Synced, Base):
    """户: a 户号 and its head; members point here with their relation to the head."""

    __tablename__ = "households"
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 户号
    dwelling_id: Mapped[str | None] = mapped_column(ForeignKey("dwellings.id"), index=True)
    head_id: Mapped[str | None] = mapped_column(
        ForeignKey("residents.id", use_alter=True), index=True
    )


class Resident(Synced, Base):
    __tablename__ = "residents"
    family_name: Mapped[str] = mapped_column(String(20))  # 姓 (its own reading: 单 shàn)
    given_name: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60), index=True)
    sex: Mapped[Sex | None] = mapped_column(str_enum(Sex))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    id_type: Mapped[IdType | None] = mapped_column(str_enum(IdType))
    id_number: Mapped[str | None] = mapped_column(String(40), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    relation_to_head: Mapped[Relation | None] = mapped_column(str_enum(Relation))
    dwelling_id: Mapped[str | None] = mapped_column(ForeignKey("dwellings.id"), index=True)
    residence_type: Mapped[ResidenceType | None] = mapped_column(str_enum(ResidenceType))
    registration_type: Mapped[RegistrationType] = mapped_column(str_enum(RegistrationType))
    residence_status: Mapped[ResidenceStatus] = mapped_column(str_enum(ResidenceStatus))
    status: Mapped[ResidentStatus] = mapped_column(
        str_enum(ResidentStatus), default=ResidentStatus.ACTIVE
    )
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # -- added in 0002
    family_reading: Mapped[str | None] = mapped_column(String(40))  # "yue" for 乐 when known
    pinyin_full: Mapped[str] = mapped_column(String(120, collation="NOCASE"), default="",
                                             index=True)
    pinyin_initials: Mapped[str] = mapped_column(String(40, collation="NOCASE"), default="",
                                                 index=True)
    other_phone: Mapped[str | None] = mapped_column(String(40))
    moved_in_on: Mapped[dt.date | None] = mapped_column(Date)  # living in this dwelling since
    merged_into_id: Mapped[str | None] = mapped_column(String(36))
    # -- added in 0005: the national code lists (rules/codes.py), stored as codes
    ethnicity: Mapped[str | None] = mapped_column(String(2), index=True)  # 民族 GB/T 3304
    political_status: Mapped[str | None] = mapped_column(String(2), index=True)  # GB/T 4762
    education: Mapped[str | None] = mapped_column(String(2))  # 文化程度 GB/T 4658
    marital_status: Mapped[str | None] = mapped_column(String(2))  # 婚姻状况 GB/T 2261.2
    hukou_address: Mapped[str | None] = mapped_column(String(200))  # 户籍地址
    hukou_same: Mapped[bool] = mapped_column(Boolean, default=False,
                                             server_default=false())  # 户籍地址同现住址
    workplace: Mapped[str | None] = mapped_column(String(100))  # 工作单位或学校


class TagType(Synced, Base):
    """An entry of the editable tag list (高龄, 独居, 残疾 …)."""

    __tablename__ = "tag_types"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    has_grade: Mapped[bool] = mapped_column(Boolean, default=False)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class ResidentTag(Synced, Base):
    """A dated tag on a resident, with its evidence and the date to review it."""

    __tablename__ = "resident_tags"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    tag_type_id: Mapped[str] = mapped_column(ForeignKey("tag_types.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(20))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[dt.date | None] = mapped_column(Date)


class EmergencyContact(Synced, Base):
    """紧急联系人: who to call when something happens to a resident."""

    __tablename__ = "emergency_contacts"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")


class Consent(Synced, Base):
    """A consent record: what was agreed, when, by whom (for a child: which guardian)."""

    __tablename__ = "consents"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(str_enum(ConsentPurpose))
    given_on: Mapped[dt.date] = mapped_column(Date)
    given_by: Mapped[str] = mapped_column(String(60))  # the person who agreed
    guardian_relation: Mapped[str] = mapped_column(String(40), default="")
    recorded_by: Mapped[str] = mapped_column(String(64))  # staff login name
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class ResidenceEvent(Synced, Base):
    """History: moved in, moved within the centre, moved out, died, merged."""

    __tablename__ = "residence_events"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[ResidenceEventKind] = mapped_column(str_enum(ResidenceEventKind))
    on: Mapped[dt.date] = mapped_column(Date)
    from_dwelling_id: Mapped[str | None] = mapped_column(ForeignKey("dwellings.id"))
    to_dwelling_id: Mapped[str | None] = mapped_column(ForeignKey("dwellings.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))




class ResidentExtraField(Synced, Base):
    """A column of an imported sheet the register has no field for, kept with the resident
    (its header and value): shown on the 360° page and written back on export."""

    __tablename__ = "resident_extra_fields"
    __table_args__ = (UniqueConstraint("resident_id", "header"),)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    header: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text, default="")
