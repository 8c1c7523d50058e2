"""盘点, the stock-take: the goods on the shelves counted against the stock book, and each
difference (variance) made an ADJUST movement of the stock book when the staff finish it.

- ``start_stocktake`` (USE_SHOP): one open stock-take at a time, of every shelf or of one; a
  count row for each product on sale there, ``expected`` = the book stock at the start.
- ``record_count`` (USE_SHOP): what was on the shelf; typed again to correct it, until the
  stock-take is finished. The first count of a product also takes the book stock *at that
  moment* as its ``expected`` — the count and the book it is compared with are of the same
  moment, even when the till sold some of it between the start and the count. A correction
  keeps that book: it corrects the same count (a sale in between stays out of it).
- ``finish_stocktake`` (MANAGE_SHOP): refused while a product is not counted (it says which);
  otherwise each variance (counted − expected) becomes one ADJUST movement naming the
  stock-take, all in one unit of work. **What is applied is the variance, not "set the stock
  to the count"**: a sale made after a product was counted took that unit both off the shelf
  and off the books, so the book stock at the finish, moved by the variance, is what is on the
  shelf now (stock then = book now + counted − expected). A stock-take with variances is
  finished only with a note that explains them (账物不符 needs a reason, like the day close).
- ``abandon_stocktake`` (MANAGE_SHOP): an open stock-take given up, with the reason (archived;
  nothing of the stock changes), so that another can start.
- ``stocktake_view``, ``list_stocktakes``: the counts, variances and their value in fen and
  points; the past stock-takes.

Stock-takes do not count in the day close (no cash, points, gifts or donations move)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.shop import SHOP
from neighborcenter.features.shop.goods import NotEnoughStock, get_product, move, stock_levels
from neighborcenter.features.shop.models import ShopProduct, ShopStocktake, ShopStocktakeCount
from neighborcenter.features.shop.rules import MAX_QUANTITY, MoveKind, Shelf, variance
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import utcnow
from neighborcenter.storage.uow import UnitOfWork

#: how many uncounted products a refusal names before "and N more"
NAMED = 5


def parse_count(value: object, *, field: str = "counted") -> int:
    """A count typed: a whole number from 0 (nothing on the shelf) up; full-width digits too."""
    typed = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if isinstance(value, bool) or not typed.isdigit() or int(typed) > MAX_QUANTITY:
        raise ValidationError(_("Enter the number counted on the shelf, from 0 to {most}.")
                              .format(most=MAX_QUANTITY), field=field)
    return int(typed)


@dataclass(frozen=True)
class CountRow:
    product_id: str
    shelf: Shelf
    name: str
    barcode: str
    unit: str
    expected: int  # the book stock when counted (at the start, until counted)
    counted: int | None  # None: not counted yet
    variance: int | None  # counted − expected
    value_fen: int | None  # the variance at the cash price (None: no cash price)
    value_points: int | None  # the variance at the points price
    note: str
    counted_by: str


@dataclass(frozen=True)
class StocktakeTotals:
    products: int
    counted: int
    uncounted: int
    over: int  # products with more on the shelf than the books say
    short: int  # and with less
    value_fen: int  # the variances' value at the cash prices
    value_points: int

    @property
    def balanced(self) -> bool:
        """账物相符: everything counted, and no variance."""
        return self.uncounted == 0 and self.over == 0 and self.short == 0


@dataclass(frozen=True)
class StocktakeView:
    id: str
    on: dt.date
    shelf: Shelf | None  # every shelf: None (or the one shelf its products are on)
    started_by: str
    finished_at: dt.datetime | None
    finished_by: str | None
    note: str
    abandoned: bool
    rows: tuple[CountRow, ...]
    totals: StocktakeTotals

    @property
    def open(self) -> bool:
        return self.finished_at is None and not self.abandoned


@dataclass(frozen=True)
class StocktakeRow:
    id: str
    on: dt.date
    started_by: str
    finished_at: dt.datetime | None
    finished_by: str | None
    products: int
    counted: int
    variances: int  # products with a variance
    value_fen: int
    value_points: int
    abandoned: bool
    note: str

    @property
    def open(self) -> bool:
        return self.finished_at is None and not self.abandoned

    @property
    def balanced(self) -> bool:
        return self.counted == self.products and self.variances == 0


# --------------------------------------------------------------------------------- helpers


def _get(session: Session, stocktake_id: str) -> ShopStocktake:
    st = session.get(ShopStocktake, stocktake_id)
    if st is None:
        raise NotFound(_("This stock-take is no longer on the list."))
    return st


def _open(session: Session, stocktake_id: str) -> ShopStocktake:
    st = _get(session, stocktake_id)
    if st.finished_at is not None:
        raise ValidationError(_("This stock-take was finished on {day}: its counts are kept "
                                "as they were. Start a new one.").format(
            day=st.finished_at.astimezone().date().isoformat()))
    if st.archived_at is not None:
        raise ValidationError(_("This stock-take was given up. Start a new one."))
    return st


def open_stocktake_of(session: Session) -> ShopStocktake | None:
    return session.scalar(select(ShopStocktake).where(ShopStocktake.finished_at.is_(None),
                                                      ShopStocktake.archived_at.is_(None)))


def _counts(session: Session, stocktake_id: str
            ) -> list[tuple[ShopStocktakeCount, ShopProduct]]:
    rows = session.execute(
        select(ShopStocktakeCount, ShopProduct)
        .join(ShopProduct, ShopProduct.id == ShopStocktakeCount.product_id)
        .where(ShopStocktakeCount.stocktake_id == stocktake_id))
    return sorted(((c, p) for c, p in rows),
                  key=lambda cp: (list(Shelf).index(cp[1].shelf), cp[1].name))


def _row(c: ShopStocktakeCount, p: ShopProduct) -> CountRow:
    v = variance(c.expected, c.counted) if c.counted is not None else None
    return CountRow(p.id, p.shelf, p.name, p.barcode, p.unit, c.expected, c.counted, v,
                    None if v is None or p.price_fen is None else v * p.price_fen,
                    None if v is None or p.points is None else v * p.points,
                    c.note, c.counted_by)


def _totals(rows: list[CountRow]) -> StocktakeTotals:
    counted = [r for r in rows if r.counted is not None]
    return StocktakeTotals(len(rows), len(counted), len(rows) - len(counted),
                           sum(1 for r in counted if (r.variance or 0) > 0),
                           sum(1 for r in counted if (r.variance or 0) < 0),
                           sum(r.value_fen or 0 for r in counted),
                           sum(r.value_points or 0 for r in counted))


def view_of(session: Session, stocktake_id: str) -> StocktakeView:
    st = _get(session, stocktake_id)
    rows = [_row(c, p) for c, p in _counts(session, st.id)]
    return StocktakeView(st.id, st.on, _stocktake_shelf(st), st.started_by, st.finished_at,
                         st.finished_by, _visible_note(st.note), st.archived_at is not None,
                         tuple(rows),
                         _totals(rows))


# The model has no shelf column: a stock-take of one shelf keeps it in a first line of its
# note ("shelf:daily"), which the view reads and never shows.
def _shelf_note(shelf: Shelf | None) -> str:
    return f"shelf:{shelf.value}\n" if shelf is not None else ""


def _visible_note(note: str) -> str:
    if note.startswith("shelf:"):
        return note.partition("\n")[2]
    return note


def _keep_shelf(old: str, new: str) -> str:
    return (old.partition("\n")[0] + "\n" + new) if old.startswith("shelf:") else new


def _stocktake_shelf(st: ShopStocktake) -> Shelf | None:
    if st.note.startswith("shelf:"):
        return Shelf(st.note.partition("\n")[0].removeprefix("shelf:"))
    return None


# -------------------------------------------------------------------------------- services


@writes
def start_stocktake(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None,
                    shelf: Shelf | None = None) -> str:
    """A new stock-take of every shelf (or of ``shelf``): a count row for each product on
    sale there, with its book stock now. Refused while another is open."""
    actor.require(Permission.USE_SHOP)
    day = on or dt.date.today()
    with uow:
        s = uow.session
        other = open_stocktake_of(s)
        if other is not None:
            raise ValidationError(_("The stock-take begun on {day} is still open: finish it "
                                    "(or ask the staff to give it up) first.").format(
                day=other.on.isoformat()))
        query = select(ShopProduct).where(ShopProduct.archived_at.is_(None))
        if shelf is not None:
            query = query.where(ShopProduct.shelf == Shelf(shelf))
        products = list(s.scalars(query))
        if not products:
            raise ValidationError(_("There are no goods on sale to count."))
        st = ShopStocktake(on=day, started_by=actor.username, note=_shelf_note(shelf))
        s.add(st)
        s.flush()
        levels = stock_levels(s)
        for p in products:
            s.add(ShopStocktakeCount(stocktake_id=st.id, product_id=p.id,
                                     expected=levels.get(p.id, 0)))
        s.flush()
        finish(uow, actor, AuditAction.CREATE, target_kind="shop_stocktake", target_id=st.id,
               summary=Msg(N_("Started the stock-take of {day} ({n} products)"),
                           args={"day": day.isoformat(), "n": len(products)}),
               changed=(SHOP,))
        return st.id


@writes
def record_count(uow: UnitOfWork, *, actor: Actor, stocktake_id: str, product_id: str,
                 counted: object, note: object = "", counted_by: object = "") -> CountRow:
    """What is on the shelf of a product (again, to correct it, until the stock-take is
    finished). The product's ``expected`` becomes its book stock now (see the module). A
    product on sale that is not on the list yet (added since the start) is added."""
    actor.require(Permission.USE_SHOP)
    number = parse_count(counted)
    why = text(note, 200, "note", _("The note"))
    who = text(counted_by, 60, "counted_by", _("Who counted")) or actor.display_name
    with uow:
        s = uow.session
        st = _open(s, stocktake_id)
        product = get_product(s, product_id)
        count = s.scalar(select(ShopStocktakeCount).where(
            ShopStocktakeCount.stocktake_id == st.id,
            ShopStocktakeCount.product_id == product.id))
        if count is None:
            if product.archived_at is not None:
                raise ValidationError(_("{name} is no longer sold.").format(name=product.name))
            shelf = _stocktake_shelf(st)
            if shelf is not None and product.shelf != shelf:
                raise ValidationError(_("{name} is on {shelf}, not on the shelf being "
                                        "counted.").format(name=product.name,
                                                           shelf=product.shelf.label))
            count = ShopStocktakeCount(stocktake_id=st.id, product_id=product.id, expected=0)
            s.add(count)
        if count.counted is None:  # a correction is of the same count: its book stays
            count.expected = stock_levels(s).get(product.id, 0)
        count.counted, count.note, count.counted_by = number, why, who
        s.flush()
        row = _row(count, product)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_stocktake", target_id=st.id,
               summary=Msg(N_("Stock-take count: {name} {counted} (books {expected})"),
                           args={"name": product.name, "counted": number,
                                 "expected": count.expected}),
               changed=(SHOP,))
        return row


@reads
def stocktake_view(uow: UnitOfWork, *, actor: Actor, stocktake_id: str) -> StocktakeView:
    """A stock-take's counts against the books, the variances and their value."""
    actor.require(Permission.USE_SHOP)
    with uow:
        return view_of(uow.session, stocktake_id)


