"""Welfare gifts (爱心发放) from the 爱心铺 to residents in hardship: who (a resident on the
register now — not one who has died or moved out), why (the hardship, suggested by their
current tags, and the reason), what (GIFT movements out of stock, in the same unit of work as
the gift), and who signed for it (the resident, or a family member for them). A gift recorded
by mistake is voided with a reason; its goods come back into stock by UNDO movements.

Only the staff give gifts (MANAGE_SHOP). The resident's 360° page lists their gifts
(``gifts_of``, session level, for the shop's home module)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register import registry
from neighborcenter.features.register.rules.codes import PARTY_MEMBER_CODES
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.dayclose import ensure_open
from neighborcenter.features.shop.donations import check_period, goods_text, next_number
from neighborcenter.features.shop.goods import get_product, move
from neighborcenter.features.shop.models import ShopGift, ShopProduct, ShopStockMove
from neighborcenter.features.shop.rules import Hardship, MoveKind, merge_lines, parse_quantity
from neighborcenter.features.shop.rules import Line as BasketLine
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

MAX_ITEMS = 50
SELF = N_("Self")  # 本人

#: a register tag → the hardship it suggests (the first that applies wins)
TAG_HARDSHIP: tuple[tuple[str, Hardship], ...] = (
    ("minimum_living", Hardship.SUBSISTENCE),
    ("extreme_hardship", Hardship.SUBSISTENCE),
    ("disability", Hardship.DISABLED),
    ("disabled_care", Hardship.DISABLED),
    ("living_alone", Hardship.ELDERLY_ALONE),
)


@dataclass(frozen=True)
class Recipient:
    """A resident as the gift dialog shows them."""

    id: str
    name: str
    age: int | None
    masked_phone: str
    address: str
    tags: str
    suggested: Hardship | None


@dataclass(frozen=True)
class GiftRow:
    id: str
    number: str
    on: dt.date
    resident_id: str
    resident: str
    hardship: Hardship
    reason: str
    goods: str  # "大米 ×1袋、食用油 ×1桶"
    units: int
    signed_by: str
    signer_relation: str
    recorded_by: str
    void_reason: str

    @property
    def voided(self) -> bool:
        return bool(self.void_reason)


@dataclass(frozen=True)
class ResidentGift:
    """A line of the shop's section on the resident's 360° page."""

    on: dt.date
    goods: str
    hardship: str  # its label
    signed_by: str  # "王秀英（本人）"


def suggest_hardship(session: Session, resident_id: str, today: dt.date) -> Hardship | None:
    """The hardship the resident's current tags (and 政治面貌) suggest, or None."""
    tags = registry.current_tags(session, today, [resident_id]).get(resident_id, {})
    for code, hardship in TAG_HARDSHIP:
        if code in tags:
            return hardship
    resident = registry.get_resident(session, resident_id)
    if resident.political_status in PARTY_MEMBER_CODES and tags:
        return Hardship.POOR_PARTY_MEMBER
    return None


def _recipients(s: Session, ids: list[str], today: dt.date) -> list[Recipient]:
    return [Recipient(r.id, r.name, r.age, r.masked_phone, r.address, r.tags,
                      suggest_hardship(s, r.id, today))
            for r in registry.rows_for(s, ids)]


@reads
def find_recipients(uow: UnitOfWork, *, actor: Actor, query: str, limit: int = 30,
                    today: dt.date | None = None) -> list[Recipient]:
    """Residents on the register now matching a name, pinyin initials, address or phone
    digits — the register's own search — with the hardship their tags suggest."""
    actor.require(Permission.MANAGE_SHOP)
    if not str(query or "").strip():
        return []
    with uow:
        s = uow.session
        ids = registry.matching_ids(s, str(query).strip())[:limit]
        return _recipients(s, ids, today or dt.date.today())


