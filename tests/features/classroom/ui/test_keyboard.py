"""The 三点半课堂 page by keyboard from the main window: Ctrl+digit to the page puts the cursor
on the first tile once the tiles are read, so that Enter opens it; late children come first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.rules import ChildState
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.features.classroom.ui import signout
from neighborcenter.features.classroom.ui.today import TodayTab, late_first
from neighborcenter.ui.main_window import MainWindow
from tests.features.classroom import add_term, enrolled_child


def test_ctrl_digit_then_enter_opens_the_sign_out_of_the_child_here(qtbot, db, admin,
                                                                     make_ctx, monkeypatch):
    save_class_settings(db, actor=admin, settings=ClassSettings(starts_at="00:00",
                                                                 closes_at="23:59"))
    term = add_term(db, admin)
    cid, _t = enrolled_child(db, admin, "李小明", term_id=term)
    now = dt.datetime.now().astimezone() - dt.timedelta(minutes=1)
    days.arrive(db, actor=admin, on=now.date(), child_ids=[cid], now=now)
    opened: list[str] = []

    def exec_(dialog) -> int:
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(signout.SignOutDialog, "exec", exec_)
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    row = next(r for r in range(window.navigation.count()) if window.navigation.item(r).data(
        Qt.ItemDataRole.UserRole) == "classroom")
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + row), Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "classroom"
    tab = window.pages["classroom"].today_tab
    qtbot.waitUntil(lambda: bool(tab.grid.tiles))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.grid.tiles[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened))
    assert "李小明" in opened[0]


def test_the_cursor_waiting_on_the_empty_grid_goes_to_the_first_tile(qtbot, db, admin,
                                                                      make_ctx):
    save_class_settings(db, actor=admin, settings=ClassSettings(starts_at="00:00",
                                                                 closes_at="23:59"))
    term = add_term(db, admin)
    enrolled_child(db, admin, "李小明", term_id=term)
    tab = TodayTab(make_ctx(admin))
    qtbot.addWidget(tab)
    tab.show()
    tab.activateWindow()
    assert QTest.qWaitForWindowActive(tab)
    tab.grid.setFocus()  # the page shown before the tiles were read
    assert QApplication.focusWidget() is tab.grid
    tab.reload()
    qtbot.waitUntil(lambda: bool(tab.grid.tiles))
    assert QApplication.focusWidget() is tab.grid.tiles[0]


def test_late_children_come_first_the_rest_in_their_order():
    def tile(name: str, state: ChildState):
        return type("T", (), {"name": name, "state": state})()

    children = [tile("a", ChildState.PRESENT), tile("b", ChildState.LATE),
                tile("c", ChildState.GONE), tile("d", ChildState.LATE)]
    assert [c.name for c in late_first(children)] == ["b", "d", "a", "c"]  # type: ignore[arg-type]
