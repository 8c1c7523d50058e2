"""The volunteers' printouts, drawn with reportlab (no database here: every word comes
translated from printouts.py):

- 志愿者证, volunteer cards: credit-card size (85.6 × 54 mm), eight to an A4 sheet with cutting
  lines; the centre, the name, the volunteer number (never the ID number), the teams, and the
  number as a Code128 barcode and a QR code for the till's scanner.
- 志愿服务证明, the certificate: its number, who served, when, the approved hours, the service
  by category, the recording unit, the date, a place for the seal and the note that it is
  free; then the list of the activities, on more pages if it is long.
- 积分存折, the points passbook: a statement laid out as a bank passbook — date, kind, reason,
  deposit, withdrawal, balance — for volunteers who are not online.

Every page carries the shared frame (printing/frame.py); the card sheets, which stay in the
office until cut, say "internal material"; the certificate and the passbook, handed to the
volunteer, do not. The CJK TrueType font is embedded (printing/fonts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

CARD_WIDTH_MM = 85.6  # ISO/IEC 7810 ID-1, a bank card
CARD_HEIGHT_MM = 54.0
CARDS_ACROSS, CARDS_DOWN = 2, 4  # eight to an A4 page inside the frame

BLUE = "#1f4e79"
LINE = "#8a9bb0"


# ------------------------------------------------------------------------------ the cards


@dataclass(frozen=True)
class Card:
    name: str
    number: str  # the volunteer number: what the barcode and the QR code hold
    teams: str  # "银龄互助团、环保志愿队"


@dataclass(frozen=True)
class CardText:
    centre: str  # "幸福邻里中心"
    title: str  # "志愿者证"
    name: str  # "姓名"
    number: str  # "编号"
    teams: str  # "团队"
    frame: FrameText


def _fit(canvas, text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" to fit ``width`` at ``size``."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _fitting_size(canvas, text: str, font: str, size: float, width: float,
                  smallest: float) -> float:
    while size > smallest and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_card(c, x: float, y: float, card: Card, words: CardText, font: str) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import code128, qr
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    w, h = CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm
    pad = 3.5 * mm
    c.saveState()
    # the outline is the cutting line
    c.setStrokeColor(colors.HexColor(LINE))
    c.setLineWidth(0.5)
    c.setDash(2, 2)
    c.roundRect(x, y, w, h, 3 * mm, stroke=1, fill=0)
    c.setDash()
    # the band: the centre and 志愿者证
    band = 11 * mm
    c.saveState()  # the band follows the card's rounded corners
    outline = c.beginPath()
    outline.roundRect(x, y, w, h, 3 * mm)
    c.clipPath(outline, stroke=0, fill=0)
    c.setFillColor(colors.HexColor(BLUE))
    c.rect(x, y + h - band, w, band, stroke=0, fill=1)
    c.restoreState()
    c.setFillColor(colors.white)
    title_size = 12
    title_width = c.stringWidth(words.title, font, title_size)
    c.setFont(font, title_size)
    c.drawRightString(x + w - pad, y + h - band + 3.6 * mm, words.title)
    centre_width = w - 2 * pad - title_width - 3 * mm
    size = _fitting_size(c, words.centre, font, 10, centre_width, 7)
    c.setFont(font, size)
    c.drawString(x + pad, y + h - band + 3.6 * mm, _fit(c, words.centre, font, size,
                                                          centre_width))
    # the QR code, on the right
    qr_side = 24 * mm
    qr_x, qr_y = x + w - pad - qr_side, y + h - band - 3 * mm - qr_side
    widget = qr.QrCodeWidget(card.number, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(qr_side, qr_side, transform=[qr_side / (right - left), 0, 0,
                                                   qr_side / (top - bottom), 0, 0],
                      initialFontName=font)  # else reportlab names Helvetica on the page
    drawing.add(widget)
    renderPDF.draw(drawing, c, qr_x, qr_y)
    # the name, the number, the teams, on the left
    text_x = x + pad
    text_width = qr_x - text_x - 2 * mm
    c.setFillColor(colors.black)
    label_size = 7.5
    line_y = y + h - band - 7.5 * mm
    label_width = max(c.stringWidth(t, font, label_size)
                      for t in (words.name, words.number, words.teams)) + 2 * mm
    value_x = text_x + label_width
    value_width = text_width - label_width
    c.setFillColor(colors.HexColor("#555555"))
    c.setFont(font, label_size)
    c.drawString(text_x, line_y, words.name)
    c.setFillColor(colors.black)
    size = _fitting_size(c, card.name, font, 15, value_width, 9)
    c.setFont(font, size)
    c.drawString(value_x, line_y, _fit(c, card.name, font, size, value_width))
    line_y -= 6.5 * mm
    c.setFillColor(colors.HexColor("#555555"))
    c.setFont(font, label_size)
    c.drawString(text_x, line_y, words.number)
    c.setFillColor(colors.black)
    c.setFont(font, 12)
    c.drawString(value_x, line_y, card.number)
    line_y -= 5.5 * mm
    if card.teams:
        c.setFillColor(colors.HexColor("#555555"))
        c.setFont(font, label_size)
        c.drawString(text_x, line_y, words.teams)
        c.setFillColor(colors.black)
        c.setFont(font, 8)
        c.drawString(value_x, line_y, _fit(c, card.teams, font, 8, value_width))
    # the barcode, along the bottom: Code128 of the number (set C: two digits a symbol)
    bar_height = 10 * mm
    barcode = code128.Code128(card.number, barWidth=0.4 * mm, barHeight=bar_height,
                              humanReadable=False, quiet=True)
    barcode.drawOn(c, x + pad - barcode.lquiet, y + 3.2 * mm)
    c.restoreState()


def draw_cards(path: Path, *, cards: list[Card], words: CardText) -> Path:
    """Eight cards to an A4 page, two across and four down, each with its cutting line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    font = chinese_font()
    width, height = A4
    canvas_class = framed_canvas(words.frame)
    c = canvas_class(str(path), pagesize=A4)
    c.setTitle(f"{words.centre} {words.title}")
    c.setAuthor(words.centre)
    card_w, card_h = CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm
    usable_h = height - (TOP_MM + BOTTOM_MM) * mm
    gap_x = 8 * mm
    gap_y = (usable_h - CARDS_DOWN * card_h) / (CARDS_DOWN + 1)
    left = (width - CARDS_ACROSS * card_w - gap_x) / 2
    per_page = CARDS_ACROSS * CARDS_DOWN
    for start in range(0, len(cards), per_page):
        for i, card in enumerate(cards[start:start + per_page]):
            row, col = divmod(i, CARDS_ACROSS)
            x = left + col * (card_w + gap_x)
            y = height - TOP_MM * mm - gap_y - (row + 1) * card_h - row * gap_y
            _draw_card(c, x, y, card, words, font)
        c.showPage()
    c.save()
    return path


