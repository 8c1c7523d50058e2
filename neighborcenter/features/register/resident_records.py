"""The resident register, write side: add and correct residents, duplicates and merging,
moving out / within / death as dated status changes, tags, consents, emergency contacts.

Nothing is deleted: a move or a death is a status change with a date and a history entry; a
tag ends on a date; a merged duplicate is archived and points at the record it went into.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core import features
from neighborcenter.core.audit import AuditAction, Msg, finish, record_audit
from neighborcenter.core.features import OnLeave, OnMerge
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.text import clean_line, match_key
from neighborcenter.errors import NCError, NotFound, ValidationError
from neighborcenter.features.register import REGISTER
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
from neighborcenter.features.register.registry import dwelling_ref, get_resident, label
from neighborcenter.features.register.rules.address import floor_of_room, format_address
from neighborcenter.features.register.rules.codes import CODE_LISTS
from neighborcenter.features.register.rules.dates import DateInput, age_on, parse_date_text
from neighborcenter.features.register.rules.hukou import residence_from_hukou
from neighborcenter.features.register.rules.idnumber import (
    IdNumberKind,
    mask_identifier,
    parse_id_number,
    upgrade_15_to_18,
)
from neighborcenter.features.register.rules.phone import mask_phone, parse_phone
from neighborcenter.features.register.rules.pinyin import name_keys
from neighborcenter.features.register.rules.terms import (
    BUILTIN_TAGS,
    CHILD_AGE,
    ID_TYPE_LABELS,
    REGISTRATION_TYPE_LABELS,
    RELATION_LABELS,
    RESIDENCE_STATUS_LABELS,
    RESIDENCE_TYPE_LABELS,
    SEX_LABELS,
    ConsentPurpose,
    IdType,
    RegistrationType,
    Relation,
    ResidenceEventKind,
    ResidenceStatus,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.i18n import N_, _, translate_to
from neighborcenter.storage.models import new_uuid, utcnow
from neighborcenter.storage.uow import UnitOfWork

# ------------------------------------------------------------------------------ the form


@dataclass(frozen=True)
class ResidentForm:
    """What a person typed into the resident dialog (or a row of an imported sheet).

    ``id_number=None``, ``phone=None`` and ``other_phone=None`` keep the stored values (the
    dialog shows them masked until they are revealed).
    """

    family_name: str
    given_name: str
    sex: str | None = None  # "M", "F" or None (taken from the ID number)
    birth_date: DateInput = None  # as typed or as the sheet holds it; parsed on saving
    id_type: IdType | None = IdType.RESIDENT_CARD
    id_number: str | None = ""
    phone: str | None = ""
    other_phone: str | None = ""
    estate: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    residence_type: ResidenceType | None = ResidenceType.OWNED
    moved_in_on: DateInput = None
    household_number: str = ""
    relation: Relation | None = None
    registration_type: RegistrationType = RegistrationType.LOCAL
    # None: decided from the 户籍地址 (see ``save_resident``); a status given here wins
    residence_status: ResidenceStatus | None = None
    family_reading: str | None = None
    notes: str = ""
    # the national code lists (rules/codes.py): a code ("01") or a word ("汉", "党员")
    ethnicity: str | None = None
    political_status: str | None = None
    education: str | None = None
    marital_status: str | None = None
    hukou_address: str = ""  # 户籍地址
    hukou_same: bool = False  # 户籍地址同现住址
    workplace: str = ""  # 工作单位或学校


@dataclass(frozen=True)
class CleanResident:
    family_name: str
    given_name: str
    sex: str | None
    birth_date: dt.date | None
    id_type: IdType | None
    id_number: str | None
    keep_id_number: bool
    phone: str | None
    other_phone: str | None
    address: tuple[str, str, str, str] | None  # estate, building, unit, room
    residence_type: ResidenceType | None
    moved_in_on: dt.date | None
    household_number: str | None
    relation: Relation | None
    registration_type: RegistrationType
    residence_status: ResidenceStatus | None  # None: decided from the hukou address
    family_reading: str | None
    notes: str
    ethnicity: str | None = None  # codes
    political_status: str | None = None
    education: str | None = None
    marital_status: str | None = None
    hukou_address: str | None = None
    hukou_same: bool = False
    workplace: str | None = None

    @property
    def name(self) -> str:
        return self.family_name + self.given_name


def _text(value: object, limit: int, field: str, what: str) -> str:
    """One line of typed text: NFKC (full-width digits made plain), trimmed, no control,
    zero-width or bidi characters (core/text.py), at most ``limit`` characters."""
    return clean_line(value, what, field=field, limit=limit, compatibility=True)


def _optional_text(value: object, field: str, what: str) -> str | None:
    """The same for a field where None means "keep the stored value" (ID number, phone)."""
    return None if value is None else clean_line(value, what, field=field,
                                                 compatibility=True)


def _number_part(value: object, field: str, what: str) -> str:
    """"3", "３", "3栋", "3.0" (a number cell) → "3"."""
    out = _text(value, 20, field, what)
    for suffix in ("单元", "号楼", "栋", "幢", "座", "室", "号"):
        out = out.removesuffix(suffix)
    if out.endswith(".0") and out[:-2].isdigit():
        out = out[:-2]
    return out


def clean_address(estate: object, building: object, unit: object, room: object
                  ) -> tuple[str, str, str, str] | None:
    """(estate, building, unit, room) with "3栋"/"３"/"3.0" made "3"; None if all empty;
    otherwise every part is needed."""
    parts = (_text(estate, 100, "estate", _("The estate")),
             _number_part(building, "building", _("The building")),
             _number_part(unit, "unit", _("The unit")),
             _number_part(room, "room", _("The room")))
    if not any(parts):
        return None
    for value, fld, message in zip(parts, ("estate", "building", "unit", "room"), (
            _("Enter the estate (小区) of the address."),
            _("Enter the building (楼栋) of the address."),
            _("Enter the unit (单元) of the address; write 1 if the building has one."),
            _("Enter the room (室) of the address.")), strict=True):
        if not value:
            raise ValidationError(message, field=fld)
    return parts


def clean_resident_form(form: ResidentForm, *, today: dt.date | None = None) -> CleanResident:
    """Check a form; the first problem is raised as a ``ValidationError`` naming its field."""
    today = today or dt.date.today()
    family = _text(form.family_name, 20, "family_name", _("The family name"))
    given = _text(form.given_name, 40, "given_name", _("The given name"))
    if not family:
        raise ValidationError(_("Enter the family name (姓)."), field="family_name")
    if not given:
        raise ValidationError(_("Enter the given name (名)."), field="given_name")
    sex = form.sex or None
    if sex is not None and sex not in ("M", "F"):
        raise ValidationError(_("Choose male or female."), field="sex")
    birth = parse_date_text(form.birth_date, field="birth_date", label=_("Birth date"),
                            allow_future=False)
    id_number: str | None = None
    keep = form.id_number is None
    typed_id = _optional_text(form.id_number, "id_number", _("The document number"))
    if not keep and typed_id:
        if form.id_type is None:
            raise ValidationError(_("Choose the kind of document."), field="id_type")
        if form.id_type in (IdType.RESIDENT_CARD, IdType.HMT_PERMIT):
            info = parse_id_number(typed_id, today=today)
            if form.id_type is IdType.HMT_PERMIT and info.kind is not IdNumberKind.HMT_PERMIT:
                raise ValidationError(
                    _("A Hong Kong, Macao or Taiwan residence permit number starts with 810000, "
                      "820000 or 830000."), field="id_number")
            if form.id_type is IdType.RESIDENT_CARD and info.kind is IdNumberKind.HMT_PERMIT:
                raise ValidationError(
                    _("This is a residence permit number: choose “HK/Macao/Taiwan residence "
                      "permit” as the kind of document."), field="id_type")
            id_number = (upgrade_15_to_18(info.number) if info.kind is IdNumberKind.RESIDENT_15
                         else info.number)
            if sex is None:
                sex = info.sex.value
            elif sex != info.sex.value:
                raise ValidationError(
                    _("The sex ({entered}) does not match the ID number, which says {derived}. "
                      "Check both against the card.").format(
                        entered=label(SEX_LABELS, sex), derived=label(SEX_LABELS, info.sex.value)),
                    field="sex")
            if birth is None:
                birth = info.birth_date
            elif birth != info.birth_date:
                raise ValidationError(
                    _("The birth date {entered} does not match the ID number, which says "
                      "{derived}. Check both against the card.").format(
                        entered=birth.isoformat(), derived=info.birth_date.isoformat()),
                    field="birth_date")
        else:
            id_number = _text(typed_id, 40, "id_number", _("The document number")).upper()
            id_number = id_number.replace(" ", "")
            if len(id_number) < 5:
                raise ValidationError(_("The document number is too short."), field="id_number")
    phone = parse_phone(_optional_text(form.phone, "phone", _("The phone number")),
                        field="phone")
    other_phone = parse_phone(_optional_text(form.other_phone, "other_phone",
                                             _("The other phone number")), field="other_phone")
    address = clean_address(form.estate, form.building, form.unit, form.room)
    moved_in = parse_date_text(form.moved_in_on, field="moved_in_on",
                               label=_("Living here since"), allow_future=False)
    if moved_in is not None and birth is not None and moved_in < birth:
        raise ValidationError(_("“Living here since” is before the birth date."),
                              field="moved_in_on")
    household = _text(form.household_number, 40, "household_number", _("The household number"))
    relation = form.relation
    if household and relation is None:
        raise ValidationError(_("Choose the relation to the head of household."),
                              field="relation")
    if relation is not None and not household:
        raise ValidationError(_("Enter the household number (户号) or leave the relation empty."),
                              field="household_number")
    reading = _text(form.family_reading, 40, "family_reading",
                    _("The reading of the family name")).lower() or None
    if reading is not None and not all(p.isascii() and p.isalpha() for p in reading.split()):
        raise ValidationError(_("Write the family name's reading in pinyin letters, e.g. yue."),
                              field="family_reading")
    codes = {key: code_list.read(getattr(form, key), field=key)
             for key, code_list in CODE_LISTS.items()}
    hukou_address = _text(form.hukou_address, 200, "hukou_address", _("The hukou address"))
    workplace = _text(form.workplace, 100, "workplace", _("The workplace or school"))
    if form.hukou_same and hukou_address:
        raise ValidationError(_("Either tick “same as the current address” or enter the hukou "
                                "address, not both."), field="hukou_address")
    return CleanResident(
        family_name=family, given_name=given, sex=sex, birth_date=birth, id_type=form.id_type
        if (id_number or keep) else None, id_number=id_number, keep_id_number=keep,
        phone=phone, other_phone=other_phone, address=address,
        residence_type=form.residence_type if address else None, moved_in_on=moved_in,
        household_number=household or None, relation=relation,
        registration_type=form.registration_type, residence_status=form.residence_status,
        family_reading=reading, notes=_text(form.notes, 2000, "notes", _("The notes")),
        **codes, hukou_address=hukou_address or None, hukou_same=bool(form.hukou_same),
        workplace=workplace or None)


# ------------------------------------------------------------------------------ duplicates


class DuplicateReason:
    SAME_ID = "same_id"
    SAME_NAME_AND_BIRTH = "same_name_and_birth"
    SIMILAR_NAME_SAME_DWELLING = "similar_name_same_dwelling"


REASON_LABELS = {
    DuplicateReason.SAME_ID: N_("Same ID number"),
    DuplicateReason.SAME_NAME_AND_BIRTH: N_("Same name and birth date"),
    DuplicateReason.SIMILAR_NAME_SAME_DWELLING: N_("Very similar name at the same address"),
}


@dataclass(frozen=True)
class DuplicateHit:
    resident_id: str
    name: str
    birth_date: dt.date | None
    address: str
    reason: str

    @property
    def reason_label(self) -> str:
        return _(REASON_LABELS[self.reason])


class PossibleDuplicate(NCError):
    """The resident seems to be in the register already. ``blocking``: same ID number."""

    def __init__(self, hits: list[DuplicateHit]) -> None:
        self.hits = hits
        self.blocking = any(h.reason == DuplicateReason.SAME_ID for h in hits)
        first = hits[0]
        if self.blocking:
            message = _("{name} ({address}) already has this ID number. Open that record "
                        "instead of adding a new one.").format(name=first.name,
                                                               address=first.address or "—")
        else:
            message = _("This may be {name} ({address}), who is already in the register: "
                        "{reason}.").format(name=first.name, address=first.address or "—",
                                            reason=first.reason_label)
        super().__init__(message, field="id_number" if self.blocking else None)


def _similar(a: str, b: str) -> bool:
    """Names that differ by one character (张小明/张晓明), or one inside the other."""
    if a == b:
        return True
    if len(a) == len(b) >= 2:
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    return min(len(a), len(b)) >= 2 and (a in b or b in a)


def find_duplicates(session: Session, *, name: str, birth_date: dt.date | None,
                    id_number: str | None, dwelling_id: str | None,
                    pinyin_full: str | None = None, exclude_id: str | None = None
                    ) -> list[DuplicateHit]:
    """Residents (not archived) who are probably the same person. Names are compared by
    ``match_key`` (a record saved before invisible characters were refused still matches)."""
    hits: dict[str, DuplicateHit] = {}
    key = match_key(name)

    def add(r: Resident, reason: str) -> None:
        if r.id != exclude_id and r.id not in hits:
            ref = dwelling_ref(session, r.dwelling_id)
            hits[r.id] = DuplicateHit(r.id, r.name, r.birth_date, ref.address if ref else "",
                                      reason)

    live = Resident.archived_at.is_(None)
    if id_number:
        for r in session.scalars(select(Resident).where(live, Resident.id_number == id_number)):
            add(r, DuplicateReason.SAME_ID)
    if birth_date is not None:
        for r in session.scalars(select(Resident).where(
                live, Resident.birth_date == birth_date)):  # a few a day: names in Python
            if match_key(r.name) == key:
                add(r, DuplicateReason.SAME_NAME_AND_BIRTH)
    if dwelling_id is not None:
        for r in session.scalars(select(Resident).where(
                live, Resident.dwelling_id == dwelling_id,
                Resident.status == ResidentStatus.ACTIVE)):
            if _similar(match_key(r.name), key) or (pinyin_full and r.pinyin_full == pinyin_full):
                add(r, DuplicateReason.SIMILAR_NAME_SAME_DWELLING)
    return list(hits.values())


# ------------------------------------------------------------------------------ saving


@dataclass
class _Places:
    """Estates, buildings, dwellings and households this session has looked up or added.

    ``complete`` once ``load_places`` has read them all: a miss then means "new" without a
    query (an import of 20 000 rows would otherwise ask 60 000 times)."""

    estates: dict[str, Estate] = field(default_factory=dict)
    buildings: dict[tuple[str, str], Building] = field(default_factory=dict)
    dwellings: dict[tuple[str, str, str], Dwelling] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    complete: bool = False


def _places(session: Session) -> _Places:
    return session.info.setdefault("places", _Places())


def load_places(session: Session) -> None:
    """Read every estate, building, dwelling and household once, for a session that will
    look up many addresses (an import)."""
    places = _places(session)
    places.estates.update({e.name: e for e in session.scalars(select(Estate))})
    places.buildings.update({(b.estate_id, b.number): b for b in session.scalars(select(Building))})
    places.dwellings.update({(d.building_id, d.unit, d.room): d
                             for d in session.scalars(select(Dwelling))})
    places.households.update({h.number: h for h in session.scalars(select(Household))})
    places.complete = True


def dwelling_for(session: Session, address: tuple[str, str, str, str]) -> Dwelling:
    """The dwelling at an address, adding the estate, building and room if they are new.
    Every level is remembered for the session, new ones too (they are not flushed yet)."""
    places = _places(session)
    estate_name, building_no, unit, room = address
    with session.no_autoflush:
        estate = places.estates.get(estate_name)
        if estate is None and not places.complete:
            estate = session.scalar(select(Estate).where(Estate.name == estate_name))
        if estate is None:
            estate = Estate(id=new_uuid(), name=estate_name, address="")
            session.add(estate)
        places.estates[estate_name] = estate
        building_key = (estate.id, building_no)
        building = places.buildings.get(building_key)
        if building is None and not places.complete:
            building = session.scalar(select(Building).where(Building.estate_id == estate.id,
                                                             Building.number == building_no))
        if building is None:
            building = Building(id=new_uuid(), estate_id=estate.id, number=building_no)
            session.add(building)
        places.buildings[building_key] = building
        dwelling_key = (building.id, unit, room)
        dwelling = places.dwellings.get(dwelling_key)
        if dwelling is None and not places.complete:
            dwelling = session.scalar(select(Dwelling).where(
                Dwelling.building_id == building.id, Dwelling.unit == unit,
                Dwelling.room == room))
        if dwelling is None:
            dwelling = Dwelling(id=new_uuid(), building_id=building.id, unit=unit, room=room,
                                floor=floor_of_room(room))
            session.add(dwelling)
        places.dwellings[dwelling_key] = dwelling
    return dwelling


def _household_for(session: Session, number: str, dwelling_id: str | None) -> Household:
    places = _places(session)
    household = places.households.get(number)
    if household is None and not places.complete:
        with session.no_autoflush:
            household = session.scalar(select(Household).where(Household.number == number))
    if household is None:
        household = Household(id=new_uuid(), number=number, dwelling_id=dwelling_id)
        session.add(household)
    places.households[number] = household
    return household


def _event(session: Session, actor: Actor, resident_id: str, kind: ResidenceEventKind,
           on: dt.date, *, from_dwelling: str | None = None, to_dwelling: str | None = None,
           notes: str = "") -> None:
    session.add(ResidenceEvent(resident_id=resident_id, kind=kind, on=on,
                               from_dwelling_id=from_dwelling, to_dwelling_id=to_dwelling,
                               notes=notes, recorded_by=actor.username))


FIELD_LABELS = {
    "family_name": N_("Family name"), "given_name": N_("Given name"), "sex": N_("Sex"),
    "birth_date": N_("Birth date"), "id_number": N_("ID number"), "phone": N_("Phone"),
    "other_phone": N_("Other phone"), "dwelling": N_("Address"), "household": N_("Household"),
    "registration_type": N_("Registration"), "residence_status": N_("Residence status"),
    "family_reading": N_("Reading of the family name"), "notes": N_("Notes"),
    "ethnicity": N_("Ethnic group"), "political_status": N_("Political status"),
    "education": N_("Education"), "marital_status": N_("Marital status"),
    "hukou_address": N_("Hukou address"), "workplace": N_("Workplace or school"),
}


def apply_clean(session: Session, r: Resident, clean: CleanResident, *,
                new: bool) -> list[str]:
    """Write a checked form onto a resident; returns the names of the fields that changed."""
    changed: list[str] = []

    def put(attr: str, value, key: str | None = None) -> None:
        if getattr(r, attr, None) != value:
            setattr(r, attr, value)
            if key and key not in changed:
                changed.append(key)

    put("family_name", clean.family_name, "family_name")
    put("given_name", clean.given_name, "given_name")
    put("name", clean.name)
    put("family_reading", clean.family_reading, "family_reading")
    keys = name_keys(clean.family_name, clean.given_name, family_reading=clean.family_reading)
    put("pinyin_full", keys.full)
    put("pinyin_initials", keys.initials)
    put("sex", clean.sex, "sex")
    put("birth_date", clean.birth_date, "birth_date")
    if not clean.keep_id_number:
        put("id_type", clean.id_type, "id_number")
        put("id_number", clean.id_number, "id_number")
    put("phone", clean.phone, "phone")
    put("other_phone", clean.other_phone, "other_phone")
    dwelling = dwelling_for(session, clean.address) if clean.address else None
    put("dwelling_id", dwelling.id if dwelling else None, "dwelling")
    put("residence_type", clean.residence_type, "dwelling")
    put("moved_in_on", clean.moved_in_on, "dwelling")
    put("registration_type", clean.registration_type, "registration_type")
    for key in CODE_LISTS:
        put(key, getattr(clean, key), key)
    put("hukou_address", clean.hukou_address, "hukou_address")
    put("hukou_same", clean.hukou_same, "hukou_address")
    put("workplace", clean.workplace, "workplace")
    put("residence_status", residence_status_of(clean, r.residence_status), "residence_status")
    put("notes", clean.notes, "notes")
    if new:
        put("status", ResidentStatus.ACTIVE)
        r.id = r.id or new_uuid()
        session.add(r)
    if clean.household_number:
        household = _household_for(session, clean.household_number,
                                   dwelling.id if dwelling else None)
        if clean.relation is Relation.HEAD and household.head_id not in (None, r.id):
            head = session.get(Resident, household.head_id)
            if head is not None and head.archived_at is None and \
                    head.status is ResidentStatus.ACTIVE:
                raise ValidationError(
                    _("Household {number} already has a head: {name}. Choose another "
                      "relation, or first change {name}'s.").format(
                        number=household.number, name=head.name), field="relation")
        put("household_id", household.id, "household")
        put("relation_to_head", clean.relation, "household")
        if clean.relation is Relation.HEAD:
            household.head_id = r.id
    else:
        put("household_id", None, "household")
        put("relation_to_head", None, "household")
    return changed


def residence_status_of(clean: CleanResident, stored: ResidenceStatus | None
                       ) -> ResidenceStatus:
    """The residence status to store: the one the form gives, else what the 户籍地址 says
    (rules/hukou.py), else the stored one (a new resident: 人户一致)."""
    if clean.residence_status is not None:
        return clean.residence_status
    current = format_address(*clean.address) if clean.address else None
    return (residence_from_hukou(current, clean.hukou_address, clean.hukou_same)
            or stored or ResidenceStatus.PRESENT)


@writes
def save_resident(uow: UnitOfWork, *, actor: Actor, form: ResidentForm,
                  resident_id: str | None = None, confirmed_not_duplicate: bool = False) -> str:
    """Add a resident (``resident_id=None``) or correct one; returns the id.

    A resident who is probably there already raises ``PossibleDuplicate``: with the same ID
    number always, otherwise until the person confirms (``confirmed_not_duplicate``).

    人户分离: a form that names a residence status (staff chose it) keeps it. A form that
    leaves it ``None`` has it decided from the 户籍地址 (``residence_status_of``): "same as
    the current address", or a hukou address that reads as the dwelling's → 人户一致; a
    dwelling here and another hukou address → 人在户不在 (REGISTERED_ELSEWHERE); a hukou address
    and no dwelling here → 户在人不在 (LIVES_ELSEWHERE, the suggestion staff can change); no
    hukou address → the status stays as stored (人户一致 for a new resident).
    """
    actor.require(Permission.EDIT_REGISTER)
    clean = clean_resident_form(form)
    with uow:
        s = uow.session
        existing = get_resident(s, resident_id) if resident_id else None
        if existing is not None and clean.keep_id_number and existing.id_type is not None:
            clean = replace(clean, id_type=existing.id_type)
        if existing is not None:
            clean = replace(
                clean, phone=existing.phone if form.phone is None else clean.phone,
                other_phone=existing.other_phone if form.other_phone is None
                else clean.other_phone)
        dwelling = dwelling_for(s, clean.address) if clean.address else None
        keys = name_keys(clean.family_name, clean.given_name,
                         family_reading=clean.family_reading)
        hits = find_duplicates(
            s, name=clean.name, birth_date=clean.birth_date,
            id_number=None if clean.keep_id_number else clean.id_number,
            dwelling_id=dwelling.id if dwelling else None, pinyin_full=keys.full,
            exclude_id=resident_id)
        if existing is not None:  # an edit: only a clash that the edit introduces matters
            hits = [h for h in hits if h.reason == DuplicateReason.SAME_ID or
                    (h.reason == DuplicateReason.SAME_NAME_AND_BIRTH and
                     (existing.name, existing.birth_date) != (clean.name, clean.birth_date))]
        if hits and (not confirmed_not_duplicate or any(
                h.reason == DuplicateReason.SAME_ID for h in hits)):
            raise PossibleDuplicate(hits)
        r = existing or Resident(status=ResidentStatus.ACTIVE)
        changed = apply_clean(s, r, clean, new=existing is None)
        if existing is None:
            if r.dwelling_id:
                _event(s, actor, r.id, ResidenceEventKind.MOVED_IN,
                       clean.moved_in_on or dt.date.today(), to_dwelling=r.dwelling_id,
                       notes=_("Registered"))
            record_audit(s, actor, AuditAction.CREATE, target_kind="resident", target_id=r.id,
                         summary=Msg(N_("Added resident {name}"), args={"name": r.name}))
        elif changed:
            record_audit(s, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
                         summary=Msg(N_("Corrected {name}: {fields}"), args={
                             "name": r.name,
                             "fields": [Msg(FIELD_LABELS[f]) for f in changed]}),
                         detail={"fields": changed})
        uow.changed(REGISTER)
        uow.commit()
        return r.id


@reads
def resident_form_of(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> ResidentForm:
    """The edit dialog's starting values; the ID number and phones are not read out
    (``None``: kept as stored unless the person types new ones or reveals them, audited)."""
    actor.require(Permission.EDIT_REGISTER)
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        ref = dwelling_ref(s, r.dwelling_id)
        household = s.get(Household, r.household_id) if r.household_id else None
        return ResidentForm(
            family_name=r.family_name, given_name=r.given_name,
            sex=r.sex.value if r.sex else None,
            birth_date=r.birth_date.isoformat() if r.birth_date else "", id_type=r.id_type,
            id_number=None, phone=None, other_phone=None,
            estate=ref.estate if ref else "", building=ref.building if ref else "",
            unit=ref.unit if ref else "", room=ref.room if ref else "",
            residence_type=r.residence_type,
            moved_in_on=r.moved_in_on.isoformat() if r.moved_in_on else "",
            household_number=household.number if household else "",
            relation=r.relation_to_head, registration_type=r.registration_type,
            residence_status=_chosen_status(r, ref.address if ref else None),
            family_reading=r.family_reading, notes=r.notes,
            ethnicity=r.ethnicity, political_status=r.political_status,
            education=r.education, marital_status=r.marital_status,
            hukou_address=r.hukou_address or "", hukou_same=r.hukou_same,
            workplace=r.workplace or "")


def _chosen_status(r: Resident, current_address: str | None) -> ResidenceStatus | None:
    """The stored status if staff chose it; None if it is what the hukou address says (or,
    without one, 人户一致): the dialog then keeps deciding it from the hukou address."""
    automatic = residence_from_hukou(current_address, r.hukou_address, r.hukou_same) \
        or ResidenceStatus.PRESENT
    return None if r.residence_status is automatic else r.residence_status


# ------------------------------------------------------------------------------ merging

MERGE_FIELDS = ("family_name", "given_name", "sex", "birth_date", "id_number", "phone",
                "other_phone", "dwelling", "household", "registration_type",
                "residence_status", "ethnicity", "political_status", "education",
                "marital_status", "hukou_address", "workplace", "notes")
_MERGE_ATTRS = {
    "id_number": ("id_type", "id_number"),
    "dwelling": ("dwelling_id", "residence_type", "moved_in_on"),
    "household": ("household_id", "relation_to_head"),
    "hukou_address": ("hukou_address", "hukou_same"),
}


@dataclass(frozen=True)
class MergeField:
    key: str
    label: str
    keep_value: str  # display values, identifiers masked
    other_value: str

    @property
    def differs(self) -> bool:
        return self.keep_value != self.other_value


def _display(session: Session, r: Resident, key: str) -> str:
    if key == "sex":
        return label(SEX_LABELS, r.sex.value if r.sex else None)
    if key == "birth_date":
        return r.birth_date.isoformat() if r.birth_date else ""
    if key == "id_number":
        return f"{label(ID_TYPE_LABELS, r.id_type)} {mask_identifier(r.id_number)}".strip()
    if key in ("phone", "other_phone"):
        return mask_phone(getattr(r, key))
    if key == "dwelling":
        ref = dwelling_ref(session, r.dwelling_id)
        return f"{ref.address} {label(RESIDENCE_TYPE_LABELS, r.residence_type)}" if ref else ""
    if key == "household":
        h = session.get(Household, r.household_id) if r.household_id else None
        return f"{h.number} {label(RELATION_LABELS, r.relation_to_head)}" if h else ""
    if key == "registration_type":
        return label(REGISTRATION_TYPE_LABELS, r.registration_type)
    if key == "residence_status":
        return label(RESIDENCE_STATUS_LABELS, r.residence_status)
    if key in CODE_LISTS:
        return CODE_LISTS[key].word(getattr(r, key))
    if key == "hukou_address" and r.hukou_same:
        return _("Same as the current address")
    return str(getattr(r, key) or "")


@reads
def compare_for_merge(uow: UnitOfWork, *, actor: Actor, keep_id: str, other_id: str
                      ) -> list[MergeField]:
    actor.require(Permission.EDIT_REGISTER)
    with uow:
        keep = get_resident(uow.session, keep_id)
        other = get_resident(uow.session, other_id)
        return [MergeField(k, _(FIELD_LABELS[k]), _display(uow.session, keep, k),
                           _display(uow.session, other, k)) for k in MERGE_FIELDS]


@writes
def merge_residents(uow: UnitOfWork, *, actor: Actor, keep_id: str, other_id: str,
                    take_from_other: set[str] | frozenset[str], note: str) -> None:
    """Merge a duplicate into the record kept: fields chosen one by one, everything attached
    to the duplicate (tags, consents, contacts, history) moves across, and the duplicate is
    archived with a pointer to the kept record. An audit note records who and why."""
    actor.require(Permission.EDIT_REGISTER)
    unknown = set(take_from_other) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields to merge: {fields}").format(
            fields=", ".join(sorted(unknown))))
    note = _text(note, 500, "note", _("The notes"))
    if not note:
        raise ValidationError(_("Write a short note on why these records are the same person."),
                              field="note")
    if keep_id == other_id:
        raise ValidationError(_("Choose two different records to merge."))
    with uow:
        s = uow.session
        keep, other = get_resident(s, keep_id), get_resident(s, other_id)
        if keep.archived_at is not None or other.archived_at is not None:
            raise ValidationError(_("One of these records has already been merged or archived."))
        for key in MERGE_FIELDS:
            if key in take_from_other:
                for attr in _MERGE_ATTRS.get(key, (key,)):
                    setattr(keep, attr, getattr(other, attr))
        if "family_name" in take_from_other or "given_name" in take_from_other:
            keep.name = keep.family_name + keep.given_name
            keys = name_keys(keep.family_name, keep.given_name,
                             family_reading=keep.family_reading)
            keep.pinyin_full, keep.pinyin_initials = keys.full, keys.initials
        _merge_extra_fields(s, keep.id, other.id)
        for link in features.resident_links():  # every feature's rows follow the kept record
            if link.on_merge is OnMerge.REPOINT:
                for row in features.rows_linked_to(s, link, other.id):
                    setattr(row, link.column, keep.id)
        if keep.household_id and keep.relation_to_head is Relation.HEAD:
            s.get_one(Household, keep.household_id).head_id = keep.id
        other.archived_at = utcnow()
        other.merged_into_id = keep.id
        _event(s, actor, keep.id, ResidenceEventKind.MERGED, dt.date.today(),
               notes=_("Merged with the duplicate record {name}: {note}").format(
                   name=other.name, note=note))
        finish(uow, actor, AuditAction.MERGE, target_kind="resident", target_id=keep.id,
               summary=Msg(N_("Merged the duplicate record of {name} into this one"),
                           args={"name": other.name}),
               detail={"kept": keep.id, "merged": other.id,
                       "fields_taken": sorted(take_from_other), "note": note},
               changed=(REGISTER,))


def _merge_extra_fields(session: Session, keep_id: str, other_id: str) -> None:
    """A sheet's column both records carry stays one field of the kept record: the values
    joined when they differ; the duplicate's row is archived under a header of its own (kept
    as history, out of the way of the one-header-per-resident rule). The rest move across
    with the other linked rows."""
    kept = {f.header: f for f in session.scalars(select(ResidentExtraField).where(
        ResidentExtraField.resident_id == keep_id, ResidentExtraField.archived_at.is_(None)))}
    for theirs in session.scalars(select(ResidentExtraField).where(
            ResidentExtraField.resident_id == other_id)):
        mine = kept.get(theirs.header)
        if mine is None:
            continue
        if theirs.value and theirs.value != mine.value:
            mine.value = "；".join(v for v in (mine.value, theirs.value) if v)
        theirs.header = f"{theirs.header[:40]}#{theirs.id[:8]}"
        theirs.archived_at = utcnow()


# ------------------------------------------------------------------------------ status changes


def _date(value: object, field: str, what: str) -> dt.date:
    """A required date, not in the future."""
    day = parse_date_text(value, field=field, label=what, allow_future=False)
    if day is None:
        raise ValidationError(_("Enter the date."), field=field)
    return day


@writes
def change_residence(uow: UnitOfWork, *, actor: Actor, resident_id: str,
                     kind: ResidenceEventKind, on: object,
                     address: tuple[str, str, str, str] | None = None,
                     residence_type: ResidenceType | None = None, notes: str = "",
                     destination: str = "") -> None:
    """Moving out, moving within the centre's area, coming back, or death: a dated status
    change with a history entry. Nothing about the person is removed.

    Moving out needs the ``destination`` (kept at the start of the history entry's notes);
    the person keeps their household, address and tags as history — the detail page's
    confirmation says so.
    """
    actor.require(Permission.EDIT_REGISTER)
    day = _date(on, "on", _("Date"))
    notes = _text(notes, 500, "notes", _("The notes"))
    if kind is ResidenceEventKind.MOVED_OUT:
        destination = _text(destination, 100, "destination", _("The destination"))
        if not destination:
            raise ValidationError(_("Enter where the person moved to (a city or district is "
                                    "enough; “unknown” if nobody knows)."), field="destination")
        notes = f"→ {destination}" + (f"；{notes}" if notes else "")
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        if r.archived_at is not None:
            raise ValidationError(_("This record was merged into another one; change that one."))
        if r.birth_date and day < r.birth_date:
            raise ValidationError(_("The date is before the birth date."), field="on")
        if r.status is ResidentStatus.DECEASED:
            raise ValidationError(_("{name} is recorded as deceased.").format(name=r.name))
        if kind is ResidenceEventKind.MOVED_OUT:
            if r.status is not ResidentStatus.ACTIVE:
                raise ValidationError(_("{name} has already moved out.").format(name=r.name))
            r.status, r.status_date = ResidentStatus.MOVED_OUT, day
            _end_linked_rows(s, r.id, day, death=False)
            _event(s, actor, r.id, kind, day, from_dwelling=r.dwelling_id, notes=notes)
        elif kind is ResidenceEventKind.DECEASED:
            r.status, r.status_date = ResidentStatus.DECEASED, day
            _end_linked_rows(s, r.id, day, death=True)
            _event(s, actor, r.id, kind, day, from_dwelling=r.dwelling_id, notes=notes)
        elif kind in (ResidenceEventKind.MOVED_WITHIN, ResidenceEventKind.RETURNED):
            if kind is ResidenceEventKind.MOVED_WITHIN and r.status is not ResidentStatus.ACTIVE:
                raise ValidationError(_("{name} has moved out; record a return instead.").format(
                    name=r.name))
            if kind is ResidenceEventKind.RETURNED and r.status is ResidentStatus.ACTIVE:
                raise ValidationError(_("{name} is already on the register.").format(
                    name=r.name))
            new_address = clean_address(*address) if address else None
            if new_address is None and kind is ResidenceEventKind.MOVED_WITHIN:
                raise ValidationError(_("Enter the new address."), field="building")
            before = r.dwelling_id
            if new_address is not None:
                dwelling = dwelling_for(s, new_address)
                if kind is ResidenceEventKind.MOVED_WITHIN and dwelling.id == before:
                    raise ValidationError(_("That is the address {name} lives at now.").format(
                        name=r.name), field="building")
                r.dwelling_id = dwelling.id
                r.residence_type = residence_type or r.residence_type
                r.moved_in_on = day
            r.status, r.status_date = ResidentStatus.ACTIVE, day
            _event(s, actor, r.id, kind, day, from_dwelling=before, to_dwelling=r.dwelling_id,
                   notes=notes)
        else:
            raise ValidationError(_("This change cannot be recorded here."))
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: {change} on {date}"), args={
                   "name": r.name, "change": Msg(_EVENT_NAMES[kind]),
                   "date": day.isoformat()}),
               changed=(REGISTER,))


_EVENT_NAMES = {
    ResidenceEventKind.MOVED_OUT: N_("moved out"),
    ResidenceEventKind.DECEASED: N_("died"),
    ResidenceEventKind.MOVED_WITHIN: N_("moved within the community"),
    ResidenceEventKind.RETURNED: N_("came back"),
}


# ------------------------------------------------------------------------------ tags


@dataclass(frozen=True)
class TagTypeInfo:
    id: str
    code: str
    name: str
    has_grade: bool
    builtin: bool
    archived: bool


@reads
def list_tag_types(uow: UnitOfWork, *, actor: Actor, include_archived: bool = False
                   ) -> list[TagTypeInfo]:
    actor.require(Permission.VIEW_REGISTER)
    with uow:
        stmt = select(TagType).order_by(TagType.builtin.desc(), TagType.created_at, TagType.name)
        if not include_archived:
            stmt = stmt.where(TagType.archived_at.is_(None))
        return [TagTypeInfo(t.id, t.code, t.name, t.has_grade, t.builtin,
                            t.archived_at is not None) for t in uow.session.scalars(stmt)]


@writes
def add_tag_type(uow: UnitOfWork, *, actor: Actor, name: str, has_grade: bool = False) -> str:
    """A centre's own tag (e.g. 独居困难, 重点关注)."""
    actor.require(Permission.EDIT_REGISTER)
    name = _text(name, 60, "name", _("The tag name"))
    if not name:
        raise ValidationError(_("Enter the tag's name."), field="name")
    with uow:
        s = uow.session
        if s.scalar(select(TagType.id).where(TagType.name == name)):
            raise ValidationError(_("There is already a tag called {name}.").format(name=name),
                                  field="name")
        tag_id = new_uuid()
        tag = TagType(id=tag_id, code=f"c-{tag_id}", name=name, has_grade=has_grade,
                      builtin=False)
        s.add(tag)
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="tag_type", target_id=tag.id,
               summary=Msg(N_("Added the tag {name}"), args={"name": name}),
               changed=(REGISTER,))
        return tag.id


