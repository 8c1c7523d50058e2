"""倾心铺, the monthly group buy: a campaign (its supplier, the last day for orders, the day the
goods are collected), the items it offers at their prices (with the most one order may
take), and the residents' orders in 接龙 order (1, 2, 3 … in the campaign).

A campaign goes OPEN → ORDERED → ARRIVED → CLOSED, one step at a time (the staff). Orders are
taken and changed only while it is OPEN and not after its last day; paid at the till (the
amount due, counted in that day's close — ``dayclose.ensure_open`` first); collected only
after the goods arrived; cancelled with a reason — a paid order is refunded that day, and the
refund comes off that day's cash.

A customer is a resident chosen from the register (the order keeps the resident's id and a
copy of the name) or a name typed. A shop volunteer sees names and masked phones only: the
services mask the phone for anyone who may not manage the shop; the collection list masks it
for everyone. Every write is audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import counter_matching_ids, get_resident, rows_for
from neighborcenter.features.register.rules.phone import mask_phone, parse_phone
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.dayclose import ensure_open
from neighborcenter.features.shop.models import (
    ShopCampaign,
    ShopCampaignItem,
    ShopOrder,
    ShopOrderLine,
)
from neighborcenter.features.shop.rules import (
    MAX_QUANTITY,
    CampaignStatus,
    parse_money,
    parse_quantity,
    yuan,
)
from neighborcenter.features.volunteers.people import day, text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork

#: the steps of a campaign, in order
STEPS = (CampaignStatus.OPEN, CampaignStatus.ORDERED, CampaignStatus.ARRIVED,
         CampaignStatus.CLOSED)


def next_status(status: CampaignStatus) -> CampaignStatus | None:
    i = STEPS.index(status)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CampaignRow:
    id: str
    name: str
    supplier: str
    order_by: dt.date
    collect_on: dt.date
    status: CampaignStatus
    notes: str
    orders: int  # not cancelled
    due_fen: int  # of the orders not cancelled


@dataclass(frozen=True)
class ItemRow:
    id: str
    name: str
    unit: str
    price_fen: int
    most: int | None
    ordered: int  # in orders not cancelled
    withdrawn: bool


@dataclass(frozen=True)
class OrderLineRow:
    item_id: str
    name: str
    unit: str
    price_fen: int
    quantity: int

    @property
    def amount_fen(self) -> int:
        return self.price_fen * self.quantity


@dataclass(frozen=True)
class OrderRow:
    id: str
    number: int  # the 接龙 number
    name: str
    phone: str  # masked unless the actor manages the shop
    from_register: bool
    lines: tuple[OrderLineRow, ...]
    due_fen: int
    paid_fen: int
    paid_on: dt.date | None
    collected_at: dt.datetime | None
    collected_by: str
    cancelled_on: dt.date | None
    cancel_reason: str
    refunded_fen: int

    @property
    def paid(self) -> bool:
        return self.paid_on is not None

    @property
    def collected(self) -> bool:
        return self.collected_at is not None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_on is not None

    @property
    def goods(self) -> str:
        """"鸡蛋 ×2、大米 ×1"."""
        return _("、").join(f"{x.name} ×{x.quantity}" for x in self.lines)


@dataclass(frozen=True)
class CampaignTotals:
    orders: int
    cancelled: int
    due_fen: int
    paid_fen: int  # of orders not cancelled
    refunded_fen: int
    collected: int


@dataclass(frozen=True)
class CampaignView:
    campaign: CampaignRow
    items: tuple[ItemRow, ...]
    orders: tuple[OrderRow, ...]
    totals: CampaignTotals


@dataclass(frozen=True)
class SupplierLine:
    """One line of the order sent to the supplier: no customer's data."""

    name: str
    unit: str
    price_fen: int
    quantity: int

    @property
    def amount_fen(self) -> int:
        return self.price_fen * self.quantity


@dataclass(frozen=True)
class SupplierList:
    campaign: CampaignRow
    lines: tuple[SupplierLine, ...]

    @property
    def total_fen(self) -> int:
        return sum(x.amount_fen for x in self.lines)


@dataclass(frozen=True)
class CollectionRow:
    number: int
    name: str
    phone: str  # always masked
    goods: str
    due_fen: int
    paid: bool
    collected: bool
    collected_by: str


@dataclass(frozen=True)
class CollectionList:
    campaign: CampaignRow
    rows: tuple[CollectionRow, ...]


