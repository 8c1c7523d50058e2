"""The resident register, read side: search as you type, the 360° detail, dwelling and
household views, and revealing one masked value (audited).

ID numbers and phones leave this module masked (first 6 / last 4 for IDs); the only way to the
full value is ``reveal_identifier``, which writes an audit entry. The search box is answered
from an index in memory (``search_index``) when it is current, and by one SQL statement
otherwise (``search_sql``, which defines what matches): both give the same ids in the same
order.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register import search_index
from neighborcenter.features.register.models import (
    Building,
    Consent,
    Dwelling,
    EmergencyContact,
    Estate,
    Household,
    ResidenceEvent,
    Resident,
    ResidentExtraField,
    ResidentTag,
    TagType,
)
from neighborcenter.features.register.rules.address import format_address, parse_address_query
from neighborcenter.features.register.rules.codes import (
    EDUCATION,
    ETHNICITY,
    MARITAL_STATUS,
    PARTY_MEMBER_CODES,
    POLITICAL_STATUS,
    is_minority,
)
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.register.rules.idnumber import mask_identifier, parse_id_number
from neighborcenter.features.register.rules.masking import mask_numbers_in
from neighborcenter.features.register.rules.phone import PHONE_TAIL, mask_phone
from neighborcenter.features.register.rules.terms import (
    CONSENT_LABELS,
    EVENT_LABELS,
    ID_TYPE_LABELS,
    REGISTRATION_TYPE_LABELS,
    RELATION_LABELS,
    RESIDENCE_STATUS_LABELS,
    RESIDENCE_TYPE_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    ConsentPurpose,
    IdType,
    RegistrationType,
    Relation,
    ResidenceEventKind,
    ResidenceStatus,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

ALL_STATUSES = "all"


def label(mapping: dict, value) -> str:
    """The translated label of an enum value, or "" for none."""
    return _(mapping[value]) if value is not None and value in mapping else ""


# ------------------------------------------------------------------------------ list rows


@dataclass(frozen=True)
class ResidentRow:
    """One line of the resident list: masked identifiers only."""

    id: str
    name: str
    sex: str | None
    birth_date: dt.date | None
    age: int | None
    masked_id: str
    masked_phone: str
    address: str
    status: ResidentStatus
    tags: str  # "高龄、独居"
    household_number: str
    relation: Relation | None

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "masked_id": self.masked_id,
                "address": self.address, "tags": [t for t in self.tags.split("、") if t],
                "status": self.status.value}


@dataclass(frozen=True)
class SearchFilters:
    tag_code: str | None = None
    status: str = ResidentStatus.ACTIVE.value  # or ALL_STATUSES
    registration_type: RegistrationType | None = None
    residence_status: ResidenceStatus | None = None
    party_member: bool = False  # 党员: 政治面貌 中共党员 or 预备党员
    minority: bool = False  # 少数民族: 民族 02–56
    separated: bool = False  # 人户分离 either way (人在户不在 or 户在人不在)
    marital_status: str | None = None  # a code of GB/T 2261.2
    # what the home page's cards and today's list open the register with
    born_on_or_before: dt.date | None = None  # aged N or more: latest_birth_date(N, day)
    heads_of_household: bool = False  # one row per household: its head (户主)
    review_due_by: dt.date | None = None  # a current tag to review on or before this day
    resident_ids: tuple[str, ...] | None = None  # exactly these (today's birthdays, problems)

    @property
    def narrowed(self) -> bool:
        """Filtered by more than the tag and state lists of the register page."""
        return (self.born_on_or_before is not None or self.heads_of_household
                or self.review_due_by is not None or self.resident_ids is not None)


#: the filters beyond tag and state, as ``KEY=VALUE`` (the CLI's ``--filter``)
FILTER_KEYS = ("party", "minority", "separated", "residence", "marital")
_YES = ("1", "yes", "true", "y")


def with_filter(filters: SearchFilters, key: str, value: str) -> SearchFilters:
    """``filters`` narrowed by one ``KEY=VALUE``: party=yes (党员), minority=yes (少数民族),
    separated=yes (人户分离 either way), residence=present|registered_elsewhere|
    lives_elsewhere, marital=CODE or word (已婚, 20)."""
    value = value.strip()
    if key in ("party", "minority", "separated"):
        if value.lower() not in _YES:
            raise ValidationError(_("Write {key}=yes.").format(key=key), field=key)
        if key == "party":
            return replace(filters, party_member=True)
        if key == "minority":
            return replace(filters, minority=True)
        return replace(filters, separated=True)
    if key == "residence":
        try:
            return replace(filters, residence_status=ResidenceStatus(value))
        except ValueError:
            raise ValidationError(_("residence must be one of: {values}.").format(
                values=", ".join(m.value for m in ResidenceStatus)), field=key) from None
    if key == "marital":
        return replace(filters, marital_status=MARITAL_STATUS.read(value, field=key))
    raise ValidationError(_("Unknown filter “{key}”: use one of {keys}.").format(
        key=key, keys=", ".join(FILTER_KEYS)), field=key)


class SortKey(enum.StrEnum):
    NAME = "name"  # by pinyin
    AGE = "age"
    ADDRESS = "address"
    STATUS = "status"


_ORDER = {
    # "+" keeps SQLite from walking the pinyin index to avoid a sort: scanning the table and
    # sorting the matches is 3–5× faster for every search but a pinyin prefix.
    SortKey.NAME: ("+r.pinyin_full {d}, r.name {d}, r.id {d}", False),  # as search_index
    SortKey.AGE: ("r.birth_date {r}, +r.pinyin_full", False),  # youngest first when ascending
    SortKey.ADDRESS: ("e.name {d}, CAST(b.number AS INTEGER) {d}, CAST(d.unit AS INTEGER) {d}, "
                      "CAST(d.room AS INTEGER) {d}, +r.pinyin_full", True),
    SortKey.STATUS: ("r.status {d}, +r.pinyin_full", False),
}


@dataclass(frozen=True)
class SearchResult:
    """Every matching id, in order; rows only for the first page (the list asks for more)."""

    ids: list[str]
    rows: list[ResidentRow]

    @property
    def total(self) -> int:
        return len(self.ids)


_ADDRESS_JOINS = """
LEFT JOIN dwellings d ON d.id = r.dwelling_id
LEFT JOIN buildings b ON b.id = d.building_id
LEFT JOIN estates e ON e.id = b.estate_id
"""
_ROW_SQL = """
SELECT r.id, r.name, r.sex, r.birth_date, r.id_number, r.phone, r.status,
       e.name, b.number, d.unit, d.room, h.number, r.relation_to_head,
       (SELECT group_concat(tt.name, '、') FROM resident_tags rt
          JOIN tag_types tt ON tt.id = rt.tag_type_id
         WHERE rt.resident_id = r.id AND rt.archived_at IS NULL
           AND (rt.valid_to IS NULL OR rt.valid_to >= :today)) AS tags
