"""Widgets every page builds the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableView

from neighborcenter.i18n import _
from neighborcenter.ui.theme import fit_rows


def window_title(subject: str) -> str:
    """One title for every top-level window: 邻里中心 — <centre> (the same before and after
    login), or 邻里中心 — <what> before there is a centre."""
    return _("NeighborCenter — {centre}").format(centre=subject)


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def row_table(model: QAbstractItemModel) -> QTableView:
    """A read-only table of whole-row, single selections."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the list for the actions beside it
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    fit_rows(table)
    return table


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
