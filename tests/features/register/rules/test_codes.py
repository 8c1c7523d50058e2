"""The national code lists: what people type in their sheets becomes the standard's code, and
a value not in a list is refused with the words it accepts."""

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.codes import (
    CODE_LISTS,
    EDUCATION,
    ETHNICITY,
    MARITAL_STATUS,
    POLITICAL_STATUS,
    is_minority,
)


def test_every_list_has_the_standards_words_and_reads_them_back():
    assert len(ETHNICITY.words) == 58  # 56 groups, 其他, 外国血统中国籍人士
    assert ETHNICITY.word("01") == "汉族" and ETHNICITY.word("56") == "基诺族"
    for codes in CODE_LISTS.values():
        for code, word in codes.words.items():
            assert codes.read(word) == code
            assert codes.read(code) == code  # the code itself, as some sheets carry it


@pytest.mark.parametrize(("codes", "typed", "code"), [
    (ETHNICITY, "汉", "01"), (ETHNICITY, " 回族 ", "03"), (ETHNICITY, "蒙古", "02"),
    (ETHNICITY, "土家", "15"), (ETHNICITY, "外国血统", "98"), (ETHNICITY, "０１", "01"),
    (POLITICAL_STATUS, "党员", "01"), (POLITICAL_STATUS, "中共党员", "01"),
    (POLITICAL_STATUS, "中共预备党员", "02"), (POLITICAL_STATUS, "团员", "03"),
    (POLITICAL_STATUS, "民盟", "05"), (POLITICAL_STATUS, "九三学社", "10"),
    (POLITICAL_STATUS, "无党派人士", "12"), (POLITICAL_STATUS, "群众", "13"),
    (EDUCATION, "大专", "30"), (EDUCATION, "本科", "20"), (EDUCATION, "硕士", "14"),
    (EDUCATION, "中专", "40"), (EDUCATION, "高中", "60"), (EDUCATION, "文盲", "90"),
    (MARITAL_STATUS, "已婚", "20"), (MARITAL_STATUS, "离异", "40"),
    (MARITAL_STATUS, "丧偶", "30"), (MARITAL_STATUS, "初婚", "21"),
    (MARITAL_STATUS, "未说明", "90"),
])
def test_what_people_type_is_normalised(codes, typed, code):
    assert codes.read(typed) == code


def test_empty_is_nothing_and_an_unknown_value_lists_what_is_accepted():
    assert MARITAL_STATUS.read("  ") is None and MARITAL_STATUS.read(None) is None
    with pytest.raises(ValidationError) as caught:
        MARITAL_STATUS.read("同居", field="marital")
    assert caught.value.field == "marital"
    message = str(caught.value)
    assert "同居" in message and "GB/T 2261.2" in message
    assert all(word in message for word in MARITAL_STATUS.words.values())


def test_minorities_are_the_55_groups_other_than_han():
    assert not is_minority("01") and not is_minority(None)
    assert is_minority("03") and is_minority("56")
    assert not is_minority("97") and not is_minority("98")  # 其他, 外国血统
