"""Export of the approved hours as .xlsx, laid out for re-entry into the national volunteer
system (全国志愿服务信息系统): records kept elsewhere are entered there "by its unified data
standard" (《志愿服务记录与证明出具办法》), whose elements are 志愿者, 志愿服务项目 and
志愿服务时间 — one row per approved service record, with the volunteer's full ID number
(the national system identifies people by it), so the export needs
``Permission.EXPORT_PERSONAL_DATA`` and is audited. A second sheet has the monthly totals
per team (counted from the same records).

Hours are exact: the counted minutes as a decimal number of hours ("1.5", never a float's
1.4999…), the same figure the screens show (rules.format_hours)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.volunteers.models import (
    Activity,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)
from neighborcenter.features.volunteers.people import day
from neighborcenter.features.volunteers.rules import HoursStatus, format_hours
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

#: the columns of the national system's service-time records, in its order
HOURS_COLUMNS = (N_("Volunteer number"), N_("Name"), N_("ID type"), N_("ID document number"),
                 N_("Activity"), N_("Service category"), N_("Service date"),
                 N_("Place of service"), N_("Hours served"), N_("Organiser"),
                 N_("Person in charge"), N_("Recorded on"))
TEAM_COLUMNS = (N_("Team"), N_("Month"), N_("People"), N_("Hours served"))


def exact_hours(minutes: int) -> Decimal:
    """Minutes as hours, exactly as the screens show them: 90 → Decimal("1.5")."""
    return Decimal(format_hours(int(minutes)))


def _period(year: int | None, period_from: object, period_to: object
            ) -> tuple[dt.date | None, dt.date | None]:
    start = day(period_from, "period_from", _("the start of the period"), required=False)
    end = day(period_to, "period_to", _("the end of the period"), required=False)
    if year is not None:
        if not 2000 <= int(year) <= 2100:
            raise ValidationError(_("Enter a year such as 2026."), field="year")
        start = max(start or dt.date(year, 1, 1), dt.date(year, 1, 1))
        end = min(end or dt.date(year, 12, 31), dt.date(year, 12, 31))
    if start and end and start > end:
        raise ValidationError(_("The period starts after it ends."), field="period_from")
    return start, end


@writes
def export_hours(uow: UnitOfWork, *, actor: Actor, path: Path, year: int | None = None,
                 period_from: object = None, period_to: object = None) -> int:
    """Every approved service record of the period (a year, or from/to, or all) as .xlsx:
    one row each, with the full ID number for re-entry into the national system; a second
    sheet of monthly totals per team. Audited (EXPORT). Returns the rows written."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path = Path(path)
    protected = database_files(uow.db.path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    start, end = _period(year, period_from, period_to)
    with uow:
        s = uow.session
        query = (select(Volunteer, Activity, ServiceRecord, VolunteerTeam.name)
                 .join(ServiceRecord, ServiceRecord.volunteer_id == Volunteer.id)
                 .join(Activity, Activity.id == ServiceRecord.activity_id)
                 .outerjoin(VolunteerTeam, VolunteerTeam.id == Activity.team_id)
                 .where(ServiceRecord.status == HoursStatus.APPROVED)
                 .order_by(Activity.on, Activity.name, Volunteer.number))
        if start:
            query = query.where(Activity.on >= start)
        if end:
            query = query.where(Activity.on <= end)
        rows = []
        # the monthly totals of the same records (per team: the activity's team),
        # so the two sheets agree even for a period that cuts a month
        totals: dict[tuple[str, str], tuple[set[str], int]] = defaultdict(lambda: (set(), 0))
        no_team = _("(no team)")
        for v, a, r, team in s.execute(query):
            recorded = r.created_at.astimezone().date() if r.created_at else None
            rows.append([v.number, v.name, v.id_type.label if v.id_type else "",
                         v.id_number or "", a.name, a.category.label, a.on.isoformat(),
                         a.place, exact_hours(r.minutes or 0), a.organiser,
                         a.person_in_charge, recorded.isoformat() if recorded else ""])
            people, minutes = totals[(a.on.strftime("%Y-%m"), team or no_team)]
            people.add(v.id)
            totals[(a.on.strftime("%Y-%m"), team or no_team)] = (
                people, minutes + int(r.minutes or 0))
        months = [(team, month, len(people), minutes)
                  for (month, team), (people, minutes) in sorted(totals.items())]
        tables = {
            _("Service hours"): Table(
                [_(c) for c in HOURS_COLUMNS], rows,
                widths=(11, 10, 14, 21, 28, 16, 12, 20, 12, 20, 10, 12),
                text_columns=(0, 3, 6, 11)),
            _("Monthly totals by team"): Table(
                [_(c) for c in TEAM_COLUMNS],
                [[team, month, people, exact_hours(minutes)]
                 for team, month, people, minutes in months],
                widths=(20, 10, 8, 12), text_columns=(1,)),
        }
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, tables)
            finish(uow, actor, AuditAction.EXPORT, target_kind="volunteers",
                   summary=Msg(N_("Exported {n} approved volunteer service records to {file} "
                                  "(full ID numbers, for the national volunteer system)"),
                               args={"n": len(rows), "file": path.name}),
                   detail={"year": year, "from": start.isoformat() if start else None,
                           "to": end.isoformat() if end else None, "rows": len(rows)},
                   changed=(changes.AUDIT,))
        return len(rows)
