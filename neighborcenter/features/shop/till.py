"""The till (收银台): one sale for all four shelves, paid in cash or with a volunteer's service
points. The sale, its stock movements and — for points — the redemption in the volunteers'
ledger are written in one unit of work: all of it or nothing (not enough points, not enough
stock, a retired product: a clear message and nothing changed). The same request id twice
is one sale (a double press of Enter, the command line retried).

Undo is a second sale with the opposite amounts that names the first and the reason — the
goods go back into stock, the points back to the volunteer — never a deletion. A shop
volunteer may undo the day's last sale; the staff any sale.

The till sees a customer's name, volunteer number, points and masked phone, nothing else
(the volunteers' ``card_holder``/``card_holders``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.dayclose import ensure_open
from neighborcenter.features.shop.goods import get_product, move
from neighborcenter.features.shop.models import ShopSale, ShopSaleLine, ShopStockMove
from neighborcenter.features.shop.rules import (
    Line,
    MoveKind,
    Payment,
    basket_total,
    change_due,
    merge_lines,
    parse_money,
    parse_quantity,
    yuan,
)
from neighborcenter.features.volunteers import ledger
from neighborcenter.features.volunteers.people import (
    CardHolder,
    card_holder,
    card_holders,
    text,
)
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import new_uuid, utcnow
from neighborcenter.storage.uow import UnitOfWork


@dataclass(frozen=True)
class SaleLine:
    product_id: str
    name: str
    quantity: int
    unit_price: int  # fen or points


@dataclass(frozen=True)
class SaleDone:
    """What the till says after a sale (or an undo), and what a receipt prints."""

    id: str
    number: str
    on: dt.date
    at: dt.datetime
    payment: Payment
    total: int  # fen or points; negative for an undo
    received_fen: int
    change_fen: int
    customer: str  # the volunteer's name, for points
    volunteer_number: str
    points_left: int | None
    lines: tuple[SaleLine, ...]
    undoes: str | None  # the number of the sale it undoes
    undone_by: str | None  # the number of the sale that undid it
    reason: str
    by: str
    replayed: bool = False

    @property
    def message(self) -> str:
        """The plain sentence the till shows: "王秀英 用 120 积分兑换 大米 5kg ×1，余额 380"."""
        goods = _("、").join(f"{line.name} ×{abs(line.quantity)}" for line in self.lines)
        if self.undoes:
            if self.payment == Payment.POINTS:
                return _("Sale {number} undone: {goods} back in stock, {points} points back to "
                         "{name}; balance {left}.").format(
                    number=self.undoes, goods=goods, points=-self.total, name=self.customer,
                    left=self.points_left)
            return _("Sale {number} undone: {goods} back in stock; give back {amount}."
                     ).format(number=self.undoes, goods=goods, amount=yuan(-self.total))
        if self.payment == Payment.POINTS:
            return _("{name} redeemed {points} points for {goods}; balance {left}.").format(
                name=self.customer, points=self.total, goods=goods, left=self.points_left)
        return _("Sold {goods} for {total}: received {received}, change {change}.").format(
            goods=goods, total=yuan(self.total), received=yuan(self.received_fen),
            change=yuan(self.change_fen))


def sale_done(s: Session, sale: ShopSale, *, replayed: bool = False) -> SaleDone:
    """A sale as the till and the receipt show it, read in the caller's unit of work."""
    lines = tuple(SaleLine(x.product_id, x.name, x.quantity, x.unit_price)
                  for x in s.scalars(select(ShopSaleLine).where(ShopSaleLine.sale_id == sale.id)
                                     .order_by(ShopSaleLine.change_seq)))
    number = ledger.get_volunteer(s, sale.volunteer_id).number if sale.volunteer_id else ""
    undone = s.get(ShopSale, sale.undoes_id) if sale.undoes_id else None
    undoes = undone.number if undone is not None else None
    undone_by = s.scalar(select(ShopSale.number).where(ShopSale.undoes_id == sale.id))
    return SaleDone(sale.id, sale.number, sale.on, sale.at, sale.payment, sale.total,
                    sale.received_fen, sale.change_fen, sale.customer_name, number,
                    sale.points_left, lines, undoes, undone_by, sale.reason, sale.by, replayed)


def _next_number(s: Session, on: dt.date) -> str:
    n = s.scalar(select(func.count()).select_from(ShopSale).where(ShopSale.on == on)) or 0
    return f"{on:%Y%m%d}-{n + 1:03d}"


def _request_key(value: object) -> str:
    key = str(value or "").strip()
    if not 1 <= len(key) <= 100:
        raise ValidationError(_("A request id is 1 to 100 characters."), field="request_id")
    return key


def _active_holder(s: Session, number: object) -> CardHolder:
    holder = card_holder(s, number)
    if not holder.active:
        raise ValidationError(_("{name}'s volunteer card ({number}) is not valid now. Ask the "
                                "staff.").format(name=holder.name, number=holder.number),
                              field="card")
    return holder


