"""The visits' printouts, drawn with reportlab (no database here: every word comes translated
from printouts.py):

- 探访关爱记录表, the visit sheet: ONE A4 page per elder. At the top what the office knows,
  pre-filled — the centre, the month or the festival, the elder's name, masked ID number,
  address, masked phone, emergency contacts, tier and frequency, the planned visit's window,
  the pair, the last visit and the follow-ups still open. Below, what the visitors fill in by
  hand, in the order of the visit form that types it back (records.VisitForm): the date and
  time, the method (tick boxes), the duration, the five areas (a tick box per item, ticked =
  needs attention, and a line of notes each), hazards, three ruled lines of follow-ups (what,
  who, by when), the emergency box, and the signatures of the two visitors and of the elder
  or a family member (with their relation to the elder).
- 探访路线单, the route list: one list per pair (each starting a page), its elders in the
  order of their addresses (estate, building, unit, room), with the window, the masked
  phone, the tier and a tick box per planned visit.

The sheet is drawn on the canvas as a fixed form (the boxes must not move from one elder to
the next); the route list is a table that runs over pages. A 70-year-old writes on the sheet:
rows of at least 7.5 mm, tick boxes of 4.5 mm, type of 11 pt and more. Every page carries the
shared frame (printing/frame.py) with "internal material"; the CJK TrueType font is embedded
(printing/fonts.py), and ``chinese_font`` says so plainly when there is none.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas

MM = 72 / 25.4  # points in a millimetre
BLUE = "#1f4e79"
LINE = "#5a6b80"
SHADE = "#e9eff6"
RULE = "#9aa8b8"
BLANK = "{blank}"  # where a template leaves a space to write in



@functools.cache
def _colour(value: str):
    """A colour made once: reportlab parses a "#rrggbb" string at every use, a large part
    of drawing 500 sheets."""
    from reportlab.lib.colors import HexColor

    return HexColor(value)


# ----------------------------------------------------------------------------- the words


@dataclass(frozen=True)
class SheetWords:
    """Every printed word of a visit sheet that is the same for each elder, translated."""

    centre: str  # "幸福邻里中心"
    title: str  # "探访关爱记录表"
    subtitle: str  # "2026年12月 常规探访" / "2026 中秋节 · 慰问品：月饼一盒"
    # what is pre-filled: the labels
    name: str
    sex_age: str
    id_number: str
    address: str
    phone: str
    contacts: str
    tier: str
    pair: str
    planned: str
    last_visit: str
    follow_ups_open: str
    # what is filled in by hand
    filled_in: str  # the heading of the visitors' part
    when: str  # "探访时间"
    when_blanks: str  # "{blank}年{blank}月{blank}日　{blank}时{blank}分"
    method: str  # "探访方式"
    methods: tuple[str, ...]  # 入户探访, 电话探访, 视频探访
    duration: str  # "时长"
    duration_blanks: str  # "{blank}小时"
    areas: tuple[tuple[str, tuple[str, ...]], ...]  # (area, its items), the sheet's order
    notes: str  # "情况："
    hazards: str
    follow_ups: str  # "跟进事项"
    follow_up_columns: tuple[str, str, str]  # 事项, 负责人, 期限
    emergency: str  # "紧急情况"
    emergency_tick: str  # "发现紧急情况，已先求助（120 / 110、家属、社区）"
    emergency_notes: str  # "情况及处理："
    visitors_sign: str  # "探访人签名"
    elder_sign: str  # "老人或家属签名"
    relation: str  # "与老人关系"
    frame: FrameText


@dataclass(frozen=True)
class Sheet:
    """One elder's pre-filled values (masked identifiers only)."""

    name: str
    sex_age: str  # "女　86岁"
    masked_id: str
    address: str
    phone: str  # masked
    contacts: str  # "王小明（儿子）138****1234；…"
    tier: str  # "高风险　每周探访"
    pair: str  # "第一探访组：张桂英、李建华"
    planned: str  # "12月1日至12月31日"
    last_visit: str  # "2026年11月12日　入户探访　张桂英、李建华"
    follow_ups: str  # "申请适老化改造（街道民政科，12月15日前）"


# ------------------------------------------------------------------------------ drawing


