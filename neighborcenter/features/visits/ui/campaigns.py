"""节日走访: the festival visits — 春节, 元宵, 端午, 中秋, 重阳, 除夕, their dates from the lunar
calendar for any year — with the gift brought, and how many of the planned visits are
made."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QLabel

from neighborcenter.core.roles import Permission
from neighborcenter.features.visits import plans
from neighborcenter.features.visits import settings as visit_settings
from neighborcenter.features.visits.rules import format_rate, visit_rate
from neighborcenter.features.visits.rules.lunar import (
    Festival,
    festival_date,
    festivals_between,
    lunar_label,
)
from neighborcenter.features.visits.ui.lists import (
    ColouredModel,
    day,
    fit_wrapped,
    short_day,
    window_text,
)
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import FormDialog, button, combo, line
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.common.list_tab import ListTab
from neighborcenter.ui.common.table_model import Column
from neighborcenter.ui.common.widgets import chosen_one, select_where
from neighborcenter.ui.context import AppContext

CAMPAIGN_COLUMNS: list[Column[plans.CampaignRow]] = [
    Column(lambda: _("Festival visits"), lambda c: c.name),
    Column(lambda: _("Festival day"),
           lambda c: f"{day(c.festival_on)}（{lunar_label(c.festival_on)}）"),
    Column(lambda: _("Visits made"), lambda c: window_text(c.starts_on, c.ends_on)),
    Column(lambda: _("Gift"), lambda c: c.gift or "—"),
    Column(lambda: _("Planned"), lambda c: str(c.planned), align_right=True),
    Column(lambda: _("Done"), lambda c: str(c.done), align_right=True),
    Column(lambda: _("Visit rate"), lambda c: format_rate(visit_rate(c.done, c.planned)),
           align_right=True),
]


def festival_day_text(festival: Festival, year: int) -> str:
    """"2026年9月25日（八月十五）", from the lunar calendar."""
    on = festival_date(festival, year)
    return f"{day(on)}（{lunar_label(on)}）"


class CampaignDialog(FormDialog):
    """A festival and a year: the festival's day (computed from the lunar calendar as they
    are chosen) and the days its visits are made; the gift brought."""

    def __init__(self, ctx: AppContext, parent=None, *, festival: Festival | None = None,
                 year: int | None = None) -> None:
        actor = ctx.actor
        this_year = dt.date.today().year
        self.festival_box = combo([(f.label, f) for f in Festival],
                                  festival or self.next_festival())
        self.year_box = combo([(str(y), y) for y in range(this_year - 1, this_year + 6)],
                              year or self._year_of_next())

        def job(v):
            return lambda c: plans.create_campaign(c, actor=actor, festival=v["festival"],
                                                   year=v["year"], gift=v["gift"],
                                                   notes=v["notes"])

        super().__init__(ctx, _("New festival visits"), [
            ("festival", _("&Festival"), self.festival_box),
            ("year", _("&Year"), self.year_box),
            ("gift", _("&Gift"), line(placeholder=_("e.g. 月饼一盒, 米面油"))),
            ("notes", _("N&otes"), line()),
        ], job, parent, note=_("Every elder on the list who wants visits gets a festival visit, "
                               "due on the festival day."), action=_("Plan the festival visits"))
        self.date = QLabel()
        self.date.setObjectName("sectionValue")
        self.days = QLabel()
        self.days.setWordWrap(True)
        holder = self.year_box.parentWidget()
        form = holder.layout() if holder is not None else None
        assert isinstance(form, QFormLayout)
        row = form.getWidgetPosition(self.year_box)[0]  # type: ignore[index]
        form.insertRow(row + 2, _("Festival day"), self.date)  # after the year's error line
        form.insertRow(row + 3, _("Visits made"), self.days)
        self._days = (7, 3)
        self.festival_box.currentIndexChanged.connect(self.show_date)
        self.year_box.currentIndexChanged.connect(self.show_date)
        self.show_date()
        fit_to_screen(self)
        fit_wrapped(self)
        ctx.worker.run(lambda c: visit_settings.get_visit_settings(c, actor=actor),
                       on_done=self._settings)

    @staticmethod
    def next_festival() -> Festival:
        coming = festivals_between(dt.date.today(), dt.date.today() + dt.timedelta(days=400))
        return coming[0][0] if coming else Festival.SPRING

    def _year_of_next(self) -> int:
        coming = festivals_between(dt.date.today(), dt.date.today() + dt.timedelta(days=400))
        return coming[0][1].year if coming else dt.date.today().year

    def _settings(self, s: visit_settings.VisitSettings) -> None:
        self._days = (s.festival_days_before, s.festival_days_after)
        self.show_date()

    def show_date(self, *_args) -> None:
        festival, year = self.festival_box.currentData(), self.year_box.currentData()
        on = festival_date(festival, year)
        self.date.setText(festival_day_text(festival, year))
        before, after = self._days
        self.days.setText(_("{window} ({before} days before to {after} after)").format(
            window=window_text(on - dt.timedelta(days=before), on + dt.timedelta(days=after)),
            before=before, after=after))


class CampaignsTab(ListTab):
    DROP = (3, 2)  # gift, window

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        can_record = ctx.actor.can(Permission.RECORD_VISITS)
        self.coming = FlowLayout()  # the coming festivals, one label each: a day never wraps
        self.coming.addWidget(QLabel(_("The coming festivals (✓: visits planned):")))
        self.festivals: list[QLabel] = []
        self.column.addLayout(self.coming)
        actions = FlowLayout()
        self.new_button = button(actions, _("&New festival visits…"), self.new_campaign,
                                 can_record)
        self.sheets_button = button(actions, _("Print visit s&heets…"), self.print_sheets)
        self.routes_button = button(actions, _("Print route &lists…"), self.print_routes)
        self.column.addLayout(actions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.column.addWidget(self.message)
        self.list_area(ColouredModel(CAMPAIGN_COLUMNS, lambda c, col: None, self),
                       lambda c: None)
        self._rows: list[plans.CampaignRow] = []
        self._update()

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: plans.list_campaigns(c, actor=actor),
                             on_done=self._show, on_error=self.failed)

    def _show(self, rows: list[plans.CampaignRow]) -> None:
        self._rows = rows
        keep = chosen_one(self.table)
        self.model.set_rows(rows)
        self.fit()
        if keep is not None:
            select_where(self.table, lambda c: c.id == keep.id)
        elif rows:
            self.table.selectRow(0)
        for label, text in zip(self.festivals, self.coming_days(rows), strict=True):
            label.setText(text)
        self.count.setText(ngettext("{n} festival's visits", "{n} festivals' visits",
                                    len(rows)).format(n=len(rows)))
        self.empty.setText(_("No festival visits yet. “New festival visits…” plans a visit to "
                             "every elder for a festival."))
        self.empty.setVisible(not rows)

    def coming_days(self, rows: list[plans.CampaignRow]) -> list[str]:
        """The festivals of the coming year, each with its day and whether its visits are
        planned (one label each, made as many as there are)."""
        today = dt.date.today()
        planned = {(r.festival, r.festival_on) for r in rows}
        texts = []
        for festival, on in festivals_between(today, today + dt.timedelta(days=365)):
            text = _("{festival} {day} ({lunar})").format(
                festival=festival.label, day=short_day(on), lunar=lunar_label(on))
            texts.append(text + (" ✓" if (festival.value, on) in planned else ""))
        while len(self.festivals) < len(texts):
            label = QLabel()
            self.festivals.append(label)
            self.coming.addWidget(label)
        for label in self.festivals[len(texts):]:
            label.hide()
        return texts + [""] * (len(self.festivals) - len(texts))

    def _update(self, *_args) -> None:
        one = chosen_one(self.table) is not None
        self.sheets_button.setEnabled(one)
        self.routes_button.setEnabled(one)

    def new_campaign(self) -> None:
        dialog = CampaignDialog(self._ctx, self)
        dialog.exec()
        dialog.deleteLater()

    def _print(self, routes: bool) -> None:
        campaign = chosen_one(self.table)
        if campaign is None:
            return
        from neighborcenter.features.visits.ui.page import print_plan

        print_plan(self._ctx, self, self.message, routes=routes, campaign_id=campaign.id,
                   campaign=campaign.name)

    def print_sheets(self) -> None:
        self._print(False)

    def print_routes(self) -> None:
        self._print(True)
