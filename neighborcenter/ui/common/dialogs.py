"""Pieces every feature's forms build the same way: a line, a date line, a choice, an action
button, a Close button, and a dialog of a few fields whose Save runs one job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def today_line() -> QLineEdit:
    # an example, not a value: "e.g." tells it apart from a date already filled in
    return line(dt.date.today().isoformat(), _("e.g. 2026-01-31"))


def fit_placeholder(edit: QLineEdit) -> QLineEdit:
    """Wide enough for its whole placeholder (a line edit's size ignores it; in large print
    the end of "New tag, e.g. …" was cut off)."""
    margins = edit.textMargins()
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText() + "  ")
                         + margins.left() + margins.right() + 24)  # frame and padding
    return edit


def number_value(edit: QLineEdit, field: str, message: str) -> int:
    """The whole number typed in ``edit`` (full-width digits too); ``message`` if it is none."""
    text = edit.text().strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    try:
        return int(text)
    except ValueError:
        raise ValidationError(message, field=field) from None


def number_box(edit: QLineEdit, characters: int = 5) -> QLineEdit:
    """A short box for a number: as wide as a few digits, not the whole row."""
    margins = edit.textMargins()
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("0" * characters)
                       + margins.left() + margins.right() + 24)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    return edit


def combo(items: Sequence[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


def button(row: QBoxLayout | QLayout | None, text: str, slot: Callable[[], Any],
           shown: bool = True) -> QPushButton:
    """An action button added to ``row`` (if any). Not a dialog's default: Enter in a
    dialog's field saves the field's form, never a side action."""
    widget = QPushButton(text)
    widget.setAutoDefault(False)
    widget.clicked.connect(slot)
    widget.setVisible(shown)
    if row is not None:
        row.addWidget(widget)
    return widget


def close_buttons(dialog: QDialog, *, enter_closes: bool = True) -> QDialogButtonBox:
    """A Close button (in the dialog's words, like Save and Cancel) that closes ``dialog``;
    ``enter_closes=False``: Enter acts in the dialog's fields and only Esc closes."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setText(_("Close"))
    if not enter_closes:
        close.setAutoDefault(False)
    buttons.rejected.connect(dialog.reject)
    return buttons


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
    worker. Enter saves, Esc cancels.

    ``note`` says above the fields what saving will do (for a change of state, the dialog is
    its confirmation); ``action`` names the save button ("Record the move", 兑换) instead of
    Save. While the job runs, Save waits (one click, one job); a refusal shows by its field
    and leaves what was typed.
    """

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
        self.setMinimumWidth(480)
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


class AskingFormDialog(FormDialog):
    """A FormDialog whose Esc (or Cancel) asks before dropping what was typed (issue 5);
    ``ask`` is what tests replace."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._start = self.values()
        self.ask: Callable[[str], bool] = lambda text: confirm(
            self, _("Leave without saving"), text)

    def reject(self) -> None:
        if self.values() != self._start and not self.ask(
                _("What was typed here is not saved. Leave it?")):
            return
        super().reject()


def reload_while_open(dialog: QDialog, ctx: AppContext, kinds: frozenset[str],
                      reload: Callable[[], None]) -> None:
    """A dialog that shows records reloads them when a job changes one of ``kinds`` (a
    redemption made in it, an edit elsewhere), until it is closed."""
    def changed(what) -> None:
        if what.touches(*kinds):
            reload()

    def stop() -> None:
        ctx.worker.changes_did_happen.disconnect(changed)
        dialog.finished.disconnect(stop)

    ctx.worker.changes_did_happen.connect(changed)
    dialog.finished.connect(stop)
