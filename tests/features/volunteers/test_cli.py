"""``neighborcenter volunteers …`` and ``neighborcenter points …``: run in-process as a script
would (``--user`` and the passphrase in the environment), on a database the services filled."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from neighborcenter.cli import main
from neighborcenter.core.roles import Role
from neighborcenter.features.volunteers import ledger, people
from neighborcenter.features.volunteers.rules import CentreAccount, EntryKind
from neighborcenter.i18n import _, ngettext
from tests.conftest import PASSPHRASE, make_account, sql
from tests.features.volunteers import add_volunteer, approved_hours


@pytest.fixture
def run(capsys, monkeypatch):
    """``run(*args)``: the command line, its exit code, stdout and stderr."""

    def _run(*args, passphrase=PASSPHRASE):
        monkeypatch.setenv("NEIGHBORCENTER_PASSPHRASE", passphrase)
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture
def centre(db, admin):
    """张 with 30 points earned, 12 spent and given back, 5 given to 王; then the file is
    closed so that the command line can open it. (path, 张's number, 王's number, the
    redemption's transaction)"""
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    zhang = add_volunteer(db, admin, "张桂英", id_number="11010519491231002X")
    wang = add_volunteer(db, admin, "王秀兰")
    approved_hours(db, admin, [zhang], "3", on="2023-03-03")
    sale = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=12,
                                reason="毛巾一条", request_key="sale-1")
    ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id, reason="退货")
    ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=wang,
                         points=5, reason="送给王秀兰", request_key="gift-1")
    numbers = [people.volunteer_profile(db, actor=admin, volunteer=v).number
               for v in (zhang, wang)]
    db.close()
    return db.path, numbers[0], numbers[1], sale.transaction_id


def test_statement_as_json_has_every_line_with_its_running_balance(run, centre):
    path, zhang, _wang, sale = centre
    code, out, err = run("volunteers", "statement", zhang, "--json", "--db", path,
                         "--user", "admin")
    assert code == 0, err
    data = json.loads(out)
    assert (data["number"], data["name"], data["balance"]) == (zhang, "张桂英", 25)
    assert [(line["kind"], line["amount"], line["balance"], line["reversed"])
            for line in data["lines"]] == [
        ("earn", 30, 30, False), ("redeem", -12, 18, True), ("reverse", 12, 30, False),
        ("donate", -5, 25, False)]
    assert data["lines"][1]["transaction"] == sale and data["lines"][1]["reason"] == "毛巾一条"
    assert data["lines"][0]["date"] == "2023-03-03"
    assert data["lines"][0]["kind_label"] == EntryKind.EARN.label


def test_statement_as_text_and_an_unknown_number(run, centre):
    path, zhang, _wang, _sale = centre
    code, out, _err = run("volunteers", "statement", zhang, "--db", path, "--user", "wangli")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == _("{name} ({number})").format(name="张桂英", number=zhang)
    assert lines[1].split("\t")[:4] == ["2023-03-03", EntryKind.EARN.label, "+30", "30"]
    assert lines[2].split("\t") == [dt.date.today().isoformat(), EntryKind.REDEEM.label,
                                    "-12", "18", "毛巾一条", _("(reversed)")]
    assert "25" in lines[-1]
    code, out, err = run("volunteers", "statement", "19999999", "--db", path,
                         "--user", "admin")
    assert code == 2 and out == "" and "19999999" in err and "Traceback" not in err


def test_points_balance_shows_every_account_summing_to_zero(run, centre):
    path, zhang, wang, _sale = centre
    code, out, err = run("points", "balance", "--json", "--db", path, "--user", "admin")
    assert code == 0, err
    data = json.loads(out)
    by_name = {a["name"]: (a["number"], a["balance"]) for a in data["accounts"]}
    assert by_name == {CentreAccount.ISSUED.label: (None, -30),
                       CentreAccount.REDEEMED.label: (None, 0),
                       "张桂英": (zhang, 25), "王秀兰": (wang, 5)}
    assert data["total"] == 0 and data["total"] == sum(a["balance"] for a in data["accounts"])
    total, entries = sql(path).execute(
        "SELECT SUM(amount), COUNT(*) FROM points_entries").fetchone()
    assert (data["total"], data["entries"]) == (total, entries)
    code, out, _err = run("points", "balance", "--db", path, "--user", "admin")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [_("centre"), CentreAccount.ISSUED.label, "-30"] in rows
    assert [zhang, "张桂英", "25"] in rows
    assert out.splitlines()[-1] == _("Total of all accounts: {total} ({n} entries)").format(
        total=0, n=entries)


