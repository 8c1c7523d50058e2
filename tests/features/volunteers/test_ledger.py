"""The points ledger: double entry summing to zero, idempotent requests, reversals, balances
that never go negative, first-in-first-out expiry, the append-only tables and who may do
what."""

import datetime as dt

import pytest

from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.volunteers import ledger, people
from neighborcenter.features.volunteers.ledger import NotEnoughPoints
from neighborcenter.features.volunteers.rules import CentreAccount, EntryKind, volunteer_number
from neighborcenter.features.volunteers.settings import (
    VolunteerSettings,
    get_volunteer_settings,
    save_volunteer_settings,
)
from tests.conftest import sql
from tests.features.volunteers import add_volunteer, approved_hours, ledger_rows


@pytest.fixture
def zhang(db, admin) -> str:
    return add_volunteer(db, admin, "张桂英")


@pytest.fixture
def li(db, admin) -> str:
    return add_volunteer(db, admin, "李建华")


def balance(db, admin, volunteer_id: str) -> int:
    return ledger.volunteer_statement(db, actor=admin, volunteer=volunteer_id).balance


def kinds(db, admin, volunteer_id: str) -> list[tuple[EntryKind, int]]:
    return [(line.kind, line.amount) for line in
            ledger.volunteer_statement(db, actor=admin, volunteer=volunteer_id).lines]


def assert_sound(db, admin):
    """The ledger sums to zero (by the service and by raw SQL) and no volunteer is below 0."""
    balances = ledger.ledger_balances(db, actor=admin)
    assert balances.total == 0
    assert ledger_rows(sql(db))[0] == 0
    assert all(a.balance >= 0 for a in balances.accounts if a.number is not None)


def test_approved_hours_earn_points_from_the_centres_issued_account(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2")  # 10 points an hour by default
    assert balance(db, admin, zhang) == 20
    balances = ledger.ledger_balances(db, actor=admin)
    by_label = {a.label: a.balance for a in balances.accounts}
    assert by_label[CentreAccount.ISSUED.label] == -20 and by_label["张桂英"] == 20
    assert balances.accounts[0].number is None  # the centre's accounts come first
    assert (balances.total, balances.entries) == (0, 2)
    assert_sound(db, admin)


def test_the_same_request_twice_has_one_effect(db, admin, zhang):
    approved_hours(db, admin, [zhang], "3")
    first = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=12,
                                 reason="毛巾", request_key="sale:1")
    again = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points="12",
                                 reason="毛巾", request_key="sale:1")
    assert not first.replayed and again.replayed
    assert again.transaction_id == first.transaction_id
    assert balance(db, admin, zhang) == 18
    assert ledger_rows(sql(db))[1] == 4  # earn 2 + redeem 2, not 6


def test_the_same_request_key_with_other_points_is_refused_and_changes_nothing(db, admin,
                                                                               zhang):
    approved_hours(db, admin, [zhang], "3")
    ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=12, reason="毛巾",
                         request_key="sale:1")
    before = ledger_rows(sql(db))
    with pytest.raises(ValidationError, match="已按不同的积分记录过"):
        ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=5, reason="毛巾",
                             request_key="sale:1")
    assert ledger_rows(sql(db)) == before
    assert balance(db, admin, zhang) == 18


def test_a_balance_never_goes_below_zero(db, admin, zhang, li):
    approved_hours(db, admin, [zhang], "1")
    before = ledger_rows(sql(db))
    with pytest.raises(NotEnoughPoints):
        ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=11, reason="米",
                             request_key="sale:big")
    with pytest.raises(NotEnoughPoints):
        ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=li,
                             points=11, reason="", request_key="gift:big")
    with pytest.raises(NotEnoughPoints):
        ledger.adjust_points(db, actor=admin, volunteer_id=li, points=-1, reason="多发",
                             request_key="adj:li")
    assert ledger_rows(sql(db)) == before
    # and nothing half-written: the refused request keys are free for a proper request
    ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=10, reason="米",
                         request_key="sale:big")
    assert balance(db, admin, zhang) == 0
    assert_sound(db, admin)


def test_points_given_to_another_volunteer_move_between_their_accounts(db, admin, zhang, li):
    approved_hours(db, admin, [zhang], "2")
    ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=li,
                         points=8, reason="给邻居", request_key="gift:1")
    assert (balance(db, admin, zhang), balance(db, admin, li)) == (12, 8)
    assert kinds(db, admin, li) == [(EntryKind.DONATE, 8)]
    with pytest.raises(ValidationError):
        ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=zhang,
                             points=1, reason="", request_key="gift:self")
    with pytest.raises(ValidationError):
        ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=li,
                             points=-3, reason="", request_key="gift:negative")
    assert_sound(db, admin)


