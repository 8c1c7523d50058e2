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


class ConsentPurpose(enum.StrEnum):
    """What a resident (or a child's guardian) agreed to (个人信息处理同意)."""

    REGISTER = "register"  # 登记基本信息
    SENSITIVE = "sensitive"  # 敏感个人信息（健康、残疾、特定身份）
    CHILD = "child"  # 不满十四周岁未成年人信息（监护人同意）
    PHOTO = "photo"  # 照片、影像
    SHARE_STREET = "share_street"  # 向街道报送


class ResidenceEventKind(enum.StrEnum):
    """A dated change in where or whether a person lives here (history is never deleted)."""

    MOVED_IN = "moved_in"  # 迁入/入住
    MOVED_WITHIN = "moved_within"  # 辖区内搬迁
    MOVED_OUT = "moved_out"  # 迁出
    DECEASED = "deceased"  # 去世
    RETURNED = "returned"  # 重新入住
    MERGED = "merged"  # 重复记录合并


SEX_LABELS = {"M": N_("Male"), "F": N_("Female")}
ID_TYPE_LABELS = {
    IdType.RESIDENT_CARD: N_("Resident ID card"),
    IdType.HMT_PERMIT: N_("HK/Macao/Taiwan residence permit"),
    IdType.PASSPORT: N_("Passport"),
    IdType.OTHER: N_("Other document"),
}
RESIDENCE_TYPE_LABELS = {
    ResidenceType.OWNED: N_("Owner-occupied"),
    ResidenceType.RENTED: N_("Tenant"),
    ResidenceType.LODGING: N_("Lodging with others"),
}
REGISTRATION_TYPE_LABELS = {
    RegistrationType.LOCAL: N_("Registered here (hukou)"),
    RegistrationType.MIGRANT: N_("Migrant"),
    RegistrationType.FOREIGN: N_("From outside the mainland"),
}
RESIDENCE_STATUS_LABELS = {
    ResidenceStatus.PRESENT: N_("Lives at registered address"),
    ResidenceStatus.REGISTERED_ELSEWHERE: N_("Lives here, registered elsewhere"),
    ResidenceStatus.LIVES_ELSEWHERE: N_("Registered here, lives elsewhere"),
}
STATUS_LABELS = {
    ResidentStatus.ACTIVE: N_("On the register"),
    ResidentStatus.MOVED_OUT: N_("Moved out"),
    ResidentStatus.DECEASED: N_("Deceased"),
}
CONSENT_LABELS = {
    ConsentPurpose.REGISTER: N_("Basic register data"),
    ConsentPurpose.SENSITIVE: N_("Sensitive data (health, disability, identities)"),
    ConsentPurpose.CHILD: N_("Child under 14 (guardian's consent)"),
    ConsentPurpose.PHOTO: N_("Photos and video"),
    ConsentPurpose.SHARE_STREET: N_("Reporting to the street office"),
}
EVENT_LABELS = {
    ResidenceEventKind.MOVED_IN: N_("Moved in"),
    ResidenceEventKind.MOVED_WITHIN: N_("Moved within the community"),
    ResidenceEventKind.MOVED_OUT: N_("Moved out"),
    ResidenceEventKind.DECEASED: N_("Died"),
    ResidenceEventKind.RETURNED: N_("Came back"),
    ResidenceEventKind.MERGED: N_("Duplicate record merged"),
}
CHILD_AGE = 14  # 不满十四周岁: personal information of a child needs a guardian's consent
