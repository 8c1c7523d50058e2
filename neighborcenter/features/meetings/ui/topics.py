"""议题: the topics, newest first, searchable and by stage. 新议题 takes one in (a residents'
signed proposal, or one raised by a committee); 立项 accepts it, 不予立项 declines it with the
reason the proposer is told; 历史 shows its steps, each dated and attributed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout

from neighborcenter.core.roles import Permission
from neighborcenter.features.meetings import topics
from neighborcenter.features.meetings.rules.topics import TopicCategory, TopicSource, TopicStage
from neighborcenter.features.meetings.topics import StepRow, TopicForm, TopicRow
from neighborcenter.i18n import _, pgettext
from neighborcenter.ui.common.dialogs import (
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    number_box,
)
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, fit_columns, rows_table
from neighborcenter.ui.context import AppContext

from .base import MeetFormDialog, MeetTab, date_text, day, text_box

TOPIC_COLUMNS: list[Column[TopicRow]] = [
    Column(lambda: _("Number"), lambda t: t.number),
    Column(lambda: _("Topic"), lambda t: t.title),
    Column(lambda: _("Category"), lambda t: t.category.label),
    Column(lambda: _("Proposer"), lambda t: t.proposer),
    Column(lambda: _("Stage"), lambda t: t.stage.label),
    Column(lambda: _("Last step"), lambda t: day(t.last_step_on), lambda t: t.last_step_on),
]

STEP_COLUMNS: list[Column[StepRow]] = [
    Column(lambda: _("Date"), lambda s: day(s.on)),
    Column(lambda: _("Stage"), lambda s: s.to_stage.label),
    Column(lambda: _("By"), lambda s: s.by),
    Column(lambda: _("Reason"), lambda s: s.reason),
]


class TopicDialog(MeetFormDialog):
    """新议题: what, which kind, from whom, when; a residents' proposal is written and signed."""

    def __init__(self, ctx: AppContext, today, parent=None) -> None:
        actor = ctx.actor
        self.title_box = fit_placeholder(line("", _("required, e.g. 垃圾投放点迁移")))
        self.signed = QCheckBox(_("The written proposal is si&gned"))
        fields = [
            ("title", _("&Title"), self.title_box),
            ("description", _("&Description"), text_box()),
            ("category", _("&Category"), combo([(c.label, c) for c in TopicCategory])),
            ("source", _("Sou&rce"), combo([(s.label, s) for s in TopicSource])),
            ("proposer", _("&Proposer"), line("", _("the resident, or who raised it"))),
            ("signed", "", self.signed),
            ("supporters", _("Further &signatures"), number_box(line("0"), 6)),
            ("proposed_on", _("Proposed &on"), line(date_text(today), _("e.g. 2026-01-31"))),
        ]

        def job(v):
            form = TopicForm(title=v["title"], category=v["category"], source=v["source"],
                             description=v["description"], proposer=v["proposer"],
                             signed=v["signed"], supporters=v["supporters"],
                             proposed_on=v["proposed_on"])
            return lambda c: topics.save_topic(c, actor=actor, form=form, today=today)

        super().__init__(ctx, _("New topic"), fields, job, parent)


