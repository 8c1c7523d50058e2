"""Donations to the 善心铺 (捐赠接收): the intake slip — the donor (a company, a person, or
anonymous), who received the goods and when, each line with its quantity, expiry and the
condition check (accepted into stock, or refused with the reason: expired, damaged …), the
signatures of both sides and whether the donor's name goes on the public notice. The accepted
lines come into stock by DONATION movements in the same unit of work as the slip; a slip
recorded by mistake is voided with a reason (its goods go out again by UNDO movements — only
while they are still in stock).

The public notice (公示) of a period: the donations received (the donor's name, or 匿名 /
爱心人士) and the goods given out — welfare gifts counted by goods and by hardship, never by
recipient, and the goods redeemed for points by goods.

A donor's contact is personal data: a shop volunteer sees it masked; the staff in full."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.rules.dates import parse_date_text
from neighborcenter.features.register.rules.masking import mask_numbers_in
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.dayclose import ensure_open
from neighborcenter.features.shop.goods import get_product, move, stock_of
from neighborcenter.features.shop.models import (
    ShopDonation,
    ShopDonationLine,
    ShopGift,
    ShopProduct,
    ShopSale,
    ShopSaleLine,
    ShopStockMove,
)
from neighborcenter.features.shop.rules import (
    DonorKind,
    Hardship,
    MoveKind,
    Payment,
    parse_quantity,
)
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import UnitOfWork

MAX_LINES = 100


# ------------------------------------------------------------------------------- helpers


def next_number(session: Session, prefix: str, model, on: dt.date) -> str:
    """The day's next slip number: JZ20261201-01, AX20261201-02 …"""
    head = f"{prefix}{on:%Y%m%d}-"
    numbers = session.scalars(select(model.number).where(model.number.like(head + "%")))
    last = max((int(n[len(head):]) for n in numbers if n[len(head):].isdigit()), default=0)
    return f"{head}{last + 1:02d}"


def check_period(since: dt.date, until: dt.date) -> None:
    if until < since:
        raise ValidationError(_("The period ends before it starts."), field="until")
    if (until - since).days > 366 * 2:
        raise ValidationError(_("Choose a period of at most two years."), field="since")


def goods_text(items: list[tuple[str, int, str]]) -> str:
    """[(name, quantity, unit)] → "大米 5kg ×10袋、食用油 ×5桶"."""
    return _("、").join(f"{name} ×{qty}{unit}" for name, qty, unit in items)


def contact_for(actor: Actor, contact: str) -> str:
    """The donor's contact as this actor may see it: masked for a shop volunteer."""
    return contact if actor.can(Permission.MANAGE_SHOP) else mask_numbers_in(contact)


def donor_label(kind: DonorKind, name: str) -> str:
    """How a donor is named in a list or on a receipt."""
    return _("Anonymous") if kind == DonorKind.ANONYMOUS else name


def public_donor(kind: DonorKind, name: str, public: bool) -> str:
    """How a donor is named on the wall notice: 匿名 for an anonymous donor, 爱心人士 for one
    who did not want their name shown."""
    if kind == DonorKind.ANONYMOUS:
        return _("Anonymous")
    if not public:
        return _("A kind-hearted donor")
    return name


def _named_in_public(kind: DonorKind, public: bool | None) -> bool:
    """A company is thanked by name unless it asks not to be; a person is named on the wall
    only with their consent (个人信息保护法: their name is personal information)."""
    if kind == DonorKind.ANONYMOUS:
        return False
    return kind == DonorKind.COMPANY if public is None else bool(public)


# ------------------------------------------------------------------------------- the slip


@dataclass
class DonationLineForm:
    product_id: str
    quantity: object
    expires_on: object = None  # a date or typed text; needed for food that is accepted
    accepted: bool = True
    refusal: str = ""  # why not accepted (expired, damaged …)


@dataclass
class DonationForm:
    donor_kind: DonorKind
    donor_name: str = ""
    donor_contact: str = ""
    received_on: object = None  # None: today
    received_by: str = ""  # the volunteer or staff member who took the goods
    lines: list[DonationLineForm] = field(default_factory=list)
    donor_signed: bool = False
    receiver_signed: bool = False
    # the donor's name on the 公示; None: a company's yes, a person's only when they agree
    public: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class DonationLineView:
    product_id: str
    name: str
    unit: str
    quantity: int
    expires_on: dt.date | None
    accepted: bool
    refusal: str


