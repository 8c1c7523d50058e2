"""The goods' printouts (reportlab; the CJK TrueType font embedded, printing/fonts.py):

- 条码标签, barcode labels for goods without a maker's label: the shop's own EAN-13 codes
  (goods.next_shop_code, 20…), the bars and the digits, the name and the price (¥ and/or
  积分) under them; A4 sheets of 3 × 8 labels, as many of each product as chosen;
- 盘点表, the stock-take sheet to count on paper: shelf by shelf, each product with its
  barcode, unit and book stock, and a blank column to write the count in;
- 盘点结果, the stock-take's result: counted against expected, the variances and their value,
  and whether it balances (账物相符) — with the lines for the counters' signatures;
- the stock list as .xlsx (core/sheets.py: what people typed never becomes a formula).

Each is a service that audits the print (PRINT) or the export (EXPORT) before the file is
handed over (core/handover.py). None holds personal data beyond the accounts' names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import (
    handed_over,
    pdf_output_path,
)
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop.goods import get_product
from neighborcenter.features.shop.rules import Shelf, yuan
from neighborcenter.features.shop.stocktake import StocktakeView, view_of
from neighborcenter.i18n import N_, N_plural, _, format_date, format_datetime, pgettext
from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import UnitOfWork

MM = 72 / 25.4
LINE = "#5a6b80"
SHADE = "#e9eff6"
RED = "#a00000"
MAX_LABELS = 1000  # one print job

LABEL_W_MM, LABEL_H_MM = 64, 34
LABELS_ACROSS, LABELS_DOWN = 3, 8


# ------------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class Label:
    name: str
    barcode: str
    price: str  # "¥3.50　120 积分", translated


def _fit(c, text: str, font: str, size: float, width: float, smallest: float = 6) -> float:
    while size > smallest and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _barcode(code: str, font: str, width: float, height: float):
    """The bars of ``code`` and their width: EAN-13 for 13 digits (reportlab checks the check
    digit; the widget prints the digits under the bars itself, in the embedded font), else
    Code 128 without digits (the label prints them). The third value says whether the digits
    are already there: they print once."""
    from reportlab.graphics.barcode import code128, eanbc
    from reportlab.graphics.shapes import Drawing

    if code.isdigit() and len(code) == 13:
        widget = eanbc.Ean13BarcodeWidget(code[:12])
        widget.fontName, widget.fontSize = font, 8
        widget.barHeight = height - 10
        x0, y0, x1, y1 = widget.getBounds()
        widget.barWidth = widget.barWidth * width / (x1 - x0)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(x1 - x0, y1 - y0)
        drawing.initialFontName = font  # else the renderer's state names Helvetica
        drawing.add(widget)
        return drawing, (x1 - x0), True
    bars = code128.Code128(code, barHeight=height - 10, humanReadable=False)
    return bars, bars.width, False


def _draw_label(c, x: float, y: float, label: Label, font: str) -> None:
    from reportlab.graphics import renderPDF

    w, h = LABEL_W_MM * MM, LABEL_H_MM * MM
    c.saveState()
    c.setStrokeColorRGB(0.7, 0.7, 0.7)
    c.setDash(2, 2)
    c.setLineWidth(0.4)
    c.rect(x, y, w, h, stroke=1, fill=0)  # cut here
    c.setDash()
    bars, width, with_digits = _barcode(label.barcode, font, w - 10 * MM, 17 * MM)
    left = x + (w - width) / 2
    if with_digits:  # EAN-13: a Drawing (a Flowable too — drawOn would not tell them apart)
        renderPDF.draw(bars, c, left, y + h - 17 * MM - 3 * MM)
    else:  # Code 128: the digits under the bars in the label's font, once
        bars.drawOn(c, left, y + h - 17 * MM - 3 * MM)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(font, 8)
        c.drawCentredString(x + w / 2, y + h - 20.5 * MM, label.barcode)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(font, _fit(c, label.name, font, 11, w - 6 * MM))
    c.drawCentredString(x + w / 2, y + 8 * MM, label.name)
    c.setFont(font, _fit(c, label.price, font, 12, w - 6 * MM))
    c.drawCentredString(x + w / 2, y + 3 * MM, label.price)
    c.restoreState()


def draw_labels(path: Path, *, labels: Sequence[Label], title: str, author: str) -> Path:
    """A4 sheets of 3 × 8 labels, left to right, top to bottom (no page frame: the labels
    are cut out and stuck on the goods)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    font = chinese_font()
    width, height = A4
    c = Canvas(str(path), pagesize=A4, initialFontName=font)
    c.setTitle(title)
    c.setAuthor(author)
    w, h = LABEL_W_MM * MM, LABEL_H_MM * MM
    left = (width - LABELS_ACROSS * w) / 2
    top = height - (height - LABELS_DOWN * h) / 2
    per_page = LABELS_ACROSS * LABELS_DOWN
    for start in range(0, len(labels), per_page):
        c.setFont(font, 10)
        for i, label in enumerate(labels[start:start + per_page]):
            row, col = divmod(i, LABELS_ACROSS)
            _draw_label(c, left + col * w, top - (row + 1) * h, label, font)
        c.showPage()
    c.save()
    return path