@writes
def add_resident_tag(uow: UnitOfWork, *, actor: Actor, resident_id: str, tag_type_id: str,
                     valid_from: object, grade: str = "", evidence: str = "",
                     review_date: object = None) -> str:
    actor.require(Permission.EDIT_REGISTER)
    since = _date(valid_from, "valid_from", _("Valid from"))
    review = parse_date_text(review_date, field="review_date", label=_("Review date"))
    grade = _text(grade, 20, "grade", _("The grade"))
    evidence = _text(evidence, 500, "evidence", _("The evidence"))
    if review is not None and review < since:
        raise ValidationError(_("The review date is before the tag starts."),
                              field="review_date")
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        tag_type = s.get(TagType, tag_type_id)
        if tag_type is None or tag_type.archived_at is not None:
            raise NotFound(_("This tag is no longer in the list."))
        if tag_type.has_grade and not grade:
            raise ValidationError(_("Enter the grade of {tag} (e.g. 二级).").format(
                tag=tag_type.name), field="grade")
        current = s.scalar(select(ResidentTag.id).where(
            ResidentTag.resident_id == r.id, ResidentTag.tag_type_id == tag_type.id,
            ResidentTag.archived_at.is_(None), ResidentTag.valid_to.is_(None)))
        if current:
            raise ValidationError(_("{name} already has the tag {tag}; end it first to record "
                                    "a new one.").format(name=r.name, tag=tag_type.name))
        tag = ResidentTag(resident_id=r.id, tag_type_id=tag_type.id, grade=grade or None,
                          valid_from=since, evidence=evidence, review_date=review)
        s.add(tag)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: tag {tag} added"),
                           args={"name": r.name, "tag": tag_type.name}),
               changed=(REGISTER,))
        return tag.id


