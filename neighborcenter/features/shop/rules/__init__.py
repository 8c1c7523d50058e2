"""Pure rules of the 匠心坊 community shop: its four shelves, the kinds of stock movement,
money in fen, barcodes (EAN-13, and the shop's own codes for unlabelled goods in the in-store
range 20…29), food lots by expiry (first in, first out), a basket's total and the change, a
stock-take's variances, the day close's balance (账物相符). No Qt, no SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, LabelledEnum, _

#: the most of one product in one movement, and the dearest price (¥100 000): a typo guard
MAX_QUANTITY = 10_000
MAX_FEN = 10_000_000
MAX_POINTS = 100_000


class Shelf(LabelledEnum):
    """The shop's four shelves (四心铺)."""

    DAILY = "daily", N_("Daily goods")  # 真心铺: daily goods for cash
    GROUP = "group", N_("Group buy")  # 倾心铺: the monthly group buy
    DONATED = "donated", N_("Donated goods")  # 善心铺: goods donated by companies
    POINTS = "points", N_("Points and gifts")  # 爱心铺: for points, gifts in hardship


class MoveKind(LabelledEnum):
    """Why the stock of a product changed. Stock moves only by these, never by an edit."""

    INTAKE = "intake", N_("Goods in")  # 进货
    DONATION = "donation", N_("Donation received")  # 捐赠入库
    SALE = "sale", N_("Sold for cash")  # 现金销售
    REDEMPTION = "redemption", N_("Redeemed for points")  # 积分兑换
    GIFT = "gift", N_("Welfare gift")  # 爱心发放
    ADJUST = "adjust", N_("Stock-take adjustment")  # 盘点调整
    WRITE_OFF = "write_off", N_("Written off")  # 报损 (expired, damaged)
    UNDO = "undo", N_("Undone")  # 冲正: the mirror image of an earlier movement


#: movements that bring goods in (a positive quantity), and those that take them out
INWARD = frozenset({MoveKind.INTAKE, MoveKind.DONATION})
OUTWARD = frozenset({MoveKind.SALE, MoveKind.REDEMPTION, MoveKind.GIFT, MoveKind.WRITE_OFF})


class Payment(LabelledEnum):
    CASH = "cash", N_("Cash")  # 现金
    POINTS = "points", N_("Points")  # 积分


class WriteOffReason(LabelledEnum):
    EXPIRED = "expired", N_("Expired")  # 过期
    DAMAGED = "damaged", N_("Damaged")  # 破损
    LOST = "lost", N_("Lost")  # 丢失
    OTHER = "other", N_("Other")  # 其他


class DonorKind(LabelledEnum):
    COMPANY = "company", N_("Company")  # 企业
    PERSON = "person", N_("Person")  # 个人
    ANONYMOUS = "anonymous", N_("Anonymous")  # 匿名


class Hardship(LabelledEnum):
    """Why a resident receives a welfare gift (爱心发放)."""

    POOR_PARTY_MEMBER = "poor_party_member", N_("Party member in hardship")  # 困难党员
    DISABLED = "disabled", N_("Person with a disability")  # 残疾人
    SUBSISTENCE = "subsistence", N_("Minimum living allowance")  # 低保
    ELDERLY_ALONE = "elderly_alone", N_("Elderly living alone")  # 独居老人
    SERIOUS_ILLNESS = "serious_illness", N_("Serious illness")  # 大病
    OTHER = "other", N_("Other hardship")  # 其他困难


class CampaignStatus(LabelledEnum):
    """A group buy's month: orders taken, sent to the supplier, goods arrived, closed."""

    OPEN = "open", N_("Taking orders")  # 接龙中
    ORDERED = "ordered", N_("Sent to the supplier")  # 已下单
    ARRIVED = "arrived", N_("Goods arrived")  # 已到货
    CLOSED = "closed", N_("Closed")  # 已结束


# ------------------------------------------------------------------------------- money


_MONEY = re.compile(r"^(\d{1,7})(?:\.(\d{1,2}))?$")


