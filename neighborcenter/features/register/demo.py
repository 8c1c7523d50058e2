"""A deterministic, realistic demo centre (same seed → same people, whatever the day).

Households of one to three generations live in 小区/楼栋/单元/室 dwellings, with an age pyramid
that leans old (as real 邻里中心 registers do), tenants and migrants, 人户分离 cases, valid
18-digit ID numbers, phones and tags in realistic proportions, and the 台账's fields: 民族
(汉族 the large majority; 回族, 满族, 土家族, 壮族, 畲族 …), 政治面貌 (中共党员 about 8 % of
adults, 共青团员 among the young), 文化程度 and 婚姻状况 by age, 户籍地址 (the same as the
address for most; migrants' in their home county, 人户分离 both ways) and 工作单位或学校.
Surnames include the polyphonic ones (单 shàn, 曾 zēng, 解 xiè, 仇 qiú, 朴 piáo, 查 zhā,
区 ōu) and compound ones (欧阳, 司马, 诸葛, 上官) that search must handle. Rows go in with bulk
inserts: 20 000 residents take a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS, DEMO_STAFF
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
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
    ResidentTag,
    TagType,
)
from neighborcenter.features.register.rules.dates import latest_birth_date
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.rules.pinyin import NameKeys, name_keys
from neighborcenter.features.register.rules.terms import (
    ConsentPurpose,
    IdType,
    RegistrationType,
    Relation,
    ResidenceEventKind,
    ResidenceStatus,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

#: Ages are counted from this date, so a seed gives the same people on any day.
REFERENCE_DATE = dt.date(2026, 7, 1)
MAX_RESIDENTS = 200_000

#: Who "recorded" the demo history, consents and contacts.
DEMO_RECORDER = DEMO_STAFF[0][0]
#: Tags whose information is sensitive (health, disability, hardship): a separate consent.
SENSITIVE_TAGS = frozenset({"disabled_care", "dementia", "disability", "minimum_living",
                            "near_minimum_living", "extreme_hardship"})

SURNAMES = (
    ("王", 60), ("李", 55), ("张", 55), ("刘", 40), ("陈", 45), ("杨", 30), ("黄", 25),
    ("赵", 25), ("吴", 30), ("周", 28), ("徐", 30), ("孙", 20), ("马", 15), ("朱", 20),
    ("胡", 18), ("沈", 25), ("钱", 15), ("姚", 12), ("陆", 15), ("潘", 12), ("金", 12),
    ("施", 10), ("费", 8), ("邱", 8), ("俞", 10), ("蒋", 10), ("戴", 8), ("许", 12),
    ("郑", 12), ("范", 8), ("叶", 10), ("汪", 8), ("乐", 4),
    # polyphonic as surnames
    ("单", 4), ("曾", 5), ("解", 3), ("仇", 3), ("朴", 2), ("查", 3), ("区", 2),
    # compound
    ("欧阳", 3), ("司马", 2), ("诸葛", 1), ("上官", 1),
)
GIVEN = {
    # born before 1955, 1955–1979, 1980–1999, 2000 on
    (0, "M"): "福生 根宝 阿毛 金土 德明 国华 建华 兴发 长根 荣富 宝林 顺昌 桂生 永福 财根".split(),
    (0, "F"): "桂英 秀英 玉兰 凤英 阿娣 金妹 杏花 彩凤 月娥 素珍 招娣 翠英 宝珍 菊芳 银娣".split(),
    (1, "M"): "建国 卫东 国强 志明 建军 红兵 伟民 国庆 跃进 建平 海平 立新 永红 文斌 学军".split(),
    (1, "F"): "丽华 红梅 建英 美华 秀芳 爱萍 春燕 晓红 卫红 玉珍 雪芳 美娟 惠芬 丽萍 亚萍".split(),
    (2, "M"): "伟 磊 强 军 勇 杰 涛 超 俊 斌 鹏 浩 亮 明 辉 晨 峰 凯 宇 飞".split(),
    (2, "F"): "婷 敏 静 丽 燕 艳 娟 霞 倩 颖 洁 琳 雪 佳 晶 露 蕾 莉 芳 慧".split(),
    (3, "M"): "子轩 浩然 宇航 梓睿 一鸣 俊熙 博文 皓轩 子墨 奕辰 沐阳 嘉懿 铭泽 晨阳 思远".split(),
    (3, "F"): "梓涵 欣怡 一诺 子涵 语桐 可馨 诗涵 雨萱 梦琪 思彤 佳怡 若曦 语嫣 欣妍 芷若".split(),
}
ESTATES = (
    ("幸福里小区", "爱山街道幸福路88号", 6, 18),
    ("翠苑一区", "爱山街道翠苑路12号", 6, 6),
    ("湖滨花园", "爱山街道湖滨路201号", 3, 11),
    ("丝绸路新村", "爱山街道丝绸路56号", 2, 6),
    ("龙溪苑", "爱山街道龙溪北路9号", 3, 11),
)
LOCAL_AREAS = ("330502", "330502", "330502", "330503", "330521")
MIGRANT_AREAS = ("341222", "412723", "513029", "522121", "360121", "430421")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")

# 民族 (GB/T 3304 codes): 汉族 the large majority; the minorities of a Zhejiang town (畲族 is
# the province's own) and of the provinces migrants come from (土家族, 苗族 from Hunan and
# Guizhou, 回族 from Henan and Anhui)
MINORITIES = (("03", 25), ("11", 18), ("08", 12), ("15", 14), ("22", 12), ("06", 10),
              ("02", 4), ("10", 4), ("09", 3))
# 文化程度 (GB/T 4658) of adults by generation (as _generation), and of migrants
EDUCATION_BY_GENERATION = {
    0: (("90", 15), ("80", 35), ("70", 28), ("60", 12), ("40", 5), ("30", 3), ("20", 2)),
    1: (("80", 8), ("70", 35), ("60", 22), ("40", 12), ("30", 12), ("20", 10), ("14", 1)),
    2: (("70", 12), ("60", 12), ("40", 12), ("30", 25), ("20", 32), ("14", 6), ("11", 1)),
    3: (("60", 20), ("40", 20), ("30", 30), ("20", 28), ("14", 2)),
}
MIGRANT_EDUCATION = (("80", 8), ("70", 40), ("60", 20), ("40", 12), ("30", 12), ("20", 8))
# 户籍地址 of those registered elsewhere: the ID number's area → its place
MIGRANT_PLACES = {
    "341222": ("安徽省阜阳市太和县", ("旧县镇", "宫集镇", "李兴镇")),
    "412723": ("河南省周口市商水县", ("黄寨镇", "练集镇", "固墙镇")),
    "513029": ("四川省达州市大竹县", ("庙坝镇", "石河镇", "周家镇")),
    "522121": ("贵州省遵义市播州区", ("鸭溪镇", "枫香镇", "乌江镇")),
    "360121": ("江西省南昌市南昌县", ("向塘镇", "三江镇", "黄马乡")),
    "430421": ("湖南省衡阳市衡阳县", ("西渡镇", "集兵镇", "演陂镇")),
}
VILLAGES = ("张庄村", "李楼村", "王湾村", "新华村", "红星村", "光明村", "和平村", "前进村")
# 人在户不在 among locals: registered elsewhere in the city (市内人户分离)
NEARBY_HUKOU = ("浙江省湖州市南浔区练市镇", "浙江省湖州市吴兴区织里镇",
                "浙江省湖州市德清县武康街道", "浙江省湖州市长兴县雉城街道",
                "浙江省湖州市吴兴区月河街道")
WORKPLACES = ("湖州市中心医院", "湖州银行", "吴兴区人民政府", "天能控股集团", "湖州师范学院",
              "爱山街道社区卫生服务中心", "湖州市第一人民医院", "浙北大厦", "湖州供电公司",
              "吴兴区市场监督管理局", "湖州市自来水公司", "个体经营")
MIGRANT_WORKPLACES = ("织里童装厂", "湖州物产城", "美团外卖", "顺丰速运湖州分部", "个体经营",
                      "吴兴区某建筑工地", "湖州万达广场")
SCHOOLS = ((12, ("爱山小学", "湖州市红旗路小学", "湖州市东风小学")),
           (15, ("湖州市第五中学", "湖州市第四中学", "湖州市第十一中学")),
           (18, ("湖州中学", "湖州二中", "湖州市交通学校")),
           (22, ("湖州师范学院", "湖州学院", "湖州职业技术学院")))


@dataclass(frozen=True)
class DemoSummary:
    residents: int
    households: int
    dwellings: int
    elders_80_plus: int
    tags: int
    moved_out: int
    deceased: int
    created_centre: bool
    admin_username: str | None = None
    admin_passphrase: str | None = None

    def describe(self, path: object) -> str:
        return _("Demo data loaded into {path}: {residents} residents in {households} "
                 "households ({moved_out} of them moved out, {deceased} deceased), {elders} on "
                 "the register aged 80 or more, {tags} tags.").format(
            path=path, residents=self.residents, households=self.households,
            moved_out=self.moved_out, deceased=self.deceased, elders=self.elders_80_plus,
            tags=self.tags)


def _generation(born: dt.date) -> int:
    return 0 if born.year < 1955 else 1 if born.year < 1980 else 2 if born.year < 2000 else 3


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.surnames = [s for s, _w in SURNAMES]
        self.weights = [w for _s, w in SURNAMES]
        self._keys: dict[tuple[str, str], NameKeys] = {}

    def keys(self, family: str, given: str) -> NameKeys:
        if (family, given) not in self._keys:  # names repeat: read each one once
            self._keys[family, given] = name_keys(family, given)
        return self._keys[family, given]

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.weights)[0]

    def birth(self, age_low: int, age_high: int) -> dt.date:
        age = self.rng.randint(age_low, age_high)
        return REFERENCE_DATE - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def id_number(self, born: dt.date, sex: str, migrant: bool) -> str:
        areas = MIGRANT_AREAS if migrant else LOCAL_AREAS
        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (sex == "M"):
                seq = (seq + 1) % 1000
            number = make_id_number(self.rng.choice(areas), born, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self, born: dt.date) -> str | None:
        age = REFERENCE_DATE.year - born.year
        if age < 12:
            return None
        if age >= 75 and self.rng.random() < 0.4:
            return f"0572-{self.rng.randint(2000000, 2999999)}"
        prefix = self.rng.choice(("138", "139", "135", "137", "150", "158", "159", "187", "188",
                                  "133", "153", "180", "189", "130", "131", "155", "186"))
        return f"{prefix}{self.rng.randint(0, 99_999_999):08d}"


@writes
def load_demo_data(
    uow: UnitOfWork, *, actor: Actor, residents: int = DEFAULT_RESIDENTS, seed: int = 1
) -> DemoSummary:
    """Fill an empty register with a demo centre. Refuses a register that has residents."""
    actor.require(Permission.EDIT_REGISTER)
    if not 1 <= residents <= MAX_RESIDENTS:
        raise ValidationError(
            _("The number of demo residents must be between 1 and {max}.").format(
                max=MAX_RESIDENTS), field="residents")
    with uow:
        if uow.session.scalar(select(func.count()).select_from(Resident)):
            raise ValidationError(
                _("This database already has residents; demo data goes only into an empty "
                  "register. Use a new database file for the demo."))
        summary = _fill(uow, residents=residents, seed=seed)
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} residents"),
                           args={"n": summary.residents}),
               detail={"residents": residents, "seed": seed},
               changed=(REGISTER,))
        return summary


def _fill(uow: UnitOfWork, *, residents: int, seed: int) -> DemoSummary:
    session = uow.session
    b = _Builder(seed)
    tag_ids = {t.code: t.id for t in session.scalars(select(TagType))}

    estates: list[dict[str, Any]] = []  # rows for bulk_insert, column → value
    buildings: list[dict[str, Any]] = []
    dwellings: list[dict[str, Any]] = []
    # Enough dwellings for ~2.4 people each, plus some empty ones.
    wanted = int(residents / 2.4 * 1.08) + 2
    per_estate = max(1, wanted // len(ESTATES) + 1)
    for name, address, units, floors in ESTATES:
        estate_id = b.uuid()
        estates.append({"id": estate_id, "name": name, "address": address})
        per_building = units * floors * 2
        n_buildings = max(1, -(-per_estate // per_building))
        for number in range(1, n_buildings + 1):
            building_id = b.uuid()
            buildings.append({"id": building_id, "estate_id": estate_id, "number": str(number),
                              "floors": floors})
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for room in (1, 2):
                        dwellings.append({"id": b.uuid(), "building_id": building_id,
                                          "unit": str(unit), "floor": floor,
                                          "room": f"{floor}{room:02d}"})
    b.rng.shuffle(dwellings)

    people: list[dict] = []
    households: list[dict] = []
    tags: list[dict] = []

    def tag(resident_id: str, code: str, since: dt.date, grade: str | None = None,
            evidence: str = "") -> None:
        tags.append({"id": b.uuid(), "resident_id": resident_id, "tag_type_id": tag_ids[code],
                     "grade": grade, "valid_from": since, "evidence": evidence,
                     "review_date": REFERENCE_DATE + dt.timedelta(days=b.rng.randint(30, 365))})

    def person(household_id: str, dwelling_id: str, relation: Relation, family: str, sex: str,
               born: dt.date, *, migrant: bool, rented: bool) -> dict:
        given = b.rng.choice(GIVEN[(_generation(born), sex)])
        status = ResidenceStatus.PRESENT
        roll = b.rng.random()
        if migrant:
            status = ResidenceStatus.REGISTERED_ELSEWHERE  # their hukou is where they came from
        elif roll < 0.03:
            status = ResidenceStatus.LIVES_ELSEWHERE  # 户在人不在
        elif roll < 0.05:
            status = ResidenceStatus.REGISTERED_ELSEWHERE  # 人在户不在
        keys = b.keys(family, given)
        row = {
            "id": b.uuid(), "family_name": family, "given_name": given, "name": family + given,
            "pinyin_full": keys.full, "pinyin_initials": keys.initials,
            "sex": sex, "birth_date": born, "id_type": IdType.RESIDENT_CARD.value,
            "id_number": b.id_number(born, sex, migrant), "phone": b.phone(born),
            "household_id": household_id, "relation_to_head": relation.value,
            "dwelling_id": dwelling_id,
            "residence_type": (ResidenceType.RENTED if rented else ResidenceType.OWNED).value,
            "registration_type": (RegistrationType.MIGRANT if migrant
                                  else RegistrationType.LOCAL).value,
            "residence_status": status.value, "status": ResidentStatus.ACTIVE.value,
            "notes": "", "status_date": None, "moved_in_on": None,
            # filled in by profile(): 民族, 政治面貌, 文化程度, 婚姻状况, 户籍地址, 单位
            "ethnicity": None, "political_status": None, "education": None,
            "marital_status": None, "hukou_address": None, "hukou_same": False,
            "workplace": None,
        }
        people.append(row)
        return row

    events: list[dict] = []
    contacts: list[dict] = []
    consents: list[dict] = []

    def event(resident_id: str, kind: ResidenceEventKind, on: dt.date, *,
              from_dwelling: str | None = None, to_dwelling: str | None = None) -> None:
        events.append({"id": b.uuid(), "resident_id": resident_id, "kind": kind.value, "on": on,
                       "from_dwelling_id": from_dwelling, "to_dwelling_id": to_dwelling,
                       "notes": "", "recorded_by": DEMO_RECORDER})

    def consent(resident_id: str, purpose: ConsentPurpose, on: dt.date, given_by: str,
                guardian: str = "") -> None:
        consents.append({"id": b.uuid(), "resident_id": resident_id, "purpose": purpose.value,
                         "given_on": on, "given_by": given_by, "guardian_relation": guardian,
                         "recorded_by": DEMO_RECORDER, "notes": ""})

    def day_between(first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=b.rng.randint(0, max(0, (last - first).days)))

    def settle(kind: str, members: list[dict], dwelling_id: str, own_tags: list[dict], *,
               migrant: bool, rented: bool) -> None:
        """History, consents, emergency contacts, moves out and deaths of one household."""
        if migrant or rented:
            first = dt.date(2018, 1, 1)
        elif kind in ("elder_alone", "elder_couple"):
            first = dt.date(1985, 1, 1)
        else:
            first = dt.date(1995, 1, 1)
        since = day_between(first, REFERENCE_DATE - dt.timedelta(days=60))
        moved_from = (b.rng.choice(dwellings)["id"]
                      if since.year >= 2005 and b.rng.random() < 0.05 else None)
        mother = next((m for m in members if m["relation_to_head"] == Relation.SPOUSE.value),
                      None)
        for m in members:
            m["moved_in_on"] = moved = max(since, m["birth_date"])
            if moved_from and moved - dt.timedelta(days=3 * 365) > m["birth_date"]:
                earlier = moved - dt.timedelta(days=b.rng.randint(3, 12) * 365)
                event(m["id"], ResidenceEventKind.MOVED_IN, max(earlier, m["birth_date"]),
                      to_dwelling=moved_from)
                event(m["id"], ResidenceEventKind.MOVED_WITHIN, moved, from_dwelling=moved_from,
                      to_dwelling=dwelling_id)
            else:
                event(m["id"], ResidenceEventKind.MOVED_IN, moved, to_dwelling=dwelling_id)
            # consents: since the personal-information law (2021-11-01), most people signed
            signed = max(moved, dt.date(2021, 11, 1)) + dt.timedelta(days=b.rng.randint(0, 200))
            if signed >= REFERENCE_DATE or b.rng.random() < 0.08:
                continue  # not yet asked: the staff have a follow-up to do
            if (signed - m["birth_date"]).days < 14 * 365:
                guardian = mother if mother and b.rng.random() < 0.6 else members[0]
                consent(m["id"], ConsentPurpose.CHILD, signed, guardian["name"],
                        "母亲" if guardian is mother else "父亲")
                continue
            consent(m["id"], ConsentPurpose.REGISTER, signed, m["name"])
            if any(t["resident_id"] == m["id"] and t["tag_type_id"] in sensitive_ids
                   for t in own_tags):
                consent(m["id"], ConsentPurpose.SENSITIVE, signed, m["name"])
        if kind in ("elder_alone", "elder_couple"):
            # the children live elsewhere: they are the ones to call
            for _i in range(b.rng.choices((0, 1, 2), (10, 60, 30))[0]):
                sex = b.rng.choice("MF")
                child_born = members[0]["birth_date"] + dt.timedelta(days=b.rng.randint(22, 34)
                                                                     * 365)
                given = b.rng.choice(GIVEN[(_generation(child_born), sex)])
                contacts.append({"id": b.uuid(), "resident_id": members[0]["id"],
                                 "name": members[0]["family_name"] + given,
                                 "relation": "儿子" if sex == "M" else "女儿",
                                 "phone": b.phone(child_born) or "", "notes": ""})
        roll = b.rng.random()
        if migrant and roll < 0.12:  # a migrant family that has left again
            gone = day_between(max(since, dt.date(2023, 1, 1)), REFERENCE_DATE)
            for m in members:
                m["status"], m["status_date"] = ResidentStatus.MOVED_OUT.value, gone
                event(m["id"], ResidenceEventKind.MOVED_OUT, gone, from_dwelling=dwelling_id)
        for m in members:
            if (REFERENCE_DATE - m["birth_date"]).days >= 85 * 365 and b.rng.random() < 0.06:
                died = day_between(max(since, dt.date(2024, 1, 1)), REFERENCE_DATE)
                m["status"], m["status_date"] = ResidentStatus.DECEASED.value, died
                event(m["id"], ResidenceEventKind.DECEASED, died, from_dwelling=dwelling_id)
                for t in own_tags:
                    if t["resident_id"] == m["id"]:
                        t["valid_to"] = died

    def pick(weighted: tuple[tuple[str, int], ...]) -> str:
        return b.rng.choices([c for c, _w in weighted], [w for _c, w in weighted])[0]

    def profile(kind: str, members: list[dict], *, migrant: bool) -> None:
        """民族, 政治面貌, 文化程度, 婚姻状况, 户籍地址 and 工作单位或学校 of one household,
        by age: a few fields are left empty (未填写), as in a real 台账."""
        for m in members[1:]:  # a daughter is not named as her mother: the consents tell them apart
            while any(o["name"] == m["name"] for o in members if o is not m):
                given = b.rng.choice(GIVEN[(_generation(m["birth_date"]), m["sex"])])
                keys = b.keys(m["family_name"], given)
                m.update(given_name=given, name=m["family_name"] + given,
                         pinyin_full=keys.full, pinyin_initials=keys.initials)
        lineage = pick(MINORITIES) if b.rng.random() < (0.09 if migrant else 0.035) else "01"
        mother = next((m for m in members if m["relation_to_head"] == Relation.MOTHER.value),
                      None)
        for m in members:
            age = (REFERENCE_DATE - m["birth_date"]).days // 365
            relation = m["relation_to_head"]
            if relation in (Relation.SON.value, Relation.DAUGHTER.value,
                            Relation.HEAD.value, Relation.FATHER.value):
                m["ethnicity"] = lineage
            else:  # who married in: a family of their own
                m["ethnicity"] = pick(MINORITIES) if b.rng.random() < 0.035 else "01"
            # 政治面貌: Party members among adults, 共青团员 among the young
            roll = b.rng.random()
            if age >= 22 and roll < (0.04 if migrant else 0.085):
                m["political_status"] = "01"
            elif 20 <= age <= 35 and roll < 0.095:
                m["political_status"] = "02"  # 预备党员
            elif 14 <= age <= 28 and roll < 0.45:
                m["political_status"] = "03"  # 共青团员
            elif age >= 40 and roll < 0.093:
                m["political_status"] = b.rng.choice(("05", "07", "06", "12"))
            else:
                m["political_status"] = "13"  # 群众
            # 文化程度: at school by age, then by generation
            if age < 7:
                m["education"] = "90"  # 学龄前
            elif age <= 12:
                m["education"] = "80"
            elif age <= 15:
                m["education"] = "70"
            elif age <= 18:
                m["education"] = b.rng.choice(("60", "40"))
            else:
                m["education"] = pick(MIGRANT_EDUCATION if migrant else
                                      EDUCATION_BY_GENERATION[_generation(m["birth_date"])])
            # 婚姻状况
            if age < 20:
                m["marital_status"] = "10"
            elif relation in (Relation.HEAD.value, Relation.SPOUSE.value) and \
                    kind != "single" and kind != "elder_alone":
                m["marital_status"] = "22" if b.rng.random() < 0.04 else "20"
            elif relation == Relation.FATHER.value:
                m["marital_status"] = "20" if mother else "30"
            elif relation == Relation.MOTHER.value:
                m["marital_status"] = "20"
            elif kind == "elder_alone":
                m["marital_status"] = pick((("30", 72), ("40", 10), ("10", 3), ("20", 15)))
            elif age < 28:
                m["marital_status"] = pick((("10", 85), ("20", 15)))
            else:
                m["marital_status"] = pick((("10", 45), ("20", 40), ("40", 15)))
            # 户籍地址
            status = m["residence_status"]
            if status == ResidenceStatus.REGISTERED_ELSEWHERE.value:
                if migrant:
                    place, towns = MIGRANT_PLACES[m["id_number"][:6]]
                    m["hukou_address"] = (place + b.rng.choice(towns) + b.rng.choice(VILLAGES)
                                          + f"{b.rng.randint(1, 120)}号")
                else:
                    m["hukou_address"] = (b.rng.choice(NEARBY_HUKOU) +
                                          f"{b.rng.choice(('新村', '花园', '家园'))}"
                                          f"{b.rng.randint(1, 30)}幢{b.rng.randint(101, 602)}室")
            else:
                m["hukou_same"] = True  # 人户一致, and 户在人不在: registered at this address
            # 工作单位或学校
            if 7 <= age <= 22 and b.rng.random() < 0.8:
                m["workplace"] = b.rng.choice(next(names for top, names in SCHOOLS
                                                   if age <= top))
            elif 23 <= age <= 59 and b.rng.random() < 0.45:
                m["workplace"] = b.rng.choice(MIGRANT_WORKPLACES if migrant else WORKPLACES)
            # a real 台账 has gaps: a few fields not recorded
            for field in ("ethnicity", "political_status", "education", "marital_status"):
                if b.rng.random() < 0.015:
                    m[field] = None

    sensitive_ids = {tag_ids[code] for code in SENSITIVE_TAGS}
    dwelling_iter = iter(dwellings)
    household_no = 0
    while len(people) < residents:
        dwelling = next(dwelling_iter, None)
        if dwelling is None:  # more people than rooms: share rooms
            dwelling = b.rng.choice(dwellings)
        household_no += 1
        household_id = b.uuid()
        kind = b.rng.choices(
            ("elder_alone", "elder_couple", "three_generations", "family", "couple", "single"),
            (9, 22, 20, 28, 12, 9))[0]
        migrant = kind in ("single", "family", "couple") and b.rng.random() < 0.25
        rented = migrant or b.rng.random() < 0.05
        family = b.surname()
        tag_start = len(tags)
        members: list[dict] = []
        if kind == "elder_alone":
            sex = b.rng.choice("MFF")
            members.append(person(household_id, dwelling["id"], Relation.HEAD, family, sex,
                                  b.birth(70, 97), migrant=False, rented=False))
        elif kind in ("elder_couple", "couple", "family", "three_generations"):
            if kind == "elder_couple":
                ages = (62, 92)
            elif kind == "three_generations":
                ages = (30, 50)
            else:
                ages = (24, 55)
            born = b.birth(*ages)
            members.append(person(household_id, dwelling["id"], Relation.HEAD, family, "M", born,
                                  migrant=migrant, rented=rented))
            spouse_born = born + dt.timedelta(days=b.rng.randint(-1500, 1500))
            spouse_born = min(spouse_born, REFERENCE_DATE - dt.timedelta(days=20 * 365))
            members.append(person(household_id, dwelling["id"], Relation.SPOUSE, b.surname(),
                                  "F", spouse_born, migrant=migrant, rented=rented))
            if kind in ("family", "three_generations"):
                for _i in range(b.rng.choices((1, 2), (70, 30))[0]):
                    child_sex = b.rng.choice("MF")
                    child_born = born + dt.timedelta(days=b.rng.randint(23, 35) * 365)
                    child_born = min(child_born, REFERENCE_DATE - dt.timedelta(days=200))
                    members.append(person(
                        household_id, dwelling["id"],
                        Relation.SON if child_sex == "M" else Relation.DAUGHTER,
                        family, child_sex, child_born, migrant=migrant, rented=rented))
            if kind == "three_generations":
                elder_born = born - dt.timedelta(days=b.rng.randint(24, 32) * 365)
                members.append(person(household_id, dwelling["id"], Relation.FATHER, family, "M",
                                      elder_born, migrant=False, rented=False))
                if b.rng.random() < 0.7:
                    members.append(person(household_id, dwelling["id"], Relation.MOTHER,
                                          b.surname(), "F",
                                          elder_born + dt.timedelta(days=b.rng.randint(0, 1800)),
                                          migrant=False, rented=False))
        else:  # single young adult, often a tenant
            sex = b.rng.choice("MF")
            members.append(person(household_id, dwelling["id"], Relation.HEAD, family, sex,
                                  b.birth(19, 40), migrant=migrant, rented=True))
        households.append({"id": household_id, "number": f"{household_no:06d}",
                           "dwelling_id": dwelling["id"], "head_id": members[0]["id"]})

        # tags
        hardship = b.rng.random()
        for m in members:
            age = (REFERENCE_DATE - m["birth_date"]).days // 365
            since = max(m["birth_date"] + dt.timedelta(days=80 * 365), dt.date(2015, 1, 1))
            if age >= 80:
                tag(m["id"], "elderly", since, evidence="身份证")
            if kind == "elder_alone":
                tag(m["id"], "living_alone", dt.date(2020, 1, 1), evidence="入户核实")
            if kind == "elder_couple" and age >= 60:
                tag(m["id"], "empty_nest", dt.date(2019, 6, 1), evidence="入户核实")
            if age >= 85 and b.rng.random() < 0.15:
                tag(m["id"], "disabled_care", dt.date(2023, 3, 1), evidence="评估报告")
            if age >= 80 and b.rng.random() < 0.05:
                tag(m["id"], "dementia", dt.date(2024, 5, 1), evidence="医院诊断")
            if b.rng.random() < 0.03:
                tag(m["id"], "disability", dt.date(2018, 9, 1),
                    grade=b.rng.choice(DISABILITY_GRADES), evidence="残疾人证")
            if age >= 25 and m["sex"] == "M" and b.rng.random() < 0.03:
                tag(m["id"], "veteran", dt.date(1995, 12, 1), evidence="退役军人证")
            if hardship < 0.02:
                tag(m["id"], "minimum_living", dt.date(2022, 1, 1), evidence="低保证")
            elif hardship < 0.035:
                tag(m["id"], "near_minimum_living", dt.date(2023, 1, 1), evidence="民政认定")
            elif hardship < 0.038:
                tag(m["id"], "extreme_hardship", dt.date(2021, 1, 1), evidence="特困供养证")
        if kind == "family" and migrant and b.rng.random() < 0.3:
            for m in members:
                if (REFERENCE_DATE - m["birth_date"]).days < 16 * 365:
                    tag(m["id"], "left_behind_child", dt.date(2025, 9, 1), evidence="学校证明")
        profile(kind, members, migrant=migrant)
        settle(kind, members, dwelling["id"], tags[tag_start:], migrant=migrant,
               rented=rented)

    people = people[:residents]
    kept = {p["id"] for p in people}
    households = [h for h in households if h["head_id"] in kept]
    tags = [t for t in tags if t["resident_id"] in kept]
    for t in tags:
        t.setdefault("valid_to", None)  # one shape of row for the bulk insert
    events = [e for e in events if e["resident_id"] in kept]
    contacts = [c for c in contacts if c["resident_id"] in kept]
    consents = [c for c in consents if c["resident_id"] in kept]

    for model, rows in ((Estate, estates), (Building, buildings), (Dwelling, dwellings),
                        (Household, households), (Resident, people), (ResidentTag, tags),
                        (ResidenceEvent, events), (EmergencyContact, contacts),
                        (Consent, consents)):
        uow.bulk_insert(model, rows)
    active = [p for p in people if p["status"] == ResidentStatus.ACTIVE.value]
    cutoff = latest_birth_date(80, REFERENCE_DATE)  # the home page's and the register's
    elders = sum(1 for p in active if p["birth_date"] <= cutoff)
    return DemoSummary(
        residents=len(people), households=len(households), dwellings=len(dwellings),
        elders_80_plus=elders, tags=len(tags),
        moved_out=sum(p["status"] == ResidentStatus.MOVED_OUT.value for p in people),
        deceased=sum(p["status"] == ResidentStatus.DECEASED.value for p in people),
        created_centre=False)
