"""服务活动: an activity's record, and its hours — check-in and check-out, or one time typed
once for everyone chosen ("record once for all 12 people")."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.volunteers import VOLUNTEERS, hours, people
from neighborcenter.features.volunteers.rules import HoursStatus, ServiceCategory, format_hours
from neighborcenter.features.volunteers.ui.widgets import (
    ShortTable,
    WarningModel,
    day,
)
from neighborcenter.features.volunteers.ui.widgets import hours as hours_text
from neighborcenter.i18n import _, format_datetime, ngettext
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    close_buttons,
    combo,
    line,
    reload_while_open,
    today_line,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import chosen, chosen_one
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import is_large_print


def _time(value) -> str:
    return format_datetime(value, "short") if value else ""


def _state(p: hours.Participant) -> str:
    text = p.status.label
    if p.decline_reason:
        text += f"：{p.decline_reason}"
    if p.correction_waiting:
        text += _("（correction asked）")
    return text


PARTICIPANT_COLUMNS: list[Column[hours.Participant]] = [
    Column(lambda: _("Volunteer number"), lambda p: p.number),
    Column(lambda: _("Name"), lambda p: p.name),
    Column(lambda: _("Checked in"), lambda p: _time(p.checked_in_at)),
    Column(lambda: _("Checked out"), lambda p: _time(p.checked_out_at)),
    Column(lambda: _("Time served"), lambda p: hours_text(p.raw_minutes) if p.raw_minutes
           is not None else "", align_right=True),
    Column(lambda: _("Hours counted"), lambda p: hours_text(p.minutes), align_right=True),
    Column(lambda: _("State"), _state),
]


def activity_form_dialog(ctx: AppContext, teams: list[people.TeamRow],
                         activity: hours.ActivityDetail | None = None,
                         parent=None) -> FormDialog:
    """新建活动 / 修改活动."""
    actor = ctx.actor
    activity_id = activity.id if activity else None
    f = activity.form if activity else hours.ActivityForm()
    on = line(str(f.on), _("e.g. 2026-01-31")) if activity else today_line()

    def job(v):
        form = hours.ActivityForm(
            name=v["name"], category=v["category"], on=v["on"], place=v["place"],
            content=v["content"], organiser=v["organiser"],
            person_in_charge=v["person_in_charge"], team_id=v["team_id"], cap=v["cap"])
        return lambda c: hours.save_activity(c, actor=actor, form=form,
                                             activity_id=activity_id)

    return FormDialog(ctx, _("Edit activity") if activity else _("New activity"), [
        ("name", _("Activity &name"), line(f.name, _("e.g. 重阳节探访独居老人"))),
        ("category", _("Service category"),
         combo([(c.label, c) for c in ServiceCategory], f.category)),
        ("on", _("Date"), on),
        ("place", _("Place"), line(f.place)),
        ("content", _("Content"), line(f.content)),
        ("organiser", _("Organiser"), line(f.organiser or ctx.centre.name)),
        ("person_in_charge", _("Person in charge"), line(f.person_in_charge)),
        ("team_id", _("Team"), combo([(_("No team"), None), *((t.name, t.id) for t in teams)],
                                     f.team_id)),
        ("cap", _("Cap per person (hours)"),
         line(str(f.cap or ""), _("empty: the centre's default"))),
    ], job, parent, note=_("Hours are recorded within 10 working days of the activity."))


class ActivityDialog(QDialog):
    """One activity: what it was, who took part, and their hours."""

    kinds = frozenset({VOLUNTEERS})

    def __init__(self, ctx: AppContext, activity_id: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._id = ctx, activity_id
        self.detail: hours.ActivityDetail | None = None
        self._teams: list[people.TeamRow] = []
        self._team_volunteers: list[people.VolunteerRow] = []
        self._all_volunteers: list[people.VolunteerRow] = []
        can_edit = ctx.actor.can(Permission.EDIT_VOLUNTEERS)
        self.setWindowTitle(_("Activity"))
        body = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        body.addWidget(self.heading)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        body.addWidget(self.facts)
        self.message = QLabel()
        self.message.setWordWrap(True)
        body.addWidget(self.message)

        row = QHBoxLayout()
        # who took part
        people_box = QGroupBox(_("Participants"))
        column = QVBoxLayout(people_box)
        self.model = WarningModel(PARTICIPANT_COLUMNS,
                                  lambda p: p.status == HoursStatus.DECLINED, self)
        self.table = ShortTable(self.model, rows=10)
        self.table.setSelectionMode(ShortTable.SelectionMode.ExtendedSelection)
        column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.check_out_button = button(buttons, _("Check &out the selected"),
                                             self.check_out, can_edit)
        self.correction_button = button(buttons, _("Ask for a &correction…"),
                                              self.ask_correction, can_edit)
        buttons.addStretch(1)
        column.addLayout(buttons)
        row.addWidget(people_box, 3)

        # choose volunteers, then check them in or record one time for all of them
        entry = QGroupBox(_("Record hours"))
        grid = QGridLayout(entry)
        self.team_only = QCheckBox(_("Only the activity's &team"))
        self.team_only.setChecked(True)
        self.team_only.toggled.connect(self._fill_choices)
        grid.addWidget(self.team_only, 0, 0, 1, 2)
        self.choices = QListWidget()
        self.choices.setToolTip(_("Space ticks or unticks the volunteer under the cursor."))
        grid.addWidget(self.choices, 1, 0, 1, 2)
        self.all_button = button(None, _("Tick &all"), self.tick_all, True)
        self.none_button = button(None, _("Untick all"), self.tick_none, True)
        grid.addWidget(self.all_button, 2, 0)
        grid.addWidget(self.none_button, 2, 1)
        hours_label = QLabel(_("&Hours for each"))
        self.hours = line(placeholder=_("e.g. 2, 1.5, 1:30 or 90分钟"))
        hours_label.setBuddy(self.hours)
        self.hours.returnPressed.connect(self.record)
        grid.addWidget(hours_label, 3, 0)
        grid.addWidget(self.hours, 3, 1)
        self.record_button = button(None, _("&Save for the ticked"), self.record,
                                          can_edit)
        self.check_in_button = button(None, _("Check &in the ticked now"),
                                            self.check_in, can_edit)
        grid.addWidget(self.record_button, 4, 0, 1, 2)
        grid.addWidget(self.check_in_button, 5, 0, 1, 2)
        self.error = error_label()
        grid.addWidget(self.error, 6, 0, 1, 2)
        grid.setRowStretch(1, 1)
        entry.setVisible(can_edit)
        row.addWidget(entry, 2)
        body.addLayout(row, 1)

        bottom = QHBoxLayout()
        self.edit_button = button(bottom, _("&Edit the activity…"), self.edit, can_edit)
        bottom.addStretch(1)
        self.buttons = close_buttons(self, enter_closes=False)
        bottom.addWidget(self.buttons)
        holder = QWidget()
        holder.setLayout(bottom)
        scrolling_body(self, body, holder)
        fit_to_screen(self, QSize(1340, 860) if is_large_print() else QSize(1100, 680))
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reload_while_open(self, ctx, self.kinds, self.reload)
        self._update()
        self.reload()
        self.choices.setFocus()

    def reload(self) -> None:
        actor, aid = self._ctx.actor, self._id

        def read(c):
            detail = hours.activity_detail(c, actor=actor, activity_id=aid)
            everyone = people.list_volunteers(c, actor=actor)
            team = (people.list_volunteers(c, actor=actor, team_id=detail.form.team_id)
                    if detail.form.team_id else everyone)
            return detail, team, everyone, people.list_teams(c, actor=actor)

        self._ctx.worker.run(read, on_done=lambda result: self._show(*result))

    def _show(self, detail: hours.ActivityDetail, team, everyone, teams) -> None:
        self.detail, self._teams = detail, teams
        self._team_volunteers, self._all_volunteers = team, everyone
        f = detail.form
        self.setWindowTitle(_("Activity: {name}").format(name=f.name))
        self.heading.setText(f"{day(f.on)}　{f.name}")  # type: ignore[arg-type]
        team_name = next((t.name for t in teams if t.id == f.team_id), "")
        facts = [ServiceCategory(f.category).label, team_name, f.place,
                 _("Organiser: {who}").format(who=f.organiser),
                 _("In charge: {who}").format(who=f.person_in_charge),
                 _("Cap: {hours} h per person").format(hours=format_hours(detail.cap_minutes))
                 if detail.cap_minutes else _("No cap"),
                 _("{points} points per hour").format(points=detail.points_per_hour)]
        self.facts.setText("　·　".join(p for p in facts if p)
                           + (f"\n{f.content}" if f.content else ""))
        self.team_only.setVisible(bool(f.team_id))
        self.team_only.setText(_("Only &team {team}").format(team=team_name) if team_name
                               else _("Only the activity's &team"))
        self.model.set_rows(detail.participants)
        self.table.resizeColumnsToContents()
        self._fill_choices()

    def _fill_choices(self, *_args) -> None:
        ticked = self.ticked()
        recorded = {p.volunteer_id for p in self.model.rows()}
        has_team = self.detail is not None and bool(self.detail.form.team_id)
        rows = (self._team_volunteers if has_team and self.team_only.isChecked()
                else self._all_volunteers)
        self.choices.clear()
        for r in rows:
            text = f"{r.number}　{r.name}"
            if r.id in recorded:
                text += _("（recorded）")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r.id in ticked
                               else Qt.CheckState.Unchecked)
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(0)

    def ticked(self) -> list[str]:
        return [self.choices.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.choices.count())
                if self.choices.item(i).checkState() == Qt.CheckState.Checked]

    def _tick(self, state: Qt.CheckState) -> None:
        for i in range(self.choices.count()):
            self.choices.item(i).setCheckState(state)

    def tick_all(self) -> None:
        self._tick(Qt.CheckState.Checked)

    def tick_none(self) -> None:
        self._tick(Qt.CheckState.Unchecked)

    def _update(self, *_args) -> None:
        rows = chosen(self.table)
        self.check_out_button.setEnabled(any(p.checked_in_at and not p.checked_out_at
                                             for p in rows))
        one = chosen_one(self.table)
        self.correction_button.setEnabled(one is not None and one.minutes is not None
                                          and not one.correction_waiting)

    def _failed(self, exc: BaseException) -> None:
        show_in(self.error, exc)

    def _said(self, text: str) -> None:
        self.error.hide()
        self.message.setText(text)

    # -- recording
    def record(self) -> None:
        ids, typed, actor, aid = self.ticked(), self.hours.text(), self._ctx.actor, self._id
        self.error.hide()
        if not ids:
            show_in(self.error, _("Tick the volunteers who served first."))
            self.choices.setFocus()
            return
        self._ctx.worker.run(
            lambda c: hours.record_hours(c, actor=actor, activity_id=aid, volunteer_ids=ids,
                                         hours=typed),
            on_done=self._recorded, on_error=self._failed)

    def _recorded(self, result: hours.Recorded) -> None:
        n = result.added + result.changed
        self._said(ngettext("{hours} h recorded for {n} volunteer; it awaits approval.",
                            "{hours} h recorded for {n} volunteers; they await approval.",
                            n).format(hours=format_hours(result.minutes), n=n))
        self.hours.clear()
        self.tick_none()

    def check_in(self) -> None:
        ids, actor, aid = self.ticked(), self._ctx.actor, self._id
        self.error.hide()
        if not ids:
            show_in(self.error, _("Tick the volunteers who arrived first."))
            return

        def job(c):  # all of them, or none
            return len(hours.check_in(c, actor=actor, activity_id=aid, volunteer_ids=ids))

        def done(n: int) -> None:
            self._said(ngettext("{n} volunteer checked in.", "{n} volunteers checked in.",
                                n).format(n=n))
            self.tick_none()

        self._ctx.worker.run(job, on_done=done, on_error=self._failed)

    def check_out(self) -> None:
        records = [p.record_id for p in chosen(self.table)
                   if p.checked_in_at and not p.checked_out_at]
        actor = self._ctx.actor
        if not records:
            return

        def job(c):  # all of them, or none
            return hours.check_out(c, actor=actor, record_ids=records)

        self._ctx.worker.run(job, on_done=lambda counted: self._said(ngettext(
            "{n} volunteer checked out.", "{n} volunteers checked out.",
            len(counted)).format(n=len(counted))), on_error=self._failed)

    def ask_correction(self) -> None:
        p = chosen_one(self.table)
        if p is None or p.minutes is None:
            return
        actor = self._ctx.actor

        def job(v):
            return lambda c: hours.request_correction(c, actor=actor, record_id=p.record_id,
                                                      hours=v["hours"], reason=v["reason"],
                                                      requested_on=v["requested_on"])

        FormDialog(self._ctx, _("Correction of hours"), [
            ("hours", _("Hours asked for"), line(placeholder=_("e.g. 2 or 1.5"))),
            ("reason", _("What the volunteer says"), line()),
            ("requested_on", _("Asked on"), today_line()),
        ], job, self, note=_("{name} has {hours} h recorded. The request is checked on the "
                             "approval tab before anything changes.").format(
            name=p.name, hours=format_hours(p.minutes))).exec()

    def edit(self) -> None:
        if self.detail is not None:
            activity_form_dialog(self._ctx, self._teams, self.detail, self).exec()