# ------------------------------------------------------------------------ shared helpers


def _styles(font: str):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=22, leading=30, alignment=1,
                                spaceAfter=2 * mm),
        "right": ParagraphStyle("right", fontName=font, fontSize=10, leading=14,
                                alignment=2, spaceAfter=4 * mm),
        "centre": ParagraphStyle("centre", fontName=font, fontSize=10, leading=14,
                                 alignment=1, spaceAfter=3 * mm),
        "body": ParagraphStyle("body", fontName=font, fontSize=12.5, leading=22,
                               firstLineIndent=25, wordWrap="CJK", spaceAfter=3 * mm),
        "plain": ParagraphStyle("plain", fontName=font, fontSize=11, leading=17,
                                wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=font, fontSize=12, leading=16,
                               spaceBefore=4 * mm, spaceAfter=2 * mm),
        "note": ParagraphStyle("note", fontName=font, fontSize=9.5, leading=14,
                               textColor="#333333", wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12.5),
        "cjk": ParagraphStyle("cjk", fontName=font, fontSize=9.5, leading=12.5,
                              wordWrap="CJK"),
    }


def _para(text: str, style):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)  # a name with "<" or "&" stays text


def _cell(text: str, styles):
    return _para(text, styles["cjk"] if _CJK.search(text) else styles["cell"])


def _table_style(font: str, *, numbers_from: int | None = None):
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(LINE)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if numbers_from is not None:
        commands.append(("ALIGN", (numbers_from, 1), (-1, -1), "RIGHT"))
    return TableStyle(commands)


def _document(path: Path, *, title: str, author: str):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * mm,
                             rightMargin=MARGIN_MM * mm, topMargin=TOP_MM * mm,
                             bottomMargin=BOTTOM_MM * mm, title=title, author=author)


# ------------------------------------------------------------------------ the certificate


@dataclass(frozen=True)
class CertificateText:
    """Every printed word of a 志愿服务证明, translated and filled in by the caller."""

    centre: str  # the recording unit
    title: str  # "志愿服务证明"
    number: str  # "编号：2026-0001"
    body: str  # "兹证明 张阿姨（女，…）于 … 累计志愿服务时长 12.5 小时。"
    by_category: str  # "服务内容"
    category_columns: tuple[str, str, str]  # 服务类别, 活动次数, 时长（小时）
    categories: list[tuple[str, str, str]]
    closing: str  # "特此证明。"
    unit: str  # "记录单位：幸福邻里中心"
    issued: str  # "出具日期：2026年11月30日"
    seal: str  # "盖章处"
    notes: list[str]  # "本证明免费出具。", "…不得用于商业目的…"
    list_title: str  # "附：志愿服务记录明细"
    activity_columns: tuple[str, str, str, str]  # 日期, 活动名称, 服务类别, 时长（小时）
    activities: list[tuple[str, str, str, str]]
    frame: FrameText