@pytest.mark.parametrize("points", ["", "abc", "1.5", 0, 1_000_001, True])
def test_points_are_whole_numbers_in_range(db, admin, zhang, points):
    approved_hours(db, admin, [zhang], "1")
    with pytest.raises(ValidationError):
        ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=points, reason="x",
                             request_key="k")


def test_a_redemption_needs_a_reason_and_never_touches_the_hours(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2")
    with pytest.raises(ValidationError):
        ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=5, reason=" ",
                             request_key="k")
    ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=20, reason="油",
                         request_key="k")
    profile = people.volunteer_profile(db, actor=admin, volunteer=zhang)
    assert (profile.minutes, profile.points) == (120, 0)


def test_a_reversal_mirrors_the_movement_once_and_is_not_reversed_itself(db, admin, zhang):
    approved_hours(db, admin, [zhang], "3")
    sale = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=10, reason="毛巾",
                                request_key="sale:1")
    undo = ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id,
                                 reason="退货")
    again = ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id,
                                  reason="退货")
    assert not undo.replayed and again.replayed and again.transaction_id == undo.transaction_id
    assert balance(db, admin, zhang) == 30
    lines = ledger.volunteer_statement(db, actor=admin, volunteer=zhang).lines
    assert [(line.kind, line.amount, line.balance, line.reversed) for line in lines] == [
        (EntryKind.EARN, 30, 30, False), (EntryKind.REDEEM, -10, 20, True),
        (EntryKind.REVERSE, 10, 30, False)]
    with pytest.raises(ValidationError, match="不能再冲正"):
        ledger.reverse_points(db, actor=admin, transaction_id=undo.transaction_id,
                              reason="再冲")
    with pytest.raises(ValidationError):
        ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id, reason="")
    with pytest.raises(NotFound):
        ledger.reverse_points(db, actor=admin, transaction_id="nope", reason="x")
    assert_sound(db, admin)


def test_reversing_an_earning_whose_points_were_spent_is_refused(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2")
    earned = ledger.volunteer_statement(db, actor=admin, volunteer=zhang).lines[0]
    ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=15, reason="米",
                         request_key="sale:1")
    before = ledger_rows(sql(db))
    with pytest.raises(NotEnoughPoints):
        ledger.reverse_points(db, actor=admin, transaction_id=earned.transaction_id,
                              reason="误批")
    assert ledger_rows(sql(db)) == before
    assert balance(db, admin, zhang) == 5


def test_an_adjustment_goes_up_or_down_against_the_adjustments_account(db, admin, zhang):
    ledger.adjust_points(db, actor=admin, volunteer_id=zhang, points=30, reason="补录",
                         request_key="adj:1")
    ledger.adjust_points(db, actor=admin, volunteer_id=zhang, points="-10", reason="多发",
                         request_key="adj:2")
    assert balance(db, admin, zhang) == 20
    by_label = {a.label: a.balance for a in ledger.ledger_balances(db, actor=admin).accounts}
    assert by_label[CentreAccount.ADJUSTMENTS.label] == -20
    assert_sound(db, admin)


# ------------------------------------------------------------------------------ expiry


def test_older_points_expire_first_and_spending_uses_the_oldest(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2", on="2021-03-01")  # 20, old
    approved_hours(db, admin, [zhang], "3", on="2023-06-01")  # 30, newer
    ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=15, reason="米",
                         request_key="sale:1")  # uses 15 of the 2021 points
    # three years after 2021-03-01 but not after 2023-06-01: 5 old points are left to expire
    result = ledger.expire_points(db, actor=admin, on=dt.date(2024, 3, 2))
    assert (result.volunteers, result.points) == (1, 5)
    assert balance(db, admin, zhang) == 30
    assert kinds(db, admin, zhang)[-1] == (EntryKind.EXPIRE, -5)
    later = ledger.expire_points(db, actor=admin, on=dt.date(2026, 6, 2))
    assert (later.volunteers, later.points) == (1, 30)
    assert balance(db, admin, zhang) == 0
    by_label = {a.label: a.balance for a in ledger.ledger_balances(db, actor=admin).accounts}
    assert by_label[CentreAccount.EXPIRED.label] == 35
    assert_sound(db, admin)


