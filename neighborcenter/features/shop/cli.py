"""The 匠心坊 shop's subcommands: ``neighborcenter shop ACTION``, for a redemption entered from
the paper book when the till's computer was down, for the stock and for the day close. The
same services as the till, with the same rules and the same refusals (a message on stderr,
exit status 2, nothing changed).

- ``redeem --card NUMBER --item BARCODE [--qty N] --request-id ID [--json]`` — a volunteer's
  points for goods (积分兑换): the points and the stock change together or not at all. The
  same request id again does nothing more and says so (``"replayed": true``). ``--json``:
  ``{"sale", "number", "date", "card", "name", "points", "balance", "items": [{"name",
  "barcode", "quantity", "points"}], "replayed", "message"}``.
- ``stock [--shelf S] [--json]`` — the goods: name, barcode, shelf, stock, running low,
  expiring (units expiring within the settings' days, or expired). ``--json``: a list of
  ``{"name", "barcode", "shelf", "shelf_label", "unit", "stock", "low", "expiring",
  "next_expiry", "price_fen", "points"}``.
- ``close-day [--date D] [--counted YUAN] [--note TEXT] [--json]`` — 日结: without
  ``--counted`` the day's summary only (nothing is closed); with it the day is closed
  with the cash counted (a difference needs ``--note``).
- ``export stock --out FILE.xlsx [--shelf S]`` — the stock list as .xlsx.
- ``export sales --since D --until D --out FILE.xlsx`` — a period's sales and their lines
  (the volunteers' numbers and names: staff only, audited).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from neighborcenter.cli import escape, escape_json, out
from neighborcenter.core.roles import Actor
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop import dayclose, export, goods, till
from neighborcenter.features.shop.rules import Payment, Shelf, yuan
from neighborcenter.features.volunteers.people import day as parse_day
from neighborcenter.i18n import _

SHELVES = tuple(s.value for s in Shelf)


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="shop_command", metavar="ACTION", required=True)
    redeem = sub.add_parser("redeem", parents=[common],
                            help=_("a volunteer's points for goods (积分兑换), e.g. from the "
                                   "paper book"))
    redeem.add_argument("--card", required=True, metavar="NUMBER",
                        help=_("the volunteer number on the card"))
    redeem.add_argument("--item", required=True, metavar="BARCODE",
                        help=_("the product's barcode"))
    redeem.add_argument("--qty", default="1", metavar="N", help=_("how many (default: 1)"))
    redeem.add_argument("--request-id", required=True, metavar="ID",
                        help=_("an id of your own for this redemption: the same id again "
                               "changes nothing"))
    redeem.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    stock = sub.add_parser("stock", parents=[common],
                           help=_("the goods in stock, running low and expiring"))
    stock.add_argument("--shelf", choices=SHELVES, help=_("only the goods of one shelf"))
    stock.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    close = sub.add_parser("close-day", parents=[common],
                           help=_("the day close (日结): the summary, or close the day with "
                                  "the cash counted"))
    close.add_argument("--date", metavar="D", help=_("the day (default: today)"))
    close.add_argument("--counted", metavar="YUAN",
                       help=_("the cash counted in the drawer; without it only the summary "
                              "is shown"))
    close.add_argument("--note", metavar="TEXT",
                       help=_("what explains a difference in the cash"))
    close.add_argument("--json", action="store_true", help=_("print it all as JSON"))
    sheet = sub.add_parser("export", parents=[common],
                            help=_("the stock list, or a period's sales, as .xlsx"))
    sheet.add_argument("which", choices=("stock", "sales"))
    sheet.add_argument("--out", required=True, metavar="FILE.xlsx")
    sheet.add_argument("--shelf", choices=SHELVES, help=_("(stock) only one shelf"))
    sheet.add_argument("--since", metavar="D", help=_("(sales) the first day"))
    sheet.add_argument("--until", metavar="D", help=_("(sales) the last day"))


# -------------------------------------------------------------------------------- redeem


def _redeem(db, actor: Actor, args: argparse.Namespace) -> None:
    product = goods.find_product(db, actor=actor, code=args.item)
    done = till.checkout(db, actor=actor, items=[(product.id, args.qty)],
                         payment=Payment.POINTS, request_key=args.request_id, card=args.card)
    if args.json:
        out(escape_json({
            "sale": done.id, "number": done.number, "date": done.on.isoformat(),
            "card": done.volunteer_number, "name": done.customer, "points": done.total,
            "balance": done.points_left,
            "items": [{"name": line.name, "barcode": product.barcode if
                       line.product_id == product.id else None, "quantity": line.quantity,
                       "points": line.unit_price} for line in done.lines],
            "replayed": done.replayed, "message": done.message}, indent=1))
        return
    if done.replayed:
        out(_("Already done with this request id (sale {number}); nothing was changed."
              ).format(number=done.number))
    out(escape(done.message))


# --------------------------------------------------------------------------------- stock


def _stock(db, actor: Actor, args: argparse.Namespace) -> None:
    shelf = Shelf(args.shelf) if args.shelf else None
    rows = goods.list_products(db, actor=actor, shelf=shelf)
    if args.json:
        out(escape_json([{
            "name": r.name, "barcode": r.barcode, "shelf": r.shelf.value,
            "shelf_label": r.shelf.label, "unit": r.unit, "stock": r.stock, "low": r.low,
            "expiring": r.expiring,
            "next_expiry": r.next_expiry.isoformat() if r.next_expiry else None,
            "price_fen": r.price_fen, "points": r.points} for r in rows], indent=1))
        return
    if not rows:
        out(_("No goods on the list."))
        return
    for r in rows:
        notes = []
        if r.low:
            notes.append(_("running low"))
        if r.expiring:
            notes.append(_("{n} expiring").format(n=r.expiring))
        out("\t".join(escape(v) for v in (
            r.name, r.barcode, r.shelf.label, f"{r.stock} {r.unit}",
            "；".join(notes))).rstrip())
    low = sum(r.low for r in rows)
    soon = sum(1 for r in rows if r.expiring)
    out(_("{n} products; {low} running low, {soon} with goods expiring.").format(
        n=len(rows), low=low, soon=soon))


# ----------------------------------------------------------------------------- close-day


def _summary_json(s: dayclose.DaySummary) -> dict:
    c = s.cash
    return {
        "date": s.on.isoformat(), "closed": s.closed is not None,
        "opening_fen": c.opening_fen, "sales_fen": c.sales_fen,
        "group_buy_fen": c.group_buy_fen, "refunds_fen": s.refunds_fen,
        "expected_fen": c.expected_fen, "counted_fen": c.counted_fen if s.closed else None,
        "difference_fen": c.difference_fen if s.closed else None,
        "balances": c.balances if s.closed else None,
        "note": s.closed.note if s.closed else None,
        "points_redeemed": s.points_redeemed, "sales": s.sales, "undone": s.undone,
        "gifts": s.gifts, "gift_items": s.gift_items, "donations": s.donations,
        "donated_items": s.donated_items, "written_off": s.written_off,
        "stock_balances": s.stock_balances, "mismatches": list(s.mismatches),
        "stock": [{"product": x.product, "unit": x.unit, "opening": x.opening,
                   "in": x.came_in, "out": x.went_out, "closing": x.closing}
                  for x in s.stock]}


def _summary_text(s: dayclose.DaySummary) -> None:
    c = s.cash
    out(_("{day}: {sales} sales ({undone} undone), cash sales {cash}, group buy {group}, "
          "{points} points redeemed, {gifts} welfare gifts, {donations} donations.").format(
        day=s.on.isoformat(), sales=s.sales, undone=s.undone, cash=yuan(c.sales_fen),
        group=yuan(c.group_buy_fen), points=s.points_redeemed, gifts=s.gifts,
        donations=s.donations))
    out(_("Cash expected in the drawer: {expected} (float {opening})").format(
        expected=yuan(c.expected_fen), opening=yuan(c.opening_fen)))
    if s.closed is not None:
        out(_("Closed: counted {counted}, difference {difference}.").format(
            counted=yuan(c.counted_fen), difference=yuan(c.difference_fen)))
        if s.closed.note:
            out(_("Note: {note}").format(note=escape(s.closed.note)))
    else:
        out(_("The day is not closed yet."))
    out(_("The goods balance (账物相符).") if s.stock_balances else
        _("The goods do not balance: look at the stock book of the day."))
    for line in s.mismatches:
        out("  " + escape(line))


def _close_day(db, actor: Actor, args: argparse.Namespace) -> None:
    on = parse_day(args.date, "date", _("the day"), required=False) or dt.date.today()
    if args.counted is None:
        if args.note:
            raise ValidationError(_("--note goes with --counted."), field="note")
        summary = dayclose.day_summary(db, actor=actor, on=on)
    else:
        summary = dayclose.close_day(db, actor=actor, counted=args.counted,
                                     note=args.note or "", on=on)
    if args.json:
        out(escape_json(_summary_json(summary), indent=1))
        return
    _summary_text(summary)


# -------------------------------------------------------------------------------- export


def _export(db, actor: Actor, args: argparse.Namespace) -> None:
    path = Path(args.out)
    if args.which == "stock":
        if args.since or args.until:
            raise ValidationError(_("--since and --until go with the sales."), field="since")
        rows = export.export_stock(db, actor=actor, path=path,
                                   shelf=Shelf(args.shelf) if args.shelf else None)
        out(_("{n} products written to {file}.").format(n=len(rows), file=escape(args.out)))
        return
    if args.shelf:
        raise ValidationError(_("--shelf goes with the stock."), field="shelf")
    since = parse_day(args.since, "since", _("the first day (--since)"))
    until = parse_day(args.until, "until", _("the last day (--until)"))
    assert since is not None and until is not None
    sheet = export.export_sales(db, actor=actor, since=since, until=until, path=path)
    out(_("{since} to {until}: {n} sales ({undone} undone), {cash} in cash, {points} points; "
          "written to {file}.").format(
        since=since.isoformat(), until=until.isoformat(), n=sheet.sales, undone=sheet.undone,
        cash=yuan(sheet.cash_fen), points=sheet.points, file=escape(args.out)))


def run(db, args: argparse.Namespace, actor: Actor) -> int:
    """One of the shop's actions, as the logged-in actor."""
    actions = {"redeem": _redeem, "stock": _stock, "close-day": _close_day,
               "export": _export}
    actions[args.shop_command](db, actor, args)
    return 0
