"""Every tab of the meetings page fits a 1366×768 screen in large print, in the main window,
in English (the longer words) and in Chinese: the sidebar, the page's title and the tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.meetings.ui.test_page import TODAY, held_meeting
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_meetings_tab_fits_the_window(qtbot, large_print, make_ctx, db, admin,  # noqa: F811
                                            language):
    set_language(language)
    held_meeting(db, admin)
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("meetings")
    page = window.pages["meetings"]
    page.set_today(TODAY)
    for key in page.keys():
        page.show_tab(key)
        assert fits(window.minimumSizeHint()), (key, window.minimumSizeHint())
