"""A volunteer: the form (new or corrected, with the volunteer's consent) and the profile —
the record masked, teams, hours by year and category, the points statement and what can be
done with points (兑换, 调整, 转赠, 冲正), training/awards/evaluations, background checks and
the volunteer's state (暂停, 退出, 恢复)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.register import registry
from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.volunteers import POINTS, VOLUNTEERS, ledger, people
from neighborcenter.features.volunteers.rules import (
    STAR_NAMES,
    CheckResult,
    EnteredBy,
    EntryKind,
    RecordKind,
    ServiceCategory,
    VolunteerStatus,
    format_hours,
    parse_hours,
)
from neighborcenter.features.volunteers.ui.widgets import (
    ShortTable,
    WarningModel,
    day,
    hours,
)
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    reload_while_open,
    today_line,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors, error_label, show_in
from neighborcenter.ui.common.list_tab import empty_hint
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, save_cancel_buttons
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import is_large_print


def star_name(stars: int) -> str:
    return _(STAR_NAMES[max(0, min(stars, len(STAR_NAMES) - 1))])


# ------------------------------------------------------------------------------- the form


class VolunteerDialog(QDialog):
    """新增志愿者 / 修改志愿者. The ID number and phone of a stored record stay masked: left
    empty they are kept, typed anew they replace the stored ones."""

    def __init__(self, ctx: AppContext, volunteer_id: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._id = ctx, volunteer_id
        self.saved_id: str | None = None
        self.resident_id: str | None = None
        self.setWindowTitle(_("New volunteer") if volunteer_id is None else
                            _("Edit volunteer"))
        form = QFormLayout()
        self.consent_note = QLabel(_(
            "The record needs the volunteer's consent (志愿服务记录与证明出具办法, art. 5): "
            "staff enter it only when the volunteer has agreed. Enter the date of that "
            "consent; without it the record is not saved."))
        self.consent_note.setWordWrap(True)
        self.consent_note.setObjectName("noteText")
        form.addRow(self.consent_note)

        # a resident of the register, found by name (new volunteers only)
        self.find_box = line(placeholder=_("Name in the register"))
        self.find_button = QPushButton(_("&Find"))
        self.find_button.setAutoDefault(False)
        self.residents = QComboBox()
        self.residents.addItem(_("Not from the register"), None)
        self.find_box.returnPressed.connect(self.find_resident)
        self.find_button.clicked.connect(self.find_resident)
        self.residents.activated.connect(self._resident_chosen)
        picker = QWidget()
        row = QHBoxLayout(picker)
        row.setContentsMargins(0, 0, 0, 0)
        fit_placeholder(self.find_box)
        row.addWidget(self.find_box, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.residents, 1)
        self.picker = picker

        self.name = line()
        self.sex = combo([(_("From the ID number"), None), *((s.label, s) for s in Sex)])
        self.birth_date = line(placeholder=_("e.g. 1949-12-31"))
        self.id_number = line(placeholder=_("18 characters; sex and birth date follow from it"))
        self.phone = line(placeholder=_("e.g. 13805721234 or 0572-2123456"))
        self.area = line(placeholder=_("e.g. 幸福社区 3栋"))
        self.organisation = line(placeholder=_("e.g. 湖州师范学院 (students, company staff)"))
        self.skills = line(placeholder=_("e.g. 理发, 电脑, 手语"))
        categories = QWidget()
        grid = QGridLayout(categories)
        grid.setContentsMargins(0, 0, 0, 0)
        self.category_boxes: dict[ServiceCategory, QCheckBox] = {}
        for position, category in enumerate(ServiceCategory):
            box = QCheckBox(category.label)
            grid.addWidget(box, position // 2, position % 2)
            self.category_boxes[category] = box
        self.categories = categories
        self.entered_by = combo([(e.label, e) for e in EnteredBy], EnteredBy.STAFF)
        self.consent_on = line(placeholder=_("e.g. 2026-01-31"))
        self.joined_on = line(placeholder=_("empty: the date of consent"))
        self.notes = line()
        can_search = ctx.actor.can(Permission.VIEW_REGISTER) and volunteer_id is None
        if can_search:
            form.addRow(_("From the register"), picker)
        rows: list[tuple[str, QWidget]] = [
            (_("&Name"), self.name), (_("Sex"), self.sex), (_("Birth date"), self.birth_date),
            (_("ID number"), self.id_number), (_("Phone"), self.phone),
            (_("Area of residence"), self.area), (_("Organisation"), self.organisation),
            (_("Skills"), self.skills), (_("Service categories"), self.categories),
            (_("Entered by"), self.entered_by), (_("Date of &consent"), self.consent_on),
            (_("Joined on"), self.joined_on), (_("Notes"), self.notes)]
        for text, widget in rows:
            form.addRow(text, widget)
        fields: dict[str, QWidget] = {
            "name": self.name, "birth_date": self.birth_date, "id_number": self.id_number,
            "phone": self.phone, "area": self.area, "organisation": self.organisation,
            "skills": self.skills, "consent_on": self.consent_on, "joined_on": self.joined_on,
            "notes": self.notes}
        if can_search:
            fields = {"resident": self.find_box, **fields}
        self.errors = FormErrors(form, fields)
        self.buttons = save_cancel_buttons(self, self.save)
        scrolling_body(self, form, self.buttons)
        self.consent_note.setMinimumWidth(420)
        self.setMinimumWidth(640)
        fit_to_screen(self)
        (self.find_box if can_search else self.name).setFocus()
        if volunteer_id is not None:
            actor = ctx.actor
            ctx.worker.run(lambda c: people.volunteer_profile(c, actor=actor,
                                                              volunteer=volunteer_id),
                           on_done=self._fill, on_error=self.errors.show)

    # -- the register
    def find_resident(self) -> None:
        words, actor = self.find_box.text().strip(), self._ctx.actor
        if not words:
            return
        self._ctx.worker.run(lambda c: registry.search_residents(c, actor=actor, query=words,
                                                                 limit=20),
                             on_done=self._show_residents, on_error=self.errors.show)

    def _show_residents(self, result: registry.SearchResult) -> None:
        self.residents.clear()
        self.residents.addItem(_("Not from the register"), None)
        for r in result.rows:
            age = _("{age} years old").format(age=r.age) if r.age is not None else ""
            text = "　".join(p for p in (r.name, age, r.address) if p)
            self.residents.addItem(text, r)
        if result.rows:
            self.residents.setCurrentIndex(1)
            self._resident_chosen()
            self.residents.setFocus()
        else:
            show_in(self.errors.general, _("No one in the register matches “{text}”.")
                    .format(text=self.find_box.text().strip()))

    def _resident_chosen(self, *_args) -> None:
        row = self.residents.currentData()
        self.resident_id = row.id if row is not None else None
        if row is not None:
            self.name.setText(row.name)
            self.id_number.setPlaceholderText(
                _("Taken from the register ({masked}) unless typed here").format(
                    masked=row.masked_id) if row.masked_id else "")
            self.phone.setPlaceholderText(
                _("Taken from the register ({masked}) unless typed here").format(
                    masked=row.masked_phone) if row.masked_phone else "")

    # -- a stored record
    def _fill(self, p: people.VolunteerProfile) -> None:
        self.name.setText(p.name)
        sex = next((s for s in Sex if s.label == p.sex), None)
        self.sex.setCurrentIndex(max(self.sex.findData(sex), 0))
        self.birth_date.setText(p.birth_date.isoformat() if p.birth_date else "")
        for edit, masked in ((self.id_number, p.id_number), (self.phone, p.phone)):
            edit.clear()
            edit.setPlaceholderText(_("Unchanged ({masked}). Type a new number to replace "
                                      "it.").format(masked=masked) if masked else "")
        self.area.setText(p.area)
        self.organisation.setText(p.organisation)
        self.skills.setText(p.skills)
        for category, box in self.category_boxes.items():
            box.setChecked(category in p.categories)
        self.entered_by.setCurrentIndex(max(self.entered_by.findData(p.entered_by), 0))
        self.consent_on.setText(p.consent_on.isoformat() if p.consent_on else "")
        self.joined_on.setText(p.joined_on.isoformat() if p.joined_on else "")
        self.notes.setText(p.notes)

    def form(self) -> people.VolunteerForm:
        editing = self._id is not None
        id_number = self.id_number.text().strip() or None
        phone = self.phone.text().strip() or None
        return people.VolunteerForm(
            name=self.name.text(), resident_id=self.resident_id,
            sex=self.sex.currentData(), birth_date=self.birth_date.text(),
            id_number=id_number, phone=phone if phone or editing else None,
            area=self.area.text(), organisation=self.organisation.text(),
            skills=self.skills.text(),
            categories=tuple(c for c, box in self.category_boxes.items() if box.isChecked()),
            entered_by=self.entered_by.currentData(), consent_on=self.consent_on.text(),
            joined_on=self.joined_on.text(), notes=self.notes.text())

    def save(self) -> None:
        self.errors.clear()
        form, actor, volunteer_id = self.form(), self._ctx.actor, self._id
        self._ctx.worker.run(
            lambda c: people.save_volunteer(c, actor=actor, form=form,
                                            volunteer_id=volunteer_id),
            on_done=self._saved, on_error=self.errors.show)

    def _saved(self, volunteer_id: str) -> None:
        self.saved_id = volunteer_id
        self.accept()


# ---------------------------------------------------------------------------- the profile

TEAM_COLUMNS: list[Column[tuple]] = [
    Column(lambda: _("Team"), lambda t: t[1]),
    Column(lambda: _("Role"), lambda t: t[2].label),
    Column(lambda: _("Since"), lambda t: day(t[3])),
]
YEAR_COLUMNS: list[Column[tuple]] = [
    Column(lambda: _("Year"), lambda r: str(r[0])),
    Column(lambda: _("Service category"), lambda r: r[1].label),
    Column(lambda: _("Hours"), lambda r: format_hours(r[2]), align_right=True),
]
STATEMENT_COLUMNS: list[Column[ledger.StatementLine]] = [
    Column(lambda: _("Date"), lambda s: day(s.on)),
    Column(lambda: _("Movement"), lambda s: s.kind.label),
    Column(lambda: _("Points"), lambda s: f"{s.amount:+d}", align_right=True),
    Column(lambda: _("Balance"), lambda s: str(s.balance), align_right=True),
    Column(lambda: _("Reason"), lambda s: s.reason + (_(" (reversed)") if s.reversed else "")),
]
SERVICE_COLUMNS: list[Column[people.ServiceLine]] = [
    Column(lambda: _("Date"), lambda s: day(s.on)),
    Column(lambda: _("Activity"), lambda s: s.activity),
    Column(lambda: _("Hours"), lambda s: hours(s.minutes), align_right=True),
    Column(lambda: _("State"), lambda s: s.status.label
           + (f"：{s.decline_reason}" if s.decline_reason else "")),
]
RECORD_COLUMNS: list[Column[tuple]] = [
    Column(lambda: _("Date"), lambda r: day(r[1])),
    Column(lambda: _("Record kind"), lambda r: r[0].label),
    Column(lambda: _("Title"), lambda r: r[2]),
    Column(lambda: _("Stars"), lambda r: "★" * r[4] if r[4] else ""),
    Column(lambda: _("Details"), lambda r: r[3]),
]
CHECK_COLUMNS: list[Column[tuple]] = [
    Column(lambda: _("Checked on"), lambda c: day(c[0])),
    Column(lambda: _("Result"), lambda c: c[1].label),
    Column(lambda: _("Reference"), lambda c: c[2]),
]
CERTIFICATE_COLUMNS: list[Column[tuple]] = [
    Column(lambda: _("Certificate number"), lambda c: c[0]),
    Column(lambda: _("Issued on"), lambda c: day(c[1])),
    Column(lambda: _("Hours"), lambda c: format_hours(c[2]), align_right=True),
]


class ProfileDialog(QDialog):
    """志愿者档案: everything about one volunteer, and what staff do with it."""

    kinds = frozenset({VOLUNTEERS, POINTS})

    def __init__(self, ctx: AppContext, volunteer: str, parent=None) -> None:
        """``volunteer``: the id or the volunteer number (the points tab knows only the
        number); every action works on the id read with the profile."""
        super().__init__(parent)
        self._ctx, self._id = ctx, volunteer
        self.profile: people.VolunteerProfile | None = None
        self.statement: ledger.Statement | None = None
        self.setWindowTitle(_("Volunteer"))
        actor = ctx.actor
        can_edit = actor.can(Permission.EDIT_VOLUNTEERS)
        can_approve = actor.can(Permission.APPROVE_HOURS)
        can_redeem = actor.can(Permission.USE_SHOP)
        body = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        body.addWidget(self.heading)
        self.warning = error_label()
        body.addWidget(self.warning)
        self.message = QLabel()  # what the last action did
        self.message.setWordWrap(True)
        body.addWidget(self.message)
        prints = QHBoxLayout()  # PDFs, each audited as a print of personal data
        self.card_button = button(prints, _("Print the volunteer &card…"),
                                        self.print_card, True)
        self.certificate_button = button(prints, _("Issue a cer&tificate…"),
                                               self.issue_certificate, can_edit)
        self.passbook_button = button(prints, _("Print the pass&book…"),
                                            self.print_passbook, True)
        prints.addStretch(1)
        body.addLayout(prints)

        # the record
        record = QGroupBox(_("Record"))
        grid = QGridLayout(record)
        self.values: dict[str, QLabel] = {}
        keys = [("sex", _("Sex")), ("birth_date", _("Birth date")), ("id_number", _("ID number")),
                ("phone", _("Phone")), ("area", _("Area of residence")),
                ("organisation", _("Organisation")), ("skills", _("Skills")),
                ("categories", _("Service categories")), ("entered_by", _("Entered by")),
                ("consent_on", _("Date of consent")), ("joined_on", _("Joined on")),
                ("notes", _("Notes"))]
        for position, (key, text) in enumerate(keys):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(QLabel(text), position // 2, (position % 2) * 2)
            grid.addWidget(value, position // 2, (position % 2) * 2 + 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        actions = QHBoxLayout()
        self.edit_button = button(actions, _("&Edit…"), self.edit, can_edit)
        self.pause_button = button(actions, _("&Pause…"), self.pause, can_edit)
        self.leave_button = button(actions, _("&Left…"), self.leave, can_edit)
        self.resume_button = button(actions, _("Back &in service…"), self.resume,
                                          can_edit)
        actions.addStretch(1)
        grid.addLayout(actions, len(keys), 0, 1, 4)
        body.addWidget(record)

        # points
        points = QGroupBox(_("Points"))
        column = QVBoxLayout(points)
        self.balance = QLabel()
        self.balance.setObjectName("sectionValue")
        column.addWidget(self.balance)
        self.statement_model = RowTableModel(STATEMENT_COLUMNS, self)
        self.statement_table = ShortTable(self.statement_model, rows=10)
        column.addWidget(self.statement_table)
        self.statement_empty = empty_hint()
        column.addWidget(self.statement_empty)
        row = QHBoxLayout()
        self.redeem_button = button(row, _("&Redeem…"), self.redeem, can_redeem)
        self.adjust_button = button(row, _("A&djust…"), self.adjust, can_approve)
        self.donate_button = button(row, _("&Give to another volunteer…"), self.donate,
                                          can_edit)
        self.reverse_button = button(row, _("Re&verse the selected line…"),
                                           self.reverse, can_approve)
        self.reverse_button.setToolTip(_("Choose a line in the list above first."))
        row.addStretch(1)
        column.addLayout(row)
        self.statement_table.selectionModel().selectionChanged.connect(self._update_reverse)
        self.statement_model.modelReset.connect(self._update_reverse)
        body.addWidget(points)

        # hours and teams
        middle = QHBoxLayout()
        service = QGroupBox(_("Service hours"))
        service_column = QVBoxLayout(service)
        self.total = QLabel()
        service_column.addWidget(self.total)
        self.year_model = RowTableModel(YEAR_COLUMNS, self)
        self.year_table = ShortTable(self.year_model, rows=6)
        service_column.addWidget(self.year_table)
        middle.addWidget(service, 1)
        teams = QGroupBox(_("Teams"))
        teams_column = QVBoxLayout(teams)
        self.team_model = RowTableModel(TEAM_COLUMNS, self)
        self.team_table = ShortTable(self.team_model, rows=4)
        teams_column.addWidget(self.team_table)
        teams_column.addStretch(1)
        middle.addWidget(teams, 1)
        body.addLayout(middle)

        self.service_model = WarningModel(SERVICE_COLUMNS, lambda s: bool(s.decline_reason),
                                          self)
        self.service_table = self._section(body, _("Activities served"),
                                           self.service_model, [])
        self.record_model = RowTableModel(RECORD_COLUMNS, self)
        self.record_table = self._section(
            body, _("Training, awards and evaluations"), self.record_model,
            [(_("&Add a record…"), self.add_record)] if can_edit else [])
        self.check_model = WarningModel(CHECK_COLUMNS,
                                        lambda c: c[1] == CheckResult.DISQUALIFIED, self)
        self.check_table = self._section(
            body, _("Background checks (for work with children)"), self.check_model,
            [(_("Record a chec&k…"), self.add_check)] if can_edit else [])
        self.certificate_model = RowTableModel(CERTIFICATE_COLUMNS, self)
        self.certificate_table = self._section(body, _("Certificates"),
                                               self.certificate_model, [])
        body.addStretch(1)
        self.buttons = close_buttons(self, enter_closes=False)
        scrolling_body(self, body, self.buttons)
        fit_to_screen(self, QSize(1280, 1000) if is_large_print() else QSize(1000, 800))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reload_while_open(self, ctx, self.kinds, self.reload)
        self.reload()

    def _section(self, body: QVBoxLayout, title: str, model: RowTableModel,
                 buttons: list[tuple[str, Any]]) -> ShortTable:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        table = ShortTable(model, rows=6)
        column.addWidget(table)
        empty = empty_hint()
        column.addWidget(empty)
        def shown() -> None:
            table.setVisible(model.rowCount() > 0)
            empty.setVisible(model.rowCount() == 0)

        model.modelReset.connect(shown)
        if buttons:
            row = QHBoxLayout()
            for text, slot in buttons:
                button(row, text, slot, True)
            row.addStretch(1)
            column.addLayout(row)
        body.addWidget(box)
        return table

    def reload(self) -> None:
        actor, vid = self._ctx.actor, self._id
        self._ctx.worker.run(
            lambda c: (people.volunteer_profile(c, actor=actor, volunteer=vid),
                       ledger.volunteer_statement(c, actor=actor, volunteer=vid)),
            on_done=lambda result: self._show(*result))

    def _show(self, p: people.VolunteerProfile, statement: ledger.Statement) -> None:
        self.profile, self.statement = p, statement
        self._id = p.id  # opened by number: the actions need the id
        self.setWindowTitle(_("Volunteer: {name}").format(name=p.name))
        self.heading.setText("　".join((p.name, p.number, p.status.label, star_name(p.stars))))
        texts = {
            "sex": p.sex, "birth_date": day(p.birth_date), "id_number": p.id_number,
            "phone": p.phone, "area": p.area, "organisation": p.organisation,
            "skills": p.skills, "categories": _("、").join(c.label for c in p.categories),
            "entered_by": p.entered_by.label, "consent_on": day(p.consent_on),
            "joined_on": day(p.joined_on), "notes": p.notes}
        for key, value in texts.items():
            self.values[key].setText(value or "—")
        status = p.status
        self.pause_button.setEnabled(status == VolunteerStatus.ACTIVE)
        self.leave_button.setEnabled(status != VolunteerStatus.LEFT)
        self.resume_button.setEnabled(status != VolunteerStatus.ACTIVE)
        self.total.setText(_("Approved in all: {hours} h · {stars}").format(
            hours=format_hours(p.minutes), stars=star_name(p.stars)))
        self.year_model.set_rows(sorted(((year, category, minutes) for (year, category), minutes
                                         in p.hours_by_year.items()),
                                        key=lambda r: (-r[0], r[1].label)))
        self.team_model.set_rows(p.teams)
        self.service_model.set_rows(p.service)
        self.record_model.set_rows(p.records)
        self.check_model.set_rows(p.checks)
        self.certificate_model.set_rows(p.certificates)
        self.balance.setText(_("Balance: {points} points").format(points=statement.balance)
                             + (_("　({points} will expire by {day} unless spent)").format(
                                 points=statement.expiring_points,
                                 day=day(statement.expiring_by))
                                if statement.expiring_points else ""))
        self.statement_model.set_rows(statement.lines)
        has_lines = bool(statement.lines)
        self.statement_table.setVisible(has_lines)
        self.statement_empty.setVisible(not has_lines)
        if has_lines:
            self.statement_table.scrollToBottom()
        self.redeem_button.setEnabled(statement.balance > 0)
        self.donate_button.setEnabled(statement.balance > 0)
        self.warning.hide()
        if p.checks and p.checks[0][1] == CheckResult.DISQUALIFIED:
            show_in(self.warning, "⚠ " + _("The last background check found a disqualifying "
                                           "record: no work with children."))

    def _update_reverse(self, *_args) -> None:
        line_ = chosen_one(self.statement_table)
        self.reverse_button.setEnabled(
            line_ is not None and not line_.reversed and line_.kind != EntryKind.REVERSE)

    def _done(self, text: str) -> None:
        self.message.setText(text)

    # -- the record
    def edit(self) -> None:
        dialog = VolunteerDialog(self._ctx, self._id, self)
        dialog.exec()
        dialog.deleteLater()

    def _status(self, status: VolunteerStatus, title: str, note: str) -> None:
        actor, vid = self._ctx.actor, self._id

        def job(v):
            return lambda c: people.set_volunteer_status(c, actor=actor, volunteer_id=vid,
                                                         status=status, on=v["on"])

        FormDialog(self._ctx, title, [("on", _("Date"), today_line())], job, self,
                   note=note, action=title).exec()

    def pause(self) -> None:
        self._status(VolunteerStatus.PAUSED, _("Pause"), _(
            "The volunteer stays on the list, marked as paused; hours and points stay."))

    def leave(self) -> None:
        self._status(VolunteerStatus.LEFT, _("Left the volunteers"), _(
            "The volunteer leaves the list (found again with “Include those who left”). "
            "Nothing is deleted: hours and points stay, and they can come back."))

    def resume(self) -> None:
        self._status(VolunteerStatus.ACTIVE, _("Back in service"), _(
            "The volunteer is serving again."))

    def add_record(self) -> None:
        actor, vid = self._ctx.actor, self._id
        stars = combo([(_("—"), None), *((("★" * n), n) for n in range(1, 6))])

        def job(v):
            minutes = parse_hours(v["minutes"], field="minutes") if v["minutes"].strip() \
                else None
            return lambda c: people.add_volunteer_record(
                c, actor=actor, volunteer_id=vid, kind=v["kind"], on=v["on"],
                title=v["title"], detail=v["detail"], stars=v["stars"], minutes=minutes or None)

        FormDialog(self._ctx, _("Add a record"), [
            ("kind", _("Record kind"), combo([(k.label, k) for k in RecordKind])),
            ("on", _("Date"), today_line()),
            ("title", _("Title"), line(placeholder=_("e.g. 急救培训, 优秀志愿者"))),
            ("detail", _("Details"), line()),
            ("stars", _("Stars (evaluations)"), stars),
            ("minutes", _("Hours of training"), line(placeholder=_("e.g. 2 or 1.5"))),
        ], self._checked_job(job), self).exec()

    def _checked_job(self, job):
        """A job whose values are checked in the dialog first (parse_hours): a mistake shows
        under its field instead of reaching the worker."""
        def wrapped(values):
            try:
                return job(values)
            except Exception as exc:  # noqa: BLE001 - re-raised on the worker, to its handler
                def fail(_c, exc=exc):
                    raise exc
                return fail
        return wrapped

    def add_check(self) -> None:
        actor, vid = self._ctx.actor, self._id

        def job(v):
            return lambda c: people.record_background_check(
                c, actor=actor, volunteer_id=vid, checked_on=v["checked_on"],
                result=v["result"], reference=v["reference"])

        FormDialog(self._ctx, _("Record a background check"), [
            ("checked_on", _("Checked on"), today_line()),
            ("result", _("Result"), combo([(r.label, r) for r in CheckResult])),
            ("reference", _("Reference"), line(placeholder=_("e.g. the certificate's number"))),
        ], job, self, note=_("未成年人保护法 art. 62: people who work with children are "
                             "checked when they start and every year.")).exec()

    # -- points
    def _points_dialog(self, title: str, fields, run, note: str, action: str,
                       done: str) -> FormDialog:
        """A points action. Its request key is made once, when the dialog opens: a double
        click or a retry sends the same key, and the ledger applies it once."""
        key = uuid.uuid4().hex

        def job(values):
            return lambda c: run(c, values, key)

        dialog = FormDialog(self._ctx, title, fields, job, self, note=note, action=action)
        dialog.request_key = key  # type: ignore[attr-defined]  # (for tests and the curious)
        dialog.accepted.connect(lambda: self._done(done))
        return dialog

    def redeem_dialog(self) -> FormDialog:
        actor, vid = self._ctx.actor, self._id
        balance = self.statement.balance if self.statement else 0
        return self._points_dialog(
            _("Redeem points"),
            [("points", _("Points"), line(placeholder=_("e.g. 20"))),
             ("reason", _("For"), line(placeholder=_("e.g. 毛巾 ×1")))],
            lambda c, v, key: ledger.redeem_points(c, actor=actor, volunteer_id=vid,
                                                   points=v["points"], reason=v["reason"],
                                                   request_key=key),
            _("The balance is {points} points. Redeeming never reduces the hours recorded.")
            .format(points=balance), _("Redeem"), _("Points redeemed."))

    def redeem(self) -> None:
        self.redeem_dialog().exec()

    def adjust(self) -> None:
        actor, vid = self._ctx.actor, self._id
        self._points_dialog(
            _("Adjust points"),
            [("points", _("Points"), line(placeholder=_("+20 to add, -20 to take away"))),
             ("reason", _("Reason"), line())],
            lambda c, v, key: ledger.adjust_points(c, actor=actor, volunteer_id=vid,
                                                   points=v["points"], reason=v["reason"],
                                                   request_key=key),
            _("An adjustment stays in the ledger with its reason; nothing is edited or "
              "deleted."), _("Adjust"), _("Points adjusted.")).exec()

    def donate(self) -> None:
        actor, vid = self._ctx.actor, self._id
        self._ctx.worker.run(lambda c: people.list_volunteers(c, actor=actor),
                             on_done=lambda rows: self._donate_to(
                                 [r for r in rows if r.id != vid]))

    def _donate_to(self, rows: list[people.VolunteerRow]) -> None:
        actor, vid = self._ctx.actor, self._id
        receiver = combo([(f"{r.number}　{r.name}", r.id) for r in rows])
        receiver.setEditable(False)
        self._points_dialog(
            _("Give points to another volunteer"),
            [("to_volunteer", _("To"), receiver),
             ("points", _("Points"), line(placeholder=_("e.g. 20"))),
             ("reason", _("Reason"), line())],
            lambda c, v, key: ledger.donate_points(
                c, actor=actor, from_volunteer_id=vid, to_volunteer_id=v["to_volunteer"],
                points=v["points"], reason=v["reason"], request_key=key),
            _("转赠: the points move from this volunteer's account to the other's."),
            _("Give"), _("Points given.")).exec()

    def reverse(self) -> None:
        line_ = chosen_one(self.statement_table)
        if line_ is None or line_.reversed or line_.kind == EntryKind.REVERSE:
            return
        actor = self._ctx.actor
        self._points_dialog(
            _("Reverse a ledger line"), [("reason", _("Reason"), line())],
            lambda c, v, _key: ledger.reverse_points(c, actor=actor,
                                                     transaction_id=line_.transaction_id,
                                                     reason=v["reason"]),
            _("冲正: a mirror entry undoes “{what}” of {day} ({points:+d} points); the line "
              "itself stays in the ledger.").format(what=line_.kind.label, day=day(line_.on),
                                                    points=line_.amount),
            _("Reverse"), _("Line reversed.")).exec()

    # -- printouts (PDF files, audited)
    def _save_pdf(self, title: str, name: str, run) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(self, title, str(Path.home() / name),
                                                    "PDF (*.pdf)")
        if not path:
            return
        self._ctx.worker.run(lambda c: run(c, Path(path)),
                             on_done=lambda _r: self._printed(path),
                             progress_label=_("Printing…"))

    def _printed(self, path: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        self._done(_("Saved as {file}.").format(file=path))
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _file_name(self, what: str) -> str:
        p = self.profile
        return f"{what}-{p.number}-{p.name}.pdf" if p else f"{what}.pdf"

    def print_card(self) -> None:
        from neighborcenter.features.volunteers import printouts

        actor, vid = self._ctx.actor, self._id
        self._save_pdf(_("Print the volunteer card"), self._file_name(_("volunteer card")),
                       lambda c, path: printouts.print_volunteer_cards(
                           c, actor=actor, volunteer_ids=[vid], path=path))

    def issue_certificate(self) -> None:
        from neighborcenter.features.volunteers import printouts

        actor, vid = self._ctx.actor, self._id
        self._save_pdf(_("Issue a certificate"), self._file_name(_("certificate")),
                       lambda c, path: printouts.issue_certificate(
                           c, actor=actor, volunteer_id=vid, path=path))

    def print_passbook(self) -> None:
        from neighborcenter.features.volunteers import printouts

        actor, vid = self._ctx.actor, self._id
        self._save_pdf(_("Print the passbook"), self._file_name(_("passbook")),
                       lambda c, path: printouts.print_passbook(
                           c, actor=actor, volunteer=vid, path=path))
