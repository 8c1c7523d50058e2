"""The homework dialog names the child in its body; the 报表 tab fits a 1366×768 screen in
normal print without scrolling (its 接送卡 button in view)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from neighborcenter.core import features
from neighborcenter.features.classroom import FEATURE
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.ui import roster
from neighborcenter.features.classroom.ui.reports import ReportsTab
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.classroom import TODAY, at
from tests.features.classroom.ui import kiosk_day  # noqa: F401 (a fixture)
from tests.ui import fitting
from tests.ui.test_large_print import ROOM


def test_the_homework_dialog_names_the_child_in_its_body(qtbot, db, admin, make_ctx,
                                                         kiosk_day):  # noqa: F811
    set_language("zh_CN")
    view = days.day_view(db, actor=admin, on=TODAY, now=at(17))
    child = next(c for c in view.children if c.name == "李小明")
    dialog = roster.homework_dialog(make_ctx(admin), child)
    qtbot.addWidget(dialog)
    assert any("李小明" in label.text() for label in dialog.findChildren(QLabel))


def test_the_reports_tab_fits_without_scrolling(qtbot, db, admin, make_ctx, kiosk_day,  # noqa: F811
                                                monkeypatch):
    set_language("zh_CN")
    monkeypatch.setattr(fitting, "available_size", lambda widget=None: ROOM, raising=False)
    monkeypatch.setattr(features, "pages", lambda: list(FEATURE.pages))
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("classroom")
    page = window.pages["classroom"]
    page.show_tab("reports")
    qtbot.wait(10)
    tab = page._tabs["reports"]
    assert isinstance(tab, ReportsTab)
    # with a tenth to spare: the reviewed screen's fonts set lines a little taller
    needs = tab.body.widget().minimumSizeHint().height()
    assert needs * 1.1 <= tab.body.viewport().height(), (needs, tab.body.viewport().size())
    assert tab.body.verticalScrollBar().maximum() == 0
    corner = tab.slips_button.mapTo(tab.body.viewport(), tab.slips_button.rect().bottomRight())
    assert tab.body.viewport().rect().contains(corner)
    window.hide()
