"""The front desk by keyboard and from the home page: the register opens with the cursor in
the search box, ↓/Enter go into the list, Enter opens one resident (so does one double click),
Ctrl+F/Ctrl+N/Ctrl+1…9 work, a home page card opens the register on what it counts, and an
empty search says what to try."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.features.register.rules.dates import latest_birth_date
from neighborcenter.features.register.ui.detail import ResidentDetailDialog
from neighborcenter.features.register.ui.edit import ResidentDialog
from neighborcenter.features.register.ui.page import RegisterPage
from neighborcenter.ui.home.page import VIEW_ROLE
from neighborcenter.ui.main_window import MainWindow

TODAY = dt.date.today()


def people(db, admin) -> dict[str, str]:
    ids = {}
    for family, given, building, born in (("张", "三", "5", dt.date(1940, 3, 1)),
                                          ("李", "四", "7", dt.date(1990, 3, 1)),
                                          ("王", "五", "9", latest_birth_date(80, TODAY))):
        ids[family + given] = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
            family_name=family, given_name=given, estate="幸福里小区", building=building,
            unit="2", room="501", birth_date=born.isoformat()))
    return ids


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The residents whose page was opened (the dialog is built, not run)."""
    ids: list[str] = []

    def exec_(dialog):
        ids.append(dialog._id)
        return 0

    monkeypatch.setattr(ResidentDetailDialog, "exec", exec_)
    return ids


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)  # shortcuts and focus need an active window
    return widget


def register_window(qtbot, make_ctx, admin) -> tuple[MainWindow, RegisterPage]:
    window = shown(qtbot, MainWindow(make_ctx(admin)))
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    return window, window.pages["register"]


def test_the_register_opens_with_the_cursor_in_the_search_box(qtbot, make_ctx, admin, db):
    people(db, admin)
    window = shown(qtbot, MainWindow(make_ctx(admin)))
    rect = window.navigation.visualItemRect(window.navigation.item(1))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.pages["register"]
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(QApplication.focusWidget(), "zs")  # type at once: the list follows
    assert page.model.rowCount() == 1


def test_ctrl_and_a_digit_switch_pages(qtbot, make_ctx, admin):
    window = shown(qtbot, MainWindow(make_ctx(admin)))
    for key, page in ((Qt.Key.Key_0, "data"), (Qt.Key.Key_4, "visits"),
                      (Qt.Key.Key_5, "classroom"), (Qt.Key.Key_6, "shop"),
                      (Qt.Key.Key_7, "meetings"), (Qt.Key.Key_9, "audit"),
                      (Qt.Key.Key_2, "register"), (Qt.Key.Key_1, "home")):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == page
    assert QApplication.focusWidget() is not window.pages["register"].search


def test_down_or_enter_go_into_the_list_and_enter_opens_the_resident(qtbot, make_ctx, admin,
                                                                      db, opened):
    ids = people(db, admin)
    window, page = register_window(qtbot, make_ctx, admin)
    qtbot.keyClicks(page.search, "l")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [ids["李四"]]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # back to search
    assert QApplication.focusWidget() is page.search and page.search.selectedText() == "l"
    qtbot.keyClicks(page.search, "ww")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter: into the list, then open
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert opened == [ids["李四"], ids["王五"]]


def test_one_double_click_opens_one_resident(qtbot, make_ctx, admin, db, opened):
    people(db, admin)
    page = shown(qtbot, RegisterPage(make_ctx(admin)))
    page.reload()
    rect = page.table.visualRect(page.model.index(1, 0))
    # as a mouse does it: a click, then a second press that is a double click
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [page.model.id_at(1)]


def test_ctrl_n_adds_a_resident(qtbot, make_ctx, admin, monkeypatch):
    asked = []
    monkeypatch.setattr(ResidentDialog, "exec", lambda dialog: asked.append(dialog) or 0)
    page = shown(qtbot, RegisterPage(make_ctx(admin)))
    page.reload()
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0]._id is None


def test_tab_goes_from_the_search_to_the_list_then_the_actions(qtbot, make_ctx, admin, db):
    people(db, admin)
    page = shown(qtbot, RegisterPage(make_ctx(admin)))
    page.reload()
    page.search.setFocus()
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:2] == [page.table, page.add_button]
    assert isinstance(order[2], QPushButton)


def test_an_empty_search_says_what_to_try(qtbot, make_ctx, admin, db):
    people(db, admin)
    page = shown(qtbot, RegisterPage(make_ctx(admin)))
    page.reload()
    assert not page.empty_hint.isVisible()
    qtbot.keyClicks(page.search, "qqq")
    assert page.model.rowCount() == 0 and page.empty_hint.isVisible()
    hint = page.empty_hint.text()
    assert "qqq" in hint and "zs" in hint and "3-2-501" in hint and "4" in hint
    assert "全部" in hint  # moved out or died: choose everyone
    page.search.clear()
    assert not page.empty_hint.isVisible()


def test_an_empty_register_says_how_to_fill_it(qtbot, make_ctx, admin):
    page = shown(qtbot, RegisterPage(make_ctx(admin)))
    page.reload()
    assert page.empty_hint.isVisible() and "Ctrl+N" in page.empty_hint.text()


def test_a_home_card_opens_the_register_on_what_it_counts(qtbot, make_ctx, admin, db):
    load_demo_data(db, actor=admin, residents=300, seed=4)
    window = shown(qtbot, MainWindow(make_ctx(admin)))
    home = window.pages["home"]
    for key in ("aged_80_plus", "households", "living_alone", "residents"):
        window.show_page("home")
        card = home.card_frames[key]
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        assert window.current_page_key() == "register"
        page = window.pages["register"]
        assert page.model.rowCount() == int(home.card_values[key].text()), key
    assert not page.narrow_box.isVisible()  # all residents: nothing to name
    window.show_page("home")
    home.card_frames["aged_80_plus"].setFocus()
    qtbot.keyClick(home.card_frames["aged_80_plus"], Qt.Key.Key_Return)  # by keyboard too
    assert page.narrow_box.isVisible() and "80" in page.narrow_label.text()
    page.show_all_button.click()
    assert not page.narrow_box.isVisible()
    assert page.model.rowCount() == int(home.card_values["residents"].text())


def test_a_line_of_today_opens_the_register_on_its_people(qtbot, make_ctx, admin, db):
    ids = people(db, admin)
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    rec.add_resident_tag(db, actor=admin, resident_id=ids["张三"],
                         tag_type_id=tags["living_alone"].id, valid_from="2020-01-01",
                         review_date=TODAY - dt.timedelta(days=1))
    window = shown(qtbot, MainWindow(make_ctx(admin)))
    today = window.pages["home"].today_list
    items = [today.item(i) for i in range(today.count())]
    review = next(i for i in items if i.data(VIEW_ROLE) is not None)  # the only line with people
    assert "1" in review.text()
    today.itemActivated.emit(review)
    page = window.pages["register"]
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [ids["张三"]]


def test_an_empty_backup_list_says_when_the_first_backup_comes(qtbot, make_ctx, admin, db):
    from neighborcenter.ui.controller import AUTO_BACKUP_MS

    window = shown(qtbot, MainWindow(make_ctx(admin)))
    window.show_page("data")
    page = window.pages["data"]
    assert page.empty_hint.isVisible()
    assert str(AUTO_BACKUP_MS // 60_000) in page.empty_hint.text()
    assert not page.restore_button.isEnabled()  # nothing to restore, nothing chosen
    page.back_up()
    assert not page.empty_hint.isVisible() and not page.restore_button.isEnabled()
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()
