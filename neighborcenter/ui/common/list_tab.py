"""A tab of a feature's page built the usual way: its controls, then (if asked for) a line that
says what an action did or why it was refused, then a list that Enter (or a double click)
opens, a hint when it is empty and a count under it. ``DROP``: the columns hidden, first to
last, when the list is too narrow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from neighborcenter.errors import NCError
from neighborcenter.i18n import pgettext
from neighborcenter.ui.common.table_model import RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, fit_columns, rows_table, select_where
from neighborcenter.ui.context import AppContext


def empty_hint(text: str = "") -> QLabel:
    """What an empty list says in its place ("None", or how to fill it)."""
    label = QLabel(text or pgettext("empty list", "None"))
    label.setObjectName("emptyHint")
    label.setWordWrap(True)
    return label


class ListTab(QWidget):
    DROP: tuple[int, ...] = ()
    message: QLabel  # the line above the list, when list_area(message=True) made it
    _message_line = False

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.column = QVBoxLayout(self)

    def reload(self) -> None:
        raise NotImplementedError

    def _update(self, *_args) -> None:
        """Enable the buttons that need a row chosen."""

    def list_area(self, model: RowTableModel, open_row: Callable[[Any], None] | None, *,
                  many: bool = False, message: bool = False) -> None:
        """The list; ``open_row``: what Enter or a double click on a row does (None: the
        rows are only read)."""
        if message:
            self._message_line = True
            self.message = QLabel()
            self.message.setWordWrap(True)
            self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.message.hide()
            self.column.addWidget(self.message)
        self.model = model
        self.table = rows_table(model, many=many)
        if open_row is not None:
            self.table.activated.connect(lambda index: open_row(
                self.model.row_at(index.row())))  # the model shown (a tab may swap it)
        self.empty = empty_hint()
        self.empty.hide()
        self.column.addWidget(self.empty)
        self.column.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.column.addWidget(self.count)
        self.table.selectionModel().selectionChanged.connect(self._update)
        model.modelReset.connect(self._update)

    def show_rows(self, rows: list, *, first: bool = True) -> None:
        """New rows in the list, the chosen one still chosen (by its ``id``) — or, with
        ``first``, the first one, so that the buttons act at once."""
        keep = chosen_one(self.table)
        self.model.set_rows(rows)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda r: r.id == keep.id)
        if first and rows and chosen_one(self.table) is None:
            self.table.selectRow(0)

    def fit(self) -> None:
        fit_columns(self.table, self.DROP)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if hasattr(self, "table"):
            self.fit()

    def say(self, text: str) -> None:
        """What an action did, above the list (or under it, without a message line)."""
        if not self._message_line:
            self.count.setText(text)
            return
        self.message.setText(text)
        self.message.setObjectName("")
        self.message.show()

    def failed(self, exc: BaseException, label: QLabel | None = None) -> None:
        """The service's refusal, in its own words (a bug goes on): above the list, or in
        ``label``, or under the list."""
        if not isinstance(exc, NCError):
            raise exc
        target = label or (self.message if self._message_line else self.count)
        target.setText("⚠ " + str(exc))
        target.show()

    refused = failed
