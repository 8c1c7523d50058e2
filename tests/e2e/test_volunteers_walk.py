"""The volunteers as a new member of staff reaches them: the real process on a 1366×768
virtual screen in large print, by keyboard only — log in, Ctrl+3 to 志愿者, Ctrl+N for a new
volunteer, type the name and the date of consent, Enter; the profile opens; Escape; quit.
The volunteer is in the file with a valid volunteer number, and the audit log has it."""

from __future__ import annotations

from neighborcenter.features.volunteers.rules import check_volunteer_number
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


def test_a_volunteer_is_added_by_keyboard_in_large_print(screen, tmp_path):
    db = tmp_path / "centre.db"
    init_centre(db)
    logged_in(screen, db, "admin", "--large-print")

    screen.key("ctrl+3", pause=1.0)  # 志愿者, third in the sidebar
    screen.key("ctrl+n")
    screen.wait_window("新增志愿者")
    screen.key("alt+n")  # 姓名(&N)
    screen.type("赵志愿")
    screen.key("alt+c")  # 同意日期(&C): the record needs the volunteer's consent
    screen.type("2026-11-01")
    screen.key("Return")
    screen.wait_window("志愿者：赵志愿")  # the new volunteer's profile
    screen.key("Escape", pause=0.5)
    # back on the main window (a window manager gives it the focus; Xvfb has none)
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()
    screen.key("ctrl+q")
    assert screen.wait_exit() == 0

    conn = sql(db, passphrase=PASSPHRASE)
    try:
        [(name, number, consent)] = conn.execute(
            "SELECT name, number, consent_on FROM volunteers").fetchall()
    finally:
        conn.close()
    assert (name, consent) == ("赵志愿", "2026-11-01")
    assert check_volunteer_number(number) == number
    assert "create" in audit_actions(db)
