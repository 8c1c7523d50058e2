"""The month's overview as .xlsx, for the street office (月度探访统计): four sheets from
overview.month_overview —

- 汇总: the visit rate (done of planned, rules.visit_state) overall, per tier, per pair and
  per visitor;
- 未按期探访: the elders not visited for longer than their frequency (ID numbers masked);
- 跟进事项: the open follow-ups, by owner;
- 计划明细: every planned visit of the month (counted by its last day) and its state.

Names and addresses are personal data, so the export needs ``Permission.EXPORT_PERSONAL_DATA``
besides viewing the visits, writes ID numbers masked only, goes through core/sheets.py (what
people typed never becomes a formula) and is audited (EXPORT) before the file is handed over
(core/handover.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.visits.overview import Overview, Rate, overview
from neighborcenter.features.visits.rules import month_key
from neighborcenter.i18n import N_, _, pgettext
from neighborcenter.storage.uow import UnitOfWork

SHEET = "a sheet of the visits overview"
SUMMARY_COLUMNS = (N_("Month"), N_("Counted by"), N_("Name"), N_("Planned visits"),
                   N_("Done"), N_("Overdue"), N_("Missed"), N_("Visit rate (%)"))
NOT_VISITED_COLUMNS = (N_("Name"), N_("ID number"), N_("Address"), N_("Phone"),
                       N_("Risk tier"), N_("Frequency"), N_("Last visit"),
                       N_("Visit due by"), N_("Days overdue"), N_("Visiting pair"))
FOLLOW_UP_COLUMNS = (N_("Owner"), N_("Elder"), N_("What is to be done"), N_("Due by"),
                     N_("Overdue"), N_("From the visit of"))
PLAN_COLUMNS = (N_("Name"), N_("ID number"), N_("Address"), N_("Kind"), N_("Campaign"),
                N_("From"), N_("Due by"), N_("Can be made until"), N_("Visiting pair"),
                N_("Risk tier"), N_("State"), N_("Visited on"), N_("Recorded late"))


def rate_percent(rate: Rate) -> Decimal | str:
    """The rate as a number of percent with one decimal (95.0), "—" when nothing was
    planned."""
    if rate.rate is None:
        return "—"
    return (Decimal(rate.done) * 100 / Decimal(rate.planned)).quantize(Decimal("0.1"))


def _summary_rows(o: Overview) -> list[list[object]]:
    month = month_key(o.year, o.month)

    def row(kind: str, r: Rate) -> list[object]:
        return [month, kind, r.label, r.planned, r.done, r.overdue, r.missed, rate_percent(r)]

    rows = [row(_("Overall"), Rate(_("All elders"), o.overall.planned, o.overall.done,
                                   o.overall.overdue, o.overall.missed))]
    rows += [row(_("Risk tier"), r) for r in o.by_tier]
    rows += [row(_("Visiting pair"), r) for r in o.by_pair]
    rows += [row(_("Visitor"), r) for r in o.by_visitor]
    return rows


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def overview_tables(o: Overview) -> dict[str, Table]:
    """The four sheets of an overview (their titles translated)."""
    not_visited = [[e.resident.name, e.resident.masked_id, e.resident.address,
                    e.resident.masked_phone, e.tier.label, e.frequency.label,
                    _day(e.last_visit) or _("never"), _day(e.next_due),
                    (o.today - e.next_due).days if e.next_due else "", e.pair]
                   for e in o.not_visited]
    follow_ups = [[owner, f.name, f.description, _day(f.due_on),
                   _("yes") if f.overdue(o.today) else "", _day(f.visit_on)]
                  for owner, rows in o.follow_ups.items() for f in rows]
    plans = [[p.resident.name, p.resident.masked_id, p.resident.address, p.kind.label,
              p.campaign, _day(p.starts_on), _day(p.due_on), _day(p.closes_on), p.pair,
              p.tier.label, p.state.label, _day(p.visited_on),
              _("yes") if p.late else ""]
             for p in sorted(o.plans, key=lambda p: (p.due_on, p.resident.name))]
    return {
        pgettext(SHEET, "Summary"): Table([_(c) for c in SUMMARY_COLUMNS], _summary_rows(o),
                            widths=(10, 12, 20, 12, 10, 10, 10, 14), text_columns=(0,)),
        pgettext(SHEET, "Not visited in time"): Table(
            [_(c) for c in NOT_VISITED_COLUMNS], not_visited,
            widths=(12, 22, 28, 15, 10, 10, 12, 12, 10, 16), text_columns=(1, 3)),
        pgettext(SHEET, "Follow-ups"): Table([_(c) for c in FOLLOW_UP_COLUMNS], follow_ups,
                               widths=(18, 12, 40, 12, 8, 14)),
        pgettext(SHEET, "Plan details"): Table(
            [_(c) for c in PLAN_COLUMNS], plans,
            widths=(12, 22, 28, 14, 16, 12, 12, 14, 16, 10, 10, 12, 10), text_columns=(1,)),
    }


@writes
def export_overview(uow: UnitOfWork, *, actor: Actor, year: int, month: int, path: Path,
                    today: dt.date | None = None) -> Overview:
    """The month's overview as .xlsx (summary, not visited in time, follow-ups, planned
    visits). Audited (EXPORT). Returns the overview written."""
    actor.require(Permission.VIEW_VISITS)
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path = Path(path)
    protected = database_files(uow.db.path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    with uow:
        o = overview(uow.session, year=year, month=month, today=today or dt.date.today())
        tables = overview_tables(o)
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, tables)
            finish(uow, actor, AuditAction.EXPORT, target_kind="visit_plan",
                   summary=Msg(N_("Exported the visits overview of {month} to {file} "
                                  "({planned} planned visits, {elders} elders not visited "
                                  "in time, ID numbers masked)"),
                               args={"month": month_key(year, month), "file": path.name,
                                     "planned": o.overall.planned,
                                     "elders": len(o.not_visited)}),
                   detail={"month": month_key(year, month), "planned": o.overall.planned,
                           "done": o.overall.done, "not_visited": len(o.not_visited),
                           "follow_ups": sum(len(f) for f in o.follow_ups.values())},
                   changed=(changes.AUDIT,))
        return o
