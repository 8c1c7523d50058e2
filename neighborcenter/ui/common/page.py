"""What every page of the main window's sidebar has: a title, a toolbar row under it (a search
box, a filter; a page may leave it empty), and a body the page fills from top to bottom.

A page subclasses ``Page``, names the ``kinds`` of data it shows (core/changes.py: the main
window reloads it when a change touches one of them) and overrides ``reload()``, which reads
what it shows on the DB worker. ``Page`` only saves the lines every page repeated; the layout
is still the page's own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.common.widgets import page_title
from neighborcenter.ui.context import AppContext


class Page(QWidget):
    #: the kinds of data shown: a change that touches one reloads the page
    kinds: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, title: str, *, scrolls: bool = False) -> None:
        """``scrolls``: the whole page (title too) in a scroll area, for a page taller than a
        1366×768 screen in large print."""
        super().__init__()
        self._ctx = ctx
        #: the page's column: the title, the toolbar, then what the page adds
        self.body = QVBoxLayout()
        self.title = page_title(title)
        self.body.addWidget(self.title)
        #: the row under the title; left empty, it takes no room (a box layout skips it)
        self.toolbar = QHBoxLayout()
        self.body.addLayout(self.toolbar)
        if scrolls:
            scrolling_body(self, self.body, None)
        else:
            self.setLayout(self.body)

    def add_buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        """A row of buttons at the left, next in the body."""
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        return row

    def show_view(self, filters: Any, caption: str) -> None:
        """Show what a home-page card or line counts (a page whose feature gives such views
        overrides this; core/home.py)."""
        raise NotImplementedError(f"{type(self).__name__} shows no view")

    def reload(self) -> None:
        """Read what the page shows (on the DB worker): when it is first shown, and after a
        change that touches its ``kinds``."""
