"""落实: what happens after a meeting (会后有结果，落实有回音). A meeting is chosen at the top;
then 公示与异议 (the decisions posted, with their dates and where objections go; the objections
received, their answers and a re-hearing), 任务 (every meeting's tasks, the soonest due first,
overdue ones said so; progress and done) and 评议 (the residents' evaluation of a decision
carried out: counts and the satisfaction rate)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from neighborcenter.core.roles import Permission
from neighborcenter.features.meetings import followup, meetings
from neighborcenter.features.meetings.followup import (
    EvaluationRow,
    NoticeRow,
    ObjectionRow,
    TaskRow,
)
from neighborcenter.features.meetings.meetings import ItemRow, MeetingDetail
from neighborcenter.features.meetings.rules.followup import FollowUpState
from neighborcenter.features.meetings.rules.minutes import MinutesState
from neighborcenter.features.meetings.rules.notices import POSTING_DAYS
from neighborcenter.i18n import _, ngettext, pgettext
from neighborcenter.ui.common.dialogs import button, combo, fit_placeholder, line, number_box
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, fit_columns, rows_table
from neighborcenter.ui.context import AppContext

from .base import MeetFormDialog, MeetTab, date_text, day, sentence_label, text_box

NOTICE_COLUMNS: list[Column[NoticeRow]] = [
    Column(lambda: _("Agenda item"), lambda n: n.item_title),
    Column(lambda: _("Posted from"), lambda n: day(n.starts_on), lambda n: n.starts_on),
    Column(lambda: _("Until"), lambda n: day(n.ends_on), lambda n: n.ends_on),
    Column(lambda: _("Objections"), lambda n: str(n.objections), align_right=True),
    Column(lambda: _("Objections to"), lambda n: n.objections_to),
    Column(lambda: _("Decision"), lambda n: n.decision),
]

OBJECTION_COLUMNS: list[Column[ObjectionRow]] = [
    Column(lambda: _("Received"), lambda o: day(o.received_on), lambda o: o.received_on),
    Column(lambda: pgettext("objection", "From"), lambda o: o.from_name or _("Anonymous")),
    Column(lambda: _("Objection"), lambda o: o.text),
    Column(lambda: _("Answer"), lambda o: o.answer + ("　" + _("(re-hearing)")
                                                      if o.rehearing else "")),
]

TASK_COLUMNS: list[Column[TaskRow]] = [
    Column(lambda: pgettext("task", "Due"), lambda t: day(t.due_on), lambda t: t.due_on),
    Column(lambda: _("State"), lambda t: t.state.label),
    Column(lambda: _("Task"), lambda t: t.description),
    Column(lambda: _("Owner"), lambda t: t.owner),
    Column(lambda: _("Meeting"), lambda t: f"{t.meeting_number} {t.item_title}"),
    Column(lambda: _("Latest progress"), lambda t: t.last_update),
]

EVALUATION_COLUMNS: list[Column[EvaluationRow]] = [
    Column(lambda: _("Date"), lambda e: day(e.on), lambda e: e.on),
    Column(lambda: _("Satisfied"), lambda e: str(e.satisfied), align_right=True),
    Column(lambda: _("Fairly satisfied"), lambda e: str(e.fairly), align_right=True),
    Column(lambda: _("Dissatisfied"), lambda e: str(e.dissatisfied), align_right=True),
    Column(lambda: _("Satisfaction rate"), lambda e: e.rate, align_right=True),
    Column(lambda: _("What residents said"), lambda e: e.notes),
]


def passed_items(detail: MeetingDetail | None) -> list[ItemRow]:
    return [i for i in (detail.items if detail else ()) if i.outcome and i.outcome.passed]


def _table(model: RowTableModel, lines: int = 4):
    table = rows_table(model)
    table.setMinimumHeight(table.fontMetrics().height() * lines)
    return table


class FollowUpTab(MeetTab):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        may = ctx.actor.can(Permission.RECORD_MEETINGS)
        self.details: list[MeetingDetail] = []
        top = QHBoxLayout()
        self.meeting = combo([])
        self.meeting.activated.connect(lambda *_a: self.meeting_chosen())
        label = QLabel(_("Meeti&ng"))
        label.setBuddy(self.meeting)
        top.addWidget(label)
        top.addWidget(self.meeting, 1)
        self.column.addLayout(top)
        self._message_line = True
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.column.addWidget(self.message)
        self.parts = QTabWidget()
        self.parts.addTab(self._notices_part(may), _("Notices and &objections"))
        self.parts.addTab(self._tasks_part(may), _("Tas&ks"))
        self.parts.addTab(self._evaluation_part(may), _("Resi&dents' evaluation"))
        self.column.addWidget(self.parts, 1)
        self._update()

    # ------------------------------------------------------------------------- parts
    def _notices_part(self, may: bool) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = FlowLayout()
        self.post_button = button(row, _("&Post a decision…"), self.post_notice, shown=may)
        self.objection_button = button(row, _("Record an ob&jection…"), self.record_objection,
                                       shown=may)
        self.answer_button = button(row, _("Ans&wer…"), self.answer, shown=may)
        column.addLayout(row)
        self.notices: RowTableModel[NoticeRow] = RowTableModel(NOTICE_COLUMNS, self)
        self.notices_table = _table(self.notices, 3)
        self.notices_table.selectionModel().selectionChanged.connect(self.notice_chosen)
        column.addWidget(self.notices_table, 1)
        self.objections: RowTableModel[ObjectionRow] = RowTableModel(OBJECTION_COLUMNS, self)
        self.objections_table = _table(self.objections, 3)
        self.objections_table.selectionModel().selectionChanged.connect(self._update)
        column.addWidget(self.objections_table, 1)
        return page

    def _tasks_part(self, may: bool) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = FlowLayout()
        self.task_button = button(row, _("New ta&sk…"), self.add_task, shown=may)
        self.progress_button = button(row, _("P&rogress…"), self.progress, shown=may)
        self.open_only = QCheckBox(_("&Hide finished tasks"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda *_a: self.load_tasks())
        row.addWidget(self.open_only)
        column.addLayout(row)
        self.overdue = sentence_label("overdue")
        column.addWidget(self.overdue)
        self.tasks: RowTableModel[TaskRow] = RowTableModel(TASK_COLUMNS, self)
        self.tasks_table = _table(self.tasks)
        self.tasks_table.selectionModel().selectionChanged.connect(self._update)
        column.addWidget(self.tasks_table, 1)
        return page

    def _evaluation_part(self, may: bool) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        self.item = combo([])
        self.item.activated.connect(lambda *_a: self.load_evaluations())
        label = QLabel(pgettext("meeting", "&Item"))
        label.setBuddy(self.item)
        row.addWidget(label)
        row.addWidget(self.item, 1)
        self.evaluate_button = button(row, _("&Record an evaluation…"), self.evaluate,
                                      shown=may)
        column.addLayout(row)
        self.evaluations: RowTableModel[EvaluationRow] = RowTableModel(EVALUATION_COLUMNS,
                                                                       self)
        self.evaluations_table = _table(self.evaluations, 3)
        column.addWidget(self.evaluations_table, 1)
        return page

    # ------------------------------------------------------------------------- reading
    def reload(self) -> None:
        actor = self._ctx.actor
        self.run(lambda c: meetings.list_meetings(c, actor=actor), self._meetings)

    def _meetings(self, details: list[MeetingDetail]) -> None:
        keep = self.meeting.currentData()
        self.details = [d for d in details if not d.meeting.cancelled]
        self.meeting.clear()
        for d in self.details:
            m = d.meeting
            self.meeting.addItem(f"{m.number}　{day(m.starts_at.astimezone().date())}　"
                                 f"{m.title}　{m.minutes_state.label}", m.id)
        if keep is None:  # at first, the latest meeting whose minutes are approved
            keep = next((d.meeting.id for d in self.details
                         if d.meeting.minutes_state == MinutesState.APPROVED), None)
        if keep is not None and self.meeting.findData(keep) >= 0:
            self.meeting.setCurrentIndex(self.meeting.findData(keep))
        self.meeting_chosen()
        self.load_tasks()

    def current(self) -> MeetingDetail | None:
        wanted = self.meeting.currentData()
        return next((d for d in self.details if d.meeting.id == wanted), None)

    def meeting_chosen(self) -> None:
        detail = self.current()
        keep = self.item.currentData()
        self.item.clear()
        for i in passed_items(detail):
            self.item.addItem(f"{i.position}. {i.title}", i.id)
        if keep is not None and self.item.findData(keep) >= 0:
            self.item.setCurrentIndex(self.item.findData(keep))
        self.load_evaluations()
        self.notices.set_rows([])
        self.objections.set_rows([])
        for table in (self.notices_table, self.objections_table):
            fit_columns(table, ())
        self._update()
        if detail is None:
            return
        actor, meeting_id = self._ctx.actor, detail.meeting.id
        self.run(lambda c: followup.notices(c, actor=actor, meeting_id=meeting_id),
                 self._notices)

    def _notices(self, rows: list[NoticeRow]) -> None:
        keep = chosen_one(self.notices_table)
        self.notices.set_rows(rows)
        fit_columns(self.notices_table, (5, 4))  # too narrow: the decision, then where to
        position = next((n for n, r in enumerate(rows) if keep and r.id == keep.id), 0)
        if rows:
            self.notices_table.selectRow(position)
        self._update()

    def notice_chosen(self, *_args) -> None:
        notice = chosen_one(self.notices_table)
        self._update()
        if notice is None:
            self.objections.set_rows([])
            return
        actor = self._ctx.actor
        self.run(lambda c: followup.objections_of(c, actor=actor, notice_id=notice.id),
                 self._objections)

    def _objections(self, rows: list[ObjectionRow]) -> None:
        self.objections.set_rows(rows)
        fit_columns(self.objections_table, ())
        if rows:
            self.objections_table.selectRow(0)
        self._update()

    def load_tasks(self) -> None:
        actor, today, only = self._ctx.actor, self.today(), self.open_only.isChecked()
        self.run(lambda c: followup.list_tasks(c, actor=actor, today=today, open_only=only),
                 self._tasks)

    def _tasks(self, rows: list[TaskRow]) -> None:
        keep = chosen_one(self.tasks_table)
        self.tasks.set_rows(rows)
        fit_columns(self.tasks_table, (5, 4))
        late = sum(1 for t in rows if t.state == FollowUpState.OVERDUE)
        self.overdue.setText(ngettext("{n} task is overdue.", "{n} tasks are overdue.",
                                      late).format(n=late) if late else "")
        position = next((n for n, r in enumerate(rows) if keep and r.id == keep.id), 0)
        if rows:
            self.tasks_table.selectRow(position)
        self._update()

    def load_evaluations(self) -> None:
        item_id = self.item.currentData()
        self.evaluations.set_rows([])
        if item_id is None:
            return
        actor = self._ctx.actor
        self.run(lambda c: followup.evaluations_of(c, actor=actor, item_id=item_id),
                 self._evaluations)

    def _evaluations(self, rows: list[EvaluationRow]) -> None:
        self.evaluations.set_rows(rows)
        fit_columns(self.evaluations_table, ())

    def _update(self, *_args) -> None:
        detail = self.current()
        objection = chosen_one(self.objections_table)
        task = chosen_one(self.tasks_table)
        self.post_button.setEnabled(bool(passed_items(detail) or (
            detail and any(i.decision for i in detail.items))))
        self.objection_button.setEnabled(chosen_one(self.notices_table) is not None)
        self.answer_button.setEnabled(objection is not None and not objection.answer)
        self.task_button.setEnabled(bool(passed_items(detail)))
        self.progress_button.setEnabled(task is not None and task.state != FollowUpState.DONE)
        self.evaluate_button.setEnabled(self.item.currentData() is not None)

    def show_tasks(self) -> None:
        self.parts.setCurrentIndex(1)
        self.tasks_table.setFocus()

    # ------------------------------------------------------------------------- actions
    def _dialog(self, dialog: MeetFormDialog, said) -> None:
        if self.run_dialog(dialog) and dialog.result_value is not None:
            self.say(said(dialog.result_value))
            self.reload()

    def _items_box(self):
        detail = self.current()
        return combo([(f"{i.position}. {i.title}", i.id) for i in (detail.items if detail
                                                                   else ()) if i.decision])

    def post_notice(self) -> None:
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("Post a decision (公示)"),
            [("item", pgettext("meeting", "&Item"), self._items_box()),
             ("starts_on", _("&Starts on"), line(date_text(today), _("e.g. 2026-01-31"))),
             ("days", _("&Days posted"), number_box(line(str(POSTING_DAYS)), 4)),
             ("objections_to", _("&Objections go to"), fit_placeholder(line("", _(
                 "required, e.g. 居委会办公室，电话 12345678"))))],
            lambda v: lambda c: followup.post_notice(
                c, actor=actor, item_id=v["item"], objections_to=v["objections_to"],
                starts_on=v["starts_on"], days=v["days"], today=today), self)
        self._dialog(dialog, lambda n: _("Posted from {first} to {last}.").format(
            first=day(n.starts_on), last=day(n.ends_on)))

    def record_objection(self) -> None:
        notice = chosen_one(self.notices_table)
        if notice is None:
            return
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("An objection"),
            [("from_name", _("Ob&jector"), line("", _("may be left out"))),
             ("text", _("&Objection"), text_box()),
             ("received_on", _("&Received on"), line(date_text(today), _("e.g. 2026-01-31")))],
            lambda v: lambda c: followup.record_objection(
                c, actor=actor, notice_id=notice.id, text_=v["text"],
                from_name=v["from_name"], received_on=v["received_on"], today=today), self)
        self._dialog(dialog, lambda _o: _("The objection is recorded."))

    def answer(self) -> None:
        objection = chosen_one(self.objections_table)
        if objection is None:
            return
        actor = self._ctx.actor
        dialog = MeetFormDialog(
            self._ctx, _("The answer to an objection"),
            [("answer", _("Ans&wer"), text_box()),
             ("rehearing", "", QCheckBox(_("Send the decision to a &re-hearing (复议)")))],
            lambda v: lambda c: followup.answer_objection(
                c, actor=actor, objection_id=objection.id, answer=v["answer"],
                rehearing=v["rehearing"]), self,
            note=_("A re-hearing puts the topic on a later meeting's agenda."))
        self._dialog(dialog, lambda _o: _("The answer is recorded."))

    def add_task(self) -> None:
        detail = self.current()
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("A task of a decision"),
            [("item", pgettext("meeting", "&Item"), combo([(f"{i.position}. {i.title}", i.id)
                                         for i in passed_items(detail)])),
             ("description", _("&Task"), fit_placeholder(line("", _("required")))),
             ("owner", _("&Owner"), line("", _("required"))),
             ("due_on", pgettext("task", "&Due"), line("", _("e.g. 2026-01-31")))],
            lambda v: lambda c: followup.add_task(
                c, actor=actor, item_id=v["item"], description=v["description"],
                owner=v["owner"], due_on=v["due_on"], today=today), self)
        self._dialog(dialog, lambda t: _("Task added, due {day}.").format(day=day(t.due_on)))

    def progress(self) -> None:
        task = chosen_one(self.tasks_table)
        if task is None:
            return
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("Progress on a task"),
            [("note", pgettext("task", "&What happened"), text_box()),
             ("done", "", QCheckBox(_("The task is &done"))),
             ("on", _("O&n"), line(date_text(today), _("e.g. 2026-01-31")))],
            lambda v: lambda c: followup.update_task(
                c, actor=actor, task_id=task.id, note=v["note"], done=v["done"],
                on=v["on"], today=today), self, note=task.description)
        self._dialog(dialog, lambda t: _("{task}: {state}.").format(task=t.description,
                                                                   state=t.state.label))

    def evaluate(self) -> None:
        item_id = self.item.currentData()
        if item_id is None:
            return
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("The residents' evaluation"),
            [("satisfied", _("&Satisfied"), number_box(line("0"), 5)),
             ("fairly", _("Fairly satisfi&ed"), number_box(line("0"), 5)),
             ("dissatisfied", _("D&issatisfied"), number_box(line("0"), 5)),
             ("notes", _("What residents sai&d"), text_box()),
             ("on", _("O&n"), line(date_text(today), _("e.g. 2026-01-31")))],
            lambda v: lambda c: followup.evaluate(
                c, actor=actor, item_id=item_id, satisfied=v["satisfied"], fairly=v["fairly"],
                dissatisfied=v["dissatisfied"], notes=v["notes"], on=v["on"], today=today),
            self)
        self._dialog(dialog, lambda e: _("Satisfaction rate: {rate}.").format(rate=e.rate))