@dataclass(frozen=True)
class Customer:
    """A resident the order dialog may pick: the name and the masked phone, nothing else."""

    id: str
    name: str
    phone: str  # masked


def _campaign(s: Session, campaign_id: str) -> ShopCampaign:
    c = s.get(ShopCampaign, campaign_id)
    if c is None or c.archived_at is not None:
        raise NotFound(_("This group buy is no longer on the list."))
    return c


def _order(s: Session, order_id: str) -> ShopOrder:
    o = s.get(ShopOrder, order_id)
    if o is None or o.archived_at is not None:
        raise NotFound(_("This group-buy order is no longer on the list."))
    return o


def _items(s: Session, campaign_id: str) -> list[ShopCampaignItem]:
    return list(s.scalars(select(ShopCampaignItem).where(
        ShopCampaignItem.campaign_id == campaign_id).order_by(ShopCampaignItem.created_at,
                                                              ShopCampaignItem.id)))


def _lines_of(s: Session, order_ids: list[str]) -> dict[str, list[ShopOrderLine]]:
    out: dict[str, list[ShopOrderLine]] = defaultdict(list)
    if order_ids:
        for line in s.scalars(select(ShopOrderLine).where(ShopOrderLine.order_id.in_(order_ids),
                                                          ShopOrderLine.quantity > 0)
                              .order_by(ShopOrderLine.created_at, ShopOrderLine.id)):
            out[line.order_id].append(line)
    return out


def _due(lines: list[ShopOrderLine], items: Mapping[str, ShopCampaignItem]) -> int:
    return sum(line.quantity * items[line.item_id].price_fen for line in lines)


def _orders(s: Session, campaign_id: str) -> list[ShopOrder]:
    return list(s.scalars(select(ShopOrder).where(ShopOrder.campaign_id == campaign_id,
                                                  ShopOrder.archived_at.is_(None))
                          .order_by(ShopOrder.number)))


def _campaign_row(s: Session, c: ShopCampaign) -> CampaignRow:
    items = {i.id: i for i in _items(s, c.id)}
    live = [o for o in _orders(s, c.id) if o.cancelled_on is None]
    lines = _lines_of(s, [o.id for o in live])
    due = sum(_due(lines[o.id], items) for o in live)
    return CampaignRow(c.id, c.name, c.supplier, c.order_by, c.collect_on, c.status, c.notes,
                       len(live), due)


def _show_phone(actor: Actor, phone: str) -> str:
    return phone if actor.can(Permission.MANAGE_SHOP) else mask_phone(phone)


def _order_rows(s: Session, actor: Actor, c: ShopCampaign, *, masked: bool = False
                ) -> list[OrderRow]:
    items = {i.id: i for i in _items(s, c.id)}
    orders = _orders(s, c.id)
    lines = _lines_of(s, [o.id for o in orders])
    out = []
    for o in orders:
        rows = tuple(OrderLineRow(x.item_id, items[x.item_id].name, items[x.item_id].unit,
                                  items[x.item_id].price_fen, x.quantity) for x in lines[o.id])
        phone = mask_phone(o.phone) if masked else _show_phone(actor, o.phone)
        out.append(OrderRow(o.id, o.number, o.customer_name, phone, o.resident_id is not None,
                            rows, sum(x.amount_fen for x in rows), o.paid_fen, o.paid_on,
                            o.collected_at, o.collected_by, o.cancelled_on, o.cancel_reason,
                            o.refunded_fen))
    return out


@reads
def list_campaigns(uow: UnitOfWork, *, actor: Actor) -> list[CampaignRow]:
    """Every group buy, the latest first."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        return [_campaign_row(s, c) for c in s.scalars(
            select(ShopCampaign).where(ShopCampaign.archived_at.is_(None))
            .order_by(ShopCampaign.order_by.desc(), ShopCampaign.name))]


def view_of(s: Session, actor: Actor, campaign_id: str) -> CampaignView:
    c = _campaign(s, campaign_id)
    orders = _order_rows(s, actor, c)
    ordered: dict[str, int] = defaultdict(int)
    for o in orders:
        if not o.cancelled:
            for line in o.lines:
                ordered[line.item_id] += line.quantity
    items = tuple(ItemRow(i.id, i.name, i.unit, i.price_fen, i.most, ordered[i.id],
                          i.archived_at is not None) for i in _items(s, c.id)
                  if i.archived_at is None or ordered[i.id])
    live = [o for o in orders if not o.cancelled]
    totals = CampaignTotals(len(live), len(orders) - len(live), sum(o.due_fen for o in live),
                            sum(o.paid_fen for o in live), sum(o.refunded_fen for o in orders),
                            sum(1 for o in live if o.collected))
    return CampaignView(_campaign_row(s, c), items, tuple(orders), totals)


@reads
def campaign_view(uow: UnitOfWork, *, actor: Actor, campaign_id: str) -> CampaignView:
    """A campaign: its items with the quantities ordered, its orders (due, paid, collected,
    cancelled) and the totals. Phones masked for a shop volunteer."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return view_of(uow.session, actor, campaign_id)


