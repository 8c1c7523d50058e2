"""The month's overview as .xlsx for the street office: the visit rates (overall, per tier, per
pair, per visitor), the elders not visited in time (ID numbers masked), the open follow-ups by
owner, every planned visit with its state; formula-safe text, the audit entry, who may
export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.visits import export, plans, records
from neighborcenter.features.visits.rules import PlanKind, Tier, VisitState, add_months
from neighborcenter.i18n import _, pgettext
from tests.features.visits import add_listed_elder
from tests.features.visits.rounds import ID, make_round
from tests.features.visits.state import on_list_since

SHEET = export.SHEET


def book(path) -> dict[str, list[list]]:
    wb = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


@pytest.fixture
def month(db, admin):
    """This month's plan: 赵大爷 visited today, the others not yet; an elder called "=cmd"
    (whom a spreadsheet must not run, monthly) never visited. Everyone has been on the list
    for four months, so that those never visited are late. (round, year, month)"""
    r = make_round(db, admin)
    cmd = add_listed_elder(db, admin, "=cmd", room="105", tier=Tier.PRIORITY,
                           pair_id=r.pair_b)
    today = dt.date.today()
    for rid in (r.wang, r.zhao, r.qian, r.sun, cmd):
        on_list_since(db, rid, add_months(today, -4))
    plans.generate_plan(db, actor=admin, year=today.year, month=today.month)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=r.zhao, on=today.isoformat(), volunteer_ids=r.volunteers_a))
    return r, today.year, today.month


def test_four_sheets_with_the_rates_and_every_planned_visit(db, admin, month, tmp_path):
    r, year, mon = month
    out = tmp_path / "探访统计.xlsx"
    o = export.export_overview(db, actor=admin, year=year, month=mon, path=out)
    sheets = book(out)
    assert list(sheets) == [pgettext(SHEET, "Summary"), pgettext(SHEET, "Not visited in time"),
                            pgettext(SHEET, "Follow-ups"), pgettext(SHEET, "Plan details")]
    summary = sheets[pgettext(SHEET, "Summary")]
    assert summary[0] == [_(c) for c in export.SUMMARY_COLUMNS]
    overall = summary[1]
    key = f"{year:04d}-{mon:02d}"
    assert overall[:2] == [key, _("Overall")]
    assert overall[3:7] == [o.overall.planned, 1, o.overall.overdue, o.overall.missed]
    assert overall[7] == float((Decimal(100) / o.overall.planned).quantize(Decimal("0.1")))
    kinds = {row[1] for row in summary[1:]}
    assert kinds == {_("Overall"), _("Risk tier"), _("Visiting pair"), _("Visitor")}
    tiers = {row[2]: row for row in summary[1:] if row[1] == _("Risk tier")}
    assert set(tiers) == {t.label for t in Tier}
    assert tiers[Tier.GENERAL.label][7] in ("—", 0.0)  # nobody is quarterly
    by_pair = {row[2]: row for row in summary[1:] if row[1] == _("Visiting pair")}
    assert by_pair["第一探访组"][4] == 1  # 赵大爷's visit
    visitors = {row[2]: row for row in summary[1:] if row[1] == _("Visitor")}
    assert visitors["张桂英"][4] >= 1
    # every planned visit of the month, with its state
    detail = sheets[pgettext(SHEET, "Plan details")]
    assert detail[0] == [_(c) for c in export.PLAN_COLUMNS]
    zhao = [row for row in detail[1:] if row[0] == "赵大爷"]
    assert len(zhao) == 1 and zhao[0][10] == VisitState.DONE.label
    assert zhao[0][11] == dt.date.today().isoformat() and zhao[0][3] == PlanKind.ROUTINE.label
    assert len(detail) - 1 == o.overall.planned
    assert "孙奶奶" not in {row[0] for row in detail}  # declined: never planned


def test_elders_not_visited_in_time_and_follow_ups_by_owner(db, admin, month, tmp_path):
    out = tmp_path / "o.xlsx"
    _r, year, mon = month
    export.export_overview(db, actor=admin, year=year, month=mon, path=out)
    sheets = book(out)
    late = sheets[pgettext(SHEET, "Not visited in time")]
    assert late[0] == [_(c) for c in export.NOT_VISITED_COLUMNS]
    names = {row[0] for row in late[1:]}
    assert {"钱奶奶", "=cmd"} <= names  # never visited
    assert "赵大爷" not in names and "王秀英" not in names  # visited today
    follow = sheets[pgettext(SHEET, "Follow-ups")]
    assert follow[1][:3] == ["物业公司", "王秀英", "更换燃气报警器"]
    assert len(follow) == 2  # the closed one is not listed
    # ID numbers masked everywhere
    cells = [str(v) for rows in sheets.values() for row in rows for v in row]
    assert ID not in " ".join(cells)


def test_the_masked_id_is_in_the_plan_details(db, admin, month, tmp_path):
    out = tmp_path / "o.xlsx"
    _r, year, mon = month
    export.export_overview(db, actor=admin, year=year, month=mon, path=out)
    detail = book(out)[pgettext(SHEET, "Plan details")]
    wang = next(row for row in detail if row[0] == "王秀英")
    assert wang[1] == "110105********002X"


def test_a_name_that_looks_like_a_formula_stays_text(db, admin, month, tmp_path):
    out = tmp_path / "o.xlsx"
    _r, year, mon = month
    export.export_overview(db, actor=admin, year=year, month=mon, path=out)
    wb = load_workbook(out)
    for title in (pgettext(SHEET, "Not visited in time"), pgettext(SHEET, "Plan details")):
        cell = next(row[0] for row in wb[title].iter_rows(min_row=2)
                    if row[0].value == "=cmd")
        assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula


def test_the_export_is_audited_and_refused_without_the_permission(db, admin, month,
                                                                  shop_volunteer, tmp_path):
    _r, year, mon = month
    out = tmp_path / "o.xlsx"
    export.export_overview(db, actor=admin, year=year, month=mon, path=out)
    entry = next(e for e in list_audit(db, actor=admin) if e.action is AuditAction.EXPORT)
    assert entry.actor == "admin" and "o.xlsx" in entry.text
    assert "王秀英" not in entry.text
    refused = tmp_path / "refused.xlsx"
    with pytest.raises(PermissionDenied):
        export.export_overview(db, actor=shop_volunteer, year=year, month=mon, path=refused)
    with pytest.raises(ValidationError):
        export.export_overview(db, actor=admin, year=year, month=mon,
                               path=tmp_path / "o.csv")
    assert not refused.exists() and not (tmp_path / "o.csv").exists()
    assert sum(e.action is AuditAction.EXPORT for e in list_audit(db, actor=admin)) == 1
