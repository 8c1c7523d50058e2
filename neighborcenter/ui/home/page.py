"""首页: greeting, today's date, the register at a glance, and today's work."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core import changes, features
from neighborcenter.core.home import HomePart, TodayItem, View
from neighborcenter.core.roles import Permission
from neighborcenter.i18n import _, format_date, format_datetime, format_number
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.widgets import page_title
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.icons import icon

VIEW_ROLE = Qt.ItemDataRole.UserRole  # a line of today's list: the View it opens
PAGE_ROLE = Qt.ItemDataRole.UserRole + 1  # … or the page it opens ("data": the backup line)
CARDS_PER_ROW = 6
ITEM_ICONS = {"review": "register", "birthday": "home", "problem": "alert", "urgent": "alert"}


class Card(QFrame):
    """A number and what it counts; a click (or Enter, Space) opens the page on them."""

    was_clicked = Signal()

    def __init__(self, label: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_("Show them"))
        self.setStyleSheet("QFrame#card:focus { border-color: #0b4f8a; }")
        layout = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        caption = QLabel(label)
        caption.setObjectName("cardLabel")
        caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(caption)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.was_clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.was_clicked.emit()
            return
        super().keyPressEvent(event)


class HomePage(Page):
    kinds = features.change_kinds() | frozenset({changes.BACKUPS, changes.CENTRE, changes.CHECKS})
    view_was_requested = Signal(object)  # core.home.View: the main window opens it
    data_page_was_requested = Signal()  # the backup line: the main window opens 数据与备份

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, "")  # the title greets the person
        layout = self.body
        self.greeting = self.title
        self.date_label = QLabel()
        layout.addWidget(self.date_label)
        self.cards = QGridLayout()  # every feature's cards, in the registry's order
        self.card_values: dict[str, QLabel] = {}
        self.card_frames: dict[str, Card] = {}
        self._urgent = 0  # emergencies at the top of the 今日 list so far
        self._reading = 0  # the reload whose parts are awaited
        self.cards_box = QWidget()
        self.cards_box.setLayout(self.cards)
        layout.addWidget(self.cards_box)
        layout.addWidget(page_title(_("Today")))
        self.today_hint = QLabel(_("Double-click a line, or choose it and press Enter, to open "
                                   "the page that lists them."))
        self.today_hint.setWordWrap(True)
        layout.addWidget(self.today_hint)
        self.today_list = QListWidget()
        self.today_list.setWordWrap(True)
        self.today_list.itemActivated.connect(self._activate)
        layout.addWidget(self.today_list, 1)

    def _activate(self, item: QListWidgetItem) -> None:
        if item.data(PAGE_ROLE) == "data":
            self.data_page_was_requested.emit()
        else:
            self._open(item.data(VIEW_ROLE))

    def _open(self, view: View | None) -> None:
        if view is not None:
            self.view_was_requested.emit(view)

    def reload(self) -> None:
        """Every feature's part, read in two halves at once: the first feature's (the
        register's, whose counts grow with it) on the reading thread, the others' on the
        worker — this page comes first after the login, and the two reads overlap."""
        actor = self._ctx.actor
        parts = [part for _feature, part in features.each("home")]
        self._reading += 1
        reading, halves = self._reading, {}

        def arrived(index: int, result: list[HomePart]) -> None:
            halves[index] = result
            if len(halves) == 2 and reading == self._reading:  # (not an older reload's)
                self._show(halves[0] + halves[1])

        worker = self._ctx.worker
        worker.run(lambda c: [part(c, actor=actor) for part in parts[:1]],
                   on_done=partial(arrived, 0), background=True)
        worker.run(lambda c: [part(c, actor=actor) for part in parts[1:]],
                   on_done=partial(arrived, 1))
        # while the worker counts
        hour = dt.datetime.now().hour
        greeting = (_("Good morning, {name}") if hour < 12 else
                    _("Good afternoon, {name}") if hour < 18 else _("Good evening, {name}"))
        self.greeting.setText(greeting.format(name=actor.display_name))
        self.date_label.setText(format_date(dt.date.today(), "full"))

    def _show(self, parts: list[HomePart]) -> None:
        self._show_cards([card for part in parts for card in part.cards])
        self.today_list.clear()
        self._urgent = 0  # emergencies shown at the top so far
        last = self._ctx.last_backup_at()
        backup = QListWidgetItem(icon("backup"), _("No backup has been made yet.") if last is None
                                 else _("Last backup: {when}").format(
                                     when=format_datetime(last, "short")))
        if self._ctx.actor.can(Permission.MANAGE_BACKUPS):  # only who may see that page
            backup.setData(PAGE_ROLE, "data")
            backup.setToolTip(_("Open “{page}”").format(page=_("Data and backups")))
        self.today_list.addItem(backup)
        for problem in self._ctx.file_problems:
            self.today_list.addItem(problem)
            self.today_list.item(self.today_list.count() - 1).setIcon(
                icon("alert"))
        self._add_items([item for part in parts for item in part.today])
        # checks over every record come second, on the reading thread, so that the window is
        # there at once (the register's check of 20 000 ID numbers takes half a second)
        actor = self._ctx.actor
        for _feature, checks in features.each("home_checks"):
            self._ctx.worker.run(partial(checks, actor=actor),  # checks(centre, actor=…)
                                 on_done=self._add_items, background=True)

    def _show_cards(self, cards) -> None:
        while (item := self.cards.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.card_values.clear()
        self.card_frames.clear()
        for n, card in enumerate(cards):  # rows of CARDS_PER_ROW: every feature adds some
            frame = Card(card.label)
            frame.value.setText(format_number(card.value))
            frame.was_clicked.connect(lambda view=card.view: self._open(view))
            self.cards.addWidget(frame, *divmod(n, CARDS_PER_ROW))
            self.card_values[card.key] = frame.value
            self.card_frames[card.key] = frame
        self.cards_box.setVisible(bool(cards))

    @staticmethod
    def _icon_of(entry: TodayItem) -> str:
        """A line to review shows the icon of the page it opens (the register's, the
        volunteers' …); a problem the alert, a birthday the home icon."""
        if entry.kind == "review" and entry.view is not None:
            spec = next((p for p in features.pages() if p.key == entry.view.page), None)
            if spec is not None:
                return spec.icon
        return ITEM_ICONS[entry.kind]

    def _add_items(self, items: list[TodayItem]) -> None:
        for entry in items:  # a double click or Enter opens the page on them
            item = QListWidgetItem(icon(self._icon_of(entry)), entry.text)
            item.setData(VIEW_ROLE, entry.view)
            item.setToolTip(_("Show them"))
            if entry.kind == "urgent":  # an emergency: at the top, after the ones before it
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.today_list.insertItem(self._urgent, item)
                self._urgent += 1
            else:
                self.today_list.addItem(item)
        self.today_hint.setVisible(any(  # the hint says these lines open a page
            self.today_list.item(row).data(VIEW_ROLE) is not None
            for row in range(self.today_list.count())))
