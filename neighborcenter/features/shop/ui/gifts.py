"""爱心发放 (staff only): the welfare gifts of a period (the last 30 days unless changed), newest
first.

Buttons: 爱心发放 (the gift: find the resident by name, pinyin initials, address or phone
digits — the register's search —, the hardship preselected from their tags, the reason, the
goods and quantities, who signed and their relation, 本人 by default), 打印签收单 (the slip with
the recipient's signature line) and 作废 (a gift recorded by mistake; its goods come back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
)

from neighborcenter.errors import NCError
from neighborcenter.features.shop import gifts, goods, notices
from neighborcenter.features.shop.gifts import GiftRow, Recipient
from neighborcenter.features.shop.goods import ProductRow
from neighborcenter.features.shop.rules import Hardship, Shelf
from neighborcenter.features.shop.ui.donations import PeriodTab
from neighborcenter.features.shop.ui.goods import ShopFormDialog, day
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import button, combo, fit_placeholder, line, number_box
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, rows_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

ADDRESS: Column[Recipient] = Column(lambda: _("Address"), lambda r: r.address)
RECIPIENT_COLUMNS: list[Column[Recipient]] = [
    Column(lambda: _("Name"), lambda r: r.name),
    Column(lambda: _("Age"), lambda r: str(r.age) if r.age is not None else "",
           align_right=True),
    Column(lambda: _("Phone"), lambda r: r.masked_phone),
    ADDRESS,
    Column(lambda: _("Tags"), lambda r: r.tags),
]


def fit_header(table: QTableView, stretch: int) -> None:
    """Each column as wide as its heading and cells (a heading was cut in large print), the
    ``stretch`` one taking what is left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


@dataclass(frozen=True)
class ItemDraft:
    product_id: str
    name: str
    unit: str
    quantity: str


ITEM_COLUMNS: list[Column[ItemDraft]] = [
    Column(lambda: _("Goods"), lambda x: x.name),
    Column(lambda: _("Quantity"), lambda x: f"{x.quantity} {x.unit}", align_right=True),
]