def fit(c, text: str, font: str, size: float, width: float, smallest: float = 8
        ) -> tuple[str, float, float]:
    """``text`` at the largest size down to ``smallest`` that fits ``width``, cut with "…"
    when even that is too wide; with the width it takes."""
    taken = c.stringWidth(text, font, size)
    while size > smallest and taken > width:
        size -= 0.5
        taken = c.stringWidth(text, font, size)
    if taken <= width:
        return text, size, taken
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size, c.stringWidth(text + "…", font, size)


class _Form:
    """Rows of cells drawn from the top of the page down (``y`` is the next row's top)."""

    def __init__(self, c, font: str, left: float, width: float, top: float,
                 label_w: float = 23 * MM) -> None:
        self.c, self.font, self.left, self.width, self.y = c, font, left, width, top
        self.label_w = label_w  # the shaded cells of labels on the left

    # -- pieces
    def text(self, x: float, bottom: float, height: float, text: str, size: float,
             width: float, *, colour: str = "#000000", smallest: float = 8) -> float:
        """Text vertically centred in a row; returns its right end."""
        shown, size, taken = fit(self.c, text, self.font, size, width, smallest)
        self.c.setFillColor(_colour(colour))
        self.c.setFont(self.font, size)
        self.c.drawString(x, bottom + height / 2 - size * 0.36, shown)
        return x + taken

    def box(self, x: float, bottom: float, height: float, side: float = 4.5 * MM) -> float:
        """A tick box vertically centred; returns its right end."""
        self.c.setLineWidth(0.9)
        self.c.setStrokeColor(_colour("#000000"))
        self.c.rect(x, bottom + (height - side) / 2, side, side, stroke=1, fill=0)
        return x + side

    def rule(self, x0: float, x1: float, y: float) -> None:
        """A line to write on."""
        self.c.setLineWidth(0.5)
        self.c.setStrokeColor(_colour(RULE))
        self.c.line(x0, y, x1, y)

    def blanks(self, x: float, bottom: float, height: float, template: str,
               widths: Sequence[float], size: float) -> float:
        """A template such as "{blank}年{blank}月{blank}日": its words, with a ruled space
        to write in at each {blank} (``widths`` in mm, in turn)."""
        parts = template.split(BLANK)
        for n, part in enumerate(parts):
            if part:
                x = self.text(x, bottom, height, part, size, 1000)
            if n < len(parts) - 1:
                w = (widths[n] if n < len(widths) else 12) * MM
                self.rule(x + 0.8 * MM, x + w - 0.8 * MM, bottom + 1.8 * MM)
                x += w
        return x

    def frame_row(self, bottom: float, height: float, splits: Sequence[float],
                  shaded: Sequence[tuple[float, float]] = ()) -> None:
        """The row's outline, its shaded label cells and the lines between its cells."""
        c = self.c
        c.setFillColor(_colour(SHADE))
        for x0, x1 in shaded:
            c.rect(x0, bottom, x1 - x0, height, stroke=0, fill=1)
        c.setStrokeColor(_colour(LINE))
        c.setLineWidth(0.6)
        c.rect(self.left, bottom, self.width, height, stroke=1, fill=0)
        for x in splits:
            c.line(x, bottom, x, bottom + height)

    # -- rows
    def facts(self, height: float, cells: Sequence[tuple[str, str, float | None]],
              *, first_size: float = 11.5) -> None:
        """Label/value pairs across the row: (label, value, the value's width in mm, or None
        for the rest of the row); the first value at ``first_size`` (the name larger)."""
        bottom = self.y - height
        x = self.left
        splits, shaded, placed = [], [], []
        # the first label lines up with the labels of the rows below; the others take the
        # width of their words
        widths = [self.label_w] + [max(16 * MM, self.c.stringWidth(label, self.font, 10.5)
                                       + 3.5 * MM) for label, _v, _w in cells[1:]]
        fixed = sum(widths) + sum((w or 0) * MM for _l, _v, w in cells)
        for (label, value, w), label_w in zip(cells, widths, strict=True):
            value_w = w * MM if w is not None else self.width - fixed
            shaded.append((x, x + label_w))
            placed.append((x, label, label_w, value, value_w))
            splits += [x + label_w, x + label_w + value_w]
            x += label_w + value_w
        self.frame_row(bottom, height, [s for s in splits[:-1] if s > self.left], shaded)
        for n, (lx, label, label_w, value, value_w) in enumerate(placed):
            self.text(lx + 1.5 * MM, bottom, height, label, 10.5, label_w - 3 * MM,
                      colour="#333333")
            self.text(lx + label_w + 2 * MM, bottom, height, value,
                      first_size if n == 0 else 11.5, value_w - 4 * MM)
        self.y = bottom

    def heading(self, text: str, height: float = 6.5 * MM) -> None:
        bottom = self.y - height
        self.c.setFillColor(_colour(BLUE))
        self.c.rect(self.left, bottom, self.width, height, stroke=0, fill=1)
        self.text(self.left + 2 * MM, bottom, height, text, 11.5, self.width - 4 * MM,
                  colour="#ffffff")
        self.y = bottom

    def labelled(self, label: str, height: float, draw) -> None:
        """A row with a shaded label cell on the left and ``draw(x, bottom, height, right)``
        filling the rest."""
        label_w = self.label_w
        bottom = self.y - height
        self.frame_row(bottom, height, [self.left + label_w],
                       [(self.left, self.left + label_w)])
        self.text(self.left + 1.5 * MM, bottom, height, label, 11, label_w - 3 * MM,
                  colour="#333333")
        draw(self.left + label_w + 2.5 * MM, bottom, height, self.left + self.width - 2 * MM)
        self.y = bottom

    def gap(self, mm: float = 2) -> None:
        self.y -= mm * MM


