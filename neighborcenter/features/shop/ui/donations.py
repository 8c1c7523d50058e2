"""捐赠: the donation slips of a period (the last 30 days unless changed), newest first.

Buttons: 登记捐赠 (the intake slip: the donor — a company, a person or anonymous —, their
contact, whether their name goes on the 公示, when and by whom the goods were received, the
lines — a product picked from the list or scanned, a new donated product for the staff, the
quantity, the expiry date, refused with the reason —, both signatures ticked, notes), 查看
(Enter on a row), 打印收据 (the donor's receipt), 作废 (staff: a slip recorded by mistake; its
goods go out again while they are in stock) and 打印公示 (the public notice of a period).
A 匠心坊志愿者 sees the donors' contacts masked (the services mask them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.shop import donations, goods, notices
from neighborcenter.features.shop.donations import (
    DonationDetail,
    DonationForm,
    DonationLineForm,
    DonationRow,
)
from neighborcenter.features.shop.goods import ProductRow
from neighborcenter.features.shop.rules import DonorKind, Shelf
from neighborcenter.features.shop.ui.goods import (
    ShopFormDialog,
    TabBase,
    day,
    product_dialog,
)
from neighborcenter.i18n import _, pgettext
from neighborcenter.ui.common.dialogs import (
    button,
    close_buttons,
    combo,
    fit_placeholder,
    line,
    number_box,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.forms import error_label, show_in
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, rows_table
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

# --------------------------------------------------------------------------- the period


#: the tabs' period by default: the last 30 days (this month alone was empty on the 1st)
PERIOD_DAYS = 30


def month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


def period_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=PERIOD_DAYS - 1)


def typed_day(text: str, field: str, what: str) -> dt.date:
    value = parse_date_text(text.strip() or None, field=field, label=what)
    if value is None:
        raise ValidationError(_("Enter {what}.").format(what=what), field=field)
    return value


class PeriodBar(QWidget):
    """从 … 到 …: a period typed as two dates (the last 30 days by default); Enter reloads."""

    def __init__(self, today: dt.date, changed: Callable[[], None], parent=None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.since = number_box(line(period_start(today).isoformat()), 11)
        self.until = number_box(line(today.isoformat()), 11)
        for text, edit in ((_("Fro&m"), self.since), (_("&To"), self.until)):
            label = QLabel(text)
            label.setBuddy(edit)
            row.addWidget(label)
            row.addWidget(edit)
            edit.returnPressed.connect(changed)
        row.addStretch(1)

    def period(self) -> tuple[dt.date, dt.date]:
        """The dates typed (ValidationError when one is not a date: call it in the job)."""
        return (typed_day(self.since.text(), "since", _("the first day")),
                typed_day(self.until.text(), "until", _("the last day")))


class PeriodTab(TabBase):
    """A tab of a period's records under a PeriodBar, voided ones listed too: ``listing`` is
    the service that reads them, ``summary`` counts the live ones, ``empty_text`` says how to
    add one."""

    def __init__(self, ctx: AppContext, parent=None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], dt.date] = today
        self.period = PeriodBar(self.today(), self.reload, self)
        self.column.addWidget(self.period)

    #: the service: (centre, *, actor, since, until) → rows with ``voided``
    listing: Callable[..., list]

    def summary(self, live: list) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def reload(self, *_args) -> None:
        actor, bar, listing = self._ctx.actor, self.period, self.listing

        def job(c):
            since, until = bar.period()
            return listing(c, actor=actor, since=since, until=until)

        self._ctx.worker.run(job, on_done=self._show, on_error=self.refused)

    def _show(self, rows: list) -> None:
        self.show_rows(rows)
        self.count.setText(self.summary([r for r in rows if not r.voided]))
        self.empty.setText(self.empty_text())
        self.empty.setVisible(not rows)


# ---------------------------------------------------------------------- the intake slip


@dataclass(frozen=True)
class LineDraft:
    """A line of the slip being typed (checked by the service when saved)."""

    product_id: str
    name: str
    unit: str
    food: bool
    quantity: str
    expires_on: str
    refusal: str  # "" → accepted

    @property
    def accepted(self) -> bool:
        return not self.refusal


LINE_COLUMNS: list[Column[LineDraft]] = [
    Column(lambda: _("Goods"), lambda x: x.name),
    Column(lambda: _("Quantity"), lambda x: f"{x.quantity} {x.unit}", align_right=True),
    Column(lambda: _("Best before"), lambda x: x.expires_on),
    Column(lambda: _("Condition check"),
           lambda x: _("Accepted into stock") if x.accepted else _("Refused: {reason}").format(
               reason=x.refusal)),
]


def product_choice(p: ProductRow) -> str:
    return f"{p.name}（{p.shelf.label}）"


class DonationDialog(QDialog):
    """登记捐赠: the intake slip. Save runs one job; a refusal shows under the form and keeps
    every line typed; Esc asks before dropping them."""

    def __init__(self, ctx: AppContext, parent=None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today or dt.date.today()
        self.result_value: DonationDetail | None = None
        self.ask: Callable[[str], bool] = lambda text: confirm(
            self, _("Leave without saving"), text)
        self.setWindowTitle(_("Record a donation"))
        manage = ctx.actor.can(Permission.MANAGE_SHOP)

        form = QFormLayout()
        self.kind = combo([(k.label, k) for k in DonorKind], DonorKind.COMPANY)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.name = line("", _("company or person"))
        self.contact = fit_placeholder(line("", _("phone, for the receipt")))
        self.public = QCheckBox(_("Name on the public no&tice"))
        # a company's name goes on the 公示 unless unticked; a person's only when ticked
        self.public.setChecked(True)
        self.received_on = number_box(line(self.today.isoformat()), 11)
        self.received_by = line(ctx.actor.display_name)
        form.addRow(_("Donor k&ind"), self.kind)
        form.addRow(pgettext("shop donor", "&Name"), self.name)
        form.addRow(_("&Contact"), self.contact)
        form.addRow("", self.public)
        form.addRow(_("Date &received"), self.received_on)
        form.addRow(_("Received &by"), self.received_by)

        # the goods: pick or scan, then the line's quantity, expiry, condition
        self.products: list[ProductRow] = []
        self.product = QComboBox()
        # as wide as a usual name, whatever the names loaded after the dialog was sized (a
        # long one made the form scroll sideways)
        self.product.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(14)
        self.scan = fit_placeholder(line("", _("scan, or type the digits")))
        self.scan.returnPressed.connect(self.scanned)
        self.new_product_button = button(None, _("New &product…"), self.new_product, manage)
        pick = QHBoxLayout()
        pick.addWidget(self.product, 1)
        pick.addWidget(self.new_product_button)
        goods_label = QLabel(_("&Goods"))
        goods_label.setBuddy(self.product)
        form.addRow(goods_label, pick)
        form.addRow(_("&Scan barcode"), self.scan)
        self.quantity = number_box(line(), 6)
        self.expiry = fit_placeholder(line("", _("e.g. 2027-06-30")))
        self.refusal = fit_placeholder(line("", _("empty: accepted; else why refused")))
        for edit in (self.quantity, self.expiry, self.refusal):
            edit.returnPressed.connect(self.add_line)
        form.addRow(_("&Quantity"), self.quantity)
        form.addRow(_("E&xpires on"), self.expiry)
        form.addRow(_("Refused, &why"), self.refusal)
        line_buttons = QHBoxLayout()
        self.add_button = button(line_buttons, _("Add &line"), self.add_line)
        self.remove_button = button(line_buttons, _("Re&move line"), self.remove_line)
        line_buttons.addStretch(1)
        form.addRow("", line_buttons)
        self.lines_model: RowTableModel[LineDraft] = RowTableModel(LINE_COLUMNS, self)
        self.lines = rows_table(self.lines_model)
        self.lines.setMinimumHeight(self.lines.fontMetrics().height() * 7)
        form.addRow(self.lines)

        self.donor_signed = QCheckBox(_("Donor sign&ed"))
        self.receiver_signed = QCheckBox(_("Receiver &has signed"))
        signs = QHBoxLayout()
        signs.addWidget(self.donor_signed)
        signs.addWidget(self.receiver_signed)
        signs.addStretch(1)
        form.addRow(_("Signatures"), signs)
        self.notes = line()
        form.addRow(_("N&otes"), self.notes)
        self.error = error_label()
        form.addRow(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Record the &donation"))
        self.save_button.setAutoDefault(False)  # Enter adds a line; saving is deliberate
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.area = scrolling_body(self, form, self.buttons)
        self.setMinimumWidth(560)
        fit_to_screen(self)
        self._kind_changed()
        self.load_products()

    # -- the goods
    def load_products(self, select: str | None = None) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: goods.list_products(c, actor=actor),
                             on_done=lambda rows: self._products(rows, select),
                             on_error=self._failed)

    def _products(self, rows: list[ProductRow], select: str | None) -> None:
        # donated goods first: they are what comes with a slip
        self.products = sorted(rows, key=lambda p: (p.shelf != Shelf.DONATED, p.name))
        self.product.clear()
        for p in self.products:
            self.product.addItem(product_choice(p), p.id)
        if select:
            self.product.setCurrentIndex(max(self.product.findData(select), 0))

    def chosen_product(self) -> ProductRow | None:
        pid = self.product.currentData()
        return next((p for p in self.products if p.id == pid), None)

    def scanned(self) -> None:
        code = self.scan.text().strip()
        if not code:
            return
        actor = self._ctx.actor

        def found(row: ProductRow) -> None:
            self.scan.clear()
            self.product.setCurrentIndex(max(self.product.findData(row.id), 0))
            self.quantity.setFocus()

        self._ctx.worker.run(lambda c: goods.find_product(c, actor=actor, code=code),
                             on_done=found, on_error=self._failed)

    def new_product(self) -> None:
        dialog = product_dialog(self._ctx, None, self, Shelf.DONATED)
        if dialog.exec():
            self.load_products(select=dialog.result_value)
        dialog.deleteLater()

    def add_line(self) -> None:
        product = self.chosen_product()
        if product is None:
            show_in(self.error, _("Pick the goods first (or scan them)."))
            return
        quantity = self.quantity.text().strip()
        if not quantity:
            show_in(self.error, _("Enter the quantity."))
            self.quantity.setFocus()
            return
        self.lines_model.set_rows(self.lines_model.rows() + [LineDraft(
            product.id, product.name, product.unit, product.food, quantity,
            self.expiry.text().strip(), self.refusal.text().strip())])
        self.error.hide()
        for edit in (self.quantity, self.expiry, self.refusal):
            edit.clear()
        self.scan.setFocus()

    def remove_line(self) -> None:
        index = self.lines.currentIndex()
        if not index.isValid():
            return
        rows = self.lines_model.rows()
        del rows[index.row()]
        self.lines_model.set_rows(rows)

    def _kind_changed(self, *_args) -> None:
        kind = self.kind.currentData()
        anonymous = kind == DonorKind.ANONYMOUS
        for widget in (self.name, self.contact, self.public):
            widget.setEnabled(not anonymous)
        # a person is not named in public unless they agree: ticked by hand, not by default
        self.public.setChecked(kind == DonorKind.COMPANY)

    # -- saving
    def form(self) -> DonationForm:
        anonymous = self.kind.currentData() == DonorKind.ANONYMOUS
        return DonationForm(
            donor_kind=self.kind.currentData(),
            donor_name="" if anonymous else self.name.text(),
            donor_contact="" if anonymous else self.contact.text(),
            received_on=self.received_on.text().strip() or None,
            received_by=self.received_by.text(),
            lines=[DonationLineForm(x.product_id, x.quantity, x.expires_on or None,
                                    x.accepted, x.refusal) for x in self.lines_model.rows()],
            donor_signed=self.donor_signed.isChecked(),
            receiver_signed=self.receiver_signed.isChecked(),
            public=self.public.isChecked() and not anonymous, notes=self.notes.text())

    def save(self) -> None:
        self.error.hide()
        actor, form, today = self._ctx.actor, self.form(), self.today
        self.save_button.setEnabled(False)
        self._ctx.worker.run(lambda c: donations.record_donation(c, actor=actor, form=form,
                                                                 today=today),
                             on_done=self._done, on_error=self._failed)

    def _done(self, result: DonationDetail) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, NCError):
            raise exc
        show_in(self.error, exc)
        self.area.ensureWidgetVisible(self.error)  # at the form's foot: scrolled into view

    def typed(self) -> bool:
        return bool(self.lines_model.rows() or self.name.text().strip()
                    or self.contact.text().strip() or self.quantity.text().strip()
                    or self.notes.text().strip())

    def reject(self) -> None:
        if self.typed() and not self.ask(_("What was typed here is not saved. Leave it?")):
            return
        super().reject()


class DetailDialog(QDialog):
    """A slip as recorded: read only."""

    def __init__(self, detail: DonationDetail, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Donation {number}").format(number=detail.number))
        column = QVBoxLayout()
        lines = [_("Donor: {donor} ({kind})").format(donor=detail.donor,
                                                      kind=detail.donor_kind.label)]
        if detail.donor_contact:
            lines.append(_("Contact: {contact}").format(contact=detail.donor_contact))
        lines.append(_("Received on {day} by {name}").format(day=day(detail.received_on),
                                                              name=detail.received_by))
        for x in detail.lines:
            state = _("Accepted into stock") if x.accepted else _("Refused: {reason}").format(
                reason=x.refusal)
            expiry = _("best before {day}").format(day=day(x.expires_on)) \
                if x.expires_on else ""
            lines.append(f"· {x.name} ×{x.quantity}{x.unit}　{expiry}　{state}")
        lines.append(_("Signed by the donor: {a}; by the receiver: {b}").format(
            a=_("yes") if detail.donor_signed else _("no"),
            b=_("yes") if detail.receiver_signed else _("no")))
        if detail.notes:
            lines.append(_("Notes: {notes}").format(notes=detail.notes))
        if detail.voided:
            lines.append(_("VOID: {reason}").format(reason=detail.void_reason))
        self.text = QLabel("\n".join(lines))
        self.text.setWordWrap(True)
        column.addWidget(self.text)
        scrolling_body(self, column, close_buttons(self))
        fit_to_screen(self)


def notice_dialog(ctx: AppContext, today: dt.date, parent=None) -> ShopFormDialog:
    """打印公示: the period (this month by default), whom to contact, the notice period; the
    job returns the values checked (the file is chosen after)."""
    def job(v: dict[str, Any]):
        def check(_c):
            since = typed_day(v["since"], "since", _("the first day"))
            until = typed_day(v["until"], "until", _("the last day"))
            donations.check_period(since, until)
            days = v["days"].strip()
            if not days.isdigit() or not 1 <= int(days) <= 60:
                raise ValidationError(_("The notice period is 1 to 60 days."), field="days")
            return since, until, v["contact"], int(days)
        return check

    return ShopFormDialog(ctx, _("Print the public notice"), [
        ("since", _("Fro&m"), number_box(line(month_start(today).isoformat()), 11)),
        ("until", _("&To"), number_box(line(today.isoformat()), 11)),
        ("contact", _("&Questions to"), fit_placeholder(line(
            "", _("e.g. 李主任 0572-2123456")))),
        ("days", _("&Days on the wall"), number_box(line(str(notices.NOTICE_DAYS)), 3)),
    ], job, parent, note=_("The notice lists the donations received and the goods given out "
                           "in the period. It names no recipient; anonymous donors show as "
                           "匿名."), action=_("&Print…"))


# ------------------------------------------------------------------------------ the tab


COLUMNS: list[Column[DonationRow]] = [
    Column(lambda: _("Number"), lambda r: r.number),
    Column(lambda: _("Date"), lambda r: day(r.received_on)),
    Column(lambda: _("Donor"), lambda r: r.donor),
    Column(lambda: _("Goods"), lambda r: r.goods),
    Column(lambda: pgettext("shop donation", "Refused"),
           lambda r: str(r.refused) if r.refused else "", align_right=True),
    Column(lambda: _("Received by"), lambda r: r.received_by),
    Column(lambda: _("State"), lambda r: _("Void: {reason}").format(reason=r.void_reason)
           if r.voided else (_("Signed") if r.signed else _("Not signed"))),
    Column(lambda: _("Contact"), lambda r: r.donor_contact),
]


class DonationsTab(PeriodTab):
    """捐赠."""

    DROP = (7, 5, 4)  # contact, received by, refused
    listing = staticmethod(donations.list_donations)

    def __init__(self, ctx: AppContext, parent=None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(ctx, parent, today)
        manage = ctx.actor.can(Permission.MANAGE_SHOP)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New donation…"), self.new_donation)
        self.detail_button = button(actions, _("&Details…"), self.show_chosen)
        self.receipt_button = button(actions, _("Print &receipt…"), self.print_receipt)
        self.void_button = button(actions, _("V&oid…"), self.void, manage)
        self.notice_button = button(actions, _("&Public notice…"), self.print_notice)
        self.column.addLayout(actions)
        self.list_area(RowTableModel(COLUMNS, self), self.show_detail)
        self._update()

    def summary(self, live: list[DonationRow]) -> str:
        return _("{n} donations in the period, {units} items taken in.").format(
            n=len(live), units=sum(r.accepted for r in live))

    def empty_text(self) -> str:
        return _("No donations in this period. 登记捐赠 records one.")

    def _update(self, *_args) -> None:
        row = chosen_one(self.table)
        self.detail_button.setEnabled(row is not None)
        self.receipt_button.setEnabled(row is not None)
        self.void_button.setEnabled(row is not None and not row.voided)

    # -- actions
    def new_donation(self) -> None:
        dialog = DonationDialog(self._ctx, self, self.today())
        if self.run_dialog(dialog) and dialog.result_value is not None:
            done = dialog.result_value
            self.say(_("Donation {number} recorded: {n} lines taken into stock, {refused} "
                       "refused.").format(number=done.number, n=len(done.accepted),
                                          refused=len(done.refused)))
            self.reload()
        dialog.deleteLater()

    def show_detail(self, row: DonationRow) -> None:
        actor = self._ctx.actor

        def shown(detail: DonationDetail) -> None:
            dialog = DetailDialog(detail, self)
            self.run_dialog(dialog)
            dialog.deleteLater()

        self._ctx.worker.run(lambda c: donations.donation_detail(c, actor=actor,
                                                                 donation_id=row.id),
                             on_done=shown, on_error=self.refused)

    def show_chosen(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.show_detail(row)

    def print_receipt(self) -> None:
        row = chosen_one(self.table)
        if row is None:
            return
        path = self.choose_path(_("Save the receipt"), f"{row.number}.pdf")
        if path is None:
            return
        actor = self._ctx.actor

        def done(saved) -> None:
            self.say(_("The receipt is saved as {path}.").format(path=saved))
            self.show_file(saved)

        self._ctx.worker.run(lambda c: notices.print_donation_receipt(
            c, actor=actor, donation_id=row.id, path=path), on_done=done,
            on_error=self.refused)

    def void(self) -> None:
        row = chosen_one(self.table)
        if row is None:
            return
        actor, today = self._ctx.actor, self.today()

        def job(v: dict[str, Any]):
            return lambda c: donations.void_donation(c, actor=actor, donation_id=row.id,
                                                     reason=v["reason"], today=today)

        dialog = ShopFormDialog(self._ctx, _("Void {number}").format(number=row.number), [
            ("reason", _("&Reason"), line("", _("e.g. recorded twice")))], job, self,
            note=_("The slip stays in the records, marked void; its goods go out of stock "
                   "again. If some were already sold or given out, it cannot be voided."),
            action=_("V&oid the slip"))
        if self.run_dialog(dialog):
            self.say(_("Donation {number} is void.").format(number=row.number))
            self.reload()
        dialog.deleteLater()

    def print_notice(self) -> None:
        dialog = notice_dialog(self._ctx, self.today(), self)
        accepted = self.run_dialog(dialog)
        values = dialog.result_value
        dialog.deleteLater()
        if not accepted or values is None:
            return
        since, until, contact, days = values
        path = self.choose_path(_("Save the public notice"),
                                _("public notice {start} to {end}.pdf").format(
                                    start=since.isoformat(), end=until.isoformat()))
        if path is None:
            return
        actor, today = self._ctx.actor, self.today()

        def done(_notice) -> None:
            self.say(_("The public notice is saved as {path}.").format(path=path))
            self.show_file(path)

        self._ctx.worker.run(lambda c: notices.print_public_notice(
            c, actor=actor, since=since, until=until, path=path, contact=contact,
            posted_on=today, days=days), on_done=done, on_error=self.refused)
