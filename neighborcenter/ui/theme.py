"""Fonts and styles: an explicit Simplified Chinese font, normal and large print."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

NORMAL_POINT_SIZE = 11
LARGE_POINT_SIZE = 18  # large print: at least 18 pt

# In order of preference. Without an explicit family, Qt may pick a Japanese face for Han
# characters and draw Japanese glyph shapes.
CJK_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun",
)


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def choose_cjk_family() -> str | None:
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return None


def apply_theme(app: QApplication, *, large_print: bool) -> None:
    family = choose_cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSize(LARGE_POINT_SIZE if large_print else NORMAL_POINT_SIZE)
    app.setFont(font)
    qss = resources_dir() / "styles" / ("large.qss" if large_print else "normal.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.exists() else "")
    app.setProperty("large_print", large_print)


def is_large_print(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()
    return bool(app and app.property("large_print"))