def _ticks(form: _Form, labels: Sequence[str], size: float = 12, gap: float = 5.5):
    def draw(x: float, bottom: float, height: float, right: float) -> float:
        for label in labels:
            x = form.box(x, bottom, height) + 1.5 * MM
            x = form.text(x, bottom, height, label, size, right - x) + gap * MM
        return x

    return draw


def _line(form: _Form, prefix: str = "", size: float = 11):
    """A ruled line to write on, after ``prefix``."""
    def draw(x: float, bottom: float, height: float, right: float) -> float:
        if prefix:
            x = form.text(x, bottom, height, prefix, size, right - x) + 1 * MM
        form.rule(x, right, bottom + 1.8 * MM)
        return right

    return draw


def draw_sheet(c, sheet: Sheet, words: SheetWords, font: str, width: float,
               height: float) -> None:
    """One elder's visit sheet on the current page of ``c`` (inside the frame)."""
    left = MARGIN_MM * MM
    labels = (words.name, words.address, words.contacts, words.tier, words.planned,
              words.last_visit, words.follow_ups_open, words.when, words.method,
              words.hazards, words.follow_ups, words.emergency,
              *(area for area, _items in words.areas))
    label_w = min(34 * MM, max(23 * MM, max(c.stringWidth(t, font, 11) for t in labels)
                               + 3.5 * MM))
    form = _Form(c, font, left, width - 2 * MARGIN_MM * MM, height - TOP_MM * MM, label_w)
    full = form.width
    # the title: the centre, 探访关爱记录表, the month or the festival
    c.setFillColor(_colour("#000000"))
    c.setFont(font, 11)
    c.drawCentredString(width / 2, form.y - 3.5 * MM, words.centre)
    c.setFont(font, 19)
    c.drawCentredString(width / 2, form.y - 10.5 * MM, words.title)
    subtitle, size, _width = fit(c, words.subtitle, font, 11, full)
    c.setFont(font, size)
    c.drawCentredString(width / 2, form.y - 15.5 * MM, subtitle)
    form.y -= 17.5 * MM
    # what the office knows
    row = 7.5 * MM
    form.facts(9 * MM, [(words.name, sheet.name, None), (words.sex_age, sheet.sex_age, 26),
                        (words.id_number, sheet.masked_id, 46)], first_size=15)
    form.facts(row, [(words.address, sheet.address, None), (words.phone, sheet.phone, 44)])
    form.facts(row, [(words.contacts, sheet.contacts, None)])
    form.facts(row, [(words.tier, sheet.tier, None), (words.pair, sheet.pair, 86)])
    form.facts(row, [(words.planned, sheet.planned, None)])
    form.facts(row, [(words.last_visit, sheet.last_visit, None)])
    form.facts(row, [(words.follow_ups_open, sheet.follow_ups, None)])
    form.gap()
    # what the visitors fill in, in the order of the visit form
    form.heading(words.filled_in)
    row = 8.6 * MM
    form.labelled(words.when, row, lambda x, b, h, r: form.blanks(
        x, b, h, words.when_blanks, (18, 11, 11, 11, 11), 12))

    def method_and_duration(x: float, bottom: float, height: float, right: float) -> None:
        x = _ticks(form, words.methods)(x, bottom, height, right)
        x = form.text(x + 2 * MM, bottom, height, words.duration, 11, 30 * MM,
                      colour="#333333") + 1.5 * MM
        form.blanks(x, bottom, height, words.duration_blanks, (16,), 12)

    form.labelled(words.method, row, method_and_duration)
    # the five areas: a tick box per item, a line of notes
    area_h = 14.6 * MM
    for area, items in words.areas:
        bottom = form.y - area_h
        label_w = form.label_w
        form.frame_row(bottom, area_h, [left + label_w], [(left, left + label_w)])
        c.setStrokeColor(_colour(RULE))
        c.setLineWidth(0.3)
        c.setDash(1, 2)
        c.line(left + label_w, bottom + area_h / 2, left + full, bottom + area_h / 2)
        c.setDash()
        form.text(left + 1.5 * MM, bottom, area_h, area, 11.5, label_w - 3 * MM)
        x = left + label_w + 2.5 * MM
        _ticks(form, items, 12, 5)(x, bottom + area_h / 2, area_h / 2, left + full - 2 * MM)
        _line(form, words.notes)(x, bottom, area_h / 2, left + full - 2 * MM)
        form.y = bottom
    form.labelled(words.hazards, row, _line(form))
    form.gap()
    # follow-ups: three ruled lines, what / who / by when
    what, owner, due = words.follow_up_columns
    label_w, owner_w, due_w = form.label_w, 38 * MM, 34 * MM
    what_w = full - label_w - owner_w - due_w
    head_h, line_h = 6.5 * MM, 8.2 * MM
    top = form.y
    bottom = top - head_h - 3 * line_h
    c.setFillColor(_colour(SHADE))
    c.rect(left, bottom, label_w, top - bottom, stroke=0, fill=1)
    c.rect(left + label_w, top - head_h, full - label_w, head_h, stroke=0, fill=1)
    c.setStrokeColor(_colour(LINE))
    c.setLineWidth(0.6)
    c.rect(left, bottom, full, top - bottom, stroke=1, fill=0)
    columns = (left + label_w, left + label_w + what_w, left + label_w + what_w + owner_w)
    for x in columns:
        c.line(x, bottom, x, top)
    for n in range(4):
        y = top - head_h - n * line_h
        c.line(left + label_w, y, left + full, y)
    form.text(left + 1.5 * MM, bottom, top - bottom, words.follow_ups, 11, label_w - 3 * MM,
              colour="#333333")
    for x, text, w in zip(columns, (what, owner, due), (what_w, owner_w, due_w), strict=True):
        form.text(x + 2 * MM, top - head_h, head_h, text, 10.5, w - 4 * MM, colour="#333333")
    form.y = bottom
    form.gap()
    # the emergency box, in red
    box_top = form.y
    form.labelled(words.emergency, row, _ticks(form, (words.emergency_tick,), 11.5))
    form.labelled("", row, _line(form, words.emergency_notes))
    c.setStrokeColor(_colour("#a00000"))
    c.setLineWidth(1.4)
    c.rect(left, form.y, full, box_top - form.y, stroke=1, fill=0)
    form.gap()
    # the signatures
    sign_h = 10 * MM
    half = full / 2

    def two(first: str, second: str):
        def draw(x: float, bottom: float, height: float, right: float) -> None:
            _line(form, first)(x, bottom, height, left + half - 4 * MM)
            _line(form, second)(left + half + 2 * MM, bottom, height, right)
        return draw

    bottom = form.y - sign_h
    form.frame_row(bottom, sign_h, [])
    two(words.visitors_sign + " 1", words.visitors_sign + " 2")(
        left + 2.5 * MM, bottom, sign_h, left + full - 2.5 * MM)
    form.y = bottom
    bottom = form.y - sign_h
    form.frame_row(bottom, sign_h, [])
    two(words.elder_sign, words.relation)(left + 2.5 * MM, bottom, sign_h,
                                           left + full - 2.5 * MM)
    form.y = bottom


