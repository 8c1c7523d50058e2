"""A4 papers in the plain official style, drawn with reportlab from words already translated
(no database here): a centred title, the lines under it, sections as plain tables with thin
lines (the section's heading and the header repeat when the rows spill onto the next page),
closing words and a signature block on the right. The Chinese TrueType font is embedded
(fonts.py); a paper for the wall has no frame, an internal one the shared frame (frame.py).

``Paper`` and ``draw_paper`` make a whole paper; ``paper_styles``, ``para``, ``table`` and ``build``
are its parts, for a paper laid out otherwise (the minutes of a meeting, a sign-in sheet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from neighborcenter.i18n import _, format_datetime
from neighborcenter.printing.fonts import chinese_font
from neighborcenter.printing.frame import BOTTOM_MM, MARGIN_MM, TOP_MM, FrameText, framed_canvas

MM = 72 / 25.4  # points in a millimetre
LINE = "#5a6b80"
SHADE = "#e9eff6"


def paper_styles(font: str) -> dict:
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=20, leading=26, alignment=1,
                                spaceAfter=1 * MM),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=12, leading=17, alignment=1,
                              wordWrap="CJK", spaceAfter=3 * MM),
        "head": ParagraphStyle("head", fontName=font, fontSize=13.5, leading=18,
                               wordWrap="CJK"),
        "line": ParagraphStyle("line", fontName=font, fontSize=12, leading=18, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=11, leading=13.5,
                               wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=font, fontSize=12, leading=22, alignment=2),
        "body": ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK",
                               firstLineIndent=24),
    }


#: Chinese punctuation that never starts a line (标点符号用法, GB/T 15834: 句内点号和句末点号
#: 不出现在一行之首). reportlab's CJK wrapping knows only the Japanese set (、。」), so a line
#: could begin with "，".
NO_LINE_START = "，。、；：！？）》」』】〕…—·"


def no_leading_punctuation() -> None:
    """Teach reportlab's CJK line breaking the Chinese marks too (once; it only adds
    characters to the set it already keeps off a line's start)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one paragraph's text, or several pieces
        missing = "".join(c for c in NO_LINE_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


def para(value: str, style):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    no_leading_punctuation()
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def table(heading: str, header: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float], styles: dict, *, row_height: float | None = None):
    """The section's heading, the header and the rows in one table: the heading and the
    header repeat at the top of the next page when the rows spill over (and the heading
    never stays alone at the foot of a page). ``row_height`` (mm): every row at least that
    tall (room to sign by hand)."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    data = [[para(heading, styles["head"])] + [""] * (len(header) - 1),
            [para(h, styles["cell"]) for h in header]]
    data += [[para(str(c), styles["cell"]) for c in row] for row in rows]
    heights = [None, None] + [row_height * MM] * len(rows) if row_height else None
    grid = Table(data, colWidths=[w * MM for w in widths], rowHeights=heights, repeatRows=2)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), chinese_font()),
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (-1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 2.5 * MM),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 1.2 * MM),
        ("BACKGROUND", (0, 1), (-1, 1), HexColor(SHADE)),
        ("GRID", (0, 1), (-1, -1), 0.5, HexColor(LINE)),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 0.7 * MM),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 0.7 * MM)]))
    return grid


def plain_canvas():
    """A canvas with the Chinese font from the start and no "internal material" frame (the
    receipt goes to the donor, the notice on the wall)."""
    from reportlab.pdfgen.canvas import Canvas

    font = chinese_font()

    class PlainCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)

    return PlainCanvas


def build(path: Path, story: list, *, title: str, author: str,
          frame: FrameText | None = None, later: str = "") -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    # a paper without the frame's header and footer (the receipt, the 公示) uses their room
    top, bottom = (TOP_MM, BOTTOM_MM) if frame else (MARGIN_MM, MARGIN_MM)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_MM * MM,
                            rightMargin=MARGIN_MM * MM, topMargin=top * MM,
                            bottomMargin=bottom * MM, title=title, author=author)

    def later_pages(canvas, document) -> None:  # "…公示（续）" over the second page on
        if later:
            canvas.saveState()
            canvas.setFont(chinese_font(), 10.5)
            canvas.drawCentredString(A4[0] / 2, A4[1] - (top - 6) * MM, later)
            canvas.restoreState()

    doc.build(story, onLaterPages=later_pages,
              canvasmaker=framed_canvas(frame) if frame else plain_canvas())


WIDTH = 210 - 2 * MARGIN_MM  # the text width in mm


@dataclass(frozen=True)
class Paper:
    """A printout's words, translated: title, lines under it, sections (heading, header,
    rows, widths), closing lines (left) and the signature block (right)."""

    centre: str
    title: str
    subtitle: str
    facts: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...],
                          tuple[float, ...]], ...]
    closing: tuple[str, ...]
    signature: tuple[str, ...]
    empty: str  # what an empty table says
    later_heading: str = ""  # at the top of the second and later pages (the 公示's title)


def draw_paper(path: Path, paper: Paper, *, author: str, frame: FrameText | None = None
               ) -> None:
    from reportlab.platypus import KeepTogether, Spacer

    styles = paper_styles(chinese_font())
    story: list = [para(paper.title, styles["title"])]
    if paper.subtitle:
        story.append(para(paper.subtitle, styles["sub"]))
    story += [para(x, styles["line"]) for x in paper.facts]
    for heading, header, rows, widths in paper.sections:
        if rows:
            story.append(table(heading, header, rows, widths, styles))
        else:
            story.append(KeepTogether([Spacer(1, 3 * MM), para(heading, styles["head"]),
                                       Spacer(1, 1.5 * MM), para(paper.empty, styles["line"])]))
    story.append(Spacer(1, 4 * MM))
    end = [para(x, styles["body"]) for x in paper.closing]
    if paper.signature:
        end.append(Spacer(1, 4 * MM))
        end += [para(x, styles["right"]) for x in paper.signature]
    story.append(KeepTogether(end))  # the closing words and the signature on one page
    build(path, story, title=paper.title, author=author, frame=frame,
           later=paper.later_heading)


class Printer(Protocol):
    """Who prints (core.roles.Actor)."""

    @property
    def display_name(self) -> str: ...

    @property
    def username(self) -> str: ...


def printed_line(actor: Printer) -> str:
    return _("Printed by {name} ({username}) on {time}").format(
        name=actor.display_name, username=actor.username,
        time=format_datetime(dt.datetime.now().astimezone(), "short").replace("\u202f", " "))


def frame_text(header: str, actor: Printer) -> FrameText:
    """The frame of an internal paper: the header, "内部资料 注意保密", who printed it and when,
    and the page number."""
    return FrameText(header=header, confidential=_("Internal material — keep confidential"),
                     printed=printed_line(actor), page=_("Page {page} of {pages}"))
