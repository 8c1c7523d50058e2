"""The visits' subcommands: ``neighborcenter visits ACTION``.

- ``plan --month YYYY-MM [--list | --json]`` — make the month's plan (every willing elder's
  visits by their tier's frequency; what is planned already stays) and print what was done;
  ``--list`` then prints the month's planned visits with their state, one a line;
  ``--json`` prints one object: ``{"month", "created", "existing", "assigned",
  "without_pair", "not_asked", "declined", "plans": [{"plan", "resident", "name",
  "masked_id", "address", "kind", "campaign", "starts_on", "due_on", "closes_on", "pair",
  "tier", "state", "visited_on", "late"}]}`` — ``kind`` is routine, festival or urgent,
  ``state`` due, overdue, done or missed (the one definition, rules.visit_state).
- ``sheets (--month YYYY-MM | --campaign FESTIVAL --year Y) --out FILE.pdf [--pair NAME]`` —
  the visit sheets (探访关爱记录表), one A4 page per elder with a visit still to make.
- ``routes (--month YYYY-MM | --campaign FESTIVAL --year Y) --out FILE.pdf [--pair NAME]
  [--volunteer NUMBER]`` — the route lists (探访路线单), one per pair, in address order.
- ``overview --month YYYY-MM [--out FILE.xlsx]`` — the month's visit rates (overall, per
  tier, per pair, per visitor), the elders not visited in time and the open follow-ups; with
  ``--out`` the .xlsx report for the street office.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from neighborcenter.cli import escape, escape_json, out
from neighborcenter.core.roles import Actor
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.visits import elders, export, overview, plans, printouts
from neighborcenter.features.visits.rules import format_rate, month_key, parse_month
from neighborcenter.features.visits.rules.lunar import Festival
from neighborcenter.i18n import _, ngettext


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="visits_command", metavar="ACTION", required=True)
    plan = sub.add_parser("plan", parents=[common],
                          help=_("make the month's plan of visits and show it"))
    plan.add_argument("--month", required=True, metavar="YYYY-MM")
    shown = plan.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true",
                       help=_("then list the month's planned visits with their state"))
    shown.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    for name, help_text in (
            ("sheets", _("print the visit sheets, one A4 page per elder (PDF)")),
            ("routes", _("print each pair's route list, in address order (PDF)"))):
        action = sub.add_parser(name, parents=[common], help=help_text)
        action.add_argument("--month", metavar="YYYY-MM")
        action.add_argument("--campaign", metavar="FESTIVAL",
                            choices=[f.value for f in Festival],
                            help=_("a festival's visits instead of a month's: {names}").format(
                                names=", ".join(f.value for f in Festival)))
        action.add_argument("--year", type=int, metavar="Y",
                            help=_("the festival's year (with --campaign)"))
        action.add_argument("--out", required=True, metavar="FILE.pdf")
        action.add_argument("--pair", metavar="NAME", help=_("only this visiting pair"))
        if name == "routes":
            action.add_argument("--volunteer", metavar="NUMBER",
                                help=_("only the pairs of this volunteer (their own list)"))
    view = sub.add_parser("overview", parents=[common],
                          help=_("the month's visit rates, elders not visited in time and "
                                 "open follow-ups (.xlsx with --out)"))
    view.add_argument("--month", required=True, metavar="YYYY-MM")
    view.add_argument("--out", metavar="FILE.xlsx", help=_("write the report for the street "
                                                           "office"))


# ---------------------------------------------------------------------------------- plan


def plan_json(row: plans.PlanRow) -> dict:
    return {"plan": row.id, "resident": row.resident.id, "name": row.resident.name,
            "masked_id": row.resident.masked_id, "address": row.resident.address,
            "kind": row.kind.value, "campaign": row.campaign,
            "starts_on": row.starts_on.isoformat(), "due_on": row.due_on.isoformat(),
            "closes_on": row.closes_on.isoformat(), "pair": row.pair, "tier": row.tier.value,
            "state": row.state.value,
            "visited_on": row.visited_on.isoformat() if row.visited_on else None,
            "late": row.late}


def _plan(db, actor: Actor, args: argparse.Namespace) -> None:
    year, month = parse_month(args.month)
    made = plans.generate_plan(db, actor=actor, year=year, month=month)
    rows = plans.month_plan(db, actor=actor, year=year, month=month) \
        if args.list or args.json else []
    if args.json:
        out(escape_json({"month": month_key(year, month), "created": made.created,
                         "existing": made.existing, "assigned": made.assigned,
                         "without_pair": made.without_pair, "not_asked": made.not_asked,
                         "declined": made.declined, "plans": [plan_json(r) for r in rows]},
                        indent=1))
        return
    out(ngettext("{month}: {n} visit planned now, {existing} planned before.",
                 "{month}: {n} visits planned now, {existing} planned before.",
                 made.created).format(month=month_key(year, month), n=made.created,
                                      existing=made.existing))
    if made.assigned:
        out(ngettext("{n} elder was given a visiting pair.",
                     "{n} elders were given a visiting pair.", made.assigned).format(
            n=made.assigned))
    if made.without_pair:
        out(ngettext("{n} planned visit has no pair: there is no active visiting pair.",
                     "{n} planned visits have no pair: there is no active visiting pair.",
                     made.without_pair).format(n=made.without_pair))
    if made.not_asked:
        out(ngettext("{n} elder on the list has not been asked yet whether they want "
                     "visits: no visit is planned for them.",
                     "{n} elders on the list have not been asked yet whether they want "
                     "visits: no visit is planned for them.", made.not_asked).format(
            n=made.not_asked))
    if made.declined:
        out(ngettext("{n} elder declined visits.", "{n} elders declined visits.",
                     made.declined).format(n=made.declined))
    for r in rows:
        out("\t".join(escape(v) for v in (
            r.due_on.isoformat(), r.state.label, r.resident.name, r.resident.address or "-",
            r.kind.label if not r.campaign else r.campaign, r.tier.label, r.pair or "-",
            r.visited_on.isoformat() if r.visited_on else "")).rstrip())


# ------------------------------------------------------------------------ sheets, routes


def _pair_id(db, actor: Actor, name: str | None) -> str | None:
    if not name:
        return None
    wanted = name.strip()
    found = next((p for p in elders.list_pairs(db, actor=actor) if p.name == wanted), None)
    if found is None:
        raise NotFound(_("No visiting pair is called {name}.").format(name=wanted))
    return found.id


def _which(db, actor: Actor, args: argparse.Namespace) -> dict:
    """--month, or --campaign with --year, as the printouts' arguments."""
    if args.campaign:
        if args.month:
            raise ValidationError(_("Give --month or --campaign, not both."))
        if not args.year:
            raise ValidationError(_("Give the festival's year with --year."))
        name = plans.campaign_name(args.campaign, args.year)
        campaign = next((c for c in plans.list_campaigns(db, actor=actor)
                         if c.festival == args.campaign and c.name == name), None)
        if campaign is None:
            raise NotFound(_("No festival visits are planned for {name}: plan the campaign "
                             "first.").format(name=name))
        return {"campaign_id": campaign.id}
    if not args.month:
        raise ValidationError(_("Give the month (--month YYYY-MM) or a festival (--campaign "
                                "with --year)."))
    year, month = parse_month(args.month)
    return {"year": year, "month": month}


