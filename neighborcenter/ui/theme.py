"""Fonts and styles: an explicit Simplified Chinese font, normal and large print."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QTableView, QWidget

from neighborcenter.i18n import current_language

NORMAL_POINT_SIZE = 11
LARGE_POINT_SIZE = 18  # large print: at least 18 pt
LARGE_ROW_HEIGHT = 48  # px, rows of lists and tables in large print

# In order of preference. Without an explicit family, Qt may pick a Japanese face for Han
# characters and draw Japanese glyph shapes.
CJK_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun",
)
# For English screens, a Latin face comes first: a CJK face draws Latin text with full-width
# quotes, wide gaps and a centred "…". Chinese characters (names, addresses) fall through to
# the CJK face after it, so they keep Simplified shapes.
LATIN_FAMILIES = (
    "Segoe UI", "Helvetica Neue", "Noto Sans", "Liberation Sans", "DejaVu Sans", "Arial",
)


Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# The palette, the same in both sizes. Every text colour has a contrast of at least 4.5:1 (WCAG
# AA) on the backgrounds it is drawn on, disabled text too; Qt's own placeholder (4.0:1) and
# selected row (white on #308cc6, 3.7:1) were fainter. The style sheets' colours follow the
# same rule (tests/ui/test_large_print.py measures both).
BACKGROUNDS = {
    Role.Window: "#f3f4f6", Role.Base: "#ffffff", Role.AlternateBase: "#f3f5f7",
    Role.Button: "#eceef1", Role.ToolTipBase: "#ffffdc", Role.Highlight: "#0b5cad",
}
TEXTS = {
    Role.WindowText: "#1a1a1a", Role.Text: "#1a1a1a", Role.ButtonText: "#1a1a1a",
    Role.ToolTipText: "#1a1a1a", Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#5f6368", Role.Link: "#0b4f8a", Role.LinkVisited: "#5b2a86",
}
DISABLED_TEXT = "#5f6368"  # still readable: a disabled 3. Import says what comes next
#: (text, background) pairs of the palette that are drawn together
TEXT_ON_BACKGROUND = (
    (Role.WindowText, Role.Window), (Role.WindowText, Role.Base),
    (Role.Text, Role.Base), (Role.Text, Role.AlternateBase), (Role.Text, Role.Window),
    (Role.ButtonText, Role.Button), (Role.ToolTipText, Role.ToolTipBase),
    (Role.HighlightedText, Role.Highlight), (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window), (Role.Link, Role.Base), (Role.Link, Role.Window),
    (Role.LinkVisited, Role.Base),
)


def palette() -> QPalette:
    result = QPalette()
    for role, colour in BACKGROUNDS.items():
        result.setColor(role, QColor(colour))  # every group
    for role, colour in TEXTS.items():
        result.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        result.setColor(Group.Disabled, role, QColor(DISABLED_TEXT))
    return result


def fit_rows(view: QTableView) -> None:
    """Rows of at least LARGE_ROW_HEIGHT in large print: a style sheet cannot set the height of
    a table's rows. Tables call it when built; apply_theme calls it for every table."""
    header = view.verticalHeader()
    if is_large_print():
        header.setDefaultSectionSize(LARGE_ROW_HEIGHT)
    else:
        header.resetDefaultSectionSize()


#: px between a spin box's frame and its text in large print, as in the other boxes
LARGE_SPIN_BOX_INDENT = 6


def fit_spin_box(box: QAbstractSpinBox) -> None:
    """Indent the text of a spin box (or date box) in large print. The large-print sheet
    styles its arrow buttons, and then Qt places the text at the very edge of the frame
    whatever padding the sheet gives it. Pages call it for their spin boxes; apply_theme for
    every one that exists."""
    edit = box.findChild(QLineEdit)
    if edit is not None:
        edit.setTextMargins(LARGE_SPIN_BOX_INDENT if is_large_print() else 0, 0, 0, 0)


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def _first_available(families: tuple[str, ...]) -> str | None:
    available = set(QFontDatabase.families())
    return next((family for family in families if family in available), None)


def choose_cjk_family() -> str | None:
    return _first_available(CJK_FAMILIES)


def choose_latin_family() -> str | None:
    return _first_available(LATIN_FAMILIES)


def font_families(language: str) -> list[str]:
    """The application font's families, in order: the CJK face first for Chinese, a Latin
    face first and the CJK face after it for any other language."""
    cjk = choose_cjk_family()
    first = None if language.startswith("zh") else choose_latin_family()
    return [family for family in (first, cjk) if family]


def apply_theme(app: QApplication, *, large_print: bool) -> None:
    """Font, palette and style sheet for the active language (call again after
    i18n.set_language) and size."""
    font = QFont()
    families = font_families(current_language())
    if families:
        font.setFamilies(families)
    font.setPointSize(LARGE_POINT_SIZE if large_print else NORMAL_POINT_SIZE)
    app.setProperty("large_print", large_print)
    app.setFont(font)
    app.setPalette(palette())
    qss = resources_dir() / "styles" / ("large.qss" if large_print else "normal.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.exists() else "")
    for widget in app.allWidgets():
        if isinstance(widget, QTableView):
            fit_rows(widget)
        elif isinstance(widget, QAbstractSpinBox):
            fit_spin_box(widget)


def is_large_print(app: QApplication | None = None) -> bool:
    owner = app or QApplication.instance()
    return bool(owner and owner.property("large_print"))


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The application's font (normal or large print) times ``factor``: a kiosk's or a till's
    big words."""
    app = QApplication.instance()
    font = QFont(app.font() if isinstance(app, QApplication) else widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font
