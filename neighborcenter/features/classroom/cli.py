"""The after-school class's subcommands: ``neighborcenter classroom ACTION``, for entering the
paper sheet after a power cut and for checks. The same services as the kiosk, with the same
rules and the same refusals (a message on stderr, exit status 2, nothing changed).

- ``today [--date D] [--json]`` — each child of the day: the state, whether here, when they
  came, who collected them and when; who is still here. ``--json`` prints one object:
  ``{"date", "runs", "why_not", "term", "starts_at", "closes_at", "closed", "children":
  [{"child", "name", "class", "state", "state_label", "here", "arrived_at", "left_at",
  "collected_by", "alone", "phone_confirmed_by", "late_minutes", "next_step"}],
  "still_here": [names], "counts": {state: n}}`` (times as ISO 8601 with the offset).
- ``sign-in CHILD… [--time HH:MM] [--date D]`` — signed in at the centre (签到).
- ``sign-out CHILD (--adult NAME [--relation REL --phone-confirmed-by STAFF --reason TEXT]
  | --alone) [--slip CODE] [--handed-by NAME] [--time HH:MM] [--date D]`` — the hand-over
  (签退) by the rule: an adult not on the list only with the guardian's phone confirmation
  (who took the call, the relation, the reason); nobody under 8 alone; a blocked adult
  refused (and the refusal logged).
- ``sheet --date D --out FILE.pdf [--with-phones]`` — the day's sign-in/sign-out sheet.
- ``report {attendance,late,hours} --month YYYY-MM --out FILE.pdf|FILE.xlsx
  [--include-sensitive --reason TEXT]`` — a month's report as PDF or .xlsx (the .xlsx with
  the health notes and the guardians' phones only when asked, with the reason).

``CHILD`` is the child's name on the day's list, whole or a part only one name has.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from neighborcenter.cli import escape, escape_json, out
from neighborcenter.core.roles import Actor
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import export, handover, printouts, reports
from neighborcenter.features.classroom.rules import is_here
from neighborcenter.features.volunteers.people import day as parse_day
from neighborcenter.i18n import _, ngettext

REPORTS = ("attendance", "late", "hours")


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="classroom_command", metavar="ACTION", required=True)
    today = sub.add_parser("today", parents=[common],
                           help=_("the day's children: here, collected by whom and when"))
    today.add_argument("--date", metavar="D", help=_("another day (YYYY-MM-DD)"))
    today.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    sign_in = sub.add_parser("sign-in", parents=[common],
                             help=_("sign children in at the centre (from the paper sheet)"))
    sign_in.add_argument("children", nargs="+", metavar="CHILD")
    sign_in.add_argument("--time", metavar="HH:MM", help=_("when (default: now)"))
    sign_in.add_argument("--date", metavar="D", help=_("the day (default: today)"))
    sign_out = sub.add_parser("sign-out", parents=[common],
                              help=_("hand a child over (from the paper sheet), by the "
                                     "hand-over rule"))
    sign_out.add_argument("child", metavar="CHILD")
    who = sign_out.add_mutually_exclusive_group(required=True)
    who.add_argument("--adult", metavar="NAME", help=_("the adult who collected the child"))
    who.add_argument("--alone", action="store_true",
                     help=_("the child went home alone (8 or older, with the guardian's "
                            "written agreement)"))
    sign_out.add_argument("--relation", metavar="REL",
                          help=_("the adult's relation to the child (not on the list)"))
    sign_out.add_argument("--phone-confirmed-by", metavar="STAFF",
                          help=_("who took the guardian's call (an adult not on the list)"))
    sign_out.add_argument("--reason", metavar="TEXT",
                          help=_("what the guardian said (an adult not on the list)"))
    sign_out.add_argument("--slip", metavar="CODE", help=_("the code on the pick-up slip"))
    sign_out.add_argument("--handed-by", metavar="NAME",
                          help=_("the volunteer who handed the child over"))
    sign_out.add_argument("--time", metavar="HH:MM", help=_("when (default: now)"))
    sign_out.add_argument("--date", metavar="D", help=_("the day (default: today)"))
    sheet = sub.add_parser("sheet", parents=[common],
                           help=_("print the day's sign-in/sign-out sheet (PDF)"))
    sheet.add_argument("--date", metavar="D", help=_("the day (default: today)"))
    sheet.add_argument("--out", required=True, metavar="FILE.pdf")
    sheet.add_argument("--with-phones", action="store_true",
                       help=_("print the guardians' phones too"))
    report = sub.add_parser("report", parents=[common],
                            help=_("a month's attendance, late pick-ups or hours on duty "
                                   "(PDF or .xlsx)"))
    report.add_argument("which", choices=REPORTS)
    report.add_argument("--month", required=True, metavar="YYYY-MM")
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    report.add_argument("--include-sensitive", action="store_true",
                        help=_("(.xlsx) add the health notes and the guardians' phones"))
    report.add_argument("--reason", metavar="TEXT",
                        help=_("why the sensitive data is exported (with "
                               "--include-sensitive)"))


def _date(value: str | None, now: dt.datetime) -> dt.date:
    if not value:
        return now.date()
    found = parse_day(value, "date", _("the day"))
    assert found is not None
    return found


def _when(on: dt.date, clock: str | None, now: dt.datetime) -> dt.datetime | None:
    return days.at_time(on, clock, now) if clock else None


# --------------------------------------------------------------------------------- today


def _iso(at: dt.datetime | None) -> str | None:
    return at.isoformat(timespec="minutes") if at else None


def _clock(at: dt.datetime | None) -> str:
    return at.strftime("%H:%M") if at else "-"


def child_json(t: days.ChildTile) -> dict:
    return {"child": t.child_id, "name": t.name, "class": t.grade_class,
            "state": t.state.value, "state_label": t.state.label, "here": is_here(t.state),
            "arrived_at": _iso(t.arrived_at or t.collected_at), "left_at": _iso(t.left_at),
            "collected_by": t.collected_by or None, "alone": t.left_alone,
            "phone_confirmed_by": t.phone_confirmed_by or None,
            "late_minutes": t.late_minutes,
            "next_step": t.next_step.value if t.next_step else None}


def _today(db, actor: Actor, args: argparse.Namespace) -> None:
    now = days.now_or(None)
    on = _date(args.date, now)
    view = days.day_view(db, actor=actor, on=on, now=now)
    if args.json:
        out(escape_json({
            "date": on.isoformat(), "runs": view.runs, "why_not": view.why_not or None,
            "term": view.term, "starts_at": view.starts_at or None,
            "closes_at": view.closes_at or None, "closed": view.closed_at is not None,
            "children": [child_json(t) for t in view.children],
            "still_here": [t.name for t in view.still_here],
            "counts": {state.value: n for state, n in view.counts.items()}}, indent=1))
        return
    if not view.runs:
        out(_("No class on {day}: {why}").format(day=on.isoformat(), why=escape(view.why_not)))
        return
    out(_("{day}, {term}: {n} children on the list, closing at {closes}.").format(
        day=on.isoformat(), term=escape(view.term), n=len(view.children),
        closes=view.closes_at) + (" " + _("The day is closed.") if view.closed_at else ""))
    for t in view.children:
        if t.left_at is not None:
            by = _("alone") if t.left_alone else t.collected_by
        else:
            by = "-"
        note = []
        if t.late_minutes:
            note.append(ngettext("{n} minute late", "{n} minutes late",
                                 t.late_minutes).format(n=t.late_minutes))
        if t.next_step is not None:
            note.append(_("now: {step}").format(step=t.next_step.label))
        if t.absence_reason:
            note.append(t.absence_reason)
        out("\t".join(escape(v) for v in (
            t.name, t.grade_class or "-", t.state.label,
            _("here") if is_here(t.state) else "-", _clock(t.arrived_at or t.collected_at),
            by, _clock(t.left_at), "；".join(note))).rstrip())
    here = view.still_here
    if here:
        out(_("Still here: {names}").format(names=escape(_("、").join(t.name for t in here))))
    elif view.children:
        out(_("Nobody is still here."))


# ----------------------------------------------------------------------- sign-in, sign-out


def _sign_in(db, actor: Actor, args: argparse.Namespace) -> None:
    now = days.now_or(None)
    on = _date(args.date, now)
    _when(on, args.time, now)  # a bad time is refused before anything is looked up
    aids = [handover.attendance_by_name(db, actor=actor, on=on, child=name, now=now)
            for name in args.children]
    child_of = {t.attendance_id: t.child_id
                for t in days.day_view(db, actor=actor, on=on, now=now).children}
    n = days.arrive(db, actor=actor, on=on, child_ids=[child_of[a] for a in aids],
                    at=args.time or None, now=now)
    out(ngettext("{n} child signed in on {day}.", "{n} children signed in on {day}.",
                 n).format(n=n, day=on.isoformat()))


def _sign_out(db, actor: Actor, args: argparse.Namespace) -> None:
    now = days.now_or(None)
    on = _date(args.date, now)
    when = _when(on, args.time, now)  # a bad time is refused before anything is looked up
    aid = handover.attendance_by_name(db, actor=actor, on=on, child=args.child, now=now)
    done = handover.sign_out(
        db, actor=actor, attendance_id=aid, adult=args.adult or "", alone=args.alone,
        confirmed_by=args.phone_confirmed_by or "", relation=args.relation or "",
        reason=args.reason or "", slip_code=args.slip or "", handed_by=args.handed_by or "",
        at=when, now=now)
    out(escape(done.sentence()))
    if done.phone_confirmed:
        out(_("Not on the list: the guardian's confirmation by phone is recorded."))
    if done.late_minutes:
        out(ngettext("Collected {n} minute after closing.", "Collected {n} minutes after "
                     "closing.", done.late_minutes).format(n=done.late_minutes))


# ---------------------------------------------------------------------- sheet, reports


def _sheet(db, actor: Actor, args: argparse.Namespace) -> None:
    now = days.now_or(None)
    on = _date(args.date, now)
    n = printouts.save_day_sheet(db, actor=actor, on=on, path=Path(args.out),
                                 with_phones=args.with_phones, now=now)
    out(ngettext("The sheet of {day} ({n} child) written to {file}.",
                 "The sheet of {day} ({n} children) written to {file}.", n).format(
        day=on.isoformat(), n=n, file=escape(args.out)))


def _report(db, actor: Actor, args: argparse.Namespace) -> None:
    year, month = reports.parse_month(args.month)
    since, until = reports.month_bounds(year, month)
    path = Path(args.out)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError(_("End the file name with .pdf or .xlsx."), field="out")
    if args.include_sensitive and (suffix != ".xlsx" or args.which == "hours"):
        raise ValidationError(_("--include-sensitive is for the .xlsx of the attendance or "
                                "the late pick-ups."), field="include_sensitive")
    if args.reason and not args.include_sensitive:
        raise ValidationError(_("--reason goes with --include-sensitive."), field="reason")
    sensitive = {"include_sensitive": args.include_sensitive, "reason": args.reason or ""}
    if args.which == "attendance":
        if suffix == ".pdf":
            a = printouts.save_attendance_report(db, actor=actor, year=year, month=month,
                                                 path=path)
        else:
            a = export.export_attendance(db, actor=actor, year=year, month=month, path=path,
                                         **sensitive)
        t = a.totals
        out(_("{month}: {days} class days, {n} children; came {came}, absent {absent}, did "
              "not come {not_came}, collected late {late}.").format(
            month=a.key, days=a.class_days, n=len(a.rows), came=t.came, absent=t.absent,
            not_came=t.not_came, late=t.late))
    elif args.which == "late":
        if suffix == ".pdf":
            late = printouts.save_late_report(db, actor=actor, since=since, until=until,
                                              path=path)
        else:
            late = export.export_late(db, actor=actor, since=since, until=until, path=path,
                                      **sensitive)
        out(ngettext("{month}: {n} late pick-up of {children} children.",
                     "{month}: {n} late pick-ups of {children} children.",
                     len(late.rows)).format(month=reports.month_key(year, month),
                                            n=len(late.rows), children=late.children))
    else:
        if suffix == ".pdf":
            h = printouts.save_hours_report(db, actor=actor, since=since, until=until,
                                            path=path)
        else:
            h = export.export_hours(db, actor=actor, since=since, until=until, path=path)
        minutes = sum(x.minutes for x in h.rows)
        out(_("{month}: {n} people on duty, {hours} hours {minutes} minutes on {days} closed "
              "days.").format(month=reports.month_key(year, month), n=len(h.rows),
                              hours=minutes // 60, minutes=minutes % 60, days=h.closed_days))
    out(_("Report written to {file}.").format(file=escape(args.out)))


def run(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the class's actions, as the logged-in actor."""
    actions = {"today": _today, "sign-in": _sign_in, "sign-out": _sign_out, "sheet": _sheet,
               "report": _report}
    actions[args.classroom_command](db, actor, args)
    return 0
