"""A property-based (hypothesis) stateful test of the points ledger, through the public
services on a real (encrypted) centre: random sequences of earning (hours recorded and
approved), redeeming, giving to another volunteer, reversing, expiring on a moving date and
replaying earlier requests keep

- every volunteer's balance >= 0,
- the sum of all entries (and of each transaction's) at 0,
- each balance equal to the sum of its entries, to what the services report and to the
  model's expectation (a plain Python ledger kept beside the database),
- and a replayed request changes nothing.

One set-up centre is made per module (Argon2 makes a set-up slow); each example works on a
copy of its files."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.handle import Centre
from neighborcenter.errors import ValidationError
from neighborcenter.features.volunteers import hours, ledger
from neighborcenter.features.volunteers.ledger import NotEnoughPoints
from neighborcenter.features.volunteers.rules import (
    EntryKind,
    counted_minutes,
    expiry_cutoff,
    parse_hours,
    points_for,
)
from neighborcenter.features.volunteers.settings import volunteer_settings
from neighborcenter.storage.keyfile import key_file_path
from tests.conftest import PASSPHRASE, sql
from tests.features.volunteers import add_activity, add_volunteer

VOLUNTEERS = 3
FIRST_DAY = dt.date(2018, 1, 1)  # activities fall between this and ~2026-10
TIMES = ("0:10", "0:40", "1.5", "2", "3", "4")


@dataclass(frozen=True)
class Template:
    path: object
    key: bytes
    admin: object
    volunteers: tuple[str, ...]
    folder: object


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    folder = tmp_path_factory.mktemp("ledger-machine")
    path = folder / "template.db"
    centre = Centre.create(path)
    try:
        admin = set_up_centre(centre, name="幸福邻里中心", community="幸福社区",
                              street="爱山街道", district="吴兴区", admin_username="admin",
                              admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                              language="zh_CN").admin
        ids = tuple(add_volunteer(centre, admin, name)
                    for name in ("张桂英", "李建华", "王秀兰")[:VOLUNTEERS])
        key = centre.data_key
    finally:
        centre.close()
    return Template(path, key, admin, ids, folder)


@dataclass
class Tx:
    """The model's copy of one transaction: account → amount (a volunteer id, or the name
    of one of the centre's accounts)."""

    kind: EntryKind
    on: dt.date
    lines: dict[str, int]
    reverses: str | None = None


@dataclass
class Request:
    service: str
    kwargs: dict
    transaction_id: str


_runs = itertools.count()


