"""The register's subcommands: ``neighborcenter residents find|import|export|roster|stats``."""

from __future__ import annotations

import argparse
from pathlib import Path

from neighborcenter.cli import escape_json, out
from neighborcenter.core.handover import check_output_path, database_files
from neighborcenter.core.roles import Actor
from neighborcenter.core.text import escape_controls
from neighborcenter.errors import ValidationError
from neighborcenter.features.register import register_io, registry, statistics
from neighborcenter.features.register.registry import ALL_STATUSES, SearchFilters
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.i18n import _


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    res = parser.add_subparsers(dest="residents_command", metavar="ACTION", required=True)
    find = res.add_parser("find", parents=[common],
                          help=_("search like the search box (name, pinyin, phone or ID tail, "
                                 "address)"))
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    find.add_argument("--limit", type=int, default=20, metavar="N")
    find.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                      help=_("tag=CODE, status=active|moved_out|deceased|all, party=yes, "
                             "minority=yes, separated=yes, marital=CODE"))
    imp = res.add_parser("import", parents=[common],
                         help=_("import a register sheet (.xlsx or .csv)"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true",
                     help=_("show what would happen without changing anything"))
    imp.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    imp.add_argument("--estate", default="", metavar="NAME",
                     help=_("the estate (小区) for rows whose sheet has no estate column"))
    imp.add_argument("--rejected", metavar="FILE.xlsx",
                     help=_("save the rejected rows to this workbook"))
    exp = res.add_parser("export", parents=[common],
                         help=_("export residents to .xlsx (identifiers masked)"))
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--query", default="", metavar="QUERY")
    exp.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                     help=_("tag=CODE, status=active|moved_out|deceased|all, party=yes, "
                             "minority=yes, separated=yes, marital=CODE"))
    roster = res.add_parser("roster", parents=[common],
                            help=_("print the household roster to PDF"))
    roster.add_argument("file", metavar="FILE")
    roster.add_argument("--query", default="", metavar="QUERY")
    stats = res.add_parser("stats", parents=[common],
                           help=_("population structure statistics (人口结构统计表) on a date"))
    stats.add_argument("--date", metavar="DATE", help=_("the day counted (default: today)"))
    stats.add_argument("--out", metavar="FILE",
                       help=_("write the table to FILE.xlsx or FILE.pdf (audited)"))
    stats.add_argument("--json", action="store_true", help=_("print the tables as JSON"))


def _filters(pairs: list[str]):
    values: dict[str, str] = {}
    more: list[tuple[str, str]] = []  # party=yes, marital=已婚 … (registry.with_filter)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if sep and key in registry.FILTER_KEYS:
            more.append((key, value))
            continue
        if not sep or key not in ("tag", "status"):
            raise ValidationError(_("Unknown filter “{pair}”: use tag=CODE or status=STATE.")
                                  .format(pair=pair))
        values[key] = value
    status = values.get("status", "active")
    if status not in ("active", "moved_out", "deceased", ALL_STATUSES):
        raise ValidationError(_("status must be active, moved_out, deceased or all."))
    filters = SearchFilters(tag_code=values.get("tag") or None, status=status)
    for key, value in more:
        filters = registry.with_filter(filters, key, value)
    return filters


def find_line(row: registry.ResidentRow) -> str:
    """One resident as ``find`` prints it: tab-separated, control characters escaped (a
    name holding ESC sequences must not drive the terminal)."""
    return "\t".join(escape_controls(str(value)) for value in
                     (row.name, row.masked_id, row.address, row.tags))


def run(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the register's actions, on an open, set-up database, as the logged-in actor."""
    command = args.residents_command
    if command == "find":
        if args.limit < 1:
            raise ValidationError(_("The limit must be at least 1."))
        result = registry.search_residents(db, actor=actor,
                                           query=args.query, filters=_filters(args.filter),
                                           limit=args.limit)
        for row in result.rows:
            out(escape_json(row.as_json()) if args.json else find_line(row))
        if not args.json and result.total > len(result.rows):
            out(_("… {n} more; narrow the search or raise --limit.").format(
                n=result.total - len(result.rows)))
    elif command == "import":
        if args.rejected:  # before importing: never the database, its files or the sheet
            check_output_path(Path(args.rejected),
                              protected=(*database_files(db.path), Path(args.file)))
        report = register_io.import_residents(
            db, actor=actor, path=Path(args.file), dry_run=args.dry_run,
            estate_default=args.estate)
        if args.rejected and report.rejected:
            register_io.save_rejected_rows(db, actor=actor, report=report,
                                           sheet_path=Path(args.file),
                                           target=Path(args.rejected))
        if args.json:
            out(escape_json(report.as_json(), indent=1))
        else:
            for rejected in report.rejected:
                out(escape_controls(_("Row {row} ({name}): {reason}").format(
                    row=rejected.row_number, name=rejected.name, reason=rejected.reason)))
            if columns := report.columns_summary():  # kept as extra fields, left out
                out(escape_controls(columns))
            prefix = _("Dry run, nothing changed: ") if args.dry_run else ""
            out(prefix + report.summary())
    elif command == "export":
        n = register_io.export_residents(db, actor=actor, path=Path(args.file),
                                         query=args.query, filters=_filters(args.filter))
        out(_("{n} residents exported to {file} (ID numbers and phones masked).").format(
            n=n, file=args.file))
    elif command == "roster":
        n = register_io.print_household_roster(db, actor=actor,
                                               path=Path(args.file), query=args.query)
        out(_("Household roster of {n} households written to {file}.").format(
            n=n, file=args.file))
    elif command == "stats":
        _stats(db, args, actor)
    return 0


def _stats(db, args: argparse.Namespace, actor: Actor) -> None:
    day = parse_date_text(args.date, field="date", label=_("Date")) if args.date else None
    if args.out:
        stats = statistics.write_population_statistics(db, actor=actor, path=Path(args.out),
                                                       on=day)
    else:
        stats = statistics.population_statistics(db, actor=actor, on=day)
    if args.json:
        out(escape_json(stats.as_json(), indent=1))
        return
    if args.out:
        out(_("Population structure statistics on {date} ({n} residents) written to "
              "{file}.").format(date=stats.on.isoformat(), n=stats.total, file=args.out))
        return
    out(escape_controls(_("Population structure statistics of {centre} on {date}: {n} "
                          "residents on the register").format(
        centre=stats.centre, date=stats.on.isoformat(), n=stats.total)))
    for table in stats.tables:
        out()
        out(escape_controls(table.title))
        for row in table.rows:
            out("\t".join((escape_controls(row.label), str(row.count),
                           statistics.share(row.count, stats.total))))


