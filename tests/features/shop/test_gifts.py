"""Welfare gifts (爱心发放): the gift and its stock movements together or not at all, numbers
by day, only for residents on the register now, the hardship suggested by the tags, a void
that puts the goods back, staff only, and the resident's 360° lines."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.audit import list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.shop import dayclose, gifts, goods
from neighborcenter.features.shop.rules import Hardship
from tests.conftest import sql
from tests.features.shop import add_product
from tests.features.visits import add_elder_resident

DAY = dt.date(2026, 11, 20)


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def give(db, actor, rid, items, **more):
    more.setdefault("hardship", Hardship.SUBSISTENCE)
    return gifts.give_gift(db, actor=actor, resident_id=rid, reason="冬季慰问", items=items,
                           signed_by=more.pop("signed_by", "赵阿婆"), on=DAY, today=DAY,
                           **more)


def test_a_gift_takes_its_goods_out_and_shows_on_the_residents_page(db, admin):
    rice = add_product(db, admin, stock=5)
    oil = add_product(db, admin, "食用油", points="50", stock=3, unit="桶")
    rid = add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",))
    done = give(db, admin, rid, [(rice, 1), (oil, "2"), (rice, 1)])
    assert done.number == "AX20261120-01" and done.resident == "赵阿婆"
    assert done.signer_relation and done.units == 4
    assert (stock(db, admin, rice), stock(db, admin, oil)) == (3, 1)
    assert give(db, admin, rid, [(oil, 1)]).number == "AX20261120-02"
    summary = dayclose.day_summary(db, actor=admin, on=DAY)
    assert (summary.gifts, summary.gift_items) == (2, 5)
    with db.unit_of_work(write=False) as uow:
        lines = gifts.gifts_of(uow.session, rid)
    assert [(x.on, x.hardship) for x in lines] == [(DAY, Hardship.SUBSISTENCE.label)] * 2
    assert "大米 5kg ×2袋" in lines[1].goods and lines[1].signed_by.startswith("赵阿婆")
    # the audit names the gift, not the person
    entries = [e for e in list_audit(db, actor=admin) if e.target_kind == "shop_gift"]
    assert len(entries) == 2 and not any("赵阿婆" in e.summary for e in entries)


def test_not_enough_stock_changes_nothing(db, admin):
    rice = add_product(db, admin, stock=1)
    oil = add_product(db, admin, "食用油", points="50", stock=5)
    rid = add_elder_resident(db, admin, "赵阿婆")
    with pytest.raises(ValidationError):
        give(db, admin, rid, [(oil, 1), (rice, 2)])
    assert (stock(db, admin, rice), stock(db, admin, oil)) == (1, 5)
    assert sql(db).execute("SELECT COUNT(*) FROM shop_gifts").fetchone()[0] == 0


@pytest.mark.parametrize("kind", [rec.ResidenceEventKind.DECEASED,
                                  rec.ResidenceEventKind.MOVED_OUT])
def test_no_gift_to_a_resident_who_died_or_moved_out(db, admin, kind):
    rice = add_product(db, admin)
    rid = add_elder_resident(db, admin, "赵阿婆")
    rec.change_residence(db, actor=admin, resident_id=rid, kind=kind, on="2026-11-01",
                         destination="杭州")
    with pytest.raises(ValidationError, match="赵阿婆") as caught:
        give(db, admin, rid, [(rice, 1)])
    assert caught.value.field == "resident"
    assert stock(db, admin, rice) == 10


def test_the_input_is_checked(db, admin):
    rice = add_product(db, admin)
    rid = add_elder_resident(db, admin, "赵阿婆")
    for more, field in [({"items": []}, "items"), ({"items": [(rice, 0)]}, "quantity"),
                        ({"hardship": Hardship.OTHER, "reason": ""}, "reason"),
                        # 困难 is the kind of hardship; the reason says what this gift is for
                        ({"reason": "  "}, "reason"),
                        # a gift is signed for: by the recipient or the one taking it for them
                        ({"signed_by": ""}, "signed_by"),
                        ({"signed_by": "", "signer_relation": "女儿"}, "signed_by")]:
        with pytest.raises(ValidationError) as caught:
            gifts.give_gift(db, actor=admin, resident_id=rid,
                            hardship=more.get("hardship", Hardship.SUBSISTENCE),
                            reason=more.get("reason", "慰问"),
                            items=more.get("items", [(rice, 1)]),
                            signed_by=more.get("signed_by", "赵阿婆"),
                            signer_relation=more.get("signer_relation", ""), on=DAY,
                            today=DAY)
        assert caught.value.field == field
    with pytest.raises(ValidationError):
        gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.SUBSISTENCE,
                        reason="", items=[(rice, 1)], on=DAY + dt.timedelta(days=1),
                        today=DAY)


def test_the_hardship_is_suggested_by_the_tags(db, admin):
    poor = add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",), room="101")
    alone = add_elder_resident(db, admin, "钱大爷", tags=("living_alone",), room="102")
    none = add_elder_resident(db, admin, "孙阿姨", tags=(), room="103")
    found = {r.name: r.suggested for r in gifts.find_recipients(db, actor=admin, query="阿")}
    assert found == {"赵阿婆": Hardship.SUBSISTENCE, "孙阿姨": None}
    assert gifts.recipient(db, actor=admin, resident_id=alone).suggested \
        == Hardship.ELDERLY_ALONE
    assert gifts.recipient(db, actor=admin, resident_id=none).masked_phone == ""
    assert poor


def test_only_the_staff_give_gifts_and_a_void_puts_the_goods_back(db, admin, shop_volunteer):
    rice = add_product(db, admin, stock=5)
    rid = add_elder_resident(db, admin, "赵阿婆")
    with pytest.raises(PermissionDenied):
        give(db, shop_volunteer, rid, [(rice, 1)])
    with pytest.raises(PermissionDenied):
        gifts.find_recipients(db, actor=shop_volunteer, query="赵")
    done = give(db, admin, rid, [(rice, 2)])
    with pytest.raises(PermissionDenied):
        gifts.void_gift(db, actor=shop_volunteer, gift_id=done.id, reason="错", today=DAY)
    voided = gifts.void_gift(db, actor=admin, gift_id=done.id, reason="发错人", today=DAY)
    assert voided.voided and stock(db, admin, rice) == 5
    with pytest.raises(ValidationError, match=done.number):
        gifts.void_gift(db, actor=admin, gift_id=done.id, reason="再来", today=DAY)
    [row] = gifts.list_gifts(db, actor=admin, since=DAY, until=DAY)
    assert row.void_reason == "发错人"
    with db.unit_of_work(write=False) as uow:
        assert gifts.gifts_of(uow.session, rid) == []