FROM residents r""" + _ADDRESS_JOINS + """LEFT JOIN households h ON h.id = r.household_id
"""


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _as_typed(word: str) -> str:
    """An address half typed, read as what it is becoming, so the list does not go empty
    on the way: "3-" → 3栋, "3-2-" → 3-2, "3栋2单" → 3栋2单元."""
    if re.fullmatch(r"[^\d\-]*\d+-", word):
        return word[:-1] + "栋"
    if word.endswith("-"):
        return word[:-1]
    if word.endswith("单"):
        return word + "元"
    return word


def search_words(query: str) -> list[tuple[str, Any]]:
    """The search box text as words, each with how it matches: ``address`` (an
    ``AddressQuery``), ``tail`` (digits and a final X: the end of a phone or ID number),
    ``initial`` (one letter), ``pinyin`` (letters: the start of the initials or the full
    pinyin) or ``name`` (anything else: part of the name, or of an estate's name)."""
    words: list[tuple[str, Any]] = []
    for word in unicodedata.normalize("NFKC", query).strip().split():
        address = parse_address_query(_as_typed(word))
        if address is not None:
            words.append(("address", address))
        elif re.fullmatch(r"\d+[xX]?", word):
            words.append(("tail", word))
        elif re.fullmatch(r"[A-Za-z]", word):
            words.append(("initial", word))
        elif re.fullmatch(r"[A-Za-z]+", word):
            words.append(("pinyin", word))
        else:
            words.append(("name", word))
    return words


def search_conditions(query: str, filters: SearchFilters,
                      estate_names: tuple[str, ...] = (), today: dt.date | None = None
                      ) -> tuple[list[str], dict]:
    """SQL conditions over ``residents r`` and parameters for a search box text.

    Each space-separated word must match: Chinese text → part of the name; letters → start
    of the full pinyin or of the initials; digits (and a final X) → end of a phone or ID
    number; "3栋2单元", "3-2-501" → the address.
    """
    where = ["r.archived_at IS NULL"]
    params: dict = {}
    for i, (kind, word) in enumerate(search_words(query)):
        if kind == "address":
            address = word
            parts = []
            if address.estate:
                parts.append(f"ae.name LIKE :est{i} ESCAPE '\\'")
                params[f"est{i}"] = f"%{_like_escape(address.estate)}%"
            for column, value, key in (("ab.number", address.building, "bld"),
                                       ("ad.unit", address.unit, "unit"),
                                       ("ad.room", address.room, "room")):
                if value is not None:
                    parts.append(f"{column} = :{key}{i}")
                    params[f"{key}{i}"] = value
            where.append("r.dwelling_id IN (SELECT ad.id FROM dwellings ad "
                         "JOIN buildings ab ON ab.id = ad.building_id "
                         "JOIN estates ae ON ae.id = ab.estate_id WHERE "
                         + " AND ".join(parts) + ")")
        elif kind == "tail":
            where.append(f"(r.phone LIKE :tail{i} OR r.other_phone LIKE :tail{i} "
                         f"OR r.id_number LIKE :tail{i})")
            params[f"tail{i}"] = f"%{word.upper()}"
        elif kind == "initial":  # a full reading starts with its initial
            where.append(f"r.pinyin_initials LIKE :py{i}")
            params[f"py{i}"] = f"{word.lower()}%"
        elif kind == "pinyin":
            where.append(f"(r.pinyin_initials LIKE :py{i} ESCAPE '\\' "
                         f"OR r.pinyin_full LIKE :py{i} ESCAPE '\\')")
            params[f"py{i}"] = f"{word.lower()}%"
        else:  # part of a name, or of an estate's name (幸福里)
            params[f"name{i}"] = f"%{_like_escape(word)}%"
            estates = [e for e in estate_names if word in e]
            if not estates:
                where.append(f"r.name LIKE :name{i} ESCAPE '\\'")
                continue
            marks = ", ".join(f":en{i}_{n}" for n in range(len(estates)))
            params.update({f"en{i}_{n}": e for n, e in enumerate(estates)})
            where.append(f"(r.name LIKE :name{i} ESCAPE '\\' OR r.dwelling_id IN ("
                         "SELECT ed.id FROM dwellings ed JOIN buildings eb "
                         "ON eb.id = ed.building_id JOIN estates ee ON ee.id = eb.estate_id "
                         f"WHERE ee.name IN ({marks})))")
    if filters.status != ALL_STATUSES:
        where.append("r.status = :status")
        params["status"] = ResidentStatus(filters.status).value
    if filters.registration_type is not None:
        where.append("r.registration_type = :reg")
        params["reg"] = filters.registration_type.value
    if filters.residence_status is not None:
        where.append("r.residence_status = :res")
        params["res"] = filters.residence_status.value
    if filters.party_member:
        where.append("r.political_status IN ("
                     + ", ".join(f"'{code}'" for code in PARTY_MEMBER_CODES) + ")")
    if filters.minority:
        minorities = [code for code in ETHNICITY.words if is_minority(code)]
        where.append("r.ethnicity IN (" + ", ".join(f"'{code}'" for code in minorities) + ")")
    if filters.separated:
        where.append("r.residence_status IN (:sep1, :sep2)")
        params["sep1"] = ResidenceStatus.REGISTERED_ELSEWHERE.value
        params["sep2"] = ResidenceStatus.LIVES_ELSEWHERE.value
    if filters.marital_status is not None:  # 已婚 (20) takes 初婚, 再婚 and 复婚 (21–23) too
        where.append("(r.marital_status = :marital OR (:marital = '20' AND "
                     "r.marital_status IN ('21', '22', '23')))")
        params["marital"] = filters.marital_status
    today = today or dt.date.today()
    if filters.tag_code:
        where.append(
            "r.id IN (SELECT ft.resident_id FROM resident_tags ft "
            "JOIN tag_types ftt ON ftt.id = ft.tag_type_id WHERE ftt.code = :tag "
            "AND ft.archived_at IS NULL AND (ft.valid_to IS NULL OR ft.valid_to >= :today))")
        params["tag"] = filters.tag_code
        params["today"] = today.isoformat()
    if filters.born_on_or_before is not None:
        where.append("r.birth_date <= :born_by")
        params["born_by"] = filters.born_on_or_before.isoformat()
    if filters.heads_of_household:
        where.append("EXISTS (SELECT 1 FROM households hh WHERE hh.id = r.household_id "
                     "AND hh.head_id = r.id AND hh.archived_at IS NULL)")
    if filters.review_due_by is not None:
        where.append(
            "r.id IN (SELECT rv.resident_id FROM resident_tags rv WHERE rv.archived_at IS NULL "
            "AND (rv.valid_to IS NULL OR rv.valid_to >= :today) AND rv.review_date <= :due)")
        params["due"] = filters.review_due_by.isoformat()
        params["today"] = today.isoformat()
    if filters.resident_ids is not None:
        marks = ", ".join(f":only{n}" for n in range(len(filters.resident_ids)))
        where.append(f"r.id IN ({marks})" if marks else "0")
        params.update({f"only{n}": rid for n, rid in enumerate(filters.resident_ids)})
    return where, params


def search_sql(query: str, filters: SearchFilters, sort: SortKey = SortKey.NAME,
               descending: bool = False, estate_names: tuple[str, ...] = (),
               today: dt.date | None = None) -> tuple[str, dict]:
    """The statement that lists the ids of matching residents in order. A word that is part
    of one of ``estate_names`` also matches the people living there."""
    where, params = search_conditions(query, filters, estate_names, today)
    order, joins = _ORDER[sort]
    order = order.format(d="DESC" if descending else "ASC", r="ASC" if descending else "DESC")
    sql = ("SELECT r.id FROM residents r" + (_ADDRESS_JOINS if joins else "")
           + " WHERE " + " AND ".join(where) + " ORDER BY " + order)
    return sql, params


def counter_matching_ids(session: Session, query: str, limit: int = 20) -> list[str]:
    """The residents a counter may find without the register's rights (the shop's group
    buy): by part of the name, its pinyin, or the last 4 digits of a phone — never by an ID
    number, a longer phone or an address. Living here, in the register's name order."""
    where, params = search_conditions("", SearchFilters())
    for i, word in enumerate(unicodedata.normalize("NFKC", query).split()):
        if word.isdigit():
            if len(word) != PHONE_TAIL:
                raise ValidationError(_("Type part of the name, or the last {n} digits of the "
                                        "phone.").format(n=PHONE_TAIL), field="query")
            where.append(f"(r.phone LIKE :tail{i} OR r.other_phone LIKE :tail{i})")
            params[f"tail{i}"] = f"%{word}"
        elif re.fullmatch(r"[A-Za-z]+", word):
            where.append(f"(r.pinyin_initials LIKE :py{i} OR r.pinyin_full LIKE :py{i})")
            params[f"py{i}"] = f"{word.lower()}%"
        else:
            where.append(f"r.name LIKE :name{i} ESCAPE '\\'")
            params[f"name{i}"] = f"%{_like_escape(word)}%"
    order, _joins = _ORDER[SortKey.NAME]
    params["limit"] = max(1, min(limit, 50))
    return [r[0] for r in driver_rows(
        session, "SELECT r.id FROM residents r WHERE " + " AND ".join(where) + " ORDER BY "
        + order.format(d="ASC", r="DESC") + " LIMIT :limit", params)]


def _to_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _row(r, today: dt.date) -> ResidentRow:
    born = _to_date(r[3])
    return ResidentRow(
        id=r[0], name=r[1], sex=r[2], birth_date=born, age=age_on(born, today),
        masked_id=mask_identifier(r[4]), masked_phone=mask_phone(r[5]),
        address=format_address(r[7], r[8], r[9], r[10]), status=ResidentStatus(r[6]),
        tags=r[13] or "", household_number=r[11] or "",
        relation=Relation(r[12]) if r[12] else None)


PAGE_SIZE = 50  # rows read with the ids: two screens of the list; the rest as it scrolls


def matching_ids(session: Session, query: str = "", filters: SearchFilters | None = None,
                 sort: SortKey = SortKey.NAME, descending: bool = False,
                 today: dt.date | None = None) -> list[str]:
    """The ids of every resident a search shows, in order (list, export, roster, and the
    home page's counts: a card counts what the register then lists)."""
    filters = filters or SearchFilters()
    if (sort is SortKey.NAME and replace(filters, status=ALL_STATUSES) == _BOX_ONLY
            and not search_index.has_written(session)):
        index = search_index.lookup(session)  # None while it is (re)built: then in SQL
        if index is not None:
            status = (None if filters.status == ALL_STATUSES
                      else ResidentStatus(filters.status).value)
            return index.search(search_words(query), status, descending)
    sql, params = search_sql(query, filters, sort, descending, estate_names(session), today)
    return [r[0] for r in driver_rows(session, sql, params)]


#: the filters the search index answers (the state aside): none
_BOX_ONLY = SearchFilters(status=ALL_STATUSES)


def count_matching(session: Session, filters: SearchFilters, today: dt.date | None = None
                   ) -> int:
    """How many residents the register lists with these filters (and an empty search box)."""
    where, params = search_conditions("", filters, (), today)
    return driver_rows(session, "SELECT COUNT(*) FROM residents r WHERE "
                       + " AND ".join(where), params)[0][0]


def estate_names(session: Session) -> tuple[str, ...]:
    """The centre's estates (a handful): a Chinese word in the search box that is part of one
    searches its residents too, and only then does the statement carry that condition."""
    return tuple(r[0] for r in driver_rows(
        session, "SELECT name FROM estates WHERE archived_at IS NULL", {}))


def driver_rows(session: Session, sql: str, params: dict[str, Any]) -> Sequence[Any]:
    """Run a read statement on the driver's own cursor, inside the session's transaction.

    For the thousands of rows a search returns, SQLAlchemy's result layer costs more than
    SQLite's work (the empty search box lists every resident): measured in benchmarks/.
    """
    return search_index.rows_on(session.connection().connection.driver_connection, sql, params)


@reads
def search_residents(uow: UnitOfWork, *, actor: Actor, query: str = "",
                     filters: SearchFilters | None = None, limit: int = PAGE_SIZE,
                     sort: SortKey = SortKey.NAME, descending: bool = False) -> SearchResult:
    """The ids of every resident matching the search box text and filters, in order, with
    list rows for the first ``limit`` of them."""
    actor.require(Permission.VIEW_REGISTER)
    if limit < 1:
        raise ValidationError(_("The limit must be at least 1."), field="limit")
    with uow:
        ids = matching_ids(uow.session, query, filters, sort, descending)
        return SearchResult(ids, rows_for(uow.session, ids[:limit]))


@reads
def resident_rows(uow: UnitOfWork, *, actor: Actor, ids: list[str]) -> list[ResidentRow]:
    """List rows for a page of ids (in the order given)."""
    actor.require(Permission.VIEW_REGISTER)
    with uow:
        return rows_for(uow.session, ids)


def chunks(items: list[str], size: int = 500):
    """Slices small enough for SQLite's limit on bound parameters per statement."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def rows_for(session: Session, resident_ids: list[str]) -> list[ResidentRow]:
    """List rows for given residents, in the order given."""
    if not resident_ids:
        return []
    out: dict[str, ResidentRow] = {}
    today = dt.date.today()
    for chunk in chunks(resident_ids):
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        params = {f"i{n}": rid for n, rid in enumerate(chunk)}
        params["today"] = today.isoformat()
        for r in driver_rows(session, _ROW_SQL + f" WHERE r.id IN ({marks})", params):
            out[r[0]] = _row(r, today)
    return [out[i] for i in resident_ids if i in out]


# ------------------------------------------------------------------------------ detail


@dataclass(frozen=True)
class TagInfo:
    id: str
    tag_type_id: str
    name: str
    grade: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    evidence: str
    review_date: dt.date | None

    def is_current(self, today: dt.date) -> bool:
        return self.valid_to is None or self.valid_to >= today


@dataclass(frozen=True)
class ConsentInfo:
    id: str
    purpose: ConsentPurpose
    given_on: dt.date
    given_by: str
    guardian_relation: str
    recorded_by: str
    withdrawn_on: dt.date | None
    notes: str

    @property
    def purpose_label(self) -> str:
        return label(CONSENT_LABELS, self.purpose)


@dataclass(frozen=True)
class ContactInfo:
    id: str
    name: str
    relation: str
    masked_phone: str
    notes: str


@dataclass(frozen=True)
class EventInfo:
    id: str
    kind: ResidenceEventKind
    on: dt.date
    from_address: str
    to_address: str
    notes: str
    recorded_by: str

    @property
    def kind_label(self) -> str:
        return label(EVENT_LABELS, self.kind)


@dataclass(frozen=True)
class DwellingRef:
    id: str
    estate: str
    building: str
    unit: str
    room: str

    @property
    def address(self) -> str:
        return format_address(self.estate, self.building, self.unit, self.room)


@dataclass(frozen=True)
class ResidentDetail:
    """The 360° view of one resident (other features add their sections beside it)."""

    id: str
    family_name: str
    given_name: str
    name: str
    family_reading: str | None
    sex: str | None
    birth_date: dt.date | None
    age: int | None
    id_type: IdType | None
    masked_id: str
    masked_phone: str
    masked_other_phone: str
    dwelling: DwellingRef | None
    residence_type: ResidenceType | None
    moved_in_on: dt.date | None
    household_id: str | None
    household_number: str
    relation: Relation | None
    registration_type: RegistrationType
    residence_status: ResidenceStatus
    status: ResidentStatus
    status_date: dt.date | None
    notes: str
    archived: bool
    merged_into_id: str | None
    ethnicity: str | None = None  # codes; the *_word properties show them
    political_status: str | None = None
    education: str | None = None
    marital_status: str | None = None
    hukou_address: str | None = None
    hukou_same: bool = False
    workplace: str | None = None
    extra_fields: list[tuple[str, str]] = field(default_factory=list)  # (header, value)
    household_members: list[ResidentRow] = field(default_factory=list)
    tags: list[TagInfo] = field(default_factory=list)
    consents: list[ConsentInfo] = field(default_factory=list)
    contacts: list[ContactInfo] = field(default_factory=list)
    events: list[EventInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.dwelling.address if self.dwelling else ""

    @property
    def sex_label(self) -> str:
        return label(SEX_LABELS, self.sex)

    @property
    def id_type_label(self) -> str:
        return label(ID_TYPE_LABELS, self.id_type)

    @property
    def residence_type_label(self) -> str:
        return label(RESIDENCE_TYPE_LABELS, self.residence_type)

    @property
    def registration_type_label(self) -> str:
        return label(REGISTRATION_TYPE_LABELS, self.registration_type)

    @property
    def residence_status_label(self) -> str:
        return label(RESIDENCE_STATUS_LABELS, self.residence_status)

    @property
    def status_label(self) -> str:
        return label(STATUS_LABELS, self.status)

    @property
    def ethnicity_word(self) -> str:
        return ETHNICITY.word(self.ethnicity)

    @property
    def political_status_word(self) -> str:
        return POLITICAL_STATUS.word(self.political_status)

    @property
    def education_word(self) -> str:
        return EDUCATION.word(self.education)

    @property
    def marital_status_word(self) -> str:
        return MARITAL_STATUS.word(self.marital_status)

    @property
    def hukou_text(self) -> str:
        """户籍地址 as the page shows it: "same as the current address" when ticked."""
        if self.hukou_same:
            return _("Same as the current address")
        return self.hukou_address or ""

    @property
    def relation_label(self) -> str:
        return label(RELATION_LABELS, self.relation)


def get_resident(session: Session, resident_id: str) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("This resident is no longer in the register."))
    return resident


def dwelling_ref(session: Session, dwelling_id: str | None) -> DwellingRef | None:
    return None if dwelling_id is None else get_dwelling_ref(session, dwelling_id)


def get_dwelling_ref(session: Session, dwelling_id: str) -> DwellingRef:
    """An id that is not there is NotFound (a message), not SQLAlchemy's NoResultFound (which
    would reach the crash dialog)."""
    row = session.execute(
        select(Dwelling.id, Estate.name, Building.number, Dwelling.unit, Dwelling.room)
        .join(Building, Building.id == Dwelling.building_id)
        .join(Estate, Estate.id == Building.estate_id)
        .where(Dwelling.id == dwelling_id)).one_or_none()
    if row is None:
        raise NotFound(_("This address is not in the register."))
    return DwellingRef(*row)


def _warnings(r: Resident) -> list[str]:
    return identifier_warnings(r.id_type, r.id_number, r.sex, r.birth_date)


def identifier_warnings(id_type, id_number: str | None, sex, birth_date: dt.date | None
                        ) -> list[str]:
    """Things staff should look at (the ID disagrees with sex or birth date, …): shown on the
    resident's page and counted on the home page."""
    out = []
    if id_number and id_type in (IdType.RESIDENT_CARD, IdType.HMT_PERMIT):
        try:
            info = parse_id_number(id_number)
        except ValidationError as exc:
            out.append(_("The stored ID number is not valid: {reason}").format(reason=exc))
        else:
            if sex is not None and info.sex != sex:
                out.append(_("The sex does not match the ID number."))
            if birth_date is not None and info.birth_date != birth_date:
                out.append(_("The birth date does not match the ID number."))
    return out


