"""倾心铺团购: the month's group buy. A campaign is chosen at the top (the latest first); the
staff make and change it, add and withdraw its items and move it on (接龙中 → 已下单 → 已到货 →
已结束). Under it the items with what is ordered, then the orders in 接龙 order: 新订单 (a
resident found in the register — name and masked phone — or a name typed; the phone; how many
of each item), 改订单, 收款 (the amount due, into the day's cash), 取货 (who took the goods),
取消 (the reason; a paid order is refunded). The supplier's order and the collection list
print as PDF (opened in the viewer) or save as .xlsx.

A shop volunteer sees names and masked phones only (the services mask them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.shop import groupbuy, lists
from neighborcenter.features.shop.groupbuy import CampaignRow, CampaignView, OrderRow
from neighborcenter.features.shop.rules import CampaignStatus, yuan
from neighborcenter.i18n import _, format_date, ngettext, pgettext
from neighborcenter.ui.common.dialogs import FormDialog, button, combo, line, number_box
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import (
    chosen_one,
    fit_columns,
    row_table,
    save_cancel_buttons,
    select_where,
)
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm


def save_path(parent: QWidget, title: str, name: str, pdf: bool) -> Path | None:
    """The file chosen in a save dialog, with its ending (.pdf or .xlsx); None: cancelled."""
    ending = ".pdf" if pdf else ".xlsx"
    chosen_name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / name), "PDF (*.pdf)" if pdf else "Excel (*.xlsx)")
    if not chosen_name:
        return None
    return Path(chosen_name if chosen_name.lower().endswith(ending) else chosen_name + ending)


def open_file(path: Path) -> None:
    """The PDF in the system's viewer (its preview, and Print there)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _watch(widget: QWidget, slot: Callable[..., None]) -> None:
    for edit in [widget, *widget.findChildren(QWidget)]:
        if isinstance(edit, QLineEdit):
            edit.textEdited.connect(slot)
        elif isinstance(edit, QPlainTextEdit):
            edit.textChanged.connect(slot)
        elif isinstance(edit, QComboBox):
            edit.activated.connect(slot)


def _leave(dialog: QWidget, typed: bool) -> bool:
    """Esc or Cancel with something typed: ask before it is dropped."""
    return not typed or confirm(dialog, _("Leave without saving"),
                                _("What was typed here is not saved. Leave it?"))


