"""Resident ID numbers (居民身份证号码, GB 11643-1999) and HK/Macao/Taiwan residence permits.

18 characters: 6-digit area code, birth date YYYYMMDD, 3-digit sequence (odd = male), and a
check character (ISO 7064 MOD 11-2). Legacy 15-digit numbers (YYMMDD, no check character,
all from the 1900s) are still met. Permits for Hong Kong, Macao and Taiwan residents start
810000 / 820000 / 830000 and use the same check.

``parse_id_number`` accepts what people type or paste: lower-case x, full-width digits,
spaces and hyphens; and says exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# First two digits of mainland area codes (provincial level), and the permit prefixes.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65}
)
PERMIT_PREFIXES = {"810000": "HK", "820000": "MO", "830000": "TW"}
EARLIEST_BIRTH = dt.date(1890, 1, 1)


class Sex(LabelledEnum):
    MALE = "M", N_("Male")
    FEMALE = "F", N_("Female")


class IdNumberKind(enum.StrEnum):
    RESIDENT_18 = "resident_18"  # 居民身份证 (18位)
    RESIDENT_15 = "resident_15"  # 旧版身份证 (15位)
    HMT_PERMIT = "hmt_permit"  # 港澳台居民居住证


@dataclass(frozen=True)
class IdNumberInfo:
    number: str  # normalised: 18 (or 15) characters, upper-case X
    kind: IdNumberKind
    birth_date: dt.date
    sex: Sex
    area_code: str


_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＸｘＡＢ"}


def normalise(raw: str) -> str:
    """Strip spaces and hyphens, turn full-width digits into ASCII, and x into X."""
    text = str(raw).translate(_FULLWIDTH)
    text = re.sub(r"[\s\-\u3000]", "", text)
    return text.upper()


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _birth_date(text: str, today: dt.date) -> dt.date:
    try:
        born = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise ValidationError(
            _("Characters 7–14 should be a birth date (YYYYMMDD), but {value} is not a real date.")
            .format(value=text),
            field="id_number",
        ) from None
    if born > today:
        raise ValidationError(
            _("The birth date in the ID number ({date}) is in the future.").format(
                date=born.isoformat()
            ),
            field="id_number",
        )
    if born < EARLIEST_BIRTH:
        raise ValidationError(
            _("The birth date in the ID number ({date}) is too long ago.").format(
                date=born.isoformat()
            ),
            field="id_number",
        )
    return born


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumberInfo:
    """Validate and decode an ID number, or raise ``ValidationError`` saying what to fix."""
    today = today or dt.date.today()
    number = normalise(raw)
    if not number:
        raise ValidationError(_("Enter the ID number."), field="id_number")
    if len(number) == 15:
        return _parse_15(number, today)
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters (or 15 for an old card); this one has {n}.").format(
                n=len(number)
            ),
            field="id_number",
        )
    for position, char in enumerate(number[:17], start=1):
        if not char.isdigit():
            raise ValidationError(
                _("Character {pos} must be a digit, but it is “{char}”.").format(
                    pos=position, char=char
                ),
                field="id_number",
            )
    last = number[17]
    if not (last.isdigit() or last == "X"):
        raise ValidationError(
            _("The 18th character must be a digit or X, but it is “{char}”.").format(char=last),
            field="id_number",
        )
    area = number[:6]
    if area in PERMIT_PREFIXES:
        kind = IdNumberKind.HMT_PERMIT
    elif int(area[:2]) in PROVINCE_CODES and area[2:] != "0000":
        kind = IdNumberKind.RESIDENT_18
    else:
        raise ValidationError(
            _("The first 6 digits ({area}) are not a valid area code.").format(area=area),
            field="id_number",
        )
    born = _birth_date(number[6:14], today)
    expected = check_character(number[:17])
    if expected != last:
        raise ValidationError(
            _("The check character (18th) should be {expected}, but {actual} was entered. "
              "Check the number against the card.").format(expected=expected, actual=last),
            field="id_number",
        )
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumberInfo(number=number, kind=kind, birth_date=born, sex=sex, area_code=area)


def _parse_15(number: str, today: dt.date) -> IdNumberInfo:
    for position, char in enumerate(number, start=1):
        if not char.isdigit():
            raise ValidationError(
                _("Character {pos} must be a digit, but it is “{char}”.").format(
                    pos=position, char=char
                ),
                field="id_number",
            )
    area = number[:6]
    if int(area[:2]) not in PROVINCE_CODES or area[2:] == "0000":
        raise ValidationError(
            _("The first 6 digits ({area}) are not a valid area code.").format(area=area),
            field="id_number",
        )
    born = _birth_date("19" + number[6:12], today)
    sex = Sex.MALE if int(number[14]) % 2 else Sex.FEMALE
    return IdNumberInfo(
        number=number, kind=IdNumberKind.RESIDENT_15, birth_date=born, sex=sex, area_code=area
    )


def upgrade_15_to_18(number15: str) -> str:
    """The 18-digit number a 15-digit card was reissued with (insert 19, add check)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def make_id_number(area_code: str, birth_date: dt.date, sequence: int) -> str:
    """Build a valid 18-digit number (demo data and tests). ``sequence`` 0–999, odd = male."""
    first17 = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def mask_identifier(value: str | None, *, keep_start: int = 6, keep_end: int = 4) -> str:
    """Mask all but the first ``keep_start`` and last ``keep_end`` characters."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