def test_expiring_twice_on_a_day_does_nothing_the_second_time(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2", on="2021-03-01")
    on = dt.date(2025, 1, 1)
    assert ledger.expire_points(db, actor=admin, on=on).points == 20
    before = ledger_rows(sql(db))
    assert ledger.expire_points(db, actor=admin, on=on) == ledger.ExpiryResult(0, 0)
    assert ledger.expire_points(db, actor=admin, on=on + dt.timedelta(days=1)).points == 0
    assert ledger_rows(sql(db)) == before


def test_expiry_looks_past_a_reversed_pair(db, admin, zhang, li):
    approved_hours(db, admin, [zhang], "2", on="2021-03-01")  # 20 old points
    sale = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=10, reason="毛巾",
                                request_key="sale:1")
    ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id, reason="退货")
    [record] = approved_hours(db, admin, [li], "3", on="2021-04-01")
    earned = ledger.volunteer_statement(db, actor=admin, volunteer=li).lines[0]
    ledger.reverse_points(db, actor=admin, transaction_id=earned.transaction_id,
                          reason="误批")
    result = ledger.expire_points(db, actor=admin, on=dt.date(2025, 1, 1))
    # the sale and its reversal cancel out: all 20 of 张 expire; 李's reversed earning: none
    assert (result.volunteers, result.points) == (1, 20)
    assert balance(db, admin, zhang) == 0 and balance(db, admin, li) == 0
    assert_sound(db, admin)


def test_points_earned_for_old_hours_after_an_expiry_run_expire_on_the_same_day(db, admin,
                                                                                zhang):
    """Hours of an old activity approved late, and the expiry run again the same day: the
    new old points expire too (the day's first run does not block the second)."""
    approved_hours(db, admin, [zhang], "2", on="2021-03-01")
    on = dt.date(2025, 1, 1)
    assert ledger.expire_points(db, actor=admin, on=on).points == 20
    approved_hours(db, admin, [zhang], "1", on="2021-05-03", name="补录的探访")
    assert ledger.expire_points(db, actor=admin, on=on).points == 10
    assert balance(db, admin, zhang) == 0
    assert_sound(db, admin)


def test_points_do_not_expire_when_the_centre_says_so(db, admin, zhang):
    save_volunteer_settings(db, actor=admin, settings=VolunteerSettings(expiry_years=0))
    approved_hours(db, admin, [zhang], "2", on="2015-03-02")
    assert ledger.expire_points(db, actor=admin, on=dt.date(2026, 1, 1)).points == 0
    assert balance(db, admin, zhang) == 20


