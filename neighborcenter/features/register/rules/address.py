"""Address fragments typed into the search box: "3栋2单元", "3-2-501", "幸福里5幢", "501室".

A dwelling is 小区 → 楼栋 → 单元 → 室; the floor follows from the room number (1203 → 12).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class AddressQuery:
    estate: str | None = None  # a fragment of the 小区 name
    building: str | None = None
    unit: str | None = None
    room: str | None = None


_DASHED = re.compile(r"(?P<estate>[^\d\-]*?)\s*(?P<b>\d+)-(?P<u>\d+)(?:-(?P<r>\d+))?")
_WORDS = re.compile(
    r"(?P<estate>[^\d]*?)\s*"
    r"(?:(?P<b>\d+)\s*(?:栋|幢|号楼|座))?\s*"
    r"(?:(?P<u>\d+)\s*单元)?\s*"
    r"(?:(?P<r>\d+)\s*(?:室|号)?)?"
)


def parse_address_query(raw: str) -> AddressQuery | None:
    """An address query, or ``None`` when the text does not look like an address."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if not text:
        return None
    match = _DASHED.fullmatch(text)
    if match is None:
        if not re.search(r"栋|幢|号楼|座|单元|室", text):
            return None
        match = _WORDS.fullmatch(text)
        if match is None:
            return None
    estate = match.group("estate") or None
    query = AddressQuery(estate=estate, building=match.group("b"), unit=match.group("u"),
                         room=match.group("r"))
    if query.building is None and query.unit is None and query.room is None:
        return None
    return query


def floor_of_room(room: str) -> int | None:
    """501 → 5, 1203 → 12; None when the room is not a number of three or more digits."""
    digits = unicodedata.normalize("NFKC", room).strip()
    if digits.isdigit() and len(digits) >= 3:
        return int(digits[:-2])
    return None


def format_address(estate: str | None, building: str | None, unit: str | None,
                   room: str | None) -> str:
    """幸福里小区3栋2单元501室 (parts that are missing are left out)."""
    if not (estate or building):
        return ""
    parts = [estate or ""]
    if building:
        parts.append(f"{building}栋")
    if unit:
        parts.append(f"{unit}单元")
    if room:
        parts.append(f"{room}室")
    return "".join(parts)
