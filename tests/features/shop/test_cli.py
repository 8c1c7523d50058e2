"""``neighborcenter shop …``: run in-process as a script would (``--user`` and the passphrase
in the environment), on a database the services filled: a redemption for points from the
paper book (once per request id, the till's refusals on stderr with exit status 2 and nothing
changed), the stock list (text and JSON), the day's summary and its close."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from neighborcenter.cli import main
from neighborcenter.core.roles import Role
from neighborcenter.features.shop.rules import Shelf
from neighborcenter.i18n import _
from tests.conftest import PASSPHRASE, make_account, sql
from tests.features.shop import add_product, volunteer_with_points

RICE = "6901234567892"  # a maker's EAN-13 with its right check digit


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
    """Rice on 爱心铺 for 120 points (10 bags), milk on 真心铺 expiring in 3 days (2 left: low),
    soap; a volunteer with 500 points; a shop volunteer (chenayi) and a class volunteer."""
    add_product(db, admin, barcode=RICE)
    add_product(db, admin, "纯牛奶", shelf=Shelf.DAILY, price="3.5", points="", stock=2,
                food=True, expires=(dt.date.today() + dt.timedelta(days=3)).isoformat(),
                unit="盒")
    add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="", stock=20)
    card = volunteer_with_points(db, admin, points=500)
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    db.close()
    return db.path, card


def counts(path) -> tuple[int, int, int]:
    conn = sql(path)
    return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("shop_sales", "shop_stock_moves", "points_transactions"))


def test_a_redemption_once_per_request_id(run, centre):
    path, card = centre
    args = ("shop", "redeem", "--card", card, "--item", RICE, "--request-id", "book-p3-1",
            "--db", path, "--user", "chenayi")
    code, out, err = run(*args)
    assert code == 0, err
    assert out.strip() == "王秀英 用 120 积分兑换 大米 5kg ×1，余额 380"
    after = counts(path)
    code, out, err = run(*args, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["replayed"] is True and data["balance"] == 380 and data["points"] == 120
    assert data["items"] == [{"name": "大米 5kg", "barcode": RICE, "quantity": 1,
                              "points": 120}]
    assert counts(path) == after  # the second time changed nothing
    code, out, err = run(*args)
    assert code == 0, err
    assert out.splitlines()[0] == _("Already done with this request id (sale {number}); "
                                    "nothing was changed.").format(number=data["number"])


def test_two_bags_for_points_json(run, centre):
    path, card = centre
    code, out, err = run("shop", "redeem", "--card", card, "--item", RICE, "--qty", "2",
                         "--request-id", "r2", "--json", "--db", path, "--user", "chenayi")
    assert code == 0, err
    data = json.loads(out)
    assert (data["points"], data["balance"], data["replayed"]) == (240, 260, False)
    assert data["name"] == "王秀英" and data["card"] == card


@pytest.mark.parametrize(("extra", "needle"), [
    (("--item", "6901234567893"), "6901234567893"),  # a misread scan: a wrong check digit
    (("--item", "6920000000008"), "6920000000008"),  # no such product
    (("--item", RICE, "--qty", "5"), "积分"),  # 600 points wanted, 500 there
    (("--item", RICE, "--qty", "0"), ""),
])
def test_refusals_change_nothing(run, centre, extra, needle):
    path, card = centre
    before = counts(path)
    code, out, err = run("shop", "redeem", "--card", card, "--request-id", "bad", *extra,
                         "--db", path, "--user", "chenayi")
    assert code == 2 and out == ""
    assert err.startswith(_("Error: {message}").format(message="")) and needle in err
    assert counts(path) == before


def test_a_card_nobody_has_is_refused(run, centre):
    path, _card = centre
    code, out, err = run("shop", "redeem", "--card", "ZZ999", "--item", RICE,
                         "--request-id", "x", "--db", path, "--user", "chenayi")
    assert code == 2 and out == "" and err


def test_the_class_volunteer_may_not_use_the_shop(run, centre):
    path, card = centre
    before = counts(path)
    code, out, err = run("shop", "stock", "--db", path, "--user", "xiaozhou")
    assert code == 2 and out == "" and err
    assert counts(path) == before


def test_the_stock_as_text_and_json(run, centre):
    path, _card = centre
    code, out, err = run("shop", "stock", "--json", "--db", path, "--user", "chenayi")
    assert code == 0, err
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == {"大米 5kg", "纯牛奶", "肥皂"}
    milk = rows["纯牛奶"]
    assert (milk["stock"], milk["low"], milk["expiring"], milk["shelf"]) == (2, True, 2, "daily")
    assert rows["大米 5kg"]["barcode"] == RICE and not rows["大米 5kg"]["low"]
    code, out, err = run("shop", "stock", "--shelf", "points", "--db", path, "--user",
                         "chenayi")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("\t")[:2] == ["大米 5kg", RICE] and len(lines) == 2
    code, out, err = run("shop", "stock", "--db", path, "--user", "chenayi")
    milk_line = next(line for line in out.splitlines() if line.startswith("纯牛奶"))
    assert _("running low") in milk_line and _("{n} expiring").format(n=2) in milk_line


def test_the_summary_then_the_close(run, centre):
    path, card = centre
    run("shop", "redeem", "--card", card, "--item", RICE, "--request-id", "a",
        "--db", path, "--user", "chenayi")
    code, out, err = run("shop", "close-day", "--json", "--db", path, "--user", "chenayi")
    assert code == 0, err
    data = json.loads(out)
    assert not data["closed"] and data["points_redeemed"] == 120 and data["sales"] == 1
    assert data["expected_fen"] == 20000 and data["counted_fen"] is None
    assert data["stock_balances"]
    assert not sql(path).execute("SELECT COUNT(*) FROM shop_day_closes").fetchone()[0]
    # ¥10 short and no note: refused, nothing closed
    code, out, err = run("shop", "close-day", "--counted", "190", "--db", path,
                         "--user", "chenayi")
    assert code == 2 and "¥10.00" in err
    assert not sql(path).execute("SELECT COUNT(*) FROM shop_day_closes").fetchone()[0]
    code, out, err = run("shop", "close-day", "--counted", "190", "--note", "找错零钱",
                         "--db", path, "--user", "chenayi")
    assert code == 0, err
    assert "-¥10.00" in out and "找错零钱" in out
    # closed: the till takes no more redemptions that day
    code, out, err = run("shop", "redeem", "--card", card, "--item", RICE,
                         "--request-id", "b", "--db", path, "--user", "chenayi")
    assert code == 2 and "日结" in err


def test_a_note_without_a_count_and_a_day_ahead_are_refused(run, centre):
    path, _card = centre
    code, _out, err = run("shop", "close-day", "--note", "x", "--db", path,
                          "--user", "chenayi")
    assert code == 2 and "--counted" in err
    ahead = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    code, _out, err = run("shop", "close-day", "--date", ahead, "--counted", "200",
                          "--db", path, "--user", "chenayi")
    assert code == 2 and err
    code, _out, err = run("shop", "close-day", "--date", "2026-13-40", "--db", path,
                          "--user", "chenayi")
    assert code == 2 and err


def test_the_stock_and_the_sales_as_xlsx(run, centre, tmp_path):
    path, card = centre
    run("shop", "redeem", "--card", card, "--item", RICE, "--request-id", "x1",
        "--db", path, "--user", "chenayi")
    stock = tmp_path / "stock.xlsx"
    code, out, err = run("shop", "export", "stock", "--out", stock, "--shelf", "daily",
                         "--db", path, "--user", "chenayi")
    assert code == 0, err
    assert stock.exists() and str(stock) in out
    assert len(list(load_workbook(stock).worksheets[0].iter_rows())) == 3  # header, 2 goods
    sales = tmp_path / "sales.xlsx"
    today = dt.date.today().isoformat()
    # the shop volunteer may not export the names
    code, out, err = run("shop", "export", "sales", "--since", today, "--until", today,
                         "--out", sales, "--db", path, "--user", "chenayi")
    assert code == 2 and not sales.exists()
    code, out, err = run("shop", "export", "sales", "--since", today, "--until", today,
                         "--out", sales, "--db", path, "--user", "admin")
    assert code == 0, err
    names = [r[9] for r in load_workbook(sales).worksheets[0].iter_rows(values_only=True)]
    assert "王秀英" in names
    audited = sql(path).execute("SELECT COUNT(*) FROM audit_log WHERE action = 'export'"
                                ).fetchone()[0]
    assert audited == 1
    code, out, err = run("shop", "export", "sales", "--out", sales, "--db", path,
                         "--user", "admin")
    assert code == 2 and "--since" in err