def supplier_of(s: Session, campaign_id: str) -> SupplierList:
    c = _campaign(s, campaign_id)
    live = [o.id for o in _orders(s, c.id) if o.cancelled_on is None]
    totals: dict[str, int] = defaultdict(int)
    for lines in _lines_of(s, live).values():
        for line in lines:
            totals[line.item_id] += line.quantity
    return SupplierList(_campaign_row(s, c), tuple(
        SupplierLine(i.name, i.unit, i.price_fen, totals[i.id])
        for i in _items(s, c.id) if totals[i.id]))


@reads
def supplier_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str) -> SupplierList:
    """The order to send to the supplier: each item and the total quantity (orders not
    cancelled). No customer's data."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return supplier_of(uow.session, campaign_id)


def collection_of(s: Session, actor: Actor, campaign_id: str) -> CollectionList:
    c = _campaign(s, campaign_id)
    rows = tuple(CollectionRow(o.number, o.name, o.phone, o.goods, o.due_fen, o.paid,
                               o.collected, o.collected_by)
                 for o in _order_rows(s, actor, c, masked=True) if not o.cancelled)
    return CollectionList(_campaign_row(s, c), rows)


@reads
def collection_list(uow: UnitOfWork, *, actor: Actor, campaign_id: str) -> CollectionList:
    """The list for the collection day: 接龙 number, name, masked phone, the goods, paid?,
    collected? (the printed list adds the signature column)."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return collection_of(uow.session, actor, campaign_id)


@reads
def find_customers(uow: UnitOfWork, *, actor: Actor, query: object, limit: int = 20
                   ) -> list[Customer]:
    """Residents on the register for an order: by part of the name, its pinyin or the last 4
    digits of the phone (never an ID number or an address), shown as name and masked phone
    only — for a shop volunteer as for the staff."""
    actor.require(Permission.USE_SHOP)
    q = text(query, 60, "query", _("The search"))
    if not q:
        return []
    with uow:
        s = uow.session
        ids = counter_matching_ids(s, q, limit)
        return [Customer(r.id, r.name, r.masked_phone) for r in rows_for(s, ids)]


# ------------------------------------------------------------------------ the campaign


@dataclass
class CampaignForm:
    name: str
    supplier: str = ""
    order_by: object = None  # a date, or what was typed
    collect_on: object = None
    notes: str = ""
    id: str | None = None


@writes
def save_campaign(uow: UnitOfWork, *, actor: Actor, form: CampaignForm) -> str:
    """A new group buy, or its details changed (the staff). Collection is on or after the
    last day for orders."""
    actor.require(Permission.MANAGE_SHOP)
    name = text(form.name, 60, "name", _("The name of the group buy"), required=True)
    supplier = text(form.supplier, 100, "supplier", _("The supplier"), required=True)
    order_by = day(form.order_by, "order_by", _("the last day for orders"))
    collect_on = day(form.collect_on, "collect_on", _("the collection day"))
    notes = text(form.notes, 500, "notes", _("The notes"))
    assert order_by is not None and collect_on is not None
    if collect_on < order_by:
        raise ValidationError(_("The collection day ({collect}) is before the last day for "
                                "orders ({order}): collection comes after the orders.").format(
            collect=collect_on.isoformat(), order=order_by.isoformat()), field="collect_on")
    with uow:
        s = uow.session
        same = s.scalar(select(ShopCampaign).where(ShopCampaign.name == name))
        if same is not None and same.id != form.id:
            raise ValidationError(_("A group buy called “{name}” is already on the list: give "
                                    "this one another name, such as the month.").format(
                name=name), field="name")
        if form.id is None:
            c = ShopCampaign(name=name, supplier=supplier, order_by=order_by,
                             collect_on=collect_on, notes=notes, status=CampaignStatus.OPEN,
                             recorded_by=actor.username)
            s.add(c)
            s.flush()
            action, summary = AuditAction.CREATE, N_("Opened the group buy {name}")
        else:
            c = _campaign(s, form.id)
            if c.status == CampaignStatus.CLOSED:
                raise ValidationError(_("The group buy {name} is closed; it cannot be changed."
                                        ).format(name=c.name))
            c.name, c.supplier, c.order_by, c.collect_on, c.notes = (
                name, supplier, order_by, collect_on, notes)
            action, summary = AuditAction.UPDATE, N_("Changed the group buy {name}")
        finish(uow, actor, action, target_kind="shop_campaign", target_id=c.id,
               summary=Msg(summary, args={"name": name}), changed=(SHOP,))
        return c.id


