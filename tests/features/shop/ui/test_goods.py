"""商品库存 on screen (pytest-qt, offscreen): a product added by the form (left without a
barcode: the shop's own code), goods in with the expiry date for food, a write-off with its
reason, retiring a product, the stock book with its running balance, running-low and expiring
goods marked; a refusal keeps the dialog open with what was typed; the shop volunteer sees
the list, goods in and the stock book only; the tab and its dialogs fit 1366×768 in large
print with unique Alt+letters."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.features.shop import FEATURE, goods
from neighborcenter.features.shop.rules import MoveKind, Shelf, WriteOffReason
from neighborcenter.features.shop.ui import goods as goods_ui
from neighborcenter.features.shop.ui.goods import GoodsTab
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.shop import add_product
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}
TODAY = dt.date(2026, 12, 1)


def make_tab(qtbot, ctx) -> GoodsTab:
    tab = GoodsTab(ctx)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.resize(1200, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    # as the main window does: a job that changed the shop reloads the page
    ctx.worker.changes_did_happen.connect(
        lambda changes: tab.reload() if changes.touches("shop") else None)
    return tab


def names(tab: GoodsTab) -> list[str]:
    return [p.name for p in tab.model.rows()]


def choose(tab: GoodsTab, name: str) -> None:
    tab.table.clearSelection()
    tab.table.selectRow(names(tab).index(name))


def fill(dialog, **values) -> None:
    for key, value in values.items():
        widget = dialog.fields[key]
        if hasattr(widget, "setText"):
            if hasattr(widget, "setChecked") and isinstance(value, bool):
                widget.setChecked(value)
            else:
                widget.setText(value)
        else:
            widget.setCurrentIndex(widget.findData(value))


def answering(tab: GoodsTab, **values):
    """The next dialog the tab opens: filled with ``values`` and saved; the dialog kept."""
    seen = []

    def run(dialog) -> int:
        seen.append(dialog)
        fill(dialog, **values)
        dialog.save()
        return dialog.result() == 1

    tab.run_dialog = run
    return seen


def test_a_product_added_without_a_barcode_gets_the_shops_code(qtbot, make_ctx, admin, db):
    tab = make_tab(qtbot, make_ctx(admin))
    assert tab.empty.isVisible()
    answering(tab, shelf=Shelf.DAILY, name="手工豆腐", unit="块", price="3.5", food=True)
    tab.new_product()
    assert names(tab) == ["手工豆腐"]
    [row] = tab.model.rows()
    assert row.barcode.startswith("20") and len(row.barcode) == 13 and row.food
    assert row.price_fen == 350 and "手工豆腐" in tab.message.text()


def test_a_refused_product_keeps_its_dialog_and_what_was_typed(qtbot, make_ctx, admin, db):
    tab = make_tab(qtbot, make_ctx(admin))
    seen = answering(tab, shelf=Shelf.POINTS, name="大米 5kg", unit="袋", points="")
    tab.new_product()
    [dialog] = seen
    assert dialog.result() != 1  # not accepted: 爱心铺 goods need a points price
    assert dialog.fields["name"].text() == "大米 5kg"
    assert dialog.errors._labels["points"].isVisibleTo(dialog)
    assert names(tab) == []


def test_goods_in_write_off_and_the_stock_book(qtbot, make_ctx, admin, db):
    tofu = add_product(db, admin, "手工豆腐", shelf=Shelf.DAILY, price="3.50", points="",
                       stock=0, food=True)
    tab = make_tab(qtbot, make_ctx(admin))
    choose(tab, "手工豆腐")
    seen = answering(tab, quantity="12", expires_on="2026-12-05")
    tab.goods_in()
    assert seen[0].result() == 1
    [row] = tab.model.rows()
    assert row.stock == 12 and row.next_expiry == dt.date(2026, 12, 5)
    assert row.expiring == 12 and goods_ui.state_text(row)  # 临期 marked (within 7 days)
    choose(tab, "手工豆腐")
    answering(tab, quantity="2", reason=WriteOffReason.DAMAGED)
    tab.write_off()
    assert tab.model.rows()[0].stock == 10
    moves = goods.product_moves(db, actor=admin, product_id=tofu)
    assert [(m.kind, m.quantity, m.balance) for m in moves] == [
        (MoveKind.INTAKE, 12, 12), (MoveKind.WRITE_OFF, -2, 10)]

    shown = []
    tab.run_dialog = lambda dialog: shown.append(dialog) or 0
    choose(tab, "手工豆腐")
    tab.stock_book()
    [book] = shown
    assert book.model.rowCount() == 2
    assert book.model.data(book.model.index(1, 2)) == "-2"
    assert book.model.data(book.model.index(1, 3)) == "10"


def test_food_without_an_expiry_is_refused_by_its_field(qtbot, make_ctx, admin, db):
    add_product(db, admin, "牛奶", stock=0, food=True)
    tab = make_tab(qtbot, make_ctx(admin))
    choose(tab, "牛奶")
    seen = answering(tab, quantity="5")
    tab.goods_in()
    assert seen[0].result() != 1 and seen[0].fields["quantity"].text() == "5"
    assert seen[0].errors._labels["expires_on"].isVisibleTo(seen[0])


def test_running_low_and_retiring(qtbot, make_ctx, admin, db):
    add_product(db, admin, "食用油", stock=1)
    add_product(db, admin, "旧毛巾", stock=0)
    tab = make_tab(qtbot, make_ctx(admin))
    by = {p.name: p for p in tab.model.rows()}
    assert by["食用油"].low and goods_ui.state_text(by["食用油"])
    tab.ask = lambda title, text: True
    choose(tab, "旧毛巾")
    tab.retire()
    tab.reload()
    assert names(tab) == ["食用油"]
    tab.retired.setChecked(True)
    assert "旧毛巾" in names(tab)


def test_search_and_shelf_filter(qtbot, make_ctx, admin, db):
    add_product(db, admin, "大米 5kg")
    add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    tab = make_tab(qtbot, make_ctx(admin))
    tab.shelf.setCurrentIndex(tab.shelf.findData(Shelf.DAILY))
    assert names(tab) == ["肥皂"]
    tab.shelf.setCurrentIndex(0)
    code = next(p.barcode for p in tab.model.rows() if p.name == "大米 5kg")
    tab.search.setText(code)  # a scan into the search box
    assert names(tab) == ["大米 5kg"]


def test_the_home_pages_lines_open_the_goods_they_count(qtbot, make_ctx, admin, db):
    from neighborcenter.features.shop.ui.page import ShopPage

    add_product(db, admin, "大米 5kg", stock=20)
    add_product(db, admin, "食用油", stock=1)  # running low
    add_product(db, admin, "牛奶", shelf=Shelf.DONATED, points="", stock=20, food=True,
                expires=(TODAY + dt.timedelta(days=3)).isoformat())  # expiring
    page = ShopPage(make_ctx(admin))
    qtbot.addWidget(page)
    tab = page.tab("goods")
    tab.today = lambda: TODAY
    tab.search.setText("大米")  # what was typed before does not hide them
    page.show_view({"tab": "goods", "show": "low"})
    assert page.current_key() == "goods" and names(tab) == ["食用油"]
    page.show_view({"tab": "goods", "show": "expiring"})
    assert names(tab) == ["牛奶"]
    tab.attention.setCurrentIndex(0)
    assert sorted(names(tab)) == sorted(["大米 5kg", "食用油", "牛奶"])


def test_the_shop_volunteer_sees_the_list_goods_in_and_the_stock_book(
        qtbot, make_ctx, admin, shop_volunteer, db):
    add_product(db, admin, "大米 5kg")
    tab = make_tab(qtbot, make_ctx(shop_volunteer))
    assert names(tab) == ["大米 5kg"]
    visible = {b.text() for b in (tab.new_button, tab.edit_button, tab.in_button,
                                  tab.off_button, tab.retire_button, tab.moves_button,
                                  tab.labels_button, tab.export_button) if b.isVisible()}
    assert visible == {tab.in_button.text(), tab.moves_button.text()}
    choose(tab, "大米 5kg")
    answering(tab, quantity="3")
    tab.goods_in()
    assert tab.model.rows()[0].stock == 13


def test_labels_of_the_chosen_goods(qtbot, make_ctx, admin, db, tmp_path):
    add_product(db, admin, "大米 5kg")
    add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3.50", points="")
    tab = make_tab(qtbot, make_ctx(admin))
    tab.table.selectAll()
    out = tmp_path / "out"
    out.mkdir()
    tab.choose_path = lambda title, name, pdf=True: out / "labels.pdf"
    opened = []
    tab.show_file = opened.append
    answering(tab, copies="3")
    tab.print_labels()
    assert opened == [out / "labels.pdf"] and (out / "labels.pdf").stat().st_size > 0
    assert "6" in tab.message.text()


def test_keyboard_enter_on_a_row_opens_it(qtbot, make_ctx, admin, db):
    add_product(db, admin, "大米 5kg")
    tab = make_tab(qtbot, make_ctx(admin))
    shown = []
    tab.run_dialog = lambda dialog: shown.append(dialog) or 0
    tab.table.setFocus()
    choose(tab, "大米 5kg")
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert shown and shown[0].fields["name"].text() == "大米 5kg"


def _window(qtbot, make_ctx, actor, monkeypatch) -> MainWindow:
    monkeypatch.setattr(features, "pages", lambda: list(FEATURE.pages))
    window = MainWindow(make_ctx(actor))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(ROOM)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_goods_tab_and_its_dialogs_fit_in_large_print(
        qtbot, large_print, make_ctx, admin, shop_volunteer,  # noqa: F811
        db, monkeypatch, language):
    set_language(language)
    for n in range(3):  # (the home page grows with more goods running low)
        add_product(db, admin, f"商品{n}号 长长的名字", stock=n + 5, food=n % 2 == 0,
                    expires="2027-12-04" if n % 2 == 0 else None)
    window = _window(qtbot, make_ctx, admin, monkeypatch)
    window.show_page("shop")
    page = window.pages["shop"]
    page.show_tab("goods")
    tab = page.tab("goods")
    tab.reload()
    qtbot.wait(10)
    # (the whole window: with the shop volunteer's, below — the admin's home page is taller)
    assert page.minimumSizeHint().height() <= page.height(), page.minimumSizeHint()
    assert fits(tab.minimumSizeHint()), tab.minimumSizeHint()
    assert tab.table.horizontalScrollBar().maximum() == 0
    for b in (tab.new_button, tab.export_button, tab.labels_button):
        corner = b.mapTo(window, b.rect().bottomRight())
        assert window.rect().contains(corner), b.text()
    assert clashes(window) == {}, clashes(window)
    assert not MENU_BAR & set(mnemonics(tab)), mnemonics(tab)
    ctx = make_ctx(admin)
    row = tab.model.rows()[0]
    for name, dialog in {"product": goods_ui.product_dialog(ctx, row),
                         "new": goods_ui.product_dialog(ctx, None),
                         "in": goods_ui.goods_in_dialog(ctx, row),
                         "off": goods_ui.write_off_dialog(ctx, row),
                         "book": goods_ui.MovesDialog(ctx, row),
                         "labels": goods_ui.labels_dialog(ctx, [row])}.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, (name, clashes(dialog))
        assert not MENU_BAR & set(mnemonics(dialog)), (name, mnemonics(dialog))
        dialog.hide()
    window.hide()
    volunteer = _window(qtbot, make_ctx, shop_volunteer, monkeypatch)
    page = volunteer.pages["shop"]
    page.show_tab("goods")
    page.tab("goods").reload()
    assert fits(volunteer.minimumSizeHint()), volunteer.minimumSizeHint()
    assert clashes(volunteer) == {}, clashes(volunteer)
    volunteer.hide()


def test_esc_asks_before_dropping_what_was_typed(qtbot, make_ctx, admin, db):
    dialog = goods_ui.product_dialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    asked = []
    dialog.ask = lambda text: asked.append(text) or False
    dialog.show()
    dialog.fields["name"].setText("挂面")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    dialog.ask = lambda text: True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
