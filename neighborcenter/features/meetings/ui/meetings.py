"""会议: the meetings, latest first. 新会议 plans one (its type gives the quorum and decision
rules); 取消 calls one off with the reason (its topics go back to 'accepted'); Enter or 打开
opens its detail: the agenda, the people and attendance, the minutes (minutes.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QDialog

from neighborcenter.core.roles import Permission
from neighborcenter.features.meetings import meetings
from neighborcenter.features.meetings.meetings import MeetingDetail, MeetingForm, MeetingRow
from neighborcenter.features.meetings.rules.meeting import MeetingType
from neighborcenter.features.meetings.rules.minutes import MinutesState
from neighborcenter.i18n import _, pgettext
from neighborcenter.ui.common.dialogs import button, combo, fit_placeholder, line, number_box
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, select_where
from neighborcenter.ui.context import AppContext

from .base import MeetFormDialog, MeetTab, date_text, day, text_box


def state_of(m: MeetingRow) -> str:
    if m.cancelled:
        return pgettext("meeting", "Cancelled")
    if m.minutes_state == MinutesState.APPROVED:
        return m.minutes_state.label
    if m.held:
        return pgettext("meeting", "Held, minutes in draft")
    return pgettext("meeting", "Planned")


def when(m: MeetingRow) -> str:
    local = m.starts_at.astimezone()
    return f"{day(local.date())} {local:%H:%M}"


MEETING_COLUMNS: list[Column[MeetingDetail]] = [
    Column(lambda: _("Number"), lambda d: d.meeting.number),
    Column(lambda: _("Date"), lambda d: when(d.meeting), lambda d: d.meeting.starts_at),
    Column(lambda: _("Type"), lambda d: d.meeting.kind_label),
    Column(lambda: _("Title"), lambda d: d.meeting.title),
    Column(lambda: pgettext("meeting", "State"), lambda d: state_of(d.meeting)),
]


class MeetingDialog(MeetFormDialog):
    """新会议 (or its details changed while its minutes are a draft)."""

    def __init__(self, ctx: AppContext, today: dt.date, meeting: MeetingRow | None = None,
                 parent=None) -> None:
        actor = ctx.actor
        m = meeting
        local = m.starts_at.astimezone() if m else None
        self.kind = combo([(k.label, k) for k in MeetingType], m.kind if m else None)
        self.urgent = QCheckBox(_("Called at short notice (&urgent)"))
        fields = [
            ("kind", _("&Type"), self.kind),
            ("kind_name", _("Type &name"), line(m.kind_label if m and m.kind ==
                                                MeetingType.OTHER else "",
                                                _("only for another type of meeting"))),
            ("title", _("T&itle"), fit_placeholder(line(m.title if m else "",
                                                        _("required, e.g. 垃圾投放点迁移议事会")))),
            ("on", _("&Day"), line(date_text(local.date()) if local else "",
                                   _("e.g. 2026-01-31"))),
            ("at", _("Ti&me"), number_box(line(f"{local:%H:%M}" if local else "14:30"), 6)),
            ("place", _("&Place"), line(m.place if m else "", _("required"))),
            ("convenor", _("&Convenor"), line(m.convenor if m else "", _("required"))),
            ("facilitator", _("Facilitating &organisation"), line(m.facilitator if m else "")),
            ("recorder", _("&Recorder"), line(m.recorder if m else "")),
            ("notice_days", _("Notice da&ys"), number_box(line(str(m.notice_days) if m else "3"),
                                                          4)),
            ("urgent", "", self.urgent),
            ("entitled", _("Members &entitled to vote"), number_box(line(), 6)),
            ("notes", _("Note&s"), text_box(m.notes if m else "", 2)),
        ]
        meeting_id = m.id if m else None

        def job(v):
            form = MeetingForm(kind=v["kind"], title=v["title"], on=v["on"], at=v["at"],
                               place=v["place"], convenor=v["convenor"],
                               kind_name=v["kind_name"], facilitator=v["facilitator"],
                               recorder=v["recorder"], notice_days=v["notice_days"],
                               urgent=v["urgent"], entitled=v["entitled"], notes=v["notes"],
                               id=meeting_id)
            return lambda c: meetings.save_meeting(c, actor=actor, form=form, today=today)

        super().__init__(ctx, _("Meeting {number}").format(number=m.number) if m
                         else _("New meeting"), fields, job, parent)


class MeetingsTab(MeetTab):
    DROP = (2, 0)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        may = ctx.actor.can(Permission.RECORD_MEETINGS)
        row = FlowLayout()
        self.new_button = button(row, _("&New meeting"), self.new_meeting, shown=may)
        self.open_button = button(row, _("&Open"), self.open_chosen)
        self.cancel_button = button(row, _("&Cancel the meeting…"), self.cancel_meeting,
                                    shown=may)
        self.column.addLayout(row)
        self.list_area(RowTableModel(MEETING_COLUMNS, self), self.open_meeting)
        self.editor: QDialog | None = None  # the meeting open (tests look at it)
        self._update()

    def reload(self) -> None:
        actor = self._ctx.actor
        self.run(lambda c: meetings.list_meetings(c, actor=actor), self._shown)

    def _shown(self, rows: list[MeetingDetail]) -> None:
        self.show_rows(rows)
        self.empty.setVisible(not rows)
        self.count.setText(_("{n} meetings").format(n=len(rows)))

    def show_rows(self, rows: list, *, first: bool = True) -> None:
        keep = chosen_one(self.table)
        self.model.set_rows(rows)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda d: d.meeting.id == keep.meeting.id)
        if first and rows and chosen_one(self.table) is None:
            self.table.selectRow(0)

    def _update(self, *_args) -> None:
        chosen = chosen_one(self.table)
        self.open_button.setEnabled(chosen is not None)
        self.cancel_button.setEnabled(
            chosen is not None and not chosen.meeting.cancelled
            and chosen.meeting.minutes_state == MinutesState.DRAFT)

    def new_meeting(self) -> None:
        dialog = MeetingDialog(self._ctx, self.today(), parent=self)
        if self.run_dialog(dialog) and dialog.result_value is not None:
            m = dialog.result_value.meeting
            self.say(_("Meeting {number} planned.").format(number=m.number))
            self.reload()

    def cancel_meeting(self) -> None:
        chosen = chosen_one(self.table)
        if chosen is None:
            return
        m, actor, today = chosen.meeting, self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("Cancel {number}").format(number=m.number),
            [("reason", _("&Reason"), fit_placeholder(line("", _("required"))))],
            lambda v: lambda c: meetings.cancel_meeting(c, actor=actor, meeting_id=m.id,
                                                        reason=v["reason"], on=today),
            self, action=_("Cancel the &meeting"),
            note=_("Its topics go back to 'accepted'."))
        if self.run_dialog(dialog) == MeetFormDialog.DialogCode.Accepted:
            self.say(_("Meeting {number} cancelled.").format(number=m.number))
            self.reload()

    def open_chosen(self) -> None:
        chosen = chosen_one(self.table)
        if chosen is not None:
            self.open_meeting(chosen)

    def open_meeting(self, detail: MeetingDetail | str) -> None:
        """The meeting's detail and minutes (a row of the list, or a meeting's id)."""
        from .minutes import MinutesEditor

        meeting_id = detail if isinstance(detail, str) else detail.meeting.id
        editor = MinutesEditor(self._ctx, meeting_id, today=self.today(), parent=self)
        editor.ask = self.ask
        editor.run_dialog = self.run_dialog
        self.editor = editor
        self.run_dialog(editor)
        if not editor.isVisible():  # closed (a test may keep it open to work in it)
            editor.deleteLater()
        self.reload()
