"""The points ledger (积分账本): append-only double entry.

Every movement is a transaction whose entries sum to zero: points earned come out of the
centre's "issued" account into the volunteer's, points redeemed go from the volunteer's into
"redeemed", and so on. No entry is edited or deleted (database triggers refuse it); a mistake
is undone by a reversing transaction with a reason. A volunteer's balance never goes below
zero: a transaction that would make it so is refused whole.

Each transaction carries a ``request_key``: applying the same request twice (a double click,
a retried import, the shop's sale saved again) finds the first and changes nothing.

Other features call the session-level functions (``earn``, ``redeem``) inside their own unit
of work, so that a shop sale and its redemption commit together or not at all; people call
the services (``redeem_points``, ``adjust_points``, ``donate_points``, ``reverse_points``,
``expire_points``, and the reads).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from neighborcenter.core.audit import AuditAction, Msg, finish, record_audit
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.text import clean_line
from neighborcenter.errors import NotFound, ValidationError
from neighborcenter.features.volunteers import POINTS
from neighborcenter.features.volunteers.models import (
    PointsAccount,
    PointsEntry,
    PointsTransaction,
    Volunteer,
)
from neighborcenter.features.volunteers.rules import (
    EXPIRY_NOTICE_DAYS,
    CentreAccount,
    EntryKind,
    expiry_cutoff,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.i18n import N_, _
from neighborcenter.storage.check import Problem
from neighborcenter.storage.uow import UnitOfWork

MAX_POINTS_PER_MOVE = 1_000_000


class NotEnoughPoints(ValidationError):
    pass


@dataclass(frozen=True)
class Posted:
    transaction_id: str
    replayed: bool  # True: this request had been applied before; nothing changed now


# ------------------------------------------------------------------------------ accounts


def centre_account(session: Session, which: CentreAccount) -> PointsAccount:
    account = session.scalar(select(PointsAccount).where(
        PointsAccount.centre_account == which.value))
    if account is None:
        account = PointsAccount(centre_account=which.value)
        session.add(account)
        session.flush()
    return account


def volunteer_account(session: Session, volunteer_id: str) -> PointsAccount:
    account = session.scalar(select(PointsAccount).where(
        PointsAccount.volunteer_id == volunteer_id))
    if account is None:
        if session.get(Volunteer, volunteer_id) is None:
            raise NotFound(_("This volunteer is no longer on the list."))
        account = PointsAccount(volunteer_id=volunteer_id)
        session.add(account)
        session.flush()
    return account


def balance_of(session: Session, account_id: str) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(PointsEntry.amount), 0)).where(
        PointsEntry.account_id == account_id)) or 0)


def volunteer_balance(session: Session, volunteer_id: str) -> int:
    account = session.scalar(select(PointsAccount.id).where(
        PointsAccount.volunteer_id == volunteer_id))
    return 0 if account is None else balance_of(session, account)


def all_volunteer_balances(session: Session) -> dict[str, int]:
    """volunteer id → balance, for every volunteer with an account."""
    return {str(vid): int(total) for vid, total in session.execute(
        select(PointsAccount.volunteer_id, func.sum(PointsEntry.amount))
        .join(PointsEntry, PointsEntry.account_id == PointsAccount.id)
        .where(PointsAccount.volunteer_id.is_not(None))
        .group_by(PointsAccount.volunteer_id))}


def volunteer_side(session: Session, transaction_ids: list[str]) -> dict[str, int]:
    """transaction id → the points it moved on volunteers' accounts (a redemption −, its
    reversal +): what the shop's day close holds its points sales against."""
    if not transaction_ids:
        return {}
    return {str(tx): int(total) for tx, total in session.execute(
        select(PointsEntry.transaction_id, func.sum(PointsEntry.amount))
        .join(PointsAccount, PointsAccount.id == PointsEntry.account_id)
        .where(PointsAccount.volunteer_id.is_not(None),
               PointsEntry.transaction_id.in_(transaction_ids))
        .group_by(PointsEntry.transaction_id))}


