"""报表: the after-school class's printouts and reports for staff who manage the class — the
day's sign-in/sign-out sheet (签到签退表, the paper fallback after a power cut) for a date,
the month's attendance, late pick-ups and hours on duty as PDF or .xlsx (the .xlsx with the
health notes and the guardians' phones only when ticked, with a reason), and the pick-up
slips (接送卡) of the children chosen, when the centre uses them.

Each file is chosen in a save dialog, written on the worker (printouts.py / export.py: the
print or export audited before the file is handed over) and a PDF is then opened in the
system's viewer to preview and print it. What was typed stays when a service refuses (the
message says what to fix)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.classroom import enrolment, export, printouts, reports
from neighborcenter.features.classroom.settings import get_class_settings
from neighborcenter.features.volunteers.people import day as parse_day
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import button, fit_placeholder, line, today_line
from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen, fit_columns, rows_table
from neighborcenter.ui.context import AppContext

#: months offered: this month and the two years before it
MONTHS_BACK = 24
REPORTS = ("attendance", "late", "hours")

CHILD_COLUMNS: list[Column[enrolment.ChildRow]] = [
    Column(lambda: _("Child"), lambda c: c.name),
    Column(lambda: _("Class"), lambda c: f"{c.grade}{c.class_name}"),
    Column(lambda: _("School"), lambda c: c.school),
]


def save_path(parent: QWidget, title: str, name: str, pdf: bool) -> Path | None:
    """The file chosen in a save dialog, with its ending (.pdf or .xlsx); None: cancelled."""
    ending = ".pdf" if pdf else ".xlsx"
    chosen_name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / name), "PDF (*.pdf)" if pdf else "Excel (*.xlsx)")
    if not chosen_name:
        return None
    return Path(chosen_name if chosen_name.lower().endswith(ending) else chosen_name + ending)


def open_file(path: Path) -> None:
    """The PDF in the system's viewer: its preview, and its Print with the printer chosen."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def month_title(year: int, month: int) -> str:
    return printouts.month_name(year, month)


def report_title(which: str) -> str:
    return {"attendance": _("Monthly attendance"), "late": _("Late pick-ups"),
            "hours": _("Hours on duty")}[which]


