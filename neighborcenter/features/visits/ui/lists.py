"""Pieces the visits' tabs build the same way: a tab with a list under its buttons, rows in a
colour beside their words (never the colour alone), the columns that fit, days and months as
text. (Lines, choices, buttons and the dialog of a few fields are the shell's:
ui.common.dialogs.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QWidget,
)

from neighborcenter.features.visits.rules import VisitState
from neighborcenter.i18n import _, format_date
from neighborcenter.ui.common.table_model import Column, RowTableModel

W = TypeVar("W", bound=QWidget)

#: colours of a state, each with a contrast of at least 4.5:1 on white, always beside words
WARNING = QBrush(QColor("#b3261e"))  # overdue, not visited for too long
DONE = QBrush(QColor("#1b5e20"))
MISSED = QBrush(QColor("#5d4037"))
STATE_BRUSHES = {VisitState.OVERDUE: WARNING, VisitState.DONE: DONE,
                 VisitState.MISSED: MISSED}
STATE_MARKS = {VisitState.OVERDUE: "⚠ ", VisitState.DONE: "✓ ", VisitState.MISSED: "✗ ",
               VisitState.DUE: ""}


def state_text(state: VisitState, late: bool = False) -> str:
    """A planned visit's state in words, with a mark: colour is never all it says."""
    if state == VisitState.DONE and late:
        return STATE_MARKS[state] + _("Done late")
    return STATE_MARKS[state] + state.label


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value) if value else ""


def short_day(value: dt.date | None) -> str:
    """A day without its year: 11月3日, Nov 3."""
    # TRANSLATORS: a date pattern (Unicode LDML) of a day without the year; zh_CN: M月d日
    return format_date(value, _("MMM d")) if value else ""


def window_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return short_day(start)
    return _("{start} – {end}").format(start=short_day(start), end=short_day(end))


def month_title(year: int, month: int) -> str:
    return _("{month}/{year}").format(year=year, month=month)


def labelled(text: str, widget: QWidget) -> QWidget:
    """A label (its Alt+letter goes to ``widget``) and the widget, kept together when a row
    of them wraps."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
    return holder


class ColouredModel(RowTableModel):
    """Rows (or one cell of a row) in a colour chosen by ``colour(row, column)``: None for the
    usual colour. The text says the same in words."""

    def __init__(self, columns: list[Column], colour: Callable[[Any, int], QBrush | None],
                 parent=None) -> None:
        super().__init__(columns, parent)
        self._colour = colour

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return self._colour(self.row_at(index.row()), index.column())
        return super().data(index, role)


def _grow_for_wrapped(dialog: QWidget) -> None:
    from neighborcenter.ui.common.fitting import BodyScrollArea, available_size

    area = dialog.findChild(BodyScrollArea)
    content = area.widget() if area is not None else None
    inner = content.layout() if content is not None else None
    if area is None or inner is None or not inner.hasHeightForWidth():
        return
    missing = inner.totalHeightForWidth(area.viewport().width()) - area.viewport().height()
    if missing > 0:
        dialog.resize(dialog.width(), min(dialog.height() + missing,
                                          available_size(dialog).height()))


class _GrowWhenShown(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            _grow_for_wrapped(watched)
        return False


def fit_wrapped(dialog: W) -> W:
    """Make room for the lines a wrapped note takes at the dialog's width when it shows (a
    dialog is sized by its content's size hint, which counts a wrapped label at another
    width: a scroll bar showed with room to spare), within the screen."""
    dialog.installEventFilter(_GrowWhenShown(dialog))
    return dialog
