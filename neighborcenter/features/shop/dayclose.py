"""日结, the day close: what the day took and gave — the cash expected in the drawer (the float,
the cash sales less the sales undone, the group-buy payments less refunds) against the cash
counted, the points redeemed, the welfare gifts, the donations received — and each product's
stock book for the day (opening + in − out = closing: 账物相符). A difference in the cash is
closed only with a note that explains it. A closed day takes no more sales, payments, gifts or
donations until the staff reopen it (with a reason; the close is kept, archived)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.models import (
    ShopDayClose,
    ShopDonation,
    ShopGift,
    ShopOrder,
    ShopProduct,
    ShopSale,
    ShopSaleLine,
    ShopStockMove,
)
from neighborcenter.features.shop.rules import CashBalance, MoveKind, Payment, parse_money, yuan
from neighborcenter.features.shop.settings import shop_settings
from neighborcenter.features.volunteers.ledger import volunteer_side
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork


def closed_on(session: Session, on: dt.date) -> ShopDayClose | None:
    return session.scalar(select(ShopDayClose).where(ShopDayClose.on == on,
                                                     ShopDayClose.archived_at.is_(None)))


def ensure_open(session: Session, on: dt.date) -> None:
    """Every write that counts in a day close calls this first."""
    close = closed_on(session, on)
    if close is not None:
        raise ValidationError(_("The shop's accounts of {day} are closed (日结). Ask the staff "
                                "to reopen the day first.").format(day=on.isoformat()))


@dataclass(frozen=True)
class StockLine:
    product: str
    unit: str
    opening: int
    came_in: int  # goods in, donations, undos, positive adjustments
    went_out: int  # sales, redemptions, gifts, write-offs, negative adjustments (as positive)
    closing: int


@dataclass(frozen=True)
class ClosedDay:
    """The day's close as read (a copy: the row itself is expired once its unit of work
    ends, and a page reads the summary after that)."""

    id: str
    on: dt.date
    opening_fen: int
    counted_fen: int
    note: str
    closed_by: str
    closed_at: dt.datetime

    @classmethod
    def of(cls, row: ShopDayClose) -> ClosedDay:
        return cls(row.id, row.on, row.opening_fen, row.counted_fen, row.note, row.closed_by,
                   row.closed_at)


@dataclass(frozen=True)
class DaySummary:
    on: dt.date
    cash: CashBalance  # counted_fen is 0 until counted
    refunds_fen: int  # group-buy refunds, already taken off group_buy_fen
    points_redeemed: int
    sales: int  # sales and redemptions, not counting undos
    undone: int
    gifts: int
    gift_items: int
    donations: int
    donated_items: int
    written_off: int
    stock: tuple[StockLine, ...]  # only products that moved that day
    closed: ClosedDay | None
    #: what does not agree, in words: a receipt against the stock book, a points sale
    #: against the volunteers' ledger, the close against the day as it reads now
    mismatches: tuple[str, ...] = ()

    @property
    def stock_balances(self) -> bool:
        """账物相符: the receipts, the stock book, the ledger and the close agree."""
        return not self.mismatches


def _sale_mismatches(s: Session, on: dt.date) -> list[str]:
    """Each of the day's sales (and undos) against its lines, its stock movements and, for
    points, the volunteers' ledger."""
    sales = list(s.scalars(select(ShopSale).where(ShopSale.on == on)))
    if not sales:
        return []
    ids = [x.id for x in sales]
    lines: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    priced: dict[str, int] = defaultdict(int)
    for sid, pid, qty, price in s.execute(select(
            ShopSaleLine.sale_id, ShopSaleLine.product_id, ShopSaleLine.quantity,
            ShopSaleLine.unit_price).where(ShopSaleLine.sale_id.in_(ids))):
        lines[sid][pid] += qty
        priced[sid] += qty * price
    moves: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for moved_for, pid, qty in s.execute(select(ShopStockMove.sale_id, ShopStockMove.product_id,
                                                ShopStockMove.quantity)
                                         .where(ShopStockMove.sale_id.in_(ids))):
        moves[str(moved_for)][pid] -= qty
    ledger = volunteer_side(s, [x.points_tx for x in sales if x.points_tx])
    found = []
    for sale in sorted(sales, key=lambda x: x.number):
        if priced[sale.id] != sale.total:
            found.append(_("Sale {number}: its lines come to {lines}, its total is {total}."
                           ).format(number=sale.number, lines=priced[sale.id],
                                    total=sale.total))
        if {k: v for k, v in lines[sale.id].items() if v} != \
                {k: v for k, v in moves[sale.id].items() if v}:
            found.append(_("Sale {number}: the goods on the receipt and in the stock book "
                           "differ.").format(number=sale.number))
        if sale.payment == Payment.POINTS and ledger.get(sale.points_tx or "") != -sale.total:
            found.append(_("Sale {number}: the volunteers' ledger moved {ledger} points, the "
                           "sale {points}.").format(number=sale.number,
                                                    ledger=abs(ledger.get(sale.points_tx or "", 0)),
                                                    points=abs(sale.total)))
    return found


