"""收银台 on screen (pytest-qt, offscreen): goods scanned by typing digits and Enter (the same
product twice: one line of two), a name searched and picked, paid with a volunteer's points
after the card is typed — the confirmation says what will happen, the sale's sentence is shown,
the stock and the balance move; paid in cash with the change; a refusal leaves the basket as
it was and changes nothing; the last sale undone with a reason; the shop volunteer lands on
the till in large print; the page fits 1366×768 in large print with unique Alt+letters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from neighborcenter.core import accounts, features
from neighborcenter.core.roles import Role
from neighborcenter.features.shop import FEATURE, goods, till
from neighborcenter.features.shop.rules import Payment, Shelf, WriteOffReason
from neighborcenter.features.shop.settings import ShopSettings, save_shop_settings
from neighborcenter.features.shop.ui.page import ShopPage
from neighborcenter.features.shop.ui.till import ConfirmSale, TillTab
from neighborcenter.features.volunteers import ledger, people
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, log_in, make_account, sql
from tests.features.shop import add_product, key, volunteer_with_points
from tests.features.volunteers.ui.test_screens import type_text
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}  # 文件, 视图, 账号


def code_of(db, actor, pid: str) -> str:
    return next(p.barcode for p in goods.list_products(db, actor=actor) if p.id == pid)


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def balance(db, actor, card: str) -> int:
    return till.customer_by_card(db, actor=actor, card=card).points


def counts(db) -> tuple[int, int, int]:
    conn = sql(db)
    return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("shop_sales", "shop_stock_moves", "points_transactions"))


@pytest.fixture
def shop(db, admin) -> dict[str, str]:
    """Rice (120 points) and oil (50 points), ten of each; 王秀英 with 500 points."""
    rice = add_product(db, admin)
    oil = add_product(db, admin, "食用油 1L", points="50", unit="瓶")
    soap = add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    return {"rice": rice, "oil": oil, "soap": soap,
            "card": volunteer_with_points(db, admin, points=500)}


@pytest.fixture
def tab(qtbot, make_ctx, shop_volunteer) -> TillTab:
    widget = TillTab(make_ctx(shop_volunteer))
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)
    widget.reload()
    widget.questions = []  # type: ignore[attr-defined]

    def ask(text: str) -> bool:
        widget.questions.append(text)  # type: ignore[attr-defined]
        return True

    widget.ask = ask
    return widget


def scan(qtbot, tab: TillTab, code: str) -> None:
    """What the scanner does: the digits typed into the box with the focus, then Enter."""
    assert tab.scan.hasFocus()
    type_text(tab.scan, code)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)


def basket(tab: TillTab) -> list[tuple[str, int]]:
    return [(x.product.name, x.quantity) for x in tab.model.rows()]


def test_scanned_goods_paid_with_points_after_the_card_is_typed(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["rice"]))
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    assert basket(tab) == [("大米 5kg", 1), ("食用油 1L", 2)]
    assert tab.scan.text() == ""
    key_of_basket = tab.request_key
    assert key_of_basket
    qtbot.keyClick(tab, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # 积分
    qtbot.waitUntil(tab.points_radio.isChecked)  # (a mnemonic clicks as the eye can see)
    assert tab.card.hasFocus()
    assert "220" in tab.total_label.text()
    qtbot.keyClicks(tab.card, shop["card"])
    qtbot.keyClick(tab.card, Qt.Key.Key_Return)
    assert tab.holder is not None and tab.holder.name == "王秀英"
    shown = tab.holder_label.text()
    assert "王秀英" in shown and shop["card"] in shown and "500" in shown and "280" in shown
    assert "13812345678" not in shown  # the phone masked
    before = counts(db)
    qtbot.keyClick(tab.card, Qt.Key.Key_Return)  # Enter again: check out
    assert len(tab.questions) == 1
    question = tab.questions[0]
    assert "王秀英" in question and "220" in question and "500 → 280" in question
    assert "大米 5kg ×1" in question and "食用油 1L ×2" in question
    day = till.sales_of_day(db, actor=admin)
    assert len(day) == 1 and counts(db) != before
    assert tab.notice.text().startswith(day[0].message)
    assert day[0].message == "王秀英 用 220 积分兑换 大米 5kg ×1、食用油 1L ×2，余额 280"
    assert tab.notice.kind == "done"
    assert stock(db, admin, shop["rice"]) == 9 and stock(db, admin, shop["oil"]) == 8
    assert balance(db, admin, shop["card"]) == 280
    assert basket(tab) == [] and tab.request_key != key_of_basket  # a new basket
    assert tab.sales_model.rowCount() == 1
    assert tab.scan.hasFocus()


def test_a_card_scanned_into_the_scan_box_chooses_the_customer(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    scan(qtbot, tab, shop["card"])
    assert tab.points_radio.isChecked() and tab.holder is not None
    assert tab.holder.number == shop["card"] and "450" in tab.holder_label.text()
    scan_again = "20000000000000"  # neither a product nor a card: the product's refusal
    tab.scan.setFocus()
    scan(qtbot, tab, scan_again)
    assert tab.notice.kind == "alert" and scan_again in tab.notice.text()
    assert basket(tab) == [("食用油 1L", 1)]


def test_a_name_typed_lists_the_goods_to_pick(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, "食用")
    assert tab.matches.isVisible() and tab.matches.count() == 1
    assert tab.matches.hasFocus()
    qtbot.keyClick(tab.matches, Qt.Key.Key_Return)
    assert basket(tab) == [("食用油 1L", 1)]
    assert tab.scan.hasFocus()
    scan(qtbot, tab, "没有这个")
    assert tab.notice.kind == "alert" and "没有这个" in tab.notice.text()
    assert tab.scan.text() == "没有这个"  # what was typed stays, to be put right
    tab.scan.clear()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Plus)  # + in the empty box: one more
    qtbot.keyClick(tab.scan, Qt.Key.Key_Plus)
    assert basket(tab) == [("食用油 1L", 3)]
    qtbot.keyClick(tab.scan, Qt.Key.Key_Minus)
    assert basket(tab) == [("食用油 1L", 2)]
    qtbot.keyClick(tab.scan, Qt.Key.Key_Delete)
    assert basket(tab) == []


def test_a_new_basket_asks_before_dropping_the_goods(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    asked = []
    tab.confirm_drop = lambda text: asked.append(text) or False
    tab.new_basket()
    assert len(asked) == 1 and basket(tab) == [("食用油 1L", 1)]
    tab.confirm_drop = lambda text: True
    tab.new_basket()
    assert basket(tab) == [] and tab.request_key == ""


def test_cash_shows_the_change_and_sells(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    for _n in range(3):
        scan(qtbot, tab, code_of(db, admin, shop["soap"]))
    assert basket(tab) == [("肥皂", 3)]
    assert "¥10.50" in tab.total_label.text()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)  # Enter on the empty box: on to paying
    assert tab.received.hasFocus()
    qtbot.keyClicks(tab.received, "20")
    assert "¥9.50" in tab.change_label.text()
    qtbot.keyClick(tab.received, Qt.Key.Key_Return)
    assert "¥9.50" in tab.questions[0]
    assert tab.notice.text().startswith("售出 肥皂 ×3，共 ¥10.50，收 ¥20.00，找零 ¥9.50")
    assert stock(db, admin, shop["soap"]) == 7


def test_too_little_cash_is_refused_before_asking(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["soap"]))
    tab.received.setText("1")
    before = counts(db)
    tab.checkout()
    assert tab.questions == [] and tab.notice.kind == "alert"
    assert "少于" in tab.notice.text()
    assert counts(db) == before and basket(tab) == [("肥皂", 1)]


def test_goods_for_points_only_are_not_sold_for_cash(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["rice"]))
    assert tab.notice.kind == "alert" and "大米 5kg" in tab.notice.text()
    tab.checkout()
    assert tab.questions == [] and "大米 5kg" in tab.notice.text()
    assert basket(tab) == [("大米 5kg", 1)]


def test_a_refusal_leaves_the_basket_and_changes_nothing(qtbot, tab, db, admin, shop):
    """The points spent elsewhere between the card and the sale: the service refuses, the
    basket stays, the request key stays (nothing was written under it)."""
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["rice"]))
    scan(qtbot, tab, code_of(db, admin, shop["rice"]))
    tab.points_radio.setChecked(True)
    tab.card.setText(shop["card"])
    tab.card_entered()
    assert tab.holder is not None and tab.holder.points == 500
    vid = people.list_volunteers(db, actor=admin, query="王秀英")[0].id
    ledger.adjust_points(db, actor=admin, volunteer_id=vid, points=-400, reason="更正",
                         request_key=key())
    before, key_of_basket = counts(db), tab.request_key
    tab.checkout()
    assert tab.notice.kind == "alert"
    assert "⚠" in tab.notice.text() and "积分不足" in tab.notice.text()
    assert counts(db) == before
    assert basket(tab) == [("大米 5kg", 2)] and tab.request_key == key_of_basket
    assert stock(db, admin, shop["rice"]) == 10 and balance(db, admin, shop["card"]) == 100
    assert tab.holder.points == 100  # read again: the screen says it now
    assert "不足" in tab.holder_label.text() or "⚠" in tab.holder_label.text()
    tab.checkout()  # now refused on the screen, before asking
    assert len(tab.questions) == 1 and tab.notice.kind == "alert"


def test_not_enough_stock_is_refused_and_the_basket_kept(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    goods.write_off(db, actor=admin, product_id=shop["oil"], quantity=9,
                    reason=WriteOffReason.EXPIRED)
    tab.points_radio.setChecked(True)
    tab.card.setText(shop["card"])
    tab.card_entered()
    before = counts(db)
    tab.checkout()
    assert tab.notice.kind == "alert" and "食用油 1L" in tab.notice.text()
    assert counts(db) == before and basket(tab) == [("食用油 1L", 2)]
    assert balance(db, admin, shop["card"]) == 500


def test_the_same_basket_twice_is_one_sale(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["soap"]))
    sent = tab.request_key
    tab.checkout()
    again = till.checkout(db, actor=admin, items=[(shop["soap"], 1)], payment=Payment.CASH,
                          request_key=sent)
    assert again.replayed and len(till.sales_of_day(db, actor=admin)) == 1


def test_the_last_sale_undone_with_a_reason(qtbot, tab, db, admin, shop):
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["oil"]))
    tab.points_radio.setChecked(True)
    tab.card.setText(shop["card"])
    tab.card_entered()
    tab.checkout()
    assert balance(db, admin, shop["card"]) == 450
    seen = []

    def answer(dialog) -> bool:
        seen.append(dialog.note.text())
        dialog.save()  # no reason: refused by its field, the dialog stays open
        assert dialog.result() != dialog.DialogCode.Accepted
        assert dialog.errors  # the message shown
        dialog.fields["reason"].setText("拿错了")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    tab.run_dialog = answer
    qtbot.keyClick(tab, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert "食用油 1L ×1" in seen[0] and "50" in seen[0]
    assert tab.notice.kind == "done" and "撤销" in tab.notice.text()
    assert stock(db, admin, shop["oil"]) == 10 and balance(db, admin, shop["card"]) == 500
    rows = tab.sales_model.rows()
    assert len(rows) == 2 and rows[1].undone_by == rows[0].number
    tab.undo_last()  # nothing left to undo today
    assert tab.notice.kind == "alert"


def test_the_receipt_is_offered_and_printed(qtbot, tab, db, admin, shop, tmp_path,
                                            monkeypatch):
    save_shop_settings(db, actor=admin, settings=ShopSettings(receipts=True))
    tab.reload()
    tab.scan.setFocus()
    scan(qtbot, tab, code_of(db, admin, shop["soap"]))
    tab.checkout()
    assert "Alt+T" in tab.notice.text()
    opened = []
    tab.open_file = opened.append
    monkeypatch.setattr(tab, "receipt_path", lambda sale: tmp_path / f"{sale.number}.pdf")
    qtbot.keyClick(tab, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(opened))
    assert len(opened) == 1 and opened[0].exists()


# ------------------------------------------------------------------ the shop volunteer


def test_a_new_shop_volunteer_has_large_print(db, admin):
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    by_name = {a.username: a.large_print for a in accounts.list_accounts(db, actor=admin)}
    assert by_name["chenayi"] is True and by_name["wangli"] is False
    assert log_in(db, "chenayi", PASSPHRASE).large_print is True


def _window(qtbot, make_ctx, actor, monkeypatch) -> MainWindow:
    monkeypatch.setattr(features, "pages", lambda: list(FEATURE.pages))
    window = MainWindow(make_ctx(actor))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    return window


def test_the_shop_volunteer_lands_on_the_till(qtbot, make_ctx, shop_volunteer, admin,
                                              monkeypatch):
    window = _window(qtbot, make_ctx, shop_volunteer, monkeypatch)
    assert window.current_page_key() == "shop"
    page = window.pages["shop"]
    assert isinstance(page, ShopPage) and page.current_key() == "till"
    window.activateWindow()
    window.focus_page()
    assert page.till_tab.scan.hasFocus()
    assert "gifts" not in page.keys()  # 爱心发放 is the staff's
    other = _window(qtbot, make_ctx, admin, monkeypatch)
    assert other.current_page_key() == "home"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_till_fits_1366x768_in_large_print(qtbot, large_print, make_ctx,  # noqa: F811
                                               shop_volunteer, db, admin, shop, monkeypatch,
                                               language):
    set_language(language)
    window = _window(qtbot, make_ctx, shop_volunteer, monkeypatch)
    page = window.pages["shop"]
    tab = page.till_tab
    tab.ask = lambda text: True
    tab.scan.setFocus()
    for pid in ("rice", "oil", "rice"):
        scan(qtbot, tab, code_of(db, admin, shop[pid]))
    tab.points_radio.setChecked(True)
    tab.card.setText(shop["card"])
    tab.card_entered()
    qtbot.wait(10)
    assert fits(window.minimumSizeHint()), window.minimumSizeHint()
    for widget in (tab.table, tab.sales, tab.checkout_button, tab.scan, tab.card,
                   tab.holder_label, tab.total_label, tab.print_button, tab.undo_button):
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert window.rect().contains(corner), (widget, corner)
        assert widget.height() >= widget.minimumSizeHint().height(), widget
    assert tab.table.height() >= 3 * tab.table.verticalHeader().defaultSectionSize()
    for b in (tab.checkout_button, tab.more_button, tab.undo_button):
        assert b.height() >= 40, b.text()
    table = tab.table
    assert table.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    tab.checkout()
    assert tab.notice.isVisible()
    assert tab.notice.mapTo(window, tab.notice.rect().bottomRight()).y() <= window.height()
    assert fits(window.minimumSizeHint()), window.minimumSizeHint()
    assert clashes(window) == {}, clashes(window)
    assert not MENU_BAR & set(mnemonics(page)), mnemonics(page)
    tab.set_payment(Payment.CASH)
    tab.cash_radio.setChecked(True)
    assert clashes(window) == {}, clashes(window)
    sale = till.last_sale(db, actor=shop_volunteer)
    assert sale is not None
    for name, dialog in (("confirm", ConfirmSale(
            "王秀英（编号 10000016）用 290 积分兑换 大米 5kg ×2、食用油 1L ×1。\n"
            "积分：500 → 210。\n商品从库存中扣除。", window)),
            ("undo", tab.undo_dialog(sale))):
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, (name, clashes(dialog))
        dialog.hide()
    window.hide()


def _big(widget, factor: float) -> bool:
    return widget.font().pointSizeF() >= QApplication.font().pointSizeF() * factor - 0.01


def test_the_change_and_check_out_are_big_when_shown_and_after_a_size_switch(
        qtbot, qapp, large_print, make_ctx, shop_volunteer, admin, shop,  # noqa: F811
        monkeypatch):
    from neighborcenter.ui import theme

    window = _window(qtbot, make_ctx, shop_volunteer, monkeypatch)  # built in large print
    tab = window.pages["shop"].till_tab
    # the style sheet's polish when the tab was first shown had put the plain font back
    assert _big(tab.change_label, 1.5) and _big(tab.checkout_button, 1.25)
    for large in (False, True):
        theme.apply_theme(qapp, large_print=large)  # as View → Large print does
        window.apply_size()
        qapp.processEvents()
        assert qapp.font().pointSize() == (theme.LARGE_POINT_SIZE if large
                                           else theme.NORMAL_POINT_SIZE)
        for widget, factor in ((tab.change_label, 1.5), (tab.total_label, 1.5),
                               (tab.checkout_button, 1.25), (tab.holder_label, 1.15)):
            assert _big(widget, factor), (large, widget, widget.font().pointSizeF())


def test_the_days_sales_and_the_name_search_leave_the_basket_its_room(
        qtbot, large_print, make_ctx, shop_volunteer, db, admin, shop,  # noqa: F811
        monkeypatch):
    long_name = "金龙鱼 东北大米 长粒香 五常稻花香 特级 10kg 家庭装"
    soap = add_product(db, admin, long_name, shelf=Shelf.DAILY, price="99.50", points="")
    for _n in range(3):
        till.checkout(db, actor=admin, items=[(soap, 1), (shop["soap"], 2)],
                      payment=Payment.CASH, request_key=key())
    window = _window(qtbot, make_ctx, shop_volunteer, monkeypatch)
    tab = window.pages["shop"].till_tab
    tab.reload()
    qtbot.waitUntil(lambda: tab.sales_model.rowCount() == 3)
    QApplication.processEvents()
    assert tab.sales.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    tab.scan.setFocus()
    for pid in ("rice", "oil"):
        scan(qtbot, tab, code_of(db, admin, shop[pid]))
    QApplication.processEvents()
    before = tab.table.height()
    type_text(tab.scan, "米")
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(tab.matches.isVisible)
    QApplication.processEvents()  # the layout is done on the next turn of the event loop
    assert tab.table.height() >= before  # the list takes the sales' place, not the basket's
    assert not tab.sales.isVisible()
    qtbot.keyClick(tab.matches, Qt.Key.Key_Escape)
    assert tab.sales.isVisible() and not tab.matches.isVisible()