@writes
def end_resident_tag(uow: UnitOfWork, *, actor: Actor, tag_id: str, on: object) -> None:
    """A tag stops applying on a date (the record stays as history)."""
    actor.require(Permission.EDIT_REGISTER)
    day = _date(on, "on", _("End date"))
    with uow:
        s = uow.session
        tag = s.get(ResidentTag, tag_id)
        if tag is None:
            raise NotFound(_("This tag is no longer on the record."))
        if tag.valid_to is not None:
            raise ValidationError(_("This tag has already ended."))
        if tag.valid_from and day < tag.valid_from:
            raise ValidationError(_("The end date is before the tag started."), field="on")
        tag.valid_to = day
        r = s.get_one(Resident, tag.resident_id)
        name = s.get_one(TagType, tag.tag_type_id).name
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: tag {tag} ended"), args={"name": r.name, "tag": name}),
               changed=(REGISTER,))


# ------------------------------------------------------------------------------ consents


@writes
def record_consent(uow: UnitOfWork, *, actor: Actor, resident_id: str,
                   purpose: ConsentPurpose, given_on: object, given_by: str,
                   guardian_relation: str = "", notes: str = "") -> str:
    """What was agreed, when and by whom; for a child under 14, by which guardian."""
    actor.require(Permission.EDIT_REGISTER)
    day = _date(given_on, "given_on", _("Date of consent"))
    given_by = _text(given_by, 60, "given_by", _("The name"))
    guardian_relation = _text(guardian_relation, 40, "guardian_relation", _("The relation"))
    if not given_by:
        raise ValidationError(_("Enter who gave the consent."), field="given_by")
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        age = age_on(r.birth_date, day)
        if age is not None and age < CHILD_AGE:
            if not guardian_relation or given_by == r.name:
                raise ValidationError(
                    _("{name} was under {age} on that day: the consent must come from a "
                      "guardian. Enter the guardian's name and relation.").format(
                        name=r.name, age=CHILD_AGE), field="guardian_relation")
        elif purpose is ConsentPurpose.CHILD:
            raise ValidationError(_("Guardian consent is for children under {age}.").format(
                age=CHILD_AGE), field="purpose")
        consent = Consent(resident_id=r.id, purpose=purpose, given_on=day, given_by=given_by,
                          guardian_relation=guardian_relation, recorded_by=actor.username,
                          notes=_text(notes, 500, "notes", _("The notes")))
        s.add(consent)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: consent recorded"), args={"name": r.name}),
               detail={"purpose": purpose.value},
               changed=(REGISTER,))
        return consent.id


