"""Identifiers inside free text are masked as the register's fields are; dates are not."""

from neighborcenter.features.register.rules.masking import mask_numbers_in


def test_ids_and_phones_in_free_text_are_masked_but_dates_are_not():
    assert mask_numbers_in("监护人 11010519491231002X") == "监护人 110105********002X"
    assert mask_numbers_in("电话13805721234，生于19491231") == "电话138****1234，生于19491231"
    assert mask_numbers_in("３号楼") == "3号楼"  # full-width digits read as digits
    assert mask_numbers_in("门牌 501") == "门牌 501"
    # written in groups, as people do
    assert mask_numbers_in("监护人电话 138 0013 8000") == "监护人电话 138****8000"
    assert mask_numbers_in("138-0013-8000") == "138****8000"
    assert mask_numbers_in("330502 19491231 0031") == "330502********0031"
    assert mask_numbers_in("登记于 2026-11-30") == "登记于 2026-11-30"
