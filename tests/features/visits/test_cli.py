"""``neighborcenter visits …``: run in-process as a script would (``--user`` and the
passphrase in the environment), on a database the services filled."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from openpyxl import load_workbook

from neighborcenter.cli import main
from neighborcenter.core.roles import Role
from neighborcenter.features.visits import plans
from neighborcenter.features.visits.rules import VisitState, month_windows
from neighborcenter.features.visits.rules.lunar import Festival
from neighborcenter.features.volunteers import people
from neighborcenter.i18n import _, ngettext
from tests.conftest import PASSPHRASE, make_account
from tests.features.visits.rounds import make_round


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
    """The round of tests/features/visits/rounds.py, a mid-autumn campaign next year, a
    social worker (wangli) and a shop volunteer (chenayi); the file is then closed so that
    the command line can open it. (path, round, the volunteer number of 张桂英)"""
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    r = make_round(db, admin)
    plans.create_campaign(db, actor=admin, festival=Festival.MID_AUTUMN.value,
                          year=dt.date.today().year + 1, gift="月饼")
    number = people.volunteer_profile(db, actor=admin, volunteer=r.volunteers_a[0]).number
    db.close()
    return db.path, r, number


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_plan_makes_the_month_and_says_what_it_did(run, centre):
    path, _r, _number = centre
    today = dt.date.today()
    month = f"{today.year:04d}-{today.month:02d}"
    code, out, err = run("visits", "plan", "--month", month, "--db", path, "--user", "wangli")
    assert code == 0, err
    weeks = len(month_windows(plans.Frequency.WEEKLY, today.year, today.month))
    planned = ngettext("{month}: {n} visit planned now, {existing} planned before.",
                       "{month}: {n} visits planned now, {existing} planned before.",
                       weeks + 2).format(month=month, n=weeks + 2, existing=0)
    assert out.splitlines() == [planned, ngettext(
        "{n} elder declined visits.", "{n} elders declined visits.", 1).format(n=1)]
    # again: nothing new, everything planned before
    code, out, _err = run("visits", "plan", "--month", month, "--db", path, "--user", "admin")
    assert code == 0
    assert ngettext("{month}: {n} visit planned now, {existing} planned before.",
                    "{month}: {n} visits planned now, {existing} planned before.", 0).format(
        month=month, n=0, existing=weeks + 2) == out.splitlines()[0]


def test_plan_list_and_json_show_every_planned_visit_with_its_state(run, centre):
    path, r, _number = centre
    code, out, err = run("visits", "plan", "--month", r.month_text, "--list", "--db", path,
                         "--user", "admin")
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    weeks = month_windows(plans.Frequency.WEEKLY, r.year, r.month)
    assert sum(row[2] == "王秀英" for row in rows) == len(weeks)
    assert {row[1] for row in rows} == {VisitState.DUE.label}
    assert "孙奶奶" not in out
    code, out, err = run("visits", "plan", "--month", r.month_text, "--json", "--db", path,
                         "--user", "admin")
    assert code == 0, err
    data = json.loads(out)
    assert data["month"] == r.month_text and data["created"] == 0
    assert data["existing"] == len(weeks) + 2 and data["declined"] == 1
    wang = [p for p in data["plans"] if p["name"] == "王秀英"]
    assert [p["due_on"] for p in wang] == [w.due.isoformat() for w in weeks]
    assert {(p["kind"], p["state"], p["tier"], p["pair"]) for p in wang} == {
        ("routine", "due", "high", "第一探访组")}
    assert wang[0]["masked_id"] == "110105********002X"


def test_a_bad_month_is_a_plain_message(run, centre):
    path, _r, _number = centre
    for month in ("2026-13", "november", ""):
        code, out, err = run("visits", "plan", "--month", month, "--db", path,
                             "--user", "admin")
        assert code == 2 and out == ""
        assert _("Write the month as year-month, e.g. 2026-11.") in err
        assert "Traceback" not in err


def test_sheets_and_routes_written_for_a_month_a_pair_a_volunteer(run, centre, tmp_path):
    path, r, number = centre
    pdf = tmp_path / "sheets.pdf"
    code, out, err = run("visits", "sheets", "--month", r.month_text, "--out", pdf,
                         "--db", path, "--user", "wangli")
    assert code == 0, err
    assert out.strip() == ngettext("{n} visit sheet written to {file}.",
                                   "{n} visit sheets written to {file}.", 3).format(
        n=3, file=pdf)
    assert "王秀英" in pdf_text(pdf)
    one = tmp_path / "pair.pdf"
    code, out, err = run("visits", "sheets", "--month", r.month_text, "--pair", "第二探访组",
                         "--out", one, "--db", path, "--user", "admin")
    assert code == 0, err
    assert "钱奶奶" in pdf_text(one) and "王秀英" not in pdf_text(one)
    routes = tmp_path / "routes.pdf"
    code, out, err = run("visits", "routes", "--month", r.month_text, "--volunteer", number,
                         "--out", routes, "--db", path, "--user", "admin")
    assert code == 0, err
    text = pdf_text(routes)
    assert "赵大爷" in text and "王秀英" in text and "钱奶奶" not in text
    code, out, err = run("visits", "sheets", "--month", r.month_text, "--pair", "没有这个组",
                         "--out", tmp_path / "x.pdf", "--db", path, "--user", "admin")
    assert code == 2 and "没有这个组" in err and not (tmp_path / "x.pdf").exists()


def test_sheets_of_a_festival_campaign(run, centre, tmp_path):
    path, _r, _number = centre
    year = dt.date.today().year + 1
    pdf = tmp_path / "中秋.pdf"
    code, out, err = run("visits", "sheets", "--campaign", "mid_autumn", "--year", year,
                         "--out", pdf, "--db", path, "--user", "admin")
    assert code == 0, err
    assert "月饼" in pdf_text(pdf)
    code, out, err = run("visits", "sheets", "--campaign", "double_ninth", "--year", year,
                         "--out", tmp_path / "x.pdf", "--db", path, "--user", "admin")
    assert code == 2 and plans.campaign_name("double_ninth", year) in err
    code, out, err = run("visits", "sheets", "--campaign", "mid_autumn", "--out",
                         tmp_path / "x.pdf", "--db", path, "--user", "admin")
    assert code == 2 and "--year" in err


def test_overview_prints_the_rates_and_writes_the_report(run, centre, tmp_path):
    path, r, _number = centre
    code, out, err = run("visits", "overview", "--month", r.month_text, "--db", path,
                         "--user", "wangli")
    assert code == 0, err
    lines = out.splitlines()
    assert r.month_text in lines[0] and "0.0%" in lines[0]
    assert ["物业公司", "1"] == [v for v in lines[-1].split("\t")[1:]]
    report = tmp_path / "overview.xlsx"
    code, out, err = run("visits", "overview", "--month", r.month_text, "--out", report,
                         "--db", path, "--user", "admin")
    assert code == 0, err
    assert len(load_workbook(report).worksheets) == 4
    assert out.splitlines()[-1] == _("Report written to {file}.").format(file=report)


def test_a_role_without_the_visits_is_refused(run, centre, tmp_path):
    path, r, _number = centre
    pdf = tmp_path / "s.pdf"
    code, out, err = run("visits", "sheets", "--month", r.month_text, "--out", pdf,
                         "--db", path, "--user", "chenayi")
    assert code != 0 and out == "" and "Traceback" not in err and err
    assert not pdf.exists()
