#!/usr/bin/env python3
"""Draw the icons of neighborcenter/ui/icons.py (ICONS) as SVG files in resources/icons.

    .venv/bin/python scripts/icons.py

Each glyph of qtawesome's icon font is turned into its outline (QPainterPath.addText) and
written as one SVG path in a 24×24 box, in the icon's colour. Run it after adding an icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = 24.0


def path_data(path) -> str:
    """SVG path data of a QPainterPath (moves, lines and cubic curves)."""
    from PySide6.QtGui import QPainterPath

    kinds = QPainterPath.ElementType
    out, i = [], 0
    while i < path.elementCount():
        e = path.elementAt(i)
        if e.type == kinds.MoveToElement:
            out.append(f"M{e.x:.2f} {e.y:.2f}")
        elif e.type == kinds.LineToElement:
            out.append(f"L{e.x:.2f} {e.y:.2f}")
        elif e.type == kinds.CurveToElement:
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            out.append(f"C{e.x:.2f} {e.y:.2f} {c2.x:.2f} {c2.y:.2f} {end.x:.2f} {end.y:.2f}")
            i += 2
        i += 1
    return "".join(out) + "Z"


def draw(spec: str) -> tuple[str, str]:
    """SVG path data and fill rule of one qtawesome glyph, scaled into the 24×24 box."""
    import qtawesome as qta
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QPainterPath, QTransform

    prefix = spec.split(".", 1)[0]
    font = QFont(qta._instance().font(prefix, 100))
    font.setPixelSize(100)  # one em = 100 px: the icon font's own 24-unit grid, scaled
    glyph = QPainterPath()
    glyph.addText(0, 0, font, qta.charmap(spec))
    box = glyph.boundingRect()
    scale = SIZE / 100
    t = QTransform()
    t.translate(SIZE / 2, SIZE / 2)
    t.scale(scale, scale)
    t.translate(-box.center().x(), -box.center().y())
    rule = "evenodd" if glyph.fillRule() == Qt.FillRule.OddEvenFill else "nonzero"
    return path_data(t.map(glyph)), rule


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from neighborcenter.ui.icons import ICONS, icon_path

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (fonts need it)
    for name, (spec, colour) in ICONS.items():
        target = icon_path(name)
        data, rule = draw(spec)
        target.write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE:g}" height="{SIZE:g}" '
            f'viewBox="0 0 {SIZE:g} {SIZE:g}"><!-- {spec}, drawn by scripts/icons.py -->'
            f'<path fill="{colour}" fill-rule="{rule}" d="{data}"/></svg>\n',
            encoding="utf-8")
        print(f"{target.relative_to(ROOT)}  ← {spec}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
