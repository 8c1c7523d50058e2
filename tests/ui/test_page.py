"""One base for pages (ui/common/page.py): every sidebar page is a Page with its title on top,
the toolbar row under it and its body below; an empty toolbar takes no room."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from neighborcenter.core import features
from neighborcenter.i18n import _
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.widgets import page_title
from neighborcenter.ui.main_window import page_specs


def test_every_sidebar_page_is_a_page_titled_as_in_the_sidebar(qtbot, make_ctx, admin):
    ctx = make_ctx(admin)
    pages = []  # alive until the test ends: qtbot closes and deletes them then
    for spec in page_specs():
        if spec.key == "home":  # its greeting is its title; it moves with the home rework
            continue
        page = features.load(spec.page_class)(ctx)
        qtbot.addWidget(page)
        pages.append(page)
        assert isinstance(page, Page), spec.key
        assert page.title.text() == _(spec.title), spec.key
        assert page.body.itemAt(0).widget() is page.title, spec.key
        assert page.kinds, f"{spec.key}: a page names the kinds of data it shows"


class _Plain(Page):
    def __init__(self, ctx) -> None:
        super().__init__(ctx, "标题")
        self.body.addWidget(QLabel("正文"))
        self.body.addStretch(1)


def test_an_empty_toolbar_takes_no_room_and_a_full_one_sits_under_the_title(
        qtbot, make_ctx, admin):
    plain = _Plain(make_ctx(admin))
    qtbot.addWidget(plain)
    without = QWidget()  # the same page built by hand, with no toolbar row
    qtbot.addWidget(without)
    column = QVBoxLayout(without)
    column.addWidget(page_title("标题"))
    column.addWidget(QLabel("正文"))
    column.addStretch(1)
    assert plain.sizeHint() == without.sizeHint()  # not even the spacing of a row
    assert plain.body.itemAt(1).layout() is plain.toolbar  # under the title, over the body
    plain.toolbar.addWidget(QLabel("筛选", plain))
    assert plain.sizeHint().height() > without.sizeHint().height()
    assert Page.kinds == frozenset()
