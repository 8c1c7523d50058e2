"""Small helpers for forms: a field's inline error label, and showing an NCError on a form."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from neighborcenter.errors import NCError


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_in(label: QLabel, error: BaseException | str) -> None:
    """Show an expected error (or a message) in an error label; anything else is a bug for
    the crash dialog."""
    if isinstance(error, BaseException) and not isinstance(error, NCError):
        raise error
    label.setText(str(error))
    label.show()


class FormErrors:
    """One error label under each named field, and one for the whole form."""

    def __init__(self, form: QFormLayout, fields: dict[str, QWidget]) -> None:
        self._fields = fields
        self._labels: dict[str, QLabel] = {}
        for name, widget in fields.items():
            row = form.getWidgetPosition(widget)[0]
            label = error_label()
            form.insertRow(row + 1, "", label)
            self._labels[name] = label
        self.general = error_label()
        form.addRow(self.general)

    def clear(self) -> None:
        for label in [*self._labels.values(), self.general]:
            label.clear()
            label.hide()

    def show(self, exc: BaseException) -> None:
        """Show an expected error by its field; anything else is a bug for the crash dialog."""
        if not isinstance(exc, NCError):
            raise exc
        self.clear()
        show_in(self._labels.get(exc.field or "", self.general), exc)
        widget = self._fields.get(exc.field or "")
        if widget is not None:
            widget.setFocus()
