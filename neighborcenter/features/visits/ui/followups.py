"""跟进事项: the follow-ups (需求转介) found on visits — what is to be done, who does it, by
when — sorted by owner or by due date, the overdue ones marked in words (not colour alone);
each is closed as done (with what came of it) or cancelled (with why), and its visit can be
opened."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from neighborcenter.core.roles import Permission
from neighborcenter.features.visits import records
from neighborcenter.features.visits.rules import FollowUpStatus
from neighborcenter.features.visits.ui.lists import (
    WARNING,
    ColouredModel,
    day,
)
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import FormDialog, button, line, today_line
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import chosen_one
from neighborcenter.ui.context import AppContext

BY_OWNER, BY_DUE = "owner", "due"


def state_text(f: records.FollowUpRow, today: dt.date) -> str:
    """待办, ⚠ 逾期 3 天, 已办结 12月3日: the state in words."""
    if f.status == FollowUpStatus.OPEN:
        if f.overdue(today):
            late = (today - f.due_on).days
            return "⚠ " + ngettext("Overdue by {n} day", "Overdue by {n} days",
                                   late).format(n=late)
        return f.status.label
    return _("{status} on {day}").format(status=f.status.label, day=day(f.closed_on))


def columns(today: dt.date) -> list[Column[records.FollowUpRow]]:
    return [
        Column(lambda: _("Owner"), lambda f: f.owner),
        Column(lambda: _("Due by"), lambda f: day(f.due_on), lambda f: f.due_on),
        Column(lambda: _("State"), lambda f: state_text(f, today)),
        Column(lambda: _("Elder"), lambda f: f.name),
        Column(lambda: _("What is to be done"), lambda f: f.description),
        Column(lambda: _("Visit of"), lambda f: day(f.visit_on), lambda f: f.visit_on),
        Column(lambda: _("Outcome"), lambda f: f.outcome),
    ]


class FollowUpsTab(ListTab):
    """The open follow-ups (and, when asked, the closed ones), by owner or by due date."""

    #: hidden first to last when the list is too narrow: visit date, outcome, state
    DROP = (5, 6)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self._rows: list[records.FollowUpRow] = []
        self._today = dt.date.today()
        top = FlowLayout()  # wraps in large print rather than widen the window
        self.order = QComboBox()
        self.order.addItem(_("By owner"), BY_OWNER)
        self.order.addItem(_("By due date"), BY_DUE)
        self.order.currentIndexChanged.connect(self._show_rows)
        order_label = QLabel(_("S&ort"))
        order_label.setBuddy(self.order)
        top.addWidget(order_label)
        top.addWidget(self.order)
        self.owner = QComboBox()
        self.owner.addItem(_("All owners"), None)
        self.owner.currentIndexChanged.connect(self._show_rows)
        owner_label = QLabel(_("O&wner"))
        owner_label.setBuddy(self.owner)
        top.addWidget(owner_label)
        top.addWidget(self.owner)
        self.closed = QCheckBox(_("Show the &closed ones"))
        self.closed.toggled.connect(self.reload)
        top.addWidget(self.closed)
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        self.done_button = button(top, _("&Done…"), self.close_done, can_record)
        self.cancel_button = button(top, _("Ca&ncel it…"), self.close_cancelled, can_record)
        self.visit_button = button(top, _("&Go to the visit…"), self.open_visit)
        self.column.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.column.addWidget(self.summary)
        today = self._today
        self.list_area(ColouredModel(
            columns(today), lambda f, _c: WARNING if f.overdue(today) else None, self),
            lambda f: self._open(f))
        self._update()

    def _update(self, *_args) -> None:
        row = chosen_one(self.table)
        is_open = row is not None and row.status == FollowUpStatus.OPEN
        self.done_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)
        self.visit_button.setEnabled(row is not None)

    def reload(self, *_args) -> None:
        actor, open_only = self._ctx.actor, not self.closed.isChecked()
        self._ctx.worker.run(lambda c: records.list_follow_ups(c, actor=actor,
                                                               open_only=open_only),
                             on_done=self._show, on_error=self.failed)

    def _show(self, rows: list[records.FollowUpRow]) -> None:
        self._rows = rows
        self._today = dt.date.today()
        owner = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(_("All owners"), None)
        for name in sorted({r.owner for r in rows}):
            self.owner.addItem(name, name)
        self.owner.setCurrentIndex(max(self.owner.findData(owner), 0))
        self.owner.blockSignals(False)
        self._show_rows()

    def _show_rows(self, *_args) -> None:
        today, owner = self._today, self.owner.currentData()
        rows = [r for r in self._rows if owner is None or r.owner == owner]
        if self.order.currentData() == BY_OWNER:
            rows.sort(key=lambda r: (r.owner, r.status != FollowUpStatus.OPEN, r.due_on,
                                     r.name))
        else:
            rows.sort(key=lambda r: (r.status != FollowUpStatus.OPEN, r.due_on, r.owner,
                                     r.name))
        self.show_rows(rows, first=False)
        open_rows = [r for r in rows if r.status == FollowUpStatus.OPEN]
        late = [r for r in open_rows if r.overdue(today)]
        text = ngettext("{n} open follow-up", "{n} open follow-ups",
                        len(open_rows)).format(n=len(open_rows))
        if late:
            text += "　⚠ " + ngettext("{n} is overdue", "{n} are overdue",
                                      len(late)).format(n=len(late))
        self.count.setText(text)
        # by owner: how much each has, and how much of it is late
        owners: dict[str, list[records.FollowUpRow]] = {}
        for r in open_rows:
            owners.setdefault(r.owner, []).append(r)
        parts = []
        for name, theirs in sorted(owners.items()):
            overdue = sum(1 for r in theirs if r.overdue(today))
            part = _("{owner}: {n}").format(owner=name, n=len(theirs))
            if overdue:
                part += _(" (⚠ {n} overdue)").format(n=overdue)
            parts.append(part)
        self.summary.setText("　·　".join(parts))
        self.summary.setVisible(bool(parts))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.empty.setText(_("No follow-up is open.") if not self.closed.isChecked()
                           else _("No follow-ups recorded yet."))

    # -- actions
    def close_dialog(self, status: FollowUpStatus) -> FormDialog | None:
        """办结 (what came of it, on which day) or 取消 (why) for the follow-up chosen."""
        row = chosen_one(self.table)
        if row is None or row.status != FollowUpStatus.OPEN:
            return None
        actor, done = self._ctx.actor, status == FollowUpStatus.DONE

        def job(v):
            return lambda c: records.close_follow_up(
                c, actor=actor, follow_up_id=row.id, status=status, outcome=v["outcome"],
                on=v.get("on"))

        fields = [("outcome", _("What came of it") if done else _("Why"),
                   line(placeholder=_("e.g. 已申请，等待街道审批") if done else
                        _("e.g. 老人不再需要")))]
        if done:
            fields.append(("on", _("Done on"), today_line()))
        note = _("{elder}: {what} ({owner}, by {day})").format(
            elder=row.name, what=row.description, owner=row.owner, day=day(row.due_on))
        return FormDialog(self._ctx, _("Follow-up done") if done else _("Cancel a follow-up"),
                          fields, job, self, note=note,
                          action=_("Mark as done") if done else _("Cancel the follow-up"))

    def _close(self, status: FollowUpStatus) -> None:
        dialog = self.close_dialog(status)
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def close_done(self) -> None:
        self._close(FollowUpStatus.DONE)

    def close_cancelled(self) -> None:
        self._close(FollowUpStatus.CANCELLED)

    def _open(self, row: records.FollowUpRow) -> None:
        from neighborcenter.features.visits.ui.record import VisitDialog

        dialog = VisitDialog(self._ctx, visit_id=row.visit_id, parent=self)
        dialog.exec()
        dialog.deleteLater()

    def open_visit(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self._open(row)