@writes
def set_status(uow: UnitOfWork, *, actor: Actor, campaign_id: str,
               status: CampaignStatus) -> None:
    """The next step of a campaign (the staff): sent to the supplier, arrived, closed — one
    step at a time, never back."""
    actor.require(Permission.MANAGE_SHOP)
    status = CampaignStatus(status)
    with uow:
        s = uow.session
        c = _campaign(s, campaign_id)
        step = next_status(c.status)
        if status != step:
            if step is None:
                raise ValidationError(_("The group buy {name} is closed already.").format(
                    name=c.name), field="status")
            raise ValidationError(_("The group buy {name} is “{now}”: its next step is “{next}”, "
                                    "not “{wanted}”.").format(
                name=c.name, now=c.status.label, next=step.label, wanted=status.label),
                field="status")
        if status == CampaignStatus.ORDERED:
            live = [o for o in _orders(s, c.id) if o.cancelled_on is None]
            if not live:
                raise ValidationError(_("The group buy {name} has no orders to send to the "
                                        "supplier.").format(name=c.name), field="status")
        if status == CampaignStatus.CLOSED:
            waiting = [o.number for o in _orders(s, c.id)
                       if o.cancelled_on is None and o.collected_at is None]
            if waiting:
                raise ValidationError(_("Orders {numbers} are not collected yet: record the "
                                        "collection, or cancel them with the reason, before "
                                        "closing.").format(
                    numbers=_("、").join(str(n) for n in waiting)), field="status")
        c.status = status
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_campaign", target_id=c.id,
               summary=Msg(N_("Group buy {name}: {status}"),
                           args={"name": c.name, "status": status.msgid}), changed=(SHOP,))


def _require_open(c: ShopCampaign) -> None:
    if c.status != CampaignStatus.OPEN:
        raise ValidationError(_("The group buy {name} takes no more changes: it is “{status}”."
                                ).format(name=c.name, status=c.status.label))


@dataclass
class ItemForm:
    campaign_id: str
    name: str
    unit: str = "份"
    price: object = ""  # yuan
    most: object = ""  # "" for no limit
    id: str | None = None


