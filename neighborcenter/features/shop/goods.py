"""The goods and the stock book: products on the four shelves with their barcodes and prices,
and every change of stock as a movement (``move``) — goods in, donations, sales, redemptions,
gifts, stock-take adjustments, write-offs, undos. A product's stock is the sum of its
movements and never goes below zero: a movement that would make it so is refused, and the
whole unit of work with it. Food comes in with its expiry date; what is left of each intake
is worked out first-expiring-first (rules.lots_left).

Session-level helpers (``move``, ``stock_of``, ``product_by_code`` …) are for the shop's other
services inside their unit of work; people call the services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.dayclose import ensure_open
from neighborcenter.features.shop.models import ShopProduct, ShopStockMove
from neighborcenter.features.shop.rules import (
    INWARD,
    Lot,
    MoveKind,
    Shelf,
    WriteOffReason,
    clean_barcode,
    expiring,
    lots_left,
    parse_money,
    parse_points,
    parse_quantity,
    shop_code,
)
from neighborcenter.features.shop.settings import shop_settings
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.check import Problem
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork


class NotEnoughStock(ValidationError):
    pass


# ------------------------------------------------------------------------------ products


def get_product(session: Session, product_id: str) -> ShopProduct:
    product = session.get(ShopProduct, product_id)
    if product is None:
        raise NotFound(_("This product is no longer on the list."))
    return product


def product_by_code(session: Session, code: object) -> ShopProduct:
    """A scanned or typed barcode → the product on sale (a retired one is refused)."""
    barcode = clean_barcode(code)
    product = session.scalar(select(ShopProduct).where(ShopProduct.barcode == barcode))
    if product is None:
        raise NotFound(_("No product has the barcode {code}. Pick the product by name, or "
                         "ask the staff to add it.").format(code=barcode))
    if product.archived_at is not None:
        raise ValidationError(_("{name} is no longer sold.").format(name=product.name),
                              field="barcode")
    return product


def next_shop_code(session: Session) -> str:
    """The next of the shop's own EAN-13 codes (20…) for goods without a label."""
    codes = session.scalars(select(ShopProduct.barcode).where(
        ShopProduct.barcode.like("20%"), func.length(ShopProduct.barcode) == 13))
    serial = max((int(c[2:12]) for c in codes if c.isdigit()), default=0)
    return shop_code(serial + 1)


@dataclass
class ProductForm:
    shelf: Shelf
    name: str
    barcode: str = ""  # empty: the shop makes its own code (print the label)
    unit: str = "件"
    price: str = ""  # yuan, "" for none
    points: str = ""  # "" for none
    food: bool = False
    notes: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ProductRow:
    id: str
    shelf: Shelf
    name: str
    barcode: str
    unit: str
    price_fen: int | None
    points: int | None
    food: bool
    stock: int
    low: bool  # below the "running low" setting
    expiring: int  # how many units expire within the setting's days (or have expired)
    next_expiry: dt.date | None
    retired: bool
    notes: str


def _check_prices(shelf: Shelf, price_fen: int | None, points: int | None) -> None:
    if shelf == Shelf.POINTS and points is None:
        raise ValidationError(_("Goods on 爱心铺 have a price in points."), field="points")
    if shelf == Shelf.DAILY and price_fen is None:
        raise ValidationError(_("Goods on 真心铺 have a cash price."), field="price")


@writes
def save_product(uow: UnitOfWork, *, actor: Actor, form: ProductForm) -> str:
    actor.require(Permission.MANAGE_SHOP)
    name = text(form.name, 60, "name", _("The name"), required=True)
    unit = text(form.unit, 10, "unit", _("The unit"), required=True)
    notes = text(form.notes, 300, "notes", _("The notes"))
    price = parse_money(form.price) if str(form.price or "").strip() else None
    points = parse_points(form.points) if str(form.points or "").strip() else None
    shelf = Shelf(form.shelf)
    _check_prices(shelf, price, points)
    with uow:
        s = uow.session
        barcode = clean_barcode(form.barcode) if str(form.barcode or "").strip() \
            else next_shop_code(s)
        other = s.scalar(select(ShopProduct).where(ShopProduct.barcode == barcode))
        if other is not None and other.id != form.id:
            raise ValidationError(_("The barcode {code} is already {name}'s.").format(
                code=barcode, name=other.name), field="barcode")
        if form.id:
            product = get_product(s, form.id)
            action = AuditAction.UPDATE
        else:
            product = ShopProduct()
            s.add(product)
            action = AuditAction.CREATE
        product.shelf, product.name, product.barcode, product.unit = shelf, name, barcode, unit
        product.price_fen, product.points, product.food, product.notes = \
            price, points, bool(form.food), notes
        s.flush()
        finish(uow, actor, action, target_kind="shop_product", target_id=product.id,
               summary=Msg(N_("Saved the product {name} ({code})"),
                           args={"name": name, "code": barcode}), changed=(SHOP,))
        return product.id


