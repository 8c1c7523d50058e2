"""居民台账: one search box (name, pinyin, phone or ID tail, address), tag and state filters,
and a list that updates on every keystroke without freezing the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.domain.register import STATUS_LABELS, ResidentStatus
from neighborcenter.domain.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.i18n import _, format_number
from neighborcenter.services import changes, register_io, registry
from neighborcenter.services.resident_records import list_tag_types
from neighborcenter.ui.common.widgets import page_title, row_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.register.model import ResidentTableModel


class RegisterPage(QWidget):
    kinds = frozenset({changes.REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._in_flight = False
        self._again = False
        self._sort = (registry.SortKey.NAME, False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Resident register")))

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("registerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search: name, pinyin (zs), last digits of phone or ID, address (3栋2单元, "
              "3-2-501)"))
        self.search.textChanged.connect(self.run_search)
        bar.addWidget(self.search, 1)
        self.tag = QComboBox()
        self.tag.addItem(_("All categories"), None)
        self.tag.currentIndexChanged.connect(self.run_search)
        bar.addWidget(self.tag)
        self.status = QComboBox()
        for status in ResidentStatus:
            self.status.addItem(_(STATUS_LABELS[status]), status.value)
        self.status.addItem(_("Everyone"), registry.ALL_STATUSES)
        self.status.currentIndexChanged.connect(self.run_search)
        bar.addWidget(self.status)
        layout.addLayout(bar)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        can_edit = ctx.actor.can(Permission.EDIT_REGISTER)
        self.add_button = self._button(buttons, _("New resident…"), self.add_resident, can_edit)
        self.import_button = self._button(buttons, _("Import 台账…"), self.import_file,
                                          can_edit)
        self._button(buttons, _("Export to Excel…"), self.export,
                     ctx.actor.can(Permission.EXPORT_PERSONAL_DATA))
        self._button(buttons, _("Print household roster…"), self.print_roster, True)
        self._button(buttons, _("Tag list…"), self.edit_tags, can_edit)
        layout.addLayout(buttons)

        self.model = ResidentTableModel(self)
        self.model.rows_were_wanted.connect(self._fetch_rows)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts once: connected after, so no search yet
        self.model.sort_was_requested.connect(self._sort_by)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.size_columns()
        self.table.doubleClicked.connect(lambda index: self.open_resident(index.row()))
        self.table.activated.connect(lambda index: self.open_resident(index.row()))
        layout.addWidget(self.table, 1)
        self.count = QLabel()  # under the list: the button row needs the width in large print
        layout.addWidget(self.count)

    # Widest usual content of each column; measured in the current font (large print too).
    COLUMN_SAMPLES = ("欧阳诸葛明", "性别", "年龄", "330502********123X", "0572-****3456",
                      "幸福里小区12栋2单元1201室", "高龄、独居、残疾", "已迁出")

    def size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        for column, sample in enumerate(self.COLUMN_SAMPLES):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(sample),
                                                  header.horizontalAdvance(title) + 16) + 16)

    def _button(self, row: QHBoxLayout, text: str, slot, enabled: bool) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setVisible(enabled)
        row.addWidget(button)
        return button

    # -- loading
    def reload(self) -> None:
        self.size_columns()  # the font may have changed (large print)
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: list_tag_types(c.uow(write=False), actor=actor),
                             on_done=self._show_tags)
        self.run_search()

    def _show_tags(self, tags) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(_("All categories"), None)
        for t in tags:
            self.tag.addItem(t.name, t.code)
        index = self.tag.findData(current)
        self.tag.setCurrentIndex(max(index, 0))
        self.tag.blockSignals(False)

    def filters(self) -> registry.SearchFilters:
        return registry.SearchFilters(tag_code=self.tag.currentData(),
                                      status=self.status.currentData())

    def run_search(self, *_args) -> None:
        """Search now; while a search runs, remember to search once more when it is done
        (typing fast never queues a backlog)."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        query, filters, actor = self.search.text(), self.filters(), self._ctx.actor
        sort, descending = self._sort
        self._ctx.worker.run(
            lambda c: registry.search_residents(c.uow(write=False), actor=actor, query=query,
                                                filters=filters, sort=sort,
                                                descending=descending,
                                                limit=registry.PAGE_SIZE),
            on_done=self._show_result, on_error=self._search_failed)

    def _show_result(self, result: registry.SearchResult) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            self.run_search()
            return
        self.model.set_result(result.ids, result.rows)
        self.count.setText(_("{n} residents").format(n=format_number(result.total)))

    def _search_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._again = False
        if not isinstance(exc, NCError):
            raise exc  # a bug: to the crash dialog, not into the count label
        self.count.setText(str(exc))

    def _fetch_rows(self, ids: list[str]) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: registry.resident_rows(c.uow(write=False), actor=actor,
                                                              ids=ids),
                             on_done=self.model.add_rows)

    def _sort_by(self, key, descending: bool) -> None:
        self._sort = (key, descending)
        self.run_search()

    # -- actions
    def open_resident(self, position: int) -> None:
        from neighborcenter.ui.register.detail import ResidentDetailDialog

        ResidentDetailDialog(self._ctx, self.model.id_at(position), self).exec()

    def add_resident(self) -> None:
        from neighborcenter.ui.register.edit import ResidentDialog

        dialog = ResidentDialog(self._ctx, None, self)
        if dialog.exec() and dialog.saved_id:
            from neighborcenter.ui.register.detail import ResidentDetailDialog

            ResidentDetailDialog(self._ctx, dialog.saved_id, self).exec()

    def import_file(self) -> None:
        from neighborcenter.ui.register.import_dialog import ImportDialog

        ImportDialog(self._ctx, self).exec()

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel"),
                                                    str(Path.home() / "居民名单.xlsx"),
                                                    "Excel (*.xlsx)")
        if not path:
            return
        query, filters, actor = self.search.text(), self.filters(), self._ctx.actor
        self._ctx.worker.run(
            lambda c: register_io.export_residents(c.uow(), actor=actor, path=Path(path),
                                                   query=query, filters=filters),
            on_done=lambda n: self.count.setText(
                _("{n} residents exported to {file} (ID numbers and phones masked).").format(
                    n=n, file=Path(path).name)),
            progress_label=_("Exporting…"))

    def print_roster(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Print household roster"),
                                                    str(Path.home() / "户册.pdf"), "PDF (*.pdf)")
        if not path:
            return
        query, filters, actor = self.search.text(), self.filters(), self._ctx.actor
        self._ctx.worker.run(
            lambda c: register_io.print_household_roster(c.uow(), actor=actor, path=Path(path),
                                                         query=query, filters=filters),
            on_done=lambda n: self._open_file(path), progress_label=_("Printing…"))

    def _open_file(self, path: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def edit_tags(self) -> None:
        from neighborcenter.ui.register.dialogs import TagListDialog

        TagListDialog(self._ctx, self).exec()
