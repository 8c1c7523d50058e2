"""盘点: the stock-take on screen. Start one (every shelf or one), print the sheet to count on
paper if wanted, then type the counts: the list shows each product with its book stock; the
cursor waits in the count box for the chosen row — type the number and Enter: it is recorded
and the next row is chosen. A barcode scanned into the box jumps to that product's row
instead. The variances show as the counts come in. The staff finish it (each variance
becomes an adjustment of the stock book; a note says why) or give it up; the result prints
with 账物相符 or not. With no stock-take open, the tab lists the past ones, whose result can be
printed again."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from neighborcenter.core.roles import Permission
from neighborcenter.features.shop import labels, stocktake
from neighborcenter.features.shop.rules import Shelf, yuan
from neighborcenter.features.shop.stocktake import CountRow, StocktakeRow, StocktakeView
from neighborcenter.features.shop.ui.goods import ShopFormDialog, TabBase, day, person
from neighborcenter.i18n import _, ngettext, pgettext
from neighborcenter.ui.common.dialogs import button, combo, fit_placeholder, line, number_box
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import chosen_one, fit_columns, rows_table, select_where
from neighborcenter.ui.context import AppContext

#: digits this many or more (or letters) typed in the count box are a scan, not a count
SCAN_DIGITS = 8


def signed(n: int | None) -> str:
    return "" if n is None else f"{n:+d}" if n else "0"


def value_text(r: CountRow) -> str:
    parts = []
    if r.value_fen:
        parts.append(("+" if r.value_fen > 0 else "") + yuan(r.value_fen))
    if r.value_points:
        parts.append(_("{n} points").format(n=f"{r.value_points:+d}"))
    return "　".join(parts)


COUNT_COLUMNS: list[Column[CountRow]] = [
    Column(lambda: _("Shelf"), lambda r: r.shelf.label),
    Column(lambda: _("Product"), lambda r: r.name),
    Column(lambda: _("Books"), lambda r: f"{r.expected} {r.unit}", lambda r: r.expected,
           align_right=True),
    Column(lambda: _("Counted"), lambda r: "" if r.counted is None else str(r.counted),
           align_right=True),
    Column(lambda: _("Variance"), lambda r: signed(r.variance), align_right=True),
    Column(lambda: pgettext("shop stock-take", "Value"), value_text, align_right=True),
    Column(lambda: _("Barcode"), lambda r: r.barcode),
    Column(lambda: pgettext("shop stock-take", "Counted by"), lambda r: r.counted_by),
    Column(lambda: _("Note"), lambda r: r.note),
]


def state_of(r: StocktakeRow) -> str:
    if r.open:
        return pgettext("shop stock-take", "Open")
    if r.abandoned:
        return _("Given up")
    return _("Balanced (账物相符)") if r.balanced else _("Adjusted (账物不符)")


PAST_COLUMNS: list[Column[StocktakeRow]] = [
    Column(lambda: _("Date"), lambda r: day(r.on)),
    Column(lambda: _("State"), state_of),
    Column(lambda: _("Counted"), lambda r: f"{r.counted}/{r.products}", align_right=True),
    Column(lambda: _("Variances"), lambda r: str(r.variances), align_right=True),
    Column(lambda: pgettext("shop stock-take", "Value"), lambda r: "　".join(
        x for x in (yuan(r.value_fen) if r.value_fen else "",
                    _("{n} points").format(n=r.value_points) if r.value_points else "") if x)),
    Column(lambda: _("Finished by"), lambda r: r.finished_by or ""),
    Column(lambda: _("Note"), lambda r: r.note),
]


def finish_dialog(ctx: AppContext, view: StocktakeView, parent=None) -> ShopFormDialog:
    actor, sid = ctx.actor, view.id
    t = view.totals

    def job(v: dict[str, Any]):
        return lambda c: stocktake.finish_stocktake(c, actor=actor, stocktake_id=sid,
                                                    note=v["note"])

    if t.balanced:
        note = _("Every product matches the books (账物相符). Finish the stock-take?")
    else:
        note = _("{over} products have more than the books say, {short} fewer (value {fen}, "
                 "{points}). Finishing adjusts the stock book by these differences; say why "
                 "in the note.").format(over=t.over, short=t.short, fen=yuan(t.value_fen),
                                        points=_("{n} points").format(n=t.value_points))
    return ShopFormDialog(ctx, _("Finish the stock-take"), [
        ("note", _("No&te"), fit_placeholder(line("", _("e.g. two bags torn, one lost")))),
    ], job, parent, note=note, action=_("Finish"))


def abandon_dialog(ctx: AppContext, view: StocktakeView, parent=None) -> ShopFormDialog:
    actor, sid = ctx.actor, view.id
    return ShopFormDialog(ctx, _("Give up the stock-take"), [
        ("reason", _("&Reason"), line("", _("e.g. started by mistake"))),
    ], lambda v: lambda c: stocktake.abandon_stocktake(c, actor=actor, stocktake_id=sid,
                                                       reason=v["reason"]),
        parent, note=_("The counts are kept; the stock does not change."),
        action=_("Give up"))


class StocktakeTab(TabBase):
    """盘点."""

    DROP = (8, 7, 6, 5, 0)  # note, counted by, barcode, value, shelf

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self._manage = ctx.actor.can(Permission.MANAGE_SHOP)
        self.view: StocktakeView | None = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("sectionTitle")
        self.column.addWidget(self.state)

        actions = FlowLayout()
        self.shelf = combo([(_("All shelves"), None)] + [(s.label, s) for s in Shelf])
        self.shelf_holder = QWidget()
        row = QHBoxLayout(self.shelf_holder)
        row.setContentsMargins(0, 0, 0, 0)
        shelf_label = QLabel(_("S&helf"))
        shelf_label.setBuddy(self.shelf)
        row.addWidget(shelf_label)
        row.addWidget(self.shelf)
        actions.addWidget(self.shelf_holder)
        self.start_button = button(actions, _("&New stock-take"), self.start)
        self.sheet_button = button(actions, _("Print the &sheet…"), self.print_sheet)
        self.finish_button = button(actions, _("F&inish…"), self.finish, self._manage)
        self.abandon_button = button(actions, _("Give &up…"), self.abandon, self._manage)
        # the past stock-takes, in the list at the bottom: a result printed again
        self.past_label = QLabel(_("&Past stock-takes:"))
        actions.addWidget(self.past_label)
        self.result_button = button(actions, _("Print the &result…"), self.print_result)
        self.column.addLayout(actions)

        entry = QHBoxLayout()
        self.count_label = QLabel(_("&Count"))
        self.count_box = number_box(line(), 14)
        self.count_label.setBuddy(self.count_box)
        self.count_box.setToolTip(_("Type the number on the shelf and Enter; or scan a "
                                    "barcode to go to its row."))
        self.count_box.returnPressed.connect(self.enter)
        self.note_label = QLabel(_("No&te"))
        self.note_box = line()
        self.note_label.setBuddy(self.note_box)
        self.note_box.returnPressed.connect(self.enter)
        self.current = QLabel()
        for w in (self.count_label, self.count_box, self.note_label, self.note_box):
            entry.addWidget(w)
        entry.addWidget(self.current, 1)
        self.column.addLayout(entry)
        self.list_area(RowTableModel(COUNT_COLUMNS, self), self._row_opened)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.past_model: RowTableModel[StocktakeRow] = RowTableModel(PAST_COLUMNS, self)
        self.past = rows_table(self.past_model)
        self.past_label.setBuddy(self.past)
        self.column.addWidget(self.past, 1)
        self.past.selectionModel().selectionChanged.connect(self._update)
        self._show_view(None)

    # -- reading
    def reload(self, *_args) -> None:
        actor = self._ctx.actor

        def job(c):
            return (stocktake.current_stocktake(c, actor=actor),
                    stocktake.list_stocktakes(c, actor=actor))

        self._ctx.worker.run(job, on_done=self._show, on_error=self.refused)

    def _show(self, result: tuple[StocktakeView | None, list[StocktakeRow]]) -> None:
        view, past = result
        self._show_view(view)
        past = [replace(r, finished_by=person(self._ctx, r.finished_by) or None) for r in past]
        keep = chosen_one(self.past)
        self.past_model.set_rows(past)
        fit_columns(self.past, (6, 5, 4))
        if keep is not None:
            select_where(self.past, lambda r: r.id == keep.id)
        if chosen_one(self.past) is None and past:
            self.past.selectRow(0)
        self._update()

    def _show_view(self, view: StocktakeView | None) -> None:
        keep = self.current_row()
        self.view = view
        self.model.set_rows(list(view.rows) if view else [])
        self.fit()
        if view is None:
            self.state.setText(_("No stock-take is open. Choose the shelf (or all) and start "
                                 "one: the books' stock is taken as it is now."))
        else:
            t = view.totals
            self.state.setText(_("Stock-take of {day} ({shelf}), begun by {who}: {counted} of "
                                 "{n} counted, {left} to count; {over} more, {short} fewer "
                                 "than the books.")
                               .format(day=day(view.on), who=person(self._ctx, view.started_by),
                                       shelf=view.shelf.label if view.shelf
                                       else _("All shelves"),
                                       counted=t.counted, n=t.products, over=t.over,
                                       left=t.uncounted,
                                       short=t.short))
            if keep is not None:
                select_where(self.table, lambda r: r.product_id == keep.product_id)
            if self.current_row() is None:
                first = next((i for i, r in enumerate(view.rows) if r.counted is None), 0)
                if view.rows:
                    self.table.selectRow(first)
        self.count.hide()  # (the state line above says what is left to count)
        self.empty.setVisible(False)
        self._update()

    def current_row(self) -> CountRow | None:
        return chosen_one(self.table)

    def _update(self, *_args) -> None:
        open_ = self.view is not None
        self.shelf_holder.setVisible(not open_)
        self.start_button.setVisible(not open_)
        for w in (self.count_label, self.count_box, self.note_label, self.note_box,
                  self.current, self.table):
            w.setVisible(open_)
        # while counting, the list of counts has the room; else the past stock-takes
        self.past_label.setVisible(not open_)
        self.past.setVisible(not open_)
        self.sheet_button.setEnabled(open_)
        self.finish_button.setEnabled(open_)
        self.abandon_button.setEnabled(open_)
        self.result_button.setEnabled(open_ or chosen_one(self.past) is not None)

    def _row_changed(self, *_args) -> None:
        r = self.current_row()
        self.current.setText("" if r is None else _("{name}: books {n} {unit}").format(
            name=r.name, n=r.expected, unit=r.unit))
        self.note_box.setText(r.note if r is not None else "")

    def _row_opened(self, _row: CountRow) -> None:
        self.count_box.setFocus()
        self.count_box.selectAll()

    # -- starting
    def start(self) -> None:
        actor, shelf = self._ctx.actor, self.shelf.currentData()
        self._ctx.worker.run(lambda c: stocktake.start_stocktake(c, actor=actor, shelf=shelf),
                             on_done=self._started, on_error=self.refused)

    def _started(self, _sid: str) -> None:
        self.say(_("The stock-take has begun. Type each count and Enter; scan a barcode to "
                   "go to its product."))
        self.reload()
        self.count_box.setFocus()

    # -- counting
    def enter(self) -> None:
        """Enter in the count box: a scan goes to its row; a number is the count of the
        chosen row, and the next row is chosen."""
        typed = unicodedata.normalize("NFKC", self.count_box.text()).replace(" ", "").strip()
        if not typed or self.view is None:
            return
        if not typed.isdigit() or len(typed) >= SCAN_DIGITS:
            self.jump_to(typed)
            return
        row = self.current_row()
        if row is None:
            self.say("⚠ " + _("Choose the product in the list first."))
            return
        position = self.model.rows().index(row)
        actor, sid, note = self._ctx.actor, self.view.id, self.note_box.text()
        self.count_box.clear()
        if position + 1 < self.model.rowCount():
            self.table.selectRow(position + 1)  # at once: the next count can be typed
        self.count_box.setFocus()

        def done(counted: CountRow) -> None:
            rows = self.model.rows()
            at = next((i for i, r in enumerate(rows) if r.product_id == counted.product_id),
                      None)
            if at is not None:
                self.model.replace_row(at, counted)
            self.say(_("{name}: {counted} counted, {variance} against the books.").format(
                name=counted.name, counted=counted.counted, variance=signed(counted.variance)))

        def failed(exc: BaseException) -> None:
            select_where(self.table, lambda r: r.product_id == row.product_id)
            self.count_box.setText(typed)  # nothing typed is lost
            self.count_box.setFocus()
            self.refused(exc)

        self._ctx.worker.run(lambda c: stocktake.record_count(
            c, actor=actor, stocktake_id=sid, product_id=row.product_id, counted=typed,
            note=note), on_done=done, on_error=failed)

    def jump_to(self, code: str) -> None:
        rows = self.model.rows()
        at = next((i for i, r in enumerate(rows) if r.barcode == code), None)
        if at is None:
            self.say("⚠ " + _("No product on this stock-take has the barcode {code}.").format(
                code=code))
            self.count_box.selectAll()
            return
        self.table.selectRow(at)
        self.table.scrollTo(self.model.index(at, 0))
        self.count_box.clear()
        self.say(_("{name}: type its count.").format(name=rows[at].name))

    # -- finishing
    def finish(self) -> None:
        if self.view is None:
            return
        if self.view.totals.uncounted:
            missing = [r.name for r in self.view.rows if r.counted is None]
            self.say("⚠ " + _("Not counted yet: {names}.").format(
                names=_("、").join(missing[:5]) + ("…" if len(missing) > 5 else "")))
            select_where(self.table, lambda r: r.counted is None)
            self.count_box.setFocus()
            return
        dialog = finish_dialog(self._ctx, self.view, self)
        if self.run_dialog(dialog):
            self.say(ngettext("The stock-take is finished: {n} product adjusted.",
                              "The stock-take is finished: {n} products adjusted.",
                              dialog.result_value or 0).format(n=dialog.result_value or 0))
        dialog.deleteLater()

    def abandon(self) -> None:
        if self.view is None:
            return
        dialog = abandon_dialog(self._ctx, self.view, self)
        if self.run_dialog(dialog):
            self.say(_("The stock-take was given up."))
        dialog.deleteLater()

    # -- printing
    def print_sheet(self) -> None:
        if self.view is None:
            return
        view = self.view
        path = self.choose_path(_("Print the stock-take sheet"),
                                _("Stock-take sheet {day}").format(day=view.on.isoformat())
                                + ".pdf")
        if path is None:
            return
        actor = self._ctx.actor

        def done(n: int) -> None:
            self.say(_("The sheet was saved as {file}.").format(file=path.name))
            self.show_file(path)

        self._ctx.worker.run(lambda c: labels.save_stocktake_sheet(
            c, actor=actor, stocktake_id=view.id, path=path), on_done=done,
            on_error=self.refused)

    def print_result(self) -> None:
        """The open stock-take's result so far; with none open, the chosen past one's."""
        chosen = self.view or chosen_one(self.past)
        if chosen is None:
            return
        path = self.choose_path(_("Print the stock-take result"),
                                _("Stock-take result {day}").format(day=chosen.on.isoformat())
                                + ".pdf")
        if path is None:
            return
        actor = self._ctx.actor

        def done(n: int) -> None:
            self.say(_("The result was saved as {file}.").format(file=path.name))
            self.show_file(path)

        self._ctx.worker.run(lambda c: labels.save_stocktake_result(
            c, actor=actor, stocktake_id=chosen.id, path=path), on_done=done,
            on_error=self.refused)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        if self.view is not None:
            self.count_box.setFocus()
