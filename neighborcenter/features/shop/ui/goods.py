"""商品库存: the goods, shelf by shelf, with their stock; 库存不足 (below the shop's "running low"
setting) and 临期 (lots expiring within the setting's days, and the next expiry date) marked;
retired goods shown on request. Found by name or barcode (a scan in the search box finds it).

Buttons: 新商品 / 修改 (the product's shelf, name, barcode — scanned, or left empty for the
shop's own code —, unit, cash price, points price, food), 进货 (goods in, with the expiry date
for food), 报损 (a write-off with its reason), 停售 (retired: off the till, its history kept;
only with no stock), 库存流水 (the stock book with the running balance), 打印条码 (labels for
the goods chosen) and 导出 (the stock list as .xlsx). A 匠心坊志愿者 (no MANAGE_SHOP) sees the
list, 进货 and the stock book only; the services refuse the rest to them anyway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.shop import export, goods, labels
from neighborcenter.features.shop.goods import MoveRow, ProductRow
from neighborcenter.features.shop.rules import Shelf, WriteOffReason, yuan
from neighborcenter.i18n import _, format_date, ngettext, pgettext
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    number_box,
    value_of,
)
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import (
    chosen,
    chosen_one,
    fit_columns,
    rows_table,
    select_where,
)
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

LABELS_PER_SHEET = labels.LABELS_ACROSS * labels.LABELS_DOWN


# ------------------------------------------------------------------------ shared pieces


def save_path(parent: QWidget, title: str, name: str, pdf: bool = True) -> Path | None:
    """The file chosen in a save dialog, with its ending (.pdf or .xlsx); None: cancelled."""
    ending = ".pdf" if pdf else ".xlsx"
    chosen_name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / name), "PDF (*.pdf)" if pdf else "Excel (*.xlsx)")
    if not chosen_name:
        return None
    return Path(chosen_name if chosen_name.lower().endswith(ending) else chosen_name + ending)


def open_file(path: Path) -> None:
    """The PDF in the system's viewer: its preview, and its Print with the printer chosen."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def day(value: dt.date | None) -> str:
    return format_date(value) if value else ""


def person(ctx: AppContext, username: str | None) -> str:
    """Who did it, as people know them: the services give the login name of who began,
    finished or closed something ("admin"); the one logged in is shown by their name
    (李主任). Another account's login name stays as it is until the services give names."""
    if username and username == ctx.actor.username:
        return ctx.actor.display_name
    return username or ""


class ShopFormDialog(FormDialog):
    """A FormDialog whose Esc asks before dropping what was typed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.typed = False
        self._start = self.values()
        self.ask: Callable[[str], bool] = lambda text: confirm(
            self, _("Leave without saving"), text)

    def reject(self) -> None:
        if self.values() != self._start and not self.ask(
                _("What was typed here is not saved. Leave it?")):
            return
        super().reject()


class TabBase(ListTab):
    """A shop tab (ui/common/list_tab.py: its controls, a message line, a list that Enter
    opens, a hint when it is empty, a count under it); ``ask``, ``run_dialog``,
    ``choose_path`` and ``show_file`` are what tests replace."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.ask: Callable[[str, str], bool] = lambda title, text: confirm(self, title, text)
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.choose_path: Callable[..., Path | None] = \
            lambda title, name, pdf=True: save_path(self, title, name, pdf)
        self.show_file: Callable[[Path], None] = open_file

    def list_area(self, model: RowTableModel, open_row: Callable[[Any], None] | None, *,
                  many: bool = False, message: bool = True) -> None:
        super().list_area(model, open_row, many=many, message=message)

    def apply_size(self) -> None:
        """Large print on or off: the rows as tall as the font, the columns refitted."""
        if hasattr(self, "table"):
            self.table.verticalHeader().setDefaultSectionSize(
                self.table.fontMetrics().height() + 12)
            self.fit()


# --------------------------------------------------------------------------- the goods


def price_cell(p: ProductRow) -> str:
    return yuan(p.price_fen) if p.price_fen is not None else ""


