"""Windows that fit the screen they open on.

A front desk's 1366×768 screen in large print is shorter than most forms: a dialog's fields
go in a scroll area and its buttons (保存/取消) stay under it, always in view; the dialog is
as large as its content wants, within the screen's free area (without the taskbar).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

#: Height of a window manager's title bar and frame, which Qt's window sizes leave out.
TITLE_BAR = 40


def available_size(widget: QWidget | None = None) -> QSize:
    """Room for a window's contents on the screen it opens on (its parent's screen for a
    dialog): the screen without the taskbar, less a title bar."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    geometry = (screen or QGuiApplication.primaryScreen()).availableGeometry()
    return QSize(geometry.width(), geometry.height() - TITLE_BAR)


class BodyScrollArea(QScrollArea):
    """A dialog's scrolling body. It asks for all of its content (Qt's own scroll area asks
    for at most 36×24 lines), so a dialog that fits the screen shows without a scroll bar."""

    def sizeHint(self) -> QSize:  # noqa: N802
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        hint = content.sizeHint()
        # room for the vertical bar, so a shorter screen does not add a horizontal one too
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + frame + bar, hint.height() + frame)


def scrolling_body(dialog: QWidget, body: QLayout | QWidget,
                   buttons: QWidget | QLayout | None) -> BodyScrollArea:
    """Lay ``dialog`` (or a page) out as ``body`` in a scroll area with ``buttons`` under it,
    outside the scroll area. ``body`` is a layout not yet given to a widget (or a widget)."""
    if isinstance(body, QLayout):
        content = QWidget()
        content.setLayout(body)
    else:
        content = body
    area = BodyScrollArea()
    area.setObjectName("dialogBody")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.addWidget(area, 1)
    if isinstance(buttons, QLayout):
        outer.addLayout(buttons)
    elif buttons is not None:
        outer.addWidget(buttons)
    return area


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Size ``window`` to what its content wants (or to ``preferred``), within the screen it
    opens on. Call it when the window is built, before it is shown."""
    window.ensurePolished()
    wanted = preferred or window.sizeHint()
    window.resize(wanted.boundedTo(available_size(window)))
