"""Words of the resident register (居民台账). Values are stored; labels are translated."""

from __future__ import annotations

import enum

from neighborcenter.i18n import N_


class ResidenceType(enum.StrEnum):
    OWNED = "owned"  # 自有
    RENTED = "rented"  # 租住
    LODGING = "lodging"  # 寄居


class RegistrationType(enum.StrEnum):
    LOCAL = "local"  # 户籍
    MIGRANT = "migrant"  # 流动
    FOREIGN = "foreign"  # 境外


class ResidenceStatus(enum.StrEnum):
    PRESENT = "present"  # 人户一致
    REGISTERED_ELSEWHERE = "registered_elsewhere"  # 人在户不在
    LIVES_ELSEWHERE = "lives_elsewhere"  # 户在人不在


class ResidentStatus(enum.StrEnum):
    ACTIVE = "active"  # 在册
    MOVED_OUT = "moved_out"  # 迁出
    DECEASED = "deceased"  # 去世


class IdType(enum.StrEnum):
    RESIDENT_CARD = "resident_card"  # 居民身份证
    HMT_PERMIT = "hmt_permit"  # 港澳台居民居住证
    PASSPORT = "passport"  # 护照
    OTHER = "other"  # 其他


class Relation(enum.StrEnum):
    """Relation to the head of household (与户主关系)."""

    HEAD = "head"  # 户主
    SPOUSE = "spouse"  # 配偶
    SON = "son"  # 子
    DAUGHTER = "daughter"  # 女
    SON_IN_LAW = "son_in_law"  # 女婿
    DAUGHTER_IN_LAW = "daughter_in_law"  # 儿媳
    GRANDSON = "grandson"  # 孙子/外孙子
    GRANDDAUGHTER = "granddaughter"  # 孙女/外孙女
    FATHER = "father"  # 父亲
    MOTHER = "mother"  # 母亲
    SIBLING = "sibling"  # 兄弟姐妹
    OTHER = "other"  # 其他


RELATION_LABELS = {
    Relation.HEAD: N_("Head of household"),
    Relation.SPOUSE: N_("Spouse"),
    Relation.SON: N_("Son"),
    Relation.DAUGHTER: N_("Daughter"),
    Relation.SON_IN_LAW: N_("Son-in-law"),
    Relation.DAUGHTER_IN_LAW: N_("Daughter-in-law"),
    Relation.GRANDSON: N_("Grandson"),
    Relation.GRANDDAUGHTER: N_("Granddaughter"),
    Relation.FATHER: N_("Father"),
    Relation.MOTHER: N_("Mother"),
    Relation.SIBLING: N_("Brother or sister"),
    Relation.OTHER: N_("Other relation"),
}

# The built-in tags (an editable list: centres add their own). code → (label, has a grade)
BUILTIN_TAGS: dict[str, tuple[str, bool]] = {
    "elderly": (N_("Elderly (80+)"), False),  # 高龄
    "living_alone": (N_("Living alone"), False),  # 独居
    "empty_nest": (N_("Empty nest"), False),  # 空巢
    "left_behind_elder": (N_("Left-behind elder"), False),  # 留守老人
    "disabled_care": (N_("Needs care (disabled)"), False),  # 失能
    "dementia": (N_("Dementia"), False),  # 失智
    "disability": (N_("Disability"), True),  # 残疾 (with grade)
    "minimum_living": (N_("Minimum living allowance"), False),  # 低保
    "near_minimum_living": (N_("Near minimum living allowance"), False),  # 低保边缘
    "extreme_hardship": (N_("Extreme hardship support"), False),  # 特困
    "special_family": (N_("Family-planning special family"), False),  # 计划生育特殊家庭
    "left_behind_child": (N_("Left-behind child"), False),  # 留守儿童
    "party_member": (N_("Party member"), False),  # 党员
    "veteran": (N_("Veteran"), False),  # 退役军人
}
