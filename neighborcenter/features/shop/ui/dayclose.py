"""日结: the day close. The day's summary (the cash expected, made of its parts — the float, the
cash sales, the group-buy payments less refunds —, the points redeemed, the sales and undos,
gifts, donations, write-offs, and whether the stock book balances), a big box for the cash
counted in the drawer with the difference shown as it is typed, the note (the service asks
for one when the cash differs), 日结 (after asking), the 日结单 printed; for the staff,
重新打开 with a reason. A past day can be chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.shop import dayclose, lists
from neighborcenter.features.shop.dayclose import DaySummary
from neighborcenter.features.shop.rules import parse_money, yuan
from neighborcenter.features.shop.ui.goods import person
from neighborcenter.features.shop.ui.groupbuy import ShopFormDialog, open_file, save_path
from neighborcenter.i18n import _, format_date, format_datetime, pgettext
from neighborcenter.ui.common.dialogs import button, line
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import scaled_font


def summary_lines(d: DaySummary) -> list[str]:
    """The summary as the tab shows it, one line each."""
    c = d.cash
    return [
        _("Float {opening} + cash sales {sales} + group-buy payments {paid} − refunds "
          "{refunds} = expected in the drawer {expected}").format(
            opening=yuan(c.opening_fen), sales=yuan(c.sales_fen),
            paid=yuan(c.group_buy_fen + d.refunds_fen), refunds=yuan(d.refunds_fen),
            expected=yuan(c.expected_fen)),
        pgettext("shop day close", "Points redeemed: {points}").format(points=d.points_redeemed),
        _("Sales and redemptions: {n}; undone: {undone}").format(n=d.sales, undone=d.undone),
        _("Welfare gifts: {n} ({items} items)　Donations received: {donations} ({donated} "
          "items)　Written off: {off} items").format(
            n=d.gifts, items=d.gift_items, donations=d.donations, donated=d.donated_items,
            off=d.written_off),
        _("Stock book: books and goods agree (账物相符)") if d.stock_balances
        else _("Stock book: books and goods do NOT agree"),
        *("⚠ " + line for line in d.mismatches),  # what does not agree, in words
    ]


def difference_text(expected_fen: int, typed: str) -> tuple[str, bool]:
    """What the difference line says for what is typed, and whether it balances."""
    if not typed.strip():
        return _("Count the cash in the drawer and type it."), False
    try:
        counted = parse_money(typed, field="counted", allow_zero=True)
    except ValidationError as exc:
        return str(exc), False
    diff = counted - expected_fen
    if diff == 0:
        return _("Balances: no difference."), True
    if diff > 0:
        return _("{amount} more than the books: count again, or write why in the note."
                 ).format(amount=yuan(diff)), False
    return _("{amount} less than the books: count again, or write why in the note.").format(
        amount=yuan(-diff)), False


def reopen_dialog(ctx: AppContext, on: dt.date, parent=None) -> ShopFormDialog:
    actor = ctx.actor

    def job(v):
        return lambda c: dayclose.reopen_day(c, actor=actor, on=on, reason=v["reason"])

    return ShopFormDialog(ctx, _("Reopen the day {day}").format(day=format_date(on)), [
        ("reason", _("&Reason"), line(placeholder=_("e.g. a sale was forgotten"))),
    ], job, parent, note=_("The close is kept with the reason; close the day again "
                           "afterwards."), action=_("Reopen"))


class DayCloseTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._ctx, self._today = ctx, today
        self.on = today()
        self.summary: DaySummary | None = None
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        self.day_box = line(self.on.isoformat(), _("e.g. 2026-01-31"))
        self.day_box.setMaximumWidth(self.day_box.fontMetrics().horizontalAdvance("0" * 16))
        self.day_box.returnPressed.connect(self.show_day)
        label = QLabel(_("&Day"))
        label.setBuddy(self.day_box)
        top.addWidget(label)
        top.addWidget(self.day_box)
        self.show_button = button(top, _("S&how"), self.show_day)
        self.title = QLabel()
        top.addWidget(self.title, 1)
        column.addLayout(top)
        self.lines = QLabel()
        self.lines.setWordWrap(True)
        column.addWidget(self.lines)
        form = QFormLayout()
        self.counted = QLineEdit()
        # no "0.00": an empty box is not a count of nothing
        self.counted.setPlaceholderText(_("type it after counting"))
        self.counted.textEdited.connect(self._difference)
        self.counted.returnPressed.connect(self.close_day)
        form.addRow(_("&Cash counted (yuan)"), self.counted)
        self.difference = QLabel()
        self.difference.setWordWrap(True)
        form.addRow(_("Difference"), self.difference)
        self.note = line(placeholder=_("Why the cash differs, if it does"))
        form.addRow(_("&Note"), self.note)
        column.addLayout(form)
        actions = FlowLayout()
        self.close_button = button(actions, _("C&lose the day…"), self.close_day)
        self.print_button = button(actions, _("&Print the day close…"), self.print_day)
        self.reopen_button = button(actions, _("&Reopen…"), self.reopen,
                                    ctx.actor.can(Permission.MANAGE_SHOP))
        column.addLayout(actions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        self.closed = QLabel()
        self.closed.setWordWrap(True)
        column.addWidget(self.closed)
        column.addStretch(1)
        self.apply_size()
        self.setFocusProxy(self.counted)

    def showEvent(self, event) -> None:  # noqa: N802
        # the style sheet's polish on the first show puts the plain font back on the box
        super().showEvent(event)
        self.apply_size()

    def apply_size(self) -> None:
        """The cash box and the difference in large type (larger still in large print)."""
        self.counted.setFont(scaled_font(self.counted, 1.8, bold=True))
        metrics = self.counted.fontMetrics()
        self.counted.setMaximumWidth(max(metrics.horizontalAdvance("0" * 12),
                                         metrics.horizontalAdvance(
                                             self.counted.placeholderText()) + 24))
        self.difference.setFont(scaled_font(self.difference, 1.3, bold=True))

    def show_view(self, filters: Any) -> None:
        """A line of the home page: {"day": "2026-11-30"}, a day not closed yet."""
        wanted = filters.get("day") if isinstance(filters, dict) else None
        try:
            on = dt.date.fromisoformat(wanted) if wanted else None
        except ValueError:
            on = None
        if on is None or on > self._today() or on == self.on:
            return
        self.day_box.setText(on.isoformat())
        self.message.hide()
        self.counted.clear()
        self.note.clear()
        self.show_day()

    # -- reading
    def show_day(self) -> None:
        try:
            on = parse_date_text(self.day_box.text(), field="date", label=_("the day"))
            if on is None:
                raise ValidationError(_("Enter the day, e.g. 2026-01-31."), field="date")
            if on > self._today():
                raise ValidationError(_("A day is closed on the day or after it, not "
                                        "before."), field="date")
        except NCError as exc:
            self.failed(exc)
            return
        self.on = on
        self.reload()

    def reload(self) -> None:
        actor, on = self._ctx.actor, self.on
        self._ctx.worker.run(lambda c: dayclose.day_summary(c, actor=actor, on=on),
                             on_done=self.show_summary, on_error=self.failed)

    def show_summary(self, d: DaySummary) -> None:
        self.summary = d
        self.title.setText(_("The shop's day {day}").format(day=format_date(d.on)))
        self.lines.setText("\n".join(summary_lines(d)))
        closed = d.closed
        self.counted.setReadOnly(closed is not None)
        self.note.setReadOnly(closed is not None)
        self.close_button.setEnabled(closed is None)
        self.reopen_button.setEnabled(closed is not None)
        if closed is not None:
            self.counted.setText(f"{closed.counted_fen / 100:.2f}")
            self.note.setText(closed.note)
            self.closed.setText(_("Closed by {user} at {time}.").format(
                user=person(self._ctx, closed.closed_by),
                time=format_datetime(closed.closed_at.astimezone(), "short")))
        else:
            self.closed.setText(_("Not closed yet."))
        self._difference()

    def _difference(self, *_args) -> None:
        if self.summary is None:
            return
        text, balances = difference_text(self.summary.cash.expected_fen, self.counted.text())
        self.difference.setText(("✓ " if balances else "") + text)

    # -- saying
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc))
        if getattr(exc, "field", None) == "note":
            self.note.setFocus()
        elif getattr(exc, "field", None) == "counted":
            self.counted.setFocus()

    # -- acting
    def close_day(self) -> None:
        d = self.summary
        if d is None or d.closed is not None:
            return
        typed, note, on = self.counted.text(), self.note.text(), self.on
        try:
            question = self.question(d, typed, note)
        except ValidationError as exc:  # asked nothing: what to fix first
            self.failed(exc)
            return
        if not confirm(self, pgettext("shop day close", "Close the day"), question):
            return
        actor, today = self._ctx.actor, self._today()

        def done(_result: DaySummary) -> None:
            # read again: the close's summary holds its row, expired by the commit
            self.say(_("The day {day} is closed.").format(day=format_date(on)))
            self.reload()

        self._ctx.worker.run(lambda c: dayclose.close_day(c, actor=actor, counted=typed,
                                                          note=note, on=on, today=today),
                             on_done=done, on_error=self.failed)

    def question(self, d: DaySummary, typed: str, note: str) -> str:
        """What 日结 asks, with the difference when there is one; a count that is no amount,
        or a difference without a note, is refused before asking (ValidationError)."""
        if not typed.strip():
            raise ValidationError(_("Count the cash in the drawer and type it."),
                                  field="counted")
        counted = parse_money(typed, field="counted", allow_zero=True)
        diff = counted - d.cash.expected_fen
        day_text = format_date(d.on)
        if diff == 0:
            return _("Close the shop's day {day} with {amount} counted? After the close the "
                     "day takes no more sales or payments.").format(day=day_text,
                                                                    amount=yuan(counted))
        if not note.strip():  # the service's words: the same refusal, before the question
            raise ValidationError((_(
                "The drawer has {amount} more than the books say. Count again, or write "
                "what happened in the note.") if diff > 0 else _(
                "The drawer has {amount} less than the books say. Count again, or write "
                "what happened in the note.")).format(amount=yuan(abs(diff))), field="note")
        return (_("Close the shop's day {day} with {amount} counted? That is {difference} "
                  "MORE than the books ({expected}); the note says why. After the close the "
                  "day takes no more sales or payments.") if diff > 0 else _(
            "Close the shop's day {day} with {amount} counted? That is {difference} LESS "
            "than the books ({expected}); the note says why. After the close the day takes "
            "no more sales or payments.")).format(
            day=day_text, amount=yuan(counted), difference=yuan(abs(diff)),
            expected=yuan(d.cash.expected_fen))

    def print_day(self) -> None:
        on = self.on
        path = save_path(self, _("Print the day close"), f"日结单-{on.isoformat()}.pdf", True)
        if path is None:
            return
        actor = self._ctx.actor

        def done(_result) -> None:
            self.say(_("Saved as {file}.").format(file=path.name))
            open_file(path)

        self._ctx.worker.run(lambda c: lists.print_day_close(c, actor=actor, on=on, path=path),
                             on_done=done, on_error=self.failed)

    def reopen(self) -> None:
        if self.summary is None or self.summary.closed is None:
            return
        dialog = reopen_dialog(self._ctx, self.on, self)
        if dialog.exec():
            self.say(_("The day {day} is open again.").format(day=format_date(self.on)))
            self.counted.clear()
            self.note.clear()
            self.reload()
        dialog.deleteLater()