class GiftDialog(QDialog):
    """爱心发放: who, why, what, who signed. Save runs one job; a refusal keeps everything
    typed; Esc asks before dropping it."""

    def __init__(self, ctx: AppContext, parent=None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today or dt.date.today()
        self.result_value: GiftRow | None = None
        self.resident: Recipient | None = None
        self.ask: Callable[[str], bool] = lambda text: confirm(
            self, _("Leave without saving"), text)
        self.setWindowTitle(_("Give a welfare gift"))
        form = QFormLayout()
        self.search = fit_placeholder(line("", _("name, initials, address or phone digits")))
        self.search.returnPressed.connect(self.find_resident)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        self.find_button = button(search_row, _("Sear&ch"), self.find_resident)
        search_label = QLabel(_("&Resident"))
        search_label.setBuddy(self.search)
        form.addRow(search_label, search_row)
        self.found: RowTableModel[Recipient] = RowTableModel(RECIPIENT_COLUMNS, self)
        self.found_table = rows_table(self.found)
        self.found_table.setMinimumHeight(self.found_table.fontMetrics().height() * 5)
        fit_header(self.found_table, RECIPIENT_COLUMNS.index(ADDRESS))
        self.found_table.selectionModel().selectionChanged.connect(self._picked)
        form.addRow(self.found_table)
        self.who = QLabel(_("Nobody chosen yet."))
        self.who.setWordWrap(True)
        form.addRow(self.who)
        self.hardship = combo([(h.label, h) for h in Hardship])
        form.addRow(_("Hards&hip"), self.hardship)
        # required (the service refuses a gift without them): said in the box before typing
        self.reason = fit_placeholder(line("", _("required, e.g. 春节慰问")))
        form.addRow(_("Rea&son"), self.reason)

        self.products: list[ProductRow] = []
        self.product = QComboBox()
        self.product.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(14)
        goods_label = QLabel(_("&Goods"))
        goods_label.setBuddy(self.product)
        form.addRow(goods_label, self.product)
        self.quantity = number_box(line("1"), 6)
        self.quantity.returnPressed.connect(self.add_item)
        form.addRow(_("&Quantity"), self.quantity)
        item_buttons = QHBoxLayout()
        button(item_buttons, _("Add &line"), self.add_item)
        button(item_buttons, _("Re&move line"), self.remove_item)
        item_buttons.addStretch(1)
        form.addRow("", item_buttons)
        self.items: RowTableModel[ItemDraft] = RowTableModel(ITEM_COLUMNS, self)
        self.items_table = rows_table(self.items)
        self.items_table.setMinimumHeight(self.items_table.fontMetrics().height() * 5)
        fit_header(self.items_table, 0)
        form.addRow(self.items_table)
        self.signed_by = fit_placeholder(line("", _(
            "required: the recipient, or the family member who signs")))
        self.relation = number_box(line(_("Self")), 8)
        form.addRow(_("Signed &by"), self.signed_by)
        form.addRow(_("Relatio&n"), self.relation)
        self.error = error_label()
        form.addRow(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Issue the gift"))
        self.save_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.area = scrolling_body(self, form, self.buttons)
        self.setMinimumWidth(600)
        fit_to_screen(self)
        self.load_products()

    # -- the resident
    def find_resident(self) -> None:
        query, actor, today = self.search.text().strip(), self._ctx.actor, self.today
        if not query:
            return
        self._ctx.worker.run(lambda c: gifts.find_recipients(c, actor=actor, query=query,
                                                             today=today),
                             on_done=self._found, on_error=self._failed)

    def _found(self, rows: list[Recipient]) -> None:
        self.found.set_rows(rows)
        if rows:
            self.found_table.selectRow(0)
            self.found_table.setFocus()
        else:
            show_in(self.error, _("Nobody on the register matches “{query}”.").format(
                query=self.search.text().strip()))

    def _picked(self, *_args) -> None:
        person = chosen_one(self.found_table)
        if person is None:
            return
        before = self.resident
        self.resident = person
        self.who.setText(_("Gift for {name}　{tags}").format(name=person.name,
                                                            tags=person.tags))
        if person.suggested is not None:
            self.hardship.setCurrentIndex(max(self.hardship.findData(person.suggested), 0))
        # the signer follows the resident until someone types another name
        if not self.signed_by.text().strip() or (
                before is not None and self.signed_by.text().strip() == before.name):
            self.signed_by.setText(person.name)
        self.error.hide()

    # -- the goods
    def load_products(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: goods.list_products(c, actor=actor),
                             on_done=self._products, on_error=self._failed)

    def _products(self, rows: list[ProductRow]) -> None:
        # the 爱心铺 and the donated goods first; only what is in stock
        order = {Shelf.POINTS: 0, Shelf.DONATED: 1}
        self.products = sorted((p for p in rows if p.stock > 0),
                               key=lambda p: (order.get(p.shelf, 2), p.name))
        self.product.clear()
        for p in self.products:
            self.product.addItem(_("{name} ({shelf}, {stock} in stock)").format(
                name=p.name, shelf=p.shelf.label, stock=p.stock), p.id)

    def add_item(self) -> None:
        pid = self.product.currentData()
        product = next((p for p in self.products if p.id == pid), None)
        if product is None:
            show_in(self.error, _("Pick the goods first."))
            return
        self.items.set_rows(self.items.rows() + [ItemDraft(
            product.id, product.name, product.unit, self.quantity.text().strip())])
        self.quantity.setText("1")
        self.error.hide()

    def remove_item(self) -> None:
        index = self.items_table.currentIndex()
        if index.isValid():
            rows = self.items.rows()
            del rows[index.row()]
            self.items.set_rows(rows)

    # -- saving
    def save(self) -> None:
        self.error.hide()
        if self.resident is None:
            show_in(self.error, _("Find and choose the resident first."))
            return
        actor, today, rid = self._ctx.actor, self.today, self.resident.id
        hardship, reason = self.hardship.currentData(), self.reason.text()
        items = [(x.product_id, x.quantity) for x in self.items.rows()]
        signer, relation = self.signed_by.text(), self.relation.text()
        self.save_button.setEnabled(False)
        self._ctx.worker.run(lambda c: gifts.give_gift(
            c, actor=actor, resident_id=rid, hardship=hardship, reason=reason, items=items,
            signed_by=signer, signer_relation=relation, today=today),
            on_done=self._done, on_error=self._failed)

    def _done(self, result: GiftRow) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, NCError):
            raise exc
        show_in(self.error, exc)
        self.area.ensureWidgetVisible(self.error)  # at the form's foot: scrolled into view
        box = {"reason": self.reason, "signed_by": self.signed_by,
               "signer_relation": self.relation, "quantity": self.quantity}.get(
            getattr(exc, "field", None) or "")
        if box is not None:  # the cursor where the fix is typed
            box.setFocus()

    def typed(self) -> bool:
        return bool(self.resident is not None or self.items.rows()
                    or self.reason.text().strip() or self.search.text().strip())

    def reject(self) -> None:
        if self.typed() and not self.ask(_("What was typed here is not saved. Leave it?")):
            return
        super().reject()


COLUMNS: list[Column[GiftRow]] = [
    Column(lambda: _("Number"), lambda r: r.number),
    Column(lambda: _("Date"), lambda r: day(r.on)),
    Column(lambda: _("Resident"), lambda r: r.resident),
    Column(lambda: _("Hardship"), lambda r: r.hardship.label),
    Column(lambda: _("Goods"), lambda r: r.goods),
    Column(lambda: _("Signed by"), lambda r: gifts.signer_text(r.signed_by,
                                                               r.signer_relation)),
    Column(lambda: _("State"), lambda r: _("Void: {reason}").format(reason=r.void_reason)
           if r.voided else ""),
    Column(lambda: _("Reason"), lambda r: r.reason),
]


class GiftsTab(PeriodTab):
    """爱心发放."""

    DROP = (7, 6, 5)  # reason, state, signed by
    listing = staticmethod(gifts.list_gifts)

    def __init__(self, ctx: AppContext, parent=None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(ctx, parent, today)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New gift…"), self.new_gift)
        self.slip_button = button(actions, _("Print &slip…"), self.print_slip)
        self.void_button = button(actions, _("V&oid…"), self.void)
        self.column.addLayout(actions)
        self.list_area(RowTableModel(COLUMNS, self), None)
        self._update()

    def summary(self, live: list[GiftRow]) -> str:
        return _("{n} gifts in the period, {units} items given.").format(
            n=len(live), units=sum(r.units for r in live))

    def empty_text(self) -> str:
        return _("No gifts in this period. 爱心发放 records one.")

    def _update(self, *_args) -> None:
        row = chosen_one(self.table)
        self.slip_button.setEnabled(row is not None)
        self.void_button.setEnabled(row is not None and not row.voided)

    def new_gift(self) -> None:
        dialog = GiftDialog(self._ctx, self, self.today())
        if self.run_dialog(dialog) and dialog.result_value is not None:
            done = dialog.result_value
            self.say(_("Gift {number} for {name}: {goods}.").format(
                number=done.number, name=done.resident, goods=done.goods))
            self.reload()
        dialog.deleteLater()

    def print_slip(self) -> None:
        row = chosen_one(self.table)
        if row is None:
            return
        path = self.choose_path(_("Save the gift slip"), f"{row.number}.pdf")
        if path is None:
            return
        actor = self._ctx.actor

        def done(saved) -> None:
            self.say(_("The gift slip is saved as {path}.").format(path=saved))
            self.show_file(saved)

        self._ctx.worker.run(lambda c: notices.print_gift_slip(c, actor=actor, gift_id=row.id,
                                                               path=path),
                             on_done=done, on_error=self.refused)

    def void(self) -> None:
        row = chosen_one(self.table)
        if row is None:
            return
        actor, today = self._ctx.actor, self.today()

        def job(v: dict[str, Any]):
            return lambda c: gifts.void_gift(c, actor=actor, gift_id=row.id,
                                             reason=v["reason"], today=today)

        dialog = ShopFormDialog(self._ctx, _("Void {number}").format(number=row.number), [
            ("reason", _("&Reason"), line("", _("e.g. given to the wrong person")))], job,
            self, note=_("The gift stays in the records, marked void; its goods come back "
                         "into stock."), action=_("V&oid the gift"))
        if self.run_dialog(dialog):
            self.say(_("Gift {number} is void.").format(number=row.number))
            self.reload()
        dialog.deleteLater()
