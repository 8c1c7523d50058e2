"""Login, first-run wizard, idle lock and logout, driven like a person would."""

from __future__ import annotations

import time

import pytest

from neighborcenter.core import unlock
from neighborcenter.core.centre import get_centre
from neighborcenter.ui.controller import AppController
from neighborcenter.ui.login import LockDialog, LoginDialog
from neighborcenter.ui.main_window import MainWindow
from neighborcenter.ui.ops import DbWorker, ImmediateExecutor
from neighborcenter.ui.setup_wizard import SetupWizard
from tests.conftest import PASSPHRASE, sql


def test_login_dialog_wrong_then_right(qtbot, worker, admin, db):
    def attempt(username, passphrase):  # (the fixture's handle keeps the lock: share it)
        opened = unlock.log_in(db.path, username=username, passphrase=passphrase, lock=False)
        opened.centre.close()
        return opened.login

    dialog = LoginDialog(worker, "幸福邻里中心", attempt)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.passphrase.setText("wrong passphrase")
    dialog.try_login()
    assert "登录名或口令不正确" in dialog.errors.general.text()
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.login_did_succeed) as blocker:
        dialog.try_login()
    assert blocker.args[0].actor.username == "admin"


def test_wizard_sets_up_the_centre_with_demo_data(qtbot, tmp_path):
    worker = DbWorker(None, ImmediateExecutor())
    wizard = SetupWizard(worker, tmp_path / "new.db")
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.centre_page
    c = page.centre
    wizard.next()
    assert wizard.currentPage() is page  # empty fields: stays, says what to fill
    assert page.errors._labels["name"].text() == "请输入中心名称。"
    c.name.setText("幸福邻里中心")
    c.community.setText("幸福社区")
    c.street.setText("爱山街道")
    c.district.setText("吴兴区")
    wizard.next()
    a = wizard.admin_page
    assert wizard.currentPage() is a
    a.display_name.setText("李主任")
    a.passphrase.setText("12345678")
    a.repeat.setText("12345678")
    wizard.next()
    assert wizard.currentPage() is a  # a passphrase on every guessing list
    assert "常见" in a.errors._labels["passphrase"].text()
    a.passphrase.setText("secret12")
    a.repeat.setText("secret12")
    wizard.next()
    wizard.demo_page.load_demo.setChecked(True)
    with qtbot.waitSignal(wizard.setup_did_finish) as blocker:
        wizard.accept()
    result, language = blocker.args
    assert result.admin.username == "admin" and language == "zh_CN"
    assert len(result.recovery_key) == 39  # 8 groups of 4, shown next
    db = worker.centre
    assert get_centre(db).name == "幸福邻里中心"
    assert sql(db).execute("SELECT COUNT(*) FROM residents").fetchone()[0] > 0
    worker.shutdown()


@pytest.fixture
def controller(qtbot, qapp, admin, db, monkeypatch):
    monkeypatch.setattr("neighborcenter.ui.controller.show_error", lambda *a, **k: None)
    db.close()  # set up; from here on the window's login opens it, as in the app
    worker = DbWorker(None, ImmediateExecutor())
    ctl = AppController(qapp, worker, db_path=db.path, door=unlock.door(db.path),
                        language="zh_CN", large_print=False, user="admin",
                        passphrase=PASSPHRASE)
    ctl.start()  # immediate executor: logs in at once with --user
    yield ctl
    ctl._close_window()
    if ctl.dialog is not None:
        ctl.dialog.close()
    worker.shutdown()


def test_user_option_reaches_the_main_window(controller):
    assert isinstance(controller.window, MainWindow)
    assert controller.window.isVisible()


def test_idle_window_locks_and_unlocks_with_the_passphrase(qtbot, controller):
    controller.idle.last_input = time.monotonic() - 11 * 60  # default lock after 10 min
    controller._check_idle()
    assert isinstance(controller.dialog, LockDialog)
    assert not controller.window.isVisible()
    lock = controller.dialog
    lock.passphrase.setText("wrong")
    lock.try_unlock()
    assert "口令不正确" in lock.errors._labels["passphrase"].text()
    lock.reject()  # Esc does not unlock
    assert not controller.window.isVisible()
    lock.passphrase.setText(PASSPHRASE)
    lock.try_unlock()
    assert controller.window.isVisible() and controller.dialog is None


def test_recent_input_does_not_lock(controller):
    controller.idle.reset()
    controller._check_idle()
    assert controller.dialog is None


def test_logout_returns_to_the_login_window_and_closes_the_database(controller):
    controller.logout()
    assert controller.window is None
    assert isinstance(controller.dialog, LoginDialog)
    assert controller.worker.centre is None  # the next person's login opens it


def test_changes_mark_a_backup_due_and_closing_takes_it(controller, db):
    from neighborcenter.storage.backup import list_backups

    controller.set_large_print(True)  # a change to the account
    controller.set_large_print(False)
    assert not controller.changed_since_backup  # a preference is not register data...
    window = controller.window
    window.show_page("accounts")
    from neighborcenter.ui.accounts.page import AccountDialog

    dialog = AccountDialog(controller.ctx, window)
    dialog.username.setText("zhaomin")
    dialog.display_name.setText("赵敏")
    dialog.passphrase.first.setText("secret12")
    dialog.passphrase.repeat.setText("secret12")
    dialog.save()
    assert controller.changed_since_backup
    controller.auto_backup("auto")
    assert [b.reason for b in list_backups(db.path)] == ["auto"]
    assert not controller.changed_since_backup