def state_text(p: ProductRow) -> str:
    marks = []
    if p.retired:
        marks.append(_("Retired"))
    if p.low:
        marks.append(_("Running low"))
    if p.expiring:
        marks.append(_("{n} expiring").format(n=p.expiring))
    return "　".join(marks)


PRODUCT_COLUMNS: list[Column[ProductRow]] = [
    Column(lambda: _("Shelf"), lambda p: p.shelf.label),
    Column(lambda: _("Product"), lambda p: p.name),
    Column(lambda: _("Stock"), lambda p: f"{p.stock} {p.unit}", lambda p: p.stock,
           align_right=True),
    Column(lambda: _("Attention"), state_text),
    Column(lambda: _("Price"), price_cell, align_right=True),
    Column(lambda: _("Points"), lambda p: str(p.points) if p.points is not None else "",
           align_right=True),
    Column(lambda: _("Next expiry"), lambda p: day(p.next_expiry)),
    Column(lambda: _("Barcode"), lambda p: p.barcode),
    Column(lambda: _("Notes"), lambda p: p.notes),
]

MOVE_COLUMNS: list[Column[MoveRow]] = [
    Column(lambda: _("Date"), lambda m: day(m.on)),
    Column(lambda: _("What"), lambda m: m.kind.label),
    Column(lambda: _("Quantity"), lambda m: f"{m.quantity:+d}", align_right=True),
    Column(lambda: _("Stock after"), lambda m: str(m.balance), align_right=True),
    Column(lambda: _("Expires"), lambda m: day(m.expires_on)),
    Column(lambda: _("Recorded by"), lambda m: m.by),
    Column(lambda: _("Reason"), lambda m: m.reason),
]


def product_dialog(ctx: AppContext, product: ProductRow | None, parent=None,
                   shelf: Shelf | None = None) -> ShopFormDialog:
    """新商品 / 修改: a product's shelf, name, barcode, unit, prices and whether it is food."""
    actor, pid = ctx.actor, product.id if product else None
    shelves = combo([(s.label, s) for s in Shelf],
                    product.shelf if product else shelf or Shelf.DAILY)
    food = QCheckBox(_("Foo&d: each delivery comes with its expiry date"))
    food.setChecked(bool(product and product.food))

    def job(v: dict[str, Any]):
        form = goods.ProductForm(shelf=v["shelf"], name=v["name"], barcode=v["barcode"],
                                 unit=v["unit"], price=v["price"], points=v["points"],
                                 food=v["food"], notes=v["notes"], id=pid)
        return lambda c: goods.save_product(c, actor=actor, form=form)

    title = _("Edit {name}").format(name=product.name) if product else _("New product")
    return ShopFormDialog(ctx, title, [
        ("shelf", _("S&helf"), shelves),
        ("name", pgettext("shop product", "&Name"),
         line(product.name if product else "", _("e.g. Rice 5kg"))),
        ("barcode", _("&Barcode"), fit_placeholder(line(
            product.barcode if product else "",
            _("scan it, or leave empty for the shop's own code")))),
        ("unit", _("&Unit"), number_box(line(product.unit if product else "件"), 4)),
        ("price", _("Cash &price (yuan)"), number_box(line(
            f"{product.price_fen / 100:.2f}" if product and product.price_fen is not None
            else ""), 8)),
        ("points", _("P&oints price"), number_box(line(
            str(product.points) if product and product.points is not None else ""), 6)),
        ("food", "", food),
        ("notes", _("No&tes"), line(product.notes if product else "")),
    ], job, parent, note=_("真心铺 goods have a cash price, 爱心铺 goods a points price. Goods "
                           "without a barcode get the shop's own code: print its label."))


def goods_in_dialog(ctx: AppContext, product: ProductRow, parent=None,
                    today: dt.date | None = None) -> ShopFormDialog:
    """进货: how many came in, and for food the expiry date."""
    actor = ctx.actor

    def job(v: dict[str, Any]):
        return lambda c: goods.receive_goods(c, actor=actor, product_id=product.id,
                                             quantity=v["quantity"],
                                             expires_on=v["expires_on"], note=v["note"],
                                             on=today)

    expiry = line("", _("e.g. 2027-01-31"))
    note = _("{name}: {stock} in stock now.").format(name=product.name,
                                                      stock=f"{product.stock} {product.unit}")
    if product.food:
        note += " " + _("Food: type the expiry date (保质期至) printed on it.")
    return ShopFormDialog(ctx, _("Goods in: {name}").format(name=product.name), [
        ("quantity", _("&Quantity ({unit})").format(unit=product.unit), number_box(line(), 6)),
        ("expires_on", _("E&xpires on"), fit_placeholder(expiry)),
        ("note", _("No&te"), line("", _("e.g. supplier, delivery note number"))),
    ], job, parent, note=note, action=_("Take in"))


