"""户册: a printable roster of households — address, 户号, and each member with relation,
sex, birth date, masked ID number and phone, and current tags. A4, one household block after
another, the centre's name and the print date on every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.printing.fonts import chinese_font


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
    members: list[RosterMember]


@dataclass(frozen=True)
class RosterText:
    """Every printed word, translated by the caller."""

    title: str
    printed: str  # "打印日期：2026-11-23"
    household: str  # "户号 {number}"
    columns: tuple[str, ...]
    page: str  # "第 {page} 页"


def draw_roster(path: Path, *, centre: str, households: list[RosterHousehold],
                words: RosterText, today: dt.date | None = None) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = chinese_font()
    today = today or dt.date.today()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22,
                                 alignment=1, spaceAfter=4 * mm)
    head_style = ParagraphStyle("head", fontName=font, fontSize=11, leading=15,
                                spaceBefore=3 * mm, spaceAfter=1.5 * mm)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(15 * mm, 10 * mm, f"{centre}　{words.printed}")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, words.page.format(page=doc.page))
        canvas.restoreState()

    story = [Paragraph(f"{centre}　{words.title}", title_style)]
    widths = [22 * mm, 24 * mm, 12 * mm, 22 * mm, 38 * mm, 26 * mm, 36 * mm]
    for h in households:
        data = [list(words.columns)]
        for m in h.members:
            data.append([Paragraph(m.name, cell_style), Paragraph(m.relation, cell_style),
                         m.sex, m.birth_date, m.masked_id, m.masked_phone,
                         Paragraph(m.tags, cell_style)])
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a9bb0")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        story.append(KeepTogether([
            Paragraph(f"{words.household.format(number=h.number)}　{h.address}", head_style),
            table]))
    if not households:
        story.append(Spacer(1, 10 * mm))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm, title=words.title,
                            author=centre)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