def residents_with_warnings(session: Session) -> list[str]:
    """The residents on the register whose page shows a warning (the home page lists them)."""
    rows = driver_rows(session, "SELECT id, id_type, id_number, sex, birth_date FROM residents "
                                "WHERE archived_at IS NULL AND status = :active "
                                "AND id_number IS NOT NULL AND id_number != ''",
                       {"active": ResidentStatus.ACTIVE.value})
    return [rid for rid, *values in rows if _has_warning(*values)]


@functools.lru_cache(maxsize=65_536)
def _has_warning(id_type: str | None, number: str, sex: str | None, born: str | None) -> bool:
    """Remembered by value: checking 20 000 ID numbers takes 0.5 s, and they rarely change."""
    return bool(identifier_warnings(IdType(id_type) if id_type else None, number, sex,
                                    _to_date(born)))


@reads
def resident_detail(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> ResidentDetail:
    actor.require(Permission.VIEW_REGISTER)
    today = dt.date.today()
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        household = s.get(Household, r.household_id) if r.household_id else None
        members: list[ResidentRow] = []
        if household is not None:
            ids = list(s.scalars(select(Resident.id).where(  # the head first, then by age
                Resident.household_id == household.id, Resident.archived_at.is_(None))
                .order_by(Resident.id != household.head_id, Resident.birth_date)))
            members = rows_for(s, ids)
        tags = [TagInfo(t.id, t.tag_type_id, name, t.grade, t.valid_from, t.valid_to,
                        t.evidence, t.review_date)
                for t, name in s.execute(
                    select(ResidentTag, TagType.name)
                    .join(TagType, TagType.id == ResidentTag.tag_type_id)
                    .where(ResidentTag.resident_id == r.id, ResidentTag.archived_at.is_(None))
                    .order_by(ResidentTag.valid_to.is_not(None), ResidentTag.valid_from))]
        consents = [ConsentInfo(c.id, c.purpose, c.given_on, c.given_by, c.guardian_relation,
                                c.recorded_by, c.withdrawn_on, c.notes)
                    for c in s.scalars(select(Consent).where(
                        Consent.resident_id == r.id, Consent.archived_at.is_(None))
                        .order_by(Consent.given_on))]
        contacts = [ContactInfo(c.id, c.name, c.relation, mask_phone(c.phone), c.notes)
                    for c in s.scalars(select(EmergencyContact).where(
                        EmergencyContact.resident_id == r.id,
                        EmergencyContact.archived_at.is_(None)))]
        events = []
        for e in s.scalars(select(ResidenceEvent).where(ResidenceEvent.resident_id == r.id)
                           .order_by(ResidenceEvent.on, ResidenceEvent.created_at)):
            from_ref = dwelling_ref(s, e.from_dwelling_id)
            to_ref = dwelling_ref(s, e.to_dwelling_id)
            events.append(EventInfo(e.id, e.kind, e.on, from_ref.address if from_ref else "",
                                    to_ref.address if to_ref else "", e.notes, e.recorded_by))
        return ResidentDetail(
            id=r.id, family_name=r.family_name, given_name=r.given_name, name=r.name,
            family_reading=r.family_reading, sex=r.sex.value if r.sex else None,
            birth_date=r.birth_date, age=age_on(r.birth_date, today), id_type=r.id_type,
            masked_id=mask_identifier(r.id_number), masked_phone=mask_phone(r.phone),
            masked_other_phone=mask_phone(r.other_phone),
            dwelling=dwelling_ref(s, r.dwelling_id), residence_type=r.residence_type,
            moved_in_on=r.moved_in_on, household_id=r.household_id,
            household_number=household.number if household else "",
            relation=r.relation_to_head, registration_type=r.registration_type,
            residence_status=r.residence_status, status=r.status, status_date=r.status_date,
            notes=r.notes, archived=r.archived_at is not None, merged_into_id=r.merged_into_id,
            ethnicity=r.ethnicity, political_status=r.political_status,
            education=r.education, marital_status=r.marital_status,
            hukou_address=r.hukou_address, hukou_same=r.hukou_same, workplace=r.workplace,
            extra_fields=[(x.header, mask_numbers_in(x.value)) for x in s.scalars(
                select(ResidentExtraField).where(ResidentExtraField.resident_id == r.id,
                                                 ResidentExtraField.archived_at.is_(None))
                .order_by(ResidentExtraField.created_at, ResidentExtraField.header))],
            household_members=members, tags=tags, consents=consents, contacts=contacts,
            events=events, warnings=_warnings(r))


# ------------------------------------------------------------------------------ reveal


@dataclass(frozen=True)
class MaskedIdentifiers:
    """What the edit dialog shows of the ID and phones until a value is revealed."""

    id_number: str
    phone: str
    other_phone: str


@reads
def masked_identifiers(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> MaskedIdentifiers:
    actor.require(Permission.VIEW_REGISTER)
    with uow:
        r = get_resident(uow.session, resident_id)
        return MaskedIdentifiers(mask_identifier(r.id_number), mask_phone(r.phone),
                                 mask_phone(r.other_phone))

REVEALABLE = {"id_number": N_("ID number"), "phone": N_("phone"),
              "other_phone": N_("other phone")}


@writes
def reveal_identifier(uow: UnitOfWork, *, actor: Actor, resident_id: str,
                      field_name: str) -> str:
    """One resident's full ID number or phone, for a role allowed to see it; audited."""
    actor.require(Permission.REVEAL_IDENTIFIERS)
    if field_name not in REVEALABLE:
        raise ValidationError(_("Only ID numbers and phones can be revealed."))
    with uow:
        r = get_resident(uow.session, resident_id)
        value = getattr(r, field_name) or ""
        finish(uow, actor, AuditAction.REVEAL, target_kind="resident",
               target_id=r.id,
               summary=Msg(N_("Viewed the full {what} of {name}"),
                           args={"what": Msg(REVEALABLE[field_name]), "name": r.name}),
               detail={"field": field_name})
        return value


# ------------------------------------------------------------------------------ dwellings


@dataclass(frozen=True)
class DwellingView:
    """"Who lives in 3栋2单元501": the people there now and those who moved away."""

    dwelling: DwellingRef
    residents: list[ResidentRow]
    former: list[ResidentRow]
    households: list[str]  # 户号


@reads
def find_dwellings(uow: UnitOfWork, *, actor: Actor, query: str) -> list[DwellingRef]:
    actor.require(Permission.VIEW_REGISTER)
    address = parse_address_query(query)
    if address is None:
        raise ValidationError(
            _("Type an address such as 3栋2单元501 or 3-2-501."), field="query")
    stmt = (select(Dwelling.id, Estate.name, Building.number, Dwelling.unit, Dwelling.room)
            .join(Building, Building.id == Dwelling.building_id)
            .join(Estate, Estate.id == Building.estate_id)
            .where(Dwelling.archived_at.is_(None)))
    if address.estate:
        stmt = stmt.where(Estate.name.contains(address.estate, autoescape=True))
    if address.building:
        stmt = stmt.where(Building.number == address.building)
    if address.unit:
        stmt = stmt.where(Dwelling.unit == address.unit)
    if address.room:
        stmt = stmt.where(Dwelling.room == address.room)
    with uow:
        rows = uow.session.execute(stmt.order_by(Estate.name, Building.number, Dwelling.unit,
                                                 Dwelling.room).limit(500)).all()
        return [DwellingRef(*row) for row in rows]


@reads
def dwelling_view(uow: UnitOfWork, *, actor: Actor, dwelling_id: str) -> DwellingView:
    actor.require(Permission.VIEW_REGISTER)
    with uow:
        s = uow.session
        ref = get_dwelling_ref(s, dwelling_id)
        here = list(s.scalars(select(Resident.id).where(
            Resident.dwelling_id == dwelling_id, Resident.archived_at.is_(None))
            .order_by(Resident.birth_date)))
        moved_away = set(s.scalars(select(ResidenceEvent.resident_id).where(
            ResidenceEvent.from_dwelling_id == dwelling_id)))
        rows = rows_for(s, here)
        current = [r for r in rows if r.status is ResidentStatus.ACTIVE]
        former = [r for r in rows if r.status is not ResidentStatus.ACTIVE]
        former += rows_for(s, sorted(moved_away - set(here)))
        households = sorted(set(s.scalars(select(Household.number).where(
            Household.dwelling_id == dwelling_id))))
        return DwellingView(ref, current, former, households)


# ------------------------------------------------ what other features read of the register


def living_here(session: Session, resident_ids: list[str] | set[str] | None = None
                ) -> set[str]:
    """Residents on the register now (not moved out, not died, not archived)."""
    q = select(Resident.id).where(Resident.status == ResidentStatus.ACTIVE,
                                  Resident.archived_at.is_(None))
    if resident_ids is None:
        return set(session.scalars(q))
    out: set[str] = set()
    for chunk in chunks(list(resident_ids)):
        out.update(session.scalars(q.where(Resident.id.in_(chunk))))
    return out


def resident_names(session: Session, resident_ids: list[str] | set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in chunks(list(resident_ids)):
        out.update({rid: name for rid, name in session.execute(
            select(Resident.id, Resident.name).where(Resident.id.in_(chunk)))})
    return out


def current_tags(session: Session, today: dt.date, resident_ids: list[str] | None = None
                 ) -> dict[str, dict[str, str | None]]:
    """resident id → {tag code: grade} of the tags valid today, for residents on the
    register now."""
    q = (select(ResidentTag.resident_id, TagType.code, ResidentTag.grade)
         .join(TagType, TagType.id == ResidentTag.tag_type_id)
         .join(Resident, Resident.id == ResidentTag.resident_id)
         .where(ResidentTag.archived_at.is_(None), TagType.archived_at.is_(None),
                or_(ResidentTag.valid_to.is_(None), ResidentTag.valid_to >= today),
                or_(ResidentTag.valid_from.is_(None), ResidentTag.valid_from <= today),
                Resident.status == ResidentStatus.ACTIVE, Resident.archived_at.is_(None)))
    if resident_ids is not None:
        q = q.where(ResidentTag.resident_id.in_(resident_ids))
    out: dict[str, dict[str, str | None]] = {}
    for rid, code, grade in session.execute(q):
        out.setdefault(rid, {})[code] = grade
    return out


def birth_dates(session: Session, *, born_by: dt.date) -> dict[str, dt.date | None]:
    """Birth dates of residents on the register now who were born by ``born_by`` or carry
    a tag (the people a rule of age and tags can pick)."""
    return {rid: born for rid, born in session.execute(
        select(Resident.id, Resident.birth_date).where(
            Resident.status == ResidentStatus.ACTIVE, Resident.archived_at.is_(None),
            or_(Resident.birth_date <= born_by, Resident.id.in_(
                select(ResidentTag.resident_id).where(ResidentTag.archived_at.is_(None))))))}


def tag_names(session: Session) -> dict[str, str]:
    """Tag code → its name as shown (the built-in ones translated)."""
    return {code: _(name) for code, name in session.execute(select(TagType.code,
                                                                    TagType.name))}


def emergency_contacts_of(session: Session, resident_ids: list[str] | set[str]
                          ) -> dict[str, list[tuple[str, str, str]]]:
    """resident id → [(name, relation, phone)] of their emergency contacts (紧急联系人),
    oldest first; the phone as stored (the reader masks it if it must)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for chunk in chunks(list(resident_ids)):
        for c in session.scalars(select(EmergencyContact).where(
                EmergencyContact.archived_at.is_(None), EmergencyContact.resident_id.in_(chunk))
                .order_by(EmergencyContact.created_at)):
            out.setdefault(c.resident_id, []).append((c.name, c.relation or "", c.phone))
    return out
