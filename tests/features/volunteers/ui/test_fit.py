"""The volunteers' page and dialogs on a 1366×768 front-desk screen in large print, in Chinese
and in English: each fits with its buttons in view and outside the scroll area, no field is
squeezed, and the page's list needs no sideways scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.features.volunteers import hours, people
from neighborcenter.features.volunteers.ui.activity import ActivityDialog, activity_form_dialog
from neighborcenter.features.volunteers.ui.page import TAB_KEYS
from neighborcenter.features.volunteers.ui.settings import SettingsDialog
from neighborcenter.features.volunteers.ui.teams import TeamsDialog
from neighborcenter.features.volunteers.ui.volunteer import ProfileDialog, VolunteerDialog
from neighborcenter.i18n import set_language
from neighborcenter.ui.common import dialogs as widgets
from neighborcenter.ui.main_window import MainWindow
from tests.features.volunteers.ui.test_screens import SPEC, crew  # noqa: F401 (a fixture)
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)


def _dialogs(ctx, crew, monkeypatch):  # noqa: F811
    hours.record_hours(ctx.worker.centre, actor=ctx.actor, activity_id=crew["activity"],
                       volunteer_ids=[crew["张阿姨"], crew["李大伯"]], hours="2")
    opened = []
    monkeypatch.setattr(widgets.FormDialog, "exec", lambda self: opened.append(self))
    profile = ProfileDialog(ctx, crew["张阿姨"])
    for action in (profile.redeem, profile.adjust, profile.donate, profile.add_record,
                   profile.add_check, profile.pause):
        action()
    teams = TeamsDialog(ctx)
    teams.new_team()
    teams_list = people.list_teams(ctx.worker.centre, actor=ctx.actor)
    activity = ActivityDialog(ctx, crew["activity"])
    return {
        "new volunteer": VolunteerDialog(ctx),
        "edit volunteer": VolunteerDialog(ctx, crew["张阿姨"]),
        "profile": profile,
        "teams": teams,
        "activity": activity,
        "new activity": activity_form_dialog(ctx, teams_list),
        "settings": SettingsDialog(ctx),
        **{f"form: {d.windowTitle()}": d for d in opened},
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_volunteer_dialog_fits_1366x768_in_large_print(
        qtbot, large_print, make_ctx, admin, crew, monkeypatch, language):  # noqa: F811
    set_language(language)
    dialogs = _dialogs(make_ctx(admin), crew, monkeypatch)
    assert len(dialogs) >= 13
    for name, dialog in dialogs.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        dialog.hide()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_page_fits_in_the_window_without_sideways_scrolling(
        qtbot, large_print, make_ctx, admin, crew, monkeypatch, language):  # noqa: F811
    set_language(language)
    hours.record_hours(make_ctx(admin).worker.centre, actor=admin,
                       activity_id=crew["activity"], volunteer_ids=[crew["张阿姨"]], hours="2")
    monkeypatch.setattr(features, "pages", lambda: [SPEC])
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("volunteers")
    page = window.pages["volunteers"]
    for key in TAB_KEYS:
        page.show_tab(key)
        assert fits(window.minimumSizeHint()), (key, window.minimumSizeHint())
    for key, table in (("volunteers", page.volunteers_tab.table),
                       ("activities", page.activities_tab.table),
                       ("approval", page.approval_tab.table)):
        page.show_tab(key)
        shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
        assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width(), key
    names = page.volunteers_tab.table
    assert not names.isColumnHidden(1) and not names.isColumnHidden(10)  # name, check