@dataclass(frozen=True)
class DonationDetail:
    id: str
    number: str
    donor_kind: DonorKind
    donor: str  # the name, or 匿名
    donor_contact: str  # masked for a shop volunteer
    public: bool
    received_on: dt.date
    received_by: str
    donor_signed: bool
    receiver_signed: bool
    notes: str
    recorded_by: str
    void_reason: str
    lines: tuple[DonationLineView, ...]

    @property
    def voided(self) -> bool:
        return bool(self.void_reason)

    @property
    def accepted(self) -> tuple[DonationLineView, ...]:
        return tuple(x for x in self.lines if x.accepted)

    @property
    def refused(self) -> tuple[DonationLineView, ...]:
        return tuple(x for x in self.lines if not x.accepted)


@dataclass(frozen=True)
class DonationRow:
    id: str
    number: str
    received_on: dt.date
    donor_kind: DonorKind
    donor: str
    donor_contact: str  # masked for a shop volunteer
    public: bool
    received_by: str
    goods: str  # "大米 ×10袋、…" (accepted)
    accepted: int  # units taken into stock
    refused: int  # lines refused
    signed: bool  # both sides signed
    void_reason: str

    @property
    def voided(self) -> bool:
        return bool(self.void_reason)


def _donor(form: DonationForm) -> tuple[DonorKind, str, str]:
    kind = DonorKind(form.donor_kind)
    name = text(form.donor_name, 100, "donor_name", _("The donor's name"),
                required=kind != DonorKind.ANONYMOUS)
    contact = text(form.donor_contact, 40, "donor_contact", _("The donor's contact"))
    if kind == DonorKind.ANONYMOUS and (name or contact):
        raise ValidationError(_("An anonymous donation has no donor name or contact: clear "
                                "them, or choose a company or a person."), field="donor_name")
    return kind, name, contact


def _line(s: Session, n: int, line: DonationLineForm, received: dt.date
          ) -> tuple[ShopProduct, int, dt.date | None, bool, str]:
    where = _("Line {n}: ").format(n=n)
    try:
        product = get_product(s, line.product_id)
        if product.archived_at is not None:
            raise ValidationError(_("{name} is no longer on the list; pick another product or "
                                    "ask the staff to add it.").format(name=product.name),
                                  field="lines")
        qty = parse_quantity(line.quantity)
        expires = parse_date_text(line.expires_on, field="expires_on",
                                  label=_("The expiry date"))
        accepted = bool(line.accepted)
        refusal = text(line.refusal, 200, "refusal", _("The reason for refusing"),
                       required=not accepted)
        if accepted:
            refusal = ""
            if product.food and expires is None:
                raise ValidationError(_("{name} is food: enter its expiry date (保质期至).")
                                      .format(name=product.name), field="expires_on")
            if expires is not None and expires < received:
                raise ValidationError(_("{name} expired on {day}: expired goods are not "
                                        "taken in. Mark the line refused, with the reason.")
                                      .format(name=product.name, day=expires.isoformat()),
                                      field="expires_on")
    except (ValidationError, NotFound) as exc:
        raise type(exc)(where + str(exc), field=getattr(exc, "field", None) or "lines") \
            from exc
    return product, qty, expires, accepted, refusal


@writes
def record_donation(uow: UnitOfWork, *, actor: Actor, form: DonationForm,
                    today: dt.date | None = None) -> DonationDetail:
    """An intake slip (捐赠接收单): the slip, its lines, and the accepted goods into stock by
    DONATION movements — together or not at all. Audited."""
    actor.require(Permission.USE_SHOP)
    today = today or dt.date.today()
    kind, name, contact = _donor(form)
    received = parse_date_text(form.received_on, field="received_on",
                               label=_("The date received")) or today
    if received > today:
        raise ValidationError(_("The date received cannot be in the future."),
                              field="received_on")
    received_by = text(form.received_by, 60, "received_by",
                       _("who received the goods"), required=True)
    notes = text(form.notes, 500, "notes", _("The notes"))
    if not form.lines:
        raise ValidationError(_("Add at least one line of goods."), field="lines")
    if len(form.lines) > MAX_LINES:
        raise ValidationError(_("A slip has at most {n} lines.").format(n=MAX_LINES),
                              field="lines")
    with uow:
        s = uow.session
        ensure_open(s, received)
        lines = [_line(s, n, x, received) for n, x in enumerate(form.lines, 1)]
        slip = ShopDonation(number=next_number(s, "JZ", ShopDonation, received),
                            donor_kind=kind, donor_name=name, donor_contact=contact,
                            received_on=received, received_by=received_by,
                            donor_signed=bool(form.donor_signed),
                            receiver_signed=bool(form.receiver_signed),
                            public=_named_in_public(kind, form.public),
                            notes=notes, recorded_by=actor.username)
        s.add(slip)
        s.flush()
        units = 0
        for product, qty, expires, accepted, refusal in lines:
            s.add(ShopDonationLine(donation_id=slip.id, product_id=product.id, quantity=qty,
                                   expires_on=expires, accepted=accepted, refusal=refusal))
            if accepted:
                units += qty
                move(s, actor=actor, product=product, kind=MoveKind.DONATION, quantity=qty,
                     on=received, reason=slip.number, expires_on=expires,
                     donation_id=slip.id)
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_donation", target_id=slip.id,
               summary=Msg(N_("Recorded the donation {number}: {lines} lines, {units} units "
                              "into stock"),
                           args={"number": slip.number, "lines": len(lines), "units": units}),
               changed=(SHOP,))
        return _detail(s, actor, slip)


