"""Small forms of the register (a tag, a consent, a contact, a move) built one way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.i18n import _
from neighborcenter.services import resident_records as rec
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors, error_label, show_in
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def today_line() -> QLineEdit:
    return line(dt.date.today().isoformat(), "2026-01-31")


def combo(items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


def value_of(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    raise TypeError(widget)


class FormDialog(QDialog):
    """Labelled fields, an inline error under each, and Save running ``job(values)``.

    ``note`` says above the fields what saving will do (for a change of state, the dialog is
    its confirmation); ``action`` names the save button ("Record the move") instead of Save.
    """

    def __init__(self, ctx: AppContext, title: str, fields: list[tuple[str, str, QWidget]],
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
        buttons = save_cancel_buttons(self, self.save)
        if action:
            buttons.button(QDialogButtonBox.StandardButton.Save).setText(action)
        scrolling_body(self, form, buttons)
        self.setMinimumWidth(480)
        fit_to_screen(self)
        self.result_value = None

    def values(self) -> dict[str, Any]:
        return {key: value_of(widget) for key, widget in self.fields.items()}

    def save(self) -> None:
        self.errors.clear()
        self._ctx.worker.run(self._job(self.values()), on_done=self._done,
                             on_error=self.errors.show)

    def _done(self, result) -> None:
        self.result_value = result
        self.accept()


class TagListDialog(QDialog):
    """The centre's list of tags: the built-in ones and its own."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_("Tag list"))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.name = line(placeholder=_("New tag, e.g. 重点关注"))
        self.graded = QCheckBox(_("Has a grade"))
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add)
        row.addWidget(self.name, 1)
        row.addWidget(self.graded)
        row.addWidget(add)
        layout.addLayout(row)
        self.error = error_label()
        layout.addWidget(self.error)
        self.setMinimumSize(420, 460)
        self.reload()

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: rec.list_tag_types(c.uow(write=False), actor=actor),
                             on_done=self._show)

    def _show(self, tags) -> None:
        self.list.clear()
        for t in tags:
            suffix = _(" (with grade)") if t.has_grade else ""
            self.list.addItem(t.name + suffix)

    def add(self) -> None:
        name, graded, actor = self.name.text(), self.graded.isChecked(), self._ctx.actor
        self.error.hide()
        self._ctx.worker.run(
            lambda c: rec.add_tag_type(c.uow(), actor=actor, name=name, has_grade=graded),
            on_done=lambda _r: (self.name.clear(), self.reload()),
            on_error=lambda exc: show_in(self.error, exc))
