"""The command line: exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from neighborcenter import __version__
from neighborcenter.cli import main


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.setenv("NEIGHBORCENTER_PASSPHRASE", "secret12")

    def _run(*args):
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def init_args(path):
    return ["init", "--db", str(path), "--center", "幸福邻里中心", "--community", "幸福社区",
            "--street", "爱山街道", "--district", "吴兴区", "--admin-name", "李主任"]


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_then_init_again_fails_with_a_message(run, tmp_path):
    path = tmp_path / "c.db"
    code, out, err = run(*init_args(path))
    assert code == 0 and "幸福邻里中心" in out
    code, out, err = run(*init_args(path))
    assert code == 2
    assert err.strip() == "错误：这个数据库已经设置过了。"
    assert "Traceback" not in err


def test_init_without_a_passphrase_is_a_clear_error(run, tmp_path, monkeypatch):
    monkeypatch.delenv("NEIGHBORCENTER_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", None)
    code, _out, err = run(*init_args(tmp_path / "c.db"))
    assert code == 2 and "NEIGHBORCENTER_PASSPHRASE" in err


def test_db_from_the_environment(run, tmp_path, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("NEIGHBORCENTER_DB", str(path))
    code, _out, _err = run("demo", "--residents", "50")
    assert code == 0 and path.exists()


def test_demo_on_a_new_file_sets_up_a_demo_centre(run, tmp_path):
    path = tmp_path / "demo.db"
    code, out, _err = run("demo", "--db", str(path), "--residents", "120", "--seed", "4")
    assert code == 0
    assert "120" in out and "admin" in out and "demo1234" in out
    code, out, _err = run("accounts", "list", "--db", str(path))
    assert code == 0 and "wangli" in out and "社工" in out


def test_backup_check_restore(run, tmp_path):
    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "30")
    code, out, _err = run("backup", "--db", str(path))
    backup = out.strip()
    assert code == 0 and os.path.exists(backup)
    code, out, _err = run("check", "--db", str(path))
    assert code == 0 and "一切正常" in out
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM resident_tags")
    conn.commit()
    conn.close()
    code, out, _err = run("restore", "--db", str(path), backup)
    assert code == 0 and "恢复前的状态已保存为" in out
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM resident_tags").fetchone()[0] > 0
    code, out, _err = run("backups", "--db", str(path))
    assert "before-restore" in out and "manual" in out


def test_check_reports_and_repairs(run, tmp_path):
    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "30")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE change_counter SET value = 0")
    conn.commit()
    conn.close()
    code, out, _err = run("check", "--db", str(path), "--no-repair")
    assert code == 1 and "✗ 变更计数器" in out
    code, out, _err = run("check", "--db", str(path))
    assert code == 0 and "已修复：变更计数器" in out
    code, out, _err = run("check", "--db", str(path))
    assert code == 0 and "一切正常" in out


def test_errors_are_messages_not_tracebacks(run, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    code, _out, err = run("check", "--db", str(junk))
    assert code == 2 and "不是 SQLite 文件" in err and "Traceback" not in err
    code, _out, err = run("restore", "--db", str(tmp_path / "x.db"), str(tmp_path / "none.db"))
    assert code == 2 and "没有备份文件" in err
    code, _out, err = run("accounts", "list", "--db", str(tmp_path / "empty.db"))
    assert code == 2 and "还没有设置" in err


def test_a_second_copy_gets_a_clear_message(run, tmp_path):
    from neighborcenter.core.handle import Centre

    path = tmp_path / "c.db"
    with Centre.open(path):
        code, _out, err = run("demo", "--db", str(path), "--residents", "10")
    assert code == 2 and "已在另一个邻里中心窗口或命令中打开" in err


def _gui(*args, env_extra=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "neighborcenter", "gui", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_gui_smoke_first_run_wizard_exits_by_itself(tmp_path):
    result = _gui("--db", str(tmp_path / "new.db"), "--exit-after-ms", "200")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_gui_smoke_logs_in_and_reaches_the_main_window(tmp_path, run):
    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "50")
    result = _gui("--db", str(path), "--user", "admin", "--exit-after-ms", "300",
                  env_extra={"NEIGHBORCENTER_PASSPHRASE": "demo1234"})
    assert result.returncode == 0, result.stderr
    actions = [r[0] for r in sqlite3.connect(path).execute(
        "SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "login"


def test_gui_on_a_locked_database_says_so_and_exits(tmp_path):
    from neighborcenter.core.handle import Centre

    path = tmp_path / "c.db"
    with Centre.open(path):
        result = _gui("--db", str(path), "--exit-after-ms", "100")
    assert result.returncode == 2 and "已在另一个邻里中心窗口" in result.stderr


def test_db_option_before_the_subcommand(run, tmp_path):
    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "10")
    code, out, _err = run("--db", str(path), "check")
    assert code == 0 and "一切正常" in out


def test_gui_with_a_wrong_user_passphrase_does_not_hang(tmp_path, run):
    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "10")
    result = _gui("--db", str(path), "--user", "admin", "--exit-after-ms", "200",
                  env_extra={"NEIGHBORCENTER_PASSPHRASE": "wrong passphrase"})
    assert result.returncode == 0, result.stderr
    actions = [r[0] for r in sqlite3.connect(path).execute(
        "SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "login_failed"


def test_backup_works_while_the_window_has_the_database_open(run, tmp_path):
    from neighborcenter.core.handle import Centre

    path = tmp_path / "c.db"
    run("demo", "--db", str(path), "--residents", "10")
    with Centre.open(path) as db, db.unit_of_work(write=False) as uow:
        # the window is open and in the middle of reading: the backup goes ahead
        from sqlalchemy import text

        uow.session.execute(text("SELECT COUNT(*) FROM residents")).scalar()
        code, out, err = run("backup", "--db", str(path))
    assert code == 0, err
    copy = sqlite3.connect(out.strip())
    assert copy.execute("SELECT COUNT(*) FROM residents").fetchone() == (10,)


def test_unlocked_open_refuses_to_migrate(tmp_path):
    from neighborcenter.core.handle import Centre
    from neighborcenter.errors import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="请先在邻里中心中打开"):
        Centre.open(tmp_path / "fresh.db", lock=False)
