"""首页: greeting, today's date, the register at a glance, and today's work."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from neighborcenter.i18n import _, format_date, format_datetime, format_number
from neighborcenter.services import changes
from neighborcenter.services.home import HomeSummary, home_summary
from neighborcenter.ui.common.widgets import page_title
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.icons import icon


def _card(value: str, label: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    number = QLabel(value)
    number.setObjectName("cardValue")
    caption = QLabel(label)
    caption.setObjectName("cardLabel")
    caption.setWordWrap(True)
    layout.addWidget(number)
    layout.addWidget(caption)
    return frame, number


class HomePage(QWidget):
    kinds = frozenset({changes.REGISTER, changes.BACKUPS, changes.CENTRE, changes.CHECKS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        layout = QVBoxLayout(self)
        self.greeting = page_title("")
        self.date_label = QLabel()
        layout.addWidget(self.greeting)
        layout.addWidget(self.date_label)
        self.cards = QGridLayout()
        self.card_values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate((
            ("residents", _("Residents on the register")),
            ("households", _("Households")),
            ("aged_80_plus", _("Aged 80 or more")),
            ("living_alone", _("Elders living alone")),
        )):
            frame, value = _card("…", label)
            self.cards.addWidget(frame, 0, i)
            self.card_values[key] = value
        self.cards_box = QWidget()
        self.cards_box.setLayout(self.cards)
        layout.addWidget(self.cards_box)
        layout.addWidget(page_title(_("Today")))
        self.today_list = QListWidget()
        layout.addWidget(self.today_list, 1)

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: home_summary(c.uow(write=False), actor=actor),
                             on_done=self._show)
        # while the worker counts
        hour = dt.datetime.now().hour
        greeting = (_("Good morning, {name}") if hour < 12 else
                    _("Good afternoon, {name}") if hour < 18 else _("Good evening, {name}"))
        self.greeting.setText(greeting.format(name=actor.display_name))
        self.date_label.setText(format_date(dt.date.today(), "full"))

    def _show(self, summary: HomeSummary) -> None:
        self.cards_box.setVisible(summary.register is not None)
        if summary.register is not None:
            for key, label in self.card_values.items():
                label.setText(format_number(getattr(summary.register, key)))
        self.today_list.clear()
        last = self._ctx.last_backup_at()
        backup_icon = icon("backup")
        if last is None:
            self.today_list.addItem(_("No backup has been made yet."))
        else:
            self.today_list.addItem(_("Last backup: {when}").format(
                when=format_datetime(last, "short")))
        self.today_list.item(0).setIcon(backup_icon)
        for problem in self._ctx.file_problems:
            self.today_list.addItem(problem)
            self.today_list.item(self.today_list.count() - 1).setIcon(
                icon("alert"))
        self.today_list.setEnabled(True)
        self.today_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
