"""Every tab of the shop fits a 1366×768 screen in large print, in the main window, in English
(the longer words) and in Chinese: the sidebar, the page's title and the tab itself."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.features.shop.demo import load_demo_data as load_shop
from neighborcenter.features.volunteers.demo import load_demo_data as load_volunteers
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_shop_tab_fits_the_window(qtbot, large_print, make_ctx, db, admin,  # noqa: F811
                                        language):
    set_language(language)
    load_register(db, actor=admin, residents=30, seed=3)
    load_volunteers(db, actor=admin, seed=3)
    load_shop(db, actor=admin, seed=3, today=dt.date(2026, 12, 1))
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("shop")
    page = window.pages["shop"]
    for key in page.keys():
        page.show_tab(key)
        print(language, key, window.minimumSizeHint(), page.tab(key).minimumSizeHint(),
              window.navigation.width())
    for key in page.keys():
        page.show_tab(key)
        assert fits(window.minimumSizeHint()), (key, window.minimumSizeHint())
