"""The 今日 tab at 1366×768 in large print: the day's buttons on one row and at least two
rows of tiles in view, the late children first; tiles wide enough for the longest name and
state in the language shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.features.classroom import FEATURE
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.enrolment import list_terms
from neighborcenter.features.classroom.rules import ChildState, DutyRole
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.classroom import TODAY, at, cleared_volunteer, enrolled_child
from tests.features.classroom.ui import kiosk_day  # noqa: F401 (a fixture)
from tests.ui.test_large_print import ROOM, large_print  # noqa: F401 (a fixture)


def big_day(qtbot, make_ctx, admin, db, monkeypatch, names):
    assert days.day_view(db, actor=admin, on=TODAY, now=at(9)).runs
    term_id = list_terms(db, actor=admin)[0].id
    for n, name in enumerate(names):
        enrolled_child(db, admin, name, term_id=term_id, room=str(301 + n))
    monkeypatch.setattr(features, "pages", lambda: list(FEATURE.pages))
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("classroom")
    tab = window.pages["classroom"].today_tab
    tab.clock = lambda: at(18, 5)
    tab.reload()
    qtbot.wait(10)
    return window, tab


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_one_row_of_buttons_and_two_rows_of_tiles_in_large_print(
        qtbot, large_print, make_ctx, admin, db, kiosk_day, monkeypatch,  # noqa: F811
        language):
    set_language(language)
    for name in ("周老师", "吴老师"):
        days.add_duty(db, actor=admin, on=TODAY, role=DutyRole.TUTOR,
                      volunteer_id=cleared_volunteer(db, admin, name))
    window, tab = big_day(qtbot, make_ctx, admin, db, monkeypatch,
                          ("周小雨", "吴小天", "郑小龙", "冯小凤", "陈小东", "褚小南"))
    tab.close_day()  # refused: the message names who is still here, above the tiles
    assert tab.message.isVisible()
    qtbot.wait(10)
    tops = {b.text(): b.mapTo(tab, b.rect().topLeft()).y() for b in tab.buttons}
    grid = tab.grid
    assert len(set(tops.values())) == 1, tops
    assert grid.tiles[0].child.state == ChildState.LATE
    assert grid.tiles[1].child.state == ChildState.LATE
    assert grid.columns >= 2
    # the second row is in view under the first, with its children's names (with the
    # refusal above the tiles and two people on duty, as on the reviewed screen)
    second_row = grid.tiles[grid.columns].name
    bottom = second_row.mapTo(grid.viewport(), second_row.rect().bottomLeft()).y()
    assert bottom <= grid.viewport().height(), (bottom, grid.viewport().height())
    window.hide()


def test_a_long_english_name_does_not_break_in_its_tile(
        qtbot, large_print, make_ctx, admin, db, kiosk_day, monkeypatch):  # noqa: F811
    set_language("en")
    window, tab = big_day(qtbot, make_ctx, admin, db, monkeypatch,
                          ("Alexandrina Montgomery-Whitfield",))
    qtbot.wait(10)
    for tile in tab.grid.tiles:
        assert tile.name.fontMetrics().horizontalAdvance(tile.name.text()) <= \
            tile.name.width(), tile.name.text()
        assert tile.state.fontMetrics().horizontalAdvance(tile.state.text()) <= \
            tile.state.width(), tile.state.text()
    window.hide()
