"""倾心铺团购 on screen: the orders in 接龙 order with a shop volunteer seeing masked phones and
no staff buttons; a new order by keyboard (a resident found by name and Enter, quantities, a
refusal by its field with everything typed kept); Esc asks before dropping typed input; pay,
collect and cancel; the lists printed; the tab and its dialogs fit 1366×768 in large print
with their Alt+letters unique (and not F, V or A)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt

from neighborcenter.features.shop import groupbuy
from neighborcenter.features.shop.rules import CampaignStatus
from neighborcenter.features.shop.ui import groupbuy as ui
from tests.features.shop.test_groupbuy import DAY, campaign, item, resident
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (fixtures)

MENU_BAR = {"F", "V", "A"}


@pytest.fixture
def bought(db, admin):
    cid = campaign(db, admin)
    orange = item(db, admin, cid)
    rice = item(db, admin, cid, "东北大米 10斤", "45", "")
    rid = resident(db, admin)
    groupbuy.place_order(db, actor=admin, campaign_id=cid, resident_id=rid,
                         lines={orange: 1}, on=DAY)
    groupbuy.place_order(db, actor=admin, campaign_id=cid, name="张师傅",
                         phone="13900001111", lines={rice: 2}, on=DAY)
    return cid, orange, rice


def tab_for(qtbot, ctx) -> ui.GroupBuyTab:
    tab = ui.GroupBuyTab(ctx, today=lambda: DAY)
    qtbot.addWidget(tab)
    tab.reload()
    return tab


def view_of(db, actor, cid) -> groupbuy.CampaignView:
    return groupbuy.campaign_view(db, actor=actor, campaign_id=cid)


def test_a_shop_volunteer_sees_masked_phones_and_no_staff_buttons(qtbot, make_ctx,
                                                                  shop_volunteer, bought):
    tab = tab_for(qtbot, make_ctx(shop_volunteer))
    rows = tab.model.rows()
    assert [(o.number, o.name, o.phone) for o in rows] == [
        (1, "王秀英", "138****5678"), (2, "张师傅", "139****1111")]
    for b in (tab.new_button, tab.edit_button, tab.item_button, tab.step_button,
              tab.collection_xlsx):
        assert b.isHidden()
    assert "赣南脐橙" in tab.items.text()


def test_the_staff_see_the_phone(qtbot, make_ctx, admin, bought):
    tab = tab_for(qtbot, make_ctx(admin))
    assert tab.model.rows()[0].phone == "13812345678"
    assert tab.new_button.isVisibleTo(tab)


def test_a_new_order_by_keyboard(qtbot, make_ctx, shop_volunteer, db, bought):
    cid, orange, rice = bought
    ctx = make_ctx(shop_volunteer)
    dialog = ui.OrderDialog(ctx, view_of(db, shop_volunteer, cid), today=lambda: DAY)
    qtbot.addWidget(dialog)
    dialog.search.setText("王秀英")  # QTest types Latin-1 only: an input method's text
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() is False or dialog.result() == 0  # Enter searched, not saved
    assert dialog.found.count() == 1 and "138****5678" in dialog.found.item(0).text()
    assert dialog.resident_id is not None
    qtbot.keyClicks(dialog.quantities[orange], "3")  # at most 2
    dialog.save()
    assert dialog.result() == 0
    assert "2" in dialog.errors._labels["lines"].text()
    assert dialog.quantities[orange].text() == "3"  # kept
    dialog.quantities[orange].setText("2")
    dialog.quantities[rice].setText("1")
    dialog.save()
    assert dialog.result() == 1
    order = dialog.result_value
    assert (order.number, order.name, order.phone) == (3, "王秀英", "138****5678")
    assert order.goods == "赣南脐橙 5斤 ×2、东北大米 10斤 ×1"


def test_a_typed_name_and_esc_asks_before_dropping_it(qtbot, make_ctx, admin, db, bought,
                                                     monkeypatch):
    cid, orange, _rice = bought
    dialog = ui.OrderDialog(make_ctx(admin), view_of(db, admin, cid), today=lambda: DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("李阿姨")
    dialog.name.textEdited.emit("李阿姨")  # as typed through an input method
    asked = []
    monkeypatch.setattr(ui, "confirm", lambda *args: asked.append(args) or False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible() and dialog.name.text() == "李阿姨"
    dialog.quantities[orange].setText("1")
    dialog.save()
    assert dialog.result() == 1 and dialog.result_value.name == "李阿姨"
    assert not dialog.result_value.from_register


def test_pay_collect_and_cancel_from_the_tab(qtbot, make_ctx, admin, db, bought, monkeypatch):
    cid, _orange, _rice = bought
    monkeypatch.setattr(ui, "confirm", lambda *args: True)
    ctx = make_ctx(admin)
    tab = tab_for(qtbot, ctx)
    tab.table.selectRow(0)
    assert tab.pay_button.isEnabled() and not tab.collect_button.isEnabled()
    tab.pay()
    assert "¥29.90" in tab.message.text()
    first = view_of(db, admin, cid).orders[0]
    assert first.paid and first.paid_on == DAY
    groupbuy.set_status(db, actor=admin, campaign_id=cid, status=CampaignStatus.ORDERED)
    groupbuy.set_status(db, actor=admin, campaign_id=cid, status=CampaignStatus.ARRIVED)
    tab.reload()
    tab.table.selectRow(0)
    assert tab.collect_button.isEnabled() and not tab.order_button.isEnabled()
    dialog = ui.collect_dialog(ctx, tab.model.rows()[0], tab)
    qtbot.addWidget(dialog)
    assert dialog.fields["by"].text() == "王秀英"
    dialog.save()
    assert dialog.result() == 1
    second = view_of(db, admin, cid).orders[1]
    cancel = ui.cancel_dialog(ctx, second, DAY, tab)
    qtbot.addWidget(cancel)
    cancel.save()  # no reason
    assert cancel.result() == 0 and cancel.errors._labels["reason"].text()
    cancel.fields["reason"].setText("不要了")
    cancel.save()
    assert cancel.result() == 1
    assert [o.cancelled for o in view_of(db, admin, cid).orders] == [False, True]


def test_the_lists_are_printed_and_saved(qtbot, make_ctx, admin, bought, tmp_path,
                                         monkeypatch):
    opened = []
    monkeypatch.setattr(ui, "open_file", opened.append)
    tab = tab_for(qtbot, make_ctx(admin))
    tmp_path = tmp_path / "lists"
    tmp_path.mkdir()
    for which in ("supplier", "collection"):
        monkeypatch.setattr(ui, "save_path", lambda *a, w=which: tmp_path / f"{w}.pdf")
        tab.print_list(which)
        monkeypatch.setattr(ui, "save_path", lambda *a, w=which: tmp_path / f"{w}.xlsx")
        tab.export_list(which)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "collection.pdf", "collection.xlsx", "supplier.pdf", "supplier.xlsx"]
    assert [p.name for p in opened] == ["supplier.pdf", "collection.pdf"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_and_dialogs_fit_in_large_print(qtbot, make_ctx, admin, db, bought,
                                                large_print, language):  # noqa: F811
    from neighborcenter.i18n import set_language

    set_language(language)
    cid, _orange, _rice = bought
    ctx = make_ctx(admin)
    tab = tab_for(qtbot, ctx)
    tab.resize(QSize(ROOM.width(), ROOM.height() - 120))  # the page's title and tab bar
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.minimumSizeHint().width() <= ROOM.width()
    assert tab.minimumSizeHint().height() <= ROOM.height() - 120
    tab.table.selectRow(0)
    assert clashes(tab) == {} and not MENU_BAR & set(mnemonics(tab))
    view = view_of(db, admin, cid)
    dialogs = {
        "campaign": ui.campaign_dialog(ctx, view.campaign),
        "item": ui.item_dialog(ctx, view),
        "withdraw": ui.withdraw_dialog(ctx, view),
        "new order": ui.OrderDialog(ctx, view, today=lambda: DAY),
        "change order": ui.OrderDialog(ctx, view, view.orders[0], today=lambda: DAY),
        "collect": ui.collect_dialog(ctx, view.orders[0]),
        "cancel": ui.cancel_dialog(ctx, view.orders[0], DAY),
    }
    for name, dialog in dialogs.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        assert not MENU_BAR & set(mnemonics(dialog)), name
        dialog.hide()