def _close_mismatches(close: ShopDayClose, d: DaySummary) -> list[str]:
    """The close as written against the day as it reads now: nothing should have moved."""
    now = {"sales_fen": d.cash.sales_fen, "group_buy_fen": d.cash.group_buy_fen,
           "points_redeemed": d.points_redeemed, "sales": d.sales, "gifts": d.gifts,
           "donations": d.donations}
    names = {"sales_fen": N_("cash sales"), "group_buy_fen": N_("group-buy payments"),
             "points_redeemed": N_("points redeemed"), "sales": N_("sales"),
             "gifts": N_("welfare gifts"), "donations": N_("donations")}
    def shown(key: str, value: int) -> str:  # money in yuan, counts as they are
        return yuan(value) if key.endswith("_fen") else str(value)

    return [_("Since the day was closed its {what} changed: {then} at the close, {now} "
              "now.").format(what=_(names[k]), then=shown(k, getattr(close, k)),
                             now=shown(k, v))
            for k, v in now.items() if getattr(close, k) != v]


def summarise(s: Session, on: dt.date, counted_fen: int = 0) -> DaySummary:
    settings = shop_settings(s)
    close = closed_on(s, on)
    sums = dict(s.execute(select(ShopSale.payment, func.sum(ShopSale.total))
                          .where(ShopSale.on == on).group_by(ShopSale.payment)).all())
    count = s.scalar(select(func.count()).select_from(ShopSale).where(
        ShopSale.on == on, ShopSale.undoes_id.is_(None))) or 0
    undone = s.scalar(select(func.count()).select_from(ShopSale).where(
        ShopSale.on == on, ShopSale.undoes_id.is_not(None))) or 0
    paid = s.scalar(select(func.coalesce(func.sum(ShopOrder.paid_fen), 0)).where(
        ShopOrder.paid_on == on)) or 0
    refunded = s.scalar(select(func.coalesce(func.sum(ShopOrder.refunded_fen), 0)).where(
        ShopOrder.cancelled_on == on)) or 0
    gifts = list(s.scalars(select(ShopGift.id).where(ShopGift.on == on,
                                                     ShopGift.void_reason == "")))
    donations = list(s.scalars(select(ShopDonation.id).where(
        ShopDonation.received_on == on, ShopDonation.void_reason == "")))
    moved: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kinds: dict[MoveKind, int] = defaultdict(int)
    for pid, kind, qty in s.execute(select(ShopStockMove.product_id, ShopStockMove.kind,
                                           ShopStockMove.quantity)
                                    .where(ShopStockMove.on == on)):
        moved[pid][0 if qty > 0 else 1] += abs(qty)
        kinds[kind] += -qty if qty < 0 else 0
    gift_items = s.scalar(select(func.coalesce(func.sum(-ShopStockMove.quantity), 0)).where(
        ShopStockMove.gift_id.in_(gifts), ShopStockMove.kind == MoveKind.GIFT)) or 0
    donated = s.scalar(select(func.coalesce(func.sum(ShopStockMove.quantity), 0)).where(
        ShopStockMove.donation_id.in_(donations), ShopStockMove.kind == MoveKind.DONATION)) or 0
    before = dict(s.execute(select(ShopStockMove.product_id, func.sum(ShopStockMove.quantity))
                            .where(ShopStockMove.on < on,
                                   ShopStockMove.product_id.in_(list(moved)))
                            .group_by(ShopStockMove.product_id)).all())
    products = {p.id: p for p in s.scalars(select(ShopProduct).where(
        ShopProduct.id.in_(list(moved))))}
    stock = tuple(sorted((StockLine(products[pid].name, products[pid].unit,
                                    int(before.get(pid) or 0), came, went,
                                    int(before.get(pid) or 0) + came - went)
                          for pid, (came, went) in moved.items()), key=lambda x: x.product))
    opening = close.opening_fen if close is not None else settings.opening_fen
    cash = CashBalance(opening, int(sums.get(Payment.CASH) or 0), int(paid) - int(refunded),
                       close.counted_fen if close is not None else counted_fen)
    summary = DaySummary(on, cash, int(refunded), int(sums.get(Payment.POINTS) or 0), count,
                         undone, len(gifts), int(gift_items), len(donations), int(donated),
                         kinds[MoveKind.WRITE_OFF], stock,
                         ClosedDay.of(close) if close is not None else None)
    mismatches = _sale_mismatches(s, on) + [
        _("{product}: the stock book goes below zero ({closing}).").format(
            product=x.product, closing=x.closing) for x in stock if x.closing < 0]
    if close is not None:
        mismatches += _close_mismatches(close, summary)
    return replace(summary, mismatches=tuple(mismatches))