def write_off_dialog(ctx: AppContext, product: ProductRow, parent=None) -> ShopFormDialog:
    """报损: how many out of stock, and why."""
    actor = ctx.actor

    def job(v: dict[str, Any]):
        return lambda c: goods.write_off(c, actor=actor, product_id=product.id,
                                         quantity=v["quantity"], reason=v["reason"],
                                         note=v["note"])

    return ShopFormDialog(ctx, _("Write off: {name}").format(name=product.name), [
        ("quantity", _("&Quantity ({unit})").format(unit=product.unit), number_box(line(), 6)),
        ("reason", _("&Reason"), combo([(r.label, r) for r in WriteOffReason])),
        ("note", _("No&te"), line("", _("what happened (needed for Other)"))),
    ], job, parent, note=_("{name}: {stock} in stock. Written-off goods leave the stock; the "
                           "write-off stays in its stock book.").format(
        name=product.name, stock=f"{product.stock} {product.unit}"), action=_("Write off"))


class MovesDialog(QDialog):
    """库存流水: a product's stock book, oldest first, with the stock after each movement."""

    def __init__(self, ctx: AppContext, product: ProductRow, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Stock book: {name}").format(name=product.name))
        self._unit = product.unit
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model: RowTableModel[MoveRow] = RowTableModel(MOVE_COLUMNS, self)
        self.table = rows_table(self.model)
        layout.addWidget(self.table, 1)
        layout.addWidget(close_buttons(self))
        self.setMinimumWidth(600)
        fit_to_screen(self)
        actor = ctx.actor
        ctx.worker.run(lambda c: goods.product_moves(c, actor=actor, product_id=product.id),
                       on_done=self._show, on_error=self._failed)

    def _show(self, moves: list[MoveRow]) -> None:
        self.model.set_rows(moves)
        fit_columns(self.table, (6, 5, 4))
        if moves:
            self.table.selectRow(len(moves) - 1)
            self.table.scrollToBottom()
        self.summary.setText(ngettext("{n} movement; {stock} in stock now.",
                                      "{n} movements; {stock} in stock now.", len(moves))
                             .format(n=len(moves), stock=f"{moves[-1].balance if moves else 0}"
                                     f" {self._unit}"))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.summary.setText("⚠ " + str(exc))


def labels_dialog(ctx: AppContext, products: Sequence[ProductRow], parent=None
                  ) -> ShopFormDialog:
    """打印条码: how many labels of each chosen product (a sheet is 24)."""
    names = _("、").join(p.name for p in products[:5])
    if len(products) > 5:
        names = pgettext("shop goods", "{names} and {n} more").format(
            names=names, n=len(products) - 5)
    dialog = ShopFormDialog(ctx, _("Print barcode labels"), [
        ("copies", _("&Labels of each"), number_box(line(str(LABELS_PER_SHEET)), 4)),
    ], lambda v: lambda c: None, parent,
        note=_("Labels for: {names}. A sheet holds {n} labels.").format(
            names=names, n=LABELS_PER_SHEET), action=pgettext("shop labels", "Print…"))
    return dialog


class GoodsTab(TabBase):
    """商品库存."""

    DROP = (8, 7, 6, 5)  # notes, barcode, next expiry, points

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        manage = ctx.actor.can(Permission.MANAGE_SHOP)
        self.today: Callable[[], dt.date] = dt.date.today
        filters = FlowLayout()
        self.search = fit_placeholder(line("", _("name or barcode (scan)")))
        self.search.textChanged.connect(self.reload)
        self.shelf = combo([(_("All shelves"), None)] + [(s.label, s) for s in Shelf])
        self.shelf.currentIndexChanged.connect(self.reload)
        self.retired = QCheckBox(_("Show reti&red goods"))
        self.retired.toggled.connect(self.reload)
        # what the home page's lines open: the goods running low, or the food expiring
        self.attention = combo([(pgettext("shop goods filter", "All goods"), None),
                                (pgettext("shop goods filter", "Running low"), "low"),
                                (pgettext("shop goods filter", "Expiring or expired"),
                                 "expiring")])
        self.attention.currentIndexChanged.connect(self.reload)
        for text, widget in ((_("&Search"), self.search), (_("S&helf"), self.shelf),
                             (pgettext("shop goods filter", "Sh&ow"), self.attention)):
            label = QLabel(text)
            label.setBuddy(widget)
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label)
            row.addWidget(widget)
            filters.addWidget(holder)
        filters.addWidget(self.retired)
        self.column.addLayout(filters)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New product…"), self.new_product, manage)
        self.edit_button = button(actions, _("&Edit…"), self.edit_chosen, manage)
        self.in_button = button(actions, _("&Goods in…"), self.goods_in)
        self.off_button = button(actions, _("&Write off…"), self.write_off, manage)
        self.retire_button = button(actions, _("S&top selling…"), self.retire, manage)
        self.moves_button = button(actions, _("Stock &book…"), self.stock_book)
        self.labels_button = button(actions, _("&Print labels…"), self.print_labels, manage)
        self.export_button = button(actions, _("E&xport…"), self.export, manage)
        self.column.addLayout(actions)
        self.list_area(RowTableModel(PRODUCT_COLUMNS, self),
                       self.edit if manage else self.stock_book_of, many=True)
        self._manage = manage
        self._update()

    # -- reading
    def filters(self) -> tuple[str, Shelf | None, bool]:
        return self.search.text().strip(), self.shelf.currentData(), self.retired.isChecked()

    def reload(self, *_args) -> None:
        actor = self._ctx.actor
        query, shelf, retired = self.filters()
        today = self.today()
        self._ctx.worker.run(lambda c: goods.list_products(c, actor=actor, query=query,
                                                           shelf=shelf, retired=retired,
                                                           today=today),
                             on_done=self._show, on_error=self.refused)

    def _show(self, rows: list[ProductRow]) -> None:
        wanted = self.attention.currentData()
        if wanted is not None:
            rows = [p for p in rows if (p.low if wanted == "low" else p.expiring)]
        keep = {p.id for p in chosen(self.table)}
        self.model.set_rows(rows)
        self.fit()
        if keep:
            select_where(self.table, lambda p: p.id in keep)
        if not chosen(self.table) and rows:
            self.table.selectRow(0)
        low = sum(1 for p in rows if p.low)
        soon = sum(1 for p in rows if p.expiring)
        self.count.setText(_("{n} goods; {low} running low, {soon} expiring soon.").format(
            n=len(rows), low=low, soon=soon))
        self.empty.setText(_("No goods match.") if any(self.filters()[:2]) or wanted
                           else _("No goods yet. 新商品 adds one."))
        self.empty.setVisible(not rows)

    def _update(self, *_args) -> None:
        rows = chosen(self.table)
        one = rows[0] if len(rows) == 1 else None
        live = one is not None and not one.retired
        self.edit_button.setEnabled(one is not None)
        self.in_button.setEnabled(live)
        self.off_button.setEnabled(live and one is not None and one.stock > 0)
        self.retire_button.setEnabled(live)
        self.moves_button.setEnabled(one is not None)
        self.labels_button.setEnabled(bool(rows) and all(not p.retired for p in rows))

    def chosen_product(self) -> ProductRow | None:
        return chosen_one(self.table)

    # -- actions
    def _dialog(self, dialog: QDialog, done: Callable[[QDialog], str]) -> None:
        if self.run_dialog(dialog):
            self.say(done(dialog))
        dialog.deleteLater()

    def new_product(self) -> None:
        shelf = self.shelf.currentData()
        self._dialog(product_dialog(self._ctx, None, self, shelf),
                     lambda d: _("{name} is saved.").format(
                         name=value_of(d.fields["name"]).strip()))  # type: ignore[attr-defined]

    def edit(self, product: ProductRow) -> None:
        self._dialog(product_dialog(self._ctx, product, self),
                     lambda d: _("{name} is saved.").format(
                         name=value_of(d.fields["name"]).strip()))  # type: ignore[attr-defined]

    def edit_chosen(self) -> None:
        product = self.chosen_product()
        if product is not None:
            self.edit(product)

    def goods_in(self) -> None:
        product = self.chosen_product()
        if product is None:
            return
        self._dialog(goods_in_dialog(self._ctx, product, self, self.today()),
                     lambda d: _("Goods in: {name} ×{n}.").format(
                         name=product.name,
                         n=value_of(d.fields["quantity"]).strip()))  # type: ignore[attr-defined]

    def write_off(self) -> None:
        product = self.chosen_product()
        if product is None:
            return
        self._dialog(write_off_dialog(self._ctx, product, self),
                     lambda d: _("Written off: {name} ×{n}.").format(
                         name=product.name,
                         n=value_of(d.fields["quantity"]).strip()))  # type: ignore[attr-defined]

    def retire(self) -> None:
        product = self.chosen_product()
        if product is None or not self.ask(
                _("Stop selling"),
                _("Stop selling {name}? It leaves the till and the lists; its history is "
                  "kept.").format(name=product.name)):
            return
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: goods.retire_product(c, actor=actor, product_id=product.id),
            on_done=lambda _r: self.say(_("{name} is no longer sold.").format(
                name=product.name)), on_error=self.refused)

    def stock_book_of(self, product: ProductRow) -> None:
        dialog = MovesDialog(self._ctx, product, self)
        self.run_dialog(dialog)
        dialog.deleteLater()

    def stock_book(self) -> None:
        product = self.chosen_product()
        if product is not None:
            self.stock_book_of(product)

    def print_labels(self) -> None:
        products = [p for p in chosen(self.table) if not p.retired]
        if not products:
            return
        dialog = labels_dialog(self._ctx, products, self)
        if not self.run_dialog(dialog):
            dialog.deleteLater()
            return
        copies = value_of(dialog.fields["copies"])
        dialog.deleteLater()
        self.labels_of(products, copies)

    def labels_of(self, products: Sequence[ProductRow], copies: object) -> None:
        try:
            n = int(str(copies).strip())
        except ValueError:
            n = 0
        if n <= 0:
            self.say("⚠ " + _("Type how many labels of each, such as 24."))
            return
        path = self.choose_path(_("Print barcode labels"), _("Barcode labels") + ".pdf")
        if path is None:
            return
        actor, items = self._ctx.actor, [(p.id, n) for p in products]

        def done(total: int) -> None:
            self.say(ngettext("{n} label was saved as {file}.",
                              "{n} labels were saved as {file}.", total).format(
                n=total, file=path.name))
            self.show_file(path)

        self._ctx.worker.run(lambda c: labels.save_labels(c, actor=actor, items=items,
                                                          path=path),
                             on_done=done, on_error=self.refused)

    def export(self) -> None:
        today = self.today()
        path = self.choose_path(_("Export the stock list"),
                                _("Shop stock {day}").format(day=today.isoformat()) + ".xlsx",
                                False)
        if path is None:
            return
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: len(export.export_stock(c, actor=actor, path=path, today=today)),
            on_done=lambda n: self.say(ngettext(
                "{n} product was exported to {file}.", "{n} products were exported to {file}.",
                n).format(n=n, file=path.name)), on_error=self.refused)

    def show_view(self, filters: Any) -> None:
        """A line of the home page: {"show": "expiring"} or {"show": "low"} (the goods it
        counts, on every shelf, found by any name), or a shelf ({"shelf": "daily"})."""
        if not isinstance(filters, dict):
            return
        if filters.get("show") in ("low", "expiring"):
            self.search.clear()
            self.shelf.setCurrentIndex(0)
            self.attention.setCurrentIndex(self.attention.findData(filters["show"]))
        if filters.get("shelf"):
            index = self.shelf.findData(Shelf(filters["shelf"]))
            if index >= 0:
                self.shelf.setCurrentIndex(index)
        self.table.setFocus()
