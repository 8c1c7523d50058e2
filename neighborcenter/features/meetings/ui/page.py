"""社区协商: one page of three tabs — 议题 (topics.py), 会议 (meetings.py, whose rows open the
meeting's detail and minutes editor, minutes.py) and 落实 (followup.py: public notices and
objections, tasks, the residents' evaluation). Each tab takes the context and has
``reload()`` and ``apply_size()``; a tab is read when it is first shown after a change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QTabWidget

from neighborcenter.features.meetings import FEATURE, MEETINGS
from neighborcenter.features.register import REGISTER
from neighborcenter.i18n import N_, _
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.context import AppContext

from .base import MeetTab
from .followup import FollowUpTab
from .meetings import MeetingsTab
from .topics import TopicsTab

#: (key, class, title), in the order of the tabs
TABS: tuple[tuple[str, type[MeetTab], str], ...] = (
    ("topics", TopicsTab, N_("&Topics")),
    ("meetings", MeetingsTab, N_("&Meetings")),
    ("followup", FollowUpTab, N_("Follow-&up")),
)


class MeetingsPage(Page):
    kinds = frozenset({MEETINGS, REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _(FEATURE.pages[0].title))  # as in the sidebar
        self.tabs = QTabWidget()
        self._tabs: dict[str, MeetTab] = {}
        for key, cls, title in TABS:
            tab = cls(ctx)
            self._tabs[key] = tab
            self.tabs.addTab(tab, _(title))
        self.body.addWidget(self.tabs, 1)
        self._dirty: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setFocusProxy(self.tabs)

    @property
    def topics_tab(self) -> TopicsTab:
        return self._tabs["topics"]  # type: ignore[return-value]

    @property
    def meetings_tab(self) -> MeetingsTab:
        return self._tabs["meetings"]  # type: ignore[return-value]

    @property
    def followup_tab(self) -> FollowUpTab:
        return self._tabs["followup"]  # type: ignore[return-value]

    def keys(self) -> list[str]:
        return list(self._tabs)

    def tab(self, key: str) -> MeetTab:
        return self._tabs[key]

    def current_key(self) -> str:
        return self.keys()[self.tabs.currentIndex()]

    def set_today(self, today: dt.date | None) -> None:
        """The day the tabs work on (tests fix it; None: the real one)."""
        for tab in self._tabs.values():
            tab.fixed_today = today

    def reload(self) -> None:
        """Read the tab in view now; the others when they are shown."""
        self._dirty = set(self._tabs)
        self._tab_shown()

    def _tab_shown(self, *_args) -> None:
        key = self.current_key()
        if key in self._dirty:
            self._dirty.discard(key)
            self._tabs[key].reload()

    def show_tab(self, key: str) -> None:
        if key in self._tabs:
            self.tabs.setCurrentIndex(self.keys().index(key))

    def show_view(self, filters: Any, caption: str = "") -> None:
        """A line of the home page: {"show": "tasks"} (the follow-up's tasks), {"meeting":
        id} (that meeting's detail and minutes), or {"tab": key}."""
        filters = filters if isinstance(filters, dict) else {}
        if filters.get("show") == "tasks":
            self.show_tab("followup")
            self.followup_tab.show_tasks()
        elif filters.get("meeting"):
            self.show_tab("meetings")
            self.meetings_tab.open_meeting(str(filters["meeting"]))
        else:
            self.show_tab(filters.get("tab", "topics"))
            self.tabs.currentWidget().setFocus()

    def apply_size(self) -> None:
        """Large print switched on or off (the main window calls it)."""
        for tab in self._tabs.values():
            tab.apply_size()
