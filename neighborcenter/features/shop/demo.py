"""The 匠心坊 shop's part of the demo centre (after the register's and the volunteers' demos):
a year of a community shop up to today. The shop opens three days a week (周二、周四、周六,
``OPEN_WEEKDAYS``), as a shop run by retired volunteers does.

- **Goods** on the four shelves: daily goods for cash (真心铺) and the group buy's staples
  (倾心铺) with makers' EAN-13 barcodes (Chinese 69… prefixes, right check digits), donated
  goods (善心铺), goods for points (爱心铺), and a few home-made things with the shop's own
  in-store codes (20…). Bought in on the first day, and again (补货) when the shelf runs low,
  food with the expiry date of its shelf life; milk and eggs bought again a few days ago
  expire within the week, so the home page has 临期 lines.
- **Donations** a few times a month from companies (supermarkets, a grain-and-oil company, a
  bank's branch, a soy-sauce brewery), residents (named on the 公示 only when they ticked it)
  and anonymous donors, each an intake slip; now and then a line refused at the condition
  check (expired, damaged) and never stocked.
- **Sales** on every open day: cash sales with change, and the demo volunteers' redemptions of
  their points by their volunteer numbers, spread over the year so that no balance goes below
  zero (what the volunteers' demo gave them is spent over the year, not in its first month);
  about one sale a month undone.
- **Welfare gifts** (爱心发放) around the festivals — 元旦 and 春节 (the weeks before 除夕),
  端午, 七一 (困难党员), 中秋, 重阳 and 冬季送温暖 — to residents of the demo register with a
  hardship tag (低保, 残疾, 独居老人), each with the reason and signed for by the recipient or a
  family member; the register is never added to.
- **The group buy** (接龙) every month with the season's goods (年货, 春笋, 杨梅, 粽子, 大闸蟹,
  脐橙…): orders from residents of the register and walk-ins, paid, collected when the goods
  arrived (the unpaid cancelled), closed — and this month's, taking orders: most paid, one
  cancelled and refunded today.
- **A stock-take** (盘点) each quarter, shelf by shelf, the last with one bag short (an
  adjustment explained by its note).
- **Day closes** (日结) of every open day but the last two (the staff have them still to do: the
  home page says so): the cash counted as expected, but twice in the year a few jiao short
  with the note that explains it. Today is open, with a few sales.

Everything goes through the shop's services (goods, till, donations, gifts, groupbuy,
stocktake, dayclose, with ``on=``/``today=``) in one unit of work — each call a savepoint
(``Savepoints``), so a refusal rolls back that call only — so the points ledger, the stock book
and the day closes stay consistent: each day's business is written before that day is closed.
The builder keeps its own count of the stock and of the day's cash (a read of the stock book
per basket would cost more than the sales); a refusal all the same (not enough stock) reads the
stock book again and goes on. Same seed and same day → the same shop."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from sqlalchemy import func, select

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.register.registry import current_tags, living_here, resident_names
from neighborcenter.features.shop import (
    SHOP,
    dayclose,
    donations,
    gifts,
    goods,
    groupbuy,
    stocktake,
    till,
)
from neighborcenter.features.shop.models import (
    ShopProduct,
)
from neighborcenter.features.shop.rules import (
    CampaignStatus,
    DonorKind,
    Hardship,
    Payment,
    Shelf,
    ean_check_digit,
)
from neighborcenter.features.shop.settings import shop_settings
from neighborcenter.features.visits.rules.lunar import Festival, festivals_between
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import VolunteerStatus
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import Savepoints, UnitOfWork

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre

#: The shop's history starts this many days before the demo's day: a year.
DAYS = 365
#: The days of the week the shop opens (Monday is 0): Tuesday, Thursday and Saturday.
OPEN_WEEKDAYS = frozenset({1, 3, 5})
#: The last open days before today not closed yet (the staff have them still to do).
NOT_CLOSED = 2
#: The register's hardship tags → the reason of a welfare gift.
HARDSHIP_TAGS = {"minimum_living": Hardship.SUBSISTENCE, "disability": Hardship.DISABLED,
                 "living_alone": Hardship.ELDERLY_ALONE}
#: The days the drawer was short (open days counted back from the last closed one), the
#: amount in fen and the note that explains it.
SHORT_DAYS = ((6, 50, "找零时多找了5角，已跟顾客核实"),
              (120, 100, "一元硬币掉进柜台缝里，已取出放回备用金袋"))
SHORT_FEN = 50  # the most recent of them
SHORT_NOTE = SHORT_DAYS[0][2]
#: A redemption is made only while the volunteers' points spent so far stay under this share
#: of what they had, pro rata of the year gone by (the rest stays for today and after).
POINTS_SHARE = 0.6


@dataclass(frozen=True)
class _Goods:
    shelf: Shelf
    name: str
    maker: str  # 12 digits of a maker's EAN-13 (the check digit is worked out); "" own code
    unit: str
    price: str
    points: str
    food: bool
    stock: int  # bought in on the first day and again when low (0: comes by donation only)
    keeps: int | None = None  # food: its shelf life in days from the day it comes in


GOODS = (
    _Goods(Shelf.DAILY, "金龙鱼大豆油 5L", "692145736017", "桶", "62.90", "", True, 12, 540),
    _Goods(Shelf.DAILY, "五得利面粉 5kg", "690650210012", "袋", "22.50", "", True, 12, 270),
    _Goods(Shelf.DAILY, "陈克明挂面 1kg", "693500270140", "包", "8.80", "", True, 20, 360),
    _Goods(Shelf.DAILY, "光明纯牛奶 250ml×12", "690115506021", "箱", "39.90", "", True, 8, 120),
    _Goods(Shelf.DAILY, "海天酱油 500ml", "690327400035", "瓶", "9.90", "", True, 20, 540),
    _Goods(Shelf.DAILY, "土鸡蛋 30枚", "", "盒", "24.00", "", True, 8, 40),
    _Goods(Shelf.DAILY, "白猫洗洁精 500g", "690197302118", "瓶", "6.50", "", False, 20),
    _Goods(Shelf.DAILY, "维达卫生纸 10卷", "690178857119", "提", "15.90", "", False, 20),
    _Goods(Shelf.DAILY, "上海药皂", "690196800026", "块", "3.50", "", False, 30),
    _Goods(Shelf.GROUP, "五常大米 10kg", "697051823604", "袋", "59.90", "", True, 10, 365),
    _Goods(Shelf.GROUP, "赣南脐橙 5kg", "", "箱", "45.00", "", True, 6, 45),
    _Goods(Shelf.DONATED, "康师傅红烧牛肉面 5连包", "690457101301", "包", "5.00", "20",
           True, 0, 180),
    _Goods(Shelf.DONATED, "中华牙膏 120g", "690348902018", "支", "", "15", False, 0),
    _Goods(Shelf.DONATED, "纯棉毛巾", "", "条", "", "20", False, 0),
    _Goods(Shelf.DONATED, "苏打饼干 400g", "690184100105", "盒", "6.00", "25", True, 0, 270),
    _Goods(Shelf.POINTS, "大米 5kg", "690123456789", "袋", "", "120", True, 20, 365),
    _Goods(Shelf.POINTS, "食用油 1.8L", "693612340017", "桶", "", "80", True, 16, 540),
    _Goods(Shelf.POINTS, "立白洗衣液 2kg", "690285300252", "瓶", "", "60", False, 12),
    _Goods(Shelf.POINTS, "保温杯", "694713750029", "个", "", "150", False, 6),
    _Goods(Shelf.POINTS, "晴雨伞", "", "把", "", "100", False, 6),
    _Goods(Shelf.POINTS, "手工布袋", "", "个", "", "30", False, 10),
)
#: bought in again a few open days before today: food that expires within the week
#: (name, quantity, expires in days after the demo's day)
RESTOCK = (("光明纯牛奶 250ml×12", 12, 4), ("土鸡蛋 30枚", 12, 2))

#: Donors: (kind, name, contact, public — a person is named on the 公示 only if they ticked
#: it, what they give: (goods name, quantity)). A slip takes one to three of the goods.
DONORS = (
    (DonorKind.COMPANY, "爱山联华超市", "0572-2012345", True,
     (("康师傅红烧牛肉面 5连包", 30), ("苏打饼干 400g", 20), ("中华牙膏 120g", 20))),
    (DonorKind.COMPANY, "湖州丰收粮油有限公司", "0572-2298765", True,
     (("大米 5kg", 20), ("食用油 1.8L", 10))),
    (DonorKind.COMPANY, "浙北大厦超市", "0572-2056789", True,
     (("纯棉毛巾", 20), ("中华牙膏 120g", 20), ("苏打饼干 400g", 12))),
    (DonorKind.COMPANY, "湖州银行爱山支行", "0572-2161616", True,
     (("大米 5kg", 10), ("纯棉毛巾", 20))),
    (DonorKind.PERSON, "王建华", "13905721234", False,
     (("纯棉毛巾", 10), ("中华牙膏 120g", 10))),
    (DonorKind.PERSON, "沈国强", "13857209876", True,
     (("康师傅红烧牛肉面 5连包", 10), ("苏打饼干 400g", 6))),
    (DonorKind.PERSON, "钱美琴", "", False, (("纯棉毛巾", 6),)),
    (DonorKind.ANONYMOUS, "", "", True, (("中华牙膏 120g", 10), ("纯棉毛巾", 10))),
)
DONATIONS_A_MONTH = 3
#: a line refused at the condition check: food past its date, other goods damaged
REFUSALS = (("已过期，退回捐赠方", True), ("外包装破损受潮，退回捐赠方", False))

GIFT_GOODS = (("大米 5kg", 1), ("食用油 1.8L", 1), ("纯棉毛巾", 2), ("中华牙膏 120g", 2),
              ("康师傅红烧牛肉面 5连包", 2))
#: The gift rounds of the year: (the festival or a fixed day, the reason, how many gifts, only
#: these hardships or all). Gifts are given on the open days of the ten days before.
GIFT_ROUNDS = (
    (Festival.NEW_YEARS_EVE, "春节慰问", 8, None),
    (Festival.DRAGON_BOAT, "端午节慰问", 4, None),
    ((7, 1), "七一走访慰问困难党员", 3, None),
    (Festival.MID_AUTUMN, "中秋节慰问", 6, None),
    (Festival.DOUBLE_NINTH, "重阳节敬老慰问", 5, (Hardship.ELDERLY_ALONE,)),
    ((12, 20), "冬季送温暖", 5, None),
    ((1, 1), "元旦慰问", 3, None),
)
SIGNERS = ("女儿", "儿子", "老伴", "儿媳")

#: The group buy's goods by the month they arrive: (name, unit, price in fen, most or None)
SEASON = {
    1: (("湖州千张包 10只", "袋", 2800, None), ("腊肉 500g", "袋", 3900, 2),
        ("五常大米 10kg", "袋", 5990, 2)),
    2: (("宁波汤圆 1kg", "袋", 2200, None), ("坚果礼盒", "盒", 9800, 1),
        ("五常大米 10kg", "袋", 5990, 2)),
    3: (("安吉春笋 5斤", "箱", 3500, None), ("土鸡蛋 30枚", "盒", 3600, None)),
    4: (("明前龙井 100g", "罐", 12800, 1), ("安吉春笋 5斤", "箱", 3500, None),
        ("土鸡蛋 30枚", "盒", 3600, None)),
    5: (("湖州粽子 10只", "袋", 4500, None), ("五常大米 10kg", "袋", 5990, 2)),
    6: (("长兴杨梅 3斤", "箱", 6800, 2), ("湖州粽子 10只", "袋", 4500, None)),
    7: (("南浔西瓜 1个", "个", 2500, 2), ("土鸡蛋 30枚", "盒", 3600, None)),
    8: (("水蜜桃 5斤", "箱", 5800, 2), ("五常大米 10kg", "袋", 5990, 2)),
    9: (("太湖大闸蟹 8只", "盒", 19800, 1), ("湖州月饼礼盒", "盒", 8800, 2)),
    10: (("太湖大闸蟹 8只", "盒", 19800, 1), ("新米 10kg", "袋", 6500, 2)),
    11: (("赣南脐橙 5kg", "箱", 4500, 3), ("五常大米 10kg", "袋", 5990, 2),
         ("土鸡蛋 30枚", "盒", 3600, None)),
    12: (("赣南脐橙 5kg", "箱", 4500, 3), ("五常大米 10kg", "袋", 5990, 2),
         ("土鸡蛋 30枚", "盒", 3600, None)),
}
SUPPLIERS = ("湖州果蔬合作社", "吴兴区农产品配送中心")
ORDERS = 5  # about this many orders a month (接龙)
#: how many cash sales and redemptions an open day has (at least, at most): a small shop —
#: and a demo that loads in seconds (each sale is a unit of work of the till's)
CASH_SALES = (1, 3)
REDEMPTIONS = (0, 1)
WALK_INS = (("张阿姨", "13905720101"), ("刘师傅", "13757201234"), ("孙大姐", "13587201122"))
CANCEL_REASON = "家里有事，改下月再买"
UNDO_REASONS = ("顾客拿错了商品，退回", "扫码扫了两次，撤销重收", "顾客改用积分兑换，现金退回")


def ean13(twelve: str) -> str:
    return twelve + str(ean_check_digit(twelve))


@dataclass(frozen=True)
class DemoSummary:
    products: int
    donations: int
    refused_lines: int
    sales: int  # for cash
    redemptions: int
    points_redeemed: int
    undone: int
    gifts: int
    orders: int
    stocktakes: int
    closed_days: int

    def describe(self, path: object) -> str:
        return _("Community shop: {products} products; {donations} donations ({refused} lines "
                 "refused); {sales} cash sales and {redemptions} redemptions for {points} "
                 "points, {undone} undone; {gifts} welfare gifts; {orders} group-buy orders; "
                 "{stocktakes} stock-take; {closed} days closed.").format(
            products=self.products, donations=self.donations, refused=self.refused_lines,
            sales=self.sales, redemptions=self.redemptions, points=self.points_redeemed,
            undone=self.undone, gifts=self.gifts, orders=self.orders,
            stocktakes=self.stocktakes, closed=self.closed_days)


def load_demo_data(centre: Centre, *, actor: Actor, residents: int = DEFAULT_RESIDENTS,
                   seed: int = 1, today: dt.date | None = None) -> DemoSummary:
    """Add the shop to a centre that has no goods yet (after the register's and the
    volunteers' demos): one unit of work."""
    for need in (Permission.MANAGE_SHOP, Permission.USE_SHOP, Permission.VIEW_VOLUNTEERS):
        actor.require(need)
    return _load(centre, actor=actor, seed=seed, today=today or dt.date.today())


@writes
def _load(uow: UnitOfWork, *, actor: Actor, seed: int, today: dt.date) -> DemoSummary:
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(ShopProduct)):
            raise ValidationError(_("This database already has goods in the shop; the demo "
                                    "shop goes only into a centre without any."))
        summary = _Builder(uow, actor, seed, today).fill()
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} products in the shop, {sales} sales, "
                              "{days} days closed"),
                           args={"n": summary.products,
                                 "sales": summary.sales + summary.redemptions,
                                 "days": summary.closed_days}),
               detail={"products": summary.products, "seed": seed,
                       "today": today.isoformat()},
               changed=(SHOP, "points"))
        return summary


