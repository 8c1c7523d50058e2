"""Pieces the staff's tabs of the after-school class build the same way: a tab with its
actions above a list, a line that says what happened (or why it was refused), a form dialog
that asks before Esc drops what was typed, and a box that finds a person by part of a name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from neighborcenter.i18n import _, format_date
from neighborcenter.ui.common.dialogs import FormDialog
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import RowTableModel
from neighborcenter.ui.messages import confirm


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value) if value else ""


def iso(value: dt.date | None) -> str:
    """A date as it is typed back into a form (2026-09-01)."""
    return value.isoformat() if value else ""


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


def multi_line(text: str = "", lines: int = 3) -> QPlainTextEdit:
    """A box for a few lines (health notes, the days without class); Tab leaves it."""
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
    return edit


class ManageTab(ListTab):
    """A staff tab: its controls, then a message line, then a list that Enter (or a double
    click) opens, a hint when it is empty and a count under it."""

    def list_area(self, model: RowTableModel, open_row: Callable[[Any], None] | None, *,
                  many: bool = False, message: bool = True) -> None:
        super().list_area(model, open_row, many=many, message=message)


def _watch(widget: QWidget, slot: Callable[..., None]) -> None:
    """Call ``slot`` when the person changes ``widget`` (or a box inside it)."""
    for edit in [widget, *widget.findChildren(QWidget)]:
        if isinstance(edit, QLineEdit):
            edit.textEdited.connect(slot)
        elif isinstance(edit, QPlainTextEdit):
            edit.textChanged.connect(slot)
        elif isinstance(edit, QComboBox):
            edit.activated.connect(slot)
            typing = edit.lineEdit() if edit.isEditable() else None
            if typing is not None:
                typing.textEdited.connect(slot)
        elif isinstance(edit, QCheckBox):
            edit.clicked.connect(slot)


def _content_height(area: QScrollArea) -> int:
    content = area.widget()
    if content is None:
        return 0
    layout = content.layout()
    if layout is not None and layout.hasHeightForWidth():
        return layout.totalHeightForWidth(area.viewport().width())
    return content.sizeHint().height()


def grow_and_show(dialog: QWidget, widget: QWidget | None = None) -> None:
    """After a message (or fields) appeared in ``dialog``: grow it by what its scrolling body
    now lacks, up to the screen's free height (moved up if it would leave the screen), and
    scroll ``widget`` — the field to correct — into view. Focus alone does not scroll."""
    from neighborcenter.ui.common import fitting

    area = dialog.findChild(fitting.BodyScrollArea)
    if area is None:
        return
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    if dialog.isVisible():
        room = fitting.available_size(dialog).height()
        lacking = _content_height(area) - area.viewport().height()
        if lacking > 0 and dialog.height() < room:
            dialog.resize(dialog.width(), min(dialog.height() + lacking, room))
            screen = dialog.screen()
            if screen is not None:
                free, frame = screen.availableGeometry(), dialog.frameGeometry()
                if frame.bottom() > free.bottom():
                    dialog.move(frame.x(), max(free.top(), free.bottom() - frame.height()))
            if layout is not None:
                layout.activate()
    if widget is not None and area.isAncestorOf(widget):
        area.ensureWidgetVisible(widget)

        def again() -> None:  # once the new size has reached the scroll area
            if area.isVisible() and widget.isVisible():
                area.ensureWidgetVisible(widget)

        QTimer.singleShot(0, area, again)


class ClassFormDialog(FormDialog):
    """A FormDialog whose Esc asks before dropping what was typed. ``watch()`` again after
    filling the fields from a record: only what the person changes counts."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.typed = False
        for widget in self.fields.values():
            _watch(widget, self._touched)

    def _touched(self, *_args) -> None:
        self.typed = True

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)  # the message by its field, the field focused
        grow_and_show(self, self.fields.get(getattr(exc, "field", None) or "")
                      or self.errors.general)

    def reject(self) -> None:
        if self.typed and not confirm(
                self, _("Leave without saving"),
                _("What was typed here is not saved. Leave it?")):
            return
        super().reject()


class NameBox(QComboBox):
    """A person chosen from a list, or found by typing part of a name (the list narrows as
    one types); ``currentData()`` is None for an empty box or a name that is none of them
    (``typed()`` says what was typed)."""

    def __init__(self, people: list[tuple[str, Any]], placeholder: str = "") -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for text, value in people:
            self.addItem(text, value)
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(placeholder or _("Type part of a name, or choose"))
        self.setCurrentIndex(0)

    def typed(self) -> str:
        return self.currentText().strip()

    def matches(self) -> list[int]:
        text = self.typed()
        if not text:
            return []
        exact = self.findText(text)
        if exact > 0:
            return [exact]
        return [n for n in range(1, self.count()) if text in self.itemText(n)]

    def currentData(self, role: int = Qt.ItemDataRole.UserRole):  # noqa: N802
        found = self.matches()
        return self.itemData(found[0], role) if len(found) == 1 else None


def unmatched(box: NameBox, field: str, nobody: str) -> None:
    """Raise, by ``field``, when a name typed in ``box`` is none of its choices; ``nobody``
    (with ``{text}``) says so when it matches none."""
    from neighborcenter.errors import ValidationError

    if box.typed() and box.currentData() is None:
        several = len(box.matches()) > 1
        raise ValidationError((_("Several match “{text}”: choose one from the list.")
                               if several else nobody).format(text=box.typed()), field=field)
