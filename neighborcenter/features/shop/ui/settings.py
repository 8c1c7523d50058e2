"""匠心坊设置: the float in the cash drawer each morning, whether the till offers a receipt and
on what paper, how many days ahead expiring food is shown, the stock below which a product is
running low. For those who may change the centre's settings."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from neighborcenter.features.shop import settings as shop_settings
from neighborcenter.features.shop.rules import parse_money, yuan
from neighborcenter.features.shop.settings import RECEIPT_PAPERS, ShopSettings
from neighborcenter.i18n import N_, _
from neighborcenter.ui.common.dialogs import line, number_box, number_value
from neighborcenter.ui.common.settings_dialog import SettingsDialog, buddy_groups, grid_box

PAPER_NAMES = {"80mm": N_("80 mm till roll"), "a6": N_("A6 sheet")}


class ShopSettingsDialog(SettingsDialog):
    title = N_("Shop settings")
    note = N_("The float counts from the next day close on; a day already closed keeps its "
              "figures.")

    def build(self, form: QFormLayout) -> tuple[dict[str, QWidget], QWidget]:
        self.opening = number_box(line(placeholder="200.00"), 9)
        self.receipts = QCheckBox(_("Offer a printed receip&t after each sale"))
        self.paper = QComboBox()
        for paper in RECEIPT_PAPERS:
            self.paper.addItem(_(PAPER_NAMES[paper]), paper)
        self.expiry_days = number_box(line(), 3)
        expiry_box, expiry_grid = grid_box()
        expiry_grid.addWidget(self.expiry_days, 0, 0)
        expiry_grid.addWidget(QLabel(_("days ahead")), 0, 1)
        expiry_grid.setColumnStretch(2, 1)
        self.low_stock = number_box(line(), 5)
        form.addRow(_("Float in the &drawer each morning (yuan)"), self.opening)
        form.addRow("", self.receipts)
        form.addRow(_("Receipt &paper"), self.paper)
        form.addRow(_("Show &expiring food"), expiry_box)
        form.addRow(_("&Running low below"), self.low_stock)
        buddy_groups(form, ((expiry_box, self.expiry_days),))
        return {"opening": self.opening, "receipt_paper": self.paper,
                "expiry_days": expiry_box, "low_stock": self.low_stock}, self.opening

    @staticmethod
    def read(centre, actor) -> ShopSettings:
        return shop_settings.get_shop_settings(centre, actor=actor)

    @staticmethod
    def write(centre, actor, settings: ShopSettings) -> None:
        shop_settings.save_shop_settings(centre, actor=actor, settings=settings)

    def fill(self, s: ShopSettings) -> None:
        self.opening.setText(yuan(s.opening_fen).removeprefix("¥"))
        self.receipts.setChecked(s.receipts)
        self.paper.setCurrentIndex(max(self.paper.findData(s.receipt_paper), 0))
        self.expiry_days.setText(str(s.expiry_days))
        self.low_stock.setText(str(s.low_stock))

    def settings(self) -> ShopSettings:
        whole = _("Write a whole number.")
        return ShopSettings(
            opening_fen=parse_money(self.opening.text(), field="opening", allow_zero=True),
            receipts=self.receipts.isChecked(), receipt_paper=self.paper.currentData(),
            expiry_days=number_value(self.expiry_days, "expiry_days", whole),
            low_stock=number_value(self.low_stock, "low_stock", whole))
