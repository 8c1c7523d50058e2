"""The resident dialog: add or correct a resident, with a message under each field and a
question before saving someone who seems to be in the register already."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.register import registry
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.rules.codes import (
    EDUCATION,
    ETHNICITY,
    MARITAL_STATUS,
    POLITICAL_STATUS,
    CodeList,
)
from neighborcenter.features.register.rules.idnumber import Sex, mask_identifier
from neighborcenter.features.register.rules.phone import mask_phone
from neighborcenter.features.register.rules.terms import (
    IdType,
    RegistrationType,
    Relation,
    ResidenceStatus,
    ResidenceType,
)
from neighborcenter.i18n import LabelledEnum, _
from neighborcenter.ui.common.dialogs import combo, line
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import save_cancel_buttons
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm


def _enum_items(values: type[LabelledEnum]) -> list[tuple[str, object]]:
    return [(value.label, value) for value in values]


def _code_items(code_list: CodeList) -> list[tuple[str, object]]:
    """A national code list as a choice: empty first (未填写), then its words (stored as
    codes). Typing the first characters of a word picks it (汉 → 汉族)."""
    return [(_("Not filled in"), None), *((word, code) for code, word in code_list.words.items())]


class HukouLine(QWidget):
    """户籍地址: a line, and "same as the current address" that greys it out."""

    def __init__(self) -> None:
        super().__init__()
        self.edit = line(placeholder=_("e.g. 浙江省湖州市吴兴区幸福里小区3栋2单元501室"))
        self.same = QCheckBox(_("Same as current address"))
        self.same.toggled.connect(lambda on: self.edit.setEnabled(not on))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.same)

    def address(self) -> str:
        """What to save: nothing while "same as current address" is ticked."""
        return "" if self.same.isChecked() else self.edit.text()


class MaskedLine(QWidget):
    """An ID number or a phone in the edit dialog: masked until revealed (audited, as on the
    resident's page), and hidden again with the same button. Without the right to reveal, the
    box is empty and what is typed replaces the stored value."""

    def __init__(self, edit: QLineEdit, mask: Callable[[str], str]) -> None:
        super().__init__()
        self.edit, self._mask = edit, mask
        self._stored = False  # a value is stored that this dialog has not read out
        self._full: str | None = None  # the full value, once revealed
        self._reveal: Callable[[Callable[[str], None]], None] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        self.button = QPushButton(_("Show"))
        self.button.setToolTip(_("Shows the full value; this is written to the audit log."))
        self.button.clicked.connect(self.toggle)
        self.button.hide()
        row.addWidget(self.button)

    def set_stored(self, masked: str,
                   reveal: Callable[[Callable[[str], None]], None] | None) -> None:
        """A value is stored: show it ``masked``; ``reveal(done)`` reads it out (audited)."""
        if not masked:
            return
        self._stored = True
        if reveal is None:
            self.edit.setPlaceholderText(_("Unchanged ({masked}). Type a new number to replace "
                                           "it.").format(masked=masked))
            return
        self._reveal = reveal
        self._set_masked(masked)
        self.button.show()

    def _set_masked(self, text: str) -> None:
        self.edit.setText(text)
        self.edit.setReadOnly(True)
        self.edit.setToolTip(_("Masked. Press “{show}” to see or change it.").format(
            show=_("Show")))

    @property
    def revealed(self) -> bool:
        return not self.edit.isReadOnly()

    def toggle(self) -> None:
        if not self.revealed:
            if self._full is not None:
                self._show_full(self._full)
            elif self._reveal is not None:  # masked, never read out: only with a reveal
                self._reveal(self._show_full)  # once per dialog
            return
        self._full = self.edit.text()  # kept, edited or not, while it is hidden again
        self._set_masked(self._mask(self._full))
        self.button.setText(_("Show"))

    def _show_full(self, value: str) -> None:
        self._full = value
        self.edit.setReadOnly(False)
        self.edit.setToolTip("")
        self.edit.setText(value)
        self.button.setText(_("Hide"))

    def value(self) -> str | None:
        """What to save: ``None`` keeps the stored value (never read out, nothing typed)."""
        if not self._stored:
            return self.edit.text()
        if self.revealed:
            return self.edit.text()
        if self._full is not None:
            return self._full
        return self.edit.text() if self.edit.text().strip() and self._reveal is None else None


class ResidentDialog(QDialog):
    def __init__(self, ctx: AppContext, resident_id: str | None, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._id = ctx, resident_id
        self.saved_id: str | None = None
        self.setWindowTitle(_("New resident") if resident_id is None else _("Edit resident"))
        form = QFormLayout()
        self.family_name = line()
        self.given_name = line()
        self.id_type = combo(_enum_items(IdType), IdType.RESIDENT_CARD)
        self.id_number = line(placeholder=_("18 characters; sex and birth date follow from it"))
        self.sex = combo([(_("From the ID number"), None), *_enum_items(Sex)])
        self.birth_date = line(placeholder=_("e.g. 1949-12-31"))
        self.phone = line(placeholder=_("e.g. 13805721234 or 0572-2123456"))
        self.other_phone = line()
        self.id_box = MaskedLine(self.id_number, mask_identifier)
        self.phone_box = MaskedLine(self.phone, mask_phone)
        self.other_phone_box = MaskedLine(self.other_phone, mask_phone)
        address = QWidget()
        grid = QGridLayout(address)
        grid.setContentsMargins(0, 0, 0, 0)
        self.estate, self.building, self.unit, self.room = line(), line(), line(), line()
        # a label over each box: a placeholder alone disappears as soon as one types
        for column, (text, widget) in enumerate(((_("Estate"), self.estate),
                                                 (_("Building"), self.building),
                                                 (_("Unit"), self.unit), (_("Room"), self.room))):
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(0, 3)
        self.residence_type = combo(_enum_items(ResidenceType), ResidenceType.OWNED)
        self.moved_in_on = line(placeholder=_("e.g. 2010-05-01"))
        self.household_number = line()
        self.relation = combo([(_("—"), None), *_enum_items(Relation)])
        self.registration_type = combo(_enum_items(RegistrationType),
                                       RegistrationType.LOCAL)
        # first: decided from the hukou address (resident_records.save_resident)
        self.residence_status = combo([(_("From the hukou address"), None),
                                       *_enum_items(ResidenceStatus)])
        self.residence_status.setToolTip(_(
            "“From the hukou address”: the same address, or “same as current address”, is "
            "人户一致; a hukou address elsewhere is 人在户不在. Choose one to say it yourself."))
        self.hukou = HukouLine()
        self.ethnicity = combo(_code_items(ETHNICITY))
        self.political_status = combo(_code_items(POLITICAL_STATUS))
        self.education = combo(_code_items(EDUCATION))
        self.marital_status = combo(_code_items(MARITAL_STATUS))
        self.workplace = line()
        self.family_reading = line(placeholder=_("only if unusual, e.g. yue for 乐"))
        self.notes = line()
        rows = [
            (_("Family name (姓)"), self.family_name), (_("Given name (名)"), self.given_name),
            (_("Document"), self.id_type), (_("Document number"), self.id_box),
            (_("Sex"), self.sex), (_("Birth date"), self.birth_date), (_("Phone"), self.phone_box),
            (_("Other phone"), self.other_phone_box), (_("Address"), address),
            (_("Residence"), self.residence_type), (_("Living here since"), self.moved_in_on),
            (_("Household number (户号)"), self.household_number),
            (_("Relation to head"), self.relation), (_("Registration"), self.registration_type),
            (_("Hukou address"), self.hukou), (_("Residence status"), self.residence_status),
            (_("Ethnic group"), self.ethnicity), (_("Political status"), self.political_status),
            (_("Education"), self.education), (_("Marital status"), self.marital_status),
            (_("Workplace or school"), self.workplace),
            (_("Reading of the family name"), self.family_reading), (_("Notes"), self.notes),
        ]
        for label_text, field_widget in rows:
            form.addRow(label_text, field_widget)
        self.errors = FormErrors(form, {
            "family_name": self.family_name, "given_name": self.given_name,
            "id_type": self.id_type, "id_number": self.id_box, "sex": self.sex,
            "birth_date": self.birth_date, "phone": self.phone_box,
            "other_phone": self.other_phone_box,
            "estate": address, "moved_in_on": self.moved_in_on,
            "household_number": self.household_number, "relation": self.relation,
            "family_reading": self.family_reading, "notes": self.notes,
            "hukou_address": self.hukou, "residence_status": self.residence_status,
            "ethnicity": self.ethnicity, "political_status": self.political_status,
            "education": self.education, "marital_status": self.marital_status,
            "workplace": self.workplace})
        scrolling_body(self, form, save_cancel_buttons(self, self.save))
        self.setMinimumWidth(620)
        fit_to_screen(self)
        if resident_id is not None:
            actor = ctx.actor
            ctx.worker.run(lambda c: (
                rec.resident_form_of(c, actor=actor, resident_id=resident_id),
                registry.masked_identifiers(c, actor=actor,
                                            resident_id=resident_id)),
                on_done=lambda result: self._fill(*result))

    def _revealer(self, field: str) -> Callable[[Callable[[str], None]], None] | None:
        """How a masked box reads out its full value: audited, as on the resident's page."""
        actor, rid = self._ctx.actor, self._id
        if rid is None or not actor.can(Permission.REVEAL_IDENTIFIERS):
            return None  # (a new resident has nothing stored to reveal)

        def reveal(done: Callable[[str], None]) -> None:
            self._ctx.worker.run(lambda c: registry.reveal_identifier(
                c, actor=actor, resident_id=rid, field_name=field), on_done=done)

        return reveal

    def _fill(self, f: rec.ResidentForm, masked: registry.MaskedIdentifiers) -> None:
        self.family_name.setText(f.family_name)
        self.given_name.setText(f.given_name)
        self.id_type.setCurrentIndex(max(self.id_type.findData(f.id_type), 0))
        for box, value, field in ((self.id_box, masked.id_number, "id_number"),
                                  (self.phone_box, masked.phone, "phone"),
                                  (self.other_phone_box, masked.other_phone, "other_phone")):
            box.set_stored(value, self._revealer(field))
        self.sex.setCurrentIndex(max(self.sex.findData(f.sex), 0))
        texts: tuple[tuple[QLineEdit, object], ...] = (
            (self.birth_date, f.birth_date), (self.estate, f.estate),
            (self.building, f.building), (self.unit, f.unit),
            (self.room, f.room), (self.moved_in_on, f.moved_in_on),
            (self.household_number, f.household_number),
            (self.family_reading, f.family_reading or ""), (self.notes, f.notes),
            (self.hukou.edit, f.hukou_address), (self.workplace, f.workplace))
        for widget, stored in texts:
            widget.setText(str(stored or ""))
        for choice, data in ((self.residence_type, f.residence_type), (self.relation, f.relation),
                             (self.registration_type, f.registration_type),
                             (self.residence_status, f.residence_status),
                             (self.ethnicity, f.ethnicity),
                             (self.political_status, f.political_status),
                             (self.education, f.education),
                             (self.marital_status, f.marital_status)):
            choice.setCurrentIndex(max(choice.findData(data), 0))
        self.hukou.same.setChecked(f.hukou_same)
        self.hukou.edit.setCursorPosition(0)  # a long address shows its start

    def form(self) -> rec.ResidentForm:
        def data(box: QComboBox):
            return box.currentData()

        return rec.ResidentForm(
            family_name=self.family_name.text(), given_name=self.given_name.text(),
            sex=data(self.sex), birth_date=self.birth_date.text(), id_type=data(self.id_type),
            id_number=self.id_box.value(), phone=self.phone_box.value(),
            other_phone=self.other_phone_box.value(),
            estate=self.estate.text(), building=self.building.text(), unit=self.unit.text(),
            room=self.room.text(), residence_type=data(self.residence_type),
            moved_in_on=self.moved_in_on.text(), household_number=self.household_number.text(),
            relation=data(self.relation), registration_type=data(self.registration_type),
            residence_status=data(self.residence_status),
            family_reading=self.family_reading.text(), notes=self.notes.text(),
            ethnicity=data(self.ethnicity), political_status=data(self.political_status),
            education=data(self.education), marital_status=data(self.marital_status),
            hukou_address=self.hukou.address(), hukou_same=self.hukou.same.isChecked(),
            workplace=self.workplace.text())

    def save(self, confirmed: bool = False) -> None:
        self.errors.clear()
        form, actor, resident_id = self.form(), self._ctx.actor, self._id
        self._ctx.worker.run(
            lambda c: rec.save_resident(c, actor=actor, form=form,
                                        resident_id=resident_id,
                                        confirmed_not_duplicate=confirmed),
            on_done=self._saved, on_error=self._failed)

    def _saved(self, resident_id: str) -> None:
        self.saved_id = resident_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, rec.PossibleDuplicate) and not exc.blocking:
            text = "\n".join(f"· {h.name}（{h.address or '—'}）：{h.reason_label}"
                             for h in exc.hits)
            if confirm(self, _("Possible duplicate"),
                       _("This person may already be in the register:\n{list}\n\nSave as a "
                         "different person anyway?").format(list=text)):
                self.save(confirmed=True)
            return
        if isinstance(exc, NCError) and exc.field in ("building", "unit", "room"):
            exc.field = "estate"  # one message under the whole address row
        self.errors.show(exc)


