"""倾心铺, the group buy, through its services: the campaign's steps in order, the most per
order, payments and refunds in the day close, collection only after the goods arrived, the
接龙 numbers, and what a shop volunteer sees of a customer (name and masked phone)."""

import datetime as dt

import pytest

from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.resident_records import ResidentForm, save_resident
from neighborcenter.features.shop import dayclose, groupbuy
from neighborcenter.features.shop.rules import CampaignStatus
from tests.conftest import sql

DAY = dt.date(2026, 12, 1)
ORDER_BY = dt.date(2026, 12, 10)


def campaign(db, actor, name: str = "12月团购") -> str:
    return groupbuy.save_campaign(db, actor=actor, form=groupbuy.CampaignForm(
        name=name, supplier="湖州鲜果合作社", order_by=ORDER_BY,
        collect_on=dt.date(2026, 12, 15)))


def item(db, actor, cid: str, name: str = "赣南脐橙 5斤", price: str = "29.9",
         most: str = "2", unit: str = "箱") -> str:
    return groupbuy.save_item(db, actor=actor, form=groupbuy.ItemForm(
        campaign_id=cid, name=name, unit=unit, price=price, most=most))


def resident(db, actor, name: str = "王秀英", phone: str = "13812345678") -> str:
    return save_resident(db, actor=actor, form=ResidentForm(
        family_name=name[0], given_name=name[1:], id_number="", phone=phone,
        estate="幸福小区", building="3", unit="1", room="201"), confirmed_not_duplicate=True)


@pytest.fixture
def shop(db, admin):
    cid = campaign(db, admin)
    return cid, item(db, admin, cid), item(db, admin, cid, "东北大米 10斤", "45", "")


def advance(db, actor, cid: str, *steps: CampaignStatus) -> None:
    for step in steps:
        groupbuy.set_status(db, actor=actor, campaign_id=cid, status=step)


# ------------------------------------------------------------------------- the campaign


def test_collection_is_not_before_the_last_day_for_orders(db, admin):
    with pytest.raises(ValidationError, match="2026-12-09") as err:
        groupbuy.save_campaign(db, actor=admin, form=groupbuy.CampaignForm(
            name="错", supplier="某", order_by=ORDER_BY, collect_on=dt.date(2026, 12, 9)))
    assert err.value.field == "collect_on"


def test_status_goes_one_step_at_a_time(db, admin, shop):
    cid, orange, _rice = shop
    with pytest.raises(ValidationError, match="还没有订单"):
        advance(db, admin, cid, CampaignStatus.ORDERED)
    groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                         lines={orange: 1}, on=DAY)
    with pytest.raises(ValidationError):
        advance(db, admin, cid, CampaignStatus.ARRIVED)  # skipping ORDERED
    advance(db, admin, cid, CampaignStatus.ORDERED, CampaignStatus.ARRIVED)
    with pytest.raises(ValidationError):
        advance(db, admin, cid, CampaignStatus.ORDERED)  # never back
    with pytest.raises(ValidationError, match="1"):
        advance(db, admin, cid, CampaignStatus.CLOSED)  # order 1 not collected
    assert groupbuy.campaign_view(db, actor=admin, campaign_id=cid).campaign.status \
        == CampaignStatus.ARRIVED


def test_a_shop_volunteer_takes_orders_but_does_not_run_the_campaign(db, admin, shop_volunteer,
                                                                     shop):
    cid, orange, _rice = shop
    with pytest.raises(PermissionDenied):
        campaign(db, shop_volunteer, "志愿者的团购")
    with pytest.raises(PermissionDenied):
        item(db, shop_volunteer, cid, "苹果")
    with pytest.raises(PermissionDenied):
        advance(db, shop_volunteer, cid, CampaignStatus.ORDERED)
    order = groupbuy.place_order(db, actor=shop_volunteer, campaign_id=cid, name="李阿姨",
                                 lines={orange: "1"}, on=DAY)
    assert order.number == 1