def test_points_expire_on_a_day_then_the_ledger_still_sums_to_zero(run, centre):
    path, zhang, _wang, _sale = centre
    code, out, err = run("points", "expire", "--on", "2026-11-01", "--db", path,
                         "--user", "admin")
    assert code == 0, err
    # 张's 30 points of 2023-03-03 less the 5 given away; 王's 5 are of today
    assert out.strip() == ngettext("{points} points of {n} volunteer expired.",
                                   "{points} points of {n} volunteers expired.", 1).format(
        points=25, n=1)
    code, out, _err = run("points", "balance", "--json", "--db", path, "--user", "admin")
    data = json.loads(out)
    assert {a["name"]: a["balance"] for a in data["accounts"]}[
        CentreAccount.EXPIRED.label] == 25
    assert data["total"] == 0
    code, out, _err = run("volunteers", "statement", zhang, "--json", "--db", path,
                          "--user", "admin")
    assert json.loads(out)["lines"][-1]["kind"] == "expire"
    # the shop volunteer may not run it
    code, _out, err = run("points", "expire", "--db", path, "--user", "chenayi")
    assert code != 0 and err


def test_list_escapes_what_a_terminal_would_obey(run, centre):
    path, zhang, wang, _sale = centre
    conn = sql(path)
    conn.execute("UPDATE volunteers SET name = ? WHERE number = ?", ("王\x1b[2J秀兰", wang))
    conn.commit()
    conn.close()
    code, out, _err = run("volunteers", "list", "--db", path, "--user", "admin")
    assert code == 0 and "\x1b" not in out and "王\\x1b[2J秀兰" in out
    assert out.splitlines()[0].split("\t")[:2] == [zhang, "张桂英"]
    code, out, _err = run("volunteers", "list", "--json", "--db", path, "--user", "admin")
    rows = [json.loads(line) for line in out.splitlines()]
    assert "\x1b" not in out and rows[1]["name"] == "王\x1b[2J秀兰"  # valid JSON, escaped
    assert rows[0] == {"number": zhang, "name": "张桂英", "teams": "", "hours": "3",
                       "minutes": 180, "points": 25, "stars": 0, "status": "active"}


def test_certificate_cards_passbook_and_export_write_their_files(run, centre, tmp_path):
    path, zhang, wang, _sale = centre
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run("volunteers", "certificate", zhang, "--out", out_dir / "证明.pdf",
                         "--from", "2023-01-01", "--to", "2023-12-31", "--db", path,
                         "--user", "wangli")
    assert code == 0, err
    number = f"{dt.date.today().year}-0001"
    assert number in out and (out_dir / "证明.pdf").exists()
    code, out, err = run("volunteers", "certificate", wang, "--out", out_dir / "x.pdf",
                         "--db", path, "--user", "wangli")
    assert code == 2 and "王秀兰" in err and not (out_dir / "x.pdf").exists()  # no hours
    code, out, err = run("volunteers", "cards", "--out", out_dir / "cards.pdf", "--db", path,
                         "--user", "admin")
    assert code == 0 and (out_dir / "cards.pdf").exists()
    assert "2" in out  # every serving volunteer
    code, out, err = run("volunteers", "cards", wang, "--out", out_dir / "one.pdf",
                         "--db", path, "--user", "admin")
    assert code == 0 and "1" in out
    code, out, err = run("volunteers", "passbook", zhang, "--out", out_dir / "存折.pdf",
                         "--db", path, "--user", "admin")
    assert code == 0 and (out_dir / "存折.pdf").exists()
    code, out, err = run("volunteers", "export", "--out", out_dir / "时长.xlsx", "--year",
                         "2023", "--db", path, "--user", "admin")
    assert code == 0 and (out_dir / "时长.xlsx").exists() and "1" in out
    actions = [a for (a,) in sql(path).execute(
        "SELECT action FROM audit_log WHERE action IN ('print', 'export') ORDER BY seq")]
    assert actions == ["print", "print", "print", "print", "export"]


def test_the_shop_volunteer_is_refused_every_volunteer_command(run, centre, tmp_path):
    path, zhang, _wang, _sale = centre
    for args in (["volunteers", "list"], ["volunteers", "statement", zhang],
                 ["volunteers", "export", "--out", tmp_path / "x.xlsx"],
                 ["points", "balance"]):
        code, out, err = run(*args, "--db", path, "--user", "chenayi")
        assert code != 0 and out == "" and "Traceback" not in err, args
    assert not (tmp_path / "x.xlsx").exists()
