"""What every dialog must do on a small screen, in large print: no field squeezed below its
height, and the dialog's buttons inside it and outside any scroll area (so that Save and
Cancel are always in view). Shared by the shell's and the features' fit tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint
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