# ------------------------------------------------------------------------------ posting


def _positive(value: object) -> int:
    points = _points(value)
    if points < 0:
        raise ValidationError(_("Enter the points as a positive number."), field="points")
    return points


def _points(value: object, what: str = "points") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise ValidationError(_("Points are whole numbers, such as 20."),
                                  field=what) from None
    if not 0 < abs(value) <= MAX_POINTS_PER_MOVE:
        raise ValidationError(_("Enter a number of points between 1 and {most}.").format(
            most=MAX_POINTS_PER_MOVE), field=what)
    return value


def _reason(value: object, *, required: bool) -> str:
    text = clean_line(value or "", _("The reason"), field="reason")
    if len(text) > 300:
        raise ValidationError(_("Keep the reason under 300 characters."), field="reason")
    if required and not text:
        raise ValidationError(_("Write the reason: it stays in the ledger with the entry."),
                              field="reason")
    return text


def post(session: Session, *, actor: Actor, kind: EntryKind, request_key: str,
         lines: list[tuple[PointsAccount, int]], on: dt.date | None = None, reason: str = "",
         source: str | None = None, reverses_id: str | None = None) -> Posted:
    """Write one transaction (its entries sum to zero) in the caller's unit of work.

    The same ``request_key`` again: if it is the same movement, nothing happens and the first
    is returned (``replayed``); a different movement under a used key is refused. A volunteer
    account that would go below zero refuses the whole transaction (``NotEnoughPoints``)."""
    if not request_key or len(request_key) > 120:
        raise ValueError("a request key of 1 to 120 characters")
    wanted = Counter((a.id, amount) for a, amount in lines if amount)
    if sum(amount for _a, amount in lines) != 0 or not wanted:
        raise ValueError("a transaction's entries sum to zero and move something")
    existing = session.scalar(select(PointsTransaction).where(
        PointsTransaction.request_key == request_key))
    if existing is not None:
        had = Counter(session.execute(select(PointsEntry.account_id, PointsEntry.amount).where(
            PointsEntry.transaction_id == existing.id)))
        if existing.kind != kind or had != wanted:
            raise ValidationError(_("This request was already recorded with other points; "
                                    "nothing was changed."))
        return Posted(existing.id, replayed=True)
    change: Counter[str] = Counter()
    for account, amount in lines:
        if account.volunteer_id is not None:
            change[account.id] += amount
    for account_id, amount in change.items():  # checked before anything is written
        if amount < 0 and (left := balance_of(session, account_id)) + amount < 0:
            raise NotEnoughPoints(
                _("Not enough points: the balance is {balance}, and this needs {points}. "
                  "Nothing was changed.").format(balance=left, points=-amount),
                field="points")
    tx = PointsTransaction(kind=kind, request_key=request_key, on=on or dt.date.today(),
                           reason=reason, source=source, reverses_id=reverses_id,
                           recorded_by=actor.username)
    session.add(tx)
    session.flush()
    for account, amount in lines:
        if amount:
            session.add(PointsEntry(transaction_id=tx.id, account_id=account.id,
                                    amount=amount))
    session.flush()
    return Posted(tx.id, replayed=False)


def earn(session: Session, *, actor: Actor, volunteer_id: str, points: int, request_key: str,
         on: dt.date, reason: str = "", source: str | None = None) -> Posted:
    """Points earned for approved service: from the centre's "issued" account."""
    points = _positive(points)
    issued = centre_account(session, CentreAccount.ISSUED)
    mine = volunteer_account(session, volunteer_id)
    return post(session, actor=actor, kind=EntryKind.EARN, request_key=request_key,
                lines=[(issued, -points), (mine, points)], on=on, reason=reason, source=source)


def redeem(session: Session, *, actor: Actor, volunteer_id: str, points: int,
           request_key: str, reason: str = "", source: str | None = None) -> Posted:
    """Points spent (a shop redemption): into the centre's "redeemed" account. Redeeming never
    touches the hours recorded."""
    points = _positive(points)
    mine = volunteer_account(session, volunteer_id)
    sink = centre_account(session, CentreAccount.REDEEMED)
    return post(session, actor=actor, kind=EntryKind.REDEEM, request_key=request_key,
                lines=[(mine, -points), (sink, points)], reason=reason, source=source)


