"""The class's printouts: the day's sign-in/sign-out sheet (A4 landscape, every child with who
may and who must not collect them, what is recorded, boxes to fill), the monthly attendance,
late pick-ups and hours on duty as PDF, the pick-up slips. Their text is extracted
(pdftotext), the Chinese font must be embedded (pdffonts); each print is audited without
naming a child; a refused print leaves no file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import printouts
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.i18n import _
from tests.conftest import make_account, sql
from tests.features.classroom.month import (  # noqa: F401 (a fixture)
    AFTER,
    D1,
    D3,
    MONTH,
    YEAR,
    at,
    month,
)
from tests.features.volunteers.test_printouts import assert_font_embedded, pages


def text_of(pdf) -> str:
    """The PDF's text without white space (a wrapped cell still matches)."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(out.split())


def squeezed(text: str) -> str:
    return "".join(text.split())


def page_size(pdf) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Page size:"))
    w, _x, h = line.split()[2:5]
    return float(w), float(h)


def prints(db, admin) -> list:
    return sorted((e for e in list_audit(db, actor=admin) if e.action is AuditAction.PRINT),
                  key=lambda e: e.id)


def detail(db, entry) -> dict:
    """An audit entry's detail as stored (without the summary's structure)."""
    raw = sql(db).execute("SELECT detail FROM audit_log WHERE id = ?", (entry.id,)).fetchone()
    return {k: v for k, v in json.loads(raw[0]).items() if k != "summary"}


def test_the_day_sheet_lists_every_child_with_what_is_recorded(db, admin, month,  # noqa: F811
                                                               tmp_path):
    pdf = tmp_path / "签到签退表.pdf"
    n = printouts.save_day_sheet(db, actor=admin, on=D1, path=pdf, now=at(D3, 12))
    assert n == 3 and pages(pdf) == 1
    assert_font_embedded(pdf)
    w, h = page_size(pdf)
    assert w > h  # A4 landscape: room for the columns to write in
    text = text_of(pdf)
    assert squeezed(_("After-school class: sign-in and sign-out sheet")) in text
    for column in (_("Signed in at"), _("Collected by"), _("Relation"), _("Signed out at"),
                   _("Handed over by (volunteer)"), _("Parent's signature"), _("May collect")):
        assert squeezed(column) in text, column
    for name in ("李小明", "王小红", "张小军", "幸福邻里中心"):
        assert name in text
    # what is recorded: the times, the adults, who handed over, the child who went alone
    for recorded in ("15:40", "17:20", "18:05", "17:00", "李建国", "王建华", "周老师",
                     squeezed(_("went home alone"))):
        assert recorded in text, recorded
    # who may collect, and in red who must not; the health notes never, only a mark
    assert "王奶奶" in text and squeezed(_("Must not collect: {names}").format(
        names="赵某")) in text
    assert "哮喘" not in text and "花生" not in text
    assert squeezed(_("health notes: ask the social worker")) in text
    assert "13900001111" not in text  # the guardians' phones only when asked for
    assert squeezed(_("This day is closed: the sheet shows what was recorded.")) in text
    entry = prints(db, admin)[-1]
    assert entry.target_kind == "class_day"
    assert "李小明" not in entry.text and D1.isoformat() in entry.text
    assert detail(db, entry) == {"day": D1.isoformat(), "children": 3,
                                 "guardians_phones": False}


def test_the_day_sheet_with_phones_and_an_absence(db, admin, month, tmp_path):  # noqa: F811
    from neighborcenter.features.classroom import day as days

    day4 = D3 + dt.timedelta(days=1)
    days.mark_absent(db, actor=admin, on=day4, child_id=month.ming, reason="发烧",
                     confirmed_with="李建国", now=at(day4, 9))
    pdf = tmp_path / "sheet.pdf"
    printouts.save_day_sheet(db, actor=admin, on=day4, path=pdf, with_phones=True,
                             now=at(day4, 9, 30))
    text = text_of(pdf)
    assert "13900001111" in text and "13812345678" in text
    assert squeezed(_("Absent: {reason}").format(reason="发烧")) in text
    assert detail(db, prints(db, admin)[-1])["guardians_phones"] is True


