"""The till's rules, through its services: a redemption and its stock change together or not
at all, a request id applied once, cash and change, undo as a visible reversing sale, stock
never below zero, a closed day taking no sales, and what the till may see of a customer."""

import datetime as dt

import pytest

from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import dayclose, goods, till
from neighborcenter.features.shop.rules import (
    Lot,
    Payment,
    Shelf,
    clean_barcode,
    ean_check_digit,
    lots_left,
    parse_money,
    shop_code,
    yuan,
)
from neighborcenter.features.volunteers import ledger
from tests.conftest import sql
from tests.features.shop import add_product, key, volunteer_with_points


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def balance(db, actor, card: str) -> int:
    return till.customer_by_card(db, actor=actor, card=card).points


def counts(db) -> tuple[int, int, int]:
    conn = sql(db)
    return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("shop_sales", "shop_stock_moves", "points_transactions"))


# ------------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(("typed", "fen"), [("12.5", 1250), ("¥12.50", 1250), ("１２", 1200),
                                            ("0.05", 5), ("3元", 300)])
def test_money_is_read_in_fen(typed, fen):
    assert parse_money(typed) == fen


@pytest.mark.parametrize("typed", ["-1", "1.234", "abc", "", "0"])
def test_bad_money_is_refused(typed):
    with pytest.raises(ValidationError):
        parse_money(typed)


def test_yuan_shows_two_decimals():
    assert (yuan(1250), yuan(5), yuan(-300)) == ("¥12.50", "¥0.05", "-¥3.00")


def test_shop_codes_are_in_store_ean13_with_a_right_check_digit():
    code = shop_code(1)
    assert code.startswith("20") and len(code) == 13
    assert ean_check_digit(code[:-1]) == int(code[-1])
    assert clean_barcode(code) == code
    assert ean_check_digit("690123456789") == 2  # a real maker's code: 6901234567892


def test_a_misread_scan_is_refused():
    with pytest.raises(ValidationError, match="6901234567893"):
        clean_barcode("6901234567893")
    assert clean_barcode("６９０１２３４５６７８９２") == "6901234567892"


def test_lots_go_out_first_expiring_first():
    d = dt.date(2026, 12, 1)
    lots = lots_left([(d + dt.timedelta(days=30), 5), (d, 5), (None, 2)], taken=6)
    assert lots == [Lot(d + dt.timedelta(days=30), 4), Lot(None, 2)]


# ------------------------------------------------------------------------------ the till


def test_a_redemption_takes_the_points_and_the_stock_together(db, admin, shop_volunteer):
    pid = add_product(db, admin)
    card = volunteer_with_points(db, admin, points=500)
    done = till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                         card=card, request_key=key())
    assert done.total == 120 and done.points_left == 380
    assert done.message == "王秀英 用 120 积分兑换 大米 5kg ×1，余额 380"
    assert stock(db, admin, pid) == 9 and balance(db, admin, card) == 380


def test_not_enough_points_changes_nothing(db, admin, shop_volunteer):
    pid = add_product(db, admin, points="300")
    card = volunteer_with_points(db, admin, points=500)
    before = counts(db)
    with pytest.raises(ledger.NotEnoughPoints):
        till.checkout(db, actor=shop_volunteer, items=[(pid, 2)], payment=Payment.POINTS,
                      card=card, request_key=key())
    assert counts(db) == before
    assert stock(db, admin, pid) == 10 and balance(db, admin, card) == 500


def test_not_enough_stock_changes_nothing_not_even_the_points(db, admin, shop_volunteer):
    rice = add_product(db, admin, stock=10)
    oil = add_product(db, admin, "食用油", points="50", stock=1)
    card = volunteer_with_points(db, admin, points=1000)
    before = counts(db)
    with pytest.raises(goods.NotEnoughStock, match="食用油"):
        till.checkout(db, actor=shop_volunteer, items=[(rice, 1), (oil, 2)],
                      payment=Payment.POINTS, card=card, request_key=key())
    assert counts(db) == before
    assert (stock(db, admin, rice), stock(db, admin, oil)) == (10, 1)
    assert balance(db, admin, card) == 1000


def test_the_same_request_twice_is_one_sale(db, admin, shop_volunteer):
    pid = add_product(db, admin)
    card = volunteer_with_points(db, admin)
    k = key()
    first = till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                          card=card, request_key=k)
    again = till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                          card=card, request_key=k)
    assert again.replayed and again.id == first.id
    assert stock(db, admin, pid) == 9 and balance(db, admin, card) == 380
    with pytest.raises(ValidationError, match="请求编号"):
        till.checkout(db, actor=shop_volunteer, items=[(pid, 2)], payment=Payment.POINTS,
                      card=card, request_key=k)
    # the same goods on another volunteer's card are another sale, not this one again
    other = volunteer_with_points(db, admin, "李建国", phone="13900001111")
    with pytest.raises(ValidationError, match="请求编号"):
        till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                      card=other, request_key=k)
    assert balance(db, admin, other) == 500 and stock(db, admin, pid) == 9
    # and cash: the same basket with other money handed over is not the same sale
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    k = key()
    till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                  received="5", request_key=k)
    assert till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                         received="5", request_key=k).replayed
    with pytest.raises(ValidationError, match="请求编号"):
        till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                      received="10", request_key=k)


