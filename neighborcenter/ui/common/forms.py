"""Small helpers for forms: a field's inline error label, and showing an NCError on a form."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QAbstractButton, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from neighborcenter.errors import NCError


def error_label(*, hidden: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label


def show_in(label: QLabel, error: BaseException | str) -> None:
    """Show an expected error (or a message) in an error label; anything else is a bug for
    the crash dialog."""
    if isinstance(error, BaseException) and not isinstance(error, NCError):
        raise error
    label.setText(str(error))
    label.show()


def _when_edited(widget: QWidget, slot) -> None:
    """Call ``slot`` when the person changes ``widget`` (or a box inside it, as in an address
    row), not when the program fills it."""
    for edit in [widget, *widget.findChildren(QWidget)]:
        if isinstance(edit, QLineEdit):
            edit.textEdited.connect(slot)
        elif isinstance(edit, QComboBox):
            edit.activated.connect(slot)
        elif isinstance(edit, QAbstractButton):
            edit.clicked.connect(slot)


class FormErrors:
    """One error label under each named field, and one for the whole form.

    A field's message goes away as soon as that field is edited. One message shows at a time,
    and the form keeps room for it: the general label, at the bottom, holds two lines while
    empty and gives them up when a field's message shows, so a message never makes the
    dialog grow or its buttons jump.
    """

    RESERVED_LINES = 2

    def __init__(self, form: QFormLayout, fields: Mapping[str, QWidget]) -> None:
        self._fields = fields
        self._labels: dict[str, QLabel] = {}
        for name, widget in fields.items():
            # PySide6's stub says object; it returns (row, role)
            row = form.getWidgetPosition(widget)[0]  # type: ignore[index]
            label = error_label()
            form.insertRow(row + 1, "", label)
            self._labels[name] = label
            _when_edited(widget, lambda *_args, name=name: self.clear_field(name))
        # not hidden, so it shows with the dialog (``show()`` here, on a form not yet in the
        # dialog, made it a window of its own for a moment)
        self.general = error_label(hidden=False)
        self.general.setMinimumHeight(  # and a little: a wrapping label asks for a bit more
            self.RESERVED_LINES * self.general.fontMetrics().lineSpacing() + 4)
        form.addRow(self.general)

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()
        self.general.clear()
        self.general.show()  # empty: keeps the room

    def clear_field(self, name: str) -> None:
        """The person corrected ``name``: its message goes (and gives its room back)."""
        label = self._labels[name]
        if label.text():
            label.clear()
            label.hide()
            self.general.show()

    def show(self, exc: BaseException) -> None:
        """Show an expected error by its field; anything else is a bug for the crash dialog."""
        if not isinstance(exc, NCError):
            raise exc
        self.clear()
        label = self._labels.get(exc.field or "", self.general)
        show_in(label, exc)
        self.general.setVisible(label is self.general)
        widget = self._fields.get(exc.field or "")
        if widget is not None:
            widget.setFocus()
