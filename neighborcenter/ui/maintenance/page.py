"""数据与备份: back up now, restore a backup, check the database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

from neighborcenter.config import backup_dir
from neighborcenter.core import changes, maintenance
from neighborcenter.core.maintenance import BackupInfo, CheckReport
from neighborcenter.i18n import N_, _, format_datetime, format_number
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import row_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.controller import AUTO_BACKUP_MS
from neighborcenter.ui.messages import confirm

REASONS = {
    "manual": N_("By hand"),
    "auto": N_("Automatic"),
    "on-close": N_("On closing"),
    "before-upgrade": N_("Before an upgrade"),
    "before-restore": N_("Before a restore"),
    "before-repair": N_("Before repairs"),
    "before-import": N_("Before an import"),
}


def reason_label(reason: str) -> str:
    return _(REASONS[reason]) if reason in REASONS else reason


COLUMNS: list[Column[BackupInfo]] = [
    Column(lambda: _("Taken at"), lambda b: format_datetime(b.taken_at, "medium"),
           sort_key=lambda b: b.taken_at),
    Column(lambda: _("Why"), lambda b: reason_label(b.reason)),
    Column(lambda: _("Size (KB)"), lambda b: format_number(b.size // 1024),
           sort_key=lambda b: b.size, align_right=True),
    Column(lambda: _("File"), lambda b: b.path.name),
]


class BackupTableModel(RowTableModel[BackupInfo]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)


def describe_report(report: CheckReport) -> str:
    if report.ok:
        return _("The database is in good order.")
    lines = [(_("Repaired: ") if p.repaired else "✗ ") + p.message for p in report.problems]
    if report.backup_path:
        lines.append(_("A backup was taken before the repairs: {file}").format(
            file=report.backup_path))
    return "\n".join(lines)


class DataPage(Page):
    kinds = frozenset({changes.BACKUPS})
    restore_was_requested = Signal(object)  # Path of the backup

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Data and backups"))
        info = QLabel(_("Backups are made automatically every 30 minutes when something "
                        "changed, when the program closes, and before anything risky. They are "
                        "kept in {folder}.").format(folder=backup_dir(ctx.db_path)))
        info.setWordWrap(True)
        self.body.addWidget(info)
        self.empty_hint = QLabel(_(  # while the list is empty: when the first backup comes
            "No backup yet. The first one is made automatically within {minutes} minutes after "
            "the first change, and when the program is closed after a change. To make one "
            "now, press “{button}”.").format(minutes=AUTO_BACKUP_MS // 60_000,
                                             button=_("Back up now")))
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        self.body.addWidget(self.empty_hint)
        self.model = BackupTableModel(self)
        self.table = row_table(self.model)
        self.body.addWidget(self.table, 1)
        self.setFocusProxy(self.table)  # the page opens with the cursor in the list
        self.backup_button = QPushButton(_("Back up now"))
        self.restore_button = QPushButton(_("Restore the selected backup…"))
        self.check_button = QPushButton(_("Check the database"))
        self.add_buttons(self.backup_button, self.restore_button, self.check_button)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(140)
        self.report.setPlaceholderText(_("The result of the check appears here."))
        self.body.addWidget(self.report)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.setEnabled(False)  # until a backup is chosen in the list
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.restore_button.setEnabled(self.table.selectionModel().hasSelection()))
        self.restore_button.clicked.connect(self.restore)
        self.check_button.clicked.connect(self.check)

    def reload(self) -> None:
        self._ctx.worker.run(lambda c: maintenance.list_backups(c.path), on_done=self._show)

    def _show(self, rows: list[BackupInfo]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.empty_hint.setVisible(not rows)
        self.restore_button.setEnabled(self.table.selectionModel().hasSelection())

    def back_up(self) -> None:
        actor = self._ctx.actor

        self._ctx.worker.run(lambda c: maintenance.back_up_now(c, actor=actor),
                             progress_label=_("Backing up…"))

    def restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.report.setPlainText(_("Choose a backup in the list first."))
            return
        backup = self.model.row_at(rows[0].row())
        if confirm(self, _("Restore a backup"), _(
            "Replace all data with the backup taken at {when}? Everything entered since then "
            "is set aside (the present state is backed up first). Everyone must log in "
            "again.").format(when=format_datetime(backup.taken_at))):
            self.restore_was_requested.emit(backup.path)

    def check(self) -> None:
        actor = self._ctx.actor

        self._ctx.worker.run(lambda c: maintenance.run_check(c, actor=actor),
                             on_done=lambda r: self.report.setPlainText(describe_report(r)),
                             progress_label=_("Checking the database…"))

