"""The shop's lists on paper and in Excel: the group buy's order for the supplier (items and
total quantities, no customer's data), its collection list (接龙 number, name, masked phone,
the goods, paid?, collected? and a column to sign), and the day close report (日结单).

PDFs on A4 with the shared page frame and the CJK font embedded (printing/); .xlsx through
core/sheets.py (what people typed never becomes a formula). Each file is handed over only
after its audit entry (PRINT / EXPORT; the collection list holds personal data: its entry
says how many customers, never their names)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import (
    check_output_path,
    database_files,
    handed_over,
    pdf_output_path,
)
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop.dayclose import DaySummary, summarise
from neighborcenter.features.shop.groupbuy import (
    CollectionList,
    SupplierList,
    collection_of,
    supplier_of,
)
from neighborcenter.features.shop.labels import staff_name
from neighborcenter.features.shop.rules import yuan
from neighborcenter.i18n import N_, _, format_date, format_datetime, pgettext
from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas
from neighborcenter.storage.uow import UnitOfWork

MM = 72 / 25.4
LINE = "#5a6b80"
SHADE = "#e9eff6"
YES = "✓"  # the CJK font has it; "—" for no

def supplier_columns() -> list[str]:
    return [pgettext("shop list", "No."), pgettext("shop list", "Item"),
            pgettext("shop list", "Unit"), pgettext("shop list", "Price"),
            pgettext("shop list", "Quantity"), pgettext("shop list", "Amount")]


def collection_columns() -> list[str]:
    return [pgettext("shop list", "No."), pgettext("shop list", "Name"),
            pgettext("shop list", "Phone"), pgettext("shop list", "Goods"),
            pgettext("shop list", "Amount"), pgettext("shop list", "Paid"),
            pgettext("shop list", "Collected"), pgettext("shop list", "Signature")]


def stock_columns() -> list[str]:
    return [pgettext("shop list", "Product"), pgettext("shop list", "Unit"),
            pgettext("shop list", "Opening"), pgettext("shop list", "In"),
            pgettext("shop list", "Out"), pgettext("shop list", "Closing")]


def frame_text(header: str, actor: Actor) -> FrameText:
    printed = _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))
    return FrameText(header=header, confidential=_("Internal material — keep confidential"),
                     printed=printed, page=_("Page {page} of {pages}"))


def _mark(value: bool) -> str:
    return YES if value else "—"


# ------------------------------------------------------------------------------ drawing


@dataclass(frozen=True)
class Sheet:
    """A printed list: title lines, facts, one table (header repeated on each page), the
    lines under it; every word translated by the caller."""

    centre: str
    title: str
    subtitle: str
    facts: tuple[str, ...]
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # mm
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    empty: str
    after: tuple[str, ...]  # lines under the table (notes, signatures)
    frame: FrameText
    numbers: tuple[int, ...] = ()  # columns aligned right
    row_mm: float = 0  # at least this tall (room to sign)


def _p(text: str, style):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def draw_sheet(path: Path, sheet: Sheet, *, more: Sequence[Sheet] = ()) -> Path:
    """The sheet (and any ``more`` after it, each with its own table) on A4 portrait."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table

    font = chinese_font()
    st = {
        "centre": ParagraphStyle("centre", fontName=font, fontSize=11, leading=15,
                                 alignment=1),
        "title": ParagraphStyle("title", fontName=font, fontSize=19, leading=26, alignment=1),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=11.5, leading=16, alignment=1,
                              wordWrap="CJK", spaceAfter=2 * MM),
        "line": ParagraphStyle("line", fontName=font, fontSize=11, leading=16,
                               wordWrap="CJK"),
        "header": ParagraphStyle("header", fontName=font, fontSize=10, leading=13,
                                 wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=11, leading=14,
                               wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=font, fontSize=11, leading=14,
                                alignment=2),
    }
    story: list = []
    for n, part in enumerate((sheet, *more)):
        if n == 0:
            story += [_p(part.centre, st["centre"]), _p(part.title, st["title"]),
                      _p(part.subtitle, st["sub"])]
        else:
            story += [Spacer(1, 4 * MM), _p(part.title, st["line"])]
        story += [_p(line, st["line"]) for line in part.facts]
        story.append(Spacer(1, 2 * MM))
        if part.rows:
            body = [[_p(h, st["header"]) for h in part.columns]]
            for row in (*part.rows, *((part.total,) if part.total else ())):
                body.append([_p(v, st["right"] if i in part.numbers else st["cell"])
                             for i, v in enumerate(row)])
            heights = [None] + [part.row_mm * MM if part.row_mm else None] * (len(body) - 1)
            table = Table(body, colWidths=[w * MM for w in part.widths], repeatRows=1,
                          rowHeights=heights)
            style = [("FONTNAME", (0, 0), (-1, -1), font),
                     ("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)),
                     ("GRID", (0, 0), (-1, -1), 0.5, HexColor(LINE)),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            if part.total:
                style += [("BACKGROUND", (0, -1), (-1, -1), HexColor(SHADE)),
                          ("LINEABOVE", (0, -1), (-1, -1), 1.2, HexColor(LINE))]
            table.setStyle(style)
            story.append(table)
        else:
            story.append(_p(part.empty, st["line"]))
        story.append(Spacer(1, 3 * MM))
        story += [_p(line, st["line"]) for line in part.after]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * MM,
                            rightMargin=MARGIN_MM * MM, topMargin=TOP_MM * MM,
                            bottomMargin=BOTTOM_MM * MM,
                            title=f"{sheet.centre} {sheet.title} {sheet.subtitle}",
                            author=sheet.centre)
    doc.build(story, canvasmaker=framed_canvas(sheet.frame))
    return path


# --------------------------------------------------------------------- the group buy's


def _campaign_subtitle(c) -> str:
    return _("{name}　Supplier: {supplier}　Orders until {order_by}　Collection on "
             "{collect_on}").format(name=c.name, supplier=c.supplier or "—",
                                    order_by=format_date(c.order_by),
                                    collect_on=format_date(c.collect_on))


def supplier_rows(data: SupplierList) -> list[tuple[str, ...]]:
    return [(str(n), x.name, x.unit, yuan(x.price_fen), str(x.quantity), yuan(x.amount_fen))
            for n, x in enumerate(data.lines, start=1)]


def supplier_sheet(name: str, data: SupplierList, frame: FrameText) -> Sheet:
    return Sheet(
        centre=name, title=_("倾心铺 group buy: order for the supplier"),
        subtitle=_campaign_subtitle(data.campaign),
        facts=(_("{orders} orders, {items} items.").format(orders=data.campaign.orders,
                                                           items=len(data.lines)),),
        columns=tuple(supplier_columns()), widths=(12, 76, 18, 26, 22, 26),
        rows=tuple(supplier_rows(data)),
        total=("", _("Total"), "", "", str(sum(x.quantity for x in data.lines)),
               yuan(data.total_fen)),
        empty=_("No orders yet."),
        after=(_("Ordered by (signature): ____________　Date: ____________"),),
        frame=frame, numbers=(0, 3, 4, 5))


def collection_rows(data: CollectionList) -> list[tuple[str, ...]]:
    return [(str(r.number), r.name, r.phone, r.goods, yuan(r.due_fen), _mark(r.paid),
             _mark(r.collected), r.collected_by) for r in data.rows]


def collection_sheet(name: str, data: CollectionList, frame: FrameText) -> Sheet:
    paid = sum(1 for r in data.rows if r.paid)
    done = sum(1 for r in data.rows if r.collected)
    return Sheet(
        centre=name, title=_("倾心铺 group buy: collection list"),
        subtitle=_campaign_subtitle(data.campaign),
        facts=(_("{n} orders: {paid} paid, {done} collected.").format(
            n=len(data.rows), paid=paid, done=done),),
        columns=tuple(collection_columns()),
        widths=(10, 22, 31, 45, 20, 13, 13, 26), rows=tuple(collection_rows(data)),
        total=None, empty=_("No orders yet."),
        after=(_("Hand the goods over only against a signature; an order not paid is paid "
                 "(收款) first."),),
        frame=frame, numbers=(0, 4), row_mm=11)


@writes
def print_supplier_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str, path: Path
                        ) -> SupplierList:
    """The order for the supplier as a PDF: items and total quantities. Audited (PRINT)."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        data = supplier_of(s, campaign_id)
        name, header = centre_heading(s)
        with handed_over(path, protected=protected) as partial:
            draw_sheet(partial, supplier_sheet(name, data, frame_text(header, actor)))
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_campaign",
                   target_id=campaign_id,
                   summary=Msg(N_("Printed the supplier's order of the group buy {name}"),
                               args={"name": data.campaign.name}),
                   changed=(changes.AUDIT,))
        return data


@writes
def print_collection_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str, path: Path
                          ) -> CollectionList:
    """The collection list as a PDF (names, masked phones, a column to sign). Audited
    (PRINT: how many customers, not who)."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        data = collection_of(s, actor, campaign_id)
        name, header = centre_heading(s)
        with handed_over(path, protected=protected) as partial:
            draw_sheet(partial, collection_sheet(name, data, frame_text(header, actor)))
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_campaign",
                   target_id=campaign_id,
                   summary=Msg(N_("Printed the collection list of the group buy {name} "
                                  "({n} customers)"),
                               args={"name": data.campaign.name, "n": len(data.rows)}),
                   detail={"customers": len(data.rows)}, changed=(changes.AUDIT,))
        return data


