"""``neighborcenter classroom …``: run in-process as a script would (``--user`` and the
passphrase in the environment), on a database the services filled: today's children (text
and JSON), signing in and out from the paper sheet with the kiosk's rules and refusals (a
message on stderr, exit status 2, nothing changed), the day's sheet and the reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from neighborcenter.cli import main
from neighborcenter.core.roles import Role
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.rules import ChildState
from neighborcenter.i18n import _
from tests.conftest import PASSPHRASE, make_account, sql
from tests.features.classroom.month import D3, MONTH, YEAR, at, make_month

D4 = D3 + dt.timedelta(days=1)  # a day after the month's three, still in the past


@pytest.fixture
def run(capsys, monkeypatch):
    def _run(*args, passphrase=PASSPHRASE):
        monkeypatch.setenv("NEIGHBORCENTER_PASSPHRASE", passphrase)
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture
def centre(db, admin):
    """The month of tests/features/classroom/month.py, and on D4 (open) 李小明 and 王小红
    signed in at 15:40; a class volunteer (xiaozhou) and a shop volunteer (chenayi). The file
    is then closed so that the command line can open it."""
    m = make_month(db, admin)
    days.arrive(db, actor=admin, on=D4, child_ids=[m.ming, m.hong], now=at(D4, 15, 40))
    make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    db.close()
    return db.path, m


def left(path, name: str, on: dt.date = D4) -> tuple:
    """(left_at, adult_name, adult_relation, phone_confirmed_by, handed_by) of the child."""
    return sql(path).execute(
        "SELECT a.left_at, a.adult_name, a.adult_relation, a.phone_confirmed_by, a.handed_by "
        "FROM class_attendance a JOIN class_days d ON d.id = a.day_id "
        "JOIN class_children c ON c.id = a.child_id JOIN residents r ON r.id = c.resident_id "
        "WHERE d.\"on\" = ? AND r.name = ?", (on.isoformat(), name)).fetchone()


def test_today_as_text_and_json(run, centre):
    path, _m = centre
    code, out, err = run("classroom", "today", "--date", D3.isoformat(), "--json",
                         "--db", path, "--user", "xiaozhou")
    assert code == 0, err
    data = json.loads(out)
    assert data["date"] == D3.isoformat() and data["runs"] and not data["closed"]
    kids = {c["name"]: c for c in data["children"]}
    assert set(kids) == {"李小明", "王小红", "张小军"}
    ming = kids["李小明"]
    assert (ming["state"], ming["here"], ming["collected_by"], ming["phone_confirmed_by"]) == \
        ("gone", False, "张阿姨", "王丽")
    assert ming["left_at"] == at(D3, 18, 40).isoformat(timespec="minutes")
    assert ming["late_minutes"] == 70
    assert data["still_here"] == [] and data["counts"] == {"gone": 3}
    code, out, err = run("classroom", "today", "--date", D4.isoformat(), "--db", path,
                         "--user", "xiaozhou")
    assert code == 0, err
    lines = out.splitlines()
    rows = {line.split("\t")[0]: line.split("\t") for line in lines if "\t" in line}
    assert rows["李小明"][2] == ChildState.LATE.label and rows["李小明"][4] == "15:40"
    assert rows["张小军"][2] == ChildState.EXPECTED.label
    assert lines[-1] == _("Still here: {names}").format(names=_("、").join(
        ["李小明", "王小红"]))


def test_a_day_without_class_says_why(run, centre):
    path, _m = centre
    far = D3 - dt.timedelta(days=300)
    code, out, err = run("classroom", "today", "--date", far.isoformat(), "--json",
                         "--db", path, "--user", "admin")
    assert code == 0, err
    data = json.loads(out)
    assert data["runs"] is False and data["why_not"] and data["children"] == []


def test_sign_out_to_an_authorised_adult_at_the_paper_time(run, centre):
    path, _m = centre
    code, out, err = run("classroom", "sign-out", "王小红", "--adult", "王奶奶",
                         "--handed-by", "吴老师", "--time", "17:10", "--date", D4.isoformat(),
                         "--db", path, "--user", "xiaozhou")
    assert code == 0, err
    assert "王奶奶" in out and "17:10" in out
    assert left(path, "王小红")[1:] == ("王奶奶", "奶奶", "", "吴老师")
    assert left(path, "王小红")[0].startswith(f"{D4.isoformat()} ")


def test_the_same_refusals_as_the_kiosk_and_nothing_changed(run, centre):
    path, _m = centre
    d = D4.isoformat()
    # not on the list, without the guardian's call
    code, out, err = run("classroom", "sign-out", "李小明", "--adult", "张阿姨", "--date", d,
                         "--db", path, "--user", "xiaozhou")
    assert code == 2 and out == "" and "张阿姨" in err and "Traceback" not in err
    assert left(path, "李小明")[0] is None
    # the call taken, but no reason
    code, _out, err = run("classroom", "sign-out", "李小明", "--adult", "张阿姨", "--date", d,
                          "--phone-confirmed-by", "王丽", "--relation", "邻居",
                          "--db", path, "--user", "xiaozhou")
    assert code == 2 and left(path, "李小明")[0] is None
    # a blocked adult: refused, the refusal logged
    code, _out, err = run("classroom", "sign-out", "王小红", "--adult", "赵某", "--date", d,
                          "--db", path, "--user", "xiaozhou")
    assert code == 2 and "赵某" in err and left(path, "王小红")[0] is None
    assert sql(path).execute("SELECT COUNT(*) FROM class_events WHERE step = 'refused'"
                                ).fetchone()[0] == 1
    # under 8 never alone
    code, _out, err = run("classroom", "sign-out", "王小红", "--alone", "--date", d,
                          "--db", path, "--user", "xiaozhou")
    assert code == 2 and left(path, "王小红")[0] is None
    # a time still to come; a child not on the list; neither --adult nor --alone
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    code, _out, err = run("classroom", "sign-out", "李小明", "--adult", "李建国", "--date",
                          tomorrow, "--time", "17:00", "--db", path, "--user", "xiaozhou")
    assert code == 2 and "17:00" in err
    code, _out, err = run("classroom", "sign-out", "刘小花", "--adult", "李建国", "--date", d,
                          "--db", path, "--user", "xiaozhou")
    assert code == 2 and "刘小花" in err
    with pytest.raises(SystemExit):
        run("classroom", "sign-out", "李小明", "--date", d, "--db", path, "--user", "admin")
    # with the guardian's confirmation it goes through
    code, out, err = run("classroom", "sign-out", "李小明", "--adult", "张阿姨", "--date", d,
                         "--phone-confirmed-by", "王丽", "--relation", "邻居", "--reason",
                         "父亲加班", "--time", "18:00", "--db", path, "--user", "xiaozhou")
    assert code == 0, err
    assert left(path, "李小明")[1:4] == ("张阿姨", "邻居", "王丽")
    assert _("Not on the list: the guardian's confirmation by phone is recorded.") in out


def test_sign_in_from_the_paper_sheet(run, centre):
    path, _m = centre
    code, out, err = run("classroom", "sign-in", "张小军", "--time", "15:55", "--date",
                         D4.isoformat(), "--db", path, "--user", "xiaozhou")
    assert code == 0, err
    code, out, err = run("classroom", "today", "--date", D4.isoformat(), "--json",
                         "--db", path, "--user", "xiaozhou")
    jun = next(c for c in json.loads(out)["children"] if c["name"] == "张小军")
    assert jun["here"] and jun["arrived_at"] == at(D4, 15, 55).isoformat(timespec="minutes")


def test_the_sheet_and_the_reports(run, centre, tmp_path):
    path, _m = centre
    pdf = tmp_path / "sheet.pdf"
    code, out, err = run("classroom", "sheet", "--date", D4.isoformat(), "--out", pdf,
                         "--db", path, "--user", "xiaozhou")
    assert code == 0, err
    assert pdf.exists()
    month = f"{YEAR:04d}-{MONTH:02d}"
    for which in ("attendance", "late", "hours"):
        for ext in (".pdf", ".xlsx"):
            out_file = tmp_path / f"{which}{ext}"
            code, out, err = run("classroom", "report", which, "--month", month,
                                 "--out", out_file, "--db", path, "--user", "admin")
            assert code == 0, (which, ext, err)
            assert out_file.exists() and str(out_file) in out
    rows = [list(r) for r in load_workbook(tmp_path / "attendance.xlsx").worksheets[0]
            .iter_rows(values_only=True)]
    assert len(rows[0]) == 9  # no sensitive columns
    code, out, err = run("classroom", "report", "attendance", "--month", month,
                         "--out", tmp_path / "s.xlsx", "--include-sensitive", "--reason",
                         "街道排查", "--db", path, "--user", "admin")
    assert code == 0, err
    rows = [list(r) for r in load_workbook(tmp_path / "s.xlsx").worksheets[0]
            .iter_rows(values_only=True)]
    assert len(rows[0]) == 12 and any("花生过敏" in map(str, r) for r in rows)


def test_bad_reports_and_roles_are_refused(run, centre, tmp_path):
    path, _m = centre
    month = f"{YEAR:04d}-{MONTH:02d}"
    code, out, err = run("classroom", "report", "late", "--month", "2026-13", "--out",
                         tmp_path / "x.pdf", "--db", path, "--user", "admin")
    assert code == 2 and _("Write the month as year-month, e.g. 2026-11.") in err
    code, out, err = run("classroom", "report", "late", "--month", month, "--out",
                         tmp_path / "x.txt", "--db", path, "--user", "admin")
    assert code == 2 and _("End the file name with .pdf or .xlsx.") in err
    code, out, err = run("classroom", "report", "hours", "--month", month, "--out",
                         tmp_path / "x.pdf", "--include-sensitive", "--db", path,
                         "--user", "admin")
    assert code == 2
    # a class volunteer runs the day but does not see the reports
    code, out, err = run("classroom", "report", "attendance", "--month", month, "--out",
                         tmp_path / "v.pdf", "--db", path, "--user", "xiaozhou")
    assert code == 2 and not (tmp_path / "v.pdf").exists()
    # a shop volunteer has no part in the class at all
    code, out, err = run("classroom", "today", "--db", path, "--user", "chenayi")
    assert code == 2 and out == ""
    assert not list(tmp_path.glob("x.*"))
