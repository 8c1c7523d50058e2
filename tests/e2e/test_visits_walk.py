"""The elder visits as a new member of staff reaches them: the real process on a 1366×768
virtual screen in large print, by keyboard only — log in, Ctrl+4 to 探访关爱, Alt+G makes the
month's plan, Alt+R opens the visit form on the first planned visit (its pair's volunteers
are ticked), Alt+1 goes to the health area, Space ticks its first item, Ctrl+Enter saves;
quit. The visit is in the file, the planned visit is done, the volunteers' hours wait for
approval, and the audit log has it."""

from __future__ import annotations

from neighborcenter.core import unlock
from neighborcenter.features.visits import elders
from neighborcenter.features.visits.rules import Tier, Willing
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
from tests.features.visits import add_elder_resident, add_pair


def seed(db) -> str:
    """An elder on the visit list, willing, with a pair of volunteers (as staff made them)."""
    opened = unlock.log_in(db, username="admin", passphrase=PASSPHRASE, lock=False)
    try:
        centre, admin = opened.centre, opened.login.actor
        pid, _vids = add_pair(centre, admin)
        rid = add_elder_resident(centre, admin, "王秀英")
        elders.save_elder(centre, actor=admin, resident_id=rid, form=elders.ElderForm(
            willing=Willing.YES, willing_on="2026-01-05", tier=Tier.PRIORITY,
            tier_reason="独居", pair_id=pid))
        return rid
    finally:
        opened.centre.close()


def test_a_planned_visit_is_recorded_by_keyboard_in_large_print(screen, tmp_path):
    db = tmp_path / "centre.db"
    init_centre(db)
    rid = seed(db)
    logged_in(screen, db, "admin", "--large-print")

    screen.key("ctrl+4", pause=1.5)  # 探访关爱, fourth in the sidebar
    screen.key("alt+g", pause=2.0)  # 生成本月计划: one monthly visit for 王秀英
    screen.key("alt+r")  # 记录探访…: the first planned visit
    screen.wait_window("记录探访：王秀英")
    screen.key("alt+1")  # 1 身体状况: into the health area
    screen.key("space")  # its first item (言语表达) needs attention
    screen.key("ctrl+Return", pause=1.5)  # saved; the form closes
    screen.wait_window(TITLE, min_width=MAIN)
    assert screen.app_alive()
    screen.key("ctrl+q")
    assert screen.wait_exit() == 0

    conn = sql(db, passphrase=PASSPHRASE)
    try:
        [(visit_id, resident, health, method)] = conn.execute(
            "SELECT id, resident_id, health, method FROM visits").fetchall()
        done = conn.execute("SELECT COUNT(*) FROM visit_plans WHERE visit_id = ?",
                            (visit_id,)).fetchone()[0]
        pending = conn.execute("SELECT COUNT(*) FROM volunteer_service_records "
                               "WHERE status = 'pending'").fetchone()[0]
    finally:
        conn.close()
    assert (resident, health, method) == (rid, "speech", "home")
    assert done == 1  # the month's planned visit is done
    assert pending == 2  # both volunteers of the pair, waiting for approval
    assert "create" in audit_actions(db)
