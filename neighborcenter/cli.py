"""The command line (calibredb-style): thin over the same services as the GUI.

``neighborcenter`` with no arguments starts the GUI. Every subcommand accepts ``--db PATH``
(else ``NEIGHBORCENTER_DB``, else the user data folder). Expected errors print a translated
message to stderr and exit 2; unexpected ones are logged and exit 1 — never a traceback.
Passphrases come from ``NEIGHBORCENTER_PASSPHRASE`` or, at a terminal, a hidden prompt.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from neighborcenter import __version__
from neighborcenter.config import PASSPHRASE_ENV, resolve_db_path
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.i18n import LANGUAGES, _, set_language

log = logging.getLogger(__name__)
LANG_ENV = "NEIGHBORCENTER_LANG"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("database file (default: $NEIGHBORCENTER_DB or the user data "
                               "folder)"))
    parser = argparse.ArgumentParser(
        prog="neighborcenter", parents=[common],
        description=_("NeighborCenter: the front-desk application of a neighbourhood centre."),
    )
    parser.add_argument("--version", action="version", version=f"NeighborCenter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", parents=[common], help=_("start the window (the default)"))
    gui.add_argument("--lang", choices=sorted(LANGUAGES), help=_("language of the window"))
    gui.add_argument("--large-print", action="store_true", help=_("start in large print"))
    gui.add_argument("--exit-after-ms", type=int, metavar="N",
                     help=_("close N ms after the first window is shown (smoke tests)"))
    gui.add_argument("--user", metavar="NAME",
                     help=_("log in as NAME with the passphrase in $NEIGHBORCENTER_PASSPHRASE"))

    init = sub.add_parser("init", parents=[common], help=_("set up a new centre's database"))
    init.add_argument("--center", required=True, metavar="NAME", help=_("centre name"))
    init.add_argument("--community", required=True, help=_("community (社区)"))
    init.add_argument("--street", required=True, help=_("street (街道)"))
    init.add_argument("--district", required=True, help=_("district"))
    init.add_argument("--admin", default="admin", metavar="LOGIN",
                      help=_("login name of the first administrator"))
    init.add_argument("--admin-name", default=None, metavar="NAME",
                      help=_("the administrator's own name"))
    init.add_argument("--lang", choices=sorted(LANGUAGES), default="zh_CN")

    demo = sub.add_parser("demo", parents=[common], help=_("load a realistic demo centre"))
    demo.add_argument("--residents", type=int, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")

    sub.add_parser("backup", parents=[common], help=_("back up the database now"))
    restore = sub.add_parser("restore", parents=[common],
                             help=_("restore a backup (the current state is backed up first)"))
    restore.add_argument("file", metavar="FILE", help=_("backup file"))
    check = sub.add_parser("check", parents=[common], help=_("check (and repair) the database"))
    check.add_argument("--no-repair", action="store_true", help=_("only report"))
    sub.add_parser("backups", parents=[common], help=_("list the backups"))

    accounts = sub.add_parser("accounts", parents=[common], help=_("staff accounts"))
    acc = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    acc.add_parser("list", parents=[common], help=_("list accounts"))
    add = acc.add_parser("add", parents=[common], help=_("add an account"))
    add.add_argument("--username", required=True, metavar="LOGIN")
    add.add_argument("--name", required=True, metavar="NAME")
    add.add_argument("--role", required=True, choices=["admin", "social_worker",
                                                         "shop_volunteer"])
    passwd = acc.add_parser("passwd", parents=[common], help=_("set an account's passphrase"))
    passwd.add_argument("--username", required=True, metavar="LOGIN")

    from neighborcenter.core import features

    for command in features.commands():
        features.load(command.add_arguments)(
            sub.add_parser(command.name, parents=[common], help=_(command.help)), common)
    return parser


def read_passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass(_("Again: ")) != first:
            raise ValidationError(_("The two passphrases are not the same."))
        return first
    raise ValidationError(
        _("No passphrase given: set {env} or run this at a terminal.").format(env=PASSPHRASE_ENV)
    )


def out(line: str = "") -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    set_language(os.environ.get(LANG_ENV) or "zh_CN")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    from neighborcenter.logs import setup_logging

    log_path = setup_logging()
    try:
        if command == "gui":
            from neighborcenter.app import exit_now, run_gui

            exit_now(run_gui(
                db_path=resolve_db_path(getattr(args, "db", None)),
                language=getattr(args, "lang", None),
                large_print=getattr(args, "large_print", False),
                exit_after_ms=getattr(args, "exit_after_ms", None),
                user=getattr(args, "user", None),
            ))
        if command in COMMANDS:
            return COMMANDS[command](args)
        from neighborcenter.core import features

        run = next(c.run for c in features.commands() if c.name == command)
        with _db(args) as db:
            _require_setup(db)
            return features.load(run)(db, args)
    except NCError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error in %s", command)
        print(_("Unexpected error. The details are in the log file: {path}").format(
            path=log_path), file=sys.stderr)
        return 1


def _db(args):
    from neighborcenter.core.handle import Centre

    return Centre.open(resolve_db_path(getattr(args, "db", None)))


def _require_setup(db) -> None:
    from neighborcenter.core.centre import get_centre
    from neighborcenter.errors import SetupRequired

    if get_centre(db) is None:
        raise SetupRequired(_("This database has not been set up yet: run "
                              "“neighborcenter init” or start the window."))


def cmd_init(args) -> int:
    from neighborcenter.core.centre import set_up_centre

    passphrase = read_passphrase(_("Passphrase for {login}: ").format(login=args.admin))
    with _db(args) as db:
        result = set_up_centre(
            db, name=args.center, community=args.community, street=args.street,
            district=args.district, admin_username=args.admin,
            admin_display_name=args.admin_name or args.admin, admin_passphrase=passphrase,
            language=args.lang,
        )
        out(_("Centre {name} set up in {path}. Administrator: {login}").format(
            name=result.centre.name, path=db.path, login=result.admin.username))
    return 0


def cmd_demo(args) -> int:
    from neighborcenter.core import features
    from neighborcenter.core.centre import get_centre, set_up_centre
    from neighborcenter.core.demo import DEMO_ADMIN, DEMO_CENTRE, DEMO_STAFF, create_demo_staff
    from neighborcenter.core.roles import SYSTEM_ACTOR

    with _db(args) as db:
        created = False
        if get_centre(db) is None:
            login, name, passphrase = DEMO_ADMIN
            set_up_centre(db, admin_username=login, admin_display_name=name,
                          admin_passphrase=passphrase, language="zh_CN", **DEMO_CENTRE)
            create_demo_staff(db)
            created = True
        for _feature, load_demo in features.each("demo"):
            summary = load_demo(db, actor=SYSTEM_ACTOR, residents=args.residents,
                                seed=args.seed)
            out(summary.describe(db.path))
        if created:
            logins = ", ".join([DEMO_ADMIN[0]] + [s[0] for s in DEMO_STAFF])
            out(_("Demo accounts: {logins}; passphrase for all: {passphrase}").format(
                logins=logins, passphrase=DEMO_ADMIN[2]))
    return 0


def cmd_backup(args) -> int:
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.maintenance import back_up_now
    from neighborcenter.core.roles import SYSTEM_ACTOR

    # A backup reads through SQLite's backup API: it may run while the window is open.
    with Centre.open(resolve_db_path(getattr(args, "db", None)), create=False,
                       lock=False) as db:
        info = back_up_now(db, actor=SYSTEM_ACTOR)
    out(str(info.path))
    return 0


def cmd_backups(args) -> int:
    from neighborcenter.core.maintenance import list_backups
    from neighborcenter.i18n import format_datetime

    for b in list_backups(resolve_db_path(getattr(args, "db", None))):
        out(f"{format_datetime(b.taken_at)}\t{b.reason}\t{b.size}\t{b.path}")
    return 0


def cmd_restore(args) -> int:
    from neighborcenter.core.maintenance import restore_database
    from neighborcenter.core.roles import SYSTEM_ACTOR

    db_path = resolve_db_path(getattr(args, "db", None))
    safety = restore_database(db_path, Path(args.file), actor=SYSTEM_ACTOR)
    out(_("Restored {file} into {path}.").format(file=args.file, path=db_path))
    if safety:
        out(_("The state before the restore was saved as {file}.").format(file=safety))
    return 0


def cmd_check(args) -> int:
    from neighborcenter.core.maintenance import run_check
    from neighborcenter.core.roles import SYSTEM_ACTOR

    with _db(args) as db:
        report = run_check(db, actor=SYSTEM_ACTOR, repair=not args.no_repair)
    if report.ok:
        out(_("The database is in good order."))
        return 0
    for p in report.problems:
        out(("✓ " + _("Repaired: ") if p.repaired else "✗ ") + p.message)
    if report.backup_path:
        out(_("A backup was taken before the repairs: {file}").format(file=report.backup_path))
    return 1 if report.unrepaired else 0


def cmd_accounts(args) -> int:
    from neighborcenter.core import accounts
    from neighborcenter.core.roles import SYSTEM_ACTOR, Role

    with _db(args) as db:
        _require_setup(db)
        if args.accounts_command == "list":
            for a in accounts.list_accounts(db, actor=SYSTEM_ACTOR):
                state = _("archived") if a.archived else ""
                out(f"{a.username}\t{a.display_name}\t{a.role.label}\t{state}".rstrip())
        elif args.accounts_command == "add":
            passphrase = read_passphrase(_("Passphrase for {login}: ").format(
                login=args.username))
            info = accounts.create_account(db, actor=SYSTEM_ACTOR,
                                           username=args.username, display_name=args.name,
                                           role=Role(args.role), passphrase=passphrase)
            out(_("Account {login} created.").format(login=info.username))
        else:
            match = [a for a in accounts.list_accounts(db, actor=SYSTEM_ACTOR)
                     if a.username.lower() == args.username.lower()]
            if not match:
                raise ValidationError(_("There is no account “{login}”.").format(
                    login=args.username))
            passphrase = read_passphrase(_("New passphrase for {login}: ").format(
                login=args.username))
            accounts.change_passphrase(db, actor=SYSTEM_ACTOR, account_id=match[0].id,
                                       new_passphrase=passphrase)
            out(_("Passphrase of {login} changed.").format(login=args.username))
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "backup": cmd_backup,
    "backups": cmd_backups,
    "restore": cmd_restore,
    "check": cmd_check,
    "accounts": cmd_accounts,
}
