"""The volunteers' subcommands.

``neighborcenter volunteers ACTION``:

- ``list [--all] [--json]`` — the volunteers (number, name, teams, approved hours, points,
  status); ``--json`` prints one object a line:
  ``{"number", "name", "teams", "hours", "minutes", "points", "stars", "status"}``.
- ``statement VOLUNTEER [--json]`` — every entry of the volunteer's points account with its
  running balance. VOLUNTEER is the volunteer number (or the id). ``--json`` prints one
  object: ``{"number", "name", "balance", "expiring_points", "expiring_by", "lines": [{"date",
  "kind", "kind_label", "reason", "amount", "balance", "reversed", "transaction"}]}`` —
  ``kind`` is one of earn, redeem, adjust, expire, reverse, donate; ``amount`` is signed;
  ``balance`` is the balance after the line.
- ``certificate VOLUNTEER --out FILE.pdf [--from DATE] [--to DATE]`` — issue a numbered
  志愿服务证明.
- ``cards --out FILE.pdf [NUMBER …]`` — volunteer cards (all serving volunteers if none
  given).
- ``passbook VOLUNTEER --out FILE.pdf [--since DATE]`` — the points passbook page.
- ``export --out FILE.xlsx [--year N | --from DATE --to DATE]`` — approved hours for the
  national volunteer system (full ID numbers: needs the export permission).

``neighborcenter points ACTION``:

- ``balance [--json]`` — every account's balance, the centre's own accounts (issued,
  redeemed, expired, adjustments) included, and the sum of them all, which is 0 in a sound
  ledger. ``--json``: ``{"accounts": [{"account", "name", "number", "balance"}], "total",
  "entries"}`` (``number`` is null for the centre's accounts).
- ``expire [--on DATE]`` — let points older than the centre's period expire (oldest first).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from neighborcenter.cli import escape, escape_json, out
from neighborcenter.core.roles import Actor
from neighborcenter.features.volunteers import export, ledger, people, printouts
from neighborcenter.features.volunteers.rules import format_hours
from neighborcenter.i18n import _, ngettext


def add_volunteer_arguments(parser: argparse.ArgumentParser,
                            common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="volunteers_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", parents=[common], help=_("list the volunteers"))
    listing.add_argument("--all", action="store_true",
                         help=_("include volunteers who have left"))
    listing.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    statement = sub.add_parser("statement", parents=[common],
                               help=_("a volunteer's points statement with the running "
                                      "balance"))
    statement.add_argument("volunteer", metavar="VOLUNTEER",
                           help=_("the volunteer number (or id)"))
    statement.add_argument("--json", action="store_true", help=_("print it as JSON"))
    certificate = sub.add_parser("certificate", parents=[common],
                                 help=_("issue a volunteer service certificate (PDF)"))
    certificate.add_argument("volunteer", metavar="VOLUNTEER",
                             help=_("the volunteer number (or id)"))
    certificate.add_argument("--out", required=True, metavar="FILE.pdf")
    certificate.add_argument("--from", dest="period_from", metavar="DATE",
                             help=_("count hours from this day (default: the first)"))
    certificate.add_argument("--to", dest="period_to", metavar="DATE",
                             help=_("count hours up to this day (default: today)"))
    cards = sub.add_parser("cards", parents=[common], help=_("print volunteer cards (PDF)"))
    cards.add_argument("numbers", nargs="*", metavar="NUMBER",
                       help=_("volunteer numbers (default: every serving volunteer)"))
    cards.add_argument("--out", required=True, metavar="FILE.pdf")
    passbook = sub.add_parser("passbook", parents=[common],
                              help=_("print a volunteer's points passbook (PDF)"))
    passbook.add_argument("volunteer", metavar="VOLUNTEER",
                          help=_("the volunteer number (or id)"))
    passbook.add_argument("--out", required=True, metavar="FILE.pdf")
    passbook.add_argument("--since", metavar="DATE",
                          help=_("start from this day, with the balance brought forward"))
    exp = sub.add_parser("export", parents=[common],
                         help=_("export approved hours for the national volunteer system "
                                "(.xlsx, full ID numbers)"))
    exp.add_argument("--out", required=True, metavar="FILE.xlsx")
    exp.add_argument("--year", type=int, metavar="N")
    exp.add_argument("--from", dest="period_from", metavar="DATE")
    exp.add_argument("--to", dest="period_to", metavar="DATE")


def add_points_arguments(parser: argparse.ArgumentParser,
                         common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="points_command", metavar="ACTION", required=True)
    balance = sub.add_parser("balance", parents=[common],
                             help=_("every account's balance and the ledger's total"))
    balance.add_argument("--json", action="store_true", help=_("print it as JSON"))
    expire = sub.add_parser("expire", parents=[common],
                            help=_("let points past the centre's period expire"))
    expire.add_argument("--on", metavar="DATE", help=_("as on this day (default: today)"))


# ------------------------------------------------------------------------------ volunteers


def statement_json(statement: ledger.Statement) -> dict:
    return {
        "number": statement.number,
        "name": statement.name,
        "balance": statement.balance,
        "expiring_points": statement.expiring_points,
        "expiring_by": statement.expiring_by.isoformat(),
        "lines": [{"date": line.on.isoformat(), "kind": line.kind.value,
                   "kind_label": line.kind.label, "reason": line.reason,
                   "amount": line.amount, "balance": line.balance,
                   "reversed": line.reversed, "transaction": line.transaction_id}
                  for line in statement.lines],
    }


def _statement(db, actor: Actor, args: argparse.Namespace) -> None:
    statement = ledger.volunteer_statement(db, actor=actor, volunteer=args.volunteer)
    if args.json:
        out(escape_json(statement_json(statement), indent=1))
        return
    out(escape(_("{name} ({number})").format(name=statement.name, number=statement.number)))
    for line in statement.lines:
        mark = _("(reversed)") if line.reversed else ""
        out("\t".join(escape(v) for v in (line.on.isoformat(), line.kind.label,
                                           f"{line.amount:+d}", line.balance, line.reason,
                                           mark)).rstrip())
    out(_("Balance: {points}").format(points=ngettext("{n} point", "{n} points",
                                                      statement.balance).format(
        n=statement.balance)))
    if statement.expiring_points:
        out(_("{points} points will expire by {day} unless they are redeemed.").format(
            points=statement.expiring_points, day=statement.expiring_by.isoformat()))


def _list(db, actor: Actor, args: argparse.Namespace) -> None:
    for row in people.list_volunteers(db, actor=actor, include_left=args.all):
        if args.json:
            out(escape_json({"number": row.number, "name": row.name, "teams": row.teams,
                       "hours": format_hours(row.minutes), "minutes": row.minutes,
                       "points": row.points, "stars": row.stars,
                       "status": row.status.value}))
        else:
            out("\t".join(escape(v) for v in (row.number, row.name, row.teams or "-",
                                               format_hours(row.minutes), row.points,
                                               row.status.label)))


def run_volunteers(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the volunteers' actions, as the logged-in actor."""
    command = args.volunteers_command
    if command == "list":
        _list(db, actor, args)
    elif command == "statement":
        _statement(db, actor, args)
    elif command == "certificate":
        number = printouts.issue_certificate(
            db, actor=actor, volunteer_id=args.volunteer, path=Path(args.out),
            period_from=args.period_from, period_to=args.period_to)
        out(_("Certificate {number} written to {file}.").format(number=number,
                                                                file=escape(args.out)))
    elif command == "cards":
        numbers = args.numbers or [row.number for row in people.list_volunteers(
            db, actor=actor)]
        n = printouts.print_volunteer_cards(db, actor=actor, volunteer_ids=numbers,
                                            path=Path(args.out))
        out(ngettext("{n} volunteer card written to {file}.",
                     "{n} volunteer cards written to {file}.", n).format(
            n=n, file=escape(args.out)))
    elif command == "passbook":
        n = printouts.print_passbook(db, actor=actor, volunteer=args.volunteer,
                                     path=Path(args.out), since=args.since)
        out(ngettext("Passbook of {n} line written to {file}.",
                     "Passbook of {n} lines written to {file}.", n).format(
            n=n, file=escape(args.out)))
    elif command == "export":
        n = export.export_hours(db, actor=actor, path=Path(args.out), year=args.year,
                                period_from=args.period_from, period_to=args.period_to)
        out(ngettext("{n} service record exported to {file}.",
                     "{n} service records exported to {file}.", n).format(
            n=n, file=escape(args.out)))
    return 0


# ---------------------------------------------------------------------------------- points


def balances_json(balances: ledger.LedgerBalances) -> dict:
    return {"accounts": [{"account": a.account_id, "name": a.label, "number": a.number,
                          "balance": a.balance} for a in balances.accounts],
            "total": balances.total, "entries": balances.entries}


def run_points(db, args: argparse.Namespace, actor: Actor) -> int:
    """The ledger as a whole: every balance, or the expiry run."""
    command = args.points_command
    if command == "balance":
        balances = ledger.ledger_balances(db, actor=actor)
        if args.json:
            out(escape_json(balances_json(balances), indent=1))
        else:
            for a in balances.accounts:
                out("\t".join(escape(v) for v in (a.number or _("centre"), a.label,
                                                   a.balance)))
            out(_("Total of all accounts: {total} ({n} entries)").format(
                total=balances.total, n=balances.entries))
        return 0 if balances.total == 0 else 1
    if command == "expire":
        on = people.day(args.on, "on", _("the date"), required=False)
        result = ledger.expire_points(db, actor=actor, on=on)
        out(ngettext("{points} points of {n} volunteer expired.",
                     "{points} points of {n} volunteers expired.", result.volunteers).format(
            points=result.points, n=result.volunteers))
    return 0