@reads
def current_stocktake(uow: UnitOfWork, *, actor: Actor) -> StocktakeView | None:
    """The open stock-take, if there is one."""
    actor.require(Permission.USE_SHOP)
    with uow:
        st = open_stocktake_of(uow.session)
        return view_of(uow.session, st.id) if st is not None else None


@writes
def finish_stocktake(uow: UnitOfWork, *, actor: Actor, stocktake_id: str, note: object = "",
                     on: dt.date | None = None) -> int:
    """Every product counted: each variance becomes one ADJUST movement (counted − expected,
    on the book stock now; see the module); the stock-take is closed. A variance needs a
    note. Returns how many products were adjusted."""
    actor.require(Permission.MANAGE_SHOP)
    why = text(note, 500, "note", _("The note"))
    day = on or dt.date.today()
    with uow:
        s = uow.session
        st = _open(s, stocktake_id)
        pairs = _counts(s, st.id)
        missing = [p.name for c, p in pairs if c.counted is None]
        if missing:
            names = _("、").join(missing[:NAMED])
            if len(missing) > NAMED:
                names = _("{names} and {n} more").format(names=names, n=len(missing) - NAMED)
            raise ValidationError(_("Not counted yet: {names}. Count them (0 if none is on "
                                    "the shelf) before finishing.").format(names=names),
                                  field="counted")
        changes = [(c, p, variance(c.expected, c.counted or 0)) for c, p in pairs]
        changes = [(c, p, v) for c, p, v in changes if v]
        if changes and not why:
            raise ValidationError(_("The counts differ from the books for {n} products: say "
                                    "why in the note (账物不符).").format(n=len(changes)),
                                  field="note")
        reason = _("Stock-take of {day}").format(day=st.on.isoformat())
        for c, p, v in changes:
            try:
                move(s, actor=actor, product=p, kind=MoveKind.ADJUST, quantity=v, on=day,
                     reason=f"{reason}: {c.note}" if c.note else reason, stocktake_id=st.id)
            except NotEnoughStock:
                raise ValidationError(_("{name} went out since it was counted, more than the "
                                        "books had: count it again.").format(name=p.name),
                                      field="counted") from None
        st.finished_at, st.finished_by = utcnow(), actor.username
        st.note = _keep_shelf(st.note, why)
        finish(uow, actor, AuditAction.UPDATE, target_kind="shop_stocktake", target_id=st.id,
               summary=Msg(N_("Finished the stock-take of {day}: {n} products adjusted"),
                           args={"day": st.on.isoformat(), "n": len(changes)}),
               detail={"products": len(pairs), "adjusted": len(changes),
                       "adjustments": {p.name: v for _c, p, v in changes}},
               changed=(SHOP,))
        return len(changes)