def parse_money(value: object, *, field: str = "price", allow_zero: bool = False) -> int:
    """"12.5", "¥12.50", "１２" → fen (1250). Refused: negatives, three decimals, letters."""
    if isinstance(value, int) and not isinstance(value, bool):
        fen = value * 100
    else:
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        match = _MONEY.match(text)
        if not match:
            raise ValidationError(_("Enter an amount in yuan, such as 12.50."), field=field)
        fen = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if fen < 0 or fen > MAX_FEN or (fen == 0 and not allow_zero):
        raise ValidationError(_("Enter an amount between 0.01 and {most} yuan.").format(
            most=MAX_FEN // 100), field=field)
    return fen


def yuan(fen: int) -> str:
    """1250 → "¥12.50"; -300 → "-¥3.00"."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}¥{fen // 100}.{fen % 100:02d}"


def parse_quantity(value: object, *, field: str = "quantity") -> int:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_QUANTITY:
        raise ValidationError(_("Enter a quantity from 1 to {most}.").format(
            most=MAX_QUANTITY), field=field)
    return int(text)


def parse_points(value: object, *, field: str = "points") -> int:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_POINTS:
        raise ValidationError(_("Enter the points as a whole number from 1 to {most}.")
                              .format(most=MAX_POINTS), field=field)
    return int(text)


# ------------------------------------------------------------------------------ barcodes


def ean_check_digit(digits: str) -> int:
    """The GS1 check digit of the digits before it (EAN-8, UPC-A, EAN-13, GTIN-14)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


_CODE = re.compile(r"^[0-9A-Za-z\-]{4,32}$")


def clean_barcode(value: object, *, field: str = "barcode") -> str:
    """What a scanner typed, or a person: full-width digits made plain, spaces dropped.
    A GS1 code of 8, 12, 13 or 14 digits must have its check digit right (a misread scan);
    other codes (a shelf's own labels) are kept as they are."""
    text = unicodedata.normalize("NFKC", str(value or "")).replace(" ", "").strip()
    if not _CODE.match(text):
        raise ValidationError(_("A barcode is 4 to 32 digits or letters; scan it again or "
                                "type the digits under the bars."), field=field)
    if text.isdigit() and len(text) in (8, 12, 13, 14) \
            and ean_check_digit(text[:-1]) != int(text[-1]):
        raise ValidationError(_("The barcode {code} was misread (its last digit does not "
                                "match). Scan it again.").format(code=text), field=field)
    return text


def shop_code(serial: int) -> str:
    """The shop's own EAN-13 for goods without a label: 20 + ten digits + check digit (the
    20…29 prefixes are kept for in-store use, so no product of a company has it)."""
    if not 0 < serial < 10**10:
        raise ValueError("a serial of 1 to 10 digits")
    body = f"20{serial:010d}"
    return body + str(ean_check_digit(body))


# ----------------------------------------------------------------------- basket and change


@dataclass(frozen=True)
class Line:
    """One line of a basket, with its unit price in the payment's unit (fen or points)."""

    product_id: str
    name: str
    quantity: int
    unit_price: int


def basket_total(lines: Sequence[Line]) -> int:
    return sum(line.quantity * line.unit_price for line in lines)


def change_due(total_fen: int, received_fen: int) -> int:
    """The change to give; refused when the cash handed over is less than the total."""
    if received_fen < total_fen:
        raise ValidationError(_("The cash received ({received}) is less than the total "
                                "({total}).").format(received=yuan(received_fen),
                                                      total=yuan(total_fen)),
                              field="received")
    return received_fen - total_fen


def merge_lines(lines: Iterable[Line]) -> list[Line]:
    """The same product scanned twice is one line with both quantities, in first-scan order."""
    out: dict[str, Line] = {}
    for line in lines:
        if line.product_id in out:
            was = out[line.product_id]
            out[line.product_id] = Line(was.product_id, was.name, was.quantity + line.quantity,
                                        was.unit_price)
        else:
            out[line.product_id] = line
    return list(out.values())


# ------------------------------------------------------------------------- lots by expiry


@dataclass(frozen=True)
class Lot:
    """What is left of one intake of a product, and when it expires (None: does not)."""

    expires_on: dt.date | None
    quantity: int


def lots_left(intakes: Iterable[tuple[dt.date | None, int]], taken: int) -> list[Lot]:
    """The lots still on the shelf when ``taken`` units went out first-expiring-first (the
    shop hands out what expires first). ``intakes``: (expiry, quantity) of every inward
    movement and positive adjustment; ``taken``: every unit that left since."""
    ordered = sorted(((e, q) for e, q in intakes if q > 0),
                     key=lambda lot: (lot[0] is None, lot[0] or dt.date.max))
    out: list[Lot] = []
    for expires, quantity in ordered:
        used = min(quantity, taken)
        taken -= used
        if quantity - used:
            out.append(Lot(expires, quantity - used))
    return out


def expiring(lots: Iterable[Lot], today: dt.date, within_days: int) -> list[Lot]:
    """Lots that expire within ``within_days`` (or have expired)."""
    limit = today + dt.timedelta(days=within_days)
    return [lot for lot in lots if lot.expires_on is not None and lot.expires_on <= limit]


# ------------------------------------------------------------------------ stock-take, close


def variance(expected: int, counted: int) -> int:
    """Counted minus expected: positive, more on the shelf than the books say."""
    if counted < 0:
        raise ValidationError(_("A count cannot be below zero."), field="counted")
    return counted - expected


@dataclass(frozen=True)
class CashBalance:
    opening_fen: int  # the float in the drawer when the day began
    sales_fen: int  # cash taken for sales, less the sales undone
    group_buy_fen: int  # group-buy orders paid that day
    counted_fen: int

    @property
    def expected_fen(self) -> int:
        return self.opening_fen + self.sales_fen + self.group_buy_fen

    @property
    def difference_fen(self) -> int:
        return self.counted_fen - self.expected_fen

    @property
    def balances(self) -> bool:
        return self.difference_fen == 0
