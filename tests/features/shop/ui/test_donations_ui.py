"""捐赠 on screen (pytest-qt, offscreen): a slip typed by keyboard — the goods scanned (digits
and Enter), the quantity and Enter adding the line, a refused line with its reason — recorded
in one go; a refusal keeps the dialog open with every line; Esc asks before dropping them; a
shop volunteer sees no 作废 and the contacts masked; the tab and the dialog fit 1366×768 in
large print with unique Alt+letters (none of the menu bar's F, V, A)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from neighborcenter.features.shop import donations, goods
from neighborcenter.features.shop.rules import DonorKind, Shelf
from neighborcenter.features.shop.ui.donations import DonationDialog, DonationsTab
from tests.features.shop import add_product
from tests.features.volunteers.ui.test_screens import type_text
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}
TODAY = dt.date(2026, 11, 20)


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


@pytest.fixture
def towel(db, admin) -> str:
    return add_product(db, admin, "毛巾", shelf=Shelf.DONATED, points="", stock=0, unit="条",
                       barcode="6901234567892")


@pytest.fixture
def milk(db, admin) -> str:
    return add_product(db, admin, "牛奶", shelf=Shelf.DONATED, points="", stock=0, food=True,
                       unit="箱")


def dialog_for(qtbot, ctx) -> DonationDialog:
    dialog = DonationDialog(ctx, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_a_slip_typed_by_keyboard_is_recorded(qtbot, make_ctx, db, admin, towel, milk):
    dialog = dialog_for(qtbot, make_ctx(admin))
    type_text(dialog.name, "湖州某某公司")
    type_text(dialog.contact, "13812345678")
    type_text(dialog.scan, "6901234567892")
    QTest.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert dialog.chosen_product().id == towel
    type_text(dialog.quantity, "5")
    QTest.keyClick(dialog.quantity, Qt.Key.Key_Return)
    dialog.product.setCurrentIndex(dialog.product.findData(milk))
    type_text(dialog.quantity, "2")
    type_text(dialog.refusal, "已过期")
    QTest.keyClick(dialog.refusal, Qt.Key.Key_Return)
    assert [(x.name, x.accepted) for x in dialog.lines_model.rows()] == [("毛巾", True),
                                                                          ("牛奶", False)]
    dialog.donor_signed.setChecked(True)
    dialog.receiver_signed.setChecked(True)
    dialog.save()
    assert dialog.result() == 1
    assert dialog.result_value.number == "JZ20261120-01"
    assert stock(db, admin, towel) == 5 and stock(db, admin, milk) == 0


def test_a_refusal_keeps_the_dialog_and_every_line(qtbot, make_ctx, db, admin, milk):
    dialog = dialog_for(qtbot, make_ctx(admin))
    asked = []
    dialog.ask = lambda text: asked.append(text) or False
    type_text(dialog.name, "李先生")
    dialog.kind.setCurrentIndex(dialog.kind.findData(DonorKind.PERSON))
    dialog.product.setCurrentIndex(dialog.product.findData(milk))
    type_text(dialog.quantity, "3")
    dialog.add_line()  # food without its expiry date
    dialog.save()
    assert dialog.result() == 0 and dialog.error.isVisibleTo(dialog)
    assert dialog.error.text()
    assert len(dialog.lines_model.rows()) == 1 and dialog.name.text() == "李先生"
    assert stock(db, admin, milk) == 0
    dialog.show()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # asked, and kept open on "no"
    dialog.ask = lambda text: True
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_tab_lists_the_period_and_a_volunteer_cannot_void(qtbot, make_ctx, db, admin,
                                                              shop_volunteer, towel):
    today = dt.date.today()
    donations.record_donation(db, actor=admin, today=today, form=donations.DonationForm(
        donor_kind=DonorKind.PERSON, donor_name="李先生", donor_contact="13812345678",
        received_by="陈阿姨", lines=[donations.DonationLineForm(towel, 4)]))
    tab = DonationsTab(make_ctx(shop_volunteer))
    qtbot.addWidget(tab)
    tab.reload()
    [row] = tab.model.rows()
    assert row.donor == "李先生" and row.donor_contact == "138****5678"
    assert tab.void_button.isHidden() and not tab.new_button.isHidden()
    staff = DonationsTab(make_ctx(admin))
    qtbot.addWidget(staff)
    staff.reload()
    staff.table.selectRow(0)
    assert not staff.void_button.isHidden() and staff.void_button.isEnabled()
    staff.period.since.setText("31.13.2026")
    staff.reload()
    assert staff.message.text()  # the bad date is said, not a crash


def test_the_tab_and_the_dialog_fit_in_large_print(qtbot, make_ctx, admin,
                                                  large_print):  # noqa: F811
    ctx = make_ctx(admin)
    tab = DonationsTab(ctx)
    qtbot.addWidget(tab)
    show_and_assert_it_fits(qtbot, tab, "donations tab", fits)
    assert clashes(tab) == {} and not MENU_BAR & set(mnemonics(tab))
    tab.hide()
    dialog = dialog_for(qtbot, ctx)
    show_and_assert_it_fits(qtbot, dialog, "donation dialog", fits)
    assert clashes(dialog) == {} and not MENU_BAR & set(mnemonics(dialog))
    dialog.hide()


def test_the_default_period_is_the_last_30_days_so_the_1st_is_not_empty(
        qtbot, make_ctx, db, admin, towel):
    first = dt.date(2026, 12, 1)
    donations.record_donation(db, actor=admin, today=TODAY, form=donations.DonationForm(
        donor_kind=DonorKind.COMPANY, donor_name="幸福超市", received_on=TODAY,
        received_by="陈阿姨", lines=[donations.DonationLineForm(towel, 2)]))
    tab = DonationsTab(make_ctx(admin), today=lambda: first)
    qtbot.addWidget(tab)
    tab.reload()
    assert tab.period.until.text() == "2026-12-01"
    assert dt.date.fromisoformat(tab.period.since.text()) <= TODAY < first
    assert [r.donor for r in tab.model.rows()] == ["幸福超市"]


def test_a_person_is_not_on_the_public_notice_unless_ticked(qtbot, make_ctx, admin):
    dialog = dialog_for(qtbot, make_ctx(admin))
    assert dialog.kind.currentData() == DonorKind.COMPANY and dialog.public.isChecked()
    dialog.kind.setCurrentIndex(dialog.kind.findData(DonorKind.PERSON))
    assert not dialog.public.isChecked() and dialog.public.isEnabled()
    assert dialog.form().public is False
    dialog.public.setChecked(True)  # the person agreed
    assert dialog.form().public is True
    dialog.kind.setCurrentIndex(dialog.kind.findData(DonorKind.ANONYMOUS))
    assert dialog.form().public is False


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_dialog_does_not_scroll_sideways_with_long_names(qtbot, make_ctx, db, admin,
                                                            large_print,  # noqa: F811
                                                            language):
    from neighborcenter.i18n import set_language

    set_language(language)
    add_product(db, admin, "金龙鱼 东北大米 长粒香 五常稻花香 特级 10kg 家庭装", stock=0,
                shelf=Shelf.DONATED, points="")
    dialog = dialog_for(qtbot, make_ctx(admin))
    show_and_assert_it_fits(qtbot, dialog, "donation dialog", fits)
    assert dialog.area.horizontalScrollBar().maximum() == 0
    dialog.hide()