def _seal(text: str, font: str, diameter: float):
    """A dashed circle saying where the seal goes (a flowable)."""
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class Seal(Flowable):
        def wrap(self, avail_width, avail_height):
            return diameter, diameter

        def draw(self):
            c = self.canv
            c.saveState()
            c.setStrokeColor(colors.HexColor("#b0b0b0"))
            c.setDash(3, 3)
            c.circle(diameter / 2, diameter / 2, diameter / 2 - 1, stroke=1, fill=0)
            c.setFillColor(colors.HexColor("#a0a0a0"))
            c.setFont(font, 11)
            c.drawCentredString(diameter / 2, diameter / 2 - 4, text)
            c.restoreState()

    return Seal()


def draw_certificate(path: Path, *, words: CertificateText) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table

    font = chinese_font()
    st = _styles(font)
    story: list = [Spacer(1, 6 * mm), _para(words.title, st["title"]),
                   _para(words.number, st["right"]), _para(words.body, st["body"])]
    if words.categories:
        table = Table([[_cell(h, st) for h in words.category_columns],
                       *[[_cell(a, st), b, c] for a, b, c in words.categories]],
                      colWidths=[100 * mm, 40 * mm, 40 * mm], repeatRows=1)
        table.setStyle(_table_style(font, numbers_from=1))
        story += [_para(words.by_category, st["head"]), table]
    sign_off = Table(
        [[[_para(words.closing, st["plain"]), Spacer(1, 8 * mm),
           _para(words.unit, st["plain"]), Spacer(1, 2 * mm),
           _para(words.issued, st["plain"])],
          _seal(words.seal, font, 40 * mm)]],
        colWidths=[130 * mm, 50 * mm])
    sign_off.setStyle([("FONTNAME", (0, 0), (-1, -1), font),
                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                       ("ALIGN", (1, 0), (1, 0), "CENTER")])
    story += [Spacer(1, 6 * mm), KeepTogether([sign_off, Spacer(1, 4 * mm),
                                               *[_para(n, st["note"]) for n in words.notes]])]
    if words.activities:
        table = Table([[_cell(h, st) for h in words.activity_columns],
                       *[[d, _cell(name, st), _cell(cat, st), hrs]
                         for d, name, cat, hrs in words.activities]],
                      colWidths=[26 * mm, 84 * mm, 40 * mm, 30 * mm], repeatRows=1)
        table.setStyle(_table_style(font, numbers_from=3))
        story += [CondPageBreak(40 * mm), _para(words.list_title, st["head"]), table]
    doc = _document(path, title=f"{words.title} {words.number}", author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path


# --------------------------------------------------------------------------- the passbook


@dataclass(frozen=True)
class PassbookLine:
    on: str
    kind: str  # 服务获得, 兑换, 调整, 过期, 冲正, 转赠
    reason: str
    deposit: str  # "" when it is a withdrawal
    withdrawal: str
    balance: str


@dataclass(frozen=True)
class PassbookText:
    centre: str
    title: str  # "志愿服务积分存折"
    heading: list[tuple[str, str]]  # (label, value): 姓名, 志愿者编号, 当前余额, 打印日期
    expiring: str  # "30 积分将于 2027-02-28 前过期，请及时兑换。" or ""
    columns: tuple[str, ...]  # 日期, 摘要, 说明, 存入, 支取, 余额
    lines: list[PassbookLine]
    empty: str  # "暂无积分记录。"
    notes: list[str]
    frame: FrameText


def draw_passbook(path: Path, *, words: PassbookText) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    font = chinese_font()
    st = _styles(font)
    story: list = [_para(words.centre, st["centre"]), _para(words.title, st["title"])]
    cells = []
    for label, value in words.heading:
        cells += [_cell(label, st), _cell(value, st)]
    heading = Table([cells[i:i + 4] for i in range(0, len(cells), 4)],
                    colWidths=[25 * mm, 60 * mm, 25 * mm, 70 * mm])
    heading.setStyle([("FONTNAME", (0, 0), (-1, -1), font),
                      ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor(BLUE)),
                      ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.HexColor(LINE)),
                      ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f4f8")),
                      ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f1f4f8"))])
    story += [heading, Spacer(1, 3 * mm)]
    if words.expiring:
        story.append(_para(words.expiring, st["note"]))
    story.append(Spacer(1, 3 * mm))
    rows = [[_cell(h, st) for h in words.columns]]
    for line in words.lines:
        rows.append([line.on, _cell(line.kind, st), _cell(line.reason, st), line.deposit,
                     line.withdrawal, line.balance])
    if not words.lines:
        rows.append([_para(words.empty, st["cjk"]), "", "", "", "", ""])
    table = Table(rows, colWidths=[24 * mm, 30 * mm, 62 * mm, 21 * mm, 21 * mm, 22 * mm],
                  repeatRows=1)
    style = _table_style(font, numbers_from=3)
    if not words.lines:
        style.add("SPAN", (0, 1), (-1, 1))
    for i in range(2, len(rows), 2):  # every other line shaded, as in a passbook
        style.add("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f7f9fb"))
    table.setStyle(style)
    story += [table, Spacer(1, 4 * mm), *[_para(n, st["note"]) for n in words.notes]]
    doc = _document(path, title=words.title, author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path
