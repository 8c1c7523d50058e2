"""The resident's 360° page: who they are, where and with whom they live, tags, consents,
emergency contacts and history. Other features (visits, classes, the shop) add sections."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core import features
from neighborcenter.core.features import DetailSection
from neighborcenter.core.roles import Permission
from neighborcenter.features.register import REGISTER, registry
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.registry import ResidentDetail
from neighborcenter.features.register.rules.terms import (
    ConsentPurpose,
    Relation,
    ResidenceEventKind,
    ResidenceType,
    ResidentStatus,
)
from neighborcenter.features.register.ui.dialogs import grow_to_content
from neighborcenter.i18n import _, format_date, pgettext
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    close_buttons,
    combo,
    line,
    reload_while_open,
    today_line,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import fit_rows, is_large_print

OVERDUE = QBrush(QColor("#b3261e"))  # with the words "overdue": colour is never all it says


def _bullets(lines: list[str]) -> str:
    """What a change will do, one point a line."""
    return "\n".join("· " + line_ for line_ in lines)


class ListTable(QTableWidget):
    """A table on a scrolling page: as tall as its rows (up to ``MAX_ROWS``), measured in the
    rows' real height (48 px in large print), so the page has one scroll bar, not a second
    one inside it that shows 2½ of 6 household members."""

    MAX_ROWS = 12

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        # a sideways scroll bar takes a row's room: ask for it too while it is there
        self.horizontalScrollBar().rangeChanged.connect(lambda *_a: self.updateGeometry())

    def _height(self) -> int:
        shown = min(max(self.rowCount(), 1), self.MAX_ROWS)
        rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), shown)))
        rows += (shown - self.rowCount()) * self.verticalHeader().defaultSectionSize() \
            if self.rowCount() < shown else 0
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height())


def _table(headers: list[str], rows: list[list[str]]) -> ListTable:
    table = ListTable(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    fit_rows(table)  # before the height is measured: rows are 48 px in large print
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.horizontalHeader().setStretchLastSection(True)
    table.resizeColumnsToContents()
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return table


def _none() -> QLabel:
    """What an empty list says instead of an empty grid."""
    text = QLabel(pgettext("empty list", "None"))
    text.setObjectName("emptyHint")
    return text


def _wrapping(text: str) -> QLabel:
    """A value that may be long (an address, the notes): wraps instead of widening the page."""
    label_ = QLabel(text)
    label_.setWordWrap(True)
    return label_


def _show_revealed(value: QLabel, button: QPushButton, text: str) -> None:
    value.setText(text)
    button.setEnabled(False)


class ResidentDetailDialog(QDialog):
    kinds = frozenset({REGISTER})
    # the lists, built anew by _show each time the resident is read
    household_table: ListTable
    tags_table: ListTable
    consents_table: ListTable
    contacts_table: ListTable
    events_table: ListTable

    def __init__(self, ctx: AppContext, resident_id: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._id = ctx, resident_id
        self.detail: ResidentDetail | None = None
        self.setWindowTitle(_("Resident"))
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        self.body = QWidget()
        scroll.setWidget(self.body)
        self.layout_ = QVBoxLayout(self.body)
        actions = QHBoxLayout()
        # offered by the resident's state (_offer), once it is read
        self.action_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
                ("edit", _("Edit…"), self.edit),
                ("move_within", _("Move within the community…"), self.move_within),
                ("move_out", _("Moved out…"), self.move_out),
                ("came_back", _("Came back…"), self.came_back),
                ("died", _("Record a death…"), self.died),
                ("merge", _("Merge a duplicate…"), self.merge)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.hide()
            actions.addWidget(button)
            self.action_buttons[key] = button
        actions.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        actions.addWidget(close)
        outer.addLayout(actions)
        # its lines are wide in large print (ID, phone, each with a Show button)
        fit_to_screen(self, QSize(1280, 900) if is_large_print() else QSize(980, 760))
        # once closed, the dialog is deleted and stops re-reading the resident on every change
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reload_while_open(self, ctx, self.kinds, self.reload)
        self.reload()

    def _offer(self, d: ResidentDetail) -> None:
        """Only the changes that make sense in the resident's state: no moving out for someone
        who moved out or died, no coming back for someone on the register."""
        state = None if d.archived else d.status
        offered = {
            "edit": state is not None,
            "move_within": state is ResidentStatus.ACTIVE,
            "move_out": state is ResidentStatus.ACTIVE,
            "came_back": state is ResidentStatus.MOVED_OUT,
            "died": state in (ResidentStatus.ACTIVE, ResidentStatus.MOVED_OUT),
            "merge": state is not None,
        }
        can_edit = self._ctx.actor.can(Permission.EDIT_REGISTER)
        for key, button in self.action_buttons.items():
            button.setVisible(can_edit and offered[key])

    def reload(self) -> None:
        actor, rid = self._ctx.actor, self._id

        def read(c):  # the register's page and every feature's sections of it
            return (registry.resident_detail(c, actor=actor, resident_id=rid),
                    features.detail_sections(c, actor=actor, resident_id=rid))

        self._ctx.worker.run(read, on_done=lambda result: self._show(*result))

    # -- drawing
    def _clear(self) -> None:
        while (item := self.layout_.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()

    def _show(self, d: ResidentDetail, sections: list[DetailSection] | None = None) -> None:
        self.detail = d
        self._clear()
        self._offer(d)
        self.setWindowTitle(_("Resident: {name}").format(name=d.name))
        parts = [d.name, d.sex_label,
                 _("{age} years old").format(age=d.age) if d.age is not None else "",
                 d.status_label + (f"（{format_date(d.status_date)}）" if d.status_date else "")]
        title = QLabel("　".join(p for p in parts if p))
        title.setObjectName("pageTitle")
        self.layout_.addWidget(title)
        current_tags = [t for t in d.tags if t.valid_to is None]
        if current_tags:
            self.layout_.addWidget(QLabel("、".join(
                t.name + (f"（{t.grade}）" if t.grade else "") for t in current_tags)))
        for warning in d.warnings:
            label_ = error_label()
            show_in(label_, "⚠ " + warning)
            self.layout_.addWidget(label_)

        basic = QGroupBox(_("Basic information"))
        grid = QGridLayout(basic)
        self.id_value = QLabel(f"{d.id_type_label} {d.masked_id}")
        self.phone_value = QLabel(d.masked_phone or "—")
        self.other_phone_value = QLabel(d.masked_other_phone or "—")
        pairs = [
            (_("Birth date"), QLabel(format_date(d.birth_date) if d.birth_date else "—")),
            (_("ID"), self._with_reveal(self.id_value, "id_number", bool(d.masked_id))),
            (_("Phone"), self._with_reveal(self.phone_value, "phone", bool(d.masked_phone))),
            (_("Other phone"), self._with_reveal(self.other_phone_value, "other_phone",
                                                 bool(d.masked_other_phone))),
            (_("Registration"), QLabel(d.registration_type_label)),
            (_("Hukou address"), _wrapping(d.hukou_text or "—")),
            (_("Residence status"), QLabel(d.residence_status_label)),
            (_("Ethnic group"), QLabel(d.ethnicity_word or "—")),
            (_("Political status"), QLabel(d.political_status_word or "—")),
            (_("Education"), QLabel(d.education_word or "—")),
            (_("Marital status"), QLabel(d.marital_status_word or "—")),
            (_("Workplace or school"), _wrapping(d.workplace or "—")),
            (_("Notes"), _wrapping(d.notes or "—")),
        ]
        for row, (text, widget) in enumerate(pairs):
            grid.addWidget(QLabel(text), row // 2, (row % 2) * 2)
            grid.addWidget(widget, row // 2, (row % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.layout_.addWidget(basic)

        home = QGroupBox(_("Home and household"))
        home_layout = QVBoxLayout(home)
        address = QHBoxLayout()
        address.addWidget(QLabel(
            f"{d.address or _('No address')}　{d.residence_type_label}"
            + (_("　since {date}").format(date=format_date(d.moved_in_on))
               if d.moved_in_on else "")))
        if d.dwelling is not None:
            who = QPushButton(_("Who lives here…"))
            who.clicked.connect(lambda: DwellingDialog(self._ctx, d.dwelling.id, self).exec())
            address.addWidget(who)
        address.addStretch(1)
        home_layout.addLayout(address)
        if d.household_number:
            # "户号 000090 · 父亲" read as if the household were the father's: say what it is
            if d.relation is Relation.HEAD:
                household = _("Household {number} · head of the household")
            elif d.relation is not None:
                household = _("Household {number} · relation to the head: {relation}")
            else:
                household = _("Household {number}")
            household = household.format(number=d.household_number, relation=d.relation_label)
            home_layout.addWidget(QLabel(household))
            self.household_table = _table(
                [_("Name"), _("Relation"), _("Age"), _("ID number"), _("Tags")],
                [[m.name, m.relation.label if m.relation else "",
                  "" if m.age is None else str(m.age), m.masked_id, m.tags]
                 for m in d.household_members])
            home_layout.addWidget(self.household_table)
        self.layout_.addWidget(home)
        self.extra_fields_table: ListTable | None = None
        if d.extra_fields:  # a sheet's columns the register has no field for
            self.extra_fields_table = self._section(
                _("More from the imported sheet"), [_("Column"), _("Value")],
                [[header, value] for header, value in d.extra_fields], [], [])

        can_edit = self._ctx.actor.can(Permission.EDIT_REGISTER)
        today = dt.date.today()
        overdue = [t.review_date is not None and t.is_current(today) and t.review_date < today
                   for t in d.tags]
        self.tags_table = self._section(
            _("Tags"),
            [_("Tag"), _("Grade"), _("From"), _("Until"), _("Evidence"), _("Review on")],
            [[t.name, t.grade or "", format_date(t.valid_from) if t.valid_from else "",
              format_date(t.valid_to) if t.valid_to else "", t.evidence,
              (format_date(t.review_date) + (_(" (overdue)") if late else ""))
              if t.review_date else ""] for t, late in zip(d.tags, overdue, strict=True)],
            [(_("Add a tag…"), self.add_tag, None),
             (_("End the selected tag…"), self.end_tag, lambda t: t.valid_to is None)]
            if can_edit else [], d.tags)
        for row, late in enumerate(overdue):
            if late and (cell := self.tags_table.item(row, 5)) is not None:
                cell.setForeground(OVERDUE)
        self.consents_table = self._section(
            _("Consents"),
            [_("Agreed to"), _("On"), pgettext("consent", "By"), _("Guardian"), _("Withdrawn"),
             _("Recorded by")],
            [[c.purpose_label, format_date(c.given_on), c.given_by, c.guardian_relation,
              format_date(c.withdrawn_on) if c.withdrawn_on else "", c.recorded_by]
             for c in d.consents],
            [(_("Record a consent…"), self.add_consent, None),
             (_("Withdraw the selected…"), self.withdraw_consent,
              lambda c: c.withdrawn_on is None)] if can_edit else [], d.consents)
        self.contacts_table = self._section(
            _("Emergency contacts"), [_("Name"), _("Relation"), _("Phone"), _("Notes")],
            [[c.name, c.relation, c.masked_phone, c.notes] for c in d.contacts],
            [(_("Add a contact…"), self.add_contact, None),
             (_("Remove the selected"), self.remove_contact, lambda c: True)]
            if can_edit else [], d.contacts)
        self.events_table = self._section(
            _("History"), [_("Date"), _("Change"), _("From"), _("To"), _("Notes"),
                           pgettext("history", "By")],
            [[format_date(e.on), e.kind_label, e.from_address, e.to_address, e.notes,
              e.recorded_by] for e in d.events], [], d.events)
        for section in sections or ():  # other features' parts (visits, the class…)
            self._section(section.title, list(section.headers),
                          [list(row) for row in section.rows], [], [])
        self.layout_.addStretch(1)

    def _with_reveal(self, value: QLabel, field: str, has_value: bool) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(value)
        if has_value and self._ctx.actor.can(Permission.REVEAL_IDENTIFIERS):
            button = QPushButton(_("Show"))
            button.setToolTip(_("Shows the full value once; this is written to the audit log."))
            button.clicked.connect(lambda: self._reveal(field, value, button))
            row.addWidget(button)
        row.addStretch(1)
        return box

    def _reveal(self, field: str, value: QLabel, button: QPushButton) -> None:
        actor, rid = self._ctx.actor, self._id
        self._ctx.worker.run(
            lambda c: registry.reveal_identifier(c, actor=actor, resident_id=rid,
                                                 field_name=field),
            on_done=lambda text: _show_revealed(value, button, text))

    def _section(self, title: str, headers: list[str], rows: list[list[str]],
                 buttons: list, items: list) -> ListTable:
        """A table and its buttons; returns the table. A button with a condition acts on the
        selected row: it is enabled only while a row it can act on is selected (never a click
        that does nothing)."""
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        table = _table(headers, rows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        layout.addWidget(table)
        if not rows:  # "None", not an empty grid; the buttons still act (add…)
            table.hide()
            layout.addWidget(_none())
        if buttons:
            row = QHBoxLayout()
            for text, slot, applies in buttons:
                button = QPushButton(text)
                button.clicked.connect(slot)
                row.addWidget(button)
                if applies is not None:
                    def update(button=button, applies=applies) -> None:
                        item = self._selected(table, items)
                        button.setEnabled(item is not None and applies(item))
                    button.setToolTip(_("Choose a line in the list above first."))
                    table.itemSelectionChanged.connect(update)
                    update()
            row.addStretch(1)
            layout.addLayout(row)
        self.layout_.addWidget(box)
        return table

    @staticmethod
    def _selected(table: QTableWidget, items: list):
        rows = table.selectionModel().selectedRows()
        return items[rows[0].row()] if rows and rows[0].row() < len(items) else None

    # -- actions
    def edit(self) -> None:
        from neighborcenter.features.register.ui.edit import ResidentDialog

        dialog = ResidentDialog(self._ctx, self._id, self)
        dialog.exec()
        dialog.deleteLater()

    def _status(self, kind: ResidenceEventKind, title: str, with_address: bool, *,
                note: str = "", action: str = "") -> None:
        actor, rid = self._ctx.actor, self._id
        fields: list[tuple[str, str, QWidget]] = [("on", _("Date"), today_line())]
        if kind is ResidenceEventKind.MOVED_OUT:
            fields.append(("destination", _("Moved to"),
                           line(placeholder=_("e.g. 杭州市西湖区, or “unknown”"))))
        if with_address:
            dwelling = self.detail.dwelling if self.detail else None
            fields += [("estate", _("Estate"), line(dwelling.estate if dwelling else "")),
                       ("building", _("Building"), line()), ("unit", _("Unit"), line()),
                       ("room", _("Room"), line()),
                       ("residence_type", _("Residence"), combo(
                           [(t.label, t) for t in ResidenceType]))]
        fields.append(("notes", _("Notes"), line()))

        def job(v):
            address = ((v["estate"], v["building"], v["unit"], v["room"])
                       if with_address and any((v["building"], v["unit"], v["room"])) else None)
            return lambda c: rec.change_residence(
                c, actor=actor, resident_id=rid, kind=kind, on=v["on"], address=address,
                residence_type=v.get("residence_type"), notes=v["notes"],
                destination=v.get("destination", ""))

        FormDialog(self._ctx, title, fields, job, self, note=note, action=action).exec()

    def move_within(self) -> None:
        self._status(ResidenceEventKind.MOVED_WITHIN, _("Moved within the community"), True)

    def move_out(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        lines = [_("From this date {name} leaves the list of residents on the register; the "
                   "record is kept and is found under “{moved_out}” or “{everyone}”.").format(
            name=d.name, moved_out=ResidentStatus.MOVED_OUT.label,
            everyone=_("Everyone"))]
        lines += self._household_effect(d)
        tags = self._current_tags(d)
        if tags:
            lines.append(_("The tags stay as they are ({tags}): end those that no longer "
                           "apply.").format(tags=tags))
        lines.append(_("Nothing is deleted: “Came back…” puts {name} on the register again.")
                     .format(name=d.name))
        self._status(ResidenceEventKind.MOVED_OUT, _("{name} moved out").format(name=d.name),
                     False, note=_bullets(lines), action=_("Record the move out"))

    def came_back(self) -> None:
        self._status(ResidenceEventKind.RETURNED, _("Came back"), True)

    def died(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        lines = [_("{name} is recorded as deceased on this date and leaves the list of "
                   "residents on the register; the record is kept.").format(name=d.name)]
        lines += self._household_effect(d)
        tags = self._current_tags(d)
        if tags:
            lines.append(_("The tags end on the same date ({tags}).").format(tags=tags))
        lines.append(_("This cannot be undone here: check the name and the date before "
                       "saving."))
        self._status(ResidenceEventKind.DECEASED, _("{name} died").format(name=d.name), False,
                     note=_bullets(lines), action=_("Record the death"))

    @staticmethod
    def _current_tags(d: ResidentDetail) -> str:
        today = dt.date.today()
        return "、".join(t.name for t in d.tags if t.is_current(today))

    @staticmethod
    def _household_effect(d: ResidentDetail) -> list[str]:
        """What a move out or a death means for the household (nothing changes in it)."""
        if not d.household_number:
            return []
        others = [m for m in d.household_members
                  if m.id != d.id and m.status is ResidentStatus.ACTIVE]
        if d.relation is Relation.HEAD and others:
            return [_("{name} stays recorded as the head of household {number}. Its other "
                      "{n} members stay on the register: choose a new head among them (edit "
                      "that person's relation to the head). The home page lists the household "
                      "until then.").format(name=d.name, number=d.household_number,
                                            n=len(others))]
        return [_("{name} stays in household {number} as history; its other members do not "
                  "change.").format(name=d.name, number=d.household_number)]

    def add_tag(self) -> None:
        actor, rid = self._ctx.actor, self._id
        box = combo([])  # filled when the tag list arrives
        self._ctx.worker.run(
            lambda c: rec.list_tag_types(c, actor=actor),
            on_done=lambda ts: [box.addItem(t.name + (_(" (with grade)") if t.has_grade
                                                      else ""), t.id) for t in ts])
        fields = [("tag", _("Tag"), box), ("valid_from", _("From"), today_line()),
                  ("grade", _("Grade"), line(placeholder=_("e.g. 二级"))),
                  ("evidence", _("Evidence"), line(placeholder=_("e.g. 残疾人证"))),
                  ("review_date", _("Review on"), line(placeholder=_("e.g. 2027-06-30")))]
        FormDialog(self._ctx, _("Add a tag"), fields, lambda v: lambda c: rec.add_resident_tag(
            c, actor=actor, resident_id=rid, tag_type_id=v["tag"],
            valid_from=v["valid_from"], grade=v["grade"], evidence=v["evidence"],
            review_date=v["review_date"] or None), self).exec()

    def end_tag(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        tag = self._selected(self.tags_table, d.tags)
        if tag is None:
            return
        actor = self._ctx.actor
        FormDialog(self._ctx, _("End the tag {tag}").format(tag=tag.name),
                   [("on", _("Until"), today_line())],
                   lambda v: lambda c: rec.end_resident_tag(c, actor=actor, tag_id=tag.id,
                                                            on=v["on"]), self,
                   note=_("“{tag}” stops applying to {name} on this date. It stays in the list "
                          "with its end date; to apply it again, add it anew.").format(
                       tag=tag.name, name=d.name), action=_("End the tag")).exec()

    def add_consent(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        actor, rid = self._ctx.actor, self._id
        fields = [("purpose", _("Agreed to"), combo([(p.label, p) for p in ConsentPurpose],
                                                   ConsentPurpose.REGISTER)),
                  ("given_on", _("On"), today_line()),
                  ("given_by", _("By (name)"), line(d.name)),
                  ("guardian_relation", _("Guardian's relation (for a child)"), line()),
                  ("notes", _("Notes"), line())]
        FormDialog(self._ctx, _("Record a consent"), fields,
                   lambda v: lambda c: rec.record_consent(
                       c, actor=actor, resident_id=rid, purpose=v["purpose"],
                       given_on=v["given_on"], given_by=v["given_by"],
                       guardian_relation=v["guardian_relation"], notes=v["notes"]), self).exec()

    def withdraw_consent(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        consent = self._selected(self.consents_table, d.consents)
        if consent is None:
            return
        actor = self._ctx.actor
        FormDialog(self._ctx, _("Withdraw a consent"), [("on", _("On"), today_line())],
                   lambda v: lambda c: rec.withdraw_consent(c, actor=actor,
                                                            consent_id=consent.id, on=v["on"]),
                   self, note=_("From this date the consent to “{purpose}” counts as "
                                "withdrawn. The record stays, with the date.").format(
                       purpose=consent.purpose_label), action=_("Withdraw")).exec()

    def add_contact(self) -> None:
        actor, rid = self._ctx.actor, self._id
        fields = [("name", _("Name"), line()), ("relation", _("Relation"), line()),
                  ("phone", _("Phone"), line()), ("notes", _("Notes"), line())]
        FormDialog(self._ctx, _("Add an emergency contact"), fields,
                   lambda v: lambda c: rec.add_emergency_contact(
                       c, actor=actor, resident_id=rid, **v), self).exec()

    def remove_contact(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        contact = self._selected(self.contacts_table, d.contacts)
        if contact is None:
            return
        if not confirm(self, _("Remove an emergency contact"), _(
                "Remove {contact} ({relation}) from the emergency contacts of {name}? The audit "
                "log keeps a note of it.").format(contact=contact.name,
                                                  relation=contact.relation or "—",
                                                  name=d.name)):
            return
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: rec.archive_emergency_contact(
            c, actor=actor, contact_id=contact.id))

    def merge(self) -> None:
        d = self.detail
        if d is None:  # not read yet (the buttons show once it is)
            return
        MergeDialog(self._ctx, self._id, self, keep_name=d.name).exec()


class DwellingDialog(QDialog):
    """Who lives at one address now, and who lived there before."""

    def __init__(self, ctx: AppContext, dwelling_id: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Who lives here"))
        self.layout_ = QVBoxLayout()
        scrolling_body(self, self.layout_, close_buttons(self))
        fit_to_screen(self, QSize(720, 480))
        actor = ctx.actor
        ctx.worker.run(lambda c: registry.dwelling_view(c, actor=actor,
                                                        dwelling_id=dwelling_id),
                       on_done=self._show)

    def _show(self, view: registry.DwellingView) -> None:
        title = QLabel(view.dwelling.address)
        title.setObjectName("pageTitle")
        self.layout_.addWidget(title)
        if view.households:
            self.layout_.addWidget(QLabel(_("Households: {numbers}").format(
                numbers="、".join(view.households))))
        headers = [_("Name"), _("Relation"), _("Age"), _("ID number"), _("Tags")]
        self.layout_.addWidget(QLabel(_("Living here")))
        if view.residents:
            self.layout_.addWidget(_table(headers, [
                [r.name, r.relation.label if r.relation else "",
                 "" if r.age is None else str(r.age), r.masked_id, r.tags]
                for r in view.residents]))
        else:
            self.layout_.addWidget(_none())
        if view.former:
            self.layout_.addWidget(QLabel(_("Lived here before")))
            self.layout_.addWidget(_table([_("Name"), _("State")], [
                [r.name, r.status.label] for r in view.former]))
        self.layout_.addStretch(1)
        grow_to_content(self)  # the tables are as tall as their rows: room for them


class MergeDialog(QDialog):
    """Pick the duplicate, then take fields from it one by one; a note says why. The heading
    names the record that is kept; until a duplicate is chosen, each step says what to do."""

    def __init__(self, ctx: AppContext, keep_id: str, parent=None, *,
                 keep_name: str | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._keep = ctx, keep_id
        self._other: str | None = None
        self.setWindowTitle(_("Merge a duplicate record"))
        layout = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(_("1. Find the duplicate record (it will be archived):")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, pinyin or last digits of the ID"))
        self.search.textChanged.connect(self._find)
        layout.addWidget(self.search)
        # the list shows once there is something in it; until then a line says what comes
        self.results_hint = QLabel(_("The records that match appear here as you type."))
        self.results_hint.setObjectName("emptyHint")
        self.results_hint.setWordWrap(True)
        layout.addWidget(self.results_hint)
        self.results = QListWidget()
        self.results.itemClicked.connect(self._pick)
        self.results.hide()
        layout.addWidget(self.results)
        layout.addSpacing(12)
        layout.addWidget(QLabel(_("2. Tick what to take from the duplicate:")))
        self.fields_hint = QLabel(_("First find and choose the duplicate record above."))
        self.fields_hint.setObjectName("emptyHint")
        self.fields_hint.setWordWrap(True)
        layout.addWidget(self.fields_hint)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        layout.addLayout(self.grid)
        layout.addSpacing(12)
        form = QFormLayout()
        self.note = QLineEdit()
        form.addRow(_("Why these are the same person"), self.note)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addStretch(1)  # room to spare goes under the parts, not between them
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        scrolling_body(self, layout, buttons)
        self.checks: dict[str, QCheckBox] = {}
        if keep_name is not None:
            self._name_kept(keep_name)
        else:
            actor = ctx.actor
            ctx.worker.run(lambda c: registry.resident_detail(
                c, actor=actor, resident_id=keep_id).name,
                on_done=self._name_kept)
        fit_to_screen(self, QSize(900, 720) if is_large_print() else QSize(760, 620))

    def _name_kept(self, name: str) -> None:
        self.keep_name = name
        self.heading.setText(_("Keep the record of {name} and merge a duplicate into it")
                             .format(name=name))

    def _find(self, text: str) -> None:
        actor, keep = self._ctx.actor, self._keep
        if not text.strip():
            self._show_results([], "")
            return
        self._ctx.worker.run(
            lambda c: registry.search_residents(c, actor=actor, query=text,
                                                filters=registry.SearchFilters(
                                                    status=registry.ALL_STATUSES), limit=20),
            on_done=lambda result: self._show_results([r for r in result.rows
                                                       if r.id != keep], text))

    def _show_results(self, rows, text: str) -> None:
        if text != self.search.text():
            return  # an answer to what was typed before: a newer one is on its way
        self.results.clear()
        for r in rows:
            item = QListWidgetItem(f"{r.name}　{r.masked_id}　{r.address}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.results.addItem(item)
        if rows:  # as tall as its lines (up to five, in their real height), then it scrolls
            self.results.setFixedHeight(min(len(rows), 5) * self.results.sizeHintForRow(0)
                                        + 2 * self.results.frameWidth())
        self.results.setVisible(bool(rows))
        self.results_hint.setVisible(not rows)
        self.results_hint.setText(
            _("No other record matches “{text}”.").format(text=text) if text.strip()
            else _("The records that match appear here as you type."))

    def _pick(self, item: QListWidgetItem) -> None:
        self._other = item.data(Qt.ItemDataRole.UserRole)
        actor, keep, other = self._ctx.actor, self._keep, self._other
        self._ctx.worker.run(lambda c: rec.compare_for_merge(c, actor=actor,
                                                             keep_id=keep, other_id=other),
                             on_done=self._show_fields)

    def _show_fields(self, fields: list[rec.MergeField]) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.checks.clear()
        self.fields_hint.hide()
        for column, text in enumerate((_("Field"), _("This record"), _("Duplicate"),
                                       _("Take"))):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for row, f in enumerate(fields, start=1):
            self.grid.addWidget(QLabel(f.label), row, 0)
            for column, value in ((1, f.keep_value), (2, f.other_value)):
                cell = QLabel(value or "—")
                cell.setWordWrap(True)  # a long address wraps: the Take column stays in view
                self.grid.addWidget(cell, row, column)
            check = QCheckBox()
            check.setEnabled(f.differs and bool(f.other_value))
            self.checks[f.key] = check
            self.grid.addWidget(check, row, 3)

    def merge(self) -> None:
        if self._other is None:
            show_in(self.error, _("First choose the duplicate record."))
            return
        take = {k for k, c in self.checks.items() if c.isChecked()}
        actor, keep, other, note = self._ctx.actor, self._keep, self._other, self.note.text()
        self._ctx.worker.run(
            lambda c: rec.merge_residents(c, actor=actor, keep_id=keep, other_id=other,
                                          take_from_other=take, note=note),
            on_done=lambda _r: self.accept(), on_error=lambda exc: show_in(self.error, exc))


