"""统计: a month's visits for the centre and the street office — the visit rate overall (big),
per tier, per pair and per visitor; the elders not visited for longer than their frequency;
the open follow-ups by owner; the emergencies not yet dealt with (已处理…); and the .xlsx
report (导出统计表)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.visits import overview, records
from neighborcenter.features.visits.elders import ElderRow
from neighborcenter.features.visits.rules import add_months, format_rate, month_key
from neighborcenter.features.visits.ui.lists import (
    WARNING,
    ColouredModel,
    day,
    month_title,
)
from neighborcenter.i18n import _, format_datetime, ngettext
from neighborcenter.ui.common.dialogs import FormDialog, button, line
from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import empty_hint
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import fit_rows

#: months offered: the two years before this month, this month and the next
MONTHS_BACK = 24


def rate_text(r: overview.Rate) -> str:
    return format_rate(r.rate)


def rate_columns(title: str) -> list[Column[overview.Rate]]:
    return [
        Column(lambda: title, lambda r: r.label),
        Column(lambda: _("Visit rate"), rate_text, align_right=True),
        Column(lambda: _("Planned"), lambda r: str(r.planned), align_right=True),
        Column(lambda: _("Done"), lambda r: str(r.done), align_right=True),
        Column(lambda: _("Overdue"), lambda r: "⚠ " + str(r.overdue) if r.overdue else "0",
               align_right=True),
        Column(lambda: _("Missed"), lambda r: str(r.missed), align_right=True),
    ]


def _late_since(e: ElderRow, today: dt.date) -> str:
    if e.next_due is None:
        return "⚠ " + _("Never visited")
    days = (today - e.next_due).days
    return "⚠ " + ngettext("{n} day too long", "{n} days too long", days).format(n=days)


ELDER_COLUMNS: list[Column[ElderRow]] = [
    Column(lambda: _("Elder"), lambda e: e.resident.name),
    Column(lambda: _("Tier"), lambda e: e.tier.label),
    Column(lambda: _("Frequency"), lambda e: e.frequency.label),
    Column(lambda: _("Last visit"), lambda e: day(e.last_visit) or _("None yet")),
    Column(lambda: _("Not visited for"), lambda e: _late_since(e, dt.date.today())),
    Column(lambda: _("Pair"), lambda e: e.pair),
]



@dataclass(frozen=True)
class OwnerRow:
    owner: str
    open: int
    overdue: int
    first_due: dt.date


def owner_rows(by_owner: dict[str, tuple[records.FollowUpRow, ...]],
               today: dt.date) -> list[OwnerRow]:
    return [OwnerRow(owner, len(rows), sum(1 for f in rows if f.overdue(today)),
                     min(f.due_on for f in rows))
            for owner, rows in by_owner.items() if rows]


OWNER_COLUMNS: list[Column[OwnerRow]] = [
    Column(lambda: _("Owner"), lambda o: o.owner),
    Column(lambda: _("Open"), lambda o: str(o.open), align_right=True),
    Column(lambda: _("Overdue"), lambda o: "⚠ " + str(o.overdue) if o.overdue else "0",
           align_right=True),
    Column(lambda: _("First due"), lambda o: day(o.first_due)),
]
EMERGENCY_COLUMNS: list[Column[records.EmergencyRow]] = [
    Column(lambda: _("Visit time"), lambda e: format_datetime(e.visited_at, "short")),
    Column(lambda: _("Elder"), lambda e: e.name),
    Column(lambda: _("What happened"), lambda e: "⚠ " + e.notes),
]


class SizedTable(QTableView):
    """A table inside the scrolling tab: as tall as its rows (up to ``rows``), so that the
    tab has one scroll bar, not one more inside each list."""

    def __init__(self, model: RowTableModel, rows: int = 8, *, stretch: bool = True) -> None:
        """``stretch``: the last column takes the rest of the width (text; not figures)."""
        super().__init__()
        self._rows = rows
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the list for the next one
        self.horizontalHeader().setStretchLastSection(stretch)
        self.verticalHeader().hide()
        fit_rows(self)
        model.modelReset.connect(self.resizeColumnsToContents)
        model.modelReset.connect(self.updateGeometry)

    def _height(self) -> int:
        shown = min(max(self.model().rowCount(), 1), self._rows)
        height = (self.horizontalHeader().sizeHint().height()
                  + shown * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth())
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height())


class OverviewTab(QWidget):
    """A month's visit rates and what is left to do; the report for the street office."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.data: overview.Overview | None = None
        column = QVBoxLayout()
        top = FlowLayout()  # wraps in large print rather than widen the window
        self.month = QComboBox()
        today = dt.date.today()
        for back in range(-1, MONTHS_BACK):
            first = add_months(dt.date(today.year, today.month, 1), -back)
            self.month.addItem(month_title(first.year, first.month), (first.year, first.month))
        self.month.setCurrentIndex(1)  # this month
        self.month.currentIndexChanged.connect(self.reload)
        month_label = QLabel(_("&Month"))
        month_label.setBuddy(self.month)
        top.addWidget(month_label)
        top.addWidget(self.month)
        self.export_button = button(top, _("E&xport the statistics (.xlsx)…"), self.export,
                                    ctx.actor.can(Permission.EXPORT_PERSONAL_DATA))
        column.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        column.addWidget(self.message)

        card = QFrame()
        card.setObjectName("card")
        inside = QHBoxLayout(card)
        self.rate = QLabel("—")
        self.rate.setObjectName("cardValue")
        self.rate_caption = QLabel()
        self.rate_caption.setObjectName("cardLabel")
        self.rate_caption.setWordWrap(True)
        inside.addWidget(self.rate)
        inside.addWidget(self.rate_caption, 1)
        column.addWidget(card)

        def group(title: str, table: QTableView, empty: str) -> tuple[QGroupBox, QLabel]:
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            hint = empty_hint(empty)
            hint.hide()
            inner.addWidget(hint)
            inner.addWidget(table)
            column.addWidget(box)
            return box, hint

        self.by_tier = RowTableModel(rate_columns(_("Tier")), self)
        self.by_pair = RowTableModel(rate_columns(_("Pair")), self)
        self.by_visitor = RowTableModel(rate_columns(_("Visitor")), self)
        self.tier_table = SizedTable(self.by_tier, rows=3, stretch=False)
        self.pair_table = SizedTable(self.by_pair, stretch=False)
        self.visitor_table = SizedTable(self.by_visitor, stretch=False)
        group(_("By risk tier"), self.tier_table, "")
        _b, self.no_pairs = group(_("By visiting pair"), self.pair_table,
                                  _("Nothing planned this month."))
        _b, self.no_visitors = group(_("By visitor (volunteers)"), self.visitor_table,
                                     _("No volunteer visited this month."))
        self.not_visited = ColouredModel(ELDER_COLUMNS, lambda _e, _c: WARNING, self)
        self.not_visited_table = SizedTable(self.not_visited)
        self.not_visited_box, self.all_visited = group(
            _("Not visited for longer than their frequency"), self.not_visited_table,
            _("Every elder was visited within their frequency."))
        self.owners = RowTableModel(OWNER_COLUMNS, self)
        self.owner_table = SizedTable(self.owners)
        _b, self.no_follow_ups = group(_("Open follow-ups by owner"), self.owner_table,
                                       _("No follow-up is open."))
        self.emergencies = ColouredModel(EMERGENCY_COLUMNS, lambda _e, _c: WARNING, self)
        self.emergency_table = SizedTable(self.emergencies)
        box, self.no_emergencies = group(_("Emergencies not yet dealt with"),
                                         self.emergency_table,
                                         _("No emergency is waiting."))
        row = QHBoxLayout()
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        self.handled_button = button(row, _("&Handled…"), self.handled, can_record)
        self.visit_button = button(row, _("&Go to the visit…"), self.open_visit)
        row.addStretch(1)
        cast(QVBoxLayout, box.layout()).addLayout(row)  # addItem would leave them unparented
        self.emergency_table.activated.connect(lambda _index: self.open_visit())
        self.emergency_table.selectionModel().selectionChanged.connect(self._update)
        self.emergencies.modelReset.connect(self._update)
        column.addStretch(1)
        self.body = scrolling_body(self, column, None)
        self._update()

    def year_month(self) -> tuple[int, int]:
        return self.month.currentData()

    def set_month(self, year: int, month: int) -> None:
        index = self.month.findData((year, month))
        if index < 0:
            self.month.addItem(month_title(year, month), (year, month))
            index = self.month.count() - 1
        self.month.setCurrentIndex(index)

    def _update(self, *_args) -> None:
        one = chosen_one(self.emergency_table) is not None
        self.handled_button.setEnabled(one)
        self.visit_button.setEnabled(one)

    def reload(self, *_args) -> None:
        actor, (year, month) = self._ctx.actor, self.year_month()
        self._ctx.worker.run(lambda c: overview.month_overview(c, actor=actor, year=year,
                                                               month=month),
                             on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.message.setText("⚠ " + str(exc))

    def _show(self, o: overview.Overview) -> None:
        self.data = o
        overall = o.overall
        self.rate.setText(rate_text(overall))
        caption = _("Visit rate of {month}: {done} of {planned} planned visits done").format(
            month=month_title(o.year, o.month), done=overall.done, planned=overall.planned)
        if overall.overdue:
            caption += "　⚠ " + ngettext("{n} overdue", "{n} overdue",
                                         overall.overdue).format(n=overall.overdue)
        if overall.missed:
            caption += "　" + ngettext("{n} missed", "{n} missed",
                                       overall.missed).format(n=overall.missed)
        if not overall.planned:
            caption = _("Nothing was planned for {month}.").format(
                month=month_title(o.year, o.month))
        self.rate_caption.setText(caption)
        shown: tuple[tuple[RowTableModel[Any], Sequence[Any], QTableView, QLabel | None],
                     ...] = (
                (self.by_tier, o.by_tier, self.tier_table, None),
                (self.by_pair, o.by_pair, self.pair_table, self.no_pairs),
                (self.by_visitor, o.by_visitor, self.visitor_table, self.no_visitors),
                (self.not_visited, o.not_visited, self.not_visited_table, self.all_visited),
                (self.owners, owner_rows(o.follow_ups, o.today), self.owner_table,
                 self.no_follow_ups),
                (self.emergencies, o.emergencies, self.emergency_table,
                 self.no_emergencies))
        for model, rows, table, hint in shown:
            model.set_rows(list(rows))
            if hint is not None:
                table.setVisible(bool(rows))
                hint.setVisible(not rows)
        self.not_visited_box.setTitle(ngettext(
            "Not visited for longer than their frequency ({n} elder)",
            "Not visited for longer than their frequency ({n} elders)",
            len(o.not_visited)).format(n=len(o.not_visited)))
        self.message.clear()

    # -- emergencies
    def handled_dialog(self) -> FormDialog | None:
        row = chosen_one(self.emergency_table)
        if row is None:
            return None
        actor = self._ctx.actor

        def job(v):
            return lambda c: records.close_emergency(c, actor=actor, visit_id=row.visit_id,
                                                     notes=v["notes"])

        return FormDialog(self._ctx, _("Emergency dealt with"), [
            ("notes", _("How it was dealt with"),
             line(placeholder=_("e.g. 已送医，家属已到场")))], job, self,
            note=_("{elder}, visit of {day}: {notes}").format(
                elder=row.name, day=day(row.visited_at.astimezone().date()), notes=row.notes),
            action=_("Mark as dealt with"))

    def handled(self) -> None:
        dialog = self.handled_dialog()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def open_visit(self) -> None:
        row = chosen_one(self.emergency_table)
        if row is None:
            return
        from neighborcenter.features.visits.ui.record import VisitDialog

        dialog = VisitDialog(self._ctx, visit_id=row.visit_id, parent=self)
        dialog.exec()
        dialog.deleteLater()

    # -- the report
    def export(self) -> None:
        """The month's statistics as .xlsx for the street office (export.py: written through
        core/sheets.py, handed over only after its audit entry)."""
        from neighborcenter.features.visits import export

        (year, month), actor = self.year_month(), self._ctx.actor
        name = _("visit statistics {month}").format(month=month_key(year, month)) + ".xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the visit statistics"), str(Path.home() / name), "Excel (*.xlsx)")
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
        self._ctx.worker.run(
            lambda c: export.export_overview(c, actor=actor, year=year, month=month,
                                             path=path),
            on_done=lambda _result: self.message.setText(
                _("The statistics of {month} were saved to {file}.").format(
                    month=month_title(year, month), file=path.name)),
            on_error=self._failed, progress_label=_("Exporting…"))