def get_donation(session: Session, donation_id: str) -> ShopDonation:
    slip = session.get(ShopDonation, donation_id)
    if slip is None:
        raise NotFound(_("This donation slip is not in the shop's records."))
    return slip


def _detail(s: Session, actor: Actor, slip: ShopDonation) -> DonationDetail:
    lines = []
    for line, product in s.execute(
            select(ShopDonationLine, ShopProduct)
            .join(ShopProduct, ShopProduct.id == ShopDonationLine.product_id)
            .where(ShopDonationLine.donation_id == slip.id)
            .order_by(ShopDonationLine.change_seq)):
        lines.append(DonationLineView(product.id, product.name, product.unit, line.quantity,
                                      line.expires_on, line.accepted, line.refusal))
    return DonationDetail(slip.id, slip.number, slip.donor_kind,
                          donor_label(slip.donor_kind, slip.donor_name),
                          contact_for(actor, slip.donor_contact), slip.public,
                          slip.received_on, slip.received_by, slip.donor_signed,
                          slip.receiver_signed, slip.notes, slip.recorded_by, slip.void_reason,
                          tuple(lines))


def donation_of(session: Session, actor: Actor, donation_id: str) -> DonationDetail:
    """Session level, for the printouts."""
    return _detail(session, actor, get_donation(session, donation_id))


@reads
def donation_detail(uow: UnitOfWork, *, actor: Actor, donation_id: str) -> DonationDetail:
    actor.require(Permission.USE_SHOP)
    with uow:
        return donation_of(uow.session, actor, donation_id)


@reads
def list_donations(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date
                   ) -> list[DonationRow]:
    """The slips received in a period, newest first (voided ones too, marked)."""
    actor.require(Permission.USE_SHOP)
    check_period(since, until)
    with uow:
        s = uow.session
        slips = list(s.scalars(select(ShopDonation).where(
            ShopDonation.received_on >= since, ShopDonation.received_on <= until)
            .order_by(ShopDonation.received_on.desc(), ShopDonation.number.desc())))
        goods: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        units: dict[str, int] = defaultdict(int)
        refused: dict[str, int] = defaultdict(int)
        for line, product in s.execute(
                select(ShopDonationLine, ShopProduct)
                .join(ShopProduct, ShopProduct.id == ShopDonationLine.product_id)
                .where(ShopDonationLine.donation_id.in_([x.id for x in slips]))
                .order_by(ShopDonationLine.change_seq)):
            if line.accepted:
                goods[line.donation_id].append((product.name, line.quantity, product.unit))
                units[line.donation_id] += line.quantity
            else:
                refused[line.donation_id] += 1
        return [DonationRow(x.id, x.number, x.received_on, x.donor_kind,
                            donor_label(x.donor_kind, x.donor_name),
                            contact_for(actor, x.donor_contact), x.public, x.received_by,
                            goods_text(goods[x.id]), units[x.id], refused[x.id],
                            x.donor_signed and x.receiver_signed, x.void_reason)
                for x in slips]


@writes
def void_donation(uow: UnitOfWork, *, actor: Actor, donation_id: str, reason: object,
                  today: dt.date | None = None) -> DonationDetail:
    """A slip recorded by mistake: voided with the reason; its goods go out of stock again by
    UNDO movements — refused when some of them have already been sold or given out."""
    actor.require(Permission.MANAGE_SHOP)
    why = text(reason, 200, "reason", _("The reason"), required=True)
    today = today or dt.date.today()
    with uow:
        s = uow.session
        slip = get_donation(s, donation_id)
        if slip.void_reason:
            raise ValidationError(_("The donation {number} is already void.").format(
                number=slip.number))
        ensure_open(s, slip.received_on)  # counted in that day's close: it must be open
        ensure_open(s, today)
        moves = list(s.scalars(select(ShopStockMove).where(
            ShopStockMove.donation_id == slip.id, ShopStockMove.kind == MoveKind.DONATION)))
        wanted: dict[str, int] = defaultdict(int)
        for m in moves:
            wanted[m.product_id] += m.quantity
        for pid, qty in wanted.items():
            have = stock_of(s, pid)
            if have < qty:
                product = get_product(s, pid)
                raise ValidationError(_(
                    "The donation {number} cannot be voided: {qty} {unit} of {name} came with "
                    "it, but only {have} are still in stock (the rest was sold or given out). "
                    "Nothing was changed; correct the stock by a stock-take instead.").format(
                    number=slip.number, qty=qty, unit=product.unit, name=product.name,
                    have=have))
        for m in moves:
            move(s, actor=actor, product=get_product(s, m.product_id), kind=MoveKind.UNDO,
                 quantity=-m.quantity, on=today, reason=why, donation_id=slip.id,
                 undoes_id=m.id)
        slip.void_reason = why
        s.flush()
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_donation", target_id=slip.id,
               summary=Msg(N_("Voided the donation {number}: {reason}"),
                           args={"number": slip.number, "reason": why}), changed=(SHOP,))
        return _detail(s, actor, slip)


