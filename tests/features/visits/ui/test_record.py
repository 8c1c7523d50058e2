"""The visit form, offscreen: a planned visit is recorded by keyboard alone in the sheet's
order (Tab, Space on the boxes, Alt+digits for the areas, Enter that never closes the form,
Ctrl+Enter to save) and the visit stored is what was typed — items, follow-ups, visitors —
and makes the planned visit; a follow-up without an owner is refused at its field, which gets
the focus, and nothing typed is lost; a visit is corrected; 保存并录入下一张 keeps the date,
the visitors and "from a paper sheet" and goes to the next elder of the batch; the elder is
chosen by name when the form is opened without one; and the form fits a 1366×768 screen in
large print, in Chinese and in English, with no Alt+letter given twice."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox

from neighborcenter.features.visits import entry, plans, records
from neighborcenter.features.visits.rules import Area, Method, Tier, VisitState
from neighborcenter.features.visits.ui.record import VisitDialog
from neighborcenter.i18n import _, set_language
from tests.features.visits import add_listed_elder, add_pair
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes
from tests.ui.test_large_print import fits, large_print  # noqa: F401 (a fixture)

TODAY = dt.date.today()


@pytest.fixture
def batch(db, admin) -> dict:
    """A pair of volunteers and two elders they visit monthly, with this month's plan."""
    pair, volunteers = add_pair(db, admin)
    data = {"pair": pair, "volunteers": volunteers,
            "王秀英": add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY, pair_id=pair),
            "赵大爷": add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, room="102",
                                    pair_id=pair)}
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    rows = plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    data["plans"] = {r.resident.name: r.id for r in rows}
    return data


@pytest.fixture(autouse=True)
def leave_without_asking(monkeypatch):
    """Closing a form with something typed asks first (a modal question): the tests' closing
    of their windows answers "leave"."""
    from neighborcenter.features.visits.ui import record

    monkeypatch.setattr(record, "confirm", lambda *args: True)


