"""日结 on screen: the day's summary with the cash expected made of its parts, the difference
said as the count is typed, a difference refused without a note (nothing closed, what was
typed kept), the close after asking, the 日结单 printed, 重新打开 for the staff only, a past
day chosen; the tab fits 1366×768 in large print with unique Alt+letters."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize

from neighborcenter.features.shop import dayclose, groupbuy
from neighborcenter.features.shop.ui import dayclose as ui
from neighborcenter.features.shop.ui import groupbuy as gui
from tests.features.shop.test_groupbuy import DAY, campaign, item
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, large_print  # noqa: F401 (a fixture)

MENU_BAR = {"F", "V", "A"}


@pytest.fixture
def paid_day(db, admin):
    """DAY: the float ¥200.00 and a group-buy order of ¥29.90 paid."""
    cid = campaign(db, admin)
    orange = item(db, admin, cid)
    order = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                                 lines={orange: 1}, on=DAY)
    groupbuy.mark_paid(db, actor=admin, order_id=order.id, on=DAY)
    return DAY


def tab_for(qtbot, ctx) -> ui.DayCloseTab:
    tab = ui.DayCloseTab(ctx, today=lambda: DAY)
    qtbot.addWidget(tab)
    tab.reload()
    return tab


def test_the_summary_and_the_difference_as_it_is_typed(qtbot, make_ctx, shop_volunteer,
                                                       paid_day):
    tab = tab_for(qtbot, make_ctx(shop_volunteer))
    assert "¥200.00" in tab.lines.text() and "¥229.90" in tab.lines.text()
    assert tab.reopen_button.isHidden()
    qtbot.keyClicks(tab.counted, "229")
    assert "¥0.90" in tab.difference.text()
    qtbot.keyClicks(tab.counted, ".90")
    assert tab.difference.text().startswith("✓")


def test_a_difference_needs_a_note_before_the_question_which_states_it(
        qtbot, make_ctx, admin, db, paid_day, monkeypatch):
    asked = []
    monkeypatch.setattr(ui, "confirm", lambda *args: asked.append(args[2]) or True)
    tab = tab_for(qtbot, make_ctx(admin))
    qtbot.keyClicks(tab.counted, "228.90")
    tab.close_day()
    assert not asked  # refused before the question, not after 是
    assert "⚠" in tab.message.text() and "¥1.00" in tab.message.text()
    assert tab.note.hasFocus() or not tab.isActiveWindow()
    assert dayclose.day_summary(db, actor=admin, on=DAY).closed is None
    assert tab.counted.text() == "228.90"  # kept
    tab.note.setText("找零多给了一元")
    tab.close_day()
    assert len(asked) == 1
    assert "¥1.00" in asked[0] and "¥228.90" in asked[0] and "¥229.90" in asked[0]
    closed = dayclose.day_summary(db, actor=admin, on=DAY).closed
    assert closed is not None and closed.counted_fen == 22890
    assert not tab.close_button.isEnabled() and tab.reopen_button.isEnabled()
    assert tab.counted.isReadOnly()


def test_a_balanced_count_is_asked_without_a_difference(qtbot, make_ctx, admin, db,
                                                        paid_day, monkeypatch):
    asked = []
    monkeypatch.setattr(ui, "confirm", lambda *args: asked.append(args[2]) or False)
    tab = tab_for(qtbot, make_ctx(admin))
    assert tab.counted.placeholderText() != "0.00" and "0" not in tab.counted.placeholderText()
    tab.close_day()  # nothing typed: said, not asked
    assert not asked and "⚠" in tab.message.text()
    qtbot.keyClicks(tab.counted, "229.9")
    tab.close_day()
    assert len(asked) == 1 and "¥229.90" in asked[0]
    assert "MORE" not in asked[0] and "LESS" not in asked[0]
    assert "多" not in asked[0] and "少" not in asked[0]


def test_a_home_page_line_opens_its_day(qtbot, make_ctx, admin, paid_day):
    from neighborcenter.features.shop.ui.page import ShopPage

    before = DAY - dt.timedelta(days=2)
    page = ShopPage(make_ctx(admin))
    qtbot.addWidget(page)
    tab = page.tab("dayclose")
    tab._today = lambda: DAY
    page.show_view({"tab": "dayclose", "day": before.isoformat()})
    assert page.current_key() == "dayclose"
    qtbot.waitUntil(lambda: tab.summary is not None and tab.summary.on == before)
    assert tab.day_box.text() == before.isoformat()
    page.show_view({"tab": "dayclose", "day": "not a day"})  # left as it was
    assert tab.summary.on == before


def test_closed_by_is_the_name_not_the_login(qtbot, make_ctx, admin, db, paid_day):
    dayclose.close_day(db, actor=admin, counted="229.90", on=DAY, today=DAY)
    tab = tab_for(qtbot, make_ctx(admin))
    assert admin.display_name in tab.closed.text() and admin.username not in tab.closed.text()


def test_no_close_when_the_question_is_answered_no(qtbot, make_ctx, admin, db, paid_day,
                                                   monkeypatch):
    monkeypatch.setattr(ui, "confirm", lambda *args: False)
    tab = tab_for(qtbot, make_ctx(admin))
    qtbot.keyClicks(tab.counted, "229.90")
    tab.close_day()
    assert dayclose.day_summary(db, actor=admin, on=DAY).closed is None


def test_print_reopen_and_a_past_day(qtbot, make_ctx, admin, db, paid_day, tmp_path,
                                     monkeypatch):
    dayclose.close_day(db, actor=admin, counted="229.90", on=DAY, today=DAY)
    opened = []
    monkeypatch.setattr(ui, "save_path", lambda *a: tmp_path / "day.pdf")
    monkeypatch.setattr(ui, "open_file", opened.append)
    ctx = make_ctx(admin)
    tab = tab_for(qtbot, ctx)
    tab.print_day()
    assert (tmp_path / "day.pdf").exists() and opened == [tmp_path / "day.pdf"]
    dialog = ui.reopen_dialog(ctx, DAY, tab)
    qtbot.addWidget(dialog)
    dialog.fields["reason"].setText("漏记一笔")
    dialog.save()
    assert dialog.result() == 1
    assert dayclose.day_summary(db, actor=admin, on=DAY).closed is None
    tab.day_box.setText((DAY - dt.timedelta(days=1)).isoformat())
    tab.show_day()
    assert tab.summary.on == DAY - dt.timedelta(days=1)
    tab.day_box.setText((DAY + dt.timedelta(days=1)).isoformat())
    tab.show_day()
    assert "⚠" in tab.message.text() and tab.summary.on == DAY - dt.timedelta(days=1)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_fits_in_large_print(qtbot, make_ctx, admin, paid_day, large_print,  # noqa: F811
                                     language):
    from neighborcenter.i18n import set_language

    set_language(language)
    tab = tab_for(qtbot, make_ctx(admin))
    tab.resize(QSize(ROOM.width(), ROOM.height() - 120))
    tab.show()
    qtbot.waitExposed(tab)
    tab.apply_size()
    assert tab.minimumSizeHint().width() <= ROOM.width()
    assert tab.minimumSizeHint().height() <= ROOM.height() - 120
    assert tab.sizeHint().height() <= ROOM.height() - 120
    assert clashes(tab) == {} and not MENU_BAR & set(mnemonics(tab))
    dialog = ui.reopen_dialog(make_ctx(admin), DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert clashes(dialog) == {}
    assert isinstance(dialog, gui.ShopFormDialog)
    dialog.hide()
