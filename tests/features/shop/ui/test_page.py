"""The shop's page: its tabs in the brief's order, found by module and class name (a tab not
written yet is left out, only that one), 爱心发放 for the staff only, a home-page line opening
its tab."""

from __future__ import annotations

import importlib

from neighborcenter.features.shop.ui import page as page_module
from neighborcenter.features.shop.ui.page import TABS, ShopPage
from neighborcenter.features.shop.ui.till import TillTab


def _only_till(monkeypatch) -> None:
    real = importlib.import_module

    def fake(name, *args):
        if name.startswith(page_module.HERE) and not name.endswith(".till"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)


def test_a_tab_not_written_yet_is_left_out(qtbot, make_ctx, admin, monkeypatch):
    _only_till(monkeypatch)
    page = ShopPage(make_ctx(admin))
    qtbot.addWidget(page)
    assert page.keys() == ["till"] and isinstance(page.till_tab, TillTab)
    page.show_view({"tab": "dayclose"})  # not there: the till
    assert page.current_key() == "till"
    page.apply_size()


def test_the_tabs_in_order_and_the_gifts_for_the_staff(qtbot, make_ctx, admin,
                                                      shop_volunteer):
    assert [key for key, *_rest in TABS] == ["till", "goods", "donations", "gifts",
                                             "groupbuy", "stocktake", "dayclose"]
    staff = ShopPage(make_ctx(admin))
    volunteer = ShopPage(make_ctx(shop_volunteer))
    for widget in (staff, volunteer):
        qtbot.addWidget(widget)
    there = [key for key, module, name, *_r in TABS if page_module.tab_class(module, name)]
    assert staff.keys() == there
    assert volunteer.keys() == [key for key in there if key != "gifts"]
    for key in staff.keys():
        staff.show_view({"tab": key})
        assert staff.current_key() == key
    staff.show_view({})
    assert staff.current_key() == "till"
