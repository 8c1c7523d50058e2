"""SQLAlchemy 2.0 models.

Every synced table has a UUID primary key, created/updated timestamps, a change counter value
(``change_seq``: the transaction that last touched the row, so the sync can ask for "everything
changed since N") and ``archived_at``: records are archived, never hard-deleted from the UI.
Timestamps are stored as naive UTC and read back as aware UTC.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from neighborcenter.domain.idnumber import Sex
from neighborcenter.domain.register import (
    ConsentPurpose,
    IdType,
    RegistrationType,
    Relation,
    ResidenceEventKind,
    ResidenceStatus,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.domain.roles import Role


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # type: ignore[override]
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def str_enum(cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value; an unknown value read back is an error, never a default."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class Synced:
    """Columns every synced table carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    change_seq: Mapped[int] = mapped_column(Integer, index=True)
    archived_at: Mapped[dt.datetime | None] = mapped_column(default=None)


# ---------------------------------------------------------------- bookkeeping (not synced)


class ChangeCounter(Base):
    """One row: the last change number handed out (see ``storage.uow``)."""

    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Centre-wide settings as JSON values (language, idle lock minutes, …)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only (a trigger refuses UPDATE and DELETE): who did what to personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    account_id: Mapped[str | None] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target_kind: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(36), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str | None] = mapped_column(Text)  # JSON


# ---------------------------------------------------------------- centre and accounts


class Centre(Synced, Base):
    """This 邻里中心 (the hub holds many)."""

    __tablename__ = "centres"
    name: Mapped[str] = mapped_column(String(100))
    community: Mapped[str] = mapped_column(String(100))  # 社区
    street: Mapped[str] = mapped_column(String(100))  # 街道
    district: Mapped[str] = mapped_column(String(100))  # 区


class Account(Synced, Base):
    __tablename__ = "accounts"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    passphrase_hash: Mapped[str] = mapped_column(String(200))
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(default=None)


# ---------------------------------------------------------------- register (居民台账)


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


SYNCED_MODELS: tuple[type[Synced], ...] = (
    Centre, Account, Estate, Building, Dwelling, Household, Resident, TagType, ResidentTag,
    EmergencyContact, Consent, ResidenceEvent,
)
