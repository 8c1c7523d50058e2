"""The page frame every printout shares: on each page a header with the centre and the
"内部资料 注意保密" line, and a footer saying who printed it and when, and "page N of M".

"of M" is known only when the document is finished: the canvas keeps each page's state and
draws the frames at the end (reportlab's usual two-pass page count).
"""

from __future__ import annotations

from dataclasses import dataclass

from neighborcenter.printing.fonts import chinese_font

MARGIN_MM = 15
TOP_MM = 22  # the header sits in the top margin
BOTTOM_MM = 20  # and the footer in the bottom one


@dataclass(frozen=True)
class FrameText:
    """The frame's words, translated by the caller."""

    header: str  # the centre, community and street: "幸福邻里中心　幸福社区　爱山街道"
    confidential: str  # "内部资料 注意保密"
    printed: str  # "打印人：李主任（admin）　打印时间：2026-11-30 18:30"
    page: str  # "第 {page} 页，共 {pages} 页"


def framed_canvas(text: FrameText):
    """A reportlab canvas class (for ``doc.build(canvasmaker=…)``) that draws the frame."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    font = chinese_font()

    class FramedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # The Chinese font from the start: otherwise every page names Helvetica, a
            # font the PDF does not embed.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._frame(total)
                super().showPage()
            super().save()

        def _frame(self, total: int) -> None:
            width, height = self._pagesize
            left, right = MARGIN_MM * mm, width - MARGIN_MM * mm
            self.saveState()
            self.setStrokeColor(colors.HexColor("#8a9bb0"))
            self.setLineWidth(0.4)
            top = height - 13 * mm
            self.setFont(font, 8)
            self.drawString(left, top, text.header)
            self.setFont(font, 10)
            self.setFillColor(colors.HexColor("#a00000"))
            self.drawRightString(right, top, text.confidential)
            self.line(left, top - 2 * mm, right, top - 2 * mm)
            self.setFillColor(colors.black)
            bottom = 12 * mm
            self.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
            self.setFont(font, 8)
            self.drawString(left, bottom, text.printed)
            self.drawRightString(right, bottom, text.page.format(page=self._pageNumber,
                                                                 pages=total))
            self.restoreState()

    return FramedCanvas