def _styles(font: str) -> dict:
    from reportlab.lib.styles import ParagraphStyle

    return {
        "centre": ParagraphStyle("centre", fontName=font, fontSize=11, leading=15,
                                 alignment=1),
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=11, leading=15, alignment=1,
                              wordWrap="CJK", spaceAfter=2 * MM),
        "line": ParagraphStyle("line", fontName=font, fontSize=10.5, leading=15,
                               wordWrap="CJK"),
        "header": ParagraphStyle("header", fontName=font, fontSize=9.5, leading=12,
                                 wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=13,
                               wordWrap="CJK"),
        "shelf": ParagraphStyle("shelf", fontName=font, fontSize=11, leading=14,
                                wordWrap="CJK"),
    }


def _p(text: str, style, colour: str | None = None):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    body = escape(text).replace("\n", "<br/>")
    if colour:
        body = f'<font color="{colour}">{body}</font>'
    return Paragraph(body, style)


@dataclass(frozen=True)
class SheetWords:
    centre: str
    title: str  # "匠心坊 盘点表"
    subtitle: str  # "2026年12月1日　全部货架"
    facts: tuple[str, ...]
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # mm
    numbers: tuple[int, ...]  # columns aligned right
    notes: tuple[str, ...]  # under the table: the verdict, the signatures
    frame: FrameText
    verdict_red: bool = False  # the first note in red (账物不符)