def test_restore_from_the_gui_returns_to_login_with_the_old_data(controller, db, monkeypatch):

    from neighborcenter.storage.backup import list_backups, make_backup

    shown = []
    monkeypatch.setattr("neighborcenter.ui.controller.QMessageBox.information",
                        lambda *a: shown.append(a[2]))
    key = controller.worker.centre.data_key
    backup = make_backup(db.path, key, reason="manual")
    conn = sql(db.path, key=key)
    conn.execute("UPDATE centres SET name = '改过的名字'")
    conn.commit()
    conn.close()
    controller.restore(backup)
    assert shown == ["备份已恢复，请重新登录。"]
    assert isinstance(controller.dialog, LoginDialog) and controller.window is None
    assert controller.worker.centre is None  # shut until the next login
    name = sql(db.path, key=key).execute("SELECT name FROM centres").fetchone()[0]
    assert name == "幸福邻里中心"
    assert {b.reason for b in list_backups(db.path)} == {"manual", "before-restore"}


def test_unexpected_errors_show_the_crash_dialog_with_the_log_path(qtbot, worker, monkeypatch):
    from neighborcenter.ui import messages

    seen = {}

    def fake_exec(box):
        seen["text"] = box.informativeText()
        seen["details"] = box.detailedText()
        return 0

    monkeypatch.setattr(messages.QMessageBox, "exec", fake_exec)
    messages.set_log_path("/var/log/nc.log")
    worker.error_handler = messages.show_error

    def broken(_ctx):
        raise RuntimeError("disk on fire")

    worker.run(broken)
    assert "/var/log/nc.log" in seen["text"]
    assert "disk on fire" in seen["details"]


def _today_texts(window) -> list[str]:
    items = window.pages["home"].today_list
    return [items.item(i).text() for i in range(items.count())]


def test_a_damaged_file_found_at_start_up_is_listed_on_the_home_page(
        qtbot, qapp, admin, db, monkeypatch):
    from neighborcenter.storage.check import Problem

    found = Problem("integrity", "数据库文件已损坏（page 7）。请恢复最近的备份。")
    monkeypatch.setattr("neighborcenter.core.maintenance._quick_check", lambda db: (found,))
    db.close()
    worker = DbWorker(None, ImmediateExecutor())
    ctl = AppController(qapp, worker, db_path=db.path, door=unlock.door(db.path),
                        language="zh_CN", large_print=False, user="admin",
                        passphrase=PASSPHRASE)
    ctl.start()
    try:
        assert found.message in _today_texts(ctl.window)
    finally:
        ctl._close_window()
        worker.shutdown()


def test_a_check_that_ends_after_login_still_reaches_the_home_page(controller):
    assert not any("损坏" in t for t in _today_texts(controller.window))
    controller._file_checked(["数据库文件已损坏（page 9）。请恢复最近的备份。"])
    assert "数据库文件已损坏（page 9）。请恢复最近的备份。" in _today_texts(controller.window)


def test_the_check_runs_beside_the_other_database_work(qtbot, qapp, db):
    import threading

    worker = DbWorker(db)  # real threads
    release = threading.Event()
    threads = {}

    def slow(_ctx):
        threads["main"] = threading.current_thread().name
        release.wait(5)

    def check(_ctx):
        threads["check"] = threading.current_thread().name
        release.set()  # runs while the other job still waits
        return "ok"

    results = []
    worker.run(slow)
    worker.run(check, on_done=results.append, background=True)
    qtbot.waitUntil(lambda: results == ["ok"], timeout=5000)
    worker.shutdown()
    assert threads["main"] != threads["check"]


def test_leaving_names_work_that_still_runs():
    import threading

    from neighborcenter.app import unfinished_threads

    stop = threading.Event()
    job = threading.Thread(target=stop.wait, name="db-0")
    job.start()
    try:
        assert "db-0" in unfinished_threads()
    finally:
        stop.set()
        job.join()
    assert "db-0" not in unfinished_threads()


def test_restoring_another_centres_backup_asks_for_its_name_first(controller, db, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from neighborcenter.core.centre import set_up_centre
    from neighborcenter.core.handle import Centre
    from neighborcenter.storage.backup import make_backup

    other = tmp_path / "other" / "centre.db"
    with Centre.create(other) as centre:
        set_up_centre(centre, name="和美邻里中心", community="c", street="s", district="d",
                      admin_username="admin", admin_display_name="张主任",
                      admin_passphrase="their own words", language="zh_CN")
        backup = make_backup(other, centre.data_key, reason="manual")
    monkeypatch.setattr("neighborcenter.ui.controller.QMessageBox.information",
                        lambda *a: None)
    asked = []

    def typed(parent, title, text):
        asked.append(text)
        return answer, True

    monkeypatch.setattr(QInputDialog, "getText", typed)
    answer = "和美"  # not the whole name: nothing happens
    controller.restore(backup)
    assert "和美邻里中心" in asked[0] and "幸福邻里中心" in asked[0]
    assert controller.window is not None  # still working in this centre
    assert unlock.door(db.path).centre_name == "幸福邻里中心"
    answer = "和美邻里中心"
    controller.restore(backup)
    assert isinstance(controller.dialog, LoginDialog) and controller.window is None
    assert unlock.door(db.path).centre_name == "和美邻里中心"  # its passphrases open it now
    opened = unlock.log_in(db.path, username="admin", passphrase="their own words")
    opened.centre.close()


def test_a_failing_backup_at_logout_does_not_stop_the_logout(controller, monkeypatch):
    """Found in review: with the disk full, the backup at logout raised and the window
    stayed open and logged in, while the audit log said 'Logged out'."""
    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("neighborcenter.core.maintenance.back_up_now", full_disk)
    controller.changed_since_backup = True
    controller.logout()
    assert controller.window is None and isinstance(controller.dialog, LoginDialog)
    assert controller.worker.centre is None