@writes
def abandon_stocktake(uow: UnitOfWork, *, actor: Actor, stocktake_id: str,
                      reason: object) -> None:
    """An open stock-take given up (begun by mistake, or too long ago): kept, archived, with
    the reason; the stock does not change."""
    actor.require(Permission.MANAGE_SHOP)
    why = text(reason, 300, "reason", _("The reason"), required=True)
    with uow:
        s = uow.session
        st = _open(s, stocktake_id)
        st.archived_at = utcnow()
        st.note = _keep_shelf(st.note, why)
        finish(uow, actor, AuditAction.ARCHIVE, target_kind="shop_stocktake",
               target_id=st.id, summary=Msg(N_("Gave up the stock-take of {day}"),
                                            args={"day": st.on.isoformat()}),
               changed=(SHOP,))


@reads
def list_stocktakes(uow: UnitOfWork, *, actor: Actor) -> list[StocktakeRow]:
    """The stock-takes, the newest first."""
    actor.require(Permission.USE_SHOP)
    with uow:
        s = uow.session
        out = []
        for st in s.scalars(select(ShopStocktake).order_by(ShopStocktake.on.desc(),
                                                           ShopStocktake.created_at.desc())):
            v = view_of(s, st.id)
            t = v.totals
            out.append(StocktakeRow(st.id, st.on, st.started_by, st.finished_at,
                                    st.finished_by, t.products, t.counted, t.over + t.short,
                                    t.value_fen, t.value_points, v.abandoned, v.note))
        return out
