"""户册: a printable roster of households — address, 户号, household size, and each member
with relation, sex, birth date, masked ID number and phone, and current tags. A4, one
household block after another; the title says which search or filter made it; every page
carries the shared frame (centre, community and street, 内部资料 注意保密, who printed it
and when, page N of M)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class RosterMember:
    name: str
    relation: str
    sex: str
    birth_date: str
    masked_id: str
    masked_phone: str
    tags: str


@dataclass(frozen=True)
class RosterHousehold:
    number: str
    address: str
    size: str  # "3 人"
    members: list[RosterMember]


@dataclass(frozen=True)
class RosterText:
    """Every printed word, translated by the caller."""

    title: str  # "户册（搜索“3栋” · 在册）"
    centre: str  # "幸福邻里中心"
    place: str  # "社区：幸福社区　街道：爱山街道"
    totals: str  # "共 2 户，3 人"
    household: str  # "户号 {number}"
    columns: tuple[str, ...]
    frame: FrameText


def draw_roster(path: Path, *, households: list[RosterHousehold], words: RosterText) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.flowables import Spacer

    font = chinese_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22,
                                 alignment=1, spaceAfter=2 * mm)
    place_style = ParagraphStyle("place", fontName=font, fontSize=10, leading=14,
                                 alignment=1, spaceAfter=1 * mm)
    head_style = ParagraphStyle("head", fontName=font, fontSize=11, leading=15,
                                spaceBefore=3 * mm, spaceAfter=1.5 * mm)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    # Chinese wraps between any two characters, but never puts 、or ） first on a line;
    # English wraps between words ("Head of household" must not become "househol-d")
    cjk_cell_style = ParagraphStyle("cjk", parent=cell_style, wordWrap="CJK")

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        if style is cell_style and _CJK.search(text):
            style = cjk_cell_style
        return Paragraph(escape(text), style)  # a name or tag with "<" or "&" stays text

    title = "　".join(t for t in (words.centre, words.title) if t)
    story = [para(title, title_style), para(words.place, place_style),
             para(words.totals, place_style), Spacer(1, 2 * mm)]
    widths = [22 * mm, 22 * mm, 12 * mm, 22 * mm, 38 * mm, 26 * mm, 38 * mm]  # 180 mm
    for h in households:
        data = [list(words.columns)]
        for m in h.members:
            data.append([para(m.name, cell_style), para(m.relation, cell_style),
                         m.sex, m.birth_date, m.masked_id, m.masked_phone,
                         para(m.tags, cell_style)])
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a9bb0")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        heading = "　".join(t for t in (words.household.format(number=h.number), h.address,
                                       h.size) if t)
        story.append(KeepTogether([para(heading, head_style), table]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * mm,
                            rightMargin=MARGIN_MM * mm, topMargin=TOP_MM * mm,
                            bottomMargin=BOTTOM_MM * mm, title=title, author=words.centre)
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path


# ------------------------------------------------------------------------------ 人口结构统计表


@dataclass(frozen=True)
class StatisticsBlock:
    """One table of the statistics: its title, its lines (label, count, share) and total."""

    title: str
    rows: list[tuple[str, int, str]]
    total: int


@dataclass(frozen=True)
class StatisticsText:
    """Every printed word of the statistics, translated by the caller."""

    title: str  # "人口结构统计表"
    subtitle: str  # "幸福邻里中心　统计日期：2026-07-01　在册人数：3000"
    columns: tuple[str, str, str]  # 项目, 人数, 占比
    total: str  # 合计
    rule: str  # who is counted, a line above the tables
    frame: FrameText


def draw_statistics(path: Path, *, blocks: list[StatisticsBlock],
                    words: StatisticsText) -> Path:
    """The 人口结构统计表 on A4: the title, the centre, date and total, then the tables in
    two columns on one page (or one after another when a long 民族 list does not fit)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.flowables import Spacer

    font = chinese_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22,
                                 alignment=1, spaceAfter=1 * mm)
    sub_style = ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, alignment=1,
                               spaceAfter=3 * mm)
    head_style = ParagraphStyle("head", fontName=font, fontSize=10.5, leading=14,
                                spaceAfter=1 * mm)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11,
                                wordWrap="CJK")
    note_style = ParagraphStyle("note", fontName=font, fontSize=8, leading=11,
                                textColor=colors.HexColor("#444444"), wordWrap="CJK",
                                spaceAfter=2 * mm)
    grid = colors.HexColor("#8a9bb0")
    half = 86 * mm  # two blocks side by side on 180 mm, 8 mm apart
    widths = [48 * mm, 19 * mm, 19 * mm]

    def block(b: StatisticsBlock) -> list:
        data: list[list] = [list(words.columns)]
        data += [[Paragraph(escape(label), cell_style), str(count), pct]
                 for label, count, pct in b.rows]
        data.append([words.total, str(b.total), "100.0%" if b.total else ""])
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")),
            ("GRID", (0, 0), (-1, -1), 0.4, grid),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ]))
        return [Paragraph(escape(b.title), head_style), table]

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * mm,
                            rightMargin=MARGIN_MM * mm, topMargin=TOP_MM * mm,
                            bottomMargin=BOTTOM_MM * mm, title=words.title,
                            author=words.subtitle)
    story: list = [Paragraph(escape(words.title), title_style),
                   Paragraph(escape(words.subtitle), sub_style),
                   Paragraph(escape(words.rule), note_style)]
    # Two columns, filled in turn (性别, 年龄段 side by side …), when both fit on the first
    # page; otherwise (a long 民族 list) one table after another, each splitting over pages.
    columns: list[list] = [[], []]
    for i, b in enumerate(blocks):
        columns[i % 2] += [*block(b), Spacer(1, 3 * mm)]
    room = doc.height - sum(f.wrap(doc.width, doc.height)[1] + f.getSpaceAfter()
                            for f in story) - 6 * mm

    def height(flowables: list) -> float:
        return sum(f.wrap(half, doc.height)[1] for f in flowables)

    if max(height(c) for c in columns) <= room:
        side = Table([columns], colWidths=[half + 8 * mm, doc.width - half - 8 * mm])
        side.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        story.append(side)
    else:
        for b in blocks:
            title, table = block(b)
            table.hAlign = "LEFT"
            story += [title, table, Spacer(1, 3 * mm)]
    doc.build(story, canvasmaker=framed_canvas(words.frame))
    return path