def _xlsx_path(db_path: Path, path: Path) -> tuple[Path, tuple[Path, ...]]:
    path = Path(path)
    protected = database_files(db_path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    return path, protected


@writes
def export_supplier_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str, path: Path
                         ) -> SupplierList:
    """The order for the supplier as .xlsx (no customer's data). Audited (EXPORT)."""
    actor.require(Permission.USE_SHOP)
    path, protected = _xlsx_path(uow.db.path, path)
    with uow:
        data = supplier_of(uow.session, campaign_id)
        rows = [(n, x.name, x.unit, x.price_fen / 100, x.quantity, x.amount_fen / 100)
                for n, x in enumerate(data.lines, start=1)]
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {_("Supplier's order"): Table(
                supplier_columns(), rows, widths=(6, 30, 8, 10, 10, 12))},
                protected=protected)
            finish(uow, actor, AuditAction.EXPORT, target_kind="shop_campaign",
                   target_id=campaign_id,
                   summary=Msg(N_("Exported the supplier's order of the group buy {name}"),
                               args={"name": data.campaign.name}),
                   changed=(changes.AUDIT,))
        return data


@writes
def export_collection_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str, path: Path
                           ) -> CollectionList:
    """The collection list as .xlsx — names and masked phones: personal data, so for the
    staff (MANAGE_SHOP) only. Audited (EXPORT: how many customers)."""
    actor.require(Permission.MANAGE_SHOP)
    path, protected = _xlsx_path(uow.db.path, path)
    with uow:
        data = collection_of(uow.session, actor, campaign_id)
        rows = [(r.number, r.name, r.phone, r.goods, r.due_fen / 100,
                 _("Yes") if r.paid else _("No"), _("Yes") if r.collected else _("No"),
                 r.collected_by) for r in data.rows]
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {_("Collection list"): Table(
                collection_columns(), rows,
                widths=(6, 12, 14, 40, 10, 8, 8, 14), text_columns=(2,))},
                protected=protected)
            finish(uow, actor, AuditAction.EXPORT, target_kind="shop_campaign",
                   target_id=campaign_id,
                   summary=Msg(N_("Exported the collection list of the group buy {name} "
                                  "({n} customers)"),
                               args={"name": data.campaign.name, "n": len(data.rows)}),
                   detail={"customers": len(data.rows)}, changed=(changes.AUDIT,))
        return data