@reads
def recipient(uow: UnitOfWork, *, actor: Actor, resident_id: str,
              today: dt.date | None = None) -> Recipient:
    actor.require(Permission.MANAGE_SHOP)
    with uow:
        s = uow.session
        registry.get_resident(s, resident_id)
        found = _recipients(s, [resident_id], today or dt.date.today())
        if not found:
            raise NotFound(_("This resident is no longer in the register."))
        return found[0]


def _check_recipient(s: Session, resident_id: str) -> str:
    resident = registry.get_resident(s, resident_id)
    if resident.status == ResidentStatus.DECEASED:
        raise ValidationError(_("{name} has died: no gift can be given.").format(
            name=resident.name), field="resident")
    if resident.status == ResidentStatus.MOVED_OUT or resident.archived_at is not None \
            or not registry.living_here(s, [resident_id]):
        raise ValidationError(_("{name} has moved out: gifts go to residents on the register "
                                "now.").format(name=resident.name), field="resident")
    return resident.name


def _items(items: Sequence[tuple[str, object]]) -> list[tuple[str, int]]:
    if not items:
        raise ValidationError(_("Add at least one item to give."), field="items")
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("A gift has at most {n} lines.").format(n=MAX_ITEMS),
                              field="items")
    merged = merge_lines(BasketLine(pid, "", parse_quantity(qty), 0) for pid, qty in items)
    return [(x.product_id, x.quantity) for x in merged]


@writes
def give_gift(uow: UnitOfWork, *, actor: Actor, resident_id: str, hardship: Hardship,
              reason: object, items: Sequence[tuple[str, object]], signed_by: object = "",
              signer_relation: object = "", on: dt.date | None = None,
              today: dt.date | None = None) -> GiftRow:
    """爱心发放: the gift and its GIFT movements together or not at all (not enough stock:
    nothing changes). Audited (the gift's number, never the recipient's name)."""
    actor.require(Permission.MANAGE_SHOP)
    hardship = Hardship(hardship)
    why = text(reason, 300, "reason", _("The reason"), required=True)
    signer = text(signed_by, 60, "signed_by", _("who signed"))
    relation = text(signer_relation, 30, "signer_relation", _("The signer's relation"))
    if not signer:  # 签收: the recipient, or who takes it for them, signs the slip
        raise ValidationError(_("Enter who signed for the gift: the recipient, or the family "
                                "member who took it for them."), field="signed_by")
    relation = relation or _(SELF)
    today = today or dt.date.today()
    day = on or today
    if day > today:
        raise ValidationError(_("A gift cannot be dated in the future."), field="on")
    wanted = _items(items)
    with uow:
        s = uow.session
        ensure_open(s, day)
        _check_recipient(s, resident_id)
        gift = ShopGift(number=next_number(s, "AX", ShopGift, day), resident_id=resident_id,
                        hardship=hardship, reason=why, on=day, signed_by=signer,
                        signer_relation=relation,
                        recorded_by=actor.username)
        s.add(gift)
        s.flush()
        for pid, qty in wanted:
            product = get_product(s, pid)
            if product.archived_at is not None:
                raise ValidationError(_("{name} is no longer on the list.").format(
                    name=product.name), field="items")
            move(s, actor=actor, product=product, kind=MoveKind.GIFT, quantity=-qty, on=day,
                 reason=gift.number, gift_id=gift.id)
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_gift", target_id=gift.id,
               summary=Msg(N_("Gave the welfare gift {number} ({hardship}, {units} units)"),
                           args={"number": gift.number, "hardship": Msg(hardship.msgid),
                                 "units": sum(q for _p, q in wanted)}),
               detail={"resident_id": resident_id}, changed=(SHOP,))
        return _rows(s, [gift])[0]


def get_gift(session: Session, gift_id: str) -> ShopGift:
    gift = session.get(ShopGift, gift_id)
    if gift is None:
        raise NotFound(_("This gift is not in the shop's records."))
    return gift