def get_volunteer(session: Session, volunteer_id: str) -> Volunteer:
    v = session.get(Volunteer, volunteer_id)
    if v is None:
        raise NotFound(_("This volunteer is no longer on the list."))
    return v


def _audit(uow: UnitOfWork, actor: Actor, posted: Posted, summary: Msg, target_id: str) -> None:
    if posted.replayed:  # nothing happened: no entry, no commit needed
        return
    finish(uow, actor, AuditAction.UPDATE, target_kind="volunteer", target_id=target_id,
           summary=summary, detail={"transaction": posted.transaction_id}, changed=(POINTS,))


@writes
def redeem_points(uow: UnitOfWork, *, actor: Actor, volunteer_id: str, points: object,
                  reason: object, request_key: str) -> Posted:
    actor.require(Permission.USE_SHOP)
    points = _positive(points)
    why = _reason(reason, required=True)
    with uow:
        s = uow.session
        v = get_volunteer(s, volunteer_id)
        if v.valid_to is not None:
            raise ValidationError(_("{name}'s volunteer record ended on {day}: the card is no "
                                    "longer valid. Ask the staff.").format(
                name=v.name, day=v.valid_to.isoformat()))
        posted = redeem(s, actor=actor, volunteer_id=v.id, points=points,
                        request_key=request_key, reason=why)
        _audit(uow, actor, posted, Msg(N_("{name} ({number}) redeemed {points} points: "
                                          "{reason}"), args={"name": v.name, "number": v.number,
                                                             "points": points, "reason": why}),
               v.id)
        return posted


@writes
def adjust_points(uow: UnitOfWork, *, actor: Actor, volunteer_id: str, points: object,
                  reason: object, request_key: str) -> Posted:
    """A correction by staff, up (positive) or down (negative), against "adjustments"."""
    actor.require(Permission.APPROVE_HOURS)
    points = _points(points)
    why = _reason(reason, required=True)
    with uow:
        s = uow.session
        v = get_volunteer(s, volunteer_id)
        other = centre_account(s, CentreAccount.ADJUSTMENTS)
        mine = volunteer_account(s, v.id)
        posted = post(s, actor=actor, kind=EntryKind.ADJUST, request_key=request_key,
                      lines=[(other, -points), (mine, points)], reason=why)
        _audit(uow, actor, posted, Msg(N_("{name} ({number}): points adjusted by {points}: "
                                          "{reason}"), args={"name": v.name, "number": v.number,
                                                             "points": points, "reason": why}),
               v.id)
        return posted


@writes
def donate_points(uow: UnitOfWork, *, actor: Actor, from_volunteer_id: str,
                  to_volunteer_id: str, points: object, reason: object,
                  request_key: str) -> Posted:
    """A volunteer gives points to another (转赠), recorded by staff."""
    actor.require(Permission.EDIT_VOLUNTEERS)
    points = _points(points)
    if points < 0:
        raise ValidationError(_("Enter the points to give as a positive number."),
                              field="points")
    why = _reason(reason, required=False)
    if from_volunteer_id == to_volunteer_id:
        raise ValidationError(_("Choose another volunteer to receive the points."),
                              field="to_volunteer")
    with uow:
        s = uow.session
        giver, taker = get_volunteer(s, from_volunteer_id), get_volunteer(s, to_volunteer_id)
        posted = post(s, actor=actor, kind=EntryKind.DONATE, request_key=request_key,
                      lines=[(volunteer_account(s, giver.id), -points),
                             (volunteer_account(s, taker.id), points)], reason=why)
        _audit(uow, actor, posted, Msg(N_("{giver} gave {points} points to {taker}"), args={
            "giver": giver.name, "taker": taker.name, "points": points}), giver.id)
        return posted


