"""匠心坊: one page of tabs, the till first. Each tab is a widget taking the context, with
``reload()`` and ``apply_size()``; a tab whose module is not there yet is left out (only that
one). 爱心发放 (welfare gifts) is for the staff who manage the shop (Permission.MANAGE_SHOP).
A 匠心坊志愿者 logs in to this page with the till in front of them."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from neighborcenter.core.roles import Permission
from neighborcenter.features.register import REGISTER
from neighborcenter.features.shop import FEATURE, SHOP
from neighborcenter.features.volunteers import POINTS
from neighborcenter.i18n import N_, _
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.context import AppContext

HERE = "neighborcenter.features.shop.ui"
#: (key, module, class, title, permission beyond USE_SHOP), in the order of the tabs
TABS = (
    ("till", f"{HERE}.till", "TillTab", N_("Till"), None),
    ("goods", f"{HERE}.goods", "GoodsTab", N_("Goods and stock"), None),
    ("donations", f"{HERE}.donations", "DonationsTab", N_("Donations"), None),
    ("gifts", f"{HERE}.gifts", "GiftsTab", N_("Welfare gifts"), Permission.MANAGE_SHOP),
    ("groupbuy", f"{HERE}.groupbuy", "GroupBuyTab", N_("Group buying"), None),
    ("stocktake", f"{HERE}.stocktake", "StocktakeTab", N_("Stock-take"), None),
    ("dayclose", f"{HERE}.dayclose", "DayCloseTab", N_("Day close"), None),
)


def tab_class(module: str, name: str) -> Any:
    """The tab's class, or None while its module is not written yet (another missing import
    inside it is an error, not a missing tab)."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as missing:
        if missing.name != module:
            raise
        return None


class ShopPage(Page):
    kinds = frozenset({SHOP, POINTS, REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        # the feature's full name; the sidebar has its short one (匠心坊 in both in Chinese)
        super().__init__(ctx, _(FEATURE.title))
        self.tabs = QTabWidget()
        self._tabs: dict[str, QWidget] = {}
        for key, module, name, title, permission in TABS:
            if permission is not None and not ctx.actor.can(permission):
                continue
            found = tab_class(module, name)
            if found is None:
                continue
            tab = found(ctx)
            self._tabs[key] = tab
            self.tabs.addTab(tab, _(title))
        self.body.addWidget(self.tabs, 1)
        self._dirty: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        if "till" in self._tabs:
            self.setFocusProxy(self._tabs["till"])

    @property
    def till_tab(self) -> QWidget | None:
        return self._tabs.get("till")

    def keys(self) -> list[str]:
        return list(self._tabs)

    def tab(self, key: str) -> QWidget:
        return self._tabs[key]

    def current_key(self) -> str:
        return self.keys()[self.tabs.currentIndex()] if self._tabs else ""

    def reload(self) -> None:
        """Read the tab in view now; the others when they are shown."""
        self._dirty = set(self._tabs)
        self._tab_shown()

    def _tab_shown(self, *_args) -> None:
        key = self.current_key()
        if key in self._dirty:
            self._dirty.discard(key)
            self._tabs[key].reload()  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> None:
        if key in self._tabs:
            self.tabs.setCurrentIndex(self.keys().index(key))

    def show_view(self, filters: Any, caption: str = "") -> None:
        """A line of the home page: {"tab": "dayclose"} (a tab's key; the till if none or
        one this account does not see). A tab may take the rest of the filters
        (``show_view(filters)`` of its own)."""
        filters = filters if isinstance(filters, dict) else {}
        key = filters.get("tab", "till")
        self.show_tab(key if key in self._tabs else "till")
        tab = self._tabs.get(self.current_key())
        if tab is None:
            return
        if hasattr(tab, "show_view"):
            tab.show_view(filters)
        tab.setFocus()

    def apply_size(self) -> None:
        """Large print switched on or off (the main window calls it)."""
        for tab in self._tabs.values():
            tab.apply_size()  # type: ignore[attr-defined]