def test_items_change_only_while_orders_are_taken(db, admin, shop):
    cid, orange, rice = shop
    groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨", lines={orange: 1},
                         on=DAY)
    with pytest.raises(ValidationError, match="1"):
        groupbuy.withdraw_item(db, actor=admin, item_id=orange)  # order 1 has it
    groupbuy.withdraw_item(db, actor=admin, item_id=rice)
    view = groupbuy.campaign_view(db, actor=admin, campaign_id=cid)
    assert [i.name for i in view.items] == ["赣南脐橙 5斤"]
    advance(db, admin, cid, CampaignStatus.ORDERED)
    with pytest.raises(ValidationError):
        item(db, admin, cid, "苹果")


# ------------------------------------------------------------------------------- orders


def test_orders_take_the_next_jielong_number_and_stay_within_the_most(db, admin, shop):
    cid, orange, rice = shop
    with pytest.raises(ValidationError, match="2") as err:
        groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 3}, on=DAY)
    assert err.value.field == "lines"
    with pytest.raises(ValidationError):
        groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: "", rice: "0"}, on=DAY)
    with pytest.raises(ValidationError):
        groupbuy.place_order(db, actor=admin, campaign_id=cid, name="  ",
                             lines={orange: 1}, on=DAY)
    first = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                                 lines={orange: 2, rice: 5}, on=DAY)
    second = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="张师傅",
                                  phone="139 1234 5678", lines={rice: 1}, on=DAY)
    assert (first.number, second.number) == (1, 2)
    assert first.due_fen == 2 * 2990 + 5 * 4500
    assert first.goods == "赣南脐橙 5斤 ×2、东北大米 10斤 ×5"
    view = groupbuy.campaign_view(db, actor=admin, campaign_id=cid)
    assert {i.name: i.ordered for i in view.items} == {"赣南脐橙 5斤": 2, "东北大米 10斤": 6}
    assert view.totals.due_fen == first.due_fen + 4500


def test_no_orders_after_the_last_day(db, admin, shop):
    cid, orange, _rice = shop
    with pytest.raises(ValidationError, match="2026-12-10"):
        groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 1}, on=ORDER_BY + dt.timedelta(days=1))
    groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨", lines={orange: 1},
                         on=ORDER_BY)


def test_a_change_keeps_the_number_and_a_line_taken_off_is_not_counted(db, admin, shop):
    cid, orange, rice = shop
    order = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                                 lines={orange: 1, rice: 1}, on=DAY)
    changed = groupbuy.change_order(db, actor=admin, order_id=order.id,
                                    lines={orange: 2, rice: 0})
    assert changed.number == 1 and changed.goods == "赣南脐橙 5斤 ×2"
    assert groupbuy.supplier_list(db, actor=admin, campaign_id=cid).lines == (
        groupbuy.SupplierLine("赣南脐橙 5斤", "箱", 2990, 2),)
    with pytest.raises(ValidationError):
        groupbuy.change_order(db, actor=admin, order_id=order.id, lines={orange: 3})


def test_a_resident_from_the_register_is_copied_by_name(db, admin, shop):
    cid, orange, _rice = shop
    rid = resident(db, admin)
    order = groupbuy.place_order(db, actor=admin, campaign_id=cid, resident_id=rid,
                                 lines={orange: 1}, on=DAY)
    assert order.name == "王秀英" and order.from_register
    assert order.phone == "13812345678"  # the staff see the phone
    stored = sql(db).execute("SELECT resident_id, customer_name FROM shop_orders").fetchone()
    assert tuple(stored) == (rid, "王秀英")