class HistoryDialog(QDialog):
    """历史: every step of a topic, when, who, why."""

    def __init__(self, topic: TopicRow, steps: list[StepRow], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of {number}").format(number=topic.number))
        column = QVBoxLayout(self)
        heading = QLabel(f"{topic.number}　{topic.title}")
        heading.setWordWrap(True)
        column.addWidget(heading)
        self.model: RowTableModel[StepRow] = RowTableModel(STEP_COLUMNS, self)
        self.model.set_rows(steps)
        self.table = rows_table(self.model)
        column.addWidget(self.table, 1)
        column.addWidget(close_buttons(self))
        self.setMinimumWidth(560)
        fit_columns(self.table, ())
        fit_to_screen(self)


class TopicsTab(MeetTab):
    DROP = (3, 2, 5)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        may = ctx.actor.can(Permission.RECORD_MEETINGS)
        search_row = QHBoxLayout()
        self.search = fit_placeholder(line("", _("number, words of the title, proposer")))
        self.search.returnPressed.connect(self.reload)
        search_label = QLabel(_("&Search"))
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        self.stage = combo([(_("All stages"), None), *((s.label, s) for s in TopicStage)])
        self.stage.activated.connect(self.reload)
        stage_label = QLabel(_("Sta&ge"))
        stage_label.setBuddy(self.stage)
        search_row.addWidget(stage_label)
        search_row.addWidget(self.stage)
        self.column.addLayout(search_row)
        row = FlowLayout()
        self.new_button = button(row, _("&New topic"), self.new_topic, shown=may)
        self.accept_button = button(row, _("Acce&pt as a topic"), self.accept_topic, shown=may)
        self.decline_button = button(row, pgettext("topic", "&Decline…"), self.decline_topic,
                                     shown=may)
        self.history_button = button(row, _("&History"), self.history)
        self.column.addLayout(row)
        self.list_area(RowTableModel(TOPIC_COLUMNS, self), lambda t: self.history())
        self._update()

    def reload(self) -> None:
        actor, query, stage = self._ctx.actor, self.search.text(), self.stage.currentData()
        stages = (stage,) if stage is not None else ()
        self.run(lambda c: topics.list_topics(c, actor=actor, query=query, stages=stages),
                 self._shown)

    def _shown(self, rows: list[TopicRow]) -> None:
        self.show_rows(rows)
        self.empty.setVisible(not rows)
        self.count.setText(_("{n} topics").format(n=len(rows)))

    def _update(self, *_args) -> None:
        topic = chosen_one(self.table)
        waiting = topic is not None and topic.stage == TopicStage.COLLECTED
        self.accept_button.setEnabled(waiting)
        self.decline_button.setEnabled(waiting)
        self.history_button.setEnabled(topic is not None)

    def new_topic(self) -> None:
        dialog = TopicDialog(self._ctx, self.today(), self)
        if self.run_dialog(dialog) and dialog.result_value is not None:
            self.say(_("Topic {number} taken in.").format(number=dialog.result_value.number))
            self.reload()

    def accept_topic(self) -> None:
        self._move(TopicStage.ACCEPTED, "")

    def decline_topic(self) -> None:
        topic = chosen_one(self.table)
        if topic is None:
            return
        actor, today = self._ctx.actor, self.today()
        dialog = MeetFormDialog(
            self._ctx, _("Decline {number}").format(number=topic.number),
            [("reason", _("&Reason"), fit_placeholder(line("", _(
                "required: the proposer is told why"))))],
            lambda v: lambda c: topics.move_topic(c, actor=actor, topic_id=topic.id,
                                                  to=TopicStage.DECLINED,
                                                  reason=v["reason"], on=today),
            self, action=_("&Decline"))
        if self.run_dialog(dialog) and dialog.result_value is not None:
            self.say(_("{number}: {stage}.").format(number=topic.number,
                                                     stage=TopicStage.DECLINED.label))
            self.reload()

    def _move(self, to: TopicStage, reason: str) -> None:
        topic = chosen_one(self.table)
        if topic is None:
            return
        actor, today = self._ctx.actor, self.today()

        def done(row: TopicRow) -> None:
            self.say(_("{number}: {stage}.").format(number=row.number, stage=row.stage.label))
            self.reload()

        self.run(lambda c: topics.move_topic(c, actor=actor, topic_id=topic.id, to=to,
                                             reason=reason, on=today), done)

    def history(self) -> None:
        topic = chosen_one(self.table)
        if topic is None:
            return
        actor = self._ctx.actor
        self.run(lambda c: topics.topic_history(c, actor=actor, topic_id=topic.id),
                 lambda steps: self.run_dialog(HistoryDialog(topic, steps, self)))