class LedgerMachine(RuleBasedStateMachine):
    template: Template  # set by the test

    requests = Bundle("requests")
    transactions = Bundle("transactions")

    def __init__(self) -> None:
        super().__init__()
        t = self.template
        self.path = t.folder / f"run-{next(_runs)}.db"
        shutil.copyfile(t.path, self.path)
        shutil.copyfile(key_file_path(t.path), key_file_path(self.path))
        self.centre = Centre.open(self.path, key=t.key)
        self.conn = sql(self.centre)
        self.admin = t.admin
        self.volunteers = t.volunteers
        self.txs: dict[str, Tx] = {}
        self.keys = itertools.count()
        self.expiry_day = dt.date(2021, 1, 1)
        self.approved: list[str] = []
        with self.centre.unit_of_work(write=False) as uow:
            self.expiry_years = volunteer_settings(uow.session).expiry_years

    def teardown(self) -> None:
        self.conn.close()
        self.centre.close()
        for suffix in ("", "-wal", "-shm", ".lock", ".keys", ".keys.lock"):
            (self.path.parent / (self.path.name + suffix)).unlink(missing_ok=True)
        shutil.rmtree(self.path.with_name(self.path.stem + "-backups"), ignore_errors=True)

    # ------------------------------------------------------------------------- the model

    def balance(self, account: str) -> int:
        return sum(tx.lines.get(account, 0) for tx in self.txs.values())

    def rows(self) -> tuple[int, int]:
        return self.conn.execute("SELECT (SELECT COUNT(*) FROM points_entries), "
                                 "(SELECT COUNT(*) FROM points_transactions)").fetchone()

    def key(self, prefix: str) -> str:
        return f"{prefix}:{next(self.keys)}"

    def expected_expiry(self, on: dt.date) -> dict[str, int]:
        """First in, first out, computed on the model: per volunteer, the live (neither
        reversed nor reversing) credits on or before the cutoff less every live debit."""
        cutoff = expiry_cutoff(on, self.expiry_years)
        reversed_ids = {tx.reverses for tx in self.txs.values() if tx.reverses}
        due = {}
        for v in self.volunteers:
            old = out = 0
            for tx_id, tx in self.txs.items():
                if tx_id in reversed_ids or tx.reverses:
                    continue
                amount = tx.lines.get(v, 0)
                if amount > 0 and tx.on <= cutoff:
                    old += amount
                elif amount < 0:
                    out -= amount
            if old > out:
                due[v] = old - out
        return due

    def db_transaction(self, request_key: str) -> str:
        return self.conn.execute("SELECT id FROM points_transactions WHERE request_key = ?",
                                 (request_key,)).fetchone()[0]

    # ------------------------------------------------------------------------- the rules

    @initialize(target=transactions, days=st.lists(st.integers(0, 700), min_size=VOLUNTEERS,
                                                   max_size=VOLUNTEERS))
    def everyone_served_early_on(self, days):
        """Each volunteer starts with points from the first two years (so that there is
        something to spend, give, reverse and expire)."""
        return multiple(*(tx for i, day in enumerate(days)
                          if (tx := self.earn(i, day, "4")) is not None))

    @rule(target=transactions, who=st.integers(0, VOLUNTEERS - 1),
          day=st.integers(0, 3200), time=st.sampled_from(TIMES))
    def earn(self, who, day, time):
        """Hours recorded for an activity on ``day`` and approved: points earned then (none
        for under 15 minutes)."""
        v, on = self.volunteers[who], FIRST_DAY + dt.timedelta(days=day)
        aid = add_activity(self.centre, self.admin, on=on, name=f"活动{next(self.keys)}")
        hours.record_hours(self.centre, actor=self.admin, activity_id=aid, volunteer_ids=[v],
                           hours=time)
        [record] = [p.record_id for p in hours.approval_queue(self.centre, actor=self.admin)]
        points = points_for(counted_minutes(parse_hours(time)), 10)  # 10 points an hour
        result = hours.approve_hours(self.centre, actor=self.admin, record_ids=[record])
        assert result.points == points
        self.approved.append(record)
        if not points:  # under 15 minutes count nothing, and earn nothing
            return None
        tx_id = self.db_transaction(f"earn:{record}")
        self.txs[tx_id] = Tx(EntryKind.EARN, on, {"issued": -points, v: points})
        return tx_id

    @rule(target=requests, who=st.integers(0, VOLUNTEERS - 1), points=st.integers(1, 40))
    def redeem(self, who, points):
        v = self.volunteers[who]
        kwargs = {"volunteer_id": v, "points": points, "reason": "兑换",
                  "request_key": self.key("sale")}
        return self._apply("redeem_points", kwargs, v, {v: -points, "redeemed": points},
                           EntryKind.REDEEM)

    @rule(target=requests, giver=st.integers(0, VOLUNTEERS - 1),
          taker=st.integers(1, VOLUNTEERS - 1), points=st.integers(1, 30))
    def donate(self, giver, taker, points):
        v, w = self.volunteers[giver], self.volunteers[(giver + taker) % VOLUNTEERS]
        kwargs = {"from_volunteer_id": v, "to_volunteer_id": w, "points": points,
                  "reason": "", "request_key": self.key("gift")}
        return self._apply("donate_points", kwargs, v, {v: -points, w: points},
                           EntryKind.DONATE)

    def _apply(self, service: str, kwargs: dict, payer: str, lines: dict[str, int],
               kind: EntryKind):
        before = self.rows()
        call = getattr(ledger, service)
        if self.balance(payer) + lines[payer] < 0:
            with pytest.raises(NotEnoughPoints):
                call(self.centre, actor=self.admin, **kwargs)
            assert self.rows() == before
            return None
        posted = call(self.centre, actor=self.admin, **kwargs)
        assert not posted.replayed
        self.txs[posted.transaction_id] = Tx(kind, dt.date.today(), lines)
        return Request(service, kwargs, posted.transaction_id)

    @rule(request=requests)
    def replay(self, request):
        """The same request again (a double click, the till saving twice): nothing more."""
        if request is None:
            return
        before = self.rows()
        posted = getattr(ledger, request.service)(self.centre, actor=self.admin,
                                                  **request.kwargs)
        assert posted.replayed and posted.transaction_id == request.transaction_id
        assert self.rows() == before

    @rule(request=requests, more=st.integers(1, 5))
    def replay_with_other_points(self, request, more):
        if request is None:
            return
        before = self.rows()
        with pytest.raises(ValidationError, match="已按不同的积分记录过"):
            getattr(ledger, request.service)(self.centre, actor=self.admin, **{
                **request.kwargs, "points": request.kwargs["points"] + more})
        assert self.rows() == before

    @rule(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=3))
    def approve_again(self, picks):
        if not self.approved:
            return
        before = self.rows()
        ids = [self.approved[i % len(self.approved)] for i in picks]
        assert hours.approve_hours(self.centre, actor=self.admin, record_ids=ids) == \
            hours.Decided(0, 0)
        assert self.rows() == before

    @rule(target=transactions, tx=st.one_of(transactions, requests))
    def reverse(self, tx):
        tx_id = tx.transaction_id if isinstance(tx, Request) else tx
        if tx_id is None:
            return None
        original = self.txs[tx_id]
        before = self.rows()
        done = next((i for i, t in self.txs.items() if t.reverses == tx_id), None)
        if original.kind == EntryKind.EXPIRE:  # FIFO would expire the same points again
            with pytest.raises(ValidationError, match="过期积分不能冲正"):
                ledger.reverse_points(self.centre, actor=self.admin, transaction_id=tx_id,
                                      reason="冲正")
            assert self.rows() == before
            return None
        if original.kind == EntryKind.REVERSE:
            with pytest.raises(ValidationError, match="不能再冲正"):
                ledger.reverse_points(self.centre, actor=self.admin, transaction_id=tx_id,
                                      reason="冲正")
            assert self.rows() == before
            return None
        if done is not None:
            posted = ledger.reverse_points(self.centre, actor=self.admin, transaction_id=tx_id,
                                           reason="冲正")
            assert posted.replayed and posted.transaction_id == done
            assert self.rows() == before
            return None
        mirror = {account: -amount for account, amount in original.lines.items()}
        if any(account in self.volunteers and self.balance(account) + amount < 0
               for account, amount in mirror.items()):
            with pytest.raises(NotEnoughPoints):
                ledger.reverse_points(self.centre, actor=self.admin, transaction_id=tx_id,
                                      reason="冲正")
            assert self.rows() == before
            return None
        posted = ledger.reverse_points(self.centre, actor=self.admin, transaction_id=tx_id,
                                       reason="冲正")
        assert not posted.replayed
        self.txs[posted.transaction_id] = Tx(EntryKind.REVERSE, dt.date.today(), mirror,
                                             reverses=tx_id)
        return posted.transaction_id

    @rule(target=transactions, days=st.integers(0, 400), twice=st.booleans())
    def expire(self, days, twice):
        """The expiry run on a later day (the date moves forward, as the calendar does, up to
        today: expiry is never run ahead of time)."""
        self.expiry_day = min(self.expiry_day + dt.timedelta(days=days), dt.date.today())
        on = self.expiry_day
        due = self.expected_expiry(on)
        known = set(self.txs)
        result = ledger.expire_points(self.centre, actor=self.admin, on=on)
        assert (result.volunteers, result.points) == (len(due), sum(due.values()))
        made = self.conn.execute(
            "SELECT t.id, a.volunteer_id, e.amount FROM points_transactions t "
            "JOIN points_entries e ON e.transaction_id = t.id "
            "JOIN points_accounts a ON a.id = e.account_id "
            "WHERE t.kind = 'expire' AND a.volunteer_id IS NOT NULL").fetchall()
        new = {tx_id: (v, -amount) for tx_id, v, amount in made if tx_id not in known}
        assert sorted(new.values()) == sorted(due.items())
        for tx_id, (v, amount) in new.items():
            self.txs[tx_id] = Tx(EntryKind.EXPIRE, on, {v: -amount, "expired": amount})
        if twice:  # the same day again: nothing more expires
            before = self.rows()
            assert ledger.expire_points(self.centre, actor=self.admin, on=on) == \
                ledger.ExpiryResult(0, 0)
            assert self.rows() == before
        return next(iter(new), None)

    # ------------------------------------------------------------------------ invariants

    @invariant()
    def the_ledger_is_sound_and_agrees_with_the_model(self):
        c = self.conn
        assert c.execute("SELECT COALESCE(SUM(amount), 0) FROM points_entries"
                         ).fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM (SELECT transaction_id FROM points_entries "
                         "GROUP BY transaction_id HAVING SUM(amount) != 0)").fetchone()[0] == 0
        raw = dict(c.execute(
            "SELECT a.volunteer_id, SUM(e.amount) FROM points_entries e "
            "JOIN points_accounts a ON a.id = e.account_id "
            "WHERE a.volunteer_id IS NOT NULL GROUP BY a.volunteer_id").fetchall())
        balances = ledger.ledger_balances(self.centre, actor=self.admin)
        assert balances.total == 0
        assert balances.entries == c.execute("SELECT COUNT(*) FROM points_entries"
                                             ).fetchone()[0]
        for v in self.volunteers:
            expected = self.balance(v)
            assert expected >= 0
            assert raw.get(v, 0) == expected, v
        reported = sorted(a.balance for a in balances.accounts if a.number is not None)
        assert reported == sorted(raw.values())
        assert len(self.txs) == c.execute("SELECT COUNT(*) FROM points_transactions"
                                          ).fetchone()[0]


def test_random_sequences_keep_the_ledger_sound(template):
    LedgerMachine.template = template
    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=40, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much]))

