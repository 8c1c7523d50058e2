"""The visits' page and its dialogs on a 1366×768 front-desk screen in large print, in Chinese
and in English: each fits with its buttons in view and outside the scroll area, no field is
squeezed, the page's lists need no sideways scrolling, and no two things in view share an
Alt+letter."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.core.features import PageSpec
from neighborcenter.core.roles import Permission
from neighborcenter.features.visits import elders, plans, records
from neighborcenter.features.visits.rules import Area
from neighborcenter.features.visits.rules.lunar import Festival
from neighborcenter.features.visits.ui.campaigns import CampaignDialog
from neighborcenter.features.visits.ui.elders import (
    ElderVisitsDialog,
    elder_dialog,
    end_dialog,
    major_change_dialog,
)
from neighborcenter.features.visits.ui.page import TAB_KEYS, VisitsPage
from neighborcenter.features.visits.ui.pairs import pair_dialog
from neighborcenter.features.visits.ui.settings import SettingsDialog
from neighborcenter.features.volunteers import people
from neighborcenter.i18n import N_, set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.visits.ui import visit_data  # noqa: F401 (a fixture)
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

TODAY = dt.date.today()
SPEC = PageSpec("visits", "visits", N_("Elder visits"),
                "neighborcenter.features.visits.ui.page:VisitsPage", Permission.VIEW_VISITS,
                order=30)


def _with_history(db, admin, data) -> None:
    """A plan, a visit with what needs attention and a follow-up, a festival's visits."""
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=data["赵大爷"], on=TODAY.isoformat(), at="10:00",
        volunteer_ids=data["volunteers"], items={Area.HEALTH: {"mobility", "illness"},
                                                 Area.SAFETY: {"gas"}},
        follow_ups=[records.FollowUpForm("申请适老化改造", "街道民政科", TODAY.isoformat())]))
    plans.create_campaign(db, actor=admin, festival=Festival.DOUBLE_NINTH, year=TODAY.year + 1,
                          gift="重阳糕")


def _dialogs(ctx, db, admin, data) -> dict:
    _with_history(db, admin, data)
    listed = {r.resident.name: r for r in elders.list_elders(db, actor=admin)}
    candidate = elders.list_candidates(db, actor=admin)[0]
    pairs = elders.list_pairs(db, actor=admin)
    volunteers = people.list_volunteers(db, actor=admin)
    staff = elders.visiting_staff(db, actor=admin)
    return {
        "edit elder": elder_dialog(ctx, listed["钱奶奶"], pairs),
        "add candidate": elder_dialog(ctx, candidate, pairs),
        "take off": end_dialog(ctx, listed["赵大爷"]),
        "major change": major_change_dialog(ctx, listed["王秀英"]),
        "visits of one": ElderVisitsDialog(ctx, data["赵大爷"], "赵大爷"),
        "new pair": pair_dialog(ctx, None, volunteers, staff),
        "edit pair": pair_dialog(ctx, pairs[0], volunteers, staff),
        "festival": CampaignDialog(ctx, festival=Festival.MID_AUTUMN, year=TODAY.year),
        "settings": SettingsDialog(ctx),
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_visits_dialog_fits_1366x768_in_large_print(
        qtbot, large_print, make_ctx, admin, db, visit_data, language):  # noqa: F811
    set_language(language)
    dialogs = _dialogs(make_ctx(admin), db, admin, visit_data)
    for name, dialog in dialogs.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        dialog.hide()
    assert dialogs["visits of one"].model.rowCount() == 1


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_page_fits_in_the_window_without_sideways_scrolling(
        qtbot, large_print, make_ctx, admin, db, visit_data, monkeypatch,  # noqa: F811
        language):
    set_language(language)
    _with_history(db, admin, visit_data)
    monkeypatch.setattr(features, "pages", lambda: [SPEC])
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.show_page("visits")
    page = window.pages["visits"]
    assert isinstance(page, VisitsPage)
    lists = {"plan": page.plan_tab.table, "elders": page.elders_tab.table,
             "pairs": page.pairs_tab.table, "campaigns": page.campaigns_tab.table}
    for key in TAB_KEYS:
        page.show_tab(key)
        assert fits(window.minimumSizeHint()), (key, window.minimumSizeHint())
        assert clashes(window) == {}, key
        table = lists.get(key)
        if table is not None:
            assert table.model().rowCount() > 0, key
            shown = [c for c in range(table.model().columnCount())
                     if not table.isColumnHidden(c)]
            assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width(), key
            assert not table.isColumnHidden(0), key  # the name is never dropped
    page.show_view({"tab": "elders", "list": "candidates"}, "")
    table = page.elders_tab.table
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()
    assert clashes(window) == {}
    plan = page.plan_tab.table
    page.show_tab("plan")
    assert not plan.isColumnHidden(6)  # the state is never dropped