def type_text(widget, text: str) -> None:
    """Type ``text`` key by key, Chinese too (as an input method hands it over)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab(qtbot, times: int = 1) -> None:
    for _n in range(times):
        press(qtbot, Qt.Key.Key_Tab)


def shown(qtbot, dialog: VisitDialog) -> VisitDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    return dialog


def plan_state(db, admin, plan_id: str) -> VisitState:
    rows = plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    return next(r.state for r in rows if r.id == plan_id)


def test_a_planned_visit_is_recorded_by_keyboard_alone(qtbot, make_ctx, admin, db, batch):
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["赵大爷"]))
    assert dialog.heading.text().startswith("赵大爷")
    assert "第一探访组" in dialog.elder_facts.text()
    assert dialog.ticked_visitors() == batch["volunteers"]  # the pair, ticked
    assert focused() is dialog.on and dialog.on.text() == TODAY.isoformat()
    tab(qtbot)
    assert focused() is dialog.at
    qtbot.keyClicks(dialog.at, "14:30")
    press(qtbot, Qt.Key.Key_Return)  # Enter: the next field, not the end of the form
    assert dialog.isVisible() and focused() is dialog.method
    tab(qtbot)
    assert focused() is dialog.duration
    qtbot.keyClicks(dialog.duration, "1.5")
    tab(qtbot)
    health = dialog.items[Area.HEALTH]
    assert focused() is health["speech"]  # the first item of the first area
    tab(qtbot)
    assert focused() is health["mobility"]
    press(qtbot, Qt.Key.Key_Space)  # ticked: needs attention
    tab(qtbot, 4)
    assert focused() is dialog.area_notes[Area.HEALTH]
    type_text(focused(), "腿脚不便，需拄拐")
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # 居家安全(&4)
    safety = dialog.items[Area.SAFETY]
    assert focused() is safety["water"]
    tab(qtbot, 2)
    assert focused() is safety["gas"]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # 安全隐患(&H)
    assert focused() is dialog.hazards
    type_text(focused(), "燃气软管老化")
    tab(qtbot)
    row = dialog.follow_up_rows[0]
    assert focused() is row.description
    type_text(focused(), "更换燃气软管")
    tab(qtbot)
    type_text(focused(), "物业")
    tab(qtbot)
    assert focused() is row.due
    qtbot.keyClicks(focused(), (TODAY + dt.timedelta(days=7)).isoformat())
    tab(qtbot, 3)  # past the row's button and "add a row"
    assert focused() is dialog.emergency
    tab(qtbot)  # what happened: only when there was an emergency
    assert focused() is dialog.visitors  # who signed at the sheet's foot: the pair, ticked
    tab(qtbot, 3)  # another volunteer, its button, the staff
    assert focused() is dialog.staff
    tab(qtbot)
    assert focused() is dialog.signed_by
    type_text(focused(), "赵大爷")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # saves
    assert dialog.saved_id is not None and not dialog.isVisible()

    detail = records.visit_detail(db, actor=admin, visit_id=dialog.saved_id)
    assert detail.visited_at.astimezone().date() == TODAY
    assert f"{detail.visited_at.astimezone():%H:%M}" == "14:30"
    assert detail.minutes == 90 and detail.method == Method.HOME
    assert detail.items[Area.HEALTH] == ("mobility",) and detail.items[Area.SAFETY] == ("gas",)
    assert detail.notes[Area.HEALTH] == "腿脚不便，需拄拐"
    assert detail.hazards == "燃气软管老化" and detail.signed_by == "赵大爷"
    assert sorted(detail.volunteer_ids) == sorted(batch["volunteers"])
    assert [(f.description, f.owner, f.due_on) for f in detail.follow_ups] == [
        ("更换燃气软管", "物业", TODAY + dt.timedelta(days=7))]
    assert not detail.emergency and not detail.from_paper
    assert plan_state(db, admin, batch["plans"]["赵大爷"]) == VisitState.DONE
    assert plan_state(db, admin, batch["plans"]["王秀英"]) == VisitState.DUE


def test_a_follow_up_without_owner_is_refused_at_its_field_and_nothing_is_lost(
        qtbot, make_ctx, admin, db, batch):
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    dialog.items[Area.NEEDS]["comfort"].setChecked(True)
    type_text(dialog.area_notes[Area.NEEDS], "想找人聊天")
    first = dialog.follow_up_rows[0]
    type_text(first.description, "联系心理咨询志愿者")
    type_text(first.owner, "社工王丽")
    first.due.setText((TODAY + dt.timedelta(days=3)).isoformat())
    dialog.add_follow_up_button.click()  # a second row; its owner is left empty
    second = dialog.follow_up_rows[1]
    assert focused() is second.description
    type_text(second.description, "申请助餐")
    second.due.setText((TODAY + dt.timedelta(days=10)).isoformat())
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves too

    assert dialog.isVisible() and dialog.saved_id is None
    assert records.elder_visits(db, actor=admin, resident_id=batch["王秀英"]) == []
    assert focused() is second.owner  # the field the service named
    assert second.error.isVisibleTo(dialog) and _("who does it") in second.error.text()
    # nothing typed is lost
    assert dialog.items[Area.NEEDS]["comfort"].isChecked()
    assert dialog.area_notes[Area.NEEDS].text() == "想找人聊天"
    assert (first.description.text(), first.owner.text()) == ("联系心理咨询志愿者", "社工王丽")
    assert second.description.text() == "申请助餐"
    type_text(second.owner, "街道民政科")
    assert not second.error.isVisibleTo(dialog)  # the message goes as the field is edited
    dialog.save()
    assert dialog.saved_id is not None
    detail = records.visit_detail(db, actor=admin, visit_id=dialog.saved_id)
    assert [(f.description, f.owner) for f in detail.follow_ups] == [
        ("联系心理咨询志愿者", "社工王丽"), ("申请助餐", "街道民政科")]


def test_a_date_in_the_future_is_refused_by_the_date(qtbot, make_ctx, admin, db, batch):
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    dialog.on.setText((TODAY + dt.timedelta(days=2)).isoformat())
    dialog.save()
    assert focused() is dialog.on and dialog.when_error.isVisibleTo(dialog)
    assert dialog.errors.message("on") == "⚠ " + _("The visit's date is in the future.")


def test_nobody_ticked_is_refused_by_the_visitors(qtbot, make_ctx, admin, db, batch):
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    for i in range(dialog.visitors.count()):
        dialog.visitors.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.save()
    assert focused() is dialog.visitors and dialog.visitors_error.isVisibleTo(dialog)


def test_escape_asks_before_dropping_what_was_typed(qtbot, make_ctx, admin, batch,
                                                    monkeypatch):
    from neighborcenter.features.visits.ui import record

    asked = []
    monkeypatch.setattr(record, "confirm", lambda *args: asked.append(args) or False)
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    type_text(dialog.hazards, "电线裸露")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible() and dialog.hazards.text() == "电线裸露"


def test_a_visit_is_corrected(qtbot, make_ctx, admin, db, batch):
    vid = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=batch["赵大爷"], on=TODAY.isoformat(), at="09:30", method=Method.PHONE,
        volunteer_ids=batch["volunteers"], items={Area.HEALTH: {"illness", "mental"}},
        notes={Area.HEALTH: "感冒"}, emergency=True, emergency_notes="发烧，已叫家属",
        follow_ups=[records.FollowUpForm("陪同就医", "家属", TODAY.isoformat())]))
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), visit_id=vid))
    assert not dialog.next_button.isVisibleTo(dialog)  # one visit: no next sheet
    assert (dialog.on.text(), dialog.at.text()) == (TODAY.isoformat(), "09:30")
    assert dialog.method.currentData() == Method.PHONE
    assert dialog.items[Area.HEALTH]["illness"].isChecked()
    assert dialog.emergency.isChecked() and dialog.emergency_notes.isEnabled()
    assert "陪同就医" in dialog.open_text.text()  # its follow-up, shown above
    assert sorted(dialog.ticked_visitors()) == sorted(batch["volunteers"])
    dialog.items[Area.HEALTH]["mental"].setChecked(False)
    dialog.area_notes[Area.HEALTH].setText("感冒，已好转")
    dialog.visitors.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.save()
    assert dialog.saved_id == vid and not dialog.isVisible()
    detail = records.visit_detail(db, actor=admin, visit_id=vid)
    assert detail.items[Area.HEALTH] == ("illness",)
    assert detail.notes[Area.HEALTH] == "感冒，已好转"
    assert len(detail.volunteer_ids) == 1 and detail.emergency
    assert len(detail.follow_ups) == 1  # not added twice
    assert len(records.elder_visits(db, actor=admin, resident_id=batch["赵大爷"])) == 1


def test_save_and_next_keeps_the_date_visitors_and_paper_and_goes_to_the_next_elder(
        qtbot, make_ctx, admin, db, batch):
    queue = [batch["plans"]["王秀英"], batch["plans"]["赵大爷"]]
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), queue=queue))
    assert dialog.heading.text().startswith("王秀英")
    dialog.from_paper.setChecked(True)
    day = TODAY.isoformat()
    dialog.on.setText(day)
    dialog.at.setText("10:00")
    dialog.items[Area.FAMILY]["no_calls"].setChecked(True)
    type_text(dialog.signed_by, "王秀英")
    type_text(dialog.follow_up_rows[0].description, "联系子女")
    type_text(dialog.follow_up_rows[0].owner, "社区")
    dialog.follow_up_rows[0].due.setText(day)
    dialog.visitors.item(1).setCheckState(Qt.CheckState.Unchecked)  # one of the pair went
    qtbot.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # 保存并录入下一张
    qtbot.waitUntil(lambda: len(dialog.saved_ids) == 1)  # a button's Alt+letter clicks it soon
    assert dialog.isVisible()
    # the next sheet: the batch's next elder, the same date, visitors and paper box
    assert dialog.heading.text().startswith("赵大爷")
    assert dialog.on.text() == day and dialog.from_paper.isChecked()
    assert dialog.ticked_visitors() == batch["volunteers"][:1]
    assert dialog.at.text() == "" and dialog.signed_by.text() == ""
    assert not dialog.items[Area.FAMILY]["no_calls"].isChecked()
    assert len(dialog.follow_up_rows) == 1 and dialog.follow_up_rows[0].empty()
    assert "王秀英" in dialog.saved_text.text()
    assert focused() is dialog.on
    dialog.items[Area.SAFETY]["falls"].setChecked(True)
    dialog.save_and_next()
    assert len(dialog.saved_ids) == 2
    # the batch is done: the next elder is chosen by name
    assert dialog.picker.isVisibleTo(dialog) and focused() is dialog.elder_search
    first, second = (records.visit_detail(db, actor=admin, visit_id=v)
                     for v in dialog.saved_ids)
    assert first.name == "王秀英" and second.name == "赵大爷"
    assert first.from_paper and second.from_paper
    assert first.volunteer_ids == second.volunteer_ids == tuple(batch["volunteers"][:1])
    assert first.signed_by == "王秀英" and second.signed_by == ""
    assert second.items[Area.SAFETY] == ("falls",) and second.items[Area.FAMILY] == ()
    assert len(first.follow_ups) == 1 and second.follow_ups == ()
    for name in ("王秀英", "赵大爷"):
        assert plan_state(db, admin, batch["plans"][name]) == VisitState.DONE


def test_the_elder_is_chosen_by_name_when_none_is_given(qtbot, make_ctx, social_worker, db,
                                                        batch):
    dialog = shown(qtbot, VisitDialog(make_ctx(social_worker)))
    assert focused() is dialog.elder_search
    type_text(dialog.elder_search, "赵")
    assert dialog.elder_choice.count() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.heading.text().startswith("赵大爷") and focused() is dialog.on
    assert dialog.isVisible()
    # the pair's volunteers are ticked; the social worker is not named unless they went
    assert dialog.ticked_visitors() == batch["volunteers"]
    assert dialog.staff.currentData() is None
    dialog.staff.setCurrentIndex(dialog.staff.findData(social_worker.username))
    dialog.save()
    detail = records.visit_detail(db, actor=social_worker, visit_id=dialog.saved_id)
    assert detail.name == "赵大爷" and detail.staff_usernames == (social_worker.username,)
    assert plan_state(db, social_worker, batch["plans"]["赵大爷"]) == VisitState.DONE


def test_another_volunteer_is_added_by_typing_the_name(qtbot, make_ctx, admin, db, batch):
    from tests.features.volunteers import add_volunteer

    other = add_volunteer(db, admin, "陈志愿")
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    dialog.add_visitor.setFocus()
    type_text(dialog.add_visitor.lineEdit(), "陈志")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and other in dialog.ticked_visitors()
    dialog.save()
    detail = records.visit_detail(db, actor=admin, visit_id=dialog.saved_id)
    assert other in detail.volunteer_ids


def test_the_top_shows_the_last_visit_and_the_open_follow_ups(qtbot, make_ctx, admin, db,
                                                              batch):
    earlier = TODAY - dt.timedelta(days=40)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=batch["王秀英"], on=earlier.isoformat(), volunteer_ids=batch["volunteers"],
        items={Area.SAFETY: {"falls"}}, follow_ups=[records.FollowUpForm(
            "安装扶手", "街道民政科", (earlier + dt.timedelta(days=10)).isoformat())]))
    about = entry.entry_elder(db, actor=admin, plan_id=batch["plans"]["王秀英"])
    assert about.last_visit is not None and len(about.open_follow_ups) == 1
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    assert _("Fall risk") in dialog.last_text.text()
    assert "安装扶手" in dialog.open_text.text() and "⚠" in dialog.open_text.text()  # late


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_form_fits_1366x768_in_large_print_without_clashing_letters(
        qtbot, large_print, make_ctx, admin, db, batch, language):  # noqa: F811
    set_language(language)
    ctx = make_ctx(admin)
    vid = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=batch["赵大爷"], on=TODAY.isoformat(), volunteer_ids=batch["volunteers"]))
    for name, dialog in (("planned", VisitDialog(ctx, plan_id=batch["plans"]["王秀英"])),
                         ("by name", VisitDialog(ctx)),
                         ("correction", VisitDialog(ctx, visit_id=vid))):
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        body = dialog.body.widget()
        assert body.sizeHint().width() <= dialog.body.viewport().width(), name  # no sideways
        boxes = [b for b in body.findChildren(QCheckBox) if b.isVisibleTo(dialog)]
        assert all(b.height() >= b.minimumSizeHint().height() for b in boxes), name
        dialog._dirty = False
        dialog.hide()


def test_enter_on_the_save_button_saves(qtbot, make_ctx, admin, db, batch):
    """Enter moves from field to field, but on a button it presses the button."""
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    dialog.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: plan_state(db, admin, batch["plans"]["王秀英"]) == VisitState.DONE)


def test_escape_asks_after_the_method_is_changed_or_a_visitor_unticked(
        qtbot, make_ctx, admin, batch, monkeypatch):
    from neighborcenter.features.visits.ui import record

    asked = []
    monkeypatch.setattr(record, "confirm", lambda *args: asked.append(args) or False)
    dialog = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["王秀英"]))
    dialog.method.activated.emit(1)  # as a person choosing 电话探访 does
    press(qtbot, Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()
    other = shown(qtbot, VisitDialog(make_ctx(admin), plan_id=batch["plans"]["赵大爷"]))
    other.visitors.setFocus()
    other.visitors.item(0).setCheckState(Qt.CheckState.Unchecked)
    press(qtbot, Qt.Key.Key_Escape)
    assert len(asked) == 2 and other.isVisible()
