"""收银台: the one till for the four shelves, for a retired volunteer in large print, by keyboard
and scanner.

The cursor waits in the scan box. The scanner types a barcode and Enter: the product goes into
the basket (the same product again: one more). A name typed and Enter lists the goods that
match; the arrow keys and Enter pick one. In the basket, + and − change the quantity of the
chosen line and Delete takes it out (the buttons beside do the same). The total is shown big.

Payment: 现金 (the cash received typed; the change is shown big) or 积分 (the volunteer's card
scanned, or their name or the last digits of their phone typed: their name, volunteer number,
masked phone, points and the balance after the sale). Enter on the empty scan box goes on to
the payment; 结账 asks once, in a sentence, what will happen, and then the sale is done and
said in one big sentence ("王秀英 用 120 积分兑换 大米 5kg ×1，余额 380"). A refusal (not enough
points or stock, a product not sold that way) is said in red and changes nothing: the basket
stays as it was. Each basket has its own request key, made when it starts, so a second
Enter is the same sale, never a second one.

撤销上一笔 undoes the day's last sale after asking why; 打印小票 prints the receipt of the
last sale (offered after each sale when the shop's settings say so). Beside the basket: the
day's sales, the undone ones marked."""

from __future__ import annotations

import tempfile
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.shop import goods, receipt, till
from neighborcenter.features.shop.goods import ProductRow
from neighborcenter.features.shop.rules import Payment, change_due, parse_money, yuan
from neighborcenter.features.shop.settings import ShopSettings, get_shop_settings
from neighborcenter.features.shop.till import SaleDone
from neighborcenter.features.volunteers.people import CardHolder
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import FormDialog, button, line
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import row_table, select_where
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import scaled_font

#: a code this long, digits only, is a scan (EAN-8 and longer); shorter or with letters: a name
SCAN_DIGITS = 8
#: the colours of what the till says: (background, border, text)
LOOKS = {
    "info": ("#e8f0fe", "#0b4f8a", "#1a1a1a"),
    "done": ("#e6f4ea", "#1b5e20", "#1a1a1a"),
    "alert": ("#b3261e", "#7f1d18", "#ffffff"),
}


