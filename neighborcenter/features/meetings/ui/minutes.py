"""A meeting's detail and its minutes editor: the heading and, before any vote, the quorum
sentence ("应到 5 人，实到 4 人，超过半数（需至少 3 人），符合法定人数"); then four tabs —
议程 (the agenda: accepted topics and points, with the minutes planned and each outcome),
人员 (invitees and attendees with their side and whether they vote; 签到 ticks who came),
纪要 (per item: the discussion, the views — minority views kept —, the motion, the vote with
its outcome sentence, the decision) and 更正 (corrections of approved minutes). 审定 approves
and locks the minutes; after it every edit is refused (the controls are off) and 更正 records
a correction beside them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.meetings import meetings, minutes, printouts, topics
from neighborcenter.features.meetings.meetings import (
    ItemRow,
    MeetingDetail,
    ParticipantRow,
)
from neighborcenter.features.meetings.minutes import AmendmentRow, ViewRow
from neighborcenter.features.meetings.rules.meeting import ParticipantRole, Side
from neighborcenter.features.meetings.rules.minutes import MinutesState
from neighborcenter.features.meetings.rules.topics import TopicStage
from neighborcenter.features.meetings.rules.votes import VoteMethod
from neighborcenter.features.register import registry
from neighborcenter.features.register.registry import ResidentRow
from neighborcenter.i18n import _, format_datetime, pgettext
from neighborcenter.ui.common.dialogs import (
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    number_box,
    value_of,
)
from neighborcenter.ui.common.files import open_file, save_path
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.common.list_tab import empty_hint
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen, chosen_one, fit_columns, rows_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

from .base import MeetFormDialog, sentence_label, text_box
from .meetings import MeetingDialog, state_of, when

ITEM_COLUMNS: list[Column[ItemRow]] = [
    Column(lambda: _("No."), lambda i: str(i.position), lambda i: i.position, align_right=True),
    Column(lambda: _("Agenda item"), lambda i: i.title),
    Column(lambda: _("Topic"), lambda i: i.topic_number),
    Column(lambda: _("Minutes planned"),
           lambda i: str(i.minutes_planned) if i.minutes_planned else "", align_right=True),
    Column(lambda: pgettext("vote", "Outcome"), lambda i: i.outcome.sentence if i.outcome else ""),
]

PERSON_COLUMNS: list[Column[ParticipantRow]] = [
    Column(lambda: _("Name"), lambda p: p.name),
    Column(lambda: _("Side"), lambda p: p.side.label),
    Column(lambda: _("Votes"), lambda p: p.role.label),
    Column(lambda: _("Organisation"), lambda p: p.organisation),
    Column(lambda: pgettext("attendance", "Present"), lambda p: "✓" if p.attended else ""),
]

VIEW_COLUMNS: list[Column[ViewRow]] = [
    Column(lambda: _("Speaker"), lambda v: v.speaker),
    Column(lambda: _("Side"), lambda v: v.side.label),
    Column(lambda: _("Minority view"), lambda v: "✓" if v.minority else ""),
    Column(lambda: _("View"), lambda v: v.text),
]

AMENDMENT_COLUMNS: list[Column[AmendmentRow]] = [
    Column(lambda: _("When"), lambda a: format_datetime(a.at)),
    Column(lambda: _("Agenda item"), lambda a: a.item_title),
    Column(lambda: _("Correction"), lambda a: a.correction),
    Column(lambda: _("Reason"), lambda a: a.reason),
    Column(lambda: _("By"), lambda a: a.by),
]

def papers() -> tuple[tuple[str, str], ...]:
    """The papers of a meeting (printouts.py: print_<what>), in the active language."""
    return (("notice", pgettext("paper", "Meeting &notice")),
            ("sign-in", pgettext("paper", "&Sign-in sheet")),
            ("minutes", pgettext("paper", "&Minutes")),
            ("publicity", pgettext("paper", "&Public notice")))

SIDES = [(s.label, s) for s in Side]
ROLES = [(r.label, r) for r in ParticipantRole]


def short_table(model: RowTableModel, lines: int = 4):
    table = rows_table(model)
    table.setMinimumHeight(table.fontMetrics().height() * lines)
    return table


class RegisterPersonDialog(QDialog):
    """A participant from the register: found by name, initials, address or phone digits."""

    def __init__(self, ctx: AppContext, meeting_id: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._meeting_id = ctx, meeting_id
        self.result_value: ParticipantRow | None = None
        self.ask: Callable[[str], bool] = lambda text: confirm(
            self, _("Leave without saving"), text)
        self.setWindowTitle(_("A participant from the register"))
        form = QFormLayout()
        self.search = fit_placeholder(line("", _("name, initials, address or phone digits")))
        self.search.returnPressed.connect(self.find_resident)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        button(row, _("Sear&ch"), self.find_resident)
        label = QLabel(_("&Resident"))
        label.setBuddy(self.search)
        form.addRow(label, row)
        self.found: RowTableModel[ResidentRow] = RowTableModel([
            Column(lambda: _("Name"), lambda r: r.name),
            Column(lambda: _("Age"), lambda r: str(r.age) if r.age is not None else ""),
            Column(lambda: _("Address"), lambda r: r.address)], self)
        self.table = short_table(self.found)
        form.addRow(self.table)
        self.side = combo(SIDES, Side.RESIDENTS)
        self.role = combo(ROLES, ParticipantRole.VOTING)
        self.organisation = line()
        form.addRow(_("Si&de"), self.side)
        form.addRow(_("Vo&tes or attends"), self.role)
        form.addRow(_("&Organisation"), self.organisation)
        self.error = error_label()
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        scrolling_body(self, form, self.buttons)
        self.setMinimumWidth(560)
        fit_to_screen(self)

    def find_resident(self) -> None:
        query, actor = self.search.text().strip(), self._ctx.actor
        if not query:
            return
        self._ctx.worker.run(lambda c: registry.search_residents(c, actor=actor, query=query,
                                                                 limit=30).rows,
                             on_done=self._found, on_error=lambda e: show_in(self.error, e))

    def _found(self, rows: list[ResidentRow]) -> None:
        self.found.set_rows(rows)
        fit_columns(self.table, ())
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
            self.error.hide()
        else:
            show_in(self.error, _("Nobody on the register matches “{query}”.").format(
                query=self.search.text().strip()))

    def save(self) -> None:
        person = chosen_one(self.table)
        if person is None:
            show_in(self.error, _("Find the resident and choose them in the list first."))
            self.search.setFocus()
            return
        actor, meeting_id = self._ctx.actor, self._meeting_id
        side, role, org = self.side.currentData(), self.role.currentData(), \
            self.organisation.text()
        self.save_button.setEnabled(False)
        self._ctx.worker.run(lambda c: meetings.add_participant(
            c, actor=actor, meeting_id=meeting_id, resident_id=person.id, side=side, role=role,
            organisation=org), on_done=self._done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_in(self.error, exc)

    def _done(self, row: ParticipantRow) -> None:
        self.save_button.setEnabled(True)
        self.result_value = row
        self.accept()

    def reject(self) -> None:
        if (self.search.text().strip() or self.organisation.text().strip()) and not self.ask(
                _("What was typed here is not saved. Leave it?")):
            return
        super().reject()


class MinutesEditor(QDialog):
    def __init__(self, ctx: AppContext, meeting_id: str, *, today: dt.date,
                 parent=None) -> None:
        super().__init__(parent)
        self._ctx, self.meeting_id, self.today = ctx, meeting_id, today
        self.may = ctx.actor.can(Permission.RECORD_MEETINGS)
        self.detail: MeetingDetail | None = None
        self.ask: Callable[[str, str], bool] = lambda title, text: confirm(self, title, text)
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.choose_path: Callable[[str, str], Path | None] = \
            lambda title, name: save_path(self, title, name)
        self.show_file: Callable[[Path], None] = open_file
        self.setWindowTitle(_("Meeting and minutes"))
        column = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        column.addWidget(self.facts)
        self.quorum = sentence_label("quorum")
        column.addWidget(self.quorum)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        column.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), _("A&genda"))
        self.tabs.addTab(self._people_tab(), _("&People and attendance"))
        self.tabs.addTab(self._minutes_tab(), _("&Minutes"))
        self.tabs.addTab(self._corrections_tab(), _("Co&rrections"))
        column.addWidget(self.tabs, 1)

        bottom = FlowLayout()
        self.edit_button = button(bottom, _("&Edit details"), self.edit_details,
                                  shown=self.may)
        self.approve_button = button(bottom, _("Approve and &lock"), self.approve,
                                     shown=self.may)
        self.amend_button = button(bottom, _("Amen&d…"), self.amend, shown=False)
        self.print_button = button(bottom, _("Print o&ut…"), lambda: None)
        menu = QMenu(self.print_button)
        for what, title in papers():
            menu.addAction(title, partial(self.print_paper, what))
        self.print_button.setMenu(menu)
        self.close_box = close_buttons(self, enter_closes=False)
        outer = QVBoxLayout(self)
        outer.addLayout(column, 1)
        low = QHBoxLayout()
        low.addLayout(bottom, 1)
        low.addWidget(self.close_box)
        outer.addLayout(low)
        self.setMinimumWidth(760)
        # as large as a front desk's screen allows: the minutes want room
        fit_to_screen(self, QSize(1120, 720).expandedTo(self.sizeHint()))
        self.reload()

    # ----------------------------------------------------------------- the tabs' pieces
    def _agenda_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = FlowLayout()
        self.add_topic_button = button(row, _("Add a &topic…"), self.add_topic)
        self.add_point_button = button(row, _("Add a poi&nt…"), self.add_point)
        column.addLayout(row)
        self.items: RowTableModel[ItemRow] = RowTableModel(ITEM_COLUMNS, self)
        self.items_table = short_table(self.items)
        self.items_table.activated.connect(lambda index: self.show_item(
            self.items.row_at(index.row())))
        column.addWidget(self.items_table, 1)
        return page

    def _people_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = FlowLayout()
        self.register_button = button(row, _("From the regi&ster…"), self.add_from_register)
        self.by_name_button = button(row, _("&By name…"), self.add_by_name)
        self.attend_button = button(row, _("&Here / not here"), self.toggle_attendance)
        column.addLayout(row)
        self.people: RowTableModel[ParticipantRow] = RowTableModel(PERSON_COLUMNS, self)
        self.people_table = rows_table(self.people, many=True)
        self.people_table.setMinimumHeight(self.people_table.fontMetrics().height() * 4)
        column.addWidget(self.people_table, 1)
        self.people_count = QLabel()
        self.people_count.setWordWrap(True)
        column.addWidget(self.people_count)
        return page

    def _minutes_tab(self) -> QWidget:
        """The item chosen at the top; its discussion, motion and views on the left, its
        vote (the outcome sentence under it) and decision on the right."""
        column = QVBoxLayout()
        top = QFormLayout()
        self.item = combo([])
        self.item.activated.connect(lambda *_a: self.item_chosen())
        top.addRow(pgettext("meeting", "&Item"), self.item)
        column.addLayout(top)
        left = QFormLayout()
        self.summary = text_box("", 3)
        left.addRow(_("Discussion &summary"), self.summary)
        self.motion = text_box("", 2)
        left.addRow(_("M&otion"), self.motion)
        actions = FlowLayout()
        self.keep_button = button(actions, _("&Keep the discussion"), self.keep_discussion)
        self.view_button = button(actions, _("Add a vie&w…"), self.add_view)
        left.addRow("", actions)
        self.views: RowTableModel[ViewRow] = RowTableModel(VIEW_COLUMNS, self)
        self.views_table = short_table(self.views, 3)
        left.addRow(self.views_table)
        right = QVBoxLayout()
        row = QHBoxLayout()
        self.vote_button = button(row, _("Vo&te…"), self.vote)
        row.addStretch(1)
        right.addLayout(row)
        self.outcome = sentence_label("outcome")
        right.addWidget(self.outcome)
        decision_label = QLabel(_("Decisio&n"))
        self.decision = text_box("", 3)
        decision_label.setBuddy(self.decision)
        right.addWidget(decision_label)
        right.addWidget(self.decision)
        row = QHBoxLayout()
        self.decision_button = button(row, _("Keep the de&cision"), self.keep_decision)
        row.addStretch(1)
        right.addLayout(row)
        right.addStretch(1)
        sides = QHBoxLayout()
        sides.addLayout(left, 3)
        sides.addLayout(right, 2)
        column.addLayout(sides, 1)
        page = QWidget()
        scrolling_body(page, column, None)
        return page

    def _corrections_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.amendments: RowTableModel[AmendmentRow] = RowTableModel(AMENDMENT_COLUMNS, self)
        self.amendments_table = short_table(self.amendments, 3)
        self.no_amendments = empty_hint(_("No corrections: the minutes stand as approved."))
        column.addWidget(self.no_amendments)
        column.addWidget(self.amendments_table, 1)
        return page

    # ------------------------------------------------------------------------- reading
    def reload(self) -> None:
        actor, meeting_id = self._ctx.actor, self.meeting_id

        def job(c):
            return (meetings.meeting_detail(c, actor=actor, meeting_id=meeting_id),
                    minutes.amendments_of(c, actor=actor, meeting_id=meeting_id))

        self._ctx.worker.run(job, on_done=self._shown, on_error=self.failed)

    def _shown(self, result: tuple[MeetingDetail, list[AmendmentRow]]) -> None:
        detail, amendments = result
        self.detail = detail
        m = detail.meeting
        self.setWindowTitle(_("Meeting {number}").format(number=m.number))
        self.heading.setText(f"{m.number}　{m.title}")
        facts = [m.kind_label, when(m), m.place, state_of(m)]
        if m.convenor:
            facts.append(_("convened by {name}").format(name=m.convenor))
        if m.facilitator:
            facts.append(_("facilitated by {name}").format(name=m.facilitator))
        self.facts.setText(pgettext("clauses", ", ").join(f for f in facts if f))
        self.quorum.setText(detail.quorum.sentence if detail.people else _(
            "Nobody on the list yet: add the participants, then tick who came."))
        keep = self.item.currentData()
        self.items.set_rows(list(detail.items))
        fit_columns(self.items_table, ())
        self.people.set_rows(list(detail.people))
        fit_columns(self.people_table, ())
        voting = sum(1 for p in detail.people if p.role == ParticipantRole.VOTING)
        self.people_count.setText(_("{people} on the list, {voting} voting, {came} present"
                                    ).format(people=len(detail.people), voting=voting,
                                             came=sum(p.attended for p in detail.people)))
        self.item.clear()
        for i in detail.items:
            self.item.addItem(f"{i.position}. {i.title}", i.id)
        if keep is not None and self.item.findData(keep) >= 0:
            self.item.setCurrentIndex(self.item.findData(keep))
        self.amendments.set_rows(amendments)
        fit_columns(self.amendments_table, ())
        self.no_amendments.setVisible(not amendments)
        self.item_chosen()
        self._update()

    @property
    def locked(self) -> bool:
        return self.detail is not None and (
            self.detail.meeting.minutes_state == MinutesState.APPROVED
            or self.detail.meeting.cancelled)

    def _update(self) -> None:
        can = self.may and self.detail is not None and not self.locked
        item = self.current_item()
        for widget in (self.add_topic_button, self.add_point_button, self.register_button,
                       self.by_name_button, self.attend_button, self.edit_button,
                       self.approve_button):
            widget.setEnabled(can)
        for box in (self.summary, self.motion, self.decision):
            box.setReadOnly(not (can and item is not None))
        for widget in (self.keep_button, self.view_button, self.vote_button,
                       self.decision_button):
            widget.setEnabled(can and item is not None)
        self.amend_button.setVisible(
            self.may and self.detail is not None
            and self.detail.meeting.minutes_state == MinutesState.APPROVED)

    def current_item(self) -> ItemRow | None:
        wanted = self.item.currentData()
        if self.detail is None or wanted is None:
            return None
        return next((i for i in self.detail.items if i.id == wanted), None)

    def item_chosen(self) -> None:
        item = self.current_item()
        self.summary.setPlainText(item.summary if item else "")
        self.motion.setPlainText(item.motion if item else "")
        self.decision.setPlainText(item.decision if item else "")
        self.outcome.setText(item.outcome.sentence if item and item.outcome else "")
        self.views.set_rows([])
        self._update()
        if item is None:
            return
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: minutes.views_of(c, actor=actor, item_id=item.id),
                             on_done=self._views, on_error=self.failed)

    def _views(self, rows: list[ViewRow]) -> None:
        self.views.set_rows(rows)
        fit_columns(self.views_table, ())

    def show_item(self, item: ItemRow) -> None:
        """An agenda item opened: its minutes."""
        self.item.setCurrentIndex(max(self.item.findData(item.id), 0))
        self.item_chosen()
        self.tabs.setCurrentIndex(2)
        self.summary.setFocus()

    # ------------------------------------------------------------------------- saying
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setObjectName("")
        self.message.setStyleSheet("")
        self.message.show()

    def failed(self, exc: BaseException) -> None:
        show_in(self.message, exc)
        self.message.setText("⚠ " + self.message.text())
        self.message.setStyleSheet("color: #b3261e;")

    def _run(self, job: Callable, said: Callable[[Any], str]) -> None:
        """A change on the worker: said, then the meeting read again (a refusal changes
        nothing, and what was typed stays)."""
        def done(result) -> None:
            self.reload()
            self.say(said(result))

        self._ctx.worker.run(job, on_done=done, on_error=self.failed)

    def _dialog(self, dialog: QDialog, said: Callable[[Any], str]) -> None:
        result = getattr(dialog, "result_value", None) if self.run_dialog(dialog) else None
        if result is not None:
            self.reload()
            self.say(said(result))

    # ------------------------------------------------------------------------- agenda
    def add_topic(self) -> None:
        actor, meeting_id, today = self._ctx.actor, self.meeting_id, self.today

        def chosen_topics(rows) -> None:
            if not rows:
                self.failed_text(_("No topic is accepted (已立项) yet: accept one on the "
                                   "Topics tab first."))
                return
            dialog = MeetFormDialog(
                self._ctx, _("Add a topic to the agenda"),
                [("topic", _("&Topic"), combo([(f"{t.number} {t.title}", t.id) for t in rows])),
                 ("minutes", _("&Minutes planned"), number_box(line(""), 4))],
                lambda v: lambda c: meetings.add_item(
                    c, actor=actor, meeting_id=meeting_id, topic_id=v["topic"],
                    minutes_planned=v["minutes"], on=today), self)
            self._dialog(dialog, lambda i: _("Item {position}: {title}.").format(
                position=i.position, title=i.title))

        self._ctx.worker.run(lambda c: topics.list_topics(
            c, actor=actor, stages=(TopicStage.ACCEPTED, TopicStage.POSTED)),
            on_done=chosen_topics, on_error=self.failed)

    def failed_text(self, text: str) -> None:
        self.message.setText("⚠ " + text)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.show()

    def add_point(self) -> None:
        actor, meeting_id = self._ctx.actor, self.meeting_id
        dialog = MeetFormDialog(
            self._ctx, _("Add a point to the agenda"),
            [("title", _("&Point"), fit_placeholder(line("", _("required, e.g. 其他事项")))),
             ("minutes", _("&Minutes planned"), number_box(line(""), 4))],
            lambda v: lambda c: meetings.add_item(c, actor=actor, meeting_id=meeting_id,
                                                  title=v["title"],
                                                  minutes_planned=v["minutes"]), self)
        self._dialog(dialog, lambda i: _("Item {position}: {title}.").format(
            position=i.position, title=i.title))

    # ------------------------------------------------------------------------- people
    def add_from_register(self) -> None:
        dialog = RegisterPersonDialog(self._ctx, self.meeting_id, self)
        self._dialog(dialog, lambda p: _("{name} added.").format(name=p.name))

    def add_by_name(self) -> None:
        actor, meeting_id = self._ctx.actor, self.meeting_id
        dialog = MeetFormDialog(
            self._ctx, _("A participant by name"),
            [("name", _("&Name"), line("", _("required"))),
             ("side", _("Si&de"), combo(SIDES, Side.RESIDENTS)),
             ("role", _("Vo&tes or attends"), combo(ROLES, ParticipantRole.VOTING)),
             ("organisation", _("&Organisation"), line()),
             ("walk_in", "", QCheckBox(_("Came &without an invitation")))],
            lambda v: lambda c: meetings.add_participant(
                c, actor=actor, meeting_id=meeting_id, name=v["name"], side=v["side"],
                role=v["role"], organisation=v["organisation"], invited=not v["walk_in"],
                attended=v["walk_in"]), self)
        self._dialog(dialog, lambda p: _("{name} added.").format(name=p.name))

    def toggle_attendance(self) -> None:
        """签到: the people chosen came (or, if all of them are ticked, did not)."""
        people = chosen(self.people_table)
        if not people:
            self.failed_text(_("Choose who came in the list first (Shift or Ctrl for "
                               "several)."))
            return
        came = not all(p.attended for p in people)
        actor, meeting_id = self._ctx.actor, self.meeting_id
        ticks = {p.id: came for p in people}
        self._run(lambda c: meetings.set_attendance(c, actor=actor, meeting_id=meeting_id,
                                                    attended=ticks),
                  lambda d: d.quorum.sentence)

    # ------------------------------------------------------------------------- minutes
    def keep_discussion(self) -> None:
        item = self.current_item()
        if item is None:
            return
        actor = self._ctx.actor
        summary, motion = self.summary.toPlainText(), self.motion.toPlainText()
        self._run(lambda c: minutes.record_discussion(c, actor=actor, item_id=item.id,
                                                      summary=summary, motion=motion),
                  lambda i: _("The discussion of item {position} is kept.").format(
                      position=i.position))

    def add_view(self) -> None:
        item = self.current_item()
        if item is None:
            return
        actor = self._ctx.actor
        dialog = MeetFormDialog(
            self._ctx, _("A view on item {position}").format(position=item.position),
            [("speaker", _("&Speaker"), line("", _("required"))),
             ("side", _("Si&de"), combo(SIDES, Side.RESIDENTS)),
             ("said", _("&What was said"), text_box()),
             ("minority", "", QCheckBox(_("A &minority view (kept in the minutes)")))],
            lambda v: lambda c: minutes.add_view(c, actor=actor, item_id=item.id,
                                                 speaker=v["speaker"], side=v["side"],
                                                 said=v["said"], minority=v["minority"]),
            self)
        self._dialog(dialog, lambda v: _("The view of {name} is kept.").format(name=v.speaker))

    def vote(self) -> None:
        """The vote, with the quorum sentence above its fields; the outcome sentence after."""
        item = self.current_item()
        if item is None or self.detail is None:
            return
        actor = self._ctx.actor
        dialog = MeetFormDialog(
            self._ctx, _("The vote on item {position}").format(position=item.position),
            [("method", _("&Method"), combo([(x.label, x) for x in VoteMethod])),
             ("for_", _("Votes f&or"), number_box(line(), 5)),
             ("against", _("A&gainst"), number_box(line(), 5)),
             ("abstain", _("A&bstaining"), number_box(line("0"), 5)),
             ("counter", _("&Counter (for a ballot)"), line()),
             ("scrutineer", _("&Scrutineer (for a ballot)"), line())],
            lambda v: lambda c: minutes.record_vote(
                c, actor=actor, item_id=item.id, method=v["method"], votes_for=v["for_"],
                against=v["against"], abstain=v["abstain"], counter=v["counter"],
                scrutineer=v["scrutineer"]),
            self, note=self.detail.quorum.sentence, action=_("&Record the vote"))
        dialog.note.setStyleSheet("font-weight: bold;")  # the quorum, before the vote
        self._dialog(dialog, lambda o: o.sentence)

    def keep_decision(self) -> None:
        item = self.current_item()
        if item is None:
            return
        actor, decision = self._ctx.actor, self.decision.toPlainText()
        self._run(lambda c: minutes.record_decision(c, actor=actor, item_id=item.id,
                                                    decision=decision),
                  lambda i: _("The decision on item {position} is kept.").format(
                      position=i.position))

    # ------------------------------------------------------------------------- the whole
    def edit_details(self) -> None:
        if self.detail is None:
            return
        dialog = MeetingDialog(self._ctx, self.today, self.detail.meeting, self)
        self._dialog(dialog, lambda d: _("Meeting {number} changed.").format(
            number=d.meeting.number))

    def approve(self) -> None:
        if self.detail is None or not self.ask(
                _("Approve the minutes"),
                _("Approved minutes are locked: later corrections are kept beside them as "
                  "amendments. Approve the minutes of {number}?").format(
                    number=self.detail.meeting.number)):
            return
        actor, meeting_id = self._ctx.actor, self.meeting_id
        self._run(lambda c: minutes.approve_minutes(c, actor=actor, meeting_id=meeting_id),
                  lambda _r: _("The minutes are approved and locked."))

    def amend(self) -> None:
        if self.detail is None:
            return
        actor, meeting_id = self._ctx.actor, self.meeting_id
        items = [(_("The whole minutes"), None),
                 *((f"{i.position}. {i.title}", i.id) for i in self.detail.items)]
        dialog = MeetFormDialog(
            self._ctx, _("A correction of the minutes"),
            [("item", pgettext("meeting", "&Item"), combo(items)),
             ("correction", _("&Correction"), text_box()),
             ("reason", _("&Reason"), line("", _("required")))],
            lambda v: lambda c: minutes.amend_minutes(
                c, actor=actor, meeting_id=meeting_id, correction=v["correction"],
                reason=v["reason"], item_id=v["item"]),
            self, note=_("Approved minutes are not edited: the correction is kept beside "
                         "them, with its reason."))
        self._dialog(dialog, lambda _a: _("The correction is kept."))

    def print_paper(self, what: str) -> None:
        """会议通知, 签到表, 会议记录 or 公示 as a PDF, saved where chosen, then shown (the
        printing is audited by the service)."""
        if self.detail is None:
            return
        number = self.detail.meeting.number
        path = self.choose_path(_("Save the paper"), f"{number}-{what}.pdf")
        if path is None:
            return
        actor, meeting_id = self._ctx.actor, self.meeting_id
        make = getattr(printouts, f"print_{what.replace('-', '_')}")

        def done(saved) -> None:
            self.say(_("Saved as {path}.").format(path=saved))
            self.show_file(saved)

        self._ctx.worker.run(lambda c: make(c, actor=actor, meeting=meeting_id, path=path),
                             on_done=done, on_error=self.failed)

    def typed(self) -> bool:
        """Text in the minutes' boxes that is not kept yet."""
        item = self.current_item()
        if item is None or self.locked:
            return False
        return (value_of(self.summary), value_of(self.motion), value_of(self.decision)) != (
            item.summary, item.motion, item.decision)

    def reject(self) -> None:
        if self.typed() and not self.ask(_("Leave without saving"), _(
                "What was typed here is not saved. Leave it?")):
            return
        super().reject()
