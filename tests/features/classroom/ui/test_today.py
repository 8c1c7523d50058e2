"""The 今日 tab: a tile says each child's state in words (and colour), the head-count while
collecting, the late pick-up ladder's next step, the close-day refusal naming who is still
here, what a tile opens, the arrow keys, a day without class, and who sees which tabs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from neighborcenter.core.roles import Role
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import handover
from neighborcenter.features.classroom.rules import ChildState, Homework, Step
from neighborcenter.features.classroom.ui import kiosk, late, roster, signout, today
from neighborcenter.features.classroom.ui.page import ClassroomPage
from neighborcenter.features.classroom.ui.today import TodayTab
from neighborcenter.i18n import set_language
from tests.conftest import make_account
from tests.features.classroom import TODAY, at
from tests.features.classroom.ui import (  # noqa: F401 (a fixture)
    attendance_of,
    card_of,
    follow_changes,
    kiosk_day,
)


@pytest.fixture
def tab_at(qtbot, make_ctx, admin, worker):
    """The tab of ``actor`` (the administrator) with its clock at ``now``."""
    def _make(now: dt.datetime, actor=None) -> TodayTab:
        tab = TodayTab(make_ctx(actor or admin), clock=lambda: now)
        qtbot.addWidget(tab)
        follow_changes(worker, tab)
        tab.reload()
        return tab
    return _make


def tiles(tab: TodayTab) -> dict[str, str]:
    return {t.child.name: t.text() for t in tab.grid.tiles if t.child is not None}


def test_every_tile_says_its_state_in_words_and_the_times(db, admin, kiosk_day,  # noqa: F811
                                                          tab_at):
    set_language("en")
    tab = tab_at(at(17))
    said = tiles(tab)
    assert set(said) == {"李小明", "王小红", "陈小华", "赵小刚", "孙小美"}
    assert "● Here" in said["李小明"] and "Arrived at 15:50" in said["李小明"]
    assert "三年级2班" in said["李小明"] and "⚠ Health notes" in said["李小明"]
    assert "○ To fetch from school" in said["王小红"] and "Health" not in said["王小红"]
    assert "— Absent" in said["陈小华"] and "发烧" in said["陈小华"]
    assert "→ On the way" in said["赵小刚"] and "Collected at 15:35" in said["赵小刚"]
    assert "✓ Gone home" in said["孙小美"] and "Left at 16:50 with 王桂兰" in said["孙小美"]
    # colour repeats the words: every state has its own mark, tint and ink
    looks = [kiosk.LOOKS[s] for s in ChildState]
    assert len({x.mark for x in looks}) == len({x.background for x in looks}) == len(ChildState)
    assert "Here 1" in tab.summary.text() and "To fetch from school 1" in tab.summary.text()


def test_a_late_child_shows_the_minutes_and_the_next_step(db, admin, kiosk_day,  # noqa: F811
                                                          tab_at):
    set_language("en")
    said = tiles(tab_at(at(17, 50)))
    assert "⚠ Late pick-up" in said["李小明"] and "20 minutes late" in said["李小明"]
    assert "next: Call the guardian at 18:00" in said["李小明"]
    said = tiles(tab_at(at(18, 5)))
    assert "35 minutes late · now: Call the guardian (due 18:00)" in said["李小明"]
    handover.log_step(db, actor=admin, attendance_id=attendance_of(db, admin, kiosk_day[
        "李小明"], at(18, 6)), step=Step.CALL_GUARDIAN, note="无人接听", now=at(18, 6))
    said = tiles(tab_at(at(18, 10)))
    assert "next: Call the emergency contact at 18:15" in said["李小明"]


def test_the_tab_reads_the_day_again_every_half_minute(db, admin, kiosk_day,  # noqa: F811
                                                       tab_at):
    set_language("en")
    now = [at(17, 50)]
    tab = tab_at(now[0])
    tab.clock = lambda: now[0]
    assert tab.timer.interval() == 30_000
    tab.show()
    assert tab.timer.isActive()
    now[0] = at(18, 1)
    tab.timer.timeout.emit()
    assert "now: Call the guardian" in tiles(tab)["李小明"]
    tab.hide()
    assert not tab.timer.isActive()


def test_closing_the_day_is_refused_naming_who_is_still_here(db, admin, kiosk_day,  # noqa: F811
                                                             tab_at):
    set_language("en")
    tab = tab_at(at(17, 40))
    tab.close_day()  # no question first: the refusal says what to do
    text = tab.message.text()
    assert tab.message.isVisibleTo(tab) and tab.message.kind == "alert"
    assert "李小明" in text and "赵小刚" in text and "cannot close" in text
    assert "王小红" not in text and "孙小美" not in text
    assert days.day_view(db, actor=admin, on=TODAY, now=at(17, 41)).closed_at is None


def test_a_closed_day_says_who_did_not_come(db, admin, kiosk_day, tab_at,  # noqa: F811
                                            monkeypatch):
    set_language("en")
    for name in ("李小明", "赵小刚"):
        if name == "赵小刚":
            days.arrive(db, actor=admin, on=TODAY, child_ids=[kiosk_day[name]], now=at(17))
        handover.sign_out(db, actor=admin, attendance_id=attendance_of(
            db, admin, kiosk_day[name]), adult="李建国", now=at(17, 10))
    monkeypatch.setattr(today, "confirm", lambda *a: True)
    tab = tab_at(at(17, 40))
    tab.close_day()
    assert "The day is closed" in tab.message.text() and "王小红" in tab.message.text()
    assert "✗ Did not come" in tiles(tab)["王小红"]
    assert not tab.sign_out_button.isEnabled() and not tab.close_button.isEnabled()


def test_a_tile_opens_what_its_state_needs(qtbot, db, admin, kiosk_day, tab_at,  # noqa: F811
                                           monkeypatch):
    opened = []
    monkeypatch.setattr(signout, "open_sign_out",
                        lambda ctx, parent, aid, clock, **k: opened.append(("sign out", aid)))
    monkeypatch.setattr(signout, "undo_dialog", lambda ctx, child, *a: _Skip(
        opened, ("undo", child.attendance_id)))
    monkeypatch.setattr(roster, "ArriveDialog", lambda ctx, view, clock, parent, ticked: _Skip(
        opened, ("sign in", ticked)))
    monkeypatch.setattr(roster, "absence_dialog", lambda ctx, view, clock, child, parent:
                        _Skip(opened, ("absence", child.attendance_id)))
    tab = tab_at(at(17))
    by_name = {t.child.name: t for t in tab.grid.tiles if t.child is not None}
    for name in ("李小明", "王小红", "陈小华", "赵小刚", "孙小美"):
        qtbot.mouseClick(by_name[name], Qt.MouseButton.LeftButton)
    qtbot.keyClick(by_name["李小明"], Qt.Key.Key_Return)
    aid = {n: t.child.attendance_id for n, t in by_name.items()}
    assert opened == [("sign out", aid["李小明"]), ("sign in", aid["王小红"]),
                      ("absence", aid["陈小华"]), ("sign in", aid["赵小刚"]),
                      ("undo", aid["孙小美"]), ("sign out", aid["李小明"])]


class _Skip:
    """A dialog that records that it was opened and is cancelled at once."""

    def __init__(self, log: list, entry) -> None:
        log.append(entry)

    def exec(self) -> int:
        return QDialog.DialogCode.Rejected

    def deleteLater(self) -> None:  # noqa: N802
        pass


def test_the_arrow_keys_go_from_tile_to_tile(qtbot, db, admin, kiosk_day, tab_at):  # noqa: F811
    tab = tab_at(at(17))
    tab.resize(1000, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    first, second = tab.grid.tiles[0], tab.grid.tiles[1]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert second.hasFocus() and tab.current_id == second.child.attendance_id
    columns = tab.grid.columns
    assert columns >= 2
    qtbot.keyClick(second, Qt.Key.Key_Left)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_End)
    assert tab.grid.tiles[-1].hasFocus()
    tab.reload()  # every half minute: the focus stays on its tile
    assert tab.grid.tiles[-1].hasFocus()
    tab.hide()


def test_collecting_counts_heads_and_names_who_is_missing(qtbot, db, admin, kiosk_day,  # noqa: F811
                                                          make_ctx):
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(15, 45))
    dialog = roster.CollectDialog(make_ctx(admin), view, lambda: at(15, 45))
    qtbot.addWidget(dialog)
    # 陈小华 is absent: not listed; 3 collected already; 王小红 still at school
    assert dialog.head_count.text() == "Collected 3 of 4; not yet: 王小红"
    box = next(b for b, c, _done in dialog.boxes if c.name == "王小红")
    box.setChecked(True)
    assert dialog.head_count.text() == "Collected 4 of 4: everyone."
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.collected == days.Collected(4, 4, ())
    assert today.collected_text(days.Collected(14, 12, ("王小红", "陈小华"))) == \
        "Collected 12 of 14; not yet: 王小红, 陈小华"


def test_a_refused_collection_keeps_the_dialog_open(qtbot, db, admin, kiosk_day,  # noqa: F811
                                                    make_ctx):
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(15, 45))
    dialog = roster.CollectDialog(make_ctx(admin), view, lambda: at(15, 45))
    qtbot.addWidget(dialog)
    dialog.at.setText("23:59")  # later than now
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "later than now" in dialog.errors.general.text() + "".join(
        label.text() for label in dialog.errors._labels.values())
    assert dialog.at.text() == "23:59"


def test_absence_for_tomorrow_and_taken_back(qtbot, db, admin, kiosk_day,  # noqa: F811
                                             make_ctx):
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    child = next(c for c in view.children if c.name == "王小红")
    dialog = roster.absence_dialog(make_ctx(admin), view, lambda: at(17), child)
    qtbot.addWidget(dialog)
    on = dialog.fields["on"]
    on.setCurrentIndex(1)  # tomorrow
    assert on.currentData() == (TODAY + dt.timedelta(days=1)).isoformat()
    dialog.fields["reason"].setText("看牙医")
    dialog.fields["confirmed_with"].setText("王妈妈")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    tomorrow = days.day_view(db, actor=admin, on=TODAY + dt.timedelta(days=1),
                             now=at(17))
    assert next(c for c in tomorrow.children if c.name == "王小红").state == ChildState.ABSENT

    absent = next(c for c in view.children if c.name == "陈小华")
    dialog = roster.absence_dialog(make_ctx(admin), view, lambda: at(17), absent)
    qtbot.addWidget(dialog)
    assert dialog.fields["absent"].currentData() == "comes"  # taking it back, to begin with
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    assert next(c for c in again.children if c.name == "陈小华").state == ChildState.EXPECTED


def test_homework_with_a_note_for_the_parent(qtbot, db, admin, kiosk_day, make_ctx,  # noqa: F811
                                             tab_at):
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    child = next(c for c in view.children if c.name == "李小明")
    dialog = roster.homework_dialog(make_ctx(admin), child)
    qtbot.addWidget(dialog)
    box = dialog.fields["homework"]
    box.setCurrentIndex(box.findData(Homework.PARTLY))
    dialog.fields["note"].setText("数学练习册第12页未完成")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Homework: Partly done" in tiles(tab_at(at(17, 1)))["李小明"]


def test_the_ladder_dialog_logs_a_step_with_its_time(qtbot, db, admin, kiosk_day,  # noqa: F811
                                                     make_ctx):
    set_language("en")
    now = [at(18, 5)]
    dialog = late.LateDialog(make_ctx(admin), card_of(db, admin, kiosk_day["李小明"], now[0]),
                             lambda: now[0])
    qtbot.addWidget(dialog)
    assert "13812345678" in dialog.phones.text()  # in full, to dial
    assert "李建华" in dialog.phones.text() and "13900001111" in dialog.phones.text()
    assert "35 minutes late" in dialog.heading.text()
    assert dialog.now_box.text().startswith("⚠ Now: Call the guardian")
    assert dialog.status[Step.CALL_EMERGENCY].text() == "At 18:15, in 10 minutes"
    dialog.notes[Step.CALL_GUARDIAN].setText("无人接听")
    dialog.log_buttons[Step.CALL_GUARDIAN].click()
    assert dialog.status[Step.CALL_GUARDIAN].text() == "✓ Done at 18:05"
    assert dialog.notes[Step.CALL_GUARDIAN].text() == ""
    now[0] = at(18, 16)
    dialog.refresh()
    assert dialog.now_box.text().startswith("⚠ Now: Call the emergency contact")
    assert "46 minutes late" in dialog.heading.text()
    dialog.log_buttons[Step.ESCALATE].click()  # early is allowed, and logged
    assert dialog.status[Step.ESCALATE].text() == "✓ Done at 18:16"


def test_a_day_without_class_says_what_to_do(db, admin, tab_at):
    set_language("en")
    tab = tab_at(at(16))
    assert tab.no_class.isVisibleTo(tab) and "No class today" in tab.no_class.text()
    assert "Terms tab" in tab.no_class.text()
    assert not any(b.isEnabled() for b in tab.buttons if b is not tab.absence_button)
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    tab = tab_at(at(16), helper)
    assert "ask a social worker" in tab.no_class.text()


def test_a_class_volunteer_sees_only_today(qtbot, db, admin, make_ctx, kiosk_day):  # noqa: F811
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    page = ClassroomPage(make_ctx(helper))
    qtbot.addWidget(page)
    assert page.keys() == ["today"] and page.tabs.count() == 1
    staff = ClassroomPage(make_ctx(admin))
    qtbot.addWidget(staff)
    assert staff.keys()[0] == "today" and staff.tabs.count() == len(staff.keys())
    assert staff.focusProxy() is staff.today_tab


def test_a_day_left_open_is_shown_from_the_home_page_and_closed_from_the_sheet(
        qtbot, db, admin, kiosk_day, make_ctx, monkeypatch):  # noqa: F811
    set_language("en")
    tomorrow = TODAY + dt.timedelta(days=1)
    for name in ("李小明", "赵小刚"):  # handed over, on the paper sheet; 王小红 stays open
        handover.sign_out(db, actor=admin, attendance_id=attendance_of(db, admin, kiosk_day[
            name]), adult="李建国", at=at(17, 40), now=at(17, 40))
    days.arrive(db, actor=admin, on=TODAY, child_ids=[kiosk_day["王小红"]], now=at(17, 41))
    page = ClassroomPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.today_tab.clock = lambda: at(9, day=tomorrow)  # the morning after
    page.reload()
    assert page.today_tab.view is not None and page.today_tab.view.on == tomorrow
    page.show_view({"tab": "today", "day": TODAY.isoformat(), "state": "late"}, "")
    tab = page.today_tab
    assert tab.day == TODAY and tab.view is not None and tab.view.on == TODAY
    assert tab.heading.text().startswith("⚠ Not today") and tab.today_button.isVisibleTo(tab)
    assert "Late pick-up" in tiles(tab)["王小红"]
    late_one = next(c for c in tab.view.children if c.name == "王小红")
    assert tab.grid.tile_of(late_one.attendance_id) is tab.grid.focusWidget()

    card = handover.handover_card(db, actor=admin, attendance_id=late_one.attendance_id,
                                  now=tab.clock())
    dialog = signout.SignOutDialog(make_ctx(admin), card, tab.clock, on=TODAY)
    qtbot.addWidget(dialog)
    dialog.save_button.click()  # no time: the paper sheet's is needed
    assert dialog.signed_out is None and "paper sheet" in dialog.alert.text()
    dialog.time.setText("18:20")
    dialog.save_button.click()
    assert dialog.signed_out is not None and dialog.signed_out.at == at(18, 20)
    tab.reload()
    monkeypatch.setattr(today, "confirm", lambda *a: True)  # nobody is left: it asks first
    tab.close_day()
    assert tab.view.on == TODAY and tab.view.closed_at is not None
    tab.show_day(None)
    assert tab.day is None and tab.view.on == tomorrow
    assert not tab.today_button.isVisibleTo(tab)


def test_a_sign_out_time_later_than_now_is_refused_by_its_field(
        qtbot, db, admin, kiosk_day, make_ctx):  # noqa: F811
    set_language("en")
    dialog = signout.SignOutDialog(make_ctx(admin), card_of(db, admin, kiosk_day["李小明"]),
                                   lambda: at(17))
    qtbot.addWidget(dialog)
    dialog.time.setText("23:59")
    dialog.save_button.click()
    assert dialog.signed_out is None and "later than now" in dialog.alert.text()
    dialog.time.setText("16:58")
    dialog.save_button.click()
    assert dialog.signed_out is not None and dialog.signed_out.at == at(16, 58)


def test_a_day_before_needs_the_time_from_the_paper_sheet(qtbot, db, admin,
                                                          make_ctx, kiosk_day):  # noqa: F811
    set_language("en")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    dialog = roster.ArriveDialog(make_ctx(admin), view, lambda: at(9, day=TODAY + dt.timedelta(
        days=1)), ticked=next(c.attendance_id for c in view.children if c.name == "王小红"))
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert dialog.signed_in is None and "paper sheet" in dialog.errors._labels["at"].text()
    dialog.at.setText("16:10")
    dialog.save_button.click()
    assert dialog.signed_in == 2  # 王小红 ticked, and 赵小刚 on the way
    arrived = days.day_view(db, actor=admin, on=TODAY, now=at(17)).children
    assert {c.name: c.arrived_at for c in arrived}["王小红"] == at(16, 10)