@dataclass
class _Campaign:
    id: str
    items: list[str]
    opens: dt.date
    order_by: dt.date
    collect_on: dt.date
    orders: list[str] = field(default_factory=list)
    paid: list[str] = field(default_factory=list)
    buyers: set[str] = field(default_factory=set)  # each orders once (接龙)
    current: bool = False  # this month's: still taking orders


@dataclass
class _Card:
    number: str
    points: int


class _Builder:
    def __init__(self, uow: UnitOfWork, actor: Actor, seed: int, today: dt.date) -> None:
        self.s, self.actor, self.today = uow.session, actor, today
        self.batch = cast("Centre", Savepoints(uow))
        self.rng = random.Random(seed)
        self.first = today - dt.timedelta(days=DAYS)
        self.ids: dict[str, str] = {}
        self.goods_of: dict[str, _Goods] = {g.name: g for g in GOODS}
        self.stock: dict[str, int] = {}  # name → what the stock book says (kept as we go)
        self.cash: dict[dt.date, int] = {}  # the day's cash sales and group-buy money, fen
        self.keys = 0
        self._opening: int | None = None
        self.counts = dict(sales=0, redemptions=0, points=0, undone=0, gifts=0, orders=0,
                           closed=0, refused=0, donations=0, stocktakes=0)

    def key(self, on: dt.date) -> str:
        self.keys += 1
        return f"demo:{on.isoformat()}:{self.keys}"

    def open_days(self) -> list[dt.date]:
        days = (self.first + dt.timedelta(days=n) for n in range(DAYS))
        return [d for d in days if d.weekday() in OPEN_WEEKDAYS]

    def fill(self) -> DemoSummary:
        self.goods()
        cards = self.cards()
        days = self.open_days()
        to_close = days[:-NOT_CLOSED] if NOT_CLOSED else days
        short = {to_close[-n]: (fen, note) for n, fen, note in SHORT_DAYS if n <= len(to_close)}
        hardship = self.hardship_residents()
        gifts_on = self.gift_days(days, hardship)
        given = self.donation_days(days)
        takes = {days[min(len(days) - 1, (len(days) * q) // 4)]: shelf for q, shelf in
                 ((1, Shelf.DONATED), (2, Shelf.DAILY), (3, Shelf.GROUP), (4, Shelf.POINTS))}
        undo_days = set(self.rng.sample(days[:-1], min(12, len(days) - 1)))
        campaigns = self.campaigns(days)
        buyers = self.buyers()
        points_to_spend = POINTS_SHARE * sum(c.points for c in cards)
        for n, on in enumerate(days):
            self.cash[on] = 0
            self.restock(on)
            for donor in given.get(on, ()):
                self.donation(on, donor)
            for who, reason in gifts_on.get(on, ()):
                self.gift(on, who, reason)
            self.group_buy(on, campaigns, buyers)
            if on == days[-3]:
                for name, quantity, expires in RESTOCK:
                    self.receive(on, name, quantity, self.today + dt.timedelta(days=expires),
                                 "补货")
            if on in takes:
                self.stocktake(on, takes[on], last=on == max(takes))
            allowance = points_to_spend * (n + 1) / len(days) - self.counts["points"]
            self.sales(on, cards, self.rng.randint(*CASH_SALES), self.rng.randint(*REDEMPTIONS),
                       allowance)
            if on in undo_days:
                self.undo(on)
            if on in to_close:
                fen, note = short.get(on, (0, ""))
                self.close(on, short_fen=fen, note=note)
        # today: open, a few sales so far, and an order of this month's cancelled (refunded)
        self.cash[self.today] = 0
        self.sales(self.today, cards, 2, 1, points_to_spend)
        self.cancel_one(campaigns[-1])
        c = self.counts
        return DemoSummary(len(GOODS), c["donations"], c["refused"], c["sales"],
                           c["redemptions"], c["points"], c["undone"], c["gifts"],
                           c["orders"], c["stocktakes"], c["closed"])

    # ------------------------------------------------------------------------ the goods

    def goods(self) -> None:
        for g in GOODS:
            pid = goods.save_product(self.batch, actor=self.actor, form=goods.ProductForm(
                shelf=g.shelf, name=g.name, barcode=ean13(g.maker) if g.maker else "",
                unit=g.unit, price=g.price, points=g.points, food=g.food))
            self.ids[g.name] = pid
            self.stock[g.name] = 0
            if g.stock:
                self.receive(self.first, g.name, g.stock, None, "开业进货")

    def receive(self, on: dt.date, name: str, quantity: int, expires: dt.date | None,
                note: str) -> None:
        g = self.goods_of[name]
        if expires is None and g.keeps is not None:
            expires = on + dt.timedelta(days=g.keeps)
        goods.receive_goods(self.batch, actor=self.actor, product_id=self.ids[name],
                            quantity=quantity, on=on, note=note,
                            expires_on=expires.isoformat() if expires else None)
        self.stock[name] += quantity

    def restock(self, on: dt.date) -> None:
        """补货: what the shop buys (not the donated shelf) comes in again when it runs low."""
        for g in GOODS:
            if g.stock and self.stock[g.name] <= g.stock // 4:
                self.receive(on, g.name, g.stock - self.stock[g.name], None, "补货")

    def resync(self) -> None:
        """A refusal all the same: read the stock book again."""
        for name, pid in self.ids.items():
            self.stock[name] = goods.stock_of(self.s, pid)

    def cards(self) -> list[_Card]:
        """The active demo volunteers with points, by their numbers (the volunteers' demo
        left them their balances)."""
        rows = people.list_volunteers(self.batch, actor=self.actor, today=self.today)
        return [_Card(v.number, v.points) for v in rows
                if v.status == VolunteerStatus.ACTIVE and v.points > 0]

    def hardship_residents(self) -> list[tuple[str, str, Hardship]]:
        """(resident id, name, hardship) of the register's residents living here with a
        hardship tag, shuffled by the seed."""
        tags = current_tags(self.s, self.today)
        here = living_here(self.s, list(tags))
        found = []
        for rid in sorted(here):
            for code, hardship in HARDSHIP_TAGS.items():
                if code in tags[rid]:
                    found.append((rid, hardship))
                    break
        names = resident_names(self.s, [rid for rid, _h in found])
        out = [(rid, names[rid], h) for rid, h in found]
        self.rng.shuffle(out)
        return out

    # ------------------------------------------------------------------------ donations

    def donation_days(self, days: list[dt.date]) -> dict[dt.date, list[tuple]]:
        """A few donations a month, on open days, from the donors in turn (the seed picks)."""
        by_month: dict[tuple[int, int], list[dt.date]] = {}
        for d in days[:-1]:
            by_month.setdefault((d.year, d.month), []).append(d)
        out: dict[dt.date, list[tuple]] = {}
        for month_days in by_month.values():
            n = min(len(month_days), self.rng.randint(DONATIONS_A_MONTH - 1,
                                                      DONATIONS_A_MONTH + 1))
            for d in sorted(self.rng.sample(month_days, n)):
                out.setdefault(d, []).append(self.rng.choice(DONORS))
        return out

    def donation(self, on: dt.date, donor: tuple) -> None:
        kind, name, contact, public, offers = donor
        r = self.rng
        chosen = r.sample(offers, r.randint(1, len(offers)))
        lines = []
        for product, quantity in chosen:
            g = self.goods_of[product]
            keeps = g.keeps if g.keeps is not None else None
            lines.append(donations.DonationLineForm(
                product_id=self.ids[product], quantity=quantity,
                expires_on=(on + dt.timedelta(days=keeps // 2)).isoformat()
                if keeps is not None else None))
        if r.random() < 0.12:  # a line found unusable at the condition check
            product, quantity = r.choice(chosen)
            g = self.goods_of[product]
            reason, _expired = REFUSALS[0] if g.food else REFUSALS[1]
            lines.append(donations.DonationLineForm(
                product_id=self.ids[product], quantity=max(2, quantity // 5),
                expires_on=(on - dt.timedelta(days=3)).isoformat() if g.food else None,
                accepted=False, refusal=reason))
        form = donations.DonationForm(
            donor_kind=kind, donor_name=name, donor_contact=contact, received_on=on,
            received_by="陈阿姨", donor_signed=kind != DonorKind.ANONYMOUS,
            receiver_signed=True, public=public, lines=lines)
        slip = donations.record_donation(self.batch, actor=self.actor, form=form,
                                         today=self.today)
        self.counts["donations"] += 1
        self.counts["refused"] += len(slip.refused)
        for product, quantity in chosen:
            self.stock[product] += quantity

    # ---------------------------------------------------------------------------- gifts

    def gift_days(self, days: list[dt.date], hardship: list[tuple[str, str, Hardship]]
                  ) -> dict[dt.date, list[tuple[tuple[str, str, Hardship], str]]]:
        """The gift rounds of the year on the open days before each festival, each round to
        residents in hardship in turn (a resident may have a gift in several rounds)."""
        rounds: list[tuple[dt.date, str, int, tuple | None]] = []
        for when, reason, n, only in GIFT_ROUNDS:
            if isinstance(when, Festival):
                dates = [d for f, d in festivals_between(self.first, self.today) if f == when]
            else:
                month, day = when
                dates = sorted({dt.date(y, month, day)
                                for y in (self.first.year, self.today.year)})
            rounds += [(d, reason, n, only) for d in dates if self.first < d < self.today]
        out: dict[dt.date, list] = {}
        turn = 0
        for on, reason, n, only in sorted(rounds, key=lambda x: x[0]):
            before = [d for d in days[:-1] if on - dt.timedelta(days=10) <= d <= on]
            who = [h for h in hardship if only is None or h[2] in only]
            if not before or not who:
                continue
            for i in range(n):
                person = who[(turn + i) % len(who)]
                out.setdefault(self.rng.choice(before), []).append((person, reason))
            turn += n
        return out

    def gift(self, on: dt.date, who: tuple[str, str, Hardship], reason: str) -> None:
        r = self.rng
        rid, name, hardship = who
        wanted = r.sample(GIFT_GOODS, 2)
        if any(self.stock[g] < q for g, q in wanted):
            return  # not on the shelf that day: no gift (never below zero)
        himself = r.random() < 0.6
        gifts.give_gift(self.batch, actor=self.actor, resident_id=rid, hardship=hardship,
                        reason=reason, items=[(self.ids[g], q) for g, q in wanted],
                        signed_by=name if himself else f"{name[0]}{r.choice('丽静军伟')}",
                        signer_relation="本人" if himself else r.choice(SIGNERS), on=on,
                        today=self.today)
        for g, q in wanted:
            self.stock[g] -= q
        self.counts["gifts"] += 1

    # ------------------------------------------------------------------------ group buy

    def campaigns(self, days: list[dt.date]) -> list[_Campaign]:
        """A group buy a month: orders for ten days, the goods collected four days after;
        the last, this month's, opened six days ago and takes orders until three days from
        now."""
        today = self.today
        starts = [today - dt.timedelta(days=6 + 30 * k) for k in range(12)]
        starts = sorted(d for d in starts if d >= self.first + dt.timedelta(days=2))
        names: set[str] = set()
        out = []
        for n, opens in enumerate(starts):
            current = n == len(starts) - 1
            if current:
                order_by, collect_on = today + dt.timedelta(days=3), today + dt.timedelta(days=7)
            else:
                order_by = opens + dt.timedelta(days=10)
                collect_on = min((d for d in days if d >= opens + dt.timedelta(days=14)),
                                 default=opens + dt.timedelta(days=14))
            name = f"{collect_on.year}年{collect_on.month}月团购"
            if name in names:
                name += "（第二期）"
            names.add(name)
            cid = groupbuy.save_campaign(self.batch, actor=self.actor, form=groupbuy.CampaignForm(
                name=name, supplier=SUPPLIERS[n % len(SUPPLIERS)],
                order_by=order_by.isoformat(), collect_on=collect_on.isoformat(),
                notes="接龙下单，到货后通知取货"))
            items = [groupbuy.save_item(self.batch, actor=self.actor, form=groupbuy.ItemForm(
                campaign_id=cid, name=item, unit=unit, price=f"{price / 100:.2f}",
                most="" if most is None else str(most)))
                for item, unit, price, most in SEASON[collect_on.month]]
            out.append(_Campaign(cid, items, opens, order_by, collect_on, current=current))
        return out

    def buyers(self) -> list[tuple[str | None, str, str]]:
        """(resident id or None, name, phone) of those who order: residents of the register
        (chosen from it, their name copied) and the walk-ins."""
        here = sorted(living_here(self.s))
        chosen = self.rng.sample(here, min(3 * ORDERS, len(here)))
        out: list[tuple[str | None, str, str]] = [(rid, "", "") for rid in chosen]
        return out + [(None, name, phone) for name, phone in WALK_INS]

    def group_buy(self, on: dt.date, campaigns: list[_Campaign],
                  buyers: list[tuple[str | None, str, str]]) -> None:
        r = self.rng
        for c in campaigns:
            if c.opens <= on <= c.order_by:
                for rid, name, phone in r.sample(buyers, r.randint(1, 2)):
                    if (rid or name) in c.buyers or len(c.buyers) >= ORDERS + 1:
                        continue
                    c.buyers.add(rid or name)
                    row = groupbuy.place_order(
                        self.batch, actor=self.actor, campaign_id=c.id, resident_id=rid,
                        name=name, phone=phone, on=on,
                        lines={item: 1 for item in r.sample(c.items, r.randint(1, 2))})
                    c.orders.append(row.id)
                    self.counts["orders"] += 1
                    if r.random() < 0.8:  # most pay when they order
                        self.cash[on] += groupbuy.mark_paid(
                            self.batch, actor=self.actor, order_id=row.id, on=on).paid_fen
                        c.paid.append(row.id)
            if on == c.collect_on and c.orders and not c.current:
                self.collect(on, c)

    def collect(self, on: dt.date, c: _Campaign) -> None:
        """The goods arrived: the paid orders collected, the rest cancelled, closed."""
        r = self.rng
        for status in (CampaignStatus.ORDERED, CampaignStatus.ARRIVED):
            groupbuy.set_status(self.batch, actor=self.actor, campaign_id=c.id, status=status)
        when = dt.datetime.combine(on, dt.time(15, 30)).astimezone()
        for oid in c.orders:
            if oid in c.paid:
                groupbuy.mark_collected(self.batch, actor=self.actor, order_id=oid,
                                        by=r.choice(("本人", "女儿代取", "邻居代取")), now=when)
            else:
                groupbuy.cancel_order(self.batch, actor=self.actor, order_id=oid,
                                      reason="未付款，未取货", on=on)
        groupbuy.set_status(self.batch, actor=self.actor, campaign_id=c.id,
                            status=CampaignStatus.CLOSED)

    def cancel_one(self, this: _Campaign) -> None:
        """Today a customer of this month's group buy cancels a paid order: refunded."""
        if this.paid:
            groupbuy.cancel_order(self.batch, actor=self.actor, order_id=this.paid[-1],
                                  reason=CANCEL_REASON, on=self.today)

    # ------------------------------------------------------------------------ stock-take

    def stocktake(self, on: dt.date, shelf: Shelf, *, last: bool) -> None:
        """A quarter's stock-take of one shelf: everything as the book says — but the last
        finds one bag short."""
        self.resync()  # counted against the book: the count kept here must be the book's
        take = stocktake.start_stocktake(self.batch, actor=self.actor, on=on, shelf=shelf)
        short = "手工布袋" if last and self.stock["手工布袋"] else None
        for g in GOODS:
            if g.shelf != shelf:
                continue
            book = self.stock[g.name]
            counted = book - 1 if g.name == short else book
            stocktake.record_count(self.batch, actor=self.actor, stocktake_id=take,
                                   product_id=self.ids[g.name], counted=str(counted),
                                   counted_by="陈阿姨", note="少1个" if counted != book else "")
            self.stock[g.name] = counted
        stocktake.finish_stocktake(self.batch, actor=self.actor, stocktake_id=take,
                                   note="手工布袋少1个，可能发放时未登记" if short else "账物相符",
                                   on=on)
        self.counts["stocktakes"] += 1

    # ---------------------------------------------------------------------------- sales

    def sales(self, on: dt.date, cards: list[_Card], cash: int, points: int,
              allowance: float) -> None:
        r = self.rng
        for_cash = [g for g in GOODS if g.price]
        for_points = [g for g in GOODS if g.points]
        for _n in range(cash):
            basket = [(g, r.randint(1, 2)) for g in r.sample(for_cash, r.choice((1, 1, 2)))]
            basket = [(g, q) for g, q in basket if self.stock[g.name] >= q]
            if not basket:
                continue
            total = sum(int(round(float(g.price) * 100)) * q for g, q in basket)
            received = "" if r.random() < 0.4 else str(-(-total // 5000) * 50)
            if self.checkout(on, [(g, q) for g, q in basket], Payment.CASH,
                             received=received) is not None:
                self.cash[on] += total
                self.counts["sales"] += 1
        for _n in range(points):
            g = r.choice(for_points)
            price = int(g.points)
            rich = [c for c in cards if c.points >= price]
            if not rich or price > allowance or self.stock[g.name] < 1:
                continue  # never more than the volunteer has, nor than the shelf holds
            card = r.choice(rich)
            done = self.checkout(on, [(g, 1)], Payment.POINTS, card=card.number)
            if done is None:
                continue
            card.points = done.points_left or 0
            allowance -= done.total
            self.counts["redemptions"] += 1
            self.counts["points"] += done.total

    def checkout(self, on: dt.date, basket: list[tuple[_Goods, int]], payment: Payment,
                 **kw):
        try:
            done = till.checkout(self.batch, actor=self.actor,
                                 items=[(self.ids[g.name], q) for g, q in basket],
                                 payment=payment, request_key=self.key(on), on=on, **kw)
        except ValidationError:  # the stock as kept here was wrong: read it, go on
            self.resync()
            return None
        for g, q in basket:
            self.stock[g.name] -= q
        return done

    def undo(self, on: dt.date) -> None:
        """The day's last sale undone (a visible reversing sale)."""
        sale = till.last_sale(self.batch, actor=self.actor, on=on)
        if sale is None or sale.payment != Payment.CASH:
            return
        try:
            till.undo_sale(self.batch, actor=self.actor, sale_id=sale.id,
                           reason=self.rng.choice(UNDO_REASONS), on=on)
        except (ValidationError, NotFound):
            return
        self.cash[on] -= sale.total
        self.resync()
        self.counts["undone"] += 1

    def close(self, on: dt.date, *, short_fen: int, note: str) -> None:
        """日结: the cash as the day's sales and group-buy money say (kept as we went); a
        count that does not agree after all (a rounding here) is asked of the books."""
        opening = self.opening_fen()
        counted = opening + self.cash[on] - short_fen
        try:
            dayclose.close_day(self.batch, actor=self.actor, counted=f"{counted / 100:.2f}",
                               note=note, on=on, today=self.today)
        except ValidationError:
            summary = dayclose.day_summary(self.batch, actor=self.actor, on=on)
            counted = summary.cash.expected_fen - short_fen
            dayclose.close_day(self.batch, actor=self.actor, counted=f"{counted / 100:.2f}",
                               note=note, on=on, today=self.today)
        self.counts["closed"] += 1

    def opening_fen(self) -> int:
        if self._opening is None:
            self._opening = shop_settings(self.s).opening_fen
        return self._opening