def reverse(session: Session, *, actor: Actor, transaction_id: str, reason: str) -> Posted:
    """The mirror image of a movement, in the caller's unit of work (the shop's undo of a
    sale). A movement is reversed once; a reversal is not reversed again."""
    original = session.get(PointsTransaction, transaction_id)
    if original is None:
        raise NotFound(_("This ledger entry is not there."))
    if original.kind == EntryKind.REVERSE:
        raise ValidationError(_("A reversal cannot be reversed; record an adjustment "
                                "instead."))
    if original.kind == EntryKind.EXPIRE:  # FIFO would expire the same points again
        raise ValidationError(_("Expired points are not reversed; to give them back, "
                                "record an adjustment."))
    already = session.scalar(select(PointsTransaction.id).where(
        PointsTransaction.reverses_id == original.id))
    if already is not None:
        return Posted(already, replayed=True)
    entries = session.execute(select(PointsAccount, PointsEntry.amount)
                              .join(PointsEntry, PointsEntry.account_id == PointsAccount.id)
                              .where(PointsEntry.transaction_id == original.id)).all()
    return post(session, actor=actor, kind=EntryKind.REVERSE,
                request_key=f"reverse:{original.id}",
                lines=[(account, -amount) for account, amount in entries],
                reason=reason, reverses_id=original.id)


@writes
def reverse_points(uow: UnitOfWork, *, actor: Actor, transaction_id: str,
                   reason: object) -> Posted:
    """Undo a movement by its mirror image, with a reason. A movement is reversed once; a
    reversal is not reversed again (record an adjustment instead)."""
    actor.require(Permission.APPROVE_HOURS)
    why = _reason(reason, required=True)
    with uow:
        s = uow.session
        source = s.scalar(select(PointsTransaction.source).where(
            PointsTransaction.id == transaction_id))
        if source and source.startswith("sale:"):  # the goods must come back with the points
            raise ValidationError(_("This redemption is a sale of the shop: undo the sale at "
                                    "the shop's till, so that the goods come back too."))
        posted = reverse(s, actor=actor, transaction_id=transaction_id, reason=why)
        original = s.get(PointsTransaction, transaction_id)
        assert original is not None  # reverse() found it
        who = s.scalar(select(PointsAccount.volunteer_id)
                       .join(PointsEntry, PointsEntry.account_id == PointsAccount.id)
                       .where(PointsEntry.transaction_id == transaction_id,
                              PointsAccount.volunteer_id.is_not(None)).limit(1))
        _audit(uow, actor, posted, Msg(N_("Reversed a ledger entry ({kind}): {reason}"), args={
            "kind": Msg(original.kind.msgid), "reason": why}), who or transaction_id)
        return posted


# --------------------------------------------------------------------------- expiry (FIFO)


def _live_entries(volunteer_only: bool = True):
    """Entries of transactions that were not reversed and are not reversals (a reversed pair
    cancels out, so FIFO looks past both)."""
    reversal = aliased(PointsTransaction)
    query = (select(PointsEntry.account_id, PointsEntry.amount, PointsTransaction.on)
             .join(PointsTransaction, PointsTransaction.id == PointsEntry.transaction_id)
             .outerjoin(reversal, reversal.reverses_id == PointsTransaction.id)
             .where(reversal.id.is_(None), PointsTransaction.reverses_id.is_(None)))
    if volunteer_only:
        query = query.join(PointsAccount, and_(PointsAccount.id == PointsEntry.account_id,
                                               PointsAccount.volunteer_id.is_not(None)))
    return query.subquery()


def expiring_by(session: Session, cutoff: dt.date, account_id: str | None = None
                ) -> dict[str, int]:
    """Points that expire with everything earned on or before ``cutoff``: per account."""
    live = _live_entries()
    query = (select(live.c.account_id,
                    func.sum(case((and_(live.c.amount > 0, live.c.on <= cutoff),
                                   live.c.amount), else_=0)),
                    func.sum(case((live.c.amount < 0, -live.c.amount), else_=0)))
             .group_by(live.c.account_id))
    if account_id is not None:
        query = query.where(live.c.account_id == account_id)
    result = {}
    for account, old, out in session.execute(query):
        amount = int(old or 0) - int(out or 0)
        if amount > 0:
            result[account] = amount
    return result


