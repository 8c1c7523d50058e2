"""The icons are drawn SVG files (start-up does not pay for importing qtawesome)."""

from neighborcenter.ui.icons import ICONS, icon, icon_path


def test_every_icon_is_drawn_and_loads(qapp):
    for name in ICONS:
        assert icon_path(name).exists(), f"run scripts/icons.py: {name}.svg is missing"
        pixmap = icon(name).pixmap(32, 32)
        image = pixmap.toImage()
        inked = sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha())
        assert 32 * 32 * 0.1 < inked < 32 * 32 * 0.9, name  # a glyph, neither empty nor a box

