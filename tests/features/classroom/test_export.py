"""The class's reports as .xlsx: the attendance, the late pick-ups and the hours on duty;
what people typed stays text (never a formula); the children's sensitive data (allergies,
health notes, the guardians' phones) only when asked for, with a reason, which the audit
entry keeps; who may export."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import export, handover
from neighborcenter.i18n import _, pgettext
from tests.conftest import make_account, sql
from tests.features.classroom.month import (  # noqa: F401 (a fixture)
    AFTER,
    D3,
    MONTH,
    YEAR,
    at,
    child,
    month,
)

SHEET = export.SHEET
FIRST = dt.date(YEAR, MONTH, 1)


def book(path) -> dict[str, list[list]]:
    wb = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


def everything(path) -> str:
    return json.dumps(book(path), ensure_ascii=False, default=str)


def exports(db, admin) -> list:
    return sorted((e for e in list_audit(db, actor=admin) if e.action is AuditAction.EXPORT),
                  key=lambda e: e.id)


def detail(db, entry) -> dict:
    raw = sql(db).execute("SELECT detail FROM audit_log WHERE id = ?", (entry.id,)).fetchone()
    return {k: v for k, v in json.loads(raw[0]).items() if k != "summary"}


SENSITIVE = ("花生过敏", "哮喘", "13812345678", "13900001111", "13700002222")


def test_the_attendance_sheet_without_sensitive_data(db, admin, month, tmp_path):  # noqa: F811
    out = tmp_path / "出勤.xlsx"
    export.export_attendance(db, actor=admin, year=YEAR, month=MONTH, path=out, today=AFTER)
    sheets = book(out)
    assert list(sheets) == [pgettext(SHEET, "Attendance")]
    rows = sheets[pgettext(SHEET, "Attendance")]
    assert rows[0] == [_(c) for c in export.ATTENDANCE_COLUMNS]
    key = f"{YEAR:04d}-{MONTH:02d}"
    assert [key, "李小明", "三年级2班", 3, 2, 1, 0, 1, 70] in rows
    assert rows[-1] == [key, _("All children"), None, 9, 7, 1, 1, 2, 105]
    text = everything(out)
    assert not any(s in text for s in SENSITIVE)
    assert _("Allergies") not in rows[0] and _("Health notes") not in rows[0]
    entry = exports(db, admin)[-1]
    assert detail(db, entry) == {"report": "attendance", "month": key, "children": 3,
                                 "sensitive": False}
    assert "李小明" not in entry.text


def test_sensitive_columns_only_when_chosen_with_a_reason(db, admin, month,  # noqa: F811
                                                          tmp_path):
    out = tmp_path / "o.xlsx"
    with pytest.raises(ValidationError) as e:
        export.export_attendance(db, actor=admin, year=YEAR, month=MONTH, path=out,
                                 include_sensitive=True, reason="  ")
    assert e.value.field == "reason" and not out.exists()
    export.export_attendance(db, actor=admin, year=YEAR, month=MONTH, path=out,
                             include_sensitive=True, reason="街道儿童健康排查")
    rows = book(out)[pgettext(SHEET, "Attendance")]
    assert rows[0][-3:] == [_("Allergies"), _("Health notes"), _("Guardians' phones")]
    ming = next(r for r in rows if r[1] == "李小明")
    assert ming[-3:] == ["花生过敏", "哮喘，备有喷雾", "李建国（父亲）13812345678"]
    entry = exports(db, admin)[-1]
    assert detail(db, entry)["sensitive"] is True
    assert detail(db, entry)["reason"] == "街道儿童健康排查"
    assert "街道儿童健康排查" in entry.text


def test_the_late_pickups_sheet(db, admin, month, tmp_path):  # noqa: F811
    out = tmp_path / "late.xlsx"
    export.export_late(db, actor=admin, since=FIRST, until=AFTER, path=out)
    rows = book(out)[pgettext(SHEET, "Late pick-ups")]
    assert rows[0] == [_(c) for c in export.LATE_COLUMNS]
    ming = next(r for r in rows[1:] if r[1] == "李小明")
    assert ming[3:10] == ["17:30", "18:40", 70, "张阿姨", "邻居", "王丽", "周老师"]
    assert "18:15" in ming[10] and "18:30" in ming[10]
    assert not any(s in everything(out) for s in SENSITIVE)
    export.export_late(db, actor=admin, since=FIRST, until=AFTER, path=out,
                       include_sensitive=True, reason="回访家长")
    hong = next(r for r in book(out)[pgettext(SHEET, "Late pick-ups")] if r[1] == "王小红")
    assert hong[-1] == "王建华（母亲）13900001111"


def test_the_hours_sheet(db, admin, month, tmp_path):  # noqa: F811
    out = tmp_path / "hours.xlsx"
    export.export_hours(db, actor=admin, since=FIRST, until=AFTER, path=out)
    rows = book(out)[pgettext(SHEET, "Hours on duty")]
    assert rows[0] == [_(c) for c in export.HOURS_COLUMNS]
    zhou = next(r for r in rows if r[2] == "周老师")
    assert zhou[5:] == [2, 300, "5:00"]


def test_what_looks_like_a_formula_stays_text(db, admin, month, tmp_path):  # noqa: F811
    cmd = child(db, admin, month.term, "=cmd", room="204")
    days.arrive(db, actor=admin, on=D3, child_ids=[cmd], now=at(D3, 16))
    view = days.day_view(db, actor=admin, on=D3, now=at(D3, 18, 50))
    aid = next(t.attendance_id for t in view.children if t.child_id == cmd)
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="@SUM(1+1)",
                      confirmed_by="-王丽", relation="+邻居", reason="电话确认",
                      at=at(D3, 18, 50), now=at(D3, 18, 50))
    att, late = tmp_path / "a.xlsx", tmp_path / "l.xlsx"
    export.export_attendance(db, actor=admin, year=YEAR, month=MONTH, path=att)
    export.export_late(db, actor=admin, since=FIRST, until=AFTER, path=late)
    wb = load_workbook(att)
    cell = next(row[1] for row in wb.worksheets[0].iter_rows(min_row=2)
                if row[1].value == "=cmd")
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    row = next(r for r in load_workbook(late).worksheets[0].iter_rows(min_row=2)
               if r[1].value == "=cmd")
    for cell in (row[1], row[6], row[7], row[8]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.value


def test_who_may_export_and_where(db, admin, month, tmp_path):  # noqa: F811
    volunteer = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        export.export_attendance(db, actor=volunteer, year=YEAR, month=MONTH,
                                 path=tmp_path / "v.xlsx")
    worker = make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    export.export_hours(db, actor=worker, since=FIRST, until=AFTER, path=tmp_path / "w.xlsx")
    with pytest.raises(ValidationError) as e:
        export.export_hours(db, actor=admin, since=FIRST, until=AFTER,
                            path=tmp_path / "w.csv")
    assert e.value.field == "path"
    with pytest.raises(ValidationError):  # never over the database
        export.export_hours(db, actor=admin, since=FIRST, until=AFTER, path=db.path)
    assert not (tmp_path / "v.xlsx").exists() and not (tmp_path / "w.csv").exists()
