"""The after-school class's printouts, drawn with reportlab (no database here: every word
comes translated from printouts.py):

- 签到签退表, the day's sign-in/sign-out sheet, the paper fallback after a power cut: A4
  landscape, one row per child on the roster with who may collect them (and, in red, who must
  not), and the boxes to fill in by hand — 签到时间, 接走人, 关系, 签退时间, 交接志愿者,
  家长签字 — with what is already recorded written in; rows of 11 mm to write in; the
  hand-over rule and the late pick-up ladder printed under the list;
- the reports (monthly attendance, late pick-ups, hours on duty): a title, the period, a few
  summary lines and a table that runs over pages with its header repeated;
- 接送卡, the pick-up slips: eight to an A4 page, each with the child's name, class and the
  slip code in large type, with a dashed line to cut along.

Every page carries the shared frame (printing/frame.py) with "internal material"; the CJK
TrueType font is embedded (printing/fonts.py). The font has no "⚠": warnings are marked "！".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas

MM = 72 / 25.4  # points in a millimetre
LINE = "#5a6b80"
SHADE = "#e9eff6"
STRIPE = "#f6f8fb"
ABSENT = "#eeeeee"
RED = "#a00000"


@functools.cache
def _colour(value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def _styles(font: str) -> dict:
    from reportlab.lib.styles import ParagraphStyle

    return {
        "centre": ParagraphStyle("centre", fontName=font, fontSize=11, leading=15,
                                 alignment=1),
        "title": ParagraphStyle("title", fontName=font, fontSize=19, leading=26, alignment=1),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=11.5, leading=16, alignment=1,
                              wordWrap="CJK", spaceAfter=2 * MM),
        "line": ParagraphStyle("line", fontName=font, fontSize=10.5, leading=15,
                               wordWrap="CJK"),
        "header": ParagraphStyle("header", fontName=font, fontSize=10, leading=13,
                                 wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=11, leading=14,
                               wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=font, fontSize=9.5, leading=12,
                                wordWrap="CJK"),
        "note": ParagraphStyle("note", fontName=font, fontSize=9.5, leading=13.5,
                               textColor="#333333", wordWrap="CJK"),
    }


def _p(text: str, style, colour: str | None = None):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    body = escape(text).replace("\n", "<br/>")
    if colour:
        body = f'<font color="{colour}">{body}</font>'
    return Paragraph(body, style)


def _document(path: Path, *, landscape: bool, title: str, author: str):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(str(path), pagesize=turned(A4) if landscape else A4,
                             leftMargin=MARGIN_MM * MM, rightMargin=MARGIN_MM * MM,
                             topMargin=TOP_MM * MM, bottomMargin=BOTTOM_MM * MM,
                             title=title, author=author)


def _grid(rows: int, *, header_rows: int = 1) -> list:
    style = [("FONTSIZE", (0, 0), (-1, -1), 11),
             ("BACKGROUND", (0, 0), (-1, header_rows - 1), _colour(SHADE)),
             ("GRID", (0, 0), (-1, -1), 0.5, _colour(LINE)),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 1.2 * MM),
             ("RIGHTPADDING", (0, 0), (-1, -1), 1.2 * MM),
             ("TOPPADDING", (0, header_rows), (-1, -1), 1.5 * MM),
             ("BOTTOMPADDING", (0, header_rows), (-1, -1), 1.5 * MM)]
    for i in range(header_rows + 1, rows, 2):
        style.append(("BACKGROUND", (0, i), (-1, i), _colour(STRIPE)))
    return style


# ------------------------------------------------------------------------ the day sheet


@dataclass(frozen=True)
class SheetWords:
    """Every printed word of the day's sheet that is the same for each child, translated."""

    centre: str
    title: str  # "三点半课堂 签到签退表"
    subtitle: str  # "2026年12月1日 星期二　本学期　15:30–17:30"
    facts: tuple[str, ...]  # lines under the title: on duty, expected, absent …
    columns: tuple[str, ...]  # 序号, 姓名, 可接送人, 签到时间, 接走人, 关系, 签退时间,
    #                           交接志愿者, 家长签字
    rules: tuple[str, ...]  # the hand-over rule and the ladder, one line each
    frame: FrameText


@dataclass(frozen=True)
class SheetRow:
    """One child's row: what is recorded ("" where the volunteer writes it)."""

    name: str
    details: str  # "三年级2班　9岁" and the marks (！健康提示, 可独自回家, 未满8岁)
    collectors: str  # "李建国（父亲）、王桂兰（外婆）"
    blocked: str  # "！禁止接送：张三" or ""
    phones: str  # guardians' phones when asked for, or ""
    arrived: str
    adult: str
    relation: str
    left: str
    handed_by: str
    absent: str  # "请假：感冒（李建国告知）" or "": the row is greyed, nothing to fill


