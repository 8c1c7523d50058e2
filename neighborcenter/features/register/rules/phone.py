"""Phone numbers as people write them: mobiles (11 digits from 1) and landlines with area code.

Stored normalised: ``13812345678`` and ``0572-2123456``. Input may carry spaces, hyphens,
brackets around the area code, full-width digits and a +86 / 0086 prefix.
"""

from __future__ import annotations

import re
import unicodedata

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

#: The digits of a phone a masked number shows, and all a counter may search by.
PHONE_TAIL = 4
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")


def parse_phone(raw: str | None, *, field: str = "phone") -> str | None:
    """Normalise a phone number, ``None`` for an empty one, or say what is wrong."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    digits = re.sub(r"[\s\-()（）.]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit():
        raise ValidationError(
            _("The phone number “{text}” may contain only digits, spaces and hyphens.").format(
                text=text), field=field)
    if digits.startswith("1"):
        if _MOBILE.fullmatch(digits):
            return digits
        raise ValidationError(
            _("A mobile number has 11 digits starting with 13–19; “{text}” has {n}.").format(
                text=text, n=len(digits)), field=field)
    if digits.startswith("0"):
        if not _LANDLINE.fullmatch(digits):
            raise ValidationError(
                _("The landline “{text}” should be an area code and a 7- or 8-digit number, "
                  "for example 0572-2123456.").format(text=text), field=field)
        # Area codes 010 and 02x have three digits; all others four.
        area = 3 if digits[1] in "12" else 4
        local = digits[area:]
        if len(local) not in (7, 8):
            raise ValidationError(
                _("The landline “{text}” should be an area code and a 7- or 8-digit number, "
                  "for example 0572-2123456.").format(text=text), field=field)
        return f"{digits[:area]}-{local}"
    if len(digits) in (7, 8):
        raise ValidationError(
            _("Add the area code to the landline “{text}”, for example 0572-{text}.").format(
                text=text), field=field)
    raise ValidationError(
        _("“{text}” is not a phone number: enter an 11-digit mobile or a landline with its "
          "area code.").format(text=text), field=field)


def mask_phone(value: str | None) -> str:
    """138****5678 for mobiles, 0572-***3456 for landlines."""
    if not value:
        return ""
    if "-" in value:
        area, local = value.split("-", 1)
        return f"{area}-{'*' * (len(local) - PHONE_TAIL)}{local[-PHONE_TAIL:]}"
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 3 - PHONE_TAIL) + value[-PHONE_TAIL:]
    if len(value) > PHONE_TAIL:
        return "*" * (len(value) - PHONE_TAIL) + value[-PHONE_TAIL:]
    return "*" * len(value)
