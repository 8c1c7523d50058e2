"""盘点 on screen (pytest-qt, offscreen): a stock-take started, counted by keyboard alone —
the number and Enter, the next row chosen; a barcode scanned into the count box jumps to its
row —, the variances shown as the counts come in, a bad count kept in the box with the
reason; finishing refused while a product is uncounted and, for the staff, done with a note;
the volunteer counts but does not see Finish; the sheet and the result printed; the tab fits
1366×768 in large print with unique Alt+letters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.core import features
from neighborcenter.features.shop import FEATURE, goods, stocktake
from neighborcenter.features.shop.rules import Shelf
from neighborcenter.features.shop.ui import stocktake as stocktake_ui
from neighborcenter.features.shop.ui.stocktake import StocktakeTab
from neighborcenter.i18n import set_language
from neighborcenter.ui.main_window import MainWindow
from tests.features.shop import add_product
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}


@pytest.fixture
def shelf(db, admin) -> dict[str, str]:
    """Three goods of the 爱心铺, by name → id (the list's order: by name)."""
    return {"大米 5kg": add_product(db, admin, "大米 5kg", stock=10),
            "挂面": add_product(db, admin, "挂面", stock=6),
            "食用油": add_product(db, admin, "食用油", stock=4)}


def make_tab(qtbot, ctx) -> StocktakeTab:
    tab = StocktakeTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 650)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    ctx.worker.changes_did_happen.connect(
        lambda changes: tab.reload() if changes.touches("shop") else None)
    return tab


def type_count(qtbot, tab: StocktakeTab, text: str) -> None:
    assert tab.focusWidget() is tab.count_box  # where the cursor waits
    if text.isascii():
        qtbot.keyClicks(tab.count_box, text)
    else:  # what an input method commits (QTest types ASCII only)
        tab.count_box.insert(text)
    qtbot.keyClick(tab.count_box, Qt.Key.Key_Return)


def counted(tab: StocktakeTab) -> dict[str, int | None]:
    return {r.name: r.counted for r in tab.model.rows()}


def test_counting_by_keyboard_then_finishing(qtbot, make_ctx, admin, db, shelf):
    tab = make_tab(qtbot, make_ctx(admin))
    assert tab.start_button.isVisible() and not tab.count_box.isVisible()
    assert "&" in tab.start_button.text()  # Alt+letter (offscreen, no window is active)
    tab.start_button.click()
    assert tab.view is not None and tab.count_box.isVisible()
    tab.activateWindow()
    tab.count_box.setFocus()
    assert tab.current_row().name == "大米 5kg"
    type_count(qtbot, tab, "8")  # 大米: two short
    assert tab.current_row().name == "挂面"  # the next row, at once
    type_count(qtbot, tab, "６")  # full-width, as an input method types it
    type_count(qtbot, tab, "5")  # 食用油: one more
    assert counted(tab) == {"大米 5kg": 8, "挂面": 6, "食用油": 5}
    variances = {r.name: r.variance for r in tab.model.rows()}
    assert variances == {"大米 5kg": -2, "挂面": 0, "食用油": 1}
    assert tab.model.data(tab.model.index(0, 4)) == "-2"

    answers = []

    def run(dialog) -> int:
        answers.append(dialog)
        dialog.fields["note"].setText("两袋破了，多一瓶")
        dialog.save()
        return dialog.result() == 1

    tab.run_dialog = run
    tab.finish()
    assert answers and answers[0].result() == 1
    assert tab.view is None and tab.start_button.isVisible()
    stock = {p.name: p.stock for p in goods.list_products(db, actor=admin)}
    assert stock == {"大米 5kg": 8, "挂面": 6, "食用油": 5}
    [past] = tab.past_model.rows()
    assert not past.open and past.variances == 2


def test_a_scan_jumps_to_its_row(qtbot, make_ctx, admin, db, shelf):
    tab = make_tab(qtbot, make_ctx(admin))
    tab.start()
    tab.activateWindow()
    tab.count_box.setFocus()
    code = next(p.barcode for p in goods.list_products(db, actor=admin) if p.name == "食用油")
    type_count(qtbot, tab, code)
    assert tab.current_row().name == "食用油" and tab.count_box.text() == ""
    assert counted(tab)["食用油"] is None  # a scan is not a count
    type_count(qtbot, tab, "4")
    assert counted(tab)["食用油"] == 4
    type_count(qtbot, tab, "2000000009999")  # no such product here
    assert "2000000009999" in tab.message.text()