@reads
def day_summary(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None) -> DaySummary:
    actor.require(Permission.USE_SHOP)
    with uow:
        return summarise(uow.session, on or dt.date.today())


@writes
def close_day(uow: UnitOfWork, *, actor: Actor, counted: object, note: object = "",
              on: dt.date | None = None, today: dt.date | None = None) -> DaySummary:
    """Close the day with the cash counted in the drawer. A difference needs a note."""
    actor.require(Permission.USE_SHOP)
    day = on or dt.date.today()
    if day > (today or dt.date.today()):
        raise ValidationError(_("A day is closed on the day or after it, not before."),
                              field="date")
    counted_fen = parse_money(counted, field="counted", allow_zero=True)
    why = text(note, 300, "note", _("The note"))
    with uow:
        s = uow.session
        ensure_open(s, day)
        summary = summarise(s, day, counted_fen)
        if not summary.cash.balances and not why:
            diff = summary.cash.difference_fen
            raise ValidationError(
                (_("The drawer has {amount} more than the books say. Count again, or write "
                   "what happened in the note.") if diff > 0 else
                 _("The drawer has {amount} less than the books say. Count again, or write "
                   "what happened in the note.")).format(amount=yuan(abs(diff))),
                field="note")
        row = ShopDayClose(on=day, opening_fen=summary.cash.opening_fen,
                           sales_fen=summary.cash.sales_fen,
                           group_buy_fen=summary.cash.group_buy_fen, counted_fen=counted_fen,
                           points_redeemed=summary.points_redeemed, sales=summary.sales,
                           gifts=summary.gifts, donations=summary.donations, note=why,
                           closed_by=actor.username, closed_at=utcnow())
        s.add(row)
        s.flush()
        # the day as it reads now is the day just summarised, closed (nothing moved between)
        result = replace(summary, closed=ClosedDay.of(row))
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_day", target_id=row.id,
               summary=Msg(N_("Closed the shop's day {day}: cash counted {counted}, "
                              "difference {difference}"),
                           args={"day": day.isoformat(), "counted": counted_fen / 100,
                                 "difference": summary.cash.difference_fen / 100}),
               changed=(SHOP,))
        return result


@writes
def reopen_day(uow: UnitOfWork, *, actor: Actor, on: dt.date, reason: object) -> None:
    """The staff reopen a closed day (a sale forgotten): the close is kept, archived, with
    the reason; the day is closed again afterwards."""
    actor.require(Permission.MANAGE_SHOP)
    why = text(reason, 200, "reason", _("The reason"), required=True)
    with uow:
        s = uow.session
        close = closed_on(s, on)
        if close is None:
            raise NotFound(_("The day {day} is not closed.").format(day=on.isoformat()))
        close.archived_at = utcnow()
        close.reopen_reason = why
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_day", target_id=close.id,
               summary=Msg(N_("Reopened the shop's day {day}: {reason}"),
                           args={"day": on.isoformat(), "reason": why}), changed=(SHOP,))
