"""The national code lists a 人口台账 uses: stored as codes, shown as words, and read from what
people type in their sheets ("汉" → 汉族 01, "党员" → 中共党员 01, "大专" → 大学专科 30).

- 民族: GB/T 3304-1991 (the 56 groups, 97 其他, 98 外国血统中国籍人士);
- 政治面貌: GB/T 4762-1984 (as amended: 12 无党派民主人士, 13 群众);
- 文化程度: GB/T 4658-2006, at the level registers keep (研究生, or 博士/硕士 when known);
- 婚姻状况: GB/T 2261.2-2003.

The words are the standards' own Chinese names (they are data, the same in every language of
the interface, as the names of places are)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, _

ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族")


@dataclass(frozen=True)
class CodeList:
    key: str  # the field: "ethnicity" …
    title: str  # N_(): its name, 民族
    standard: str  # GB/T 3304-1991
    words: dict[str, str]  # code → the standard's name
    aliases: dict[str, str]  # what people type (normalised) → code

    def word(self, code: str | None) -> str:
        return self.words.get(code or "", "") if code else ""

    def read(self, raw: object, *, field: str | None = None) -> str | None:
        """A typed or imported value → its code; empty → None. Refused with the accepted
        words listed when it is not in the list."""
        text = _key(raw)
        if not text:
            return None
        code = self.aliases.get(text)
        if code is None:
            raise ValidationError(
                _("“{value}” is not a {what} of {standard}. Accepted: {words}.").format(
                    value=str(raw).strip(), what=_(self.title), standard=self.standard,
                    words="、".join(self.words.values())),
                field=field or self.key)
        return code


def _key(raw: object) -> str:
    """What is compared: NFKC (full-width letters and digits), no spaces, no brackets."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "()（）")


def _aliases(words: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    found = {_key(word): code for code, word in words.items()}
    found.update({_key(code): code for code in words})  # the code itself: "01"
    found.update({_key(alias): code for alias, code in extra.items()})
    return found


_ETHNIC_WORDS = {f"{i:02d}": name for i, name in enumerate(ETHNIC_GROUPS, start=1)}
_ETHNIC_WORDS |= {"97": "其他", "98": "外国血统中国籍人士"}
# "汉" for 汉族, "蒙古" for 蒙古族 …; 穿青人 and other groups not identified are 其他 (97)
_ETHNIC_EXTRA = {name.removesuffix("族"): code for code, name in _ETHNIC_WORDS.items()
                 if name.endswith("族")}
_ETHNIC_EXTRA |= {"蒙": "02", "维吾尔": "05", "维": "05", "外国血统": "98", "入籍": "98",
                  "其它": "97", "未识别民族": "97", "穿青人": "97"}

ETHNICITY = CodeList("ethnicity", N_("Ethnic group"), "GB/T 3304", _ETHNIC_WORDS,
                     _aliases(_ETHNIC_WORDS, _ETHNIC_EXTRA))

_POLITICAL_WORDS = {
    "01": "中国共产党党员", "02": "中国共产党预备党员", "03": "中国共产主义青年团团员",
    "04": "中国国民党革命委员会会员", "05": "中国民主同盟盟员", "06": "中国民主建国会会员",
    "07": "中国民主促进会会员", "08": "中国农工民主党党员", "09": "中国致公党党员",
    "10": "九三学社社员", "11": "台湾民主自治同盟盟员", "12": "无党派民主人士", "13": "群众",
}
POLITICAL_STATUS = CodeList(
    "political_status", N_("Political status"), "GB/T 4762", _POLITICAL_WORDS,
    _aliases(_POLITICAL_WORDS, {
        "中共党员": "01", "党员": "01", "共产党员": "01", "中国共产党员": "01",
        "中共预备党员": "02", "预备党员": "02",
        "共青团员": "03", "团员": "03", "中国共青团员": "03",
        "民革": "04", "民革会员": "04", "民盟": "05", "民盟盟员": "05", "民建": "06",
        "民建会员": "06", "民进": "07", "民进会员": "07", "农工党": "08", "农工党党员": "08",
        "致公党": "09", "致公党党员": "09", "九三学社": "10", "台盟": "11", "台盟盟员": "11",
        "无党派人士": "12", "无党派": "12", "无党派民主人士": "12", "普通群众": "13",
        "居民": "13",
    }))
#: 政治面貌 that make a Party member (the 党员 filter, the former 党员 tag)
PARTY_MEMBER_CODES = ("01", "02")

_EDUCATION_WORDS = {
    "10": "研究生", "11": "博士研究生", "14": "硕士研究生", "20": "大学本科", "30": "大学专科",
    "40": "中等职业教育", "60": "普通高中", "70": "初中", "80": "小学", "90": "其他",
}
EDUCATION = CodeList("education", N_("Education"), "GB/T 4658", _EDUCATION_WORDS,
                     _aliases(_EDUCATION_WORDS, {
                         "博士": "11", "博士研究生毕业": "11", "硕士": "14", "研究生教育": "10",
                         "硕士研究生毕业": "14", "本科": "20", "大学本科毕业": "20",
                         "大学": "20", "大本": "20", "学士": "20", "大专": "30",
                         "专科": "30", "高职": "30", "大学专科毕业": "30", "中专": "40",
                         "中技": "40", "技校": "40", "职高": "40", "中专中技": "40",
                         "中等专科": "40", "高中": "60", "普高": "60", "初中": "70",
                         "初级中学": "70", "小学": "80", "文盲": "90", "半文盲": "90",
                         "文盲或半文盲": "90", "不识字": "90", "未上学": "90",
                         "学龄前": "90", "其它": "90"}))

_MARITAL_WORDS = {"10": "未婚", "20": "已婚", "21": "初婚", "22": "再婚", "23": "复婚",
                  "30": "丧偶", "40": "离婚", "90": "未说明的婚姻状况"}
MARITAL_STATUS = CodeList("marital_status", N_("Marital status"), "GB/T 2261.2",
                          _MARITAL_WORDS, _aliases(_MARITAL_WORDS, {
                              "单身": "10", "有配偶": "20", "已婚有配偶": "20", "结婚": "20",
                              "离异": "40", "离婚未再婚": "40", "丧偶未再婚": "30",
                              "未说明": "90", "不详": "90", "其他": "90"}))

CODE_LISTS = {c.key: c for c in (ETHNICITY, POLITICAL_STATUS, EDUCATION, MARITAL_STATUS)}
HAN = "01"


def is_minority(code: str | None) -> bool:
    """少数民族: one of the 55 groups other than 汉族 (not 其他, not 外国血统)."""
    return code is not None and code != HAN and code in _ETHNIC_WORDS and int(code) <= 56
