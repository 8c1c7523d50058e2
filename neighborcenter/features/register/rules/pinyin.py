"""Pinyin search keys for names: 张三 ← "zhangsan", "zs".

pypinyin reads a character by its commonest reading, which is wrong for many surnames
(单 shàn not dān, 曾 zēng not céng, 区 ōu not qū …) and it has no surname mode. So the family
name, stored in its own field, is read from ``SURNAME_READINGS`` first (compound surnames
too); the given name goes to pypinyin. Where the reading depends on the family (乐 may be yuè
or lè), the record's own ``family_reading`` wins. Keys are toneless lower-case ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Surnames whose reading differs from the character's commonest one (toneless).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    # compound surnames first: they are matched before single characters
    "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"), "长孙": ("zhang", "sun"),
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",), "朴": ("piao",),
    "查": ("zha",), "区": ("ou",), "盖": ("ge",), "覃": ("qin",), "缪": ("miao",),
    "种": ("chong",), "黑": ("he",), "员": ("yun",), "繁": ("po",), "秘": ("bi",),
    "召": ("shao",), "乐": ("yue",), "过": ("guo",), "句": ("gou",), "折": ("she",),
}


@dataclass(frozen=True)
class NameKeys:
    full: str  # "shanliang"
    initials: str  # "sl"


def _syllables(text: str) -> list[str]:
    return list(_read(text))


@lru_cache(maxsize=20_000)
def _read(text: str) -> tuple[str, ...]:
    """pypinyin's reading (0.1 ms a name): remembered, as given names and surnames repeat
    (an import of 20 000 people asks for 秀英 and 建国 many times)."""
    from pypinyin import Style, lazy_pinyin  # ~300 ms to import: only when needed

    out = []
    for s in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        s = s.lower().replace("ü", "v")
        out.append("".join(ch for ch in s if ch.isascii() and ch.isalnum()))
    return tuple(s for s in out if s)


def surname_syllables(family_name: str) -> list[str]:
    family_name = family_name.strip()
    if family_name in SURNAME_READINGS:
        return list(SURNAME_READINGS[family_name])
    if len(family_name) > 1 and family_name[0] in SURNAME_READINGS:
        # e.g. a double-barrelled family name: the first character as a surname
        return list(SURNAME_READINGS[family_name[0]]) + _syllables(family_name[1:])
    return _syllables(family_name)


def name_keys(family_name: str, given_name: str, *, family_reading: str | None = None
              ) -> NameKeys:
    """Search keys for a name; ``family_reading`` (e.g. "le") overrides the table."""
    family = family_reading.lower().split() if family_reading else surname_syllables(family_name)
    syllables = family + _syllables(given_name)
    return NameKeys(full="".join(syllables), initials="".join(s[0] for s in syllables))
