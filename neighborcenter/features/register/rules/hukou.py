"""人户分离 from the 户籍地址: is a person registered (户籍) where they live?

- 人户一致 (PRESENT): the hukou address is the current one ("same as current address", or
  the two addresses read the same);
- 人在户不在 … seen from here, REGISTERED_ELSEWHERE: lives in a dwelling here, the hukou
  address is another one;
- LIVES_ELSEWHERE (户在人不在: registered here, lives elsewhere) is for staff to say; it is
  only suggested for someone with a hukou address and no dwelling here;
- None: no hukou address, nothing to tell.

Addresses are compared as people write them: full-width or half-width, with or without
spaces, 3号楼/3幢/3座/3栋, 501号/501室, 3-2-501; a hukou address that carries the province,
city and district in front of the current address (浙江省湖州市吴兴区幸福里小区3栋2单元501室)
is the same address.
"""

from __future__ import annotations

import re
import unicodedata

from neighborcenter.features.register.rules.terms import ResidenceStatus

_PLACE_ENDINGS = "省市区县旗镇乡道路街巷弄号村组"
_DASHED = re.compile(r"(\d+)-(\d+)-(\d+)$")


def address_key(text: str | None) -> str:
    """What is compared: NFKC, no spaces or punctuation, one word for a building and a room."""
    out = unicodedata.normalize("NFKC", text or "")
    out = "".join(ch for ch in out if not ch.isspace() and ch not in ",，.。、()（）#")
    out = _DASHED.sub(r"\1栋\2单元\3室", out)
    out = re.sub(r"(\d+)(?:号楼|幢|座|号栋|栋楼)", r"\1栋", out)
    out = re.sub(r"(\d+)(?:号房|号|房)$", r"\1室", out)
    out = re.sub(r"(单元\d+)$", r"\1室", out)  # 2单元501 → 2单元501室
    return out.lower()


def same_address(hukou: str | None, current: str | None) -> bool:
    """The hukou address names the current address (maybe with province, city, district or
    street in front)."""
    a, b = address_key(hukou), address_key(current)
    if not (a and b and a.endswith(b)):
        return False
    prefix = a[:-len(b)]  # "" or … 区, 街道, 路 12号: not 新 (新幸福里 is another estate)
    return not prefix or prefix[-1] in _PLACE_ENDINGS


def residence_from_hukou(current_address: str | None, hukou_address: str | None,
                         hukou_same: bool) -> ResidenceStatus | None:
    """The residence status the hukou address says, or None when it says nothing.

    ``current_address``: the formatted address of the dwelling the person lives in here
    (``format_address``), or None/"" for no dwelling."""
    has_home = bool((current_address or "").strip())
    if hukou_same:
        return ResidenceStatus.PRESENT
    if not address_key(hukou_address):
        return None
    if not has_home:
        return ResidenceStatus.LIVES_ELSEWHERE  # a suggestion: registered here, lives elsewhere
    if same_address(hukou_address, current_address):
        return ResidenceStatus.PRESENT
    return ResidenceStatus.REGISTERED_ELSEWHERE
