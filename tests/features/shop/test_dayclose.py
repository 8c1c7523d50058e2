"""日结: a closed day stays as it was closed, and 账物相符 is a check that can fail — the
receipts against the stock book, the points sales against the volunteers' ledger, the close
as written against the day as it reads now."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.shop import dayclose, gifts, goods, lists, stocktake, till
from neighborcenter.features.shop.cli import _summary_json
from neighborcenter.features.shop.models import ShopGift
from neighborcenter.features.shop.rules import Hardship, MoveKind, Payment, Shelf, WriteOffReason
from neighborcenter.features.shop.ui.dayclose import summary_lines
from tests.conftest import sql
from tests.features.shop import add_product, key, volunteer_with_points
from tests.features.visits import add_elder_resident
from tests.features.volunteers.test_printouts import pdf_text, squeezed

TODAY = dt.date.today()


def summary(db, actor, on=TODAY):
    return dayclose.day_summary(db, actor=actor, on=on)


@pytest.fixture
def day(db, admin):
    """A day's business: a cash sale, a points redemption, a welfare gift."""
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="")
    rice = add_product(db, admin, "大米 5kg", food=True,
                       expires=(TODAY + dt.timedelta(days=90)).isoformat())
    card = volunteer_with_points(db, admin)
    cash = till.checkout(db, actor=admin, items=[(soap, 2)], payment=Payment.CASH,
                         request_key=key())
    points = till.checkout(db, actor=admin, items=[(rice, 1)], payment=Payment.POINTS,
                           card=card, request_key=key())
    rid = add_elder_resident(db, admin, "赵阿婆")
    gift = gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.SUBSISTENCE,
                           reason="冬季慰问", items=[(rice, 1)], signed_by="赵阿婆")
    return {"soap": soap, "rice": rice, "cash": cash, "points": points, "gift": gift}


def test_the_books_agree_after_a_day_of_sales_undos_and_gifts(db, admin, day):
    till.undo_sale(db, actor=admin, sale_id=day["points"].id, reason="拿错了")
    d = summary(db, admin)
    assert d.mismatches == () and d.stock_balances
    assert (d.sales, d.undone, d.gifts) == (2, 1, 1)


def test_goods_moved_without_their_receipt_are_found(db, admin, day):
    # a movement naming the cash sale that the receipt does not have (a fault, not a path)
    with db.unit_of_work(write=True) as uow:
        s = uow.session
        goods.move(s, actor=admin, product=goods.get_product(s, day["soap"]),
                   kind=MoveKind.SALE, quantity=-1, sale_id=day["cash"].id)
        uow.commit()
    d = summary(db, admin)
    assert not d.stock_balances
    assert [m for m in d.mismatches if day["cash"].number in m] and len(d.mismatches) == 1


def test_a_closed_day_is_kept_as_it_was_closed(db, admin, day):
    dayclose.close_day(db, actor=admin, counted="206")
    closed = summary(db, admin)
    assert closed.stock_balances and closed.closed is not None
    tomorrow = TODAY + dt.timedelta(days=1)
    # nothing more can be written on the closed day, by any path
    refused = [
        lambda: goods.receive_goods(db, actor=admin, product_id=day["soap"], quantity=5),
        lambda: goods.write_off(db, actor=admin, product_id=day["soap"], quantity=1,
                                reason=WriteOffReason.DAMAGED),
        # a void the day after still changes the day the gift was given: refused too
        lambda: gifts.void_gift(db, actor=admin, gift_id=day["gift"].id, reason="录错了",
                                today=tomorrow),
    ]
    take = stocktake.start_stocktake(db, actor=admin, on=TODAY - dt.timedelta(days=1))
    for row in stocktake.stocktake_view(db, actor=admin, stocktake_id=take).rows:
        stocktake.record_count(db, actor=admin, stocktake_id=take, product_id=row.product_id,
                               counted=row.expected + 1, note="多出一件")
    refused.append(lambda: stocktake.finish_stocktake(db, actor=admin, stocktake_id=take,
                                                      note="盘盈", on=TODAY))
    for attempt in refused:
        with pytest.raises(ValidationError, match="日结"):
            attempt()
    assert summary(db, admin) == closed
    # reopened by the staff (with a reason), the void goes through; closed again, it agrees
    dayclose.reopen_day(db, actor=admin, on=TODAY, reason="爱心发放录错")
    gifts.void_gift(db, actor=admin, gift_id=day["gift"].id, reason="录错了", today=TODAY)
    again = dayclose.close_day(db, actor=admin, counted="206")
    assert again.gifts == 0 and again.stock_balances


def test_a_change_behind_the_close_is_found(db, admin, day, tmp_path):
    dayclose.close_day(db, actor=admin, counted="206")
    # a gift row written on the closed day behind the services' back (a fault, not a path)
    with db.unit_of_work(write=True) as uow:
        uow.session.add(ShopGift(number="AX-TEST", resident_id=day["gift"].resident_id,
                                 hardship=Hardship.SUBSISTENCE, reason="x", on=TODAY,
                                 recorded_by="admin"))
        uow.commit()
    d = summary(db, admin)
    assert not d.stock_balances
    [changed] = d.mismatches  # the gifts: 1 at the close, 2 now
    assert re.search(r"1\D+2", changed), changed
    # said in words wherever the day is read: the tab, the command line, the 日结单
    assert "⚠ " + changed in summary_lines(d)
    assert _summary_json(d)["mismatches"] == [changed]
    lists.print_day_close(db, actor=admin, on=TODAY, path=tmp_path / "day.pdf")
    assert squeezed(changed) in squeezed(pdf_text(tmp_path / "day.pdf"))


def test_food_coming_back_keeps_an_expiry_date(db, admin, day):
    """An undo and a count that found more bring food back without a lot of their own: it
    takes the earliest date on the shelf, never 'does not expire'."""
    till.undo_sale(db, actor=admin, sale_id=day["points"].id, reason="拿错了")
    with db.unit_of_work(write=False) as uow:
        lots = goods.lots_of(uow.session, [day["rice"]])[day["rice"]]
    assert lots and all(lot.expires_on == TODAY + dt.timedelta(days=90) for lot in lots)


def test_a_sale_is_audited_in_the_readers_language(db, admin, day):
    """The audit keeps the sale as words and values, not as the sentence the till showed in
    the language of that moment."""
    rows = [r[0] for r in sql(db).execute(
        "SELECT summary FROM audit_log WHERE target_kind = 'shop_sale' ORDER BY rowid")]
    assert rows == [
        f"Sale {day['cash'].number}: 肥皂 ×2 for ¥6.00 in cash",
        f"Sale {day['points'].number}: 王秀英 redeemed 120 points for 大米 5kg ×1"]
