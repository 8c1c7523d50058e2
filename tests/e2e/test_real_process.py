"""The README's way in, in the real process with the real event loop, by keyboard on a
1366×768 virtual screen: first-run wizard → main window → log out → login window → main
window → lock (Ctrl+L) → unlock → quit. Every window that replaces another must leave the
application running; only the person's own 退出 ends it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import sql
from tests.e2e.screen import Screen

CENTRE = "幸福邻里中心"
TITLE = f"邻里中心 — {CENTRE}"
PASSPHRASE = "lantern-river-42"
MAIN = 900  # the main window is wider than this; the login and lock windows are narrower


@pytest.fixture
def screen(tmp_path):
    screen = Screen(tmp_path)
    yield screen
    screen.close()


def audit_actions(db) -> list[str]:
    conn = sql(db, passphrase=PASSPHRASE)  # encrypted: the admin's passphrase unwraps it
    try:
        return [row[0] for row in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    finally:
        conn.close()


def test_wizard_login_lock_and_quit_by_keyboard(screen, tmp_path):
    db = tmp_path / "centre.db"
    screen.start_app("--db", str(db))

    # the wizard: the centre, then the first administrator, then no demo data
    screen.wait_window("邻里中心 — 首次设置")
    for value in (CENTRE, "幸福社区", "爱山街道"):
        screen.type(value)
        screen.key("Tab")
    screen.type("吴兴区")
    screen.key("Return")
    screen.key("Tab")  # the login name is filled in: admin
    screen.type("李主任")
    screen.key("Tab")
    screen.type(PASSPHRASE)
    screen.key("Tab")
    screen.type(PASSPHRASE)
    screen.key("Return", "Return")  # next, then finish

    # the recovery key, shown once: "I have written it down", then Continue
    screen.wait_window("邻里中心 — 恢复密钥")
    screen.key("space", "Return")

    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()

    # log out through the 账号 menu by keyboard: the login window takes over
    screen.key("alt+a", "Up", "Return")
    screen.wait_window(TITLE, max_width=MAIN - 1)
    screen.type("admin")
    screen.key("Return")
    screen.type("wrong passphrase")
    screen.key("Return", pause=1.5)  # the check takes its time; then the error shows
    screen.type(PASSPHRASE)  # the wrong one is selected: typing replaces it
    screen.key("Return")
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()

    # lock by hand, unlock by typing: the main window comes back, the application stays
    screen.key("ctrl+l")
    screen.wait_window(TITLE, max_width=MAIN - 1)
    screen.type(PASSPHRASE)
    screen.key("Return")
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()

    screen.key("ctrl+q")
    assert screen.wait_exit() == 0
    actions = audit_actions(db)
    assert actions.count("login") == 1 and actions.count("login_failed") == 1
    assert actions.count("lock") == 1 and actions.count("unlock") == 1  # one Enter, one entry
    assert actions.count("logout") == 1


def init_centre(db) -> None:
    subprocess.run([sys.executable, "-m", "neighborcenter", "init", "--db", str(db),
                    "--center", CENTRE, "--community", "幸福社区", "--street", "爱山街道",
                    "--district", "吴兴区"], check=True, capture_output=True,
                   env={"NEIGHBORCENTER_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin"})


def logged_in(screen, db, user: str = "admin", *options: str) -> None:
    """Start the app on ``db`` and log in through the login window by typing, as staff do;
    returns once the main window shows."""
    screen.start_app("--db", str(db), *options)
    screen.wait_window(TITLE, max_width=MAIN - 1)
    screen.type(user)
    screen.key("Tab")
    screen.type(PASSPHRASE)
    screen.key("Return")
    screen.wait_window(TITLE, min_width=MAIN)


def test_quit_from_the_login_window_ends_the_application(screen, tmp_path):
    db = tmp_path / "centre.db"
    init_centre(db)
    screen.start_app("--db", str(db))
    screen.wait_window(TITLE, max_width=MAIN - 1)
    screen.key("Escape")  # the login window's 退出
    assert screen.wait_exit() == 0


def test_restore_hands_over_to_the_login_window_and_back(screen, tmp_path):
    from neighborcenter.i18n import translate_to

    db = tmp_path / "centre.db"
    init_centre(db)
    logged_in(screen, db)

    screen.key("alt+f", "Return", pause=1.5)  # 文件 → 立即备份
    screen.key("ctrl+0", pause=0.8)  # 数据与备份, 10th: the cursor is in the list of backups
    screen.key("Down", "Tab", "Tab", "space")  # the newest backup; 恢复所选备份…
    screen.wait_window(translate_to("zh_CN", "Restore a backup"))
    screen.key("y")  # 是(&Y)
    screen.wait_window(translate_to("zh_CN", "Backup restored"))
    screen.key("Return")

    screen.wait_window(TITLE, max_width=MAIN - 1)  # log in again, on the restored file
    screen.type("admin")
    screen.key("Tab")
    screen.type(PASSPHRASE)
    screen.key("Return")
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()
    screen.key("ctrl+q")
    assert screen.wait_exit() == 0
    assert "restore" in audit_actions(db)