@dataclass(frozen=True)
class ExpiryResult:
    volunteers: int
    points: int


@writes
def expire_points(uow: UnitOfWork, *, actor: Actor, on: dt.date | None = None) -> ExpiryResult:
    """Points older than the centre's period (3 years by default) expire, oldest first.
    Running it twice on a day changes nothing the second time."""
    actor.require(Permission.APPROVE_HOURS)
    today = on or dt.date.today()
    if today > dt.date.today():
        raise ValidationError(_("Points cannot be expired ahead of time: choose today or an "
                                "earlier day."), field="on")
    with uow:
        s = uow.session
        years = volunteer_settings(s).expiry_years
        if not years:
            return ExpiryResult(0, 0)
        cutoff = expiry_cutoff(today, years)
        due = expiring_by(s, cutoff)
        total = count = 0
        for account_id, amount in sorted(due.items()):
            account = s.get_one(PointsAccount, account_id)
            # numbered: old points approved later the same day expire in a second run
            earlier = s.scalar(select(func.count()).select_from(PointsEntry).join(
                PointsTransaction, PointsTransaction.id == PointsEntry.transaction_id).where(
                PointsEntry.account_id == account_id, PointsTransaction.kind == EntryKind.EXPIRE))
            key = f"expire:{account_id}:{today.isoformat()}:{(earlier or 0) + 1}"
            posted = post(s, actor=actor, kind=EntryKind.EXPIRE, request_key=key,
                          lines=[(account, -amount),
                                 (centre_account(s, CentreAccount.EXPIRED), amount)], on=today,
                          reason=_("Earned on or before {day}").format(day=cutoff.isoformat()))
            if not posted.replayed:
                total += amount
                count += 1
        if count:
            record_audit(s, actor, AuditAction.UPDATE, target_kind="points",
                         summary=Msg(N_("Points expired: {points} points of {count} "
                                        "volunteers"), args={"points": total, "count": count}))
            uow.changed(POINTS)
            uow.commit()
        return ExpiryResult(count, total)


def expiring_soon(session: Session, *, today: dt.date, account_id: str | None = None
                  ) -> tuple[dt.date, dict[str, int]]:
    """What will expire within the notice period if nothing more is spent, and by when."""
    years = volunteer_settings(session).expiry_years
    by = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    if not years:
        return by, {}
    return by, expiring_by(session, expiry_cutoff(by, years), account_id)


# --------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class StatementLine:
    transaction_id: str
    on: dt.date
    at: dt.datetime
    kind: EntryKind
    reason: str
    amount: int
    balance: int  # running balance after this entry
    reversed: bool  # a later reversal undid it
    recorded_by: str


@dataclass(frozen=True)
class Statement:
    volunteer_id: str
    name: str
    number: str
    lines: tuple[StatementLine, ...]
    balance: int
    expiring_points: int  # will expire by ``expiring_by`` unless spent
    expiring_by: dt.date


def statement_lines(session: Session, account_id: str) -> list[StatementLine]:
    reversal = aliased(PointsTransaction)
    t = PointsTransaction  # columns, not objects: ten years of entries (benchmarks/)
    rows = session.execute(
        select(t.id, t.on, t.created_at, t.kind, t.reason, PointsEntry.amount, reversal.id,
               t.recorded_by)
        .join(PointsEntry, PointsEntry.transaction_id == t.id)
        .outerjoin(reversal, reversal.reverses_id == t.id)
        .where(PointsEntry.account_id == account_id)
        .order_by(t.created_at, t.id))
    running = 0
    lines = []
    for tx_id, on, at, kind, reason, amount, reversed_by, recorded_by in rows:
        running += amount
        lines.append(StatementLine(tx_id, on, at, kind, reason, amount, running,
                                   reversed_by is not None, recorded_by))
    return lines