@writes
def withdraw_consent(uow: UnitOfWork, *, actor: Actor, consent_id: str, on: object) -> None:
    actor.require(Permission.EDIT_REGISTER)
    day = _date(on, "on", _("Date"))
    with uow:
        s = uow.session
        consent = s.get(Consent, consent_id)
        if consent is None:
            raise NotFound(_("This consent record no longer exists."))
        if consent.withdrawn_on is not None:
            raise ValidationError(_("This consent has already been withdrawn."))
        if day < consent.given_on:
            raise ValidationError(_("The date is before the consent was given."), field="on")
        consent.withdrawn_on = day
        r = s.get_one(Resident, consent.resident_id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: consent withdrawn"), args={"name": r.name}),
               detail={"purpose": consent.purpose.value},
               changed=(REGISTER,))


# ------------------------------------------------------------------------------ contacts


@writes
def add_emergency_contact(uow: UnitOfWork, *, actor: Actor, resident_id: str, name: str,
                          relation: str, phone: str, notes: str = "") -> str:
    actor.require(Permission.EDIT_REGISTER)
    name = _text(name, 60, "name", _("The name"))
    if not name:
        raise ValidationError(_("Enter the contact's name."), field="name")
    number = parse_phone(_optional_text(phone, "phone", _("The phone number")), field="phone")
    if number is None:
        raise ValidationError(_("Enter the contact's phone number."), field="phone")
    with uow:
        s = uow.session
        r = get_resident(s, resident_id)
        contact = EmergencyContact(resident_id=r.id, name=name,
                                   relation=_text(relation, 40, "relation", _("The relation")),
                                   phone=number, notes=_text(notes, 500, "notes", _("The notes")))
        s.add(contact)
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: emergency contact {contact} added"),
                           args={"name": r.name, "contact": name}),
               changed=(REGISTER,))
        return contact.id


