"""The shop's till as the retired volunteer at it reaches it: the real process on a 1366×768
virtual screen, by keyboard only — the 匠心坊志愿者 logs in (a new shop account is in large
print without asking, and lands on the till with the cursor in the scan box), the scanner
types the rice's barcode and Enter, then the volunteer's card number and Enter (the till
switches to points and shows the balance), Alt+O to check out, Alt+Y to confirm; quit. The
sale, its stock movement and the points redemption are in the file, once each."""

from __future__ import annotations

from neighborcenter.core import accounts, unlock
from neighborcenter.core.roles import Role
from tests.conftest import sql
from tests.e2e.test_real_process import (
    MAIN,
    PASSPHRASE,
    TITLE,
    audit_actions,
    init_centre,
    logged_in,
)
from tests.e2e.test_real_process import screen as screen  # noqa: F401 (the fixture)
from tests.features.shop import add_product, volunteer_with_points

BARCODE = "6901234567892"


def seed(db) -> str:
    """Rice on 爱心铺 (120 points, 10 in stock), a volunteer with 500 points, and a shop
    volunteer's account; the card's number."""
    opened = unlock.log_in(db, username="admin", passphrase=PASSPHRASE, lock=False)
    try:
        centre, admin = opened.centre, opened.login.actor
        add_product(centre, admin, barcode=BARCODE)
        card = volunteer_with_points(centre, admin, points=500)
        accounts.create_account(centre, actor=admin, username="chenayi", display_name="陈阿姨",
                                role=Role.SHOP_VOLUNTEER, passphrase=PASSPHRASE)
        return card
    finally:
        opened.centre.close()


def test_a_redemption_at_the_till_by_keyboard_in_large_print(screen, tmp_path):
    db = tmp_path / "centre.db"
    init_centre(db)
    card = seed(db)
    logged_in(screen, db, "chenayi")  # no --large-print: the shop account has it

    screen.type(BARCODE)  # the scanner: digits, then Enter
    screen.key("Return", pause=1.0)
    screen.type(card)  # the volunteer's card, scanned into the same box
    screen.key("Return", pause=1.5)
    screen.key("alt+o")  # 结账(&O)
    screen.wait_window("结账")
    screen.key("alt+y", pause=1.5)  # 确认结账(&Y)
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()
    screen.key("ctrl+q")
    assert screen.wait_exit() == 0

    conn = sql(db, passphrase=PASSPHRASE)
    try:
        sales = conn.execute("SELECT payment, total, customer_name, points_left, by "
                             "FROM shop_sales").fetchall()
        moves = conn.execute("SELECT kind, quantity FROM shop_stock_moves "
                             "WHERE kind != 'intake'").fetchall()
        large = conn.execute("SELECT large_print FROM accounts WHERE username = 'chenayi'"
                             ).fetchone()[0]
    finally:
        conn.close()
    assert sales == [("points", 120, "王秀英", 380, "chenayi")]
    assert moves == [("redemption", -1)]
    assert large == 1
    assert "create" in audit_actions(db)
