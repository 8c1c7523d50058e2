"""The register's list of tags, and a dialog that grows to content read after it opened. (The
small forms — a tag, a consent, a contact, a move — are ui.common.dialogs.FormDialog.)"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from neighborcenter.features.register import resident_records as rec
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import close_buttons, fit_placeholder, line
from neighborcenter.ui.common.fitting import available_size, fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.context import AppContext


def grow_to_content(dialog: QDialog) -> None:
    """Content arrived after the dialog was sized (from the database worker): grow it (never
    shrink) to what it wants now, within the screen and, once shown, on it."""
    dialog.resize(dialog.size().expandedTo(dialog.sizeHint()).boundedTo(available_size(dialog)))
    screen = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    if dialog.isVisible() and frame.bottom() > screen.bottom():  # past the taskbar: move up
        dialog.move(frame.left(),
                    max(screen.top(), frame.top() - (frame.bottom() - screen.bottom())))


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