class ReportsTab(QWidget):
    """The day's sheet, the month's reports, the pick-up slips."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.slips_used = False
        column = QVBoxLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        # -- the day's sheet
        sheet_box = QGroupBox(_("The day's sign-in and sign-out sheet (paper fallback)"))
        sheet_row = FlowLayout(sheet_box)
        self.day = today_line()
        day_label = QLabel(_("&Day"))
        day_label.setBuddy(self.day)
        self.with_phones = QCheckBox(_("With the &guardians' phones"))
        sheet_row.addWidget(day_label)
        sheet_row.addWidget(self.day)
        sheet_row.addWidget(self.with_phones)
        self.sheet_button = button(sheet_row, _("&Print the day's sheet…"), self.print_sheet)
        column.addWidget(sheet_box)

        # -- the month's reports
        month_box = QGroupBox(_("The month's reports"))
        inside = QVBoxLayout(month_box)
        top = FlowLayout()
        self.month = QComboBox()
        first = dt.date.today().replace(day=1)
        for back in range(MONTHS_BACK + 1):
            year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
            self.month.addItem(month_title(year, month + 1), reports.month_key(year, month + 1))
        month_label = QLabel(_("&Month"))
        month_label.setBuddy(self.month)
        top.addWidget(month_label)
        top.addWidget(self.month)
        inside.addLayout(top)
        grid = QGridLayout()
        self.report_buttons: dict[tuple[str, bool], Any] = {}
        can_export = ctx.actor.can(Permission.EXPORT_PERSONAL_DATA)
        for n, which in enumerate(REPORTS):
            grid.addWidget(QLabel(report_title(which)), n, 0)
            pdf = button(None, _("Print (PDF) &{n}…").format(n=2 * n + 1),
                         self._report_slot(which, True))
            xlsx = button(None, _("Export (.xlsx) &{n}…").format(n=2 * n + 2),
                          self._report_slot(which, False), can_export)
            grid.addWidget(pdf, n, 1)
            grid.addWidget(xlsx, n, 2)
            self.report_buttons[(which, True)] = pdf
            self.report_buttons[(which, False)] = xlsx
        grid.setColumnStretch(3, 1)
        inside.addLayout(grid)
        sensitive = FlowLayout()
        self.sensitive = QCheckBox(_("Export the &health notes and the guardians' phones too"))
        self.sensitive.setVisible(can_export)
        self.reason = fit_placeholder(line(
            placeholder=_("e.g. the sub-district's children's health survey")))
        reason_label = QLabel(_("&Reason"))
        reason_label.setBuddy(self.reason)
        self.sensitive.toggled.connect(self._sensitive_toggled)
        sensitive.addWidget(self.sensitive)
        sensitive.addWidget(reason_label)
        sensitive.addWidget(self.reason)
        self._reason_widgets = (reason_label, self.reason)
        inside.addLayout(sensitive)
        column.addWidget(month_box)

        # -- pick-up slips
        self.slips_box = QGroupBox(_("Pick-up slips"))
        slips = QVBoxLayout(self.slips_box)
        self.slips_hint = QLabel(_("This centre does not use pick-up slips (the class's "
                                   "settings)."))
        self.slips_hint.setWordWrap(True)
        slips.addWidget(self.slips_hint)
        self.child_model = RowTableModel(CHILD_COLUMNS, self)
        self.children_table = rows_table(self.child_model, many=True)
        # (three lines at least; the rest of the tab's height: at 1366×768 nothing scrolls)
        self.children_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        slips.addWidget(self.children_table, 1)
        row = QHBoxLayout()
        self.slips_button = button(row, _("Print pick-up &slips for the children chosen…"),
                                   self.print_slips)
        row.addStretch(1)
        slips.addLayout(row)
        self.children_table.selectionModel().selectionChanged.connect(self._update)
        column.addWidget(self.slips_box, 1)
        column.addWidget(self.message)
        self.body = scrolling_body(self, column, None)
        self._sensitive_toggled(False)
        self._update()

    # -- state
    def year_month(self) -> tuple[int, int]:
        return reports.parse_month(self.month.currentData())

    def set_month(self, year: int, month: int) -> None:
        key = reports.month_key(year, month)
        if self.month.findData(key) < 0:
            self.month.addItem(month_title(year, month), key)
        self.month.setCurrentIndex(self.month.findData(key))

    def _sensitive_toggled(self, on: bool) -> None:
        for widget in self._reason_widgets:
            widget.setVisible(on)

    def _update(self, *_args) -> None:
        self.slips_hint.setVisible(not self.slips_used)
        self.slips_button.setEnabled(self.slips_used and bool(chosen(self.children_table)))

    def reload(self, *_args) -> None:
        actor = self._ctx.actor

        def job(c):
            return (get_class_settings(c, actor=actor).pickup_slips,
                    enrolment.list_children(c, actor=actor))

        self._ctx.worker.run(job, on_done=self._show, on_error=self._failed)

    def _show(self, result: tuple[bool, list[enrolment.ChildRow]]) -> None:
        self.slips_used, rows = result
        kept = {c.child_id for c in chosen(self.children_table)}
        self.child_model.set_rows(rows)
        for position, c in enumerate(rows):
            if c.child_id in kept:
                self.children_table.selectRow(position)
        fit_columns(self.children_table, (2,))
        self._update()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc))
        field = getattr(exc, "field", None)
        if field == "reason":
            self.reason.setFocus()
        elif field in ("on", "date"):
            self.day.setFocus()

    def _run(self, job: Callable[[Any], str], path: Path, *, opens: bool, busy: str) -> None:
        def done(text: str) -> None:
            self.say(text)
            if opens:
                open_file(path)

        self._ctx.worker.run(job, on_done=done, on_error=self._failed, progress_label=busy)

    # -- the day's sheet
    def print_sheet(self) -> None:
        actor, typed, phones = self._ctx.actor, self.day.text(), self.with_phones.isChecked()
        try:
            on = parse_day(typed, "on", _("the day"))
        except NCError as exc:
            self._failed(exc)
            return
        assert on is not None
        path = save_path(self, _("Print the day's sheet"),
                         printouts.suggested_file_name("sheet", on=on), True)
        if path is None:
            return

        def job(c) -> str:
            n = printouts.save_day_sheet(c, actor=actor, on=on, path=path, with_phones=phones)
            return ngettext("The sheet of {day} ({n} child) was saved as {file}.",
                            "The sheet of {day} ({n} children) was saved as {file}.",
                            n).format(day=on.isoformat(), n=n, file=path.name)

        self._run(job, path, opens=True, busy=_("Printing…"))

    # -- the month's reports
    def _report_slot(self, which: str, pdf: bool) -> Callable[[], None]:
        return lambda: self.report(which, pdf)

    def report(self, which: str, pdf: bool) -> None:
        """A month's report as PDF (opened) or .xlsx."""
        (year, month), actor = self.year_month(), self._ctx.actor
        sensitive = not pdf and which != "hours" and self.sensitive.isChecked()
        reason = self.reason.text()
        if sensitive and not reason.strip():
            self.say("⚠ " + _("Enter why the health notes and the phones are exported."))
            self.reason.setFocus()
            return
        title = (_("Print: {report}") if pdf else _("Export: {report}")).format(
            report=report_title(which))
        path = save_path(self, title, printouts.suggested_file_name(
            which, year=year, month=month, ext=".pdf" if pdf else ".xlsx"), pdf)
        if path is None:
            return
        since, until = reports.month_bounds(year, month)

        def job(c) -> str:
            if which == "attendance":
                if pdf:
                    printouts.save_attendance_report(c, actor=actor, year=year, month=month,
                                                     path=path)
                else:
                    export.export_attendance(c, actor=actor, year=year, month=month,
                                             path=path, include_sensitive=sensitive,
                                             reason=reason)
            elif which == "late":
                if pdf:
                    printouts.save_late_report(c, actor=actor, since=since, until=until,
                                               path=path)
                else:
                    export.export_late(c, actor=actor, since=since, until=until, path=path,
                                       include_sensitive=sensitive, reason=reason)
            elif pdf:
                printouts.save_hours_report(c, actor=actor, since=since, until=until,
                                            path=path)
            else:
                export.export_hours(c, actor=actor, since=since, until=until, path=path)
            return _("{report} of {month} saved as {file}.").format(
                report=report_title(which), month=month_title(year, month), file=path.name)

        self._run(job, path, opens=pdf, busy=_("Printing…") if pdf else _("Exporting…"))

    # -- pick-up slips
    def print_slips(self) -> None:
        rows, actor = chosen(self.children_table), self._ctx.actor
        if not rows:
            self.say("⚠ " + _("Choose the children whose pick-up slips to print."))
            return
        path = save_path(self, _("Print pick-up slips"),
                         printouts.suggested_file_name("slips"), True)
        if path is None:
            return
        ids = [c.child_id for c in rows]

        def job(c) -> str:
            n = printouts.save_pickup_slips(c, actor=actor, child_ids=ids, path=path)
            return ngettext("{n} pick-up slip saved as {file}.",
                            "{n} pick-up slips saved as {file}.", n).format(n=n,
                                                                           file=path.name)

        self._run(job, path, opens=True, busy=_("Printing…"))
