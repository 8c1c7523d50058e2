"""Tests of the 匠心坊 shop. The helpers make the goods and customers most tests start from
through the public services, as the staff would."""

from __future__ import annotations

import itertools

from neighborcenter.features.shop import goods
from neighborcenter.features.shop.rules import Shelf
from neighborcenter.features.volunteers import ledger, people
from tests.features.volunteers import add_volunteer

_keys = itertools.count(1)


def add_product(db, actor, name: str = "大米 5kg", *, shelf: Shelf = Shelf.POINTS,
                price: str = "", points: str = "120", stock: int = 10, food: bool = False,
                expires: str | None = None, barcode: str = "", unit: str = "袋") -> str:
    pid = goods.save_product(db, actor=actor, form=goods.ProductForm(
        shelf=shelf, name=name, barcode=barcode, unit=unit, price=price, points=points,
        food=food))
    if stock:
        goods.receive_goods(db, actor=actor, product_id=pid, quantity=stock,
                            expires_on=expires)
    return pid


def volunteer_with_points(db, actor, name: str = "王秀英", points: int = 500,
                          phone: str = "13812345678") -> str:
    """A volunteer and their points; the card's number."""
    vid = add_volunteer(db, actor, name, phone=phone)
    if points:
        ledger.adjust_points(db, actor=actor, volunteer_id=vid, points=points,
                             reason="测试积分", request_key=f"test:{next(_keys)}")
    return people.list_volunteers(db, actor=actor, query=name)[0].number


def key() -> str:
    return f"sale-{next(_keys)}"