def digits(text: str) -> str:
    """What was typed or scanned, full-width digits made plain, spaces dropped."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def amount(value: int, payment: Payment) -> str:
    return yuan(value) if payment == Payment.CASH else _("{n} points").format(n=value)


def price_of(product: ProductRow, payment: Payment) -> int | None:
    return product.price_fen if payment == Payment.CASH else product.points


def product_text(p: ProductRow) -> str:
    """A line of the name search: "大米 5kg · 爱心铺 · 120 积分 · 库存 8"."""
    prices = [x for x in (yuan(p.price_fen) if p.price_fen is not None else "",
                          _("{n} points").format(n=p.points) if p.points is not None else "")
              if x]
    return " · ".join([p.name, p.shelf.label, *prices,
                       _("{n} in stock").format(n=p.stock)])


def holder_text(h: CardHolder) -> str:
    return _("{name} · No. {number} · {phone} · {points} points").format(
        name=h.name, number=h.number, phone=h.phone or "—", points=h.points)


@dataclass(frozen=True)
class BasketLine:
    product: ProductRow
    quantity: int
    payment: Payment

    @property
    def unit_price(self) -> int | None:
        return price_of(self.product, self.payment)

    @property
    def total(self) -> int | None:
        price = self.unit_price
        return None if price is None else price * self.quantity


BASKET_COLUMNS: list[Column[BasketLine]] = [
    Column(lambda: _("Goods"), lambda x: x.product.name),
    Column(lambda: _("Qty"), lambda x: str(x.quantity), align_right=True),
    Column(lambda: _("Price"), lambda x: "—" if x.unit_price is None
           else amount(x.unit_price, x.payment), align_right=True),
    Column(lambda: _("Line total"), lambda x: "—" if x.total is None
           else amount(x.total, x.payment), align_right=True),
]


def sale_state(s: SaleDone) -> str:
    if s.undoes:
        return _("undoes {number}").format(number=s.undoes)
    if s.undone_by:
        return _("✗ undone")
    return ""


def sale_goods(s: SaleDone) -> str:
    return _("、").join(f"{x.name} ×{abs(x.quantity)}" for x in s.lines)


SALE_COLUMNS: list[Column[SaleDone]] = [
    Column(lambda: _("Time"), lambda s: receipt.local_time(s.at)[-5:]),
    Column(lambda: _("Goods"), sale_goods),
    Column(lambda: _("Total"), lambda s: amount(s.total, s.payment), align_right=True),
    Column(lambda: _("Undone?"), sale_state),
]


class Notice(QLabel):
    """What the till says, big, in a colour that repeats the words (a refusal starts "⚠")."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(3)
        self.setMargin(8)
        self.kind = "info"
        self.say("", "info")

    def say(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        background, border, ink = LOOKS[kind]
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
        palette.setColor(QPalette.ColorRole.Text, QColor(ink))
        self.setPalette(palette)
        self.setFont(scaled_font(self, 1.15, bold=kind != "info"))
        self.setText(text)
        self.setVisible(bool(text))


class _Keys(QObject):
    """+ and − change the chosen line's quantity, Delete takes it out (in the basket, and in
    the empty scan box); Esc in the name list goes back to the scan box."""

    def __init__(self, tab: TillTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return False
        key, tab = event.key(), self.tab
        if watched is tab.matches:
            if key == Qt.Key.Key_Escape:
                tab.choosing(False)
                tab.scan.setFocus()
                return True
            return False
        if watched is tab.scan and tab.scan.text():
            return False
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            tab.more()
            return True
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            tab.less()
            return True
        if key == Qt.Key.Key_Delete or (key == Qt.Key.Key_Backspace and watched is tab.table):
            tab.remove_line()
            return True
        return False


class ConfirmSale(QDialog):
    """The one question before a sale: what will happen, in sentences. Enter confirms, Esc
    goes back to the basket (nothing changed)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Check out"))
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setFont(scaled_font(self.label, 1.15))
        layout.addWidget(self.label)
        buttons = QDialogButtonBox()
        self.yes = buttons.addButton(_("&Yes, check out"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.back = buttons.addButton(_("&Back to the basket"),
                                      QDialogButtonBox.ButtonRole.RejectRole)
        self.yes.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_to_screen(self)


class TillTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.settings = ShopSettings()
        self.basket: list[BasketLine] = []
        self.request_key = ""
        self.holder: CardHolder | None = None
        self.last_done: SaleDone | None = None
        self.busy = False
        #: the question before a sale and the undo's dialog (tests answer them)
        self.ask: Callable[[str], bool] = lambda text: ConfirmSale(text, self).exec() == \
            QDialog.DialogCode.Accepted
        self.run_dialog: Callable[[QDialog], bool] = lambda dialog: dialog.exec() == \
            QDialog.DialogCode.Accepted
        #: the question before the goods chosen are dropped (新的一单 with a full basket)
        self.confirm_drop: Callable[[str], bool] = lambda text: confirm(
            self, _("Empty the basket"), text)
        #: the receipt's file is opened in the system's viewer, which prints it
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path)))
        self._build()
        keys = _Keys(self)
        for widget in (self.scan, self.table, self.matches):
            widget.installEventFilter(keys)
        self.setFocusProxy(self.scan)
        self.apply_size()
        self._show_basket()

    # -- the screen -----------------------------------------------------------------------

    def _build(self) -> None:
        row = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        row.addLayout(left, 5)
        row.addLayout(right, 4)

        scan_row = QHBoxLayout()
        self.scan_label = QLabel(_("&Scan or type a name:"))
        self.scan = line(placeholder=_("barcode, or part of the name, then Enter"))
        self.scan_label.setBuddy(self.scan)
        self.scan.returnPressed.connect(self.scanned)
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan, 1)
        left.addLayout(scan_row)
        self.matches = QListWidget()
        self.matches.itemActivated.connect(self._match_chosen)
        self.matches.setVisible(False)

        self.basket_label = QLabel(_("&Goods chosen:"))
        self.model: RowTableModel[BasketLine] = RowTableModel(BASKET_COLUMNS, self)
        self.table = row_table(self.model)
        self.basket_label.setBuddy(self.table)
        left.addWidget(self.basket_label)
        left.addWidget(self.table, 3)
        line_row = QHBoxLayout()
        self.more_button = button(line_row, _("+ &More"), self.more)
        self.less_button = button(line_row, _("− &Less"), self.less)
        self.remove_button = button(line_row, _("&Delete line"), self.remove_line)
        self.clear_button = button(line_row, _("&New basket"), self.new_basket)
        for widget, tip in ((self.more_button, _("One more of the chosen line (key +)")),
                            (self.less_button, _("One less of the chosen line (key −)")),
                            (self.remove_button, _("Take the chosen line out (key Delete)")),
                            (self.clear_button, _("Empty the basket: nothing is sold"))):
            widget.setToolTip(tip)
        line_row.addStretch(1)
        left.addLayout(line_row)

        self.sales_label = QLabel(_("Toda&y's sales:"))
        self.sales_model: RowTableModel[SaleDone] = RowTableModel(SALE_COLUMNS, self)
        self.sales = row_table(self.sales_model)
        self.sales_label.setBuddy(self.sales)
        left.addWidget(self.sales_label)
        left.addWidget(self.sales, 2)
        left.addWidget(self.matches, 2)  # in the sales' place while a name is chosen
        # the goods' column takes what the others leave: no sideways scrolling in large print
        for table, goods_column in ((self.table, 0), (self.sales, 1)):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(goods_column, QHeaderView.ResizeMode.Stretch)

        pay_row = QHBoxLayout()
        self.pay_group = QButtonGroup(self)
        self.cash_radio = QRadioButton(_("&Cash"))
        self.points_radio = QRadioButton(_("&Points"))
        for radio, payment in ((self.cash_radio, Payment.CASH),
                               (self.points_radio, Payment.POINTS)):
            self.pay_group.addButton(radio)
            radio.toggled.connect(lambda on, p=payment: self._payment_toggled(on, p))
            pay_row.addWidget(radio)
        pay_row.addStretch(1)
        right.addLayout(pay_row)
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        right.addWidget(self.total_label)

        self.pay_stack = QStackedWidget()
        cash = QWidget()
        cash_box = QVBoxLayout(cash)
        cash_box.setContentsMargins(0, 0, 0, 0)
        received_row = QHBoxLayout()
        self.received_label = QLabel(_("Cash &received:"))
        self.received = line(placeholder=_("empty: exactly the total"))
        self.received_label.setBuddy(self.received)
        self.received.textChanged.connect(self._show_change)
        self.received.returnPressed.connect(self.checkout)
        received_row.addWidget(self.received_label)
        received_row.addWidget(self.received, 1)
        cash_box.addLayout(received_row)
        self.change_label = QLabel()
        self.change_label.setWordWrap(True)
        cash_box.addWidget(self.change_label)
        cash_box.addStretch(1)
        self.pay_stack.addWidget(cash)

        points = QWidget()
        points_box = QVBoxLayout(points)
        points_box.setContentsMargins(0, 0, 0, 0)
        card_row = QHBoxLayout()
        self.card_label = QLabel(_("&Who (volunteer card):"))
        self.card = line(placeholder=_("scan, or name, or phone's last digits"))
        self.card_label.setBuddy(self.card)
        self.card.returnPressed.connect(self.card_entered)
        card_row.addWidget(self.card_label)
        card_row.addWidget(self.card, 1)
        points_box.addLayout(card_row)
        self.holders = QListWidget()
        self.holders.setMaximumHeight(130)
        self.holders.itemActivated.connect(self._holder_chosen)
        self.holders.hide()
        points_box.addWidget(self.holders)
        self.holder_label = QLabel()
        self.holder_label.setWordWrap(True)
        points_box.addWidget(self.holder_label)
        points_box.addStretch(1)
        self.pay_stack.addWidget(points)
        right.addWidget(self.pay_stack)

        self.checkout_button = button(None, _("Check &out"), self.checkout)
        right.addWidget(self.checkout_button)
        self.notice = Notice()
        right.addWidget(self.notice)
        right.addStretch(1)
        after_row = QHBoxLayout()
        self.print_button = button(after_row, _("Prin&t receipt"), self.print_last)
        self.undo_button = button(after_row, _("&Undo last sale"), self.undo_last)
        after_row.addStretch(1)
        right.addLayout(after_row)
        self.cash_radio.setChecked(True)

    def showEvent(self, event) -> None:  # noqa: N802
        # the style sheet's polish, when the tab is first shown, puts the application's font
        # back on the change and the 结账 button (they match its rules): set the big ones again
        super().showEvent(event)
        self.apply_size()

    def apply_size(self) -> None:
        """Large print on or off: the total, the change and the balance bigger still."""
        for label in (self.total_label, self.change_label):
            label.setFont(scaled_font(label, 1.5, bold=True))
        self.holder_label.setFont(scaled_font(self.holder_label, 1.15, bold=True))
        self.checkout_button.setFont(scaled_font(self.checkout_button, 1.25, bold=True))
        self.notice.say(self.notice.text(), self.notice.kind)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 12)

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """The shop's settings (receipts) and the day's sales."""
        actor = self._ctx.actor

        def job(c):
            return get_shop_settings(c, actor=actor), till.sales_of_day(c, actor=actor)

        self._ctx.worker.run(job, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[ShopSettings, list[SaleDone]]) -> None:
        self.settings, sales = result
        self.sales_model.set_rows(sales)

    @property
    def payment(self) -> Payment:
        return Payment.POINTS if self.points_radio.isChecked() else Payment.CASH

    def total(self) -> int:
        return sum(x.total or 0 for x in self.basket)

    # -- the basket ---------------------------------------------------------------------------

    def scanned(self) -> None:
        """Enter in the scan box: a barcode adds its product; words search the names; the empty
        box goes on to the payment."""
        text = digits(self.scan.text())
        if not text:
            if self.basket:
                (self.received if self.payment == Payment.CASH else self.card).setFocus()
            return
        actor = self._ctx.actor
        if text.isdigit() and len(text) >= SCAN_DIGITS:
            def found(row: ProductRow) -> None:
                self.scan.clear()
                self.add(row)

            self._ctx.worker.run(lambda c: goods.find_product(c, actor=actor, code=text),
                                 on_done=found,
                                 on_error=lambda exc: self._not_a_product(text, exc))
            return
        self._ctx.worker.run(lambda c: goods.list_products(c, actor=actor, query=text),
                             on_done=lambda rows: self._show_matches(text, rows),
                             on_error=self._failed)

    def _not_a_product(self, code: str, exc: BaseException) -> None:
        """A code that is no product may be a volunteer's card scanned here: pay by points
        (if it is no card either, the product's refusal is said)."""
        if not isinstance(exc, NCError):
            self._failed(exc)
            return
        actor = self._ctx.actor

        def card(holder: CardHolder) -> None:
            self.scan.clear()
            self.points_radio.setChecked(True)
            self.card.setText(holder.number)
            self.choose_holder(holder)

        self._ctx.worker.run(lambda c: till.customer_by_card(c, actor=actor, card=code),
                             on_done=card, on_error=lambda _e: self._failed(exc))

    def _show_matches(self, typed: str, rows: list[ProductRow]) -> None:
        self.matches.clear()
        if not rows:
            self.choosing(False)
            self.say(_("⚠ No product is called “{text}”. Type less of the name, or scan the "
                       "barcode.").format(text=typed), "alert")
            return
        for p in rows:
            item = QListWidgetItem(product_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.matches.addItem(item)
        self.choosing(True)
        self.matches.setCurrentRow(0)
        self.matches.setFocus()
        self.say(_("Choose with ↑ ↓ and press Enter (Esc: back to the scan box)."))

    def choosing(self, on: bool) -> None:
        """The goods matching a typed name are listed where the day's sales are, so that the
        basket keeps its room while one is chosen."""
        self.matches.setVisible(on)
        self.sales_label.setVisible(not on)
        self.sales.setVisible(not on)

    def _match_chosen(self, item: QListWidgetItem) -> None:
        self.choosing(False)
        self.scan.clear()
        self.add(item.data(Qt.ItemDataRole.UserRole))

    def add(self, product: ProductRow) -> None:
        """One more of ``product`` in the basket (a new line the first time)."""
        self.scan.setFocus()
        if product.retired:
            self.say(_("⚠ {name} is no longer sold.").format(name=product.name), "alert")
            return
        have = next((x.quantity for x in self.basket if x.product.id == product.id), 0)
        if have + 1 > product.stock:
            self.say(_("⚠ Only {n} of {name} in stock: not added.").format(
                n=product.stock, name=product.name), "alert")
            return
        if not self.basket:
            self.request_key = uuid.uuid4().hex  # a new basket: a new sale
        for i, x in enumerate(self.basket):
            if x.product.id == product.id:
                self.basket[i] = replace(x, product=product, quantity=have + 1)
                break
        else:
            self.basket.append(BasketLine(product, 1, self.payment))
        self._show_basket(product.id)
        price = price_of(product, self.payment)
        if price is None:
            self.say(_("⚠ {name} has no price in {payment}. Take it out, or change the "
                       "payment.").format(name=product.name, payment=self.payment.label),
                     "alert")
        else:
            self.say(_("{name} ×{n}").format(name=product.name, n=have + 1))

    def _chosen_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.basket) - 1 if self.basket else None

    def more(self) -> None:
        i = self._chosen_index()
        if i is None:
            self.say(_("The basket is empty: scan the goods first."), "alert")
            return
        self.add(self.basket[i].product)

    def less(self) -> None:
        i = self._chosen_index()
        if i is None:
            self.say(_("The basket is empty: scan the goods first."), "alert")
            return
        x = self.basket[i]
        if x.quantity <= 1:
            self.remove_line()
            return
        self.basket[i] = replace(x, quantity=x.quantity - 1)
        self._show_basket(x.product.id)
        self.say(_("{name} ×{n}").format(name=x.product.name, n=x.quantity - 1))

    def remove_line(self) -> None:
        i = self._chosen_index()
        if i is None:
            self.say(_("The basket is empty: scan the goods first."), "alert")
            return
        x = self.basket.pop(i)
        self._show_basket()
        self.say(_("{name} taken out of the basket.").format(name=x.product.name))

    def new_basket(self) -> None:
        """Empty the basket (nothing is sold), after asking when there is something in it."""
        if self.basket and not self.confirm_drop(_(
                "Take everything out of the basket? Nothing is sold.")):
            self.scan.setFocus()
            return
        self._empty_basket()
        self.say(_("The basket is empty: scan the next customer's goods."))

    def _empty_basket(self) -> None:
        self.basket = []
        self.request_key = ""
        self.holder = None
        self.received.clear()
        self.card.clear()
        self.holders.hide()
        self.choosing(False)
        self._show_basket()
        self.scan.clear()
        self.scan.setFocus()

    def _payment_toggled(self, on: bool, payment: Payment) -> None:
        if on:
            self.set_payment(payment)

    def set_payment(self, payment: Payment) -> None:
        self.basket = [replace(x, payment=payment) for x in self.basket]
        self.pay_stack.setCurrentIndex(0 if payment == Payment.CASH else 1)
        self._show_basket()
        no_price = [x.product.name for x in self.basket if x.unit_price is None]
        if no_price:
            self.say(_("⚠ Not sold for {payment}: {names}. Take them out, or change the "
                       "payment.").format(payment=payment.label, names=_("、").join(no_price)),
                     "alert")
        if self.isVisible():
            (self.received if payment == Payment.CASH else self.card).setFocus()

    def _show_basket(self, chosen_id: str | None = None) -> None:
        self.model.set_rows(self.basket)
        if chosen_id is not None:
            select_where(self.table, lambda x: x.product.id == chosen_id)
        pieces = sum(x.quantity for x in self.basket)
        self.total_label.setText(_("Total: {total} ({n} items)").format(
            total=amount(self.total(), self.payment), n=pieces))
        self._show_change()
        self._show_holder()

    def _show_change(self) -> None:
        if self.payment != Payment.CASH or not self.basket:
            self.change_label.setText("")
            return
        typed = self.received.text().strip()
        if not typed:
            self.change_label.setText(_("Change: {amount}").format(amount=yuan(0)))
            return
        try:
            self.change_label.setText(_("Change: {amount}").format(amount=yuan(change_due(
                self.total(), parse_money(typed, field="received", allow_zero=True)))))
        except ValidationError as exc:
            self.change_label.setText("⚠ " + str(exc))

    # -- the customer -------------------------------------------------------------------------

    def card_entered(self) -> None:
        """Enter in the card box: a card scanned, a name or a phone's end typed. One match is
        the customer; several are listed to choose from. Enter again (the customer shown):
        check out."""
        text = digits(self.card.text())
        if self.holder is not None and text in (self.holder.number, ""):
            self.checkout()
            return
        if not text:
            self.say(_("Scan the volunteer's card, or type the name or the phone's last "
                       "digits."), "alert")
            return
        actor = self._ctx.actor

        def found(holders: list[CardHolder]) -> None:
            exact = [h for h in holders if h.number.upper() == text.upper()]
            if len(exact) == 1 or len(holders) == 1:
                self.choose_holder((exact or holders)[0])
                return
            self.holder = None
            self._show_holder()
            self.holders.clear()
            if not holders:
                self.holders.hide()
                self.say(_("⚠ No volunteer found for “{text}”. Check the card number, or "
                           "type the name.").format(text=text), "alert")
                return
            for h in holders:
                item = QListWidgetItem(holder_text(h))
                item.setData(Qt.ItemDataRole.UserRole, h)
                self.holders.addItem(item)
            self.holders.show()
            self.holders.setCurrentRow(0)
            self.holders.setFocus()
            self.say(_("Several volunteers match: choose with ↑ ↓ and press Enter."))

        self._ctx.worker.run(lambda c: till.find_customers(c, actor=actor, query=text),
                             on_done=found, on_error=self._failed)

    def _holder_chosen(self, item: QListWidgetItem) -> None:
        self.choose_holder(item.data(Qt.ItemDataRole.UserRole))

    def choose_holder(self, holder: CardHolder) -> None:
        self.holders.hide()
        if not holder.active:
            self.holder = None
            self._show_holder()
            self.say(_("⚠ {name}'s volunteer card ({number}) is not valid now. Ask the "
                       "staff.").format(name=holder.name, number=holder.number), "alert")
            return
        self.holder = holder
        self.card.setText(holder.number)
        self._show_holder()
        self.say(_("Customer: {name}. Press Enter to check out.").format(name=holder.name))
        self.card.setFocus()

    def _show_holder(self) -> None:
        h = self.holder
        if h is None:
            self.holder_label.setText("")
            return
        after = h.points - self.total()
        text = _("{name} · No. {number} · {phone}").format(
            name=h.name, number=h.number, phone=h.phone or "—") + "\n" + _(
            "Points: {before} → {after}").format(before=h.points, after=after)
        if after < 0:
            text += " " + _("⚠ not enough")
        self.holder_label.setText(text)

    # -- the sale -------------------------------------------------------------------------------

    def what_will_happen(self) -> str:
        """The confirmation's sentences (the tests read them)."""
        goods_text = _("、").join(f"{x.product.name} ×{x.quantity}" for x in self.basket)
        total = self.total()
        if self.payment == Payment.POINTS:
            assert self.holder is not None
            return _("{name} (No. {number}) redeems {points} points for {goods}.\n"
                     "Points: {before} → {after}.\nThe goods leave the stock.").format(
                name=self.holder.name, number=self.holder.number, points=total,
                goods=goods_text, before=self.holder.points,
                after=self.holder.points - total)
        typed = self.received.text().strip()
        received = parse_money(typed, field="received", allow_zero=True) if typed else total
        return _("Sell {goods} for {total}.\nReceived {received}: give back {change}.\n"
                 "The goods leave the stock.").format(
            goods=goods_text, total=yuan(total), received=yuan(received),
            change=yuan(change_due(total, received)))

    def _refuse_early(self) -> str | None:
        """What stops the sale before asking (nothing is sent); None: ask."""
        if not self.basket:
            self.scan.setFocus()
            return _("⚠ Scan or pick the goods first.")
        no_price = [x.product.name for x in self.basket if x.unit_price is None]
        if no_price:
            self.table.setFocus()
            return _("⚠ Not sold for {payment}: {names}. Take them out, or change the "
                     "payment.").format(payment=self.payment.label,
                                        names=_("、").join(no_price))
        if self.payment == Payment.POINTS:
            if self.holder is None:
                self.card.setFocus()
                return _("⚠ Scan the volunteer's card, or find the volunteer by name or the "
                         "last digits of the phone.")
            if self.holder.points < self.total():
                self.card.setFocus()
                return _("⚠ {name} has {points} points; this needs {total}. Nothing was "
                         "changed: take something out of the basket.").format(
                    name=self.holder.name, points=self.holder.points, total=self.total())
        return None

    def checkout(self) -> None:
        if self.busy:
            return
        refusal = self._refuse_early()
        if refusal:
            self.say(refusal, "alert")
            return
        try:
            question = self.what_will_happen()
        except ValidationError as exc:
            self.say("⚠ " + str(exc), "alert")
            self.received.setFocus()
            return
        if not self.ask(question):
            self.scan.setFocus()
            return
        actor, payment = self._ctx.actor, self.payment
        items: list[tuple[str, object]] = [(x.product.id, x.quantity) for x in self.basket]
        key = self.request_key or uuid.uuid4().hex
        self.request_key = key
        card = self.holder.number if self.holder and payment == Payment.POINTS else None
        received = self.received.text().strip() if payment == Payment.CASH else None
        self.busy = True
        self.checkout_button.setEnabled(False)
        self._ctx.worker.run(
            lambda c: till.checkout(c, actor=actor, items=items, payment=payment,
                                    request_key=key, card=card, received=received or None),
            on_done=self._sold, on_error=self._refused)

    def _sold(self, done: SaleDone) -> None:
        self.busy = False
        self.checkout_button.setEnabled(True)
        self.last_done = done
        self._empty_basket()
        text = done.message
        if self.settings.receipts:
            text += "\n" + _("Receipt: press Alt+T.")
        self.say(text, "done")
        self.reload()

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        self.checkout_button.setEnabled(True)
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc) + "\n" + _("Nothing was changed: the basket is as it was."),
                 "alert")
        field = getattr(exc, "field", None)
        if field == "card":
            self.card.setFocus()
        elif field == "received":
            self.received.setFocus()
        else:
            self.scan.setFocus()
        if self.holder is not None:  # the points may have moved meanwhile: read them again
            self._refresh_holder()

    def _refresh_holder(self) -> None:
        actor, number = self._ctx.actor, self.holder.number if self.holder else ""

        def fresh(holder: CardHolder) -> None:
            if self.holder is not None and self.holder.number == holder.number:
                self.holder = holder
                self._show_holder()

        self._ctx.worker.run(lambda c: till.customer_by_card(c, actor=actor, card=number),
                             on_done=fresh, on_error=lambda _e: None)

    # -- after the sale ---------------------------------------------------------------------------

    def undo_last(self) -> None:
        """撤销上一笔: the day's last sale, after asking why."""
        actor = self._ctx.actor

        def found(sale: SaleDone | None) -> None:
            if sale is None:
                self.say(_("⚠ There is no sale today to undo."), "alert")
                return
            dialog = self.undo_dialog(sale)
            if self.run_dialog(dialog):
                done: SaleDone = dialog.result_value
                self.last_done = done
                self.say(done.message, "done")
                self.reload()
            self.scan.setFocus()

        self._ctx.worker.run(lambda c: till.last_sale(c, actor=actor), on_done=found,
                             on_error=self._failed)

    def undo_dialog(self, sale: SaleDone) -> FormDialog:
        actor = self._ctx.actor
        if sale.payment == Payment.POINTS:
            back = _("{points} points go back to {name}.").format(points=sale.total,
                                                                 name=sale.customer)
        else:
            back = _("Give back {amount} in cash.").format(amount=yuan(sale.total))
        note = _("Undo sale {number} ({time}): {goods}.\nThe goods go back into stock. "
                 "{back}\nThe sale stays in the books, marked as undone.").format(
            number=sale.number, time=receipt.local_time(sale.at)[-5:],
            goods=sale_goods(sale), back=back)
        reason = line(placeholder=_("e.g. scanned twice"))

        def job(values):
            return lambda c: till.undo_sale(c, actor=actor, sale_id=sale.id,
                                            reason=values["reason"])

        return FormDialog(self._ctx, _("Undo the last sale"),
                          [("reason", _("&Why:"), reason)], job, self, note=note,
                          action=_("&Undo the sale"))

    def print_last(self) -> None:
        """The receipt of the last sale (or undo) made here, else of the day's last."""
        actor = self._ctx.actor
        if self.last_done is not None:
            self._print(self.last_done)
            return

        def found(sales: list[SaleDone]) -> None:
            if not sales:
                self.say(_("⚠ There is no sale today to print."), "alert")
                return
            self._print(sales[0])

        self._ctx.worker.run(lambda c: till.sales_of_day(c, actor=actor), on_done=found,
                             on_error=self._failed)

    def receipt_path(self, sale: SaleDone) -> Path:
        folder = Path(tempfile.gettempdir()) / "neighborcenter-receipts"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / receipt.receipt_file_name(sale.number)

    def _print(self, sale: SaleDone) -> None:
        actor = self._ctx.actor
        try:
            path = self.receipt_path(sale)
        except OSError as exc:
            self.say("⚠ " + _("Cannot write the receipt: {error}").format(error=exc), "alert")
            return

        def printed(out: Path) -> None:
            self.say(_("Receipt of sale {number} opened to print.").format(number=sale.number))
            self.open_file(out)

        self._ctx.worker.run(lambda c: receipt.print_receipt(c, actor=actor, sale_id=sale.id,
                                                             out=path),
                             on_done=printed, on_error=self._failed,
                             progress_label=_("Printing the receipt…"))

    # -- messages -----------------------------------------------------------------------------

    def say(self, text: str, kind: str = "info") -> None:
        self.notice.say(text, kind)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc), "alert")
        self.scan.setFocus()

    def show_view(self, filters: dict) -> None:
        self.scan.setFocus()

