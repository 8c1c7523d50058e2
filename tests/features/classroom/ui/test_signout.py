"""The sign-out dialog driven as the volunteer on duty drives it: an adult on the list chosen,
someone else without and with the guardian's call, a blocked adult, a child too young to go
alone; a refusal keeps the dialog open with everything typed, and the child here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.rules import AdultKind, ChildState
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.features.classroom.ui import signout
from neighborcenter.features.classroom.ui.signout import ALONE, OTHER, SignOutDialog
from neighborcenter.i18n import set_language
from tests.conftest import sql
from tests.features.classroom import TODAY, at
from tests.features.classroom.ui import card_of, kiosk_day  # noqa: F401 (a fixture)
from tests.ui.test_large_print import ROOM, large_print  # noqa: F401 (a fixture)


def state(db, actor, child_id: str, now=None) -> ChildState:
    view = days.day_view(db, actor=actor, on=TODAY, now=now or at(17, 10))
    return next(t.state for t in view.children if t.child_id == child_id)


def q(db, query: str) -> list[tuple]:
    return sql(db).execute(query).fetchall()


def in_view(widget: QWidget, dialog: QWidget) -> bool:
    """``widget`` is wholly in the visible part of the dialog's scrolling body."""
    area = dialog.area if hasattr(dialog, "area") else None
    if area is None:
        from neighborcenter.ui.common.fitting import BodyScrollArea
        area = dialog.findChild(BodyScrollArea)
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


@pytest.fixture
def dialog_for(qtbot, make_ctx, admin, db):
    def _make(child_id: str, now=None) -> SignOutDialog:
        dialog = SignOutDialog(make_ctx(admin), card_of(db, admin, child_id, now),
                               lambda: now or at(17, 5))
        qtbot.addWidget(dialog)
        return dialog
    return _make


def test_an_adult_on_the_list_chosen_signs_the_child_out(db, admin, kiosk_day,  # noqa: F811
                                                         dialog_for):
    set_language("en")
    dialog = dialog_for(kiosk_day["李小明"])
    names = [b.text() for b in dialog.adult_buttons.values()]
    assert names[0].startswith("&1 李建国 · 父亲 · 138") and "5678" in names[0]
    assert "12345678" not in names[0]  # the phone is masked
    dialog.choose(dialog.card.collectors[1].id)  # 王桂兰, the grandmother
    dialog.handed_by.setCurrentIndex(0)
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_out is not None and dialog.signed_out.adult == "王桂兰"
    assert "王桂兰" in dialog.signed_out.sentence() and "17:05" in dialog.signed_out.sentence()
    assert state(db, admin, kiosk_day["李小明"]) == ChildState.GONE


def test_someone_not_on_the_list_needs_the_guardians_call_and_nothing_typed_is_lost(
        db, admin, kiosk_day, dialog_for):  # noqa: F811
    set_language("en")
    dialog = dialog_for(kiosk_day["李小明"])
    assert not dialog.other.isVisibleTo(dialog)  # someone else's fields: only for that choice
    dialog.choose(OTHER)
    assert dialog.other.isVisibleTo(dialog)
    assert dialog.confirmed_by.text() == admin.display_name  # the one taking the call
    dialog.other_name.setText("张阿姨")
    dialog.relation.setText("邻居")
    dialog.reason.setText("父亲加班")
    dialog.confirmed_by.setText("")  # nobody has called the guardian
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.signed_out is None
    assert dialog.alert.isVisibleTo(dialog) and "张阿姨" in dialog.alert.text()
    assert "Call the guardian" in dialog.alert.text()
    assert (dialog.other_name.text(), dialog.relation.text(), dialog.reason.text()) == (
        "张阿姨", "邻居", "父亲加班")
    assert dialog.choice() == OTHER
    assert state(db, admin, kiosk_day["李小明"]) == ChildState.PRESENT

    dialog.confirmed_by.setText("王丽")  # the call made
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_out is not None and dialog.signed_out.phone_confirmed
    assert state(db, admin, kiosk_day["李小明"]) == ChildState.GONE
    assert q(db, "SELECT adult_name, adult_relation, phone_confirmed_by, phone_reason "
                 "FROM class_attendance WHERE phone_confirmed_by != ''") == [
        ("张阿姨", "邻居", "王丽", "父亲加班")]


def test_a_blocked_adult_shows_in_red_and_is_refused(db, admin, kiosk_day,  # noqa: F811
                                                      dialog_for):
    set_language("en")
    dialog = dialog_for(kiosk_day["李小明"])
    assert dialog.blocked_box.isVisibleTo(dialog) and dialog.blocked_box.kind == "alert"
    assert "✖" in dialog.blocked_box.text() and "赵大强" in dialog.blocked_box.text()
    assert "法院禁止令" in dialog.blocked_box.text()
    assert "花生" in dialog.health_box.text() and "哮喘" in dialog.health_box.text()
    dialog.choose(OTHER)
    dialog.other_name.setText("赵大强")
    dialog.relation.setText("叔叔")
    dialog.reason.setText("说是父亲让来的")
    dialog.save_button.click()
    assert dialog.signed_out is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.alert.kind == "alert" and dialog.alert.text().startswith("✖")
    assert "赵大强" in dialog.alert.text() and "STOP" in dialog.alert.text()
    assert dialog.other_name.text() == "赵大强"
    assert state(db, admin, kiosk_day["李小明"]) == ChildState.PRESENT
    assert q(db, "SELECT step FROM class_events") == [("refused",)]