def test_cash_gives_change_and_refuses_too_little(db, admin, shop_volunteer):
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    done = till.checkout(db, actor=shop_volunteer, items=[(soap, 2), (soap, 1)],
                         payment=Payment.CASH, received="20", request_key=key())
    assert (done.total, done.change_fen) == (1050, 950)
    assert [(x.name, x.quantity) for x in done.lines] == [("肥皂", 3)]  # one line
    assert done.message == "售出 肥皂 ×3，共 ¥10.50，收 ¥20.00，找零 ¥9.50"
    with pytest.raises(ValidationError, match="少于"):
        till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                      received="1", request_key=key())


def test_goods_without_a_price_in_that_payment_are_refused(db, admin, shop_volunteer):
    rice = add_product(db, admin)  # points only
    with pytest.raises(ValidationError, match="大米 5kg"):
        till.checkout(db, actor=shop_volunteer, items=[(rice, 1)], payment=Payment.CASH,
                      request_key=key())


def test_undo_is_a_visible_reversing_sale(db, admin, shop_volunteer):
    pid = add_product(db, admin)
    card = volunteer_with_points(db, admin)
    sale = till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                         card=card, request_key=key())
    undo = till.undo_sale(db, actor=shop_volunteer, sale_id=sale.id, reason="拿错了")
    assert undo.undoes == sale.number and undo.total == -120 and undo.points_left == 500
    assert stock(db, admin, pid) == 10 and balance(db, admin, card) == 500
    day = till.sales_of_day(db, actor=shop_volunteer)
    assert [(x.number, x.undone_by) for x in day] == [(undo.number, None),
                                                      (sale.number, undo.number)]
    assert sql(db).execute("SELECT COUNT(*) FROM shop_sales").fetchone()[0] == 2
    with pytest.raises(Exception, match="append-only"):
        sql(db).execute("DELETE FROM shop_sales")
    # undone twice: the same undo
    assert till.undo_sale(db, actor=shop_volunteer, sale_id=sale.id, reason="x").replayed


def test_the_till_undoes_only_the_last_sale_the_staff_any(db, admin, shop_volunteer):
    pid = add_product(db, admin)
    card = volunteer_with_points(db, admin)
    first, _second = (till.checkout(db, actor=shop_volunteer, items=[(pid, 1)],
                                    payment=Payment.POINTS, card=card, request_key=key())
                      for _ in range(2))
    with pytest.raises(ValidationError, match=first.number):
        till.undo_sale(db, actor=shop_volunteer, sale_id=first.id, reason="错了")
    till.undo_sale(db, actor=admin, sale_id=first.id, reason="错了")
    assert balance(db, admin, card) == 380


def test_a_closed_day_takes_no_sales_until_reopened(db, admin, shop_volunteer):
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="")
    till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                  request_key=key())
    with pytest.raises(ValidationError, match="少"):  # ¥203 expected, ¥200 counted
        dayclose.close_day(db, actor=shop_volunteer, counted="200")
    closed = dayclose.close_day(db, actor=shop_volunteer, counted="203")
    assert closed.cash.balances and closed.cash.expected_fen == 20300
    with pytest.raises(ValidationError, match="日结"):
        till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                      request_key=key())
    with pytest.raises(PermissionDenied):
        dayclose.reopen_day(db, actor=shop_volunteer, on=dt.date.today(), reason="漏记")
    dayclose.reopen_day(db, actor=admin, on=dt.date.today(), reason="漏记一笔")
    till.checkout(db, actor=shop_volunteer, items=[(soap, 1)], payment=Payment.CASH,
                  request_key=key())


def test_the_till_sees_a_name_and_a_masked_phone_only(db, admin, shop_volunteer):
    card = volunteer_with_points(db, admin, phone="13812345678")
    found = till.find_customers(db, actor=shop_volunteer, query="5678")
    assert [(c.number, c.name, c.phone) for c in found] == [(card, "王秀英", "138****5678")]
    assert "id_number" not in till.CardHolder.__dataclass_fields__
    assert till.find_customers(db, actor=shop_volunteer, query="秀英")[0].number == card
    # the last 4 digits only: a longer or shorter run of digits is a volunteer number or nothing
    assert till.find_customers(db, actor=shop_volunteer, query="12345678") == []
    assert till.find_customers(db, actor=shop_volunteer, query="678") == []
    assert till.find_customers(db, actor=shop_volunteer, query="%") == []  # text, not a pattern


def test_stock_never_goes_below_zero_by_any_path(db, admin):
    pid = add_product(db, admin, stock=2)
    with pytest.raises(goods.NotEnoughStock):
        goods.write_off(db, actor=admin, product_id=pid, quantity=3, reason="damaged")
    assert stock(db, admin, pid) == 2