def draw_visit_sheets(path: Path, *, sheets: Sequence[Sheet], words: SheetWords) -> Path:
    """One A4 page per elder."""
    from reportlab.lib.pagesizes import A4

    font = chinese_font()
    width, height = A4
    c = framed_canvas(words.frame)(str(path), pagesize=A4)
    c.setTitle(f"{words.centre} {words.title} {words.subtitle}")
    c.setAuthor(words.centre)
    for sheet in sheets:
        draw_sheet(c, sheet, words, font, width, height)
        c.showPage()
    c.save()
    return path


# ------------------------------------------------------------------------- the route list


@dataclass(frozen=True)
class RouteRow:
    name: str
    address: str
    window: str  # "12月1日至12月31日" or the weekly windows' last days
    phone: str  # masked
    tier: str
    visits: int  # planned visits this month: one tick box each


@dataclass(frozen=True)
class RouteList:
    heading: str  # "第一探访组：张桂英、李建华"
    rows: tuple[RouteRow, ...]


@dataclass(frozen=True)
class RouteWords:
    centre: str
    title: str  # "探访路线单"
    subtitle: str  # "2026年12月"
    columns: tuple[str, ...]  # 序号, 姓名, 住址, 探访时间, 电话, 风险等级, 已探访
    note: str  # "按住址顺序排列；探访后在方框内打勾。"
    frame: FrameText


