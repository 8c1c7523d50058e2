"""学期: the terms of the after-school class (dates, weekdays, days without class, places, and
how many children are accepted, waiting and applied in each), and the class's settings (when
it starts and closes, the late pick-up ladder, how many adults may collect a child, pick-up
slips, what a duty counts for) for those who may change the centre's settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom import settings as class_settings
from neighborcenter.features.classroom.rules import LADDER, Step
from neighborcenter.features.classroom.settings import ClassSettings
from neighborcenter.features.classroom.ui.manage_base import (
    ClassFormDialog,
    ManageTab,
    day,
    iso,
    multi_line,
)
from neighborcenter.i18n import N_, _, ngettext
from neighborcenter.ui.common.dialogs import button, line, number_box, number_value
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.settings_dialog import SettingsDialog, buddy_groups, grid_box
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, select_where
from neighborcenter.ui.context import AppContext


def dates_text(t: enrolment.TermRow) -> str:
    return _("{start} – {end}").format(start=day(t.starts_on), end=day(t.ends_on))


TERM_COLUMNS: list[Column[enrolment.TermRow]] = [
    Column(lambda: _("Term"), lambda t: t.name),
    Column(lambda: _("Dates"), dates_text),
    Column(lambda: _("Places"), lambda t: str(t.places), align_right=True),
    Column(lambda: _("Accepted"), lambda t: str(t.accepted), align_right=True),
    Column(lambda: _("Waiting list"), lambda t: str(t.waiting), align_right=True),
    Column(lambda: _("Applied"), lambda t: str(t.applied), align_right=True),
    Column(lambda: _("Weekdays"), lambda t: t.weekdays_text),
    Column(lambda: _("Days without class"), lambda t: str(len(t.closed_days)),
           align_right=True),
    Column(lambda: _("Notes"), lambda t: t.notes),
]


def term_dialog(ctx: AppContext, term: enrolment.TermRow | None, parent=None
                ) -> ClassFormDialog:
    """A new term, or a term's dates, weekdays, days without class and places."""
    actor, term_id = ctx.actor, term.id if term else None
    closed = "\n".join(d.isoformat() for d in term.closed_days) if term else ""

    def job(v):
        form = enrolment.TermForm(name=v["name"], starts_on=v["starts_on"],
                                  ends_on=v["ends_on"], weekdays=v["weekdays"],
                                  closed_days=v["closed_days"], places=v["places"],
                                  notes=v["notes"])
        return lambda c: enrolment.save_term(c, actor=actor, form=form, term_id=term_id)

    title = _("Edit the term {name}").format(name=term.name) if term else _("New term")
    return ClassFormDialog(ctx, title, [
        ("name", _("Term &name"), line(term.name if term else "",
                                             _("e.g. Autumn term 2026"))),
        ("starts_on", _("F&irst day"), line(iso(term.starts_on) if term else "",
                                             _("e.g. 2026-09-01"))),
        ("ends_on", _("&Last day"), line(iso(term.ends_on) if term else "",
                                          _("e.g. 2027-01-20"))),
        ("weekdays", _("&Weekdays"), line(term.weekdays if term else "12345",
                                          _("1 (Monday) to 7 (Sunday), e.g. 12345"))),
        ("closed_days", _("&Days without class"), multi_line(closed)),
        ("places", _("&Places"), number_box(line(str(term.places) if term else "30"), 4)),
        ("notes", _("N&otes"), line(term.notes if term else "")),
    ], job, parent, note=_("Days without class (holidays, school trips): one date per line, "
                           "e.g. 2026-10-01."))


class TermsTab(ManageTab):
    DROP = (8, 7, 5, 6)  # notes, days without class, applied, weekdays

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New term…"), self.new_term)
        self.edit_button = button(actions, _("&Edit term…"), self.edit_chosen)
        self.settings_button = button(actions, _("Se&ttings…"), self.open_settings,
                                      ctx.actor.can(Permission.MANAGE_SETTINGS))
        self.column.addLayout(actions)
        self.list_area(RowTableModel(TERM_COLUMNS, self), self.edit)
        self._update()

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: enrolment.list_terms(c, actor=actor),
                             on_done=self._show, on_error=self.refused)

    def _show(self, terms: list[enrolment.TermRow]) -> None:
        keep = chosen_one(self.table)
        self.model.set_rows(terms)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda t: t.id == keep.id)
        elif terms:
            self.table.selectRow(0)
        self.count.setText(ngettext("{n} term", "{n} terms", len(terms)).format(n=len(terms)))
        self.empty.setText(_("No terms yet. A new term: its dates, the weekdays the class runs "
                             "and how many places it has."))
        self.empty.setVisible(not terms)

    def _update(self, *_args) -> None:
        self.edit_button.setEnabled(chosen_one(self.table) is not None)

    def _open(self, term: enrolment.TermRow | None) -> None:
        dialog = term_dialog(self._ctx, term, self)
        if dialog.exec():
            self.say(_("The term {name} is saved.").format(name=dialog.values()["name"]))
        dialog.deleteLater()

    def new_term(self) -> None:
        self._open(None)

    def edit(self, term: enrolment.TermRow) -> None:
        self._open(term)

    def edit_chosen(self) -> None:
        term = chosen_one(self.table)
        if term is not None:
            self.edit(term)

    def open_settings(self) -> None:
        dialog = ClassSettingsDialog(self._ctx, self)
        dialog.exec()
        dialog.deleteLater()