@writes
def save_item(uow: UnitOfWork, *, actor: Actor, form: ItemForm) -> str:
    """An item of the group buy, or its details changed — only while it takes orders. A
    price changed applies to the orders taken and not paid yet; once one is paid, the price
    stays (what was paid is what was due)."""
    actor.require(Permission.MANAGE_SHOP)
    name = text(form.name, 60, "name", _("The name of the item"), required=True)
    unit = text(form.unit, 10, "unit", _("The unit"), required=True)
    price = parse_money(form.price, field="price")
    most = None
    if str(form.most if form.most is not None else "").strip():
        most = parse_quantity(form.most, field="most")
    with uow:
        s = uow.session
        c = _campaign(s, form.campaign_id)
        _require_open(c)
        same = [i for i in _items(s, c.id) if i.name == name and i.archived_at is None
                and i.id != form.id]
        if same:
            raise ValidationError(_("{name} is on this group buy already.").format(name=name),
                                  field="name")
        if form.id is None:
            item = ShopCampaignItem(campaign_id=c.id, name=name, unit=unit, price_fen=price,
                                    most=most)
            s.add(item)
            s.flush()
            action = AuditAction.CREATE
        else:
            found = s.get(ShopCampaignItem, form.id)
            if found is None or found.campaign_id != c.id or found.archived_at is not None:
                raise NotFound(_("This item is no longer on the group buy."))
            item = found
            if price != item.price_fen:
                paid = sorted(o.number for o in s.scalars(
                    select(ShopOrder).join(ShopOrderLine, ShopOrderLine.order_id == ShopOrder.id)
                    .where(ShopOrderLine.item_id == item.id, ShopOrderLine.quantity > 0,
                           ShopOrder.cancelled_on.is_(None), ShopOrder.paid_on.is_not(None))))
                if paid:
                    raise ValidationError(_(
                        "Orders {numbers} are paid at {price}: the price of {name} cannot "
                        "change now. Cancel and refund them first, or keep the price."
                    ).format(numbers=_("、").join(str(n) for n in paid), price=yuan(
                        item.price_fen), name=item.name), field="price")
            if most is not None:
                over = [o.number for o, line in s.execute(
                    select(ShopOrder, ShopOrderLine).join(
                        ShopOrderLine, ShopOrderLine.order_id == ShopOrder.id).where(
                        ShopOrderLine.item_id == item.id, ShopOrder.cancelled_on.is_(None),
                        ShopOrderLine.quantity > most))]
                if over:
                    raise ValidationError(_("Orders {numbers} take more than {most}: change "
                                            "them first.").format(
                        numbers=_("、").join(str(n) for n in sorted(over)), most=most),
                        field="most")
            item.name, item.unit, item.price_fen, item.most = name, unit, price, most
            action = AuditAction.UPDATE
        finish(uow, actor, action, target_kind="shop_campaign_item", target_id=item.id,
               summary=Msg(N_("Group buy {campaign}: {item} at {price}"),
                           args={"campaign": c.name, "item": name, "price": yuan(price)}),
               changed=(SHOP,))
        return item.id


@writes
def withdraw_item(uow: UnitOfWork, *, actor: Actor, item_id: str) -> None:
    """Take an item off the group buy while it takes orders; refused while an order not
    cancelled has it."""
    actor.require(Permission.MANAGE_SHOP)
    with uow:
        s = uow.session
        item = s.get(ShopCampaignItem, item_id)
        if item is None or item.archived_at is not None:
            raise NotFound(_("This item is no longer on the group buy."))
        c = _campaign(s, item.campaign_id)
        _require_open(c)
        numbers = sorted(s.scalars(select(ShopOrder.number).join(
            ShopOrderLine, ShopOrderLine.order_id == ShopOrder.id).where(
            ShopOrderLine.item_id == item.id, ShopOrderLine.quantity > 0,
            ShopOrder.cancelled_on.is_(None))))
        if numbers:
            raise ValidationError(_("Orders {numbers} have {item}: change or cancel them "
                                    "first.").format(
                numbers=_("、").join(str(n) for n in numbers), item=item.name))
        item.archived_at = utcnow()
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="shop_campaign_item",
               target_id=item.id,
               summary=Msg(N_("Group buy {campaign}: {item} withdrawn"),
                           args={"campaign": c.name, "item": item.name}), changed=(SHOP,))


# ------------------------------------------------------------------------------- orders


def _check_lines(s: Session, c: ShopCampaign, lines: Mapping[str, object]
                 ) -> list[tuple[ShopCampaignItem, int]]:
    items = {i.id: i for i in _items(s, c.id)}
    out = []
    for item_id, qty in lines.items():
        if str(qty if qty is not None else "").strip() in ("", "0"):
            continue
        item = items.get(item_id)
        if item is None or item.archived_at is not None:
            raise ValidationError(_("This item is no longer on the group buy: pick again."),
                                  field="lines")
        quantity = parse_quantity(qty, field="lines")
        if item.most is not None and quantity > item.most:
            raise ValidationError(_("{item}: one order takes at most {most} {unit}.").format(
                item=item.name, most=item.most, unit=item.unit), field="lines")
        out.append((item, min(quantity, MAX_QUANTITY)))
    if not out:
        raise ValidationError(_("Enter how many of at least one item."), field="lines")
    return out


def _write_lines(s: Session, order: ShopOrder, lines: list[tuple[ShopCampaignItem, int]]
                 ) -> None:
    old = {x.item_id: x for x in s.scalars(select(ShopOrderLine).where(
        ShopOrderLine.order_id == order.id))}
    for item, qty in lines:
        if item.id in old:
            old.pop(item.id).quantity = qty
        else:
            s.add(ShopOrderLine(order_id=order.id, item_id=item.id, quantity=qty))
    for gone in old.values():
        gone.quantity = 0  # taken off the order: kept (synced rows are never deleted), unread
    s.flush()


