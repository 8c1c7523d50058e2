"""The 匠心坊 shop's tables: the goods on its four shelves, every stock movement, the till's
sales and their lines, donations received (the intake slip and its lines), welfare gifts to
residents in hardship, the monthly group buy (campaign, items, orders and their lines),
stock-takes and their counts, and the day closes.

Stock is the sum of a product's movements; movements, sales and sale lines are append-only
(triggers refuse UPDATE and DELETE — storage/migrations/sql.py): a mistake is undone by a
mirror-image movement or sale that names what it undoes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from neighborcenter.features.shop.rules import (
    CampaignStatus,
    DonorKind,
    Hardship,
    MoveKind,
    Payment,
    Shelf,
)
from neighborcenter.storage.models import Base, Synced, str_enum


class ShopProduct(Synced, Base):
    """A product on a shelf: its barcode (the maker's, or the shop's own 20… code), unit, cash
    price in fen and/or points price; ``food``: every intake needs its expiry date.
    Retired: archived_at (its history stays)."""

    __tablename__ = "shop_products"
    shelf: Mapped[Shelf] = mapped_column(str_enum(Shelf), index=True)
    name: Mapped[str] = mapped_column(String(60))
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    unit: Mapped[str] = mapped_column(String(10), default="件")
    price_fen: Mapped[int | None] = mapped_column(Integer)
    points: Mapped[int | None] = mapped_column(Integer)
    food: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class ShopStockMove(Synced, Base):
    """One change of a product's stock (append-only): + in, − out. It names what caused it
    (a sale, a donation, a gift, a stock-take) or what it undoes."""

    __tablename__ = "shop_stock_moves"
    product_id: Mapped[str] = mapped_column(ForeignKey("shop_products.id"), index=True)
    kind: Mapped[MoveKind] = mapped_column(str_enum(MoveKind))
    quantity: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)  # food coming in
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column()
    by: Mapped[str] = mapped_column(String(64))  # the account that recorded it
    reason: Mapped[str] = mapped_column(Text, default="")
    sale_id: Mapped[str | None] = mapped_column(ForeignKey("shop_sales.id"), index=True)
    donation_id: Mapped[str | None] = mapped_column(ForeignKey("shop_donations.id"), index=True)
    gift_id: Mapped[str | None] = mapped_column(ForeignKey("shop_gifts.id"), index=True)
    stocktake_id: Mapped[str | None] = mapped_column(ForeignKey("shop_stocktakes.id"))
    undoes_id: Mapped[str | None] = mapped_column(ForeignKey("shop_stock_moves.id"))


class ShopSale(Synced, Base):
    """A sale at the till (append-only), for cash or for a volunteer's points. Undoing it is a
    second sale with the opposite amounts that names it (``undoes_id``) and the reason."""

    __tablename__ = "shop_sales"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # 20261201-003, on the receipt
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column()
    payment: Mapped[Payment] = mapped_column(str_enum(Payment))
    total: Mapped[int] = mapped_column(Integer)  # fen or points; negative on an undo
    received_fen: Mapped[int] = mapped_column(Integer, default=0)
    change_fen: Mapped[int] = mapped_column(Integer, default=0)
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    customer_name: Mapped[str] = mapped_column(String(60), default="")
    points_tx: Mapped[str | None] = mapped_column(String(36))  # the ledger's transaction
    points_left: Mapped[int | None] = mapped_column(Integer)  # the balance after it
    undoes_id: Mapped[str | None] = mapped_column(ForeignKey("shop_sales.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(64))
    request_key: Mapped[str] = mapped_column(String(120), unique=True)


class ShopSaleLine(Synced, Base):
    __tablename__ = "shop_sale_lines"
    sale_id: Mapped[str] = mapped_column(ForeignKey("shop_sales.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("shop_products.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))  # as it was called that day
    quantity: Mapped[int] = mapped_column(Integer)  # negative on an undo
    unit_price: Mapped[int] = mapped_column(Integer)  # fen or points


class ShopDonation(Synced, Base):
    """An intake slip (捐赠接收单): the donor (or anonymous), who received the goods, the
    signatures of both sides. Its accepted lines came into stock; a slip recorded by mistake
    is voided with a reason (its goods go out again by UNDO movements)."""

    __tablename__ = "shop_donations"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # JZ20261201-01
    donor_kind: Mapped[DonorKind] = mapped_column(str_enum(DonorKind))
    donor_name: Mapped[str] = mapped_column(String(100), default="")
    donor_contact: Mapped[str] = mapped_column(String(40), default="")
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    received_by: Mapped[str] = mapped_column(String(60))  # the volunteer or staff member
    donor_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    receiver_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    public: Mapped[bool] = mapped_column(Boolean, default=True)  # the donor's name on the 公示
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    void_reason: Mapped[str] = mapped_column(Text, default="")


class ShopDonationLine(Synced, Base):
    """A line of the slip: what came, how much, its expiry, and the condition check —
    refused goods (expired, damaged) are written down with the reason and never stocked."""

    __tablename__ = "shop_donation_lines"
    donation_id: Mapped[str] = mapped_column(ForeignKey("shop_donations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("shop_products.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    refusal: Mapped[str] = mapped_column(Text, default="")  # why not accepted


class ShopGift(Synced, Base):
    """A welfare gift (爱心发放) to a resident in hardship: why, what (the GIFT movements),
    who signed for it (the resident, or a family member for them). Voided with a reason."""

    __tablename__ = "shop_gifts"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # AX20261201-01
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    hardship: Mapped[Hardship] = mapped_column(str_enum(Hardship))
    reason: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    signed_by: Mapped[str] = mapped_column(String(60), default="")  # "" until signed
    signer_relation: Mapped[str] = mapped_column(String(30), default="")  # 本人, 女儿 …
    recorded_by: Mapped[str] = mapped_column(String(64))
    void_reason: Mapped[str] = mapped_column(Text, default="")


class ShopCampaign(Synced, Base):
    """A month's group buy (倾心铺团购): the supplier, the last day for orders, the day the
    goods are collected."""

    __tablename__ = "shop_campaigns"
    name: Mapped[str] = mapped_column(String(60), unique=True)
    supplier: Mapped[str] = mapped_column(String(100), default="")
    order_by: Mapped[dt.date] = mapped_column(Date)
    collect_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[CampaignStatus] = mapped_column(str_enum(CampaignStatus),
                                                   default=CampaignStatus.OPEN)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))


class ShopCampaignItem(Synced, Base):
    """What the group buy offers, at its price; ``most``: the most one order may take.
    Withdrawn: archived_at."""

    __tablename__ = "shop_campaign_items"
    campaign_id: Mapped[str] = mapped_column(ForeignKey("shop_campaigns.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(10), default="份")
    price_fen: Mapped[int] = mapped_column(Integer)
    most: Mapped[int | None] = mapped_column(Integer)


class ShopOrder(Synced, Base):
    """A resident's group-buy order: paid (when, how much), collected (when, by whom),
    cancelled (why; a paid order is refunded that day)."""

    __tablename__ = "shop_orders"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("shop_campaigns.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in the campaign: the 接龙 number
    resident_id: Mapped[str | None] = mapped_column(ForeignKey("residents.id"), index=True)
    customer_name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40), default="")
    paid_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    collected_at: Mapped[dt.datetime | None] = mapped_column()
    collected_by: Mapped[str] = mapped_column(String(60), default="")  # who took the goods
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by: Mapped[str] = mapped_column(String(64))


class ShopOrderLine(Synced, Base):
    __tablename__ = "shop_order_lines"
    __table_args__ = (UniqueConstraint("order_id", "item_id"),)
    order_id: Mapped[str] = mapped_column(ForeignKey("shop_orders.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("shop_campaign_items.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)


class ShopStocktake(Synced, Base):
    """A stock-take (盘点): started, counted shelf by shelf, finished — the variances become
    ADJUST movements then."""

    __tablename__ = "shop_stocktakes"
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    started_by: Mapped[str] = mapped_column(String(64))
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    finished_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")


class ShopStocktakeCount(Synced, Base):
    __tablename__ = "shop_stocktake_counts"
    __table_args__ = (UniqueConstraint("stocktake_id", "product_id"),)
    stocktake_id: Mapped[str] = mapped_column(ForeignKey("shop_stocktakes.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("shop_products.id"), index=True)
    expected: Mapped[int] = mapped_column(Integer)  # the books when counted
    counted: Mapped[int | None] = mapped_column(Integer)  # None: not counted yet
    note: Mapped[str] = mapped_column(Text, default="")
    counted_by: Mapped[str] = mapped_column(String(60), default="")


class ShopDayClose(Synced, Base):
    """日结: the cash expected (the float + cash sales + group-buy payments) against the cash
    counted, the points redeemed, gifts and donations — and the note that explains a
    difference. Reopened by staff: archived_at, and a new close is made."""

    __tablename__ = "shop_day_closes"
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    opening_fen: Mapped[int] = mapped_column(Integer)
    sales_fen: Mapped[int] = mapped_column(Integer)
    group_buy_fen: Mapped[int] = mapped_column(Integer)
    counted_fen: Mapped[int] = mapped_column(Integer)
    points_redeemed: Mapped[int] = mapped_column(Integer)
    sales: Mapped[int] = mapped_column(Integer)  # how many sales and redemptions
    gifts: Mapped[int] = mapped_column(Integer)
    donations: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[dt.datetime] = mapped_column()
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