# ------------------------------------------------------------------------------- settings


class ClassSettingsDialog(SettingsDialog):
    title = N_("After-school class settings")
    note = N_("The times apply to class days from the next one on; a day already begun "
              "keeps its closing time.")

    def build(self, form: QFormLayout) -> tuple[dict[str, QWidget], QWidget]:
        self.starts_at = number_box(line(placeholder="15:30"), 5)
        self.closes_at = number_box(line(placeholder="17:30"), 5)

        ladder_box, ladder_grid = grid_box()
        self.ladder: dict[Step, QLineEdit] = {}
        for position, step in enumerate(LADDER):
            edit = number_box(line(), 4)
            label = QLabel(step.label)
            label.setBuddy(edit)
            ladder_grid.addWidget(label, position, 0)
            ladder_grid.addWidget(edit, position, 1)
            self.ladder[step] = edit
        ladder_grid.setColumnStretch(2, 1)

        adults_box, adults_grid = grid_box()
        self.least, self.most = number_box(line(), 2), number_box(line(), 2)
        adults_grid.addWidget(QLabel(_("at least")), 0, 0)
        adults_grid.addWidget(self.least, 0, 1)
        adults_grid.addWidget(QLabel(_("at most")), 0, 2)
        adults_grid.addWidget(self.most, 0, 3)
        adults_grid.setColumnStretch(4, 1)

        self.slips = QCheckBox(_("The adult shows a printed pick-&up slip with the child's "
                                 "code"))
        self.duty_minutes = number_box(line(), 4)

        form.addRow(_("Class &starts at"), self.starts_at)
        form.addRow(_("Class &closes at"), self.closes_at)
        form.addRow(_("Late pick-up ste&ps (minutes after closing)"), ladder_box)
        form.addRow(_("A&dults who may collect a child"), adults_box)
        form.addRow("", self.slips)
        form.addRow(_("A duty counts for (&minutes)"), self.duty_minutes)
        buddy_groups(form, ((ladder_box, self.ladder[LADDER[0]]), (adults_box, self.least)))
        return {"starts_at": self.starts_at, "closes_at": self.closes_at, "ladder": ladder_box,
                "collectors": adults_box, "pickup_slips": self.slips,
                "duty_minutes": self.duty_minutes}, self.starts_at

    @staticmethod
    def read(centre, actor) -> ClassSettings:
        return class_settings.get_class_settings(centre, actor=actor)

    @staticmethod
    def write(centre, actor, settings: ClassSettings) -> None:
        class_settings.save_class_settings(centre, actor=actor, settings=settings)

    def fill(self, s: ClassSettings) -> None:
        self.starts_at.setText(s.starts_at)
        self.closes_at.setText(s.closes_at)
        for step, edit in self.ladder.items():
            edit.setText(str(s.ladder.get(step, 0)))
        self.least.setText(str(s.least_collectors))
        self.most.setText(str(s.most_collectors))
        self.slips.setChecked(s.pickup_slips)
        self.duty_minutes.setText(str(s.duty_minutes))

    def settings(self) -> ClassSettings:
        minutes = _("Write whole minutes.")
        return ClassSettings(
            starts_at=self.starts_at.text(), closes_at=self.closes_at.text(),
            ladder={step: number_value(edit, "ladder", minutes)
                    for step, edit in self.ladder.items()},
            least_collectors=number_value(self.least, "collectors",
                                          _("Write a whole number.")),
            most_collectors=number_value(self.most, "collectors", _("Write a whole number.")),
            pickup_slips=self.slips.isChecked(),
            duty_minutes=number_value(self.duty_minutes, "duty_minutes", minutes))