def find_volunteer(session: Session, key: str) -> Volunteer:
    """By id or volunteer number (what the card and the command line carry)."""
    v = session.get(Volunteer, key) or session.scalar(
        select(Volunteer).where(Volunteer.number == key.strip()))
    if v is None:
        raise NotFound(_("No volunteer has the number “{number}”.").format(number=key))
    return v


@reads
def volunteer_statement(uow: UnitOfWork, *, actor: Actor, volunteer: str,
                        today: dt.date | None = None) -> Statement:
    """Every entry of a volunteer's account with its running balance (the 存折)."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        v = find_volunteer(s, volunteer)
        account = s.scalar(select(PointsAccount.id).where(PointsAccount.volunteer_id == v.id))
        lines = statement_lines(s, account) if account else []
        by, soon = expiring_soon(s, today=today or dt.date.today(), account_id=account)
        return Statement(v.id, v.name, v.number, tuple(lines),
                         lines[-1].balance if lines else 0, soon.get(account or "", 0), by)


@dataclass(frozen=True)
class AccountBalance:
    account_id: str
    label: str  # the volunteer's name, or the centre account's label
    number: str | None  # the volunteer number; None for the centre's own accounts
    balance: int


@dataclass(frozen=True)
class LedgerBalances:
    accounts: tuple[AccountBalance, ...]  # the centre's accounts first, then volunteers
    total: int  # the sum of every entry: zero in a sound ledger
    entries: int


@reads
def ledger_balances(uow: UnitOfWork, *, actor: Actor) -> LedgerBalances:
    """Every account's balance, the centre's own included, and the sum of them all."""
    actor.require(Permission.VIEW_VOLUNTEERS)
    with uow:
        s = uow.session
        sums = select(PointsEntry.account_id, func.sum(PointsEntry.amount).label("total"),
                      func.count().label("n")).group_by(PointsEntry.account_id).subquery()
        rows = s.execute(
            select(PointsAccount.id, PointsAccount.centre_account, Volunteer.name,
                   Volunteer.number, func.coalesce(sums.c.total, 0), func.coalesce(sums.c.n, 0))
            .outerjoin(sums, sums.c.account_id == PointsAccount.id)
            .outerjoin(Volunteer, Volunteer.id == PointsAccount.volunteer_id)).all()
        accounts = []
        for account_id, which, name, number, total, _n in rows:
            label = CentreAccount(which).label if which else name
            accounts.append(AccountBalance(account_id, label, number, int(total)))
        accounts.sort(key=lambda a: (a.number is not None, a.number or a.label))
        return LedgerBalances(tuple(accounts), sum(a.balance for a in accounts),
                              sum(int(r[5]) for r in rows))


# ---------------------------------------------------------------------- the database check


def ledger_problems(session: Session) -> list[Problem]:
    """``neighborcenter check``: the ledger sums to zero, each transaction does, and no
    volunteer's balance is below zero. Reported, never repaired: a fault here is evidence."""
    problems = []
    total = session.scalar(select(func.coalesce(func.sum(PointsEntry.amount), 0)))
    if total:
        problems.append(Problem("ledger_sum", _(
            "The points ledger does not sum to zero (it sums to {total}): entries were "
            "changed outside NeighborCenter. Restore a backup or ask for help.").format(
                total=total)))
    unbalanced = session.scalar(select(func.count()).select_from(
        select(PointsEntry.transaction_id).group_by(PointsEntry.transaction_id)
        .having(func.sum(PointsEntry.amount) != 0).subquery()))
    if unbalanced:
        problems.append(Problem("ledger_transactions", _(
            "{n} movements of points do not sum to zero.").format(n=unbalanced)))
    negative = [vid for vid, balance in all_volunteer_balances(session).items() if balance < 0]
    if negative:
        problems.append(Problem("ledger_negative", _(
            "{n} volunteers have a points balance below zero.").format(n=len(negative))))
    return problems
