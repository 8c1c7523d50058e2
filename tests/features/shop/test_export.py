"""The shop's .xlsx: the stock list (no names, anyone at the till, not audited) and a period's
sales with their lines (the volunteers' numbers and names, never a phone; staff with the
right to export personal data; audited) — what people typed never becomes a formula."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import till
from neighborcenter.features.shop.export import export_sales, export_stock
from neighborcenter.features.shop.rules import Payment, Shelf
from tests.features.shop import add_product, key, volunteer_with_points

TODAY = dt.date.today()


def exports(db, admin) -> list:
    return [e for e in list_audit(db, actor=admin) if e.action is AuditAction.EXPORT]


def rows(path, sheet: int = 0) -> list[tuple]:
    wb = load_workbook(path)
    return [tuple(r) for r in wb.worksheets[sheet].iter_rows(values_only=True)]


@pytest.fixture
def shop(db, admin, shop_volunteer):
    rice = add_product(db, admin, barcode="6901234567892")
    evil = add_product(db, admin, "=HYPERLINK(\"http://x\")", shelf=Shelf.DAILY, price="2",
                       points="", stock=5)
    card = volunteer_with_points(db, admin, points=500, phone="13812345678")
    sold = till.checkout(db, actor=shop_volunteer, items=[(rice, 2)], payment=Payment.POINTS,
                         card=card, request_key=key(), on=TODAY)
    till.checkout(db, actor=shop_volunteer, items=[(evil, 1)], payment=Payment.CASH,
                  received="5", request_key=key(), on=TODAY)
    return {"rice": rice, "card": card, "sold": sold}


def test_the_stock_list_without_names_and_without_formulas(db, admin, shop_volunteer, shop,
                                                           tmp_path):
    before = len(exports(db, admin))
    out = tmp_path / "stock.xlsx"
    got = export_stock(db, actor=shop_volunteer, path=out, today=TODAY)
    assert len(got) == 2
    table = rows(out)
    assert len(table) == 3
    rice = next(r for r in table if r[1] == "大米 5kg")
    assert rice[2] == "6901234567892" and rice[6] == 8  # the barcode as text, 10 − 2
    evil = next(r for r in table[1:] if r is not rice)
    assert evil[1] == "=HYPERLINK(\"http://x\")"  # a string, shown as typed
    wb = load_workbook(out)
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row
                if c.value == evil[1])
    assert cell.data_type == "s"
    assert len(exports(db, admin)) == before  # no personal data: not audited


def test_the_sales_with_the_volunteers_number_and_name_audited(db, admin, shop, tmp_path):
    before = len(exports(db, admin))
    out = tmp_path / "sales.xlsx"
    sheet = export_sales(db, actor=admin, since=TODAY, until=TODAY, path=out)
    assert (sheet.sales, sheet.points, sheet.cash_fen, sheet.volunteers) == (2, 240, 200, 1)
    sales = rows(out, 0)
    redemption = next(r for r in sales[1:] if r[9] == "王秀英")
    assert redemption[8] == shop["card"] and redemption[5] == 240
    everything = " ".join(str(v) for r in sales + rows(out, 1) for v in r)
    assert "13812345678" not in everything and "5678" not in everything
    lines = rows(out, 1)
    assert ("大米 5kg", 2) in [(r[3], r[4]) for r in lines]
    [entry] = exports(db, admin)[before:]
    assert "sales.xlsx" in entry.summary


def test_the_sales_need_the_right_to_export_and_a_real_period(db, admin, shop_volunteer,
                                                              social_worker, shop, tmp_path):
    with pytest.raises(PermissionDenied):
        export_sales(db, actor=shop_volunteer, since=TODAY, until=TODAY,
                     path=tmp_path / "s.xlsx")
    with pytest.raises(ValidationError):
        export_sales(db, actor=admin, since=TODAY, until=TODAY - dt.timedelta(days=1),
                     path=tmp_path / "s.xlsx")
    with pytest.raises(ValidationError):
        export_sales(db, actor=admin, since=TODAY, until=TODAY, path=tmp_path / "s.csv")
    assert not (tmp_path / "s.xlsx").exists()
    # a period without sales names nobody: written, not audited
    before = len(exports(db, admin))
    empty = export_sales(db, actor=admin, since=TODAY - dt.timedelta(days=30),
                         until=TODAY - dt.timedelta(days=20), path=tmp_path / "none.xlsx")
    assert empty.sales == 0 and len(rows(tmp_path / "none.xlsx")) == 1
    assert len(exports(db, admin)) == before
