"""SQLAlchemy 2.0: the base every feature's models share, and the shared tables (the change
counter, settings, the audit log, the centre, accounts). Each feature keeps its own tables in
its ``models.py``.

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
    DateTime,
    Enum,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from neighborcenter.core.roles import Role


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
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
    """Append-only (a trigger refuses UPDATE and DELETE): who did what to personal data.

    Chained by hash (``storage.audit_chain``): ``seq`` orders the entries, ``hash`` seals
    each one's content with ``prev_hash``, the seal of the one before. They are filled when
    the entry is flushed."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
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