def test_a_child_under_8_is_not_offered_going_home_alone(db, admin, kiosk_day,  # noqa: F811
                                                          dialog_for):
    set_language("en")
    dialog = dialog_for(kiosk_day["李小明"])  # 7 years old
    assert dialog.alone_button is None
    assert all(b.property("choice") != ALONE for b in dialog.who.buttons())
    assert any("Under 8: never goes home alone" in label.text()
               for label in dialog.findChildren(QLabel))


def test_a_child_of_10_with_the_guardians_consent_goes_alone(db, admin, kiosk_day,  # noqa: F811
                                                              dialog_for):
    from neighborcenter.features.classroom import handover
    from tests.features.classroom.ui import attendance_of

    set_language("en")
    handover.undo_sign_out(db, actor=admin, reason="点错",  # 孙小美 is here again
                           attendance_id=attendance_of(db, admin, kiosk_day["孙小美"]),
                           now=at(16, 55))
    dialog = dialog_for(kiosk_day["孙小美"])
    assert dialog.alone_button is not None
    dialog.choose(ALONE)
    dialog.save_button.click()
    assert dialog.signed_out is not None and dialog.signed_out.adult == ""
    assert "alone" in dialog.signed_out.sentence()


def test_esc_asks_before_dropping_what_was_typed(qtbot, db, admin, kiosk_day,  # noqa: F811
                                                 dialog_for, monkeypatch):
    asked = []
    monkeypatch.setattr(signout, "confirm", lambda *a: asked.append(a) or False)
    dialog = dialog_for(kiosk_day["李小明"])
    dialog.show()
    dialog.reject()  # nothing typed: no question
    assert asked == [] and dialog.result() == QDialog.DialogCode.Rejected
    dialog = dialog_for(kiosk_day["李小明"])
    dialog.show()
    dialog.choose(OTHER)
    qtbot.keyClicks(dialog.other_name, "Zhang")
    dialog.reject()
    assert len(asked) == 1 and dialog.isVisible()  # kept open: the answer was no
    assert dialog.other_name.text() == "Zhang"
    dialog.hide()


def test_the_undo_note_is_one_translated_text(qtbot, db, admin, kiosk_day,  # noqa: F811
                                              make_ctx):
    """No space is put between two sentences by the code: the translation says how they
    join (Chinese: none)."""
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    gone = next(c for c in view.children if c.name == "孙小美")
    dialog = signout.undo_dialog(make_ctx(admin), gone, lambda: at(17))
    qtbot.addWidget(dialog)
    said = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("with 王桂兰. Undo it only if the child is still here" in t for t in said)


def _three_adults_and_slips(db, admin, child_id: str) -> None:
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    enrolment.add_adult(db, actor=admin, child_id=child_id, form=enrolment.AdultForm(
        kind=AdultKind.PICKUP, name="李秀英", relation="姑姑", phone="13712345678",
        id_number="330502198001011231"))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_hand_over_fields_are_in_view_in_large_print(
        qtbot, large_print, db, admin, kiosk_day, dialog_for, language):  # noqa: F811
    """Three adults, the red box, the health notes and the slip: 交接人 and 时间 show without
    scrolling on 1366×768 in large print; each adult is one line, still a large target."""
    set_language(language)
    _three_adults_and_slips(db, admin, kiosk_day["李小明"])
    dialog = dialog_for(kiosk_day["李小明"])
    assert len(dialog.adult_buttons) == 3 and dialog.blocked_box.isVisibleTo(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= ROOM.height()
    for choice in dialog.adult_buttons.values():
        assert 40 <= choice.height() < 2.5 * choice.fontMetrics().lineSpacing(), choice.text()
    assert not dialog.other.isVisibleTo(dialog)
    qtbot.wait(50)  # the layout settles
    for field in (dialog.slip, dialog.handed_by, dialog.time):
        assert in_view(field, dialog), language
    dialog.choose(OTHER)  # someone else's fields appear, and the dialog makes room
    assert dialog.other.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: in_view(dialog.other_name, dialog))
    assert dialog.height() <= ROOM.height()
    dialog.hide()


def test_a_wrong_time_is_scrolled_into_view_and_the_dialog_grows(
        qtbot, large_print, db, admin, kiosk_day, dialog_for):  # noqa: F811
    set_language("en")
    _three_adults_and_slips(db, admin, kiosk_day["李小明"])
    dialog = dialog_for(kiosk_day["李小明"])
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), 420)  # a short window: the time is below the fold
    qtbot.waitUntil(lambda: dialog.height() == 420)
    assert not in_view(dialog.time, dialog)
    dialog.time.setText("25:99")
    dialog.save_button.click()
    assert dialog.alert.isVisibleTo(dialog) and dialog.signed_out is None
    assert dialog.time.hasFocus() or dialog.focusWidget() is dialog.time
    qtbot.waitUntil(lambda: in_view(dialog.time, dialog))
    assert 420 < dialog.height() <= ROOM.height()  # grown for the message, within the screen
    dialog.hide()


def test_a_form_error_keeps_its_field_in_view(
        qtbot, large_print, db, admin, kiosk_day, make_ctx):  # noqa: F811
    """The staff's form dialogs (ClassFormDialog, here the undo of a sign-out): the field
    refused is scrolled into view, and the dialog grows for the message."""
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    gone = next(c for c in view.children if c.name == "孙小美")
    dialog = signout.undo_dialog(make_ctx(admin), gone, lambda: at(17))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), dialog.minimumSizeHint().height())
    short = dialog.minimumSizeHint().height()
    qtbot.waitUntil(lambda: dialog.height() == short)
    reason = dialog.fields["reason"]
    assert not in_view(reason, dialog)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    assert dialog.result() != QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: in_view(reason, dialog))
    assert short < dialog.height() <= ROOM.height()
    dialog.hide()