@writes
def retire_product(uow: UnitOfWork, *, actor: Actor, product_id: str) -> None:
    """No longer sold: off the till and the lists; its history stays. Only with no stock."""
    actor.require(Permission.MANAGE_SHOP)
    with uow:
        s = uow.session
        product = get_product(s, product_id)
        left = stock_of(s, product.id)
        if left:
            raise ValidationError(_("{name} still has {n} in stock: sell, give or write them "
                                    "off first.").format(name=product.name, n=left))
        product.archived_at = utcnow()
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="shop_product",
               target_id=product.id, summary=Msg(N_("Retired the product {name}"),
                                                 args={"name": product.name}), changed=(SHOP,))


# --------------------------------------------------------------------------- the stock book


def stock_of(session: Session, product_id: str) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(ShopStockMove.quantity), 0))
                              .where(ShopStockMove.product_id == product_id)) or 0)


def stock_levels(session: Session) -> dict[str, int]:
    return {pid: int(n) for pid, n in session.execute(
        select(ShopStockMove.product_id, func.sum(ShopStockMove.quantity))
        .group_by(ShopStockMove.product_id))}


def move(session: Session, *, actor: Actor, product: ShopProduct, kind: MoveKind,
         quantity: int, on: dt.date | None = None, reason: str = "",
         expires_on: dt.date | None = None, **links: str | None) -> ShopStockMove:
    """One movement in the caller's unit of work: ``quantity`` + in, − out. Out of more than
    is in stock: ``NotEnoughStock``, and nothing of the unit of work is kept."""
    if not quantity:
        raise ValueError("a movement moves something")
    if quantity < 0:
        have = stock_of(session, product.id)
        if have + quantity < 0:
            raise NotEnoughStock(_("Only {have} {unit} of {name} in stock, {want} wanted. "
                                   "Nothing was changed.").format(
                have=have, unit=product.unit, name=product.name, want=-quantity),
                field="quantity")
    day = on or dt.date.today()
    ensure_open(session, day)  # a closed day's stock book is closed too
    if quantity > 0 and expires_on is None and product.food:
        expires_on = _returning_expiry(session, product.id)
    row = ShopStockMove(product_id=product.id, kind=kind, quantity=quantity,
                        expires_on=expires_on, on=day, at=utcnow(),
                        by=actor.username, reason=reason, **links)
    session.add(row)
    session.flush()
    return row


def _returning_expiry(session: Session, product_id: str) -> dt.date | None:
    """Food coming back without a date of its own (an undo, a count that found more): it
    counts as the earliest lot still on the shelf, else the latest lot that came in — never
    as food that does not expire."""
    dated = [lot.expires_on for lot in lots_of(session, [product_id]).get(product_id, [])
             if lot.expires_on is not None]
    if dated:
        return min(dated)
    return session.scalar(select(ShopStockMove.expires_on).where(
        ShopStockMove.product_id == product_id, ShopStockMove.expires_on.is_not(None))
        .order_by(ShopStockMove.on.desc(), ShopStockMove.change_seq.desc()).limit(1))


def lots_of(session: Session, product_ids: list[str] | None = None) -> dict[str, list[Lot]]:
    """product id → what is left of each intake, first-expiring-first."""
    query = select(ShopStockMove.product_id, ShopStockMove.kind, ShopStockMove.quantity,
                   ShopStockMove.expires_on)
    if product_ids is not None:
        query = query.where(ShopStockMove.product_id.in_(product_ids))
    ins: dict[str, list[tuple[dt.date | None, int]]] = defaultdict(list)
    outs: dict[str, int] = defaultdict(int)
    for pid, kind, quantity, expires in session.execute(query):
        if quantity > 0 and (kind in INWARD or kind in (MoveKind.ADJUST, MoveKind.UNDO)):
            ins[pid].append((expires, quantity))
        elif quantity < 0:
            outs[pid] += -quantity
    return {pid: lots_left(ins[pid], outs[pid]) for pid in set(ins) | set(outs)}


def _expiry_date(value: object, food: bool) -> dt.date | None:
    day = parse_date_text(value, field="expires_on", label=_("The expiry date"))
    if food and day is None:
        raise ValidationError(_("Food comes in with its expiry date (保质期至)."),
                              field="expires_on")
    return day


@writes
def receive_goods(uow: UnitOfWork, *, actor: Actor, product_id: str, quantity: object,
                  expires_on: object = None, note: object = "",
                  on: dt.date | None = None) -> str:
    """Goods bought in (进货): into stock, with the expiry date for food. Expired food is
    refused."""
    actor.require(Permission.USE_SHOP)
    qty = parse_quantity(quantity)
    why = text(note, 200, "note", _("The note"))
    today = on or dt.date.today()
    with uow:
        s = uow.session
        product = get_product(s, product_id)
        expires = _expiry_date(expires_on, product.food)
        if expires is not None and expires < today:
            raise ValidationError(_("These goods expired on {day}: they are not taken in."
                                    ).format(day=expires.isoformat()), field="expires_on")
        row = move(s, actor=actor, product=product, kind=MoveKind.INTAKE, quantity=qty,
                   on=today, reason=why, expires_on=expires)
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_product",
               target_id=product.id, summary=Msg(N_("Goods in: {name} ×{n}"), args={
                   "name": product.name, "n": qty}), changed=(SHOP,))
        return row.id