# -------------------------------------------------------------------------- the day close


def day_close_facts(d: DaySummary) -> tuple[str, ...]:
    c = d.cash
    closed = d.closed
    if closed is None:
        counted = _("Cash counted: — (the day is not closed yet)")
        diff = ""
    else:
        counted = _("Cash counted: {amount}").format(amount=yuan(c.counted_fen))
        diff = _("Difference: {amount}").format(amount=yuan(c.difference_fen))
        if closed.note:
            diff += "　" + _("Note: {note}").format(note=closed.note)
    lines = [
        _("Float (opening cash): {amount}").format(amount=yuan(c.opening_fen)),
        _("Cash sales (less undone): {amount}").format(amount=yuan(c.sales_fen)),
        # group-buy orders are paid and refunded in cash at the till: both are in the drawer
        _("Group-buy orders, in cash today: paid in {paid}, refunded {refunds} (both "
          "counted in the cash expected in the drawer)").format(
            paid=yuan(c.group_buy_fen + d.refunds_fen), refunds=yuan(d.refunds_fen)),
        _("Cash expected in the drawer: {amount} (float + cash sales + group-buy paid in "
          "− refunded)").format(amount=yuan(c.expected_fen)),
        counted,
    ]
    if diff:
        lines.append(diff)
    lines += [
        _("Points redeemed: {points}").format(points=d.points_redeemed),
        _("Sales and redemptions: {n}; undone: {undone}").format(n=d.sales, undone=d.undone),
        _("Welfare gifts: {n} ({items} items)").format(n=d.gifts, items=d.gift_items),
        _("Donations received: {n} ({items} items)").format(n=d.donations,
                                                            items=d.donated_items),
        _("Written off: {n} items").format(n=d.written_off),
    ]
    return tuple(lines)


