"""匠心坊设置: read when the dialog opens, saved in one go; a bad amount refused under its field
with what was typed kept; Save hidden from a role that may not change the settings; the
dialog fits 1366×768 in large print with its Alt+letters unique."""

from neighborcenter.features.shop.settings import get_shop_settings
from neighborcenter.features.shop.ui.settings import ShopSettingsDialog
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import fits, large_print  # noqa: F401 (fixtures)


def test_the_shop_settings_are_read_and_saved(qtbot, make_ctx, admin, db):
    dialog = ShopSettingsDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    assert dialog.opening.text() == "200.00" and dialog.save_button.isEnabled()
    dialog.opening.setText("一百")
    dialog.save()
    assert dialog.result() == 0 and dialog.errors._labels["opening"].text()
    assert dialog.opening.text() == "一百"  # kept
    dialog.opening.setText("150.5")
    dialog.receipts.setChecked(True)
    dialog.paper.setCurrentIndex(dialog.paper.findData("a6"))
    dialog.save()
    assert dialog.result() == 1
    saved = get_shop_settings(db, actor=admin)
    assert (saved.opening_fen, saved.receipts, saved.receipt_paper) == (15050, True, "a6")


def test_a_shop_volunteer_sees_the_settings_but_cannot_save(qtbot, make_ctx, shop_volunteer):
    dialog = ShopSettingsDialog(make_ctx(shop_volunteer))
    qtbot.addWidget(dialog)
    assert dialog.save_button.isHidden()


def test_the_dialog_fits_in_large_print_with_unique_letters(qtbot, make_ctx, admin,
                                                           large_print):  # noqa: F811
    dialog = ShopSettingsDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    show_and_assert_it_fits(qtbot, dialog, "shop settings", fits)
    assert clashes(dialog) == {}
    assert not {"F", "V", "A"} & set(mnemonics(dialog))
    dialog.hide()
