"""Identifiers inside free text (an imported sheet's extra column such as 监护人身份证号, a
mapping step's example cell) masked as the register's own fields are: a run of 7 or more
digits, also in groups ("138 0013 8000") — an ID number keeps its first 6 and last 4, a phone
number its first 3 and last 4 — except an 8-digit date such as 19491231 or 2026-11-30
(GB/T 35273 §7.2 display limits)."""

from __future__ import annotations

import re

from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.register.rules.idnumber import mask_identifier
from neighborcenter.features.register.rules.phone import mask_phone

#: full-width digits read as digits (the rest of the text is left as it was typed)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
#: 7 or more digits, also written in groups ("138 0013 8000", "138-0013-8000")
_LONG_NUMBER = re.compile(r"\d(?:[ \-]?\d){6,}(?:[ \-]?[Xx])?")


def mask_numbers_in(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        written = match.group(0)
        run = written.replace(" ", "").replace("-", "")
        if len(run) == 8 and _is_date(run):
            return written
        if len(run) >= 15:
            return mask_identifier(run)
        if run.startswith("0") and written.count("-") == 1:  # a landline, 0572-2123456
            return mask_phone(written)
        return mask_phone(run)

    return _LONG_NUMBER.sub(mask, text.translate(_FULL_WIDTH_DIGITS))


def _is_date(digits: str) -> bool:
    try:
        return parse_date_text(digits) is not None
    except ValidationError:
        return False
