"""值班: who is on duty on a class day (volunteers — only with a current, clear background
check — and social workers), how long each duty counts for, taking someone off duty, and
reopening a closed day to correct it. A day without class says why."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from neighborcenter.core.roles import Permission
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import settings as class_settings
from neighborcenter.features.classroom.rules import DutyRole
from neighborcenter.features.classroom.ui.manage_base import (
    ClassFormDialog,
    ManageTab,
    NameBox,
    day,
    labelled,
    unmatched,
)
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import VolunteerStatus
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    combo,
    fit_placeholder,
    line,
    number_box,
)
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, select_where
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return ngettext("{h} hour", "{h} hours", hours).format(h=hours)
    if not hours:
        return ngettext("{m} minute", "{m} minutes", rest).format(m=rest)
    return _("{h} h {m} min").format(h=hours, m=rest)


DUTY_COLUMNS: list[Column[days.DutyRow]] = [
    Column(lambda: _("Name"), lambda d: d.name),
    Column(lambda: _("On duty as"), lambda d: d.role.label),
    Column(lambda: _("Counts for"), lambda d: minutes_text(d.minutes), align_right=True),
    Column(lambda: _("Volunteer or staff"), lambda d: _("Volunteer") if d.volunteer_id
           else _("Staff")),
]


def duty_dialog(ctx: AppContext, on: dt.date, *, volunteers: list[tuple[str, str]] | None = None,
                staff: list[days.StaffRow] | None = None, usual_minutes: int = 150,
                parent=None) -> ClassFormDialog:
    """A volunteer (``volunteers``: their lines and ids) or a social worker (``staff``) put on
    duty on the day ``on``, with how long the duty counts for."""
    actor = ctx.actor
    minutes = fit_placeholder(line(placeholder=_("empty: {n} minutes").format(
        n=usual_minutes)))
    fields: list[tuple[str, str, QWidget]]
    if volunteers is not None:
        who = NameBox(volunteers)
        fields = [("volunteer_id", _("Vol&unteer"), who),
                  ("role", _("&Role"), combo([(r.label, r) for r in
                                                    (DutyRole.TUTOR, DutyRole.ESCORT)]))]
        title = _("A volunteer on duty on {day}").format(day=day(on))
        note = _("A volunteer works with the children only with a clear background check of "
                 "the last year (未成年人保护法 art. 62). Their hours are credited when the "
                 "day is closed.")
    else:
        who = NameBox([(f"{s.name}（{s.username}）", s.username) for s in staff or []])
        fields = [("staff_username", _("Social &worker"), who)]
        title = _("A social worker on duty on {day}").format(day=day(on))
        note = _("Staff on duty see the children's health notes without each view being "
                 "written to the audit log.")
    fields.append(("minutes", _("Counts for (&minutes)"), minutes))

    def job(v):
        def run(c):
            if volunteers is not None:
                unmatched(who, "volunteer_id", _("No serving volunteer is called “{text}”: "
                                                 "choose one from the list."))
                if v["volunteer_id"] is None:
                    raise ValidationError(_("Choose the volunteer."), field="volunteer_id")
                return days.add_duty(c, actor=actor, on=on, role=v["role"],
                                     volunteer_id=v["volunteer_id"], minutes=v["minutes"])
            unmatched(who, "staff_username", _("No member of staff is called “{text}”: "
                                               "choose one from the list."))
            if v["staff_username"] is None:
                raise ValidationError(_("Choose the social worker."), field="staff_username")
            return days.add_duty(c, actor=actor, on=on, role=DutyRole.STAFF,
                                 staff_username=v["staff_username"], minutes=v["minutes"])
        return run

    return ClassFormDialog(ctx, title, fields, job, parent, note=note,
                           action=_("Put on duty"))


def reopen_dialog(ctx: AppContext, on: dt.date, parent=None) -> ClassFormDialog:
    actor = ctx.actor

    def job(v):
        return lambda c: days.reopen_day(c, actor=actor, on=on, reason=v["reason"])

    return ClassFormDialog(ctx, _("Reopen the class day of {day}").format(day=day(on)), [
        ("reason", _("&Reason"), line(
            placeholder=_("e.g. entering the paper sign-in sheet from the power cut"))),
    ], job, parent, note=_("The day can then be corrected; close it again afterwards. The "
                           "hours of those on duty are brought up to date, never counted "
                           "twice."), action=_("Reopen the day"))


class DutyTab(ManageTab):
    DROP = (3,)  # kind

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        can_choose = ctx.actor.can(Permission.VIEW_VOLUNTEERS)
        top = FlowLayout()
        self.on = line(dt.date.today().isoformat(), _("e.g. 2026-01-31"))
        self.on.returnPressed.connect(self.show_day)
        number_box(self.on, 11).setAlignment(Qt.AlignmentFlag.AlignLeft)  # a short box
        top.addWidget(labelled(_("&Day"), self.on))
        self.show_button = button(top, _("S&how the day"), self.show_day)
        self.volunteer_button = button(top, _("Add a vol&unteer…"), self.add_volunteer,
                                       can_choose)
        self.staff_button = button(top, _("Add a &social worker…"), self.add_staff)
        self.remove_button = button(top, _("&Take off duty…"), self.take_off)
        self.reopen_button = button(top, _("&Reopen the day…"), self.reopen)
        self.column.addLayout(top)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.column.addWidget(self.state)
        self.list_area(RowTableModel(DUTY_COLUMNS, self), lambda _row: None)
        self.view: days.DayView | None = None
        self._volunteers: list[tuple[str, str]] = []
        self._staff: list[days.StaffRow] = []
        self._usual = class_settings.ClassSettings().duty_minutes
        self._update()

    # -- reading
    def show_day(self) -> None:
        self.message.hide()
        self.reload()

    def day_typed(self) -> str:
        return self.on.text().strip()

    def reload(self) -> None:
        actor, typed = self._ctx.actor, self.day_typed()
        names = actor.can(Permission.VIEW_VOLUNTEERS)

        def job(c):
            on = parse_date_text(typed, field="on", label=_("The day")) or dt.date.today()
            view = days.day_view(c, actor=actor, on=on)
            volunteers = people.list_volunteers(c, actor=actor) if names else []
            return (view, volunteers, days.duty_staff(c, actor=actor),
                    class_settings.get_class_settings(c, actor=actor).duty_minutes)

        self._ctx.worker.run(job, on_done=lambda result: self._show(*result),
                             on_error=self._not_read)

    def _not_read(self, exc: BaseException) -> None:
        self.view = None
        self.model.set_rows([])
        self.state.clear()
        self.refused(exc)

    def _show(self, view: days.DayView, volunteers: list[people.VolunteerRow],
              staff: list[days.StaffRow], usual: int) -> None:
        self.view, self._staff, self._usual = view, staff, usual
        self._volunteers = [(f"{v.name}（{v.number}）", v.id) for v in volunteers
                            if v.status == VolunteerStatus.ACTIVE]
        self.on.setText(view.on.isoformat())
        keep = chosen_one(self.table)
        self.model.set_rows(list(view.duties))
        self.fit()
        if keep is not None:
            select_where(self.table, lambda d: d.duty_id == keep.duty_id)
        if not view.runs:
            self.state.setText(_("{day}: no class. {why}").format(day=day(view.on),
                                                                  why=view.why_not))
        elif view.closed_at is not None:
            self.state.setText(_("{day}, {term}: closed at {time} by {who}. Reopen it to "
                                 "change who was on duty.").format(
                day=day(view.on), term=view.term, time=f"{view.closed_at:%H:%M}",
                who=view.closed_by or ""))
        else:
            self.state.setText(_("{day}, {term}: class {start}–{end}.").format(
                day=day(view.on), term=view.term, start=view.starts_at, end=view.closes_at))
        n = len(view.duties)
        self.count.setText(ngettext("{n} on duty", "{n} on duty", n).format(n=n))
        self.empty.setText(_("Nobody is on duty that day yet.") if view.runs
                           else _("No class that day."))
        self.empty.setVisible(not view.duties)
        self._update()

    def _update(self, *_args) -> None:
        if not hasattr(self, "reopen_button"):
            return
        view = getattr(self, "view", None)
        open_day = view is not None and view.runs and view.closed_at is None
        self.volunteer_button.setEnabled(open_day)
        self.staff_button.setEnabled(open_day)
        self.remove_button.setEnabled(open_day and chosen_one(self.table) is not None)
        self.reopen_button.setEnabled(view is not None and view.closed_at is not None)

    # -- actions
    def _run_dialog(self, dialog: FormDialog, done: str) -> None:
        if dialog.exec():
            self.say(done)
        dialog.deleteLater()

    def add_volunteer(self) -> None:
        if self.view is None:
            return
        self._run_dialog(duty_dialog(self._ctx, self.view.on, volunteers=self._volunteers,
                                     usual_minutes=self._usual, parent=self),
                         _("On duty: saved."))

    def add_staff(self) -> None:
        if self.view is None:
            return
        self._run_dialog(duty_dialog(self._ctx, self.view.on, staff=self._staff,
                                     usual_minutes=self._usual, parent=self),
                         _("On duty: saved."))

    def take_off(self) -> None:
        duty = chosen_one(self.table)
        if duty is None or self.view is None:
            return
        if not confirm(self, _("Take off duty"), _("Take {name} off duty on {day}?").format(
                name=duty.name, day=day(self.view.on))):
            return
        actor, duty_id = self._ctx.actor, duty.duty_id
        self._ctx.worker.run(lambda c: days.remove_duty(c, actor=actor, duty_id=duty_id),
                             on_done=lambda _r: self.say(_("{name} is no longer on duty.")
                                                         .format(name=duty.name)),
                             on_error=self.refused)

    def reopen(self) -> None:
        if self.view is None:
            return
        self._run_dialog(reopen_dialog(self._ctx, self.view.on, self),
                         _("The day is open again: correct it, then close it again."))
