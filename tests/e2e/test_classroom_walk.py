"""The after-school class as a volunteer on duty reaches it: the real process on a 1366×768
virtual screen in large print, by keyboard only — the 三点半课堂志愿者 logs in (the sidebar
holds 首页 and 三点半课堂 only), Ctrl+2 to the day's tiles, Enter on the child who is here
opens the sign-out dialog, Alt+1 chooses the guardian, Alt+O signs the child out; quit. The
hand-over is in the file with the adult, the time and who handed over, and the audit log has
it."""

from __future__ import annotations

import datetime as dt

from neighborcenter.core import accounts, unlock
from neighborcenter.core.roles import Role
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
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
from tests.features.classroom import enrolled_child


def seed(db) -> str:
    """A class running all day (so that the walk does not depend on the hour), a child accepted
    with a guardian and a grandmother who may collect, signed in a minute ago, and an
    after-school volunteer's account; the child's id."""
    opened = unlock.log_in(db, username="admin", passphrase=PASSPHRASE, lock=False)
    try:
        centre, admin = opened.centre, opened.login.actor
        save_class_settings(centre, actor=admin, settings=ClassSettings(
            starts_at="00:00", closes_at="23:59"))
        cid, _term = enrolled_child(centre, admin)
        now = dt.datetime.now().astimezone() - dt.timedelta(minutes=1)
        days.arrive(centre, actor=admin, on=now.date(), child_ids=[cid], now=now)
        accounts.create_account(centre, actor=admin, username="xiaozhou", display_name="周晓",
                                role=Role.CLASS_VOLUNTEER, passphrase=PASSPHRASE)
        return cid
    finally:
        opened.centre.close()


def test_a_child_is_handed_over_by_keyboard_in_large_print(screen, tmp_path):
    db = tmp_path / "centre.db"
    init_centre(db)
    cid = seed(db)
    logged_in(screen, db, "xiaozhou", "--large-print")

    screen.key("ctrl+2", pause=2.0)  # 三点半课堂, second of the volunteer's two pages
    screen.key("Return")  # the cursor is on the tiles: the child who is here → 签退
    screen.wait_window("签退：李小明")
    screen.key("alt+1")  # the first who may collect: 李建国, the guardian
    screen.key("alt+o", pause=1.5)  # 签退(&O): handed over; the dialog closes
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()
    screen.key("ctrl+q")
    assert screen.wait_exit() == 0

    conn = sql(db, passphrase=PASSPHRASE)
    try:
        [(adult, relation, left_at, handed_by, recorded_by)] = conn.execute(
            "SELECT adult_name, adult_relation, left_at, handed_by, recorded_by "
            "FROM class_attendance WHERE child_id = ?", (cid,)).fetchall()
    finally:
        conn.close()
    assert (adult, relation) == ("李建国", "父亲")
    assert left_at is not None and handed_by == "周晓" and recorded_by == "xiaozhou"
    assert "update" in audit_actions(db)