@writes
def checkout(uow: UnitOfWork, *, actor: Actor, items: list[tuple[str, object]],
             payment: Payment, request_key: str, card: object = None,
             received: object = None, on: dt.date | None = None) -> SaleDone:
    """One sale: ``items`` are (product id, quantity); ``card`` the volunteer number for
    points; ``received`` the cash handed over (yuan; empty: exactly the total)."""
    actor.require(Permission.USE_SHOP)
    key = _request_key(request_key)
    payment = Payment(payment)
    if not items:
        raise ValidationError(_("Scan or pick the goods first."), field="items")
    wanted = [(pid, parse_quantity(qty)) for pid, qty in items]
    today = on or dt.date.today()
    with uow:
        s = uow.session
        done = s.scalar(select(ShopSale).where(ShopSale.request_key == key))
        if done is not None:
            return _replayed(s, done, wanted, payment, card, received)
        ensure_open(s, today)
        lines = []
        for pid, qty in wanted:
            product = get_product(s, pid)
            if product.archived_at is not None:
                raise ValidationError(_("{name} is no longer sold.").format(name=product.name))
            price = product.points if payment == Payment.POINTS else product.price_fen
            if price is None:
                raise ValidationError(
                    (_("{name} has no price in points: it is sold for cash.")
                     if payment == Payment.POINTS else
                     _("{name} has no cash price: it is for points only.")).format(
                        name=product.name), field="payment")
            lines.append(Line(product.id, product.name, qty, price))
        lines = merge_lines(lines)
        total = basket_total(lines)
        received_fen = change_fen = 0
        holder = None
        if payment == Payment.CASH:
            received_fen = total if received in (None, "") else parse_money(
                received, field="received", allow_zero=True)
            change_fen = change_due(total, received_fen)
        else:
            if card in (None, ""):
                raise ValidationError(_("Scan the volunteer's card, or find the volunteer by "
                                        "name or the last digits of the phone."), field="card")
            holder = _active_holder(s, card)
        sale_id = new_uuid()
        points_tx = points_left = None
        if holder is not None:  # first: the sale's rows are never updated once written
            posted = ledger.redeem(s, actor=actor, volunteer_id=holder.id, points=total,
                                   request_key=f"shop:{key}", reason=f"匠心坊 {key}",
                                   source=f"sale:{sale_id}")
            points_tx, points_left = posted.transaction_id, ledger.volunteer_balance(s, holder.id)
        sale = ShopSale(id=sale_id, number=_next_number(s, today), on=today, at=utcnow(),
                        payment=payment, total=total, received_fen=received_fen,
                        change_fen=change_fen, volunteer_id=holder.id if holder else None,
                        customer_name=holder.name if holder else "", points_tx=points_tx,
                        points_left=points_left, by=actor.username, request_key=key)
        s.add(sale)
        s.flush()
        kind = MoveKind.REDEMPTION if payment == Payment.POINTS else MoveKind.SALE
        for line in lines:
            s.add(ShopSaleLine(sale_id=sale.id, product_id=line.product_id, name=line.name,
                               quantity=line.quantity, unit_price=line.unit_price))
            move(s, actor=actor, product=get_product(s, line.product_id), kind=kind,
                 quantity=-line.quantity, on=today, sale_id=sale.id)
        s.flush()
        result = sale_done(s, sale)
        goods = ", ".join(f"{x.name} ×{x.quantity}" for x in lines)
        summary = (Msg(N_("Sale {number}: {customer} redeemed {points} points for {goods}"),
                       args={"number": sale.number, "customer": sale.customer_name,
                             "points": total, "goods": goods})
                   if holder else
                   Msg(N_("Sale {number}: {goods} for {amount} in cash"),
                       args={"number": sale.number, "goods": goods, "amount": yuan(total)}))
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_sale", target_id=sale.id,
               summary=summary,
               changed=(SHOP, "points") if holder else (SHOP,))
        return result


def _replayed(s: Session, sale: ShopSale, wanted: list[tuple[str, int]],
              payment: Payment, card: object, received: object) -> SaleDone:
    """The same request again (a retry after a timeout, the CLI run twice): the sale it
    made — if it is the same sale: same goods, same payment, same card, same cash."""
    had = sorted((x.product_id, x.quantity) for x in s.scalars(
        select(ShopSaleLine).where(ShopSaleLine.sale_id == sale.id)))
    merged: dict[str, int] = {}
    for pid, qty in wanted:
        merged[pid] = merged.get(pid, 0) + qty
    same = sale.payment == payment and had == sorted(merged.items())
    if same and payment == Payment.POINTS:
        same = card not in (None, "") and card_holder(s, card).id == sale.volunteer_id
    elif same and received not in (None, ""):
        same = parse_money(received, field="received", allow_zero=True) == sale.received_fen
    if not same:
        raise ValidationError(_("This request id was already used for another sale ({number}); "
                                "nothing was changed.").format(number=sale.number),
                              field="request_id")
    return sale_done(s, sale, replayed=True)


