"""The shop's demo step, loaded the way ``neighborcenter demo`` loads it (after the register's
and the volunteers' demos): a year of the shop, consistent the way the shop's books must be —
no stock below zero at any point, every sale's lines matched by its stock movements, every
redemption by its transaction in the points ledger (which sums to zero, no balance below zero),
every closed day balanced or explained by its note and unchanged since it was closed (nothing
written on a closed day); gifts with their reason and signer around the festivals, a group buy
a month, a stock-take a quarter; the register not added to; the same seed, the same shop. The
demo's day is fixed (a Saturday the shop is open), not the day the suite runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Role
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.features.shop import dayclose, home
from neighborcenter.features.shop.demo import NOT_CLOSED, OPEN_WEEKDAYS, load_demo_data
from neighborcenter.features.shop.rules import ean_check_digit
from neighborcenter.features.volunteers.demo import load_demo_data as load_volunteers
from neighborcenter.storage.check import check_database
from tests.conftest import PASSPHRASE, make_account, sql

RESIDENTS = 300
TODAY = dt.date(2026, 11, 28)


def new_centre(path):
    centre = Centre.create(path)
    admin = set_up_centre(centre, name="幸福邻里中心", community="幸福社区", street="爱山街道",
                          district="吴兴区", admin_username="admin",
                          admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                          language="zh_CN").admin
    create_demo_staff(centre)
    load_register(centre, actor=admin, residents=RESIDENTS, seed=3)
    load_volunteers(centre, actor=admin, residents=RESIDENTS, seed=3)
    return centre, admin


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    centre, admin = new_centre(tmp_path_factory.mktemp("demo") / "centre.db")
    residents = sql(centre).execute("SELECT COUNT(*) FROM residents").fetchone()[0]
    summary = load_demo_data(centre, actor=admin, residents=RESIDENTS, seed=3, today=TODAY)
    yield centre, admin, summary, residents
    centre.close()


def test_it_has_every_part_for_a_year(demo):
    centre, _a, s, _r = demo
    assert s.products == 21 and s.donations >= 30 and s.refused_lines >= 1
    assert s.sales > 200 and s.redemptions > 40 and s.points_redeemed > 0
    assert s.undone >= 3 and s.gifts >= 15 and s.orders >= 40
    assert s.stocktakes == 4 and s.closed_days >= 140
    conn = sql(centre)
    first = dt.date.fromisoformat(conn.execute("SELECT MIN(\"on\") FROM shop_sales").fetchone()[0])
    assert (TODAY - first).days >= 360  # a year of sales …
    months = {m for (m,) in conn.execute("SELECT DISTINCT substr(received_on, 1, 7) FROM "
                                         "shop_donations")}
    assert len(months) >= 12  # … donations every month …
    shelves = {s for (s,) in conn.execute("SELECT DISTINCT p.shelf FROM shop_sale_lines l JOIN "
                                          "shop_products p ON p.id = l.product_id")}
    assert shelves == {"daily", "group", "donated", "points"}  # … from all four shelves
    weekdays = {dt.date.fromisoformat(d).weekday() for (d,) in conn.execute(
        "SELECT DISTINCT \"on\" FROM shop_sales WHERE \"on\" < ?", (TODAY.isoformat(),))}
    assert weekdays <= OPEN_WEEKDAYS  # only on the days the shop opens


def test_barcodes_are_real_looking(demo):
    centre, *_ = demo
    codes = [c for (c,) in sql(centre).execute("SELECT barcode FROM shop_products")]
    assert all(len(c) == 13 and c.isdigit() and ean_check_digit(c[:12]) == int(c[12])
               for c in codes)
    assert sum(c.startswith("69") for c in codes) >= 12 and \
        sum(c.startswith("20") for c in codes) >= 3
    shelves = {s for (s,) in sql(centre).execute("SELECT DISTINCT shelf FROM shop_products")}
    assert shelves == {"daily", "group", "donated", "points"}


def test_stock_never_below_zero_and_sales_match_their_moves(demo):
    centre, *_ = demo
    conn = sql(centre)
    running: dict[str, int] = defaultdict(int)
    for pid, qty in conn.execute("SELECT product_id, quantity FROM shop_stock_moves "
                                 "ORDER BY change_seq"):
        running[pid] += qty
        assert running[pid] >= 0
    lines = dict(conn.execute("SELECT sale_id, SUM(quantity) FROM shop_sale_lines "
                              "GROUP BY sale_id").fetchall())
    moves = dict(conn.execute("SELECT sale_id, SUM(quantity) FROM shop_stock_moves "
                              "WHERE sale_id IS NOT NULL GROUP BY sale_id").fetchall())
    assert lines and {k: -v for k, v in moves.items()} == lines
    totals = conn.execute("SELECT s.id, s.total, SUM(l.quantity * l.unit_price) FROM shop_sales "
                          "s JOIN shop_sale_lines l ON l.sale_id = s.id GROUP BY s.id")
    assert all(total == computed for _id, total, computed in totals)
    # food came in with its expiry date; a refused donation line never came in
    assert not conn.execute("SELECT COUNT(*) FROM shop_stock_moves m JOIN shop_products p ON "
                            "p.id = m.product_id WHERE p.food AND m.kind IN ('intake', "
                            "'donation') AND m.expires_on IS NULL").fetchone()[0]
    refused = conn.execute("SELECT donation_id, product_id FROM shop_donation_lines "
                           "WHERE NOT accepted").fetchall()
    assert len(refused) == demo[2].refused_lines
    assert not conn.execute("SELECT COUNT(*) FROM shop_stock_moves m JOIN shop_donation_lines l "
                            "ON l.donation_id = m.donation_id AND l.product_id = m.product_id "
                            "WHERE NOT l.accepted AND l.product_id NOT IN (SELECT product_id "
                            "FROM shop_donation_lines WHERE accepted AND donation_id = "
                            "l.donation_id)").fetchone()[0]


def test_the_ledger_matches_the_redemptions(demo):
    centre, *_ = demo
    conn = sql(centre)
    assert conn.execute("SELECT COALESCE(SUM(amount), 0) FROM points_entries").fetchone()[0] == 0
    assert not conn.execute("SELECT COUNT(*) FROM (SELECT t.id FROM points_transactions t "
                            "LEFT JOIN points_entries e ON e.transaction_id = t.id GROUP BY "
                            "t.id HAVING COUNT(e.id) = 0 OR SUM(e.amount) != 0)").fetchone()[0]
    assert not conn.execute("SELECT COUNT(*) FROM (SELECT a.id FROM points_accounts a JOIN "
                            "points_entries e ON e.account_id = a.id WHERE a.volunteer_id IS NOT "
                            "NULL GROUP BY a.id HAVING SUM(e.amount) < 0)").fetchone()[0]
    points = conn.execute("SELECT id, points_tx, total FROM shop_sales "
                          "WHERE payment = 'points'").fetchall()
    assert points and all(tx for _id, tx, _t in points)
    for _id, tx, total in points:  # the volunteer's side of the transaction is the sale's
        mine = conn.execute("SELECT SUM(e.amount) FROM points_entries e JOIN points_accounts a "
                            "ON a.id = e.account_id WHERE e.transaction_id = ? AND "
                            "a.volunteer_id IS NOT NULL", (tx,)).fetchone()[0]
        assert mine == -total


def test_closed_days_balance_or_say_why(demo):
    centre, admin, *_ = demo
    conn = sql(centre)
    closes = conn.execute("SELECT \"on\", opening_fen + sales_fen + group_buy_fen, counted_fen, "
                          "note FROM shop_day_closes WHERE archived_at IS NULL").fetchall()
    assert len(closes) >= 140
    short = [c for c in closes if c[1] != c[2]]
    assert len(short) == 2 and all(c[3] for c in short)
    closed = {c[0] for c in closes}
    days = {d for (d,) in conn.execute("SELECT DISTINCT \"on\" FROM shop_sales "
                                       "WHERE \"on\" < ?", (TODAY.isoformat(),))}
    open_days = sorted(d for d in days - closed)
    assert len(open_days) == NOT_CLOSED and open_days[0] > max(closed)  # the last few only
    # the group-buy payments of the closed days are in their closes
    paid = conn.execute("SELECT COALESCE(SUM(paid_fen), 0) FROM shop_orders WHERE paid_on < ?",
                        (min(open_days),)).fetchone()[0]
    assert paid > 0 and paid == sum(r[0] for r in conn.execute(
        "SELECT group_buy_fen FROM shop_day_closes"))
    # each day's business came before its close: nothing changed since (账物相符)
    for day in sorted(closed):
        summary = dayclose.day_summary(centre, actor=admin, on=dt.date.fromisoformat(day))
        assert summary.stock_balances, (day, summary.mismatches)


def test_gifts_go_to_residents_in_hardship_and_the_register_is_untouched(demo):
    centre, _admin, _s, residents = demo
    conn = sql(centre)
    assert conn.execute("SELECT COUNT(*) FROM residents").fetchone()[0] == residents
    gifts = conn.execute("SELECT g.id, g.hardship, g.signed_by FROM shop_gifts g "
                         "JOIN residents r ON r.id = g.resident_id").fetchall()
    assert gifts and all(signed for _id, _h, signed in gifts)
    assert not conn.execute("SELECT COUNT(*) FROM shop_gifts WHERE reason = '' OR "
                            "signer_relation = ''").fetchone()[0]
    reasons = {r for (r,) in conn.execute("SELECT DISTINCT reason FROM shop_gifts")}
    assert {"春节慰问", "中秋节慰问", "重阳节敬老慰问"} <= reasons  # around the festivals
    assert {h for _id, h, _s in gifts} <= {"subsistence", "disabled", "elderly_alone"}
    for gid, _h, _s in gifts:
        assert conn.execute("SELECT COUNT(*) FROM shop_stock_moves WHERE gift_id = ? AND "
                            "kind = 'gift' AND quantity < 0", (gid,)).fetchone()[0] == 2


def test_the_home_page_shows_expiring_food_and_the_check_is_clean(demo):
    centre, admin, _s, _r = demo
    part = home.home_part(centre, actor=admin, today=TODAY)
    shows = [i.view.filters.get("show") for i in part.today]
    assert "expiring" in shows
    # the last open days are not closed yet: the home page says so, one line each
    assert len([i for i in part.today if i.view.filters["tab"] == "dayclose"]) == NOT_CLOSED
    till_user = make_account(centre, admin, "chenayi2", Role.SHOP_VOLUNTEER)
    assert home.home_part(centre, actor=till_user, today=TODAY).cards[0].value >= 1  # sales
    assert check_database(centre.database).ok


def test_a_second_load_is_refused(demo):
    centre, admin, _s, _r = demo
    with pytest.raises(ValidationError):
        load_demo_data(centre, actor=admin, seed=3, today=TODAY)


def test_the_same_seed_makes_the_same_shop(demo, tmp_path):
    centre, _admin, summary, _r = demo
    other, admin = new_centre(tmp_path / "again.db")
    try:
        assert load_demo_data(other, actor=admin, seed=3, today=TODAY) == summary
        q = ("SELECT s.\"on\", s.payment, s.total, l.name, l.quantity FROM shop_sales s "
             "JOIN shop_sale_lines l ON l.sale_id = s.id ORDER BY s.number, l.name")
        assert sql(other).execute(q).fetchall() == sql(centre).execute(q).fetchall()
    finally:
        other.close()


def test_the_group_buys_and_a_resident_page(demo):
    centre, admin, _s, _r = demo
    conn = sql(centre)
    status = [s for (s,) in conn.execute("SELECT status FROM shop_campaigns ORDER BY order_by")]
    assert len(status) >= 11 and status[-1] == "open" and set(status[:-1]) == {"closed"}
    closed = conn.execute("SELECT COUNT(*) FROM shop_orders o JOIN shop_campaigns c ON "
                          "c.id = o.campaign_id WHERE c.status = 'closed' AND "
                          "o.collected_at IS NOT NULL").fetchone()[0]
    refunded = conn.execute("SELECT COUNT(*) FROM shop_orders WHERE refunded_fen > 0 AND "
                            "cancelled_on = ?", (TODAY.isoformat(),)).fetchone()[0]
    assert closed >= 1 and refunded == 1
    walk_ins = conn.execute("SELECT COUNT(*) FROM shop_orders WHERE resident_id IS NULL"
                            ).fetchone()[0]
    assert walk_ins >= 1
    rid = conn.execute("SELECT resident_id FROM shop_gifts LIMIT 1").fetchone()[0]
    section = home.shop_section(centre, actor=admin, resident_id=rid)
    assert section is not None and section.rows


def test_a_stocktake_each_quarter(demo):
    centre, *_ = demo
    conn = sql(centre)
    takes = [dt.date.fromisoformat(d) for (d,) in conn.execute(
        "SELECT \"on\" FROM shop_stocktakes WHERE finished_at IS NOT NULL ORDER BY \"on\"")]
    assert len(takes) == 4
    assert all(60 <= (b - a).days <= 120 for a, b in zip(takes, takes[1:], strict=False))
    adjusted = conn.execute("SELECT COUNT(*) FROM shop_stock_moves WHERE kind = 'adjust'"
                            ).fetchone()[0]
    assert adjusted == 1  # the bag short, explained by the note