def test_a_shop_volunteer_sees_names_and_masked_phones_only(db, admin, shop_volunteer, shop):
    cid, orange, _rice = shop
    resident(db, admin)
    found = groupbuy.find_customers(db, actor=shop_volunteer, query="王秀英")
    assert [(c.name, c.phone) for c in found] == [("王秀英", "138****5678")]
    assert set(vars(found[0])) == {"id", "name", "phone"}  # nothing else of the register
    order = groupbuy.place_order(db, actor=shop_volunteer, campaign_id=cid,
                                 resident_id=found[0].id, lines={orange: 1}, on=DAY)
    assert order.phone == "138****5678"
    rows = groupbuy.campaign_view(db, actor=shop_volunteer, campaign_id=cid).orders
    assert [o.phone for o in rows] == ["138****5678"]
    collection = groupbuy.collection_list(db, actor=admin, campaign_id=cid)
    assert [r.phone for r in collection.rows] == ["138****5678"]  # masked for everyone


def test_no_order_in_the_name_of_a_resident_who_died(db, admin, shop):
    cid, orange, _rice = shop
    rid = resident(db, admin)
    rec.change_residence(db, actor=admin, resident_id=rid, kind=rec.ResidenceEventKind.DECEASED,
                         on="2026-11-01", destination="")
    with pytest.raises(ValidationError, match="王秀英") as refused:
        groupbuy.place_order(db, actor=admin, campaign_id=cid, resident_id=rid,
                             lines={orange: 1}, on=DAY)
    assert refused.value.field == "resident"
    assert groupbuy.campaign_view(db, actor=admin, campaign_id=cid).orders == ()


def test_a_counter_finds_a_resident_by_name_or_the_last_4_phone_digits_only(
        db, admin, shop_volunteer):
    rid = resident(db, admin)
    resident(db, admin, "张100%", phone="13900001111")
    def names(q):
        return [c.name for c in groupbuy.find_customers(db, actor=shop_volunteer, query=q)]
    assert names("秀英") == names("wxy") == names("5678") == ["王秀英"]
    # not the address, not a longer part of the phone (the till is not a phone book)
    assert names("3栋1单元201") == [] and names("幸福小区") == []
    for longer in ("12345678", "13812345678", "678"):
        with pytest.raises(ValidationError) as refused:
            groupbuy.find_customers(db, actor=shop_volunteer, query=longer)
        assert refused.value.field == "query"
    # what is typed is text, not a pattern: "%" finds the name with a "%" in it only
    assert names("%") == ["张100%"] and names("_") == []
    assert rid


# ---------------------------------------------------- money: paid, refunded, the day close


def test_payment_and_refund_count_in_the_day_close(db, admin, shop):
    cid, orange, rice = shop
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 2}, on=DAY)
    b = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="张师傅",
                             lines={rice: 1}, on=DAY)
    paid = groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)
    assert (paid.paid_fen, paid.paid_on) == (5980, DAY)
    with pytest.raises(ValidationError):
        groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)  # once
    with pytest.raises(ValidationError):
        groupbuy.change_order(db, actor=admin, order_id=a.id, lines={orange: 1})
    groupbuy.mark_paid(db, actor=admin, order_id=b.id, on=DAY)
    later = DAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        groupbuy.cancel_order(db, actor=admin, order_id=b.id, reason="", on=later)
    gone = groupbuy.cancel_order(db, actor=admin, order_id=b.id, reason="不要了", on=later)
    assert gone.refunded_fen == 4500 and gone.cancelled
    first = dayclose.day_summary(db, actor=admin, on=DAY)
    second = dayclose.day_summary(db, actor=admin, on=later)
    assert first.cash.group_buy_fen == 5980 + 4500
    assert (second.cash.group_buy_fen, second.refunds_fen) == (-4500, 4500)
    view = groupbuy.campaign_view(db, actor=admin, campaign_id=cid)
    assert (view.totals.orders, view.totals.cancelled, view.totals.paid_fen,
            view.totals.refunded_fen) == (1, 1, 5980, 4500)
    assert groupbuy.supplier_list(db, actor=admin, campaign_id=cid).lines == (
        groupbuy.SupplierLine("赣南脐橙 5斤", "箱", 2990, 2),)


