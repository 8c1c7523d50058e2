"""志愿团体: the teams, their leaders and members."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.volunteers import VOLUNTEERS, people
from neighborcenter.features.volunteers.rules import ServiceCategory, TeamRole
from neighborcenter.features.volunteers.ui.widgets import (
    ShortTable,
    day,
)
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    close_buttons,
    combo,
    line,
    today_line,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import is_large_print

TEAM_COLUMNS: list[Column[people.TeamRow]] = [
    Column(lambda: _("Team"), lambda t: t.name),
    Column(lambda: _("Service category"), lambda t: t.category.label),
    Column(lambda: _("Leaders"), lambda t: _("、").join(t.leaders)),
    Column(lambda: _("Members"), lambda t: str(t.members), align_right=True),
    Column(lambda: _("With children"), lambda t: _("Yes") if t.works_with_children else ""),
]
MEMBER_COLUMNS: list[Column[people.TeamMemberRow]] = [
    Column(lambda: _("Volunteer number"), lambda m: m.number),
    Column(lambda: _("Name"), lambda m: m.name),
    Column(lambda: _("Role"), lambda m: m.role.label),
    Column(lambda: _("Since"), lambda m: day(m.since)),
]


class TeamsDialog(QDialog):
    kinds = frozenset({VOLUNTEERS})

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_("Teams"))
        can_edit = ctx.actor.can(Permission.EDIT_VOLUNTEERS)
        body = QVBoxLayout()
        self.team_model = RowTableModel(TEAM_COLUMNS, self)
        self.team_table = ShortTable(self.team_model, rows=8)
        body.addWidget(self.team_table)
        row = QHBoxLayout()
        self.new_button = button(row, _("&New team…"), self.new_team, can_edit)
        self.edit_button = button(row, _("&Edit team…"), self.edit_team, can_edit)
        row.addStretch(1)
        body.addLayout(row)

        self.members_box = QGroupBox(_("Members"))
        column = QVBoxLayout(self.members_box)
        self.member_model = RowTableModel(MEMBER_COLUMNS, self)
        self.member_table = ShortTable(self.member_model, rows=8)
        column.addWidget(self.member_table)
        self.hint = QLabel(_("Choose a team above to see its members."))
        self.hint.setObjectName("emptyHint")
        column.addWidget(self.hint)
        row = QHBoxLayout()
        self.add_button = button(row, _("&Add a member…"), self.add_member, can_edit)
        self.role_button = button(row, _("Make &leader"), self.toggle_role, can_edit)
        self.remove_button = button(row, _("&Remove from the team…"), self.remove_member,
                                          can_edit)
        row.addStretch(1)
        column.addLayout(row)
        body.addWidget(self.members_box)
        self.buttons = close_buttons(self, enter_closes=False)
        scrolling_body(self, body, self.buttons)
        fit_to_screen(self, QSize(1200, 900) if is_large_print() else QSize(860, 640))
        self.team_table.selectionModel().selectionChanged.connect(self._team_chosen)
        self.member_table.selectionModel().selectionChanged.connect(self._update)
        self._team_id: str | None = None
        ctx.worker.changes_did_happen.connect(self._changed)
        self.finished.connect(lambda _r: ctx.worker.changes_did_happen.disconnect(self._changed))
        self._update()
        self.reload()

    def _changed(self, what) -> None:
        if what.touches(*self.kinds):
            self.reload()

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: people.list_teams(c, actor=actor), on_done=self._show)

    def _show(self, teams: list[people.TeamRow]) -> None:
        keep = self._team_id
        self.team_model.set_rows(teams)
        self.team_table.resizeColumnsToContents()
        for position, team in enumerate(teams):
            if team.id == keep:
                self.team_table.selectRow(position)
                break
        else:
            self._team_id = None
            if teams:
                self.team_table.selectRow(0)
        self._load_members()

    def _team_chosen(self, *_args) -> None:
        team = chosen_one(self.team_table)
        self._team_id = team.id if team else None
        self._load_members()

    def _load_members(self) -> None:
        team_id, actor = self._team_id, self._ctx.actor
        team = chosen_one(self.team_table)
        self.members_box.setTitle(_("Members of {team}").format(team=team.name) if team
                                  else _("Members"))
        if team_id is None:
            self.member_model.set_rows([])
            self._update()
            return
        self._ctx.worker.run(lambda c: people.team_members(c, actor=actor, team_id=team_id),
                             on_done=self._show_members)

    def _show_members(self, members) -> None:
        self.member_model.set_rows(members)
        self.member_table.resizeColumnsToContents()
        self._update()

    def _update(self, *_args) -> None:
        team, member = chosen_one(self.team_table), chosen_one(self.member_table)
        self.edit_button.setEnabled(team is not None)
        self.add_button.setEnabled(team is not None)
        self.hint.setVisible(team is None)
        self.member_table.setVisible(team is not None)
        self.role_button.setEnabled(member is not None)
        self.remove_button.setEnabled(member is not None)
        self.role_button.setText(_("Make &member") if member and member.role == TeamRole.LEADER
                                 else _("Make &leader"))

    # -- teams
    def team_dialog(self, team: people.TeamRow | None) -> FormDialog:
        actor, team_id = self._ctx.actor, team.id if team else None
        children = QCheckBox(_("Works with children (a yearly background check is needed)"))
        children.setChecked(bool(team and team.works_with_children))

        def job(v):
            return lambda c: people.save_team(
                c, actor=actor, name=v["name"], category=v["category"],
                description=v["description"], works_with_children=v["children"],
                team_id=team_id)

        return FormDialog(self._ctx, _("Edit team") if team else _("New team"), [
            ("name", _("Name"), line(team.name if team else "",
                                     _("e.g. 银龄互助团, 湖小师, 环保志愿队"))),
            ("category", _("Service category"),
             combo([(c.label, c) for c in ServiceCategory],
                   team.category if team else ServiceCategory.OTHER)),
            ("description", _("Description"), line(team.description if team else "")),
            ("children", "", children),
        ], job, self)

    def new_team(self) -> None:
        self.team_dialog(None).exec()

    def edit_team(self) -> None:
        team = chosen_one(self.team_table)
        if team is not None:
            self.team_dialog(team).exec()

    # -- members
    def add_member(self) -> None:
        actor, team_id = self._ctx.actor, self._team_id
        if team_id is None:
            return
        inside = {m.volunteer_id for m in self.member_model.rows()}
        self._ctx.worker.run(lambda c: people.list_volunteers(c, actor=actor),
                             on_done=lambda rows: self._add_from(
                                 [r for r in rows if r.id not in inside]))

    def member_dialog(self, rows: list[people.VolunteerRow]) -> FormDialog:
        actor, team_id = self._ctx.actor, self._team_id or ""

        def job(v):
            return lambda c: people.join_team(c, actor=actor, team_id=team_id,
                                              volunteer_id=v["volunteer"], role=v["role"],
                                              on=v["on"])

        return FormDialog(self._ctx, _("Add a member"), [
            ("volunteer", _("Volunteer"), combo([(f"{r.number}　{r.name}", r.id)
                                                  for r in rows])),
            ("role", _("Role"), combo([(r.label, r) for r in TeamRole], TeamRole.MEMBER)),
            ("on", _("Since"), today_line()),
        ], job, self)

    def _add_from(self, rows: list[people.VolunteerRow]) -> None:
        self.member_dialog(rows).exec()

    def toggle_role(self) -> None:
        member, team_id, actor = chosen_one(self.member_table), self._team_id, self._ctx.actor
        if member is None or team_id is None:
            return
        role = TeamRole.MEMBER if member.role == TeamRole.LEADER else TeamRole.LEADER
        self._ctx.worker.run(lambda c: people.join_team(c, actor=actor, team_id=team_id,
                                                        volunteer_id=member.volunteer_id,
                                                        role=role))

    def remove_member(self) -> None:
        member, actor = chosen_one(self.member_table), self._ctx.actor
        if member is None:
            return
        if not confirm(self, _("Remove from the team"),
                       _("{name} leaves the team today. Hours already served stay.").format(
                           name=member.name)):
            return
        self._ctx.worker.run(lambda c: people.leave_team(c, actor=actor,
                                                         member_id=member.member_id))
