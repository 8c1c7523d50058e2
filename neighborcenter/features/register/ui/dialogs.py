"""Small forms of the register (a tag, a consent, a contact, a move) built one way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize
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

from neighborcenter.features.register import resident_records as rec
from neighborcenter.i18n import _
from neighborcenter.ui.common.fitting import available_size, fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors, error_label, show_in
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext


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


def grow_to_content(dialog: QDialog) -> None:
    """Content arrived after the dialog was sized (from the database worker): grow it (never
    shrink) to what it wants now, within the screen and, once shown, on it."""
    dialog.resize(dialog.size().expandedTo(dialog.sizeHint()).boundedTo(available_size(dialog)))
    screen = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    if dialog.isVisible() and frame.bottom() > screen.bottom():  # past the taskbar: move up
        dialog.move(frame.left(),
                    max(screen.top(), frame.top() - (frame.bottom() - screen.bottom())))


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """A Close button (in the dialog's words, like Save and Cancel) that closes ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
    buttons.rejected.connect(dialog.reject)
    return buttons


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


class _GrowingList(QListWidget):
    """A list that asks for the height of its items (up to ``rows``, and at most ``room``
    pixels), and makes do with three on a short screen (then it scrolls)."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self._rows = rows
        self.room: int | None = None

    def _height(self, rows: int) -> int:
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height()
        return rows * max(row, 1) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        height = self._height(min(max(self.count(), 3), self._rows))
        if self.room is not None:
            height = max(min(height, self.room), self._height(3))
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height(3))


class TagListDialog(QDialog):
    """The centre's list of tags (标签): the categories a resident can carry, built-in and its
    own. A tag added here can be given to anyone."""

    #: rows of the list shown without its own scroll bar, when the screen has room
    SHOWN_ROWS = 10

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_("Tag list"))
        layout = QVBoxLayout()
        self.explanation = QLabel(_(
            "The tags a resident can carry, such as 高龄 or 独居. A tag added here can be given "
            "to any resident, on the resident's page."))
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        self.list = _GrowingList(self.SHOWN_ROWS)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.name = fit_placeholder(line(placeholder=_("New tag, e.g. 重点关注")))
        self.graded = QCheckBox(_("Has a grade"))
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add)
        add.setDefault(True)  # Enter in the name adds the tag; it does not close the list
        self.add_button = add
        row.addWidget(self.name, 1)
        row.addWidget(self.graded)
        row.addWidget(add)
        layout.addLayout(row)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = close_buttons(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        scrolling_body(self, layout, self.buttons)
        # the explanation wraps instead of widening the dialog beyond its add row
        self.explanation.setMinimumWidth(row.sizeHint().width())
        self.reload()
        self._fit()

    def _fit(self) -> None:
        """As tall as the tags want, within the screen: the list scrolls rather than the whole
        dialog (its word-wrapped explanation makes the body ask for its full height)."""
        self.list.room = None
        self.list.updateGeometry()
        excess = self.sizeHint().height() - available_size(self).height()
        if excess > 0:
            self.list.room = self.list.sizeHint().height() - excess
            self.list.updateGeometry()
        if self.isVisible():
            grow_to_content(self)
        else:
            fit_to_screen(self)

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: rec.list_tag_types(c, actor=actor),
                             on_done=self._show)

    def _show(self, tags) -> None:
        self.list.clear()
        for t in tags:
            suffix = _(" (with grade)") if t.has_grade else ""
            self.list.addItem(t.name + suffix)
        self._fit()  # as tall as its tags now (up to SHOWN_ROWS of them)

    def add(self) -> None:
        name, graded, actor = self.name.text(), self.graded.isChecked(), self._ctx.actor
        self.error.hide()
        self._ctx.worker.run(
            lambda c: rec.add_tag_type(c, actor=actor, name=name, has_grade=graded),
            on_done=self._added, on_error=lambda exc: show_in(self.error, exc))

    def _added(self, _tag_id: str) -> None:
        self.name.clear()
        self.reload()