def test_a_price_stays_once_an_order_at_it_is_paid(db, admin, shop):
    cid, orange, _rice = shop
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 2}, on=DAY)
    def reprice(price):
        groupbuy.save_item(db, actor=admin, form=groupbuy.ItemForm(
            campaign_id=cid, name="赣南脐橙 5斤", unit="箱", price=price, most="2", id=orange))
    reprice("27.9")  # not paid yet: the order now comes to the new price
    assert groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY).paid_fen == 5580
    with pytest.raises(ValidationError) as refused:
        reprice("25")
    assert refused.value.field == "price" and str(a.number) in str(refused.value)
    view = groupbuy.campaign_view(db, actor=admin, campaign_id=cid)
    [row] = view.orders
    assert (row.due_fen, row.paid_fen) == (5580, 5580)


def test_a_closed_day_takes_no_payment_or_refund(db, admin, shop):
    cid, orange, _rice = shop
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 1}, on=DAY)
    b = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="张师傅",
                             lines={orange: 1}, on=DAY)
    groupbuy.mark_paid(db, actor=admin, order_id=b.id, on=DAY)
    summary = dayclose.day_summary(db, actor=admin, on=DAY)
    dayclose.close_day(db, actor=admin, counted=summary.cash.expected_fen / 100, on=DAY,
                       today=DAY)
    with pytest.raises(ValidationError, match="日结"):
        groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)
    with pytest.raises(ValidationError, match="日结"):
        groupbuy.cancel_order(db, actor=admin, order_id=b.id, reason="不要了", on=DAY)
    view = groupbuy.campaign_view(db, actor=admin, campaign_id=cid)
    assert [(o.paid, o.cancelled) for o in view.orders] == [(False, False), (True, False)]
    # an unpaid order is cancelled on a closed day: no money moves
    groupbuy.cancel_order(db, actor=admin, order_id=a.id, reason="不要了", on=DAY)


def test_goods_are_collected_only_after_they_arrived(db, admin, shop_volunteer, shop):
    cid, orange, _rice = shop
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 1}, on=DAY)
    groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)
    with pytest.raises(ValidationError):
        groupbuy.mark_collected(db, actor=shop_volunteer, order_id=a.id, by="李阿姨")
    advance(db, admin, cid, CampaignStatus.ORDERED)
    with pytest.raises(ValidationError):
        groupbuy.mark_collected(db, actor=shop_volunteer, order_id=a.id, by="李阿姨")
    advance(db, admin, cid, CampaignStatus.ARRIVED)
    with pytest.raises(ValidationError):
        groupbuy.mark_collected(db, actor=shop_volunteer, order_id=a.id, by="")
    done = groupbuy.mark_collected(db, actor=shop_volunteer, order_id=a.id, by="李阿姨的女儿")
    assert done.collected and done.collected_by == "李阿姨的女儿"
    with pytest.raises(ValidationError):
        groupbuy.cancel_order(db, actor=admin, order_id=a.id, reason="不要了", on=DAY)
    rows = groupbuy.collection_list(db, actor=shop_volunteer, campaign_id=cid).rows
    assert [(r.number, r.paid, r.collected) for r in rows] == [(1, True, True)]
    advance(db, admin, cid, CampaignStatus.CLOSED)


def test_an_unpaid_order_is_not_handed_over(db, admin, shop):
    cid, orange, _rice = shop
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 1}, on=DAY)
    advance(db, admin, cid, CampaignStatus.ORDERED, CampaignStatus.ARRIVED)
    with pytest.raises(ValidationError, match="收款"):
        groupbuy.mark_collected(db, actor=admin, order_id=a.id, by="李阿姨")


def test_every_write_is_audited(db, admin, shop):
    cid, orange, _rice = shop
    before = sql(db).execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="李阿姨",
                             lines={orange: 1}, on=DAY)
    groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)
    groupbuy.cancel_order(db, actor=admin, order_id=a.id, reason="不要了", on=DAY)
    assert sql(db).execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == before + 3
