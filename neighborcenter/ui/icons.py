"""The application's icons: SVG files in ``resources/icons``, outlines of qtawesome's icon
fonts written by ``scripts/icons.py``.

Importing qtawesome (and qtpy under it) and loading its fonts costs about a quarter of a
second of start-up; a QIcon from a small SVG costs nothing. An icon added to ``ICONS`` but not
yet drawn still works: it comes from qtawesome until the script is run.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from neighborcenter.ui.theme import resources_dir

NAVY = "#1f3a56"
RED = "#b3261e"

#: name → (qtawesome icon, colour)
ICONS: dict[str, tuple[str, str]] = {
    "home": ("mdi6.home-outline", NAVY),
    "register": ("mdi6.card-account-details-outline", NAVY),
    "volunteers": ("mdi6.hand-heart-outline", NAVY),
    "visits": ("mdi6.home-heart", NAVY),
    "classroom": ("mdi6.human-male-child", NAVY),
    "shop": ("mdi6.storefront-outline", NAVY),
    "meetings": ("mdi6.account-voice", NAVY),
    "accounts": ("mdi6.account-group-outline", NAVY),
    "audit": ("mdi6.clipboard-text-clock-outline", NAVY),
    "data": ("mdi6.database-outline", NAVY),
    "settings": ("mdi6.cog-outline", NAVY),
    "backup": ("mdi6.backup-restore", "#444444"),
    "alert": ("mdi6.alert", RED),
}


def icon_path(name: str):
    return resources_dir() / "icons" / f"{name}.svg"


def icon(name: str) -> QIcon:
    path = icon_path(name)
    if path.exists():
        return QIcon(str(path))
    import qtawesome as qta  # not drawn yet: run scripts/icons.py

    spec, colour = ICONS[name]
    return qta.icon(spec, color=colour)
