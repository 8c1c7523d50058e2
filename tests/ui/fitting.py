"""What every dialog must do on a small screen, in large print: no field squeezed below its
height, and the dialog's buttons inside it and outside any scroll area (so that Save and
Cancel are always in view). Shared by the shell's and the features' fit tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QScrollArea, QWidget


def assert_fields_and_buttons_fit(dialog: QWidget, name: str) -> None:
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisibleTo(dialog):
            assert edit.height() >= edit.minimumSizeHint().height(), name
    for buttons in dialog.findChildren(QDialogButtonBox):
        if not buttons.isVisibleTo(dialog):
            continue
        corner = buttons.mapTo(dialog, QPoint(buttons.width(), buttons.height()))
        assert dialog.rect().contains(corner - QPoint(1, 1)), name
        parent = buttons.parentWidget()
        while parent is not dialog:
            assert not isinstance(parent, QScrollArea), name
            parent = parent.parentWidget()


def show_and_assert_it_fits(qtbot, dialog: QWidget, name: str,
                            fits: Callable[[QSize], bool]) -> None:
    """Show the dialog as people see it; its size and minimum size fit the screen, and its
    fields and buttons fit the dialog. (The caller hides it.)"""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog.minimumSizeHint()), (name, dialog.minimumSizeHint())
    assert fits(dialog.size()), (name, dialog.size())
    assert_fields_and_buttons_fit(dialog, name)