def test_the_statement_warns_of_points_expiring_within_the_notice_period(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2", on="2022-03-01")
    approved_hours(db, admin, [zhang], "1", on="2024-03-01")
    soon = ledger.volunteer_statement(db, actor=admin, volunteer=zhang,
                                      today=dt.date(2025, 1, 15))
    assert soon.expiring_points == 20 and soon.expiring_by == dt.date(2025, 4, 15)
    early = ledger.volunteer_statement(db, actor=admin, volunteer=zhang,
                                       today=dt.date(2024, 6, 1))
    assert early.expiring_points == 0


# -------------------------------------------------------------------- append-only, roles


def test_the_ledger_tables_refuse_update_and_delete(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2")
    conn = sql(db)
    for statement in ("UPDATE points_entries SET amount = amount + 1",
                      "DELETE FROM points_entries",
                      "UPDATE points_transactions SET reason = 'x'",
                      "DELETE FROM points_transactions"):
        with pytest.raises(Exception, match="append-only"):
            conn.execute(statement)
        conn.rollback()
    conn.close()
    assert balance(db, admin, zhang) == 20


def test_the_shop_volunteer_looks_up_a_card_and_redeems_and_nothing_else(db, admin, zhang,
                                                                         shop_volunteer):
    approved_hours(db, admin, [zhang], "2")
    number = people.volunteer_profile(db, actor=admin, volunteer=zhang).number
    card = people.volunteer_by_number(db, actor=shop_volunteer, number=number)
    assert (card.id, card.name, card.points, card.active) == (zhang, "张桂英", 20, True)
    posted = ledger.redeem_points(db, actor=shop_volunteer, volunteer_id=card.id, points=5,
                                  reason="肥皂", request_key="till:1")
    assert not posted.replayed and balance(db, admin, zhang) == 15
    for call in (
            lambda: ledger.volunteer_statement(db, actor=shop_volunteer, volunteer=zhang),
            lambda: ledger.ledger_balances(db, actor=shop_volunteer),
            lambda: ledger.adjust_points(db, actor=shop_volunteer, volunteer_id=zhang,
                                         points=100, reason="x", request_key="a"),
            lambda: ledger.reverse_points(db, actor=shop_volunteer,
                                          transaction_id=posted.transaction_id, reason="x"),
            lambda: ledger.donate_points(db, actor=shop_volunteer, from_volunteer_id=zhang,
                                         to_volunteer_id=zhang, points=1, reason="",
                                         request_key="d"),
            lambda: ledger.expire_points(db, actor=shop_volunteer),
            lambda: get_volunteer_settings(db, actor=shop_volunteer)):
        with pytest.raises(PermissionDenied):
            call()


def test_a_wrong_card_number_is_a_message(db, admin, zhang, shop_volunteer):
    with pytest.raises(ValidationError):
        people.volunteer_by_number(db, actor=shop_volunteer, number="12345678")
    with pytest.raises(NotFound):
        people.volunteer_by_number(db, actor=shop_volunteer, number=volunteer_number(999))


def test_find_volunteer_takes_an_id_or_a_number(db, admin, zhang):
    number = people.volunteer_profile(db, actor=admin, volunteer=zhang).number
    assert ledger.volunteer_statement(db, actor=admin, volunteer=number).volunteer_id == zhang
    with pytest.raises(NotFound):
        ledger.volunteer_statement(db, actor=admin, volunteer="10000990")


# --------------------------------------------------- what the read-through found (issue 13)


@pytest.mark.parametrize("points", [-500, "-500", 0])
def test_a_redemption_or_an_earning_of_negative_points_is_refused(db, admin, shop_volunteer,
                                                                  zhang, points):
    """A minus sign at the till must not turn a redemption into points out of nothing."""
    with pytest.raises(ValidationError):
        ledger.redeem_points(db, actor=shop_volunteer, volunteer_id=zhang, points=points,
                             reason="毛巾", request_key="sale-neg")
    with db.unit_of_work(write=True) as uow, pytest.raises(ValidationError):
        ledger.earn(uow.session, actor=admin, volunteer_id=zhang, points=points,
                    request_key="earn-neg", on=dt.date(2025, 3, 3))
    assert balance(db, admin, zhang) == 0 and ledger_rows(sql(db)) == (0, 0)


def test_a_refused_redemption_leaves_nothing_for_a_caller_that_goes_on(db, admin, zhang):
    """Another feature (the shop) may catch NotEnoughPoints and sell for cash instead, then
    commit its unit of work: the refused movement must not be in it."""
    approved_hours(db, admin, [zhang], "1")  # 10 points
    with db.unit_of_work(write=True) as uow:
        with pytest.raises(NotEnoughPoints):
            ledger.redeem(uow.session, actor=admin, volunteer_id=zhang, points=40,
                          request_key="sale-7")
        uow.commit()
    assert balance(db, admin, zhang) == 10
    assert sql(db).execute("SELECT COUNT(*) FROM points_transactions WHERE request_key = "
                           "'sale-7'").fetchone() == (0,)


def test_expiry_is_never_run_ahead_of_time_and_an_expiry_is_not_reversed(db, admin, zhang):
    approved_hours(db, admin, [zhang], "2", on="2021-03-03")
    with pytest.raises(ValidationError, match="不能提前"):
        ledger.expire_points(db, actor=admin, on=dt.date.today() + dt.timedelta(days=1))
    assert ledger.expire_points(db, actor=admin).points == 20
    [expiry] = [line for line in ledger.volunteer_statement(db, actor=admin,
                                                            volunteer=zhang).lines
                if line.kind == EntryKind.EXPIRE]
    with pytest.raises(ValidationError, match="过期积分不能冲正"):
        ledger.reverse_points(db, actor=admin, transaction_id=expiry.transaction_id,
                              reason="误操作")
    assert balance(db, admin, zhang) == 0


def test_a_card_of_a_resident_who_died_is_no_longer_valid_at_the_till(db, admin,
                                                                      shop_volunteer):
    from neighborcenter.features.register import resident_records as rec

    rid = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="沈", given_name="阿毛", id_number=""))
    vid = people.save_volunteer(db, actor=admin, form=people.VolunteerForm(
        resident_id=rid, consent_on="2025-01-06"))
    approved_hours(db, admin, [vid], "2")
    number = people.volunteer_profile(db, actor=admin, volunteer=vid).number
    assert people.volunteer_by_number(db, actor=shop_volunteer, number=number).active
    rec.change_residence(db, actor=admin, resident_id=rid, kind=rec.ResidenceEventKind.DECEASED,
                         on="2026-02-01")
    card = people.volunteer_by_number(db, actor=shop_volunteer, number=number)
    assert not card.active and card.points == 20
    with pytest.raises(ValidationError, match="志愿者证已失效"):
        ledger.redeem_points(db, actor=shop_volunteer, volunteer_id=vid, points=5,
                             reason="毛巾", request_key="sale-dead")
    assert people.list_volunteers(db, actor=admin) == []