class ShopFormDialog(FormDialog):
    """A FormDialog that asks before Esc drops what was typed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.typed = False
        for widget in self.fields.values():
            _watch(widget, self._touched)

    def _touched(self, *_args) -> None:
        self.typed = True

    def reject(self) -> None:
        if _leave(self, self.typed):
            super().reject()


def status_text(status: CampaignStatus) -> str:
    return status.label


def _mark(value: bool) -> str:
    return "✓" if value else ""


def order_state(o: OrderRow) -> str:
    if o.cancelled:
        return (_("Cancelled, refunded {amount}").format(amount=yuan(o.refunded_fen))
                if o.refunded_fen else _("Cancelled"))
    if o.collected:
        return _("Collected by {name}").format(name=o.collected_by)
    if o.paid:
        return _("Paid {day}").format(day=format_date(o.paid_on))
    return _("Not paid")


ORDER_COLUMNS: list[Column[OrderRow]] = [
    Column(lambda: pgettext("shop list", "No."), lambda o: str(o.number), lambda o: o.number,
           align_right=True),
    Column(lambda: _("Name"), lambda o: o.name),
    Column(lambda: _("Phone"), lambda o: o.phone),
    Column(lambda: _("Goods"), lambda o: o.goods),
    Column(lambda: _("Amount"), lambda o: yuan(o.due_fen), lambda o: o.due_fen,
           align_right=True),
    Column(lambda: _("Paid"), lambda o: _mark(o.paid)),
    Column(lambda: _("Collected"), lambda o: _mark(o.collected)),
    Column(lambda: _("State"), order_state),
]


# ------------------------------------------------------------------------------ dialogs


def campaign_dialog(ctx: AppContext, c: CampaignRow | None, parent=None) -> ShopFormDialog:
    actor, cid = ctx.actor, c.id if c else None
    month = dt.date.today()

    def job(v):
        form = groupbuy.CampaignForm(name=v["name"], supplier=v["supplier"],
                                     order_by=v["order_by"], collect_on=v["collect_on"],
                                     notes=v["notes"], id=cid)
        return lambda centre: groupbuy.save_campaign(centre, actor=actor, form=form)

    return ShopFormDialog(ctx, _("Edit the group buy") if c else _("New group buy"), [
        ("name", _("Group buy &name"), line(c.name if c else "",
                                  _("e.g. {year}-{month:02d} group buy").format(
                                      year=month.year, month=month.month))),
        ("supplier", _("&Supplier"), line(c.supplier if c else "")),
        ("order_by", _("&Last day for orders"), line(c.order_by.isoformat() if c else "",
                                                     _("e.g. 2026-12-10"))),
        ("collect_on", _("&Collection day"), line(c.collect_on.isoformat() if c else "",
                                                  _("e.g. 2026-12-15"))),
        ("notes", _("N&otes"), line(c.notes if c else "")),
    ], job, parent)


def item_dialog(ctx: AppContext, view: CampaignView, parent=None) -> ShopFormDialog:
    """A new item, or one chosen to change: name, unit, price, most per order."""
    actor, cid = ctx.actor, view.campaign.id
    live = [i for i in view.items if not i.withdrawn]
    which = combo([(_("A new item"), None)] + [(i.name, i.id) for i in live])
    name, unit = line(), line("份")
    price, most = number_box(line(), 8), number_box(line(), 4)
    most.setPlaceholderText("")

    def fill(*_args) -> None:
        chosen = next((i for i in live if i.id == which.currentData()), None)
        name.setText(chosen.name if chosen else "")
        unit.setText(chosen.unit if chosen else "份")
        price.setText(f"{chosen.price_fen / 100:.2f}" if chosen else "")
        most.setText(str(chosen.most) if chosen and chosen.most else "")

    which.currentIndexChanged.connect(fill)

    def job(v):
        form = groupbuy.ItemForm(campaign_id=cid, name=v["name"], unit=v["unit"],
                                 price=v["price"], most=v["most"], id=v["which"])
        return lambda centre: groupbuy.save_item(centre, actor=actor, form=form)

    return ShopFormDialog(ctx, _("Items of {name}").format(name=view.campaign.name), [
        ("which", _("&Item"), which),
        ("name", _("Item &name"), name),
        ("unit", _("&Unit"), unit),
        ("price", _("&Price (yuan)"), price),
        ("most", _("&Most per order"), most),
    ], job, parent, note=_("Leave “Most per order” empty for no limit."))


def withdraw_dialog(ctx: AppContext, view: CampaignView, parent=None) -> ShopFormDialog:
    actor = ctx.actor
    which = combo([(i.name, i.id) for i in view.items if not i.withdrawn])

    def job(v):
        return lambda centre: groupbuy.withdraw_item(centre, actor=actor, item_id=v["which"])

    return ShopFormDialog(ctx, _("Withdraw an item"), [("which", _("&Item"), which)], job,
                          parent, note=_("An item that orders have cannot be withdrawn: "
                                         "change or cancel those orders first."),
                          action=pgettext("shop group buy", "Withdraw"))


class SearchLine(QLineEdit):
    """A search box whose Enter searches (and does not save the dialog)."""

    def __init__(self, search: Callable[[], None]) -> None:
        super().__init__()
        self._search = search

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self._search()
            return
        super().keyPressEvent(event)


class OrderDialog(QDialog):
    """新订单 (a resident found in the register, or a name typed; the phone; how many of each
    item) or 改订单 (the quantities and the phone of an order not paid). Enter saves, Esc asks
    before dropping what was typed; a refusal shows by its field and keeps it all."""

    def __init__(self, ctx: AppContext, view: CampaignView, order: OrderRow | None = None,
                 parent=None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._ctx, self._view, self._order, self._today = ctx, view, order, today
        self.typed = False
        self.resident_id: str | None = None
        self.result_value: Any = None
        self.setWindowTitle(_("Change order {number}").format(number=order.number) if order
                            else _("New order: {name}").format(name=view.campaign.name))
        form = QFormLayout()
        fields: dict[str, QWidget] = {}
        if order is None:
            finder = QWidget()
            box = QVBoxLayout(finder)
            box.setContentsMargins(0, 0, 0, 0)
            self.search = SearchLine(self.find_residents)
            self.search.setPlaceholderText(_("Part of the name, then Enter"))
            self.found = QListWidget()
            self.found.setMaximumHeight(self.found.fontMetrics().height() * 4 + 12)
            self.found.currentItemChanged.connect(self._picked)
            self.found.itemActivated.connect(self._to_quantities)
            box.addWidget(self.search)
            box.addWidget(self.found)
            form.addRow(_("Find a &resident"), finder)
            self.name = line(placeholder=_("or type a name"))
            self.name.textEdited.connect(self._typed_name)
            form.addRow(_("Or t&ype a name"), self.name)
            fields["resident"], fields["name"] = finder, self.name
        else:
            form.addRow(_("Customer"), QLabel(f"{order.number}. {order.name}"))
        self.phone = line(order.phone if order and ctx.actor.can(Permission.MANAGE_SHOP)
                          else "", _("Empty: the register's phone") if order is None else "")
        if order is not None and not ctx.actor.can(Permission.MANAGE_SHOP):
            self.phone.setPlaceholderText(order.phone)
        form.addRow(_("&Phone"), self.phone)
        fields["phone"] = self.phone
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        had = {x.item_id: x.quantity for x in order.lines} if order else {}
        self.quantities: dict[str, QLineEdit] = {}
        for n, item in enumerate(i for i in view.items if not i.withdrawn):
            label = QLabel(_("{name} {price}/{unit}").format(
                name=item.name, price=yuan(item.price_fen), unit=item.unit)
                + (_(" (at most {most})").format(most=item.most) if item.most else ""))
            edit = number_box(line(str(had.get(item.id, "")), "0"), 4)
            label.setBuddy(edit)
            grid.addWidget(label, n, 0)
            grid.addWidget(edit, n, 1)
            self.quantities[item.id] = edit
        grid.setColumnStretch(2, 1)
        form.addRow(_("&Quantities"), grid_box)
        first = next(iter(self.quantities.values()), None)
        heading = form.labelForField(grid_box)
        if isinstance(heading, QLabel) and first is not None:
            heading.setBuddy(first)
        fields["lines"] = grid_box
        self.total = QLabel()
        form.addRow(_("Amount"), self.total)
        for edit in self.quantities.values():
            edit.textEdited.connect(self._sum)
        self.errors = FormErrors(form, fields)
        self.buttons = save_cancel_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        scrolling_body(self, form, self.buttons)
        for widget in fields.values():
            _watch(widget, self._touched)
        self._sum()
        self.setMinimumWidth(560)
        fit_to_screen(self)
        start: QWidget = self.search if order is None else first or self.phone
        start.setFocus()

    def _touched(self, *_args) -> None:
        self.typed = True

    def _sum(self, *_args) -> None:
        prices = {i.id: i.price_fen for i in self._view.items}
        total = 0
        for item_id, edit in self.quantities.items():
            text = edit.text().strip()
            if text.isdigit():
                total += int(text) * prices[item_id]
        self.total.setText(yuan(total))

    def find_residents(self) -> None:
        actor, query = self._ctx.actor, self.search.text()

        def show(found: list[groupbuy.Customer]) -> None:
            self.found.clear()
            for c in found:
                entry = QListWidgetItem(f"{c.name}　{c.phone}")
                entry.setData(Qt.ItemDataRole.UserRole, c)
                self.found.addItem(entry)
            if found:
                self.found.setCurrentRow(0)
                self.found.setFocus()
            else:
                self.errors.show(NCError(_("Nobody in the register matches “{text}”: type the "
                                           "name below instead.").format(text=query)))

        self._ctx.worker.run(lambda c: groupbuy.find_customers(c, actor=actor, query=query),
                             on_done=show, on_error=self.errors.show)

    def _to_quantities(self, *_args) -> None:
        first = next(iter(self.quantities.values()), None)
        if first is not None:
            first.setFocus()

    def _picked(self, current: QListWidgetItem | None, *_args) -> None:
        customer = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.resident_id = customer.id if customer is not None else None
        if customer is not None:
            self.name.clear()

    def _typed_name(self, *_args) -> None:
        self.found.clearSelection()
        self.found.setCurrentRow(-1)
        self.resident_id = None

    def lines(self) -> dict[str, str]:
        return {item_id: edit.text() for item_id, edit in self.quantities.items()}

    def save(self) -> None:
        self.errors.clear()
        actor, lines, phone = self._ctx.actor, self.lines(), self.phone.text()
        if self._order is not None:
            order_id = self._order.id
            keep = not phone.strip() and not actor.can(Permission.MANAGE_SHOP)

            def job(c):
                return groupbuy.change_order(c, actor=actor, order_id=order_id, lines=lines,
                                             phone=None if keep else phone)
        else:
            cid, rid, name, on = self._view.campaign.id, self.resident_id, self.name.text(), \
                self._today()

            def job(c):
                return groupbuy.place_order(c, actor=actor, campaign_id=cid, lines=lines,
                                            resident_id=rid, name=name, phone=phone, on=on)
        self.save_button.setEnabled(False)
        self._ctx.worker.run(job, on_done=self._done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(exc)

    def _done(self, result: OrderRow) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def reject(self) -> None:
        if _leave(self, self.typed):
            super().reject()


def collect_dialog(ctx: AppContext, order: OrderRow, parent=None) -> ShopFormDialog:
    actor, order_id = ctx.actor, order.id

    def job(v):
        return lambda c: groupbuy.mark_collected(c, actor=actor, order_id=order_id, by=v["by"])

    return ShopFormDialog(ctx, _("Collection of order {number}").format(number=order.number), [
        ("by", pgettext("shop group buy", "Collected &by"), line(order.name)),
    ], job, parent, note=_("{number}. {name}: {goods}").format(
        number=order.number, name=order.name, goods=order.goods), action=_("Handed over"))


def cancel_dialog(ctx: AppContext, order: OrderRow, today: dt.date, parent=None
                  ) -> ShopFormDialog:
    actor, order_id = ctx.actor, order.id

    def job(v):
        return lambda c: groupbuy.cancel_order(c, actor=actor, order_id=order_id,
                                               reason=v["reason"], on=today)

    note = _("{number}. {name}: {goods}").format(number=order.number, name=order.name,
                                                 goods=order.goods)
    if order.paid:
        note += "\n" + _("It is paid: give back {amount} in cash; it comes off today's "
                         "cash.").format(amount=yuan(order.paid_fen))
    return ShopFormDialog(ctx, _("Cancel order {number}").format(number=order.number), [
        ("reason", _("&Reason"), line()),
    ], job, parent, note=note, action=_("Cancel the order"))


# ---------------------------------------------------------------------------------- tab


class GroupBuyTab(QWidget):
    DROP = (2, 6, 5)  # phone, collected, paid: hidden first when the list is narrow

    def __init__(self, ctx: AppContext, parent=None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._ctx, self._today = ctx, today
        self.staff = ctx.actor.can(Permission.MANAGE_SHOP)
        self.view: CampaignView | None = None
        self.campaigns: list[CampaignRow] = []
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(16)
        self.chooser.activated.connect(self._campaign_chosen)
        label = QLabel(_("&Group buy"))
        label.setBuddy(self.chooser)
        top.addWidget(label)
        top.addWidget(self.chooser, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top.addWidget(self.status, 2)
        column.addLayout(top)
        staff_row = FlowLayout()
        self.new_button = button(staff_row, _("&New group buy…"), self.new_campaign,
                                 self.staff)
        self.edit_button = button(staff_row, _("&Edit…"), self.edit_campaign, self.staff)
        self.item_button = button(staff_row, _("&Items…"), self.edit_items, self.staff)
        self.withdraw_button = button(staff_row, _("&Withdraw item…"), self.withdraw,
                                      self.staff)
        self.step_button = button(staff_row, _("Next s&tep…"), self.next_step, self.staff)
        if self.staff:
            column.addLayout(staff_row)
        self.items = QLabel()
        self.items.setWordWrap(True)
        column.addWidget(self.items)
        actions = FlowLayout()
        self.order_button = button(actions, _("New &order…"), self.new_order)
        self.change_button = button(actions, _("C&hange…"), self.change_order)
        self.pay_button = button(actions, _("Take pay&ment…"), self.pay)
        self.collect_button = button(actions, _("Pic&k-up…"), self.collect)
        self.cancel_button = button(actions, _("Cancel or&der…"), self.cancel)
        self.supplier_button = button(actions, _("&Supplier's list…"),
                                      lambda: self.print_list("supplier"))
        self.collection_button = button(actions, _("Co&llection list…"),
                                        lambda: self.print_list("collection"))
        self.supplier_xlsx = button(actions, _("S&upplier's list to Excel…"),
                                    lambda: self.export_list("supplier"))
        self.collection_xlsx = button(actions, _("Collection list to E&xcel…"),
                                      lambda: self.export_list("collection"), self.staff)
        column.addLayout(actions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        self.model: RowTableModel[OrderRow] = RowTableModel(ORDER_COLUMNS, self)
        self.table = row_table(self.model)
        self.table.activated.connect(lambda _index: self.change_order())
        column.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        column.addWidget(self.totals)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self._update()

    # -- reading
    def reload(self) -> None:
        actor = self._ctx.actor
        keep = self.view.campaign.id if self.view else None

        def job(c):
            campaigns = groupbuy.list_campaigns(c, actor=actor)
            wanted = keep if any(x.id == keep for x in campaigns) else (
                campaigns[0].id if campaigns else None)
            view = groupbuy.campaign_view(c, actor=actor, campaign_id=wanted) if wanted \
                else None
            return campaigns, view

        self._ctx.worker.run(job, on_done=self._loaded, on_error=self.failed)

    def _loaded(self, result: tuple[list[CampaignRow], CampaignView | None]) -> None:
        self.campaigns, view = result
        self.chooser.clear()
        for c in self.campaigns:
            self.chooser.addItem(f"{c.name}（{c.status.label}）", c.id)
        self.show_campaign(view)

    def _campaign_chosen(self, *_args) -> None:
        cid, actor = self.chooser.currentData(), self._ctx.actor
        if cid is None:
            return
        self._ctx.worker.run(lambda c: groupbuy.campaign_view(c, actor=actor, campaign_id=cid),
                             on_done=self.show_campaign, on_error=self.failed)

    def show_campaign(self, view: CampaignView | None) -> None:
        keep = chosen_one(self.table)
        self.view = view
        if view is None:
            self.status.setText(_("No group buy yet.") + (
                " " + _("New group buy: its supplier and dates, then its items.")
                if self.staff else ""))
            self.items.setText("")
            self.model.set_rows([])
            self.totals.setText("")
            self._update()
            return
        c = view.campaign
        self.chooser.setCurrentIndex(max(self.chooser.findData(c.id), 0))
        self.status.setText(_("{status}　Supplier: {supplier}　Orders until {order_by}　"
                              "Collection on {collect_on}").format(
            status=c.status.label, supplier=c.supplier, order_by=format_date(c.order_by),
            collect_on=format_date(c.collect_on)))
        self.items.setText(_("、").join(
            _("{name} {price}/{unit}: {n} ordered").format(
                name=i.name, price=yuan(i.price_fen), unit=i.unit, n=i.ordered)
            + (_(" (withdrawn)") if i.withdrawn else "")
            for i in view.items) or _("No items yet."))
        self.model.set_rows(list(view.orders))
        fit_columns(self.table, self.DROP)
        if keep is not None:
            select_where(self.table, lambda o: o.id == keep.id)
        t = view.totals
        self.totals.setText(
            ngettext("{n} order", "{n} orders", t.orders).format(n=t.orders) + "　"
            + _("due {due}, paid {paid}, refunded {refunded}; collected {collected}; "
                "cancelled {cancelled}").format(
                due=yuan(t.due_fen), paid=yuan(t.paid_fen), refunded=yuan(t.refunded_fen),
                collected=t.collected, cancelled=t.cancelled))
        self._update()

    def _update(self, *_args) -> None:
        view, order = self.view, chosen_one(self.table)
        status = view.campaign.status if view else None
        live = order is not None and not order.cancelled
        self.edit_button.setEnabled(view is not None and status != CampaignStatus.CLOSED)
        for b in (self.item_button, self.withdraw_button):
            b.setEnabled(status == CampaignStatus.OPEN)
        step = groupbuy.next_status(status) if status else None
        self.step_button.setEnabled(step is not None)
        self.step_button.setText(_("Next s&tep: {status}…").format(status=step.label)
                                 if step else _("Next s&tep…"))
        self.order_button.setEnabled(status == CampaignStatus.OPEN)
        self.change_button.setEnabled(live and status == CampaignStatus.OPEN
                                      and order is not None and not order.paid)
        self.pay_button.setEnabled(live and order is not None and not order.paid
                                   and status != CampaignStatus.CLOSED)
        self.collect_button.setEnabled(live and order is not None and not order.collected
                                       and status == CampaignStatus.ARRIVED)
        self.cancel_button.setEnabled(live and order is not None and not order.collected
                                      and status != CampaignStatus.CLOSED)
        for b in (self.supplier_button, self.collection_button, self.supplier_xlsx,
                  self.collection_xlsx):
            b.setEnabled(view is not None)

    def apply_size(self) -> None:
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height()
                                                          + 12)
        if self.view is not None:
            fit_columns(self.table, self.DROP)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        fit_columns(self.table, self.DROP)

    # -- saying
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _said(self, text: str) -> None:
        self.say(text)
        self.reload()

    def failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc))

    def _dialog(self, dialog: QDialog, said: Callable[[Any], str]) -> None:
        if dialog.exec():
            self.say(said(getattr(dialog, "result_value", None)))
            self.reload()
        dialog.deleteLater()

    # -- the campaign (staff)
    def new_campaign(self) -> None:
        self.view = None
        self._dialog(campaign_dialog(self._ctx, None, self),
                     lambda _r: _("The group buy is saved. Add its items next."))

    def edit_campaign(self) -> None:
        if self.view is not None:
            self._dialog(campaign_dialog(self._ctx, self.view.campaign, self),
                         lambda _r: _("The group buy is saved."))

    def edit_items(self) -> None:
        if self.view is not None:
            self._dialog(item_dialog(self._ctx, self.view, self),
                         lambda _r: _("The item is saved."))

    def withdraw(self) -> None:
        if self.view is not None and any(not i.withdrawn for i in self.view.items):
            self._dialog(withdraw_dialog(self._ctx, self.view, self),
                         lambda _r: _("The item is withdrawn."))

    def next_step(self) -> None:
        view = self.view
        step = groupbuy.next_status(view.campaign.status) if view else None
        if view is None or step is None:
            return
        if not confirm(self, _("Next step"), _("Mark the group buy {name} as “{status}”?")
                       .format(name=view.campaign.name, status=step.label)):
            return
        actor, cid = self._ctx.actor, view.campaign.id
        self._ctx.worker.run(
            lambda c: groupbuy.set_status(c, actor=actor, campaign_id=cid, status=step),
            on_done=lambda _r: self._said(_("The group buy is now “{status}”.").format(
                status=step.label)),
            on_error=self.failed)

    # -- orders
    def new_order(self) -> None:
        if self.view is not None:
            self._dialog(OrderDialog(self._ctx, self.view, None, self, self._today),
                         lambda o: _("Order {number} of {name} is saved: {goods}, {amount}.")
                         .format(number=o.number, name=o.name, goods=o.goods,
                                 amount=yuan(o.due_fen)))

    def change_order(self) -> None:
        order = chosen_one(self.table)
        if self.view is None or order is None or not self.change_button.isEnabled():
            return
        self._dialog(OrderDialog(self._ctx, self.view, order, self, self._today),
                     lambda o: _("Order {number} is changed: {goods}, {amount}.").format(
                         number=o.number, goods=o.goods, amount=yuan(o.due_fen)))

    def pay(self) -> None:
        order = chosen_one(self.table)
        if order is None or order.paid or order.cancelled:
            return
        if not confirm(self, _("Payment"), _("Order {number}, {name}: take {amount} in "
                                             "cash?").format(number=order.number,
                                                             name=order.name,
                                                             amount=yuan(order.due_fen))):
            return
        actor, oid, on = self._ctx.actor, order.id, self._today()
        self._ctx.worker.run(
            lambda c: groupbuy.mark_paid(c, actor=actor, order_id=oid, on=on),
            on_done=lambda o: self._said(_("Order {number} is paid: {amount}.").format(
                number=o.number, amount=yuan(o.paid_fen))),
            on_error=self.failed)

    def collect(self) -> None:
        order = chosen_one(self.table)
        if order is not None:
            self._dialog(collect_dialog(self._ctx, order, self),
                         lambda o: _("Order {number} is collected by {name}.").format(
                             number=o.number, name=o.collected_by))

    def cancel(self) -> None:
        order = chosen_one(self.table)
        if order is not None:
            self._dialog(cancel_dialog(self._ctx, order, self._today(), self),
                         lambda o: (_("Order {number} is cancelled; give back {amount}.")
                                    if o.refunded_fen else
                                    _("Order {number} is cancelled.")).format(
                             number=o.number, amount=yuan(o.refunded_fen)))

    # -- lists
    def _file_name(self, which: str, ending: str) -> str:
        assert self.view is not None
        word = _("supplier") if which == "supplier" else _("collection")
        return f"{self.view.campaign.name}-{word}{ending}"

    def print_list(self, which: str) -> None:
        if self.view is None:
            return
        path = save_path(self, _("Print the list"), self._file_name(which, ".pdf"), True)
        if path is None:
            return
        actor, cid = self._ctx.actor, self.view.campaign.id
        service = lists.print_supplier_list if which == "supplier" \
            else lists.print_collection_list

        def done(_result) -> None:
            self.say(_("Saved as {file}.").format(file=path.name))
            open_file(path)

        self._ctx.worker.run(lambda c: service(c, actor=actor, campaign_id=cid, path=path),
                             on_done=done, on_error=self.failed)

    def export_list(self, which: str) -> None:
        if self.view is None:
            return
        path = save_path(self, _("Save the list"), self._file_name(which, ".xlsx"), False)
        if path is None:
            return
        actor, cid = self._ctx.actor, self.view.campaign.id
        service = lists.export_supplier_list if which == "supplier" \
            else lists.export_collection_list
        self._ctx.worker.run(lambda c: service(c, actor=actor, campaign_id=cid, path=path),
                             on_done=lambda _r: self.say(_("Saved as {file}.").format(
                                 file=path.name)),
                             on_error=self.failed)