def test_a_bad_count_stays_in_the_box(qtbot, make_ctx, admin, db, shelf):
    tab = make_tab(qtbot, make_ctx(admin))
    tab.start()
    tab.activateWindow()
    tab.count_box.setFocus()
    type_count(qtbot, tab, "10001")  # more than one product may have
    assert tab.count_box.text() == "10001" and tab.message.text().startswith("⚠")
    assert tab.current_row().name == "大米 5kg" and counted(tab)["大米 5kg"] is None


def test_finishing_with_products_uncounted_says_which(qtbot, make_ctx, admin, db, shelf):
    tab = make_tab(qtbot, make_ctx(admin))
    tab.start()
    tab.activateWindow()
    tab.count_box.setFocus()
    type_count(qtbot, tab, "10")
    opened = []
    tab.run_dialog = lambda d: opened.append(d) or 0
    tab.finish()
    assert opened == [] and "挂面" in tab.message.text()
    assert tab.current_row().name == "挂面"


def test_the_volunteer_counts_but_does_not_finish(qtbot, make_ctx, shop_volunteer, db,
                                                  shelf):
    tab = make_tab(qtbot, make_ctx(shop_volunteer))
    tab.start()
    assert not tab.finish_button.isVisible() and not tab.abandon_button.isVisible()
    tab.activateWindow()
    tab.count_box.setFocus()
    type_count(qtbot, tab, "9")
    assert counted(tab)["大米 5kg"] == 9


def test_the_sheet_and_the_result_print(qtbot, make_ctx, admin, db, shelf, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    tab = make_tab(qtbot, make_ctx(admin))
    tab.start()
    opened = []
    tab.show_file = opened.append
    tab.choose_path = lambda title, name, pdf=True: out / name
    tab.print_sheet()
    tab.print_result()
    assert [p.parent for p in opened] == [out, out] and all(p.exists() for p in opened)


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
def test_the_stocktake_tab_fits_in_large_print(
        qtbot, large_print, make_ctx, admin, shop_volunteer,  # noqa: F811
        db, monkeypatch, shelf, language):
    set_language(language)
    stocktake.start_stocktake(db, actor=admin, shelf=Shelf.POINTS)
    for who in (shop_volunteer, admin):
        window = _window(qtbot, make_ctx, who, monkeypatch)
        window.show_page("shop")
        page = window.pages["shop"]
        page.show_tab("stocktake")
        tab = page.tab("stocktake")
        tab.reload()
        qtbot.wait(10)
        if who is shop_volunteer:  # (the admin's home page is taller than the room)
            assert fits(window.minimumSizeHint()), window.minimumSizeHint()
        assert page.minimumSizeHint().height() <= page.height(), page.minimumSizeHint()
        assert fits(tab.minimumSizeHint()), tab.minimumSizeHint()
        assert tab.table.horizontalScrollBar().maximum() == 0
        for w in (tab.count_box, tab.sheet_button, tab.result_button, tab.table):
            corner = w.mapTo(window, w.rect().bottomRight())
            assert window.rect().contains(corner), w
        assert tab.table.height() >= 3 * tab.table.verticalHeader().defaultSectionSize()
        assert clashes(window) == {}, clashes(window)
        assert not MENU_BAR & set(mnemonics(tab)), mnemonics(tab)
        window.hide()
    view = stocktake.current_stocktake(db, actor=admin)
    ctx = make_ctx(admin)
    for name, dialog in {"finish": stocktake_ui.finish_dialog(ctx, view),
                         "abandon": stocktake_ui.abandon_dialog(ctx, view)}.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        dialog.hide()


def test_who_began_and_finished_is_the_name_not_the_login(qtbot, make_ctx, admin, db, shelf):
    sid = stocktake.start_stocktake(db, actor=admin, shelf=None)
    tab = make_tab(qtbot, make_ctx(admin))
    assert admin.display_name in tab.state.text()
    assert f"{admin.username}" not in tab.state.text().replace(admin.display_name, "")
    for pid in shelf.values():
        stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=pid,
                               counted=str(next(p.stock for p in goods.list_products(
                                   db, actor=admin) if p.id == pid)))
    stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid, note="")
    tab.reload()
    [past] = tab.past_model.rows()
    assert past.finished_by == admin.display_name
    headings = [tab.model.headerData(c, Qt.Orientation.Horizontal)
                for c in range(tab.model.columnCount())]
    assert "盘点人" in headings and "差异金额" in headings  # not 统计口径, 内容
