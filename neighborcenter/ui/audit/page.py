"""审计日志: who logged in, viewed, exported, printed or changed personal data."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from neighborcenter.core import changes, features
from neighborcenter.core.audit import AuditRow, action_labels, list_audit
from neighborcenter.i18n import _, format_datetime
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import row_table
from neighborcenter.ui.context import AppContext

COLUMNS: list[Column[AuditRow]] = [
    Column(lambda: _("When"), lambda r: format_datetime(r.at, "medium"), sort_key=lambda r: r.at),
    Column(lambda: _("Who"), lambda r: r.who),
    Column(lambda: _("What"), lambda r: r.action_label),
    Column(lambda: _("Details"), lambda r: r.summary),
]
LIMIT = 500


class AuditTableModel(RowTableModel[AuditRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)


class AuditPage(Page):
    # Nearly every action writes an entry, so any change may add rows.
    kinds = features.change_kinds() | frozenset({changes.ACCOUNTS, changes.SETTINGS, changes.CENTRE,
                       changes.BACKUPS, changes.AUDIT})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Audit log"))
        self.toolbar.addWidget(QLabel(_("Show")))
        self.action = QComboBox()
        self.action.addItem(_("Everything"), None)
        for value, label in action_labels().items():  # the core's and every feature's
            self.action.addItem(_(label), value)
        self.action.currentIndexChanged.connect(self.reload)
        self.toolbar.addWidget(self.action)
        self.toolbar.addStretch(1)
        self.model = AuditTableModel(self)
        self.table = row_table(self.model)
        self.body.addWidget(self.table, 1)
        note = QLabel(_("The newest {n} entries. The log cannot be changed or deleted.").format(
            n=LIMIT))
        self.body.addWidget(note)

    def reload(self) -> None:
        actor = self._ctx.actor
        value = self.action.currentData()
        action = value or None
        self._ctx.worker.run(
            lambda c: list_audit(c, actor=actor, limit=LIMIT, action=action),
            on_done=self._show)

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
