"""The consultation meetings' subcommands: ``neighborcenter meetings ACTION``.

- ``list [--year Y] [--json]`` — the meetings, latest first: number, date, type, title, state
  (planned, held, cancelled; minutes draft or approved), then each item voted on with its
  outcome and the reason ("出席 23 人，同意 15 票，超过半数，通过"). ``--json``: a list of
  ``{"meeting", "number", "starts_at", "kind", "kind_label", "title", "place", "held",
  "cancelled", "minutes", "quorum", "items": [{"position", "title", "topic", "voted",
  "passed", "outcome", "tally", "decision"}]}`` (``outcome`` is the reason sentence).
- ``print MEETING --what notice|sign-in|minutes|publicity --out FILE.pdf`` — one of the
  meeting's papers (MEETING: its number like XS2026-03, or its id). The sign-in sheet and
  the minutes name people: every print is audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from neighborcenter.cli import escape, escape_json, out
from neighborcenter.core.roles import Actor
from neighborcenter.features.meetings import meetings, printouts
from neighborcenter.features.meetings.meetings import MeetingDetail
from neighborcenter.i18n import _, pgettext


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", parents=[common],
                             help=_("the meetings with each decision's outcome and its "
                                    "reason"))
    listing.add_argument("--year", type=int, metavar="Y", help=_("only this year's meetings"))
    listing.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    printing = sub.add_parser("print", parents=[common],
                              help=_("print a meeting's notice, sign-in sheet, minutes or "
                                     "public notice (PDF)"))
    printing.add_argument("meeting", metavar="MEETING",
                          help=_("the meeting's number (XS2026-03) or id"))
    printing.add_argument("--what", required=True, choices=tuple(printouts.PRINTS))
    printing.add_argument("--out", required=True, metavar="FILE.pdf")


def state(d: MeetingDetail) -> str:
    """"已取消", "已召开　已审定（锁定）", "未召开"."""
    m = d.meeting
    if m.cancelled:
        return pgettext("a meeting's state", "Cancelled")
    if not m.held:
        return pgettext("a meeting's state", "Not held yet")
    return _("{held}　{minutes}").format(held=pgettext("a meeting's state", "Held"),
                                         minutes=m.minutes_state.label)


def meeting_json(d: MeetingDetail) -> dict:
    m = d.meeting
    return {
        "meeting": m.id, "number": m.number, "starts_at": m.starts_at.isoformat(),
        "kind": m.kind.value, "kind_label": m.kind_label, "title": m.title, "place": m.place,
        "held": m.held, "cancelled": m.cancelled, "minutes": m.minutes_state.value,
        "quorum": d.quorum.sentence,
        "items": [{"position": i.position, "title": i.title, "topic": i.topic_number or None,
                   "voted": i.outcome is not None,
                   "passed": i.outcome.passed if i.outcome else None,
                   "outcome": i.outcome.sentence if i.outcome else None,
                   "tally": i.outcome.tally if i.outcome else None,
                   "decision": i.decision} for i in d.items]}


def _list(db, actor: Actor, args: argparse.Namespace) -> None:
    found = meetings.list_meetings(db, actor=actor, year=args.year)
    if args.json:
        out(escape_json([meeting_json(d) for d in found], indent=1))
        return
    if not found:
        out(_("No meeting is on record."))
    for d in found:
        m = d.meeting
        out("\t".join(escape(v) for v in (
            m.number, m.starts_at.astimezone().strftime("%Y-%m-%d %H:%M"), m.kind_label,
            m.title, state(d))))
        for i in d.items:
            if i.outcome is not None:
                out("\t".join(escape(v) for v in (
                    "", _("Item {n}: {title}").format(n=i.position, title=i.title),
                    i.outcome.sentence)))


def _print(db, actor: Actor, args: argparse.Namespace) -> None:
    target = printouts.PRINTS[args.what](db, actor=actor, meeting=args.meeting,
                                         path=Path(args.out))
    out(_("Written to {file}.").format(file=escape(args.out)))
    del target


def run(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the meetings' actions, as the logged-in actor."""
    if args.meetings_command == "list":
        _list(db, actor, args)
    elif args.meetings_command == "print":
        _print(db, actor, args)
    return 0
