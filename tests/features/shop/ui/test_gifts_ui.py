"""爱心发放 on screen (pytest-qt, offscreen): the resident found by name, the hardship taken
from their tags, the signer filled with their name (本人), goods added and the gift issued; a
refusal keeps the dialog; the tab and the dialog fit 1366×768 in large print with unique
Alt+letters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from neighborcenter.features.shop import goods
from neighborcenter.features.shop.rules import Hardship
from neighborcenter.features.shop.ui.gifts import GiftDialog, GiftsTab
from tests.features.shop import add_product
from tests.features.visits import add_elder_resident
from tests.features.volunteers.ui.test_screens import type_text
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def test_a_gift_is_given_by_keyboard(qtbot, make_ctx, db, admin):
    rice = add_product(db, admin, stock=3)
    add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",))
    dialog = GiftDialog(make_ctx(admin), today=dt.date.today())
    qtbot.addWidget(dialog)
    dialog.save()  # nobody chosen yet: said, nothing done
    assert dialog.result() == 0 and dialog.error.text()
    type_text(dialog.search, "赵阿婆")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.resident is not None and dialog.resident.name == "赵阿婆"
    assert dialog.hardship.currentData() == Hardship.SUBSISTENCE
    assert dialog.signed_by.text() == "赵阿婆"
    dialog.product.setCurrentIndex(dialog.product.findData(rice))
    dialog.quantity.setText("5")
    dialog.add_item()
    dialog.save()  # more than in stock: refused, the line kept
    assert dialog.result() == 0 and dialog.error.text() and len(dialog.items.rows()) == 1
    dialog.items.set_rows([])
    dialog.quantity.setText("2")
    QTest.keyClick(dialog.quantity, Qt.Key.Key_Return)
    _refused_until_typed(dialog, dialog.reason, "春节慰问")  # the reason is required
    dialog.signed_by.clear()
    _refused_until_typed(dialog, dialog.signed_by, "赵阿婆")  # and who signed
    dialog.save()
    assert dialog.result() == 1 and dialog.result_value.units == 2
    assert stock(db, admin, rice) == 1


def _refused_until_typed(dialog: GiftDialog, box, text: str) -> None:
    """Saved without ``box``: refused with a message, the dialog open, everything typed kept;
    then ``text`` typed into it."""
    assert "必填" in box.placeholderText()  # marked as required before anything is typed
    items, search = dialog.items.rows(), dialog.search.text()
    dialog.save()
    assert dialog.result() == 0 and dialog.error.isVisibleTo(dialog) and dialog.error.text()
    assert dialog.items.rows() == items and dialog.search.text() == search
    assert dialog.focusWidget() is box
    type_text(box, text)


def test_the_tab_and_the_dialog_fit_in_large_print(qtbot, make_ctx, admin,
                                                  large_print):  # noqa: F811
    ctx = make_ctx(admin)
    tab = GiftsTab(ctx)
    qtbot.addWidget(tab)
    show_and_assert_it_fits(qtbot, tab, "gifts tab", fits)
    assert clashes(tab) == {} and not MENU_BAR & set(mnemonics(tab))
    tab.hide()
    dialog = GiftDialog(ctx)
    show_and_assert_it_fits(qtbot, dialog, "gift dialog", fits)
    assert clashes(dialog) == {} and not MENU_BAR & set(mnemonics(dialog))
    dialog.hide()


def test_the_default_period_is_the_last_30_days(qtbot, make_ctx, admin):
    tab = GiftsTab(make_ctx(admin), today=lambda: dt.date(2026, 12, 1))
    qtbot.addWidget(tab)
    assert tab.period.since.text() == "2026-11-02" and tab.period.until.text() == "2026-12-01"


def test_the_found_residents_headings_are_not_cut_in_large_print(qtbot, make_ctx, db, admin,
                                                                large_print):  # noqa: F811
    add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",))
    dialog = GiftDialog(make_ctx(admin), today=dt.date.today())
    qtbot.addWidget(dialog)
    dialog.ask = lambda text: True  # closed at the end without asking
    dialog.show()
    type_text(dialog.search, "赵阿婆")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    header = dialog.found_table.horizontalHeader()
    for column in range(dialog.found.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    assert dialog.area.horizontalScrollBar().maximum() == 0
    dialog.hide()