def _sheets(db, actor: Actor, args: argparse.Namespace) -> None:
    n = printouts.save_visit_sheets(db, actor=actor, path=Path(args.out),
                                    pair_id=_pair_id(db, actor, args.pair),
                                    **_which(db, actor, args))
    out(ngettext("{n} visit sheet written to {file}.", "{n} visit sheets written to {file}.",
                 n).format(n=n, file=escape(args.out)))


def _routes(db, actor: Actor, args: argparse.Namespace) -> None:
    done = printouts.save_route_lists(db, actor=actor, path=Path(args.out),
                                      pair_id=_pair_id(db, actor, args.pair),
                                      volunteer_id=args.volunteer, **_which(db, actor, args))
    out(ngettext("Route lists of {lists} pairs ({n} elder) written to {file}.",
                 "Route lists of {lists} pairs ({n} elders) written to {file}.",
                 done.elders).format(lists=done.lists, n=done.elders, file=escape(args.out)))


# ------------------------------------------------------------------------------ overview


def _overview(db, actor: Actor, args: argparse.Namespace) -> None:
    year, month = parse_month(args.month)
    if args.out:
        o = export.export_overview(db, actor=actor, year=year, month=month,
                                   path=Path(args.out))
    else:
        o = overview.month_overview(db, actor=actor, year=year, month=month)

    def line(label: str, r: overview.Rate) -> str:
        return "\t".join(escape(v) for v in (label, r.done, r.planned, format_rate(r.rate),
                                             r.overdue, r.missed))

    out(_("{month}: {done} of {planned} planned visits done ({rate}); {overdue} overdue, "
          "{missed} missed.").format(month=month_key(year, month), done=o.overall.done,
                                     planned=o.overall.planned,
                                     rate=format_rate(o.overall.rate),
                                     overdue=o.overall.overdue, missed=o.overall.missed))
    for title, rates in ((_("By risk tier"), o.by_tier), (_("By visiting pair"), o.by_pair),
                         (_("By visitor"), o.by_visitor)):
        if rates:
            out(title)
            for r in rates:
                out(line(r.label, r))
    out(ngettext("{n} elder not visited for longer than their frequency.",
                 "{n} elders not visited for longer than their frequency.",
                 len(o.not_visited)).format(n=len(o.not_visited)))
    for owner, follow_ups in o.follow_ups.items():
        out("\t".join(escape(v) for v in (_("Open follow-ups"), owner, len(follow_ups))))
    if args.out:
        out(_("Report written to {file}.").format(file=escape(args.out)))


def run(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the visits' actions, as the logged-in actor."""
    command = args.visits_command
    if command == "plan":
        _plan(db, actor, args)
    elif command == "sheets":
        _sheets(db, actor, args)
    elif command == "routes":
        _routes(db, actor, args)
    elif command == "overview":
        _overview(db, actor, args)
    return 0
