"""探访对象: the elders on the visit list (tier, frequency, willingness, pair, last visit and
when the next is due), the residents who qualify and are not on it yet (待纳入), and those
taken off it; the dialogs that edit an elder's place on the list, take them off it, report a
major change (a visit within 24 hours) and show their visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from neighborcenter.core.roles import Permission
from neighborcenter.features.visits import VISITS, elders, records
from neighborcenter.features.visits.rules import (
    Area,
    ChangeKind,
    FollowUpStatus,
    Tier,
    Willing,
    item_label,
)
from neighborcenter.features.visits.ui.lists import (
    WARNING,
    ColouredModel,
    day,
    fit_wrapped,
    labelled,
)
from neighborcenter.i18n import _, format_datetime, ngettext
from neighborcenter.ui.common.dialogs import (
    FormDialog,
    button,
    close_buttons,
    combo,
    line,
    reload_while_open,
    today_line,
)
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import (
    chosen,
    chosen_one,
    fit_columns,
    rows_table,
    select_where,
)
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import is_large_print

LISTS = ("listed", "candidates", "ended")


def _due_text(r: elders.ElderRow, today: dt.date) -> str:
    if r.ended is not None:
        return _("Off the list since {day}").format(day=day(r.ended))
    if r.willing != Willing.YES:
        return ""
    if r.next_due is None:
        return "⚠ " + _("Never visited")
    if r.next_due < today:
        return "⚠ " + _("Overdue since {day}").format(day=day(r.next_due))
    return day(r.next_due)


def _willing_text(r: elders.ElderRow) -> str:
    return ("⚠ " if r.willing == Willing.UNKNOWN and r.ended is None else "") + r.willing.label


def elder_columns(today: dt.date) -> list[Column[elders.ElderRow]]:
    return [
        Column(lambda: _("Name"), lambda r: r.resident.name),
        Column(lambda: _("Age"), lambda r: "" if r.resident.age is None else str(r.resident.age),
               align_right=True),
        Column(lambda: _("Address"), lambda r: r.resident.address),
        Column(lambda: _("On the list because"), lambda r: r.reasons),
        Column(lambda: _("Risk tier"), lambda r: r.tier.label),
        Column(lambda: _("How often"), lambda r: r.frequency.label),
        Column(lambda: _("Willingness"), _willing_text),
        Column(lambda: _("Visiting pair"), lambda r: r.pair or "—"),
        Column(lambda: _("Last visit"), lambda r: day(r.last_visit) or "—"),
        Column(lambda: _("Next visit due by"), lambda r: _due_text(r, today)),
    ]


WILLING_COLUMN = 6


CANDIDATE_COLUMNS: list[Column[elders.Candidate]] = [
    Column(lambda: _("Name"), lambda c: c.resident.name),
    Column(lambda: _("Age"), lambda c: "" if c.resident.age is None else str(c.resident.age),
           align_right=True),
    Column(lambda: _("Address"), lambda c: c.resident.address),
    Column(lambda: _("Qualifies because"), lambda c: c.reasons),
    Column(lambda: _("Suggested tier"), lambda c: c.suggested_tier.label),
    Column(lambda: _("Tags"), lambda c: c.resident.tags),
]


class EldersTab(ListTab):
    """The visit list, the residents to add to it, and those taken off it (one list at a
    time, chosen above it)."""

    DROPS = {"listed": (1, 5, 3, 8, 2), "candidates": (1, 5, 2), "ended": (1, 5, 3, 8, 2)}

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        self.today = dt.date.today()
        top = FlowLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Name, address or reason"))
        self.search.textChanged.connect(self._show_rows)
        top.addWidget(labelled(_("&Look up"), self.search))
        self.which = QComboBox()
        for key in LISTS:
            self.which.addItem(self._list_title(key), key)
        self.which.currentIndexChanged.connect(self._list_chosen)
        top.addWidget(labelled(_("&Show"), self.which))
        actions = top  # one row that wraps: the list keeps the height of the screen
        self.add_button = button(actions, _("&Add to the visit list"), self.add_chosen,
                                 can_record)
        self.edit_button = button(actions, _("&Edit…"), self.edit_chosen, can_record)
        self.end_button = button(actions, _("&Take off the list…"), self.end_chosen,
                                 can_record)
        self.change_button = button(actions, _("&Major change…"), self.report_change,
                                    can_record)
        self.visits_button = button(actions, _("Visit histor&y…"), self.show_visits)
        self.record_button = button(actions, _("&Record a visit…"), self.record_visit,
                                    can_record)
        self.column.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.column.addWidget(self.message)

        self.elder_model = ColouredModel(elder_columns(self.today), self._elder_colour, self)
        self.candidate_model = ColouredModel(CANDIDATE_COLUMNS, lambda c, col: None, self)
        self.list_area(self.elder_model, self.open_row, many=True)
        self.candidate_model.modelReset.connect(self._update)
        self._elders: list[elders.ElderRow] = []
        self._candidates: list[elders.Candidate] = []
        self._pairs: list[elders.PairRow] = []
        self.candidates_did_change: Any = None  # set by the page: its tab title counts them
        self._list_chosen()

    def _list_title(self, key: str, n: int | None = None) -> str:
        titles = {"listed": _("On the visit list"), "candidates": _("Qualify, not on the list"),
                  "ended": _("Taken off the list")}
        return titles[key] if n is None else _("{title} ({n})").format(title=titles[key], n=n)

    def _elder_colour(self, r: elders.ElderRow, column: int):
        if r.overdue(self.today):
            return WARNING
        if column == WILLING_COLUMN and r.willing == Willing.UNKNOWN and r.ended is None:
            return WARNING
        return None

    @property
    def list_key(self) -> str:
        return self.which.currentData()

    def show_list(self, key: str) -> None:
        """"candidates", "ended", "listed"; "overdue": the list, those not visited for too
        long first (they are at the top in the warning colour)."""
        self.which.setCurrentIndex(max(self.which.findData(
            "listed" if key == "overdue" else key), 0))

    def _list_chosen(self, *_args) -> None:
        candidates = self.list_key == "candidates"
        model = self.candidate_model if candidates else self.elder_model
        if self.table.model() is not model:
            self.table.setModel(model)
            self.model = model
            self.table.selectionModel().selectionChanged.connect(self._update)
        self.table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection if candidates
            else QAbstractItemView.SelectionMode.SingleSelection)
        self.DROP = self.DROPS[self.list_key]
        self.message.hide()
        self._show_rows()

    # -- reading
    def reload(self) -> None:
        actor = self._ctx.actor
        self.today = dt.date.today()

        def job(c):
            return (elders.list_elders(c, actor=actor, include_ended=True),
                    elders.list_candidates(c, actor=actor), elders.list_pairs(c, actor=actor))

        self._ctx.worker.run(job, on_done=lambda result: self._show(*result),
                             on_error=self.failed)

    def _show(self, listed: list[elders.ElderRow], candidates: list[elders.Candidate],
              pairs: list[elders.PairRow]) -> None:
        self._elders, self._candidates, self._pairs = listed, candidates, pairs
        counts = {"listed": sum(1 for r in listed if r.ended is None),
                  "candidates": len(candidates),
                  "ended": sum(1 for r in listed if r.ended is not None)}
        for position, key in enumerate(LISTS):
            self.which.setItemText(position, self._list_title(key, counts[key]))
        if self.candidates_did_change is not None:
            self.candidates_did_change(len(candidates))
        self._show_rows()

    def _matches(self, words: str, *texts: str) -> bool:
        return not words or any(words in t for t in texts)

    def _show_rows(self, *_args) -> None:
        words = self.search.text().strip()
        key = self.list_key
        keep = chosen_one(self.table)
        if key == "candidates":
            shown: list = [c for c in self._candidates
                           if self._matches(words, c.resident.name, c.resident.address,
                                            c.reasons)]
            self.candidate_model.set_rows(shown)
            self.count.setText(ngettext(
                "{n} resident qualifies for visits and is not on the list yet. Choose them "
                "(Ctrl+A: all) and add them: they are asked whether they want visits before "
                "any visit is planned.",
                "{n} residents qualify for visits and are not on the list yet. Choose them "
                "(Ctrl+A: all) and add them: they are asked whether they want visits before "
                "any visit is planned.", len(self._candidates)).format(n=len(self._candidates)))
            self.empty.setText(_("Everyone who qualifies is on the visit list."))
        else:
            ended = key == "ended"
            rows = [r for r in self._elders if (r.ended is not None) == ended]
            shown = [r for r in rows if self._matches(words, r.resident.name,
                                                      r.resident.address, r.reasons, r.pair)]
            self.elder_model.set_rows(shown)
            if ended:
                self.count.setText(ngettext("{n} elder taken off the list",
                                            "{n} elders taken off the list",
                                            len(rows)).format(n=len(rows)))
                self.empty.setText(_("Nobody has been taken off the list."))
            else:
                late = sum(1 for r in rows if r.overdue(self.today))
                unknown = sum(1 for r in rows if r.willing == Willing.UNKNOWN)
                text = ngettext("{n} elder on the visit list", "{n} elders on the visit list",
                                len(rows)).format(n=len(rows))
                if late:
                    text += "　⚠ " + ngettext("{n} not visited for longer than their "
                                              "frequency", "{n} not visited for longer than "
                                              "their frequency", late).format(n=late)
                if unknown:
                    text += "　⚠ " + ngettext("{n} not asked yet whether they want visits",
                                              "{n} not asked yet whether they want visits",
                                              unknown).format(n=unknown)
                self.count.setText(text)
                self.empty.setText(_("Nobody is on the visit list yet. Show “Qualify, not on "
                                     "the list” to add the residents the rules find."))
        if words and not shown:
            self.empty.setText(_("No one matches “{text}”.").format(text=words))
        self.empty.setVisible(not shown)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda r: r.resident.id == keep.resident.id)
        self._update()

    def _update(self, *_args) -> None:
        if not hasattr(self, "add_button"):
            return
        key = self.list_key
        rows = chosen(self.table)
        one = rows[0] if len(rows) == 1 else None
        for widget, shown in ((self.add_button, key == "candidates"),
                              (self.end_button, key == "listed"),
                              (self.change_button, key == "listed"),
                              (self.record_button, key == "listed"),
                              (self.visits_button, key != "candidates")):
            can = widget is self.visits_button or self._ctx.actor.can(
                Permission.RECORD_VISITS)
            widget.setVisible(shown and can)
        self.add_button.setEnabled(bool(rows))
        self.edit_button.setEnabled(one is not None)
        self.edit_button.setText(_("Put &back on the list…") if key == "ended"
                                 else _("&Edit…"))
        self.end_button.setEnabled(one is not None)
        declined = one is not None and getattr(one, "willing", None) == Willing.NO
        self.change_button.setEnabled(one is not None and not declined)
        self.record_button.setEnabled(one is not None)
        self.visits_button.setEnabled(one is not None)

    def fit(self) -> None:
        fit_columns(self.table, self.DROP)

    # -- actions
    def open_row(self, row) -> None:
        if self._ctx.actor.can(Permission.RECORD_VISITS):
            self.edit(row)
        elif isinstance(row, elders.ElderRow):
            self.visits_dialog(row).exec()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def add_chosen(self) -> None:
        rows = [c for c in chosen(self.table) if isinstance(c, elders.Candidate)]
        if not rows:
            return
        ids, actor = [c.resident.id for c in rows], self._ctx.actor
        self.add_button.setEnabled(False)
        self._ctx.worker.run(
            lambda c: elders.add_candidates(c, actor=actor, resident_ids=ids),
            on_done=self._added, on_error=self._add_failed)

    def _add_failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.message.show()
        self.failed(exc, self.message)

    def _added(self, result: elders.Added) -> None:
        self.add_button.setEnabled(True)
        self._say(ngettext(
            "{n} elder put on the visit list, with the tier the rules suggest. Ask them "
            "whether they want visits and record the answer (Edit…): visits are planned only "
            "for those who agree.",
            "{n} elders put on the visit list, with the tier the rules suggest. Ask each "
            "whether they want visits and record the answer (Edit…): visits are planned only "
            "for those who agree.", result.added).format(n=result.added))

    def edit_chosen(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.edit(row)

    def edit(self, row) -> None:
        dialog = elder_dialog(self._ctx, row, self._pairs, self)
        dialog.exec()
        dialog.deleteLater()

    def end_chosen(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, elders.ElderRow):
            dialog = end_dialog(self._ctx, row, self)
            dialog.exec()
            dialog.deleteLater()

    def report_change(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, elders.ElderRow):
            dialog = major_change_dialog(self._ctx, row, self)
            if dialog.exec():
                self._say(_("A visit to {name} within 24 hours is on the plan and at the top "
                            "of the home page until it is made.").format(
                                name=row.resident.name))
            dialog.deleteLater()

    def visits_dialog(self, row: elders.ElderRow) -> ElderVisitsDialog:
        return ElderVisitsDialog(self._ctx, row.resident.id, row.resident.name, self)

    def show_visits(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, elders.ElderRow):
            dialog = self.visits_dialog(row)
            dialog.exec()
            dialog.deleteLater()

    def record_visit(self) -> None:
        row = chosen_one(self.table)
        if isinstance(row, elders.ElderRow):
            from neighborcenter.features.visits.ui.page import open_visit_dialog

            open_visit_dialog(self._ctx, self, resident_id=row.resident.id)


# ------------------------------------------------------------------------------- dialogs


def pair_choices(pairs: list[elders.PairRow], current: str | None = None
                 ) -> list[tuple[str, str | None]]:
    """The active pairs to choose from (and the current one, even if it no longer visits)."""
    return [(_("— None: the plan gives one —"), None), *(
        (p.name if p.active else _("{name} (no longer visits)").format(name=p.name), p.id)
        for p in pairs if p.active or p.id == current)]


def elder_dialog(ctx: AppContext, row: elders.ElderRow | elders.Candidate,
                 pairs: list[elders.PairRow], parent=None) -> FormDialog:
    """An elder's place on the visit list: whether they want visits (and when they said so),
    the risk tier and why, the pair that visits them. A resident who qualifies comes with the
    tier the rules suggest and its reason; one taken off the list is put back on it."""
    actor, resident = ctx.actor, row.resident
    listed = isinstance(row, elders.ElderRow)
    willing = row.willing if isinstance(row, elders.ElderRow) else Willing.UNKNOWN
    tier = row.tier if isinstance(row, elders.ElderRow) else row.suggested_tier
    reason = row.tier_reason if isinstance(row, elders.ElderRow) else row.reasons
    pair_id = row.pair_id if isinstance(row, elders.ElderRow) else None
    willing_box = combo([(w.label, w) for w in Willing], willing)
    answered = line(row.willing_on.isoformat() if isinstance(row, elders.ElderRow)
                    and row.willing_on else "", _("e.g. 2026-01-31"))

    def willing_changed(*_args) -> None:  # a yes or a no is given on a day: today, unless …
        if willing_box.currentData() != Willing.UNKNOWN and not answered.text().strip():
            answered.setText(dt.date.today().isoformat())

    willing_box.currentIndexChanged.connect(willing_changed)

    def job(v):
        form = elders.ElderForm(willing=v["willing"], willing_on=v["willing_on"],
                                tier=v["tier"], tier_reason=v["tier_reason"],
                                pair_id=v["pair"], notes=v["notes"])
        return lambda c: elders.save_elder(c, actor=actor, resident_id=resident.id, form=form)

    age = "" if resident.age is None else _("{age} years").format(age=resident.age)
    note = "　".join(t for t in (resident.name, age, resident.address) if t)
    note += "\n" + _("On the list because: {reasons}").format(reasons=row.reasons or "—")
    if not listed or (isinstance(row, elders.ElderRow) and row.ended is not None):
        title = _("Put {name} on the visit list").format(name=resident.name)
        note += "\n" + _("Visits are planned once they agree to them.")
    else:
        title = _("{name} on the visit list").format(name=resident.name)
    return fit_wrapped(FormDialog(ctx, title, [
        ("willing", _("&Willing to be visited"), willing_box),
        ("willing_on", _("&Answered on"), answered),
        ("tier", _("Risk &tier"), combo([(t.label, t) for t in Tier], tier)),
        ("tier_reason", _("&Reason for the tier"),
         line(reason, _("e.g. 独居, 80岁以上, 刚出院"))),
        ("pair", _("Visiting &pair"), combo(pair_choices(pairs, pair_id), pair_id)),
        ("notes", _("&Notes"), line(row.notes if isinstance(row, elders.ElderRow) else "")),
    ], job, parent, note=note))


def end_dialog(ctx: AppContext, row: elders.ElderRow, parent=None) -> FormDialog:
    actor = ctx.actor

    def job(v):
        return lambda c: elders.end_elder(c, actor=actor, elder_id=row.elder_id, on=v["on"],
                                          reason=v["reason"])

    title = _("Take {name} off the visit list").format(name=row.resident.name)
    return fit_wrapped(FormDialog(ctx, title, [
        ("on", _("&From"), today_line()),
        ("reason", _("&Reason"), line(placeholder=_("e.g. 搬离本社区, 入住养老院"))),
    ], job, parent, note=_("Visits planned from that day are cancelled; the visits made stay "
                           "on record. They can be put back on the list later."),
        action=_("Take off the list")))


def major_change_dialog(ctx: AppContext, row: elders.ElderRow, parent=None) -> FormDialog:
    actor = ctx.actor

    def job(v):
        return lambda c: elders.report_major_change(
            c, actor=actor, resident_id=row.resident.id, kind=v["kind"],
            happened_at=v["happened_at"], notes=v["notes"])

    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return fit_wrapped(FormDialog(ctx, _("Major change: {name}").format(name=row.resident.name), [
        ("kind", _("&What happened"), combo([(k.label, k) for k in ChangeKind])),
        ("happened_at", _("W&hen"), line(now, _("e.g. 2026-11-30 14:30"))),
        ("notes", _("&Notes"), line(placeholder=_("e.g. 出院回家，行动不便"))),
    ], job, parent, note=_("A visit is planned within 24 hours of the change. It stays at the "
                           "top of the home page until it is made."),
        action=_("Plan the visit")))


# --------------------------------------------------------------------------- visits of one


def attention_text(detail: records.VisitDetail) -> str:
    """What the visitors ticked as needing attention: 身体状况：行动能力、疾病情况；…"""
    parts = []
    for area in Area:
        codes = detail.items.get(area, ())
        if codes:
            parts.append(_("{area}: {items}").format(
                area=area.label, items=_("、").join(item_label(area, c) for c in codes)))
    return _("; ").join(parts)


def _follow_up_text(d: records.VisitDetail) -> str:
    open_ = [f for f in d.follow_ups if f.status == FollowUpStatus.OPEN]
    if not d.follow_ups:
        return ""
    return _("{open} open of {all}").format(open=len(open_), all=len(d.follow_ups))


VISIT_COLUMNS: list[Column[records.VisitDetail]] = [
    Column(lambda: _("When"), lambda d: format_datetime(d.visited_at, "short")),
    Column(lambda: _("How"), lambda d: d.method.label
           + ("　" + _("(from paper)") if d.from_paper else "")),
    Column(lambda: _("Visitors"), lambda d: _("、").join(d.visitors)),
    Column(lambda: _("Follow-ups"), _follow_up_text),
    Column(lambda: _("Emergency"), lambda d: ("⚠ " + _("Emergency")
                                               + ("" if d.emergency_closed_on is None else
                                                  "　" + _("dealt with")))
           if d.emergency else ""),
    Column(lambda: _("Made for"), lambda d: _("、").join(d.plans)),
    # last: it takes the room left, its end cut off (the visit itself shows it whole)
    Column(lambda: _("Needs attention"), attention_text),
]
VISIT_DROP = (5, 2, 1)  # made for, visitors, how


class ElderVisitsDialog(QDialog):
    """An elder's visits, newest first; one is opened to see or correct it (Enter)."""

    def __init__(self, ctx: AppContext, resident_id: str, name: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self.resident_id = ctx, resident_id
        self.setWindowTitle(_("Visits to {name}").format(name=name))
        body = QVBoxLayout()
        self.model = ColouredModel(
            VISIT_COLUMNS, lambda d, col: WARNING if d.emergency
            and d.emergency_closed_on is None else None, self)
        self.table = rows_table(self.model)
        self.table.activated.connect(lambda index: self.open_visit(
            self.model.row_at(index.row())))
        body.addWidget(self.table, 1)
        self.table.viewport().installEventFilter(self)  # its width known: the columns fit
        self.empty = QLabel(_("{name} has not been visited yet.").format(name=name))
        self.empty.setObjectName("emptyHint")
        self.empty.hide()
        body.addWidget(self.empty)
        row = FlowLayout()
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        self.open_button = button(row, _("&Open the visit…"), self.open_chosen, can_record)
        self.record_button = button(row, _("&Record a visit…"), self.record, can_record)
        body.addLayout(row)
        self.buttons = close_buttons(self, enter_closes=False)
        scrolling_body(self, body, self.buttons)
        fit_to_screen(self, QSize(1340, 640) if is_large_print() else QSize(1000, 520))
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        reload_while_open(self, ctx, frozenset({VISITS}), self.reload)
        self._update()
        self.reload()

    def reload(self) -> None:
        actor, rid = self._ctx.actor, self.resident_id
        self._ctx.worker.run(lambda c: records.elder_visits(c, actor=actor, resident_id=rid),
                             on_done=self._show)

    def fit(self) -> None:
        """No sideways scrolling: what the visitors found (the last column) takes the room
        left, at least a few words of it; the columns of VISIT_DROP go first if there is
        not that much room."""
        table, last = self.table, self.model.columnCount() - 1
        for column in range(last + 1):
            table.setColumnHidden(column, False)
        table.resizeColumnsToContents()
        room = table.viewport().width()
        least = min(table.columnWidth(last), table.fontMetrics().horizontalAdvance("M" * 16))

        def others() -> int:
            return sum(table.columnWidth(c) for c in range(last) if not table.isColumnHidden(c))

        for column in VISIT_DROP:
            if others() + least <= room:
                break
            table.setColumnHidden(column, True)
        if table.columnWidth(last) > room - others():
            table.setColumnWidth(last, max(room - others(), least))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def _show(self, visits: list[records.VisitDetail]) -> None:
        self.model.set_rows(visits)
        self.fit()
        self.table.setVisible(bool(visits))
        self.empty.setVisible(not visits)
        if visits:
            self.table.selectRow(0)
            self.table.setFocus()

    def _update(self, *_args) -> None:
        self.open_button.setEnabled(chosen_one(self.table) is not None)

    def open_visit(self, detail: records.VisitDetail) -> None:
        if not self._ctx.actor.can(Permission.RECORD_VISITS):
            return
        from neighborcenter.features.visits.ui.page import open_visit_dialog

        open_visit_dialog(self._ctx, self, visit_id=detail.id)

    def open_chosen(self) -> None:
        detail = chosen_one(self.table)
        if detail is not None:
            self.open_visit(detail)

    def record(self) -> None:
        from neighborcenter.features.visits.ui.page import open_visit_dialog

        open_visit_dialog(self._ctx, self, resident_id=self.resident_id)
