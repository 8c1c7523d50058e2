"""The stock-take (盘点): counted against the books, the variances made ADJUST movements when
the staff finish it — and only then; a sale between the start, the count and the finish
counted once; uncounted products refused by name; one open stock-take at a time; who may do
what."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import goods, stocktake, till
from neighborcenter.features.shop.rules import MoveKind, Payment, Shelf
from tests.conftest import sql
from tests.features.shop import add_product, key

DAY = dt.date(2026, 12, 1)


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def sell(db, actor, pid: str, n: int) -> None:
    till.checkout(db, actor=actor, items=[(pid, n)], payment=Payment.CASH,
                  received="1000", request_key=key())


def adjustments(db) -> list[tuple[str, int, str]]:
    return [tuple(r) for r in sql(db).execute(
        "SELECT product_id, quantity, stocktake_id FROM shop_stock_moves WHERE kind = ?",
        (MoveKind.ADJUST.value,)).fetchall()]


def test_variances_become_adjustments_when_finished(db, admin, shop_volunteer):
    rice = add_product(db, admin, "大米 5kg", stock=10)
    oil = add_product(db, admin, "食用油", stock=4)
    soap = add_product(db, admin, "肥皂", stock=6)
    sid = stocktake.start_stocktake(db, actor=shop_volunteer, on=DAY)
    view = stocktake.stocktake_view(db, actor=shop_volunteer, stocktake_id=sid)
    assert {r.name: r.expected for r in view.rows} == {"大米 5kg": 10, "食用油": 4, "肥皂": 6}
    assert view.totals.uncounted == 3 and view.open
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=rice,
                           counted="8", note="两袋破了")
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=oil,
                           counted="５")  # full-width, as an input method types it
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=soap,
                           counted=7)
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=soap,
                           counted=6)  # counted again: the last count is the one
    view = stocktake.stocktake_view(db, actor=admin, stocktake_id=sid)
    by = {r.name: r for r in view.rows}
    assert (by["大米 5kg"].variance, by["大米 5kg"].value_points) == (-2, -240)
    assert by["食用油"].variance == 1 and by["肥皂"].variance == 0
    assert by["大米 5kg"].counted_by == shop_volunteer.display_name
    assert not view.totals.balanced and (view.totals.over, view.totals.short) == (1, 1)
    assert adjustments(db) == []  # nothing moves before the finish

    with pytest.raises(ValidationError) as refused:  # a variance needs a reason
        stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="")
    assert refused.value.field == "note"
    assert stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="破损两袋",
                                      on=DAY) == 2
    assert sorted((p, q) for p, q, _s in adjustments(db)) == sorted([(rice, -2), (oil, 1)])
    assert {s for _p, _q, s in adjustments(db)} == {sid}
    assert (stock(db, admin, rice), stock(db, admin, oil), stock(db, admin, soap)) == (8, 5, 6)
    done = stocktake.stocktake_view(db, actor=admin, stocktake_id=sid)
    assert not done.open and done.note == "破损两袋" and done.finished_by == admin.username
    with pytest.raises(ValidationError):  # counts are kept as they were
        stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=1)


def test_a_balanced_stocktake_needs_no_note_and_moves_nothing(db, admin):
    rice = add_product(db, admin, stock=3)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted="3")
    assert stocktake.stocktake_view(db, actor=admin, stocktake_id=sid).totals.balanced
    assert stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid) == 0
    assert adjustments(db) == []
    [row] = stocktake.list_stocktakes(db, actor=admin)
    assert row.balanced and not row.open and row.products == 1


def test_sales_around_the_count_are_counted_once(db, admin, shop_volunteer):
    """Expected is the book when the count is typed; a sale after the count is off the shelf
    and off the books alike, so the finish applies counted − expected to today's book."""
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="", stock=10)
    sid = stocktake.start_stocktake(db, actor=shop_volunteer, on=DAY)
    sell(db, shop_volunteer, soap, 2)  # before the count: the books say 8
    row = stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=soap,
                                 counted="7")  # one is missing
    assert (row.expected, row.variance, row.value_fen) == (8, -1, -350)
    sell(db, shop_volunteer, soap, 3)  # after the count: shelf 4, books 5
    stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="少一块")
    assert stock(db, admin, soap) == 4  # what is on the shelf now


