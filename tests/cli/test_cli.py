"""The command line: exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from neighborcenter import __version__
from neighborcenter.cli import main
from neighborcenter.storage.keyfile import key_file_path, read_key_file
from tests.conftest import sql

DEMO = "demo1234"  # the demo accounts' passphrase


@pytest.fixture
def run(capsys, monkeypatch):
    """``run(*args, passphrase=…)``: the command line with the passphrase in the
    environment (as a script would give it), its exit code, stdout and stderr."""

    def _run(*args, passphrase=DEMO):
        monkeypatch.setenv("NEIGHBORCENTER_PASSPHRASE", passphrase)
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def demo(run, path, n=30):
    code, out, err = run("demo", "--db", str(path), "--residents", str(n))
    assert code == 0, err
    return out


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
    code, out, err = run(*init_args(path), passphrase="secret12")
    assert code == 0 and "幸福邻里中心" in out
    assert "恢复密钥（只显示这一次）" in out
    code, out, err = run(*init_args(path), passphrase="secret12")
    assert code == 2
    assert err.strip() == f"错误：{path} 里已经有一个中心了。"
    assert "Traceback" not in err


def test_init_without_a_passphrase_is_a_clear_error(run, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    code, _out, err = run(*init_args(tmp_path / "c.db"), passphrase="")
    assert code == 2 and "NEIGHBORCENTER_PASSPHRASE" in err
    assert not (tmp_path / "c.db").exists()


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
    code, out, _err = run("accounts", "list", "--db", str(path), "--user", "admin")
    assert code == 0 and "wangli" in out and "社工" in out


def test_backup_check_restore(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path)
    code, out, _err = run("backup", "--db", str(path), "--user", "admin")
    backup = out.strip()
    assert code == 0 and os.path.exists(backup)
    code, out, _err = run("check", "--db", str(path), "--user", "admin")
    assert code == 0 and "一切正常" in out
    conn = sql(path, passphrase=DEMO)
    conn.execute("DELETE FROM resident_tags")
    conn.commit()
    conn.close()
    code, out, _err = run("restore", "--db", str(path), backup, "--user", "admin")
    assert code == 0 and "恢复前的状态已保存为" in out
    conn = sql(path, passphrase=DEMO)
    assert conn.execute("SELECT COUNT(*) FROM resident_tags").fetchone()[0] > 0
    last = conn.execute("SELECT action, actor FROM audit_log ORDER BY seq DESC").fetchone()
    assert last == ("restore", "admin")  # in the restored database, under the person
    code, out, _err = run("backups", "--db", str(path), "--user", "admin")
    assert "before-restore" in out and "manual" in out


def test_check_reports_and_repairs(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path)
    conn = sql(path, passphrase=DEMO)
    conn.execute("UPDATE change_counter SET value = 0")
    conn.commit()
    conn.close()
    code, out, _err = run("check", "--db", str(path), "--no-repair", "--user", "wangli")
    assert code == 1 and "✗ 变更计数器" in out
    code, out, _err = run("check", "--db", str(path), "--user", "admin")
    assert code == 0 and "已修复：变更计数器" in out
    code, out, _err = run("check", "--db", str(path), "--user", "admin")
    assert code == 0 and "一切正常" in out


def test_errors_are_messages_not_tracebacks(run, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    code, _out, err = run("check", "--db", str(junk), "--user", "admin")
    assert code == 2 and "密钥文件" in err and "Traceback" not in err
    path = tmp_path / "c.db"
    demo(run, path, 5)
    code, _out, err = run("restore", "--db", str(path), str(tmp_path / "none.db"),
                          "--user", "admin")
    assert code == 2 and "没有备份文件" in err


def test_a_mistyped_db_path_is_named_and_not_created(run, tmp_path):
    for command in (["accounts", "list"], ["check"], ["backups"], ["backup"],
                    ["residents", "find", "张"]):
        missing = tmp_path / "typo.db"
        code, _out, err = run(*command, "--db", str(missing), "--user", "admin")
        assert code == 2 and "没有数据库" in err, command
        assert not missing.exists() and not list(tmp_path.iterdir()), command


def test_every_command_with_personal_data_needs_a_login(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path, 10)
    for command in (["accounts", "list"], ["accounts", "add", "--username", "x1",
                                           "--name", "x", "--role", "admin"],
                    ["accounts", "passwd", "--username", "admin"], ["backup"], ["backups"],
                    ["check"], ["restore", "x.db"], ["residents", "find", "张"],
                    ["residents", "export", str(tmp_path / "out.xlsx")],
                    ["demo", "--residents", "5"]):
        code, _out, err = run(*command, "--db", str(path))
        assert code == 2 and "--user" in err, command
    assert not (tmp_path / "out.xlsx").exists()
    code, _out, err = run("residents", "find", "张", "--db", str(path), "--user", "admin",
                          passphrase="not it at all")
    assert code == 2 and "登录名或口令不正确" in err


def test_the_role_is_checked_and_the_audit_names_the_person(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path, 10)
    # 陈阿姨 runs the shop: no register, no accounts
    for command in (["residents", "export", str(tmp_path / "out.xlsx")],
                    ["accounts", "add", "--username", "x1", "--name", "x", "--role", "admin"],
                    ["accounts", "passwd", "--username", "admin"],
                    ["restore", "x.db"]):
        code, _out, err = run(*command, "--db", str(path), "--user", "chenayi")
        assert code == 2 and "匠心坊志愿者" in err, command
    code, _out, err = run("residents", "export", str(tmp_path / "out.xlsx"), "--db", str(path),
                          "--user", "wangli")
    assert code == 0, err
    rows = sql(path, passphrase=DEMO).execute(
        "SELECT action, actor FROM audit_log ORDER BY seq DESC LIMIT 2").fetchall()
    assert rows == [("export", "wangli"), ("login", "wangli")]


def test_a_forgotten_admin_passphrase_is_reset_with_the_recovery_key(run, tmp_path,
                                                                     monkeypatch):
    path = tmp_path / "c.db"
    out = demo(run, path, 5)
    recovery = out.split("恢复密钥（只显示这一次）：")[1].split()[0]
    monkeypatch.setenv("NEIGHBORCENTER_RECOVERY_KEY", recovery)
    code, out, err = run("accounts", "passwd", "--username", "admin", "--recovery-key",
                         "--db", str(path), passphrase="brand new words")
    assert code == 0, err
    code, out, err = run("accounts", "list", "--db", str(path), "--user", "admin",
                         passphrase="brand new words")
    assert code == 0 and "wangli" in out
    monkeypatch.setenv("NEIGHBORCENTER_RECOVERY_KEY", "ABCD-" * 7 + "ABCD")
    code, _out, err = run("accounts", "passwd", "--username", "admin", "--recovery-key",
                          "--db", str(path), passphrase="another new one")
    assert code == 2 and "不是本中心的恢复密钥" in err


def test_a_second_copy_gets_a_clear_message(run, tmp_path):
    from neighborcenter.core import unlock

    path = tmp_path / "c.db"
    demo(run, path, 5)
    opened = unlock.log_in(path, username="admin", passphrase=DEMO)
    with opened.centre:
        code, _out, err = run("accounts", "list", "--db", str(path), "--user", "admin")
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
    demo(run, path, 50)
    result = _gui("--db", str(path), "--user", "admin", "--exit-after-ms", "300",
                  env_extra={"NEIGHBORCENTER_PASSPHRASE": DEMO})
    assert result.returncode == 0, result.stderr
    actions = [r[0] for r in sql(path, passphrase=DEMO).execute(
        "SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "login"


def test_db_option_before_the_subcommand(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path, 10)
    code, out, _err = run("--db", str(path), "check", "--user", "admin")
    assert code == 0 and "一切正常" in out


def test_gui_with_a_wrong_user_passphrase_does_not_hang(tmp_path, run):
    path = tmp_path / "c.db"
    demo(run, path, 10)
    result = _gui("--db", str(path), "--user", "admin", "--exit-after-ms", "200",
                  env_extra={"NEIGHBORCENTER_PASSPHRASE": "wrong passphrase"})
    assert result.returncode == 0, result.stderr
    kf = read_key_file(key_file_path(path))  # noted, for the audit log's next login
    assert kf.failures["admin"]["count"] == 1


def test_backup_works_while_the_window_has_the_database_open(run, tmp_path):
    from neighborcenter.core import unlock

    path = tmp_path / "c.db"
    demo(run, path, 10)
    opened = unlock.log_in(path, username="admin", passphrase=DEMO)
    with opened.centre as db, db.unit_of_work(write=False) as uow:
        # the window is open and in the middle of reading: the backup goes ahead
        from sqlalchemy import text

        uow.session.execute(text("SELECT COUNT(*) FROM residents")).scalar()
        code, out, err = run("backup", "--db", str(path), "--user", "admin")
    assert code == 0, err
    copy = sql(out.strip(), passphrase=DEMO)  # encrypted, its key file beside it
    assert copy.execute("SELECT COUNT(*) FROM residents").fetchone() == (10,)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(out.strip()).execute("SELECT 1 FROM residents").fetchall()


def test_init_refused_for_a_weak_passphrase_leaves_nothing_behind(run, tmp_path):
    code, _out, err = run(*init_args(tmp_path / "c.db"), passphrase="12345678")
    assert code == 2 and "常见" in err
    assert list(tmp_path.iterdir()) == []  # no file, no data key in the clear


def test_a_new_recovery_key_from_the_command_line(run, tmp_path):
    path = tmp_path / "c.db"
    demo(run, path, 5)
    code, out, err = run("accounts", "recovery-key", "--db", str(path), "--user", "admin")
    assert code == 0 and "恢复密钥（只显示这一次）" in out, err
    code, _out, err = run("accounts", "recovery-key", "--db", str(path), "--user", "wangli")
    assert code == 2 and "社工" in err


def test_an_import_report_as_json_is_valid_json(run, tmp_path):
    """``residents import --json`` prints an indented report: it must parse as JSON (its own
    line breaks were once escaped into ``\\u000a``), with a hostile name still escaped."""
    import json

    from openpyxl import Workbook

    path = tmp_path / "c.db"
    demo(run, path, n=5)
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生日期", "地址"])
    sheet.append(["张\u202e三", "男", "1950-01-02", "幸福里3栋2单元501"])
    sheet.append(["李四", "女", "1948-03-04", "幸福里3栋2单元502"])
    sheet_path = tmp_path / "in.xlsx"
    book.save(sheet_path)
    code, out, err = run("residents", "import", str(sheet_path), "--dry-run", "--json",
                         "--db", str(path), "--user", "admin")
    assert code == 0, err
    assert "\u202e" not in out  # the bidi control is written as an escape …
    report = json.loads(out)  # … and the whole output is one valid JSON document
    assert isinstance(report, dict) and report


def test_accounts_of_every_role_can_be_added(run, tmp_path, monkeypatch):
    from neighborcenter.core.roles import Role

    path = tmp_path / "c.db"
    demo(run, path, 5)
    monkeypatch.setenv("NEIGHBORCENTER_NEW_PASSPHRASE", "quiet river stones")
    for n, role in enumerate(Role):
        code, _out, err = run("accounts", "add", "--username", f"user{n}", "--name", f"人{n}",
                              "--role", role.value, "--db", str(path), "--user", "admin")
        assert code == 0, (role, err)
    code, out, _err = run("accounts", "list", "--db", str(path), "--user", "admin")
    assert "user3" in out and "三点半课堂志愿者" in out
