"""A feature's settings dialog: read when it opens, saved in one go. A refusal shows under its
field and leaves what was typed; Save is enabled once the settings are read, and only for
those who may change the centre's settings.

A feature's dialog says its title and note, builds its form (``build``: the fields, and the
field names its service's refusals use), fills it (``fill``), reads it back (``settings``:
a number that is not one raises by its field; the ranges are the service's to check) and
names its two services (``read``, ``write``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext


def grid_box() -> tuple[QWidget, QGridLayout]:
    """A group of fields on one form row: a widget with a grid and no margins."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    return box, grid


def buddy_groups(form: QFormLayout, groups: tuple[tuple[QWidget, QWidget], ...]) -> None:
    """Alt+letter of a row that holds a group: the group's first box."""
    for group, first in groups:
        label = form.labelForField(group)
        if isinstance(label, QLabel):
            label.setBuddy(first)


class SettingsDialog(QDialog):
    title = ""  # N_()
    note = ""  # N_(), or "" for none

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_(self.title))
        form = QFormLayout()
        if self.note:
            note = QLabel(_(self.note))
            note.setWordWrap(True)
            note.setObjectName("noteText")
            form.addRow(note)
        fields, first = self.build(form)
        self.errors = FormErrors(form, fields)
        self.buttons = save_cancel_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the settings are read
        self.save_button.setVisible(ctx.actor.can(Permission.MANAGE_SETTINGS))
        scrolling_body(self, form, self.buttons)
        fit_to_screen(self)
        first.setFocus()
        actor = ctx.actor
        ctx.worker.run(lambda c: self.read(c, actor), on_done=self._read,
                       on_error=self.errors.show)

    # -- what a feature's dialog says ------------------------------------------------------

    def build(self, form: QFormLayout) -> tuple[dict[str, QWidget], QWidget]:
        """Add the rows; return the fields by the names refusals use, and the first box."""
        raise NotImplementedError

    @staticmethod
    def read(centre, actor) -> Any:
        raise NotImplementedError

    @staticmethod
    def write(centre, actor, settings) -> None:
        raise NotImplementedError

    def fill(self, value: Any) -> None:
        raise NotImplementedError

    def settings(self) -> Any:
        raise NotImplementedError

    # -- the rest is the same for every feature ---------------------------------------------

    def _read(self, value: Any) -> None:
        self.fill(value)
        self.save_button.setEnabled(True)

    def save(self) -> None:
        self.errors.clear()
        try:
            chosen = self.settings()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        actor = self._ctx.actor
        self.save_button.setEnabled(False)  # one click, one save
        self._ctx.worker.run(lambda c: self.write(c, actor, chosen),
                             on_done=lambda _r: self._saved(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(exc)

    def _saved(self) -> None:
        self.save_button.setEnabled(True)
        self.accept()