# ------------------------------------------------------------------------ the public notice


@dataclass(frozen=True)
class NoticeDonation:
    on: dt.date
    donor: str  # the name, 匿名 or 爱心人士
    goods: tuple[tuple[str, int, str], ...]  # (name, quantity, unit), accepted only


@dataclass(frozen=True)
class NoticeCount:
    label: str  # the goods, or the hardship
    quantity: int
    unit: str = ""
    times: int = 0  # how many gifts (by hardship)


@dataclass(frozen=True)
class PublicNotice:
    """What the wall notice shows — no recipient's name anywhere."""

    since: dt.date
    until: dt.date
    donations: tuple[NoticeDonation, ...]
    donated: tuple[NoticeCount, ...]  # totals by goods
    gifts_by_goods: tuple[NoticeCount, ...]
    gifts_by_hardship: tuple[NoticeCount, ...]  # label, units given, times = gifts
    redeemed: tuple[NoticeCount, ...]  # goods redeemed for points, by goods
    gifts: int  # how many gifts


def _counts(values: dict[str, int], products: dict[str, ShopProduct]) -> tuple[NoticeCount, ...]:
    return tuple(sorted((NoticeCount(products[pid].name, qty, products[pid].unit)
                         for pid, qty in values.items() if qty > 0),
                        key=lambda c: (-c.quantity, c.label)))


def notice_of(s: Session, since: dt.date, until: dt.date) -> PublicNotice:
    """Session level: the public notice's figures for a period."""
    check_period(since, until)
    products = {p.id: p for p in s.scalars(select(ShopProduct))}
    slips = list(s.scalars(select(ShopDonation).where(
        ShopDonation.received_on >= since, ShopDonation.received_on <= until,
        ShopDonation.void_reason == "").order_by(ShopDonation.received_on,
                                                  ShopDonation.number)))
    lines: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    donated: dict[str, int] = defaultdict(int)
    for line in s.scalars(select(ShopDonationLine).where(
            ShopDonationLine.donation_id.in_([x.id for x in slips]),
            ShopDonationLine.accepted.is_(True)).order_by(ShopDonationLine.change_seq)):
        p = products[line.product_id]
        lines[line.donation_id].append((p.name, line.quantity, p.unit))
        donated[line.product_id] += line.quantity
    donations = tuple(NoticeDonation(x.received_on,
                                     public_donor(x.donor_kind, x.donor_name, x.public),
                                     tuple(lines[x.id])) for x in slips if lines[x.id])
    gifts = {g.id: g for g in s.scalars(select(ShopGift).where(
        ShopGift.on >= since, ShopGift.on <= until, ShopGift.void_reason == ""))}
    by_goods: dict[str, int] = defaultdict(int)
    by_hardship: dict[Hardship, list[int]] = defaultdict(lambda: [0, 0])
    for gid in gifts:
        by_hardship[gifts[gid].hardship][1] += 1
    for m in s.scalars(select(ShopStockMove).where(
            ShopStockMove.gift_id.in_(list(gifts)), ShopStockMove.kind == MoveKind.GIFT)):
        by_goods[m.product_id] += -m.quantity
        by_hardship[gifts[m.gift_id or ""].hardship][0] += -m.quantity
    redeemed: dict[str, int] = defaultdict(int)
    for pid, qty in s.execute(select(ShopSaleLine.product_id, ShopSaleLine.quantity)
                              .join(ShopSale, ShopSale.id == ShopSaleLine.sale_id)
                              .where(ShopSale.on >= since, ShopSale.on <= until,
                                     ShopSale.payment == Payment.POINTS)):
        redeemed[pid] += qty  # an undo's lines are negative
    hardship = tuple(NoticeCount(h.label, units, "", times)
                     for h in Hardship if h in by_hardship
                     for units, times in [by_hardship[h]])
    return PublicNotice(since, until, donations, _counts(donated, products),
                        _counts(by_goods, products), hardship, _counts(redeemed, products),
                        len(gifts))


@reads
def public_notice(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date
                  ) -> PublicNotice:
    """The 公示 of a period: donations received, goods given out and redeemed."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return notice_of(uow.session, since, until)
