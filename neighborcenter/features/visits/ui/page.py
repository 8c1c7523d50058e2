"""探访关爱: one page with six tabs — the month's plan (本月计划: what is due, overdue, done or
missed, by pair or by one visitor), the visit list (探访对象, with the residents who qualify
and are not on it yet), the visiting pairs (探访小组), the festival visits (节日走访), the
follow-ups (跟进事项) and the overview (统计) — and the visits' settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.register import REGISTER
from neighborcenter.features.visits import VISITS, elders, plans
from neighborcenter.features.visits.rules import (
    PlanKind,
    VisitState,
    add_months,
    month_key,
    parse_month,
)
from neighborcenter.features.visits.ui.lists import (
    STATE_BRUSHES,
    WARNING,
    ColouredModel,
    day,
    labelled,
    month_title,
    state_text,
    window_text,
)
from neighborcenter.features.volunteers import VOLUNTEERS, people
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import button
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import chosen_one
from neighborcenter.ui.context import AppContext

TAB_KEYS = ("plan", "elders", "pairs", "campaigns", "follow_ups", "overview")


def open_visit_dialog(ctx: AppContext, parent: QWidget, **which: Any) -> None:
    """The visit form (ui/record.py): ``resident_id`` and ``plan_id`` to record a planned
    visit, ``visit_id`` to see or correct one recorded."""
    from neighborcenter.features.visits.ui import record

    dialog = record.VisitDialog(ctx, parent=parent, **which)
    dialog.exec()
    dialog.deleteLater()


def save_path(parent: QWidget, title: str, name: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name),
                                                "PDF (*.pdf)")
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else path + ".pdf")


def open_file(path: Path) -> None:
    """The PDF in the system's viewer: its preview, and its Print with the printer chosen."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_plan(ctx: AppContext, parent: QWidget, message: QLabel, *, routes: bool,
               year: int | None = None, month: int | None = None,
               campaign_id: str | None = None, campaign: str = "", pair_id: str | None = None,
               volunteer_id: str | None = None) -> None:
    """The visit sheets (one A4 page per elder) or the route lists (one per pair) of a month
    or of a festival's visits (``campaign_id``; ``campaign`` its name), of one pair or (route
    lists) of one visitor's pairs: saved as a PDF (the print is audited), then opened in the
    system's viewer to preview it and print it on the printer chosen there."""
    from neighborcenter.features.visits import printouts

    title = _("Print route lists") if routes else _("Print visit sheets")
    path = save_path(parent, title, printouts.suggested_file_name(
        "routes" if routes else "sheets", year=year, month=month, campaign=campaign))
    if path is None:
        return
    actor = ctx.actor
    which: dict[str, Any] = {"year": year, "month": month, "campaign_id": campaign_id,
                             "pair_id": pair_id}

    def job(c):
        if routes:
            done = printouts.save_route_lists(c, actor=actor, path=path,
                                              volunteer_id=volunteer_id, **which)
            return ngettext("{n} route list saved as {file}.",
                            "{n} route lists saved as {file}.", done.lists).format(
                n=done.lists, file=path.name)
        n = printouts.save_visit_sheets(c, actor=actor, path=path, **which)
        return ngettext("{n} visit sheet saved as {file}.", "{n} visit sheets saved as {file}.",
                        n).format(n=n, file=path.name)

    def done(text: str) -> None:
        message.setText(text)
        message.show()
        open_file(path)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        message.setText("⚠ " + str(exc))
        message.show()

    ctx.worker.run(job, on_done=done, on_error=failed, progress_label=_("Printing…"))


# ------------------------------------------------------------------------------ the plan


def kind_text(r: plans.PlanRow) -> str:
    if r.kind == PlanKind.URGENT:
        return "⚠ " + _("Within 24 hours")
    if r.kind == PlanKind.FESTIVAL:
        return r.campaign or _("Festival")
    return _("Regular")