def day_close_sheets(name: str, d: DaySummary, frame: FrameText, closed_by: str = ""
                     ) -> tuple[Sheet, Sheet]:
    """``closed_by``: the display name of who closed the day (the close keeps the login)."""
    closed = d.closed
    who = (_("Closed by {user} at {time}").format(
        user=closed_by or closed.closed_by,
        time=format_datetime(closed.closed_at.astimezone(), "short").replace("\u202f", " "))
        if closed is not None else _("Not closed yet"))
    top = Sheet(centre=name, title=_("匠心坊 day close (日结单)"), subtitle=format_date(d.on),
                facts=day_close_facts(d), columns=(), widths=(), rows=(), total=None,
                empty="", after=(), frame=frame)
    balanced = d.stock_balances and (closed is None or d.cash.balances or bool(closed.note))
    stock = Sheet(
        centre=name, title=_("The day's stock book"), subtitle="", facts=(),
        columns=tuple(stock_columns()), widths=(70, 16, 24, 24, 24, 24),
        rows=tuple((x.product, x.unit, str(x.opening), str(x.came_in), str(x.went_out),
                    str(x.closing)) for x in d.stock),
        total=None, empty=_("No goods moved this day."),
        after=(_("Books and goods agree (账物相符): {answer}").format(
            answer=_("Yes") if balanced else _("No")), *d.mismatches, who, "",
            _("Closed by (signature): ______________　Checked by (signature): "
              "______________")),
        frame=frame, numbers=(2, 3, 4, 5))
    return top, stock


@writes
def print_day_close(uow: UnitOfWork, *, actor: Actor, on: dt.date, path: Path) -> DaySummary:
    """The 日结单 of a day as a PDF (a day not closed yet prints without the count). Audited
    (PRINT)."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        d = summarise(s, on)
        name, header = centre_heading(s)
        top, stock = day_close_sheets(
            name, d, frame_text(header, actor),
            staff_name(s, d.closed.closed_by) if d.closed is not None else "")
        with handed_over(path, protected=protected) as partial:
            draw_sheet(partial, top, more=(stock,))
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_day",
                   target_id=d.closed.id if d.closed is not None else None,
                   summary=Msg(N_("Printed the shop's day close of {day}"),
                               args={"day": on.isoformat()}),
                   changed=(changes.AUDIT,))
        return d
