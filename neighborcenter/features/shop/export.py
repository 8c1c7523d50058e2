"""The shop's sheets as .xlsx: the stock list (the goods, their barcodes, stock, running low,
expiring) and a period's sales (each sale and undo with its lines).

The sales sheet names the volunteers who redeemed points (their volunteer number and name —
never a phone, and nothing of a cash customer, who is not recorded): personal data, so it
needs EXPORT_PERSONAL_DATA besides MANAGE_SHOP and is audited (EXPORT) before the file is
handed over (core/handover.py). The stock list holds no names: anyone at the till may save it,
unaudited. Both go through core/sheets.py (what people typed never becomes a formula)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop.goods import ProductRow, list_products
from neighborcenter.features.shop.models import ShopSale, ShopSaleLine
from neighborcenter.features.shop.rules import Payment, Shelf
from neighborcenter.features.volunteers.ledger import get_volunteer
from neighborcenter.i18n import N_, _, pgettext
from neighborcenter.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre

SHEET = "a sheet of the shop's exports"
STOCK_COLUMNS = (N_("Shelf"), N_("Product"), N_("Barcode"), N_("Unit of sale"),
                 N_("Cash price (yuan)"), N_("Points"), N_("Stock"), N_("Running low"),
                 N_("Expiring"), N_("Next expiry"), N_("Notes"))
SALES_COLUMNS = (N_("Sale"), N_("Date"), N_("Time"), N_("Payment"), N_("Total (yuan)"),
                 N_("Total (points)"), N_("Received (yuan)"), N_("Change (yuan)"),
                 N_("Volunteer number"), N_("Volunteer"), N_("Undoes sale"), N_("Reason"),
                 N_("Recorded by"))
LINE_COLUMNS = (N_("Sale"), N_("Date"), N_("Payment"), N_("Product"), N_("Quantity"),
                N_("Unit price (yuan)"), N_("Unit price (points)"), N_("Amount (yuan)"),
                N_("Amount (points)"))
#: the longest period one sales sheet covers
MAX_DAYS = 366


def _xlsx_path(db_path: Path, path: Path) -> tuple[Path, tuple[Path, ...]]:
    path = Path(path)
    protected = database_files(db_path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    return path, protected


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else fen / 100


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def stock_table(rows: list[ProductRow]) -> Table:
    return Table([_(c) for c in STOCK_COLUMNS], [
        [r.shelf.label, r.name, r.barcode, r.unit, _yuan(r.price_fen), r.points, r.stock,
         _yes(r.low), r.expiring or "", r.next_expiry or "", r.notes] for r in rows],
        widths=(14, 24, 16, 6, 12, 8, 8, 10, 10, 12, 30), text_columns=(2,))


def export_stock(centre: Centre, *, actor: Actor, path: Path, shelf: Shelf | None = None,
                 today: dt.date | None = None) -> list[ProductRow]:
    """The stock list as .xlsx (no personal data: not audited): the service ``list_products``
    read, then the sheet written."""
    actor.require(Permission.USE_SHOP)
    path, protected = _xlsx_path(centre.path, path)
    rows = list_products(centre, actor=actor, shelf=shelf, today=today)
    with handed_over(path, protected=protected) as partial:
        write_xlsx(partial, {pgettext(SHEET, "Stock"): stock_table(rows)})
    return rows


@dataclass(frozen=True)
class SalesSheet:
    since: dt.date
    until: dt.date
    sales: int  # sales and redemptions, not counting undos
    undone: int
    cash_fen: int  # less the undos
    points: int  # less the undos
    volunteers: int  # how many volunteers are named


def _local(at: dt.datetime) -> dt.datetime:
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone()


@dataclass(frozen=True)
class _Sales:
    sales: list[list[object]]
    lines: list[list[object]]
    summary: SalesSheet


def _read_sales(uow: UnitOfWork, since: dt.date, until: dt.date) -> _Sales:
    s = uow.session
    sales = list(s.scalars(select(ShopSale).where(ShopSale.on >= since, ShopSale.on <= until)
                           .order_by(ShopSale.on, ShopSale.number)))
    numbers = {x.id: x.number for x in sales}
    volunteers: dict[str, str] = {}
    sale_rows, line_rows = [], []
    for x in sales:
        number = ""
        if x.volunteer_id:
            number = volunteers.get(x.volunteer_id) or get_volunteer(s, x.volunteer_id).number
            volunteers[x.volunteer_id] = number
        cash = x.payment == Payment.CASH
        undoes = ""
        if x.undoes_id:
            undone = s.get(ShopSale, x.undoes_id)
            undoes = numbers.get(x.undoes_id) or (undone.number if undone else "")
        sale_rows.append([x.number, x.on, _local(x.at).strftime("%H:%M"), x.payment.label,
                          _yuan(x.total) if cash else None, None if cash else x.total,
                          _yuan(x.received_fen) if cash else None,
                          _yuan(x.change_fen) if cash else None, number, x.customer_name,
                          undoes, x.reason, x.by])
    if sales:
        by_sale = {x.id: x for x in sales}
        for line in s.scalars(select(ShopSaleLine).where(
                ShopSaleLine.sale_id.in_(list(by_sale))).order_by(ShopSaleLine.change_seq)):
            x = by_sale[line.sale_id]
            cash = x.payment == Payment.CASH
            amount = line.quantity * line.unit_price
            line_rows.append([x.number, x.on, x.payment.label, line.name, line.quantity,
                              _yuan(line.unit_price) if cash else None,
                              None if cash else line.unit_price,
                              _yuan(amount) if cash else None, None if cash else amount])
        line_rows.sort(key=lambda r: str(r[0]))
    summary = SalesSheet(
        since, until, sum(1 for x in sales if x.undoes_id is None),
        sum(1 for x in sales if x.undoes_id is not None),
        sum(x.total for x in sales if x.payment == Payment.CASH),
        sum(x.total for x in sales if x.payment == Payment.POINTS), len(volunteers))
    return _Sales(sale_rows, line_rows, summary)


@writes
def export_sales(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                 path: Path) -> SalesSheet:
    """The sales of a period as .xlsx (two sheets: the sales, their lines). With volunteers'
    names: EXPORT_PERSONAL_DATA, and audited (EXPORT)."""
    actor.require(Permission.MANAGE_SHOP)
    if since > until:
        raise ValidationError(_("The period ends before it begins."), field="until")
    if (until - since).days >= MAX_DAYS:
        raise ValidationError(_("A sales sheet covers at most a year: choose a shorter "
                                "period."), field="since")
    path, protected = _xlsx_path(uow.db.path, path)
    with uow:
        read = _read_sales(uow, since, until)
        named = read.summary.volunteers > 0
        if named:
            actor.require(Permission.EXPORT_PERSONAL_DATA)
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {
                pgettext(SHEET, "Sales"): Table([_(c) for c in SALES_COLUMNS], read.sales,
                                                widths=(14, 12, 8, 8, 12, 12, 12, 12, 14, 12,
                                                        14, 30, 12), text_columns=(0, 8, 10)),
                pgettext(SHEET, "Lines"): Table([_(c) for c in LINE_COLUMNS], read.lines,
                                                widths=(14, 12, 8, 24, 8, 14, 14, 14, 14),
                                                text_columns=(0,))})
            if named:
                finish(uow, actor, AuditAction.EXPORT, target_kind="shop_sale",
                       summary=Msg(N_("Exported the shop's sales from {since} to {until} to "
                                      "{file} ({n} sales, {volunteers} volunteers named)"),
                                   args={"since": since.isoformat(),
                                         "until": until.isoformat(), "file": path.name,
                                         "n": read.summary.sales,
                                         "volunteers": read.summary.volunteers}),
                       detail={"report": "sales", "since": since.isoformat(),
                               "until": until.isoformat(), "sales": read.summary.sales,
                               "volunteers": read.summary.volunteers},
                       changed=(changes.AUDIT,))
        return read.summary
