"""The resident's page and its dialogs as the front desk relies on them: a closed page stops
re-reading, changes of state are offered by state and explained before they are saved, a
button needs a selected line, the edit dialog masks the ID and phones until revealed, and a
message under a field goes when the field is corrected without the dialog growing. From the
screenshot review: example placeholders say "e.g.", the tag list explains itself and closes,
the merge dialog names the kept record and says what each step needs, the register says 标签
(never 类别), the household table shows every member in large print without a scroll bar of its
own, an empty list says "None", and the household line says what the relation is."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
)

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.core.changes import Changes
from neighborcenter.features.register import REGISTER, registry
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.rules.terms import (
    Relation,
    ResidenceEventKind,
    ResidentStatus,
)
from neighborcenter.features.register.ui import detail as detail_module
from neighborcenter.features.register.ui.detail import MergeDialog, ResidentDetailDialog
from neighborcenter.features.register.ui.dialogs import TagListDialog
from neighborcenter.features.register.ui.edit import ResidentDialog
from neighborcenter.features.register.ui.page import RegisterPage
from neighborcenter.i18n import _, pgettext, set_language
from neighborcenter.ui import theme
from neighborcenter.ui.common import fitting
from neighborcenter.ui.common.dialogs import FormDialog
from neighborcenter.ui.common.fitting import BodyScrollArea

ID = make_id_number("330502", dt.date(1940, 5, 6), 11)
PHONE = "13805721234"


@pytest.fixture
def family(db, admin) -> dict[str, str]:
    """A head of household (younger) and his mother (older), with a tag and a contact."""
    def person(given, born, relation, **more):
        return rec.save_resident(db, actor=admin, form=rec.ResidentForm(
            family_name="单", given_name=given, birth_date=born, estate="幸福里小区",
            building="3", unit="2", room="501", household_number="H1", relation=relation,
            **more))

    ids = {"mother": person("桂英", "1936-01-01", Relation.MOTHER),
           "head": person("良", None, Relation.HEAD, id_number=ID, phone=PHONE)}
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    rec.add_resident_tag(db, actor=admin, resident_id=ids["head"],
                         tag_type_id=tags["living_alone"].id, valid_from="2020-01-01",
                         review_date=dt.date.today() - dt.timedelta(days=2))
    rec.add_emergency_contact(db, actor=admin, resident_id=ids["head"], name="单小妹",
                              relation="女儿", phone="13900001111")
    return ids


def open_detail(qtbot, ctx, resident_id) -> ResidentDetailDialog:
    dialog = ResidentDetailDialog(ctx, resident_id)
    dialog.show()
    return dialog


def button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def offered(dialog) -> set[str]:
    return {key for key, b in dialog.action_buttons.items() if b.isVisibleTo(dialog)}


def test_a_closed_detail_dialog_is_deleted_and_stops_reading(qtbot, make_ctx, admin, family,
                                                              monkeypatch):
    reads = []
    real = registry.resident_detail
    monkeypatch.setattr(registry, "resident_detail",
                        lambda *a, **k: reads.append(1) or real(*a, **k))
    ctx = make_ctx(admin)
    dialog = open_detail(qtbot, ctx, family["head"])
    change = Changes(frozenset({REGISTER}))
    ctx.worker.changes_did_happen.emit(change)
    assert len(reads) == 2  # open: it follows changes
    button(dialog, _("Close")).click()
    ctx.worker.changes_did_happen.emit(change)
    assert len(reads) == 2  # closed: no more queries
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)


def test_actions_are_offered_by_the_residents_state(qtbot, make_ctx, admin, db, family):
    ctx = make_ctx(admin)
    dialog = open_detail(qtbot, ctx, family["head"])
    assert offered(dialog) == {"edit", "move_within", "move_out", "died", "merge"}
    rec.change_residence(db, actor=admin, resident_id=family["head"],
                         kind=ResidenceEventKind.MOVED_OUT, on=dt.date.today(),
                         destination="杭州")
    dialog.reload()
    assert offered(dialog) == {"edit", "came_back", "died", "merge"}  # no second move out
    rec.change_residence(db, actor=admin, resident_id=family["head"],
                         kind=ResidenceEventKind.DECEASED, on=dt.date.today())
    dialog.reload()
    assert offered(dialog) == {"edit", "merge"}
    dialog.close()


def test_moving_out_asks_where_to_and_says_what_happens(qtbot, make_ctx, admin, db, family,
                                                         monkeypatch):
    shown = []
    monkeypatch.setattr(FormDialog, "exec", lambda d: shown.append(d) or 0)
    dialog = open_detail(qtbot, make_ctx(admin), family["head"])
    button(dialog, _("Moved out…")).click()
    form = shown[0]
    note = form.note.text()
    assert "H1" in note and _("Everyone") in note  # the household, and where to find him
    assert "独居" in note  # the tags stay: named
    form.save()  # no destination yet
    assert form.errors._labels["destination"].isVisibleTo(form)
    form.fields["destination"].setText("杭州市西湖区")
    form.save()
    detail = registry.resident_detail(db, actor=admin,
                                      resident_id=family["head"])
    assert detail.status is ResidentStatus.MOVED_OUT
    assert "杭州市西湖区" in detail.events[-1].notes
    assert detail.household_number == "H1" and detail.tags[0].valid_to is None  # as it said
    dialog.close()


def test_death_says_the_tags_end_and_that_it_cannot_be_undone(qtbot, make_ctx, admin, family,
                                                              monkeypatch):
    shown = []
    monkeypatch.setattr(FormDialog, "exec", lambda d: shown.append(d) or 0)
    dialog = open_detail(qtbot, make_ctx(admin), family["head"])
    button(dialog, _("Record a death…")).click()
    assert "独居" in shown[0].note.text()
    assert _("This cannot be undone here: check the name and the date before saving.") \
        in shown[0].note.text()
    dialog.close()


def test_removing_a_contact_needs_a_selected_line_and_a_yes(qtbot, make_ctx, admin, db, family,
                                                            monkeypatch):
    answers = []
    monkeypatch.setattr(detail_module, "confirm", lambda *a: answers.pop(0))
    dialog = open_detail(qtbot, make_ctx(admin), family["head"])
    remove = button(dialog, _("Remove the selected"))
    assert not remove.isEnabled()  # nothing selected: not a silent click
    dialog.contacts_table.selectRow(0)
    assert remove.isEnabled()
    answers.append(False)
    remove.click()
    assert len(registry.resident_detail(db, actor=admin,
                                        resident_id=family["head"]).contacts) == 1
    dialog.contacts_table.selectRow(0)
    answers.append(True)
    button(dialog, _("Remove the selected")).click()
    assert registry.resident_detail(db, actor=admin,
                                    resident_id=family["head"]).contacts == []
    dialog.close()


def test_ending_a_tag_needs_a_current_tag_selected_and_overdue_reviews_say_so(
        qtbot, make_ctx, admin, family):
    dialog = open_detail(qtbot, make_ctx(admin), family["head"])
    end = button(dialog, _("End the selected tag…"))
    assert not end.isEnabled()
    dialog.tags_table.selectRow(0)
    assert end.isEnabled()
    review = dialog.tags_table.item(0, 5).text()
    assert review.endswith(_(" (overdue)"))  # in words, not only in red
    dialog.close()


def test_the_head_of_household_comes_first_and_by_means_the_staff_in_the_history(
        qtbot, make_ctx, admin, family):
    dialog = open_detail(qtbot, make_ctx(admin), family["mother"])
    home = dialog.detail.household_members
    assert [m.relation for m in home] == [Relation.HEAD, Relation.MOTHER]  # though younger
    history = dialog.events_table
    by = history.horizontalHeaderItem(history.columnCount() - 1).text()
    assert by != "同意人"  # the staff login who recorded it, not the consent's signer
    dialog.close()


def test_the_edit_dialog_masks_the_id_and_phone_until_revealed(qtbot, make_ctx, admin, db,
                                                               family):
    def reveals():
        return [e for e in list_audit(db, actor=admin)
                if e.action is AuditAction.REVEAL]

    dialog = ResidentDialog(make_ctx(admin), family["head"])
    qtbot.addWidget(dialog)
    phone, id_box = dialog.phone_box, dialog.id_box
    assert phone.edit.text() == "138****1234" and phone.edit.isReadOnly()
    assert id_box.edit.text() == ID[:6] + "********" + ID[-4:]
    assert PHONE not in [w.text() for w in (phone.edit, id_box.edit, dialog.other_phone)]
    assert not reveals()
    phone.button.click()
    assert phone.edit.text() == PHONE and not phone.edit.isReadOnly()
    assert len(reveals()) == 1
    phone.edit.setText("13911112222")
    phone.button.click()  # hidden again, the new number kept
    assert phone.edit.text() == "139****2222" and phone.edit.isReadOnly()
    assert phone.button.text() == _("Show")
    dialog.save()
    with db.unit_of_work(write=False) as uow:
        r = uow.session.get(Resident, family["head"])
        assert r.phone == "13911112222" and r.id_number == ID  # the ID kept, never read out
    assert len(reveals()) == 1


def test_saving_without_revealing_keeps_the_stored_phone(qtbot, make_ctx, admin, db, family):
    dialog = ResidentDialog(make_ctx(admin), family["head"])
    qtbot.addWidget(dialog)
    dialog.notes.setText("复查")
    dialog.save()
    with db.unit_of_work(write=False) as uow:
        r = uow.session.get(Resident, family["head"])
        assert (r.phone, r.id_number, r.notes) == (PHONE, ID, "复查")


def test_a_message_goes_when_its_field_is_corrected_and_the_dialog_does_not_grow(
        qtbot, make_ctx, admin):
    dialog = ResidentDialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.family_name.setText("张")
    dialog.given_name.setText("三")
    dialog.birth_date.setText("1949-13-45")
    body = dialog.findChild(BodyScrollArea)
    dialog.resize(dialog.sizeHint())  # as on a screen with room for all of it
    QApplication.processEvents()
    size, wanted = dialog.size(), body.widget().sizeHint().height()
    assert not body.verticalScrollBar().isVisible()  # the dialog fits its fields
    dialog.save()
    message = dialog.errors._labels["birth_date"]
    assert message.isVisibleTo(dialog)
    QApplication.processEvents()
    # the message takes the room kept for it: no growth, no scroll bar, nothing jumps
    assert dialog.size() == size and body.widget().sizeHint().height() <= wanted
    assert not body.verticalScrollBar().isVisible()
    dialog.birth_date.setFocus()
    qtbot.keyClick(dialog.birth_date, "0")  # any edit of that field
    assert not message.isVisibleTo(dialog) and message.text() == ""
    assert body.widget().sizeHint().height() <= wanted


# -- the screenshot review of the register's dialogs --------------------------------------

EXAMPLE_VALUE = re.compile(r"\d{4}-\d\d-\d\d|\d{11}|\d{4}-\d{7}")


def looks_filled_in(edit: QLineEdit) -> bool:
    """A placeholder that shows a date or a phone number without "e.g." reads as a value
    already there (the theme draws placeholders dark, for contrast)."""
    text = edit.placeholderText()
    return bool(EXAMPLE_VALUE.search(text)) and not text.startswith(("例如", "e.g."))


@pytest.fixture
def large_print(qapp, monkeypatch):
    """Large print (48 px rows), on a 1366×768 screen with a taskbar."""
    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    monkeypatch.setattr(fitting, "available_size", lambda widget=None: QSize(1366, 688))
    theme.apply_theme(qapp, large_print=True)
    yield qapp
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setProperty("large_print", False)


def test_example_placeholders_say_they_are_examples(qtbot, make_ctx, admin, family,
                                                    monkeypatch):
    ctx = make_ctx(admin)
    new = ResidentDialog(ctx, None)
    qtbot.addWidget(new)
    for edit in (new.birth_date, new.phone, new.moved_in_on):
        assert edit.placeholderText().startswith(("例如", "e.g.")), edit.placeholderText()
    shown = []
    monkeypatch.setattr(FormDialog, "exec", lambda d: shown.append(d) or 0)
    dialog = open_detail(qtbot, ctx, family["head"])
    dialog.add_tag()
    dialog.add_consent()
    dialog.move_within()
    review = shown[0].fields["review_date"]
    assert review.placeholderText().startswith(("例如", "e.g."))
    for window in (new, *shown):
        assert not [e.placeholderText() for e in window.findChildren(QLineEdit)
                    if looks_filled_in(e)], window.windowTitle()
    dialog.close()


def test_the_tag_list_explains_itself_adds_with_enter_and_closes(qtbot, make_ctx, admin,
                                                                  large_print):
    dialog = TagListDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.explanation.isVisible() and "高龄" in dialog.explanation.text()
    # the whole example shows in large print, however narrow the dialog (it was cut off)
    name = dialog.name
    size = dialog.size()
    dialog.resize(300, size.height())
    QApplication.processEvents()
    assert name.width() >= name.fontMetrics().horizontalAdvance(name.placeholderText())
    dialog.resize(size)
    before = dialog.list.count()
    name.setFocus()
    name.setText("重点关注")  # (QTest types ASCII only)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert dialog.list.count() == before + 1 and dialog.isVisible()  # added, still open
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close.isVisible() and close.text() == _("Close")
    assert dialog.buttons.parent() is dialog  # under the scrolling body: always in view
    close.click()
    assert not dialog.isVisible()


def test_the_merge_dialog_names_the_kept_record_and_says_what_each_step_needs(
        qtbot, make_ctx, admin, family, monkeypatch):
    shown = []
    monkeypatch.setattr(MergeDialog, "exec", lambda d: shown.append(d) or 0)
    detail = open_detail(qtbot, make_ctx(admin), family["head"])
    button(detail, _("Merge a duplicate…")).click()
    merge = shown[0]  # a child of the page: deleted with it
    merge.show()
    assert merge.heading.text() == _("Keep the record of {name} and merge a duplicate into "
                                     "it").format(name="单良")
    # before a search: a line says what comes, not an empty box; step 2 says what to do first
    assert merge.results_hint.isVisible() and not merge.results.isVisible()
    assert merge.fields_hint.isVisible()
    assert merge.fields_hint.text() == _("First find and choose the duplicate record above.")
    merge.search.setText("桂英")
    assert merge.results.isVisible() and merge.results.count() == 1
    assert not merge.results_hint.isVisible()
    merge._pick(merge.results.item(0))
    assert not merge.fields_hint.isVisible() and merge.checks
    merge.search.setText("zzzz")
    assert merge.results_hint.isVisible() and "zzzz" in merge.results_hint.text()
    detail.close()
    # opened without the name (as from elsewhere): it reads it
    other = MergeDialog(make_ctx(admin), family["mother"])
    qtbot.addWidget(other)
    assert "单桂英" in other.heading.text()


def _register_words(page: RegisterPage, detail: ResidentDetailDialog) -> list[str]:
    model = page.model
    words = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    words += [page.tag.itemText(i) for i in range(page.tag.count())]
    words += [b.text() for b in page.findChildren(QPushButton)]
    words += [box.title() for box in detail.findChildren(QGroupBox)]
    for table in detail.findChildren(QTableWidget):
        words += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return words


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_register_says_tags_and_never_categories(qtbot, make_ctx, admin, family, language):
    set_language(language)
    ctx = make_ctx(admin)
    page = RegisterPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    detail = open_detail(qtbot, ctx, family["head"])
    words = _register_words(page, detail)
    assert not [w for w in words if "类别" in w or "categor" in w.lower()], words
    assert _("Tags") in words and _("All tags") in words
    detail.close()


def test_the_household_table_shows_every_member_in_large_print(qtbot, make_ctx, admin, db,
                                                               family, large_print):
    for given in ("一", "二", "三", "四"):  # six people in the household
        rec.save_resident(db, actor=admin, form=rec.ResidentForm(
            family_name="单", given_name=given, estate="幸福里小区", building="3", unit="2",
            room="501", household_number="H1", relation=Relation.SON),
            confirmed_not_duplicate=True)
    dialog = open_detail(qtbot, make_ctx(admin), family["mother"])
    qtbot.waitExposed(dialog)
    table = dialog.household_table
    assert table.rowCount() == 6 and table.rowHeight(0) == theme.LARGE_ROW_HEIGHT
    QApplication.processEvents()
    assert not table.verticalScrollBar().isVisible()  # one scroll bar: the page's
    assert table.viewport().height() >= 6 * theme.LARGE_ROW_HEIGHT
    dialog.close()


def test_an_empty_list_on_the_residents_page_says_none(qtbot, make_ctx, admin, family):
    dialog = open_detail(qtbot, make_ctx(admin), family["mother"])
    none = pgettext("empty list", "None")
    for key in ("tags", "consents", "contacts"):
        table = getattr(dialog, f"{key}_table")
        assert table.rowCount() == 0 and not table.isVisibleTo(dialog)
        box = table.parentWidget()
        assert none in [label.text() for label in box.findChildren(QLabel)
                        if label.isVisibleTo(dialog)], key
    assert button(dialog, _("Add a tag…")).isVisibleTo(dialog)  # adding still offered
    dialog.close()


def test_the_residents_page_says_what_the_household_line_and_buttons_mean(
        qtbot, make_ctx, admin, family):
    dialog = open_detail(qtbot, make_ctx(admin), family["mother"])
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert _("Household {number} · relation to the head: {relation}").format(
        number="H1", relation=_("Mother")) in texts
    assert any(_("{age} years old").format(age=dialog.detail.age) in t for t in texts)
    buttons = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {_("Move within the community…"), _("Record a death…")} <= buttons
    dialog.close()
    head = open_detail(qtbot, make_ctx(admin), family["head"])
    assert _("Household {number} · head of the household").format(number="H1") in [
        label.text() for label in head.findChildren(QLabel)]
    head.close()


def visits_section(centre, *, actor, resident_id):
    """A stand-in for a later feature's part of the 360° page (its registered section)."""
    from neighborcenter.core.features import DetailSection

    return DetailSection("上门探访", ("日期", "探访人"),
                         (("2026-11-02", f"李阿姨·{actor.username}"),))


def test_another_features_section_shows_on_the_360_page(qtbot, make_ctx, admin, family,
                                                       monkeypatch):
    import dataclasses

    from neighborcenter.core import features

    register = features.features()[0]
    visits = dataclasses.replace(
        register, key="visits", pages=(), commands=(),
        detail_sections=(f"{__name__}:visits_section",))
    monkeypatch.setattr(features, "features", lambda: (register, visits))
    dialog = open_detail(qtbot, make_ctx(admin), family["head"])
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles[-1] == "上门探访"
    table = dialog.findChildren(QGroupBox)[-1].findChild(QTableWidget)
    assert table.item(0, 1).text() == "李阿姨·admin"
