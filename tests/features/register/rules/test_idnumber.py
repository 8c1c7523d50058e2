import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.idnumber import (
    IdNumberKind,
    Sex,
    check_character,
    make_id_number,
    mask_identifier,
    parse_id_number,
    upgrade_15_to_18,
)

TODAY = dt.date(2026, 11, 23)


def test_standard_example_decodes():
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex is Sex.FEMALE  # 17th digit 2 is even
    assert info.kind is IdNumberKind.RESIDENT_18
    assert info.area_code == "110105"


@pytest.mark.parametrize("typed", [
    "11010519491231002x",  # lower-case x
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width
    "110105 19491231 002X",  # spaces
    "110105-19491231-002X",
])
def test_accepts_what_people_type(typed):
    assert parse_id_number(typed, today=TODAY).number == "11010519491231002X"


def test_wrong_check_character_says_which_is_right():
    with pytest.raises(ValidationError) as err:
        parse_id_number("110105194912310023", today=TODAY)
    assert "第18位校验码应为 X，输入为 3" in str(err.value)
    assert err.value.field == "id_number"


@pytest.mark.parametrize("number, fragment", [
    ("1101051949123100", "应为18位"),
    ("11010519491331002X", "不是有效日期"),
    ("11010520991231002X", "晚于今天"),
    ("99010519491231002X", "不是有效的行政区划代码"),
    ("1101051949123100AX", "第17位应为数字"),
    ("", "请输入身份证号"),
])
def test_invalid_numbers_say_what_is_wrong(number, fragment):
    with pytest.raises(ValidationError) as err:
        parse_id_number(number, today=TODAY)
    assert fragment in str(err.value)


def test_male_from_odd_sequence():
    number = make_id_number("330502", dt.date(1940, 5, 6), 7)
    info = parse_id_number(number, today=TODAY)
    assert info.sex is Sex.MALE and info.birth_date == dt.date(1940, 5, 6)


def test_fifteen_digit_card():
    info = parse_id_number("110105491231002", today=TODAY)
    assert info.kind is IdNumberKind.RESIDENT_15
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex is Sex.FEMALE
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"


def test_hong_kong_residence_permit():
    number = "810000" + "19800101" + "002"
    number += check_character(number)
    info = parse_id_number(number, today=TODAY)
    assert info.kind is IdNumberKind.HMT_PERMIT


def test_mask_keeps_first_six_and_last_four():
    assert mask_identifier("11010519491231002X") == "110105********002X"
    assert mask_identifier("13812345678", keep_start=3, keep_end=4) == "138****5678"
    assert mask_identifier(None) == ""