@writes
def void_gift(uow: UnitOfWork, *, actor: Actor, gift_id: str, reason: object,
              today: dt.date | None = None) -> GiftRow:
    """A gift recorded by mistake: voided with the reason; its goods back into stock (UNDO)."""
    actor.require(Permission.MANAGE_SHOP)
    why = text(reason, 200, "reason", _("The reason"), required=True)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        gift = get_gift(s, gift_id)
        if gift.void_reason:
            raise ValidationError(_("The gift {number} is already void.").format(
                number=gift.number))
        ensure_open(s, gift.on)  # counted in that day's close: it must be open
        ensure_open(s, today)
        for m in list(s.scalars(select(ShopStockMove).where(
                ShopStockMove.gift_id == gift.id, ShopStockMove.kind == MoveKind.GIFT))):
            move(s, actor=actor, product=get_product(s, m.product_id), kind=MoveKind.UNDO,
                 quantity=-m.quantity, on=today, reason=why, gift_id=gift.id, undoes_id=m.id)
        gift.void_reason = why
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_gift", target_id=gift.id,
               summary=Msg(N_("Voided the welfare gift {number}: {reason}"),
                           args={"number": gift.number, "reason": why}), changed=(SHOP,))
        return _rows(s, [gift])[0]


def _goods(s: Session, gift_ids: list[str]) -> dict[str, list[tuple[str, int, str]]]:
    out: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for m, p in s.execute(select(ShopStockMove, ShopProduct)
                          .join(ShopProduct, ShopProduct.id == ShopStockMove.product_id)
                          .where(ShopStockMove.gift_id.in_(gift_ids),
                                 ShopStockMove.kind == MoveKind.GIFT)
                          .order_by(ShopStockMove.at, ShopStockMove.id)):
        assert m.gift_id is not None
        out[m.gift_id].append((p.name, -m.quantity, p.unit))
    return out


def _rows(s: Session, gifts: list[ShopGift]) -> list[GiftRow]:
    goods = _goods(s, [g.id for g in gifts])
    names = registry.resident_names(s, {g.resident_id for g in gifts})
    return [GiftRow(g.id, g.number, g.on, g.resident_id, names.get(g.resident_id, ""),
                    g.hardship, g.reason, goods_text(goods[g.id]),
                    sum(q for _n, q, _u in goods[g.id]), g.signed_by, g.signer_relation,
                    g.recorded_by, g.void_reason) for g in gifts]


def gift_goods(session: Session, gift_id: str) -> list[tuple[str, int, str]]:
    """A gift's goods: [(name, quantity, unit)]."""
    return _goods(session, [gift_id])[gift_id]


def gift_row(session: Session, gift_id: str) -> GiftRow:
    """Session level, for the printouts."""
    return _rows(session, [get_gift(session, gift_id)])[0]


@reads
def list_gifts(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date
               ) -> list[GiftRow]:
    """The gifts of a period, newest first (voided ones too, marked)."""
    actor.require(Permission.MANAGE_SHOP)
    check_period(since, until)
    with uow:
        s = uow.session
        gifts = list(s.scalars(select(ShopGift).where(ShopGift.on >= since,
                                                      ShopGift.on <= until)
                               .order_by(ShopGift.on.desc(), ShopGift.number.desc())))
        return _rows(s, gifts)


def signer_text(signed_by: str, relation: str) -> str:
    if not signed_by:
        return ""
    return _("{name} ({relation})").format(name=signed_by, relation=relation) \
        if relation else signed_by


def gifts_of(session: Session, resident_id: str) -> list[ResidentGift]:
    """A resident's gifts, newest first, voided ones left out (the 360° page's section)."""
    gifts = list(session.scalars(select(ShopGift).where(
        ShopGift.resident_id == resident_id, ShopGift.void_reason == "")
        .order_by(ShopGift.on.desc(), ShopGift.number.desc())))
    goods = _goods(session, [g.id for g in gifts])
    return [ResidentGift(g.on, goods_text(goods[g.id]), g.hardship.label,
                         signer_text(g.signed_by, g.signer_relation)) for g in gifts]
