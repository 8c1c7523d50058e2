"""The shop's settings: the float in the cash drawer each morning, whether the till offers a
receipt and on what paper (80 mm till roll or A6), how many days ahead expiring food is shown,
the stock below which a product is "running low". One JSON value (``shop``) in the centre's
settings table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import write_setting
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop import SHOP
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Setting
from neighborcenter.storage.uow import UnitOfWork

KEY = "shop"
RECEIPT_PAPERS = ("80mm", "a6")


@dataclass(frozen=True)
class ShopSettings:
    opening_fen: int = 20_000  # 备用金: ¥200 in the drawer when the day begins
    receipts: bool = False  # offer a printed receipt after each sale
    receipt_paper: str = "80mm"
    expiry_days: int = 7  # food expiring within this many days is shown
    low_stock: int = 3  # a product with less is "running low"

    def to_json(self) -> dict:
        return asdict(self)


def _from_json(data: dict) -> ShopSettings:
    base = ShopSettings()
    return ShopSettings(**{k: type(getattr(base, k))(v) for k, v in data.items()
                           if hasattr(base, k)})


def shop_settings(session: Session) -> ShopSettings:
    row = session.get(Setting, KEY)
    return ShopSettings() if row is None else _from_json(json.loads(row.value))


@reads
def get_shop_settings(uow: UnitOfWork, *, actor: Actor) -> ShopSettings:
    actor.require(Permission.USE_SHOP)
    with uow:
        return shop_settings(uow.session)


def validate(settings: ShopSettings) -> ShopSettings:
    if not 0 <= settings.opening_fen <= 1_000_000:
        raise ValidationError(_("The float is between 0 and 10000 yuan."), field="opening")
    if settings.receipt_paper not in RECEIPT_PAPERS:
        raise ValidationError(_("Choose the receipt paper: 80 mm roll or A6."),
                              field="receipt_paper")
    if not 0 <= settings.expiry_days <= 90:
        raise ValidationError(_("Show expiring food 0 to 90 days ahead."), field="expiry_days")
    if not 0 <= settings.low_stock <= 1000:
        raise ValidationError(_("\"Running low\" is a stock from 0 to 1000."),
                              field="low_stock")
    return settings


@writes
def save_shop_settings(uow: UnitOfWork, *, actor: Actor, settings: ShopSettings) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    settings = validate(settings)
    with uow:
        write_setting(uow.session, KEY, settings.to_json())
        finish(uow, actor, AuditAction.UPDATE, target_kind="settings",
               summary=Msg(N_("Changed the shop's settings")), changed=(SHOP,))