PLAN_COLUMNS: list[Column[plans.PlanRow]] = [
    Column(lambda: _("Elder"), lambda r: r.resident.name),
    Column(lambda: _("Address"), lambda r: r.resident.address),
    Column(lambda: _("Risk tier"), lambda r: r.tier.label),
    Column(lambda: _("Kind of visit"), kind_text),
    Column(lambda: _("To be made"), lambda r: window_text(r.starts_on, r.due_on)),
    Column(lambda: _("Visiting pair"), lambda r: r.pair or "—"),
    Column(lambda: _("State"), lambda r: state_text(r.state, r.late)),
    Column(lambda: _("Visited on"), lambda r: day(r.visited_on)),
]
KIND_COLUMN, STATE_COLUMN = 3, 6

#: the state filter: (label, the states shown)
STATE_FILTERS: tuple[tuple[Any, frozenset[VisitState] | None], ...] = (
    (lambda: _("All"), None),
    (lambda: _("Not visited yet"), frozenset({VisitState.DUE, VisitState.OVERDUE})),
    *((lambda s=s: s.label, frozenset({s})) for s in VisitState),
)


def _plan_colour(r: plans.PlanRow, column: int):
    if column == STATE_COLUMN:
        return STATE_BRUSHES.get(r.state)
    if column == KIND_COLUMN and r.kind == PlanKind.URGENT and r.state != VisitState.DONE:
        return WARNING
    return None


def generated_text(g: plans.Generated, year: int, month: int) -> str:
    """What generating the plan did, in plain words: what to do next comes first."""
    lines = [ngettext("{n} visit planned for {month}.", "{n} visits planned for {month}.",
                      g.created).format(n=g.created, month=month_title(year, month))]
    if g.existing:
        lines[0] += " " + ngettext("{n} was planned before.", "{n} were planned before.",
                                   g.existing).format(n=g.existing)
    if g.not_asked:
        lines.append("⚠ " + ngettext(
            "{n} elder on the list has not been asked yet whether they want visits: ask "
            "them and record the answer (Visit list → Edit…). They get no visits until then.",
            "{n} elders on the list have not been asked yet whether they want visits: ask "
            "them and record the answers (Visit list → Edit…). They get no visits until then.",
            g.not_asked).format(n=g.not_asked))
    if g.without_pair:
        lines.append("⚠ " + ngettext(
            "{n} visit has no visiting pair: add a pair on the Visiting pairs tab, then "
            "generate again.",
            "{n} visits have no visiting pair: add a pair on the Visiting pairs tab, then "
            "generate again.", g.without_pair).format(n=g.without_pair))
    if g.assigned:
        lines.append(ngettext("{n} elder was given the visiting pair with the fewest visits.",
                              "{n} elders were given the visiting pairs with the fewest "
                              "visits.", g.assigned).format(n=g.assigned))
    if g.declined:
        lines.append(ngettext("{n} elder declined visits and gets none.",
                              "{n} elders declined visits and get none.",
                              g.declined).format(n=g.declined))
    return "\n".join(lines)