def _customer(s: Session, resident_id: str | None, name: object, phone: object
              ) -> tuple[str | None, str, str]:
    typed_phone = parse_phone(str(phone or ""), field="phone") or ""
    if resident_id:
        r = get_resident(s, resident_id)
        if r.status != ResidentStatus.ACTIVE or r.archived_at is not None:
            raise ValidationError(_("{name} is no longer on the register (died or moved out). "
                                    "Type the name of who orders instead.").format(
                name=r.name), field="resident")
        return r.id, r.name, typed_phone or (r.phone or "")
    who = text(name, 60, "name", _("The customer's name"), required=True)
    return None, who, typed_phone


def _goods_text(lines: list[tuple[ShopCampaignItem, int]]) -> str:
    return _("、").join(f"{i.name} ×{q}" for i, q in lines)


@writes
def place_order(uow: UnitOfWork, *, actor: Actor, campaign_id: str,
                lines: Mapping[str, object], resident_id: str | None = None,
                name: object = "", phone: object = "", on: dt.date | None = None) -> OrderRow:
    """An order: a resident chosen from the register (``resident_id``: the name is copied)
    or a ``name`` typed; the phone; ``lines`` item id → quantity (each within the item's
    most). Only while the campaign takes orders and not after its last day. Its number is
    the next 接龙 number."""
    actor.require(Permission.USE_SHOP)
    today = on or dt.date.today()
    with uow:
        s = uow.session
        c = _campaign(s, campaign_id)
        _require_open(c)
        if today > c.order_by:
            raise ValidationError(_("The last day for orders of {name} was {day}.").format(
                name=c.name, day=c.order_by.isoformat()))
        rid, who, tel = _customer(s, resident_id, name, phone)
        wanted = _check_lines(s, c, lines)
        number = (s.scalar(select(func.max(ShopOrder.number)).where(
            ShopOrder.campaign_id == c.id)) or 0) + 1
        order = ShopOrder(campaign_id=c.id, number=number, resident_id=rid, customer_name=who,
                          phone=tel, recorded_by=actor.username)
        s.add(order)
        s.flush()
        _write_lines(s, order, wanted)
        row = next(o for o in _order_rows(s, actor, c) if o.id == order.id)
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_order", target_id=order.id,
               summary=Msg(N_("Group buy {campaign}: order {number} ({goods})"),
                           args={"campaign": c.name, "number": number,
                                 "goods": _goods_text(wanted)}),
               changed=(SHOP,))
        return row


