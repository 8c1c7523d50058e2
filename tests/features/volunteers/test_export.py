"""The export of approved hours for the national volunteer system: one row per approved
record with the full ID number, exact decimal hours, formula-safe text, a sheet of monthly
totals per team, the audit entry, and who may export."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.volunteers import export, hours, people
from neighborcenter.features.volunteers.rules import ServiceCategory
from neighborcenter.i18n import _
from tests.features.volunteers import add_activity, add_volunteer, approved_hours

ID = "11010519491231002X"


def sheets(path):
    wb = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


@pytest.fixture
def served(db, admin):
    """Two volunteers in a team, approved hours in March and April 2025, one pending."""
    zhang = add_volunteer(db, admin, "张桂英", id_number=ID)
    evil = add_volunteer(db, admin, "=1+2")
    team = people.save_team(db, actor=admin, name="银龄互助团",
                            category=ServiceCategory.ELDER_CARE)
    approved_hours(db, admin, [zhang, evil], "1.5", on="2025-03-03", team_id=team)
    approved_hours(db, admin, [zhang], "2:40", on="2025-03-17", cap="2.5", team_id=team)
    approved_hours(db, admin, [zhang], "1", on="2025-04-07", name="清扫楼道",
                   category=ServiceCategory.ENVIRONMENT)
    pending = add_activity(db, admin, on="2025-04-14", name="未审核的活动")
    hours.record_hours(db, actor=admin, activity_id=pending, volunteer_ids=[zhang], hours="3")
    return zhang, evil


def test_one_row_per_approved_record_with_the_full_id_number(db, admin, served, tmp_path):
    zhang, _evil = served
    out = tmp_path / "时长.xlsx"
    assert export.export_hours(db, actor=admin, path=out) == 4
    book = sheets(out)
    rows = book[_("Service hours")]
    assert rows[0] == [_(c) for c in export.HOURS_COLUMNS]
    number = people.volunteer_profile(db, actor=admin, volunteer=zhang).number
    first = next(r for r in rows[1:] if r[1] == "张桂英")
    today = dt.date.today().isoformat()
    assert first == [number, "张桂英", _("Resident ID card"), ID, "探访独居老人",
                     ServiceCategory.ELDER_CARE.label, "2025-03-03", None, 1.5,
                     "幸福邻里中心", "王丽", today]
    assert [r[6] for r in rows[1:]] == ["2025-03-03", "2025-03-03", "2025-03-17",
                                       "2025-04-07"]
    assert "未审核的活动" not in {r[4] for r in rows[1:]}  # pending hours are not exported
    assert rows[3][8] == 2.5  # 2:40, rounded to 2.5 h, capped at 2.5 h


def test_hours_are_exact_decimals_in_the_file(db, admin, served, tmp_path):
    assert export.exact_hours(90) == Decimal("1.5")
    assert export.exact_hours(150) == Decimal("2.5")
    assert export.exact_hours(120) == Decimal("2")
    out = tmp_path / "时长.xlsx"
    export.export_hours(db, actor=admin, path=out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1.5</v>" in xml and "<v>2.5</v>" in xml  # as written, no 1.4999…
    assert "<v>1</v>" in xml


def test_a_name_that_looks_like_a_formula_stays_text(db, admin, served, tmp_path):
    out = tmp_path / "时长.xlsx"
    export.export_hours(db, actor=admin, path=out)
    wb = load_workbook(out)
    ws = wb[_("Service hours")]
    cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[1].value == "=1+2")
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    with zipfile.ZipFile(out) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_the_monthly_totals_per_team(db, admin, served, tmp_path):
    out = tmp_path / "时长.xlsx"
    export.export_hours(db, actor=admin, path=out, year=2025)
    totals = sheets(out)[_("Monthly totals by team")]
    assert totals[0] == [_(c) for c in export.TEAM_COLUMNS]
    # March: 1.5 + 1.5 at the first visit, 2.5 at the second; two people
    assert totals[1:] == [["银龄互助团", "2025-03", 2, 5.5], [_("(no team)"), "2025-04", 1, 1]]
    assert sum(r[3] for r in totals[1:]) == sum(
        r[8] for r in sheets(out)[_("Service hours")][1:])


def test_a_period_chooses_the_records(db, admin, served, tmp_path):
    out = tmp_path / "三月.xlsx"
    assert export.export_hours(db, actor=admin, path=out, period_from="2025-03-10",
                               period_to="2025-04-30") == 2
    book = sheets(out)
    assert [r[6] for r in book[_("Service hours")][1:]] == ["2025-03-17", "2025-04-07"]
    # the totals count the same records, not the whole of March
    assert book[_("Monthly totals by team")][1:] == [["银龄互助团", "2025-03", 1, 2.5],
                                                     [_("(no team)"), "2025-04", 1, 1]]
    assert export.export_hours(db, actor=admin, path=out, year=2024) == 0
    with pytest.raises(ValidationError):
        export.export_hours(db, actor=admin, path=out, period_from="2025-05-01",
                            period_to="2025-04-01")


def test_the_export_is_audited_and_refused_without_the_permission(db, admin, served,
                                                                  social_worker,
                                                                  shop_volunteer, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    export.export_hours(db, actor=social_worker, path=out / "时长.xlsx", year=2025)
    entries = [e for e in list_audit(db, actor=admin) if e.action is AuditAction.EXPORT]
    assert len(entries) == 1 and entries[0].actor == "wangli"
    assert entries[0].text == ("Exported 4 approved volunteer service records to 时长.xlsx "
                               "(full ID numbers, for the national volunteer system)")
    with pytest.raises(PermissionDenied):
        export.export_hours(db, actor=shop_volunteer, path=out / "shop.xlsx")
    with pytest.raises(ValidationError):
        export.export_hours(db, actor=admin, path=out / "时长.csv")
    assert sorted(p.name for p in out.iterdir()) == ["时长.xlsx"]
    assert len([e for e in list_audit(db, actor=admin) if e.action is AuditAction.EXPORT]) == 1