# ---------------------------------------------------------------------------------- undo


def _last_sale(s: Session, on: dt.date) -> ShopSale | None:
    """The day's last sale that is not an undo (whether undone or not)."""
    return s.scalar(select(ShopSale).where(ShopSale.on == on, ShopSale.undoes_id.is_(None))
                    .order_by(ShopSale.at.desc(), ShopSale.change_seq.desc()).limit(1))


@writes
def undo_sale(uow: UnitOfWork, *, actor: Actor, sale_id: str, reason: object,
              on: dt.date | None = None) -> SaleDone:
    """Undo a sale by its mirror image: the goods back into stock (UNDO movements naming the
    sale's), the points back to the volunteer (a reversal in the ledger), the cash to give
    back. A shop volunteer may undo only the day's last sale; the staff any. Undone twice:
    the first undo is returned."""
    actor.require(Permission.USE_SHOP)
    why = text(reason, 200, "reason", _("The reason"), required=True)
    today = on or dt.date.today()
    with uow:
        s = uow.session
        sale = s.get(ShopSale, sale_id)
        if sale is None:
            raise NotFound(_("This sale is not there."))
        if sale.undoes_id is not None:
            raise ValidationError(_("Sale {number} is itself an undo; it cannot be undone."
                                    ).format(number=sale.number))
        undone = s.scalar(select(ShopSale).where(ShopSale.undoes_id == sale.id))
        if undone is not None:
            return sale_done(s, undone, replayed=True)
        ensure_open(s, today)
        if not actor.can(Permission.MANAGE_SHOP):
            last = _last_sale(s, today)
            if last is None or last.id != sale.id:
                raise ValidationError(_("Only today's last sale can be undone at the till. "
                                        "Ask the staff to undo sale {number}.").format(
                    number=sale.number))
        points_tx = points_left = None
        if sale.points_tx and sale.volunteer_id:
            posted = ledger.reverse(s, actor=actor, transaction_id=sale.points_tx,
                                    reason=f"匠心坊 {sale.number}: {why}")
            points_tx = posted.transaction_id
            points_left = ledger.volunteer_balance(s, sale.volunteer_id)
        mirror = ShopSale(number=_next_number(s, today), on=today, at=utcnow(),
                          payment=sale.payment, total=-sale.total, received_fen=0,
                          change_fen=0, volunteer_id=sale.volunteer_id,
                          customer_name=sale.customer_name, points_tx=points_tx,
                          points_left=points_left, undoes_id=sale.id, reason=why,
                          by=actor.username, request_key=f"undo:{sale.id}")
        s.add(mirror)
        s.flush()
        for line in s.scalars(select(ShopSaleLine).where(ShopSaleLine.sale_id == sale.id)
                              .order_by(ShopSaleLine.change_seq)):
            s.add(ShopSaleLine(sale_id=mirror.id, product_id=line.product_id, name=line.name,
                               quantity=-line.quantity, unit_price=line.unit_price))
        for out in s.scalars(select(ShopStockMove).where(ShopStockMove.sale_id == sale.id)):
            move(s, actor=actor, product=get_product(s, out.product_id), kind=MoveKind.UNDO,
                 quantity=-out.quantity, on=today, reason=why, sale_id=mirror.id,
                 undoes_id=out.id)
        s.flush()
        result = sale_done(s, mirror)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_sale", target_id=sale.id,
               summary=Msg(N_("Undid sale {number}: {reason}"),
                           args={"number": sale.number, "reason": why}),
               changed=(SHOP, "points") if sale.points_tx else (SHOP,))
        return result


# ------------------------------------------------------------------------------- reading


@reads
def find_customers(uow: UnitOfWork, *, actor: Actor, query: object) -> list[CardHolder]:
    """The till's search for a volunteer without the card: name, number or phone's end."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return card_holders(uow.session, query)


@reads
def customer_by_card(uow: UnitOfWork, *, actor: Actor, card: object) -> CardHolder:
    """A scanned card → name, masked phone and points; a card not valid now is refused."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return _active_holder(uow.session, card)


@reads
def sales_of_day(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None
                 ) -> list[SaleDone]:
    """The day's sales and undos, latest first."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        return [sale_done(s, sale) for sale in s.scalars(
            select(ShopSale).where(ShopSale.on == (on or dt.date.today()))
            .order_by(ShopSale.at.desc(), ShopSale.change_seq.desc()))]


@reads
def get_sale(uow: UnitOfWork, *, actor: Actor, sale_id: str) -> SaleDone:
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        sale = s.get(ShopSale, sale_id)
        if sale is None:
            raise NotFound(_("This sale is not there."))
        return sale_done(s, sale)


@reads
def last_sale(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None) -> SaleDone | None:
    """The sale the till's 撤销 undoes: the day's last one, if not undone yet."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        sale = _last_sale(s, on or dt.date.today())
        if sale is None or s.scalar(select(ShopSale.id).where(ShopSale.undoes_id == sale.id)):
            return None
        return sale_done(s, sale)