@writes
def write_off(uow: UnitOfWork, *, actor: Actor, product_id: str, quantity: object,
              reason: WriteOffReason, note: object = "") -> str:
    """报损: expired, damaged or lost goods out of stock, with the reason."""
    actor.require(Permission.MANAGE_SHOP)
    qty = parse_quantity(quantity)
    why = text(note, 200, "note", _("The note"), required=reason == WriteOffReason.OTHER)
    reason = WriteOffReason(reason)
    with uow:
        s = uow.session
        product = get_product(s, product_id)
        row = move(s, actor=actor, product=product, kind=MoveKind.WRITE_OFF, quantity=-qty,
                   reason=f"{reason.value}: {why}" if why else reason.value)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_product",
               target_id=product.id, summary=Msg(N_("Written off: {name} ×{n} ({reason})"),
                                                 args={"name": product.name, "n": qty,
                                                       "reason": Msg(reason.msgid)}),
               changed=(SHOP,))
        return row.id


# ------------------------------------------------------------------------------- reading


def _rows(s: Session, products: list[ShopProduct], today: dt.date) -> list[ProductRow]:
    settings = shop_settings(s)
    levels = stock_levels(s)
    lots = lots_of(s, [p.id for p in products if p.food])
    out = []
    for p in products:
        soon = expiring(lots.get(p.id, []), today, settings.expiry_days)
        dated = [lot.expires_on for lot in lots.get(p.id, []) if lot.expires_on]
        stock = levels.get(p.id, 0)
        out.append(ProductRow(p.id, p.shelf, p.name, p.barcode, p.unit, p.price_fen, p.points,
                              p.food, stock, p.archived_at is None and stock < settings.low_stock,
                              sum(lot.quantity for lot in soon), min(dated, default=None),
                              p.archived_at is not None, p.notes))
    return out


@reads
def list_products(uow: UnitOfWork, *, actor: Actor, query: str = "",
                  shelf: Shelf | None = None, retired: bool = False,
                  today: dt.date | None = None) -> list[ProductRow]:
    """The goods, by shelf then name; ``query`` matches the name or the barcode."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        stmt = select(ShopProduct)
        if not retired:
            stmt = stmt.where(ShopProduct.archived_at.is_(None))
        if shelf is not None:
            stmt = stmt.where(ShopProduct.shelf == shelf)
        if query.strip():
            like = f"%{query.strip()}%"
            stmt = stmt.where(ShopProduct.name.like(like) | ShopProduct.barcode.like(like))
        products = sorted(s.scalars(stmt), key=lambda p: (list(Shelf).index(p.shelf), p.name))
        return _rows(s, products, today or dt.date.today())


@reads
def find_product(uow: UnitOfWork, *, actor: Actor, code: object) -> ProductRow:
    """The till's scan: a barcode → the product with its stock."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        return _rows(s, [product_by_code(s, code)], dt.date.today())[0]


@dataclass(frozen=True)
class MoveRow:
    id: str
    on: dt.date
    at: dt.datetime
    kind: MoveKind
    quantity: int
    balance: int  # the stock after it
    expires_on: dt.date | None
    reason: str
    by: str


@reads
def product_moves(uow: UnitOfWork, *, actor: Actor, product_id: str) -> list[MoveRow]:
    """A product's stock book, oldest first, with the running stock."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        get_product(s, product_id)
        balance, out = 0, []
        for m in s.scalars(select(ShopStockMove).where(ShopStockMove.product_id == product_id)
                           .order_by(ShopStockMove.at, ShopStockMove.id)):
            balance += m.quantity
            out.append(MoveRow(m.id, m.on, m.at, m.kind, m.quantity, balance, m.expires_on,
                               m.reason, m.by))
        return out


def stock_problems(session: Session) -> list[Problem]:
    """``neighborcenter check``: no product's stock below zero, and every sale's lines add up
    to its total with one movement per line. Reported, never repaired: a fault here is
    evidence that the stock book was changed outside NeighborCenter."""
    from neighborcenter.features.shop.models import ShopSale, ShopSaleLine

    problems = []
    below = [pid for pid, n in stock_levels(session).items() if n < 0]
    if below:
        problems.append(Problem("stock_negative", _(
            "{n} products have a stock below zero: the stock book was changed outside "
            "NeighborCenter. Restore a backup or ask for help.").format(n=len(below))))
    lines = (select(ShopSaleLine.sale_id,
                    func.sum(ShopSaleLine.quantity * ShopSaleLine.unit_price).label("sum"))
             .group_by(ShopSaleLine.sale_id).subquery())
    wrong = session.scalar(select(func.count()).select_from(ShopSale).join(
        lines, lines.c.sale_id == ShopSale.id).where(lines.c.sum != ShopSale.total))
    if wrong:
        problems.append(Problem("stock_sales", _(
            "{n} sales do not add up to their total.").format(n=wrong)))
    return problems
