import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.register.rules.address import (
    AddressQuery,
    floor_of_room,
    parse_address_query,
)
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.register.rules.phone import mask_phone, parse_phone


@pytest.mark.parametrize("raw, expected", [
    ("13805721234", "13805721234"),
    ("138 0572 1234", "13805721234"),
    ("+86 138-0572-1234", "13805721234"),
    ("１３８０５７２１２３４", "13805721234"),
    ("0572-2123456", "0572-2123456"),
    ("(0572)2123456", "0572-2123456"),
    ("057222123456", "0572-22123456"),
    ("010-12345678", "010-12345678"),
    ("", None),
])
def test_phone_numbers_people_type(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw, fragment", [
    ("1380572123", "11"),  # a digit short
    ("2123456", "0572-2123456"),  # landline without area code: says to add it
    ("138abc", "“138abc”"),
    ("0572-123", "0572-2123456"),
])
def test_bad_phone_numbers_say_what_to_fix(raw, fragment):
    with pytest.raises(ValidationError) as info:
        parse_phone(raw)
    assert fragment in str(info.value)
    assert info.value.field == "phone"


def test_phones_are_masked_keeping_the_last_four():
    assert mask_phone("13805721234") == "138****1234"
    assert mask_phone("0572-2123456") == "0572-***3456"
    assert mask_phone(None) == ""


@pytest.mark.parametrize("raw", ["1949-12-31", "1949/12/31", "1949.12.31", "1949年12月31日",
                                 "19491231", "１９４９．１２．３１", 18263, 18263.0,
                                 dt.datetime(1949, 12, 31, 0, 0)])
def test_dates_in_the_forms_people_type_and_excel_stores(raw):
    assert parse_date_text(raw) == dt.date(1949, 12, 31)


def test_one_digit_months_and_days():
    assert parse_date_text("1952.3.4") == dt.date(1952, 3, 4)


@pytest.mark.parametrize("raw, fragment", [("1949-02-30", "1949-02-30"), ("去年", "去年"),
                                           ("1789-07-14", "1789")])
def test_bad_dates_are_explained(raw, fragment):
    with pytest.raises(ValidationError) as info:
        parse_date_text(raw, field="birth_date")
    assert fragment in str(info.value)
    assert info.value.field == "birth_date"


def test_future_birth_dates_are_refused():
    with pytest.raises(ValidationError):
        parse_date_text((dt.date.today() + dt.timedelta(days=3)).isoformat(), allow_future=False)


@pytest.mark.parametrize("raw, expected", [
    ("3栋2单元", AddressQuery(None, "3", "2", None)),
    ("3-2-501", AddressQuery(None, "3", "2", "501")),
    ("3-2", AddressQuery(None, "3", "2", None)),
    ("幸福里3栋", AddressQuery("幸福里", "3", None, None)),
    ("5幢1单元302室", AddressQuery(None, "5", "1", "302")),
    ("12号楼", AddressQuery(None, "12", None, None)),
])
def test_address_fragments(raw, expected):
    assert parse_address_query(raw) == expected


@pytest.mark.parametrize("raw", ["张三", "zs", "5678", ""])
def test_other_text_is_not_an_address(raw):
    assert parse_address_query(raw) is None


def test_floor_follows_from_the_room_number():
    assert floor_of_room("501") == 5
    assert floor_of_room("1203") == 12
    assert floor_of_room("A") is None