def test_a_corrected_count_keeps_the_book_of_its_first_count(db, admin, shop_volunteer):
    """7 typed for 8, corrected after the till sold one: the correction is of the same count,
    so it is compared with the same book — the sale is not a variance."""
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="", stock=8)
    sid = stocktake.start_stocktake(db, actor=shop_volunteer, on=DAY)
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=soap,
                           counted="7")
    sell(db, shop_volunteer, soap, 1)
    row = stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=soap,
                                 counted="8")
    assert (row.expected, row.variance) == (8, 0)
    assert stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid) == 0
    assert stock(db, admin, soap) == 7


def test_uncounted_products_are_refused_by_name(db, admin):
    rice = add_product(db, admin, "大米 5kg")
    add_product(db, admin, "食用油")
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=10)
    with pytest.raises(ValidationError, match="食用油") as refused:
        stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="x")
    assert "大米" not in str(refused.value)
    assert stocktake.stocktake_view(db, actor=admin, stocktake_id=sid).open


def test_only_one_open_stocktake_and_giving_one_up(db, admin):
    add_product(db, admin)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    with pytest.raises(ValidationError, match="2026-12-01"):
        stocktake.start_stocktake(db, actor=admin, on=DAY)
    assert stocktake.current_stocktake(db, actor=admin).id == sid
    with pytest.raises(ValidationError):  # a reason is needed
        stocktake.abandon_stocktake(db, actor=admin, stocktake_id=sid, reason=" ")
    stocktake.abandon_stocktake(db, actor=admin, stocktake_id=sid, reason="开错了")
    assert stocktake.current_stocktake(db, actor=admin) is None
    again = stocktake.start_stocktake(db, actor=admin, on=DAY)
    assert again != sid and len(stocktake.list_stocktakes(db, actor=admin)) == 2


def test_one_shelf_counts_only_its_goods(db, admin):
    rice = add_product(db, admin, "大米 5kg", shelf=Shelf.POINTS)
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY, shelf=Shelf.DAILY)
    view = stocktake.stocktake_view(db, actor=admin, stocktake_id=sid)
    assert [r.product_id for r in view.rows] == [soap] and view.shelf is Shelf.DAILY
    with pytest.raises(ValidationError, match="大米"):
        stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=1)


def test_a_product_added_since_the_start_is_counted_too(db, admin):
    add_product(db, admin, "大米 5kg")
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    late = add_product(db, admin, "挂面", stock=5)
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=late, counted=5)
    view = stocktake.stocktake_view(db, actor=admin, stocktake_id=sid)
    assert {r.name: r.expected for r in view.rows}["挂面"] == 5


@pytest.mark.parametrize("typed", ["-1", "abc", "", "1.5", "10001"])
def test_a_bad_count_is_refused(db, admin, typed):
    rice = add_product(db, admin)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    with pytest.raises(ValidationError) as refused:
        stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice,
                               counted=typed)
    assert refused.value.field == "counted"


def test_zero_is_a_count(db, admin):
    rice = add_product(db, admin, stock=2)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    assert stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice,
                                  counted="0").variance == -2
    stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="全没了")
    assert stock(db, admin, rice) == 0


def test_a_volunteer_counts_but_only_the_staff_finish(db, admin, shop_volunteer):
    rice = add_product(db, admin)
    sid = stocktake.start_stocktake(db, actor=shop_volunteer, on=DAY)
    stocktake.record_count(db, actor=shop_volunteer, stocktake_id=sid, product_id=rice,
                           counted=9)
    with pytest.raises(PermissionDenied):
        stocktake.finish_stocktake(db, actor=shop_volunteer, stocktake_id=sid, note="x")
    with pytest.raises(PermissionDenied):
        stocktake.abandon_stocktake(db, actor=shop_volunteer, stocktake_id=sid, reason="x")
    assert adjustments(db) == []


def test_the_stocktake_is_audited(db, admin):
    from neighborcenter.core.audit import list_audit

    rice = add_product(db, admin)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=9)
    stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="少一袋")
    kinds = [e.target_kind for e in list_audit(db, actor=admin)]
    assert kinds.count("shop_stocktake") == 3
