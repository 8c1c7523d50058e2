"""Small pieces the volunteers' screens build the same way: lines, choices, a list of rows
(several may be chosen), a table that is as tall as its rows, and a dialog of a few fields
whose Save runs one job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from neighborcenter.features.volunteers.rules import format_hours
from neighborcenter.i18n import _, format_date, pgettext
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.table_model import RowTableModel
from neighborcenter.ui.common.widgets import row_table, save_cancel_buttons
from neighborcenter.ui.context import AppContext

WARNING = QBrush(QColor("#b3261e"))  # always with words ("⚠ due"): colour is never all it says


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def today_line() -> QLineEdit:
    return line(dt.date.today().isoformat(), _("e.g. 2026-01-31"))


def combo(items: Sequence[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setText(_("Close"))
    close.setAutoDefault(False)  # Enter acts in the dialog's fields; Esc closes
    buttons.rejected.connect(dialog.reject)
    return buttons


def hours(minutes: int | None) -> str:
    return "—" if minutes is None else format_hours(minutes)


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value) if value else ""


def empty_hint(text: str = "") -> QLabel:
    label = QLabel(text or pgettext("empty list", "None"))
    label.setObjectName("emptyHint")
    label.setWordWrap(True)
    return label


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


def rows_table(model: RowTableModel, *, many: bool = False) -> QTableView:
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


def value_of(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    raise TypeError(widget)


class FormDialog(QDialog):
    """Labelled fields, an inline error under each, and Save running ``job(values)`` on the
    worker. Enter saves, Esc cancels. ``note`` says above the fields what saving will do;
    ``action`` names the save button (兑换 instead of 保存)."""

    def __init__(self, ctx: AppContext, title: str, fields: Sequence[tuple[str, str, QWidget]],
                 job: Callable[[dict[str, Any]], Callable], parent=None, *, note: str = "",
                 action: str = "") -> None:
        super().__init__(parent)
        self._ctx, self._job = ctx, job
        self.setWindowTitle(title)
        self.fields = {key: widget for key, _label, widget in fields}
        form = QFormLayout()
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        if note:
            form.addRow(self.note)
        for _key, text, widget in fields:
            form.addRow(text, widget)
        self.errors = FormErrors(form, self.fields)
        self.buttons = save_cancel_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if action:
            self.save_button.setText(action)
        scrolling_body(self, form, self.buttons)
        self.setMinimumWidth(520)
        fit_to_screen(self)
        self.result_value: Any = None

    def values(self) -> dict[str, Any]:
        return {key: value_of(widget) for key, widget in self.fields.items()}

    def save(self) -> None:
        self.errors.clear()
        self.save_button.setEnabled(False)  # one click, one job (a second click waits)
        self._ctx.worker.run(self._job(self.values()), on_done=self._done,
                             on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(exc)

    def _done(self, result) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.accept()

