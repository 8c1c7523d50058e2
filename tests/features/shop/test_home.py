"""The shop's home-page part (the card of today's sales; the 今日 lines: expired and expiring
food still in stock, goods running low, a past day not closed, a stock-take not finished —
each opening the shop's page on its tab) and the resident's section of the 360° page (welfare
gifts and group-buy orders, for the staff who manage the shop only)."""

from __future__ import annotations

import datetime as dt

from neighborcenter.core.home import HomePart
from neighborcenter.core.roles import Role
from neighborcenter.core.service import writes
from neighborcenter.features.register.resident_records import ResidentForm, save_resident
from neighborcenter.features.shop import dayclose, goods, till
from neighborcenter.features.shop.home import home_part, shop_section
from neighborcenter.features.shop.models import (
    ShopCampaign,
    ShopCampaignItem,
    ShopGift,
    ShopOrder,
    ShopOrderLine,
    ShopStocktake,
)
from neighborcenter.features.shop.rules import Hardship, MoveKind, Payment, Shelf
from neighborcenter.i18n import _
from neighborcenter.storage.models import utcnow
from tests.conftest import make_account
from tests.features.shop import add_product, key, volunteer_with_points

TODAY = dt.date.today()  # goods come in and sales are made today; the home is asked later
LATER = TODAY + dt.timedelta(days=5)


def tabs(part: HomePart) -> list[tuple[str, str, str]]:
    """(tab, show or day, kind) of each 今日 line; every line opens the shop's page."""
    out = []
    for item in part.today:
        assert item.view.page == "shop" and item.kind in ("review", "problem", "urgent")
        f = item.view.filters
        out.append((f["tab"], f.get("show") or f.get("day") or "", item.kind))
    return out


def test_a_role_without_the_shop_gets_nothing(db, admin):
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    add_product(db, admin, stock=1)
    assert home_part(db, actor=helper) == HomePart()


def test_a_quiet_shop_has_the_card_and_no_lines(db, admin, shop_volunteer):
    add_product(db, admin, stock=10)
    part = home_part(db, actor=shop_volunteer, today=TODAY)
    [card] = part.cards
    assert (card.key, card.value, card.view.filters) == ("shop_sales", 0, {"tab": "till"})
    assert part.today == ()
    assert home_part(db, actor=admin, today=TODAY).cards == ()  # the staff's: lines only


def test_expiring_expired_and_low(db, admin, shop_volunteer):
    milk = add_product(db, admin, "纯牛奶", shelf=Shelf.DAILY, price="3.5", points="",
                       stock=10, food=True, expires=(TODAY + dt.timedelta(days=6)).isoformat())
    add_product(db, admin, "挂面", shelf=Shelf.DAILY, price="5", points="", stock=10,
                food=True, expires=(TODAY + dt.timedelta(days=60)).isoformat())
    add_product(db, admin, "肥皂", shelf=Shelf.DAILY, price="3", points="", stock=2)
    # today: the milk expires within 7 days; the soap is low
    part = home_part(db, actor=shop_volunteer, today=TODAY)
    assert tabs(part) == [("goods", "expiring", "review"), ("goods", "low", "review")]
    assert "纯牛奶" in part.today[0].text and "挂面" not in part.today[0].text
    assert "肥皂" in part.today[1].text and "纯牛奶" not in part.today[1].text
    # a week later the milk has expired and is still there: a problem
    week = TODAY + dt.timedelta(days=7)
    part = home_part(db, actor=shop_volunteer, today=week)
    assert tabs(part)[0] == ("goods", "expiring", "problem") and "纯牛奶" in part.today[0].text
    # written off: nothing expiring any more
    goods.write_off(db, actor=admin, product_id=milk, quantity=10, reason="expired")
    part = home_part(db, actor=shop_volunteer, today=week)
    assert [t for t in tabs(part) if t[1] == "expiring"] == []
    # the milk, now 0 in stock, is running low with the soap
    [low] = [i for i in part.today if i.view.filters.get("show") == "low"]
    assert "纯牛奶" in low.text and "肥皂" in low.text


