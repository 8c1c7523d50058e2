"""小票: the receipt of one sale (or of an undo), as a PDF on an 80 mm till roll or on A6
(settings.receipt_paper): the centre, 匠心坊, the sale's number and time, the goods, the total,
then the cash received and the change, or the points used and the balance left with the
volunteer's name and number (never the phone). The CJK TrueType font is embedded
(printing/fonts.py). ``print_receipt`` is the service: audited (PRINT) before the file is
handed over (core/handover.py); the till opens it in the system's viewer to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import handed_over, pdf_output_path
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import NotFound
from neighborcenter.features.shop.models import ShopSale
from neighborcenter.features.shop.rules import Payment, yuan
from neighborcenter.features.shop.settings import shop_settings
from neighborcenter.features.shop.till import SaleDone, sale_done
from neighborcenter.i18n import N_, _
from neighborcenter.printing.fonts import chinese_font
from neighborcenter.storage.uow import UnitOfWork

MM = 72 / 25.4  # points in a millimetre
#: (width, height or None for as long as the receipt) in mm
PAPERS = {"80mm": (80.0, None), "a6": (105.0, 148.0)}


@dataclass(frozen=True)
class ReceiptLine:
    text: str
    size: float = 9.0
    centred: bool = False
    rule: bool = False  # a dashed line instead of words


def money_or_points(value: int, payment: Payment) -> str:
    return yuan(value) if payment == Payment.CASH else _("{n} points").format(n=value)


def local_time(at: dt.datetime) -> str:
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone().strftime(
        "%Y-%m-%d %H:%M")


def receipt_lines(centre: str, sale: SaleDone) -> list[ReceiptLine]:
    """What the receipt says, top to bottom (the tests read these too)."""
    out = [ReceiptLine(centre, 10, centred=True),
           ReceiptLine(_("匠心坊 community shop"), 12, centred=True),
           ReceiptLine(_("Undo receipt") if sale.undoes else _("Receipt"), 11, centred=True),
           ReceiptLine(_("No. {number}").format(number=sale.number)),
           ReceiptLine(_("Time: {time}").format(time=local_time(sale.at)))]
    if sale.undoes:
        out.append(ReceiptLine(_("Undoes sale {number}: {reason}").format(
            number=sale.undoes, reason=sale.reason)))
    out.append(ReceiptLine("", rule=True))
    for line in sale.lines:
        out.append(ReceiptLine(line.name))
        price = money_or_points(line.unit_price, sale.payment)
        subtotal = money_or_points(line.quantity * line.unit_price, sale.payment)
        out.append(ReceiptLine(f"    {line.quantity} × {price} = {subtotal}"))
    out.append(ReceiptLine("", rule=True))
    out.append(ReceiptLine(_("Total: {total}").format(
        total=money_or_points(sale.total, sale.payment)), 11))
    if sale.payment == Payment.CASH:
        if sale.undoes:
            out.append(ReceiptLine(_("Cash given back: {amount}").format(
                amount=yuan(-sale.total))))
        else:
            out.append(ReceiptLine(_("Cash received: {amount}").format(
                amount=yuan(sale.received_fen))))
            out.append(ReceiptLine(_("Change: {amount}").format(amount=yuan(sale.change_fen))))
    else:
        out.append(ReceiptLine(_("Volunteer: {name} ({number})").format(
            name=sale.customer, number=sale.volunteer_number)))
        if sale.undoes:
            out.append(ReceiptLine(_("Points given back: {n}").format(n=-sale.total)))
        else:
            out.append(ReceiptLine(_("Points used: {n}").format(n=sale.total)))
        out.append(ReceiptLine(_("Points left: {n}").format(n=sale.points_left)))
    out.append(ReceiptLine("", rule=True))
    out.append(ReceiptLine(_("Thank you!"), 10, centred=True))
    return out


def draw_receipt(path: Path, lines: list[ReceiptLine], *, paper: str, title: str) -> None:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    font = chinese_font()
    width_mm, height_mm = PAPERS[paper]
    margin = 4 * MM
    width = width_mm * MM
    room = width - 2 * margin
    rows: list[tuple[str, float, bool, bool]] = []
    for line in lines:
        if line.rule:
            rows.append(("", line.size, False, True))
            continue
        for part in simpleSplit(line.text, font, line.size, room) or [""]:
            rows.append((part, line.size, line.centred, False))
    needed = sum(size * 1.45 for _t, size, _c, _r in rows) + 2 * margin
    height = height_mm * MM if height_mm else needed
    canvas = Canvas(str(path), pagesize=(width, height), initialFontName=font,
                    initialFontSize=9)
    canvas.setTitle(title)
    canvas.setAuthor(_("NeighborCenter"))
    y = height - margin
    for text, size, centred, rule in rows:
        y -= size * 1.45
        if y < margin and height_mm:  # A6 full: on to the next page
            canvas.showPage()
            y = height - margin - size * 1.45
        if rule:
            canvas.setDash(2, 2)
            canvas.setLineWidth(0.5)
            canvas.line(margin, y + size * 0.5, width - margin, y + size * 0.5)
            canvas.setDash()
            continue
        canvas.setFont(font, size)
        if centred:
            canvas.drawCentredString(width / 2, y, text)
        else:
            canvas.drawString(margin, y, text)
    canvas.showPage()
    canvas.save()


@writes
def print_receipt(uow: UnitOfWork, *, actor: Actor, sale_id: str, out: Path | str) -> Path:
    """The receipt of a sale as a PDF at ``out``, on the paper of the shop's settings.
    Audited (PRINT: the sale's number, not the customer). Returns the file."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, out)
    with uow:
        s = uow.session
        sale = s.get(ShopSale, sale_id)
        if sale is None:
            raise NotFound(_("This sale is not there."))
        done = sale_done(s, sale)
        paper = shop_settings(s).receipt_paper
        name, _header = centre_heading(s)
        with handed_over(path, protected=protected) as partial:
            draw_receipt(partial, receipt_lines(name, done),
                         paper=paper if paper in PAPERS else "80mm",
                         title=_("Receipt {number}").format(number=done.number))
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_sale", target_id=sale.id,
                   summary=Msg(N_("Printed the receipt of sale {number}"),
                               args={"number": done.number}),
                   detail={"sale": done.number, "paper": paper}, changed=(changes.AUDIT,))
        return path


def receipt_file_name(number: str) -> str:
    return _("Receipt {number}").format(number=number) + ".pdf"