@writes
def archive_emergency_contact(uow: UnitOfWork, *, actor: Actor, contact_id: str) -> None:
    actor.require(Permission.EDIT_REGISTER)
    with uow:
        s = uow.session
        contact = s.get(EmergencyContact, contact_id)
        if contact is None or contact.archived_at is not None:
            raise NotFound(_("This contact is no longer on the record."))
        contact.archived_at = utcnow()
        r = s.get_one(Resident, contact.resident_id)
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="resident", target_id=r.id,
               summary=Msg(N_("{name}: emergency contact {contact} removed"),
                           args={"name": r.name, "contact": contact.name}),
               changed=(REGISTER,))


def add_builtin_tags(session: Session, *, language: str) -> None:
    """A new centre's tags (高龄, 独居, 残疾 …), named in the centre's language; staff may
    rename them later."""
    for code, (name, has_grade) in BUILTIN_TAGS.items():
        session.add(TagType(code=code, name=translate_to(language, name), has_grade=has_grade,
                            builtin=True))


def _end_linked_rows(session: Session, resident_id: str, day: dt.date, *, death: bool) -> None:
    """A death or a move-out ends the rows that every feature said end then (the register:
    a dead person's tags); the others stay as they are."""
    for link in features.resident_links():
        if (link.on_death if death else link.on_move_out) is OnLeave.END:
            for row in features.rows_linked_to(session, link, resident_id):
                if row.valid_to is None:
                    row.valid_to = day