def _tick_boxes(n: int, side: float):
    from reportlab.platypus import Flowable

    class Boxes(Flowable):
        def wrap(self, avail_width, avail_height):
            return side + (n - 1) * side * 1.35, side

        def draw(self):
            self.canv.setLineWidth(0.9)
            for i in range(n):
                self.canv.rect(i * side * 1.35, 0, side, side, stroke=1, fill=0)

    return Boxes()


def draw_route_lists(path: Path, *, lists: Sequence[RouteList], words: RouteWords) -> Path:
    """Each pair's list on its own pages, its elders in address order."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    font = chinese_font()
    title = ParagraphStyle("title", fontName=font, fontSize=19, leading=26, alignment=1)
    sub = ParagraphStyle("sub", fontName=font, fontSize=11.5, leading=16, alignment=1)
    head = ParagraphStyle("head", fontName=font, fontSize=13, leading=18, spaceBefore=3 * MM,
                          spaceAfter=2 * MM, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=11.5, leading=14.5, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=font, fontSize=10.5, leading=13.5,
                           wordWrap="CJK")
    header = ParagraphStyle("header", fontName=font, fontSize=10, leading=13,
                            wordWrap="CJK")
    note = ParagraphStyle("note", fontName=font, fontSize=10, leading=14,
                          textColor="#333333", wordWrap="CJK")

    def p(text: str, style=cell):
        return Paragraph(escape(text), style)

    widths = [11 * MM, 21 * MM, 45 * MM, 29 * MM, 26 * MM, 17 * MM, 31 * MM]
    story: list = []
    for n, route in enumerate(lists):
        if n:
            story.append(PageBreak())
        story += [p(words.centre, sub), p(words.title, title), p(words.subtitle, sub),
                  p(route.heading, head)]
        rows = [[p(h, header) for h in words.columns]]
        for i, r in enumerate(route.rows, 1):
            rows.append([str(i), p(r.name), p(r.address), p(r.window, small), r.phone,
                         p(r.tier, small), _tick_boxes(max(1, r.visits), 4.2 * MM)])
        table = Table(rows, colWidths=widths, repeatRows=1)
        style = [("FONTNAME", (0, 0), (-1, -1), font),
                 ("FONTSIZE", (0, 0), (-1, -1), 11),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(SHADE)),
                 ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(LINE)),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 1.2 * MM),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 1.2 * MM),
                 ("TOPPADDING", (0, 1), (-1, -1), 2.2 * MM),
                 ("BOTTOMPADDING", (0, 1), (-1, -1), 2.2 * MM),
                 ("ALIGN", (0, 1), (0, -1), "CENTER")]
        for i in range(2, len(rows), 2):
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f6f8fb")))
        table.setStyle(style)
        story += [table, Spacer(1, 3 * MM), p(words.note, note)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * MM,
                            rightMargin=MARGIN_MM * MM, topMargin=TOP_MM * MM,
                            bottomMargin=BOTTOM_MM * MM,
                            title=f"{words.centre} {words.title} {words.subtitle}",
                            author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path
