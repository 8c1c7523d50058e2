"""Widgets every page builds the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def rows_table(model: QAbstractItemModel, *, many: bool = False) -> QTableView:
    """A read-only list of rows; ``many``: several may be chosen (Shift, Ctrl, Ctrl+A)."""
    table = row_table(model)
    if many:
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return table


def chosen(table: QTableView) -> list:
    """The rows chosen in ``table`` (a RowTableModel), top to bottom."""
    model = table.model()
    positions = sorted(index.row() for index in table.selectionModel().selectedRows())
    return [model.row_at(p) for p in positions]  # type: ignore[attr-defined]


def chosen_one(table: QTableView):
    rows = chosen(table)
    return rows[0] if len(rows) == 1 else None


def select_where(table: QTableView, wanted: Callable[[Any], bool]) -> None:
    """Choose the first row for which ``wanted(row)`` is true (a row kept across a reload)."""
    model = table.model()
    for position in range(model.rowCount()):
        if wanted(model.row_at(position)):  # type: ignore[attr-defined]
            table.selectRow(position)
            return


def fit_columns(table: QTableView, drop: tuple[int, ...]) -> None:
    """Columns as wide as their content; where they are wider than the list (large print on
    a 1366×768 screen), the columns in ``drop`` are hidden, first to last, until the rest
    fit without sideways scrolling."""
    count = table.model().columnCount()
    for column in range(count):
        table.setColumnHidden(column, False)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    wanted = [max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(count)]
    room = (table.viewport().width() if table.isVisible() else table.width()) \
        - table.verticalScrollBar().sizeHint().width()
    for column in drop:
        if sum(w for c, w in enumerate(wanted) if not table.isColumnHidden(c)) <= room:
            break
        table.setColumnHidden(column, True)
