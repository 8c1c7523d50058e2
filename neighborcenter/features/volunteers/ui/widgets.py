"""Small pieces the volunteers' screens build the same way: hours and days as text, a list of
rows (several may be chosen), a table that is as tall as its rows. (Lines, choices, buttons
and the dialog of a few fields are the shell's: ui.common.dialogs.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableView,
)

from neighborcenter.features.volunteers.rules import format_hours
from neighborcenter.i18n import format_date
from neighborcenter.ui.common.table_model import RowTableModel

WARNING = QBrush(QColor("#b3261e"))  # always with words ("⚠ due"): colour is never all it says


def hours(minutes: int | None) -> str:
    return "—" if minutes is None else format_hours(minutes)


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value) if value else ""


class WarningModel(RowTableModel):
    """Rows whose ``warn(row)`` is true show in the warning colour (beside their words)."""

    def __init__(self, columns, warn: Callable[[Any], bool] | None = None, parent=None) -> None:
        super().__init__(columns, parent)
        self._warn = warn

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self._warn
                and self._warn(self.row_at(index.row()))):
            return WARNING
        return super().data(index, role)


class ShortTable(QTableView):
    """A table inside a scrolling dialog: as tall as its rows (up to ``rows``), so that the
    dialog has one scroll bar, not one more inside each list."""

    def __init__(self, model: RowTableModel, rows: int = 8) -> None:
        super().__init__()
        self._rows = rows
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        from neighborcenter.ui.theme import fit_rows

        fit_rows(self)
        model.modelReset.connect(self.resizeColumnsToContents)  # dates are never cut short
        model.modelReset.connect(self.updateGeometry)

    def _height(self) -> int:
        count = self.model().rowCount()
        shown = min(max(count, 1), self._rows)
        height = (self.horizontalHeader().sizeHint().height()
                  + shown * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth())
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height())
