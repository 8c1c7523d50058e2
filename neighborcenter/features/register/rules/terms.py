"""Words of the resident register (居民台账). Values are stored; labels are translated.

Each member carries its label (``LabelledEnum``): ``Relation.HEAD.label`` is 户主 in Chinese.
"""

from __future__ import annotations

from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.i18n import N_, LabelledEnum


class ResidenceType(LabelledEnum):
    OWNED = "owned", N_("Owner-occupied")  # 自有
    RENTED = "rented", N_("Tenant")  # 租住
    LODGING = "lodging", N_("Lodging with others")  # 寄居


class RegistrationType(LabelledEnum):
    LOCAL = "local", N_("Registered here (hukou)")  # 户籍
    MIGRANT = "migrant", N_("Migrant")  # 流动
    FOREIGN = "foreign", N_("From outside the mainland")  # 境外


class ResidenceStatus(LabelledEnum):
    PRESENT = "present", N_("Lives at registered address")  # 人户一致
    # 人在户不在
    REGISTERED_ELSEWHERE = "registered_elsewhere", N_("Lives here, registered elsewhere")
    LIVES_ELSEWHERE = "lives_elsewhere", N_("Registered here, lives elsewhere")  # 户在人不在


class ResidentStatus(LabelledEnum):
    ACTIVE = "active", N_("On the register")  # 在册
    MOVED_OUT = "moved_out", N_("Moved out")  # 迁出
    DECEASED = "deceased", N_("Deceased")  # 去世


class IdType(LabelledEnum):
    RESIDENT_CARD = "resident_card", N_("Resident ID card")  # 居民身份证
    HMT_PERMIT = "hmt_permit", N_("HK/Macao/Taiwan residence permit")  # 港澳台居民居住证
    PASSPORT = "passport", N_("Passport")  # 护照
    OTHER = "other", N_("Other document")  # 其他


class Relation(LabelledEnum):
    """Relation to the head of household (与户主关系)."""

    HEAD = "head", N_("Head of household")  # 户主
    SPOUSE = "spouse", N_("Spouse")  # 配偶
    SON = "son", N_("Son")  # 子
    DAUGHTER = "daughter", N_("Daughter")  # 女
    SON_IN_LAW = "son_in_law", N_("Son-in-law")  # 女婿
    DAUGHTER_IN_LAW = "daughter_in_law", N_("Daughter-in-law")  # 儿媳
    GRANDSON = "grandson", N_("Grandson")  # 孙子/外孙子
    GRANDDAUGHTER = "granddaughter", N_("Granddaughter")  # 孙女/外孙女
    FATHER = "father", N_("Father")  # 父亲
    MOTHER = "mother", N_("Mother")  # 母亲
    SIBLING = "sibling", N_("Brother or sister")  # 兄弟姐妹
    OTHER = "other", N_("Other relation")  # 其他


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
    # 党员 is no tag since 0005: 政治面貌 (rules/codes.py) says it, once
    "veteran": (N_("Veteran"), False),  # 退役军人
}


class ConsentPurpose(LabelledEnum):
    """What a resident (or a child's guardian) agreed to (个人信息处理同意)."""

    REGISTER = "register", N_("Basic register data")  # 登记基本信息
    # 敏感个人信息（健康、残疾、特定身份）
    SENSITIVE = "sensitive", N_("Sensitive data (health, disability, identities)")
    # 不满十四周岁未成年人信息（监护人同意）
    CHILD = "child", N_("Child under 14 (guardian's consent)")
    PHOTO = "photo", N_("Photos and video")  # 照片、影像
    SHARE_STREET = "share_street", N_("Reporting to the street office")  # 向街道报送


class ResidenceEventKind(LabelledEnum):
    """A dated change in where or whether a person lives here (history is never deleted)."""

    MOVED_IN = "moved_in", N_("Moved in")  # 迁入/入住
    MOVED_WITHIN = "moved_within", N_("Moved within the community")  # 辖区内搬迁
    MOVED_OUT = "moved_out", N_("Moved out")  # 迁出
    DECEASED = "deceased", N_("Died")  # 去世
    RETURNED = "returned", N_("Came back")  # 重新入住
    MERGED = "merged", N_("Duplicate record merged")  # 重复记录合并


# Value → untranslated label, for the code that still looks labels up in a table
# (``label(RELATION_LABELS, value)`` in the services). Say ``value.label`` instead.
SEX_LABELS = {m: m.msgid for m in Sex}  # keyed by Sex, so "M" and "F" find theirs too
RELATION_LABELS = {m: m.msgid for m in Relation}
ID_TYPE_LABELS = {m: m.msgid for m in IdType}
RESIDENCE_TYPE_LABELS = {m: m.msgid for m in ResidenceType}
REGISTRATION_TYPE_LABELS = {m: m.msgid for m in RegistrationType}
RESIDENCE_STATUS_LABELS = {m: m.msgid for m in ResidenceStatus}
STATUS_LABELS = {m: m.msgid for m in ResidentStatus}
CONSENT_LABELS = {m: m.msgid for m in ConsentPurpose}
EVENT_LABELS = {m: m.msgid for m in ResidenceEventKind}

CHILD_AGE = 14  # 不满十四周岁: personal information of a child needs a guardian's consent
