"""导入台账: choose a file, check the column mapping (remembered from last time), see a dry
run (new / update / unchanged / rejected, with row, column and reason, and the households the
import will make), then import in one transaction — after a backup. Rejected rows can be saved
as .xlsx to fix and re-import.

A column that is none of the register's fields is kept with each resident as an extra field
(its header and value) unless it is set to "leave out" here; the check says which are which."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from neighborcenter.features.register import register_io as rio
from neighborcenter.i18n import _, pgettext
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import fit_rows


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None, path: Path | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.path: Path | None = None
        self.report: rio.ImportReport | None = None
        self.setWindowTitle(_("Import a register file"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.file_label = QLabel(_("No file chosen"))
        choose = QPushButton(_("Choose a file…"))
        choose.clicked.connect(self.choose_file)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels([_("Column in the file"), _("Means"),
                                                _("First value")])
        self.mapping.verticalHeader().hide()
        fit_rows(self.mapping)
        self.mapping.resizeColumnsToContents()  # the headings, before there are rows
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.setMaximumHeight(230)
        layout.addWidget(QLabel(_("1. Check what each column means:")))
        layout.addWidget(self.mapping)
        form = QFormLayout()
        self.estate = QLineEdit()
        self.estate.setPlaceholderText(_("for sheets without an estate column, e.g. 幸福里小区"))
        form.addRow(_("Estate (小区)"), self.estate)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.check_button = QPushButton(_("2. Check (nothing is changed)"))
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button = QPushButton(_("3. Import"))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.rejected_button = QPushButton(_("Save rejected rows…"))
        self.rejected_button.clicked.connect(self.save_rejected)
        for b in (self.check_button, self.import_button, self.rejected_button):
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)  # the kept and left-out columns can be many
        layout.addWidget(self.summary)
        self.rows = QTableWidget(0, 4)
        self.rows.setHorizontalHeaderLabels([_("Row"), _("Name"), _("Result"), _("Reason")])
        self.rows.verticalHeader().hide()
        fit_rows(self.rows)
        self.rows.resizeColumnsToContents()  # the headings, before there are rows
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.households = QTableWidget(0, 4)
        self.households.setHorizontalHeaderLabels([_("Household number"),
                                                   _("Head of household"), _("People"),
                                                   _("Result")])
        self.households.verticalHeader().hide()
        fit_rows(self.households)
        self.households.resizeColumnsToContents()  # the headings, before there are rows
        self.households.horizontalHeader().setStretchLastSection(True)
        self.results = QTabWidget()
        self.results.addTab(self.rows, _("Rows"))
        # not 户数 (the home page's count of households): the tab lists them
        self.results.addTab(self.households, pgettext("import tab", "Households"))
        layout.addWidget(self.results, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_to_screen(self, QSize(980, 760))  # its tables scroll; the buttons stay below
        if path is not None:
            self.open_file(Path(path))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a register file"), str(Path.home()),
            _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.error.hide()

        def job(c):
            sheet = rio.read_sheet(path)
            remembered = rio.remembered_mapping(c)
            return sheet, rio.guess_mapping(sheet.headers, remembered)

        self._ctx.worker.run(job, on_done=self._show_mapping, on_error=self._failed)

    def _show_mapping(self, result) -> None:
        sheet, mapping = result
        headers = [h for h in sheet.headers if h]
        self.mapping.setRowCount(len(headers))
        first = sheet.rows[0][1] if sheet.rows else []
        for row, header in enumerate(headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            box = QComboBox()
            box.addItem(_("(keep as an extra field)"), rio.EXTRA)
            box.addItem(_("(leave out)"), rio.LEAVE_OUT)
            for key, (text, _aliases) in rio.FIELDS.items():
                box.addItem(_(text), key)
            box.setCurrentIndex(max(box.findData(mapping.get(header, rio.EXTRA)), 0))
            self.mapping.setCellWidget(row, 1, box)
            index = sheet.headers.index(header)
            value = first[index] if index < len(first) else ""
            self.mapping.setItem(row, 2, QTableWidgetItem(rio.sample_value(value)))
        self.mapping.resizeColumnsToContents()
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.summary.setText(_("The header is row {row}; {n} data rows.").format(
            row=sheet.header_row, n=len(sheet.rows)))

    def chosen_mapping(self) -> dict[str, str]:
        chosen: dict[str, str] = {}
        for r in range(self.mapping.rowCount()):  # _show_mapping put a header and a box
            header, box = self.mapping.item(r, 0), self.mapping.cellWidget(r, 1)
            if header is not None and isinstance(box, QComboBox):
                chosen[header.text()] = box.currentData()
        return chosen

    def run(self, *, dry_run: bool) -> None:
        if self.path is None:  # the buttons are enabled once a file is open
            return
        path, mapping, estate = self.path, self.chosen_mapping(), self.estate.text().strip()
        actor = self._ctx.actor
        self.error.hide()
        self._ctx.worker.run(
            lambda c: rio.import_residents(c, actor=actor, path=path, mapping=mapping,
                                           dry_run=dry_run, estate_default=estate),
            on_done=self._show_report, on_error=self._failed,
            progress_label=_("Checking the file…") if dry_run else _("Importing…"))

    def _show_report(self, report: rio.ImportReport) -> None:
        self.report = report
        done = _("Check finished, nothing changed yet: ") if report.dry_run else \
            _("Imported (a backup was taken first): ")
        columns = report.columns_summary()
        self.summary.setText(done + report.summary() + (f"\n{columns}" if columns else ""))
        shown = [r for r in report.rows if r.action != rio.Action.UNCHANGED]
        self.rows.setRowCount(len(shown))
        for i, r in enumerate(shown):
            for column, text in enumerate((str(r.row_number), r.name, r.action_label,
                                           r.reason)):
                self.rows.setItem(i, column, QTableWidgetItem(text))
        self.rows.resizeColumnsToContents()
        self.households.setRowCount(len(report.households))
        for i, h in enumerate(report.households):
            for column, text in enumerate((
                    h.number, h.head or _("(not in the sheet)"), str(h.people),
                    _("New") if h.new else _("Already in the register"))):
                self.households.setItem(i, column, QTableWidgetItem(text))
        self.households.resizeColumnsToContents()
        self.results.setTabText(1, report.households_summary())
        self.import_button.setEnabled(report.dry_run and (
            report.count(rio.Action.CREATE) + report.count(rio.Action.UPDATE)) > 0)
        self.rejected_button.setEnabled(bool(report.rejected))

    def save_rejected(self) -> None:
        if self.report is None or self.path is None:
            return
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save rejected rows"),
            str(self.path.with_name(self.path.stem + "-待修正.xlsx")), "Excel (*.xlsx)")
        if target:
            report, path, actor = self.report, self.path, self._ctx.actor
            self._ctx.worker.run(
                lambda c: rio.save_rejected_rows(c, actor=actor, report=report,
                                                 sheet_path=path, target=Path(target)),
                on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_in(self.error, exc)
