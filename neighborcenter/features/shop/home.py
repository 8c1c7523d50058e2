"""The 匠心坊 shop's part of the home page — a card (today's sales and redemptions at the till)
and the 今日 lines for whoever uses the shop: food expired or expiring within the settings' days
still in stock, goods running low, a past day with sales (or gifts, donations, group-buy
payments) not closed (日结), a stock-take (盘点) begun and not finished — and the shop's section
of the resident's 360° page (welfare gifts received and group-buy orders; staff who manage the
shop only).

Each line opens the shop's page on the tab that shows what it counts (ui/page.py's
``show_view``): ``View("shop", {"tab": "goods", "show": "expiring"|"low"})``,
``View("shop", {"tab": "dayclose", "day": "2026-11-30"})``, ``View("shop", {"tab":
"stocktake"})``, and the card ``View("shop", {"tab": "till"})``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from neighborcenter.core.features import DetailSection
from neighborcenter.core.home import HomeCard, HomePart, TodayItem, View
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads
from neighborcenter.features.shop.goods import lots_of, stock_levels
from neighborcenter.features.shop.models import (
    ShopCampaign,
    ShopCampaignItem,
    ShopDayClose,
    ShopDonation,
    ShopGift,
    ShopOrder,
    ShopOrderLine,
    ShopProduct,
    ShopSale,
    ShopStockMove,
    ShopStocktake,
)
from neighborcenter.features.shop.rules import MoveKind, expiring, yuan
from neighborcenter.features.shop.settings import shop_settings
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.uow import UnitOfWork

PAGE = "shop"
#: The names a line lists before it says how many more.
NAMES_SHOWN = 3


def view(tab: str, caption: str = "", **filters: str) -> View:
    return View(PAGE, {"tab": tab, **filters}, caption)


def names_text(names: list[str]) -> str:
    """"大米、食用油、挂面 and 2 more" — a line stays short."""
    shown = _("、").join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    if rest <= 0:
        return shown
    return ngettext("{names} and {n} more", "{names} and {n} more", rest).format(
        names=shown, n=rest)


def day_text(on: dt.date, today: dt.date) -> str:
    if on == today - dt.timedelta(days=1):
        return _("yesterday ({date})").format(date=format_date(on))
    return _("{weekday}, {date}").format(weekday=format_date(on, "EEEE"),
                                         date=format_date(on))


@reads
def home_part(uow: UnitOfWork, *, actor: Actor, today: dt.date | None = None) -> HomePart:
    """The registered ``home``: nothing for a role that does not use the shop."""
    if not actor.can(Permission.USE_SHOP):
        return HomePart()
    today = today or dt.date.today()
    with uow:
        s = uow.session
        sold = int(s.scalar(select(func.count()).select_from(ShopSale).where(
            ShopSale.on == today, ShopSale.undoes_id.is_(None))) or 0)
        # the card is the shop volunteer's, whose home page has no other: the staff's has
        # twelve cards in two rows already, and sees the shop in the 今日 lines
        cards = () if actor.can(Permission.VIEW_REGISTER) else (HomeCard(
            "shop_sales", _("Sales and redemptions at the shop today"), sold,
            view("till", _("The till"))),)
        items = (_expiry(s, today) + _low(s) + _not_closed(s, today) + _stocktakes(s))
        return HomePart(cards, tuple(items))


def _products(s: Session) -> list[ShopProduct]:
    return sorted(s.scalars(select(ShopProduct).where(ShopProduct.archived_at.is_(None))),
                  key=lambda p: p.name)


def _expiry(s: Session, today: dt.date) -> list[TodayItem]:
    days = shop_settings(s).expiry_days
    food = [p for p in _products(s) if p.food]
    lots = lots_of(s, [p.id for p in food])
    expired, soon = [], []
    for p in food:
        near = expiring(lots.get(p.id, []), today, days)
        if any(lot.expires_on is not None and lot.expires_on < today for lot in near):
            expired.append(p.name)
        elif near:
            soon.append(p.name)
    out = []
    if expired:
        out.append(TodayItem("problem", ngettext(
            "{n} food product at the shop has expired goods still in stock: {names} — "
            "write them off (报损)",
            "{n} food products at the shop have expired goods still in stock: {names} — "
            "write them off (报损)", len(expired)).format(n=len(expired),
                                                        names=names_text(expired)),
            view("goods", _("Expired or expiring food"), show="expiring")))
    if soon:
        out.append(TodayItem("review", ngettext(
            "{n} food product at the shop expires within {days} days (临期): {names}",
            "{n} food products at the shop expire within {days} days (临期): {names}",
            len(soon)).format(n=len(soon), days=days, names=names_text(soon)),
            view("goods", _("Expired or expiring food"), show="expiring")))
    return out


def _low(s: Session) -> list[TodayItem]:
    least = shop_settings(s).low_stock
    levels = stock_levels(s)
    low = [p.name for p in _products(s) if levels.get(p.id, 0) < least]
    if not low:
        return []
    return [TodayItem("review", ngettext(
        "{n} product at the shop is running low (fewer than {least}): {names}",
        "{n} products at the shop are running low (fewer than {least}): {names}",
        len(low)).format(n=len(low), least=least, names=names_text(low)),
        view("goods", _("Running low"), show="low"))]


def _days_with_business(s: Session, today: dt.date) -> list[dt.date]:
    """The days before today with anything a day close counts: sales, gifts, donations,
    group-buy payments or refunds."""
    days: Any = union(
        select(ShopSale.on.label("d")).where(ShopSale.on < today),
        select(ShopGift.on.label("d")).where(ShopGift.on < today, ShopGift.void_reason == ""),
        select(ShopDonation.received_on.label("d")).where(ShopDonation.received_on < today,
                                                          ShopDonation.void_reason == ""),
        select(ShopOrder.paid_on.label("d")).where(ShopOrder.paid_on < today),
        select(ShopOrder.cancelled_on.label("d")).where(ShopOrder.cancelled_on < today,
                                                        ShopOrder.refunded_fen > 0))
    found = {d for (d,) in s.execute(select(days.subquery().c.d)) if d is not None}
    closed = set(s.scalars(select(ShopDayClose.on).where(ShopDayClose.archived_at.is_(None),
                                                         ShopDayClose.on.in_(found))))
    return sorted(found - closed, reverse=True)


def _not_closed(s: Session, today: dt.date) -> list[TodayItem]:
    out = []
    for on in _days_with_business(s, today):
        out.append(TodayItem("problem", _("The shop's accounts of {day} are not closed (日结)"
                                          ).format(day=day_text(on, today)),
                             view("dayclose", _("The day close of {date}").format(
                                 date=format_date(on)), day=on.isoformat())))
    return out


def _stocktakes(s: Session) -> list[TodayItem]:
    out = []
    for take in s.scalars(select(ShopStocktake).where(ShopStocktake.finished_at.is_(None),
                                                      ShopStocktake.archived_at.is_(None))
                          .order_by(ShopStocktake.on)):
        out.append(TodayItem("review", _("The shop's stock-take (盘点) begun on {date} is not "
                                         "finished").format(date=format_date(take.on)),
                             view("stocktake", _("The stock-take"))))
    return out


# ------------------------------------------------------------------------ the 360° page


@reads
def shop_section(uow: UnitOfWork, *, actor: Actor, resident_id: str) -> DetailSection | None:
    """The resident's welfare gifts (date, goods, hardship, signed by) and group-buy orders
    (campaign, items, paid, collected) on the 360° page — for the staff who manage the shop
    only; none for a resident who has neither."""
    if not actor.can(Permission.MANAGE_SHOP):
        return None
    with uow:
        s = uow.session
        rows = _gift_rows(s, resident_id) + _order_rows(s, resident_id)
        if not rows:
            return None
        return DetailSection(_("Community shop"), (_("Date"), _("What"), _("Details")),
                             tuple(rows))


def _gift_rows(s: Session, resident_id: str) -> list[tuple[str, str, str]]:
    gifts = list(s.scalars(select(ShopGift).where(ShopGift.resident_id == resident_id,
                                                  ShopGift.archived_at.is_(None))
                           .order_by(ShopGift.on.desc(), ShopGift.number.desc())))
    goods: dict[str, list[str]] = defaultdict(list)
    if gifts:
        for gid, name, qty, unit in s.execute(
                select(ShopStockMove.gift_id, ShopProduct.name, ShopStockMove.quantity,
                       ShopProduct.unit)
                .join(ShopProduct, ShopProduct.id == ShopStockMove.product_id)
                .where(ShopStockMove.gift_id.in_([g.id for g in gifts]),
                       ShopStockMove.kind == MoveKind.GIFT)
                .order_by(ShopStockMove.change_seq)):
            goods[str(gid)].append(f"{name} ×{-qty}{unit}")
    out = []
    for g in gifts:
        what = _("Welfare gift (爱心发放) {number}: {goods}").format(
            number=g.number, goods=_("、").join(goods[g.id]) or "-")
        if g.signed_by:
            signed = _("signed for by {name} ({relation})").format(
                name=g.signed_by, relation=g.signer_relation) if g.signer_relation else \
                _("signed for by {name}").format(name=g.signed_by)
        else:
            signed = _("not signed for yet")
        details = [g.hardship.label, signed]
        if g.reason:
            details.insert(1, g.reason)
        if g.void_reason:
            details.append(_("voided: {reason}").format(reason=g.void_reason))
        out.append((format_date(g.on), what, _("；").join(details)))
    return out


def _order_rows(s: Session, resident_id: str) -> list[tuple[str, str, str]]:
    orders = list(s.execute(select(ShopOrder, ShopCampaign).join(
        ShopCampaign, ShopCampaign.id == ShopOrder.campaign_id).where(
        ShopOrder.resident_id == resident_id, ShopOrder.archived_at.is_(None))
        .order_by(ShopCampaign.collect_on.desc(), ShopOrder.number)))
    items: dict[str, list[str]] = defaultdict(list)
    if orders:
        for oid, name, qty, unit in s.execute(
                select(ShopOrderLine.order_id, ShopCampaignItem.name, ShopOrderLine.quantity,
                       ShopCampaignItem.unit)
                .join(ShopCampaignItem, ShopCampaignItem.id == ShopOrderLine.item_id)
                .where(ShopOrderLine.order_id.in_([o.id for o, _c in orders]),
                       ShopOrderLine.archived_at.is_(None),
                       ShopOrderLine.quantity > 0)  # an item taken off the order: ×0
                .order_by(ShopOrderLine.change_seq)):
            items[oid].append(f"{name} ×{qty}{unit}")
    out = []
    for o, c in orders:
        what = _("Group buy (团购) {campaign}, order {number}: {items}").format(
            campaign=c.name, number=o.number, items=_("、").join(items[o.id]) or "-")
        if o.cancelled_on is not None:
            state = [_("cancelled on {date}: {reason}").format(
                date=format_date(o.cancelled_on), reason=o.cancel_reason)]
            if o.refunded_fen:
                state.append(_("refunded {amount}").format(amount=yuan(o.refunded_fen)))
        else:
            state = [_("paid {amount} on {date}").format(
                amount=yuan(o.paid_fen), date=format_date(o.paid_on))
                if o.paid_on is not None else _("not paid")]
            if o.collected_at is not None:
                state.append(_("collected on {date} by {name}").format(
                    date=format_date(o.collected_at.astimezone().date()),
                    name=o.collected_by or "-"))
            else:
                state.append(_("not collected"))
        out.append((format_date(c.collect_on), what, _("；").join(state)))
    return out
