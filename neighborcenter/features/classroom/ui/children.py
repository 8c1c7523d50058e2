"""儿童与报名: a term's applications in waiting-list order (留守 and migrant children first) with
what each still needs before it can be accepted, and the decisions (录取, 候补, 不录取, 退出);
the children on the class's list with their records (school, health notes, the guardian's
consent and the safety agreement) and the adults around each child (guardians, those who may
collect, those who must not) — an adult is taken off the list with a reason, never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import CLASSROOM, enrolment
from neighborcenter.features.classroom.rules import (
    MIN_AGE_ALONE,
    AdultKind,
    EnrolmentStatus,
    weekdays_text,
)
from neighborcenter.features.classroom.ui.manage_base import (
    ClassFormDialog,
    ManageTab,
    NameBox,
    day,
    iso,
    labelled,
    multi_line,
    unmatched,
)
from neighborcenter.features.register import registry
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import (
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    reload_while_open,
    today_line,
    value_of,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import show_in
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, rows_table, select_where
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import is_large_print

LISTS = ("applications", "children")


def age_text(age: int | None) -> str:
    return "" if age is None else str(age)


def school_text(school: str, grade: str, class_name: str) -> str:
    return "　".join(p for p in (school, f"{grade}{class_name}") if p)


def missing_text(r: enrolment.EnrolmentRow) -> str:
    if r.status in (EnrolmentStatus.ACCEPTED, EnrolmentStatus.DECLINED,
                    EnrolmentStatus.WITHDRAWN):
        return ""
    if not r.problems:
        return "✓ " + _("Ready to accept")
    return "⚠ " + _("; ").join(r.problems)


def status_text(r: enrolment.EnrolmentRow) -> str:
    marks = {EnrolmentStatus.ACCEPTED: "✓ ", EnrolmentStatus.DECLINED: "✗ ",
             EnrolmentStatus.WITHDRAWN: "✗ "}
    return marks.get(r.status, "") + r.status.label


APPLICATION_COLUMNS: list[Column[enrolment.EnrolmentRow]] = [
    Column(lambda: _("Status"), status_text),
    Column(lambda: _("Name"), lambda r: r.name),
    Column(lambda: _("Age"), lambda r: age_text(r.age), align_right=True),
    Column(lambda: _("School and class"), lambda r: school_text(r.school, r.grade,
                                                                 r.class_name)),
    Column(lambda: _("Weekdays"), lambda r: weekdays_text(r.weekdays)),
    Column(lambda: _("Waiting-list priority"),
           lambda r: _("Left-behind/migrant first") if r.priority else ""),
    Column(lambda: _("How many may collect"), lambda r: str(r.collectors), align_right=True),
    Column(lambda: _("Applied on"), lambda r: day(r.applied_on)),
    Column(lambda: _("Applied by"), lambda r: r.applied_by),
    Column(lambda: _("Reason"), lambda r: r.reason),
    # last: it takes the room left (the refusal of 录取 says it whole)
    Column(lambda: _("Missing for acceptance"), missing_text),
]
APPLICATION_DROP = (9, 8, 3, 7, 2, 4, 6)  # reason, applied by, school, applied on, age,
#                                           weekdays, how many may collect


def _signed(ok: bool) -> str:
    return "✓ " + _("Signed") if ok else "⚠ " + _("Missing")


CHILD_COLUMNS: list[Column[enrolment.ChildRow]] = [
    Column(lambda: _("Name"), lambda c: c.name),
    Column(lambda: _("Age"), lambda c: age_text(c.age), align_right=True),
    Column(lambda: _("School and class"), lambda c: school_text(c.school, c.grade,
                                                                 c.class_name)),
    Column(lambda: _("How many may collect"), lambda c: str(c.collectors), align_right=True),
    Column(lambda: _("Consent"), lambda c: _signed(c.consent_ok)),
    Column(lambda: _("Safety agreement"), lambda c: _signed(c.agreement_ok)),
    Column(lambda: _("Health notes"), lambda c: _("Yes") if c.has_health_notes else ""),
    Column(lambda: _("Left the class"), lambda c: day(c.ended)),
]
CHILD_DROP = (7, 2, 6)  # left, school, health notes


def fit_last_takes_rest(table, drop: tuple[int, ...]) -> None:
    """No sideways scrolling: the last column takes the room left, at least a few words of
    it; the columns in ``drop`` go first, first to last, if there is not that much room."""
    last = table.model().columnCount() - 1
    for column in range(last + 1):
        table.setColumnHidden(column, False)
    table.resizeColumnsToContents()
    room = (table.viewport().width() if table.isVisible() else table.width()) \
        - table.verticalScrollBar().sizeHint().width()
    least = min(table.columnWidth(last), table.fontMetrics().horizontalAdvance("M" * 14))

    def others() -> int:
        return sum(table.columnWidth(c) for c in range(last) if not table.isColumnHidden(c))

    for column in drop:
        if others() + least <= room:
            break
        table.setColumnHidden(column, True)
    if table.columnWidth(last) > room - others():
        table.setColumnWidth(last, max(room - others(), least))


def default_term(terms: list[enrolment.TermRow], today: dt.date) -> str | None:
    """The term running today, else the next one, else the latest."""
    running = [t for t in terms if t.starts_on <= today <= t.ends_on]
    coming = sorted((t for t in terms if t.starts_on > today), key=lambda t: t.starts_on)
    for found in (running, coming, terms):
        if found:
            return found[0].id
    return None


class ChildrenTab(ManageTab):
    """The applications of a term and the children on the list (one at a time, chosen
    above the list)."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        top = FlowLayout()
        self.which = QComboBox()
        for key in LISTS:
            self.which.addItem(self._list_title(key), key)
        self.which.currentIndexChanged.connect(self._list_chosen)
        top.addWidget(labelled(_("&Show"), self.which))
        self.term = QComboBox()
        self.term.activated.connect(self._term_chosen)
        self.term_holder = labelled(_("Ter&m"), self.term)
        top.addWidget(self.term_holder)
        self.ended = QCheckBox(_("&Include those who left"))
        self.ended.toggled.connect(self._show_rows)
        top.addWidget(self.ended)
        self.accept_button = button(top, _("A&ccept"), self.accept_chosen)
        self.wait_button = button(top, _("&Waiting list"), self.wait_chosen)
        self.decline_button = button(top, _("&Decline…"), self.decline_chosen)
        self.withdraw_button = button(top, _("Wit&hdraw…"), self.withdraw_chosen)
        self.new_button = button(top, _("&New child…"), self.new_child)
        self.apply_button = button(top, _("A&pply for a term…"), self.apply_chosen)
        self.edit_button = button(top, _("&Edit the record…"), self.edit_chosen)
        self.adults_button = button(top, _("Ad&ults…"), self.adults_chosen)
        self.leave_button = button(top, _("&Leaves the class…"), self.leave_chosen)
        self.column.addLayout(top)
        self._terms: list[enrolment.TermRow] = []
        self._children: list[enrolment.ChildRow] = []
        self._applications: list[enrolment.EnrolmentRow] = []
        self.term_id: str | None = None
        self.application_model: RowTableModel = RowTableModel(APPLICATION_COLUMNS, self)
        self.child_model: RowTableModel = RowTableModel(CHILD_COLUMNS, self)
        self.list_area(self.application_model, self.open_row)
        self.child_model.modelReset.connect(self._update)
        self._list_chosen()

    @staticmethod
    def _list_title(key: str, n: int | None = None) -> str:
        titles = {"applications": _("Applications"), "children": _("Children on the list")}
        return titles[key] if n is None else _("{title} ({n})").format(title=titles[key], n=n)

    @property
    def list_key(self) -> str:
        return self.which.currentData()

    def show_list(self, key: str) -> None:
        self.which.setCurrentIndex(max(self.which.findData(key), 0))

    def _list_chosen(self, *_args) -> None:
        children = self.list_key == "children"
        model = self.child_model if children else self.application_model
        if self.table.model() is not model:
            self.table.setModel(model)
            self.model = model
            self.table.selectionModel().selectionChanged.connect(self._update)
        self.message.hide()
        self._show_rows()

    # -- reading
    def reload(self) -> None:
        actor, wanted, today = self._ctx.actor, self.term_id, dt.date.today()
        self.today = today

        def job(c):
            terms = enrolment.list_terms(c, actor=actor)
            term_id = wanted if any(t.id == wanted for t in terms) \
                else default_term(terms, today)
            applications = enrolment.list_enrolments(c, actor=actor, term_id=term_id,
                                                     today=today) if term_id else []
            children = enrolment.list_children(c, actor=actor, include_ended=True,
                                               today=today)
            return terms, term_id, applications, children

        self._ctx.worker.run(job, on_done=lambda result: self._show(*result),
                             on_error=self.refused)

    def _term_chosen(self, *_args) -> None:
        self.term_id = self.term.currentData()
        self.message.hide()
        self.reload()

    def _show(self, terms: list[enrolment.TermRow], term_id: str | None,
              applications: list[enrolment.EnrolmentRow],
              children: list[enrolment.ChildRow]) -> None:
        self._terms, self.term_id = terms, term_id
        self._applications, self._children = applications, children
        self.term.clear()
        for t in terms:
            self.term.addItem(t.name, t.id)
        self.term.setCurrentIndex(max(self.term.findData(term_id), 0))
        self.which.setItemText(0, self._list_title("applications", len(applications)))
        self.which.setItemText(1, self._list_title(
            "children", sum(1 for c in children if c.ended is None)))
        self._show_rows()

    def _show_rows(self, *_args) -> None:
        keep = chosen_one(self.table)
        keep_id = getattr(keep, "child_id", None)
        if self.list_key == "children":
            rows: list[Any] = [c for c in self._children
                               if c.ended is None or self.ended.isChecked()]
            self.child_model.set_rows(rows)
            here = sum(1 for c in self._children if c.ended is None)
            self.count.setText(ngettext("{n} child on the class's list",
                                        "{n} children on the class's list",
                                        here).format(n=here))
            self.empty.setText(_("No children on the list yet. A new child: a resident of the "
                                 "register, with their school and the adults who may collect "
                                 "them."))
        else:
            rows = list(self._applications)
            self.application_model.set_rows(rows)
            term = next((t for t in self._terms if t.id == self.term_id), None)
            if term is None:
                self.count.setText("")
                self.empty.setText(_("No terms yet: add one on the Terms tab first."))
            else:
                self.count.setText(_("{term}: {places} places, {accepted} accepted, {waiting} "
                                     "on the waiting list, {applied} to decide. The waiting "
                                     "list is in its order: 留守 and migrant children first, "
                                     "then by the date applied.").format(
                    term=term.name, places=term.places, accepted=term.accepted,
                    waiting=term.waiting, applied=term.applied))
                self.empty.setText(_("No applications for {term} yet.").format(term=term.name))
        self.empty.setVisible(not rows)
        self.fit()
        if keep_id is not None:
            select_where(self.table, lambda r: r.child_id == keep_id)
        self._update()

    def fit(self) -> None:
        if self.list_key == "children":
            from neighborcenter.ui.common.widgets import fit_columns

            fit_columns(self.table, CHILD_DROP)
        else:
            fit_last_takes_rest(self.table, APPLICATION_DROP)

    def _update(self, *_args) -> None:
        if not hasattr(self, "leave_button"):
            return
        applications = self.list_key == "applications"
        row = chosen_one(self.table)
        app = row if isinstance(row, enrolment.EnrolmentRow) else None
        child = row if isinstance(row, enrolment.ChildRow) else None
        self.term_holder.setVisible(applications)
        self.ended.setVisible(not applications)
        for widget in (self.accept_button, self.wait_button, self.decline_button,
                       self.withdraw_button):
            widget.setVisible(applications)
        for widget in (self.new_button, self.leave_button):
            widget.setVisible(not applications)
        undecided = (EnrolmentStatus.APPLIED, EnrolmentStatus.WAITING)
        self.accept_button.setEnabled(app is not None and app.status in undecided)
        self.wait_button.setEnabled(app is not None and app.status in (
            EnrolmentStatus.APPLIED, EnrolmentStatus.ACCEPTED))
        self.decline_button.setEnabled(app is not None and app.status in undecided)
        self.withdraw_button.setEnabled(app is not None and app.status in (
            *undecided, EnrolmentStatus.ACCEPTED))
        open_child = child is not None and child.ended is None
        self.apply_button.setEnabled(bool(self._terms) and (applications or open_child))
        self.edit_button.setEnabled(row is not None)
        self.adults_button.setEnabled(app is not None or open_child)
        self.leave_button.setEnabled(open_child)

    # -- actions on applications
    def open_row(self, row) -> None:
        self.edit_record(row.child_id)

    def _decide(self, row: enrolment.EnrolmentRow, status: EnrolmentStatus, done: str) -> None:
        actor, eid = self._ctx.actor, row.enrolment_id
        self.message.hide()
        self._ctx.worker.run(
            lambda c: enrolment.decide(c, actor=actor, enrolment_id=eid, status=status),
            on_done=lambda _r: self.say(done), on_error=self.refused)

    def accept_chosen(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, enrolment.EnrolmentRow):
            self._decide(row, EnrolmentStatus.ACCEPTED,
                         _("{name} is accepted. Tell the guardian the arrangements and the "
                           "safety rules.").format(name=row.name))

    def wait_chosen(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, enrolment.EnrolmentRow):
            self._decide(row, EnrolmentStatus.WAITING,
                         _("{name} is on the waiting list.").format(name=row.name))

    def _with_reason(self, status: EnrolmentStatus) -> None:
        row = chosen_one(self.table)
        if not isinstance(row, enrolment.EnrolmentRow):
            return
        dialog = decision_dialog(self._ctx, row, status, self)
        if dialog.exec():
            self.say(_("{name}: {status}.").format(name=row.name, status=status.label))
        dialog.deleteLater()

    def decline_chosen(self) -> None:
        self._with_reason(EnrolmentStatus.DECLINED)

    def withdraw_chosen(self) -> None:
        self._with_reason(EnrolmentStatus.WITHDRAWN)

    def apply_chosen(self) -> None:
        row = chosen_one(self.table)
        child_id = getattr(row, "child_id", None)
        dialog = apply_dialog(self._ctx, [c for c in self._children if c.ended is None],
                              self._terms, child_id=child_id, term_id=self.term_id,
                              parent=self)
        if dialog.exec():
            self.say(_("The application is on the list of its term: accept it, or put it on "
                       "the waiting list."))
        dialog.deleteLater()

    # -- actions on children
    def new_child(self) -> None:
        dialog = ChildDialog(self._ctx, parent=self)
        saved = dialog.exec()
        child_id, name = dialog.result_value, dialog.child_name
        dialog.deleteLater()
        if saved and child_id:
            self.say(_("{name} is on the class's list. Add the adults who may collect them; "
                       "then the application.").format(name=name))
            self.open_adults(child_id, name)

    def edit_record(self, child_id: str) -> None:
        dialog = ChildDialog(self._ctx, child_id=child_id, parent=self)
        if dialog.exec():
            self.say(_("{name}'s record is saved.").format(name=dialog.child_name))
        dialog.deleteLater()

    def edit_chosen(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.edit_record(row.child_id)

    def open_adults(self, child_id: str, name: str) -> None:
        dialog = AdultsDialog(self._ctx, child_id, name, self)
        dialog.exec()
        dialog.deleteLater()

    def adults_chosen(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.open_adults(row.child_id, row.name)

    def leave_chosen(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, enrolment.ChildRow):
            dialog = leave_dialog(self._ctx, row, self)
            if dialog.exec():
                self.say(_("{name} has left the class; their days stay on record.").format(
                    name=row.name))
            dialog.deleteLater()


# ------------------------------------------------------------------------------- dialogs


def decision_dialog(ctx: AppContext, row: enrolment.EnrolmentRow, status: EnrolmentStatus,
                    parent=None) -> ClassFormDialog:
    """不录取 or 退出, with the reason."""
    actor, eid = ctx.actor, row.enrolment_id

    def job(v):
        return lambda c: enrolment.decide(c, actor=actor, enrolment_id=eid, status=status,
                                          reason=v["reason"])

    if status == EnrolmentStatus.DECLINED:
        title = _("Not accept {name}").format(name=row.name)
        hint = _("e.g. does not live in the community, no place left and the parents want "
                 "no waiting list")
    else:
        title = _("{name} withdraws").format(name=row.name)
        hint = _("e.g. the parents' work changed, they can collect the child themselves")
    return ClassFormDialog(ctx, title, [
        ("reason", _("&Reason"), fit_placeholder(line(placeholder=hint))),
    ], job, parent, note=_("Tell the guardian the decision and the reason."),
        action=status.label)


def leave_dialog(ctx: AppContext, row: enrolment.ChildRow, parent=None) -> ClassFormDialog:
    actor, cid = ctx.actor, row.child_id

    def job(v):
        return lambda c: enrolment.end_child(c, actor=actor, child_id=cid, on=v["on"],
                                             reason=v["reason"])

    return ClassFormDialog(ctx, _("{name} leaves the class").format(name=row.name), [
        ("on", _("&Leaves on"), today_line()),
        ("reason", _("&Reason"), fit_placeholder(line(
            placeholder=_("e.g. changed school, moved away")))),
    ], job, parent, note=_("Their open applications are withdrawn; the days they came stay "
                           "on record."), action=_("Leaves the class"))


def apply_dialog(ctx: AppContext, children: list[enrolment.ChildRow],
                 terms: list[enrolment.TermRow], *, child_id: str | None = None,
                 term_id: str | None = None, parent=None) -> ClassFormDialog:
    """报名: a child on the list applies for a term, on the weekdays the guardian asks for."""
    actor = ctx.actor
    who = NameBox([(f"{c.name}　{c.grade}{c.class_name}", c.child_id) for c in children])
    if child_id is not None:
        who.setCurrentIndex(max(who.findData(child_id), 0))
    term_box = combo([(t.name, t.id) for t in terms], term_id)
    weekdays = line(placeholder=_("1 (Monday) to 7 (Sunday), e.g. 135"))

    def term_changed(*_args) -> None:
        term = next((t for t in terms if t.id == term_box.currentData()), None)
        if term is not None:
            weekdays.setText(term.weekdays)

    term_box.currentIndexChanged.connect(term_changed)
    term_changed()

    def job(v):
        def run(c):
            unmatched(who, "child_id", _("No child on the list is called “{text}”: add them "
                                         "on the list first."))
            if v["child_id"] is None:
                raise ValidationError(_("Choose the child."), field="child_id")
            return enrolment.apply(c, actor=actor, child_id=v["child_id"],
                                   term_id=v["term_id"], weekdays=v["weekdays"],
                                   applied_on=v["applied_on"], applied_by=v["applied_by"])
        return run

    return ClassFormDialog(ctx, _("Application for the after-school class"), [
        ("child_id", _("&Child"), who),
        ("term_id", _("&Term"), term_box),
        ("weekdays", _("&Weekdays"), weekdays),
        ("applied_by", _("&Guardian who applied"), line(placeholder=_("e.g. 李建国"))),
        ("applied_on", _("Applied &on"), today_line()),
    ], job, parent, note=_("The application waits for the decision: accepted once the "
                           "consents, the safety agreement and the adults who may collect "
                           "are on record and a place is free."), action=_("Apply"))


class ResidentPicker(QWidget):
    """A resident of the register, found by name or part of it: the child must be on the
    register before the class's list."""

    def __init__(self, ctx: AppContext, on_error) -> None:
        super().__init__()
        self._ctx, self._on_error = ctx, on_error
        self.find_box = fit_placeholder(line(placeholder=_("Name in the register")))
        self.find_button = QPushButton(_("Loo&k up"))
        self.find_button.setAutoDefault(False)
        self.results = QComboBox()
        self.results.addItem(_("— Look the child up first —"), None)
        self.find_box.returnPressed.connect(self.look_up)
        self.find_button.clicked.connect(self.look_up)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.find_box, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.results, 1)

    def look_up(self) -> None:
        words, actor = self.find_box.text().strip(), self._ctx.actor
        if not words:
            return
        self._ctx.worker.run(lambda c: registry.search_residents(c, actor=actor, query=words,
                                                                 limit=20),
                             on_done=self._show, on_error=self._on_error)

    def _show(self, result) -> None:
        self.results.clear()
        for r in result.rows:
            age = _("{age} years old").format(age=r.age) if r.age is not None else ""
            self.results.addItem("　".join(p for p in (r.name, age, r.address) if p), r)
        if not result.rows:
            self.results.addItem(_("— Nobody found —"), None)
            self._on_error(ValidationError(_("No one in the register matches “{text}”.")
                                           .format(text=self.find_box.text().strip()),
                                           field="resident_id"))
        else:
            self.results.setFocus()

    def value(self) -> Any:
        row = self.results.currentData()
        return row.id if row is not None else None

    def name(self) -> str:
        row = self.results.currentData()
        return row.name if row is not None else ""

    def age(self) -> int | None:
        row = self.results.currentData()
        return row.age if row is not None else None


class ChildDialog(ClassFormDialog):
    """新增儿童 (a resident from the register) or a child's record: school, grade, class, 随迁,
    allergies and health notes, going home alone (8 and older), the guardian's consent (under
    14) and the safety agreement. Opening a record reads it through child_detail (a view of
    the health notes by someone off duty is in the audit log)."""

    def __init__(self, ctx: AppContext, child_id: str | None = None, parent=None) -> None:
        actor = ctx.actor
        picker = ResidentPicker(ctx, lambda exc: self.errors.show(exc))
        school = line(placeholder=_("e.g. 湖州市第一小学"))
        grade = line(placeholder=_("e.g. Grade 3"))
        class_name = line(placeholder=_("e.g. Class 2"))
        migrant = QCheckBox(_("&Migrant child: first on the waiting list"))
        allergies = line(placeholder=_("e.g. peanuts, penicillin"))
        health = multi_line()
        alone = QCheckBox(_("May go home al&one (aged {age} or older, with the guardian's "
                            "written agreement)").format(age=MIN_AGE_ALONE))
        consent_on = line(placeholder=_("e.g. 2026-01-31"))
        consent_by = line(placeholder=_("e.g. 李建国"))
        agreement_on = line(placeholder=_("e.g. 2026-01-31"))
        notes = line()
        fields: list[tuple[str, str, QWidget]] = []
        if child_id is None:
            fields.append(("resident_id", _("&Child on the register"), picker))
        fields += [
            ("school", _("&School"), school),
            ("grade", _("&Grade"), grade),
            ("class_name", _("C&lass"), class_name),
            ("migrant", "", migrant),
            ("allergies", _("All&ergies"), allergies),
            ("health_notes", _("&Health notes"), health),
            ("may_leave_alone", "", alone),
            ("consent_on", _("Guardian's consent (under 14), &date"), consent_on),
            ("consent_by", _("Consent signed &by"), consent_by),
            ("safety_agreement_on", _("Safety agreement signed o&n"), agreement_on),
            ("notes", _("No&tes"), notes),
        ]

        def job(v):
            resident_id = v.get("resident_id") if child_id is None else \
                (self.detail.resident_id if self.detail else None)
            if child_id is None:
                self.child_name = picker.name()

            def run(c):
                if not resident_id:
                    raise ValidationError(_("Look the child up in the register and choose "
                                            "them."), field="resident_id")
                form = enrolment.ChildForm(
                    resident_id=resident_id, school=v["school"], grade=v["grade"],
                    class_name=v["class_name"], migrant=v["migrant"],
                    allergies=v["allergies"], health_notes=v["health_notes"],
                    may_leave_alone=v["may_leave_alone"], consent_on=v["consent_on"],
                    consent_by=v["consent_by"], safety_agreement_on=v["safety_agreement_on"],
                    notes=v["notes"])
                return enrolment.save_child(c, actor=actor, form=form, child_id=child_id)
            return run

        title = _("New child") if child_id is None else _("A child's record")
        note = _("The child must be on the register first (the residents' page). Health notes "
                 "are sensitive: they are shown to the staff on duty and at hand-over.") \
            if child_id is None else _("Reading…")
        super().__init__(ctx, title, fields, job, parent, note=note)
        self.child_id, self.child_name = child_id, ""
        self.detail: enrolment.ChildDetail | None = None
        self.picker, self.school, self.grade, self.class_name = picker, school, grade, \
            class_name
        self.migrant, self.allergies, self.health, self.alone = migrant, allergies, health, \
            alone
        self.consent_on, self.consent_by, self.agreement_on, self.notes = \
            consent_on, consent_by, agreement_on, notes
        self.adults_button = button(None, _("Ad&ults…"), self.open_adults,
                                    child_id is not None)
        self.slip_code = ""
        self.slip_button = button(None, _("New &pick-up slip code…"), self.new_slip_code,
                                  child_id is not None)
        if child_id is not None:
            self.buttons.addButton(self.adults_button,
                                   QDialogButtonBox.ButtonRole.ActionRole)
            self.buttons.addButton(self.slip_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.slip_button.setEnabled(False)
            self.adults_button.setEnabled(False)
            self.save_button.setEnabled(False)  # until the record is read
            ctx.worker.run(lambda c: enrolment.child_detail(c, actor=actor,
                                                            child_id=child_id),
                           on_done=self._fill, on_error=self.errors.show)
        picker.results.currentIndexChanged.connect(
            lambda *_a: self.alone_allowed(picker.age()))
        if child_id is None:
            self.alone_allowed(None)  # until the child is chosen
        self.setMinimumWidth(640)
        fit_to_screen(self)

    def alone_allowed(self, age: int | None) -> None:
        """A child under 8 (or of unknown age) never goes home alone: the box is off (one
        ticked before stays, for the service to refuse by its rule)."""
        self.alone.setEnabled(self.alone.isChecked()
                              or (age is not None and age >= MIN_AGE_ALONE))

    def values(self) -> dict[str, Any]:
        return {key: (w.value() if isinstance(w, ResidentPicker) else value_of(w))
                for key, w in self.fields.items()}

    def _fill(self, d: enrolment.ChildDetail) -> None:
        self.detail, self.child_name, f = d, d.name, d.form
        self.setWindowTitle(_("{name}'s record").format(name=d.name))
        left = _("Left the class on {day}: {reason}").format(day=day(d.ended),
                                                             reason=d.end_reason) \
            if d.ended else ""
        self.slip_code = d.slip_code
        self._say_who(left)
        self.school.setText(f.school)
        self.grade.setText(f.grade)
        self.class_name.setText(f.class_name)
        self.migrant.setChecked(f.migrant)
        self.allergies.setText(f.allergies)
        self.health.setPlainText(f.health_notes)
        self.alone.setChecked(f.may_leave_alone)
        self.alone_allowed(d.age)
        self.consent_on.setText(iso(f.consent_on))  # type: ignore[arg-type]
        self.consent_by.setText(f.consent_by)
        self.agreement_on.setText(iso(f.safety_agreement_on))  # type: ignore[arg-type]
        self.notes.setText(f.notes)
        self.typed = False  # only what the person changes from here counts
        self.save_button.setEnabled(d.ended is None)
        self.adults_button.setEnabled(True)
        self.slip_button.setEnabled(d.ended is None)

    def _say_who(self, left: str = "") -> None:
        """The child, the age and the pick-up slip's code over the fields."""
        d = self.detail
        if d is None:
            return
        age = _("{age} years old").format(age=d.age) if d.age is not None else ""
        code = _("Pick-up slip code: {code}").format(code=self.slip_code) \
            if self.slip_code else ""
        self.note.setText("　".join(p for p in (d.name, age, code, left) if p))

    def new_slip_code(self) -> None:
        """A slip lost or given to the wrong person: a new code, after asking (the old slip
        no longer matches; the service puts it in the audit log)."""
        d = self.detail
        if d is None or not confirm(
                self, _("New pick-up slip code"),
                _("Give {name} a new pick-up slip code? The code now is {code}. The old slip "
                  "will no longer match: print a new slip for the family (the Reports tab)."
                  ).format(name=d.name, code=self.slip_code)):
            return
        actor, child_id = self._ctx.actor, d.child_id
        left = _("Left the class on {day}: {reason}").format(day=day(d.ended),
                                                             reason=d.end_reason) \
            if d.ended else ""

        def done(code: str) -> None:
            self.slip_code = code
            self._say_who(left)
            self.note.setText(self.note.text() + "\n" + _(
                "✓ The new pick-up slip code is {code}; the old slip no longer matches."
            ).format(code=code))

        self._ctx.worker.run(lambda c: enrolment.new_slip_code(c, actor=actor,
                                                               child_id=child_id),
                             on_done=done, on_error=self.errors.show)

    def open_adults(self) -> None:
        if self.detail is not None:
            dialog = AdultsDialog(self._ctx, self.detail.child_id, self.detail.name, self)
            dialog.exec()
            dialog.deleteLater()


# ---------------------------------------------------------------------------- the adults


ADULT_COLUMNS: list[Column[enrolment.AdultRow]] = [
    Column(lambda: _("Kind of adult"), lambda a: ("✖ " if a.kind == AdultKind.BLOCKED else "")
           + a.kind.label),
    Column(lambda: _("Name"), lambda a: a.name),
    Column(lambda: _("Relation"), lambda a: a.relation),
    Column(lambda: _("Phone"), lambda a: a.masked_phone),
    Column(lambda: _("ID number"), lambda a: a.masked_id),
    Column(lambda: _("Reason"), lambda a: a.reason),
]


def adult_dialog(ctx: AppContext, child_id: str, child: str, kind: AdultKind, parent=None
                 ) -> ClassFormDialog:
    """A guardian (with a phone: they are called), someone who may collect (a grandparent
    needs no phone of their own) or someone who must not collect (with the reason, e.g. a
    court order: a warning at hand-over)."""
    actor = ctx.actor
    fields: list[tuple[str, str, QWidget]] = [
        ("name", _("&Name"), line()),
        ("relation", _("&Relation to the child"), line(
            placeholder=_("e.g. mother, grandmother, neighbour"))),
        ("phone", _("&Phone"), line(placeholder=_("e.g. 13805721234"))),
        ("id_number", _("&ID number"), line(placeholder=_("optional; kept masked"))),
    ]
    if kind == AdultKind.BLOCKED:
        fields.append(("reason", _("Rea&son"), fit_placeholder(line(
            placeholder=_("e.g. court protection order no. …")))))

    def job(v):
        form = enrolment.AdultForm(kind=kind, name=v["name"], relation=v["relation"],
                                   phone=v["phone"], id_number=v["id_number"],
                                   reason=v.get("reason", ""))
        return lambda c: enrolment.add_adult(c, actor=actor, child_id=child_id, form=form)

    titles = {AdultKind.GUARDIAN: _("A guardian of {name}"),
              AdultKind.PICKUP: _("Someone who may collect {name}"),
              AdultKind.BLOCKED: _("Someone who must not collect {name}")}
    notes = {AdultKind.GUARDIAN: _("A guardian may collect the child and is called first "
                                   "when nobody comes: their phone is needed."),
             AdultKind.PICKUP: _("Authorised by the guardian to collect the child. A "
                                 "grandparent needs no phone of their own."),
             AdultKind.BLOCKED: _("This person is refused at hand-over with a clear alert, "
                                  "even with a phone call. Enter the reason (e.g. a court "
                                  "order).")}
    return ClassFormDialog(ctx, titles[kind].format(name=child), fields, job, parent,
                           note=notes[kind], action=_("Add"))


def end_adult_dialog(ctx: AppContext, adult: enrolment.AdultRow, parent=None
                     ) -> ClassFormDialog:
    actor, adult_id = ctx.actor, adult.id

    def job(v):
        return lambda c: enrolment.end_adult(c, actor=actor, adult_id=adult_id,
                                             reason=v["reason"])

    return ClassFormDialog(ctx, _("Take {name} off the child's list").format(name=adult.name), [
        ("reason", _("&Reason"), fit_placeholder(line(
            placeholder=_("e.g. the guardian withdrew the permission")))),
    ], job, parent, note=_("From today {name} is no longer on the list ({kind}); the record "
                           "stays, with the reason.").format(name=adult.name,
                                                             kind=adult.kind.label),
        action=_("Take off the list"))


class AdultsDialog(QDialog):
    """The adults around a child: guardians, those who may collect, those who must not. One
    is added, or taken off the list with the reason (never deleted)."""

    def __init__(self, ctx: AppContext, child_id: str, name: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self.child_id, self.name = ctx, child_id, name
        self.setWindowTitle(_("The adults around {name}").format(name=name))
        body = QVBoxLayout()
        hint = QLabel(_("Two or three adults who may collect the child (guardians count). "
                        "Someone not on the list collects only after the guardian confirms "
                        "by phone."))
        hint.setWordWrap(True)
        body.addWidget(hint)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        body.addWidget(self.message)
        self.model: RowTableModel = RowTableModel(ADULT_COLUMNS, self)
        self.table = rows_table(self.model)
        body.addWidget(self.table, 1)
        self.count = QLabel()
        body.addWidget(self.count)
        row = FlowLayout()
        self.guardian_button = button(row, _("Add a &guardian…"),
                                      lambda: self.add(AdultKind.GUARDIAN))
        self.pickup_button = button(row, _("Add one who may &collect…"),
                                    lambda: self.add(AdultKind.PICKUP))
        self.blocked_button = button(row, _("Add one who must &not collect…"),
                                     lambda: self.add(AdultKind.BLOCKED))
        self.end_button = button(row, _("&Take off the list…"), self.end_chosen)
        body.addLayout(row)
        self.buttons = close_buttons(self, enter_closes=False)
        scrolling_body(self, body, self.buttons)
        fit_to_screen(self, QSize(1200, 600) if is_large_print() else QSize(900, 460))
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        reload_while_open(self, ctx, frozenset({CLASSROOM}), self.reload)
        self._update()
        self.reload()

    def reload(self) -> None:
        actor, cid = self._ctx.actor, self.child_id
        self._ctx.worker.run(lambda c: enrolment.child_adults(c, actor=actor, child_id=cid),
                             on_done=self._show, on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        show_in(self.message, exc)

    def _show(self, adults: list[enrolment.AdultRow]) -> None:
        self.model.set_rows(adults)
        self.table.resizeColumnsToContents()
        collect = sum(1 for a in adults if a.kind != AdultKind.BLOCKED)
        self.count.setText(ngettext("{n} adult may collect {name}",
                                    "{n} adults may collect {name}", collect).format(
            n=collect, name=self.name))
        if adults:
            self.table.selectRow(0)

    def _update(self, *_args) -> None:
        self.end_button.setEnabled(chosen_one(self.table) is not None)

    def add(self, kind: AdultKind) -> None:
        dialog = adult_dialog(self._ctx, self.child_id, self.name, kind, self)
        if dialog.exec():
            self.message.setText(_("{name} is on the list.").format(
                name=dialog.values()["name"].strip()))
            self.message.show()
        dialog.deleteLater()

    def end_chosen(self) -> None:
        adult = chosen_one(self.table)
        if adult is not None:
            dialog = end_adult_dialog(self._ctx, adult, self)
            if dialog.exec():
                self.message.setText(_("{name} is no longer on the list.").format(
                    name=adult.name))
                self.message.show()
            dialog.deleteLater()