#: the day sheet's column widths (mm) on A4 landscape (267 mm inside the margins)
SHEET_WIDTHS = (9, 38, 56, 20, 30, 16, 20, 30, 48)
SHEET_ROW_MM = 11  # at least: room to write a name by hand


def draw_day_sheet(path: Path, *, rows: Sequence[SheetRow], words: SheetWords) -> Path:
    from reportlab.platypus import Spacer, Table

    font = chinese_font()
    st = _styles(font)
    story: list = [_p(words.centre, st["centre"]), _p(words.title, st["title"]),
                   _p(words.subtitle, st["sub"])]
    story += [_p(line, st["line"]) for line in words.facts]
    story.append(Spacer(1, 2 * MM))
    table_rows: list[list] = [[_p(h, st["header"]) for h in words.columns]]
    spans, greys = [], []
    for n, r in enumerate(rows, 1):
        who = [_p(r.collectors, st["small"])]
        if r.blocked:
            who.append(_p(r.blocked, st["small"], RED))
        if r.phones:
            who.append(_p(r.phones, st["small"]))
        name = [_p(r.name, st["cell"]), _p(r.details, st["small"])]
        if r.absent:
            table_rows.append([str(n), name, who, _p(r.absent, st["cell"]), "", "", "", "", ""])
            spans.append(("SPAN", (3, n), (8, n)))
            greys.append(("BACKGROUND", (0, n), (-1, n), _colour(ABSENT)))
            continue
        # the empty signature cell holds the row open to its least height
        table_rows.append([str(n), name, who, r.arrived, _p(r.adult, st["cell"]),
                           _p(r.relation, st["cell"]), r.left, _p(r.handed_by, st["cell"]),
                           Spacer(1, SHEET_ROW_MM * MM - 3 * MM)])
    table = Table(table_rows, colWidths=[w * MM for w in SHEET_WIDTHS], repeatRows=1)
    style = _grid(len(table_rows)) + spans + greys + [
        ("FONTNAME", (0, 0), (-1, -1), font), ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (3, -1), "CENTER"), ("ALIGN", (6, 1), (6, -1), "CENTER")]
    table.setStyle(style)
    story += [table, Spacer(1, 3 * MM)]
    story += [_p(line, st["note"]) for line in words.rules]
    doc = _document(path, landscape=True, title=f"{words.centre} {words.title} "
                    f"{words.subtitle}", author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path


# ----------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportWords:
    centre: str
    title: str  # "三点半课堂 月度出勤统计"
    subtitle: str  # "2026年11月"
    facts: tuple[str, ...]  # summary lines
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # mm, as many as the columns
    empty: str  # what the page says when there is no row
    notes: tuple[str, ...]  # under the table
    frame: FrameText
    landscape: bool = False
    numbers: tuple[int, ...] = ()  # columns aligned right


def draw_report(path: Path, *, rows: Sequence[Sequence[str]], words: ReportWords,
                total: Sequence[str] | None = None) -> Path:
    """A report: title, period, summary lines, the table (header repeated on each page),
    an optional total row in bold shade, notes."""
    from reportlab.platypus import Spacer, Table

    font = chinese_font()
    st = _styles(font)
    story: list = [_p(words.centre, st["centre"]), _p(words.title, st["title"]),
                   _p(words.subtitle, st["sub"])]
    story += [_p(line, st["line"]) for line in words.facts]
    story.append(Spacer(1, 2 * MM))
    if rows:
        body = [[_p(h, st["header"]) for h in words.columns]]
        for row in rows:
            body.append([v if i in words.numbers else _p(v, st["cell"])
                         for i, v in enumerate(row)])
        if total is not None:
            body.append([v if i in words.numbers else _p(v, st["cell"])
                         for i, v in enumerate(total)])
        table = Table(body, colWidths=[w * MM for w in words.widths], repeatRows=1)
        style = _grid(len(body)) + [("FONTNAME", (0, 0), (-1, -1), font)]
        style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in words.numbers]
        if total is not None:
            style.append(("BACKGROUND", (0, len(body) - 1), (-1, len(body) - 1),
                          _colour(SHADE)))
            style.append(("LINEABOVE", (0, len(body) - 1), (-1, len(body) - 1), 1.2,
                          _colour(LINE)))
        table.setStyle(style)
        story.append(table)
    else:
        story.append(_p(words.empty, st["line"]))
    story.append(Spacer(1, 3 * MM))
    story += [_p(line, st["note"]) for line in words.notes]
    doc = _document(path, landscape=words.landscape,
                    title=f"{words.centre} {words.title} {words.subtitle}", author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path


# ------------------------------------------------------------------------ pick-up slips


@dataclass(frozen=True)
class Slip:
    name: str
    grade_class: str
    code: str


@dataclass(frozen=True)
class SlipWords:
    centre: str
    title: str  # "三点半课堂 接送卡"
    name: str  # "孩子"
    code: str  # "接送码"
    note: str  # "接孩子时请出示本卡；遗失请立即告知中心。"
    frame: FrameText


SLIP_WIDTH_MM, SLIP_HEIGHT_MM = 85, 54  # a bank card's size
SLIPS_ACROSS, SLIPS_DOWN = 2, 4


def _fit(c, text: str, font: str, size: float, width: float, smallest: float = 7) -> float:
    while size > smallest and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_slip(c, x: float, y: float, slip: Slip, words: SlipWords, font: str) -> None:
    w, h = SLIP_WIDTH_MM * MM, SLIP_HEIGHT_MM * MM
    c.saveState()
    c.setDash(3, 3)
    c.setStrokeColor(_colour("#888888"))
    c.setLineWidth(0.5)
    c.rect(x - 2 * MM, y - 2 * MM, w + 4 * MM, h + 4 * MM, stroke=1, fill=0)  # cut here
    c.setDash()
    c.setStrokeColor(_colour(LINE))
    c.setLineWidth(1)
    c.roundRect(x, y, w, h, 3 * MM, stroke=1, fill=0)
    c.setFillColor(_colour(SHADE))
    c.rect(x + 0.5, y + h - 11 * MM, w - 1, 10.5 * MM, stroke=0, fill=1)
    c.setFillColor(_colour("#000000"))
    inner = w - 8 * MM
    size = _fit(c, words.centre, font, 8.5, inner)
    c.setFont(font, size)
    c.drawCentredString(x + w / 2, y + h - 4.8 * MM, words.centre)
    size = _fit(c, words.title, font, 12.5, inner)
    c.setFont(font, size)
    c.drawCentredString(x + w / 2, y + h - 9.6 * MM, words.title)
    label_w = max(c.stringWidth(words.name, font, 10), c.stringWidth(words.code, font, 10))
    value_x = x + 4 * MM + label_w + 3 * MM
    c.setFont(font, 10)
    c.setFillColor(_colour("#333333"))
    c.drawString(x + 4 * MM, y + h - 19 * MM, words.name)
    c.drawString(x + 4 * MM, y + h - 32 * MM, words.code)
    c.setFillColor(_colour("#000000"))
    name = f"{slip.name}　{slip.grade_class}".strip()
    c.setFont(font, _fit(c, name, font, 15, x + w - 4 * MM - value_x))
    c.drawString(value_x, y + h - 19.5 * MM, name)
    c.setFont(font, 24)
    spaced = " ".join(slip.code)
    c.drawString(value_x, y + h - 33.5 * MM, spaced)
    c.setFont(font, _fit(c, words.note, font, 8.5, inner))
    c.setFillColor(_colour("#333333"))
    c.drawString(x + 4 * MM, y + 5 * MM, words.note)
    c.restoreState()


def draw_slips(path: Path, *, slips: Sequence[Slip], words: SlipWords) -> Path:
    """Eight slips to an A4 page, two across and four down."""
    from reportlab.lib.pagesizes import A4

    font = chinese_font()
    width, height = A4
    c = framed_canvas(words.frame)(str(path), pagesize=A4)
    c.setTitle(f"{words.centre} {words.title}")
    c.setAuthor(words.centre)
    slip_w, slip_h = SLIP_WIDTH_MM * MM, SLIP_HEIGHT_MM * MM
    usable_h = height - (TOP_MM + BOTTOM_MM) * MM
    gap_x = 10 * MM
    gap_y = (usable_h - SLIPS_DOWN * slip_h) / (SLIPS_DOWN + 1)
    left = (width - SLIPS_ACROSS * slip_w - gap_x) / 2
    per_page = SLIPS_ACROSS * SLIPS_DOWN
    for start in range(0, len(slips), per_page):
        for i, slip in enumerate(slips[start:start + per_page]):
            row, col = divmod(i, SLIPS_ACROSS)
            x = left + col * (slip_w + gap_x)
            y = height - TOP_MM * MM - gap_y - (row + 1) * slip_h - row * gap_y
            _draw_slip(c, x, y, slip, words, font)
        c.showPage()
    c.save()
    return path
