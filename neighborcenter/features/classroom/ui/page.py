"""三点半课堂: one page. Its first tab, 今日, is the kiosk of the volunteer on duty (today.py);
staff who manage the class (Permission.MANAGE_CLASS) also see the children and their
applications, the terms, the duty and the reports. A 三点半课堂志愿者 sees 今日 only."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from neighborcenter.core.roles import Permission
from neighborcenter.features.classroom import CLASSROOM
from neighborcenter.features.classroom.ui.today import TodayTab
from neighborcenter.features.register import REGISTER
from neighborcenter.features.volunteers import VOLUNTEERS
from neighborcenter.i18n import _
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.context import AppContext

HERE = "neighborcenter.features.classroom.ui"
#: the staff's tabs: (key, module, class), each shown when its module is there
MANAGE_TABS = (
    ("children", f"{HERE}.children", "ChildrenTab"),
    ("terms", f"{HERE}.terms", "TermsTab"),
    ("duty", f"{HERE}.duty", "DutyTab"),
    ("reports", f"{HERE}.reports", "ReportsTab"),
)


def tab_title(key: str) -> str:
    return {"today": _("Today"), "children": _("Children"), "terms": _("Terms"),
            "duty": _("Duty"), "reports": _("Reports")}[key]


class ClassroomPage(Page):
    kinds = frozenset({CLASSROOM, VOLUNTEERS, REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("After-school class"))
        self.tabs = QTabWidget()
        self.today_tab = TodayTab(ctx)
        self._tabs: dict[str, QWidget] = {"today": self.today_tab}
        if ctx.actor.can(Permission.MANAGE_CLASS):
            for key, module, name in MANAGE_TABS:
                try:
                    tab_class = getattr(importlib.import_module(module), name)
                except ModuleNotFoundError as missing:  # a tab not built yet (only that)
                    if missing.name != module:
                        raise
                    continue
                self._tabs[key] = tab_class(ctx)
        for key, tab in self._tabs.items():
            self.tabs.addTab(tab, tab_title(key))
        self.body.addWidget(self.tabs, 1)
        self._dirty: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setFocusProxy(self.today_tab)

    def keys(self) -> list[str]:
        return list(self._tabs)

    def current_key(self) -> str:
        return self.keys()[self.tabs.currentIndex()]

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

    def show_view(self, filters: Any, caption: str) -> None:
        """A card or a line of the home page: {"tab": "today"}, with "day": "2026-11-27" for
        a day before left open and "state": "late" (a ChildState value: the first such
        child's tile gets the focus), or another tab's key."""
        filters = filters if isinstance(filters, dict) else {}
        key = filters.get("tab", "today")
        self.show_tab(key if key in self._tabs else "today")
        if self.current_key() == "today":
            try:
                on = dt.date.fromisoformat(filters["day"]) if filters.get("day") else None
            except ValueError:
                on = None
            if on != self.today_tab.day:
                self.today_tab.show_day(on)
            self.today_tab.show_state(filters.get("state"))
        else:
            self._tabs[self.current_key()].setFocus()

    def apply_size(self) -> None:
        """Large print switched on or off (the main window calls it)."""
        self.today_tab.apply_size()
