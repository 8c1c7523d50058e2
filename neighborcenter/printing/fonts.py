"""A CJK TrueType font for reportlab, embedded in every PDF.

reportlab embeds TrueType outlines only: WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``)
on Linux, Microsoft YaHei or SimHei on Windows. Noto CJK (.ttc with CFF outlines) does not
load, and the built-in STSong-Light is not embedded (prints blank on many viewers).
"""

from __future__ import annotations

import os
from pathlib import Path

from neighborcenter.errors import NCError
from neighborcenter.i18n import _

FONT_NAME = "NCChinese"
CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
)
FONT_ENV = "NEIGHBORCENTER_PDF_FONT"


class FontMissing(NCError):
    """No Chinese TrueType font was found to print with."""


def chinese_font() -> str:
    """Register (once) and return the name of the Chinese font for reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    candidates = list(CANDIDATES)
    if os.environ.get(FONT_ENV):
        candidates.insert(0, (os.environ[FONT_ENV], 0))
    for path, index in candidates:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            return FONT_NAME
    raise FontMissing(_("No Chinese font for printing was found. Install WenQuanYi Micro Hei "
                        "(fonts-wqy-microhei) or set {env} to a TrueType font file.").format(
                            env=FONT_ENV))
