"""The fields of a 人口台账 (issue 20) on the register's screens: the edit form by keyboard,
the 360° page in words (not codes) with a sheet's extra columns, and the register's group
filter (党员, 少数民族, 人户分离, 婚姻状况)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.models import Resident, ResidentExtraField
from neighborcenter.features.register.rules.terms import ResidenceStatus
from neighborcenter.features.register.ui.detail import ResidentDetailDialog
from neighborcenter.features.register.ui.edit import ResidentDialog
from neighborcenter.features.register.ui.page import RegisterPage


def stored(db, resident_id: str) -> Resident:
    with db.unit_of_work(write=False) as uow:
        r = uow.session.get(Resident, resident_id)
        uow.session.expunge(r)
        return r


def focused():
    return QApplication.focusWidget()


def test_the_edit_form_saves_the_fields_typed_and_chosen_by_keyboard(qtbot, make_ctx, admin,
                                                                    db):
    dialog = ResidentDialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)  # focus needs an active window
    # Chinese comes in through the input method, committed as a whole (QTest types Latin-1)
    for box, text in ((dialog.family_name, "马"), (dialog.given_name, "丽"),
                      (dialog.estate, "幸福里小区")):
        box.insert(text)
    for box, text in ((dialog.building, "3"), (dialog.unit, "2"), (dialog.room, "501")):
        qtbot.keyClicks(box, text)
    # from the hukou address on, Tab walks the new fields in the order they are shown
    dialog.hukou.edit.setFocus()
    focused().insert("河南省开封市东大街12号")
    order = [dialog.hukou.same, dialog.residence_status, dialog.ethnicity,
             dialog.political_status, dialog.education, dialog.marital_status,
             dialog.workplace]
    for widget in order:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is widget, (widget, focused())
    dialog.workplace.insert("湖州师范学院")
    # the combos with the arrows: 未填写 first, then the list's order
    for box, downs in ((dialog.ethnicity, 3),  # 汉族, 蒙古族, 回族
                       (dialog.political_status, 1),  # 中国共产党党员
                       (dialog.education, 5),  # 研究生, 博士, 硕士, 本科, 大专
                       (dialog.marital_status, 2)):  # 未婚, 已婚
        box.setFocus()
        for _ in range(downs):
            qtbot.keyClick(box, Qt.Key.Key_Down)
    assert dialog.ethnicity.currentText() == "回族"
    assert dialog.residence_status.currentData() is None  # decided from the hukou address
    dialog.save()
    assert dialog.saved_id is not None
    r = stored(db, dialog.saved_id)
    assert (r.ethnicity, r.political_status, r.education, r.marital_status) == \
        ("03", "01", "30", "20")
    assert (r.hukou_address, r.hukou_same, r.workplace) == \
        ("河南省开封市东大街12号", False, "湖州师范学院")
    assert r.residence_status is ResidenceStatus.REGISTERED_ELSEWHERE


def test_same_as_current_address_greys_out_the_hukou_line_and_is_read_back(
        qtbot, make_ctx, admin, db):
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="马", given_name="丽", estate="幸福里小区", building="3", unit="2",
        room="501", hukou_address="河南省开封市东大街12号", marital_status="10"))
    dialog = ResidentDialog(make_ctx(admin), rid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.hukou.edit.text() == "河南省开封市东大街12号"
    assert dialog.marital_status.currentText() == "未婚"
    dialog.hukou.same.setFocus()
    qtbot.keyClick(dialog.hukou.same, Qt.Key.Key_Space)
    assert dialog.hukou.same.isChecked() and not dialog.hukou.edit.isEnabled()
    dialog.save()
    r = stored(db, rid)
    assert (r.hukou_same, r.hukou_address) == (True, None)
    assert r.residence_status is ResidenceStatus.PRESENT
    again = ResidentDialog(make_ctx(admin), rid)
    qtbot.addWidget(again)
    assert again.hukou.same.isChecked() and not again.hukou.edit.isEnabled()


def test_a_refused_value_is_shown_by_its_field(qtbot, make_ctx, admin):
    dialog = ResidentDialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.family_name.setText("马")
    dialog.given_name.setText("丽")
    dialog.workplace.setText("单" * 101)
    dialog.save()
    assert dialog.saved_id is None
    assert dialog.errors._labels["workplace"].isVisibleTo(dialog)


@pytest.fixture
def hui(db, admin) -> str:
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="马", given_name="丽", estate="幸福里小区", building="3", unit="2",
        room="501", ethnicity="03", political_status="02", education="20",
        marital_status="40", hukou_address="河南省开封市东大街12号", workplace="湖州银行"))
    with db.unit_of_work(write=True) as uow:
        uow.session.add(ResidentExtraField(resident_id=rid, header="网格员", value="王芳"))
        uow.commit()
    return rid


def texts(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_the_360_page_shows_words_not_codes_and_the_extra_fields(qtbot, make_ctx, admin, hui):
    dialog = ResidentDetailDialog(make_ctx(admin), hui)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    for word in ("回族", "中国共产党预备党员", "大学本科", "离婚", "河南省开封市东大街12号",
                 "湖州银行"):
        assert word in shown, word
    assert not {"03", "02", "20", "40"} & set(shown)
    table = dialog.extra_fields_table
    assert table is not None
    assert [table.item(0, c).text() for c in range(2)] == ["网格员", "王芳"]
    assert table in dialog.findChildren(QTableWidget)


def test_the_360_page_has_no_extra_list_without_extra_fields(qtbot, make_ctx, admin, db):
    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="马", given_name="丽", hukou_same=True))
    dialog = ResidentDetailDialog(make_ctx(admin), rid)
    qtbot.addWidget(dialog)
    assert dialog.extra_fields_table is None
    assert "—" in texts(dialog)  # 民族 not filled in


def test_the_register_lists_a_group(qtbot, make_ctx, admin, db):
    def person(given, room, **kw):
        return rec.save_resident(db, actor=admin, form=rec.ResidentForm(
            family_name="马", given_name=given, estate="幸福里小区", building="3", unit="2",
            room=room, **kw))

    member = person("党", "101", political_status="01", marital_status="20")
    probationer = person("预", "102", political_status="02", ethnicity="03")
    person("众", "103", political_status="13", ethnicity="01",
           hukou_address="河南省开封市东大街12号")
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    assert page.model.rowCount() == 3

    def choose(key):
        page.group.setCurrentIndex(next(i for i in range(page.group.count())
                                        if (page.group.itemData(i) or ("",))[0] == key))
        return {page.model.id_at(r) for r in range(page.model.rowCount())}

    assert choose("party") == {member, probationer}
    assert choose("minority") == {probationer}
    assert len(choose("separated")) == 1
    assert choose("marital") == set()  # the first is 未婚: nobody
    page.group.setCurrentIndex(0)
    assert page.model.rowCount() == 3