def test_a_class_volunteer_prints_the_sheet_a_shop_volunteer_cannot(db, admin,
                                                                   month,  # noqa: F811
                                                                   tmp_path):
    volunteer = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    assert printouts.save_day_sheet(db, actor=volunteer, on=D3, path=tmp_path / "a.pdf",
                                    now=at(D3, 16)) == 3
    shop = make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        printouts.save_day_sheet(db, actor=shop, on=D3, path=tmp_path / "b.pdf",
                                 now=at(D3, 16))
    with pytest.raises(PermissionDenied):  # the reports are for those who manage the class
        printouts.save_attendance_report(db, actor=volunteer, year=YEAR, month=MONTH,
                                         path=tmp_path / "c.pdf")
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "c.pdf").exists()


def test_a_day_without_class_or_a_wrong_name_prints_nothing(db, admin, month,  # noqa: F811
                                                            tmp_path):
    before = len(prints(db, admin))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    far = D1 - dt.timedelta(days=200)  # before the term
    with pytest.raises(ValidationError):
        printouts.save_day_sheet(db, actor=admin, on=far, path=tmp_path / "x.pdf",
                                 now=at(D3, 16))
    with pytest.raises(ValidationError) as e:
        printouts.save_day_sheet(db, actor=admin, on=D1, path=tmp_path / "x.txt",
                                 now=at(D3, 16))
    assert e.value.field == "path"
    assert list(tmp_path.iterdir()) == [] and len(prints(db, admin)) == before


def test_the_monthly_attendance_pdf(db, admin, month, tmp_path):  # noqa: F811
    pdf = tmp_path / "att.pdf"
    r = printouts.save_attendance_report(db, actor=admin, year=YEAR, month=MONTH, path=pdf,
                                         today=AFTER)
    assert len(r.rows) == 3
    assert_font_embedded(pdf)
    text = text_of(pdf)
    assert squeezed(_("After-school class: monthly attendance")) in text
    assert squeezed(printouts.month_name(YEAR, MONTH)) in text
    # 李小明: on the list 3 days, came 2, absent 1, did not come 0, late 1, 70 minutes
    assert "李小明三年级2班3210170" in text
    assert squeezed(_("All children")) + "97112105" in text
    entry = prints(db, admin)[-1]
    assert "李小明" not in entry.text
    assert detail(db, entry) == {"report": "attendance", "month": f"{YEAR:04d}-{MONTH:02d}",
                                 "children": 3}


def test_the_late_pickups_pdf_has_the_steps_with_their_times(db, admin, month,  # noqa: F811
                                                             tmp_path):
    pdf = tmp_path / "late.pdf"
    since = dt.date(YEAR, MONTH, 1)
    printouts.save_late_report(db, actor=admin, since=since, until=AFTER, path=pdf)
    assert_font_embedded(pdf)
    w, h = page_size(pdf)
    assert w > h
    text = text_of(pdf)
    for part in ("王小红", "18:05", "35", "李小明", "18:40", "70", "张阿姨", "王丽", "18:15",
                 "妈妈在路上"):
        assert part in text, part
    assert detail(db, prints(db, admin)[-1])["late"] == 2


def test_the_hours_pdf_counts_the_days_closed(db, admin, month, tmp_path):  # noqa: F811
    pdf = tmp_path / "hours.pdf"
    first, _last = dt.date(YEAR, MONTH, 1), AFTER
    printouts.save_hours_report(db, actor=admin, since=first, until=AFTER, path=pdf)
    assert_font_embedded(pdf)
    text = text_of(pdf)
    assert "周老师" in text and "3005:00" in text and "1202:00" in text
    assert squeezed(_("In all")) + "34207:00" in text


def test_pickup_slips_only_when_the_centre_uses_them(db, admin, month, tmp_path):  # noqa: F811
    pdf = tmp_path / "slips.pdf"
    with pytest.raises(ValidationError):
        printouts.save_pickup_slips(db, actor=admin, child_ids=[month.ming], path=pdf)
    assert not pdf.exists()
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    with pytest.raises(ValidationError):
        printouts.save_pickup_slips(db, actor=admin, child_ids=[], path=pdf)
    n = printouts.save_pickup_slips(db, actor=admin, child_ids=[month.ming, month.hong,
                                                                 month.ming], path=pdf)
    assert n == 2 and pages(pdf) == 1
    assert_font_embedded(pdf)
    code = sql(db).execute("SELECT slip_code FROM class_children WHERE id = ?",
                           (month.ming,)).fetchone()[0]
    text = text_of(pdf)
    assert "李小明" in text and "王小红" in text and "张小军" not in text
    assert code in text
    entry = prints(db, admin)[-1]
    assert detail(db, entry) == {"children": 2} and "李小明" not in entry.text
