"""What the meetings' tabs and dialogs share: a tab (ui/common/list_tab.py) whose ``today``,
``ask`` and ``run_dialog`` tests replace, and a form dialog whose Esc asks before dropping
what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QWidget

from neighborcenter.i18n import format_date
from neighborcenter.ui.common.dialogs import AskingFormDialog
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import RowTableModel
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value) if value else ""


def date_text(value: dt.date) -> str:
    """A date as it is typed in a date box (2026-03-02)."""
    return value.isoformat()


def text_box(text: str = "", lines: int = 3) -> QPlainTextEdit:
    """A few lines of text (a discussion, a decision); Tab leaves it, as in a line box."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


def sentence_label(name: str) -> QLabel:
    """A sentence to be seen (the quorum, a vote's outcome): wrapped, selectable, bold."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: bold;")
    return label


#: a form dialog whose Esc asks before dropping what was typed
MeetFormDialog = AskingFormDialog


class MeetTab(ListTab):
    """A tab of the meetings page: its controls, a message line, a list that Enter opens."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.fixed_today: dt.date | None = None  # tests fix the day
        self.ask: Callable[[str, str], bool] = lambda title, text: confirm(self, title, text)
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def list_area(self, model: RowTableModel, open_row: Callable[[Any], None] | None, *,
                  many: bool = False, message: bool = True) -> None:
        super().list_area(model, open_row, many=many, message=message)

    def run(self, job: Callable, done: Callable[[Any], object]) -> None:
        """``job`` on the DB worker; a refusal said on the message line."""
        self._ctx.worker.run(job, on_done=done, on_error=self.failed)

    def apply_size(self) -> None:
        """Large print on or off: the rows as tall as the font, the columns refitted."""
        if hasattr(self, "table"):
            self.table.verticalHeader().setDefaultSectionSize(
                self.table.fontMetrics().height() + 12)
            self.fit()