class _ListKeys(QObject):
    """PageUp and PageDown scroll the list when it has the focus (elsewhere on the tab they
    change the month)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            event.accept()
            return True
        return super().eventFilter(watched, event)


class PlanTab(ListTab):
    """The plan of a month: every planned visit with its state, and the overdue ones of the
    months before that can still be made."""

    DROP = (2, 1, 4)  # tier, address, when

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        can_record = ctx.actor.can(Permission.RECORD_VISITS)

        top = FlowLayout()  # wraps in large print rather than widen the window
        self.month_edit = QLineEdit(month_key(self.year, self.month))
        self.month_edit.setMaximumWidth(self.month_edit.fontMetrics().horizontalAdvance(
            "2026-11") + 40)
        self.month_edit.setToolTip(_("Write a month as 2026-11 and press Enter; PageUp and "
                                     "PageDown go to the month before and after."))
        self.month_edit.returnPressed.connect(self._month_typed)
        top.addWidget(labelled(_("&Month"), self.month_edit))
        self.previous_button = button(top, _("&Previous month"), lambda: self.step(-1))
        self.next_button = button(top, _("&Next month"), lambda: self.step(1))
        self.who = QComboBox()
        self.who.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.who.setMinimumContentsLength(8)  # a pair's or a visitor's name: the list is wider
        self.who.addItem(_("All visitors"), None)
        self.who.currentIndexChanged.connect(self.reload)
        top.addWidget(labelled(_("&Who visits"), self.who))
        self.state = QComboBox()
        for text, states in STATE_FILTERS:
            self.state.addItem(text(), states)
        self.state.currentIndexChanged.connect(self._show_rows)
        top.addWidget(labelled(_("&State"), self.state))
        actions = self.action_row = top  # one row that wraps: the list keeps the screen's height
        self.generate_button = button(actions, _("&Generate the month's plan"), self.generate,
                                      can_record)
        self.record_button = button(actions, _("&Record the visit…"), self.record_selected,
                                    can_record)
        self.sheets_button = button(actions, _("Print visit s&heets…"), self.print_sheets)
        self.routes_button = button(actions, _("Print route &lists…"), self.print_routes)
        self.column.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.column.addWidget(self.message)

        self.list_area(ColouredModel(PLAN_COLUMNS, _plan_colour, self), self.open_row)
        self._keys = _ListKeys(self)
        self.table.installEventFilter(self._keys)
        for key, months in ((Qt.Key.Key_PageUp, -1), (Qt.Key.Key_PageDown, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda months=months: self.step(months))
        self._rows: list[plans.PlanRow] = []
        self._pairs: list[elders.PairRow] = []
        self._update()

    # -- the month
    def step(self, months: int) -> None:
        moved = add_months(dt.date(self.year, self.month, 1), months)
        self.set_month(moved.year, moved.month)

    def set_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.month_edit.setText(month_key(year, month))
        self.message.hide()
        self.reload()

    def _month_typed(self) -> None:
        try:
            year, month = parse_month(self.month_edit.text())
        except ValidationError as exc:
            self.message.setText("⚠ " + str(exc))
            self.message.show()
            return  # what was typed stays, to be corrected
        self.set_month(year, month)

    # -- reading
    def reload(self, *_args) -> None:
        actor, year, month = self._ctx.actor, self.year, self.month
        who = self.who.currentData()
        pair_id = who[1] if who and who[0] == "pair" else None
        volunteer_id = who[1] if who and who[0] == "volunteer" else None
        names = actor.can(Permission.VIEW_VOLUNTEERS)

        def job(c):
            return (plans.month_plan(c, actor=actor, year=year, month=month, pair_id=pair_id,
                                     volunteer_id=volunteer_id),
                    elders.list_pairs(c, actor=actor),
                    people.list_volunteers(c, actor=actor) if names else [])

        self._ctx.worker.run(job, on_done=lambda result: self._show(*result),
                             on_error=self.failed)

    def _show(self, rows: list[plans.PlanRow], pairs: list[elders.PairRow],
              volunteers: list[people.VolunteerRow]) -> None:
        self._pairs = pairs
        self._fill_who(pairs, volunteers)
        self._rows = rows
        self._show_rows()

    def _fill_who(self, pairs: list[elders.PairRow],
                  volunteers: list[people.VolunteerRow]) -> None:
        current = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(_("All visitors"), None)
        for p in pairs:
            self.who.addItem(_("Pair: {name}").format(name=p.name), ("pair", p.id))
        visiting = {v for p in pairs for v in (*p.volunteer_ids, p.substitute_volunteer_id)
                    if v}
        for v in volunteers:
            if v.id in visiting:
                self.who.addItem(_("Visitor: {name}").format(name=v.name), ("volunteer", v.id))
        self.who.setCurrentIndex(max(self.who.findData(current), 0))
        self.who.blockSignals(False)

    def _show_rows(self, *_args) -> None:
        states = self.state.currentData()
        rows = [r for r in self._rows if states is None or r.state in states]
        self.show_rows(rows)  # the first visit is chosen: Alt+R acts
        counts = {s: sum(1 for r in self._rows if r.state == s) for s in VisitState}
        planned = ngettext("{n} planned visit", "{n} planned visits", len(self._rows)).format(
            n=len(self._rows))
        states = _("{due} due · {overdue} overdue · {done} done · {missed} missed").format(
            due=counts[VisitState.DUE], overdue=counts[VisitState.OVERDUE],
            done=counts[VisitState.DONE], missed=counts[VisitState.MISSED])
        self.count.setText(_("{planned}: {states}").format(planned=planned, states=states))
        self.empty.setVisible(not rows)
        if not self._rows:
            self.empty.setText(_("Nothing is planned for {month} yet. “Generate the month's "
                                 "plan” plans a visit for every elder who wants visits, by "
                                 "their tier.").format(month=month_title(self.year,
                                                                         self.month)))
        elif not rows:
            self.empty.setText(_("No planned visit is in this state."))

    def _update(self, *_args) -> None:
        row = chosen_one(self.table)
        self.record_button.setEnabled(row is not None and (
            row.visit_id is not None or row.state != VisitState.MISSED))
        self.record_button.setText(_("See or co&rrect the visit…") if row and row.visit_id
                                   else _("&Record the visit…"))
        self.sheets_button.setEnabled(self.model.rowCount() > 0)
        self.routes_button.setEnabled(self.model.rowCount() > 0)

    # -- actions
    def generate(self) -> None:
        actor, year, month = self._ctx.actor, self.year, self.month
        self.generate_button.setEnabled(False)  # one click, one plan
        self._ctx.worker.run(
            lambda c: plans.generate_plan(c, actor=actor, year=year, month=month),
            on_done=lambda g: self._generated(g, year, month),
            on_error=self._generate_failed, progress_label=_("Planning…"))

    def _generated(self, g: plans.Generated, year: int, month: int) -> None:
        self.generate_button.setEnabled(True)
        self.message.setText(generated_text(g, year, month))
        self.message.show()

    def _generate_failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        self.message.show()
        self.failed(exc, self.message)

    def open_row(self, row: plans.PlanRow) -> None:
        if not self._ctx.actor.can(Permission.RECORD_VISITS):
            return
        if row.visit_id:
            open_visit_dialog(self._ctx, self, visit_id=row.visit_id)
        elif row.state != VisitState.MISSED:
            # a stack of paper sheets: 保存并录入下一张 goes on to the next visit listed
            queue = [r.id for r in self.model.rows()
                     if not r.visit_id and r.state != VisitState.MISSED]
            open_visit_dialog(self._ctx, self, resident_id=row.resident.id, plan_id=row.id,
                              queue=queue[queue.index(row.id):] if row.id in queue else None)

    def record_selected(self) -> None:
        row = chosen_one(self.table)
        if row is not None:
            self.open_row(row)

    def _print(self, routes: bool) -> None:
        """The month's sheets or route lists, of the pair chosen above; of a visitor chosen,
        their route lists, and the sheets of their pair (of every pair if they are in
        several)."""
        who = self.who.currentData()
        pair_id = who[1] if who and who[0] == "pair" else None
        volunteer_id = who[1] if who and who[0] == "volunteer" else None
        if volunteer_id and not routes:
            theirs = [p.id for p in self._pairs
                      if volunteer_id in (*p.volunteer_ids, p.substitute_volunteer_id)]
            pair_id = theirs[0] if len(theirs) == 1 else None
        print_plan(self._ctx, self, self.message, routes=routes, year=self.year,
                   month=self.month, pair_id=pair_id,
                   volunteer_id=volunteer_id if routes else None)

    def print_sheets(self) -> None:
        self._print(routes=False)

    def print_routes(self) -> None:
        self._print(routes=True)

    def show_state(self, state: str | None) -> None:
        """Show only the visits in ``state`` (a VisitState value, or "open": not yet made)."""
        for position, (_text, states) in enumerate(STATE_FILTERS):
            if (state == "open" and states == STATE_FILTERS[1][1]) or (
                    state is not None and states == frozenset({state})) or (
                    state is None and states is None):
                self.state.setCurrentIndex(position)
                return


# ---------------------------------------------------------------------------------- page


class VisitsPage(Page):
    kinds = frozenset({VISITS, VOLUNTEERS, REGISTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Elder visits"))
        from neighborcenter.features.visits.ui.campaigns import CampaignsTab
        from neighborcenter.features.visits.ui.elders import EldersTab
        from neighborcenter.features.visits.ui.followups import FollowUpsTab
        from neighborcenter.features.visits.ui.overview import OverviewTab
        from neighborcenter.features.visits.ui.pairs import PairsTab

        self.settings_button = button(None, _("Sett&ings…"), self.open_settings,
                                      ctx.actor.can(Permission.MANAGE_SETTINGS))
        self.tabs = QTabWidget()
        self.plan_tab = PlanTab(ctx)
        # at the end of the plan's buttons: no row of its own (large print needs every row)
        self.plan_tab.action_row.addWidget(self.settings_button)
        self.elders_tab = EldersTab(ctx)
        self.pairs_tab = PairsTab(ctx)
        self.campaigns_tab = CampaignsTab(ctx)
        self.follow_ups_tab = FollowUpsTab(ctx)
        self.overview_tab = OverviewTab(ctx)
        self._tabs: dict[str, QWidget] = dict(zip(TAB_KEYS, (
            self.plan_tab, self.elders_tab, self.pairs_tab, self.campaigns_tab,
            self.follow_ups_tab, self.overview_tab), strict=True))
        for key, tab in self._tabs.items():
            self.tabs.addTab(tab, self._title(key))
        self.elders_tab.candidates_did_change = self._candidates
        self.body.addWidget(self.tabs, 1)
        self._dirty: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setFocusProxy(self.plan_tab.table)

    @staticmethod
    def _title(key: str, waiting: int = 0) -> str:
        titles = {"plan": _("Month's plan"), "elders": _("Visit list"),
                  "pairs": _("Visiting pairs"), "campaigns": _("Festival visits"),
                  "follow_ups": _("Follow-ups"), "overview": _("Overview")}
        if key == "elders" and waiting:
            return _("{title} ({n} to add)").format(title=titles[key], n=waiting)
        return titles[key]

    def _candidates(self, n: int) -> None:
        self.tabs.setTabText(TAB_KEYS.index("elders"), self._title("elders", n))

    def current_key(self) -> str:
        return TAB_KEYS[self.tabs.currentIndex()]

    def reload(self) -> None:
        """Read the tab in view now; the others when they are shown."""
        self._dirty = set(TAB_KEYS)
        self._tab_shown()

    def _tab_shown(self, *_args) -> None:
        key = self.current_key()
        if key in self._dirty:
            self._dirty.discard(key)
            self._tabs[key].reload()  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def show_view(self, filters: Any, caption: str) -> None:
        """A card or a line of the home page: {"tab": "plan", "state": "overdue"} (a
        VisitState value, or "open" for those not made yet), {"tab": "elders", "list":
        "candidates" | "overdue"}, or another tab's key."""
        filters = filters if isinstance(filters, dict) else {}
        key = filters.get("tab", "plan")
        self.show_tab(key if key in TAB_KEYS else "plan")
        if self.current_key() == "plan":
            today = dt.date.today()
            if (self.plan_tab.year, self.plan_tab.month) != (today.year, today.month):
                self.plan_tab.set_month(today.year, today.month)
            self.plan_tab.show_state(filters.get("state"))
            self.plan_tab.table.setFocus()
        elif self.current_key() == "elders" and filters.get("list"):
            self.elders_tab.show_list(filters["list"])
        self._tabs[self.current_key()].setFocus()

    def open_settings(self) -> None:
        from neighborcenter.features.visits.ui.settings import SettingsDialog

        dialog = SettingsDialog(self._ctx, self)
        dialog.exec()
        dialog.deleteLater()
