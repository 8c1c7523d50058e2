"""``neighborcenter check`` looks at the shop's stock book: its append-only triggers (put back
if lost), no stock below zero, sales that add up; it reports, it repairs only the triggers."""

from neighborcenter.core.maintenance import run_check
from neighborcenter.features.shop import till
from neighborcenter.features.shop.rules import Payment, Shelf
from tests.conftest import sql
from tests.features.shop import add_product, key


def test_a_sound_stock_book_passes_the_check(db, admin):
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="", stock=2)
    till.checkout(db, actor=admin, items=[(soap, 1)], payment=Payment.CASH, request_key=key())
    report = run_check(db, actor=admin)
    assert report.ok, report.problems


def test_a_stock_book_changed_behind_the_apps_back_is_reported(db, admin):
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="", stock=2)
    till.checkout(db, actor=admin, items=[(soap, 1)], payment=Payment.CASH, request_key=key())
    conn = sql(db)
    with conn:
        conn.execute("DROP TRIGGER shop_stock_moves_no_update")
        conn.execute("DROP TRIGGER shop_sales_no_update")
        conn.execute("UPDATE shop_stock_moves SET quantity = -5 WHERE kind = 'sale'")
        conn.execute("UPDATE shop_sales SET total = 1")
    conn.close()
    codes = {p.code for p in run_check(db, actor=admin).problems}
    assert {"stock_negative", "stock_sales", "stock_triggers"} <= codes
    again = {p.code for p in run_check(db, actor=admin).problems}
    assert again == {"stock_negative", "stock_sales"}  # the triggers are back
