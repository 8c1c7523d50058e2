"""The command line (calibredb-style): thin over the same services as the GUI.

``neighborcenter`` with no arguments starts the GUI. Every subcommand accepts ``--db PATH``
(else ``NEIGHBORCENTER_DB``, else the user data folder). Expected errors print a translated
message to stderr and exit 2; unexpected ones are logged and exit 1 — never a traceback.

Every command that reads or changes personal data, accounts, backups or settings logs in:
``--user NAME`` and the passphrase from ``NEIGHBORCENTER_PASSPHRASE`` or, at a terminal, a
hidden prompt. It then runs as that person (their role is checked, the audit log names them).
``init`` and ``demo`` on a new file, and ``--version``, need no login; the recovery key
(``NEIGHBORCENTER_RECOVERY_KEY`` or a prompt) can replace it for ``accounts passwd``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from neighborcenter import __version__
from neighborcenter.config import PASSPHRASE_ENV, resolve_db_path
from neighborcenter.core.roles import Role
from neighborcenter.core.text import escape_controls
from neighborcenter.errors import NCError, PermissionDenied, ValidationError, explain_fault
from neighborcenter.i18n import LANGUAGES, _, set_language

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import Actor

log = logging.getLogger(__name__)
LANG_ENV = "NEIGHBORCENTER_LANG"
NEW_PASSPHRASE_ENV = "NEIGHBORCENTER_NEW_PASSPHRASE"
RECOVERY_ENV = "NEIGHBORCENTER_RECOVERY_KEY"


def _parser(*, feature_commands: bool = True) -> argparse.ArgumentParser:
    """Every command; without ``feature_commands`` the features' own are left out (starting
    the window does not import their command modules, which load their services)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("database file (default: $NEIGHBORCENTER_DB or the user data "
                               "folder)"))
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help=_("log in as NAME (passphrase: $NEIGHBORCENTER_PASSPHRASE or a "
                               "hidden prompt)"))
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
    restore.add_argument("--other-centre-name", metavar="NAME",
                         help=_("to restore another centre's backup: that centre's name"))
    check = sub.add_parser("check", parents=[common], help=_("check (and repair) the database"))
    check.add_argument("--no-repair", action="store_true", help=_("only report"))
    backups = sub.add_parser("backups", parents=[common], help=_("list the backups"))
    unencrypted = backups.add_mutually_exclusive_group()
    unencrypted.add_argument("--encrypt-unencrypted", action="store_true",
                             help=_("encrypt the backups made before the database was "
                                    "encrypted"))
    unencrypted.add_argument("--remove-unencrypted", action="store_true",
                             help=_("remove the backups made before the database was "
                                    "encrypted"))

    accounts = sub.add_parser("accounts", parents=[common], help=_("staff accounts"))
    acc = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    acc.add_parser("list", parents=[common], help=_("list accounts"))
    add = acc.add_parser("add", parents=[common], help=_("add an account"))
    add.add_argument("--username", required=True, metavar="LOGIN")
    add.add_argument("--name", required=True, metavar="NAME")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    passwd = acc.add_parser("passwd", parents=[common], help=_("set an account's passphrase"))
    passwd.add_argument("--username", required=True, metavar="LOGIN")
    passwd.add_argument("--recovery-key", action="store_true",
                        help=_("open with the recovery key instead of a login "
                               "($NEIGHBORCENTER_RECOVERY_KEY or a prompt)"))
    lift = acc.add_parser("unlock", parents=[common],
                          help=_("lift the wait after too many wrong passphrases"))
    lift.add_argument("--username", required=True, metavar="LOGIN")
    acc.add_parser("recovery-key", parents=[common],
                   help=_("make a new recovery key (the old one stops working)"))

    if not feature_commands:
        return parser
    from neighborcenter.core import features

    for command in features.commands():
        features.load(command.add_arguments)(
            sub.add_parser(command.name, parents=[common], help=_(command.help)), common)
    return parser


def read_secret(prompt: str, *, env: str = PASSPHRASE_ENV, confirm: bool = False) -> str:
    """A passphrase (or the recovery key) from ``env`` or, at a terminal, a hidden prompt."""
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Again: ")) != first:
            raise ValidationError(_("The two passphrases are not the same."))
        return first
    raise ValidationError(
        _("No passphrase given: set {env} or run this at a terminal.").format(env=env)
    )