def draw_table(path: Path, *, groups: Sequence[tuple[str, Sequence[Sequence[str]]]],
               words: SheetWords, row_mm: float = 0) -> Path:
    """A title, facts, then one table with a shaded line for each group (a shelf) and its
    rows; the header repeats on each page. ``row_mm``: the rows' least height (room to
    write a number by hand)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table

    font = chinese_font()
    st = _styles(font)
    story: list = [_p(words.centre, st["centre"]), _p(words.title, st["title"]),
                   _p(words.subtitle, st["sub"])]
    story += [_p(line, st["line"]) for line in words.facts]
    story.append(Spacer(1, 2 * MM))
    body: list[list] = [[_p(h, st["header"]) for h in words.columns]]
    style: list = [("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                   ("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)),
                   ("GRID", (0, 0), (-1, -1), 0.5, HexColor(LINE)),
                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in words.numbers]
    heights: list[float | None] = [None]
    for title, rows in groups:
        n = len(body)
        body.append([_p(title, st["shelf"])] + [""] * (len(words.columns) - 1))
        style += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), HexColor("#f3f3f3"))]
        heights.append(None)
        for row in rows:
            body.append([v if i in words.numbers else _p(v, st["cell"])
                         for i, v in enumerate(row)])
            heights.append(row_mm * MM if row_mm else None)
    table = Table(body, colWidths=[w * MM for w in words.widths], rowHeights=heights,
                  repeatRows=1)
    table.setStyle(style)
    story += [table, Spacer(1, 4 * MM)]
    for i, line in enumerate(words.notes):
        story.append(_p(line, st["line"], RED if i == 0 and words.verdict_red else None))
        story.append(Spacer(1, 2 * MM))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * MM,
                            rightMargin=MARGIN_MM * MM, topMargin=TOP_MM * MM,
                            bottomMargin=BOTTOM_MM * MM,
                            title=f"{words.centre} {words.title} {words.subtitle}",
                            author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path


# ------------------------------------------------------------------------------ services


def staff_name(session: Session, username: str | None) -> str:
    """How a paper names the account that did something: its display name (李主任), the login
    name only for an account that is not there any more. The services keep the login name."""
    if not username:
        return ""
    name = session.scalar(select(Account.display_name).where(Account.username == username))
    return name or username


def frame_text(header: str, actor: Actor) -> FrameText:
    printed = _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))
    return FrameText(header=header, confidential=_("Internal material — keep confidential"),
                     printed=printed, page=_("Page {page} of {pages}"))


def price_text(price_fen: int | None, points: int | None) -> str:
    """"¥3.50", "120 积分", or both."""
    parts = []
    if price_fen is not None:
        parts.append(yuan(price_fen))
    if points is not None:
        parts.append(_("{n} points").format(n=points))
    return "　".join(parts)


@writes
def save_labels(uow: UnitOfWork, *, actor: Actor, items: Sequence[tuple[str, int]],
                path: Path) -> int:
    """Barcode labels: ``items`` (product id, how many labels). Audited (PRINT). Returns the
    number of labels."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    wanted = [(pid, int(n)) for pid, n in items if int(n) > 0]
    total = sum(n for _pid, n in wanted)
    if not wanted:
        raise ValidationError(_("Choose the goods and how many labels of each."),
                              field="copies")
    if total > MAX_LABELS:
        raise ValidationError(_("At most {most} labels in one print.").format(most=MAX_LABELS),
                              field="copies")
    with uow:
        s = uow.session
        labels: list[Label] = []
        for pid, n in wanted:
            p = get_product(s, pid)
            labels += [Label(p.name, p.barcode, price_text(p.price_fen, p.points))] * n
        name, _header = centre_heading(s)
        with handed_over(path, protected=protected) as partial:
            draw_labels(partial, labels=labels, title=_("Barcode labels"), author=name)
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_product",
                   target_id=wanted[0][0] if len(wanted) == 1 else None,
                   summary=Msg(*N_plural("Printed {n} barcode label", "Printed {n} barcode "
                                         "labels"), args={"n": total}),
                   detail={"products": len(wanted), "labels": total},
                   changed=(changes.AUDIT,))
        return total


def _shelf_title(view: StocktakeView) -> str:
    return view.shelf.label if view.shelf is not None else _("All shelves")


def _groups(view: StocktakeView, row) -> list[tuple[str, list[list[str]]]]:
    out: list[tuple[str, list[list[str]]]] = []
    for shelf in Shelf:
        rows = [row(n, r) for n, r in enumerate(
            (r for r in view.rows if r.shelf == shelf), 1)]
        if rows:
            out.append((shelf.label, rows))
    return out


