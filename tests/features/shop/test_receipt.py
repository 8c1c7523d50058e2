"""小票: the receipt of a sale as a PDF on an 80 mm roll or on A6 — the centre, 匠心坊, the
number, the goods and the total, the cash and the change or the points used and left with the
volunteer's name and number (never the phone); the Chinese font embedded; each print audited;
a refused print leaves no file and no entry."""

from __future__ import annotations

import pytest

from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.shop import receipt, till
from neighborcenter.features.shop.rules import Payment, Shelf
from neighborcenter.features.shop.settings import ShopSettings, save_shop_settings
from tests.features.classroom.test_printing import page_size, text_of
from tests.features.shop import add_product, key, volunteer_with_points
from tests.features.volunteers.test_printouts import assert_font_embedded, prints

MM = 72 / 25.4


def test_a_points_receipt_on_the_till_roll(db, admin, shop_volunteer, tmp_path):
    rice = add_product(db, admin)
    card = volunteer_with_points(db, admin, points=500)
    sale = till.checkout(db, actor=shop_volunteer, items=[(rice, 2)], payment=Payment.POINTS,
                         card=card, request_key=key())
    out = receipt.print_receipt(db, actor=shop_volunteer, sale_id=sale.id,
                                out=tmp_path / "小票.pdf")
    assert out == tmp_path / "小票.pdf" and out.exists()
    text = text_of(out)
    for said in ("幸福邻里中心", "匠心坊", sale.number, "大米5kg", "240", "260", "王秀英",
                 card):
        assert said in text, said
    assert "13812345678" not in text and "5678" not in text  # no phone at all
    assert_font_embedded(out)
    width, height = page_size(out)
    assert abs(width - 80 * MM) < 1 and height < 297 * MM  # a roll, as long as the receipt
    entries = prints(db, admin)
    assert len(entries) == 1
    assert (entries[0].target_kind, entries[0].target_id) == ("shop_sale", sale.id)
    assert entries[0].actor == shop_volunteer.username


def test_a_cash_receipt_on_a6_with_the_change(db, admin, shop_volunteer, tmp_path):
    save_shop_settings(db, actor=admin, settings=ShopSettings(receipt_paper="a6"))
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    sale = till.checkout(db, actor=shop_volunteer, items=[(soap, 3)], payment=Payment.CASH,
                         received="20", request_key=key())
    out = receipt.print_receipt(db, actor=shop_volunteer, sale_id=sale.id,
                                out=tmp_path / "r.pdf")
    text = text_of(out)
    for said in ("肥皂", "¥10.50", "¥20.00", "¥9.50", sale.number):
        assert said in text, said
    width, height = page_size(out)
    assert (round(width / MM), round(height / MM)) == (105, 148)
    assert_font_embedded(out)


def test_an_undo_has_its_receipt_too(db, admin, shop_volunteer, tmp_path):
    rice = add_product(db, admin)
    card = volunteer_with_points(db, admin, points=500)
    sale = till.checkout(db, actor=shop_volunteer, items=[(rice, 1)], payment=Payment.POINTS,
                         card=card, request_key=key())
    undo = till.undo_sale(db, actor=shop_volunteer, sale_id=sale.id, reason="拿错了")
    lines = [x.text for x in receipt.receipt_lines("幸福邻里中心", undo)]
    assert any(sale.number in x and "拿错了" in x for x in lines)
    out = receipt.print_receipt(db, actor=shop_volunteer, sale_id=undo.id,
                                out=tmp_path / "u.pdf")
    assert "拿错了" in text_of(out) and "500" in text_of(out)


def test_a_refused_print_leaves_no_file_and_no_entry(db, admin, shop_volunteer, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    sale = till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                         request_key=key())
    with pytest.raises(ValidationError):
        receipt.print_receipt(db, actor=shop_volunteer, sale_id=sale.id,
                              out=tmp_path / "r.txt")
    with pytest.raises(NotFound):
        receipt.print_receipt(db, actor=shop_volunteer, sale_id="nope",
                              out=tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == [] and prints(db, admin) == []