def read_passphrase(prompt: str) -> str:
    """A new passphrase: typed twice at a terminal."""
    return read_secret(prompt, confirm=True)


def new_passphrase(prompt: str) -> str:
    """A new passphrase for an account, while the login's own is in the environment: the
    new one comes from ``NEIGHBORCENTER_NEW_PASSPHRASE`` (or is typed twice)."""
    return read_secret(prompt, env=NEW_PASSPHRASE_ENV, confirm=True)


def escape(text: object) -> str:
    """Data shown at a terminal: control characters as ``\\x1b``, never raw. Spaces of any
    width (the ideographic space 　 of Chinese layout) are shown as they are."""
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs"
                   else ch.encode("unicode_escape").decode("ascii") for ch in str(text))


def escape_json(data: object, *, indent: int | None = None) -> str:
    """JSON for a terminal: control, zero-width and bidi characters in the data written as
    JSON escapes, so it stays valid JSON. Line by line: an indented dump's own line breaks
    are layout, and a line break inside a string is already ``\\n`` in the dump."""
    dumped = json.dumps(data, ensure_ascii=False, indent=indent)
    return "\n".join(escape_controls(line, json=True) for line in dumped.split("\n"))


def out(line: str = "") -> None:
    print(line, flush=True)


def _starts_the_window(argv: list[str]) -> bool:
    """``gui``, or no command at all (but not the program's ``--help``, which lists them)."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--user"):
            next(words, None)  # its value
        elif word in ("-h", "--help"):
            return False
        elif not word.startswith("-"):
            return word == "gui"
    return True


def main(argv: list[str] | None = None) -> int:
    set_language(os.environ.get(LANG_ENV) or "zh_CN")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser(feature_commands=not _starts_the_window(argv)).parse_args(argv)
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

        feature_command = next(c for c in features.commands() if c.name == command)
        with _log_in(args, feature_command.permission) as (db, actor):
            return features.load(feature_command.run)(db, args, actor)
    except NCError as exc:
        print(_("Error: {message}").format(message=escape(exc)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        fault = explain_fault(exc)  # disk full, a query too long, a damaged file
        if fault is not None:
            log.warning("%s failed: %s", command, type(exc).__name__)
            print(_("Error: {message}").format(message=fault), file=sys.stderr)
            return fault.exit_code
        log.exception("unexpected error in %s", command)
        print(_("Unexpected error. The details are in the log file: {path}").format(
            path=log_path), file=sys.stderr)
        return 1


def _path(args) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def _existing_path(args) -> Path:
    """The database a command works on, which must exist: a mistyped --db is named, never
    made."""
    path = _path(args)
    if not path.exists():
        raise ValidationError(_("There is no database at {path}. Check --db, or set up a "
                                "centre with “neighborcenter init”.").format(path=path))
    return path


@contextmanager
def _log_in(args, permission=None, *, lock: bool = True) -> Iterator[tuple[Centre, Actor]]:
    """Open the database as the person named by ``--user``: their passphrase unwraps its
    key; a role without ``permission`` is refused (and the refusal is in the log)."""
    from neighborcenter.core import unlock

    user = getattr(args, "user", None)
    path = _existing_path(args)
    if unlock.door(path).state is unlock.DoorState.NEW:
        raise ValidationError(_("This database has not been set up yet: run "
                                "“neighborcenter init” or start the window."))
    if not user:
        raise ValidationError(_("This command needs a login: add --user NAME (the passphrase "
                                "comes from {env} or is asked for).").format(env=PASSPHRASE_ENV))
    passphrase = read_secret(_("Passphrase of {login}: ").format(login=user))
    opened = unlock.log_in(path, username=user, passphrase=passphrase, lock=lock)
    try:
        if opened.login.recovery_key:  # this login encrypted a first-version database
            out(_("The database is now encrypted."))
            print_recovery_key(opened.login.recovery_key)
        if opened.login.need_new_passphrase:
            out(_("These accounts need a new passphrase from you (accounts passwd): "
                  "{logins}").format(logins=", ".join(opened.login.need_new_passphrase)))
        actor = opened.login.actor
        if permission is not None and not actor.can(permission):
            try:
                actor.require(permission)
            except PermissionDenied:
                log.info("command refused to role %s", actor.role.value)
                raise
        yield opened.centre, actor
    finally:
        opened.centre.close()


def _new_file(args) -> Path:
    path = _path(args)
    from neighborcenter.core import unlock

    if unlock.door(path).state is not unlock.DoorState.NEW:
        raise ValidationError(_("There is already a centre in {path}.").format(path=path))
    return path


def _fresh_centre(path: Path):
    from neighborcenter.core.handle import Centre

    if path.exists() and path.stat().st_size == 0:
        path.unlink()  # an empty file left by an interrupted set-up
    return Centre.create(path)


def print_recovery_key(key: str) -> None:
    out(_("Recovery key (shown only now): {key}").format(key=key))
    out(_("Print it or write it down, and keep it locked away: with it, a new passphrase can "
          "be set when every administrator's is forgotten. Without it, such a centre's data "
          "cannot be opened by anyone."))


def cmd_init(args) -> int:
    from neighborcenter.core import accounts, unlock
    from neighborcenter.core.centre import set_up_centre, validate_centre_fields
    from neighborcenter.core.passphrase import check_strength

    path = _new_file(args)
    # everything checked before a file (and its key) is made
    validate_centre_fields(args.center, args.community, args.street, args.district)
    login = accounts.validate_username(args.admin)
    accounts.validate_display_name(args.admin_name or args.admin)
    passphrase = check_strength(read_passphrase(_("Passphrase for {login}: ").format(
        login=login)), username=login)
    try:
        with _fresh_centre(path) as db:
            result = set_up_centre(
                db, name=args.center, community=args.community, street=args.street,
                district=args.district, admin_username=login,
                admin_display_name=args.admin_name or args.admin, admin_passphrase=passphrase,
                language=args.lang,
            )
    except BaseException:
        unlock.abandon_setup(path)  # no empty file, no data key left in the clear
        raise
    out(_("Centre {name} set up in {path}. Administrator: {login}").format(
        name=result.centre.name, path=path, login=result.admin.username))
    print_recovery_key(result.recovery_key)
    return 0


def cmd_demo(args) -> int:
    """A demo centre in a new file (no login), or the demo data added to a centre (an
    administrator's login)."""
    from neighborcenter.core import features, unlock
    from neighborcenter.core.centre import set_up_centre
    from neighborcenter.core.demo import DEMO_ADMIN, DEMO_CENTRE, DEMO_STAFF, create_demo_staff
    from neighborcenter.core.roles import Permission

    path = _path(args)
    if unlock.door(path).state is unlock.DoorState.NEW:
        with _fresh_centre(path) as db:
            login, name, passphrase = DEMO_ADMIN
            result = set_up_centre(db, admin_username=login, admin_display_name=name,
                                   admin_passphrase=passphrase, language="zh_CN",
                                   **DEMO_CENTRE)
            create_demo_staff(db)
            _load_demo(db, result.admin, args, features)
            logins = ", ".join([DEMO_ADMIN[0]] + [s[0] for s in DEMO_STAFF])
            out(_("Demo accounts: {logins}; passphrase for all: {passphrase}").format(
                logins=logins, passphrase=DEMO_ADMIN[2]))
            print_recovery_key(result.recovery_key)
        return 0
    with _log_in(args, Permission.MANAGE_SETTINGS) as (db, actor):
        _load_demo(db, actor, args, features)
    return 0


def _load_demo(db, actor, args, features) -> None:
    for _feature, load_demo in features.each("demo"):
        summary = load_demo(db, actor=actor, residents=args.residents, seed=args.seed)
        out(summary.describe(db.path))


def cmd_backup(args) -> int:
    from neighborcenter.core.maintenance import back_up_now

    # A backup reads through SQLite's backup API: it may run while the window is open.
    with _log_in(args, lock=False) as (db, actor):
        info = back_up_now(db, actor=actor)
    out(str(info.path))
    return 0


def cmd_backups(args) -> int:
    from neighborcenter.core import maintenance
    from neighborcenter.core.roles import Permission
    from neighborcenter.i18n import format_datetime

    need = Permission.MANAGE_BACKUPS if (args.encrypt_unencrypted
                                         or args.remove_unencrypted) else None
    with _log_in(args, need, lock=False) as (db, actor):
        if args.encrypt_unencrypted:
            n = maintenance.encrypt_plaintext_backups(db, actor=actor)
            out(_("{n} unencrypted backups encrypted.").format(n=n))
        elif args.remove_unencrypted:
            n = maintenance.remove_plaintext_backups(db, actor=actor)
            out(_("{n} unencrypted backups removed.").format(n=n))
        for b in maintenance.list_backups(db.path):
            out(f"{format_datetime(b.taken_at)}\t{b.reason}\t{b.size}\t{b.path}")
        left = maintenance.plaintext_backup_count(db)
        if left:
            out(_("{n} backups are not encrypted: encrypt them with --encrypt-unencrypted or "
                  "remove them with --remove-unencrypted.").format(n=left))
    return 0


def cmd_restore(args) -> int:
    from neighborcenter.core.maintenance import restore_database
    from neighborcenter.core.roles import Permission

    with _log_in(args, Permission.MANAGE_BACKUPS) as (db, actor):
        path, key = db.path, db.data_key
        assert key is not None
        db.close()  # the restore replaces the file: nobody may have it open
        result = restore_database(path, Path(args.file), actor=actor, data_key=key,
                                  other_centre_name=args.other_centre_name)
    out(_("Restored {file} into {path}.").format(file=args.file, path=path))
    if result.safety_backup:
        out(_("The state before the restore was saved as {file}.").format(
            file=result.safety_backup))
    if result.other_centre:
        out(_("This is now the other centre's database: log in with its passphrases."))
    return 0


def cmd_check(args) -> int:
    from neighborcenter.core.maintenance import run_check
    from neighborcenter.core.roles import Permission

    with _log_in(args, None if args.no_repair else Permission.MANAGE_BACKUPS) as (db, actor):
        report = run_check(db, actor=actor, repair=not args.no_repair)
    if report.ok:
        out(_("The database is in good order."))
        return 0
    for p in report.problems:
        out(("✓ " + _("Repaired: ") if p.repaired else "✗ ") + p.message)
    if report.backup_path:
        out(_("A backup was taken before the repairs: {file}").format(file=report.backup_path))
    return 1 if report.unrepaired else 0


def _account_named(db, actor, login: str):
    from neighborcenter.core import accounts

    match = [a for a in accounts.list_accounts(db, actor=actor)
             if a.username.lower() == login.lower()]
    if not match:
        raise ValidationError(_("There is no account “{login}”.").format(login=login))
    return match[0]


def cmd_accounts(args) -> int:
    from neighborcenter.core import accounts, unlock
    from neighborcenter.core.roles import SYSTEM_ACTOR, Permission, Role

    if args.accounts_command == "passwd" and args.recovery_key:
        path = _existing_path(args)
        recovery = read_secret(_("Recovery key: "), env=RECOVERY_ENV)
        with unlock.open_with_recovery(path, recovery) as db:
            account = _account_named(db, SYSTEM_ACTOR, args.username)
            passphrase = read_passphrase(_("New passphrase for {login}: ").format(
                login=account.username))
            accounts.reset_with_recovery_key(db, account_id=account.id,
                                             new_passphrase=passphrase)
        out(_("Passphrase of {login} changed.").format(login=args.username))
        return 0
    with _log_in(args, Permission.MANAGE_ACCOUNTS) as (db, actor):
        if args.accounts_command == "list":
            for a in accounts.list_accounts(db, actor=actor):
                state = _("archived") if a.archived else ""
                if a.waiting_until is not None:
                    state = _("must wait (too many wrong passphrases)")
                out(f"{a.username}\t{escape(a.display_name)}\t{a.role.label}\t{state}".rstrip())
        elif args.accounts_command == "add":
            passphrase = new_passphrase(_("Passphrase for {login}: ").format(
                login=args.username))
            info = accounts.create_account(db, actor=actor,
                                           username=args.username, display_name=args.name,
                                           role=Role(args.role), passphrase=passphrase)
            out(_("Account {login} created.").format(login=info.username))
        elif args.accounts_command == "recovery-key":
            print_recovery_key(accounts.replace_recovery_key(db, actor=actor))
        elif args.accounts_command == "unlock":
            if accounts.lift_login_wait(db, actor=actor, username=args.username):
                out(_("{login} may try again now.").format(login=args.username))
            else:
                out(_("{login} was not waiting.").format(login=args.username))
        else:
            account = _account_named(db, actor, args.username)
            passphrase = new_passphrase(_("New passphrase for {login}: ").format(
                login=args.username))
            accounts.change_passphrase(db, actor=actor, account_id=account.id,
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