@writes
def save_stocktake_sheet(uow: UnitOfWork, *, actor: Actor, stocktake_id: str,
                         path: Path) -> int:
    """盘点表: each product to count, shelf by shelf, with its book stock and a blank box
    for the count. Audited (PRINT). Returns the number of products."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        view = view_of(s, stocktake_id)
        name, header = centre_heading(s)
        words = SheetWords(
            centre=name, title=_("Shop stock-take sheet"),
            subtitle=f"{format_date(view.on)}　{_shelf_title(view)}",
            facts=(_("{n} products. Count what is on the shelf and write the number in the "
                     "box; 0 if there is none.").format(n=len(view.rows)),),
            columns=(pgettext("shop list", "No."), _("Product"), _("Barcode"),
                     pgettext("shop list", "Unit"), _("Books"), _("Counted"), _("Note")),
            widths=(10, 52, 34, 14, 16, 20, 34), numbers=(0, 4),
            notes=(_("Counted by: ____________　Checked by: ____________　"
                     "Date: ____________"),),
            frame=frame_text(header, actor))
        groups = _groups(view, lambda n, r: [str(n), r.name, r.barcode, r.unit,
                                             str(r.expected), "", ""])
        with handed_over(path, protected=protected) as partial:
            draw_table(partial, groups=groups, words=words, row_mm=9)
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_stocktake",
                   target_id=view.id,
                   summary=Msg(N_("Printed the stock-take sheet of {day} ({n} products)"),
                               args={"day": view.on.isoformat(), "n": len(view.rows)}),
                   detail={"products": len(view.rows)}, changed=(changes.AUDIT,))
        return len(view.rows)


def _signed(n: int | None) -> str:
    return "" if n is None else f"{n:+d}" if n else "0"


def _value(r) -> str:
    parts = []
    if r.value_fen:
        parts.append(yuan(r.value_fen) if r.value_fen < 0 else "+" + yuan(r.value_fen))
    if r.value_points:
        parts.append(_("{n} points").format(n=f"{r.value_points:+d}"))
    return "　".join(parts)


@writes
def save_stocktake_result(uow: UnitOfWork, *, actor: Actor, stocktake_id: str,
                          path: Path) -> int:
    """盘点结果: counted against the books, the variances and their value, and whether it
    balances (账物相符). Audited (PRINT). Returns the number of products."""
    actor.require(Permission.USE_SHOP)
    path, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        view = view_of(s, stocktake_id)
        t = view.totals
        name, header = centre_heading(s)
        if t.balanced:
            verdict = _("The goods match the books (账物相符).")
        elif t.uncounted:
            verdict = _("Not finished: {n} products not counted yet.").format(n=t.uncounted)
        else:
            verdict = _("The goods do not match the books (账物不符): {over} products more, "
                        "{short} fewer.").format(over=t.over, short=t.short)
        state = (_("Finished on {day} by {who}").format(
            day=format_date(view.finished_at.date()), who=staff_name(s, view.finished_by))
            if view.finished_at else _("Given up") if view.abandoned else _("Still open"))
        facts = [state, _("{n} products, {counted} counted; value of the variances: {fen}, "
                          "{points}").format(n=t.products, counted=t.counted,
                                             fen=yuan(t.value_fen),
                                             points=_("{n} points").format(n=t.value_points))]
        if view.note:
            facts.append(_("Note: {note}").format(note=view.note))
        words = SheetWords(
            centre=name, title=_("Shop stock-take result"),
            subtitle=f"{format_date(view.on)}　{_shelf_title(view)}",
            facts=tuple(facts),
            columns=(pgettext("shop list", "No."), _("Product"), pgettext("shop list", "Unit"),
                     _("Books"), _("Counted"), _("Variance"),
                     pgettext("shop stock-take", "Value"), _("Note")),  # 差异金额, not 内容
            widths=(10, 50, 14, 16, 16, 16, 30, 28), numbers=(0, 3, 4, 5),
            notes=(verdict, _("Counted by: ____________　Checked by: ____________")),
            frame=frame_text(header, actor), verdict_red=not t.balanced)
        groups = _groups(view, lambda n, r: [
            str(n), r.name, r.unit, str(r.expected),
            "" if r.counted is None else str(r.counted), _signed(r.variance), _value(r),
            r.note])
        with handed_over(path, protected=protected) as partial:
            draw_table(partial, groups=groups, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_stocktake",
                   target_id=view.id,
                   summary=Msg(N_("Printed the stock-take result of {day}"),
                               args={"day": view.on.isoformat()}),
                   detail={"products": len(view.rows), "balanced": t.balanced},
                   changed=(changes.AUDIT,))
        return len(view.rows)
