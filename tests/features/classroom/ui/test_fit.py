"""The kiosk's page and dialogs on a 1366×768 front-desk screen in large print, in Chinese and
in English: each dialog fits with its buttons in view and outside the scroll area, no field
is squeezed, the tiles reflow into the width without sideways scrolling, and no two things in
view share an Alt+letter (nor F, V or A: the menu bar's)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.features.classroom import FEATURE, handover
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.features.classroom.ui import late, roster, signout
from neighborcenter.features.classroom.ui.page import ClassroomPage
from neighborcenter.features.classroom.ui.today import ChildPicker
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.classroom import TODAY, at, enrolled_child
from tests.features.classroom.ui import attendance_of, card_of, kiosk_day  # noqa: F401
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}  # 文件, 视图, 账号


def _dialogs(ctx, db, admin, ids) -> dict:
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    by_name = {c.name: c for c in view.children}
    handover.undo_sign_out(db, actor=admin, reason="点错",  # 孙小美 may go alone
                           attendance_id=by_name["孙小美"].attendance_id, now=at(16, 55))
    return {
        "sign out (blocked, health, slip)": signout.SignOutDialog(
            ctx, card_of(db, admin, ids["李小明"]), lambda: at(17)),
        "sign out (alone)": signout.SignOutDialog(
            ctx, card_of(db, admin, ids["孙小美"]), lambda: at(17)),
        "late": late.LateDialog(ctx, card_of(db, admin, ids["李小明"], at(18, 5)),
                                lambda: at(18, 5)),
        "collect": roster.CollectDialog(ctx, view, lambda: at(17)),
        "sign in": roster.ArriveDialog(ctx, view, lambda: at(17)),
        "homework": roster.homework_dialog(ctx, by_name["李小明"]),
        "absence": roster.absence_dialog(ctx, view, lambda: at(17), by_name["王小红"]),
        "take absence back": roster.absence_dialog(ctx, view, lambda: at(17),
                                                   by_name["陈小华"]),
        "undo": signout.undo_dialog(ctx, by_name["孙小美"], lambda: at(17)),
        "pick": ChildPicker("签退", "谁被接走？", list(view.children)),
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_kiosk_dialog_fits_1366x768_in_large_print(
        qtbot, large_print, make_ctx, admin, db, kiosk_day, language):  # noqa: F811
    set_language(language)
    for name, dialog in _dialogs(make_ctx(admin), db, admin, kiosk_day).items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        dialog.hide()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_page_fits_and_the_tiles_reflow(
        qtbot, large_print, make_ctx, admin, db, kiosk_day, monkeypatch,  # noqa: F811
        language):
    set_language(language)
    term = days.day_view(db, actor=admin, on=TODAY, now=at(9))
    assert term.runs
    from neighborcenter.features.classroom.enrolment import list_terms
    term_id = list_terms(db, actor=admin)[0].id
    for n, name in enumerate(("周小雨", "吴小天", "郑小龙", "冯小凤", "陈小东", "褚小南",
                              "卫小北", "蒋小西", "沈小中")):
        enrolled_child(db, admin, name, term_id=term_id, room=str(301 + n))
    monkeypatch.setattr(features, "pages", lambda: list(FEATURE.pages))
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("classroom")
    page = window.pages["classroom"]
    assert isinstance(page, ClassroomPage)
    page.today_tab.clock = lambda: at(18, 5)  # a late child: the longest tile
    page.today_tab.reload()
    qtbot.wait(10)
    grid = page.today_tab.grid
    assert len(grid.tiles) == 14
    assert grid.columns >= 2, grid.columns  # large print still puts tiles side by side
    for tile in grid.tiles:
        right = tile.mapTo(grid.viewport(), tile.rect().topRight()).x()
        assert right <= grid.viewport().width(), tile.text()
        assert tile.height() >= tile.minimumSizeHint().height(), tile.text()
        assert tile.height() >= 80  # a large target
    for b in page.today_tab.buttons:
        assert b.height() >= 48, b.text()
    assert clashes(window) == {}
    assert not MENU_BAR & set(mnemonics(page)), mnemonics(page)
    for key in page.keys():  # (the staff's tabs' own keys are their tests')
        page.show_tab(key)
        assert fits(window.minimumSizeHint()), (key, window.minimumSizeHint())
    page.show_tab("today")
    window.hide()