def test_a_past_day_with_sales_not_closed(db, admin, shop_volunteer):
    pid = add_product(db, admin, stock=10)
    card = volunteer_with_points(db, admin)
    till.checkout(db, actor=shop_volunteer, items=[(pid, 1)], payment=Payment.POINTS,
                  card=card, request_key=key(), on=TODAY)
    part = home_part(db, actor=shop_volunteer, today=TODAY)
    assert part.cards[0].value == 1 and tabs(part) == []  # today is not over yet
    part = home_part(db, actor=shop_volunteer, today=TODAY + dt.timedelta(days=1))
    assert tabs(part) == [("dayclose", TODAY.isoformat(), "problem")]
    assert part.cards[0].value == 0
    dayclose.close_day(db, actor=shop_volunteer, counted="200", on=TODAY)
    assert tabs(home_part(db, actor=shop_volunteer, today=LATER)) == []


@writes
def _stocktake(uow, *, actor) -> str:
    with uow:
        take = ShopStocktake(on=TODAY, started_by=actor.username)
        uow.session.add(take)
        uow.session.flush()
        uow.commit()
        return take.id


def test_an_open_stocktake(db, admin, shop_volunteer):
    add_product(db, admin, stock=10)
    _stocktake(db, actor=admin)
    assert tabs(home_part(db, actor=shop_volunteer, today=TODAY)) == [
        ("stocktake", "", "review")]


# ------------------------------------------------------------------------ the 360° page


def resident(db, admin, name: tuple[str, str] = ("李", "桂英")) -> str:
    return save_resident(db, actor=admin, form=ResidentForm(
        family_name=name[0], given_name=name[1], birth_date="1948-03-02", estate="幸福小区",
        building="3", unit="1", room="101"), confirmed_not_duplicate=True)


@writes
def _gift_and_order(uow, *, actor, rid: str, rice: str) -> None:
    """A gift of two bags of rice (its GIFT movement) and a paid, collected order."""
    with uow:
        s = uow.session
        gift = ShopGift(number="AX20261201-01", resident_id=rid, hardship=Hardship.SUBSISTENCE,
                        reason="冬季慰问", on=TODAY, signed_by="李桂英", signer_relation="本人",
                        recorded_by=actor.username)
        s.add(gift)
        s.flush()
        goods.move(s, actor=actor, product=goods.get_product(s, rice), kind=MoveKind.GIFT,
                   quantity=-2, on=TODAY, gift_id=gift.id)
        campaign = ShopCampaign(name="十二月团购", supplier="湖州果蔬合作社", order_by=TODAY,
                                collect_on=TODAY + dt.timedelta(days=3),
                                recorded_by=actor.username)
        s.add(campaign)
        s.flush()
        item = ShopCampaignItem(campaign_id=campaign.id, name="赣南脐橙", unit="箱",
                                price_fen=6800)
        s.add(item)
        s.flush()
        order = ShopOrder(campaign_id=campaign.id, number=7, resident_id=rid,
                          customer_name="李桂英", phone="13900001111", paid_fen=13600,
                          paid_on=TODAY, collected_at=utcnow(), collected_by="女儿",
                          recorded_by=actor.username)
        s.add(order)
        s.flush()
        s.add(ShopOrderLine(order_id=order.id, item_id=item.id, quantity=2))
        apples = ShopCampaignItem(campaign_id=campaign.id, name="烟台苹果", unit="箱",
                                  price_fen=5000)
        s.add(apples)
        s.flush()  # ordered, then taken off the order: a line of ×0
        s.add(ShopOrderLine(order_id=order.id, item_id=apples.id, quantity=0))
        uow.commit()


def test_the_resident_section_for_the_staff_only(db, admin, shop_volunteer, social_worker):
    rid = resident(db, admin)
    other = resident(db, admin, ("王", "建国"))
    rice = add_product(db, admin, stock=10)
    _gift_and_order(db, actor=admin, rid=rid, rice=rice)
    assert shop_section(db, actor=shop_volunteer, resident_id=rid) is None
    assert shop_section(db, actor=social_worker, resident_id=other) is None  # nothing there
    section = shop_section(db, actor=social_worker, resident_id=rid)
    assert section is not None and section.title == _("Community shop")
    gift, order = section.rows
    assert "大米 5kg ×2袋" in gift[1] and "AX20261201-01" in gift[1]
    assert Hardship.SUBSISTENCE.label in gift[2] and "李桂英" in gift[2]
    assert "冬季慰问" in gift[2]
    assert "十二月团购" in order[1] and "赣南脐橙 ×2箱" in order[1] and "7" in order[1]
    assert "烟台苹果" not in order[1]  # taken off the order
    assert "¥136.00" in order[2] and "女儿" in order[2]
    assert "13900001111" not in " ".join(" ".join(r) for r in section.rows)  # no phone
