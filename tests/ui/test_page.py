"""One base for pages (ui/common/page.py): every sidebar page is a Page with its title on top,
the toolbar row under it and its body below; an empty toolbar takes no room."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from neighborcenter.core import features
from neighborcenter.i18n import _
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.main_window import page_specs


def test_every_sidebar_page_is_a_page_titled_as_in_the_sidebar(qtbot, make_ctx, admin):
    ctx = make_ctx(admin)
    for spec in page_specs():
        if spec.key == "home":  # its greeting is its title; it moves with the home rework
            continue
        page = features.load(spec.page_class)(ctx)
        qtbot.addWidget(page)
        assert isinstance(page, Page), spec.key
        assert page.title.text() == _(spec.title), spec.key
        assert page.body.itemAt(0).widget() is page.title, spec.key
        assert page.kinds, f"{spec.key}: a page names the kinds of data it shows"


class _Plain(Page):
    def __init__(self, ctx) -> None:
        super().__init__(ctx, "标题")
        self.first = QLabel("正文")
        self.body.addWidget(self.first)
        self.body.addStretch(1)


def test_an_empty_toolbar_takes_no_room_and_a_full_one_sits_under_the_title(
        qtbot, make_ctx, admin):
    plain = _Plain(make_ctx(admin))
    qtbot.addWidget(plain)
    plain.resize(400, 300)
    plain.show()
    qtbot.waitExposed(plain)
    gap = plain.first.geometry().top() - plain.title.geometry().bottom() - 1
    assert gap == plain.body.spacing()  # as if there were no toolbar row
    tool = QLabel("筛选")
    plain.toolbar.addWidget(tool)
    qtbot.waitUntil(lambda: tool.geometry().top() > plain.title.geometry().bottom())
    assert plain.title.geometry().bottom() < tool.geometry().top() < plain.first.geometry().top()
    assert Page.kinds == frozenset()
