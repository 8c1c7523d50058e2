"""居民台账: one search box (name, pinyin, phone or ID tail, address), tag and state filters,
and a list that updates on every keystroke without freezing the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.register import REGISTER, register_io, registry
from neighborcenter.features.register.resident_records import list_tag_types
from neighborcenter.features.register.rules.codes import MARITAL_STATUS
from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.register.rules.terms import ResidenceStatus, ResidentStatus
from neighborcenter.features.register.ui.model import COLUMNS, ResidentTableModel
from neighborcenter.i18n import _, format_number
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.widgets import row_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import show_error


def _group_of(filters: registry.SearchFilters) -> tuple:
    """What the third filter list shows of ``filters``."""
    return (filters.party_member, filters.minority, filters.separated,
            filters.residence_status, filters.marital_status)


class RegisterPage(Page):
    kinds = frozenset({REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Resident register"))
        self._in_flight = False
        self._again = False
        self._sort = (registry.SortKey.NAME, False)
        self._narrow: registry.SearchFilters | None = None  # a home page card's filters
        self._wanted_tag: str | None = None  # for when the tag list arrives

        self.search = QLineEdit()
        self.search.setObjectName("registerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search: name, pinyin (zs), last digits of phone or ID, address (3栋2单元, "
              "3-2-501)"))
        self.search.textChanged.connect(self.run_search)
        self.search.installEventFilter(self)  # ↓ and Enter go into the list
        self.setFocusProxy(self.search)  # the register opens with the cursor in the search box
        self.toolbar.addWidget(self.search, 1)
        self.tag = QComboBox()
        self.tag.addItem(_("All tags"), None)
        self.tag.currentIndexChanged.connect(self.run_search)
        self.toolbar.addWidget(self.tag)
        self.status = QComboBox()
        for status in ResidentStatus:
            self.status.addItem(status.label, status.value)
        self.status.addItem(_("Everyone"), registry.ALL_STATUSES)
        self.status.currentIndexChanged.connect(self.run_search)
        self.toolbar.addWidget(self.status)
        self.group = QComboBox()  # 党员, 少数民族, 人户分离, 婚姻状况: registry.with_filter
        self.group.setObjectName("registerGroup")
        # as wide as a short choice (婚姻状况：已婚), not the longest: the search box keeps
        # its room in large print; the open list shows every choice whole
        self.group.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group.setMinimumContentsLength(8)
        for text, data in self.group_items():
            self.group.addItem(text, data)
        self.group.view().setMinimumWidth(self.group.view().sizeHintForColumn(0) + 24)
        self.group.currentIndexChanged.connect(self.run_search)
        self.toolbar.addWidget(self.group)

        buttons = FlowLayout()  # wraps where one line is too wide (large print in English)
        self._buttons: list[QPushButton] = []
        can_edit = ctx.actor.can(Permission.EDIT_REGISTER)
        self.add_button = self._button(buttons, _("New resident…"), self.add_resident, can_edit)
        self.import_button = self._button(buttons, _("Import a register sheet…"), self.import_file,
                                          can_edit)
        self._button(buttons, _("Export to Excel…"), self.export,
                     ctx.actor.can(Permission.EXPORT_PERSONAL_DATA))
        self._button(buttons, _("Print household roster…"), self.print_roster, True)
        self.stats_button = self._button(buttons, _("Population statistics…"),
                                         self.population_statistics, True)
        self._button(buttons, _("Tag list…"), self.edit_tags, can_edit)
        self.body.addLayout(buttons)

        narrow = QHBoxLayout()  # what a card of the home page opened the list on
        self.narrow_label = QLabel()
        self.narrow_label.setWordWrap(True)
        self.show_all_button = QPushButton(_("Show everyone"))
        self.show_all_button.clicked.connect(self.clear_view)
        narrow.addWidget(self.narrow_label, 1)
        narrow.addWidget(self.show_all_button)
        self.narrow_box = QWidget()
        self.narrow_box.setLayout(narrow)
        self.narrow_box.hide()
        self.body.addWidget(self.narrow_box)

        self.model = ResidentTableModel(self)
        self.model.rows_were_wanted.connect(self._fetch_rows)
        self.table = row_table(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (to the actions)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts once: connected after, so no search yet
        self.model.sort_was_requested.connect(self._sort_by)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.size_columns()
        # activated: Enter on a row, and a double click (which also emits doubleClicked:
        # connecting both opened the resident twice)
        self.table.activated.connect(lambda index: self.open_resident(index.row()))
        self.empty_hint = QLabel()  # says what to try when nothing is found
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        self.body.addWidget(self.empty_hint)
        self.body.addWidget(self.table, 1)
        self.count = QLabel()  # under the list: the button row needs the width in large print
        self.body.addWidget(self.count)

        # search → list → actions → the filters
        chain = [self.search, self.table, *self._buttons, self.show_all_button, self.tag,
                 self.status, self.group]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        if can_edit:
            QShortcut(QKeySequence.StandardKey.New, self, self.add_resident)

    @staticmethod
    def group_items() -> list[tuple[str, tuple[str, str] | None]]:
        """The choices of the third filter: (text, (KEY, VALUE) of ``registry.with_filter``)."""
        items: list[tuple[str, tuple[str, str] | None]] = [
            (_("All groups"), None),
            (_("Party members"), ("party", "yes")),
            (_("Ethnic minorities"), ("minority", "yes")),
            (_("Not living at the hukou address (either way)"), ("separated", "yes")),
            *((status.label, ("residence", status.value)) for status in (
                ResidenceStatus.REGISTERED_ELSEWHERE, ResidenceStatus.LIVES_ELSEWHERE)),
        ]
        items += [(_("Marital status: {word}").format(word=word), ("marital", code))
                  for code, word in MARITAL_STATUS.words.items()]
        return items

    # Widest usual content of each column; measured in the current font (large print too).
    COLUMN_SAMPLES = ("欧阳诸葛明", "性别", "年龄", "330502********123X", "0572-****3456",
                      "幸福里小区12栋2单元1201室", "高龄、独居、残疾", "已迁出")

    # When the list is narrower than all the columns (large print on a 1366×768 screen), these
    # are hidden, first to last, until the rest fit without sideways scrolling: the masked ID
    # number, the state (the filter above says it), sex, categories, phone. Name, age and
    # address always stay.
    DROP_ORDER = ("id", "status", "sex", "tags", "phone")

    def size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        self._widths = []
        words = {1: [s.label for s in Sex],  # "Female" is longer
                 7: [s.label for s in ResidentStatus]}
        for column, sample in enumerate(self.COLUMN_SAMPLES):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            text = max(metrics.horizontalAdvance(t)
                       for t in (sample, *words.get(column, ())))
            width = max(text, header.horizontalAdvance(title) + 16) + 16
            self._widths.append(width)
            self.table.setColumnWidth(column, width)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Show as many columns as fit the list's width, dropping them in DROP_ORDER."""
        table = self.table
        room = (table.width() - 2 * table.frameWidth()
                - table.verticalScrollBar().sizeHint().width())
        keys = [key for key, *_rest in COLUMNS]
        hidden: set[str] = set()
        for key in self.DROP_ORDER:
            if sum(w for k, w in zip(keys, self._widths, strict=True) if k not in hidden) <= room:
                break
            hidden.add(key)
        for column, key in enumerate(keys):
            table.setColumnHidden(column, key in hidden)

    def apply_size(self) -> None:
        """Large print was switched on or off: measure the columns in the new font."""
        self.size_columns()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

    def _button(self, row: FlowLayout, text: str, slot, enabled: bool) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setVisible(enabled)
        row.addWidget(button)
        self._buttons.append(button)
        return button

    # -- keyboard
    def focus_search(self) -> None:
        """Ctrl+F: back to the search box, its text selected to type over."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def focus_list(self) -> None:
        """Into the results, on the first row if none is chosen yet (Enter then opens it)."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    # -- loading
    def reload(self) -> None:
        self.size_columns()  # the font may have changed (large print)
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: list_tag_types(c, actor=actor),
                             on_done=self._show_tags)
        self.run_search()

    def _show_tags(self, tags) -> None:
        current = self._wanted_tag or self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(_("All tags"), None)
        for t in tags:
            self.tag.addItem(t.name, t.code)
        index = self.tag.findData(current)
        self.tag.setCurrentIndex(max(index, 0))
        self.tag.blockSignals(False)
        if self._wanted_tag is not None:  # asked for before the list of tags was here
            self._wanted_tag = None
            self.run_search()

    def filters(self) -> registry.SearchFilters:
        filters = replace(self._narrow or registry.SearchFilters(),
                          tag_code=self.tag.currentData(), status=self.status.currentData())
        group = self.group.currentData()
        return registry.with_filter(filters, *group) if group else filters

    def show_view(self, filters: registry.SearchFilters, caption: str) -> None:
        """Open the list on what a card or a line of the home page counts; the filters that
        the tag and state lists cannot show are named above the list."""
        self._narrow = filters if filters.narrowed else None
        for box, value in ((self.tag, filters.tag_code), (self.status, filters.status)):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        self._wanted_tag = filters.tag_code if self.tag.currentData() != filters.tag_code \
            else None
        self.group.blockSignals(True)  # the group it names, or "all groups"
        self.group.setCurrentIndex(0)
        for index in range(1, self.group.count()):
            shown = registry.with_filter(registry.SearchFilters(), *self.group.itemData(index))
            if _group_of(shown) == _group_of(filters):
                self.group.setCurrentIndex(index)
        self.group.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.narrow_label.setText(_("Showing: {what}").format(what=caption))
        self.narrow_box.setVisible(self._narrow is not None)
        self.run_search()

    def clear_view(self) -> None:
        self._narrow = None
        self.narrow_box.hide()
        self.run_search()
        self.focus_search()

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
            lambda c: registry.search_residents(c, actor=actor, query=query,
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
        self.empty_hint.setText(self._empty_text() if result.total == 0 else "")
        self.empty_hint.setVisible(result.total == 0)

    def _empty_text(self) -> str:
        """Nobody found: say what to try."""
        query, filters = self.search.text().strip(), self.filters()
        if not query and filters == registry.SearchFilters():
            return _("The register is empty. Add a resident with “New resident…” (Ctrl+N) or "
                     "import a register sheet.")
        tips = []
        if query:
            tips.append(_("No one matches “{text}”. Try the pinyin initials (zs for 张三), the "
                          "last 4 digits of a phone or ID number, or an address such as "
                          "3-2-501 or 3栋2单元.").format(text=query))
        else:
            tips.append(_("No one is in this list."))
        if filters.status != registry.ALL_STATUSES:
            tips.append(_("People who moved out or died are found with “{everyone}” in the "
                          "list of states.").format(everyone=_("Everyone")))
        if filters.tag_code or filters.narrowed:
            tips.append(_("A filter is on: choose “{all}” or press “{show}”.").format(
                all=_("All tags"), show=_("Show everyone")))
        if self.group.currentData():
            tips.append(_("Only {group} are listed: choose “{all}” to see everyone.").format(
                group=self.group.currentText(), all=_("All groups")))
        return "\n".join(tips)  # one suggestion a line (no spaces between Chinese sentences)

    def _search_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._again = False
        if not isinstance(exc, NCError):
            raise exc  # a bug: to the crash dialog, not into the count label
        self.count.setText(str(exc))

    def _fetch_rows(self, ids: list[str]) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: registry.resident_rows(c, actor=actor,
                                                              ids=ids),
                             on_done=self.model.add_rows)

    def _sort_by(self, key, descending: bool) -> None:
        self._sort = (key, descending)
        self.run_search()

    # -- actions
    def open_resident(self, position: int) -> None:
        from neighborcenter.features.register.ui.detail import ResidentDetailDialog

        ResidentDetailDialog(self._ctx, self.model.id_at(position), self).exec()

    def add_resident(self) -> None:
        from neighborcenter.features.register.ui.edit import ResidentDialog

        dialog = ResidentDialog(self._ctx, None, self)
        saved = dialog.exec() and dialog.saved_id
        dialog.deleteLater()
        if saved:
            from neighborcenter.features.register.ui.detail import ResidentDetailDialog

            ResidentDetailDialog(self._ctx, saved, self).exec()

    def import_file(self) -> None:
        from neighborcenter.features.register.ui.import_dialog import ImportDialog

        ImportDialog(self._ctx, self).exec()

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel"),
                                                    str(Path.home() / "居民名单.xlsx"),
                                                    "Excel (*.xlsx)")
        if not path:
            return
        query, filters, actor = self.search.text(), self.filters(), self._ctx.actor
        self._ctx.worker.run(
            lambda c: register_io.export_residents(c, actor=actor, path=Path(path),
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
            lambda c: register_io.print_household_roster(c, actor=actor, path=Path(path),
                                                         query=query, filters=filters),
            on_done=lambda n: self._open_file(path), progress_label=_("Printing…"))

    def population_statistics(self) -> None:
        """人口结构统计表 for a date (today unless typed), as .xlsx or PDF."""
        from PySide6.QtWidgets import QInputDialog

        from neighborcenter.features.register import statistics
        from neighborcenter.features.register.rules.dates import parse_date_text

        typed, ok = QInputDialog.getText(
            self, _("Population statistics"),
            _("Count the residents on the register on this day (e.g. 2026-11-30):"),
            text=dt.date.today().isoformat())
        if not ok:
            return
        try:
            day = parse_date_text(typed, field="on", label=_("The day"), allow_future=False)
        except NCError as exc:
            show_error(exc, self)
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Population statistics"), str(Path.home() / "人口结构统计表.xlsx"),
            "Excel (*.xlsx);;PDF (*.pdf)")
        if not path:
            return
        if Path(path).suffix.lower() not in (".xlsx", ".pdf"):
            path += ".pdf" if "pdf" in chosen.lower() else ".xlsx"
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: statistics.write_population_statistics(c, actor=actor, path=Path(path),
                                                             on=day),
            on_done=lambda stats: self._open_file(path), progress_label=_("Counting…"))

    def _open_file(self, path: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def edit_tags(self) -> None:
        from neighborcenter.features.register.ui.dialogs import TagListDialog

        TagListDialog(self._ctx, self).exec()