@writes
def change_order(uow: UnitOfWork, *, actor: Actor, order_id: str,
                 lines: Mapping[str, object], phone: object = None) -> OrderRow:
    """Change the quantities (and the phone) of an order not yet paid, while the campaign
    takes orders. A paid order is cancelled (refunded) and placed again instead."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        order = _order(s, order_id)
        c = _campaign(s, order.campaign_id)
        _require_open(c)
        if order.cancelled_on is not None:
            raise ValidationError(_("Order {number} is cancelled.").format(number=order.number))
        if order.paid_on is not None:
            raise ValidationError(_("Order {number} is paid: cancel it (the money is given "
                                    "back) and take a new order instead.").format(
                number=order.number))
        wanted = _check_lines(s, c, lines)
        if phone is not None:
            order.phone = parse_phone(str(phone or ""), field="phone") or ""
        _write_lines(s, order, wanted)
        row = next(o for o in _order_rows(s, actor, c) if o.id == order.id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_order", target_id=order.id,
               summary=Msg(N_("Group buy {campaign}: order {number} changed ({goods})"),
                           args={"campaign": c.name, "number": order.number,
                                 "goods": _goods_text(wanted)}),
               changed=(SHOP,))
        return row


@writes
def mark_paid(uow: UnitOfWork, *, actor: Actor, order_id: str, on: dt.date | None = None
              ) -> OrderRow:
    """The customer paid the amount due, in cash at the till: it counts in the day's close
    (refused when that day is closed)."""
    actor.require(Permission.USE_SHOP)
    today = on or dt.date.today()
    with uow:
        s = uow.session
        ensure_open(s, today)
        order = _order(s, order_id)
        c = _campaign(s, order.campaign_id)
        if order.cancelled_on is not None:
            raise ValidationError(_("Order {number} is cancelled.").format(number=order.number))
        if order.paid_on is not None:
            raise ValidationError(_("Order {number} was paid on {day}.").format(
                number=order.number, day=order.paid_on.isoformat()))
        if c.status == CampaignStatus.CLOSED:
            raise ValidationError(_("The group buy {name} is closed.").format(name=c.name))
        items = {i.id: i for i in _items(s, c.id)}
        due = _due(_lines_of(s, [order.id])[order.id], items)
        order.paid_fen, order.paid_on = due, today
        s.flush()
        row = next(o for o in _order_rows(s, actor, c) if o.id == order.id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_order", target_id=order.id,
               summary=Msg(N_("Group buy {campaign}: order {number} paid {amount}"),
                           args={"campaign": c.name, "number": order.number,
                                 "amount": yuan(due)}),
               changed=(SHOP,))
        return row


@writes
def mark_collected(uow: UnitOfWork, *, actor: Actor, order_id: str, by: object,
                   now: dt.datetime | None = None) -> OrderRow:
    """The goods of a paid order were collected, by whom (the customer, or someone for
    them) — only after they arrived."""
    actor.require(Permission.USE_SHOP)
    who = text(by, 60, "by", _("Who collected the goods"), required=True)
    with uow:
        s = uow.session
        order = _order(s, order_id)
        c = _campaign(s, order.campaign_id)
        if c.status != CampaignStatus.ARRIVED:
            raise ValidationError(_("The goods of {name} are collected after they arrive; the "
                                    "group buy is “{status}”.").format(
                name=c.name, status=c.status.label))
        if order.cancelled_on is not None:
            raise ValidationError(_("Order {number} is cancelled.").format(number=order.number))
        if order.collected_at is not None:
            raise ValidationError(_("Order {number} was collected already, by {by}.").format(
                number=order.number, by=order.collected_by))
        if order.paid_on is None:
            raise ValidationError(_("Order {number} is not paid: take the payment (收款) "
                                    "first.").format(number=order.number))
        due = _due(_lines_of(s, [order.id])[order.id], {i.id: i for i in _items(s, c.id)})
        if order.paid_fen != due:
            raise ValidationError(_("Order {number} was paid {paid} but comes to {due}: ask "
                                    "the staff before the goods go.").format(
                number=order.number, paid=yuan(order.paid_fen), due=yuan(due)))
        order.collected_at, order.collected_by = now or utcnow(), who
        s.flush()
        row = next(o for o in _order_rows(s, actor, c) if o.id == order.id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_order", target_id=order.id,
               summary=Msg(N_("Group buy {campaign}: order {number} collected"),
                           args={"campaign": c.name, "number": order.number}),
               changed=(SHOP,))
        return row


@writes
def cancel_order(uow: UnitOfWork, *, actor: Actor, order_id: str, reason: object,
                 on: dt.date | None = None) -> OrderRow:
    """Cancel an order not collected, with the reason. A paid order is refunded that day:
    the refund comes off the day's cash (refused when that day is closed)."""
    actor.require(Permission.USE_SHOP)
    why = text(reason, 200, "reason", _("The reason"), required=True)
    today = on or dt.date.today()
    with uow:
        s = uow.session
        order = _order(s, order_id)
        c = _campaign(s, order.campaign_id)
        if order.cancelled_on is not None:
            raise ValidationError(_("Order {number} is cancelled already.").format(
                number=order.number))
        if order.collected_at is not None:
            raise ValidationError(_("Order {number} was collected: it cannot be cancelled."
                                    ).format(number=order.number))
        if c.status == CampaignStatus.CLOSED:
            raise ValidationError(_("The group buy {name} is closed.").format(name=c.name))
        if order.paid_on is not None:
            ensure_open(s, today)
            order.refunded_fen = order.paid_fen
        order.cancelled_on, order.cancel_reason = today, why
        s.flush()
        row = next(o for o in _order_rows(s, actor, c) if o.id == order.id)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_order", target_id=order.id,
               summary=Msg(N_("Group buy {campaign}: order {number} cancelled, refunded "
                              "{amount}: {reason}"),
                           args={"campaign": c.name, "number": order.number,
                                 "amount": yuan(order.refunded_fen), "reason": why}),
               changed=(SHOP,))
        return row
