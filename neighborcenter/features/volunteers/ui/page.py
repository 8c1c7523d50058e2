"""志愿者: one page with five tabs — the volunteers, the activities (服务活动), the approval
queue (待审核) with the correction requests, the leaderboard (排行榜) and the points ledger
(积分: every account's balance, which together sum to zero)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.volunteers import POINTS, VOLUNTEERS, hours, ledger, people
from neighborcenter.features.volunteers.rules import format_hours
from neighborcenter.features.volunteers.ui.volunteer import star_name
from neighborcenter.features.volunteers.ui.widgets import (
    WarningModel,
    day,
)
from neighborcenter.features.volunteers.ui.widgets import (
    hours as hours_text,
)
from neighborcenter.i18n import _, format_number, ngettext
from neighborcenter.ui.common.dialogs import FormDialog, button, line
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.common.list_tab import empty_hint
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen, chosen_one, fit_columns, rows_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

TAB_KEYS = ("volunteers", "activities", "approval", "leaderboard", "points")


def _short(table: QTableView, rows: int = 2) -> None:
    """A list that may shrink to its header and ``rows`` rows (then it scrolls), so that two
    lists share a tab on a 1366×768 screen in large print."""
    table.setMinimumHeight(table.horizontalHeader().sizeHint().height()
                           + rows * table.verticalHeader().defaultSectionSize()
                           + 2 * table.frameWidth())


def _save_path(parent: QWidget, title: str, name: str, kind: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), kind)
    return Path(path) if path else None


def _open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _Tab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.column = QVBoxLayout(self)

    def reload(self) -> None:
        raise NotImplementedError

    def _update(self, *_args) -> None:
        raise NotImplementedError

    def _list_area(self, model: RowTableModel, open_row: Callable[[str], None], *,
                   many: bool = False) -> None:
        """The tab's list under its buttons: Enter or a double click opens a row by its id;
        a hint when it is empty and the count below."""
        self.table = rows_table(model, many=many)
        self.table.activated.connect(lambda index: open_row(model.row_at(index.row()).id))
        self.empty = empty_hint()
        self.empty.hide()
        self.column.addWidget(self.empty)
        self.column.addWidget(self.table, 1)
        self.count = QLabel()
        self.column.addWidget(self.count)
        self.table.selectionModel().selectionChanged.connect(self._update)
        model.modelReset.connect(self._update)

    def _failed(self, exc: BaseException, label: QLabel) -> None:
        if not isinstance(exc, NCError):
            raise exc
        label.setText(str(exc))


# -------------------------------------------------------------------------- the volunteers

VOLUNTEER_COLUMNS: list[Column[people.VolunteerRow]] = [
    Column(lambda: _("Volunteer number"), lambda v: v.number),
    Column(lambda: _("Name"), lambda v: v.name),
    Column(lambda: _("Sex"), lambda v: v.sex),
    Column(lambda: _("Age"), lambda v: "" if v.age is None else str(v.age), align_right=True),
    Column(lambda: _("Phone"), lambda v: v.phone),
    Column(lambda: _("Teams"), lambda v: v.teams),
    Column(lambda: _("Hours"), lambda v: format_hours(v.minutes), align_right=True),
    Column(lambda: _("Points"), lambda v: str(v.points), align_right=True),
    Column(lambda: _("Star level"), lambda v: star_name(v.stars)),
    Column(lambda: _("State"), lambda v: v.status.label),
    Column(lambda: _("Background check"),
           lambda v: "⚠ " + _("Due") if v.check_due else ""),
]


class VolunteersTab(_Tab):
    #: hidden first to last when the list is too narrow: sex, age, phone, star level, teams
    DROP = (2, 3, 4, 8, 5)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search: name, volunteer number or last digits of "
                                         "the phone"))
        self.search.textChanged.connect(self.run_search)
        self.search.installEventFilter(self)  # ↓ and Enter go into the list
        filters.addWidget(self.search, 1)
        self.team = QComboBox()
        self.team.addItem(_("All teams"), None)
        self.team.currentIndexChanged.connect(self.run_search)
        filters.addWidget(self.team)
        self.include_left = QCheckBox(_("Include those who left"))
        self.include_left.toggled.connect(self.run_search)
        filters.addWidget(self.include_left)
        self.column.addLayout(filters)

        can_edit = ctx.actor.can(Permission.EDIT_VOLUNTEERS)
        buttons = FlowLayout()
        self.new_button = button(buttons, _("&New volunteer…"), self.add_volunteer, can_edit)
        self.open_button = button(buttons, _("&Open profile…"), self.open_selected)
        self.teams_button = button(buttons, _("&Teams…"), self.open_teams)
        self.cards_button = button(buttons, _("&Print cards of the chosen…"),
                                    self.print_cards)
        self.settings_button = button(buttons, _("&Settings for points and hours…"),
                                      self.open_settings,
                                      ctx.actor.can(Permission.MANAGE_SETTINGS))
        self.column.addLayout(buttons)

        self.model = WarningModel(VOLUNTEER_COLUMNS, lambda v: v.check_due, self)
        self._list_area(self.model, self.open_profile, many=True)  # several chosen: cards for each
        self._in_flight = self._again = False
        self._update()
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        if can_edit:
            QShortcut(QKeySequence.StandardKey.New, self, self.add_volunteer)

    def _update(self, *_args) -> None:
        self.open_button.setEnabled(chosen_one(self.table) is not None)
        self.cards_button.setEnabled(bool(chosen(self.table)))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.model.rowCount()):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: people.list_teams(c, actor=actor),
                             on_done=self._show_teams)
        self.run_search()

    def _show_teams(self, teams: list[people.TeamRow]) -> None:
        current = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(_("All teams"), None)
        for t in teams:
            self.team.addItem(t.name, t.id)
        self.team.setCurrentIndex(max(self.team.findData(current), 0))
        self.team.blockSignals(False)

    def run_search(self, *_args) -> None:
        """Search now; while a search runs, once more when it is done (no backlog)."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        query, team_id, left = self.search.text(), self.team.currentData(), \
            self.include_left.isChecked()
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: people.list_volunteers(c, actor=actor, query=query, team_id=team_id,
                                             include_left=left),
            on_done=self._show, on_error=self._search_failed)

    def _search_failed(self, exc: BaseException) -> None:
        self._in_flight = self._again = False
        self._failed(exc, self.count)

    def _show(self, rows: list[people.VolunteerRow]) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            self.run_search()
            return
        keep = chosen_one(self.table)
        self.model.set_rows(rows)
        self.fit()
        if keep is not None:
            for position, row in enumerate(rows):
                if row.id == keep.id:
                    self.table.selectRow(position)
        due = sum(1 for r in rows if r.check_due)
        text = ngettext("{n} volunteer", "{n} volunteers", len(rows)).format(
            n=format_number(len(rows)))
        if due:
            text += "　⚠ " + ngettext(
                "{n} works with children and needs this year's background check",
                "{n} work with children and need this year's background check",
                due).format(n=due)
        self.count.setText(text)
        nobody = not rows
        self.empty.setVisible(nobody)
        if nobody:
            self.empty.setText(
                _("No one matches “{text}”.").format(text=self.search.text().strip())
                if self.search.text().strip() or self.team.currentData() else
                _("No volunteers yet. Add one with “New volunteer…” (Ctrl+N)."))

    def fit(self) -> None:
        fit_columns(self.table, self.DROP)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def open_selected(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.open_profile(row.id)

    def open_profile(self, volunteer_id: str) -> None:
        from neighborcenter.features.volunteers.ui.volunteer import ProfileDialog

        ProfileDialog(self._ctx, volunteer_id, self).exec()

    def add_volunteer(self) -> None:
        from neighborcenter.features.volunteers.ui.volunteer import VolunteerDialog

        dialog = VolunteerDialog(self._ctx, None, self)
        saved = dialog.exec() and dialog.saved_id
        dialog.deleteLater()
        if saved:
            self.open_profile(saved)

    def open_teams(self) -> None:
        from neighborcenter.features.volunteers.ui.teams import TeamsDialog

        TeamsDialog(self._ctx, self).exec()

    def open_settings(self) -> None:
        from neighborcenter.features.volunteers.ui.settings import SettingsDialog

        SettingsDialog(self._ctx, self).exec()

    def print_cards(self) -> None:
        from neighborcenter.features.volunteers import printouts

        ids, actor = [v.id for v in chosen(self.table)], self._ctx.actor
        if not ids:
            return
        path = _save_path(self, _("Print volunteer cards"), _("volunteer cards") + ".pdf",
                          "PDF (*.pdf)")
        if path is None:
            return
        self._ctx.worker.run(
            lambda c: printouts.print_volunteer_cards(c, actor=actor, volunteer_ids=ids,
                                                      path=path),
            on_done=lambda n: _open_file(path), progress_label=_("Printing…"))


# ----------------------------------------------------------------------------- activities


def _deadline(a: hours.ActivityRow) -> str:
    if not a.unrecorded:
        return ""
    if a.deadline < dt.date.today():
        return "⚠ " + _("Not recorded; was due by {day}").format(day=day(a.deadline))
    return "⚠ " + _("Not recorded; due by {day}").format(day=day(a.deadline))


ACTIVITY_COLUMNS: list[Column[hours.ActivityRow]] = [
    Column(lambda: _("Date"), lambda a: day(a.on)),
    Column(lambda: _("Activity"), lambda a: a.name),
    Column(lambda: _("Service category"), lambda a: a.category.label),
    Column(lambda: _("Team"), lambda a: a.team),
    Column(lambda: _("Person in charge"), lambda a: a.person_in_charge),
    Column(lambda: _("People"), lambda a: str(a.people), align_right=True),
    Column(lambda: _("Awaiting approval"), lambda a: str(a.pending) if a.pending else "",
           align_right=True),
    Column(lambda: _("Hours approved"), lambda a: format_hours(a.approved_minutes),
           align_right=True),
    Column(lambda: _("Recording"), _deadline),
]


class ActivitiesTab(_Tab):
    DROP = (4, 2, 3)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        top = FlowLayout()  # wraps in large print rather than widen the window
        self.year = QComboBox()
        this_year = dt.date.today().year
        for year in range(this_year, this_year - 5, -1):
            self.year.addItem(str(year), year)
        self.year.addItem(_("All years"), None)
        self.year.currentIndexChanged.connect(self.reload)
        year_label = QLabel(_("&Year"))
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        can_edit = ctx.actor.can(Permission.EDIT_VOLUNTEERS)
        self.new_button = button(top, _("&New activity…"), self.new_activity, can_edit)
        self.record_button = button(top, _("&Record hours…"), self.open_selected)
        self.edit_button = button(top, _("&Edit activity…"), self.edit_selected, can_edit)
        self.export_button = button(top, _("E&xport hours to Excel…"), self.export,
                                     ctx.actor.can(Permission.EXPORT_PERSONAL_DATA))
        self.column.addLayout(top)
        self.model = WarningModel(ACTIVITY_COLUMNS, lambda a: a.unrecorded, self)
        self._list_area(self.model, self.open_activity)
        self._teams: list[people.TeamRow] = []
        self._update()

    def _update(self, *_args) -> None:
        one = chosen_one(self.table) is not None
        self.record_button.setEnabled(one)
        self.edit_button.setEnabled(one)

    def reload(self, *_args) -> None:
        actor, year = self._ctx.actor, self.year.currentData()
        self._ctx.worker.run(
            lambda c: (hours.list_activities(c, actor=actor, year=year),
                       people.list_teams(c, actor=actor)),
            on_done=lambda result: self._show(*result),
            on_error=lambda exc: self._failed(exc, self.count))

    def _show(self, rows: list[hours.ActivityRow], teams: list[people.TeamRow]) -> None:
        self._teams = teams
        self.model.set_rows(rows)
        fit_columns(self.table, self.DROP)
        late = sum(1 for r in rows if r.unrecorded)
        text = ngettext("{n} activity in the list", "{n} activities in the list",
                        len(rows)).format(n=len(rows))
        if late:
            text += "　⚠ " + ngettext(
                "{n} past activity has no hours recorded yet",
                "{n} past activities have no hours recorded yet", late).format(n=late)
        self.count.setText(text)
        self.empty.setVisible(not rows)
        self.empty.setText(_("No activities in this year yet."))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        fit_columns(self.table, self.DROP)

    def open_selected(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.open_activity(row.id)

    def export(self) -> None:
        """The approved hours of the year chosen (or all), for the national system, with a
        sheet of monthly totals per team."""
        from neighborcenter.features.volunteers import export

        year, actor = self.year.currentData(), self._ctx.actor
        name = _("volunteer hours {year}").format(year=year or _("all years")) + ".xlsx"
        path = _save_path(self, _("Export hours to Excel"), name, "Excel (*.xlsx)")
        if path is None:
            return
        self._ctx.worker.run(
            lambda c: export.export_hours(c, actor=actor, path=path, year=year),
            on_done=lambda n: self.count.setText(ngettext(
                "{n} record exported to {file}.", "{n} records exported to {file}.", n)
                .format(n=n, file=path.name)),
            on_error=lambda exc: self._failed(exc, self.count), progress_label=_("Exporting…"))

    def open_activity(self, activity_id: str) -> None:
        from neighborcenter.features.volunteers.ui.activity import ActivityDialog

        ActivityDialog(self._ctx, activity_id, self).exec()

    def new_activity(self) -> None:
        from neighborcenter.features.volunteers.ui.activity import activity_form_dialog

        dialog = activity_form_dialog(self._ctx, self._teams, None, self)
        if dialog.exec() and dialog.result_value:
            self.open_activity(dialog.result_value)

    def edit_selected(self) -> None:
        row = chosen_one(self.table)
        if row is None:
            return
        from neighborcenter.features.volunteers.ui.activity import activity_form_dialog

        actor, teams = self._ctx.actor, self._teams
        self._ctx.worker.run(
            lambda c: hours.activity_detail(c, actor=actor, activity_id=row.id),
            on_done=lambda detail: activity_form_dialog(self._ctx, teams, detail,
                                                        self).exec())


# ------------------------------------------------------------------------------ approval

PENDING_COLUMNS: list[Column[hours.PendingHours]] = [
    Column(lambda: _("Date"), lambda p: day(p.on)),
    Column(lambda: _("Activity"), lambda p: p.activity),
    Column(lambda: _("Volunteer number"), lambda p: p.number),
    Column(lambda: _("Name"), lambda p: p.name),
    Column(lambda: _("Hours counted"), lambda p: hours_text(p.minutes) if p.minutes is not None
           else "⚠ " + _("Still checked in"), align_right=True),
    Column(lambda: _("Time served"), lambda p: hours_text(p.raw_minutes)
           if p.raw_minutes is not None else "", align_right=True),
    Column(lambda: _("Points"), lambda p: str(p.points), align_right=True),
]
CORRECTION_COLUMNS: list[Column[hours.CorrectionRow]] = [
    Column(lambda: _("Asked on"), lambda c: day(c.requested_on)),
    Column(lambda: _("Name"), lambda c: f"{c.name}（{c.number}）"),
    Column(lambda: _("Activity"), lambda c: f"{day(c.activity_on)} {c.activity}"),
    Column(lambda: _("Recorded"), lambda c: format_hours(c.old_minutes), align_right=True),
    Column(lambda: _("Asked for"), lambda c: format_hours(c.asked_minutes), align_right=True),
    Column(lambda: _("What the volunteer says"), lambda c: c.reason),
]


class ApprovalTab(_Tab):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can_approve = ctx.actor.can(Permission.APPROVE_HOURS)
        self.model = WarningModel(PENDING_COLUMNS, lambda p: p.minutes is None, self)
        self.table = rows_table(self.model, many=True)
        self.table.setToolTip(_("Choose lines with Shift or Ctrl and a click, or Ctrl+A for "
                                "all; each approved line earns its points once."))
        _short(self.table)
        self.column.addWidget(self.table, 3)
        self.empty = empty_hint(_("No hours are waiting for approval."))
        self.empty.hide()
        self.column.addWidget(self.empty)
        row = QHBoxLayout()
        self.all_button = button(row, _("Choose &all"), self.table.selectAll, can_approve)
        self.approve_button = button(row, _("A&pprove the chosen"), self.approve, can_approve)
        self.decline_button = button(row, _("&Decline the chosen…"), self.decline,
                                      can_approve)
        self.message = QLabel("" if can_approve else
                              _("Approving hours needs a social worker or an administrator."))
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.column.addLayout(row)

        box = QGroupBox(_("Correction requests"))
        inner = QHBoxLayout(box)  # the buttons beside the list: the tab is short enough
        self.corrections = RowTableModel(CORRECTION_COLUMNS, self)
        self.correction_table = rows_table(self.corrections)
        _short(self.correction_table)
        inner.addWidget(self.correction_table, 1)
        self.no_corrections = empty_hint(_("No correction is waiting."))
        self.no_corrections.hide()
        inner.addWidget(self.no_corrections, 1)
        side = QVBoxLayout()
        self.accept_button = button(side, _("&Correct as asked…"), self.accept_correction,
                                     can_approve)
        self.refuse_button = button(side, _("&Refuse…"), self.refuse_correction, can_approve)
        side.addStretch(1)
        inner.addLayout(side)
        self.column.addWidget(box, 2)
        for table, model in ((self.table, self.model),
                             (self.correction_table, self.corrections)):
            table.selectionModel().selectionChanged.connect(self._update)
            model.modelReset.connect(self._update)
        self._update()

    def _update(self, *_args) -> None:
        some = bool(self.table.selectionModel().selectedRows())
        self.approve_button.setEnabled(some)
        self.decline_button.setEnabled(some)
        self.all_button.setEnabled(self.model.rowCount() > 0)
        one = chosen_one(self.correction_table) is not None
        self.accept_button.setEnabled(one)
        self.refuse_button.setEnabled(one)

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: (hours.approval_queue(c, actor=actor),
                                        hours.list_corrections(c, actor=actor)),
                             on_done=lambda result: self._show(*result),
                             on_error=lambda exc: self._failed(exc, self.message))

    waiting_did_change: Any = None  # set by the page: the tab's title shows the count

    def _show(self, pending: list[hours.PendingHours],
              corrections: list[hours.CorrectionRow]) -> None:
        self.model.set_rows(pending)
        fit_columns(self.table, (5, 2))
        self.table.setVisible(bool(pending))
        self.empty.setVisible(not pending)
        self.corrections.set_rows(corrections)
        self.correction_table.resizeColumnsToContents()
        self.correction_table.setVisible(bool(corrections))
        self.no_corrections.setVisible(not corrections)
        if self.waiting_did_change is not None:
            self.waiting_did_change(len(pending) + len(corrections))

    def approve(self) -> None:
        ids, actor = [p.record_id for p in chosen(self.table)], self._ctx.actor
        if not ids:
            return
        self._ctx.worker.run(lambda c: hours.approve_hours(c, actor=actor, record_ids=ids),
                             on_done=lambda result: self.message.setText(
                                 hours.describe_decided(result)),
                             on_error=lambda exc: self._failed(exc, self.message))

    def decline_dialog(self) -> FormDialog:
        rows = chosen(self.table)
        ids, actor = [p.record_id for p in rows], self._ctx.actor

        def job(v):
            return lambda c: hours.decline_hours(c, actor=actor, record_ids=ids,
                                                 reason=v["reason"])

        return FormDialog(self._ctx, _("Decline hours"), [
            ("reason", _("Reason"), line(placeholder=_("e.g. 未到岗, 时长有误")))], job, self,
            note=ngettext("{n} record is declined; the volunteer sees the reason.",
                          "{n} records are declined; the volunteers see the reason.",
                          len(ids)).format(n=len(ids)), action=_("Decline"))

    def decline(self) -> None:
        if chosen(self.table):
            self.decline_dialog().exec()

    def _decide(self, accept: bool) -> None:
        c_row, actor = chosen_one(self.correction_table), self._ctx.actor
        if c_row is None:
            return

        def job(v):
            return lambda c: hours.decide_correction(c, actor=actor, correction_id=c_row.id,
                                                     accept=accept, note=v["note"])

        note = (_("{name}'s hours at {activity} become {new} h instead of {old} h; points "
                  "already earned are adjusted.") if accept else
                _("{name}'s hours at {activity} stay {old} h. Say why."))
        FormDialog(self._ctx, _("Correct the hours") if accept else _("Refuse the correction"),
                   [("note", _("Note"), line())], job, self,
                   note=note.format(name=c_row.name, activity=c_row.activity,
                                    new=format_hours(c_row.asked_minutes),
                                    old=format_hours(c_row.old_minutes)),
                   action=_("Correct") if accept else _("Refuse")).exec()

    def accept_correction(self) -> None:
        self._decide(True)

    def refuse_correction(self) -> None:
        self._decide(False)


# ---------------------------------------------------------------------------- leaderboard

LEADER_COLUMNS: list[Column[hours.LeaderRow]] = [
    Column(lambda: _("Rank"), lambda r: str(r.rank), align_right=True),
    Column(lambda: _("Volunteer number"), lambda r: r.number),
    Column(lambda: _("Name"), lambda r: r.name),
    Column(lambda: _("Hours"), lambda r: format_hours(r.minutes), align_right=True),
    Column(lambda: _("Star level"), lambda r: star_name(r.stars)),
]


class LeaderboardTab(_Tab):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        top = QHBoxLayout()
        self.year = QComboBox()
        this_year = dt.date.today().year
        for year in range(this_year, this_year - 5, -1):
            self.year.addItem(str(year), year)
        self.year.addItem(_("All time"), None)
        self.year.currentIndexChanged.connect(self.reload)
        top.addWidget(QLabel(_("Hours approved in")))
        top.addWidget(self.year)
        top.addStretch(1)
        self.column.addLayout(top)
        self.model = RowTableModel(LEADER_COLUMNS, self)
        self.table = rows_table(self.model)
        self.column.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.column.addWidget(self.note)

    def reload(self, *_args) -> None:
        actor, year = self._ctx.actor, self.year.currentData()
        self._ctx.worker.run(lambda c: hours.leaderboard(c, actor=actor, year=year),
                             on_done=self._show,
                             on_error=lambda exc: self._failed(exc, self.note))

    def _show(self, rows: list[hours.LeaderRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.note.setText(_("Star levels count all the hours approved so far, whatever the "
                            "year shown.") if rows else _("No hours approved in this time."))


# ------------------------------------------------------------------------------- points

def _is_centre(a: ledger.AccountBalance) -> bool:
    return a.number is None


def _balance(a: ledger.AccountBalance) -> str:
    """A volunteer's balance is never below 0 (the ledger refuses it): one that is, is a
    fault, said in words. The centre's own accounts are below 0 by nature (issued points)."""
    text = format_number(a.balance)
    if a.balance < 0 and not _is_centre(a):
        return "⚠ " + _("{balance} (below 0: run the database check)").format(balance=text)
    return text


BALANCE_COLUMNS: list[Column[ledger.AccountBalance]] = [
    Column(lambda: _("Kind of account"),
           lambda a: _("Centre account") if _is_centre(a) else _("Volunteer")),
    Column(lambda: _("Account"), lambda a: a.label),
    Column(lambda: _("Volunteer number"), lambda a: a.number or ""),
    Column(lambda: _("Balance"), _balance, align_right=True),
]


class BalanceModel(WarningModel):
    """The centre's own accounts in bold, above the volunteers' (a normal state: no warning
    colour); the warning colour only for a volunteer below 0, beside its words."""

    def __init__(self, parent=None) -> None:
        super().__init__(BALANCE_COLUMNS, lambda a: a.balance < 0 and not _is_centre(a),
                         parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.FontRole and index.isValid()
                and _is_centre(self.row_at(index.row()))):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class PointsTab(_Tab):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        explain = QLabel(_("Every movement of points goes from one account to another, so all "
                           "the balances, the centre's own accounts included, add up to 0."))
        explain.setWordWrap(True)
        self.column.addWidget(explain)
        self.total = QLabel()
        self.total.setObjectName("sectionValue")
        self.column.addWidget(self.total)
        self.fault = error_label()  # only when the ledger does not sum to 0: in words, in red
        self.column.addWidget(self.fault)
        self.model = BalanceModel(self)
        self.table = rows_table(self.model)
        self.table.activated.connect(lambda index: self.open_statement())
        self.column.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.statement_button = button(row, _("&Statement…"), self.open_statement)
        self.expire_button = button(row, _("E&xpire old points…"), self.expire,
                                     ctx.actor.can(Permission.APPROVE_HOURS))
        row.addStretch(1)
        self.column.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.column.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self._update()

    def _update(self, *_args) -> None:
        row = chosen_one(self.table)
        self.statement_button.setEnabled(row is not None and row.number is not None)

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: ledger.ledger_balances(c, actor=actor),
                             on_done=self._show,
                             on_error=lambda exc: self._failed(exc, self.message))

    def _show(self, balances: ledger.LedgerBalances) -> None:
        self.model.set_rows(balances.accounts)
        self.table.resizeColumnsToContents()
        self.total.setText(_("Sum of all balances: {total} · {entries} entries").format(
            total=format_number(balances.total), entries=format_number(balances.entries)))
        self.fault.hide()
        if balances.total != 0:
            show_in(self.fault, "⚠ " + _("The balances must add up to 0: run the database "
                                         "check."))

    def open_statement(self) -> None:
        row = chosen_one(self.table)
        if row is None or row.number is None:
            return
        from neighborcenter.features.volunteers.ui.volunteer import ProfileDialog

        ProfileDialog(self._ctx, row.number, self).exec()  # by number: it finds the id

    def expire(self) -> None:
        if not confirm(self, _("Expire old points"),
                       _("Points older than the centre's period expire now, oldest first. "
                         "Each expiry stays in the ledger. Go on?")):
            return
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: ledger.expire_points(c, actor=actor),
            on_done=lambda r: self.message.setText(ngettext(
                "{points} points of {n} volunteer expired.",
                "{points} points of {n} volunteers expired.", r.volunteers).format(
                points=r.points, n=r.volunteers)),
            on_error=lambda exc: self._failed(exc, self.message))


# ---------------------------------------------------------------------------------- page


class VolunteersPage(Page):
    kinds = frozenset({VOLUNTEERS, POINTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Volunteers"))
        self.tabs = QTabWidget()
        self.volunteers_tab = VolunteersTab(ctx)
        self.activities_tab = ActivitiesTab(ctx)
        self.approval_tab = ApprovalTab(ctx)
        self.leaderboard_tab = LeaderboardTab(ctx)
        self.points_tab = PointsTab(ctx)
        self._tabs: dict[str, _Tab] = dict(zip(TAB_KEYS, (
            self.volunteers_tab, self.activities_tab, self.approval_tab, self.leaderboard_tab,
            self.points_tab), strict=True))
        for key, tab in self._tabs.items():
            self.tabs.addTab(tab, self._title(key))
        self.approval_tab.waiting_did_change = self._waiting
        self.body.addWidget(self.tabs, 1)
        self._dirty: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setFocusProxy(self.volunteers_tab.search)

    @staticmethod
    def _title(key: str, waiting: int = 0) -> str:
        titles = {"volunteers": _("Volunteers"), "activities": _("Service activities"),
                  "approval": _("Awaiting approval"), "leaderboard": _("Leaderboard"),
                  "points": _("Points")}
        if key == "approval" and waiting:
            return _("{title} ({n})").format(title=titles[key], n=waiting)
        return titles[key]

    def _waiting(self, n: int) -> None:
        self.tabs.setTabText(TAB_KEYS.index("approval"), self._title("approval", n))

    def current_key(self) -> str:
        return TAB_KEYS[self.tabs.currentIndex()]

    def reload(self) -> None:
        """Read the tab in view now; the others when they are shown. The approval tab is
        read too: its title counts what is waiting."""
        self._dirty = set(TAB_KEYS)
        self._tab_shown()
        if "approval" in self._dirty:
            self._dirty.discard("approval")
            self.approval_tab.reload()

    def _tab_shown(self, *_args) -> None:
        key = self.current_key()
        if key in self._dirty:
            self._dirty.discard(key)
            self._tabs[key].reload()

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def show_view(self, filters: Any, caption: str) -> None:
        """A card or a line of the home page: {"tab": "approval"} opens the approval queue
        (also "activities", "volunteers", "leaderboard", "points")."""
        key = (filters or {}).get("tab", "volunteers") if isinstance(filters, dict) \
            else "volunteers"
        self.show_tab(key if key in TAB_KEYS else "volunteers")
        self._tabs[self.current_key()].setFocus()
